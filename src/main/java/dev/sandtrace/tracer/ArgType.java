package dev.sandtrace.tracer;

/** How one syscall argument is decoded; the parameter of a signature entry qualifies some kinds. */
enum ArgType {
    /** int, signed decimal. */
    INT,
    /** uid_t / gid_t: unsigned decimal, -1 as -1 (strace's "no change"). */
    UID,
    /** unsigned int, decimal: the low 32 bits. */
    UINT,
    /** unsigned int in hex (a flag word no table names), 0 as 0: the low 32 bits. */
    XINT,
    /** long, signed decimal. */
    LONG,
    /** size_t / unsigned long, decimal. */
    ULONG,
    /** unsigned, hex. */
    HEX,
    /** pointer: hex, NULL for 0. */
    PTR,
    /** file descriptor. */
    FD,
    /** dirfd: AT_FDCWD or an fd. */
    DIRFD,
    /** NUL-terminated path. */
    PATH,
    /** input buffer whose length is argument {@code param}. */
    BUF_IN,
    /** output buffer whose length is the return value; decoded at exit. */
    BUF_OUT,
    /** NUL-terminated string (not a path), truncated at -s. */
    STRING,
    OPEN_FLAGS,
    /** O_CLOEXEC-style flags of pipe2, dup3, epoll_create1: open flags without an access mode. */
    FD_FLAGS,
    /** a named constant from {@link Enums}, table name in the parameter. */
    ENUM,
    /** socket protocol: IPPROTO_* for inet domains (domain in argument {@code param}), a number otherwise. */
    PROTOCOL,
    /** mode of open/openat: shown only with O_CREAT or O_TMPFILE in the flags argument {@code param}. */
    OPEN_MODE,
    /** file mode in octal. */
    MODE,
    ACCESS_MODE,
    AT_FLAGS,
    PROT,
    MMAP_FLAGS,
    CLONE_FLAGS,
    ARGV,
    ENVP,
    /** sockaddr input, length in argument {@code param}. */
    SOCKADDR,
    /** sockaddr output, length pointer in argument {@code param}; decoded at exit. */
    SOCKADDR_OUT,
    SOCK_DOMAIN,
    SOCK_TYPE,
    SIGNAL,
    /** int[2] written by pipe/pipe2/socketpair, decoded at exit. */
    FD_PAIR,
    /** decoded by the {@link ArgDecoder} the signature names. */
    DECODER,
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;
import dev.sandtrace.linux.Arch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Argument names (as in the man pages) and types of the syscalls decoder v1 knows, plus each
 * syscall's category. Syscalls without an entry are shown with six raw hex arguments.
 */
final class Signatures {
    /** {@code param}: an argument index (BUF_IN, SOCKADDR, OPEN_MODE...) or an enum table name (ENUM). */
    record Arg(String name, ArgType type, String param) {
        int index() {
            return Integer.parseInt(param);
        }
    }

    /** {@code hexReturn}: the return value is an address (mmap, brk). */
    record Signature(String name, Arg[] args, boolean hexReturn, Category category) {
        /** The argument names, in order (derived once: the tracer needs them for every event). */
        List<String> argNames() {
            return NAMES.computeIfAbsent(name, n -> java.util.Arrays.stream(args).map(Arg::name).toList());
        }
    }

    private static final Map<String, List<String>> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Map<String, Signature> BY_NAME = new HashMap<>();

    private static void sig(String name, Category category, String... args) {
        define(name, false, category, args);
    }

    private static void define(String name, boolean hexReturn, Category category, String... args) {
        Arg[] parsed = new Arg[args.length];
        for (int i = 0; i < args.length; i++) {
            String[] parts = args[i].split(":");
            ArgType type = ArgType.valueOf(parts[1]);
            String param = parts.length > 2 ? parts[2] : null;
            if (type == ArgType.ENUM && !Enums.exists(param)) throw new IllegalStateException(name + ": no enum " + param);
            parsed[i] = new Arg(parts[0], type, param);
        }
        BY_NAME.put(name, new Signature(name, parsed, hexReturn, category));
    }

    static {
        Category R = Category.FILE_READ, W = Category.FILE_WRITE, M = Category.FILE_METADATA, D = Category.DIRECTORY,
                P = Category.PROCESS, N = Category.NETWORK, MEM = Category.MEMORY, S = Category.SIGNAL,
                I = Category.IPC, SYS = Category.SYSTEM;
        // files: open/read/write
        sig("open", R, "pathname:PATH", "flags:OPEN_FLAGS", "mode:OPEN_MODE:1");
        sig("openat", R, "dirfd:DIRFD", "pathname:PATH", "flags:OPEN_FLAGS", "mode:OPEN_MODE:2");
        sig("openat2", R, "dirfd:DIRFD", "pathname:PATH", "how:PTR", "size:ULONG");
        sig("creat", W, "pathname:PATH", "mode:MODE");
        sig("close", R, "fd:FD");
        sig("close_range", R, "first:INT", "last:INT", "flags:HEX");
        sig("read", R, "fd:FD", "buf:BUF_OUT", "count:ULONG");
        sig("pread64", R, "fd:FD", "buf:BUF_OUT", "count:ULONG", "offset:LONG");
        sig("write", W, "fd:FD", "buf:BUF_IN:2", "count:ULONG");
        sig("pwrite64", W, "fd:FD", "buf:BUF_IN:2", "count:ULONG", "offset:LONG");
        sig("readv", R, "fd:FD", "iov:PTR", "iovcnt:INT");
        sig("writev", W, "fd:FD", "iov:PTR", "iovcnt:INT");
        sig("lseek", R, "fd:FD", "offset:LONG", "whence:ENUM:whence");
        sig("dup", R, "oldfd:FD");
        sig("dup2", R, "oldfd:FD", "newfd:FD");
        sig("dup3", R, "oldfd:FD", "newfd:FD", "flags:FD_FLAGS");
        sig("pipe", I, "pipefd:FD_PAIR");
        sig("pipe2", I, "pipefd:FD_PAIR", "flags:FD_FLAGS");
        sig("fcntl", R, "fd:FD", "cmd:ENUM:fcntl", "arg:HEX");
        sig("ioctl", SYS, "fd:FD", "request:HEX", "argp:PTR");
        sig("sendfile", W, "out_fd:FD", "in_fd:FD", "offset:PTR", "count:ULONG");
        sig("ftruncate", W, "fd:FD", "length:LONG");
        sig("truncate", W, "path:PATH", "length:LONG");
        sig("fsync", W, "fd:FD");
        sig("fdatasync", W, "fd:FD");
        sig("flock", W, "fd:FD", "operation:ENUM:flock");
        // metadata
        sig("stat", M, "pathname:PATH", "statbuf:PTR");
        sig("lstat", M, "pathname:PATH", "statbuf:PTR");
        sig("fstat", M, "fd:FD", "statbuf:PTR");
        sig("newfstatat", M, "dirfd:DIRFD", "pathname:PATH", "statbuf:PTR", "flags:AT_FLAGS");
        sig("statx", M, "dirfd:DIRFD", "pathname:PATH", "flags:AT_FLAGS", "mask:HEX", "statxbuf:PTR");
        sig("access", M, "pathname:PATH", "mode:ACCESS_MODE");
        sig("faccessat", M, "dirfd:DIRFD", "pathname:PATH", "mode:ACCESS_MODE");
        sig("faccessat2", M, "dirfd:DIRFD", "pathname:PATH", "mode:ACCESS_MODE", "flags:AT_FLAGS");
        sig("readlink", M, "pathname:PATH", "buf:BUF_OUT", "bufsiz:ULONG");
        sig("readlinkat", M, "dirfd:DIRFD", "pathname:PATH", "buf:BUF_OUT", "bufsiz:ULONG");
        sig("chmod", M, "pathname:PATH", "mode:MODE");
        sig("fchmod", M, "fd:FD", "mode:MODE");
        sig("fchmodat", M, "dirfd:DIRFD", "pathname:PATH", "mode:MODE");
        sig("chown", M, "pathname:PATH", "owner:INT", "group:INT");
        sig("fchown", M, "fd:FD", "owner:INT", "group:INT");
        sig("lchown", M, "pathname:PATH", "owner:INT", "group:INT");
        sig("fchownat", M, "dirfd:DIRFD", "pathname:PATH", "owner:INT", "group:INT", "flags:AT_FLAGS");
        sig("utimensat", M, "dirfd:DIRFD", "pathname:PATH", "times:PTR", "flags:AT_FLAGS");
        sig("getxattr", M, "path:PATH", "name:STRING", "value:PTR", "size:ULONG");
        sig("lgetxattr", M, "path:PATH", "name:STRING", "value:PTR", "size:ULONG");
        sig("statfs", M, "path:PATH", "buf:PTR");
        sig("fstatfs", M, "fd:FD", "buf:PTR");
        sig("umask", M, "mask:MODE");
        // directories and names
        sig("getdents64", D, "fd:FD", "dirp:PTR", "count:ULONG");
        sig("getdents", D, "fd:FD", "dirp:PTR", "count:ULONG");
        sig("mkdir", D, "pathname:PATH", "mode:MODE");
        sig("mkdirat", D, "dirfd:DIRFD", "pathname:PATH", "mode:MODE");
        sig("rmdir", D, "pathname:PATH");
        sig("unlink", W, "pathname:PATH");
        sig("unlinkat", W, "dirfd:DIRFD", "pathname:PATH", "flags:AT_FLAGS");
        sig("rename", W, "oldpath:PATH", "newpath:PATH");
        sig("renameat", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH");
        sig("renameat2", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH", "flags:HEX");
        sig("link", W, "oldpath:PATH", "newpath:PATH");
        sig("linkat", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH", "flags:AT_FLAGS");
        sig("symlink", W, "target:PATH", "linkpath:PATH");
        sig("symlinkat", W, "target:PATH", "newdirfd:DIRFD", "linkpath:PATH");
        sig("chdir", D, "path:PATH");
        sig("fchdir", D, "fd:FD");
        sig("getcwd", D, "buf:BUF_OUT", "size:ULONG");
        sig("chroot", D, "path:PATH");
        // processes
        sig("execve", P, "pathname:PATH", "argv:ARGV", "envp:ENVP");
        sig("execveat", P, "dirfd:DIRFD", "pathname:PATH", "argv:ARGV", "envp:ENVP", "flags:AT_FLAGS");
        sig("clone", P, "flags:CLONE_FLAGS", "stack:PTR", "parent_tid:PTR", "child_tid:PTR", "tls:PTR");
        sig("clone3", P, "cl_args:PTR", "size:ULONG");
        sig("fork", P);
        sig("vfork", P);
        sig("exit", P, "status:INT");
        sig("exit_group", P, "status:INT");
        sig("wait4", P, "pid:INT", "wstatus:PTR", "options:HEX", "rusage:PTR");
        sig("waitid", P, "idtype:INT", "id:INT", "infop:PTR", "options:HEX", "rusage:PTR");
        sig("getpid", P);
        sig("getppid", P);
        sig("gettid", P);
        sig("getuid", P);
        sig("geteuid", P);
        sig("getgid", P);
        sig("getegid", P);
        sig("setuid", P, "uid:INT");
        sig("setgid", P, "gid:INT");
        sig("setsid", P);
        sig("setpgid", P, "pid:INT", "pgid:INT");
        sig("getpgrp", P);
        sig("getpgid", P, "pid:INT");
        sig("prctl", P, "option:INT", "arg2:HEX", "arg3:HEX", "arg4:HEX", "arg5:HEX");
        sig("arch_prctl", P, "code:ENUM:arch_prctl", "addr:HEX");
        sig("set_tid_address", P, "tidptr:PTR");
        sig("set_robust_list", P, "head:PTR", "len:ULONG");
        sig("rseq", P, "rseq:PTR", "rseq_len:HEX", "flags:HEX", "sig:HEX");
        sig("prlimit64", P, "pid:INT", "resource:ENUM:rlimit", "new_limit:PTR", "old_limit:PTR");
        sig("getrlimit", P, "resource:ENUM:rlimit", "rlim:PTR");
        sig("sched_yield", P);
        sig("sched_getaffinity", P, "pid:INT", "cpusetsize:ULONG", "mask:PTR");
        sig("uname", SYS, "buf:PTR");
        sig("getrandom", SYS, "buf:PTR", "buflen:ULONG", "flags:HEX");
        sig("sysinfo", SYS, "info:PTR");
        sig("nanosleep", SYS, "req:PTR", "rem:PTR");
        sig("clock_nanosleep", SYS, "clockid:ENUM:clock", "flags:HEX", "request:PTR", "remain:PTR");
        sig("clock_gettime", SYS, "clockid:ENUM:clock", "tp:PTR");
        sig("gettimeofday", SYS, "tv:PTR", "tz:PTR");
        sig("futex", I, "uaddr:PTR", "futex_op:ENUM:futex", "val:INT", "timeout:PTR", "uaddr2:PTR", "val3:INT");
        sig("pause", S);
        // memory
        define("mmap", true, MEM, "addr:PTR", "length:ULONG", "prot:PROT", "flags:MMAP_FLAGS", "fd:FD", "offset:HEX");
        sig("munmap", MEM, "addr:PTR", "length:ULONG");
        sig("mprotect", MEM, "addr:PTR", "len:ULONG", "prot:PROT");
        define("mremap", true, MEM, "old_address:PTR", "old_size:ULONG", "new_size:ULONG", "flags:HEX", "new_address:PTR");
        define("brk", true, MEM, "addr:PTR");
        sig("madvise", MEM, "addr:PTR", "length:ULONG", "advice:ENUM:madvise");
        sig("mlock", MEM, "addr:PTR", "len:ULONG");
        sig("memfd_create", MEM, "name:STRING", "flags:HEX");
        // signals
        sig("kill", S, "pid:INT", "sig:SIGNAL");
        sig("tkill", S, "tid:INT", "sig:SIGNAL");
        sig("tgkill", S, "tgid:INT", "tid:INT", "sig:SIGNAL");
        sig("rt_sigaction", S, "signum:SIGNAL", "act:PTR", "oldact:PTR", "sigsetsize:ULONG");
        sig("rt_sigprocmask", S, "how:ENUM:sigprocmask", "set:PTR", "oldset:PTR", "sigsetsize:ULONG");
        sig("rt_sigreturn", S);
        sig("rt_sigsuspend", S, "mask:PTR", "sigsetsize:ULONG");
        sig("sigaltstack", S, "ss:PTR", "old_ss:PTR");
        sig("alarm", S, "seconds:INT");
        // network
        sig("socket", N, "domain:SOCK_DOMAIN", "type:SOCK_TYPE", "protocol:PROTOCOL:0");
        sig("socketpair", N, "domain:SOCK_DOMAIN", "type:SOCK_TYPE", "protocol:INT", "sv:FD_PAIR");
        sig("connect", N, "sockfd:FD", "addr:SOCKADDR:2", "addrlen:INT");
        sig("bind", N, "sockfd:FD", "addr:SOCKADDR:2", "addrlen:INT");
        sig("listen", N, "sockfd:FD", "backlog:INT");
        sig("accept", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR");
        sig("accept4", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR", "flags:SOCK_TYPE");
        sig("getsockname", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR");
        sig("getpeername", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR");
        sig("sendto", N, "sockfd:FD", "buf:BUF_IN:2", "len:ULONG", "flags:HEX", "dest_addr:SOCKADDR:5", "addrlen:INT");
        sig("recvfrom", N, "sockfd:FD", "buf:BUF_OUT", "len:ULONG", "flags:HEX", "src_addr:PTR", "addrlen:PTR");
        sig("sendmsg", N, "sockfd:FD", "msg:PTR", "flags:HEX");
        sig("recvmsg", N, "sockfd:FD", "msg:PTR", "flags:HEX");
        sig("shutdown", N, "sockfd:FD", "how:ENUM:shutdown");
        sig("setsockopt", N, "sockfd:FD", "level:INT", "optname:INT", "optval:PTR", "optlen:INT");
        sig("getsockopt", N, "sockfd:FD", "level:INT", "optname:INT", "optval:PTR", "optlen:PTR");
        // polling and ipc
        sig("poll", I, "fds:PTR", "nfds:ULONG", "timeout:INT");
        sig("ppoll", I, "fds:PTR", "nfds:ULONG", "tmo_p:PTR", "sigmask:PTR", "sigsetsize:ULONG");
        sig("select", I, "nfds:INT", "readfds:PTR", "writefds:PTR", "exceptfds:PTR", "timeout:PTR");
        sig("pselect6", I, "nfds:INT", "readfds:PTR", "writefds:PTR", "exceptfds:PTR", "timeout:PTR", "sigmask:PTR");
        sig("epoll_create1", I, "flags:FD_FLAGS");
        sig("epoll_ctl", I, "epfd:FD", "op:ENUM:epoll_ctl", "fd:FD", "event:PTR");
        sig("epoll_wait", I, "epfd:FD", "events:PTR", "maxevents:INT", "timeout:INT");
        sig("epoll_pwait", I, "epfd:FD", "events:PTR", "maxevents:INT", "timeout:INT", "sigmask:PTR", "sigsetsize:ULONG");
        sig("eventfd2", I, "initval:INT", "flags:FD_FLAGS");
        // privileged and sandbox-relevant
        sig("mount", SYS, "source:PATH", "target:PATH", "filesystemtype:STRING", "mountflags:HEX", "data:PTR");
        sig("umount2", SYS, "target:PATH", "flags:HEX");
        sig("unshare", SYS, "flags:CLONE_FLAGS");
        sig("setns", SYS, "fd:FD", "nstype:CLONE_FLAGS");
        sig("ptrace", SYS, "request:ENUM:ptrace", "pid:INT", "addr:PTR", "data:PTR");
        sig("seccomp", SYS, "operation:INT", "flags:HEX", "args:PTR");
        sig("sethostname", SYS, "name:BUF_IN:1", "len:ULONG");
        sig("pivot_root", SYS, "new_root:PATH", "put_old:PATH");
        sig("reboot", SYS, "magic:HEX", "magic2:HEX", "cmd:HEX", "arg:PTR");
    }

    /** The signature for each syscall number of {@code arch}; null where decoder v1 has none. */
    static Signature[] table(Arch arch) {
        Signature[] out = new Signature[arch.maxSyscall() + 1];
        for (int nr = 0; nr < out.length; nr++) out[nr] = BY_NAME.get(arch.syscallName(nr));
        return out;
    }

    static Signature byName(String name) {
        return BY_NAME.get(name);
    }
}

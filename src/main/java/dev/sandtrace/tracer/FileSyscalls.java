package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Files: open, read, write, metadata, directories and names. */
final class FileSyscalls {
    private FileSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category D = Category.DIRECTORY, I = Category.IPC, M = Category.FILE_METADATA, R = Category.FILE_READ, SYS = Category.SYSTEM, W = Category.FILE_WRITE;
        r.sig("open", R, "pathname:PATH", "flags:OPEN_FLAGS", "mode:OPEN_MODE:1");
        r.sig("openat", R, "dirfd:DIRFD", "pathname:PATH", "flags:OPEN_FLAGS", "mode:OPEN_MODE:2");
        r.sig("openat2", R, "dirfd:DIRFD", "pathname:PATH", "how:PTR", "size:ULONG");
        r.sig("creat", W, "pathname:PATH", "mode:MODE");
        r.sig("close", R, "fd:FD");
        r.sig("close_range", R, "first:INT", "last:INT", "flags:HEX");
        r.sig("read", R, "fd:FD", "buf:BUF_OUT", "count:ULONG");
        r.sig("pread64", R, "fd:FD", "buf:BUF_OUT", "count:ULONG", "offset:LONG");
        r.sig("write", W, "fd:FD", "buf:BUF_IN:2", "count:ULONG");
        r.sig("pwrite64", W, "fd:FD", "buf:BUF_IN:2", "count:ULONG", "offset:LONG");
        r.sig("readv", R, "fd:FD", "iov:PTR", "iovcnt:INT");
        r.sig("writev", W, "fd:FD", "iov:PTR", "iovcnt:INT");
        r.sig("lseek", R, "fd:FD", "offset:LONG", "whence:ENUM:whence");
        r.sig("dup", R, "oldfd:FD");
        r.sig("dup2", R, "oldfd:FD", "newfd:FD");
        r.sig("dup3", R, "oldfd:FD", "newfd:FD", "flags:FD_FLAGS");
        r.sig("pipe", I, "pipefd:FD_PAIR");
        r.sig("pipe2", I, "pipefd:FD_PAIR", "flags:FD_FLAGS");
        r.sig("fcntl", R, "fd:FD", "cmd:ENUM:fcntl", "arg:HEX");
        r.sig("ioctl", SYS, "fd:FD", "request:HEX", "argp:PTR");
        r.sig("sendfile", W, "out_fd:FD", "in_fd:FD", "offset:PTR", "count:ULONG");
        r.sig("ftruncate", W, "fd:FD", "length:LONG");
        r.sig("truncate", W, "path:PATH", "length:LONG");
        r.sig("fsync", W, "fd:FD");
        r.sig("fdatasync", W, "fd:FD");
        r.sig("flock", W, "fd:FD", "operation:ENUM:flock");
        r.sig("stat", M, "pathname:PATH", "statbuf:PTR");
        r.sig("lstat", M, "pathname:PATH", "statbuf:PTR");
        r.sig("fstat", M, "fd:FD", "statbuf:PTR");
        r.sig("newfstatat", M, "dirfd:DIRFD", "pathname:PATH", "statbuf:PTR", "flags:AT_FLAGS");
        r.sig("statx", M, "dirfd:DIRFD", "pathname:PATH", "flags:AT_FLAGS", "mask:HEX", "statxbuf:PTR");
        r.sig("access", M, "pathname:PATH", "mode:ACCESS_MODE");
        r.sig("faccessat", M, "dirfd:DIRFD", "pathname:PATH", "mode:ACCESS_MODE");
        r.sig("faccessat2", M, "dirfd:DIRFD", "pathname:PATH", "mode:ACCESS_MODE", "flags:AT_FLAGS");
        r.sig("readlink", M, "pathname:PATH", "buf:BUF_OUT", "bufsiz:ULONG");
        r.sig("readlinkat", M, "dirfd:DIRFD", "pathname:PATH", "buf:BUF_OUT", "bufsiz:ULONG");
        r.sig("chmod", M, "pathname:PATH", "mode:MODE");
        r.sig("fchmod", M, "fd:FD", "mode:MODE");
        r.sig("fchmodat", M, "dirfd:DIRFD", "pathname:PATH", "mode:MODE");
        r.sig("chown", M, "pathname:PATH", "owner:INT", "group:INT");
        r.sig("fchown", M, "fd:FD", "owner:INT", "group:INT");
        r.sig("lchown", M, "pathname:PATH", "owner:INT", "group:INT");
        r.sig("fchownat", M, "dirfd:DIRFD", "pathname:PATH", "owner:INT", "group:INT", "flags:AT_FLAGS");
        r.sig("utimensat", M, "dirfd:DIRFD", "pathname:PATH", "times:PTR", "flags:AT_FLAGS");
        r.sig("getxattr", M, "path:PATH", "name:STRING", "value:PTR", "size:ULONG");
        r.sig("lgetxattr", M, "path:PATH", "name:STRING", "value:PTR", "size:ULONG");
        r.sig("statfs", M, "path:PATH", "buf:PTR");
        r.sig("fstatfs", M, "fd:FD", "buf:PTR");
        r.sig("umask", M, "mask:MODE");
        r.sig("getdents64", D, "fd:FD", "dirp:PTR", "count:ULONG");
        r.sig("getdents", D, "fd:FD", "dirp:PTR", "count:ULONG");
        r.sig("mkdir", D, "pathname:PATH", "mode:MODE");
        r.sig("mkdirat", D, "dirfd:DIRFD", "pathname:PATH", "mode:MODE");
        r.sig("rmdir", D, "pathname:PATH");
        r.sig("unlink", W, "pathname:PATH");
        r.sig("unlinkat", W, "dirfd:DIRFD", "pathname:PATH", "flags:AT_FLAGS");
        r.sig("rename", W, "oldpath:PATH", "newpath:PATH");
        r.sig("renameat", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH");
        r.sig("renameat2", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH", "flags:HEX");
        r.sig("link", W, "oldpath:PATH", "newpath:PATH");
        r.sig("linkat", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH", "flags:AT_FLAGS");
        r.sig("symlink", W, "target:PATH", "linkpath:PATH");
        r.sig("symlinkat", W, "target:PATH", "newdirfd:DIRFD", "linkpath:PATH");
        r.sig("chdir", D, "path:PATH");
        r.sig("fchdir", D, "fd:FD");
        r.sig("getcwd", D, "buf:BUF_OUT", "size:ULONG");
        r.sig("chroot", D, "path:PATH");
    }
}

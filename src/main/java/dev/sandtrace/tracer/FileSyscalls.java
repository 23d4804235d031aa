package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files: open, read, write, metadata, directories and names. The structs of this area are
 * decoded by {@link StatStructs}, {@link Iovecs}, {@link Fcntl} and {@link Ioctls}; the small
 * ones here: {@code struct open_how} (openat2(2)), utimensat(2)'s {@code timespec[2]}, loff_t
 * offsets (sendfile(2), splice(2), copy_file_range(2)) and getdents64(2)'s entry count.
 */
final class FileSyscalls {
    private FileSyscalls() {}

    private static final FlagSet CLOSE_RANGE = new FlagSet("0").add("CLOSE_RANGE_UNSHARE", 2).add("CLOSE_RANGE_CLOEXEC", 4);
    private static final FlagSet FALLOC = new FlagSet("0").add("FALLOC_FL_KEEP_SIZE", 1).add("FALLOC_FL_PUNCH_HOLE", 2)
            .add("FALLOC_FL_NO_HIDE_STALE", 4).add("FALLOC_FL_COLLAPSE_RANGE", 8).add("FALLOC_FL_ZERO_RANGE", 0x10)
            .add("FALLOC_FL_INSERT_RANGE", 0x20).add("FALLOC_FL_UNSHARE_RANGE", 0x40);
    private static final FlagSet SPLICE = new FlagSet("0").add("SPLICE_F_MOVE", 1).add("SPLICE_F_NONBLOCK", 2)
            .add("SPLICE_F_MORE", 4).add("SPLICE_F_GIFT", 8);
    private static final FlagSet RENAME = new FlagSet("0").add("RENAME_NOREPLACE", 1).add("RENAME_EXCHANGE", 2)
            .add("RENAME_WHITEOUT", 4);
    private static final FlagSet XATTR = new FlagSet("0").add("XATTR_CREATE", 1).add("XATTR_REPLACE", 2);
    /** faccessat2's flags: 0x200 is AT_EACCESS here, not AT_REMOVEDIR. */
    private static final FlagSet FACCESSAT = new FlagSet("0").add("AT_SYMLINK_NOFOLLOW", 0x100).add("AT_EACCESS", 0x200)
            .add("AT_EMPTY_PATH", 0x1000);
    private static final FlagSet RESOLVE = new FlagSet("0").add("RESOLVE_NO_XDEV", 1).add("RESOLVE_NO_MAGICLINKS", 2)
            .add("RESOLVE_NO_SYMLINKS", 4).add("RESOLVE_BENEATH", 8).add("RESOLVE_IN_ROOT", 0x10).add("RESOLVE_CACHED", 0x20);
    private static final FlagSet RWF = new FlagSet("0").add("RWF_HIPRI", 1).add("RWF_DSYNC", 2).add("RWF_SYNC", 4)
            .add("RWF_NOWAIT", 8).add("RWF_APPEND", 0x10);

    private static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    /** Argument and return decoders this area defines (registered before any signature). */
    private static final FlagSet FSOPEN = new FlagSet("0").add("FSOPEN_CLOEXEC", 1);
    private static final FlagSet SYNC_FILE_RANGE = new FlagSet("0").add("SYNC_FILE_RANGE_WAIT_BEFORE", 1)
            .add("SYNC_FILE_RANGE_WRITE", 2).add("SYNC_FILE_RANGE_WAIT_AFTER", 4);

    static void decoders(Signatures.Registry r) {
        r.decoder("fsopen_flags", Decoder.flags(FSOPEN, "FSOPEN_"));
        r.decoder("sync_file_range_flags", Decoder.flags(SYNC_FILE_RANGE, "SYNC_FILE_RANGE_"));
        StatStructs.decoders(r);
        Iovecs.decoders(r);
        Fcntl.decoders(r);
        Ioctls.decoders(r);
        r.decoder("close_range_flags", flags(CLOSE_RANGE, "CLOSE_RANGE_"));
        r.decoder("falloc_mode", flags(FALLOC, "FALLOC_FL_"));
        r.decoder("splice_flags", flags(SPLICE, "SPLICE_F_"));
        r.decoder("rename_flags", flags(RENAME, "RENAME_"));
        r.decoder("xattr_flags", flags(XATTR, "XATTR_"));
        r.decoder("faccessat_flags", flags(FACCESSAT, "AT_"));
        r.decoder("rwf_flags", flags(RWF, "RWF_"));
        r.decoder("file_mode", (d, pid, v, raw) -> StatStructs.mode(v & 0177777)); // mode_t as strace prints it
        r.decoder("mknod_dev", device(1));
        r.decoder("mknodat_dev", device(2));
        r.decoder("open_how", ArgDecoder.in((d, pid, v, raw) -> openHow(d, pid, v)));
        r.decoder("utimens", ArgDecoder.in((d, pid, v, raw) -> utimens(d, pid, v)));
        r.decoder("loff", ArgDecoder.in((d, pid, v, raw) -> loff(d, pid, v)));
        r.decoder("loff_update", LOFF_UPDATE);
        r.decoder("dirents64", ArgDecoder.out((d, pid, v, raw, ret) -> dirents(d, pid, v, ret)));
        r.decoder("cwd", ArgDecoder.out((d, pid, v, raw, ret) -> d.path(pid, v)));
    }

    private static ArgDecoder flags(FlagSet set, String prefix) {
        return Decoder.flags(set, prefix);
    }

    /** mknod's dev: only for character and block devices, as makedev(); the mode is argument {@code modeArg}. */
    private static ArgDecoder device(int modeArg) {
        return (d, pid, v, raw) -> StatStructs.isDevice(raw[modeArg]) ? StatStructs.makedev(v) : Decoder.OMITTED;
    }

    /** {@code {flags=O_WRONLY|O_CREAT, mode=0600, resolve=RESOLVE_BENEATH}}: mode only when it matters or is set. */
    private static Arg openHow(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 24);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        long flags = b.getLong(0), mode = b.getLong(8), resolve = b.getLong(16);
        f.put("flags", new Arg.Sym(Flags.openFlags(flags), flags));
        if ((flags & (Flags.O_CREAT | Flags.O_TMPFILE)) != 0 || mode != 0) f.put("mode", new Arg.Octal(mode));
        f.put("resolve", new Arg.Sym(RESOLVE.render(resolve), resolve));
        return new Arg.Struct(f);
    }

    /** {@code [UTIME_NOW, {tv_sec=1, tv_nsec=0} /* 1970-01-01T00:00:01+0000 *\/]}. */
    private static Arg utimens(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 32);
        if (b == null) return Decoder.unreadable(address);
        List<Arg> times = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            long sec = b.getLong(16 * i), nsec = b.getLong(16 * i + 8);
            if (nsec == UTIME_NOW) times.add(new Arg.Sym("UTIME_NOW", nsec));
            else if (nsec == UTIME_OMIT) times.add(new Arg.Sym("UTIME_OMIT", nsec));
            else times.add(dated(CommonStructs.timespec(d, pid, address + 16 * i), sec, nsec));
        }
        return new Arg.Array(times, 0);
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("xx");

    /** strace's comment after a time: local date and time, nanoseconds when not 0, UTC offset; none for 0. */
    private static Arg dated(Arg time, long sec, long nsec) {
        if ((sec == 0 && nsec == 0) || nsec < 0 || nsec > 999_999_999) return time;
        try {
            var t = Instant.ofEpochSecond(sec).atZone(ZoneId.systemDefault());
            String frac = nsec > 0 ? String.format(".%09d", nsec) : "";
            return new Arg.Commented(time, DATE.format(t) + frac + ZONE.format(t));
        } catch (java.time.DateTimeException beyondTheCalendar) {
            return time; // a year no calendar holds: strace prints no date either
        }
    }

    /** A loff_t read at entry: {@code [1]}. */
    private static Arg loff(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 8);
        return b == null ? Decoder.unreadable(address) : new Arg.Array(List.of(new Arg.Num(b.getLong(0))), 0);
    }

    /** sendfile's offset, which the kernel advances: {@code [2] => [7]} after a transfer. */
    private static final ArgDecoder LOFF_UPDATE = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return v == 0 ? Decoder.pointer(0) : loff(d, pid, v);
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (error || ret == 0 || !(atEntry instanceof Arg.Array before)) return atEntry;
            ByteBuffer b = d.struct(pid, v, 8);
            if (b == null) return atEntry;
            long after = b.getLong(0);
            long was = ((Arg.Num) before.items().getFirst()).value();
            return new Arg.Expr("[" + was + "] => [" + after + "]", after);
        }
    };

    /** getdents64's buffer, abbreviated to its address and entry count ({@code 0x... /* 4 entries *\/}). */
    private static Arg dirents(Decoder d, int pid, long address, long ret) {
        byte[] buf = ret <= 0 ? new byte[0] : d.read(pid, address, (int) Math.min(ret, 1 << 20));
        if (buf == null) return Decoder.pointer(address);
        ByteBuffer b = ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int entries = 0;
        for (int at = 0; at + 18 <= buf.length; entries++) {
            int reclen = b.getShort(at + 16) & 0xffff;
            if (reclen == 0) break;
            at += reclen;
        }
        return new Arg.Count(address, entries, "entries");
    }

    static void signatures(Signatures.Registry r) {
        Category D = Category.DIRECTORY, I = Category.IPC, M = Category.FILE_METADATA, R = Category.FILE_READ, SYS = Category.SYSTEM, W = Category.FILE_WRITE;
        r.sig("open", R, "pathname:PATH", "flags:OPEN_FLAGS", "mode:OPEN_MODE:1");
        r.sig("fchmodat2", M, "dirfd:DIRFD", "pathname:PATH", "mode:MODE", "flags:AT_FLAGS");
        r.sig("futimesat", M, "dirfd:DIRFD", "pathname:PATH", "times:PTR");
        r.sig("utime", M, "filename:PATH", "times:PTR");
        r.sig("utimes", M, "filename:PATH", "times:PTR");
        r.sig("readahead", R, "fd:FD", "offset:LONG", "count:ULONG");
        r.sig("sync_file_range", W, "fd:FD", "offset:LONG", "nbytes:LONG", "flags:sync_file_range_flags");
        r.sig("fsopen", SYS, "fsname:STRING", "flags:fsopen_flags");
        r.sig("getxattrat", R, "dirfd:DIRFD", "pathname:PATH", "at_flags:AT_FLAGS", "name:STRING", "uargs:PTR", "usize:ULONG");
        r.sig("setxattrat", M, "dirfd:DIRFD", "pathname:PATH", "at_flags:AT_FLAGS", "name:STRING", "uargs:PTR", "usize:ULONG");
        r.sig("listxattrat", R, "dirfd:DIRFD", "pathname:PATH", "at_flags:AT_FLAGS", "list:PTR", "size:ULONG");
        r.sig("removexattrat", M, "dirfd:DIRFD", "pathname:PATH", "at_flags:AT_FLAGS", "name:STRING");
        r.sig("file_getattr", R, "dirfd:DIRFD", "pathname:PATH", "ufattr:PTR", "usize:ULONG", "at_flags:AT_FLAGS");
        r.sig("file_setattr", M, "dirfd:DIRFD", "pathname:PATH", "ufattr:PTR", "usize:ULONG", "at_flags:AT_FLAGS");
        r.sig("openat", R, "dirfd:DIRFD", "pathname:PATH", "flags:OPEN_FLAGS", "mode:OPEN_MODE:2");
        r.sig("openat2", R, "dirfd:DIRFD", "pathname:PATH", "how:open_how", "size:ULONG");
        r.sig("creat", W, "pathname:PATH", "mode:MODE");
        r.sig("close", R, "fd:FD");
        r.sig("close_range", R, "first:uint", "last:uint", "flags:close_range_flags");
        r.sig("read", R, "fd:FD", "buf:BUF_OUT", "count:ULONG");
        r.sig("pread64", R, "fd:FD", "buf:BUF_OUT", "count:ULONG", "offset:LONG");
        r.sig("write", W, "fd:FD", "buf:BUF_IN:2", "count:ULONG");
        r.sig("pwrite64", W, "fd:FD", "buf:BUF_IN:2", "count:ULONG", "offset:LONG");
        r.sig("readv", R, "fd:FD", "iov:iov_out", "iovcnt:INT");
        r.sig("writev", W, "fd:FD", "iov:iov_in", "iovcnt:INT");
        r.sig("preadv", R, "fd:FD", "iov:iov_out", "iovcnt:INT", "offset:LONG");
        r.sig("pwritev", W, "fd:FD", "iov:iov_in", "iovcnt:INT", "offset:LONG");
        r.sig("preadv2", R, "fd:FD", "iov:iov_out", "iovcnt:INT", "offset:LONG", "flags@5:rwf_flags");
        r.sig("pwritev2", W, "fd:FD", "iov:iov_in", "iovcnt:INT", "offset:LONG", "flags@5:rwf_flags");
        r.sig("lseek", R, "fd:FD", "offset:LONG", "whence:ENUM:whence");
        r.sig("dup", R, "oldfd:FD");
        r.sig("dup2", R, "oldfd:FD", "newfd:FD");
        r.sig("dup3", R, "oldfd:FD", "newfd:FD", "flags:FD_FLAGS");
        r.sig("pipe", I, "pipefd:FD_PAIR");
        r.sig("pipe2", I, "pipefd:FD_PAIR", "flags:FD_FLAGS");
        r.sig("fcntl", R, "fd:FD", "cmd:fcntl_cmd", "arg:fcntl_arg");
        r.returns("fcntl", Fcntl::returned);
        r.sig("ioctl", SYS, "fd:FD", "request:ioctl_request", "argp:ioctl_arg");
        r.sig("sendfile", W, "out_fd:FD", "in_fd:FD", "offset:loff_update", "count:ULONG");
        r.sig("copy_file_range", W, "fd_in:FD", "off_in:loff", "fd_out:FD", "off_out:loff", "len:ULONG", "flags:uint");
        r.sig("splice", W, "fd_in:FD", "off_in:loff", "fd_out:FD", "off_out:loff", "len:ULONG", "flags:splice_flags");
        r.sig("tee", W, "fd_in:FD", "fd_out:FD", "len:ULONG", "flags:splice_flags");
        r.sig("fallocate", W, "fd:FD", "mode:falloc_mode", "offset:LONG", "len:LONG");
        r.sig("ftruncate", W, "fd:FD", "length:LONG");
        r.sig("truncate", W, "path:PATH", "length:LONG");
        r.sig("fsync", W, "fd:FD");
        r.sig("fdatasync", W, "fd:FD");
        r.sig("sync", W);
        r.sig("syncfs", W, "fd:FD");
        r.sig("flock", W, "fd:FD", "operation:ENUM:flock");
        r.sig("stat", M, "pathname:PATH", "statbuf:stat");
        r.sig("lstat", M, "pathname:PATH", "statbuf:stat");
        r.sig("fstat", M, "fd:FD", "statbuf:stat");
        r.sig("newfstatat", M, "dirfd:DIRFD", "pathname:PATH", "statbuf:stat", "flags:AT_FLAGS");
        r.sig("statx", M, "dirfd:DIRFD", "pathname:PATH", "flags:statx_flags", "mask:statx_mask", "statxbuf:statx");
        r.sig("statfs", M, "path:PATH", "buf:statfs");
        r.sig("fstatfs", M, "fd:FD", "buf:statfs");
        r.sig("access", M, "pathname:PATH", "mode:ACCESS_MODE");
        r.sig("faccessat", M, "dirfd:DIRFD", "pathname:PATH", "mode:ACCESS_MODE");
        r.sig("faccessat2", M, "dirfd:DIRFD", "pathname:PATH", "mode:ACCESS_MODE", "flags:faccessat_flags");
        r.sig("readlink", M, "pathname:PATH", "buf:BUF_OUT", "bufsiz:ULONG");
        r.sig("readlinkat", M, "dirfd:DIRFD", "pathname:PATH", "buf:BUF_OUT", "bufsiz:ULONG");
        r.sig("chmod", M, "pathname:PATH", "mode:MODE");
        r.sig("fchmod", M, "fd:FD", "mode:MODE");
        r.sig("fchmodat", M, "dirfd:DIRFD", "pathname:PATH", "mode:MODE");
        r.sig("chown", M, "pathname:PATH", "owner:UID", "group:UID");
        r.sig("fchown", M, "fd:FD", "owner:UID", "group:UID");
        r.sig("lchown", M, "pathname:PATH", "owner:UID", "group:UID");
        r.sig("fchownat", M, "dirfd:DIRFD", "pathname:PATH", "owner:UID", "group:UID", "flags:AT_FLAGS");
        r.sig("utimensat", M, "dirfd:DIRFD", "pathname:PATH", "times:utimens", "flags:AT_FLAGS");
        for (String prefix : new String[] {"", "l"}) {
            r.sig(prefix + "setxattr", M, "path:PATH", "name:STRING", "value:BUF_IN:3", "size:ULONG", "flags:xattr_flags");
            r.sig(prefix + "getxattr", M, "path:PATH", "name:STRING", "value:BUF_OUT", "size:ULONG");
            r.sig(prefix + "listxattr", M, "path:PATH", "list:BUF_OUT", "size:ULONG");
            r.sig(prefix + "removexattr", M, "path:PATH", "name:STRING");
        }
        r.sig("fsetxattr", M, "fd:FD", "name:STRING", "value:BUF_IN:3", "size:ULONG", "flags:xattr_flags");
        r.sig("fgetxattr", M, "fd:FD", "name:STRING", "value:BUF_OUT", "size:ULONG");
        r.sig("flistxattr", M, "fd:FD", "list:BUF_OUT", "size:ULONG");
        r.sig("fremovexattr", M, "fd:FD", "name:STRING");
        r.sig("umask", M, "mask:MODE");
        r.returns("umask", (d, pid, raw, ret) -> new Arg.Octal(ret));
        r.sig("getdents64", D, "fd:FD", "dirp:dirents64", "count:UINT");
        r.sig("getdents", D, "fd:FD", "dirp:dirents64", "count:UINT");
        r.sig("mkdir", D, "pathname:PATH", "mode:MODE");
        r.sig("mkdirat", D, "dirfd:DIRFD", "pathname:PATH", "mode:MODE");
        r.sig("mknod", W, "pathname:PATH", "mode:file_mode", "dev:mknod_dev");
        r.sig("mknodat", W, "dirfd:DIRFD", "pathname:PATH", "mode:file_mode", "dev:mknodat_dev");
        r.sig("rmdir", D, "pathname:PATH");
        r.sig("unlink", W, "pathname:PATH");
        r.sig("unlinkat", W, "dirfd:DIRFD", "pathname:PATH", "flags:AT_FLAGS");
        r.sig("rename", W, "oldpath:PATH", "newpath:PATH");
        r.sig("renameat", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH");
        r.sig("renameat2", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH", "flags:rename_flags");
        r.sig("link", W, "oldpath:PATH", "newpath:PATH");
        r.sig("linkat", W, "olddirfd:DIRFD", "oldpath:PATH", "newdirfd:DIRFD", "newpath:PATH", "flags:AT_FLAGS");
        r.sig("symlink", W, "target:PATH", "linkpath:PATH");
        r.sig("symlinkat", W, "target:PATH", "newdirfd:DIRFD", "linkpath:PATH");
        r.sig("chdir", D, "path:PATH");
        r.sig("fchdir", D, "fd:FD");
        r.sig("getcwd", D, "buf:cwd", "size:ULONG");
        r.sig("chroot", D, "path:PATH");
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.linux.Signals;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fcntl(2): the third argument as each command reads it (none, an int, open flags, FD_CLOEXEC,
 * {@code struct flock}) and the return values strace explains ({@code 0x1 (flags FD_CLOEXEC)}).
 */
final class Fcntl {
    private Fcntl() {}

    private static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6,
            F_SETLKW = 7, F_SETOWN = 8, F_GETOWN = 9, F_SETSIG = 10, F_GETSIG = 11, F_SETLEASE = 1024, F_GETLEASE = 1025,
            F_NOTIFY = 1026, F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032, F_ADD_SEALS = 1033,
            F_GET_SEALS = 1034, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38, F_SETOWN_EX = 15, F_GETOWN_EX = 16;

    private static final FlagSet FD_FLAGS = new FlagSet("0").add("FD_CLOEXEC", 1);
    private static final FlagSet SEALS = new FlagSet("0").add("F_SEAL_SEAL", 1).add("F_SEAL_SHRINK", 2)
            .add("F_SEAL_GROW", 4).add("F_SEAL_WRITE", 8).add("F_SEAL_FUTURE_WRITE", 0x10).add("F_SEAL_EXEC", 0x20);
    private static final FlagSet DNOTIFY = new FlagSet("0").add("DN_ACCESS", 1).add("DN_MODIFY", 2).add("DN_CREATE", 4)
            .add("DN_DELETE", 8).add("DN_RENAME", 0x10).add("DN_ATTRIB", 0x20).add("DN_MULTISHOT", 0x80000000L);
    private static final Map<Long, String> OWNER_TYPES = Map.of(0L, "F_OWNER_TID", 1L, "F_OWNER_PID", 2L, "F_OWNER_PGRP");
    private static final Map<Long, String> LOCK_TYPES = Map.of(0L, "F_RDLCK", 1L, "F_WRLCK", 2L, "F_UNLCK", 4L, "F_EXLCK",
            8L, "F_SHLCK");

    static void decoders(Signatures.Registry r) {
        r.decoder("fcntl_cmd", (d, pid, v, raw) ->
                Decoder.symbol(Enums.name("fcntl", v & 0xffffffffL), v, new Arg.Commented(new Arg.Hex(v & 0xffffffffL, false), "F_???")));
        r.decoder("fcntl_arg", ARG);
    }

    /** What the command takes; commands without an argument print none (fcntl(3, F_GETFD)). */
    private static final ArgDecoder ARG = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return switch ((int) raw[1]) {
                case F_GETFD, F_GETFL, F_GETOWN, F_GETSIG, F_GETLEASE, F_GETPIPE_SZ, F_GET_SEALS -> Decoder.OMITTED;
                case F_DUPFD, F_DUPFD_CLOEXEC, F_SETOWN, F_SETPIPE_SZ -> new Arg.Num((int) v);
                case F_SETFD -> new Arg.Sym(FD_FLAGS.render(v & 0xffffffffL), v);
                case F_SETFL -> new Arg.Sym(Flags.openFlags(v & 0xffffffffL), v);
                case F_SETSIG -> (int) v == 0 ? new Arg.Num(0) : new Arg.Sym(Signals.name((int) v), v);
                case F_SETLEASE -> lockType(v);
                case F_NOTIFY -> new Arg.Sym(DNOTIFY.render(v & 0xffffffffL), v);
                case F_ADD_SEALS -> new Arg.Sym(SEALS.render(v & 0xffffffffL), v);
                case F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW -> flock(d, pid, v, false);
                case F_SETOWN_EX -> owner(d, pid, v);
                case F_GETLK, F_OFD_GETLK, F_GETOWN_EX -> null;
                default -> new Arg.Hex(v, false);
            };
        }

        /** F_GETLK's struct is what the kernel wrote back, l_pid included. */
        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            if (error) return Decoder.pointer(v);
            return (int) raw[1] == F_GETOWN_EX ? owner(d, pid, v) : flock(d, pid, v, true);
        }
    };

    /** {@code struct f_owner_ex}: {type=F_OWNER_PID, pid=0}. */
    private static Arg owner(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 8);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        long type = b.getInt(0);
        f.put("type", Decoder.symbol(OWNER_TYPES.get(type), type, new Arg.Num(type)));
        f.put("pid", new Arg.Num(b.getInt(4)));
        return new Arg.Struct(f);
    }

    /** {@code struct flock}: l_type, l_whence, l_start, l_len (and l_pid when the kernel filled it). */
    private static Arg flock(Decoder d, int pid, long address, boolean withPid) {
        ByteBuffer b = d.struct(pid, address, 32);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("l_type", lockType(b.getShort(0)));
        long whence = b.getShort(2);
        f.put("l_whence", Decoder.symbol(Enums.name("whence", whence), whence, new Arg.Num(whence)));
        f.put("l_start", new Arg.Num(b.getLong(8)));
        f.put("l_len", new Arg.Num(b.getLong(16)));
        if (withPid) f.put("l_pid", new Arg.Num(b.getInt(24)));
        return new Arg.Struct(f);
    }

    private static Arg lockType(long type) {
        return Decoder.symbol(LOCK_TYPES.get(type), type, new Arg.Hex(type, false));
    }

    /** The return value where strace explains it: descriptor flags, status flags, seals, a new fd. */
    static Arg returned(Decoder d, int pid, long[] raw, long ret) {
        return switch ((int) raw[1]) {
            case F_GETFD -> ret == 0 ? null : explained(ret, "flags " + FD_FLAGS.render(ret));
            case F_GETFL -> explained(ret, "flags " + Flags.openFlags(ret));
            case F_GET_SEALS -> ret == 0 ? null : explained(ret, "seals " + SEALS.render(ret));
            case F_GETLEASE -> LOCK_TYPES.containsKey(ret) ? explained(ret, LOCK_TYPES.get(ret)) : new Arg.Hex(ret, false);
            case F_GETSIG -> ret == 0 ? null : new Arg.Expr(ret + " (" + Signals.name((int) ret) + ")", ret);
            case F_DUPFD, F_DUPFD_CLOEXEC -> d.fd(pid, (int) ret);
            default -> null;
        };
    }

    /** {@code 0x8002 (flags O_RDWR|O_LARGEFILE)}: the value in hex with its meaning. */
    private static Arg explained(long ret, String meaning) {
        return new Arg.Expr((ret == 0 ? "0" : "0x" + Long.toHexString(ret)) + " (" + meaning + ")", ret);
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ioctl(2) on files and terminals (ioctl_tty(2), ioctl_fs(2)): request names, and the third
 * argument for the requests whose argument is an int or a {@code struct winsize}. Other
 * requests are shown as strace shows an unknown one, {@code _IOC(_IOC_READ, 0x12, 0x34, 0x8)}.
 */
final class Ioctls {
    private Ioctls() {}

    private static final Map<Long, String> NAMES = new HashMap<>();

    static {
        Object[] names = {
            0x5401, "TCGETS", 0x5402, "TCSETS", 0x5403, "TCSETSW", 0x5404, "TCSETSF", 0x5405, "TCGETA", 0x5406, "TCSETA",
            0x5407, "TCSETAW", 0x5408, "TCSETAF", 0x5409, "TCSBRK", 0x540a, "TCXONC", 0x540b, "TCFLSH", 0x540c, "TIOCEXCL",
            0x540d, "TIOCNXCL", 0x540e, "TIOCSCTTY", 0x540f, "TIOCGPGRP", 0x5410, "TIOCSPGRP", 0x5411, "TIOCOUTQ",
            0x5412, "TIOCSTI", 0x5413, "TIOCGWINSZ", 0x5414, "TIOCSWINSZ", 0x5415, "TIOCMGET", 0x5416, "TIOCMBIS",
            0x5417, "TIOCMBIC", 0x5418, "TIOCMSET", 0x5419, "TIOCGSOFTCAR", 0x541a, "TIOCSSOFTCAR", 0x541b, "FIONREAD",
            0x541c, "TIOCLINUX", 0x541d, "TIOCCONS", 0x541e, "TIOCGSERIAL", 0x541f, "TIOCSSERIAL", 0x5420, "TIOCPKT",
            0x5421, "FIONBIO", 0x5422, "TIOCNOTTY", 0x5423, "TIOCSETD", 0x5424, "TIOCGETD", 0x5425, "TCSBRKP",
            0x5427, "TIOCSBRK", 0x5428, "TIOCCBRK", 0x5429, "TIOCGSID", 0x802c542aL, "TCGETS2", 0x402c542bL, "TCSETS2",
            0x80045430L, "TIOCGPTN", 0x40045431L, "TIOCSPTLCK", 0x80045432L, "TIOCGDEV", 0x5441, "TIOCGPTPEER",
            0x5450, "FIONCLEX", 0x5451, "FIOCLEX", 0x5452, "FIOASYNC", 0x5460, "FIOQSIZE", 1, "FIBMAP", 2, "FIGETBSZ",
            0x40049409L, "FICLONE", 0x4020940dL, "FICLONERANGE", 0xc0189436L, "FIDEDUPERANGE",
            0x80086601L, "FS_IOC_GETFLAGS", 0x40086602L, "FS_IOC_SETFLAGS", 0x80087601L, "FS_IOC_GETVERSION",
            0x40087602L, "FS_IOC_SETVERSION", 0xc020660bL, "FS_IOC_FIEMAP", 0xc0045877L, "FIFREEZE", 0xc0045878L, "FITHAW",
            0xc0185879L, "FITRIM",
        };
        for (int i = 0; i < names.length; i += 2) NAMES.put(((Number) names[i]).longValue(), (String) names[i + 1]);
    }

    private static final Set<Long> NO_ARGUMENT = Set.of(0x5450L, 0x5451L, 0x540cL, 0x540dL, 0x5422L, 0x5427L, 0x5428L);
    private static final Set<Long> INT_OUT = Set.of(0x541bL, 0x5411L, 0x80045430L, 0x5424L, 0x540fL, 0x5429L, 0x5415L);
    private static final Set<Long> INT_IN = Set.of(0x5421L, 0x5452L, 0x5410L, 0x40045431L, 0x5423L, 0x5420L);
    private static final Set<Long> INT_VALUE = Set.of(0x540eL, 0x5409L, 0x540aL, 0x540bL, 0x5425L);
    private static final long TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;

    static void decoders(Signatures.Registry r) {
        r.decoder("ioctl_request", (d, pid, v, raw) -> request(v & 0xffffffffL));
        r.decoder("ioctl_arg", ARG);
    }

    private static Arg request(long code) {
        String name = NAMES.get(code);
        if (name != null) return new Arg.Sym(name, code);
        long dir = code >>> 30;
        String dirs = dir == 0 ? "_IOC_NONE" : dir == 1 ? "_IOC_WRITE" : dir == 2 ? "_IOC_READ" : "_IOC_READ|_IOC_WRITE";
        return new Arg.Expr("_IOC(" + dirs + ", " + hex((code >>> 8) & 0xff) + ", " + hex(code & 0xff) + ", "
                + hex((code >>> 16) & 0x3fff) + ")", code);
    }

    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    private static final ArgDecoder ARG = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            long request = raw[1] & 0xffffffffL;
            if (NO_ARGUMENT.contains(request)) return Decoder.OMITTED;
            if (INT_VALUE.contains(request)) return new Arg.Num((int) v);
            if (INT_OUT.contains(request) || request == TIOCGWINSZ) return v == 0 ? Decoder.pointer(0) : null;
            if (INT_IN.contains(request)) return v == 0 ? Decoder.pointer(0) : CommonStructs.intRef(d, pid, v, raw);
            if (request == TIOCSWINSZ) return v == 0 ? Decoder.pointer(0) : winsize(d, pid, v);
            return new Arg.Hex(v, false);
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            if (error) return Decoder.pointer(v);
            return (raw[1] & 0xffffffffL) == TIOCGWINSZ ? winsize(d, pid, v) : CommonStructs.intRef(d, pid, v, raw);
        }
    };

    /** {@code struct winsize}: {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}. */
    private static Arg winsize(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 8);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        String[] names = {"ws_row", "ws_col", "ws_xpixel", "ws_ypixel"};
        for (int i = 0; i < names.length; i++) f.put(names[i], new Arg.Num(b.getShort(2 * i) & 0xffff));
        return new Arg.Struct(f);
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.linux.Signals;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Structs several areas share: timespec, timeval, sigset_t, int and socklen_t pointers. */
final class CommonStructs {
    private CommonStructs() {}

    static void decoders(Signatures.Registry r) {
        r.decoder("int_in", ArgDecoder.in(CommonStructs::intRef));
        r.decoder("int_out", ArgDecoder.out((d, pid, v, raw, ret) -> intRef(d, pid, v, raw)));
        r.decoder("socklen", SOCKLEN);
        r.decoder("timespec", ArgDecoder.in((d, pid, v, raw) -> timespec(d, pid, v)));
        r.decoder("timespec_out", ArgDecoder.out((d, pid, v, raw, ret) -> timespec(d, pid, v)));
        r.decoder("timeval", ArgDecoder.in((d, pid, v, raw) -> timeval(d, pid, v)));
        r.decoder("timeval_out", ArgDecoder.out((d, pid, v, raw, ret) -> timeval(d, pid, v)));
        r.decoder("sigset", ArgDecoder.in((d, pid, v, raw) -> sigset(d, pid, v)));
        r.decoder("sigset_out", ArgDecoder.out((d, pid, v, raw, ret) -> sigset(d, pid, v)));
        // strace decodes a sigset only when the size argument is the kernel's (8 bytes): else the address
        for (int sizeArg = 1; sizeArg <= 3; sizeArg += 2) {
            int at = sizeArg;
            r.decoder("sigset@" + at, ArgDecoder.in((d, pid, v, raw) -> raw[at] == 8 ? sigset(d, pid, v) : Decoder.pointer(v)));
            r.decoder("sigset_out@" + at, ArgDecoder.out((d, pid, v, raw, ret) -> raw[at] == 8 ? sigset(d, pid, v) : Decoder.pointer(v)));
        }
        r.decoder("uint", Decoder.UINT);
    }

    /** {@code [42]}: an int behind a pointer. */
    static Arg intRef(Decoder d, int pid, long address, long[] raw) {
        ByteBuffer b = d.struct(pid, address, 4);
        return b == null ? Decoder.unreadable(address) : new Arg.Array(List.of(new Arg.Num(b.getInt(0))), 0);
    }

    /** socklen_t in/out: {@code [16]}, or {@code [128 => 16]} when the kernel changed it. */
    private static final ArgDecoder SOCKLEN = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            if (v == 0) return Decoder.pointer(0);
            ByteBuffer b = d.struct(pid, v, 4);
            return b == null ? Decoder.unreadable(v) : new Arg.Num(b.getInt(0));
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (!(atEntry instanceof Arg.Num in)) return atEntry;
            ByteBuffer b = error ? null : d.struct(pid, v, 4);
            if (b == null || b.getInt(0) == in.value()) return new Arg.Array(List.of(in), 0);
            int out = b.getInt(0);
            return new Arg.Array(List.of(new Arg.Expr(in.value() + " => " + out, out)), 0);
        }
    };

    /** A field strace prints as unsigned (tv_nsec, tv_usec: what the kernel rejects is still shown as given). */
    static Arg unsigned(long v) {
        return v < 0 ? new Arg.Expr(Long.toUnsignedString(v), v) : new Arg.Num(v);
    }

    static Arg timespec(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 16);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("tv_sec", new Arg.Num(b.getLong(0)));
        f.put("tv_nsec", unsigned(b.getLong(8)));
        return new Arg.Struct(f);
    }

    static Arg timeval(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 16);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("tv_sec", new Arg.Num(b.getLong(0)));
        f.put("tv_usec", unsigned(b.getLong(8)));
        return new Arg.Struct(f);
    }

    /**
     * A timespec (or timeval with {@code micros}) as text for strace's return comments
     * ({@code left {tv_sec=0, tv_nsec=0}}); null when unreadable.
     */
    static String timeText(Decoder d, int pid, long address, boolean micros) {
        ByteBuffer b = address == 0 ? null : d.struct(pid, address, 16);
        if (b == null) return null;
        return "{tv_sec=" + b.getLong(0) + (micros ? ", tv_usec=" : ", tv_nsec=") + b.getLong(8) + "}";
    }

    /** A kernel sigset_t (64 signals) read from the tracee. */
    static Arg sigset(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 8);
        return b == null ? Decoder.unreadable(address) : sigset(b.getLong(0));
    }

    /**
     * strace's set notation: {@code [INT TERM]}, names without SIG; a set with more than half the
     * signals is shown as the complement, {@code ~[RTMIN RT_1]}.
     */
    static Arg sigset(long bits) {
        boolean inverted = Long.bitCount(bits) >= 32; // strace: at least half the set
        long shown = inverted ? ~bits : bits;
        StringBuilder sb = new StringBuilder(inverted ? "~[" : "[");
        for (int sig = 1; sig <= 64; sig++) {
            if ((shown & (1L << (sig - 1))) == 0) continue;
            if (sb.charAt(sb.length() - 1) != '[') sb.append(' ');
            sb.append(setName(sig));
        }
        return new Arg.Sym(sb.append(']').toString(), bits);
    }

    /** A signal argument as strace prints it: SIGUSR1, SIGRT_8, and a plain number outside 1..64 (0 included). */
    static Arg signal(int sig) {
        return sig < 1 || sig > 64 ? new Arg.Num(sig) : new Arg.Sym(signalName(sig), sig);
    }

    /** The text of {@link #signal}: SIGUSR1, SIGRTMIN, SIGRT_1, or the number. */
    static String signalName(int sig) {
        return sig < 1 || sig > 64 ? Integer.toString(sig) : "SIG" + setName(sig);
    }

    /** A signal's name as strace writes it inside a set: INT, RTMIN, RT_1... */
    static String setName(int sig) {
        if (sig == 32) return "RTMIN";
        if (sig > 32 && sig <= 64) return "RT_" + (sig - 32);
        String name = Signals.name(sig);
        return name.startsWith("SIG") ? name.substring(3) : name;
    }
}

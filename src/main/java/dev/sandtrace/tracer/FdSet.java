package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.util.ArrayList;
import java.util.List;

/** fd_set of select(2) and pselect6: {@code [3 4]} at entry, {@code in [3], out [4]} in the return value. */
final class FdSet {
    private FdSet() {}

    /** The kernel's FD_SETSIZE-independent limit strace applies: no more descriptors than this are read. */
    private static final int MAX_FDS = 1024 * 1024;

    /** The descriptors set among the first nfds (argument 0) bits; null when unreadable. */
    private static List<Integer> read(Decoder d, int pid, long address, long[] raw) {
        int nfds = (int) Math.min(raw[0], MAX_FDS);
        if (nfds <= 0) return List.of();
        int words = (nfds + 63) / 64;
        java.nio.ByteBuffer b = d.struct(pid, address, words * 8);
        if (b == null) return null;
        List<Integer> fds = new ArrayList<>();
        for (int fd = 0; fd < nfds; fd++) if ((b.getLong(fd / 64 * 8) & 1L << (fd % 64)) != 0) fds.add(fd);
        return fds;
    }

    /** A set argument: with -y each descriptor shows what it refers to, as strace does. */
    static final ArgDecoder SET = ArgDecoder.in((d, pid, v, raw) -> {
        if ((int) raw[0] < 0) return Decoder.pointer(v);
        List<Integer> fds = read(d, pid, v, raw);
        if (fds == null) return Decoder.unreadable(v);
        StringBuilder sb = new StringBuilder("[");
        for (int fd : fds) {
            if (sb.length() > 1) sb.append(' ');
            sb.append(fd);
            if (d.fd(pid, fd) instanceof Arg.Fd named && named.path() != null) sb.append('<').append(named.path()).append('>');
        }
        return new Arg.Sym(sb.append(']').toString(), v);
    });

    /** {@code 2 (in [3], out [4], left {tv_sec=0, tv_nsec=0})}, {@code 0 (Timeout)}. */
    static Arg returned(Decoder d, int pid, long[] raw, long ret, boolean micros) {
        if (ret == 0) return new Arg.Expr("0 (Timeout)", 0);
        StringBuilder sb = new StringBuilder();
        String[] names = {"in", "out", "except"};
        for (int i = 0; i < 3; i++) {
            if (raw[i + 1] == 0) continue;
            List<Integer> fds = read(d, pid, raw[i + 1], raw);
            if (fds == null || fds.isEmpty()) continue;
            sb.append(sb.isEmpty() ? "" : ", ").append(names[i]).append(" [");
            for (int k = 0; k < fds.size(); k++) sb.append(k > 0 ? " " : "").append(fds.get(k));
            sb.append(']');
        }
        String left = CommonStructs.timeText(d, pid, raw[4], micros);
        if (left != null) sb.append(sb.isEmpty() ? "left " : ", left ").append(left);
        return sb.isEmpty() ? null : new Arg.Expr(ret + " (" + sb + ")", ret);
    }
}

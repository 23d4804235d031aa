package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** struct pollfd arrays of poll(2) and ppoll(2): the events asked at entry, the revents in the return value. */
final class Pollfd {
    private Pollfd() {}

    private static final int SIZE = 8, MAX_ELEMENTS = 64;

    static final FlagSet EVENTS = new FlagSet("0")
            .add("POLLIN", 0x1).add("POLLPRI", 0x2).add("POLLOUT", 0x4).add("POLLERR", 0x8).add("POLLHUP", 0x10)
            .add("POLLNVAL", 0x20).add("POLLRDNORM", 0x40).add("POLLRDBAND", 0x80).add("POLLWRNORM", 0x100)
            .add("POLLWRBAND", 0x200).add("POLLMSG", 0x400).add("POLLREMOVE", 0x1000).add("POLLRDHUP", 0x2000);

    /** {@code [{fd=3</p>, events=POLLIN}]}: nfds (argument 1) entries; a negative fd has no events shown. */
    static final ArgDecoder FDS = ArgDecoder.in((d, pid, v, raw) -> {
        long n = raw[1] & 0xffffffffL;
        int shown = (int) Math.min(n, MAX_ELEMENTS);
        List<Arg> items = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            ByteBuffer b = d.struct(pid, v + (long) i * SIZE, SIZE);
            if (b == null) {
                if (i == 0) return Decoder.unreadable(v);
                break;
            }
            int fd = b.getInt(0);
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("fd", d.fd(pid, fd));
            if (fd >= 0) f.put("events", Decoder.flags(EVENTS, b.getShort(4) & 0xffffL, "POLL"));
            items.add(new Arg.Struct(f));
        }
        return new Arg.Array(items, n > shown ? 1 : 0);
    });

    /**
     * The return value with what became ready: {@code 2 ([{fd=3, revents=POLLIN}])}, ppoll adding
     * {@code left {...}} when {@code timeout} (an address) is set; {@code 0 (Timeout)}.
     */
    static Arg returned(Decoder d, int pid, long[] raw, long ret, long timeout) {
        if (ret == 0) return new Arg.Expr("0 (Timeout)", 0);
        long n = raw[1] & 0xffffffffL;
        StringBuilder sb = new StringBuilder();
        int printed = 0;
        for (long i = 0; i < n && raw[0] != 0; i++) {
            ByteBuffer b = d.struct(pid, raw[0] + i * SIZE, SIZE);
            if (b == null) {
                sb.append(sb.isEmpty() ? "[" : ", ").append("0x").append(Long.toHexString(raw[0] + i * SIZE));
                break;
            }
            int revents = b.getShort(6) & 0xffff;
            if (revents == 0) continue;
            sb.append(sb.isEmpty() ? "[" : ", ");
            if (++printed > MAX_ELEMENTS) {
                sb.append("...");
                break;
            }
            sb.append("{fd=").append(b.getInt(0)).append(", revents=").append(EVENTS.render(revents)).append('}');
        }
        if (!sb.isEmpty()) sb.append(']');
        String left = timeout == 0 ? null : CommonStructs.timeText(d, pid, timeout, false);
        if (left != null) sb.append(sb.isEmpty() ? "left " : ", left ").append(left);
        return sb.isEmpty() ? null : new Arg.Expr(ret + " (" + sb + ")", ret);
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** struct epoll_event (packed on x86_64: 12 bytes) of epoll_ctl(2) and epoll_wait(2). */
final class EpollEvent {
    private EpollEvent() {}

    private static final int SIZE = 12, MAX_ELEMENTS = 64;

    static final FlagSet EVENTS = new FlagSet("0")
            .add("EPOLLIN", 0x1).add("EPOLLPRI", 0x2).add("EPOLLOUT", 0x4).add("EPOLLERR", 0x8).add("EPOLLHUP", 0x10)
            .add("EPOLLNVAL", 0x20).add("EPOLLRDNORM", 0x40).add("EPOLLRDBAND", 0x80).add("EPOLLWRNORM", 0x100)
            .add("EPOLLWRBAND", 0x200).add("EPOLLMSG", 0x400).add("EPOLLRDHUP", 0x2000).add("EPOLLEXCLUSIVE", 1L << 28)
            .add("EPOLLWAKEUP", 1L << 29).add("EPOLLONESHOT", 1L << 30).add("EPOLLET", 1L << 31);

    /** {@code {events=EPOLLIN, data={u32=3, u64=3}}}. */
    private static Arg event(ByteBuffer b, int at) {
        long data = b.getLong(at + 4);
        Map<String, Arg> u = new LinkedHashMap<>();
        u.put("u32", new Arg.Num(data & 0xffffffffL));
        u.put("u64", data >= 0 ? new Arg.Num(data) : new Arg.Sym(Long.toUnsignedString(data), data));
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("events", Decoder.flags(EVENTS, b.getInt(at) & 0xffffffffL, "EPOLL"));
        f.put("data", new Arg.Struct(u));
        return new Arg.Struct(f);
    }

    static final ArgDecoder IN = ArgDecoder.in((d, pid, v, raw) -> {
        ByteBuffer b = d.struct(pid, v, SIZE);
        return b == null ? Decoder.unreadable(v) : event(b, 0);
    });

    /** The events epoll_wait/epoll_pwait returned: {@code ret} entries. */
    static final ArgDecoder OUT = ArgDecoder.out((d, pid, v, raw, ret) -> {
        int shown = (int) Math.min(ret, MAX_ELEMENTS);
        ByteBuffer b = shown == 0 ? ByteBuffer.allocate(0) : d.struct(pid, v, shown * SIZE);
        if (b == null) return Decoder.unreadable(v);
        List<Arg> items = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) items.add(event(b, i * SIZE));
        return new Arg.Array(items, ret > shown ? 1 : 0);
    });
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct iovec} arrays of readv(2)/writev(2) and their p* and *2 variants:
 * {@code [{iov_base="abc", iov_len=3}, ...]}, the element count in the argument after the array.
 */
final class Iovecs {
    private Iovecs() {}

    /** strace stops listing elements at the -s limit, as it does for any array. */
    static void decoders(Signatures.Registry r) {
        r.decoder("iov_in", ArgDecoder.in((d, pid, v, raw) -> iovec(d, pid, v, raw[2], -1)));
        r.decoder("iov_out", OUT);
    }

    /** The data a read filled: only the first ret bytes, spread over the elements in order. */
    private static final ArgDecoder OUT = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return null;
        }

        /** A failed read filled nothing: strace lists the buffers by address. */
        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            return v == 0 ? Decoder.pointer(0) : iovec(d, pid, v, raw[2], error ? NO_DATA : ret);
        }
    };

    private static final long NO_DATA = -2;

    /**
     * {@code dataSize}: how many bytes of data to show in total, -1 for every element's full
     * length, {@link #NO_DATA} for the buffer addresses only.
     */
    private static Arg iovec(Decoder d, int pid, long address, long count, long dataSize) {
        int limit = d.stringLimit();
        int shown = (int) Math.max(0, Math.min(count, limit));
        ByteBuffer b = shown == 0 ? ByteBuffer.allocate(0) : d.struct(pid, address, shown * 16);
        if (b == null) return Decoder.unreadable(address);
        List<Arg> items = new ArrayList<>(shown);
        long left = dataSize;
        for (int i = 0; i < shown; i++) {
            long base = b.getLong(16 * i), len = b.getLong(16 * i + 8);
            long data = len;
            if (left >= 0) {
                data = Math.min(len, left);
                left -= data;
            }
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("iov_base", dataSize == NO_DATA ? Decoder.pointer(base) : d.bytes(pid, base, data));
            f.put("iov_len", new Arg.Num(len));
            items.add(new Arg.Struct(f));
        }
        return new Arg.Array(items, (int) Math.min(count - shown, Integer.MAX_VALUE));
    }
}

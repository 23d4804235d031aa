package dev.sandtrace.tracer;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of named bits rendered the strace way: names joined by {@code |}, unknown bits last
 * in hex, {@code 0} (or the table's zero name) when nothing is set.
 */
final class FlagSet {
    private final List<String> names = new ArrayList<>();
    private final List<Long> values = new ArrayList<>();
    private final String zero;

    FlagSet(String zero) {
        this.zero = zero;
    }

    FlagSet add(String name, long value) {
        names.add(name);
        values.add(value);
        return this;
    }

    String render(long bits) {
        return render(bits, new StringBuilder());
    }

    /** Renders into {@code out} after whatever prefix it holds (such as an access mode). */
    String render(long bits, StringBuilder out) {
        int prefix = out.length();
        long left = bits;
        for (int i = 0; i < names.size(); i++) {
            long v = values.get(i);
            if (v != 0 && (left & v) == v) {
                if (out.length() > 0) out.append('|');
                out.append(names.get(i));
                left &= ~v;
            }
        }
        if (left != 0) {
            if (out.length() > 0) out.append('|');
            out.append("0x").append(Long.toHexString(left));
        }
        if (out.length() == prefix && prefix == 0) return zero;
        return out.toString();
    }
}

package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every sandbox denial ({@code violation} event), grouped by the layer that refused it. */
final class DenialLog {
    private static final class Group {
        long count;
        final List<Report.Denial> items = new ArrayList<>();
    }

    private final Caps caps;
    private final Map<String, Group> layers = new LinkedHashMap<>();
    private long total;

    DenialLog(Caps caps) {
        this.caps = caps;
    }

    void violation(TraceEvent v) {
        total++;
        Group g = layers.computeIfAbsent(String.valueOf(v.str("layer")), k -> new Group());
        g.count++;
        if (g.items.size() < Caps.ITEMS) {
            g.items.add(new Report.Denial(v.seq(), v.num("syscall_seq", -1), v.pid(), v.str("syscall"), v.str("target"),
                    v.errno(), v.str("reason")));
        } else {
            caps.drop("denials");
        }
    }

    long total() {
        return total;
    }

    List<Report.DenialGroup> report() {
        List<Report.DenialGroup> out = new ArrayList<>();
        layers.forEach((layer, g) -> out.add(new Report.DenialGroup(layer, g.count, List.copyOf(g.items))));
        return out;
    }
}

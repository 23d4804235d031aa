package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Notable events in time order: execs, spawns, exits, denials, network attempts, indicators, the timeout. */
final class Timeline {
    private final Caps caps;
    private final List<Report.TimelineItem> items = new ArrayList<>();

    Timeline(Caps caps) {
        this.caps = caps;
    }

    void add(TraceEvent e, String kind, String label) {
        add(new Report.TimelineItem(e.timeNs(), e.seq(), e.pid(), kind, label));
    }

    void indicator(String id, Severity severity, String reason, Evidence at) {
        if (at == null) return;
        add(new Report.TimelineItem(at.timeNs(), at.seq(), at.pid(), "indicator", severity.json() + " " + id + ": " + reason));
    }

    private void add(Report.TimelineItem item) {
        if (items.size() < Caps.ITEMS) items.add(item);
        else caps.drop("timeline");
    }

    /** Time order; syscall lines carry their entry time, so seq alone would put long calls late. */
    List<Report.TimelineItem> report() {
        List<Report.TimelineItem> out = new ArrayList<>(items);
        out.sort(Comparator.comparingLong(Report.TimelineItem::timeNs).thenComparingLong(Report.TimelineItem::seq));
        return out;
    }
}

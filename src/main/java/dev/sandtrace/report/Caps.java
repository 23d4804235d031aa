package dev.sandtrace.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * The bounds that keep a report's memory independent of the trace's length, and a count of what
 * each bound left out (the document's {@code limits}).
 */
final class Caps {
    /** Stored items per list: processes, network rows, denials per layer, timeline, directories per file group. */
    static final int ITEMS = 1000;
    /** Files stored per directory group (and at most {@link #ITEMS} per file group). */
    static final int FILES_PER_DIRECTORY = 100;
    /** Evidence events stored per indicator. */
    static final int EVIDENCE = 20;
    /** Execs stored per process. */
    static final int EXECS = 20;
    /** Pids stored per file entry. */
    static final int PIDS = 16;
    /** Paths remembered for cross-event rules (written then executed, recently modified). */
    static final int TRACKED_PATHS = 20_000;

    private final Map<String, Long> dropped = new TreeMap<>();

    Caps() {
        for (String k : new String[] {"processes", "execs", "files", "network", "denials", "evidence", "timeline",
                "tracked_paths"}) {
            dropped.put(k, 0L);
        }
    }

    void drop(String what) {
        dropped.merge(what, 1L, Long::sum);
    }

    Report.Limits limits() {
        boolean truncated = dropped.values().stream().anyMatch(n -> n > 0);
        return new Report.Limits(ITEMS, truncated, Map.copyOf(dropped));
    }
}

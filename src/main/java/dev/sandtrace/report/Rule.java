package dev.sandtrace.report;

import java.util.List;

/** One family of indicators: sees every event of the trace in order, with the file accesses it made. */
interface Rule {
    void accept(TraceEvent e, List<FileAccess> accesses, Context ctx);

    /** After the last event: raise what only the whole trace shows. */
    default void finish(Context ctx) { }

    /** What rules share: the process tree (already updated with the event), the findings, working directories. */
    record Context(ProcessTable processes, Findings findings, FileAccesses files) { }
}

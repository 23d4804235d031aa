package dev.sandtrace.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code daemon} (medium): a process started a new session (setsid) and outlived its parent:
 * the double fork of a daemon that means to keep running after the program seems to have ended.
 */
final class DaemonRule implements Rule {
    /** pid → its successful setsid, for live processes. */
    private final Map<Integer, Evidence> detached = new HashMap<>();

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("syscall") && e.syscall().equals("setsid") && e.success() && !ctx.processes().isRoot(e.pid())) {
            ProcessTable.Proc p = ctx.processes().find(e.pid());
            if (p == null) return;
            if (p.parentEndedFirst) raise(p, Evidence.of(e), null, ctx);
            else detached.put(e.pid(), Evidence.of(e));
        } else if (e.is("process") && ("exited".equals(e.kind()) || "signaled".equals(e.kind()))
                && e.num("tid", 0) == e.pid()) {
            detached.remove(e.pid());
            for (var it = detached.entrySet().iterator(); it.hasNext(); ) {
                var d = it.next();
                ProcessTable.Proc child = ctx.processes().find(d.getKey());
                if (child != null && child.parent == e.pid()) {
                    raise(child, d.getValue(), Evidence.of(e), ctx);
                    it.remove();
                }
            }
        }
    }

    private static void raise(ProcessTable.Proc p, Evidence setsid, Evidence parentExit, Context ctx) {
        ctx.findings().raise("daemon", Severity.MEDIUM, "pid " + p.pid + " (" + Evidence.display(p.command)
                + ") started a new session and outlived its parent pid " + p.parent,
                parentExit == null ? List.of(setsid) : List.of(setsid, parentExit));
    }
}

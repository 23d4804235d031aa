package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code self-deletion} (high): a process removes the program it runs, or one of its ancestors
 * runs (for a script run by a shell or interpreter: the script), erasing what an analyst would
 * look at.
 */
final class SelfDeletionRule implements Rule {
    private static final int MAX_DEPTH = 64;

    /**
     * Deletions by a process first seen before its parent's spawned line (a fast child's syscall
     * lines can come first): its program is known only once that line is read.
     */
    private final Map<Integer, List<Pending>> unplaced = new HashMap<>();

    private record Pending(FileAccess access, Evidence evidence) { }

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("process") && "spawned".equals(e.kind())) {
            List<Pending> waiting = unplaced.remove((int) e.num("child_pid", 0));
            if (waiting != null) {
                for (Pending w : waiting) check(w.access, w.evidence, ctx);
            }
            return;
        }
        for (FileAccess a : accesses) {
            if (a.kind() != Kind.DELETE) continue;
            ProcessTable.Proc p = ctx.processes().find(e.pid());
            if (p != null && p.command == null && p.parent == 0 && !ctx.processes().isRoot(p.pid)) {
                if (unplaced.size() < Caps.ITEMS) {
                    unplaced.computeIfAbsent(p.pid, k -> new ArrayList<>()).add(new Pending(a, Evidence.of(e)));
                }
                continue;
            }
            check(a, Evidence.of(e), ctx);
        }
    }

    private void check(FileAccess a, Evidence evidence, Context ctx) {
        ProcessTable.Proc p = ctx.processes().find(a.pid());
        for (int depth = 0; p != null && depth < MAX_DEPTH; depth++) {
            if (a.path().equals(p.command) || a.path().equals(script(p, ctx))) {
                String who = depth == 0 ? "its own executable" : "the program of its ancestor pid " + p.pid;
                ctx.findings().raise("self-deletion", Severity.HIGH, "deleted " + who + ": " + a.path()
                        + (a.success() ? "" : " (failed: " + a.errno() + ")"), evidence);
                return;
            }
            p = p.parent == 0 || p.parent == p.pid ? null : ctx.processes().find(p.parent);
        }
    }

    /** The script a shell or interpreter process runs: its first argument, made absolute. */
    private static String script(ProcessTable.Proc p, Context ctx) {
        if (p.argv.size() < 2 || !(Programs.shell(p.command) || Programs.interpreter(p.command))) return null;
        String arg = p.argv.get(1);
        if (arg.startsWith("-")) return null;
        return FileAccesses.normalize(arg.startsWith("/") ? arg : ctx.files().cwd(p.pid) + "/" + arg);
    }
}

package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code download-and-execute}: a file the run wrote (or renamed into place) is then executed.
 * High when the writer had tried the network or the file sits in a temp directory or is hidden,
 * medium otherwise; info when a compiler or linker wrote it (a build running what it built).
 * The last {@link Caps#TRACKED_PATHS} written paths are remembered.
 */
final class DownloadExecuteRule implements Rule {
    private record Written(String writer, boolean writerNetworked, List<Evidence> evidence) { }

    private final Caps caps;
    private final Map<String, Written> written = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            if (size() <= Caps.TRACKED_PATHS) return false;
            caps.drop("tracked_paths");
            return true;
        }
    };
    /** Processes that attempted an internet connection (pids; bounded by the live processes seen). */
    private final Set<Integer> networked = new HashSet<>();

    DownloadExecuteRule(Caps caps) {
        this.caps = caps;
    }

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("syscall") && Endpoint.OUTBOUND.contains(e.syscall())) {
            Endpoint ep = Endpoint.of(e);
            if (ep != null && ep.internet() && !ep.loopback()) networked.add(e.pid());
        } else if (e.is("process") && ("exited".equals(e.kind()) || "signaled".equals(e.kind()))) {
            if (e.num("tid", 0) == e.pid()) networked.remove(e.pid());
        }
        for (FileAccess a : accesses) {
            switch (a.kind()) {
                case WRITE, CREATE -> {
                    if (a.success()) remember(a.path(), e, ctx);
                }
                case RENAME -> {
                    if (a.success()) {
                        Written w = written.remove(a.path());
                        if (w != null) written.put(a.target(), w);
                        else remember(a.target(), e, ctx);
                    }
                }
                case ATTRIBUTES -> {
                    Written w = written.get(a.path());
                    if (w != null && w.evidence.size() < 4 && e.syscall().contains("chmod")) w.evidence.add(Evidence.of(e));
                }
                case EXEC -> executed(a, e, ctx);
                default -> { }
            }
        }
    }

    private void remember(String path, TraceEvent e, Context ctx) {
        ProcessTable.Proc p = ctx.processes().find(e.pid());
        String writer = p == null ? null : p.command;
        Written w = written.get(path);
        if (w == null || !w.evidence.getFirst().text().equals(Evidence.describe(e))) {
            List<Evidence> ev = new ArrayList<>(3);
            ev.add(Evidence.of(e));
            written.put(path, new Written(writer, networked.contains(e.pid()), ev));
        }
    }

    private void executed(FileAccess a, TraceEvent e, Context ctx) {
        Written w = written.get(a.path());
        if (w == null) return;
        String where = a.path().startsWith("/tmp/") || a.path().startsWith("/var/tmp/") || a.path().startsWith("/dev/shm/")
                ? "a temporary directory" : null;
        boolean hidden = FileGroups.parent(a.path()).length() < a.path().length()
                && a.path().substring(a.path().lastIndexOf('/') + 1).startsWith(".");
        Severity sev;
        String why;
        if (Programs.toolchain(w.writer)) {
            sev = Severity.INFO;
            why = "built by " + Programs.name(w.writer) + " and then run";
        } else if (w.writerNetworked || networked.contains(e.pid()) || where != null || hidden) {
            sev = Severity.HIGH;
            why = "written by " + Evidence.display(w.writer) + (w.writerNetworked ? " after it used the network" : "")
                    + (where != null ? " in " + where : "") + (hidden ? " under a hidden name" : "") + ", then executed";
        } else {
            sev = Severity.MEDIUM;
            why = "written by " + Evidence.display(w.writer) + ", then executed";
        }
        if (!a.success()) why += " (the exec failed: " + a.errno() + ")";
        List<Evidence> ev = new ArrayList<>(w.evidence);
        ev.add(Evidence.of(e));
        ctx.findings().raise("download-and-execute", sev, a.path() + " " + why, ev);
    }
}

package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mass-modification}: ransomware-like rewriting: {@value #THRESHOLD} or more distinct
 * existing files overwritten in place or renamed within {@value #WINDOW_SECONDS} s. High when
 * at least half of them were renamed to a new extension, medium otherwise. Files created fresh
 * (O_CREAT) do not count: builds and test suites create many.
 */
final class MassModificationRule implements Rule {
    static final int THRESHOLD = 20;
    static final int WINDOW_SECONDS = 60;
    private static final long WINDOW_NS = WINDOW_SECONDS * 1_000_000_000L;

    private record Change(long timeNs, String path, boolean newExtension, Evidence evidence) { }

    private final ArrayDeque<Change> window = new ArrayDeque<>();
    private final Map<String, Integer> distinct = new HashMap<>();
    private int newExtensions;
    private final Caps caps;

    MassModificationRule(Caps caps) {
        this.caps = caps;
    }

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        for (FileAccess a : accesses) {
            if (!a.success() || a.kind() != Kind.WRITE && a.kind() != Kind.RENAME) continue;
            if (a.path().startsWith("/proc/") || a.path().startsWith("/dev/") || a.path().startsWith("/sys/")) continue;
            boolean renamedExt = a.kind() == Kind.RENAME && !extension(a.path()).equals(extension(a.target()));
            add(new Change(a.timeNs(), a.path(), renamedExt, Evidence.of(e)));
            if (distinct.size() >= THRESHOLD) {
                boolean ransom = newExtensions * 2 >= distinct.size();
                ctx.findings().raise("mass-modification", ransom ? Severity.HIGH : Severity.MEDIUM,
                        distinct.size() + " files " + (ransom ? "rewritten and renamed to a new extension"
                                : "overwritten or renamed") + " within " + WINDOW_SECONDS + " s",
                        window.stream().limit(Caps.EVIDENCE).map(Change::evidence).toList());
            }
        }
    }

    private void add(Change c) {
        while (!window.isEmpty() && (c.timeNs - window.peekFirst().timeNs > WINDOW_NS || window.size() >= Caps.TRACKED_PATHS)) {
            Change old = window.removeFirst();
            if (window.size() + 1 >= Caps.TRACKED_PATHS) caps.drop("tracked_paths");
            if (distinct.merge(old.path, -1, Integer::sum) == 0) distinct.remove(old.path);
            if (old.newExtension) newExtensions--;
        }
        window.addLast(c);
        distinct.merge(c.path, 1, Integer::sum);
        if (c.newExtension) newExtensions++;
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }
}

package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * {@code mass-modification}: ransomware-like rewriting: {@value #THRESHOLD} or more distinct
 * existing files overwritten in place or renamed within {@value #WINDOW_SECONDS} s. High when
 * at least half of them were renamed to a new extension or replaced by a copy under one (read,
 * {@code x.txt.enc} or {@code x.locked} created beside it, {@code x.txt} deleted; by a compressor
 * such as gzip that counts, but not as a new extension), medium otherwise. Files created fresh
 * (O_CREAT) do not count: builds and test suites create many; a file the run created and then
 * renamed over one it had read (sed -i's atomic save) counts as that one overwritten in place.
 */
final class MassModificationRule implements Rule {
    static final int THRESHOLD = 20;
    static final int WINDOW_SECONDS = 60;
    private static final long WINDOW_NS = WINDOW_SECONDS * 1_000_000_000L;

    private record Change(long timeNs, String path, boolean newExtension, Evidence evidence) { }

    private final ArrayDeque<Change> window = new ArrayDeque<>();
    private final Map<String, Integer> distinct = new HashMap<>();
    private int newExtensions;
    /** Files the run created and files it read: a created file renamed over a read one is a save. */
    private final SequencedSet<String> created = new LinkedHashSet<>(), read = new LinkedHashSet<>();
    /** {@link #stem}s of the files the run created: {@code /d/x.txt} for {@code /d/x.txt.enc}. */
    private final SequencedSet<String> createdStems = new LinkedHashSet<>();
    private final Caps caps;

    MassModificationRule(Caps caps) {
        this.caps = caps;
    }

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        for (FileAccess a : accesses) {
            if (a.success() && a.kind() == Kind.CREATE) {
                remember(created, a.path());
                remember(createdStems, stem(a.path()));
            }
            if (a.success() && a.kind() == Kind.READ) remember(read, a.path());
            if (a.success() && a.kind() == Kind.DELETE && read.contains(a.path())
                    && (createdStems.contains(a.path()) || createdStems.contains(stem(a.path())) && !created.contains(a.path()))) {
                // the original read, a copy under a new extension created beside it, the original
                // deleted: an encrypted (or compressed) copy replacing the file
                ProcessTable.Proc p = ctx.processes().find(a.pid());
                boolean compressor = p != null && Programs.compressor(p.command);
                add(new Change(a.timeNs(), a.path(), !compressor, Evidence.of(e)));
                raiseIfMany(ctx);
                continue;
            }
            if (!a.success() || a.kind() != Kind.WRITE && a.kind() != Kind.RENAME) continue;
            if (a.path().startsWith("/proc/") || a.path().startsWith("/dev/") || a.path().startsWith("/sys/")) continue;
            if (a.kind() == Kind.RENAME && a.target() != null && read.contains(a.target()) && created.remove(a.path())) {
                // sed -i, editors, formatters: the original read, a fresh temporary file renamed over
                // it: that original rewritten in place, not an existing file given a new name
                add(new Change(a.timeNs(), a.target(), false, Evidence.of(e)));
            } else {
                boolean renamedExt = a.kind() == Kind.RENAME && !extension(a.path()).equals(extension(a.target()));
                add(new Change(a.timeNs(), a.path(), renamedExt, Evidence.of(e)));
            }
            raiseIfMany(ctx);
        }
    }

    private void raiseIfMany(Context ctx) {
        if (distinct.size() < THRESHOLD) return;
        boolean ransom = newExtensions * 2 >= distinct.size();
        ctx.findings().raise("mass-modification", ransom ? Severity.HIGH : Severity.MEDIUM,
                distinct.size() + " files " + (ransom ? "rewritten or replaced under a new extension"
                        : "overwritten, renamed or replaced") + " within " + WINDOW_SECONDS + " s",
                window.stream().limit(Caps.EVIDENCE).map(Change::evidence).toList());
    }

    /** The path without its last extension: {@code /d/x.txt} for {@code /d/x.txt.enc}. */
    private static String stem(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }

    /** Adds {@code path} to {@code paths}, which keeps the most recent {@link Caps#TRACKED_PATHS}. */
    private void remember(SequencedSet<String> paths, String path) {
        paths.remove(path);
        paths.add(path);
        if (paths.size() > Caps.TRACKED_PATHS) {
            paths.removeFirst();
            caps.drop("tracked_paths");
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

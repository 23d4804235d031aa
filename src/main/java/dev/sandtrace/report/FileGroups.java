package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a run read, wrote, created, deleted, renamed and executed (successful accesses only),
 * grouped by directory with exact counts for the directories kept.
 */
final class FileGroups {
    private static final class Entry {
        final String path;
        final long firstSeq;
        long count;
        final List<Integer> pids = new ArrayList<>(1);
        String to;

        Entry(String path, long firstSeq) {
            this.path = path;
            this.firstSeq = firstSeq;
        }
    }

    private static final class Directory {
        long count;
        final Map<String, Entry> files = new LinkedHashMap<>();
    }

    private static final class Group {
        final Map<String, Directory> directories = new LinkedHashMap<>();
        int files;
    }

    private final Caps caps;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    FileGroups(Caps caps) {
        this.caps = caps;
        for (String g : Report.FILE_GROUPS) groups.put(g, new Group());
    }

    void accept(FileAccess a) {
        if (!a.success() || a.path().isEmpty()) return;
        String group = switch (a.kind()) {
            case READ -> "read";
            case WRITE -> "written";
            case CREATE -> "created";
            case DELETE -> "deleted";
            case RENAME -> "renamed";
            case EXEC -> "executed";
            default -> null;
        };
        if (group == null) return;
        add(groups.get(group), a);
    }

    private void add(Group g, FileAccess a) {
        String dirName = parent(a.path());
        Directory d = g.directories.get(dirName);
        if (d == null) {
            if (g.directories.size() >= Caps.ITEMS) {
                caps.drop("files");
                return;
            }
            d = new Directory();
            g.directories.put(dirName, d);
        }
        d.count++;
        Entry e = d.files.get(a.path());
        if (e == null) {
            if (d.files.size() >= Caps.FILES_PER_DIRECTORY || g.files >= Caps.ITEMS) {
                caps.drop("files");
                return;
            }
            e = new Entry(a.path(), a.seq());
            if (a.kind() == Kind.RENAME) e.to = a.target();
            d.files.put(a.path(), e);
            g.files++;
        }
        e.count++;
        if (!e.pids.contains(a.pid()) && e.pids.size() < Caps.PIDS) e.pids.add(a.pid());
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    Map<String, List<Report.DirectoryGroup>> report() {
        Map<String, List<Report.DirectoryGroup>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Group> g : groups.entrySet()) {
            List<Report.DirectoryGroup> dirs = new ArrayList<>();
            for (Map.Entry<String, Directory> d : g.getValue().directories.entrySet()) {
                List<Report.FileEntry> files = new ArrayList<>();
                for (Entry e : d.getValue().files.values()) {
                    files.add(new Report.FileEntry(e.path, e.count, e.firstSeq, List.copyOf(e.pids), e.to));
                }
                dirs.add(new Report.DirectoryGroup(d.getKey(), d.getValue().count, files));
            }
            out.put(g.getKey(), dirs);
        }
        return out;
    }
}

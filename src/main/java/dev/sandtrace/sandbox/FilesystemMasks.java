package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.LinuxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount side of the filesystem policy. Landlock can only allow, so a denied path inside an
 * allowed tree is hidden here: an empty, unreadable, read-only tmpfs over a denied directory and
 * an empty read-only file over a denied file. Then /tmp becomes a private tmpfs; allowed paths
 * that live under /tmp (a project in a temp dir, the working directory) are bind-mounted back
 * into it, so the host's /tmp is otherwise unreachable.
 */
final class FilesystemMasks implements Layer {
    /** Descriptors from here up hold the /tmp paths to bind back; closed before exec. */
    static final int KEEP_FD_BASE = 900;

    private static final long O_PATH = 010000000, O_CLOEXEC = 02000000, O_CREAT = 0100, O_WRONLY = 1;
    private static final int EEXIST = 17;

    private final List<Path> deniedDirs = new ArrayList<>();
    private final List<Path> deniedFiles = new ArrayList<>();
    private final List<Path> keep;
    private final List<String> masked = new ArrayList<>();
    private Path emptyFile;

    private record Mask(long path, boolean directory, String shown) {}
    private record Keep(long path, long source, boolean directory, List<Long> parents) {}

    private final List<Mask> masks = new ArrayList<>();
    private final List<Keep> keeps = new ArrayList<>();
    private long tmpfs, tmp, dirMaskData, tmpData, empty;

    /** {@code denied}: paths to hide (resolved through symlinks here); {@code keepUnderTmp}: allowed paths under /tmp. */
    FilesystemMasks(List<Path> denied, List<Path> keepUnderTmp) {
        List<Path> real = new ArrayList<>();
        for (Path d : denied) {
            try {
                real.add(d.toRealPath());
            } catch (IOException missing) {
                // nothing there to hide
            }
        }
        real.sort(null);
        for (Path p : real) {
            // inside an already hidden directory there is nothing left to hide
            if (deniedDirs.stream().anyMatch(p::startsWith) || masked.contains(p.toString())) continue;
            if (Files.isDirectory(p)) deniedDirs.add(p);
            else deniedFiles.add(p);
            masked.add(p.toString());
        }
        this.keep = keepUnderTmp;
    }

    @Override public String name() { return "mount masks and private /tmp"; }

    /** The host paths hidden in the sandbox (for the trace header). */
    List<String> masked() {
        return masked;
    }

    @Override
    public void prepare(ChildMemory memory) {
        tmpfs = memory.cString("tmpfs");
        tmp = memory.cString("/tmp");
        dirMaskData = memory.cString("mode=000,size=4k,nr_inodes=2");
        tmpData = memory.cString("mode=1777");
        if (!deniedFiles.isEmpty()) {
            try {
                emptyFile = Files.createTempFile("sandtrace-mask", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--")));
            } catch (IOException e) {
                throw new UncheckedIOException("creating the empty file that masks denied files: " + e.getMessage(), e);
            }
            empty = memory.cString(emptyFile.toString());
        }
        for (Path d : deniedDirs) masks.add(new Mask(memory.cString(d.toString()), true, d.toString()));
        for (Path f : deniedFiles) masks.add(new Mask(memory.cString(f.toString()), false, f.toString()));
        for (int i = 0; i < keep.size(); i++) {
            Path p = keep.get(i);
            List<Long> parents = new ArrayList<>();
            for (Path q = p.getParent(); q != null && q.startsWith("/tmp") && !q.equals(Path.of("/tmp")); q = q.getParent()) {
                parents.addFirst(memory.cString(q.toString()));
            }
            keeps.add(new Keep(memory.cString(p.toString()), memory.cString("/proc/self/fd/" + (KEEP_FD_BASE + i)),
                    Files.isDirectory(p), parents));
        }
    }

    @Override
    public void apply(int pid, Injector child) {
        long ro = Mounts.MS_RDONLY | Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;
        for (Mask m : masks) {
            try {
                if (m.directory()) {
                    child.inject("mount", tmpfs, m.path(), tmpfs, ro, dirMaskData);
                } else {
                    child.inject("mount", empty, m.path(), 0, Mounts.MS_BIND, 0);
                    child.inject("mount", 0, m.path(), 0, Mounts.MS_BIND | Mounts.MS_REMOUNT | ro, 0);
                }
            } catch (LinuxException e) {
                throw new LinuxException("mount over " + m.shown(), e.errno());
            }
        }
        for (int i = 0; i < keeps.size(); i++) {
            long fd = child.inject("openat", -100, keeps.get(i).path(), O_PATH | O_CLOEXEC, 0);
            child.inject("dup2", fd, KEEP_FD_BASE + i);
            child.inject("close", fd);
        }
        child.inject("mount", tmpfs, tmp, tmpfs, Mounts.MS_NOSUID | Mounts.MS_NODEV, tmpData);
        for (int i = 0; i < keeps.size(); i++) {
            Keep k = keeps.get(i);
            for (long parent : k.parents()) child.injectTolerating(EEXIST, "mkdir", parent, 0755);
            if (k.directory()) {
                child.injectTolerating(EEXIST, "mkdir", k.path(), 0755);
            } else {
                long fd = child.inject("openat", -100, k.path(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
                child.inject("close", fd);
            }
            child.inject("mount", k.source(), k.path(), 0, Mounts.MS_BIND | Mounts.MS_REC, 0);
            child.inject("close", KEEP_FD_BASE + i);
        }
    }

    /** Removes the host-side empty file once the child has its bind mount. */
    void cleanUp() {
        if (emptyFile != null) {
            try {
                Files.deleteIfExists(emptyFile);
            } catch (IOException ignored) {
                // a leftover empty file in /tmp is harmless
            }
        }
    }
}

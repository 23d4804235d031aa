package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.LinuxException;
import dev.sandtrace.policy.Policy;
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
 * an empty read-only file over a denied file (also over a socket: Landlock does not mediate
 * connect(2) to pathname sockets). Then /tmp, /run and /dev/shm become private tmpfs: they
 * hold the host's sockets (Docker, D-Bus, X11), shared memory and other programs' scratch
 * files. Allowed paths that live under them are bind-mounted back, read-only unless the policy
 * allows writing there and noexec unless it allows executing, because the Landlock rule of the
 * private mount covers everything beneath it. /run/systemd/resolve comes back read-only so that
 * a resolv.conf pointing there keeps working.
 */
final class FilesystemMasks implements Layer {
    /** The directories replaced by private tmpfs, with their mount data. */
    static final List<String> PRIVATE = List.of("/tmp", "/run", "/dev/shm");
    private static final List<String> PRIVATE_DATA = List.of("mode=1777", "mode=0755", "mode=1777");
    /** Descriptors from here up hold the paths to bind back; closed before exec. */
    static final int KEEP_FD_BASE = 900;

    private static final long O_PATH = 010000000, O_CLOEXEC = 02000000, O_CREAT = 0100, O_WRONLY = 1;
    private static final int EEXIST = 17;

    private final List<Path> deniedDirs = new ArrayList<>();
    private final List<Path> deniedFiles = new ArrayList<>();
    private final List<Keep> keepPlan = new ArrayList<>();
    private final List<String> masked = new ArrayList<>();
    private Path emptyFile;

    private record Mask(long path, boolean directory, String shown) {}
    private record Keep(Path path, boolean writable, boolean executable) {}
    private record Prepared(long path, long source, boolean directory, List<Long> parents, long flags, String shown) {}
    private record Private(long path, long data, String shown) {}

    private final List<Mask> masks = new ArrayList<>();
    private final List<Prepared> keeps = new ArrayList<>();
    private final List<Private> privates = new ArrayList<>();
    private long tmpfs, dirMaskData, empty;

    /** {@code denied}: paths to hide (resolved through symlinks here); {@code fs}: what is allowed where. */
    FilesystemMasks(List<Path> denied, Policy.Filesystem fs) {
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
        List<Path> all = new ArrayList<>(fs.allowWrite());
        all.addAll(fs.allowRead());
        all.addAll(fs.allowExec());
        Path resolve = Path.of("/run/systemd/resolve");
        if (Files.isDirectory(resolve)) all.add(resolve);
        List<Path> keep = new ArrayList<>();
        for (Path p : all) {
            boolean underPrivate = PRIVATE.stream().map(Path::of).anyMatch(d -> p.startsWith(d) && !p.equals(d));
            if (!underPrivate || keep.stream().anyMatch(p::startsWith) || !Files.exists(p)) continue;
            keep.removeIf(k -> k.startsWith(p));
            keep.add(p);
        }
        for (Path p : keep) {
            // "/tmp" in a write list means the private /tmp, not the host's files beneath it
            keepPlan.add(new Keep(p, grants(fs.allowWrite(), p), grants(fs.allowExec(), p)));
        }
    }

    private static boolean grants(List<Path> allowed, Path p) {
        return allowed.stream().anyMatch(a -> p.startsWith(a) && !PRIVATE.contains(a.toString()));
    }

    @Override public String name() { return "mount masks and private /tmp, /run, /dev/shm"; }

    /** The host paths hidden in the sandbox (for the trace header). */
    List<String> masked() {
        return masked;
    }

    @Override
    public void prepare(ChildMemory memory) {
        tmpfs = memory.cString("tmpfs");
        dirMaskData = memory.cString("mode=000,size=4k,nr_inodes=2");
        for (int i = 0; i < PRIVATE.size(); i++) {
            if (Files.isDirectory(Path.of(PRIVATE.get(i)))) {
                privates.add(new Private(memory.cString(PRIVATE.get(i)), memory.cString(PRIVATE_DATA.get(i)), PRIVATE.get(i)));
            }
        }
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
        for (int i = 0; i < keepPlan.size(); i++) {
            Keep k = keepPlan.get(i);
            List<Long> parents = new ArrayList<>();
            for (Path q = k.path().getParent(); q != null && !PRIVATE.contains(q.toString()); q = q.getParent()) {
                parents.addFirst(memory.cString(q.toString()));
            }
            long flags = Mounts.MS_NOSUID | Mounts.MS_NODEV | (k.writable() ? 0 : Mounts.MS_RDONLY) | (k.executable() ? 0 : Mounts.MS_NOEXEC);
            keeps.add(new Prepared(memory.cString(k.path().toString()), memory.cString("/proc/self/fd/" + (KEEP_FD_BASE + i)),
                    Files.isDirectory(k.path()), parents, flags, k.path().toString()));
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
        for (Private p : privates) {
            try {
                child.inject("mount", tmpfs, p.path(), tmpfs, Mounts.MS_NOSUID | Mounts.MS_NODEV, p.data());
            } catch (LinuxException e) {
                throw new LinuxException("mount a private tmpfs on " + p.shown(), e.errno());
            }
        }
        for (int i = 0; i < keeps.size(); i++) {
            Prepared k = keeps.get(i);
            for (long parent : k.parents()) child.injectTolerating(EEXIST, "mkdir", parent, 0755);
            if (k.directory()) {
                child.injectTolerating(EEXIST, "mkdir", k.path(), 0755);
            } else {
                long fd = child.inject("openat", -100, k.path(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
                child.inject("close", fd);
            }
            try {
                child.inject("mount", k.source(), k.path(), 0, Mounts.MS_BIND | Mounts.MS_REC, 0);
                child.inject("mount", 0, k.path(), 0, Mounts.MS_BIND | Mounts.MS_REMOUNT | k.flags(), 0);
            } catch (LinuxException e) {
                throw new LinuxException("bind " + k.shown() + " back", e.errno());
            }
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

package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Bounds the number of processes when RLIMIT_NPROC cannot: the kernel exempts uid 0 from that
 * limit, so for a root caller (root inside is root outside) the sandbox gets a cgroup of the
 * pids controller with {@code pids.max} (cgroups(7)), v2 or v1, whichever is writable. An
 * unprivileged caller is bound by RLIMIT_NPROC (see {@link ResourceLimits}) and needs no cgroup.
 */
final class ProcessCountLimit implements Layer {
    private static final List<Path> PIDS_ROOTS = List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/pids"),
            Path.of("/sys/fs/cgroup/unified"));

    private final long max;
    private Path group;

    ProcessCountLimit(long max) {
        this.max = max;
    }

    /** Whether this layer is needed and possible; null when it can, else why not. */
    static String unavailableReason() {
        if (Libc.getuid() != 0) return null;
        return pidsRoot() != null ? null
                : "process count for uid 0: the kernel exempts root from RLIMIT_NPROC and no writable cgroup pids controller was found";
    }

    static boolean needed() {
        return Libc.getuid() == 0 && pidsRoot() != null;
    }

    private static Path pidsRoot() {
        for (Path root : PIDS_ROOTS) {
            if (Files.isWritable(root.resolve("cgroup.procs")) && hasPids(root)) return root;
        }
        return null;
    }

    private static boolean hasPids(Path root) {
        Path controllers = root.resolve("cgroup.controllers");
        if (!Files.exists(controllers)) return Files.exists(root.resolve("pids.max")) || root.endsWith("pids"); // v1
        try {
            return Files.readAllLines(controllers).stream().anyMatch(l -> l.contains("pids"))
                    && Files.readAllLines(root.resolve("cgroup.subtree_control")).stream().anyMatch(l -> l.contains("pids"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override public String name() { return "process count (cgroup pids.max " + max + ")"; }

    @Override
    public void apply(int pid, Injector child) {
        Path root = pidsRoot();
        removeStale(root);
        group = root.resolve("sandtrace-" + pid);
        try {
            Files.createDirectory(group);
            Files.writeString(group.resolve("pids.max"), Long.toString(max));
            Files.writeString(group.resolve("cgroup.procs"), Integer.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException("cgroup " + group + ": " + e.getMessage(), e);
        }
    }

    /** Groups left by a sandtrace that was SIGKILLed: empty, and their process is gone. */
    private static void removeStale(Path root) {
        try (var groups = Files.list(root)) {
            for (Path g : groups.filter(p -> p.getFileName().toString().startsWith("sandtrace-")).toList()) {
                String pid = g.getFileName().toString().substring("sandtrace-".length());
                if (!Files.exists(Path.of("/proc", pid))) Files.deleteIfExists(g); // fails harmlessly if not empty
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover empty group costs nothing
        }
    }

    /** Removes the (by then empty) cgroup after the run. */
    void cleanUp() {
        if (group == null) return;
        for (int i = 0; i < 50; i++) {
            try {
                Files.deleteIfExists(group);
                return;
            } catch (IOException busy) {
                try {
                    Thread.sleep(20); // the last tasks are still being reaped
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Layer 6c: the limits only a cgroup can set. {@code memory.max} bounds what the sample really
 * uses (resident memory, page cache, its tmpfs files) where an address-space rlimit either
 * stops V8 and JVMs, which reserve far more than they touch, or lets a balloon through;
 * {@code pids.max} bounds a root caller's processes, which RLIMIT_NPROC does not (the kernel
 * exempts uid 0). The groups are created while planning, so that a limit this caller cannot get
 * is known before launch and named in the header's {@code not_enforced}; the child joins them
 * just before seccomp.
 */
final class CgroupLimits implements Layer {
    /** One limit: the controller, its file in v2 and in v1, the value, and what holds without it. */
    record Limit(String controller, String v2File, String v1File, long value, String otherwise) {
        static Limit memory(long bytes) {
            return new Limit("memory", "memory.max", "memory.limit_in_bytes", bytes,
                    "[limits] memory bounds the address space (RLIMIT_AS) instead");
        }

        static Limit pids(long max) {
            return new Limit("pids", "pids.max", "pids.max", max,
                    "the process count of a root caller is not bounded (the kernel exempts uid 0 from RLIMIT_NPROC)");
        }
    }

    private static final String PREFIX = "sandtrace-";
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** The groups made, by the place they were made in (one v2 group can carry several limits). */
    private final Map<Path, Path> groups = new LinkedHashMap<>();
    private final List<Limit> applied = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();

    /** Creates a group for each limit where this caller can; see {@link #unavailable()} for the rest. */
    CgroupLimits(List<Limit> limits) {
        if (limits.isEmpty()) return;
        List<String> mounts = Cgroups.lines(Path.of("/proc/self/mountinfo")), own = Cgroups.lines(Path.of("/proc/self/cgroup"));
        for (Limit limit : limits) {
            String why = place(limit, Cgroups.places(limit.controller(), mounts, own));
            if (why == null) applied.add(limit);
            else unavailable.add(why);
        }
    }

    /** Whether {@code limit} was set (the rest are in {@link #unavailable()}). */
    boolean applies(String controller) {
        return applied.stream().anyMatch(l -> l.controller().equals(controller));
    }

    /** Why a limit could not be set, one line each. */
    List<String> unavailable() { return unavailable; }

    boolean empty() { return applied.isEmpty(); }

    /** The groups created on the host (removed by {@link #cleanUp()}). */
    List<Path> groups() { return List.copyOf(new LinkedHashSet<>(groups.values())); }

    private String place(Limit limit, List<Cgroups.Place> places) {
        String failure = "no " + limit.controller() + " controller is mounted";
        for (Cgroups.Place place : places) {
            removeStale(place.dir());
            Path group = groups.get(place.dir());
            boolean made = group == null;
            try {
                if (made) group = Files.createDirectory(place.dir().resolve(PREFIX + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet()));
                Files.writeString(group.resolve(place.v2() ? limit.v2File() : limit.v1File()), Long.toString(limit.value()));
                noSwap(group, place.v2(), limit);
                groups.put(place.dir(), group);
                return null;
            } catch (IOException | RuntimeException e) {
                failure = place.dir() + ": " + reason(e);
                if (made && group != null) delete(group);
            }
        }
        return limit.v2File() + ": no cgroup this user may create (" + failure + "); " + limit.otherwise();
    }

    /** Swap would let the sample's memory grow past the limit onto the host's disk. Absent without swap accounting. */
    private static void noSwap(Path group, boolean v2, Limit limit) {
        if (!limit.controller().equals("memory")) return;
        Path swap = group.resolve(v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes");
        if (!Files.exists(swap)) return;
        try {
            Files.writeString(swap, v2 ? "0" : Long.toString(limit.value()));
        } catch (IOException ignored) {
            // the memory limit itself holds; swap accounting is off or not allowed here
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String name() {
        List<String> parts = new ArrayList<>();
        for (Limit l : applied) parts.add(l.v2File() + " " + l.value());
        return "cgroup (" + String.join(", ", parts) + ")";
    }

    @Override
    public void apply(int pid, Injector child) {
        for (Path group : new LinkedHashSet<>(groups.values())) {
            try {
                Files.writeString(group.resolve("cgroup.procs"), Integer.toString(pid));
            } catch (IOException e) {
                throw new UncheckedIOException("joining cgroup " + group + ": " + reason(e), e);
            }
        }
    }

    /** Groups left by a sandtrace that was SIGKILLed: empty, and their sandtrace is gone. */
    private static void removeStale(Path dir) {
        try (var entries = Files.list(dir)) {
            for (Path g : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                String owner = g.getFileName().toString().substring(PREFIX.length()).replaceFirst("-.*", "");
                if (!owner.isEmpty() && !Files.exists(Path.of("/proc", owner))) Files.deleteIfExists(g); // fails harmlessly if in use
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover empty group costs nothing
        }
    }

    /** Removes the groups once the run is over (their last tasks may still be being reaped). */
    void cleanUp() {
        Set<Path> all = new LinkedHashSet<>(groups.values());
        groups.clear();
        for (Path g : all) delete(g);
    }

    private static void delete(Path group) {
        for (int i = 0; i < 50; i++) {
            try {
                Files.deleteIfExists(group);
                return;
            } catch (IOException busy) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which descriptors above 2 reach the target (close_range(2) on the rest). The sandbox passes
 * none. --trace-only passes the caller's, as strace does (make's jobserver, {@code <(...)},
 * socket activation), and closes only the JVM's own, which are not close-on-exec: the launcher
 * names the caller's in {@code -Dsandtrace.callerFds} before the JVM opens anything.
 */
final class InheritedFds implements Layer {
    private final List<Integer> kept;

    /** Every descriptor above 2 is closed. */
    InheritedFds() {
        this(List.of());
    }

    /** {@code kept}: descriptors above 2 that stay open. */
    InheritedFds(List<Integer> kept) {
        this.kept = List.copyOf(new TreeSet<>(kept));
    }

    /** The caller's descriptors the launcher named that this process still has open. */
    static List<Integer> callers() {
        String named = System.getProperty("sandtrace.callerFds", "");
        List<Integer> fds = new ArrayList<>();
        for (String f : named.split(",")) {
            try {
                int fd = Integer.parseInt(f.strip());
                if (fd > 2 && Files.exists(Path.of("/proc/self/fd/" + fd))) fds.add(fd);
            } catch (NumberFormatException ignored) {
                // not a descriptor number: nothing to keep
            }
        }
        return fds;
    }

    @Override
    public String name() {
        return kept.isEmpty() ? "inherited fds" : "inherited fds (keeps the caller's " + kept + ")";
    }

    @Override
    public void apply(int pid, Injector child) {
        long from = 3;
        for (int fd : kept) {
            if (fd > from) child.inject("close_range", from, fd - 1, 0);
            from = fd + 1L;
        }
        child.inject("close_range", from, 0xffffffffL, 0);
    }
}

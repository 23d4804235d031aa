package dev.sandtrace.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Paths granted on the command line, merged on top of a policy: {@code --allow-path} (read, write
 * and execute), {@code --allow-read}, {@code --allow-write} (read and write, not execute) and
 * {@code --allow-exec} (execute, which needs read). Relative paths resolve against the working
 * directory.
 */
public record ExtraPaths(List<Path> all, List<Path> read, List<Path> write, List<Path> exec) {
    public static final ExtraPaths NONE = new ExtraPaths(List.of(), List.of(), List.of(), List.of());

    /** Only {@code --allow-path}. */
    public static ExtraPaths of(List<Path> allowPaths) {
        return new ExtraPaths(allowPaths, List.of(), List.of(), List.of());
    }

    /** What these grant reading: every list, since writing and executing need reading too. */
    public List<Path> readable() {
        return absolute(Stream.of(all, read, write, exec));
    }

    public List<Path> writable() {
        return absolute(Stream.of(all, write));
    }

    public List<Path> executable() {
        return absolute(Stream.of(all, exec));
    }

    private static List<Path> absolute(Stream<List<Path>> lists) {
        List<Path> out = new ArrayList<>();
        lists.flatMap(List::stream).map(p -> p.toAbsolutePath().normalize()).filter(p -> !out.contains(p)).forEach(out::add);
        return List.copyOf(out);
    }
}

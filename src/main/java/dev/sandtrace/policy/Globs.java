package dev.sandtrace.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands path globs at launch: {@code *} and {@code ?} within one component, {@code [abc]}, and
 * {@code **} across components (java.nio's glob syntax). A pattern without any of these is the
 * path itself. Expansion walks only below the longest literal prefix, and only as deep as the
 * pattern reaches unless it has {@code **}.
 */
public final class Globs {
    private Globs() {}

    public static boolean isGlob(String pattern) {
        return pattern.contains("*") || pattern.contains("?") || pattern.contains("[");
    }

    /** The existing paths {@code pattern} (absolute) matches, sorted; the path itself when it is no glob. */
    public static List<Path> expand(String pattern) {
        if (!isGlob(pattern)) return List.of(Path.of(pattern));
        Path abs = Path.of(pattern);
        Path base = abs.getRoot();
        int depth = 0;
        boolean literal = true;
        for (Path part : abs) {
            if (literal && !isGlob(part.toString())) {
                base = base.resolve(part);
            } else {
                literal = false;
                depth++;
            }
        }
        if (!Files.isDirectory(base)) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int maxDepth = pattern.contains("**") ? Integer.MAX_VALUE : depth;
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base, maxDepth)) {
            walk.filter(matcher::matches).sorted().forEach(out::add);
        } catch (IOException | UncheckedIOException e) {
            // unreadable parts of the tree cannot hold anything the sandbox could reach through them either
        }
        return out;
    }
}

package dev.sandtrace.sandbox;

import dev.sandtrace.policy.Policy;
import java.nio.file.Path;
import java.util.List;

/**
 * What to start: the resolved program, its argv (argv[0] as the user typed it), environment and
 * working directory. {@code policy} null is --trace-only: the same launch path with no isolation layer.
 */
public record LaunchSpec(Path program, List<String> argv, List<String> environment, Path cwd, Policy policy) {
    public boolean isolate() {
        return policy != null;
    }
}

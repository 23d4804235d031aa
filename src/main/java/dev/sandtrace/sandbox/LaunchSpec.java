package dev.sandtrace.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * What to start: the resolved program, its argv (argv[0] as the user typed it) and environment.
 * {@code isolate} false is --trace-only: the same launch path with no isolation layer.
 */
public record LaunchSpec(Path program, List<String> argv, List<String> environment, boolean isolate) {}

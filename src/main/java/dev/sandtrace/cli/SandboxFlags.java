package dev.sandtrace.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags that adjust a sandbox policy, shared by {@code run} and {@code policy check}. */
final class SandboxFlags {
    @Option(names = "--allow-path", paramLabel = "DIR",
            description = "Allow reading, writing and executing beneath DIR (repeatable).")
    List<Path> allowPaths = new ArrayList<>();

    @Option(names = "--allow-net", description = "Keep the host network (no network namespace).")
    boolean allowNet;
}

package dev.sandtrace.cli;

import dev.sandtrace.policy.ExtraPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags that adjust a sandbox policy, shared by {@code run} and {@code policy check}. */
final class SandboxFlags {
    @Option(names = "--allow-path", paramLabel = "PATH",
            description = "Allow reading, writing and executing beneath PATH (repeatable).")
    List<Path> allowPaths = new ArrayList<>();

    @Option(names = "--allow-read", paramLabel = "PATH", description = "Allow reading beneath PATH (repeatable).")
    List<Path> allowRead = new ArrayList<>();

    @Option(names = "--allow-write", paramLabel = "PATH",
            description = "Allow reading and writing beneath PATH, not executing (repeatable).")
    List<Path> allowWrite = new ArrayList<>();

    @Option(names = "--allow-exec", paramLabel = "PATH",
            description = "Allow executing (and so reading) beneath PATH (repeatable).")
    List<Path> allowExec = new ArrayList<>();

    @Option(names = "--allow-net", description = "Keep the host network (no network namespace).")
    boolean allowNet;

    /** The path flags, merged on top of the policy by PolicyResolver or DefaultPolicy. */
    ExtraPaths paths() {
        return new ExtraPaths(allowPaths, allowRead, allowWrite, allowExec);
    }
}

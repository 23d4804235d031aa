package dev.sandtrace.event;

import java.time.Instant;
import java.util.List;

/**
 * First line of a trace: what ran, where, under which layers, and how it is traced
 * ({@code tracing} "full" or "seccomp", {@code tracingReason} why; {@code traceFilter} the
 * {@code -e trace=} set, null when every syscall is recorded; {@code env} the sorted names of
 * the sandboxed program's environment, never values, null with --trace-only where it inherits
 * sandtrace's).
 */
public record HeaderEvent(long seq, long timeNs, Instant startTime, String sandtraceVersion, List<String> argv,
        String program, String kernelRelease, String arch, String hostname, int uid, List<String> layers,
        String cwd, List<String> masked, List<String> notEnforced, String policy, String policySha256,
        String tracing, String tracingReason, String traceFilter, List<String> env) implements Event {
    public static final int SCHEMA_VERSION = 1;
}

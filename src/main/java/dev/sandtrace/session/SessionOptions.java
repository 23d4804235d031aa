package dev.sandtrace.session;

import dev.sandtrace.sandbox.LaunchSpec;
import java.util.List;

/**
 * Everything one run needs, already validated by the CLI. {@code timeoutSeconds} 0 = none.
 * {@code seccompBpf}: --seccomp-bpf (true), --no-seccomp-bpf (false) or neither (null);
 * {@code everySyscallFor}: what of the requested output needs every syscall, or null (see
 * {@link TracingPlan#decide}). {@code rawConstants}: -X raw, constants shown as numbers.
 */
public record SessionOptions(LaunchSpec launch, List<String> sandtraceArgv, String sandtraceVersion,
        int stringLimit, double timeoutSeconds, String policySource, String policySha256, String traceFilter,
        int fdDetail, Boolean seccompBpf, String everySyscallFor, boolean rawConstants) {
    public SessionOptions(LaunchSpec launch, List<String> sandtraceArgv, String sandtraceVersion, int stringLimit,
            double timeoutSeconds) {
        this(launch, sandtraceArgv, sandtraceVersion, stringLimit, timeoutSeconds, null, null, null, 0, null, null, false);
    }
}

package dev.sandtrace.session;

import dev.sandtrace.sandbox.LaunchSpec;
import java.util.List;

/** Everything one run needs, already validated by the CLI. {@code timeoutSeconds} 0 = none. */
public record SessionOptions(LaunchSpec launch, List<String> sandtraceArgv, String sandtraceVersion,
        int stringLimit, double timeoutSeconds, String policySource, String policySha256, String traceFilter,
        int fdDetail) {
    public SessionOptions(LaunchSpec launch, List<String> sandtraceArgv, String sandtraceVersion, int stringLimit,
            double timeoutSeconds) {
        this(launch, sandtraceArgv, sandtraceVersion, stringLimit, timeoutSeconds, null, null, null, 0);
    }
}

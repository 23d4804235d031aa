package dev.sandtrace.learn;

import dev.sandtrace.event.EventSink;
import dev.sandtrace.output.JsonlWriter;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.sandbox.LaunchSpec;
import dev.sandtrace.session.Outcome;
import dev.sandtrace.session.Session;
import dev.sandtrace.session.SessionOptions;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One sandboxed run of the program being learned, traced in full to a JSONL file with
 * descriptors and sockets resolved (-yy), so that *at calls anchor at their directories and
 * sockets name their protocol.
 */
public final class TracedRun {
    /** What to run: the resolved program, its argv and environment, the working directory; sandtrace's own argv and version for the header. */
    public record Command(Path program, List<String> argv, List<String> environment, Path cwd, List<String> sandtraceArgv,
            String version) {}

    private TracedRun() {}

    /** Runs {@code c} under {@code policy} (from {@code source}, with the text's {@code sha256}), writing the trace to {@code trace}. */
    public static Outcome run(Command c, Policy policy, String source, String sha256, double timeoutSeconds, Path trace)
            throws IOException, InterruptedException {
        List<EventSink> sinks = List.of(new JsonlWriter(new FileOutputStream(trace.toFile()), true));
        SessionOptions options = new SessionOptions(new LaunchSpec(c.program(), c.argv(), c.environment(), c.cwd(), policy),
                c.sandtraceArgv(), c.version(), 32, timeoutSeconds, source, sha256, null, 2, null,
                "learning a policy needs every syscall", false);
        return new Session(options, sinks).run();
    }
}

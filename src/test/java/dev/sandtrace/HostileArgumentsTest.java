package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.SchemaValidator;
import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arguments crafted against the decoders (issue 13): huge and negative iovec and control
 * lengths, times beyond the calendar, counts of everything: every call is one event, the run
 * goes on, and the trace ends in a summary with no internal error, in and out of the sandbox.
 */
class HostileArgumentsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--trace-only", "--chdir=/"})
    void hostileArgumentsNeitherCrashNorCutTheTrace(String mode) throws java.io.IOException {
        Path work = Sandtrace.sharedTempDir("sandtrace-hostile");
        Path fixture = Fixtures.copyInto(work, "hostile_args");
        Path trace = work.resolve("trace.jsonl");
        var r = Sandtrace.run(Sandtrace.NOBODY, work, Duration.ofSeconds(60), Map.of("HOME", work.toString()),
                "run", mode, "--allow-path", work.toString(), "-o", trace.toString(), "--", fixture.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("done");
        assertThat(r.stderr()).doesNotContain("internal error").doesNotContain("Exception");
        Trace t = Trace.read(trace);
        assertThat(t.last().get("event_type")).isEqualTo("summary");
        assertThat(t.ofType("message")).noneMatch(m -> "error".equals(m.get("level")));
        SchemaValidator schema = SchemaValidator.fromResource(SchemaValidator.TRACE_SCHEMA);
        for (Map<String, Object> e : t.events()) assertThat(schema.validate(e)).as("%s", e).isEmpty();
        List<String> names = t.ofType("syscall").stream().map(e -> (String) e.get("syscall")).toList();
        assertThat(names).contains("sendmsg", "recvmsg", "writev", "sendmmsg", "utimensat", "select", "mincore", "getgroups");
    }
}

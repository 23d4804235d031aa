package dev.sandtrace;

import static dev.sandtrace.testutil.Trace.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tracer as an ordinary user (uid 65534 through setpriv): no privilege is needed to trace one's own children. */
class UnprivilegedTraceTest {
    private Path dir;

    @BeforeEach
    void setUp() {
        assumeTrue(Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        dir = Sandtrace.sharedTempDir("sandtrace-unpriv");
    }

    /** A copy of a fixture that uid 65534 can execute wherever the checkout lives. */
    private Path fixture(String name) throws IOException {
        return Fixtures.copyInto(dir, name);
    }

    @Test
    void pipelineIsTracedAsNobody() {
        Path trace = dir.resolve("t.jsonl");
        var r = Sandtrace.run(Sandtrace.NOBODY, dir, Duration.ofSeconds(60),
                "run", "--trace-only", "-o", trace.toString(), "--", "sh", "-c", "id -u; ls / | wc -l");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("65534\n");
        Trace t = Trace.read(trace);
        assertThat(num(t.first(), "uid")).isEqualTo(Sandtrace.NOBODY);
        assertThat(t.pidOfExec("wc")).isPositive();
        assertThat(t.pidOfExec("ls")).isPositive();
        assertThat(t.last().get("event_type")).isEqualTo("summary");
    }

    @Test
    void threadsAndExecFromAThreadAsNobody() throws IOException {
        Path trace = dir.resolve("threads.jsonl");
        var r = Sandtrace.run(Sandtrace.NOBODY, dir, Duration.ofSeconds(60),
                "run", "--trace-only", "-o", trace.toString(), "--", fixture("threads_exec").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).endsWith("exec-from-thread\n");
        assertThat(Trace.read(trace).process("exec")).hasSize(2);
    }

    @Test
    void timeoutAndCrashExitCodesAsNobody() throws IOException {
        var timeout = Sandtrace.run(Sandtrace.NOBODY, dir, Duration.ofSeconds(60),
                "run", "--trace-only", "--timeout", "1", "--", fixture("busy_loop").toString());
        assertThat(timeout.exitCode()).isEqualTo(124);
        var crash = Sandtrace.run(Sandtrace.NOBODY, dir, Duration.ofSeconds(60),
                "run", "--trace-only", "--", fixture("segv").toString());
        assertThat(crash.exitCode()).isEqualTo(139);
    }
}

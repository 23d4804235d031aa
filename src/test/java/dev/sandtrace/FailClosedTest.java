package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A layer that cannot be applied stops the run before the target executes, exit 125, with a
 * message naming the step, the syscall and errno, and what to do. The refusals here are real:
 * sandtrace runs inside sandtrace, whose seccomp filter forbids new namespaces and ptrace.
 */
class FailClosedTest {
    private Sandtrace.Result nested(Path work, String... innerArgs) {
        List<String> args = new ArrayList<>(List.of("run", "--allow-path", work.toString(), "--allow-path",
                Sandtrace.classpathDir().toString(), "--"));
        args.addAll(Sandtrace.javaCommand());
        args.addAll(List.of(innerArgs));
        return Sandtrace.run(-1, work, Duration.ofSeconds(90), args.toArray(String[]::new));
    }

    @Test
    void namespacesRefusedByTheKernelStopTheRunBeforeTheTarget() {
        Path work = Sandtrace.sharedTempDir("sandtrace-failclosed");
        Path marker = work.resolve("target-ran");
        var r = nested(work, "run", "--", "/bin/sh", "-c", "touch " + marker);
        assertThat(r.exitCode()).as("the outer run reports the inner sandtrace's exit code").isEqualTo(125);
        assertThat(r.stderr()).contains("sandtrace: error: clone: EPERM (Operation not permitted)")
                .contains("refused to create the namespaces").contains("sandtrace doctor")
                .contains("sandbox setup failed at clone");
        assertThat(marker).doesNotExist();
    }

    @Test
    void ptraceRefusedStopsATraceOnlyRunBeforeTheTarget() {
        Path work = Sandtrace.sharedTempDir("sandtrace-failclosed");
        Path marker = work.resolve("target-ran");
        var r = nested(work, "run", "--trace-only", "--", "/bin/sh", "-c", "touch " + marker);
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("ptrace seize").contains("EPERM").contains("ptrace is not allowed here");
        assertThat(marker).doesNotExist();
    }

    @Test
    void doctorReportsEveryLayerAndRunsTheSandbox() {
        var r = Sandtrace.run("doctor");
        assertThat(r.stdout()).contains("user namespaces").contains("landlock").contains("seccomp").contains("ptrace")
                .contains("sandboxed run");
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.stdout()).contains("The default sandbox runs here.");
    }

    @Test
    void doctorInsideASandboxSaysTheSandboxCannotRunAndExitsNonZero() {
        Path work = Sandtrace.sharedTempDir("sandtrace-failclosed");
        var r = nested(work, "doctor");
        assertThat(r.stdout()).contains("FAIL  sandboxed run").contains("cannot run here");
        assertThat(r.exitCode()).isEqualTo(1);
    }
}

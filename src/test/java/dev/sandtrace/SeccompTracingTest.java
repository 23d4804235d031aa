package dev.sandtrace;

import static dev.sandtrace.testutil.Trace.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * seccomp-bpf tracing (strace --seccomp-bpf): real programs traced by a real sandtrace, once
 * with the accelerated mode and where it matters once with --no-seccomp-bpf, compared on what
 * the host sees: the JSONL, the target's output and exit code, the kernel's view of the target
 * (/proc/self/status) and how often it stopped.
 */
class SeccompTracingTest {
    private static final String SELECTED = "trace=openat,write,close";

    private Path dir;

    @BeforeEach
    void setUp() {
        dir = Sandtrace.sharedTempDir("sandtrace-seccomp");
    }

    private Path fixture(String name) throws IOException {
        return Fixtures.copyInto(dir, name);
    }

    private Trace run(String name, String... args) {
        Path file = dir.resolve(name + ".jsonl");
        List<String> all = new ArrayList<>(List.of("run", "--trace-only", "-o", file.toString()));
        all.addAll(List.of(args));
        var r = Sandtrace.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isNotIn(2, 125);
        return Trace.read(file);
    }

    /** name = return value, args as decoded: what must be the same however the run was traced. */
    private static List<String> calls(Trace t) {
        return t.ofType("syscall").stream()
                .map(e -> e.get("syscall") + Trace.decoded(e).toString() + " = " + e.get("return_value"))
                .sorted().toList();
    }

    @Test
    void onlyTheSelectedSyscallsStopTheTargetAndTheyAreRecordedAsInAFullTrace() throws IOException {
        Path mix = fixture("accel_mix");
        var accelerated = Sandtrace.run("run", "--trace-only", "-e", SELECTED, "-o", dir.resolve("fast.jsonl").toString(), "--", mix.toString());
        assertThat(accelerated.exitCode()).isEqualTo(3);
        assertThat(accelerated.stdout()).isEqualTo("accel\nthread\n");
        Trace fast = Trace.read(dir.resolve("fast.jsonl"));
        Trace full = run("full", "--no-seccomp-bpf", "-e", SELECTED, "--", mix.toString());

        assertThat(fast.first().get("tracing")).isEqualTo("seccomp");
        assertThat(fast.first().get("tracing_reason").toString()).contains("-e " + SELECTED);
        assertThat(fast.first().get("trace_filter")).isEqualTo(SELECTED.substring("trace=".length()));
        assertThat(full.first().get("trace_filter")).isEqualTo(SELECTED.substring("trace=".length()));
        assertThat(full.first().get("tracing")).isEqualTo("full");
        assertThat(fast.ofType("syscall")).extracting(e -> e.get("syscall")).isNotEmpty().allSatisfy(n -> assertThat(n).isIn("openat", "write", "close"));
        assertThat(calls(fast)).isEqualTo(calls(full));
        assertThat(fast.syscalls("write")).anySatisfy(e -> {
            assertThat(Trace.decoded(e)).containsEntry("fd", 1L).containsEntry("buf", "accel\n");
            assertThat(num(e, "return_value")).isEqualTo(6);
            assertThat(e.get("finished")).isEqualTo(true);
        });
        assertThat(fast.syscalls("openat")).anySatisfy(e -> assertThat(Trace.decoded(e).get("pathname")).isEqualTo("/dev/null"));
        // 2000 untraced getppid calls: two stops each when every syscall stops, none with the filter
        assertThat(num(full.summary(), "ptrace_stops")).isGreaterThan(4000);
        assertThat(num(fast.summary(), "ptrace_stops")).isLessThan(200);
    }

    @Test
    void processesThreadsAndSignalsAreFollowedAsInAFullTrace() throws IOException {
        Path mix = fixture("accel_mix");
        Trace fast = run("fast", "-e", SELECTED, "--", mix.toString());
        long pid = fast.pidOfExec("accel_mix");
        assertThat(fast.process("spawned")).extracting(e -> e.get("via")).containsExactlyInAnyOrder("thread", "fork");
        assertThat(fast.syscalls("write")).anySatisfy(e -> {
            assertThat(Trace.decoded(e)).containsEntry("buf", "thread\n");
            assertThat(num(e, "pid")).isEqualTo(pid);
            assertThat(num(e, "tid")).isNotEqualTo(pid);
        });
        assertThat(fast.process("exec")).extracting(e -> e.get("path")).containsExactly(mix.toString(), "/bin/true");
        assertThat(fast.process("exec").get(1).get("argv")).isEqualTo(List.of("true"));
        assertThat(fast.ofType("signal")).extracting(e -> e.get("signal")).containsExactly("SIGCHLD", "SIGUSR1");
        assertThat(fast.process("exited")).extracting(e -> num(e, "exit_code")).contains(0L, 3L);
        assertThat(num(fast.summary(), "exit_code")).isEqualTo(3);
    }

    /** The fixtures of the full-tracing tests, accelerated: the same exit codes and the same processes. */
    @ParameterizedTest
    @ValueSource(strings = {"fork_tree", "threads_exec", "sigchld_handler", "stop_cont", "kill_race"})
    void fixturesBehaveAsUntracedUnderSeccompTracing(String name) throws IOException {
        Path program = fixture(name);
        Trace fast = run(name, "-e", "trace=process", "--", program.toString());
        Trace full = run(name + "-full", "--no-seccomp-bpf", "-e", "trace=process", "--", program.toString());
        assertThat(fast.first().get("tracing")).isEqualTo("seccomp");
        assertThat(num(fast.summary(), "exit_code")).isZero();
        assertThat(num(fast.summary(), "process_count")).isEqualTo(num(full.summary(), "process_count"));
        assertThat(fast.process("exec")).hasSameSizeAs(full.process("exec"));
    }

    @Test
    void i386AndX32CallsStayVisible() throws IOException {
        Path escape = fixture("escape");
        Trace int80 = run("int80", "-e", "trace=write", "--", escape.toString(), "int80");
        assertThat(int80.first().get("tracing")).isEqualTo("seccomp");
        assertThat(int80.ofType("syscall")).anySatisfy(e -> {
            assertThat(e.get("arch")).isEqualTo("i386");
            assertThat(e.get("syscall")).isEqualTo("getpid");
        });
        Trace x32 = run("x32", "-e", "trace=write", "--", escape.toString(), "x32");
        assertThat(x32.ofType("syscall")).anySatisfy(e -> assertThat(num(e, "syscall_nr")).isEqualTo(0x40000000L | 39));
    }

    @Test
    void theDefaultTerminalLevelIsAcceleratedAndSaysSo() {
        var r = Sandtrace.run("run", "--trace-only", "--", "sh", "-c", "ls / > /dev/null; exit 4");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).containsPattern("\\+\\+\\+ exec \\S*/ls ").containsPattern("sh exited with 4 · \\d+ traced syscalls");
        var verbose = Sandtrace.run("run", "--trace-only", "-v", "-e", "trace=write", "--", "/bin/true");
        assertThat(verbose.stderr()).contains("sandtrace: tracing with seccomp-bpf: -e trace=write: only ");
    }

    @Test
    void outputsThatNeedEverySyscallAreTracedFully() {
        Trace jsonl = run("all", "--", "/bin/true");
        assertThat(jsonl.first().get("tracing")).isEqualTo("full");
        assertThat(jsonl.first().get("tracing_reason").toString()).contains("-o");
        assertThat(run("everything", "-e", "trace=all", "--", "/bin/true").first().get("tracing")).isEqualTo("full");
        var verbose = Sandtrace.run("run", "--trace-only", "-vv", "/bin/true");
        assertThat(verbose.stderr()).contains("] exit_group(0)").doesNotContain("seccomp").doesNotContain("traced syscalls");
        var insisted = Sandtrace.run("run", "--trace-only", "--seccomp-bpf", "-c", "/bin/true");
        assertThat(insisted.exitCode()).isZero();
        assertThat(insisted.stderr()).contains("sandtrace: warning: seccomp-bpf not used: -c without -e trace= needs every syscall");
    }

    /** The sandbox denies with EPERM by default: such a refusal makes no ptrace stop, so the run stops at every syscall. */
    @Test
    void aSandboxThatAnswersWithErrnoIsTracedFullyAndItsDenialsStayVisible() {
        Path file = dir.resolve("sandbox.jsonl");
        var r = Sandtrace.run(-1, Path.of("/"), java.time.Duration.ofSeconds(60), "run", "-v", "-e", "trace=write", "-o", file.toString(),
                "--", "unshare", "-U", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("tracing every syscall: the sandbox answers denied syscalls with SECCOMP_RET_ERRNO");
        Trace t = Trace.read(file);
        assertThat(t.first().get("tracing")).isEqualTo("full");
        assertThat(t.ofType("violation")).anySatisfy(v -> {
            assertThat(v.get("layer")).isEqualTo("seccomp");
            assertThat(v.get("syscall")).isEqualTo("unshare");
        });
    }

    /** With the kill action every verdict is observable, so the sandbox's own filter returns SECCOMP_RET_TRACE. */
    @Test
    void aSandboxThatKillsIsAcceleratedAndItsDenialsStayVisible() {
        Path file = dir.resolve("kill.jsonl");
        var r = Sandtrace.run(-1, Path.of("/"), java.time.Duration.ofSeconds(60), "run", "--seccomp-action", "kill", "-e", "trace=write",
                "-o", file.toString(), "--",
                "sh", "-c", "cat /etc/shadow; echo done; unshare -U true");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(128 + 31);
        assertThat(r.stdout()).isEqualTo("done\n");
        Trace t = Trace.read(file);
        assertThat(t.first().get("tracing")).isEqualTo("seccomp");
        assertThat(t.ofType("syscall")).extracting(e -> e.get("syscall")).containsOnly("write");
        assertThat(t.ofType("violation")).anySatisfy(v -> {
            assertThat(v.get("layer")).isEqualTo("mount mask");
            assertThat(v.get("syscall")).isEqualTo("openat");
            assertThat(v.get("target")).isEqualTo("/etc/shadow");
        }).anySatisfy(v -> {
            assertThat(v.get("layer")).isEqualTo("seccomp");
            assertThat(v.get("reason").toString()).contains("SIGSYS");
        });
        assertThat(t.process("signaled")).anySatisfy(e -> assertThat(e.get("signal")).isEqualTo("SIGSYS"));
    }

    @Test
    void anUnprivilegedTargetRunsUnderNoNewPrivsAndTheFilter() throws IOException {
        assumeTrue(Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        Path file = dir.resolve("nobody.jsonl");
        var r = Sandtrace.run(Sandtrace.NOBODY, dir, Duration.ofSeconds(60), "run", "--trace-only", "-e", "trace=write",
                "-o", file.toString(), "--", "grep", "-E", "^(NoNewPrivs|Seccomp):", "/proc/self/status");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("NoNewPrivs:\t1\nSeccomp:\t2\n");
        Trace t = Trace.read(file);
        assertThat(t.first().get("tracing")).isEqualTo("seccomp");
        assertThat(t.syscalls("write")).singleElement().satisfies(e -> assertThat(num(e, "return_value")).isEqualTo(25));
        assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("NoNewPrivs:\t0"), "the tests run under no_new_privs");
        var root = Sandtrace.run("run", "--trace-only", "-e", "trace=write", "--", "grep", "^NoNewPrivs:", "/proc/self/status");
        assertThat(root.stdout()).as("root needs no no_new_privs").isEqualTo("NoNewPrivs:\t0\n");
    }

    /** sandtrace itself under a filter that refuses seccomp(2): the run falls back and says so in one line. */
    @Test
    void aRefusedFilterFallsBackToFullTracingWithANotice() throws Exception {
        Path denier = fixture("deny_seccomp");
        Path file = dir.resolve("fallback.jsonl");
        List<String> cmd = new ArrayList<>(List.of(denier.toString()));
        cmd.addAll(Sandtrace.javaCommand());
        cmd.addAll(List.of("run", "--trace-only", "-e", "trace=write", "-o", file.toString(), "--", "/bin/echo", "hi"));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var err = p.getErrorStream();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stdout).isEqualTo("hi\n");
        assertThat(stderr.lines().filter(l -> l.contains("seccomp")).toList()).singleElement().satisfies(l ->
                assertThat(l).startsWith("sandtrace: warning: seccomp-bpf not used: ").contains("EPERM"));
        Trace t = Trace.read(file);
        assertThat(t.first().get("tracing")).isEqualTo("full");
        assertThat(t.first().get("tracing_reason").toString()).contains("could not be installed");
        assertThat(t.syscalls("write")).singleElement();
        assertThat(num(t.summary(), "ptrace_stops")).as("every syscall stopped").isGreaterThan(40);
    }
}

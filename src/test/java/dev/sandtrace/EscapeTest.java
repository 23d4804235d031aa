package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Escape attempts by a small C program, each run twice: in the sandbox, where it must be
 * blocked, and with --trace-only, where the same attempt must succeed (or at least reach the
 * kernel), which shows that the sandbox, not the test, made the difference. What can be checked
 * from the host (files, listeners, processes) is checked there.
 */
class EscapeTest {
    private Path work;
    private Path home;
    private Path escape;

    @BeforeEach
    void setUp() throws IOException {
        work = Sandtrace.sharedTempDir("sandtrace-escape");
        home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY----- fake\n");
        escape = work.resolve("escape");
        Files.copy(Fixtures.compile("escape"), escape, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(escape, PosixFilePermissions.fromString("rwxr-xr-x"));
        // everything under work/ is readable by the unprivileged uid too
        for (Path p : List.of(work, home, home.resolve(".ssh"))) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(home.resolve(".ssh/id_rsa"), PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    private Sandtrace.Result attempt(boolean sandboxed, int uid, String... attemptArgs) {
        List<String> args = new ArrayList<>(List.of("run"));
        if (sandboxed) args.addAll(List.of("--allow-path", work.toString()));
        else args.add("--trace-only");
        args.addAll(List.of("-o", work.resolve((sandboxed ? "sandbox-" : "traced-") + attemptArgs[0] + ".jsonl").toString(), "--",
                escape.toString()));
        args.addAll(List.of(attemptArgs));
        Map<String, String> env = Map.of("HOME", home.toString());
        return Sandtrace.run(uid, work, Duration.ofSeconds(60), env, args.toArray(String[]::new));
    }

    private static void assertBlocked(Sandtrace.Result r, String errno) {
        assertThat(r.stdout()).as("sandboxed: " + r.stderr()).doesNotContain("ESCAPED").contains("BLOCKED errno=").contains(errno);
    }

    private static void assertEscaped(Sandtrace.Result r) {
        assertThat(r.stdout()).as("--trace-only: " + r.stderr()).contains("ESCAPED");
    }

    /** Syscalls the filter denies: EPERM in the sandbox; with --trace-only the kernel's own answer, never EPERM. */
    @ParameterizedTest
    @ValueSource(strings = {"unshare", "clone-ns", "io_uring", "open_by_handle_at", "keyctl", "bpf", "perf_event_open",
            "userfaultfd", "kexec_load", "init_module", "reboot", "swapon", "acct", "x32", "setns"})
    void deniedSyscallsGetEpermFromSeccomp(String syscall) {
        var sandboxed = attempt(true, -1, syscall);
        assertBlocked(sandboxed, "(EPERM)");
        var traced = attempt(false, -1, syscall);
        assertThat(traced.stdout()).as(traced.stderr()).doesNotContain("(EPERM)");
        assertThat(Trace.read(work.resolve("sandbox-" + syscall + ".jsonl")).ofType("violation"))
                .anySatisfy(v -> assertThat(v.get("layer")).isEqualTo("seccomp"));
    }

    @Test
    void mountIsDenied() throws IOException {
        Path target = Files.createDirectories(work.resolve("mnt"));
        assertBlocked(attempt(true, -1, "mount", target.toString()), "(EPERM)");
        assumeTrue(Sandtrace.isRoot(), "mounting for real needs root");
        assertEscaped(attempt(false, -1, "mount", target.toString()));
    }

    @Test
    void clone3GetsEnosysSoLibcFallsBackToClone() {
        assertBlocked(attempt(true, -1, "clone3"), "(ENOSYS)");
        assertEscaped(attempt(false, -1, "clone3"));
    }

    @Test
    void i386SyscallsThroughInt80AreKilled() {
        var sandboxed = attempt(true, -1, "int80");
        assertThat(sandboxed.stdout()).doesNotContain("ESCAPED");
        assertThat(sandboxed.exitCode()).as("killed by SIGSYS").isEqualTo(128 + 31);
        Trace trace = Trace.read(work.resolve("sandbox-int80.jsonl"));
        assertThat(trace.ofType("violation")).anySatisfy(v -> {
            assertThat(v.get("reason").toString()).contains("SIGSYS");
            assertThat(v.get("syscall")).isEqualTo("getpid");
        });
        assertThat(trace.ofType("syscall")).filteredOn(e -> "i386".equals(e.get("arch")))
                .as("the killed call never returned").singleElement().satisfies(e -> assertThat(e.get("finished")).isEqualTo(false));
        assertEscaped(attempt(false, -1, "int80"));
    }

    @Test
    void aSecretUnderADeniedPathCannotBeRead() {
        String secret = home.resolve(".ssh/id_rsa").toString();
        var sandboxed = attempt(true, -1, "read", secret);
        assertThat(sandboxed.stdout()).doesNotContain("ESCAPED");
        assertThat(sandboxed.stderr()).contains("DENIED by mount mask");
        assertEscaped(attempt(false, -1, "read", secret));
    }

    @Test
    void aSymlinkInAWritableDirectoryDoesNotReachTheSecret() throws IOException {
        Path link = Files.createSymbolicLink(work.resolve("innocent"), home.resolve(".ssh/id_rsa"));
        assertThat(attempt(true, -1, "read", link.toString()).stdout()).doesNotContain("ESCAPED");
        assertEscaped(attempt(false, -1, "read", link.toString()));
    }

    @Test
    void writingOutsideTheAllowedPathsFailsAndNothingAppearsOnTheHost() throws IOException {
        Path outside = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).resolve("sandtrace-outside-" + ProcessHandle.current().pid()));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path target = outside.resolve("planted");
        Files.deleteIfExists(target);
        assertBlocked(attempt(true, -1, "write", target.toString()), "errno=");
        assertThat(target).doesNotExist();
        assertEscaped(attempt(false, -1, "write", target.toString()));
        assertThat(target).exists();
        Files.delete(target);
    }

    @Test
    void aListenerOnTheHostLoopbackIsUnreachable() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(listener.getLocalPort());
            assertBlocked(attempt(true, -1, "connect-tcp", port), "(ECONNREFUSED)");
            assertEscaped(attempt(false, -1, "connect-tcp", port));
        }
    }

    @Test
    void allowNetKeepsTheHostNetwork() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(listener.getLocalPort());
            List<String> args = List.of("run", "--allow-net", "--allow-path", work.toString(), "--", escape.toString(),
                    "connect-tcp", port);
            var r = Sandtrace.run(-1, work, Duration.ofSeconds(60), args.toArray(String[]::new));
            assertThat(r.stdout()).as(r.stderr()).contains("ESCAPED connect");
        }
    }

    @Test
    void allowPortRestrictsTcpConnectToTheListedPorts() throws IOException {
        try (ServerSocket allowed = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                ServerSocket other = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(allowed.getLocalPort());
            String otherPort = Integer.toString(other.getLocalPort());
            var ok = Sandtrace.run(-1, work, Duration.ofSeconds(60), "run", "--allow-net", "--allow-port", port,
                    "--allow-path", work.toString(), "--", escape.toString(), "connect-tcp", port);
            assertThat(ok.stdout()).as(ok.stderr()).contains("ESCAPED connect");
            var denied = Sandtrace.run(-1, work, Duration.ofSeconds(60), "run", "--allow-net", "--allow-port", port,
                    "--allow-path", work.toString(), "--", escape.toString(), "connect-tcp", otherPort);
            assertBlocked(denied, "(EACCES)");
            assertThat(denied.stderr()).contains("DENIED by landlock").contains("TCP port");
        }
    }

    @Test
    void theKillActionKillsTheProcessThatMakesADeniedSyscall() {
        var r = Sandtrace.run(-1, work, Duration.ofSeconds(60), "run", "--seccomp-action", "kill",
                "--allow-path", work.toString(), "--", escape.toString(), "unshare");
        assertThat(r.exitCode()).isEqualTo(128 + 31);
        assertThat(r.stdout()).doesNotContain("ESCAPED").doesNotContain("BLOCKED");
        assertThat(r.stderr()).contains("DENIED by seccomp: unshare").contains("SIGSYS");
    }

    /** The program named on the command line always runs (docs/policy.md); what it starts from elsewhere does not. */
    @Test
    void onlyTheNamedProgramRunsFromOutsideTheAllowedPaths() {
        var named = Sandtrace.run(-1, Path.of("/"), Duration.ofSeconds(60), "run", "--", escape.toString(), "caps");
        assertThat(named.stdout()).as(named.stderr()).contains("BLOCKED").doesNotContain("ESCAPED");
        var started = Sandtrace.run(-1, Path.of("/"), Duration.ofSeconds(60), "run", "--", "/bin/sh", "-c", escape + " caps");
        assertThat(started.exitCode()).as("not visible (private /tmp) or not executable").isIn(126, 127);
        assertThat(started.stdout()).doesNotContain("BLOCKED").doesNotContain("ESCAPED");
    }

    @Test
    void aNamedProgramUnderAMaskIsNotExecutedAndTheMessageSaysWhy() throws IOException {
        Path hidden = Files.copy(escape, home.resolve(".ssh/escape"), StandardCopyOption.REPLACE_EXISTING);
        var r = Sandtrace.run(-1, Path.of("/"), Duration.ofSeconds(60), Map.of("HOME", home.toString()), "run", "--", hidden.toString(), "caps");
        assertThat(r.exitCode()).as("masked: not visible or not executable").isIn(126, 127);
        assertThat(r.stderr()).contains("cannot execute").contains("--allow-path");
        assertThat(r.stdout()).doesNotContain("NoNewPrivs");
    }

    @Test
    void aHostAbstractUnixSocketIsUnreachable() throws Exception {
        String name = "sandtrace-escape-" + ProcessHandle.current().pid();
        Process host = new ProcessBuilder(Fixtures.compile("escape").toString(), "listen-abstract", name).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("READY");
            assertBlocked(attempt(true, -1, "connect-abstract", name), "errno=");
            assertEscaped(attempt(false, -1, "connect-abstract", name));
        } finally {
            host.destroyForcibly().waitFor();
        }
    }

    /** Landlock does not mediate connect(2) to pathname sockets: the private /run (and /tmp) must hide them. */
    @Test
    void aHostUnixSocketUnderRunIsUnreachable() throws Exception {
        Path socket = Path.of("/run/sandtrace-escape-" + ProcessHandle.current().pid() + ".sock");
        Process host = new ProcessBuilder(Fixtures.compile("escape").toString(), "listen-path", socket.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("READY");
            assertBlocked(attempt(true, -1, "connect-path", socket.toString()), "errno=");
            assertEscaped(attempt(false, -1, "connect-path", socket.toString()));
        } finally {
            host.destroyForcibly().waitFor();
            Files.deleteIfExists(socket);
        }
    }

    /** An allowed path under /tmp is bound back into the private /tmp: read-only when only reading is allowed. */
    @Test
    void aReadOnlyAllowedPathUnderTmpStaysReadOnly() throws IOException {
        Path ro = Sandtrace.sharedTempDir("sandtrace-ro");
        Path data = Files.writeString(ro.resolve("data"), "original\n");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path policy = Files.writeString(work.resolve("ro.toml"), "include = [\"default\"]\n[filesystem]\nallow_read = [\"" + ro
                + "\"]\nallow_exec = [\"" + work + "\"]\n");
        var r = Sandtrace.run(-1, work, Duration.ofSeconds(60), "run", "--policy", policy.toString(), "--",
                escape.toString(), "write", data.toString());
        assertThat(r.stdout()).as(r.stderr()).contains("BLOCKED errno=30 (EROFS)");
        assertThat(Files.readString(data)).isEqualTo("original\n");
        assertEscaped(attempt(false, -1, "write", data.toString()));
    }

    @Test
    void sharedMemoryIsPrivate() throws IOException {
        Path planted = Path.of("/dev/shm/sandtrace-escape-" + ProcessHandle.current().pid());
        Files.deleteIfExists(planted);
        var r = attempt(true, -1, "write", planted.toString());
        assertThat(r.stdout()).contains("ESCAPED"); // writable inside, as the policy allows
        assertThat(planted).as("but only in the sandbox's own /dev/shm").doesNotExist();
        assertEscaped(attempt(false, -1, "write", planted.toString()));
        assertThat(planted).exists();
        Files.delete(planted);
    }

    @Test
    void hostProcessesCannotBeSignalled() throws Exception {
        Process victim = new ProcessBuilder("sleep", "60").start();
        try {
            String pid = Long.toString(victim.pid());
            assertBlocked(attempt(true, -1, "kill", pid), "(ESRCH)");
            assertBlocked(attempt(true, -1, "kill-all"), "(ESRCH)");
            assertEscaped(attempt(false, -1, "kill", pid));
            assertEscaped(attempt(false, -1, "kill-all"));
            assertThat(victim.isAlive()).isTrue();
        } finally {
            victim.destroyForcibly().waitFor();
        }
    }

    @Test
    void ptraceOfAHostProcessIsDenied() throws Exception {
        Process victim = new ProcessBuilder("sleep", "60").start();
        try {
            assertBlocked(attempt(true, -1, "ptrace", Long.toString(victim.pid())), "(EPERM)");
            assertEscaped(attempt(false, -1, "ptrace", Long.toString(victim.pid())));
        } finally {
            victim.destroyForcibly().waitFor();
        }
    }

    @Test
    void theParentsMemoryIsOutOfReach() {
        assertBlocked(attempt(true, -1, "proc-mem"), "errno=");
        assumeTrue(Sandtrace.isRoot(), "opening another process's memory for writing needs root");
        assertEscaped(attempt(false, -1, "proc-mem"));
    }

    @Test
    void noCapabilitiesAndNoNewPrivsInside() {
        var sandboxed = attempt(true, -1, "caps");
        assertThat(sandboxed.stdout()).contains("NoNewPrivs=1 CapEff0=1 CapBnd0=1");
        assertEscaped(attempt(false, -1, "caps"));
    }

    @Test
    void aDoubleForkedDaemonDiesWithTheSandbox() {
        attempt(true, -1, "daemon");
        Trace sandboxed = Trace.read(work.resolve("sandbox-daemon.jsonl"));
        assertThat(sandboxed.process("signaled")).as("the daemon is killed when PID 1 exits")
                .anySatisfy(e -> assertThat(e.get("signal")).isEqualTo("SIGKILL"));
        Trace traced = Trace.read(work.resolve("traced-daemon.jsonl").toFile().exists() ? work.resolve("traced-daemon.jsonl") : prepareTraced());
        assertThat(traced.process("signaled")).as("untraced, the daemon lives on after its parent").isEmpty();
    }

    private Path prepareTraced() {
        attempt(false, -1, "daemon");
        return work.resolve("traced-daemon.jsonl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiocsti", "tiocsti-high"})
    void terminalInjectionIsDeniedWhateverTheHighBits(String attempt) {
        var sandboxed = attempt(true, -1, attempt);
        assertBlocked(sandboxed, "(EPERM)");
        assertThat(Trace.read(work.resolve("sandbox-" + attempt + ".jsonl")).ofType("violation"))
                .anySatisfy(v -> assertThat(v.get("reason").toString()).contains("TIOCSTI"));
        assumeTrue(Sandtrace.isRoot(), "TIOCSTI on a terminal that is not one's own needs CAP_SYS_ADMIN");
        assertEscaped(attempt(false, -1, attempt));
    }

    /**
     * Only fds 0-2 reach the target. --trace-only closes the rest too (the JVM's own would leak
     * otherwise), so the fixture's ability to see a leaked fd is shown by running it directly.
     */
    @Test
    void aDescriptorLeakedWithoutCloexecIsClosed() throws Exception {
        List<String> sandbox = new ArrayList<>(List.of("exec 7</etc/hostname; exec \"$@\"", "sh"));
        sandbox.addAll(Sandtrace.javaCommand());
        sandbox.addAll(List.of("run", "--allow-path", work.toString(), "--", escape.toString(), "fd", "7"));
        List<String> cmd = new ArrayList<>(List.of("sh", "-c"));
        cmd.addAll(sandbox);
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).contains("BLOCKED errno=9 (EBADF)");
        Process direct = new ProcessBuilder("sh", "-c", "exec 7</etc/hostname; exec \"$0\" fd 7", escape.toString()).start();
        assertThat(new String(direct.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("ESCAPED");
        direct.waitFor();
    }

    @Test
    void aForkBombIsBounded() throws IOException {
        List<Path> before = sandtraceCgroups();
        var sandboxed = attempt(true, -1, "forkbomb", "1500");
        assertBlocked(sandboxed, "(EAGAIN)");
        assertThat(sandboxed.stdout()).containsPattern("forked 10[0-2][0-9] of 1500");
        assertThat(sandtraceCgroups()).as("the run's cgroup is removed afterwards").isEqualTo(before);
        assertEscaped(attempt(false, -1, "forkbomb", "1500"));
    }

    private static List<Path> sandtraceCgroups() throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/pids");
        if (!Files.isDirectory(v1)) return List.of();
        try (var groups = Files.list(v1)) {
            return groups.filter(p -> p.getFileName().toString().startsWith("sandtrace-")).sorted().toList();
        }
    }

    @Test
    void aForkBombIsBoundedForAnUnprivilegedUserToo() {
        assumeTrue(Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        assertBlocked(attempt(true, Sandtrace.NOBODY, "forkbomb", "1500"), "(EAGAIN)");
    }

    /** The same sandbox for an ordinary user: the layers need no privilege. */
    @ParameterizedTest
    @ValueSource(strings = {"unshare", "io_uring", "keyctl", "x32"})
    void unprivilegedUserGetsTheSameSandbox(String syscall) {
        assumeTrue(Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        assertBlocked(attempt(true, Sandtrace.NOBODY, syscall), "(EPERM)");
        assertThat(attempt(false, Sandtrace.NOBODY, syscall).stdout()).doesNotContain("(EPERM)");
    }

    @Test
    void unprivilegedUserCannotReadTheSecretOrReachTheHost() throws IOException {
        assumeTrue(Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        var secret = attempt(true, Sandtrace.NOBODY, "read", home.resolve(".ssh/id_rsa").toString());
        assertThat(secret.stdout()).as(secret.stderr()).doesNotContain("ESCAPED").contains("BLOCKED");
        assertEscaped(attempt(false, Sandtrace.NOBODY, "read", home.resolve(".ssh/id_rsa").toString()));
        var caps = attempt(true, Sandtrace.NOBODY, "caps");
        assertThat(caps.stdout()).contains("NoNewPrivs=1 CapEff0=1 CapBnd0=1");
    }
}

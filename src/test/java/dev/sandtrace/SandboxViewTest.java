package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's view of the host (issue 11): the sample sees only what the policy grants, can
 * change nothing outside the writable paths, and a root caller's sample is nobody on the host.
 * Every attempt runs in the sandbox, where it must fail with the host unchanged, and with
 * --trace-only, where the same attempt succeeds: the sandbox made the difference.
 */
class SandboxViewTest {
    private static final int ROOT = -1;
    private Path work;
    private Path escape;

    @BeforeEach
    void setUp() throws IOException {
        work = Sandtrace.sharedTempDir("sandtrace-view");
        escape = Fixtures.copyInto(work, "escape");
    }

    private Sandtrace.Result attempt(int uid, List<String> runOptions, String... attempt) {
        List<String> args = new ArrayList<>(List.of("run", "--allow-path", work.toString()));
        args.addAll(runOptions);
        args.add("--");
        args.add(escape.toString());
        args.addAll(List.of(attempt));
        return Sandtrace.run(uid, work, Duration.ofSeconds(60), Map.of("HOME", work.resolve("home").toString()),
                args.toArray(String[]::new));
    }

    private Sandtrace.Result traced(int uid, String... attempt) {
        return attempt(uid, List.of("--trace-only"), attempt);
    }

    private static void assertBlocked(Sandtrace.Result r) {
        assertThat(r.stdout()).as("sandboxed: " + r.stderr()).doesNotContain("ESCAPED").contains("BLOCKED errno=");
    }

    private static void assertEscaped(Sandtrace.Result r) {
        assertThat(r.stdout()).as("--trace-only: " + r.stderr()).contains("ESCAPED");
    }

    /** A host file outside the work tree, owned by {@code uid} (so that with --trace-only the change is allowed). */
    private static Path victim(int uid) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "sandtrace-victim");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path f = Files.writeString(dir.resolve("victim"), "original\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        if (uid >= 0) {
            Files.setAttribute(f, "unix:uid", uid);
            Files.setAttribute(f, "unix:gid", uid);
        }
        return f;
    }

    private static String state(Path f) throws IOException {
        return Files.getAttribute(f, "unix:mode") + " " + Files.getAttribute(f, "unix:uid") + " "
                + Files.getLastModifiedTime(f).toMillis() + " " + Files.readString(f) + " " + f.getParent().toFile().list().length;
    }

    /** A policy that shows {@code dir} read-only on top of the default one. */
    private Path readOnly(Path dir) throws IOException {
        return Files.writeString(work.resolve("ro-" + dir.getFileName() + ".toml"),
                "include = [\"default\"]\n[filesystem]\nallow_read = [\"" + dir + "\"]\n");
    }

    @ParameterizedTest(name = "{0} as uid {1}")
    @CsvSource({"chmod,-1", "chown,-1", "utimes,-1", "setxattr,-1", "link,-1", "rename,-1", "chmod-setuid,-1",
            "chmod,65534", "utimes,65534", "setxattr,65534", "rename,65534", "chmod-setuid,65534"})
    void aHostFileOutsideTheWritablePathsCannotBeChanged(String change, int uid) throws IOException {
        Path f = victim(uid);
        String before = state(f);
        // visible read-only (EROFS), and not visible at all (ENOENT)
        assertBlocked(attempt(uid, List.of("--policy", readOnly(f.getParent()).toString()), change, f.toString()));
        assertBlocked(attempt(uid, List.of(), change, f.toString()));
        assertThat(state(f)).isEqualTo(before);
        if (!change.equals("chmod-setuid") || uid < 0) {
            assertEscaped(traced(uid, change, f.toString()));
        }
    }

    @Test
    void devNullCannotBeChangedButStaysUsable() {
        assumeTrue(Sandtrace.isRoot(), "only root may chmod /dev/null on the host");
        var r = attempt(ROOT, List.of(), "chmod", "/dev/null");
        assertBlocked(r);
        assertThat(r.stdout()).contains("EROFS");
        assertThat(attempt(ROOT, List.of(), "write", "/dev/null").stdout()).contains("ESCAPED"); // writing it is fine
        assertEscaped(traced(ROOT, "chmod", "/dev/null")); // the same mode again: allowed on the host, changes nothing
    }

    /** A descriptor the caller hands in reaches the host inode whatever the view: only the credentials stop it. */
    @Test
    void aRootCallersSampleCannotChmodAHostFileItWasHandedAsStdin() throws Exception {
        assumeTrue(Sandtrace.isRoot(), "a root caller's sample is nobody on the host");
        Path f = victim(ROOT);
        String before = state(f);
        assertThat(withStdin(f, "run")).contains("BLOCKED errno=1 (EPERM)");
        assertThat(state(f)).isEqualTo(before);
        assertThat(withStdin(f, "run", "--trace-only")).contains("ESCAPED");
    }

    private String withStdin(Path stdin, String... run) throws Exception {
        List<String> cmd = new ArrayList<>(Sandtrace.javaCommand());
        cmd.addAll(List.of(run));
        cmd.addAll(List.of("--allow-path", work.toString(), "--", escape.toString(), "fchmod-stdin"));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectInput(stdin.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void aHostTerminalIsNotReachable(int uid) throws Exception {
        // a session on the host side: script(1) holds a pty of the host's devpts
        Process session = new ProcessBuilder("script", "-qfc", "sleep 30", "/dev/null").start();
        try {
            Path pty = null;
            for (int i = 0; i < 100 && pty == null; i++) {
                for (ProcessHandle h : session.descendants().toList()) {
                    Path fd0 = Path.of("/proc", Long.toString(h.pid()), "fd", "0");
                    if (Files.isSymbolicLink(fd0) && Files.readSymbolicLink(fd0).toString().startsWith("/dev/pts/")) {
                        pty = Files.readSymbolicLink(fd0);
                    }
                }
                if (pty == null) Thread.sleep(50);
            }
            assertThat(pty).as("script(1) made no pty").isNotNull();
            if (uid >= 0) Files.setAttribute(pty, "unix:uid", uid);
            assertBlocked(attempt(uid, List.of(), "write", pty.toString()));
            var list = Sandtrace.run(uid, work, Duration.ofSeconds(60), "run", "--allow-path", work.toString(), "--", "/bin/ls", "/dev/pts");
            assertThat(list.stdout().strip()).as(list.stderr()).isEqualTo("ptmx"); // a private devpts instance
            assertEscaped(traced(uid, "write", pty.toString()));
        } finally {
            session.destroyForcibly().waitFor();
        }
    }

    @Test
    void aRootOnlyFileInAReadablePathCannotBeRead() throws IOException {
        assumeTrue(Sandtrace.isRoot(), "a root caller's sample is nobody on the host");
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "sandtrace-rootonly");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = Files.writeString(dir.resolve("server.key"), "-----BEGIN PRIVATE KEY----- fake\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        var r = attempt(ROOT, List.of("--policy", readOnly(dir).toString()), "read", key.toString());
        assertBlocked(r);
        assertThat(r.stdout()).contains("EACCES");
        assertEscaped(traced(ROOT, "read", key.toString()));
    }

    @Test
    void tmpIsBoundedAndLeavesNothingOnTheHost() throws IOException {
        Path limited = Files.writeString(work.resolve("small-tmp.toml"), "include = [\"default\"]\n[limits]\ntmpfs = \"16M\"\n");
        var r = Sandtrace.run(ROOT, work, Duration.ofSeconds(60), "run", "--policy", limited.toString(), "--allow-path", work.toString(), "--",
                "/bin/sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1; ls -l /tmp/fill");
        assertThat(r.stdout()).as(r.stderr()).contains("No space left on device");
        assertThat(r.stdout()).containsPattern("1677\\d{4} "); // 16 MiB and no more
        assertThat(Path.of("/tmp/fill")).doesNotExist();
    }

    /**
     * A root caller gets a memory cgroup here (a writable memory controller): the sample may map
     * more than the limit but is killed when it touches it. An unprivileged caller gets none on
     * this machine, and the header says that the address-space rlimit refuses the map instead.
     */
    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, 65534})
    void memoryIsBoundedByACgroupWhereTheCallerCanGetOneElseByTheAddressSpace(int uid) throws IOException {
        assumeTrue(uid >= 0 || Sandtrace.isRoot(), "needs root");
        Path policy = Files.writeString(work.resolve("small-memory.toml"), "include = [\"default\"]\n[limits]\nmemory = \"64M\"\n");
        Path trace = work.resolve("memory-" + uid + ".jsonl");
        var r = attempt(uid, List.of("--policy", policy.toString(), "-o", trace.toString()), "balloon", "256");
        Trace events = Trace.read(trace);
        Map<String, Object> header = events.first();
        @SuppressWarnings("unchecked") List<String> layers = (List<String>) header.get("layers");
        @SuppressWarnings("unchecked") List<String> gaps = (List<String>) header.get("not_enforced");
        if (uid < 0 && hostHasWritableMemoryController()) {
            assertThat(layers).anyMatch(l -> l.contains("memory.max 67108864"));
            assertThat(r.stdout()).as(r.stderr()).contains("MAPPED 256 MiB").doesNotContain("ESCAPED");
            assertThat(r.exitCode()).isEqualTo(128 + 9); // the cgroup's OOM killer
        } else {
            assertThat(gaps).anyMatch(g -> g.startsWith("memory.max: ") && g.contains("RLIMIT_AS"));
            assertBlocked(r);
            assertThat(r.stdout()).contains("ENOMEM");
        }
        List<Path> groups = events.ofType("message").stream().map(m -> (String) m.get("text"))
                .filter(t -> t.startsWith("cgroup /")).map(t -> Path.of(t.substring(7, t.indexOf(": created")))).toList();
        assertThat(groups).as("cgroups made").hasSizeBetween(uid < 0 && hostHasWritableMemoryController() ? 1 : 0, uid < 0 ? 2 : 0);
        assertThat(groups).as("cgroups removed after the run").noneMatch(Files::exists);
        assertEscaped(traced(uid, "balloon", "256"));
    }

    private static boolean hostHasWritableMemoryController() {
        return Files.isWritable(Path.of("/sys/fs/cgroup/memory/cgroup.procs"))
                || Files.isWritable(Path.of("/sys/fs/cgroup/cgroup.subtree_control")) && readQuietly(Path.of("/sys/fs/cgroup/cgroup.subtree_control")).contains("memory");
    }

    private static String readQuietly(Path p) {
        try {
            return String.join("\n", Files.readAllLines(p));
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aPathnameSocketInASystemDirectoryIsNotReachable() throws Exception {
        assumeTrue(Sandtrace.isRoot(), "creating a socket under /var/lib needs root");
        Path sock = Path.of("/var/lib/sandtrace-view-" + ProcessHandle.current().pid() + ".sock");
        Process host = new ProcessBuilder(Fixtures.compile("escape").toString(), "listen-path", sock.toString()).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("READY");
            assertBlocked(attempt(ROOT, List.of(), "connect-path", sock.toString()));
            assertEscaped(traced(ROOT, "connect-path", sock.toString()));
        } finally {
            host.destroyForcibly().waitFor();
            Files.deleteIfExists(sock);
        }
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void aLockOnAHostFileOutsideTheGrantsCannotBeTaken(int uid) throws IOException {
        Path f = victim(uid);
        assertBlocked(attempt(uid, List.of(), "flock", f.toString()));
        assertEscaped(traced(uid, "flock", f.toString()));
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void aDeniedPathThatDoesNotExistCannotBeCreated(int uid) throws IOException {
        Path home = Files.createDirectories(work.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        // the private home: ~/.aws does not exist, so ~/.aws/config could hold a credential_process
        Path config = home.resolve(".aws/config");
        var r = Sandtrace.run(uid, Path.of("/"), Duration.ofSeconds(60), Map.of("HOME", home.toString()), "run", "--allow-path",
                escape.toString(), "--", escape.toString(), "mkfile", config.toString());
        assertBlocked(r);
        assertThat(config).doesNotExist();
        // a writable host path: the view cannot place a mask without creating it on the host, and says so
        Path policy = Files.writeString(work.resolve("deny-missing.toml"), "include = [\"default\"]\n[filesystem]\nallow_write = [\""
                + work + "\"]\ndeny = [\"" + work.resolve(".env") + "\"]\n");
        Path trace = work.resolve("deny-missing-" + (uid + 1) + ".jsonl");
        var w = Sandtrace.run(uid, work, Duration.ofSeconds(60), "run", "--policy", policy.toString(), "-o", trace.toString(), "--",
                "/bin/true");
        assertThat(w.exitCode()).as(w.stderr()).isZero();
        @SuppressWarnings("unchecked")
        List<String> gaps = (List<String>) Trace.read(trace).first().get("not_enforced");
        assertThat(gaps).anySatisfy(g -> assertThat(g).contains(work.resolve(".env").toString()).contains("can create it"));
        var traced = Sandtrace.run(uid, Path.of("/"), Duration.ofSeconds(60), Map.of("HOME", home.toString()), "run", "--trace-only", "--",
                "/bin/sh", "-c", "mkdir -p " + config.getParent() + " && " + escape + " mkfile " + config);
        assertEscaped(traced);
    }

    @Test
    void allowPathTmpShowsTheHostsTmp() throws IOException {
        Path hostFile = Files.writeString(Files.createTempFile(Path.of("/tmp"), "sandtrace-hosttmp", ".txt"), "host\n");
        Files.setPosixFilePermissions(hostFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(attempt(ROOT, List.of(), "read", hostFile.toString()).stdout()).contains("BLOCKED errno=2"); // private /tmp
        assertThat(attempt(ROOT, List.of("--allow-path", "/tmp"), "read", hostFile.toString()).stdout()).contains("ESCAPED read");
        Files.delete(hostFile);
    }

    @Test
    void aRootCallersAllowPathUnderRootWorks() throws IOException {
        assumeTrue(Sandtrace.isRoot(), "the caller's home is /root only for root");
        Path project = Files.createTempDirectory(Path.of(System.getProperty("user.home")), "sandtrace-project");
        try {
            var r = Sandtrace.run(ROOT, project, Duration.ofSeconds(60), Map.of("HOME", System.getProperty("user.home")), "run",
                    "--allow-path", ".", "--", "/bin/sh", "-c", "pwd; echo made > out.txt");
            assertThat(r.stdout().strip()).as(r.stderr()).isEqualTo(project.toString());
            assertThat(project.resolve("out.txt")).hasContent("made");
            assertThat(Files.getAttribute(project.resolve("out.txt"), "unix:uid")).as("idmapped: host root owns it").isEqualTo(0);
        } finally {
            try (var files = Files.walk(project)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aWorkingDirectoryOutsideTheViewIsAnErrorNamingTheWayOut() throws IOException {
        Path elsewhere = Sandtrace.sharedTempDir("sandtrace-cwd");
        var r = Sandtrace.run(ROOT, elsewhere, Duration.ofSeconds(60), "run", "--", "/bin/pwd");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains(elsewhere.toString()).contains("--allow-path").contains("--chdir");
        var moved = Sandtrace.run(ROOT, elsewhere, Duration.ofSeconds(60), "run", "--chdir", "/", "--", "/bin/pwd");
        assertThat(moved.stdout().strip()).as(moved.stderr()).isEqualTo("/");
    }
}

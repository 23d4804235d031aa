package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandboxed sample's environment, seen by /usr/bin/env inside it: the caller's tokens stay
 * out, and the same tokens reach it with --trace-only, so the sandbox made the difference.
 * Run as root and as an unprivileged uid.
 */
class EnvironmentTest {
    private static final Map<String, String> CALLER = Map.of("GITHUB_TOKEN", "ghp_secret", "AWS_SECRET_ACCESS_KEY", "x",
            "NPM_TOKEN", "npm_secret", "SSH_AUTH_SOCK", "/tmp/ssh-agent.sock", "LANG", "C.UTF-8", "TERM", "dumb");
    private static final List<String> SECRETS = List.of("GITHUB_TOKEN", "ghp_secret", "AWS_SECRET_ACCESS_KEY", "NPM_TOKEN", "npm_secret",
            "SSH_AUTH_SOCK");

    private Path work;
    private Path home;

    @BeforeEach
    void setUp() throws IOException {
        work = Sandtrace.sharedTempDir("sandtrace-env");
        home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve(".ssh/bin"));
        for (Path p : List.of(home, home.resolve(".ssh"), home.resolve(".ssh/bin"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    private Sandtrace.Result run(int uid, Map<String, String> extra, String... args) {
        Map<String, String> env = new java.util.HashMap<>(CALLER);
        env.put("HOME", home.toString());
        env.putAll(extra);
        List<String> all = new ArrayList<>(List.of("run", "-o", trace().toString()));
        all.addAll(Arrays.asList(args));
        return Sandtrace.run(uid, work, Duration.ofSeconds(60), env, all.toArray(String[]::new));
    }

    private Path trace() {
        return work.resolve("trace.jsonl");
    }

    @SuppressWarnings("unchecked")
    private List<String> headerEnv() {
        return (List<String>) Trace.read(trace()).first().get("env");
    }

    /** The names /usr/bin/env printed, one NAME=value a line. */
    private static List<String> names(String envOutput) {
        return envOutput.lines().map(l -> l.substring(0, l.indexOf('='))).sorted().toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Sandtrace.NOBODY})
    void theSandboxKeepsTheCallersTokensFromTheSample(int uid) {
        var sandboxed = run(uid, Map.of(), "--", "/usr/bin/env");
        assertThat(sandboxed.exitCode()).as(sandboxed.stderr()).isZero();
        assertThat(sandboxed.stdout()).doesNotContain(SECRETS).contains("HOME=" + home + "\n", "LANG=C.UTF-8\n", "TERM=dumb\n")
                .containsPattern("(?m)^PATH=/");
        assertThat(names(sandboxed.stdout())).isSubsetOf("HOME", "LANG", "LC_ALL", "LC_CTYPE", "LOGNAME", "PATH", "TERM", "TZ", "USER")
                .contains("LOGNAME", "USER");
        assertThat(headerEnv()).as("the header names what the sample got").isEqualTo(names(sandboxed.stdout()));
        assertThat(Files.exists(trace())).isTrue();
        assertThat(readTrace()).doesNotContain("ghp_secret");

        var traced = run(uid, Map.of(), "--trace-only", "--", "/usr/bin/env");
        assertThat(traced.stdout()).as("--trace-only inherits everything, as strace does").contains("GITHUB_TOKEN=ghp_secret",
                "AWS_SECRET_ACCESS_KEY=x", "SSH_AUTH_SOCK=/tmp/ssh-agent.sock");
        assertThat(Trace.read(trace()).first()).containsEntry("env", null);
    }

    private String readTrace() {
        try {
            return Files.readString(trace());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Sandtrace.NOBODY})
    void envPassesOrSetsOneVariable(int uid) {
        var r = run(uid, Map.of(), "--env", "GITHUB_TOKEN", "--env", "FOO=bar", "--env", "ABSENT", "--env", "EQ=a=b", "--", "/usr/bin/env");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("GITHUB_TOKEN=ghp_secret\n", "FOO=bar\n", "EQ=a=b\n").doesNotContain("ABSENT", "NPM_TOKEN");
        assertThat(headerEnv()).contains("EQ", "FOO", "GITHUB_TOKEN", "HOME", "PATH").doesNotContain("ABSENT").isSorted();
        assertThat(readTrace()).as("names, never values").doesNotContain("ghp_secret");
        assertThat(r.stderr()).doesNotContain("warning");
    }

    @Test
    void theLastEnvFlagForANameWins() {
        var r = run(-1, Map.of(), "--env", "GITHUB_TOKEN=replaced", "--env", "GITHUB_TOKEN", "--env", "FOO", "--env", "FOO=set", "--",
                "/usr/bin/env");
        assertThat(r.stdout()).contains("GITHUB_TOKEN=ghp_secret\n", "FOO=set\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Sandtrace.NOBODY})
    void keepEnvPassesEverythingAndWarns(int uid) {
        var r = run(uid, Map.of(), "--keep-env", "--env", "FOO=bar", "--", "/usr/bin/env");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("GITHUB_TOKEN=ghp_secret", "AWS_SECRET_ACCESS_KEY=x", "SSH_AUTH_SOCK=", "FOO=bar");
        assertThat(r.stderr().lines().filter(l -> l.contains("--keep-env")))
                .containsExactly("sandtrace: warning: --keep-env passes your whole environment (tokens included) to the sample");
        assertThat(headerEnv()).contains("AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "NPM_TOKEN", "SSH_AUTH_SOCK");
    }

    /** --trace-only leaves the environment alone, like strace: NAME=VALUE still sets (strace -E), the rest does nothing. */
    @Test
    void withTraceOnlyOnlyNameValueDoesSomething() {
        var r = run(-1, Map.of(), "--trace-only", "--keep-env", "--env", "FOO=bar", "--env", "ABSENT", "--", "/usr/bin/env");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("FOO=bar\n", "GITHUB_TOKEN=ghp_secret\n").doesNotContain("ABSENT");
        assertThat(r.stderr()).doesNotContain("warning");
    }

    @Test
    void aNamelessEnvIsAOneLineUsageError() {
        for (String bad : List.of("=x", "")) {
            var r = Sandtrace.run("run", "--env", bad, "--", "/bin/true");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr().lines()).singleElement().asString().startsWith("sandtrace: --env " + bad + ": ");
        }
    }

    @Test
    void verboseOutputNamesTheVariables() {
        var r = run(-1, Map.of(), "-v", "--env", "FOO=bar", "--", "/bin/true");
        assertThat(r.stderr()).containsPattern("(?m)^sandtrace: environment: FOO HOME LANG LOGNAME PATH TERM USER$")
                .doesNotContain("FOO=bar");
    }

    /**
     * A PATH entry the sandbox masks made every command lookup through it a denial; the filtered
     * PATH leaves it out. Passing the caller's PATH unfiltered (--env PATH) brings the denials
     * back, which shows that the filter is what removed them.
     */
    @Test
    void pathEntriesIntoMaskedDirectoriesAreDropped() {
        String path = home.resolve(".ssh/bin") + ":/usr/bin:/bin";
        var filtered = run(-1, Map.of("PATH", path), "--allow-path", work.toString(), "--", "/bin/sh", "-c", "true; ls /usr >/dev/null; echo $PATH");
        assertThat(filtered.exitCode()).as(filtered.stderr()).isZero();
        assertThat(filtered.stdout()).isEqualTo("/usr/bin:/bin\n");
        assertThat(filtered.stderr()).doesNotContain("DENIED");
        var unfiltered = run(-1, Map.of("PATH", path), "--allow-path", work.toString(), "--env", "PATH", "--", "/bin/sh", "-c",
                "true; ls /usr >/dev/null; echo $PATH");
        assertThat(unfiltered.stdout()).isEqualTo(path + "\n");
        assertThat(unfiltered.stderr()).contains("DENIED by mount mask");
    }
}

package dev.sandtrace.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.Fixtures;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.PolicyFile;
import dev.sandtrace.policy.PolicyLoader;
import dev.sandtrace.testutil.Sandtrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sandtrace learn} end to end: a real program learned under the permissive base, the
 * policy it wrote read back, and the replay under that policy in the real sandbox.
 */
class LearnTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    /** A work directory with a config, a script that reads it and writes into out/, and a home with a secret in it. */
    private static Path scriptProject() throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-learn");
        Files.writeString(work.resolve("config.txt"), "greeting=hello\n");
        Files.writeString(work.resolve("build.sh"), """
                v=$(cat config.txt)
                cat "$HOME/.netrc" > /dev/null
                for i in 1 2 3 4 5; do echo "$v $i" > out/part$i; done
                ls out > out/index
                """);
        Files.createDirectories(work.resolve("out"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(work.resolve("out"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Path home = Files.createDirectories(work.resolve("home"));
        Files.writeString(home.resolve(".netrc"), "machine example.com password hunter2\n");
        return work;
    }

    @ParameterizedTest(name = "uid {0}")
    @ValueSource(ints = {-1, Sandtrace.NOBODY})
    void aScriptThatReadsAConfigAndWritesAnOutputDirectoryRoundTrips(int uid) throws Exception {
        assumeTrue(uid < 0 || Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        Path work = scriptProject();
        Path policy = work.resolve("learned.toml");
        var r = Sandtrace.run(uid, work, LIMIT, Map.of("HOME", work.resolve("home").toString()),
                "learn", "-o", policy.toString(), "--", "sh", "build.sh");
        assertThat(r.stderr()).contains("replay: identical (exit 0").contains("secret denied on purpose: read " + work.resolve("home/.netrc"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(work.resolve("out/part5")).hasContent("greeting=hello 5");

        String toml = Files.readString(policy);
        assertThat(list(toml, "allow_read")).contains(work.resolve("config.txt").toString(), work.resolve("build.sh").toString());
        assertThat(list(toml, "allow_write")).contains(work.resolve("out").toString())
                .doesNotContain(work.toString(), "/tmp");
        assertThat(list(toml, "deny")).as("the secret the script read is denied, named as the user's").contains("~/.netrc");
        assertThat(network(toml)).isEqualTo("false");
        assertThat(toml).contains("\"@mount\"").contains("\"@privileged\"");
        assertNoDangerousRule(toml, work.resolve("home"));
        assertEveryRuleCommented(toml);
        assertThat(load(policy, work).timeout()).isGreaterThanOrEqualTo(10.0);
        assertThat(Sandtrace.run("policy", "check", policy.toString()).exitCode()).isZero();
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({
        "WORK/config.txt, openat WORK/config.txt (mount view, ENOENT)",
        "OUT,             openat OUT/part1 (mount view, ENOENT)"})
    void aMissingRuleIsNamedAsTheMissingAccess(String removed, String expected) throws Exception {
        Path work = scriptProject();
        Path policy = work.resolve("learned.toml"), learnedTrace = work.resolve("learned.jsonl");
        var r = Sandtrace.run(-1, work, LIMIT, Map.of("HOME", work.resolve("home").toString()),
                "learn", "--no-replay", "--trace", learnedTrace.toString(), "-o", policy.toString(), "--", "sh", "build.sh");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("replay:");
        String out = work.resolve("out").toString();
        String rule = removed.replace("OUT", out).replace("WORK", work.toString());
        String toml = Files.readString(policy);
        String without = toml.lines().filter(l -> !l.strip().startsWith(PolicyWriter.quote(rule) + ","))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(without).isNotEqualTo(toml);
        Path broken = work.resolve("broken.toml");
        Files.writeString(broken, without);
        Path replayTrace = work.resolve("replay.jsonl");
        var replay = Sandtrace.run(-1, work, LIMIT, Map.of("HOME", work.resolve("home").toString()),
                "run", "--policy", broken.toString(), "-o", replayTrace.toString(), "--", "sh", "build.sh");
        Replay.Verdict v = Replay.compare(Observations.read(learnedTrace), Observations.read(replayTrace),
                List.of(work.resolve("home/.netrc").toString()));
        assertThat(v.identical()).as(v.text()).isFalse();
        assertThat(v.text()).startsWith("replay: differs: exit " + replay.exitCode())
                .contains("missing access: " + expected.replace("OUT", out).replace("WORK", work.toString()));
    }

    /** learn's runs get the sandbox's environment, and --env as run does, in the learning run and the replay alike. */
    @Test
    void theLearningRunAndTheReplayGetTheClearedEnvironmentPlusEnvFlags() throws Exception {
        Path work = scriptProject();
        Path trace = work.resolve("learning.jsonl");
        var r = Sandtrace.run(-1, work, LIMIT, Map.of("HOME", work.resolve("home").toString(), "GITHUB_TOKEN", "ghp_secret", "NPM_TOKEN", "npm_x"),
                "learn", "-o", work.resolve("p.toml").toString(), "--trace", trace.toString(), "--env", "FOO=bar", "--env", "GITHUB_TOKEN",
                "--", "sh", "-c", "echo \"$FOO $GITHUB_TOKEN ${NPM_TOKEN:-none}\" > out/seen");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("replay: identical");
        assertThat(work.resolve("out/seen")).hasContent("bar ghp_secret none");
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) dev.sandtrace.testutil.Trace.read(trace).first().get("env");
        assertThat(names).contains("FOO", "GITHUB_TOKEN", "HOME", "PATH").doesNotContain("NPM_TOKEN");
    }

    @Test
    void anUnwritableOutputFailsBeforeTheProgramRuns() throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-learn-out");
        Path marker = work.resolve("ran");
        var r = Sandtrace.run(-1, work, LIMIT, "learn", "-o", work.resolve("missing/p.toml").toString(), "--",
                "touch", marker.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot write " + work.resolve("missing/p.toml") + ": no such directory")
                .contains("nothing was run").doesNotContain("Exception");
        assertThat(marker).doesNotExist();
        var dir = Sandtrace.run(-1, work, LIMIT, "learn", "-o", work.toString(), "--", "touch", marker.toString());
        assertThat(dir.stderr()).contains("it is a directory");
        assertThat(marker).doesNotExist();
    }

    @Test
    void gitInitAddCommitRoundTrips() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "git is not installed");
        Path work = Sandtrace.sharedTempDir("sandtrace-learn-git");
        Path repo = Files.createDirectories(work.resolve("repo"));
        Path home = Files.createDirectories(work.resolve("home"));
        Files.writeString(repo.resolve("hello.txt"), "hello\n");
        Path policy = work.resolve("git.toml");
        // rm first: the replay runs the same command again and must find the same state
        var r = Sandtrace.run(-1, repo, LIMIT, Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1"),
                "learn", "-o", policy.toString(), "--", "sh", "-c",
                "rm -rf .git && git init -q && git add hello.txt && git -c user.name=T -c user.email=t@example.com commit -qm first"
                        + " && git log --oneline | grep -q first");
        assertThat(r.stderr()).contains("replay: identical (exit 0");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String toml = Files.readString(policy);
        assertThat(list(toml, "allow_write")).contains(repo.toString()).doesNotContain(work.toString(), home.toString());
        assertThat(list(toml, "allow_exec")).contains("/usr");
        assertThat(network(toml)).isEqualTo("false");
        assertThat(toml).containsPattern("\"" + Pattern.quote(repo.toString()) + "\",\\s+# created \\d+ \\(\\.git, ");
        assertNoDangerousRule(toml, home);
        assertEveryRuleCommented(toml);
        load(policy, work);
    }

    @Test
    void loopbackTcpOnAFixedPortTurnsTheNetworkOnWithThatPort() throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-learn-net");
        Path fixture = Fixtures.copyInto(work, "tcp_port");
        int port = 20000 + (int) (ProcessHandle.current().pid() % 10000);
        Path policy = work.resolve("net.toml");
        var r = Sandtrace.run(-1, work, LIMIT, Map.of(), "learn", "-o", policy.toString(), "--", fixture.toString(), "" + port);
        assertThat(r.stderr()).contains("replay: identical (exit 0, no violations)");
        assertThat(r.stdout()).isEqualTo(port + "\n" + port + "\n");
        String toml = Files.readString(policy);
        assertThat(network(toml)).isEqualTo("true");
        assertThat(toml).contains("connect_ports = [" + port + "]").contains("bind_ports = [" + port + "]");
        assertThat(list(toml, "allow_exec")).contains(fixture.toString());
        assertEveryRuleCommented(toml);
        load(policy, work);
    }

    @Test
    void anEphemeralLoopbackListenerLeavesThePortsOpen() throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-learn-net");
        Path fixture = Fixtures.copyInto(work, "tcp_pair");
        Path policy = work.resolve("net.toml");
        var r = Sandtrace.run(-1, work, LIMIT, Map.of(), "learn", "-o", policy.toString(), "--", "sh", "-c",
                "rm -f s && exec " + fixture + " " + work);
        assertThat(r.stderr()).contains("replay: identical (exit 0");
        String toml = Files.readString(policy);
        assertThat(network(toml)).isEqualTo("true");
        assertThat(toml).containsPattern("connect_ports = \\[\\]  # it connected to its own listener on port \\[\\d+\\], an ephemeral port")
                .contains("bind_ports = []  # it bound port 0");
        assertThat(list(toml, "allow_write")).as("the unix socket it binds is created in the work directory").contains(work.toString());
        load(policy, work);
    }

    /** The quoted entries of one array of the policy. */
    static List<String> list(String toml, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + " = \\[(.*?)^?\\]\\s*$", Pattern.DOTALL).matcher(toml);
        assertThat(m.find()).as(key + " in\n" + toml).isTrue();
        return Pattern.compile("(?m)^\\s*\"([^\"]*)\",").matcher(m.group(1)).results().map(x -> x.group(1)).toList();
    }

    private static String network(String toml) {
        Matcher m = Pattern.compile("(?m)^\\[network\\]\\s*\\nallow = (\\w+)").matcher(toml);
        assertThat(m.find()).as(toml).isTrue();
        return m.group(1);
    }

    static void assertNoDangerousRule(String toml, Path home) {
        Secrets secrets = new Secrets(home.toString());
        for (String key : List.of("allow_read", "allow_write", "allow_exec")) {
            for (String p : list(toml, key)) {
                assertThat(p).as(key).isNotIn("/", "~", home.toString(), "/home", "/root", "/dev");
                String abs = p.startsWith("~/") ? home + p.substring(1) : p;
                assertThat(secrets.isSecret(abs)).as(key + " " + p + " is a secret").isFalse();
            }
        }
    }

    /** Every entry of the filesystem and syscall lists has its comment. */
    static void assertEveryRuleCommented(String toml) {
        toml.lines().filter(l -> l.startsWith("  \"")).forEach(l -> assertThat(l).matches("  \"[^\"]+\",\\s+# \\S.*"));
    }

    private static PolicyFile load(Path policy, Path cwd) throws Exception {
        return new PolicyLoader(Arch.host(), Path.of(System.getProperty("user.home")), cwd).load(policy.toString());
    }
}

package dev.sandtrace.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.policy.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** What of the caller's environment a sandboxed sample gets, and which PATH entries it can use. */
class SandboxEnvironmentTest {
    private static final Path HOME = Path.of("/home/ann");
    /** Every directory the tests name exists, except those under /missing. */
    private static final Predicate<Path> EXISTS = p -> !p.startsWith("/missing");

    private static Policy.Filesystem fs(List<String> exec, List<String> deny) {
        return new Policy.Filesystem(List.of(), List.of(), exec.stream().map(Path::of).toList(), deny.stream().map(Path::of).toList());
    }

    private static Policy policy(Policy.Env env) {
        return new Policy(fs(List.of("/usr", "/bin", "/opt"), List.of("/opt/secret")), new Policy.Network(false),
                new Policy.Syscalls(List.of(), Policy.Action.ERRNO), new Policy.Limits(0, 0, 0, 0, 0), env);
    }

    private static final Map<String, String> CALLER = Map.ofEntries(
            Map.entry("PATH", "/home/ann/.cargo/bin:/usr/local/bin:/usr/bin:/bin"), Map.entry("HOME", "/home/ann"),
            Map.entry("USER", "ann"), Map.entry("LANG", "de_DE.UTF-8"), Map.entry("LC_TIME", "C"), Map.entry("TERM", "xterm"),
            Map.entry("GITHUB_TOKEN", "ghp_secret"), Map.entry("AWS_SECRET_ACCESS_KEY", "x"), Map.entry("SSH_AUTH_SOCK", "/tmp/ssh/agent"),
            Map.entry("NPM_TOKEN", "npm_x"), Map.entry("EDITOR", "vi"));

    @Test
    void theSampleGetsOnlyTheStandardVariables() {
        List<String> env = SandboxEnvironment.of(CALLER, policy(Policy.Env.CLEARED), HOME, "nobody", EXISTS);
        assertThat(env).containsExactly("HOME=/home/ann", "LANG=de_DE.UTF-8", "LC_TIME=C", "LOGNAME=nobody", "PATH=/usr/local/bin:/usr/bin:/bin",
                "TERM=xterm", "USER=ann");
        assertThat(String.join("\n", env)).doesNotContain("TOKEN", "ghp_secret", "AWS", "SSH_AUTH_SOCK", "EDITOR");
    }

    @Test
    void withoutAnAccountNameUserAndLognameAreLeftOut() {
        List<String> env = SandboxEnvironment.of(Map.of(), policy(Policy.Env.CLEARED), HOME, null, EXISTS);
        assertThat(SandboxEnvironment.names(env)).containsExactly("HOME", "PATH");
    }

    @Test
    void thePolicyPassesAndSetsNamesAndKeepAllPassesEverything() {
        List<String> env = SandboxEnvironment.of(CALLER, policy(new Policy.Env(false, List.of("EDITOR", "ABSENT"), Map.of("CI", "1"))),
                HOME, "ann", EXISTS);
        assertThat(env).contains("EDITOR=vi", "CI=1").noneMatch(e -> e.startsWith("ABSENT"));
        List<String> all = SandboxEnvironment.of(CALLER, policy(new Policy.Env(true, List.of(), Map.of("CI", "1"))), HOME, "ann", EXISTS);
        assertThat(all).contains("GITHUB_TOKEN=ghp_secret", "SSH_AUTH_SOCK=/tmp/ssh/agent", "CI=1",
                "PATH=/home/ann/.cargo/bin:/usr/local/bin:/usr/bin:/bin").hasSize(CALLER.size() + 1);
    }

    @Test
    void flagsMergeOnTopOfThePolicy() {
        Policy.Env policy = new Policy.Env(false, List.of("A"), Map.of("B", "policy", "C", "policy"));
        Policy.Env flags = new Policy.Env(false, List.of("B", "D"), Map.of("C", "flag"));
        Policy.Env merged = SandboxEnvironment.merge(policy, flags);
        assertThat(merged.keepAll()).isFalse();
        assertThat(merged.pass()).containsExactly("A", "B", "D");
        assertThat(merged.set()).isEqualTo(Map.of("C", "flag"));
        assertThat(SandboxEnvironment.merge(Policy.Env.CLEARED, new Policy.Env(true, List.of(), Map.of())).keepAll()).isTrue();
        assertThat(SandboxEnvironment.merge(new Policy.Env(true, List.of(), Map.of()), Policy.Env.CLEARED).keepAll()).isTrue();
    }

    @Test
    void aPathEntryBeneathADeniedPathIsDropped() {
        assertThat(SandboxEnvironment.path("/opt/secret/bin:/opt/tools/bin:/opt/secret", fs(List.of("/opt"), List.of("/opt/secret")), EXISTS))
                .isEqualTo("/opt/tools/bin");
    }

    @Test
    void aPathEntryOutsideTheExecPathsIsDropped() {
        assertThat(SandboxEnvironment.path("/home/ann/bin:/usrlocal/bin:/usr/bin:/usr/../etc", fs(List.of("/usr"), List.of()), EXISTS))
                .isEqualTo("/usr/bin");
    }

    @Test
    void relativeMissingAndRepeatedEntriesAreDropped() {
        assertThat(SandboxEnvironment.path(":.:bin:/missing/bin:/usr/bin:/usr/bin/:/usr//bin", fs(List.of("/usr", "/missing"), List.of()), EXISTS))
                .isEqualTo("/usr/bin");
    }

    @Test
    void withNoUsableEntryTheStandardPathIsFilteredTheSameWay() {
        Policy.Filesystem usrOnly = fs(List.of("/usr"), List.of("/usr/local"));
        assertThat(SandboxEnvironment.path("/home/ann/bin", usrOnly, EXISTS)).isEqualTo("/usr/sbin:/usr/bin");
        assertThat(SandboxEnvironment.path(null, usrOnly, EXISTS)).isEqualTo("/usr/sbin:/usr/bin");
        Set<Path> merged = Set.of(Path.of("/usr/bin"));
        assertThat(SandboxEnvironment.path("", fs(List.of("/usr", "/bin"), List.of()), merged::contains)).isEqualTo("/usr/bin");
        assertThat(SandboxEnvironment.path("/x", fs(List.of("/nothing"), List.of()), EXISTS)).isNull();
        assertThat(SandboxEnvironment.of(Map.of(), new Policy(fs(List.of(), List.of()), new Policy.Network(false),
                new Policy.Syscalls(List.of(), Policy.Action.ERRNO), new Policy.Limits(0, 0, 0, 0, 0)), HOME, null, EXISTS))
                .containsExactly("HOME=/home/ann");
    }

    @Test
    void namesNeverValues() {
        assertThat(SandboxEnvironment.names(List.of("PATH=/bin", "A=b=c", "EMPTY="))).containsExactly("A", "EMPTY", "PATH");
        assertThat(SandboxEnvironment.invalidName("")).isNotNull();
        assertThat(SandboxEnvironment.invalidName("A=B")).isNotNull();
        assertThat(SandboxEnvironment.invalidName("GITHUB_TOKEN")).isNull();
    }
}

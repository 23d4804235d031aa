package dev.sandtrace.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.learn.Demand.Right;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generaliser's promises, on fixed cases and on seeded random runs. */
class PathGeneraliserTest {
    private static final String HOME = "/home/u";
    private final PathGeneraliser g = new PathGeneraliser(new Secrets(HOME));

    private static Demand d(String path, Right r) {
        return new Demand(path, r, r == Right.WRITE ? "wrote" : "read", path, "prog");
    }

    private static List<String> paths(PathGeneraliser.Result res, Right r) {
        return res.rules().stream().filter(x -> x.right() == r).map(Rule::path).toList();
    }

    @Test
    void isolatedFilesStayExactAndFourSiblingsBecomeTheirDirectory() {
        var res = g.generalise(List.of(d("/home/u/p/a", Right.READ), d("/home/u/p/b", Right.READ), d("/home/u/p/c", Right.READ),
                d("/home/u/q/1", Right.READ), d("/home/u/q/2", Right.READ), d("/home/u/q/3", Right.READ), d("/home/u/q/4", Right.READ)));
        assertThat(paths(res, Right.READ)).containsExactly("/home/u/p/a", "/home/u/p/b", "/home/u/p/c", "/home/u/q");
        assertThat(res.rules().stream().filter(r -> r.path().equals("/home/u/q")).findFirst().orElseThrow().sources()).hasSize(4);
    }

    @Test
    void systemTreesCollapseForReadingAndExecutingButNeverForWriting() {
        var res = g.generalise(List.of(d("/usr/lib/x86_64-linux-gnu/libc.so.6", Right.READ), d("/usr/bin/git", Right.EXEC),
                d("/usr/local/share/x", Right.WRITE)));
        assertThat(paths(res, Right.EXEC)).containsExactly("/usr");
        assertThat(paths(res, Right.READ)).as("covered by the exec rule").isEmpty();
        assertThat(paths(res, Right.WRITE)).containsExactly("/usr/local/share/x");
    }

    @Test
    void neverRootHomeOrDevAndSecretsAreSetApart() {
        var res = g.generalise(List.of(d("/", Right.READ), d(HOME, Right.WRITE), d("/home/u/.ssh/id_ed25519", Right.READ),
                d("/etc/shadow", Right.READ), d("/dev/null", Right.WRITE), d("/dev/zero", Right.READ), d("/dev/tty", Right.READ),
                d("/dev/urandom", Right.READ), d("/dev/full", Right.READ), d("/proc/self/maps", Right.READ),
                d("/home/u/a", Right.READ), d("/home/u/b", Right.READ), d("/home/u/c", Right.READ), d("/home/u/d", Right.READ)));
        assertThat(res.rules()).extracting(Rule::path).doesNotContain("/", HOME, "/home", "/dev")
                .contains("/dev/null", "/home/u/a", "/home/u/d");
        assertThat(res.secrets()).containsOnlyKeys("/home/u/.ssh", "/etc/shadow");
        assertThat(res.refused()).extracting(Demand::path).containsExactlyInAnyOrder("/", HOME);
        assertThat(res.implicit()).extracting(Demand::path).containsExactly("/proc/self/maps");
    }

    @Test
    void hostFilesInTheSandboxesPrivateTmpNeverCollapseIntoIt() {
        var res = g.generalise(List.of(d("/tmp/w/a", Right.READ), d("/tmp/x", Right.READ), d("/tmp/y", Right.READ),
                d("/tmp/z", Right.READ), d("/tmp/v", Right.READ), d("/tmp", Right.WRITE)));
        assertThat(paths(res, Right.READ)).containsExactly("/tmp/v", "/tmp/w/a", "/tmp/x", "/tmp/y", "/tmp/z");
        assertThat(paths(res, Right.WRITE)).containsExactly("/tmp");
    }

    @Test
    void inThePrivateTmpARightBeneathAnotherRuleMovesToItsBindMount() {
        var res = g.generalise(List.of(d("/tmp/w/prog", Right.EXEC), new Demand("/tmp/w", Right.WRITE, "created", "/tmp/w/s", "prog")));
        assertThat(paths(res, Right.EXEC)).containsExactly("/tmp/w");
        assertThat(paths(res, Right.WRITE)).containsExactly("/tmp/w");
    }

    /** Random runs over a small tree: every granted access is covered, and no rule is /, a home, /dev or a secret. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 98765, 31337, 271828})
    void randomRunsKeepTheInvariants(long seed) {
        Random rnd = new Random(seed);
        String[] dirs = {"/", "/usr/lib", "/usr/bin", "/etc", "/etc/ssl/certs", "/home/u", "/home/u/proj", "/home/u/proj/src",
            "/home/u/proj/src/deep", "/home/u/.ssh", "/home/u/.config", "/home/u/.config/gcloud", "/home/v", "/tmp", "/tmp/t",
            "/tmp/t/out", "/dev", "/dev/pts", "/proc/self", "/var/lib/x", "/opt/tool/bin", "/root"};
        String[] names = {"a", "b", "c", "d", "e", "config", "id_rsa", ".netrc", "token.json", "x.so", "run.sh", "f"};
        List<Demand> demands = new ArrayList<>();
        int n = 1 + rnd.nextInt(80);
        for (int i = 0; i < n; i++) {
            String dir = dirs[rnd.nextInt(dirs.length)];
            String path = rnd.nextInt(6) == 0 ? dir : (dir.equals("/") ? "" : dir) + "/" + names[rnd.nextInt(names.length)];
            Right r = Right.values()[rnd.nextInt(3)];
            demands.add(new Demand(path, r, "did", path, "p" + rnd.nextInt(3)));
        }
        Secrets secrets = new Secrets(HOME);
        var res = g.generalise(demands);
        for (Rule rule : res.rules()) {
            assertThat(rule.path()).as("seed %d", seed).isNotIn("/", HOME, "/home", "/home/v", "/root", "/dev");
            assertThat(secrets.isSecret(rule.path())).as("seed %d: %s", seed, rule.path()).isFalse();
            assertThat(rule.sources()).as("every rule comes from an access").isNotEmpty();
        }
        for (Demand d : demands) {
            boolean set = res.refused().contains(d) || res.implicit().contains(d);
            boolean secret = res.secrets().values().stream().anyMatch(l -> l.contains(d));
            assertThat(secret).as("seed %d: %s", seed, d.path()).isEqualTo(secrets.isSecret(d.path()));
            if (set || secret) continue;
            assertThat(res.rules()).as("seed %d: %s %s is covered", seed, d.right(), d.path())
                    .anySatisfy(r -> {
                        assertThat(Secrets.beneath(d.path(), r.path())).isTrue();
                        assertThat(r.right().covers(d.right())).isTrue();
                    });
        }
        assertThat(res.refused()).as("refused only where no rule may be").allSatisfy(d -> assertThat(g.mayBeRule(d.path())).isFalse());
    }
}

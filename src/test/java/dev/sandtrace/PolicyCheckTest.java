package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code sandtrace policy check} as a real process: the new sections, flags and warnings. */
class PolicyCheckTest {
    @Test
    void checkShowsReadOnlyEnvTmpfsAndWarnsAboutAWritableGitDirectory() throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-policy-check");
        Path proj = Files.createDirectories(work.resolve("proj/.git")).getParent();
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path policy = work.resolve("p.toml");
        Files.writeString(policy, """
                [filesystem]
                allow_write = ["proj"]
                [env]
                pass = ["CI"]
                set = { MODE = "test" }
                [limits]
                tmpfs = "64M"
                """);
        var r = Sandtrace.run(-1, work, Duration.ofSeconds(60), Map.of("HOME", work.resolve("home").toString()),
                "policy", "check", policy.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("sandtrace: warning: this policy can execute nothing")
                .contains("sandtrace: warning: writable path " + proj + " contains .git: a sample can plant hooks");
        assertThat(r.stdout()).contains("read-only inside writable trees (read_only):")
                .contains("tmpfs (/tmp, /dev/shm and the private home together): 64M")
                .contains("environment: the standard variables, passed from the caller [CI], set [MODE]");

        var withFlags = Sandtrace.run(-1, work, Duration.ofSeconds(60), Map.of("HOME", work.resolve("home").toString()),
                "policy", "check", "--allow-exec", bin.toString(), "--allow-read", "/etc", policy.toString());
        assertThat(withFlags.stderr()).doesNotContain("can execute nothing");
        assertThat(section(withFlags.stdout(), "execute")).contains(bin.toString());
        assertThat(section(withFlags.stdout(), "write")).doesNotContain(bin.toString());
    }

    @Test
    void theInstallProfilesKeepAProjectsGitReadOnly() throws Exception {
        Path proj = Files.createDirectories(Sandtrace.sharedTempDir("sandtrace-policy-npm").resolve("proj/.git")).getParent();
        var r = Sandtrace.run(-1, proj, Duration.ofSeconds(60), Map.of("HOME", proj.resolveSibling("home").toString()),
                "policy", "check", "npm-install");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).doesNotContain("contains .git").doesNotContain("home directory");
        assertThat(section(r.stdout(), "read-only inside writable trees")).contains(proj.resolve(".git").toString());
    }

    @Test
    void theExampleInTheDocumentationIsAValidPolicy() throws Exception {
        Matcher m = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("docs/policy.md")));
        assertThat(m.find()).isTrue();
        Path work = Sandtrace.sharedTempDir("sandtrace-policy-doc");
        Files.writeString(work.resolve("base.toml"), "");
        Path example = work.resolve("example.toml");
        Files.writeString(example, m.group(1));
        var r = Sandtrace.run("policy", "check", example.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    /** The lines of the section whose title starts with {@code title}, up to the next title. */
    private static String section(String out, String title) {
        int start = out.indexOf("\n" + title);
        assertThat(start).as(title + " in\n" + out).isNotNegative();
        int end = out.indexOf("\n", start + 1);
        StringBuilder lines = new StringBuilder();
        for (String line : out.substring(end + 1).split("\n")) {
            if (!line.startsWith("  ")) break;
            lines.append(line).append('\n');
        }
        return lines.toString();
    }
}

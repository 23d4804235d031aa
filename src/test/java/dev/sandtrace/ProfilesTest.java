package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each built-in profile end to end: a write it allows succeeds, one outside it is refused, seen from the host. */
class ProfilesTest {
    @ParameterizedTest
    @CsvSource({
        "default,     /tmp/inside",
        "strict,      /tmp/inside",
        "permissive,  ./inside",
        "npm-install, ./inside",
        "pip-install, ./inside"})
    void aProfileAllowsItsWritesAndRefusesOthers(String profile, String allowedTarget) throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-profile");
        Path outside = Files.createDirectories(Path.of("/var/tmp", "sandtrace-profile-" + ProcessHandle.current().pid()));
        Path refused = outside.resolve("planted-" + profile);
        Files.deleteIfExists(refused);
        Path trace = work.resolve("t.jsonl");
        var r = Sandtrace.run(-1, work, Duration.ofSeconds(60), Map.of("HOME", work.toString()),
                "run", "--policy", profile, "-o", trace.toString(), "--", "/bin/sh", "-c",
                "echo x > " + allowedTarget + " && echo ALLOWED-OK; echo y > " + refused + " && echo REFUSED-WRITTEN; exit 0");
        assertThat(r.stdout()).as(r.stderr()).contains("ALLOWED-OK").doesNotContain("REFUSED-WRITTEN");
        assertThat(refused).doesNotExist();
        if (allowedTarget.startsWith("./")) assertThat(work.resolve("inside")).exists();
        Trace t = Trace.read(trace);
        assertThat(t.first().get("policy")).isEqualTo("builtin:" + profile);
        assertThat(t.first().get("policy_sha256").toString()).hasSize(64);
        assertThat(t.ofType("violation")).anySatisfy(v -> assertThat(v.get("target").toString()).contains("planted-" + profile));
    }

    @org.junit.jupiter.api.Test
    void policyCheckExitsZeroOneOrTwoAndShowsTheEffectivePolicy() throws Exception {
        var ok = Sandtrace.run("policy", "check", "npm-install");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).contains("builtin:npm-install").contains("valid").contains("write (landlock):")
                .contains("only through sandtrace's egress proxy").contains("registry.npmjs.org").contains("deny (mount masks");
        Path bad = Sandtrace.sharedTempDir("sandtrace-policy").resolve("bad.toml");
        Files.writeString(bad, "[filesystem]\nallow_reed = []\n[limits]\nmemory = \"lots\"\n");
        var invalid = Sandtrace.run("policy", "check", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.stderr()).contains(bad + ":2:1: unknown key filesystem.allow_reed, did you mean allow_read?")
                .contains(bad + ":4:1: memory must be a size");
        assertThat(Sandtrace.run("policy", "check").exitCode()).isEqualTo(2);
        assertThat(Sandtrace.run("policy", "show", "strict").stdout()).contains("action = \"kill\"");
        assertThat(Sandtrace.run("policy", "groups").stdout()).contains("@mount: mount umount2");
        var runInvalid = Sandtrace.run("run", "--policy", bad.toString(), "/bin/true");
        assertThat(runInvalid.exitCode()).isEqualTo(2);
        assertThat(runInvalid.stderr()).contains("did you mean allow_read?");
    }
}

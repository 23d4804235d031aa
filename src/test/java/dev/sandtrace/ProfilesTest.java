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
}

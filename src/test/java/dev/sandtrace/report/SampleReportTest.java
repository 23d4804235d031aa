package dev.sandtrace.report;

import static dev.sandtrace.report.ReportAssertions.indicator;
import static dev.sandtrace.report.ReportAssertions.reportOf;
import static dev.sandtrace.report.ReportAssertions.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.Fixtures;
import dev.sandtrace.testutil.Sandtrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small programs that behave like malware samples, run through the real tracer (with --trace-only
 * and in the sandbox): each must raise its indicator, with evidence that points at real events.
 */
class SampleReportTest {
    @TempDir
    Path dir;

    private Report run(boolean sandboxed, String fixture, String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n");
        Path program = Fixtures.copyInto(dir, fixture);
        Path trace = dir.resolve(fixture + ".jsonl");
        List<String> cmd = new ArrayList<>(List.of("run"));
        if (!sandboxed) cmd.add("--trace-only");
        else cmd.addAll(List.of("--allow-path", dir.toString()));
        cmd.addAll(List.of("-o", trace.toString(), "--", program.toString()));
        cmd.addAll(List.of(args));
        var result = Sandtrace.run(-1, dir, Duration.ofSeconds(60), Map.of("HOME", home.toString()), cmd.toArray(String[]::new));
        assertThat(Files.exists(trace)).as("trace written; stderr: %s", result.stderr()).isTrue();
        Report r = reportOf(trace);
        assertThat(r.trace().complete()).isTrue();
        return r;
    }

    @ParameterizedTest(name = "sandboxed={0}")
    @ValueSource(booleans = {false, true})
    void sshKeyTheftIsCredentialAccess(boolean sandboxed) throws Exception {
        Report r = run(sandboxed, "sample_sshkey");
        Report.Indicator i = indicator(r, "credential-access");
        // in the sandbox the temp HOME is hidden (private /tmp): the attempt is still the finding
        assertThat(i.severity()).isGreaterThanOrEqualTo(sandboxed ? Severity.MEDIUM : Severity.HIGH);
        assertThat(i.evidence()).anySatisfy(e -> assertThat(e.text()).contains(".ssh/id_rsa"));
        assertThat(i.evidence()).anySatisfy(e -> assertThat(e.text()).contains("/etc/shadow"));
    }

    @ParameterizedTest(name = "sandboxed={0}")
    @ValueSource(booleans = {false, true})
    void autostartAndBashrcArePersistence(boolean sandboxed) throws Exception {
        Report r = run(sandboxed, "sample_cron");
        Report.Indicator i = indicator(r, "persistence");
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.evidence()).anySatisfy(e -> assertThat(e.text()).contains(".config/autostart/updater.desktop"));
        assertThat(i.evidence()).anySatisfy(e -> assertThat(e.text()).contains(".bashrc"));
    }

    @ParameterizedTest(name = "sandboxed={0}")
    @ValueSource(booleans = {false, true})
    void dropperIsDownloadAndExecuteWithNetworkAndShell(boolean sandboxed) throws Exception {
        Report r = run(sandboxed, "sample_dropper");
        Report.Indicator i = indicator(r, "download-and-execute");
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.evidence()).anySatisfy(e -> assertThat(e.text()).startsWith("openat(").contains("/tmp/.payload-"));
        assertThat(i.evidence()).anySatisfy(e -> assertThat(e.text()).startsWith("execve(\"/tmp/.payload-"));
        Report.Indicator net = indicator(r, "outbound-network");
        assertThat(net.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(net.reason()).contains("192.0.2.1:80");
        assertThat(r.network()).anySatisfy(n -> {
            assertThat(n.endpoint()).isEqualTo("192.0.2.1:80");
            assertThat(n.port()).isEqualTo(80);
            if (sandboxed) assertThat(n.deniedBy()).isEqualTo("network namespace");
        });
        Report.Indicator shell = indicator(r, "shell-spawn");
        assertThat(shell.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(shell.reason()).contains("sample_dropper").contains("sh -c id");
    }

    @ParameterizedTest(name = "sandboxed={0}")
    @ValueSource(booleans = {false, true})
    void memfdExecIsFileless(boolean sandboxed) throws Exception {
        Report r = run(sandboxed, "sample_memfd");
        Report.Indicator i = indicator(r, "fileless-execution");
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.evidence()).extracting(Evidence::text)
                .anySatisfy(t -> assertThat(t).startsWith("memfd_create("))
                .anySatisfy(t -> assertThat(t).startsWith("execveat(3, \"\""));
    }

    @ParameterizedTest(name = "sandboxed={0}")
    @ValueSource(booleans = {false, true})
    void ptraceSelfCheckAndInjection(boolean sandboxed) throws Exception {
        Report r = run(sandboxed, "sample_ptrace");
        Report.Indicator anti = indicator(r, "anti-analysis");
        assertThat(anti.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(anti.evidence()).anySatisfy(e -> assertThat(e.text()).startsWith("ptrace(PTRACE_TRACEME)"));
        Report.Indicator escape = indicator(r, "escape-attempt");
        assertThat(escape.severity()).isGreaterThanOrEqualTo(sandboxed ? Severity.HIGH : Severity.MEDIUM);
        assertThat(escape.evidence()).anySatisfy(e -> assertThat(e.text()).contains("PTRACE_ATTACH"));
        Report.Indicator inject = indicator(r, "process-injection");
        assertThat(inject.severity()).isGreaterThanOrEqualTo(Severity.HIGH);
        assertThat(inject.evidence()).anySatisfy(e -> assertThat(e.text()).startsWith("process_vm_writev("));
    }

    @Test
    void daemonDetachesAndDeletesItself() throws Exception {
        Report r = run(false, "sample_daemon");
        assertThat(indicator(r, "daemon").severity()).isEqualTo(Severity.MEDIUM);
        assertThat(indicator(r, "daemon").evidence()).anySatisfy(e -> assertThat(e.text()).startsWith("setsid()"));
        Report.Indicator self = indicator(r, "self-deletion");
        assertThat(self.severity()).isEqualTo(Severity.HIGH);
        assertThat(self.reason()).contains("sample_daemon");
        assertThat(r.processes()).hasSizeGreaterThanOrEqualTo(3);
    }

    /** The sandbox's PID namespace ends with the target: the would-be daemon dies before it can detach. */
    @Test
    void sandboxKillsTheDaemonBeforeItDetaches() throws Exception {
        Report r = run(true, "sample_daemon");
        // the root exits right after its fork, and with it the PID namespace: whether the child
        // still gets to its second fork is a race, but whatever was started is killed with it
        assertThat(r.processes()).hasSizeBetween(2, 3);
        assertThat(r.processes().getLast().end()).isEqualTo("killed by SIGKILL");
        assertThat(r.indicators()).noneMatch(i -> i.id().equals("daemon"));
        if (r.processes().size() == 2) assertThat(r.indicators()).noneMatch(i -> i.id().equals("self-deletion"));
    }

    @ParameterizedTest(name = "sandboxed={0}")
    @ValueSource(booleans = {false, true})
    void renamingThirtyFilesIsMassModification(boolean sandboxed) throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Report r = run(sandboxed, "sample_ransom", docs.toString());
        Report.Indicator i = indicator(r, "mass-modification");
        assertThat(i.severity()).as(summary(r).toString()).isEqualTo(Severity.HIGH);
        assertThat(r.files().get("renamed")).singleElement().satisfies(d -> {
            assertThat(d.count()).isEqualTo(30);
            assertThat(d.files()).first().satisfies(f -> assertThat(f.to()).endsWith(".txt.locked"));
        });
    }
}

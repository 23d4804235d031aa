package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.Fixtures;
import dev.sandtrace.testutil.Json;
import dev.sandtrace.testutil.Sandtrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandtrace report} and {@code run --report} as a user runs them. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private Path trace(String... program) {
        Path trace = dir.resolve("t.jsonl");
        String[] args = new String[program.length + 5];
        System.arraycopy(new String[] {"run", "--trace-only", "-o", trace.toString(), "--"}, 0, args, 0, 5);
        System.arraycopy(program, 0, args, 5, program.length);
        Sandtrace.run(args);
        return trace;
    }

    @Test
    void textReportAndJsonDocument() throws Exception {
        Path program = Fixtures.copyInto(dir, "sample_memfd");
        Path trace = trace(program.toString());
        Path json = dir.resolve("r.json");
        var r = Sandtrace.run("report", trace.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("sandtrace report: " + trace).contains("Indicators (1)")
                .contains("HIGH     fileless-execution").contains("memfd_create(\"payload\"").contains("Processes (1)")
                .doesNotContain("\u001b["); // NO_COLOR is set by the test harness and stdout is a pipe
        Map<String, Object> doc = Json.parseObject(Files.readString(json));
        assertThat(ReportAssertions.SCHEMA.validate(doc)).isEmpty();
        assertThat(((Map<?, ?>) doc.get("trace")).get("file")).isEqualTo(trace.toString());
    }

    @Test
    void jsonToStdoutReplacesTheTextReport() {
        Path trace = trace("/bin/true");
        var r = Sandtrace.run("report", trace.toString(), "--json", "-");
        assertThat(r.exitCode()).isZero();
        Map<String, Object> doc = Json.parseObject(r.stdout());
        assertThat(ReportAssertions.SCHEMA.validate(doc)).isEmpty();
        assertThat((List<?>) doc.get("indicators")).isEmpty();
    }

    @Test
    void colourOnlyWhenAsked() {
        Path trace = trace("/bin/true");
        assertThat(Sandtrace.run("report", "--color", "always", trace.toString()).stdout()).contains("\u001b[1m");
        assertThat(Sandtrace.run("report", trace.toString()).stdout()).doesNotContain("\u001b[");
    }

    @Test
    void badInputIsOneLine() throws Exception {
        var missing = Sandtrace.run("report", dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr().strip()).isEqualTo("sandtrace: " + dir.resolve("nope.jsonl") + ": no such file");
        Path garbage = Files.writeString(dir.resolve("g.jsonl"), "{\"event_type\":\"header\",\"seq\":0}\nnot json\n");
        var bad = Sandtrace.run("report", garbage.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr().strip()).startsWith("sandtrace: " + garbage + ":2:").doesNotContain("\n").doesNotContain("Exception");
        Path empty = Files.writeString(dir.resolve("e.jsonl"), "");
        var none = Sandtrace.run("report", empty.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr().strip()).isEqualTo("sandtrace: " + empty + ": empty file: not a sandtrace trace");
    }

    @Test
    void aTraceCutInsideItsLastLineIsReportedWithAWarning() throws Exception {
        // what a sandtrace killed with SIGKILL while writing leaves behind
        Path trace = trace("sh", "-c", "cat /etc/hostname >/dev/null");
        String text = Files.readString(trace);
        Path cut = Files.writeString(dir.resolve("cut.jsonl"), text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 40));
        var r = Sandtrace.run("report", cut.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("warning: " + cut + ": the last line is cut short");
        assertThat(r.stdout()).contains("trace incomplete").contains("/usr/bin/cat /etc/hostname").contains("hostname");
    }

    @Test
    void htmlOfARealSampleRendersItsIndicatorsAndProcessesInChromium() throws Exception {
        var chromium = HeadlessChromium.require();
        Path program = Fixtures.copyInto(dir, "sample_memfd");
        Path trace = trace(program.toString());
        Path html = dir.resolve("r.html");
        Path json = dir.resolve("r.json");
        var r = Sandtrace.run("report", trace.toString(), "--html", html.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Map<String, Object> doc = Json.parseObject(Files.readString(json));
        var dom = HtmlReportBrowserTest.loaded(chromium.dumpDom(html, "#selftest", Files.createDirectories(dir.resolve("browser"))));
        assertThat(dom.byId("indicators").byClass("indicator")).extracting(e -> e.attr("data-id"))
                .containsExactlyElementsOf(((List<?>) doc.get("indicators")).stream().map(i -> String.valueOf(((Map<?, ?>) i).get("id"))).toList())
                .contains("fileless-execution");
        assertThat(dom.byId("process-tree").byClass("proc")).extracting(e -> e.attr("data-pid"))
                .containsExactlyElementsOf(((List<?>) doc.get("processes")).stream().map(p -> String.valueOf(((Map<?, ?>) p).get("pid"))).toList());
        assertThat(dom.byId("evidence").text()).contains("memfd_create(\"payload\"");
    }

    @Test
    void runReportPrintsTheReportAndKeepsTheExitCode() throws Exception {
        Path program = Fixtures.copyInto(dir, "sample_sshkey");
        Path home = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(home.resolve("id_rsa"), "fake key\n");
        var r = Sandtrace.run(-1, dir, Duration.ofSeconds(60), Map.of("HOME", dir.resolve("home").toString()),
                "run", "--trace-only", "--report", "--", "sh", "-c", program + "; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("sandtrace report").contains("HIGH     credential-access")
                .contains(".ssh/id_rsa");
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("sandtrace-report-"))
                    .filter(p -> p.toFile().lastModified() > System.currentTimeMillis() - 60_000)).isEmpty();
        }
        Path trace = dir.resolve("kept.jsonl");
        var kept = Sandtrace.run("run", "--trace-only", "--report", "-o", trace.toString(), "--", "/bin/true");
        assertThat(kept.exitCode()).isZero();
        assertThat(kept.stderr()).contains("sandtrace report: " + trace);
        assertThat(Json.readJsonl(trace).getLast().get("event_type")).isEqualTo("summary");
        assertThat(Sandtrace.run("run", "--report", "-e", "trace=file", "--", "/bin/true").exitCode()).isEqualTo(2);
    }

    @Test
    void aFilteredTraceSaysWhatItLeftOut() throws Exception {
        Path trace = dir.resolve("f.jsonl");
        Sandtrace.run("run", "--trace-only", "-e", "trace=process", "-o", trace.toString(), "--", "/bin/sh", "-c", "cat /etc/hostname");
        var r = Sandtrace.run("report", trace.toString(), "--json", dir.resolve("f.json").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("filtered trace: only -e trace=process was recorded");
        assertThat(((Map<?, ?>) Json.parseObject(Files.readString(dir.resolve("f.json"))).get("trace")).get("filter")).isEqualTo("process");
    }
}

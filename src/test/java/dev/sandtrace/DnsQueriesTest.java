package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DNS queries a program sends itself are named in the trace and the report (issue 12). */
class DnsQueriesTest {
    @Test
    void theQueriesOfEverySendAreNamedInTheTraceAndTheReport() throws Exception {
        Path work = Sandtrace.sharedTempDir("sandtrace-dns");
        Path fixture = Fixtures.copyInto(work, "dns_send");
        Path trace = work.resolve("trace.jsonl");
        var r = Sandtrace.run(Sandtrace.NOBODY, work, Duration.ofSeconds(60), "run", "--trace-only", "-o", trace.toString(), "--",
                fixture.toString(), "Evil.Example.com");
        assertThat(r.stdout()).as(r.stderr()).contains("sent");
        List<Map<String, Object>> dns = Trace.read(trace).ofType("dns");
        assertThat(dns).extracting(e -> e.get("syscall") + " " + e.get("name") + " " + e.get("type") + " " + e.get("transport"))
                .containsExactly("sendto evil.example.com A udp", "sendmmsg evil.example.com A udp", "sendmmsg evil.example.com AAAA udp",
                        "writev evil.example.com TXT tcp", "writev evil.example.com TXT tcp", "writev evil.example.com AAAA tcp");
        Map<Long, Map<String, Object>> bySeq = new java.util.HashMap<>();
        for (Map<String, Object> e : Trace.read(trace).events()) bySeq.put(Trace.num(e, "seq"), e);
        for (Map<String, Object> d : dns) {
            assertThat(bySeq.get(Trace.num(d, "syscall_seq")).get("syscall")).isEqualTo(d.get("syscall"));
        }
        var lines = dev.sandtrace.testutil.SchemaValidator.fromResource(dev.sandtrace.testutil.SchemaValidator.TRACE_SCHEMA);
        for (Map<String, Object> d : dns) assertThat(lines.validate(d)).isEmpty();

        Path json = work.resolve("report.json");
        var report = Sandtrace.run("report", "--json", json.toString(), trace.toString());
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        Object doc = dev.sandtrace.testutil.Json.parse(Files.readString(json));
        assertThat(dev.sandtrace.testutil.SchemaValidator.fromResource("/dev/sandtrace/report.schema.json").validate(doc)).isEmpty();
        assertThat(report.stdout()).contains("DNS query for evil.example.com (A)").contains("dns query evil.example.com AAAA (udp, sendmmsg)")
                .contains("dns evil.example.com TXT");
    }
}

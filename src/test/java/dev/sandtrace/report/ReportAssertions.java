package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Json;
import dev.sandtrace.testutil.SchemaValidator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks shared by the report tests: the document is schema-valid and its evidence is real. */
final class ReportAssertions {
    static final SchemaValidator SCHEMA = SchemaValidator.fromResource("/dev/sandtrace/report.schema.json");

    private ReportAssertions() { }

    /** Builds the report of {@code trace}, validates its JSON and checks every evidence seq against the trace. */
    static Report reportOf(Path trace) throws Exception {
        Report r = ReportBuilder.of(trace);
        Object doc = Json.parse(JsonReport.toJson(r));
        assertThat(SCHEMA.validate(doc)).as("report of %s against report.schema.json", trace).isEmpty();
        Map<Long, Map<String, Object>> bySeq = new HashMap<>();
        for (Map<String, Object> e : Json.readJsonl(trace)) bySeq.put(((Number) e.get("seq")).longValue(), e);
        for (Report.Indicator i : r.indicators()) {
            assertThat(i.evidence()).as(i.id()).isNotEmpty();
            for (Evidence ev : i.evidence()) {
                Map<String, Object> event = bySeq.get(ev.seq());
                assertThat(event).as("%s evidence seq %d is an event of the trace", i.id(), ev.seq()).isNotNull();
                assertThat(((Number) event.getOrDefault("pid", 0)).intValue()).isEqualTo(ev.pid());
                if ("syscall".equals(event.get("event_type"))) assertThat(ev.text()).isEqualTo(event.get("text"));
            }
        }
        return r;
    }

    static Report.Indicator indicator(Report r, String id) {
        return r.indicators().stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " indicator; got " + summary(r)));
    }

    static List<String> summary(Report r) {
        return r.indicators().stream().map(i -> i.severity().json() + " " + i.id() + ": " + i.reason()).toList();
    }
}

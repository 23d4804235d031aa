package dev.sandtrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** Writes a {@link Report} as the JSON document of docs/report-schema.md (pretty-printed, UTF-8). */
public final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() { }

    public static String toJson(Report r) {
        var bytes = new java.io.ByteArrayOutputStream();
        try {
            write(r, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void write(Report r, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(r, g);
        }
        out.write('\n');
        out.flush();
    }

    private static void write(Report r, JsonGenerator g) throws IOException {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("report_version", Report.VERSION);
        trace(r.trace(), g);
        g.writeArrayFieldStart("processes");
        for (Report.Process p : r.processes()) process(p, g);
        g.writeEndArray();
        g.writeObjectFieldStart("files");
        for (Map.Entry<String, List<Report.DirectoryGroup>> group : r.files().entrySet()) {
            g.writeArrayFieldStart(group.getKey());
            for (Report.DirectoryGroup d : group.getValue()) directory(d, g);
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("network");
        for (Report.NetworkRow n : r.network()) network(n, g);
        g.writeEndArray();
        g.writeArrayFieldStart("denials");
        for (Report.DenialGroup d : r.denials()) denials(d, g);
        g.writeEndArray();
        g.writeArrayFieldStart("indicators");
        for (Report.Indicator i : r.indicators()) indicator(i, g);
        g.writeEndArray();
        g.writeArrayFieldStart("timeline");
        for (Report.TimelineItem t : r.timeline()) {
            g.writeStartObject();
            g.writeNumberField("time_ns", t.timeNs());
            g.writeNumberField("seq", t.seq());
            g.writeNumberField("pid", t.pid());
            g.writeStringField("kind", t.kind());
            g.writeStringField("label", t.label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("limits");
        g.writeNumberField("max_items_per_list", r.limits().maxItemsPerList());
        g.writeBooleanField("truncated", r.limits().truncated());
        g.writeObjectFieldStart("dropped");
        for (Map.Entry<String, Long> d : new java.util.TreeMap<>(r.limits().dropped()).entrySet()) {
            g.writeNumberField(d.getKey(), d.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void trace(Report.Trace t, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("trace");
        string(g, "file", t.file());
        string(g, "sandtrace_version", t.sandtraceVersion());
        string(g, "program", t.program());
        strings(g, "argv", t.argv());
        string(g, "cwd", t.cwd());
        string(g, "start_time", t.startTime());
        string(g, "hostname", t.hostname());
        number(g, "uid", t.uid());
        g.writeBooleanField("sandboxed", t.sandboxed());
        strings(g, "layers", t.layers());
        string(g, "policy", t.policy());
        string(g, "tracing", t.tracing());
        string(g, "filter", t.filter());
        g.writeNumberField("events", t.events());
        g.writeBooleanField("complete", t.complete());
        number(g, "exit_code", t.exitCode());
        string(g, "ending", t.ending());
        number(g, "duration_ms", t.durationMs());
        g.writeNumberField("total_syscalls", t.totalSyscalls());
        g.writeNumberField("failed_syscalls", t.failedSyscalls());
        g.writeNumberField("denied_count", t.deniedCount());
        g.writeNumberField("process_count", t.processCount());
        g.writeEndObject();
    }

    private static void process(Report.Process p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("pid", p.pid());
        g.writeNumberField("parent_pid", p.parentPid());
        string(g, "command", p.command());
        strings(g, "argv", p.argv());
        g.writeArrayFieldStart("execs");
        for (Report.Exec x : p.execs()) {
            g.writeStartObject();
            g.writeNumberField("seq", x.seq());
            string(g, "path", x.path());
            strings(g, "argv", x.argv());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("start_ns", p.startNs());
        number(g, "end_ns", p.endNs());
        g.writeStringField("end", p.end());
        number(g, "exit_code", p.exitCode() == null ? null : p.exitCode().longValue());
        string(g, "signal", p.signal());
        g.writeNumberField("syscalls", p.syscalls());
        string(g, "via", p.via());
        g.writeNumberField("threads", p.threads());
        g.writeEndObject();
    }

    private static void directory(Report.DirectoryGroup d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("directory", d.directory());
        g.writeNumberField("count", d.count());
        g.writeArrayFieldStart("files");
        for (Report.FileEntry f : d.files()) {
            g.writeStartObject();
            g.writeStringField("path", f.path());
            g.writeNumberField("count", f.count());
            g.writeNumberField("first_seq", f.firstSeq());
            g.writeArrayFieldStart("pids");
            for (int pid : f.pids()) g.writeNumber(pid);
            g.writeEndArray();
            if (f.to() != null) g.writeStringField("to", f.to());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void network(Report.NetworkRow n, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("first_seq", n.firstSeq());
        g.writeNumberField("pid", n.pid());
        g.writeStringField("syscall", n.syscall());
        string(g, "family", n.family());
        string(g, "address", n.address());
        number(g, "port", n.port() == null ? null : n.port().longValue());
        g.writeStringField("endpoint", n.endpoint());
        g.writeStringField("outcome", n.outcome());
        g.writeBooleanField("success", n.success());
        string(g, "denied_by", n.deniedBy());
        g.writeNumberField("count", n.count());
        g.writeEndObject();
    }

    private static void denials(Report.DenialGroup d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("layer", d.layer());
        g.writeNumberField("count", d.count());
        g.writeArrayFieldStart("items");
        for (Report.Denial x : d.items()) {
            g.writeStartObject();
            g.writeNumberField("seq", x.seq());
            g.writeNumberField("syscall_seq", x.syscallSeq());
            g.writeNumberField("pid", x.pid());
            string(g, "syscall", x.syscall());
            string(g, "target", x.target());
            string(g, "errno", x.errno());
            string(g, "reason", x.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void indicator(Report.Indicator i, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", i.id());
        g.writeStringField("title", i.title());
        g.writeStringField("severity", i.severity().json());
        g.writeStringField("reason", i.reason());
        g.writeArrayFieldStart("evidence");
        for (Evidence e : i.evidence()) {
            g.writeStartObject();
            g.writeNumberField("seq", e.seq());
            g.writeNumberField("pid", e.pid());
            g.writeNumberField("time_ns", e.timeNs());
            g.writeStringField("text", e.text());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("count", i.count());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) g.writeNullField(name);
        else g.writeStringField(name, value);
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) g.writeNullField(name);
        else g.writeNumberField(name, value);
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}

package dev.sandtrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Report documents (docs/report-schema.md) for the HTML report tests: the sample, an empty one, a large one. */
final class ReportSamples {
    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");
    static final List<String> FILE_KINDS = List.of("read", "written", "created", "deleted", "executed");

    private ReportSamples() {}

    /** A sandboxed `curl | sh` run: 7 processes 4 levels deep, 7 indicators, every file kind, 5 network rows, 2 denial layers. */
    static String sample() {
        try (InputStream in = ReportSamples.class.getResourceAsStream("sample-report.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run that did nothing notable: one process, no files, no network, no indicators. */
    static Map<String, Object> empty() {
        var r = new LinkedHashMap<String, Object>();
        r.put("report_version", 1);
        r.put("trace", trace("/usr/bin/true", List.of("sandtrace", "run", "--trace-only", "--", "/usr/bin/true"), false, List.of()));
        r.put("processes", List.of(process(500, 0, "/usr/bin/true", List.of("true"), 1_000_000L, 2_000_000L, "exited 0", null)));
        var files = new LinkedHashMap<String, Object>();
        for (String k : FILE_KINDS) files.put(k, List.of());
        r.put("files", files);
        r.put("network", List.of());
        r.put("denials", List.of());
        r.put("indicators", List.of());
        r.put("timeline", List.of());
        r.put("limits", limits(false, 0, 0, 0));
        return r;
    }

    static Map<String, Object> trace(String program, List<String> argv, boolean sandboxed, List<String> layers) {
        var t = new LinkedHashMap<String, Object>();
        t.put("file", "trace.jsonl");
        t.put("program", program);
        t.put("argv", argv);
        t.put("cwd", "/tmp");
        t.put("start_time", "2026-12-01T02:00:00.000Z");
        t.put("hostname", "vm");
        t.put("uid", 0);
        t.put("sandboxed", sandboxed);
        t.put("layers", layers);
        t.put("policy", sandboxed ? "builtin:default" : null);
        t.put("tracing", "full");
        t.put("events", 40);
        t.put("complete", true);
        t.put("exit_code", 0);
        t.put("ending", "true exited with 0");
        t.put("duration_ms", 2);
        t.put("total_syscalls", 30);
        t.put("failed_syscalls", 2);
        t.put("denied_count", 0);
        return t;
    }

    static Map<String, Object> process(long pid, long parent, String command, List<String> argv, Long start, Long end, String ending,
            String via) {
        var p = new LinkedHashMap<String, Object>();
        p.put("pid", pid);
        p.put("parent_pid", parent);
        p.put("command", command);
        p.put("argv", argv);
        p.put("execs", List.of(Map.of("seq", pid, "path", command, "argv", argv)));
        p.put("start_ns", start);
        p.put("end_ns", end);
        p.put("end", ending);
        p.put("exit_code", ending.startsWith("exited ") ? Integer.valueOf(ending.substring(7)) : null);
        p.put("signal", ending.startsWith("killed by ") ? ending.substring(10) : null);
        p.put("syscalls", 12);
        p.put("via", via);
        return p;
    }

    static Map<String, Object> limits(boolean truncated, long files, long network, long timeline) {
        return Map.of("max_items_per_list", 1000, "truncated", truncated,
                "dropped", Map.of("files", files, "network", network, "timeline", timeline));
    }

    /** A report at the schema's list limits: 1000 files, network rows, timeline events and denials; 300 processes. */
    static Map<String, Object> large(long seed) {
        var rnd = new Random(seed);
        var r = new LinkedHashMap<String, Object>();
        r.put("report_version", 1);
        r.put("trace", trace("/usr/bin/make", List.of("sandtrace", "run", "--", "make", "-j8"), true, List.of("user namespace", "seccomp")));
        var procs = new ArrayList<Map<String, Object>>();
        long t = 1_000_000;
        String[] ends = {"exited 0", "exited 2", "killed by SIGKILL", "unknown"};
        for (int i = 0; i < 300; i++) {
            long pid = 10_000 + i;
            long parent = i == 0 ? 0 : 10_000 + rnd.nextInt(i);
            t += rnd.nextInt(2_000_000);
            String end = ends[rnd.nextInt(ends.length)];
            Long endNs = end.equals("unknown") ? null : t + rnd.nextInt(50_000_000);
            procs.add(process(pid, parent, "/usr/bin/cc" + i, List.of("cc", "-c", "file" + i + ".c"), t, endNs, end, i == 0 ? null : "fork"));
        }
        r.put("processes", procs);
        var files = new LinkedHashMap<String, Object>();
        for (String k : FILE_KINDS) files.put(k, new ArrayList<Map<String, Object>>());
        for (int i = 0; i < 1000; i++) {
            String kind = FILE_KINDS.get(rnd.nextInt(FILE_KINDS.size()));
            String dir = "/src/dir" + rnd.nextInt(40);
            @SuppressWarnings("unchecked")
            var groups = (List<Map<String, Object>>) files.get(kind);
            var group = groups.stream().filter(g -> g.get("directory").equals(dir)).findFirst().orElseGet(() -> {
                var g = new LinkedHashMap<String, Object>();
                g.put("directory", dir);
                g.put("count", 0L);
                g.put("files", new ArrayList<Map<String, Object>>());
                groups.add(g);
                return g;
            });
            long count = 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 5000);
            group.put("count", (Long) group.get("count") + count);
            @SuppressWarnings("unchecked")
            var list = (List<Map<String, Object>>) group.get("files");
            list.add(Map.of("path", dir + "/f" + i + ".o", "count", count, "first_seq", 1 + rnd.nextInt(900_000),
                    "pids", List.of(10_000 + rnd.nextInt(300))));
        }
        r.put("files", files);
        var network = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 1000; i++) {
            int port = 1 + rnd.nextInt(65535);
            String addr = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            var n = new LinkedHashMap<String, Object>();
            n.put("first_seq", 1 + rnd.nextInt(900_000));
            n.put("pid", 10_000 + rnd.nextInt(300));
            n.put("syscall", "connect");
            n.put("family", "AF_INET");
            n.put("address", addr);
            n.put("port", port);
            n.put("endpoint", addr + ":" + port);
            boolean ok = rnd.nextInt(4) == 0;
            n.put("outcome", ok ? "ok" : "ENETUNREACH");
            n.put("success", ok);
            n.put("denied_by", ok ? null : "network namespace");
            n.put("count", 1 + rnd.nextInt(20));
            network.add(n);
        }
        r.put("network", network);
        var denials = new ArrayList<Map<String, Object>>();
        for (String layer : List.of("landlock", "seccomp")) {
            var items = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < 500; i++) {
                long seq = 1 + rnd.nextInt(900_000);
                items.add(Map.of("seq", seq + 1, "syscall_seq", seq, "pid", 10_000 + rnd.nextInt(300), "syscall", "openat",
                        "target", "/etc/secret" + i, "errno", "EACCES", "reason", "outside the allowed paths"));
            }
            denials.add(Map.of("layer", layer, "count", 500, "items", items));
        }
        r.put("denials", denials);
        var indicators = new ArrayList<Map<String, Object>>();
        for (String id : List.of("credential-access", "persistence", "download-and-execute", "fileless-execution", "escape-attempt",
                "anti-analysis", "self-deletion", "process-injection", "mass-modification", "outbound-network", "shell-spawn")) {
            var evidence = new ArrayList<Map<String, Object>>();
            int n = 1 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                evidence.add(Map.of("seq", 1 + rnd.nextInt(900_000), "pid", 10_000 + rnd.nextInt(300), "time_ns", rnd.nextInt(600_000_000),
                        "text", "openat(AT_FDCWD, \"/x/" + id + i + "\", O_RDONLY) = 3"));
            }
            indicators.add(Map.of("id", id, "title", id.replace('-', ' '), "severity", SEVERITIES.get(rnd.nextInt(SEVERITIES.size())),
                    "reason", "synthetic " + id, "evidence", evidence, "count", n + rnd.nextInt(3)));
        }
        r.put("indicators", indicators); // deliberately not in severity order: the page sorts
        var timeline = new ArrayList<Map<String, Object>>();
        String[] kinds = {"exec", "spawn", "exit", "indicator", "denial", "network"};
        for (int i = 0; i < 1000; i++) {
            @SuppressWarnings("unchecked")
            var p = (Map<String, Object>) procs.get(rnd.nextInt(procs.size()));
            long start = (Long) p.get("start_ns");
            timeline.add(Map.of("time_ns", start + rnd.nextInt(40_000_000), "seq", 1 + i, "pid", p.get("pid"),
                    "kind", kinds[rnd.nextInt(kinds.length)], "label", "event " + i));
        }
        timeline.sort((a, b) -> Long.compare((Long) a.get("time_ns"), (Long) b.get("time_ns")));
        r.put("timeline", timeline);
        r.put("limits", limits(true, 4123, 17, 8800));
        return r;
    }

    static String toJson(Object value) {
        var out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (var e : m.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) write(g, o);
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }
}

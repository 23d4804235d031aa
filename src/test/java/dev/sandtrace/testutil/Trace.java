package dev.sandtrace.testutil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** A JSONL trace read back for assertions. */
public record Trace(List<Map<String, Object>> events) {
    public static Trace read(Path file) {
        return new Trace(Json.readJsonl(file));
    }

    public List<Map<String, Object>> ofType(String type) {
        return events.stream().filter(e -> type.equals(e.get("event_type"))).toList();
    }

    public List<Map<String, Object>> process(String kind) {
        return ofType("process").stream().filter(e -> kind.equals(e.get("kind"))).toList();
    }

    public List<Map<String, Object>> syscalls(String name) {
        return ofType("syscall").stream().filter(e -> name.equals(e.get("syscall"))).toList();
    }

    public List<Map<String, Object>> where(Predicate<Map<String, Object>> p) {
        return events.stream().filter(p).toList();
    }

    public Map<String, Object> first() {
        return events.getFirst();
    }

    public Map<String, Object> last() {
        return events.getLast();
    }

    public Map<String, Object> summary() {
        return ofType("summary").getFirst();
    }

    /** The pid whose exec ran {@code path} (basename match), or -1. */
    public long pidOfExec(String basename) {
        return process("exec").stream()
                .filter(e -> Objects.toString(e.get("path")).endsWith("/" + basename) || basename.equals(e.get("path")))
                .mapToLong(e -> ((Number) e.get("pid")).longValue()).findFirst().orElse(-1);
    }

    public static long num(Map<String, Object> e, String field) {
        return ((Number) e.get(field)).longValue();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> decoded(Map<String, Object> syscall) {
        return (Map<String, Object>) ((Map<String, Object>) syscall.get("args")).get("decoded");
    }
}

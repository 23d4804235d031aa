package dev.sandtrace.report;

import java.util.List;
import java.util.Map;

/** One line of a JSONL trace, read back: typed accessors over its JSON fields (docs/jsonl-schema.md). */
public record TraceEvent(Map<String, Object> fields) {

    public String type() { return (String) fields.get("event_type"); }

    public long seq() { return num("seq", -1); }

    public long timeNs() { return num("time_ns", 0); }

    public int pid() { return (int) num("pid", 0); }

    /** For process events: spawned, exec, exited, signaled. */
    public String kind() { return str("kind"); }

    /** For syscall events: the syscall's name. */
    public String syscall() { return str("syscall"); }

    public boolean is(String eventType) { return eventType.equals(type()); }

    public Object get(String field) { return fields.get(field); }

    public String str(String field) {
        return fields.get(field) instanceof String s ? s : null;
    }

    public long num(String field, long absent) {
        return fields.get(field) instanceof Number n ? n.longValue() : absent;
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String field) {
        return fields.get(field) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A syscall's {@code args.decoded} (argument name → JSON value); empty for other events. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> decoded() {
        if (fields.get("args") instanceof Map<?, ?> args && args.get("decoded") instanceof Map<?, ?> d) {
            return (Map<String, Object>) d;
        }
        return Map.of();
    }

    /** A decoded argument as text: a string as is, a {@code -y} fd object as its path, else null. */
    public String argText(String name) {
        Object v = decoded().get(name);
        if (v instanceof String s) return s;
        if (v instanceof Map<?, ?> m && m.get("path") instanceof String p) return p;
        return null;
    }

    /** A syscall's raw argument register {@code i}. */
    public long raw(int i) {
        if (fields.get("args") instanceof Map<?, ?> args && args.get("raw") instanceof List<?> raw
                && i < raw.size() && raw.get(i) instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    public boolean success() { return Boolean.TRUE.equals(fields.get("success")); }

    public String errno() { return str("errno"); }

    public long returnValue() { return num("return_value", -1); }
}

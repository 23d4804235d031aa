package dev.sandtrace.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A minimal JSON Schema (draft 2020-12) validator for tests, working on the values {@link Json}
 * returns. Supported: type (a name or an array of names), enum, const, properties, required,
 * additionalProperties (boolean or schema), items, prefixItems, minItems, maxItems, minimum,
 * maximum, minLength, maxLength, pattern, allOf, anyOf, oneOf, not, if/then/else and $ref to a
 * JSON pointer inside the same document ("#/$defs/name"). Annotations ($schema, $id, title,
 * description, ...) are ignored; any other keyword is rejected when the schema is loaded, so a
 * constraint can never be silently skipped.
 *
 * <p>{@link #validate} returns one message per violation, each starting with the JSON pointer
 * of the offending value ({@code /args/raw: ...}, {@code (root): ...} for the whole instance).
 */
public final class SchemaValidator {
    /** The schema the product ships: {@code src/main/resources/dev/sandtrace/trace.schema.json}. */
    public static final String TRACE_SCHEMA = "/dev/sandtrace/trace.schema.json";

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "$defs", "title",
            "description", "examples", "default", "deprecated", "readOnly", "writeOnly");
    private static final Set<String> ASSERTIONS = Set.of("type", "enum", "const", "properties", "required",
            "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "minimum", "maximum",
            "minLength", "maxLength", "pattern", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref");
    private static final Set<String> TYPES = Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    private final Object root;
    private final Map<String, Pattern> patterns = new HashMap<>();

    /** {@code schema} as parsed by {@link Json#parse}: a Map (or a boolean schema). */
    public SchemaValidator(Object schema) {
        this.root = schema;
        check(schema, "#");
    }

    public static SchemaValidator fromJson(String schemaText) {
        return new SchemaValidator(Json.parse(schemaText));
    }

    /** Loads a schema from the classpath, e.g. {@link #TRACE_SCHEMA}. */
    public static SchemaValidator fromResource(String name) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("schema not on the classpath: " + name);
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations of {@code instance}; empty when it is valid. */
    public List<String> validate(Object instance) {
        List<String> errors = new ArrayList<>();
        validate(root, instance, "", errors);
        return errors;
    }

    // ---- validation ----

    @SuppressWarnings("unchecked")
    private void validate(Object schema, Object value, String path, List<String> errors) {
        if (schema instanceof Boolean b) {
            if (!b) errors.add(at(path) + "no value is allowed here");
            return;
        }
        Map<String, Object> s = (Map<String, Object>) schema;
        if (s.get("$ref") instanceof String ref) validate(resolve(ref), value, path, errors);
        if (s.containsKey("type") && !typeMatches(s.get("type"), value)) {
            errors.add(at(path) + "expected " + describeType(s.get("type")) + ", got " + kind(value) + " " + brief(value));
            return; // the other keywords would only repeat the mismatch
        }
        if (s.containsKey("const") && !jsonEquals(s.get("const"), value)) {
            errors.add(at(path) + "must be " + brief(s.get("const")) + ", got " + brief(value));
        }
        if (s.get("enum") instanceof List<?> options && options.stream().noneMatch(o -> jsonEquals(o, value))) {
            errors.add(at(path) + "must be one of " + brief(options) + ", got " + brief(value));
        }
        if (value instanceof Map<?, ?> map) object(s, (Map<String, Object>) map, path, errors);
        if (value instanceof List<?> list) array(s, (List<Object>) list, path, errors);
        if (value instanceof String str) string(s, str, path, errors);
        if (value instanceof Number n) number(s, n, path, errors);
        combinators(s, value, path, errors);
    }

    @SuppressWarnings("unchecked")
    private void object(Map<String, Object> s, Map<String, Object> map, String path, List<String> errors) {
        if (s.get("required") instanceof List<?> required) {
            for (Object name : required) {
                if (!map.containsKey((String) name)) errors.add(at(path) + "required property '" + name + "' is missing");
            }
        }
        Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
        Object additional = s.get("additionalProperties");
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String child = path + "/" + escape(e.getKey());
            if (props.containsKey(e.getKey())) {
                validate(props.get(e.getKey()), e.getValue(), child, errors);
            } else if (Boolean.FALSE.equals(additional)) {
                errors.add(at(path) + "unknown property '" + e.getKey() + "' is not allowed");
            } else if (additional instanceof Map) {
                validate(additional, e.getValue(), child, errors);
            }
        }
    }

    private void array(Map<String, Object> s, List<Object> list, String path, List<String> errors) {
        if (s.get("minItems") instanceof Number min && list.size() < min.longValue()) {
            errors.add(at(path) + "has " + list.size() + " items, at least " + min + " required");
        }
        if (s.get("maxItems") instanceof Number max && list.size() > max.longValue()) {
            errors.add(at(path) + "has " + list.size() + " items, at most " + max + " allowed");
        }
        int prefix = 0;
        if (s.get("prefixItems") instanceof List<?> prefixItems) {
            prefix = Math.min(prefixItems.size(), list.size());
            for (int i = 0; i < prefix; i++) validate(prefixItems.get(i), list.get(i), path + "/" + i, errors);
        }
        if (s.containsKey("items")) {
            for (int i = prefix; i < list.size(); i++) validate(s.get("items"), list.get(i), path + "/" + i, errors);
        }
    }

    private void string(Map<String, Object> s, String str, String path, List<String> errors) {
        int length = str.codePointCount(0, str.length());
        if (s.get("minLength") instanceof Number min && length < min.longValue()) {
            errors.add(at(path) + "is " + length + " characters long, at least " + min + " required");
        }
        if (s.get("maxLength") instanceof Number max && length > max.longValue()) {
            errors.add(at(path) + "is " + length + " characters long, at most " + max + " allowed");
        }
        if (s.get("pattern") instanceof String regex && !patterns.get(regex).matcher(str).find()) {
            errors.add(at(path) + brief(str) + " does not match the pattern " + regex);
        }
    }

    private void number(Map<String, Object> s, Number n, String path, List<String> errors) {
        if (s.get("minimum") instanceof Number min && decimal(n).compareTo(decimal(min)) < 0) {
            errors.add(at(path) + n + " is less than the minimum " + min);
        }
        if (s.get("maximum") instanceof Number max && decimal(n).compareTo(decimal(max)) > 0) {
            errors.add(at(path) + n + " is greater than the maximum " + max);
        }
    }

    private void combinators(Map<String, Object> s, Object value, String path, List<String> errors) {
        if (s.get("allOf") instanceof List<?> all) {
            for (Object sub : all) validate(sub, value, path, errors);
        }
        if (s.get("anyOf") instanceof List<?> any) {
            List<List<String>> results = branches(any, value, path);
            if (results.stream().noneMatch(List::isEmpty)) {
                closest(errors, path, "matches none of the " + any.size() + " anyOf alternatives", any, results);
            }
        }
        if (s.get("oneOf") instanceof List<?> one) {
            List<List<String>> results = branches(one, value, path);
            List<String> matching = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) if (results.get(i).isEmpty()) matching.add(name(one.get(i), i));
            if (matching.isEmpty()) {
                closest(errors, path, "matches none of the " + one.size() + " oneOf alternatives", one, results);
            } else if (matching.size() > 1) {
                errors.add(at(path) + "matches " + String.join(" and ", matching) + "; oneOf allows exactly one");
            }
        }
        if (s.containsKey("not") && valid(s.get("not"), value, path)) {
            errors.add(at(path) + "must not match " + brief(s.get("not")));
        }
        if (s.containsKey("if")) {
            Object branch = valid(s.get("if"), value, path) ? s.get("then") : s.get("else");
            if (branch != null) validate(branch, value, path, errors);
        }
    }

    private List<List<String>> branches(List<?> schemas, Object value, String path) {
        List<List<String>> results = new ArrayList<>();
        for (Object sub : schemas) {
            List<String> e = new ArrayList<>();
            validate(sub, value, path, e);
            results.add(e);
        }
        return results;
    }

    /** Reports a failed anyOf/oneOf with the errors of the alternative that came closest (fewest errors). */
    private static void closest(List<String> errors, String path, String what, List<?> schemas, List<List<String>> results) {
        int best = 0;
        for (int i = 1; i < results.size(); i++) if (results.get(i).size() < results.get(best).size()) best = i;
        errors.add(at(path) + what + "; the closest, " + name(schemas.get(best), best) + ", fails with:");
        for (String e : results.get(best)) errors.add("  " + e);
    }

    private boolean valid(Object schema, Object value, String path) {
        List<String> e = new ArrayList<>();
        validate(schema, value, path, e);
        return e.isEmpty();
    }

    private static String name(Object schema, int index) {
        return schema instanceof Map<?, ?> m && m.get("$ref") instanceof String ref ? ref : "alternative #" + index;
    }

    // ---- types and equality ----

    private static boolean typeMatches(Object type, Object value) {
        if (type instanceof List<?> types) return types.stream().anyMatch(t -> typeMatches(t, value));
        return switch ((String) type) {
            case "null" -> value == null;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Number n && isIntegral(n);
            default -> false;
        };
    }

    private static boolean isIntegral(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof BigInteger || n instanceof Short) return true;
        double d = n.doubleValue();
        return !Double.isInfinite(d) && d == Math.rint(d);
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigInteger b) return new BigDecimal(b);
        if (n instanceof BigDecimal b) return b;
        if (n instanceof Double || n instanceof Float) return BigDecimal.valueOf(n.doubleValue());
        return BigDecimal.valueOf(n.longValue());
    }

    /** JSON equality: numbers by value (1 == 1.0), objects regardless of key order. */
    static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y)) == 0;
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !jsonEquals(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!jsonEquals(x.get(i), y.get(i))) return false;
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static String kind(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Map) return "object";
        if (v instanceof List) return "array";
        if (v instanceof String) return "string";
        return v instanceof Number n && isIntegral(n) ? "integer" : "number";
    }

    private static String describeType(Object type) {
        return type instanceof List<?> l ? String.join(" or ", l.stream().map(String::valueOf).toList()) : (String) type;
    }

    /** A short rendering of a value for messages. */
    private static String brief(Object v) {
        String s;
        if (v instanceof String str) s = '"' + str + '"';
        else if (v instanceof Map<?, ?> || v instanceof List<?>) s = render(v);
        else s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String render(Object v) {
        if (v instanceof String str) return '"' + str + '"';
        if (v instanceof List<?> l) return "[" + String.join(",", l.stream().map(SchemaValidator::render).toList()) + "]";
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                sb.append('"').append(e.getKey()).append("\":").append(render(e.getValue()));
                if (it.hasNext()) sb.append(',');
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }

    private static String at(String path) {
        return (path.isEmpty() ? "(root)" : path) + ": ";
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    // ---- references and the schema's own well-formedness ----

    private Object resolve(String ref) {
        if (!ref.startsWith("#")) throw new IllegalArgumentException("only local $refs are supported: " + ref);
        Object node = root;
        if (ref.length() > 1) {
            if (ref.charAt(1) != '/') throw new IllegalArgumentException("bad $ref " + ref);
            for (String part : ref.substring(2).split("/", -1)) {
                String key = part.replace("~1", "/").replace("~0", "~");
                node = switch (node) {
                    case Map<?, ?> m when m.containsKey(key) -> m.get(key);
                    case List<?> l when key.matches("\\d+") && Integer.parseInt(key) < l.size() -> l.get(Integer.parseInt(key));
                    case null, default -> throw new IllegalArgumentException("unresolvable $ref " + ref);
                };
            }
        }
        if (!(node instanceof Map || node instanceof Boolean)) throw new IllegalArgumentException("$ref " + ref + " is not a schema");
        return node;
    }

    /** Walks a schema: every keyword known, every subschema a schema, every pattern compiled, every $ref resolvable. */
    private void check(Object schema, String where) {
        if (schema instanceof Boolean) return;
        if (!(schema instanceof Map<?, ?> s)) throw new IllegalArgumentException(where + ": a schema must be an object or a boolean");
        for (Map.Entry<?, ?> e : s.entrySet()) {
            String k = (String) e.getKey();
            Object v = e.getValue();
            String here = where + "/" + escape(k);
            if (!ASSERTIONS.contains(k) && !ANNOTATIONS.contains(k)) {
                throw new IllegalArgumentException(here + ": unsupported keyword '" + k + "'");
            }
            switch (k) {
                case "$defs", "properties" -> {
                    if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException(here + ": must be an object");
                    m.forEach((name, sub) -> check(sub, here + "/" + escape((String) name)));
                }
                case "prefixItems", "allOf", "anyOf", "oneOf" -> {
                    if (!(v instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException(here + ": must be a non-empty array");
                    for (int i = 0; i < l.size(); i++) check(l.get(i), here + "/" + i);
                }
                case "additionalProperties", "items", "not", "if", "then", "else" -> check(v, here);
                case "type" -> {
                    List<?> names = v instanceof List<?> l ? l : List.of(String.valueOf(v));
                    for (Object t : names) if (!TYPES.contains(t)) throw new IllegalArgumentException(here + ": unknown type " + t);
                }
                case "required" -> {
                    if (!(v instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                        throw new IllegalArgumentException(here + ": must be an array of strings");
                    }
                }
                case "enum" -> {
                    if (!(v instanceof List<?>)) throw new IllegalArgumentException(here + ": must be an array");
                }
                case "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum" -> {
                    if (!(v instanceof Number)) throw new IllegalArgumentException(here + ": must be a number");
                }
                case "pattern" -> patterns.computeIfAbsent((String) v, Pattern::compile);
                case "$ref" -> resolve((String) v);
                default -> { }
            }
        }
    }
}

package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandtrace.testutil.Json;
import dev.sandtrace.testutil.SchemaValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The test-only JSON reader and schema validator, and the shipped trace schema, without tracing. */
class SchemaValidatorTest {

    private static List<String> check(String schema, String instance) {
        return SchemaValidator.fromJson(schema).validate(Json.parse(instance));
    }

    private static void accepts(String schema, String instance) {
        assertThat(check(schema, instance)).as("%s against %s", instance, schema).isEmpty();
    }

    /** Asserts a rejection and that one of the messages contains {@code fragment}. */
    private static void rejects(String schema, String instance, String fragment) {
        List<String> errors = check(schema, instance);
        assertThat(errors).as("%s against %s", instance, schema).isNotEmpty();
        assertThat(errors).as("errors").anySatisfy(e -> assertThat(e).contains(fragment));
    }

    @Nested
    class JsonReader {
        @Test
        @SuppressWarnings("unchecked")
        void parsesEveryKindOfValue() {
            Object v = Json.parse("{\"b\":1,\"a\":[true,false,null,-2.5,\"x\\u00e9\"],\"big\":9223372036854775807,\"o\":{}}");
            assertThat(v).isInstanceOf(LinkedHashMap.class);
            Map<String, Object> m = (Map<String, Object>) v;
            assertThat(m.keySet()).containsExactly("b", "a", "big", "o");
            assertThat(m.get("b")).isEqualTo(1L);
            assertThat((List<Object>) m.get("a")).containsExactly(true, false, null, -2.5, "xé");
            assertThat(m.get("big")).isEqualTo(Long.MAX_VALUE);
            assertThat(m.get("o")).isEqualTo(Map.of());
            assertThat(Json.parse("\"s\"")).isEqualTo("s");
            assertThat(Json.parse("null")).isNull();
        }

        @Test
        void rejectsBrokenAndTrailingAndDuplicateInput() {
            assertThatThrownBy(() -> Json.parse("{\"a\":1")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.parse("{\"a\":1} {}")).hasMessageContaining("trailing");
            assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("a");
            assertThatThrownBy(() -> Json.parse("")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void readJsonlNamesTheBadLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
            java.nio.file.Path good = dir.resolve("good.jsonl");
            java.nio.file.Files.writeString(good, "{\"a\":1}\n{\"b\":[2]}\n");
            assertThat(Json.readJsonl(good)).hasSize(2);

            java.nio.file.Path cut = dir.resolve("cut.jsonl");
            java.nio.file.Files.writeString(cut, "{\"a\":1}\n{\"b\":[2\n");
            assertThatThrownBy(() -> Json.readJsonl(cut)).isInstanceOf(AssertionError.class).hasMessageContaining("line 2");

            java.nio.file.Path notObject = dir.resolve("array.jsonl");
            java.nio.file.Files.writeString(notObject, "{}\n{}\n[1]\n");
            assertThatThrownBy(() -> Json.readJsonl(notObject)).isInstanceOf(AssertionError.class).hasMessageContaining("line 3");

            java.nio.file.Path noNewline = dir.resolve("partial.jsonl");
            java.nio.file.Files.writeString(noNewline, "{}\n{}");
            assertThatThrownBy(() -> Json.readJsonl(noNewline)).isInstanceOf(AssertionError.class).hasMessageContaining("line 2");
        }
    }

    @Nested
    class Keywords {
        @Test
        void type() {
            accepts("{\"type\":\"integer\"}", "3");
            accepts("{\"type\":\"integer\"}", "3.0");
            rejects("{\"type\":\"integer\"}", "3.5", "expected integer");
            rejects("{\"type\":\"integer\"}", "\"3\"", "expected integer, got string");
            accepts("{\"type\":\"number\"}", "3.5");
            accepts("{\"type\":\"string\"}", "\"x\"");
            rejects("{\"type\":\"string\"}", "null", "expected string, got null");
            accepts("{\"type\":\"boolean\"}", "false");
            rejects("{\"type\":\"boolean\"}", "0", "expected boolean");
            accepts("{\"type\":\"object\"}", "{}");
            rejects("{\"type\":\"object\"}", "[]", "expected object, got array");
            accepts("{\"type\":\"array\"}", "[]");
            accepts("{\"type\":\"null\"}", "null");
        }

        @Test
        void typeArray() {
            accepts("{\"type\":[\"integer\",\"null\"]}", "null");
            accepts("{\"type\":[\"integer\",\"null\"]}", "-1");
            rejects("{\"type\":[\"integer\",\"null\"]}", "\"x\"", "expected integer or null");
        }

        @Test
        void enumAndConst() {
            accepts("{\"enum\":[\"a\",1,null]}", "1.0");
            accepts("{\"enum\":[\"a\",1,null]}", "null");
            rejects("{\"enum\":[\"a\",1,null]}", "\"b\"", "must be one of");
            accepts("{\"const\":{\"x\":[1,2]}}", "{\"x\":[1,2]}");
            rejects("{\"const\":{\"x\":[1,2]}}", "{\"x\":[2,1]}", "must be");
            rejects("{\"const\":false}", "0", "must be false");
        }

        @Test
        void propertiesRequiredAndNoAdditional() {
            String schema = "{\"type\":\"object\",\"required\":[\"a\"],\"additionalProperties\":false,"
                    + "\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}}}";
            accepts(schema, "{\"a\":1}");
            accepts(schema, "{\"a\":1,\"b\":\"x\"}");
            rejects(schema, "{\"b\":\"x\"}", "(root): required property 'a' is missing");
            rejects(schema, "{\"a\":1,\"c\":2}", "unknown property 'c'");
            rejects(schema, "{\"a\":\"1\"}", "/a: expected integer");
        }

        @Test
        void additionalPropertiesSchema() {
            String schema = "{\"properties\":{\"n\":{}},\"additionalProperties\":{\"type\":\"integer\",\"minimum\":0}}";
            accepts(schema, "{\"n\":\"any\",\"x\":1,\"y\":0}");
            rejects(schema, "{\"x\":-1}", "/x: -1 is less than the minimum 0");
            rejects(schema, "{\"a/b\":\"s\"}", "/a~1b: expected integer");
        }

        @Test
        void itemsAndPrefixItemsAndBounds() {
            String schema = "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"integer\"},"
                    + "\"minItems\":2,\"maxItems\":3}";
            accepts(schema, "[\"a\",1]");
            accepts(schema, "[\"a\",1,2]");
            rejects(schema, "[1,1]", "/0: expected string");
            rejects(schema, "[\"a\",\"b\"]", "/1: expected integer");
            rejects(schema, "[\"a\"]", "has 1 items, at least 2 required");
            rejects(schema, "[\"a\",1,2,3]", "has 4 items, at most 3 allowed");
        }

        @Test
        void minimumMaximum() {
            accepts("{\"minimum\":1,\"maximum\":64}", "64");
            rejects("{\"minimum\":1,\"maximum\":64}", "65", "greater than the maximum 64");
            rejects("{\"minimum\":1,\"maximum\":64}", "0.5", "less than the minimum 1");
            accepts("{\"minimum\":1}", "\"not a number\"");
        }

        @Test
        void patternAndLength() {
            accepts("{\"pattern\":\"^0x[0-9a-f]+$\"}", "\"0x7ffd\"");
            rejects("{\"pattern\":\"^0x[0-9a-f]+$\"}", "\"0X7FFD\"", "does not match the pattern");
            accepts("{\"pattern\":\"b\"}", "\"abc\""); // unanchored, as in ECMA-262
            accepts("{\"minLength\":2,\"maxLength\":3}", "\"ab\"");
            rejects("{\"minLength\":2}", "\"a\"", "at least 2");
            rejects("{\"maxLength\":3}", "\"abcd\"", "at most 3");
        }

        @Test
        void allOfAnyOfOneOfNot() {
            accepts("{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":3}]}", "4");
            rejects("{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":3}]}", "2", "less than the minimum");
            accepts("{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":3}]}", "\"s\"");
            rejects("{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":3}]}", "2", "matches none of the 2 anyOf");
            String one = "{\"oneOf\":[{\"type\":\"integer\"},{\"minimum\":3}]}";
            accepts(one, "2");
            accepts(one, "3.5");
            rejects(one, "4", "oneOf allows exactly one");
            rejects(one, "2.5", "matches none of the 2 oneOf");
            accepts("{\"not\":{\"type\":\"null\"}}", "0");
            rejects("{\"not\":{\"type\":\"null\"}}", "null", "must not match");
        }

        @Test
        void oneOfReportsTheClosestAlternative() {
            String schema = "{\"oneOf\":[{\"required\":[\"a\",\"b\",\"c\"]},{\"required\":[\"x\"],\"properties\":{\"x\":{\"type\":\"string\"}}}]}";
            List<String> errors = check(schema, "{\"x\":1}");
            assertThat(errors.get(0)).contains("the closest, alternative #1");
            assertThat(errors).contains("  /x: expected string, got integer 1");
        }

        @Test
        void ifThenElse() {
            String schema = "{\"if\":{\"properties\":{\"finished\":{\"const\":false}}},"
                    + "\"then\":{\"properties\":{\"ret\":{\"type\":\"null\"}}},"
                    + "\"else\":{\"properties\":{\"ret\":{\"type\":\"integer\"}}}}";
            accepts(schema, "{\"finished\":false,\"ret\":null}");
            accepts(schema, "{\"finished\":true,\"ret\":0}");
            rejects(schema, "{\"finished\":false,\"ret\":0}", "/ret: expected null");
            rejects(schema, "{\"finished\":true,\"ret\":null}", "/ret: expected integer");
            accepts("{\"if\":{\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]}}", "{}");
            rejects("{\"if\":{\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]}}", "{\"a\":1}", "'b' is missing");
        }

        @Test
        void refToDefs() {
            String schema = "{\"$defs\":{\"pid\":{\"type\":\"integer\",\"minimum\":1},\"a~b\":{\"const\":1}},"
                    + "\"properties\":{\"pid\":{\"$ref\":\"#/$defs/pid\"},\"z\":{\"$ref\":\"#/$defs/a~0b\"}}}";
            accepts(schema, "{\"pid\":42,\"z\":1}");
            rejects(schema, "{\"pid\":0}", "/pid: 0 is less than the minimum 1");
            rejects(schema, "{\"z\":2}", "/z: must be 1");
        }

        @Test
        void booleanSchemas() {
            accepts("true", "{\"anything\":[1]}");
            rejects("false", "1", "no value is allowed");
            rejects("{\"properties\":{\"x\":false}}", "{\"x\":1}", "/x: no value is allowed");
        }

        @Test
        void badSchemasFailWhenLoaded() {
            assertThatThrownBy(() -> SchemaValidator.fromJson("{\"minContains\":1}")).hasMessageContaining("unsupported keyword 'minContains'");
            assertThatThrownBy(() -> SchemaValidator.fromJson("{\"$ref\":\"#/$defs/missing\"}")).hasMessageContaining("unresolvable");
            assertThatThrownBy(() -> SchemaValidator.fromJson("{\"type\":\"int\"}")).hasMessageContaining("unknown type");
            assertThatThrownBy(() -> SchemaValidator.fromJson("{\"pattern\":\"[\"}")).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> SchemaValidator.fromJson("{\"properties\":{\"a\":{\"maxitems\":1}}}"))
                    .hasMessageContaining("#/properties/a/maxitems");
        }
    }

    /** The shipped schema against real lines (from a trace of {@code sh -c 'ls / | wc -l'}) and broken copies of them. */
    @Nested
    @SuppressWarnings("unchecked")
    class TraceSchema {
        private final SchemaValidator schema = SchemaValidator.fromResource(SchemaValidator.TRACE_SCHEMA);

        static final String HEADER = "{\"event_type\":\"header\",\"seq\":0,\"timestamp\":\"2026-11-28T23:13:59.866598912Z\",\"time_ns\":85766764,"
                + "\"schema_version\":1,\"sandtrace_version\":\"0.1.0\",\"start_time\":\"2026-11-28T23:14:00.175474867Z\","
                + "\"argv\":[\"sandtrace\",\"run\",\"--trace-only\",\"--\",\"/bin/true\"],\"program\":\"/bin/true\",\"cwd\":\"/tmp\","
                + "\"kernel_release\":\"6.18.44\",\"arch\":\"x86_64\",\"hostname\":\"vm\",\"uid\":0,\"layers\":[],\"masked\":[],\"not_enforced\":[],\"policy\":null,\"policy_sha256\":null,\"tracing\":\"full\",\"tracing_reason\":\"a JSONL trace (-o) without -e trace= needs every syscall\",\"trace_filter\":null,\"env\":null}";
        static final String SYSCALL = "{\"event_type\":\"syscall\",\"seq\":11,\"timestamp\":\"2026-11-28T23:14:00.064810864Z\",\"time_ns\":283978716,"
                + "\"pid\":18363,\"tid\":18363,\"syscall\":\"openat\",\"syscall_nr\":257,\"arch\":\"x86_64\","
                + "\"args\":{\"raw\":[4294967196,139968393142449,524288,0,0,-94475634684106],"
                + "\"decoded\":{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/etc/ld.so.cache\",\"flags\":\"O_RDONLY|O_CLOEXEC\"}},"
                + "\"return_value\":3,\"success\":true,\"errno\":null,"
                + "\"text\":\"openat(AT_FDCWD, \\\"/etc/ld.so.cache\\\", O_RDONLY|O_CLOEXEC) = 3\","
                + "\"duration_us\":4412,\"finished\":true,\"category\":\"file_read\"}";
        static final String FAILED = "{\"event_type\":\"syscall\",\"seq\":10,\"timestamp\":\"2026-11-28T23:14:00.061372865Z\",\"time_ns\":280540717,"
                + "\"pid\":18363,\"tid\":18363,\"syscall\":\"access\",\"syscall_nr\":21,\"arch\":\"x86_64\","
                + "\"args\":{\"raw\":[139968393147040,4,0,4095,139968392974400,504],\"decoded\":{\"pathname\":\"/etc/ld.so.preload\",\"mode\":\"R_OK\"}},"
                + "\"return_value\":-1,\"success\":false,\"errno\":\"ENOENT\","
                + "\"text\":\"access(\\\"/etc/ld.so.preload\\\", R_OK) = -1 ENOENT (No such file or directory)\","
                + "\"duration_us\":1370,\"finished\":true,\"category\":\"file_metadata\"}";
        static final String UNFINISHED = "{\"event_type\":\"syscall\",\"seq\":114,\"timestamp\":\"2026-11-28T23:14:04.123307786Z\",\"time_ns\":353003534,"
                + "\"pid\":18466,\"tid\":18466,\"syscall\":\"clock_nanosleep\",\"syscall_nr\":230,\"arch\":\"x86_64\","
                + "\"args\":{\"raw\":[0,0,140730664225088,140730664225152,0,0],\"decoded\":{\"clockid\":0,\"flags\":\"0x0\",\"request\":\"0x7ffe69400940\",\"remain\":\"0x7ffe69400980\"}},"
                + "\"return_value\":null,\"success\":false,\"errno\":null,\"text\":\"clock_nanosleep(0, 0x0, 0x7ffe69400940, 0x7ffe69400980) = ?\","
                + "\"duration_us\":null,\"finished\":false,\"category\":\"system\"}";
        static final String SPAWNED = "{\"event_type\":\"process\",\"seq\":65,\"timestamp\":\"2026-11-28T23:14:00.110131036Z\",\"time_ns\":329298888,"
                + "\"kind\":\"spawned\",\"pid\":18363,\"tid\":18363,\"parent_pid\":18363,\"child_pid\":18364,\"via\":\"fork\"}";
        static final String EXEC = "{\"event_type\":\"process\",\"seq\":84,\"timestamp\":\"2026-11-28T23:14:00.119398855Z\",\"time_ns\":338566707,"
                + "\"kind\":\"exec\",\"pid\":18365,\"tid\":18365,\"path\":\"/usr/bin/wc\",\"argv\":[\"wc\",\"-l\"]}";
        static final String EXITED = "{\"event_type\":\"process\",\"seq\":346,\"timestamp\":\"2026-11-28T23:14:00.273994434Z\",\"time_ns\":493162286,"
                + "\"kind\":\"exited\",\"pid\":18364,\"tid\":18364,\"exit_code\":0}";
        static final String SIGNALED = "{\"event_type\":\"process\",\"seq\":57,\"timestamp\":\"2026-11-28T23:14:02.846389420Z\",\"time_ns\":260587185,"
                + "\"kind\":\"signaled\",\"pid\":18430,\"tid\":18430,\"signal\":\"SIGSEGV\",\"signal_number\":11,\"core_dumped\":false}";
        static final String SIGNAL = "{\"event_type\":\"signal\",\"seq\":348,\"timestamp\":\"2026-11-28T23:14:00.276097686Z\",\"time_ns\":495265538,"
                + "\"pid\":18363,\"tid\":18363,\"signal\":\"SIGCHLD\",\"signal_number\":17,\"code\":\"CLD_EXITED\",\"sender_pid\":18364,\"sender_uid\":0}";
        static final String TIMEOUT = "{\"event_type\":\"timeout\",\"seq\":113,\"timestamp\":\"2026-11-28T23:14:04.780636144Z\",\"time_ns\":1010331892,"
                + "\"limit_seconds\":1.0,\"killed\":1}";
        static final String MESSAGE = "{\"event_type\":\"message\",\"seq\":1,\"timestamp\":\"2026-11-28T23:13:59.924462402Z\",\"time_ns\":143630254,"
                + "\"level\":\"setup\",\"text\":\"clone: ok\"}";
        static final String SUMMARY = "{\"event_type\":\"summary\",\"seq\":58,\"timestamp\":\"2026-11-28T23:14:02.849075097Z\",\"time_ns\":263272862,"
                + "\"total_syscalls\":49,\"unique_syscalls\":2,\"failed_syscalls\":1,\"denied_count\":0,\"ptrace_stops\":98,\"process_count\":1,\"duration_ms\":263,"
                + "\"exit_code\":139,\"ending\":\"sh killed by SIGSEGV\","
                + "\"syscalls\":{\"access\":{\"calls\":1,\"errors\":1,\"time_us\":192},\"brk\":{\"calls\":48,\"errors\":0,\"time_us\":292}},"
                + "\"processes\":[{\"pid\":18430,\"parent_pid\":0,\"command\":\"/usr/bin/sh\",\"syscalls\":49,\"errors\":1,\"end\":\"killed by SIGSEGV\"}]}";

        private List<String> validate(String line) {
            return schema.validate(Json.parse(line));
        }

        private List<String> validateModified(String line, java.util.function.Consumer<Map<String, Object>> change) {
            Map<String, Object> event = (Map<String, Object>) Json.parse(line);
            change.accept(event);
            return schema.validate(event);
        }

        @Test
        void acceptsRealLinesOfEveryEventType() {
            for (String line : List.of(HEADER, SYSCALL, FAILED, UNFINISHED, SPAWNED, EXEC, EXITED, SIGNALED, SIGNAL, TIMEOUT, MESSAGE, SUMMARY)) {
                assertThat(validate(line)).as(line).isEmpty();
            }
        }

        /** Every example line in docs/jsonl-schema.md is valid, so the documentation and the schema agree. */
        @Test
        void documentedExamplesAreValid() throws java.io.IOException {
            String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/jsonl-schema.md"));
            java.util.regex.Matcher block = java.util.regex.Pattern.compile("```json\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(doc);
            Set<Object> types = new java.util.TreeSet<>();
            while (block.find()) {
                for (String line : block.group(1).split("\n")) {
                    Map<String, Object> event = Json.parseObject(line);
                    types.add(event.get("event_type") + (event.containsKey("kind") ? ":" + event.get("kind") : ""));
                    assertThat(schema.validate(event)).as(line).isEmpty();
                }
            }
            assertThat(types).containsExactly("dns", "header", "message", "network", "process:exec", "process:exited", "process:signaled",
                    "process:spawned", "signal", "summary", "syscall", "timeout", "violation");
        }

        @Test
        void rejectsSyscallWithoutSyscallName() {
            List<String> errors = validateModified(SYSCALL, e -> e.remove("syscall"));
            assertThat(errors).anySatisfy(e -> assertThat(e).contains("matches none of the 10 oneOf").contains("#/$defs/syscall"));
            assertThat(errors).contains("  (root): required property 'syscall' is missing");
        }

        @Test
        void rejectsUnknownField() {
            assertThat(validateModified(SYSCALL, e -> e.put("syscal_name", "openat")))
                    .contains("  (root): unknown property 'syscal_name' is not allowed");
            assertThat(validateModified(EXITED, e -> e.put("signal", "SIGKILL")))
                    .anySatisfy(e -> assertThat(e).contains("unknown property 'signal'"));
            assertThat(validateModified(SUMMARY, e -> ((List<Map<String, Object>>) e.get("processes")).get(0).put("ppid", 1)))
                    .anySatisfy(e -> assertThat(e).contains("/processes/0: unknown property 'ppid'"));
        }

        @Test
        void rejectsRawWithFiveEntries() {
            List<String> errors = validateModified(SYSCALL, e -> ((List<?>) ((Map<?, ?>) e.get("args")).get("raw")).removeLast());
            assertThat(errors).contains("  /args/raw: has 5 items, at least 6 required");
            assertThat(validateModified(SYSCALL, e -> ((List<Object>) ((Map<?, ?>) e.get("args")).get("raw")).add(7L)))
                    .contains("  /args/raw: has 7 items, at most 6 allowed");
            assertThat(validateModified(SYSCALL, e -> ((List<Object>) ((Map<?, ?>) e.get("args")).get("raw")).set(0, "0x3")))
                    .contains("  /args/raw/0: expected integer, got string \"0x3\"");
        }

        @Test
        void rejectsProcessKindForked() {
            List<String> errors = validateModified(SPAWNED, e -> e.put("kind", "forked"));
            assertThat(errors).anySatisfy(e -> assertThat(e)
                    .contains("/kind: must be one of [\"spawned\",\"exec\",\"exited\",\"signaled\"], got \"forked\""));
        }

        @Test
        void rejectsKindSpecificFieldsOnTheWrongKind() {
            assertThat(validateModified(EXEC, e -> e.put("kind", "exited"))).isNotEmpty();
            assertThat(validateModified(SPAWNED, e -> e.remove("child_pid")))
                    .anySatisfy(e -> assertThat(e).contains("required property 'child_pid' is missing"));
            assertThat(validateModified(SPAWNED, e -> e.put("via", "posix_spawn"))).isNotEmpty();
        }

        @Test
        void rejectsWrongTypesAndEnums() {
            assertThat(validateModified(SYSCALL, e -> e.put("return_value", "3"))).isNotEmpty();
            assertThat(validateModified(SYSCALL, e -> e.put("seq", -1L))).isNotEmpty();
            assertThat(validateModified(SYSCALL, e -> e.put("category", "filesystem")))
                    .anySatisfy(e -> assertThat(e).contains("/category: must be one of"));
            assertThat(validateModified(SYSCALL, e -> e.put("args", Map.of("raw", List.of(1, 2, 3, 4, 5, 6))))).isNotEmpty();
            assertThat(validateModified(MESSAGE, e -> e.put("level", "debug"))).isNotEmpty();
            assertThat(validateModified(HEADER, e -> e.put("schema_version", 2L))).isNotEmpty();
            assertThat(validateModified(HEADER, e -> e.put("timestamp", "yesterday"))).isNotEmpty();
            assertThat(validateModified(SIGNAL, e -> e.remove("sender_uid")))
                    .anySatisfy(e -> assertThat(e).contains("required property 'sender_uid' is missing"));
            assertThat(validateModified(TIMEOUT, e -> e.put("limit_seconds", null))).isNotEmpty();
            assertThat(validateModified(SUMMARY, e -> e.put("syscalls", Map.of("read", Map.of("calls", 1))))).isNotEmpty();
            assertThat(validateModified(SYSCALL, e -> e.put("event_type", "syscalls")))
                    .anySatisfy(e -> assertThat(e).contains("/event_type: must be one of"));
        }

        @Test
        void decodedValuesMayBeAnyJson() {
            assertThat(validateModified(SYSCALL, e -> {
                Map<String, Object> decoded = new LinkedHashMap<>();
                decoded.put("null", null);
                decoded.put("array", new ArrayList<>(List.of("a", 1L, "...")));
                decoded.put("struct", Map.of("sa_family", "AF_INET", "sin_port", 80L));
                decoded.put("bool", true);
                ((Map<String, Object>) e.get("args")).put("decoded", decoded);
            })).isEmpty();
        }

        @Test
        void enforcesSyscallConsistency() {
            // a failure returns -1 and is not a success
            assertThat(validateModified(FAILED, e -> e.put("success", true))).isNotEmpty();
            assertThat(validateModified(FAILED, e -> e.put("return_value", -2L))).isNotEmpty();
            // a finished call has a return value and a duration
            assertThat(validateModified(SYSCALL, e -> e.put("duration_us", null))).isNotEmpty();
            assertThat(validateModified(SYSCALL, e -> e.put("success", false))).isNotEmpty();
            // an unfinished one has neither and is not a success
            assertThat(validateModified(UNFINISHED, e -> e.put("return_value", 0L))).isNotEmpty();
            assertThat(validateModified(UNFINISHED, e -> e.put("success", true))).isNotEmpty();
        }
    }
}

package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Json;
import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.SchemaValidator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces real programs (a real sandtrace process, {@code sandtrace run --trace-only -o FILE}) and checks every
 * line against the shipped schema plus the invariants the schema cannot express. A program that
 * is not found (exit 127) is refused before any trace is written and is not covered here.
 */
@Timeout(60)
class TraceSchemaTest {
    private static final SchemaValidator SCHEMA = SchemaValidator.fromResource(SchemaValidator.TRACE_SCHEMA);

    @TempDir
    Path dir;

    /** A finished run: sandtrace's exit code and the parsed trace. */
    record TracedRun(int exitCode, List<Map<String, Object>> events) {
        List<Map<String, Object>> of(String eventType) {
            return events.stream().filter(e -> eventType.equals(e.get("event_type"))).toList();
        }

        List<Map<String, Object>> process(String kind) {
            return of("process").stream().filter(e -> kind.equals(e.get("kind"))).toList();
        }

        Map<String, Object> summary() {
            return events.getLast();
        }

        /** The traced program's pid: the first pid any event mentions. */
        long rootPid() {
            return events.stream().filter(e -> e.containsKey("pid")).map(e -> (Long) e.get("pid")).findFirst().orElseThrow();
        }
    }

    private TracedRun run(String name, String... options) {
        Path out = dir.resolve(name + ".jsonl");
        List<String> args = new ArrayList<>(List.of("run", "--trace-only", "-o", out.toString()));
        args.addAll(List.of(options));
        int exit = Sandtrace.run(args.toArray(String[]::new)).exitCode();
        TracedRun trace = new TracedRun(exit, Json.readJsonl(out));
        assertWellFormed(trace);
        return trace;
    }

    @Test
    void shellPipelineWithBackgroundJob() {
        TracedRun t = run("pipeline", "--", "sh", "-c", "ls / | wc -l; sleep 0.1 & wait");

        assertThat(t.exitCode()).isZero();
        assertThat(t.process("spawned")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(t.process("exec")).extracting(e -> e.get("argv"))
                .contains(List.of("sh", "-c", "ls / | wc -l; sleep 0.1 & wait"), List.of("ls", "/"), List.of("wc", "-l"),
                        List.of("sleep", "0.1"));
        assertThat(t.of("signal")).extracting(e -> e.get("signal")).contains("SIGCHLD");
        assertThat(t.summary().get("exit_code")).isEqualTo(0L);
        assertThat((Long) t.summary().get("process_count")).isGreaterThanOrEqualTo(4L);
    }

    @Test
    void binTrue() {
        TracedRun t = run("true", "--", "/bin/true");

        assertThat(t.exitCode()).isZero();
        assertThat(t.process("exec")).singleElement().satisfies(e -> {
            assertThat(e.get("path")).isEqualTo("/bin/true");
            assertThat(e.get("argv")).isEqualTo(List.of("/bin/true"));
        });
        assertThat(t.process("spawned")).isEmpty();
        assertThat(t.process("exited")).singleElement().satisfies(e -> assertThat(e.get("exit_code")).isEqualTo(0L));
        assertThat(t.of("syscall")).extracting(e -> e.get("syscall")).contains("execve", "exit_group");
        assertThat(t.summary().get("ending")).isEqualTo("true exited with 0");
    }

    @Test
    void targetKilledBySignal() {
        TracedRun t = run("segv", "--", "sh", "-c", "kill -SEGV $$");

        assertThat(t.exitCode()).isEqualTo(128 + 11);
        long root = t.rootPid();
        assertThat(t.of("signal")).anySatisfy(e -> {
            assertThat(e.get("signal")).isEqualTo("SIGSEGV");
            assertThat(e.get("signal_number")).isEqualTo(11L);
            assertThat(e.get("code")).isEqualTo("SI_USER");
            assertThat(e.get("sender_pid")).isEqualTo(root);
        });
        assertThat(t.process("signaled")).singleElement().satisfies(e -> {
            assertThat(e.get("pid")).isEqualTo(root);
            assertThat(e.get("signal")).isEqualTo("SIGSEGV");
            assertThat(e.get("signal_number")).isEqualTo(11L);
        });
        assertThat(t.summary().get("exit_code")).isEqualTo(139L);
    }

    @Test
    void timeout() {
        TracedRun t = run("timeout", "--timeout", "1", "--", "sleep", "30");

        assertThat(t.exitCode()).isEqualTo(124);
        assertThat(t.of("timeout")).singleElement().satisfies(e -> {
            assertThat(e.get("limit_seconds")).isEqualTo(1.0);
            assertThat((Long) e.get("killed")).isGreaterThanOrEqualTo(1L);
            assertThat((Long) e.get("time_ns")).isBetween(1_000_000_000L, 20_000_000_000L);
        });
        assertThat(t.process("signaled")).singleElement().satisfies(e -> assertThat(e.get("signal")).isEqualTo("SIGKILL"));
        // sleep was inside clock_nanosleep when it was killed: written unfinished
        assertThat(t.of("syscall")).anySatisfy(e -> {
            assertThat(e.get("finished")).isEqualTo(false);
            assertThat(e.get("return_value")).isNull();
        });
        assertThat(t.summary().get("exit_code")).isEqualTo(124L);
    }

    @Test
    void threadsAndExecFromANonLeaderThread() {
        TracedRun t = run("threads", "--", Fixtures.compile("threads_exec").toString());

        assertThat(t.exitCode()).isZero();
        long root = t.rootPid();
        assertThat(t.process("spawned")).hasSize(3).allSatisfy(e -> {
            assertThat(e.get("via")).isEqualTo("thread");
            assertThat(e.get("pid")).isEqualTo(root);
        });
        // the exec'ing thread keeps the process id; its own tid is reported as the exec's tid
        assertThat(t.process("exec")).last().satisfies(e -> {
            assertThat(e.get("pid")).isEqualTo(root);
            assertThat(e.get("tid")).isNotEqualTo(root);
            assertThat(e.get("argv")).isEqualTo(List.of("echo", "exec-from-thread"));
        });
    }

    @Test
    void faultingTarget() {
        TracedRun t = run("fault", "--", Fixtures.compile("segv").toString());

        assertThat(t.exitCode()).isEqualTo(128 + 11);
        assertThat(t.of("signal")).singleElement().satisfies(e -> {
            assertThat(e.get("code")).isEqualTo("SEGV_MAPERR");
            assertThat(e.get("fault_address")).isEqualTo("0x0");
            assertThat(e).doesNotContainKeys("sender_pid", "sender_uid");
        });
    }

    /**
     * {@code timestamp} is documented as the wall clock of {@code time_ns}: start_time + time_ns.
     * Product bug: JsonlWriter anchors timestamps on an Instant taken in RunCommand, before the
     * session's Clock exists, so every timestamp is early by the start-up gap (~0.3 s; the header's
     * timestamp even precedes its own start_time).
     */
    @Test
    void timestampIsStartTimePlusTimeNs() {
        TracedRun t = run("clock", "--", "/bin/true");
        Instant start = Instant.parse((String) t.events().getFirst().get("start_time"));
        for (Map<String, Object> e : t.events()) {
            assertThat(Instant.parse((String) e.get("timestamp"))).as("line seq %s", e.get("seq"))
                    .isEqualTo(start.plusNanos((Long) e.get("time_ns")));
        }
    }

    // ---- what every trace must satisfy ----

    private static void assertWellFormed(TracedRun t) {
        List<Map<String, Object>> events = t.events();
        assertThat(events).as("trace lines").hasSizeGreaterThanOrEqualTo(2);

        List<String> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i);
            for (String error : SCHEMA.validate(e)) {
                problems.add("line " + (i + 1) + " (" + e.get("event_type") + " " + Objects.toString(e.get("syscall"), "") + "): " + error);
            }
        }
        assertThat(problems).as("schema violations").isEmpty();

        assertThat(events.getFirst().get("event_type")).as("first line").isEqualTo("header");
        assertThat(events.getFirst().get("seq")).isEqualTo(0L);
        assertThat(events.getLast().get("event_type")).as("last line").isEqualTo("summary");
        assertThat(t.of("header")).hasSize(1);
        assertThat(t.of("summary")).hasSize(1);

        long previousSeq = -1, previousTime = -1;
        for (Map<String, Object> e : events) {
            long seq = (Long) e.get("seq");
            assertThat(seq).as("seq after %s", previousSeq).isGreaterThan(previousSeq);
            previousSeq = seq;
            if (!"syscall".equals(e.get("event_type"))) { // syscalls carry their entry time
                long time = (Long) e.get("time_ns");
                assertThat(time).as("time_ns of seq %s", seq).isGreaterThanOrEqualTo(previousTime);
                previousTime = time;
            }
        }

        long root = t.rootPid();
        Set<Long> spawned = t.process("spawned").stream().map(e -> (Long) e.get("child_pid")).collect(Collectors.toSet());
        Set<Long> known = new HashSet<>(spawned);
        known.add(root);
        Set<Long> unknown = new TreeSet<>();
        for (Map<String, Object> e : t.of("syscall")) if (!known.contains((Long) e.get("pid"))) unknown.add((Long) e.get("pid"));
        assertThat(unknown).as("pids in syscall events that are neither the root %s nor spawned", root).isEmpty();

        // a thread's end is the exited/signaled line with its tid; a non-leader thread that execs
        // takes over the leader's tid instead (exec line with tid != pid) and never ends under its own
        Set<Long> ended = new HashSet<>();
        for (Map<String, Object> e : t.of("process")) {
            Object kind = e.get("kind");
            if (kind.equals("exited") || kind.equals("signaled") || kind.equals("exec") && !e.get("tid").equals(e.get("pid"))) {
                ended.add((Long) e.get("tid"));
            }
        }
        Set<Long> neverEnded = new TreeSet<>(spawned);
        neverEnded.removeAll(ended);
        assertThat(neverEnded).as("spawned children without an exited/signaled line").isEmpty();
        assertThat(ended).as("the root's end").contains(root);

        // the summary counts what the trace shows
        Map<String, Object> summary = t.summary();
        List<Map<String, Object>> syscalls = t.of("syscall");
        assertThat(summary.get("total_syscalls")).isEqualTo((long) syscalls.size());
        assertThat(summary.get("failed_syscalls")).isEqualTo(syscalls.stream().filter(e -> e.get("errno") != null).count());
        Set<Object> names = syscalls.stream().map(e -> e.get("syscall")).collect(Collectors.toSet());
        assertThat(((Map<?, ?>) summary.get("syscalls")).keySet()).isEqualTo(names);
        assertThat(summary.get("unique_syscalls")).isEqualTo((long) names.size());
        assertThat(summary.get("process_count")).isEqualTo((long) ((List<?>) summary.get("processes")).size());
        assertThat(summary.get("exit_code")).isEqualTo((long) t.exitCode());
    }
}

package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Json;
import dev.sandtrace.testutil.Sandtrace;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report's memory does not grow with the trace: a synthetic trace of 400,000 syscalls over
 * 5,000 processes, 200,000 distinct files and 20,000 endpoints is reported by a JVM limited to a
 * 48 MB heap, and the capped lists say what they dropped while the counts stay exact.
 */
class LargeTraceReportTest {
    private static final int SYSCALLS = 400_000;

    @TempDir
    Path dir;

    @Test
    void reportsInBoundedMemory() throws Exception {
        Path trace = dir.resolve("big.jsonl");
        long written = generate(trace, new Random(42));
        assertThat(Files.size(trace)).isGreaterThan(80L << 20);

        Path json = dir.resolve("big.json");
        List<String> cmd = new ArrayList<>(Sandtrace.javaCommand());
        cmd.add(1, "-Xmx48m");
        cmd.addAll(List.of("report", trace.toString(), "--json", json.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();

        Map<String, Object> doc = Json.parseObject(Files.readString(json));
        assertThat(ReportAssertions.SCHEMA.validate(doc)).isEmpty();
        Map<?, ?> t = (Map<?, ?>) doc.get("trace");
        assertThat(((Number) t.get("events")).longValue()).isEqualTo(written);
        assertThat(((Number) t.get("total_syscalls")).longValue()).isEqualTo(SYSCALLS);
        Map<?, ?> limits = (Map<?, ?>) doc.get("limits");
        assertThat(limits.get("truncated")).isEqualTo(true);
        Map<?, ?> dropped = (Map<?, ?>) limits.get("dropped");
        assertThat(((Number) dropped.get("processes")).longValue()).isEqualTo(4_000);
        assertThat(((Number) dropped.get("files")).longValue()).isPositive();
        assertThat(((Number) dropped.get("network")).longValue()).isPositive();
        assertThat((List<?>) doc.get("processes")).hasSize(1000);
        assertThat((List<?>) doc.get("network")).hasSize(1000);
        // the exact count survives the cap: every one of the 5,000 processes exited
        Map<?, ?> files = (Map<?, ?>) doc.get("files");
        long reads = ((List<?>) files.get("read")).stream().mapToLong(d -> ((Number) ((Map<?, ?>) d).get("count")).longValue()).sum();
        assertThat(reads).isPositive();
    }

    /** Writes the trace; returns the number of lines. */
    private static long generate(Path trace, Random rnd) throws Exception {
        long seq = 0;
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(trace, StandardCharsets.UTF_8)) {
            w.write("{\"event_type\":\"header\",\"seq\":0,\"time_ns\":0,\"schema_version\":1,\"program\":\"/usr/bin/make\","
                    + "\"argv\":[\"sandtrace\",\"run\"],\"cwd\":\"/src\",\"layers\":[],\"uid\":0,\"tracing\":\"full\"}\n");
            lines++;
            int processes = 5_000;
            int perProcess = SYSCALLS / processes;
            for (int p = 0; p < processes; p++) {
                int pid = 1000 + p;
                long time = p * 1_000_000L;
                if (p > 0) {
                    w.write("{\"event_type\":\"process\",\"seq\":" + (++seq) + ",\"time_ns\":" + time
                            + ",\"kind\":\"spawned\",\"pid\":1000,\"tid\":1000,\"parent_pid\":1000,\"child_pid\":" + pid
                            + ",\"via\":\"fork\"}\n");
                    w.write("{\"event_type\":\"process\",\"seq\":" + (++seq) + ",\"time_ns\":" + time
                            + ",\"kind\":\"exec\",\"pid\":" + pid + ",\"tid\":" + pid + ",\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\",\"-c\",\"f"
                            + p + ".c\"]}\n");
                    lines += 2;
                }
                for (int i = 0; i < perProcess; i++) {
                    String line = switch (i % 4) {
                        case 0 -> sys(++seq, pid, time + i, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/src/d"
                                + rnd.nextInt(5_000) + "/f" + rnd.nextInt(40) + ".h\",\"flags\":\"O_RDONLY\"}", "openat(...) = 3");
                        case 1 -> sys(++seq, pid, time + i, "connect", "{\"sockfd\":3,\"addr\":{\"sa_family\":\"AF_INET\","
                                + "\"sin_port\":" + (1 + rnd.nextInt(65535)) + ",\"sin_addr\":\"127.0.0." + (1 + rnd.nextInt(200))
                                + "\"},\"addrlen\":16}", "connect(...) = 0");
                        case 2 -> sys(++seq, pid, time + i, "read", "{\"fd\":3,\"buf\":\"" + "x".repeat(rnd.nextInt(32))
                                + "\",\"count\":4096}", "read(3, ...) = 32");
                        default -> sys(++seq, pid, time + i, "close", "{\"fd\":3}", "close(3) = 0");
                    };
                    w.write(line);
                    lines++;
                }
                if (p > 0) { // the root (make) exits last
                    w.write(exited(++seq, time + perProcess, pid));
                    lines++;
                }
            }
            w.write(exited(++seq, processes * 1_000_000L, 1000));
            lines++;
            w.write("{\"event_type\":\"summary\",\"seq\":" + (++seq) + ",\"time_ns\":" + (processes * 1_000_000L)
                    + ",\"total_syscalls\":" + SYSCALLS + ",\"failed_syscalls\":0,\"denied_count\":0,\"process_count\":"
                    + processes + ",\"duration_ms\":5000,\"exit_code\":0,\"ending\":\"make exited with 0\",\"processes\":[]}\n");
            lines++;
        }
        return lines;
    }

    private static String exited(long seq, long time, int pid) {
        return "{\"event_type\":\"process\",\"seq\":" + seq + ",\"time_ns\":" + time + ",\"kind\":\"exited\",\"pid\":" + pid
                + ",\"tid\":" + pid + ",\"exit_code\":0}\n";
    }

    private static String sys(long seq, int pid, long time, String name, String decoded, String text) {
        return "{\"event_type\":\"syscall\",\"seq\":" + seq + ",\"time_ns\":" + time + ",\"pid\":" + pid + ",\"tid\":" + pid
                + ",\"syscall\":\"" + name + "\",\"syscall_nr\":0,\"arch\":\"x86_64\",\"args\":{\"raw\":[3,0,0,0,0,0],\"decoded\":"
                + decoded + "},\"return_value\":0,\"success\":true,\"errno\":null,\"text\":\"" + text
                + "\",\"duration_us\":1,\"finished\":true,\"category\":\"other\"}\n";
    }
}

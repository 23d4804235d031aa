package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the same C fixture under {@code strace -f} and under sandtrace and compares, for the
 * root process, the sequence of syscall names, the first string argument (paths, buffers) and
 * the return values, after normalising addresses and pids.
 */
class StraceConformanceTest {
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(\\w+)\\((.*)\\)\\s+=\\s+(.+)$");
    private static final Pattern UNFINISHED = Pattern.compile("^(\\d+)\\s+(\\w+)\\((.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+<\\.\\.\\. (\\w+) resumed>(.*)\\)\\s+=\\s+(.+)$");
    private static final Pattern FIRST_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"(\\.\\.\\.)?");

    @TempDir
    Path tmp;

    record Call(String name, String firstString, String ret) {}

    @Test
    void rootProcessSyscallsMatchStrace() throws Exception {
        Path fixture = Fixtures.compile("conform");
        Path work = Files.createDirectories(tmp.resolve("work"));

        Path straceOut = tmp.resolve("strace.txt");
        Process strace = new ProcessBuilder("strace", "-f", "-s", "64", "-o", straceOut.toString(), fixture.toString(), work.toString())
                .redirectErrorStream(true).start();
        strace.getInputStream().readAllBytes();
        assertThat(strace.waitFor()).isZero();

        Path trace = tmp.resolve("trace.jsonl");
        var r = Sandtrace.run("run", "--trace-only", "-s", "64", "-o", trace.toString(), "--", fixture.toString(), work.toString());
        assertThat(r.exitCode()).isZero();

        List<Call> expected = fromStrace(Files.readAllLines(straceOut));
        List<Call> actual = fromSandtrace(Trace.read(trace));
        int matched = 0;
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (expected.get(i).equals(actual.get(i))) matched++;
        }
        System.out.printf("strace conformance (conform.c, root process): %d of %d syscalls identical%n", matched, expected.size());
        assertThat(actual).containsExactlyElementsOf(expected);
        // the fixture's own work must be in the comparison, not just the loader's
        assertThat(expected).extracting(Call::firstString)
                .contains("/etc/passwd", "/nonexistent/sandtrace-conform", "sandtrace-conform-nothing", "hi");
    }

    private static List<Call> fromStrace(List<String> lines) {
        String rootPid = null;
        Map<String, String> pending = new HashMap<>();
        List<Call> out = new ArrayList<>();
        for (String line : lines) {
            String pid, name, args, ret;
            Matcher m;
            if ((m = UNFINISHED.matcher(line)).matches()) {
                pending.put(m.group(1), m.group(3));
                if (rootPid == null) rootPid = m.group(1);
                continue;
            } else if ((m = RESUMED.matcher(line)).matches()) {
                pid = m.group(1);
                name = m.group(2);
                args = pending.remove(pid) + m.group(3);
                ret = m.group(4);
            } else if ((m = LINE.matcher(line)).matches()) {
                pid = m.group(1);
                name = m.group(2);
                args = m.group(3);
                ret = m.group(4);
            } else {
                continue; // signals, exits
            }
            if (rootPid == null) rootPid = pid;
            if (pid.equals(rootPid)) out.add(new Call(name, firstString(args), normaliseRet(name, ret)));
        }
        return out;
    }

    private static List<Call> fromSandtrace(Trace t) {
        long root = Trace.num(t.process("exec").getFirst(), "pid");
        List<Call> out = new ArrayList<>();
        for (Map<String, Object> e : t.ofType("syscall")) {
            if (Trace.num(e, "pid") != root) continue;
            String text = (String) e.get("text");
            Matcher m = Pattern.compile("^(\\w+)\\((.*)\\) = (.+)$").matcher(text);
            assertThat(m.matches()).as(text).isTrue();
            out.add(new Call(m.group(1), firstString(m.group(2)), normaliseRet(m.group(1), m.group(3))));
        }
        return out;
    }

    private static String firstString(String args) {
        Matcher m = FIRST_STRING.matcher(args);
        return m.find() ? m.group(1) + (m.group(2) != null ? "..." : "") : null;
    }

    /** Addresses differ between runs (ASLR) and pids between tracers: compare their kind only. */
    private static String normaliseRet(String name, String ret) {
        String r = ret.strip();
        if (r.startsWith("0x")) return "ADDR";
        if (name.equals("clone") || name.equals("clone3") || name.equals("fork") || name.equals("wait4")
                || name.equals("getpid") || name.equals("gettid") || name.equals("set_tid_address")) {
            return r.matches("\\d+") ? "PID" : r;
        }
        return r;
    }
}

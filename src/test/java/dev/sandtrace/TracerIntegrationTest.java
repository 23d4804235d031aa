package dev.sandtrace;

import static dev.sandtrace.testutil.Trace.num;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real programs traced by a real sandtrace process; assertions are on what the host observes:
 * exit codes, the target's own output, the JSONL trace, and /proc after the run.
 */
class TracerIntegrationTest {
    @TempDir
    Path tmp;

    private Path trace() {
        return tmp.resolve("trace.jsonl");
    }

    private Sandtrace.Result traced(String... programAndArgs) {
        String[] args = new String[programAndArgs.length + 5];
        args[0] = "run";
        args[1] = "--trace-only";
        args[2] = "-o";
        args[3] = trace().toString();
        args[4] = "--";
        System.arraycopy(programAndArgs, 0, args, 5, programAndArgs.length);
        return Sandtrace.run(args);
    }

    @Test
    void binTrueIsTracedFromItsExecveToItsExit() {
        var r = traced("/bin/true");
        assertThat(r.exitCode()).isZero();
        Trace t = Trace.read(trace());
        assertThat(t.first().get("event_type")).isEqualTo("header");
        assertThat(t.last().get("event_type")).isEqualTo("summary");
        List<Map<String, Object>> calls = t.ofType("syscall");
        assertThat(calls.getFirst().get("syscall")).isEqualTo("execve");
        assertThat(Trace.decoded(calls.getFirst()).get("pathname")).isEqualTo("/bin/true");
        assertThat(calls.getLast().get("syscall")).isEqualTo("exit_group");
        assertThat(calls.size()).isGreaterThan(10);
        assertThat(t.process("exited")).singleElement().satisfies(e -> assertThat(num(e, "exit_code")).isZero());
        assertThat(num(t.summary(), "total_syscalls")).isEqualTo(calls.size());
    }

    @Test
    void opensForWritingAreFileWritesAndOpensForReadingFileReads() {
        Path out = tmp.resolve("written.txt");
        var r = traced("/bin/sh", "-c", "cat /etc/hostname > " + out);
        assertThat(r.exitCode()).isZero();
        Trace t = Trace.read(trace());
        var opens = t.syscalls("openat");
        assertThat(opens).filteredOn(e -> out.toString().equals(Trace.decoded(e).get("pathname")))
                .singleElement().satisfies(e -> assertThat(e.get("category")).isEqualTo("file_write"));
        assertThat(opens).filteredOn(e -> "/etc/hostname".equals(Trace.decoded(e).get("pathname")))
                .singleElement().satisfies(e -> assertThat(e.get("category")).isEqualTo("file_read"));
    }

    @Test
    void lsOutputIsUntouchedAndEverySyscallIsPrintedAtVv() throws IOException {
        Files.createFile(tmp.resolve("alpha"));
        Files.createFile(tmp.resolve("beta"));
        var r = Sandtrace.run("run", "--trace-only", "-vv", "/bin/ls", tmp.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("alpha\nbeta\n");
        assertThat(r.stderr()).contains("] execve(\"/bin/ls\", [\"/bin/ls\", \"" + tmp + "\"], ")
                .containsPattern("\\] openat\\(AT_FDCWD, \"" + tmp + "\", O_RDONLY\\|O_NONBLOCK\\|O_CLOEXEC\\|O_DIRECTORY\\) = \\d+")
                .contains("] write(1, \"alpha\\nbeta\\n\", 11) = 11")
                .contains("+++ exited with 0 +++");
    }

    @Test
    void pipelineWithBackgroundJobRecordsEveryProcessWithParentExecAndExit() {
        var r = traced("sh", "-c", "ls / | wc -l; sleep 0.1 & wait");
        assertThat(r.exitCode()).isZero();
        Trace t = Trace.read(trace());
        long sh = t.pidOfExec("sh");
        assertThat(sh).isPositive();
        for (String program : List.of("ls", "wc", "sleep")) {
            long pid = t.pidOfExec(program);
            assertThat(pid).as(program + " exec'd").isPositive();
            assertThat(t.process("spawned")).as(program + " spawned by sh")
                    .anySatisfy(e -> {
                        assertThat(num(e, "child_pid")).isEqualTo(pid);
                        assertThat(num(e, "parent_pid")).isEqualTo(sh);
                    });
            assertThat(t.process("exited")).as(program + " exited").anySatisfy(e -> assertThat(num(e, "pid")).isEqualTo(pid));
            assertThat(t.ofType("syscall")).as(program + " syscalls").anySatisfy(e -> assertThat(num(e, "pid")).isEqualTo(pid));
        }
        assertThat(num(t.summary(), "process_count")).isEqualTo(4);
    }

    /** A child's stops can arrive before its parent's fork event; what the child did first must not be overwritten. */
    @Test
    void everyExecNamesTheProgramItRan() {
        var r = traced("sh", "-c", "seq 1 100 | xargs -n 1 /bin/echo > /dev/null");
        assertThat(r.exitCode()).isZero();
        List<Map<String, Object>> echoes = Trace.read(trace()).process("exec").stream()
                .filter(e -> ((List<?>) e.get("argv")).getFirst().equals("/bin/echo")).toList();
        assertThat(echoes).hasSize(100).allSatisfy(e -> assertThat(e.get("path")).isEqualTo("/bin/echo"));
    }

    @Test
    void execFromANonMainThreadMovesToTheLeaderPid() {
        Path fixture = Fixtures.compile("threads_exec");
        var r = traced(fixture.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).endsWith("exec-from-thread\n");
        Trace t = Trace.read(trace());
        long leader = t.pidOfExec("threads_exec");
        Map<String, Object> echoExec = t.process("exec").stream().filter(e -> "/bin/echo".equals(e.get("path"))).findFirst().orElseThrow();
        assertThat(num(echoExec, "pid")).isEqualTo(leader);
        assertThat(num(echoExec, "tid")).as("the former tid of the exec'ing thread").isNotEqualTo(leader);
        assertThat(echoExec.get("argv")).isEqualTo(List.of("echo", "exec-from-thread"));
        assertThat(t.process("spawned")).filteredOn(e -> "thread".equals(e.get("via"))).hasSize(3);
        // echo's own write is attributed to the leader pid
        assertThat(t.syscalls("write")).anySatisfy(e -> {
            assertThat(num(e, "pid")).isEqualTo(leader);
            assertThat(Trace.decoded(e).get("buf")).isEqualTo("exec-from-thread\n");
        });
    }

    @Test
    void deepAndWideForkTreeIsFollowedCompletely() {
        Path fixture = Fixtures.compile("fork_tree");
        var r = traced(fixture.toString(), "3", "3");
        assertThat(r.exitCode()).isZero();
        Trace t = Trace.read(trace());
        List<Map<String, Object>> spawned = t.process("spawned");
        assertThat(spawned).hasSize(39);
        Set<Long> exited = new HashSet<>();
        t.process("exited").forEach(e -> exited.add(num(e, "pid")));
        assertThat(exited).hasSize(40);
        Set<Long> parents = new HashSet<>();
        spawned.forEach(e -> parents.add(num(e, "parent_pid")));
        assertThat(parents).as("root + 3 + 9 inner nodes fork").hasSize(13);
        assertThat(exited).containsAll(parents);
    }

    @Test
    void noProcessShowsUpBeforeTheLineThatSaysItWasSpawned() {
        // children often run before the tracer reads their parent's fork event; they wait for it
        // (bash's subshells fork and run at once: without the wait, 40-100 lines of 121 processes came early)
        var r = traced("/bin/bash", "-c", "for i in $(seq 30); do x=$(echo $(echo a) | cat); done");
        assertThat(r.exitCode()).isZero();
        Trace t = Trace.read(trace());
        long root = num(t.ofType("syscall").getFirst(), "pid");
        Set<Long> announced = new HashSet<>(Set.of(root));
        for (Map<String, Object> e : t.events()) {
            if ("process".equals(e.get("event_type")) && "spawned".equals(e.get("kind"))) announced.add(num(e, "child_pid"));
            else if (e.get("pid") != null) assertThat(announced).as("seq %s", e.get("seq")).contains(num(e, "pid"));
        }
        assertThat(announced).hasSize(122);
    }

    @Test
    void aProcessThatStopsItselfIsContinuedAsWithoutTracing() {
        Path fixture = Fixtures.compile("stop_cont");
        var r = traced(fixture.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("child stopped\ncontinued\nchild exited 0\n");
        Trace t = Trace.read(trace());
        assertThat(t.ofType("signal")).extracting(e -> e.get("signal")).contains("SIGSTOP", "SIGCONT", "SIGCHLD");
    }

    @Test
    void signalsReachTheirHandlersWithTheirSiginfo() {
        Path fixture = Fixtures.compile("sigchld_handler");
        var r = traced(fixture.toString());
        assertThat(r.stderr()).doesNotContain("FAIL");
        assertThat(r.exitCode()).isZero();
        Trace t = Trace.read(trace());
        assertThat(t.ofType("signal")).anySatisfy(e -> {
            assertThat(e.get("signal")).isEqualTo("SIGUSR1");
            assertThat(e.get("code")).isEqualTo("SI_USER");
        });
    }

    @Test
    void traceesKilledWhileStoppedDoNotDisturbTheTrace() {
        Path fixture = Fixtures.compile("kill_race");
        var r = traced(fixture.toString());
        assertThat(r.stderr()).doesNotContain("internal error");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("done\n");
        assertThat(Trace.read(trace()).process("signaled")).hasSize(1000);
    }

    @Test
    void aCrashIsReportedAs128PlusSignal() {
        Path fixture = Fixtures.compile("segv");
        var r = traced(fixture.toString());
        assertThat(r.exitCode()).isEqualTo(128 + 11);
        assertThat(r.stdout()).isEqualTo("about to crash\n");
        Trace t = Trace.read(trace());
        assertThat(t.ofType("signal")).anySatisfy(e -> {
            assertThat(e.get("signal")).isEqualTo("SIGSEGV");
            assertThat(e.get("code")).isEqualTo("SEGV_MAPERR");
            assertThat(e.get("fault_address")).isEqualTo("0x0");
        });
        assertThat(t.process("signaled")).singleElement().satisfies(e -> assertThat(e.get("signal")).isEqualTo("SIGSEGV"));
        assertThat(num(t.summary(), "exit_code")).isEqualTo(139);
        assertThat(t.last().get("event_type")).isEqualTo("summary");
    }

    @Test
    void exitCodesFollowTheTarget() {
        assertThat(Sandtrace.run("run", "--trace-only", "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        assertThat(Sandtrace.run("run", "--trace-only", "sh", "-c", "kill -9 $$").exitCode()).isEqualTo(137);
        assertThat(Sandtrace.run("run", "--trace-only", "sh", "-c", "kill -TERM $$").exitCode()).isEqualTo(143);
    }

    @Test
    void missingAndNonExecutableProgramsExitLikeAShell() throws IOException {
        var missing = Sandtrace.run("run", "--trace-only", "no-such-program-sandtrace");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).contains("no-such-program-sandtrace: command not found");
        Path plain = Files.writeString(tmp.resolve("plain.sh"), "echo hi\n");
        var notExec = Sandtrace.run("run", "--trace-only", plain.toString());
        assertThat(notExec.exitCode()).isEqualTo(126);
        assertThat(notExec.stderr()).contains("Permission denied");
        var dir = Sandtrace.run("run", "--trace-only", tmp.toString());
        assertThat(dir.exitCode()).isEqualTo(126);
    }

    @Test
    void traceFiltersSelectSyscallsLikeStrace() {
        var r = traced("sh", "-c", "cat /etc/hostname > /dev/null");
        assertThat(r.exitCode()).isZero();
        var files = Sandtrace.run("run", "--trace-only", "-e", "trace=%file", "-o", trace().toString(), "--",
                "sh", "-c", "cat /etc/hostname > /dev/null");
        assertThat(files.exitCode()).isZero();
        Trace t = Trace.read(trace());
        assertThat(t.ofType("syscall")).isNotEmpty().allSatisfy(e ->
                assertThat(e.get("syscall").toString()).isIn("execve", "openat", "access", "newfstatat", "statx", "readlink", "stat", "lstat", "open", "faccessat", "faccessat2", "chdir", "getcwd", "unlinkat", "mkdir"));
        assertThat(t.process("exec")).hasSize(2);
        assertThat(t.syscalls("openat")).anySatisfy(e -> assertThat(Trace.decoded(e).get("pathname")).isEqualTo("/etc/hostname"));
        var negated = Sandtrace.run("run", "--trace-only", "-e", "trace=!memory", "-o", trace().toString(), "--", "/bin/true");
        assertThat(negated.exitCode()).isZero();
        assertThat(Trace.read(trace()).ofType("syscall")).noneSatisfy(e -> assertThat(e.get("syscall")).isIn("mmap", "mprotect", "brk", "munmap"));
        var bad = Sandtrace.run("run", "--trace-only", "-e", "trace=frobnicate", "/bin/true");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("unknown syscall or class 'frobnicate'").doesNotContain("WARN");
    }

    @Test
    void rawConstantsWithX() throws Exception {
        var r = Sandtrace.run("run", "--trace-only", "-X", "raw", "-e", "trace=openat", "-o", trace().toString(), "--",
                "cat", "/etc/hostname");
        assertThat(r.exitCode()).isZero();
        Map<String, Object> open = Trace.read(trace()).syscalls("openat").stream()
                .filter(e -> "/etc/hostname".equals(Trace.decoded(e).get("pathname"))).findFirst().orElseThrow();
        assertThat(open.get("text").toString()).startsWith("openat(-100, \"/etc/hostname\", 0) = ");
        // what -e selects is printed without -v, as strace prints it
        var abbrev = Sandtrace.run("run", "--trace-only", "-e", "trace=openat", "--", "cat", "/etc/hostname");
        assertThat(abbrev.stderr()).contains("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = ").doesNotContain("mmap(");
        assertThat(Sandtrace.run("run", "-X", "short", "/bin/true").exitCode()).isEqualTo(2);
    }

    @Test
    void i386SyscallsAreNamedAndDecoded() {
        Path fixture = Fixtures.compile("int80_open");
        var r = Sandtrace.run("run", "--trace-only", "-o", trace().toString(), "--", fixture.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        List<Map<String, Object>> i386 = Trace.read(trace()).ofType("syscall").stream().filter(e -> "i386".equals(e.get("arch"))).toList();
        assertThat(i386).extracting(e -> e.get("text"))
                .containsExactly("open(\"/etc/hostname\", O_RDONLY) = 3", "close(3) = 0");
        assertThat(Trace.decoded(i386.getFirst())).containsEntry("pathname", "/etc/hostname").containsEntry("flags", "O_RDONLY");
    }

    @Test
    void socketEndpointsWithYY() throws Exception {
        Path fixture = Fixtures.compile("tcp_pair");
        Path dir = Files.createDirectories(tmp.resolve("yy"));
        var r = Sandtrace.run("run", "--trace-only", "-yy", "-e", "trace=write,close", "-o", trace().toString(), "--",
                fixture.toString(), dir.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        int port = Integer.parseInt(r.stdout().strip());
        String server = "127.0.0.1:" + port;
        List<String> texts = Trace.read(trace()).syscalls("write").stream().map(e -> e.get("text").toString()).toList();
        // the client's end names itself first, the accepted end the listening port first
        assertThat(texts).anyMatch(t -> t.matches("write\\(\\d+<TCP:\\[127\\.0\\.0\\.1:\\d+->" + Pattern.quote(server) + "]>, \"ping\", 4\\) = 4"))
                .anyMatch(t -> t.matches("write\\(\\d+<TCP:\\[" + Pattern.quote(server) + "->127\\.0\\.0\\.1:\\d+]>, \"pong\", 4\\) = 4"))
                .anyMatch(t -> t.matches("write\\(\\d+<UNIX:\\[\\d+,\"" + Pattern.quote(dir + "/s") + "\"]>, \"\", 0\\) = .*"));
        List<String> closes = Trace.read(trace()).syscalls("close").stream().map(e -> e.get("text").toString()).toList();
        assertThat(closes).anyMatch(t -> t.startsWith("close(") && t.contains("<TCP:[" + server + "]>)")); // the listener
        var plain = Sandtrace.run("run", "--trace-only", "-vv", "-y", "-e", "trace=write", "--", fixture.toString(),
                Files.createDirectories(tmp.resolve("y")).toString());
        assertThat(plain.stderr()).containsPattern("write\\(\\d+<socket:\\[\\d+]>, \"ping\"").doesNotContain("TCP:[");
    }

    @Test
    void descriptorsShowWhatTheyReferToWithY() {
        var r = Sandtrace.run("run", "--trace-only", "-vv", "-y", "-o", trace().toString(), "--", "cat", "/etc/hostname");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).containsPattern("openat\\(AT_FDCWD<" + Pattern.quote(Path.of("").toAbsolutePath().toString())
                        + ">, \"/etc/hostname\", O_RDONLY\\) = (\\d+)</etc/hostname>")
                .containsPattern("read\\(\\d+</etc/hostname>, ")
                .containsPattern("close\\(\\d+</etc/hostname>\\) = 0");
        Map<String, Object> open = Trace.read(trace()).syscalls("openat").stream()
                .filter(e -> "/etc/hostname".equals(Trace.decoded(e).get("pathname"))).findFirst().orElseThrow();
        assertThat(open.get("text").toString()).endsWith("</etc/hostname>");
        var without = Sandtrace.run("run", "--trace-only", "-vv", "cat", "/etc/hostname");
        assertThat(without.stderr()).doesNotContain("</etc/hostname>");
    }

    @Test
    void straceTimingOptions() {
        var timed = Sandtrace.run("run", "--trace-only", "-vv", "-T", "-tt", "/bin/true");
        assertThat(timed.stderr()).containsPattern("\\] \\d\\d:\\d\\d:\\d\\d\\.\\d{6} execve\\(\"/bin/true\".* = 0 <\\d+\\.\\d{6}>");
        var relative = Sandtrace.run("run", "--trace-only", "-vv", "-r", "/bin/true");
        assertThat(relative.stderr()).containsPattern("\\]     0\\.000000 execve\\(");
        var table = Sandtrace.run("run", "--trace-only", "-c", "/bin/true");
        assertThat(table.stderr()).contains("% time     seconds  usecs/call     calls    errors syscall")
                .containsPattern("\\d+\\.\\d{2} +\\d+\\.\\d{6} +\\d+ +1 +execve")
                .containsPattern("100\\.00 +\\d+\\.\\d{6} +\\d+ +\\d+ +\\d* *total");
    }

    @Test
    void usageErrorsExit2WithAMessage() {
        var unknown = Sandtrace.run("run", "--no-such-option", "/bin/true");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Unknown option: '--no-such-option'").contains("Usage: sandtrace run");
        var port = Sandtrace.run("run", "--allow-port", "80", "/bin/true");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.stderr()).contains("--allow-port needs --allow-net");
        var command = Sandtrace.run("frobnicate");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(Sandtrace.run("completion").stdout()).contains("doctor").contains("--allow-path");
    }

    @Test
    void anUnwritableOutputFileFailsBeforeTheProgramRuns() {
        Path marker = tmp.resolve("marker");
        var r = Sandtrace.run("run", "--trace-only", "-o", tmp.resolve("no/such/dir/t.jsonl").toString(),
                "--", "sh", "-c", "touch " + marker);
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("cannot write the trace to");
        assertThat(marker).doesNotExist();
    }

    @Test
    void timeoutStopsABusyLoopThatMakesNoSyscallsAndKillsTheTree() throws IOException {
        Path fixture = Fixtures.compile("busy_loop");
        var r = Sandtrace.run("run", "--trace-only", "--timeout", "1.5", "-o", trace().toString(),
                "--", "sh", "-c", fixture + " & " + fixture + "; wait");
        assertThat(r.exitCode()).isEqualTo(124);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
        assertThat(r.stderr()).contains("timeout after 1.50s");
        Trace t = Trace.read(trace());
        assertThat(t.ofType("timeout")).hasSize(1);
        List<Map<String, Object>> execs = t.process("exec").stream().filter(e -> e.get("path").toString().endsWith("busy_loop")).toList();
        assertThat(execs).hasSize(2);
        for (Map<String, Object> e : execs) {
            long pid = num(e, "pid");
            assertThat(t.process("signaled")).anySatisfy(s -> assertThat(num(s, "pid")).isEqualTo(pid));
            assertThat(isDead(pid)).as("busy loop " + pid + " is gone").isTrue();
        }
        assertThat(t.last().get("event_type")).isEqualTo("summary");
        assertThat(num(t.summary(), "exit_code")).isEqualTo(124);
    }

    @Test
    void sigintToSandtraceKillsTheTreeAndLeavesACompleteTrace() throws Exception {
        Process p = Sandtrace.start(-1, null, "run", "--trace-only", "-o", trace().toString(), "--", "sleep", "30");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long sleepPid = -1;
        while (sleepPid < 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            if (Files.exists(trace())) {
                // the exec line is flushed within the writer's flush interval
                for (String line : Files.readAllLines(trace())) {
                    if (line.contains("\"kind\":\"exec\"")) sleepPid = Long.parseLong(line.replaceAll(".*\"pid\":(\\d+).*", "$1"));
                }
            }
        }
        assertThat(sleepPid).as("sleep started").isPositive();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        Trace t = Trace.read(trace());
        assertThat(t.last().get("event_type")).isEqualTo("summary");
        assertThat(t.process("signaled")).anySatisfy(e -> assertThat(e.get("signal")).isEqualTo("SIGKILL"));
        assertThat(isDead(sleepPid)).as("sleep " + sleepPid + " is gone").isTrue();
    }

    /** Gone, or a zombie nobody reaps (PID 1 of some containers does not): either way not running. */
    static boolean isDead(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return true;
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }
}

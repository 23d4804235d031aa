package dev.sandtrace.output;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import dev.sandtrace.event.Event;
import dev.sandtrace.event.EventSink;
import dev.sandtrace.event.HeaderEvent;
import dev.sandtrace.event.MessageEvent;
import dev.sandtrace.event.ProcessEvent;
import dev.sandtrace.event.SignalEvent;
import dev.sandtrace.event.SummaryEvent;
import dev.sandtrace.event.SyscallEvent;
import dev.sandtrace.event.DnsEvent;
import dev.sandtrace.event.NetworkEvent;
import dev.sandtrace.event.TimeoutEvent;
import dev.sandtrace.event.ViolationEvent;
import dev.sandtrace.linux.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * strace-like lines on stderr. Level 0: process lifecycle, signals, problems and the summary;
 * 1 (-v): also file, network and process syscalls; 2 (-vv): every syscall; 3 (-vvv): also the
 * sandbox setup steps. Colour only when asked (a terminal without NO_COLOR).
 */
public final class TerminalRenderer implements EventSink {
    private final OutputStream out;
    private final int level;
    private boolean seccompTracing;
    private final boolean colour;
    private final boolean lineFlush;
    private final StringBuilder sb = new StringBuilder(256);
    private boolean broken;

    private static final String RESET = "\u001b[0m", RED = "\u001b[31m", GREEN = "\u001b[32m", YELLOW = "\u001b[33m",
            BLUE = "\u001b[34m", MAGENTA = "\u001b[35m", CYAN = "\u001b[36m", DIM = "\u001b[2m", BOLD = "\u001b[1m";

    /** Exec lines show this many arguments at most (the JSONL has them all), each cut at -s. */
    private static final int MAX_ARGV_SHOWN = 32;

    private final int stringLimit;

    /** strace's timing options: {@code -T} durations, {@code -t}/{@code -tt} wall clock, {@code -r} relative, {@code -c} a table. */
    public record Timing(boolean durations, int wallClock, boolean relative, boolean countTable) {
        public static final Timing NONE = new Timing(false, 0, false, false);
    }

    private final Timing timing;
    private java.time.Instant start = java.time.Instant.EPOCH;
    private long previousNs = -1;

    public TerminalRenderer(OutputStream out, int level, boolean colour, boolean lineFlush, int stringLimit) {
        this(out, level, colour, lineFlush, stringLimit, Timing.NONE);
    }

    public TerminalRenderer(OutputStream out, int level, boolean colour, boolean lineFlush, int stringLimit, Timing timing) {
        this.stringLimit = stringLimit;
        this.timing = timing;
        this.out = lineFlush ? out : new java.io.BufferedOutputStream(out, 1 << 16);
        this.level = level;
        this.colour = colour;
        this.lineFlush = lineFlush;
    }

    @Override
    public void accept(Event event) {
        sb.setLength(0);
        switch (event) {
            case SyscallEvent s -> syscall(s);
            case ProcessEvent p -> process(p);
            case SignalEvent s -> signal(s);
            case TimeoutEvent t -> paint(YELLOW, "sandtrace: timeout after " + fmt(t.limitSeconds())
                    + "s: killing the process tree (" + t.killed() + " tasks)");
            case MessageEvent m -> message(m);
            case SummaryEvent s -> summary(s);
            case ViolationEvent v -> {
                pid(v.pid(), v.tid());
                paint(RED + BOLD, "DENIED by " + v.layer() + ": " + (v.syscall().isEmpty() ? "" : v.syscall() + " ")
                        + (v.target() != null ? v.target() + " " : "") + (v.errno() != null ? "(" + v.errno() + ") " : "")
                        + "- " + v.reason());
            }
            case NetworkEvent n -> network(n);
            case DnsEvent d -> {
                if (level >= 1) {
                    pid(d.pid(), d.tid());
                    paint(DIM, "dns query " + d.name() + " " + d.type() + " (" + d.transport() + ")");
                }
            }
            case HeaderEvent h -> {
                start = h.startTime();
                seccompTracing = "seccomp".equals(h.tracing());
                if (level >= 3) {
                    paint(DIM, "sandtrace: tracing " + h.program() + " with layers " + h.layers());
                    emit();
                    sb.setLength(0);
                }
                // names only: the values are what the sandbox keeps from the sample (and from terminal logs)
                if (h.env() != null && level >= 1) paint(DIM, "sandtrace: environment: " + String.join(" ", h.env()));
            }
        }
        if (sb.length() > 0) emit();
    }

    /** Refused connections at every level, like DENIED lines; the allowed ones from -v. */
    private void network(NetworkEvent n) {
        String what = n.protocol().equals("unknown") ? "a request it could not read" : n.protocol().toUpperCase(java.util.Locale.ROOT)
                + " " + (n.host() != null ? n.host() + (n.port() > 0 ? ":" + n.port() : "") : "?");
        if (!n.allowed()) {
            paint(RED + BOLD, "DENIED by egress proxy: " + what + " - " + n.reason());
        } else if (level >= 1) {
            paint(DIM, "proxy: " + what + (n.address() != null ? " (" + n.address() + ")" : " - " + n.reason())
                    + " · " + n.bytesUp() + " B up, " + n.bytesDown() + " B down · " + fmt(n.durationNs() / 1e9) + "s");
        }
    }

    private boolean everyRecorded;

    /** -e trace=SET: print every syscall that is recorded at any level, as strace prints what -e selects. */
    public TerminalRenderer everyRecordedSyscall() {
        everyRecorded = true;
        return this;
    }

    private void syscall(SyscallEvent s) {
        if (!everyRecorded && level < 2 && !(level == 1 && interesting(s.category()))) return;
        pid(s.pid(), s.tid());
        timestamp(s.timeNs());
        if (colour) sb.append(BOLD).append(s.name()).append(RESET);
        else sb.append(s.name());
        sb.append('(');
        for (int i = 0; i < s.args().size(); i++) {
            if (i > 0) sb.append(", ");
            Arg a = s.args().get(i);
            if (colour && a instanceof Arg.Str) {
                sb.append(GREEN);
                StraceText.render(a, sb);
                sb.append(RESET);
            } else {
                StraceText.render(a, sb);
            }
        }
        sb.append(") = ");
        boolean failed = s.finished() && s.errno() != 0;
        if (colour && failed) sb.append(RED);
        StraceText.returnValue(s, sb);
        if (colour && failed) sb.append(RESET);
        if (timing.durations() && s.finished()) {
            sb.append(String.format(java.util.Locale.ROOT, " <%.6f>", s.durationNs() / 1e9));
        }
    }

    /** -t "HH:MM:SS ", -tt with microseconds, -r the time since the previous syscall line. */
    private void timestamp(long timeNs) {
        if (timing.relative()) {
            long delta = previousNs < 0 ? 0 : timeNs - previousNs;
            previousNs = timeNs;
            sb.append(String.format(java.util.Locale.ROOT, "%12.6f ", delta / 1e9));
        } else if (timing.wallClock() > 0) {
            java.time.LocalTime t = java.time.LocalTime.ofInstant(start.plusNanos(timeNs), java.time.ZoneId.systemDefault());
            sb.append(String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
            if (timing.wallClock() > 1) sb.append(String.format(java.util.Locale.ROOT, ".%06d", t.getNano() / 1000));
            sb.append(' ');
        }
    }

    private static boolean interesting(Category c) {
        return switch (c) {
            case FILE_READ, FILE_WRITE, FILE_METADATA, DIRECTORY, NETWORK, PROCESS -> true;
            default -> false;
        };
    }

    private void process(ProcessEvent p) {
        pid(p.pid(), p.tid());
        switch (p.kind()) {
            case SPAWNED -> {
                if ("thread".equals(p.via())) {
                    if (level < 1) { sb.setLength(0); return; }
                    paint(CYAN, "+++ new thread " + p.childPid() + " +++");
                } else {
                    paint(CYAN, "+++ spawned pid " + p.childPid() + " (" + p.via() + ") +++");
                }
            }
            case EXEC -> {
                StringBuilder argv = new StringBuilder("[");
                List<String> a = p.argv();
                int shown = Math.min(a.size(), MAX_ARGV_SHOWN);
                for (int i = 0; i < shown; i++) {
                    if (i > 0) argv.append(", ");
                    byte[] arg = a.get(i).getBytes(StandardCharsets.UTF_8);
                    StraceText.quote(arg.length > stringLimit ? java.util.Arrays.copyOf(arg, stringLimit) : arg, argv);
                    if (arg.length > stringLimit) argv.append("...");
                }
                if (shown < a.size()) argv.append(", ... /* ").append(a.size() - shown).append(" more */");
                argv.append(']');
                paint(CYAN, "+++ exec " + p.path() + " " + argv + " +++");
            }
            case EXITED -> {
                if (p.pid() != p.tid() && level < 1) { sb.setLength(0); return; }
                paint(p.exitCode() == 0 ? CYAN : YELLOW, "+++ exited with " + p.exitCode() + " +++");
            }
            case SIGNALED -> paint(RED, "+++ killed by " + Signals.name(p.signal()) + (p.coreDumped() ? " (core dumped)" : "") + " +++");
        }
    }

    private void signal(SignalEvent s) {
        pid(s.pid(), s.tid());
        StringBuilder t = new StringBuilder("--- ").append(Signals.name(s.signal())).append(" {si_signo=")
                .append(Signals.name(s.signal())).append(", si_code=").append(s.codeName());
        if (s.senderPid() >= 0) t.append(", si_pid=").append(s.senderPid()).append(", si_uid=").append(s.senderUid());
        if (s.faultAddress() != -1) t.append(", si_addr=").append(s.faultAddress() == 0 ? "NULL" : "0x" + Long.toHexString(s.faultAddress()));
        t.append("} ---");
        paint(MAGENTA, t.toString());
    }

    private void message(MessageEvent m) {
        switch (m.level()) {
            case SETUP -> { if (level >= 3) paint(DIM, "sandtrace: setup: " + m.text()); }
            case INFO -> { if (level >= 1) paint(DIM, "sandtrace: " + m.text()); }
            case WARNING -> paint(YELLOW, "sandtrace: warning: " + m.text());
            case ERROR -> paint(RED, "sandtrace: error: " + m.text());
        }
    }

    private void summary(SummaryEvent s) {
        if (timing.countTable()) {
            countTable(s);
            emit();
            sb.setLength(0);
        }
        // with seccomp-bpf only the traced set was seen: the count must not read as the program's total
        paint(BLUE, "sandtrace: " + s.ending() + " · " + s.totalSyscalls() + (seccompTracing ? " traced" : "") + " syscalls (" + s.failedSyscalls()
                + " failed" + (s.deniedCount() > 0 ? ", " + s.deniedCount() + " denied" : "") + ") · " + s.processCount() + (s.processCount() == 1 ? " process" : " processes") + " · "
                + fmt(s.durationMs() / 1000.0) + "s");
    }

    /** strace -c's table: time share, seconds, usecs/call, calls, errors, by time spent. */
    private void countTable(SummaryEvent s) {
        long totalNs = 0, calls = 0, errors = 0;
        for (long[] c : s.perSyscall().values()) {
            calls += c[0];
            errors += c[1];
            totalNs += c[2];
        }
        String rule = "------ ----------- ----------- --------- --------- ----------------";
        sb.append("% time     seconds  usecs/call     calls    errors syscall\n").append(rule).append('\n');
        List<java.util.Map.Entry<String, long[]>> rows = new java.util.ArrayList<>(s.perSyscall().entrySet());
        rows.sort((a, b) -> a.getValue()[2] != b.getValue()[2] ? Long.compare(b.getValue()[2], a.getValue()[2])
                : Long.compare(b.getValue()[0], a.getValue()[0]));
        for (java.util.Map.Entry<String, long[]> r : rows) {
            long[] c = r.getValue();
            sb.append(String.format(java.util.Locale.ROOT, "%6.2f %11.6f %11d %9d %9s %s%n",
                    totalNs == 0 ? 0.0 : 100.0 * c[2] / totalNs, c[2] / 1e9, c[0] == 0 ? 0 : c[2] / 1000 / c[0], c[0],
                    c[1] == 0 ? "" : Long.toString(c[1]), r.getKey()));
        }
        sb.append(rule).append('\n');
        sb.append(String.format(java.util.Locale.ROOT, "%6.2f %11.6f %11d %9d %9s %s", 100.0, totalNs / 1e9,
                calls == 0 ? 0 : totalNs / 1000 / calls, calls, errors == 0 ? "" : Long.toString(errors), "total"));
    }

    private void pid(int pid, int tid) {
        if (colour) sb.append(DIM);
        sb.append("[pid ").append(tid).append("] ");
        if (colour) sb.append(RESET);
    }

    private void paint(String colourCode, String text) {
        if (colour) sb.append(colourCode).append(text).append(RESET);
        else sb.append(text);
    }

    private static String fmt(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.2f", seconds);
    }

    private void emit() {
        if (broken) return;
        sb.append('\n');
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            if (lineFlush) out.flush();
        } catch (IOException e) {
            broken = true; // stderr went away (a closed pipe): keep tracing, the JSONL still gets everything
        }
    }

    @Override
    public void flush() {
        if (broken) return;
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}

package dev.sandtrace.output;

import dev.sandtrace.event.Event;
import dev.sandtrace.event.EventSink;
import dev.sandtrace.event.ProcessEvent;
import dev.sandtrace.event.SummaryEvent;
import dev.sandtrace.event.SyscallEvent;
import dev.sandtrace.event.ViolationEvent;
import dev.sandtrace.linux.Signals;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts what the trace saw, for the summary event and the closing terminal line. */
public final class SummaryBuilder implements EventSink {
    private final Map<String, long[]> perSyscall = new TreeMap<>();
    private final Map<Integer, long[]> counts = new LinkedHashMap<>();
    private final Map<Integer, Integer> parents = new LinkedHashMap<>();
    private final Map<Integer, String> commands = new LinkedHashMap<>();
    private final Map<Integer, String> ends = new LinkedHashMap<>();
    private long total;
    private long failed;
    private int denied;

    @Override
    public void accept(Event event) {
        switch (event) {
            case SyscallEvent s -> {
                total++;
                long[] c = perSyscall.computeIfAbsent(s.name(), k -> new long[3]);
                c[0]++;
                long[] p = counts.computeIfAbsent(s.pid(), k -> new long[2]);
                p[0]++;
                if (s.finished() && s.errno() != 0) {
                    failed++;
                    c[1]++;
                    p[1]++;
                }
                if (s.durationNs() > 0) c[2] += s.durationNs();
            }
            case ProcessEvent p -> process(p);
            case ViolationEvent v -> denied++;
            default -> { }
        }
    }

    private void process(ProcessEvent p) {
        switch (p.kind()) {
            case SPAWNED -> {
                if (!"thread".equals(p.via())) {
                    parents.put(p.childPid(), p.parentPid());
                    counts.computeIfAbsent(p.childPid(), k -> new long[2]);
                    String cmd = commands.get(p.parentPid());
                    if (cmd != null) commands.put(p.childPid(), cmd);
                }
            }
            case EXEC -> {
                commands.put(p.pid(), p.path());
                counts.computeIfAbsent(p.pid(), k -> new long[2]);
                parents.putIfAbsent(p.pid(), 0);
            }
            case EXITED -> {
                if (p.pid() == p.tid()) ends.put(p.pid(), "exited " + p.exitCode());
            }
            case SIGNALED -> {
                if (p.pid() == p.tid()) ends.put(p.pid(), "killed by " + Signals.name(p.signal()));
            }
        }
    }

    public long total() { return total; }
    public long failed() { return failed; }
    public int processCount() { return counts.size(); }

    public SummaryEvent build(long seq, long timeNs, int exitCode, String ending, long ptraceStops) {
        Map<Integer, SummaryEvent.ProcessStats> procs = new LinkedHashMap<>();
        for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
            int pid = e.getKey();
            procs.put(pid, new SummaryEvent.ProcessStats(parents.getOrDefault(pid, 0), commands.get(pid),
                    e.getValue()[0], e.getValue()[1], ends.getOrDefault(pid, "unknown")));
        }
        return new SummaryEvent(seq, timeNs, total, failed, counts.size(), timeNs / 1_000_000, exitCode, ending,
                perSyscall, procs, denied, ptraceStops);
    }
}

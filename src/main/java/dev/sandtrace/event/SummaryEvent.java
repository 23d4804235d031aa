package dev.sandtrace.event;

import java.util.Map;

/**
 * Last line of a trace. {@code exitCode} is sandtrace's own exit code (the target's code,
 * 128+signal, 124 on timeout); {@code ending} says how the run ended; {@code ptraceStops} how
 * often a tracee stopped for the tracer.
 */
public record SummaryEvent(long seq, long timeNs, long totalSyscalls, long failedSyscalls, int processCount,
        long durationMs, int exitCode, String ending, Map<String, long[]> perSyscall,
        Map<Integer, ProcessStats> perProcess, int deniedCount, long ptraceStops) implements Event {

    /** Per-process counters; {@code command} is the last exec'd path. */
    public record ProcessStats(int parentPid, String command, long syscalls, long errors, String end) {}
}

package dev.sandtrace.event;

import java.util.List;

/**
 * One completed (or unfinished, when the process died inside it) system call.
 * {@code argNames} and {@code args} are parallel; {@code ret} is null when the call never returned.
 */
public record SyscallEvent(long seq, long timeNs, int pid, int tid, String name, int nr, String arch,
        long[] raw, List<String> argNames, List<Arg> args, Arg ret, long returnValue, int errno,
        long durationNs, Category category, boolean finished) implements Event {

    public boolean success() { return finished && errno == 0; }
}

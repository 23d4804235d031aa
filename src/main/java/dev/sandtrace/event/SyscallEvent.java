package dev.sandtrace.event;

import java.util.List;

/**
 * One completed (or unfinished, when the process died inside it) system call.
 * {@code argNames} and {@code args} are parallel; {@code ret} is null when the call never returned.
 * {@code decodeError}: why the arguments (or the return value) stayed raw, or null.
 */
public record SyscallEvent(long seq, long timeNs, int pid, int tid, String name, int nr, String arch,
        long[] raw, List<String> argNames, List<Arg> args, Arg ret, long returnValue, int errno,
        long durationNs, Category category, boolean finished, String decodeError) implements Event {

    /** A syscall whose decoding went as planned. */
    public SyscallEvent(long seq, long timeNs, int pid, int tid, String name, int nr, String arch,
            long[] raw, List<String> argNames, List<Arg> args, Arg ret, long returnValue, int errno,
            long durationNs, Category category, boolean finished) {
        this(seq, timeNs, pid, tid, name, nr, arch, raw, argNames, args, ret, returnValue, errno, durationNs, category, finished, null);
    }

    public boolean success() { return finished && errno == 0; }
}

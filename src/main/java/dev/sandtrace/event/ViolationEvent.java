package dev.sandtrace.event;

/**
 * A syscall the sandbox refused, labelled with the layer the tracer infers denied it. The kernel
 * made the decision; this event only explains it. {@code syscallSeq} is the seq of the syscall
 * event it explains (-1 when the process was killed instead); {@code target} is the path or
 * address involved, when there is one.
 */
public record ViolationEvent(long seq, long timeNs, int pid, int tid, String syscall, String layer, String errno,
        String target, String reason, long syscallSeq, String text) implements Event {}

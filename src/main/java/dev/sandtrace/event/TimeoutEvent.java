package dev.sandtrace.event;

/** The run hit its time limit; {@code killed} processes were sent SIGKILL. */
public record TimeoutEvent(long seq, long timeNs, double limitSeconds, int killed) implements Event {}

package dev.sandtrace.tracer;

import java.time.Instant;

/** Monotonic nanoseconds since the trace started, and the wall-clock start to anchor them. */
public final class Clock {
    private final long startNanos = System.nanoTime();
    private final Instant start = Instant.now();

    public long now() {
        return System.nanoTime() - startNanos;
    }

    public Instant start() {
        return start;
    }

    public Instant wallClock(long ns) {
        return start.plusNanos(ns);
    }
}

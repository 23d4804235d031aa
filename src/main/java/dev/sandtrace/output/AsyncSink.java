package dev.sandtrace.output;

import dev.sandtrace.event.Event;
import dev.sandtrace.event.EventSink;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves formatting and writing off the tracer thread. The tracer only appends each event to a
 * lock-free queue (no system call, no lock); a writer thread renders them (JSONL, terminal,
 * summary counts) in parallel. The writer never needs waking: when it finds the queue empty it
 * flushes its sinks and sleeps for a short, growing interval (1 ms up to 50 ms), so a target that
 * blocks for long still has all its events on disk within 50 ms. The queue is bounded: a writer
 * that falls far behind slows the tracer instead of growing memory without limit.
 */
public final class AsyncSink implements EventSink {
    private static final int MAX_QUEUED = 200_000;
    private static final long MIN_NAP = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_NAP = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Object END = new Object();

    private final List<EventSink> sinks;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread writer;
    private volatile RuntimeException failure;

    public AsyncSink(List<EventSink> sinks) {
        this.sinks = List.copyOf(sinks);
        // a daemon: a sandtrace bug that escapes main must end the process, not leave it waiting on this thread
        this.writer = Thread.ofPlatform().name("sandtrace-writer").daemon().start(this::write);
    }

    @Override
    public void accept(Event event) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            LockSupport.unpark(writer);
            while (queued.get() > MAX_QUEUED / 2) LockSupport.parkNanos(MIN_NAP);
        }
        queue.offer(event);
    }

    /** Waits until the writer has handled every event accepted so far (for reading the summary counts). */
    public void sync() {
        CountDownLatch done = new CountDownLatch(1);
        queue.offer(done);
        LockSupport.unpark(writer);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first error a sink threw (e.g. the disk filled up), or null. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() {
        queue.offer(END);
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        long nap = MIN_NAP;
        boolean dirty = false;
        while (true) {
            Object o = queue.poll();
            if (o == null) {
                if (dirty) {
                    each(EventSink::flush); // caught up: make everything so far visible
                    dirty = false;
                }
                LockSupport.parkNanos(nap);
                nap = Math.min(nap * 2, MAX_NAP);
                continue;
            }
            nap = MIN_NAP;
            if (o == END) {
                each(EventSink::close);
                return;
            }
            if (o instanceof CountDownLatch latch) {
                latch.countDown();
                continue;
            }
            queued.decrementAndGet();
            dirty = true;
            Event e = (Event) o;
            for (EventSink s : sinks) {
                try {
                    s.accept(e);
                } catch (RuntimeException | Error ex) {
                    if (failure == null) failure = ex instanceof RuntimeException r ? r : new IllegalStateException(ex);
                }
            }
        }
    }

    private void each(java.util.function.Consumer<EventSink> action) {
        for (EventSink s : sinks) {
            try {
                action.accept(s);
            } catch (RuntimeException | Error ex) {
                if (failure == null) failure = ex instanceof RuntimeException r ? r : new IllegalStateException(ex);
            }
        }
    }
}

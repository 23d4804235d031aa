package dev.sandtrace.output;

import dev.sandtrace.event.Event;
import dev.sandtrace.event.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Moves formatting and writing off the tracer thread. The tracer only collects events into a
 * batch; a writer thread renders them (JSONL, terminal, summary counts) while the tracer is
 * already resuming the next tracee. Batches are handed over when full and whenever the tracer
 * is about to block ({@link #idle}), so nothing waits in a buffer while the target sleeps; the
 * writer flushes its sinks whenever it has caught up. The queue is bounded: a writer that falls
 * far behind slows the tracer instead of growing memory without limit.
 */
public final class AsyncSink implements EventSink {
    private static final int BATCH = 512;
    private static final Object END = new Object();

    private final List<EventSink> sinks;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(2048);
    private final Thread writer;
    private ArrayList<Event> batch = new ArrayList<>(BATCH);
    private volatile RuntimeException failure;

    public AsyncSink(List<EventSink> sinks) {
        this.sinks = List.copyOf(sinks);
        this.writer = Thread.ofPlatform().name("sandtrace-writer").start(this::write);
    }

    @Override
    public void accept(Event event) {
        batch.add(event);
        if (batch.size() >= BATCH) publish();
    }

    @Override
    public boolean pending() {
        return !batch.isEmpty();
    }

    @Override
    public void idle() {
        publish();
    }

    /** Waits until the writer has handled every event accepted so far (for reading the summary counts). */
    public void sync() {
        publish();
        CountDownLatch done = new CountDownLatch(1);
        put(done);
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
    public void flush() {
        publish();
    }

    @Override
    public void close() {
        publish();
        put(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish() {
        if (batch.isEmpty()) return;
        put(batch);
        batch = new ArrayList<>(BATCH);
    }

    private void put(Object o) {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing events to the writer", e);
        }
    }

    private void write() {
        try {
            while (true) {
                Object o = queue.poll();
                if (o == null) {
                    each(EventSink::flush); // caught up: make everything so far visible
                    o = queue.take();
                }
                if (o == END) {
                    each(EventSink::close);
                    return;
                }
                if (o instanceof CountDownLatch latch) {
                    latch.countDown();
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Event> events = (List<Event>) o;
                for (Event e : events) {
                    for (EventSink s : sinks) {
                        try {
                            s.accept(e);
                        } catch (RuntimeException ex) {
                            if (failure == null) failure = ex;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void each(java.util.function.Consumer<EventSink> action) {
        for (EventSink s : sinks) {
            try {
                action.accept(s);
            } catch (RuntimeException ex) {
                if (failure == null) failure = ex;
            }
        }
    }
}

package dev.sandtrace.event;

/**
 * Where events go: the JSONL writer, the terminal, the summary. {@link #accept} is called from the
 * tracer thread; {@link #flush} may also come from the session's flusher thread, so sinks that
 * buffer make both safe together.
 */
public interface EventSink extends AutoCloseable {
    void accept(Event event);

    /** Flushes what is buffered; called at the end and when sandtrace is interrupted. */
    default void flush() {}

    @Override
    default void close() {
        flush();
    }
}

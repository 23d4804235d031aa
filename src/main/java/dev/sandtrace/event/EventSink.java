package dev.sandtrace.event;

/** Where events go: the JSONL writer, the terminal, the summary. Called from the tracer thread only. */
public interface EventSink extends AutoCloseable {
    void accept(Event event);

    /** Flushes what is buffered; called at the end and when sandtrace is interrupted. */
    default void flush() {}

    @Override
    default void close() {
        flush();
    }
}

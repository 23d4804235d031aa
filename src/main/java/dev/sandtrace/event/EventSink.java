package dev.sandtrace.event;

/**
 * Where events go: the JSONL writer, the terminal, the summary. A sink is used by one thread
 * at a time (see {@code output.AsyncSink}, which feeds the others from its writer thread).
 */
public interface EventSink extends AutoCloseable {
    void accept(Event event);

    /** Makes what was accepted so far visible (written to the file or terminal). */
    default void flush() {}

    @Override
    default void close() {
        flush();
    }
}

package dev.sandtrace.event;

/** A note from sandtrace itself: a setup step (-vvv), a warning, an error. */
public record MessageEvent(long seq, long timeNs, Level level, String text) implements Event {
    public enum Level { SETUP, INFO, WARNING, ERROR }
}

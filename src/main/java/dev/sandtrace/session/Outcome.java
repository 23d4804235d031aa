package dev.sandtrace.session;

/**
 * How a run ended, as sandtrace's exit code and one sentence for the user; {@code error} is a
 * problem the trace itself could not report (its writing failed), else null.
 */
public record Outcome(int exitCode, String ending, String error) {
    public Outcome(int exitCode, String ending) {
        this(exitCode, ending, null);
    }
}

package dev.sandtrace.session;

/** How a run ended, as sandtrace's exit code and one sentence for the user. */
public record Outcome(int exitCode, String ending) {}

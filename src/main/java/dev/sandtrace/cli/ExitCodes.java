package dev.sandtrace.cli;

/** Exit codes, following the shell and timeout(1)/env(1) conventions. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** Bad command line (picocli's default for usage errors). */
    public static final int USAGE = 2;
    /** The run hit --timeout (timeout(1)). */
    public static final int TIMEOUT = 124;
    /** sandtrace itself failed: a layer could not be applied, the trace could not be written. */
    public static final int SANDTRACE_FAILURE = 125;
    /** The program exists but cannot be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The program was not found. */
    public static final int NOT_FOUND = 127;
    /** Added to a signal number when the target died of that signal. */
    public static final int SIGNAL_BASE = 128;
}

package dev.sandtrace.sandbox;

/** The sandbox could not be built: names the step, the syscall and errno, and what to do. Exit 125. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String step;

    public LaunchException(String step, String message, Throwable cause) {
        super(step + ": " + message, cause);
        this.step = step;
    }

    public String step() { return step; }
}

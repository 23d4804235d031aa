package dev.sandtrace.linux;

/** Decodes a waitpid(2) status word: the W* macros of {@code <sys/wait.h>}, plus ptrace's event bits. */
public final class WaitStatus {
    private WaitStatus() {}

    public static boolean exited(int status) { return (status & 0x7f) == 0; }
    public static int exitStatus(int status) { return (status >> 8) & 0xff; }
    public static boolean signaled(int status) { return ((status & 0x7f) + 1) >> 1 > 0 && (status & 0x7f) != 0x7f && (status & 0x7f) != 0; }
    public static int termSig(int status) { return status & 0x7f; }
    public static boolean coreDumped(int status) { return (status & 0x80) != 0; }
    public static boolean stopped(int status) { return (status & 0xff) == 0x7f; }
    public static int stopSig(int status) { return (status >> 8) & 0xff; }
    /** PTRACE_EVENT_* of a ptrace event stop, 0 otherwise. */
    public static int event(int status) { return (status >>> 16) & 0xff; }
}

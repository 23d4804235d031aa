package dev.sandtrace.linux;

/** Signal numbers and names from signal(7), x86_64 numbering. */
public final class Signals {
    private Signals() {}

    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
            SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
            SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
            SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGSYS = 31;

    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /** "SIGSEGV", "SIGRTMIN+3" for real-time signals, "SIG40" beyond. */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) return NAMES[sig];
        if (sig >= 34 && sig <= 64) return sig == 34 ? "SIGRTMIN" : "SIGRTMIN+" + (sig - 34);
        if (sig == 32 || sig == 33) return "SIG" + sig;
        return "SIG" + sig;
    }

    /** The signals that put a process into group-stop when not handled. */
    public static boolean isStopSignal(int sig) {
        return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
    }

    /**
     * A kernel sigset (8 bytes) with every signal to block around clone: all but the synchronous
     * ones the JVM must keep receiving, and glibc's internal 32 and 33.
     */
    public static void fillAsyncSignals(java.lang.foreign.MemorySegment sigset) {
        long bits = -1L;
        for (int sig : new int[] {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, 32, 33}) bits &= ~(1L << (sig - 1));
        sigset.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, bits);
    }
}

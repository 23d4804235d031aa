package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the child inherited from the JVM and must not keep: its blocked signals (the launch
 * blocks them around the clone), ignored signals ({@code isolate} only: default dispositions,
 * as a clean sandbox), the controlling terminal ({@code isolate}: setsid, so TIOCSTI-style
 * injection has no terminal to aim at), and the working directory, re-entered through the new
 * mount table so a masked directory cannot be reached through a stale cwd.
 */
final class ProcessState implements Layer {
    private static final int NSIG = 64;
    private static final int SIGKILL = 9, SIGSTOP = 19;

    private final boolean isolate;
    private final String cwd;
    private long emptySet, defaultAction, cwdPath;

    ProcessState(boolean isolate, String cwd) {
        this.isolate = isolate;
        this.cwd = cwd;
    }

    @Override public String name() { return "process state"; }

    @Override
    public void prepare(ChildMemory memory) {
        emptySet = memory.zeros(Libc.KERNEL_SIGSET_SIZE);
        defaultAction = memory.zeros(32); // struct kernel_sigaction {SIG_DFL, flags 0, restorer, mask 0}
        cwdPath = memory.cString(cwd);
    }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("rt_sigprocmask", Libc.SIG_SETMASK, emptySet, 0, Libc.KERNEL_SIGSET_SIZE);
        if (!isolate) return;
        long ignored = ignoredSignals(pid);
        for (int sig = 1; sig <= NSIG; sig++) {
            if (sig == SIGKILL || sig == SIGSTOP || (ignored & (1L << (sig - 1))) == 0) continue;
            child.inject("rt_sigaction", sig, defaultAction, 0, Libc.KERNEL_SIGSET_SIZE);
        }
        child.inject("setsid");
        try {
            child.inject("chdir", cwdPath);
        } catch (dev.sandtrace.linux.LinuxException hidden) {
            // silently starting in / would run the program against the wrong files
            throw new IllegalStateException("the working directory " + cwd + " is not in the sandbox's view ("
                    + dev.sandtrace.linux.Errno.describe(hidden.errno()) + "): add it with --allow-path " + cwd
                    + " (or --allow-read), or start elsewhere with --chdir DIR");
        }
    }

    private static long ignoredSignals(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigIgn:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (IOException | NumberFormatException e) {
            return -1L; // reset them all
        }
        return -1L;
    }
}

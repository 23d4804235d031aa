package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.LinuxException;
import dev.sandtrace.linux.PausedChild;
import dev.sandtrace.linux.Signals;
import dev.sandtrace.linux.Waiter;
import java.util.function.Consumer;

/**
 * Starts the target as described in ARCHITECTURE.md: clone a child that only runs pause(2),
 * seize it, inject its setup as syscalls it executes itself, and load the execve. Returns the
 * child stopped before that execve; the tracer's first resume runs it. Must be called on the
 * tracer thread: ptrace requests come from the thread that seized.
 */
public final class Launcher {
    private final Arch arch;
    private final Consumer<String> setupLog;

    public Launcher(Arch arch, Consumer<String> setupLog) {
        this.arch = arch;
        this.setupLog = setupLog;
    }

    public int launch(LaunchSpec spec) throws LaunchException {
        if (spec.isolate()) {
            throw new LaunchException("sandbox", "the isolation layers are not built yet in this version; "
                    + "run with --trace-only to trace without isolation", null);
        }
        try (ChildMemory memory = new ChildMemory()) {
            long path = memory.cString(spec.program().toString());
            long argv = memory.stringArray(spec.argv());
            long envp = memory.stringArray(spec.environment());
            long emptySigset = memory.zeros(Libc.KERNEL_SIGSET_SIZE);

            int pid = step("clone", () -> PausedChild.clone(0, memory));
            try (Injector child = step("ptrace seize", () -> new Injector(pid, arch))) {
                step("empty signal mask", () -> child.inject("rt_sigprocmask", Libc.SIG_SETMASK, emptySigset, 0, Libc.KERNEL_SIGSET_SIZE));
                step("close inherited fds above 2", () -> child.inject("close_range", 3, 0xffffffffL, 0));
                child.loadFinal("execve", path, argv, envp);
                setupLog.accept("execve " + spec.program() + " loaded; target starts traced from its first instruction");
                return pid;
            } catch (LaunchException | RuntimeException e) {
                kill(pid);
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run();
    }

    private <T> T step(String name, Step<T> step) throws LaunchException {
        try {
            T result = step.run();
            setupLog.accept(name + ": ok");
            return result;
        } catch (LinuxException e) {
            throw new LaunchException(name, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new LaunchException(name, e.getMessage(), e);
        }
    }

    /** Kills and reaps the half-built child so that no zombie outlives the failed launch. */
    private static void kill(int pid) {
        Libc.kill(pid, Signals.SIGKILL);
        new Waiter().await(pid);
    }
}

package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** waitpid(2) with a reusable status word, for the tracer thread. */
public final class Waiter {
    private static final int ECHILD = 10;
    private static final int EINTR = 4;

    private final MemorySegment status;
    private int lastStatus;

    public Waiter() {
        status = Arena.ofAuto().allocate(JAVA_INT);
    }

    /**
     * Waits for {@code pid} (-1: any traced child of this thread) with __WALL | __WNOTHREAD.
     * Returns the pid that changed state, or 0 when there is none left (ECHILD).
     */
    public int await(int pid) {
        while (true) {
            try {
                int r = Libc.waitpid(pid, status, Libc.__WALL | Libc.__WNOTHREAD);
                lastStatus = status.get(JAVA_INT, 0);
                return r;
            } catch (LinuxException e) {
                if (e.errno() == ECHILD) return 0;
                if (e.errno() != EINTR) throw e;
            }
        }
    }

    /** The raw status of the last {@link #await}; decode with {@link WaitStatus}. */
    public int status() { return lastStatus; }
}

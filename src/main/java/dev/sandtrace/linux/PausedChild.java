package dev.sandtrace.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Creates the child that the sandbox is built in: clone(2) with {@code fn = syscall} and
 * {@code arg = SYS_pause}, so the child runs only glibc's clone trampoline and the raw pause
 * system call, never Java. The caller then seizes it with ptrace and injects its setup.
 *
 * <p>The child shares the JVM's memory (CLONE_VM, as vfork does) until its execve: a copy of
 * the JVM's address space made every page the JVM then wrote a copy-on-write fault, which cost
 * ~25 ms of start-up per clone (docs/benchmarks.md). Sharing is safe because the child never
 * runs code that writes memory: glibc's {@code syscall()} touches neither the stack nor the
 * thread's TLS before its {@code syscall} instruction (glibc's {@code pause()} would, for
 * cancellation), every injected call stops at its exit, none maps or unmaps memory, and the
 * strings it reads (and its stack) stay allocated until the run is over (see
 * {@link ChildMemory}). A failed final execve is stopped at its exit by the tracer and killed.
 */
public final class PausedChild {
    private PausedChild() {}

    private static final int CLONE_VM = 0x00000100;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;
    private static final int SIGCHLD = 17;
    private static final long STACK_SIZE = 64 * 1024;

    /**
     * Clones a paused child with {@code namespaceFlags} (0 for none). Asynchronous signals are
     * blocked on this thread across the clone so that no JVM signal handler can run in the child.
     */
    public static int clone(Arch arch, int namespaceFlags, ChildMemory memory) {
        MemorySegment stack = memory.allocate(STACK_SIZE);
        MemorySegment stackTop = MemorySegment.ofAddress(stack.address() + STACK_SIZE);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(Libc.KERNEL_SIGSET_SIZE, 8);
            MemorySegment saved = arena.allocate(Libc.KERNEL_SIGSET_SIZE, 8);
            Signals.fillAsyncSignals(block);
            Libc.sigprocmask(Libc.SIG_BLOCK, block, saved);
            try {
                return Libc.clone(Libc.function("syscall"), stackTop, namespaceFlags | CLONE_VM | SIGCHLD,
                        MemorySegment.ofAddress(arch.syscallNumber("pause")));
            } finally {
                Libc.sigprocmask(Libc.SIG_SETMASK, saved, MemorySegment.NULL);
            }
        }
    }
}

package dev.sandtrace.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Makes a seized, stopped child execute system calls chosen by the tracer: set the registers
 * to a {@code syscall} instruction inside libc with the number and arguments, run to the
 * syscall-exit stop, read the result. The child's own code never runs.
 */
public final class Injector implements AutoCloseable {
    private final int pid;
    private final Arch arch;
    private final long syscallInsn;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment regs;
    private final Waiter waiter;

    /** Seizes {@code pid} with the tracer's options and stops it with PTRACE_INTERRUPT. */
    public Injector(int pid, Arch arch) {
        this.pid = pid;
        this.arch = arch;
        // the instruction the paused child waits at (see PausedChild): should the final execve
        // fail and the child run on, it returns from syscall() to the clone trampoline, which exits
        this.syscallInsn = Libc.findInstruction("syscall", arch.syscallInstruction(), 64);
        this.regs = arena.allocate(arch.regsSize(), 16);
        this.waiter = new Waiter();
        Ptrace.seize(pid, Ptrace.TRACER_OPTIONS);
        Ptrace.interrupt(pid);
        int status = awaitStop();
        if (WaitStatus.event(status) != Ptrace.PTRACE_EVENT_STOP) {
            throw new IllegalStateException("expected the PTRACE_INTERRUPT stop, got wait status 0x" + Integer.toHexString(status));
        }
        verifyInstruction();
    }

    private void verifyInstruction() {
        long word = Ptrace.peekText(pid, syscallInsn);
        byte[] insn = arch.syscallInstruction();
        for (int i = 0; i < insn.length; i++) {
            if ((byte) (word >>> (8 * i)) != insn[i]) {
                throw new IllegalStateException("child's code at 0x" + Long.toHexString(syscallInsn) + " is not a syscall instruction");
            }
        }
    }

    private int awaitStop() {
        int r = waiter.await(pid);
        int status = waiter.status();
        if (r != pid || !WaitStatus.stopped(status)) {
            throw new IllegalStateException("sandbox child died during setup (wait status 0x" + Integer.toHexString(status) + ")");
        }
        return status;
    }

    /**
     * Executes syscall {@code name} in the child and returns its result; a negative errno
     * result throws a {@link LinuxException} naming the call.
     */
    public long inject(String name, long... args) {
        int nr = arch.syscallNumber(name);
        if (nr < 0) throw new IllegalArgumentException("unknown syscall " + name);
        load(nr, args);
        runToStop(); // syscall-entry stop
        runToStop(); // syscall-exit stop
        Ptrace.getRegs(pid, regs);
        long ret = arch.syscallResult(regs);
        if (ret < 0 && ret >= -Errno.MAX_ERRNO) throw new LinuxException(name, (int) -ret);
        return ret;
    }

    /** Like {@link #inject}, but a failure with {@code okErrno} (e.g. EEXIST for mkdir) returns -errno. */
    public long injectTolerating(int okErrno, String name, long... args) {
        try {
            return inject(name, args);
        } catch (LinuxException e) {
            if (e.errno() == okErrno) return -okErrno;
            throw e;
        }
    }

    /**
     * Loads the final syscall (execve) and returns with the child still stopped: the tracer's
     * first PTRACE_SYSCALL runs it, so the execve is the first traced syscall.
     */
    public void loadFinal(String name, long... args) {
        load(arch.syscallNumber(name), args);
    }

    private void load(int nr, long... args) {
        Ptrace.getRegs(pid, regs);
        arch.prepareSyscall(regs, syscallInsn, nr, args);
        Ptrace.setRegs(pid, regs);
    }

    private void runToStop() {
        if (!Ptrace.syscall(pid, 0)) throw new IllegalStateException("sandbox child vanished during setup");
        int status = awaitStop();
        if (WaitStatus.stopSig(status) != (Signals.SIGTRAP | 0x80)) {
            throw new IllegalStateException("unexpected stop during setup: wait status 0x" + Integer.toHexString(status));
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}

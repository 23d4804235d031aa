package dev.sandtrace.linux;

import java.lang.foreign.MemorySegment;

/**
 * What the tracer needs to know about one instruction set: its syscall table, its audit arch
 * (the {@code arch} of PTRACE_GET_SYSCALL_INFO and of seccomp), and how to inject a system call
 * through its register set. A second architecture is another implementation of this.
 */
public sealed interface Arch permits X8664 {
    String name();

    /** AUDIT_ARCH_* value from {@code <linux/audit.h>}. */
    int auditArch();

    /** "openat", or "syscall_N" for a number the table does not name. */
    String syscallName(int nr);

    /** The number of a syscall by name, or -1. */
    int syscallNumber(String name);

    /** Highest number in the table. */
    int maxSyscall();

    /** Machine code of the syscall instruction, to find one to inject through. */
    byte[] syscallInstruction();

    /** Size of the register set read by PTRACE_GETREGS. */
    long regsSize();

    /** Points the registers at an injected syscall: instruction pointer, number, arguments, no restart. */
    void prepareSyscall(MemorySegment regs, long insnAddress, int nr, long... args);

    /** The return value register after a syscall-exit stop. */
    long syscallResult(MemorySegment regs);

    /** The architecture this JVM runs on. */
    static Arch host() {
        String machine = System.getProperty("os.arch");
        if (machine.equals("amd64") || machine.equals("x86_64")) return X8664.INSTANCE;
        throw new UnsupportedOperationException("sandtrace supports x86_64 only for now; this machine is " + machine);
    }
}

package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Arch;
import java.util.BitSet;

/**
 * The seccomp-bpf program of an accelerated {@code --trace-only} run, as strace's
 * {@code --seccomp-bpf} builds it (seccomp(2), {@code <linux/seccomp.h>}): SECCOMP_RET_TRACE for
 * the traced syscalls, for every other architecture (i386 through {@code int $0x80}) and for x32
 * numbers, so that a program cannot hide a call by switching ABI; SECCOMP_RET_ALLOW for the rest.
 * It denies nothing.
 */
public final class TracingFilter {
    private final Arch arch;
    private final BitSet traced;

    public TracingFilter(Arch arch, BitSet traced) {
        this.arch = arch;
        this.traced = (BitSet) traced.clone();
    }

    /** {@code struct sock_filter[]} as bytes, native order. */
    public byte[] program() {
        Bpf a = new Bpf();
        a.ld(Bpf.OFF_ARCH);
        a.jneSkip(arch.auditArch());                      // far jumps: the traced set may be long
        a.ja("native");
        a.ja("trace");
        a.label("native");
        a.ld(Bpf.OFF_NR);
        a.jgeFall(Bpf.X32_SYSCALL_BIT);
        a.ja("trace");
        a.jumpIfIn(traced, "trace");
        a.ret(Bpf.RET_ALLOW);
        a.label("trace");
        a.ret(Bpf.RET_TRACE);
        return a.assemble();
    }
}

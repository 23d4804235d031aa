package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;

/** Layer 8: the seccomp-bpf filter (seccomp(2) SECCOMP_SET_MODE_FILTER). Goes last: it filters the setup too. */
final class SeccompLayer implements Layer {
    static final int SECCOMP_SET_MODE_FILTER = 1;

    private final SeccompFilter filter;
    private long fprog;

    SeccompLayer(SeccompFilter filter) {
        this.filter = filter;
    }

    @Override public String name() { return "seccomp"; }

    @Override
    public void prepare(ChildMemory memory) {
        fprog = fprog(memory, filter.program());
    }

    /** Puts {@code program} and its {@code struct sock_fprog} into child memory; returns the latter's address. */
    static long fprog(ChildMemory memory, byte[] program) {
        long address = memory.bytes(program);
        byte[] prog = new byte[16]; // struct sock_fprog {unsigned short len; struct sock_filter *filter}
        java.nio.ByteBuffer.wrap(prog).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort(0, (short) (program.length / 8)).putLong(8, address);
        return memory.bytes(prog);
    }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("seccomp", SECCOMP_SET_MODE_FILTER, 0, fprog);
    }
}

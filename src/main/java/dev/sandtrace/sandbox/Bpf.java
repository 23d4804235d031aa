package dev.sandtrace.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny classic-BPF assembler with forward labels, for seccomp filters ({@code <linux/filter.h>}
 * {@code struct sock_filter}, {@code <linux/seccomp.h>} {@code struct seccomp_data} and the
 * {@code SECCOMP_RET_*} actions). Conditional jumps are 8-bit, so long lists use "skip the next
 * instruction unless matched" followed by a 32-bit {@code ja}.
 */
final class Bpf {
    static final int RET_KILL_PROCESS = 0x80000000, RET_ERRNO = 0x00050000, RET_TRACE = 0x7ff00000,
            RET_LOG = 0x7ffc0000, RET_ALLOW = 0x7fff0000;
    /** Offsets in struct seccomp_data. */
    static final int OFF_NR = 0, OFF_ARCH = 4, OFF_ARGS = 16;
    /** x32 syscalls are x86_64's audit arch with this bit in the number. */
    static final int X32_SYSCALL_BIT = 0x40000000;

    private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, JGT_K = 0x25, JGE_K = 0x35, JSET_K = 0x45, RET_K = 0x06, JA = 0x05,
            AND_K = 0x54;
    private static final String SKIP_ONE = "\u0000skip", SKIP_TWO = "\u0000skip2";

    private record Insn(int code, String jt, String jf, long k) {}

    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    void ld(int offset) { insns.add(new Insn(LD_W_ABS, null, null, offset)); }
    void jeq(long k, String jt, String jf) { insns.add(new Insn(JEQ_K, jt, jf, k)); }
    void jset(long k, String jt, String jf) { insns.add(new Insn(JSET_K, jt, jf, k)); }
    /** acc &= k */
    void and(long k) { insns.add(new Insn(AND_K, null, null, k)); }
    void ret(int k) { insns.add(new Insn(RET_K, null, null, k & 0xffffffffL)); }
    /** Falls through to the next instruction when acc >= k, else skips it. */
    void jgeFall(long k) { insns.add(new Insn(JGE_K, null, SKIP_ONE, k)); }
    /** Falls through to the next instruction when acc == k, else skips it. */
    void jneSkip(long k) { insns.add(new Insn(JEQ_K, null, SKIP_ONE, k)); }
    void ja(String label) { insns.add(new Insn(JA, label, null, 0)); }
    void label(String name) { labels.put(name, insns.size()); }

    /**
     * Jumps to {@code label} when the accumulator (a syscall number) is in {@code numbers}, one
     * range check per run of consecutive numbers, so that a negated set stays a few instructions.
     */
    void jumpIfIn(BitSet numbers, String label) {
        for (int lo = numbers.nextSetBit(0); lo >= 0; lo = numbers.nextSetBit(lo + 1)) {
            int hi = numbers.nextClearBit(lo) - 1;
            if (lo == hi) {
                jneSkip(lo);
            } else {
                insns.add(new Insn(JGT_K, SKIP_TWO, null, hi)); // above the run: next run
                jgeFall(lo);
            }
            ja(label);
            lo = hi;
        }
    }

    /** {@code struct sock_filter[]} as bytes, native order. */
    byte[] assemble() {
        ByteBuffer out = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            out.putShort((short) in.code());
            if (in.code() == JA) {
                out.put((byte) 0).put((byte) 0).putInt(labels.get(in.jt()) - i - 1);
                continue;
            }
            out.put((byte) offset(i, in.jt()));
            out.put((byte) offset(i, in.jf()));
            out.putInt((int) in.k());
        }
        return out.array();
    }

    private int offset(int from, String label) {
        if (label == null) return 0;
        if (label.equals(SKIP_ONE)) return 1;
        if (label.equals(SKIP_TWO)) return 2;
        Integer to = labels.get(label);
        if (to == null) throw new IllegalStateException("undefined BPF label " + label);
        int off = to - from - 1;
        if (off < 0 || off > 255) throw new IllegalStateException("BPF jump to " + label + " out of range: " + off);
        return off;
    }
}

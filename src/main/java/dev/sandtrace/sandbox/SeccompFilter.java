package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.Policy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seccomp-bpf program (seccomp(2), {@code <linux/filter.h>}, {@code <linux/seccomp.h>}):
 * architecture check first, x32 numbers denied, the mandatory deny set, the policy's deny list,
 * and argument checks for clone (namespace flags), ioctl (TIOCSTI, TIOCLINUX: low 32 bits only,
 * as the kernel compares them) and personality (READ_IMPLIES_EXEC). clone3 gets ENOSYS so that
 * libc falls back to clone, whose flags a filter can see.
 */
public final class SeccompFilter {
    /** Syscalls no policy can allow unless it says so explicitly. */
    public static final List<String> MANDATORY_DENY = List.of(
            "mount", "umount2", "pivot_root", "fsopen", "fsmount", "open_tree", "move_mount", "fspick", "fsconfig",
            "mount_setattr", "open_tree_attr", "unshare", "setns", "ptrace", "process_vm_writev", "keyctl", "add_key",
            "request_key", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
            "io_uring_register", "open_by_handle_at", "kexec_load", "kexec_file_load", "init_module", "finit_module",
            "delete_module", "reboot", "swapon", "swapoff", "acct", "chroot", "syslog", "quotactl", "lookup_dcookie",
            "vhangup", "iopl", "ioperm", "settimeofday", "clock_settime", "adjtimex", "clock_adjtime", "nfsservctl");

    static final long NAMESPACE_FLAGS = 0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L
            | 0x20000000L | 0x40000000L;
    static final long CLONE_UNTRACED = 0x00800000L;
    static final long TIOCSTI = 0x5412, TIOCLINUX = 0x541C;
    static final long READ_IMPLIES_EXEC = 0x0400000;
    static final int EPERM = 1, ENOSYS = 38;

    private static final int RET_KILL_PROCESS = 0x80000000, RET_ERRNO = 0x00050000, RET_LOG = 0x7ffc0000, RET_ALLOW = 0x7fff0000;
    private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, JGE_K = 0x35, JSET_K = 0x45, RET_K = 0x06, JA = 0x05;
    private static final String SKIP_ONE = "\u0000skip";
    private static final int OFF_NR = 0, OFF_ARCH = 4, OFF_ARGS = 16;
    private static final int X32_SYSCALL_BIT = 0x40000000;

    private final Arch arch;
    private final Set<String> denied;
    private final Policy.Action action;

    /** {@code extraDeny}: the policy's list on top of the mandatory one; {@code action}: EPERM, kill or log. */
    public SeccompFilter(Arch arch, List<String> extraDeny, Policy.Action action) {
        this.arch = arch;
        this.action = action;
        Set<String> all = new LinkedHashSet<>(MANDATORY_DENY);
        all.addAll(extraDeny);
        all.removeIf(name -> arch.syscallNumber(name) < 0); // e.g. nfsservctl has a number, others may not
        this.denied = all;
    }

    /** The names this filter denies (for labelling violations and for the trace header). */
    public Set<String> denied() {
        return denied;
    }

    /** The errno a denied syscall gets: 0 when denied syscalls are killed, -1 when they are only logged. */
    public int deniedErrno() {
        return switch (action) {
            case ERRNO -> EPERM;
            case KILL -> 0;
            case LOG -> -1;
        };
    }

    /** {@code struct sock_filter[]} as bytes, native order. */
    public byte[] program() {
        Asm a = new Asm();
        a.ld(OFF_ARCH);
        a.jeq(arch.auditArch(), "native", "badarch");
        a.label("badarch");
        a.ret(RET_KILL_PROCESS);
        a.label("native");
        a.ld(OFF_NR);
        a.jgeFall(X32_SYSCALL_BIT);                      // x32 numbers: fall into the far jump to deny
        a.ja("deny");
        // "not this one? skip the jump": ja has a 32-bit offset, so the list may be as long as policies make it
        for (String name : denied) {
            a.jneSkip(arch.syscallNumber(name));
            a.ja("deny");
        }
        a.jeq(arch.syscallNumber("clone"), "clone", null);
        a.jeq(arch.syscallNumber("clone3"), "enosys", null);
        a.jeq(arch.syscallNumber("ioctl"), "ioctl", null);
        a.jeq(arch.syscallNumber("personality"), "personality", null);
        a.ret(RET_ALLOW);
        a.label("clone");
        a.ld(OFF_ARGS);                                  // low 32 bits of flags: all CLONE_* live there
        a.jset(NAMESPACE_FLAGS | CLONE_UNTRACED, "deny", null);
        a.ret(RET_ALLOW);
        a.label("ioctl");
        a.ld(OFF_ARGS + 8);                              // low 32 bits of the request, as the tty layer compares
        a.jeq(TIOCSTI, "deny", null);
        a.jeq(TIOCLINUX, "deny", null);
        a.ret(RET_ALLOW);
        a.label("personality");
        a.ld(OFF_ARGS);
        a.jeq(0xffffffffL, "allow", null);                 // personality(0xffffffff) only queries
        a.jset(READ_IMPLIES_EXEC, "deny", null);
        a.label("allow");
        a.ret(RET_ALLOW);
        a.label("deny");
        a.ret(switch (action) {
            case ERRNO -> RET_ERRNO | EPERM;
            case KILL -> RET_KILL_PROCESS;
            case LOG -> RET_LOG;
        });
        a.label("enosys");
        a.ret(RET_ERRNO | ENOSYS);
        return a.assemble();
    }

    /** A tiny classic-BPF assembler with forward labels (jumps are 8-bit, so the program stays short). */
    private static final class Asm {
        private record Insn(int code, String jt, String jf, long k) {}

        private final List<Insn> insns = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();

        void ld(int offset) { insns.add(new Insn(LD_W_ABS, null, null, offset)); }
        void jeq(long k, String jt, String jf) { insns.add(new Insn(JEQ_K, jt, jf, k)); }
        void jset(long k, String jt, String jf) { insns.add(new Insn(JSET_K, jt, jf, k)); }
        void ret(int k) { insns.add(new Insn(RET_K, null, null, k & 0xffffffffL)); }
        /** Falls through to the next instruction when acc >= k, else skips it. */
        void jgeFall(long k) { insns.add(new Insn(JGE_K, null, SKIP_ONE, k)); }
        /** Falls through to the next instruction when acc == k, else skips it. */
        void jneSkip(long k) { insns.add(new Insn(JEQ_K, null, SKIP_ONE, k)); }
        void ja(String label) { insns.add(new Insn(JA, label, null, 0)); }
        void label(String name) { labels.put(name, insns.size()); }

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
            Integer to = labels.get(label);
            if (to == null) throw new IllegalStateException("undefined BPF label " + label);
            int off = to - from - 1;
            if (off < 0 || off > 255) throw new IllegalStateException("BPF jump to " + label + " out of range: " + off);
            return off;
        }
    }
}

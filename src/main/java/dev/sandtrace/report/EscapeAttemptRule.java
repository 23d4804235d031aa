package dev.sandtrace.report;

import java.util.List;
import java.util.Set;

/**
 * {@code escape-attempt}: calls that reach for privileges or out of a sandbox: mounts,
 * namespaces, kernel modules, kexec, bpf, io_uring, handle-based opens, raw I/O ports, attaching
 * to another process, and 32-bit (int $0x80) or x32 syscalls that dodge a 64-bit seccomp filter.
 * High when the sandbox denied one or for any 32-bit call; medium otherwise (attempted or done).
 */
final class EscapeAttemptRule implements Rule {
    private static final Set<String> SYSCALLS = Set.of("mount", "umount", "umount2", "fsopen", "fsmount", "move_mount",
            "open_tree", "pivot_root", "chroot", "unshare", "setns", "bpf", "io_uring_setup", "io_uring_enter",
            "io_uring_register", "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
            "open_by_handle_at", "iopl", "ioperm", "reboot", "swapon", "swapoff", "perf_event_open", "userfaultfd",
            "keyctl", "add_key", "request_key");
    private static final Set<String> PTRACE_ATTACH = Set.of("PTRACE_ATTACH", "PTRACE_SEIZE");
    private static final long X32_BIT = 0x40000000L;

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("violation")) {
            String s = String.valueOf(e.str("syscall"));
            if (SYSCALLS.contains(s) || s.equals("ptrace") && !"PTRACE_TRACEME".equals(lastPtrace)) {
                ctx.findings().raise("escape-attempt", Severity.HIGH, "the sandbox (" + e.str("layer") + ") denied " + s,
                        Evidence.of(e));
            }
            return;
        }
        if (!e.is("syscall")) return;
        String s = e.syscall();
        if ("i386".equals(e.str("arch"))) {
            ctx.findings().raise("escape-attempt", Severity.HIGH,
                    "made 32-bit (int $0x80) syscalls, which a 64-bit-only seccomp filter would not see: " + s, Evidence.of(e));
        } else if ((e.num("syscall_nr", 0) & X32_BIT) != 0) {
            ctx.findings().raise("escape-attempt", Severity.HIGH, "made x32-ABI syscalls: " + s, Evidence.of(e));
        } else if (SYSCALLS.contains(s)) {
            ctx.findings().raise("escape-attempt", Severity.MEDIUM, outcome(e, s), Evidence.of(e));
        } else if (s.equals("ptrace")) {
            lastPtrace = e.argText("request");
            if (PTRACE_ATTACH.contains(lastPtrace)) {
                ctx.findings().raise("escape-attempt", Severity.MEDIUM,
                        outcome(e, lastPtrace + " of pid " + e.raw(1)), Evidence.of(e));
            }
        }
    }

    /** The request of the last ptrace call: a violation names only the syscall. */
    private String lastPtrace;

    private static String outcome(TraceEvent e, String what) {
        return (e.success() ? "called " : "tried " ) + what + (e.success() ? "" : " (" + e.errno() + ")");
    }
}

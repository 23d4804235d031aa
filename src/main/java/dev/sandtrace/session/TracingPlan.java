package dev.sandtrace.session;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.tracer.SyscallFilter;
import dev.sandtrace.tracer.TracingMode;
import java.util.BitSet;

/**
 * How one run is traced: which syscalls its events record ({@code recorded}, null for all), and
 * whether the kernel may skip the stops of the others (SECCOMP mode, {@code traced} the set the
 * seccomp filter returns SECCOMP_RET_TRACE for) or the tracer must stop at every syscall (FULL).
 * {@code reason} says why, for the trace header and -v.
 */
public record TracingPlan(TracingMode mode, String reason, SyscallFilter recorded, BitSet traced) {
    /** What the tracer needs at every level: exec paths and argv, and whether a clone makes a thread. */
    private static final String ALWAYS_TRACED = "execve,execveat,clone,clone3,fork,vfork";
    /** What the terminal's default level records in SECCOMP mode: the process lifecycle calls. */
    private static final String DEFAULT_LEVEL = "process";
    /** Syscalls the violation labels explain (paths, addresses, flags), traced in the sandbox so denials stay visible. */
    private static final String EXPLAINED = "file,connect,bind,sendto,sendmsg,ioctl,socket,socketpair";

    /**
     * {@code seccompBpf}: true for --seccomp-bpf, false for --no-seccomp-bpf, null for the default
     * (accelerate when it changes nothing the user sees); {@code traceSet}: -e trace=SET or null;
     * {@code everySyscallFor}: what of the output needs every syscall (e.g. a JSONL file without
     * -e trace=), or null.
     */
    public static TracingPlan decide(Arch arch, Boolean seccompBpf, String traceSet, String everySyscallFor, Policy policy) {
        SyscallFilter recorded = traceSet != null ? SyscallFilter.parse(traceSet, arch) : null;
        if (Boolean.FALSE.equals(seccompBpf)) return full("--no-seccomp-bpf", recorded);
        if (recorded == null && everySyscallFor != null) return full(everySyscallFor + " needs every syscall", null);
        if (recorded != null && recorded.selectsAll(arch)) return full("-e trace=" + traceSet + " selects every syscall", recorded);
        if (policy != null && policy.syscalls().action() != Policy.Action.KILL) {
            // ERRNO and LOG are answered inside the filter without a ptrace stop: under PTRACE_CONT a
            // refused call would leave no trace, so only stopping at every syscall keeps denials visible
            return full("the sandbox answers denied syscalls with " + (policy.syscalls().action() == Policy.Action.ERRNO
                    ? "SECCOMP_RET_ERRNO" : "SECCOMP_RET_LOG") + ", which makes no ptrace stop; every syscall is traced"
                    + " so that denials stay visible (--seccomp-action kill allows seccomp-bpf tracing)", recorded);
        }
        if (policy != null && recorded == null) {
            // a kill is seen as a death by SIGSYS; the DENIED line names its syscall only if it was traced
            return full("in the sandbox the default terminal level names the syscall of every denial, so every"
                    + " syscall is traced (-e trace=SET allows seccomp-bpf tracing)", null);
        }
        SyscallFilter wanted = recorded != null ? recorded : SyscallFilter.parse(DEFAULT_LEVEL, arch);
        SyscallFilter traced = wanted.with(SyscallFilter.parse(ALWAYS_TRACED, arch));
        if (policy != null) traced = traced.with(SyscallFilter.parse(EXPLAINED, arch));
        String what = recorded != null ? "-e trace=" + traceSet : "the default terminal level shows only processes";
        return new TracingPlan(TracingMode.SECCOMP, what + ": only " + traced.numbers().cardinality()
                + " syscalls stop the tracee (seccomp-bpf)", recorded != null ? recorded : wanted, traced.numbers());
    }

    private static TracingPlan full(String reason, SyscallFilter recorded) {
        return new TracingPlan(TracingMode.FULL, reason, recorded, null);
    }

    /** After the tracing-only filter could not be installed: every syscall, the same ones recorded. */
    public TracingPlan fallBack(String why) {
        return new TracingPlan(TracingMode.FULL, "the seccomp filter could not be installed (" + why
                + "); every syscall is traced", recorded, null);
    }
}

package dev.sandtrace.tracer;

/**
 * How the tracer makes tracees stop. FULL: PTRACE_SYSCALL, a stop at every syscall's entry and
 * exit. SECCOMP: the target's seccomp filter returns SECCOMP_RET_TRACE for the traced syscalls
 * only (PTRACE_EVENT_SECCOMP at their entry, then PTRACE_SYSCALL for their exit); everything else
 * runs under PTRACE_CONT without a stop, as with strace --seccomp-bpf.
 */
public enum TracingMode {
    FULL("full"), SECCOMP("seccomp");

    /** The name in the trace header. */
    public final String json;

    TracingMode(String json) {
        this.json = json;
    }
}

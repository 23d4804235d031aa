package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.LinuxException;

/**
 * The last step of an accelerated {@code --trace-only} launch: installs the {@link TracingFilter}.
 * Without CAP_SYS_ADMIN the kernel accepts a filter only under no_new_privs, so an unprivileged
 * caller's target runs with it (setuid binaries then gain nothing), as under strace --seccomp-bpf.
 * A refusal is not fatal: the filter only speeds tracing up, so the run falls back to stopping at
 * every syscall and {@link #failure()} says why.
 */
final class TracingFilterLayer implements Layer {
    private static final int PR_SET_NO_NEW_PRIVS = 38;

    private final TracingFilter filter;
    private long fprog;
    private String failure;

    TracingFilterLayer(TracingFilter filter) {
        this.filter = filter;
    }

    @Override public String name() { return "seccomp-bpf tracing filter"; }

    @Override
    public void prepare(ChildMemory memory) {
        fprog = SeccompLayer.fprog(memory, filter.program());
    }

    @Override
    public void apply(int pid, Injector child) {
        try {
            if (Libc.geteuid() != 0) child.inject("prctl", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            child.inject("seccomp", SeccompLayer.SECCOMP_SET_MODE_FILTER, 0, fprog);
        } catch (LinuxException e) {
            failure = e.getMessage();
        }
    }

    /** Why the filter is not installed, or null when it is. */
    String failure() {
        return failure;
    }
}

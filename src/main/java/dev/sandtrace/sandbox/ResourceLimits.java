package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.LinuxException;
import dev.sandtrace.policy.Policy;

/**
 * Layer 6b: resource limits set from outside with prlimit(2) (getrlimit(2) for the names). 0 in
 * the policy means unlimited; core dumps are always off. Applied last, just before exec, so
 * that the setup itself is not bound by them.
 */
final class ResourceLimits implements Layer {
    private static final int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_CORE = 4, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7,
            RLIMIT_AS = 9;

    private final Policy.Limits limits;
    private final boolean memoryByCgroup;

    /** {@code memoryByCgroup}: memory.max holds the memory limit, so the address space is left unbounded. */
    ResourceLimits(Policy.Limits limits, boolean memoryByCgroup) {
        this.limits = limits;
        this.memoryByCgroup = memoryByCgroup;
    }

    @Override public String name() { return "rlimits"; }

    @Override
    public void apply(int pid, Injector child) {
        set(pid, "RLIMIT_AS", RLIMIT_AS, memoryByCgroup ? 0 : limits.addressSpaceBytes());
        set(pid, "RLIMIT_NPROC", RLIMIT_NPROC, limits.processes());
        set(pid, "RLIMIT_FSIZE", RLIMIT_FSIZE, limits.fileSizeBytes());
        set(pid, "RLIMIT_NOFILE", RLIMIT_NOFILE, limits.openFiles());
        set(pid, "RLIMIT_CPU", RLIMIT_CPU, limits.cpuSeconds());
        Libc.prlimit(pid, RLIMIT_CORE, 0, 0);
    }

    private static void set(int pid, String name, int resource, long value) {
        long v = value <= 0 ? Libc.RLIM_INFINITY : value;
        try {
            Libc.prlimit(pid, resource, v, v);
        } catch (LinuxException e) {
            if (e.errnoName().equals("EPERM")) {
                // raising above the caller's own hard limit is not allowed: stay at the caller's hard limit
                long hard = Libc.getPrlimit(pid, resource)[1];
                long soft = Long.compareUnsigned(v, hard) < 0 ? v : hard;
                Libc.prlimit(pid, resource, soft, hard);
                return;
            }
            throw new LinuxException("prlimit(" + name + ")", e.errno());
        }
    }
}

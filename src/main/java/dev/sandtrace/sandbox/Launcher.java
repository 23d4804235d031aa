package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Landlock;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.LinuxException;
import dev.sandtrace.linux.PausedChild;
import dev.sandtrace.linux.Signals;
import dev.sandtrace.linux.Waiter;
import dev.sandtrace.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts the target as described in docs/architecture.md: clone a child that only runs
 * pause(2), seize it, apply the layers in order (each injects syscalls the child executes
 * itself, or acts on it from outside), and load the execve. Returns the child stopped before
 * that execve; the tracer's first resume runs it. Must be called on the tracer thread. Any
 * failing step kills the child before the target ran: fail closed.
 */
public final class Launcher {
    private final Arch arch;
    private final Consumer<String> setupLog;
    private List<String> masked = List.of();
    private List<String> notEnforced = List.of();
    private List<String> layerNames = List.of();
    private SeccompFilter seccomp;
    private BitSet traced;
    private TracingFilterLayer tracingFilter;

    public Launcher(Arch arch, Consumer<String> setupLog) {
        this.arch = arch;
        this.setupLog = setupLog;
    }

    /**
     * seccomp-bpf tracing: the target's filter answers only these syscall numbers with
     * SECCOMP_RET_TRACE (the sandbox's own filter, or with --trace-only a tracing-only one).
     * Call before {@link #plan}; without it every syscall is allowed silently and the tracer
     * must stop at each one.
     */
    public void traceOnly(BitSet syscalls) {
        this.traced = syscalls;
    }

    /** The layers in the order they are applied; this list is the sandbox. */
    private List<Layer> layers(LaunchSpec spec) throws LaunchException {
        String cwd = spec.cwd().toString();
        if (!spec.isolate()) {
            if (traced == null) return List.of(new ProcessState(false, cwd), new InheritedFds(InheritedFds.callers()));
            tracingFilter = new TracingFilterLayer(new TracingFilter(arch, traced));
            return List.of(new ProcessState(false, cwd), new InheritedFds(InheritedFds.callers()), tracingFilter);
        }
        Policy policy = spec.policy();
        int abi = Landlock.abiVersion();
        if (abi < 1) {
            throw new LaunchException("landlock", "not available: " + (abi == -95 ? "disabled at boot (add landlock to the lsm= kernel parameter)"
                    : "this kernel has no Landlock (errno " + -abi + ")") + "; run sandtrace doctor", null);
        }
        resolverSettings = policy.network().portsRestricted() ? ResolverSettings.overTcp() : null;
        MountPlan view = new MountPlan(policy.filesystem(), MountPlan.real(callerHome()), policy.network().allow(),
                resolverSettings);
        view.skipped().forEach(s -> setupLog.accept("view: left out " + s));
        LandlockLayer landlock = new LandlockLayer(abi, policy.filesystem(), policy.network(), view.landlockRules());
        seccomp = new SeccompFilter(arch, policy.syscalls().deny(), policy.syscalls().action(),
                traced != null ? traced : new BitSet(), dev.sandtrace.policy.SocketRules.of(policy.network()));
        masked = view.masked();
        HostIdentity identity = HostIdentity.needed() ? new HostIdentity(arch) : null;
        mountView = new MountView(view, policy.limits().scratchBytes() > 0 ? policy.limits().scratchBytes() : DEFAULT_SCRATCH, identity);
        List<Layer> all = new ArrayList<>();
        // an unprivileged caller builds everything inside a namespace where its uid maps to itself;
        // a root caller's child builds as root and enters its unprivileged namespace afterwards
        if (identity == null) all.add(new UserNamespace());
        all.add(new PidNamespace());
        all.add(mountView);
        network = new NetworkNamespace(!policy.network().allow(), policy.network().proxied() ? PROXY_PORT : 0);
        all.add(network);
        if (identity != null) all.add(identity);
        // made after everything that can fail while planning: the groups exist on the host from
        // here on (cleanUpAfterRun removes them)
        cgroups = new CgroupLimits(cgroupLimits(policy.limits()));
        cgroups.groups().forEach(g -> setupLog.accept("cgroup " + g + ": created"));
        List<String> gaps = new ArrayList<>(landlock.notEnforced());
        gaps.addAll(cgroups.unavailable());
        notEnforced = gaps;
        all.addAll(List.of(
                new ProcessState(true, cwd),
                new NoNewPrivs(),
                landlock,
                new Capabilities(),
                new InheritedFds(),
                new ResourceLimits(policy.limits(), cgroups.applies("memory"))));
        if (!cgroups.empty()) all.add(cgroups);
        all.add(new SeccompLayer(seccomp));
        return all;
    }

    /**
     * Memory for every caller who can get a memory cgroup (else RLIMIT_AS stays the bound);
     * processes only for root, whom RLIMIT_NPROC does not bind.
     */
    private static List<CgroupLimits.Limit> cgroupLimits(Policy.Limits limits) {
        List<CgroupLimits.Limit> wanted = new ArrayList<>();
        if (limits.addressSpaceBytes() > 0) wanted.add(CgroupLimits.Limit.memory(limits.addressSpaceBytes()));
        if (Libc.getuid() == 0 && limits.processes() > 0) wanted.add(CgroupLimits.Limit.pids(limits.processes()));
        return wanted;
    }

    private CgroupLimits cgroups;
    private NetworkNamespace network;

    /** Where the egress proxy listens on the sandbox's loopback (squid's port, which proxy users know). */
    public static final int PROXY_PORT = 3128;

    /** The egress proxy's listening socket in the sandbox's network namespace (allow_hosts), or null; the caller owns it. */
    public dev.sandtrace.linux.RawSocket proxySocket() {
        return network != null ? network.proxySocket() : null;
    }

    /** For doctor: which cgroup limits this caller would get, by trying; empty when all of them. */
    public static List<String> cgroupGaps() {
        CgroupLimits probe = new CgroupLimits(cgroupLimits(new Policy.Limits(1L << 30, 64, 0, 0, 0)));
        probe.cleanUp();
        return probe.unavailable();
    }
    private MountView mountView;

    /** The scratch tmpfs behind /tmp, /dev/shm and the private home when the policy sets no size. */
    static final long DEFAULT_SCRATCH = 512L << 20;

    /** The caller's home: $HOME as the policy's {@code ~} reads it, else the passwd entry's. */
    static Path callerHome() {
        String h = System.getenv("HOME");
        return Path.of(h != null && h.startsWith("/") ? h : System.getProperty("user.home"));
    }

    private ChildMemory childMemory;
    private Path resolverSettings;

    /** Undoes what outlives the launch (the cgroups on the host, the child's setup memory); call after the run. */
    public void cleanUpAfterRun() {
        if (cgroups != null) cgroups.cleanUp();
        if (resolverSettings != null) ResolverSettings.delete(resolverSettings);
        if (childMemory != null) {
            childMemory.close();
            childMemory = null;
        }
    }

    private List<Layer> planned;

    /** Decides the layers for {@code spec} (and fails early if one cannot exist here); see {@link #layers()}. */
    public void plan(LaunchSpec spec) throws LaunchException {
        planned = layers(spec);
        layerNames = planned.stream().map(Layer::name).toList();
    }

    /** Called with the child's pid right after the clone, so that a timeout can kill a stuck setup. */
    private java.util.function.IntConsumer onChild = pid -> { };

    public void onChild(java.util.function.IntConsumer onChild) {
        this.onChild = onChild;
    }

    public int launch(LaunchSpec spec) throws LaunchException {
        if (planned == null) plan(spec);
        List<Layer> layers = planned;
        try {
            return launch(spec, layers);
        } catch (LaunchException | RuntimeException e) {
            cleanUpAfterRun();
            if (proxySocket() != null) proxySocket().close();
            throw e;
        } finally {
            // parent-side leftovers go whether the launch worked or not
            for (Layer l : layers) {
                if (l instanceof LandlockLayer ll) ll.closeParentCopy();
                if (l instanceof HostIdentity hi) hi.closeParentCopy();
            }
        }
    }

    private int launch(LaunchSpec spec, List<Layer> layers) throws LaunchException {
        int flags = 0;
        for (Layer l : layers) flags |= l.cloneFlags();
        // the child reads its strings (and runs on its stack) in this memory until its execve,
        // which the tracer lets run after launch: it is freed after the run (cleanUpAfterRun)
        ChildMemory memory = new ChildMemory();
        childMemory = memory;
        {
            long path = memory.cString(spec.program().toString());
            long argv = memory.stringArray(spec.argv());
            long envp = memory.stringArray(spec.environment());
            for (Layer l : layers) step(l.name() + " (prepare)", () -> l.prepare(memory));

            int cloneFlags = flags;
            int pid = step("clone", () -> PausedChild.clone(arch, cloneFlags, memory));
            onChild.accept(pid);
            try (Injector child = step("ptrace seize", () -> new Injector(pid, arch))) {
                for (Layer l : layers) step(l.name(), () -> l.apply(pid, child));
                child.loadFinal("execve", path, argv, envp);
                setupLog.accept("execve " + spec.program() + " loaded; the target starts traced from its first instruction");
                return pid;
            } catch (LaunchException | RuntimeException e) {
                kill(pid);
                throw e;
            }
        }
    }

    /** Host paths hidden by masks in the last launch. */
    public List<String> masked() { return masked; }

    /** What the view and the kernel's Landlock ABI could not enforce in the last launch. */
    public List<String> notEnforced() {
        if (mountView == null) return notEnforced;
        List<String> all = new ArrayList<>(mountView.notEnforced());
        for (String g : notEnforced) if (!all.contains(g)) all.add(g);
        return all;
    }

    /** The layers applied in the last launch, in order. */
    public List<String> layers() { return layerNames; }

    /**
     * Why the tracing-only filter of a --trace-only launch could not be installed (the target
     * then runs without it), or null.
     */
    public String tracingFilterFailure() {
        return tracingFilter != null ? tracingFilter.failure() : null;
    }

    /** The seccomp filter of the last isolated launch, or null. */
    public SeccompFilter seccomp() { return seccomp; }

    @FunctionalInterface
    private interface Step<T> {
        T run();
    }

    private void step(String name, Runnable r) throws LaunchException {
        step(name, () -> {
            r.run();
            return null;
        });
    }

    private <T> T step(String name, Step<T> step) throws LaunchException {
        try {
            T result = step.run();
            setupLog.accept(name + ": ok");
            return result;
        } catch (LinuxException e) {
            String what = e.call().equals(name) ? dev.sandtrace.linux.Errno.describe(e.errno()) : e.getMessage();
            throw new LaunchException(name, what + hint(name, e), e);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new LaunchException(name, e.getMessage(), e);
        }
    }

    /** What the user can do about a failed step. */
    private static String hint(String step, LinuxException e) {
        if (step.equals("clone") && (e.errnoName().equals("EPERM") || e.errnoName().equals("ENOSPC"))) {
            return ": the kernel refused to create the namespaces; either user namespaces are disabled (sysctl"
                    + " user.max_user_namespaces, kernel.unprivileged_userns_clone, kernel.apparmor_restrict_unprivileged_userns)"
                    + " or sandtrace itself runs inside a sandbox or container that forbids them; run sandtrace doctor";
        }
        if (step.equals("ptrace seize") && e.errnoName().equals("EPERM")) {
            return ": ptrace is not allowed here (kernel.yama.ptrace_scope, or a seccomp filter around sandtrace);"
                    + " run sandtrace doctor";
        }
        return "; run sandtrace doctor, or --trace-only to trace without isolation";
    }

    /** Kills and reaps the half-built child so that no zombie outlives the failed launch. */
    private static void kill(int pid) {
        Libc.kill(pid, Signals.SIGKILL);
        new Waiter().await(pid);
    }
}

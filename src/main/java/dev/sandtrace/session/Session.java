package dev.sandtrace.session;

import dev.sandtrace.event.EventSink;
import dev.sandtrace.event.HeaderEvent;
import dev.sandtrace.event.MessageEvent;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.Errno;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.Signals;
import dev.sandtrace.output.AsyncSink;
import dev.sandtrace.output.SummaryBuilder;
import dev.sandtrace.sandbox.LaunchException;
import dev.sandtrace.sandbox.Launcher;
import dev.sandtrace.tracer.Clock;
import dev.sandtrace.tracer.Tracer;
import dev.sandtrace.tracer.TracingMode;
import dev.sandtrace.tracer.ViolationClassifier;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.sandbox.SeccompFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run: launches the target and traces it on a dedicated thread, enforces the timeout from
 * the calling thread, and turns SIGINT/SIGTERM/SIGHUP to sandtrace into "kill the tree, finish
 * the trace". Whatever happens, the trace ends with a summary and no tracee survives.
 */
public final class Session {
    private static final String[] INTERRUPTS = {"INT", "TERM", "HUP"};

    private final SessionOptions options;
    private final Clock clock = new Clock();
    private final SummaryBuilder summary = new SummaryBuilder();
    private final AsyncSink fanout;
    private final Arch arch = Arch.host();
    private final Tracer tracer;
    private final TracingPlan plan;
    private volatile int interruptSignal;

    public Session(SessionOptions options, List<EventSink> sinks) {
        this.options = options;
        List<EventSink> all = new ArrayList<>(sinks);
        all.add(summary);
        this.fanout = new AsyncSink(all);
        this.tracer = new Tracer(arch, fanout, clock, options.stringLimit(), options.fdDetail());
        this.plan = TracingPlan.decide(arch, options.seccompBpf(), options.traceFilter(), options.everySyscallFor(),
                options.launch().policy());
        tracer.filter(plan.recorded());
        tracer.rawConstants(options.rawConstants());
    }

    public Outcome run() throws InterruptedException {
        Outcome[] outcome = new Outcome[1];
        Thread traceThread = Thread.ofPlatform().name("sandtrace-tracer").start(() -> outcome[0] = traceOnThisThread());
        installInterruptHandlers();
        long timeoutMs = (long) (options.timeoutSeconds() * 1000);
        if (timeoutMs > 0) {
            traceThread.join(timeoutMs);
            // killAll before the launch finished still works: the tracer kills the root at its first stop
            if (traceThread.isAlive()) tracer.killAll("timeout", options.timeoutSeconds());
        }
        traceThread.join();
        return outcome[0];
    }

    @SuppressWarnings("removal")
    private void installInterruptHandlers() {
        for (String name : INTERRUPTS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (interruptSignal == 0) interruptSignal = sig.getNumber();
                    tracer.killAll("interrupted", 0);
                });
            } catch (IllegalArgumentException unavailable) {
                // e.g. -Xrs: the default JVM behaviour stays, PTRACE_O_EXITKILL still kills the tree
            }
        }
    }

    private Outcome traceOnThisThread() {
        Outcome o;
        try {
            o = trace();
        } catch (RuntimeException | Error e) {
            // a bug, or the JVM out of something: the tree dies, and the trace still ends in a summary that says why
            tracer.killAll("internal error", 0);
            fanout.accept(new MessageEvent(tracer.nextSeq(), clock.now(), MessageEvent.Level.ERROR, "internal error: " + e));
            o = new Outcome(125, "sandtrace failed: " + e);
        }
        fanout.sync(); // the summary counts are complete only once the writer has caught up
        fanout.accept(summary.build(tracer.nextSeq(), clock.now(), o.exitCode(), o.ending(), tracer.stops()));
        fanout.close();
        if (fanout.failure() != null) {
            return new Outcome(125, o.ending(), "writing the trace failed: " + fanout.failure().getMessage());
        }
        return o;
    }

    private Outcome trace() {
        // the header comes first but names the tracing mode, known only once the filter is in
        // place: its seq and time are taken now, the setup steps wait for it
        long headerSeq = tracer.nextSeq();
        long headerTime = clock.now();
        List<MessageEvent> setup = new ArrayList<>();
        Launcher launcher = new Launcher(arch, step -> setup.add(
                new MessageEvent(tracer.nextSeq(), clock.now(), MessageEvent.Level.SETUP, step)));
        if (plan.mode() == TracingMode.SECCOMP) launcher.traceOnly(plan.traced());
        LaunchException planFailure = null;
        try {
            launcher.plan(options.launch());
        } catch (LaunchException e) {
            planFailure = e;
        }
        launcher.onChild(tracer::track);
        if (options.launch().isolate() && planFailure == null) tracer.classifyViolations(classifier(launcher));
        int pid;
        try {
            if (planFailure != null) throw planFailure;
            pid = launcher.launch(options.launch());
        } catch (LaunchException e) {
            fanout.accept(header(headerSeq, headerTime, launcher, plan));
            setup.forEach(fanout::accept);
            if (tracer.timedOut()) return new Outcome(124, "timeout after " + options.timeoutSeconds() + "s during the sandbox setup");
            fanout.accept(new MessageEvent(tracer.nextSeq(), clock.now(), MessageEvent.Level.ERROR, e.getMessage()));
            return new Outcome(125, "sandbox setup failed at " + e.step());
        }
        String filterFailure = launcher.tracingFilterFailure();
        TracingPlan used = filterFailure == null ? plan : plan.fallBack(filterFailure);
        fanout.accept(header(headerSeq, headerTime, launcher, used));
        setup.forEach(fanout::accept);
        announce(used, filterFailure != null);
        tracer.mode(used.mode());
        dev.sandtrace.proxy.EgressProxy proxy = egressProxy(launcher);
        try {
            return outcome(tracer.run(pid));
        } finally {
            if (proxy != null) proxy.close(); // open connections end: their events come now
            tracer.emitPosted();
            launcher.cleanUpAfterRun();
        }
    }

    /**
     * One line on how the run is traced: a warning when the user's wish could not be met, detail
     * for -v when only some syscalls are wanted; nothing when the output itself needs them all.
     */
    private void announce(TracingPlan used, boolean fellBack) {
        boolean unmet = fellBack || Boolean.TRUE.equals(options.seccompBpf()) && used.mode() == TracingMode.FULL;
        if (!unmet && used.mode() == TracingMode.FULL && used.recorded() == null) return;
        String text = used.mode() == TracingMode.SECCOMP ? "tracing with seccomp-bpf: " + used.reason()
                : (unmet ? "seccomp-bpf not used: " : "tracing every syscall: ") + used.reason();
        fanout.accept(new MessageEvent(tracer.nextSeq(), clock.now(), unmet ? MessageEvent.Level.WARNING : MessageEvent.Level.INFO, text));
    }

    private Outcome outcome(Tracer.Result r) {
        String program = options.launch().program().getFileName().toString();
        if (r.timedOut()) {
            return new Outcome(124, "timeout after " + options.timeoutSeconds() + "s: process tree killed");
        }
        int sig = interruptSignal;
        if (sig != 0) {
            return new Outcome(128 + sig, "sandtrace got " + Signals.name(sig) + ": process tree killed");
        }
        if (r.execFailed()) {
            int code = r.execErrno() == 2 ? 127 : 126;
            String hint = options.launch().isolate() && (r.execErrno() == 13 || r.execErrno() == 2 || r.execErrno() == 20)
                    ? " (in the sandbox only allowed paths can be executed and /tmp is private: add --allow-path for its directory)"
                    : "";
            return new Outcome(code, "cannot execute " + options.launch().program() + ": " + Errno.describe(r.execErrno()) + hint);
        }
        if (r.exited()) return new Outcome(r.exitCode(), program + " exited with " + r.exitCode());
        return new Outcome(128 + r.signal(), program + " killed by " + Signals.name(r.signal())
                + (r.coreDumped() ? " (core dumped)" : ""));
    }

    /** The egress proxy serving the sandbox's namespace (allow_hosts), started; null without one. */
    private dev.sandtrace.proxy.EgressProxy egressProxy(Launcher launcher) {
        dev.sandtrace.linux.RawSocket listening = launcher.proxySocket();
        if (listening == null) return null;
        var rules = dev.sandtrace.proxy.HostRules.parse(options.launch().policy().network().allowHosts());
        var proxy = new dev.sandtrace.proxy.EgressProxy(new ProxyListener(listening), rules, dev.sandtrace.proxy.Resolver.system(),
                c -> tracer.post(seq -> new dev.sandtrace.event.NetworkEvent(seq, clock.now(), c.protocol(), c.host(), c.port(),
                        c.allowed(), c.reason(), c.address(), c.bytesUp(), c.bytesDown(), c.durationNanos())));
        proxy.start();
        return proxy;
    }

    private ViolationClassifier classifier(Launcher launcher) {
        Policy policy = options.launch().policy();
        Policy.Filesystem fs = policy.filesystem();
        List<Path> readable = new ArrayList<>(fs.allowRead());
        readable.addAll(fs.allowWrite());
        readable.addAll(fs.allowExec());
        SeccompFilter seccomp = launcher.seccomp();
        return new ViolationClassifier(seccomp.denied(), seccomp.deniedErrno(), SeccompFilter.MODE_ARGUMENT, launcher.masked(), readable,
                fs.allowWrite(), fs.allowExec(), !policy.network().allow()).sockets(seccomp.sockets());
    }

    private HeaderEvent header(long seq, long timeNs, Launcher launcher, TracingPlan tracing) {
        String host;
        try {
            host = Files.readAllLines(Path.of("/proc/sys/kernel/hostname")).getFirst().strip();
        } catch (IOException e) {
            host = "unknown";
        }
        List<String> layers = options.launch().isolate() ? launcher.layers() : List.of();
        return new HeaderEvent(seq, timeNs, clock.start(), options.sandtraceVersion(), options.sandtraceArgv(),
                options.launch().program().toString(), Libc.kernelRelease(), arch.name(), host, Libc.getuid(), layers,
                System.getProperty("user.dir"), launcher.masked(), launcher.notEnforced(),
                options.launch().isolate() ? (options.policySource() != null ? options.policySource() : "builtin:default") : null,
                options.policySha256(), tracing.mode().json, tracing.reason(), options.traceFilter(),
                options.launch().isolate() ? SandboxEnvironment.names(options.launch().environment()) : null);
    }
}

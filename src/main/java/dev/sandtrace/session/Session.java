package dev.sandtrace.session;

import dev.sandtrace.event.EventSink;
import dev.sandtrace.event.HeaderEvent;
import dev.sandtrace.event.MessageEvent;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.Errno;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.Signals;
import dev.sandtrace.output.SummaryBuilder;
import dev.sandtrace.sandbox.LaunchException;
import dev.sandtrace.sandbox.Launcher;
import dev.sandtrace.tracer.Clock;
import dev.sandtrace.tracer.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run: launches the target and traces it on a dedicated thread, enforces the timeout from
 * another, and makes sure that whatever happens (normal end, timeout, SIGINT/SIGTERM to
 * sandtrace) the tree is killed and the trace ends with a summary.
 */
public final class Session {
    private final SessionOptions options;
    private final List<EventSink> sinks;
    private final Clock clock = new Clock();
    private final SummaryBuilder summary = new SummaryBuilder();
    private final Fanout fanout;
    private final Arch arch = Arch.host();
    private volatile Tracer tracer;
    private volatile Outcome outcome;
    private volatile boolean interrupted;

    public Session(SessionOptions options, List<EventSink> sinks) {
        this.options = options;
        List<EventSink> all = new ArrayList<>(sinks);
        all.add(summary);
        this.sinks = all;
        this.fanout = new Fanout(all);
    }

    public Outcome run() throws InterruptedException {
        Thread traceThread = Thread.ofPlatform().name("sandtrace-tracer").unstarted(this::traceOnThisThread);
        Thread hook = Thread.ofPlatform().name("sandtrace-interrupt").unstarted(() -> {
            interrupted = true;
            Tracer t = tracer;
            if (t != null) t.killAll("interrupted", 0);
            try {
                traceThread.join(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        traceThread.start();
        Thread flusher = Thread.ofPlatform().daemon().name("sandtrace-flush").start(() -> flushEvery(traceThread, 200));
        long timeoutMs = (long) (options.timeoutSeconds() * 1000);
        if (timeoutMs > 0) {
            traceThread.join(timeoutMs);
            if (traceThread.isAlive()) {
                Tracer t = tracer;
                // the tracer may still be launching: it checks the flag before the first resume
                while (t == null && traceThread.isAlive()) {
                    TimeUnit.MILLISECONDS.sleep(5);
                    t = tracer;
                }
                if (t != null) t.killAll("timeout", options.timeoutSeconds());
            }
        }
        traceThread.join();
        flusher.join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us
        }
        return outcome;
    }

    /** A target that blocks for long must not keep its last events in a buffer: flush periodically. */
    private void flushEvery(Thread traceThread, long millis) {
        try {
            while (traceThread.isAlive()) {
                traceThread.join(millis);
                for (EventSink s : sinks) s.flush();
            }
        } catch (InterruptedException | RuntimeException stop) {
            // the tracer thread's own close() does the final flush
        }
    }

    private void traceOnThisThread() {
        try {
            outcome = trace();
        } catch (RuntimeException e) {
            outcome = new Outcome(125, "sandtrace failed: " + e);
            fanout.accept(new MessageEvent(0, clock.now(), MessageEvent.Level.ERROR, "internal error: " + e));
        } finally {
            for (EventSink s : sinks) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // a failing sink must not hide the outcome
                }
            }
        }
    }

    private Outcome trace() {
        Tracer t = new Tracer(arch, fanout, clock, options.stringLimit());
        fanout.accept(header(t.nextSeq()));
        Launcher launcher = new Launcher(arch, step -> fanout.accept(new MessageEvent(t.nextSeq(), clock.now(), MessageEvent.Level.SETUP, step)));
        int pid;
        try {
            pid = launcher.launch(options.launch());
        } catch (LaunchException e) {
            fanout.accept(new MessageEvent(t.nextSeq(), clock.now(), MessageEvent.Level.ERROR, e.getMessage()));
            return finish(t, new Outcome(125, "sandbox setup failed at " + e.step()));
        }
        tracer = t;
        Tracer.Result r = t.run(pid);
        return finish(t, outcome(r));
    }

    private Outcome outcome(Tracer.Result r) {
        String program = options.launch().program().getFileName().toString();
        if (r.timedOut()) {
            return new Outcome(124, "timeout after " + options.timeoutSeconds() + "s: process tree killed");
        }
        if (interrupted) {
            return new Outcome(130, "sandtrace was interrupted: process tree killed");
        }
        if (r.execFailed()) {
            int code = r.execErrno() == 2 ? 127 : 126;
            return new Outcome(code, "cannot execute " + options.launch().program() + ": " + Errno.describe(r.execErrno()));
        }
        if (r.exited()) return new Outcome(r.exitCode(), program + " exited with " + r.exitCode());
        return new Outcome(128 + r.signal(), program + " killed by " + Signals.name(r.signal())
                + (r.coreDumped() ? " (core dumped)" : ""));
    }

    private Outcome finish(Tracer t, Outcome o) {
        fanout.accept(summary.build(t.nextSeq(), clock.now(), o.exitCode(), o.ending(), 0));
        return o;
    }

    private HeaderEvent header(long seq) {
        String host;
        try {
            host = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        List<String> layers = options.launch().isolate() ? List.of("user", "mount", "pid", "network", "capabilities",
                "no_new_privs+rlimits", "landlock", "seccomp") : List.of();
        return new HeaderEvent(seq, clock.now(), clock.start(), options.sandtraceVersion(), options.sandtraceArgv(),
                options.launch().program().toString(), Libc.kernelRelease(), arch.name(), host,
                Libc.getuid(), layers, System.getProperty("user.dir"));
    }

    /** Sends every event to every sink, in order. */
    private static final class Fanout implements EventSink {
        private final List<EventSink> sinks;

        Fanout(List<EventSink> sinks) {
            this.sinks = sinks;
        }

        @Override
        public void accept(dev.sandtrace.event.Event event) {
            for (EventSink s : sinks) s.accept(event);
        }
    }
}

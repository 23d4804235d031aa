package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import dev.sandtrace.event.EventSink;
import dev.sandtrace.event.ProcessEvent;
import dev.sandtrace.event.SignalEvent;
import dev.sandtrace.event.SyscallEvent;
import dev.sandtrace.event.TimeoutEvent;
import dev.sandtrace.event.ViolationEvent;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.Ptrace;
import dev.sandtrace.linux.Siginfo;
import dev.sandtrace.linux.Signals;
import dev.sandtrace.linux.SyscallInfo;
import dev.sandtrace.linux.TraceeMemory;
import dev.sandtrace.linux.WaitStatus;
import dev.sandtrace.linux.Waiter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wait loop. Runs on the thread that seized the root tracee, follows every fork, vfork,
 * clone and exec, decodes each syscall at entry and exit, delivers signals exactly as they
 * would arrive untraced, and emits events. It observes only: it never changes what a tracee does.
 */
public final class Tracer {
    private static final int SIGTRAP_SYSCALL = Signals.SIGTRAP | 0x80;

    /** How the root process ended. */
    public record Result(boolean exited, int exitCode, int signal, boolean coreDumped,
            boolean execFailed, int execErrno, boolean timedOut, boolean killed) {}

    private final Arch arch;
    private final EventSink sink;
    private final Clock clock;
    private final Decoder decoder;
    private final DnsSends dnsSends;
    private final SyscallInfo info;
    private final Waiter waiter;
    private final Map<Integer, Tracee> tracees = new HashMap<>();
    private final Set<Integer> live = ConcurrentHashMap.newKeySet();
    /**
     * New children stopped at their first stop until their parent's fork event has been read, so
     * that a trace never shows a process's syscalls before the line that says it was spawned.
     */
    private final java.util.List<Tracee> held = new java.util.ArrayList<>();

    private volatile boolean killing;
    private volatile String killReason;
    private volatile double timeoutSeconds;
    private boolean timeoutReported;

    private int rootPid;
    private boolean rootExeced;
    private Result rootResult;
    private long seq;

    private ViolationClassifier classifier;
    private SyscallFilter filter;
    private TracingMode mode = TracingMode.FULL;
    private long stops;

    /** SECCOMP only once the target's filter returns SECCOMP_RET_TRACE for what must be seen. */
    public void mode(TracingMode mode) {
        this.mode = mode;
    }

    /** ptrace stops handled so far: what tracing cost the tracees. */
    public long stops() {
        return stops;
    }

    /** Writes only the syscall events {@code filter} selects (strace -e trace=); null for all. */
    public void filter(SyscallFilter filter) {
        this.filter = filter;
    }

    private boolean rawConstants;

    /** strace -X raw: flags, enums and named constants shown as the numbers the kernel got. */
    public void rawConstants(boolean raw) {
        this.rawConstants = raw;
    }

    /** Labels failed syscalls of a sandboxed run; null (the default) for --trace-only. */
    public void classifyViolations(ViolationClassifier classifier) {
        this.classifier = classifier;
    }

    public Tracer(Arch arch, EventSink sink, Clock clock, int stringLimit) {
        this(arch, sink, clock, stringLimit, 0);
    }

    /** {@code fdDetail}: strace -y (1) and -yy (2), descriptors shown with what they refer to. */
    public Tracer(Arch arch, EventSink sink, Clock clock, int stringLimit, int fdDetail) {
        this.arch = arch;
        this.sink = sink;
        this.clock = clock;
        this.info = new SyscallInfo();
        this.waiter = new Waiter();
        TraceeMemory memory = new TraceeMemory();
        this.decoder = new Decoder(arch, memory, stringLimit, fdDetail);
        this.dnsSends = new DnsSends(memory);
    }

    /** Loads and initialises the decoder's tables ahead of use (see cli.Warmup). */
    public static void warmUp() {
        Signatures.table(Arch.host());
    }

    /** Makes a child that is still being set up known to {@link #killAll} (a timeout must reach it too). */
    public void track(int pid) {
        live.add(pid);
        if (killing) Libc.kill(pid, Signals.SIGKILL);
    }

    /** True once {@link #killAll} was called for the timeout. */
    public boolean timedOut() {
        return "timeout".equals(killReason);
    }

    /** Next event sequence number; the caller's header and summary share the numbering. */
    public long nextSeq() {
        return seq++;
    }

    /**
     * Traces {@code rootPid}, stopped with its execve loaded (see the sandbox launcher), until
     * no tracee is left. Must run on the thread that seized it.
     */
    public Result run(int rootPid) {
        this.rootPid = rootPid;
        Tracee root = new Tracee(rootPid, rootPid, 0);
        root.started = true;
        tracees.put(rootPid, root);
        live.add(rootPid);
        if (killing) Libc.kill(rootPid, Signals.SIGKILL);
        else resume(root, 0);
        loop();
        Result r = rootResult != null ? rootResult : new Result(false, 0, Signals.SIGKILL, false, false, 0, false, true);
        if (killReason != null && "timeout".equals(killReason)) {
            r = new Result(r.exited(), r.exitCode(), r.signal(), r.coreDumped(), r.execFailed(), r.execErrno(), true, true);
        }
        return r;
    }

    /**
     * Kills every tracee with SIGKILL; safe from any thread. {@code reason} "timeout" makes the
     * result a timeout.
     */
    public int killAll(String reason, double limitSeconds) {
        if (killReason == null) {
            killReason = reason;
            timeoutSeconds = limitSeconds;
        }
        killing = true;
        int n = 0;
        for (int tid : live) {
            if (Libc.kill(tid, Signals.SIGKILL) == 0) n++;
        }
        return n;
    }

    /** Events made by other threads (the egress proxy's), numbered and emitted by the tracer thread. */
    private final java.util.concurrent.ConcurrentLinkedQueue<java.util.function.LongFunction<dev.sandtrace.event.Event>> posted =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Hands an event to the trace from any thread: {@code make} gets its sequence number on the tracer's thread. */
    public void post(java.util.function.LongFunction<dev.sandtrace.event.Event> make) {
        posted.add(make);
    }

    /** Emits what other threads posted; on the tracer's thread, at each stop and once the run is over. */
    public void emitPosted() {
        for (java.util.function.LongFunction<dev.sandtrace.event.Event> make; (make = posted.poll()) != null; ) {
            sink.accept(make.apply(nextSeq()));
        }
    }

    private void loop() {
        while (true) {
            int tid = waiter.await(-1);
            if (!posted.isEmpty()) emitPosted();
            if (tid == 0) return; // ECHILD: nothing left to trace
            int status = waiter.status();
            if (killing && !timeoutReported && "timeout".equals(killReason)) {
                timeoutReported = true;
                sink.accept(new TimeoutEvent(nextSeq(), clock.now(), timeoutSeconds, live.size()));
            }
            if (WaitStatus.exited(status) || !WaitStatus.stopped(status)) {
                died(tid, status);
                continue;
            }
            stops++;
            Tracee t = tracees.get(tid);
            if (t == null) {
                // a new child whose first stop arrived before its parent's fork event
                t = new Tracee(tid, ProcStatus.tgid(tid), 0);
                t.unannounced = true;
                // who will announce it: a thread's own process, else the parent process
                t.creator = t.pid != tid ? t.pid : ProcStatus.ppid(tid);
                tracees.put(tid, t);
                live.add(tid);
            }
            if (killing) {
                Libc.kill(tid, Signals.SIGKILL);
                continue;
            }
            int sig = WaitStatus.stopSig(status);
            int event = WaitStatus.event(status);
            if (sig == SIGTRAP_SYSCALL) {
                syscallStop(t);
                resume(t, 0);
            } else if (event == Ptrace.PTRACE_EVENT_STOP) {
                if (Signals.isStopSignal(sig)) {
                    Ptrace.listen(tid); // group-stop: stay stopped until SIGCONT, as untraced
                } else {
                    t.started = true;
                    if (t.unannounced) held.add(t); // resumed by spawned(), or when its creator dies
                    else resume(t, 0);
                }
            } else if (event == Ptrace.PTRACE_EVENT_SECCOMP) {
                if (mode == TracingMode.SECCOMP) syscallStop(t);
                resume(t, 0);
            } else if (event != 0) {
                ptraceEvent(t, event);
                resume(t, 0);
            } else {
                signalDelivery(t, sig);
            }
        }
    }

    /** A false return (ESRCH) means killed while stopped: its death is reported by waitpid. */
    private void resume(Tracee t, int sig) {
        // in SECCOMP mode only a syscall the filter stopped at needs its exit stop
        if (mode == TracingMode.FULL || t.inSyscall) Ptrace.syscall(t.tid, sig);
        else Ptrace.cont(t.tid, sig);
    }

    private void syscallStop(Tracee t) {
        int op = Ptrace.syscallInfo(t.tid, info);
        // a seccomp stop is the syscall's entry, with the same nr and args
        if (op == SyscallInfo.PTRACE_SYSCALL_INFO_ENTRY || op == SyscallInfo.PTRACE_SYSCALL_INFO_SECCOMP) {
            syscallEntry(t);
        } else if (op == SyscallInfo.PTRACE_SYSCALL_INFO_EXIT) {
            if (t.inSyscall) syscallExit(t, info.rval(), info.isError());
        }
    }

    private void syscallEntry(Tracee t) {
        t.inSyscall = true;
        t.entryNs = clock.now();
        t.nr = (int) info.nr();
        t.arch = info.arch();
        for (int i = 0; i < 6; i++) t.raw[i] = info.arg(i);
        if (t.arch != arch.auditArch()) {
            // another ABI: i386 via int $0x80 is decoded with 32-bit-safe signatures, others stay raw
            t.signature = t.arch == dev.sandtrace.linux.X8664.AUDIT_ARCH_I386 ? decoder.i386Signature(t.nr) : null;
            decodeEntry(t);
            return;
        }
        t.signature = decoder.signature(t.nr);
        decodeEntry(t);
        if (t.args != null && t.signature != null && t.signature.category() == Category.PROCESS
                && (t.signature.name().equals("execve") || t.signature.name().equals("execveat"))) {
            int pathIdx = t.signature.name().equals("execve") ? 0 : 1;
            // pending until the exec event: a failed execve (a PATH search) must not relabel the process
            t.pendingExecPath = t.args[pathIdx] instanceof Arg.Str s && s.bytes() != null
                    ? new String(s.bytes(), StandardCharsets.UTF_8) : null;
            t.pendingExecArgv = decoder.argvStrings(t.pid, t.raw[pathIdx + 1]);
        }
    }

    /**
     * The tracee chose every byte a decoder reads: should one still fail, the event keeps its raw
     * arguments and says why in decode_error, and the run goes on.
     */
    private void decodeEntry(Tracee t) {
        t.decodeError = null;
        try {
            t.args = t.signature != null ? decoder.entry(t.pid, t.signature, t.raw) : null;
        } catch (RuntimeException | StackOverflowError e) {
            t.args = null;
            t.decodeError = "decoding the arguments failed: " + e;
        }
    }

    private void syscallExit(Tracee t, long ret, boolean error) {
        if (classifier != null && (t.arch != arch.auditArch() || t.signature != null && classifier.killsOn(t.signature.name(), t.raw))) {
            // the filter kills these (another ABI, or the kill action): the call never returns and
            // the exit stop on the way out carries no result; reported unfinished at the death
            return;
        }
        t.inSyscall = false;
        int errno = error ? (int) -ret : 0;
        if (t.args != null) {
            try {
                decoder.exit(t.pid, t.signature, t.raw, t.args, ret, error);
            } catch (RuntimeException | StackOverflowError e) {
                t.args = null;
                t.decodeError = "decoding the results failed: " + e;
            }
        }
        SyscallEvent event = emitSyscall(t, ret, errno, true);
        if (errno == 0 && t.signature != null && DNS_SENDS.contains(t.signature.name())) {
            try {
                dnsQueries(t, event, ret);
            } catch (RuntimeException e) {
                // a DNS query is an extra: without it the trace is still whole
            }
        }
        if (classifier != null && (errno != 0 || t.signature != null && t.signature.name().startsWith("open"))) {
            ViolationClassifier.Verdict v = classifier.classify(event);
            if (v != null) {
                sink.accept(new ViolationEvent(nextSeq(), clock.now(), t.pid, t.tid, event.name(), v.layer(),
                        errno != 0 ? dev.sandtrace.linux.Errno.name(errno) : null, v.target(), v.reason(), event.seq(), null));
            }
        }
        if (t.tid == rootPid && !rootExeced && isExec(t) && error) {
            // the target could not be executed: nothing of it ever ran
            rootResult = new Result(false, 0, 0, false, true, errno, false, false);
            Libc.kill(t.tid, Signals.SIGKILL);
        }
    }

    /** The sends a DNS query can be in; writev only with two or four iovecs, as DNS over TCP is written ([length][query], twice). */
    private static final java.util.Set<String> DNS_SENDS = java.util.Set.of("sendto", "sendmsg", "sendmmsg", "writev");

    private void dnsQueries(Tracee t, SyscallEvent sent, long ret) {
        if (t.signature.name().equals("writev") && t.raw[2] != 2 && t.raw[2] != 4) return;
        for (dev.sandtrace.tracer.DnsQuery q : dnsSends.of(t.pid, t.signature.name(), t.raw, ret)) {
            sink.accept(new dev.sandtrace.event.DnsEvent(nextSeq(), clock.now(), t.pid, t.tid, t.signature.name(), sent.seq(),
                    q.name(), q.type(), q.transport()));
        }
    }

    private static boolean isExec(Tracee t) {
        return t.signature != null && (t.signature.name().equals("execve") || t.signature.name().equals("execveat"));
    }

    private SyscallEvent emitSyscall(Tracee t, long ret, int errno, boolean finished) {
        String name = displayName(t);
        List<String> names;
        List<Arg> args;
        if (t.args == null) {
            names = Decoder.RAW_NAMES;
            args = new ArrayList<>(6);
            for (long v : t.raw) args.add(new Arg.Hex(v, false));
        } else {
            names = new ArrayList<>(t.args.length);
            args = new ArrayList<>(t.args.length);
            List<String> all = t.signature != null ? t.signature.argNames() : Decoder.RAW_NAMES;
            for (int i = 0; i < t.args.length; i++) {
                if (t.args[i] == Decoder.OMITTED) continue;
                names.add(all.get(i));
                Arg a = t.args[i] == null ? Decoder.pointer(t.raw[t.signature != null ? t.signature.args()[i].raw() : i]) : t.args[i];
                args.add(rawConstants ? Decoder.raw(a) : a);
            }
        }
        Arg retArg = null;
        if (finished) {
            retArg = errno == 0 && t.signature != null && t.signature.hexReturn() ? new Arg.Hex(ret, false) : new Arg.Num(ret);
            try {
                Arg fd = errno == 0 && t.signature != null ? decoder.fdReturn(t.pid, t.signature.name(), ret) : null;
                if (fd != null) retArg = fd;
                Arg shown = errno == 0 && t.signature != null ? decoder.returnValue(t.pid, t.signature, t.raw, ret) : null;
                if (shown != null) retArg = rawConstants ? Decoder.raw(shown) : shown;
            } catch (RuntimeException | StackOverflowError e) {
                t.decodeError = "decoding the return value failed: " + e;
            }
        }
        Category category = t.signature != null ? category(t.signature, t.raw) : Category.OTHER;
        long now = clock.now();
        boolean selected = filter == null || filter.selects(t.nr, t.arch == arch.auditArch());
        SyscallEvent event = new SyscallEvent(selected ? nextSeq() : -1, t.entryNs, t.pid, t.tid, name, t.nr, archName(t.arch),
                Arrays.copyOf(t.raw, 6), names, args, retArg, ret, errno, finished ? now - t.entryNs : -1,
                category, finished, t.decodeError);
        if (selected) sink.accept(event);
        return event;
    }

    /** An open for writing (or creating) is a write, though open(2) is filed with the reads. */
    private static Category category(Signatures.Signature s, long[] raw) {
        int flagsArg = switch (s.name()) {
            case "open" -> 1;
            case "openat" -> 2;
            default -> -1;
        };
        if (flagsArg < 0) return s.category();
        long f = raw[flagsArg];
        boolean writes = (f & 3) != 0 || (f & (0100 | 01000 | 020000000)) != 0; // O_CREAT, O_TRUNC, O_TMPFILE
        return writes ? Category.FILE_WRITE : s.category();
    }

    private String displayName(Tracee t) {
        if (t.arch == arch.auditArch()) return arch.syscallName(t.nr);
        return t.arch == dev.sandtrace.linux.X8664.AUDIT_ARCH_I386 ? dev.sandtrace.linux.X8664.i386SyscallName(t.nr) : "syscall_" + t.nr;
    }

    private String archName(int audit) {
        return audit == arch.auditArch() ? arch.name() : audit == 0x40000003 ? "i386" : "0x" + Integer.toHexString(audit);
    }

    private void ptraceEvent(Tracee t, int event) {
        switch (event) {
            case Ptrace.PTRACE_EVENT_FORK, Ptrace.PTRACE_EVENT_VFORK, Ptrace.PTRACE_EVENT_CLONE -> spawned(t, event);
            case Ptrace.PTRACE_EVENT_EXEC -> execed(t);
            default -> { }
        }
    }

    private void spawned(Tracee parent, int event) {
        int child = (int) Ptrace.eventMessage(parent.tid);
        if (child == Ptrace.GONE) return; // the parent was killed meanwhile; the child reports itself
        boolean thread = event == Ptrace.PTRACE_EVENT_CLONE && (cloneFlags(parent) & Flags.CLONE_THREAD) != 0;
        Tracee c = tracees.get(child);
        if (c == null) {
            c = new Tracee(child, child, 0);
            tracees.put(child, c);
            live.add(child);
        }
        c.pid = thread ? parent.pid : child;
        c.parentPid = thread ? parent.parentPid : parent.pid;
        // the child may already have run (its stops can arrive before this event): keep its own exec
        if (c.execPath == null) c.execPath = parent.execPath;
        String via = switch (event) {
            case Ptrace.PTRACE_EVENT_FORK -> "fork";
            case Ptrace.PTRACE_EVENT_VFORK -> "vfork";
            default -> thread ? "thread" : "clone";
        };
        sink.accept(ProcessEvent.spawned(nextSeq(), clock.now(), parent.pid, parent.tid, child, via));
        c.unannounced = false;
        if (held.remove(c)) resume(c, 0);
    }

    /** The flags of the clone in progress: clone's first argument, or clone_args.flags of clone3. */
    private long cloneFlags(Tracee parent) {
        if (!parent.inSyscall || parent.signature == null) return 0;
        return switch (parent.signature.name()) {
            case "clone" -> parent.raw[0];
            case "clone3" -> decoder.readLong(parent.pid, parent.raw[0]);
            default -> 0;
        };
    }

    private void execed(Tracee t) {
        int former = (int) Ptrace.eventMessage(t.tid);
        if (former == Ptrace.GONE) return; // killed right after its exec: the death follows
        if (former != t.tid) {
            // a non-leader thread exec'd: it takes over the leader's tid, the old leader vanishes silently
            Tracee execing = tracees.remove(former);
            live.remove(former);
            if (execing != null) {
                execing.tid = t.tid;
                execing.pid = t.tid;
                tracees.put(t.tid, execing);
                t = execing;
            }
        }
        if (t.tid == rootPid) rootExeced = true;
        t.execPath = t.pendingExecPath;
        sink.accept(ProcessEvent.exec(nextSeq(), clock.now(), t.pid, former,
                t.execPath != null ? t.execPath : "", t.pendingExecArgv != null ? t.pendingExecArgv : List.of()));
        t.pendingExecArgv = null;
    }

    private void signalDelivery(Tracee t, int sig) {
        Siginfo si = Ptrace.siginfo(t.tid);
        int senderPid = -1, senderUid = -1;
        long addr = -1;
        int code = 0;
        String codeName = "";
        if (si != null) {
            code = si.code();
            codeName = si.codeName();
            if (si.fromProcess()) { senderPid = si.pid(); senderUid = si.uid(); }
            if (si.isFault()) addr = si.addr();
        }
        sink.accept(new SignalEvent(nextSeq(), clock.now(), t.pid, t.tid, sig, code, codeName, senderPid, senderUid, addr));
        resume(t, sig); // re-inject: the tracee gets the signal exactly as untraced
    }

    private void died(int tid, int status) {
        Tracee t = tracees.remove(tid);
        live.remove(tid);
        // a parent killed before its fork event was read never announces its children: let them
        // go (only its own: another tracee's death says nothing about a fork still to be reported)
        int deadPid = t != null ? t.pid : tid;
        for (var it = held.iterator(); it.hasNext(); ) {
            Tracee h = it.next();
            if (h == t || h.creator == tid || h.creator == deadPid || !live.contains(h.creator)) {
                it.remove();
                h.unannounced = false;
                if (h != t) resume(h, 0);
            }
        }
        if (t == null) return;
        // the syscall it is in: the one a SIGSYS from the filter is about (unknown when not traced)
        String pending = t.inSyscall ? displayName(t) : "";
        if (t.inSyscall) emitSyscall(t, 0, 0, false);
        long now = clock.now();
        boolean exited = WaitStatus.exited(status);
        if (exited) {
            sink.accept(ProcessEvent.exited(nextSeq(), now, t.pid, tid, WaitStatus.exitStatus(status)));
        } else {
            int sig = WaitStatus.termSig(status);
            sink.accept(ProcessEvent.signaled(nextSeq(), now, t.pid, tid, sig, WaitStatus.coreDumped(status)));
            if (sig == Signals.SIGSYS && classifier != null) {
                sink.accept(new ViolationEvent(nextSeq(), now, t.pid, tid, pending, "seccomp", null, null,
                        "killed by SIGSYS: a syscall the seccomp filter kills (another architecture, or the kill action)", -1, null));
            }
        }
        if (tid == rootPid && rootResult == null) {
            rootResult = exited
                    ? new Result(true, WaitStatus.exitStatus(status), 0, false, false, 0, false, killing)
                    : new Result(false, 0, WaitStatus.termSig(status), WaitStatus.coreDumped(status), false, 0, false, killing);
        }
    }

}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signals. */
final class SignalSyscalls {
    private SignalSyscalls() {}

    private static final int SIGILL = 4, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11, SIGCHLD = 17, CLD_EXITED = 1;
    private static final int SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3;
    /** User-space clock ticks per second (USER_HZ): si_utime and si_stime count them. */
    private static final int USER_HZ = 100;
    /**
     * Where rt_sigreturn finds the mask to restore, from the stack pointer at its entry: the
     * handler's return popped pretcode, so the rt_sigframe is 8 bytes below; its ucontext
     * follows pretcode, and uc_sigmask follows uc_flags, uc_link, uc_stack and the 256-byte sigcontext.
     */
    private static final int SIGFRAME_MASK_OFFSET = -8 + 8 + 8 + 8 + 24 + 256;

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {
        r.decoder("sigaction", ArgDecoder.in((d, pid, v, raw) -> sigaction(d, pid, v)));
        r.decoder("sigaction_out", ArgDecoder.out((d, pid, v, raw, ret) -> sigaction(d, pid, v)));
        r.decoder("siginfo", ArgDecoder.in((d, pid, v, raw) -> siginfo(d, pid, v)));
        r.decoder("siginfo_out", ArgDecoder.out((d, pid, v, raw, ret) -> siginfo(d, pid, v)));
        r.decoder("stack_t", ArgDecoder.in((d, pid, v, raw) -> stack(d, pid, v)));
        r.decoder("stack_t_out", ArgDecoder.out((d, pid, v, raw, ret) -> stack(d, pid, v)));
        r.decoder("itimerval", ArgDecoder.in((d, pid, v, raw) -> itimerval(d, pid, v)));
        r.decoder("itimerval_out", ArgDecoder.out((d, pid, v, raw, ret) -> itimerval(d, pid, v)));
        r.decoder("sfd_flags", Flags.arg(Flags.SFD, "SFD_"));
        r.decoder("sigframe", (d, pid, v, raw) -> sigframe(d, pid));
    }

    static void signatures(Signatures.Registry r) {
        Category S = Category.SIGNAL;
        r.sig("kill", S, "pid:INT", "sig:SIGNAL");
        r.sig("tkill", S, "tid:INT", "sig:SIGNAL");
        r.sig("tgkill", S, "tgid:INT", "tid:INT", "sig:SIGNAL");
        r.sig("rt_sigaction", S, "signum:SIGNAL", "act:sigaction", "oldact:sigaction_out", "sigsetsize:ULONG");
        r.sig("rt_sigprocmask", S, "how:ENUM:sigprocmask", "set:sigset@3", "oldset:sigset_out@3", "sigsetsize:ULONG");
        r.sig("rt_sigpending", S, "set:sigset_out", "sigsetsize:ULONG");
        r.sig("rt_sigsuspend", S, "mask:sigset@1", "sigsetsize:ULONG");
        r.sig("rt_sigtimedwait", S, "set:sigset@3", "info:siginfo_out", "timeout:timespec", "sigsetsize:ULONG");
        r.sig("rt_sigqueueinfo", S, "tgid:INT", "sig:SIGNAL", "info:siginfo");
        r.sig("rt_tgsigqueueinfo", S, "tgid:INT", "tid:INT", "sig:SIGNAL", "info:siginfo");
        r.sig("rt_sigreturn", S, "frame:sigframe");
        r.sig("sigaltstack", S, "ss:stack_t", "old_ss:stack_t_out");
        r.sig("alarm", S, "seconds:INT");
        r.sig("pause", S);
        r.sig("signalfd4", S, "fd:FD", "mask:sigset", "sizemask:ULONG", "flags:sfd_flags");
        r.sig("signalfd", S, "fd:FD", "mask:sigset", "sizemask:ULONG");
        r.sig("setitimer", S, "which:ENUM:itimer", "new_value:itimerval", "old_value:itimerval_out");
        r.sig("getitimer", S, "which:ENUM:itimer", "curr_value:itimerval_out");
        r.returns("rt_sigtimedwait", (d, pid, raw, ret) -> ProcessSyscalls.named(ret, CommonStructs.signalName((int) ret)));
    }

    /** The kernel's struct sigaction (rt_sigaction(2)): sa_restorer only when SA_RESTORER says there is one. */
    private static Arg sigaction(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 32);
        if (b == null) return Decoder.unreadable(address);
        long handler = b.getLong(0), flags = b.getLong(8);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("sa_handler", handler == 0 ? new Arg.Sym("SIG_DFL", 0) : handler == 1 ? new Arg.Sym("SIG_IGN", 1)
                : new Arg.Hex(handler, false));
        f.put("sa_mask", CommonStructs.sigset(b.getLong(24)));
        f.put("sa_flags", new Arg.Sym(Flags.SA.render(flags), flags));
        if ((flags & Flags.SA_RESTORER) != 0) f.put("sa_restorer", Decoder.pointer(b.getLong(16)));
        return new Arg.Struct(f);
    }

    /**
     * siginfo_t (sigaction(2)): the union member the signal and si_code select, as strace
     * prints it; {@code {}} for an empty one (waitid with WNOHANG and nothing to report).
     */
    private static Arg siginfo(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 48);
        if (b == null) return Decoder.unreadable(address);
        int signo = b.getInt(0), errno = b.getInt(4), code = b.getInt(8);
        Map<String, Arg> f = new LinkedHashMap<>();
        if (signo == 0) return new Arg.Struct(f);
        f.put("si_signo", CommonStructs.signal(signo));
        if (errno != 0) f.put("si_errno", new Arg.Num(errno));
        boolean fromKernel = code > 0;
        String table = fromKernel && signo == SIGCHLD ? "cld_code" : "si_code";
        String codeName = Enums.name(table, code);
        f.put("si_code", codeName != null ? new Arg.Sym(codeName, code) : new Arg.Num(code));
        if (!fromKernel) {
            if (code == SI_TIMER) {
                f.put("si_timerid", new Arg.Hex(b.getInt(16) & 0xffffffffL, false));
                f.put("si_overrun", new Arg.Num(b.getInt(20)));
            } else {
                f.put("si_pid", new Arg.Num(b.getInt(16)));
                f.put("si_uid", new Arg.Num(b.getInt(20) & 0xffffffffL));
            }
            if (code == SI_QUEUE || code == SI_TIMER || code == SI_MESGQ) {
                f.put("si_int", new Arg.Num(b.getInt(24)));
                f.put("si_ptr", Decoder.pointer(b.getLong(24)));
            }
        } else if (signo == SIGCHLD) {
            f.put("si_pid", new Arg.Num(b.getInt(16)));
            f.put("si_uid", new Arg.Num(b.getInt(20) & 0xffffffffL));
            int status = b.getInt(24);
            f.put("si_status", code == CLD_EXITED ? new Arg.Num(status) : CommonStructs.signal(status));
            f.put("si_utime", ticks(b.getLong(32)));
            f.put("si_stime", ticks(b.getLong(40)));
        } else if (signo == SIGILL || signo == SIGFPE || signo == SIGSEGV || signo == SIGBUS) {
            f.put("si_addr", Decoder.pointer(b.getLong(16)));
        }
        return new Arg.Struct(f);
    }

    /** Clock ticks with strace's seconds comment: {@code 150 /* 1.50 s *\/}. */
    private static Arg ticks(long t) {
        if (t == 0) return new Arg.Num(0);
        return new Arg.Expr(t + " /* " + t / USER_HZ + "." + String.format("%02d", Math.abs(t % USER_HZ)) + " s */", t);
    }

    /** stack_t (sigaltstack(2)). */
    private static Arg stack(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 24);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("ss_sp", Decoder.pointer(b.getLong(0)));
        int flags = b.getInt(8);
        f.put("ss_flags", new Arg.Sym(Flags.render(Flags.SS, flags & 0xffffffffL, "SS_"), flags));
        f.put("ss_size", new Arg.Num(b.getLong(16)));
        return new Arg.Struct(f);
    }

    /** struct itimerval (setitimer(2)): two timevals. */
    private static Arg itimerval(Decoder d, int pid, long address) {
        if (d.struct(pid, address, 32) == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("it_interval", CommonStructs.timeval(d, pid, address));
        f.put("it_value", CommonStructs.timeval(d, pid, address + 16));
        return new Arg.Struct(f);
    }

    /**
     * rt_sigreturn(2) takes no argument; strace shows the signal mask it is about to restore,
     * read from the signal frame on the stack. The stack pointer comes from /proc/PID/syscall
     * (number, six arguments, stack pointer, program counter) at this syscall-entry stop.
     */
    private static Arg sigframe(Decoder d, int pid) {
        long sp;
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Integer.toString(pid), "syscall")).trim().split(" ");
            if (f.length < 9) return Decoder.OMITTED;
            sp = Long.parseUnsignedLong(f[7].substring(2), 16);
        } catch (java.io.IOException | RuntimeException gone) {
            return Decoder.OMITTED;
        }
        ByteBuffer b = d.struct(pid, sp + SIGFRAME_MASK_OFFSET, 8);
        if (b == null) return Decoder.OMITTED;
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("mask", CommonStructs.sigset(b.getLong(0)));
        return new Arg.Struct(f);
    }
}

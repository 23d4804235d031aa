package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * ptrace(2). All requests for a tracee must come from the thread that seized it.
 * Requests and options are named as in {@code <sys/ptrace.h>}.
 */
public final class Ptrace {
    private Ptrace() {}


    public static final int PTRACE_PEEKTEXT = 1;
    public static final int PTRACE_CONT = 7;
    public static final int PTRACE_GETREGS = 12;
    public static final int PTRACE_SETREGS = 13;
    public static final int PTRACE_DETACH = 17;
    public static final int PTRACE_SYSCALL = 24;
    public static final int PTRACE_SETOPTIONS = 0x4200;
    public static final int PTRACE_GETEVENTMSG = 0x4201;
    public static final int PTRACE_GETSIGINFO = 0x4202;
    public static final int PTRACE_SEIZE = 0x4206;
    public static final int PTRACE_INTERRUPT = 0x4207;
    public static final int PTRACE_LISTEN = 0x4208;
    public static final int PTRACE_GET_SYSCALL_INFO = 0x420e;

    public static final int PTRACE_O_TRACESYSGOOD = 0x1;
    public static final int PTRACE_O_TRACEFORK = 0x2;
    public static final int PTRACE_O_TRACEVFORK = 0x4;
    public static final int PTRACE_O_TRACECLONE = 0x8;
    public static final int PTRACE_O_TRACEEXEC = 0x10;
    public static final int PTRACE_O_TRACESECCOMP = 0x80;
    public static final int PTRACE_O_EXITKILL = 0x100000;

    public static final int PTRACE_EVENT_FORK = 1;
    public static final int PTRACE_EVENT_VFORK = 2;
    public static final int PTRACE_EVENT_CLONE = 3;
    public static final int PTRACE_EVENT_EXEC = 4;
    public static final int PTRACE_EVENT_VFORK_DONE = 5;
    public static final int PTRACE_EVENT_EXIT = 6;
    public static final int PTRACE_EVENT_SECCOMP = 7;
    public static final int PTRACE_EVENT_STOP = 128;

    /** Options every sandtrace tracee gets, from the first instruction of the target on. */
    public static final int TRACER_OPTIONS = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK
            | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;

    /** The raw system call (not glibc's wrapper): PEEK requests store the word at {@code data}. */
    private static long raw(int request, int pid, long addr, long data) {
        return Syscall.raw(Syscall.PTRACE, request, pid, addr, data);
    }

    private static long call(String name, int request, int pid, long addr, long data) {
        long r = raw(request, pid, addr, data);
        if (r == -1) throw new LinuxException("ptrace(" + name + ")", Native.errno());
        return r;
    }

    public static void seize(int pid, int options) {
        call("PTRACE_SEIZE", PTRACE_SEIZE, pid, 0, options);
    }

    public static void interrupt(int pid) {
        call("PTRACE_INTERRUPT", PTRACE_INTERRUPT, pid, 0, 0);
    }

    /**
     * Resumes to the next syscall stop, delivering {@code signal} (0 for none).
     * Returns false when the tracee is gone (ESRCH): it was killed while stopped.
     */
    public static boolean syscall(int pid, int signal) {
        return resume(PTRACE_SYSCALL, "PTRACE_SYSCALL", pid, signal);
    }

    public static boolean cont(int pid, int signal) {
        return resume(PTRACE_CONT, "PTRACE_CONT", pid, signal);
    }

    /** Leaves a tracee in its group-stop while still reporting the SIGCONT that ends it. */
    public static boolean listen(int pid) {
        return resume(PTRACE_LISTEN, "PTRACE_LISTEN", pid, 0);
    }

    private static boolean resume(int request, String name, int pid, int signal) {
        long r = raw(request, pid, 0, signal);
        if (r == -1) {
            int errno = Native.errno();
            if (errno == 3 /* ESRCH */) return false;
            throw new LinuxException("ptrace(" + name + ")", errno);
        }
        return true;
    }

    /** Per-thread scratch for requests that write a word or a siginfo_t. */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.global().allocate(128, 8));

    /** Returned by the requests below when the tracee is gone (ESRCH: killed while stopped). */
    public static final int GONE = -1;

    /**
     * PTRACE_GETEVENTMSG: the new pid of a fork event, the former tid of an exec event;
     * {@link #GONE} when the tracee was killed meanwhile (its death is reported by waitpid).
     */
    public static long eventMessage(int pid) {
        MemorySegment scratch = SCRATCH.get();
        if (raw(PTRACE_GETEVENTMSG, pid, 0, scratch.address()) == -1) {
            int errno = Native.errno();
            if (errno == 3 /* ESRCH */) return GONE;
            throw new LinuxException("ptrace(PTRACE_GETEVENTMSG)", errno);
        }
        return scratch.get(JAVA_LONG, 0);
    }

    /**
     * PTRACE_GET_SYSCALL_INFO into {@code info}; returns the op (entry, exit, seccomp, none), or
     * {@link #GONE} when the tracee was killed meanwhile.
     */
    public static int syscallInfo(int pid, SyscallInfo info) {
        long r = raw(PTRACE_GET_SYSCALL_INFO, pid, info.segment().byteSize(), info.segment().address());
        if (r == -1) {
            int errno = Native.errno();
            if (errno == 3 /* ESRCH */) return GONE;
            throw new LinuxException("ptrace(PTRACE_GET_SYSCALL_INFO)", errno);
        }
        return info.op();
    }

    /** PTRACE_GETSIGINFO of a signal-delivery stop; null when the tracee is gone. */
    public static Siginfo siginfo(int pid) {
        MemorySegment s = SCRATCH.get();
        long r = raw(PTRACE_GETSIGINFO, pid, 0, s.address());
        if (r == -1) return null;
        return new Siginfo(s.get(JAVA_INT, 0), s.get(JAVA_INT, 4), s.get(JAVA_INT, 8), s.get(JAVA_INT, 16),
                s.get(JAVA_INT, 20), s.get(JAVA_LONG, 16));
    }

    public static void getRegs(int pid, MemorySegment regs) {
        call("PTRACE_GETREGS", PTRACE_GETREGS, pid, 0, regs.address());
    }

    public static void setRegs(int pid, MemorySegment regs) {
        call("PTRACE_SETREGS", PTRACE_SETREGS, pid, 0, regs.address());
    }

    /** PTRACE_PEEKTEXT: one word of the tracee's code. */
    public static long peekText(int pid, long address) {
        MemorySegment word = SCRATCH.get();
        call("PTRACE_PEEKTEXT", PTRACE_PEEKTEXT, pid, address, word.address());
        return word.get(JAVA_LONG, 0);
    }
}

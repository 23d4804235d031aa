package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Process-level calls. Each method's Javadoc names its man page. */
public final class Libc {
    private Libc() {}

    /** clone needs glibc's wrapper: it sets up the child's stack and calls fn there. */
    private static final MethodHandle clone$mh = Native.errnoHandle("clone",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));

    /** waitpid(2) option: wait for all children, clone or not. */
    public static final int __WALL = 0x40000000;
    /** waitpid(2) option: only this thread's children (keeps ProcessBuilder children out). */
    public static final int __WNOTHREAD = 0x20000000;
    public static final int WNOHANG = 1;

    public static final int SIG_BLOCK = 0;
    public static final int SIG_SETMASK = 2;

    /** Size of the kernel's sigset_t, as rt_sigprocmask(2) wants it. */
    public static final int KERNEL_SIGSET_SIZE = 8;

    /** RLIM_INFINITY of {@code <sys/resource.h>}. */
    public static final long RLIM_INFINITY = -1L;

    private static final long TCGETS = 0x5401;

    /** waitpid(2) (as wait4(2)); returns the pid whose state changed, the raw status in {@code status}. */
    public static int waitpid(int pid, MemorySegment status, int options) {
        return (int) Syscall.call("waitpid", Syscall.WAIT4, pid, status.address(), options, 0);
    }

    /** kill(2); returns errno (0 on success) because callers decide whether ESRCH matters. */
    public static int kill(int pid, int sig) {
        return Syscall.raw(Syscall.KILL, pid, sig, 0, 0) == -1 ? Native.errno() : 0;
    }

    /**
     * clone(2), glibc wrapper: the child runs {@code fn(arg)} on {@code stackTop}.
     * Only native code may run in the child: pass a libc function such as pause(2).
     */
    public static int clone(MemorySegment fn, MemorySegment stackTop, int flags, MemorySegment arg) {
        try {
            int r = (int) clone$mh.invokeExact(Native.capture(), fn, stackTop, flags, arg);
            if (r == -1) throw new LinuxException("clone", Native.errno());
            return r;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** rt_sigprocmask(2) for the calling thread; kernel sigsets are 8 bytes. */
    public static void sigprocmask(int how, MemorySegment set, MemorySegment oldSet) {
        Syscall.call("rt_sigprocmask", Syscall.RT_SIGPROCMASK, how, set.address(), oldSet.address(), KERNEL_SIGSET_SIZE);
    }

    /** isatty(3), as the TCGETS ioctl(2) it is. */
    public static boolean isatty(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(64, 8);
            return Syscall.raw(Syscall.IOCTL, fd, TCGETS, termios.address(), 0) == 0;
        }
    }

    /** getuid(2). */
    public static int getuid() {
        return (int) Syscall.raw(Syscall.GETUID, 0, 0, 0, 0);
    }

    /** geteuid(2). */
    public static int geteuid() {
        return (int) Syscall.raw(Syscall.GETEUID, 0, 0, 0, 0);
    }

    /** getgid(2). */
    public static int getgid() {
        return (int) Syscall.raw(Syscall.GETGID, 0, 0, 0, 0);
    }

    /** getpid(2). */
    public static int getpid() {
        return (int) Syscall.raw(Syscall.GETPID, 0, 0, 0, 0);
    }

    /**
     * prlimit(2): sets resource {@code resource} (RLIMIT_*) of process {@code pid} from outside, and
     * returns the previous {soft, hard} limits.
     */
    public static long[] prlimit(int pid, int resource, long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(16, 8);
            MemorySegment old = arena.allocate(16, 8);
            next.set(JAVA_LONG, 0, soft);
            next.set(JAVA_LONG, 8, hard);
            Syscall.call("prlimit", Syscall.PRLIMIT64, pid, resource, next.address(), old.address());
            return new long[] {old.get(JAVA_LONG, 0), old.get(JAVA_LONG, 8)};
        }
    }

    /** prlimit(2) as a query: the {soft, hard} limits of {@code resource} of process {@code pid}. */
    public static long[] getPrlimit(int pid, int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(16, 8);
            Syscall.call("prlimit", Syscall.PRLIMIT64, pid, resource, 0, old.address());
            return new long[] {old.get(JAVA_LONG, 0), old.get(JAVA_LONG, 8)};
        }
    }

    /** uname(2): the kernel release, e.g. "6.18.44". */
    public static String kernelRelease() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(6 * 65);
            Syscall.call("uname", Syscall.UNAME, buf.address(), 0, 0, 0);
            return buf.getString(2 * 65);
        }
    }

    /** Address of a libc function, e.g. pause(2) as a clone entry point. */
    public static MemorySegment function(String name) {
        return Native.symbol(name);
    }

    /**
     * Finds the first {@code syscall} instruction (x86_64: 0f 05) in the first bytes of a libc
     * function. A cloned child shares libc's mapping at the same address, so this is where an
     * injected system call can be executed.
     */
    public static long findInstruction(String function, byte[] insn, int searchBytes) {
        MemorySegment code = Native.symbol(function).reinterpret(searchBytes);
        outer:
        for (int i = 0; i + insn.length <= searchBytes; i++) {
            for (int j = 0; j < insn.length; j++) {
                if (code.get(JAVA_BYTE, i + j) != insn[j]) continue outer;
            }
            return code.address() + i;
        }
        throw new IllegalStateException("no syscall instruction in the first " + searchBytes + " bytes of " + function);
    }
}

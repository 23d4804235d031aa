package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Process-level libc calls. Each method's Javadoc names its man page. */
public final class Libc {
    private Libc() {}

    private static final MethodHandle waitpid$mh = Native.errnoHandle("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle kill$mh = Native.errnoHandle("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle clone$mh = Native.errnoHandle("clone",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle pthread_sigmask$mh = Native.handle("pthread_sigmask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle isatty$mh = Native.handle("isatty",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle uname$mh = Native.errnoHandle("uname",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle prlimit$mh = Native.errnoHandle("prlimit",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle getuid$mh = Native.handle("getuid",
            FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getpid$mh = Native.handle("getpid",
            FunctionDescriptor.of(JAVA_INT));

    /** waitpid(2) option: wait for all children, clone or not. */
    public static final int __WALL = 0x40000000;
    /** waitpid(2) option: only this thread's children (keeps ProcessBuilder children out). */
    public static final int __WNOTHREAD = 0x20000000;
    public static final int WNOHANG = 1;

    public static final int SIG_BLOCK = 0;
    public static final int SIG_SETMASK = 2;

    /** Size of the kernel's sigset_t, as rt_sigprocmask(2) wants it. */
    public static final int KERNEL_SIGSET_SIZE = 8;
    /** Size of glibc's sigset_t. */
    public static final int GLIBC_SIGSET_SIZE = 128;

    /** waitpid(2); returns the pid whose state changed, the raw status in {@code status}. */
    public static int waitpid(int pid, MemorySegment status, int options) {
        try {
            int r = (int) waitpid$mh.invokeExact(Native.capture(), pid, status, options);
            if (r == -1) throw new LinuxException("waitpid", Native.errno());
            return r;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** kill(2); returns errno (0 on success) because callers decide whether ESRCH matters. */
    public static int kill(int pid, int sig) {
        try {
            int r = (int) kill$mh.invokeExact(Native.capture(), pid, sig);
            return r == -1 ? Native.errno() : 0;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
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

    /** pthread_sigmask(3); returns the error number like the function does. */
    public static void pthreadSigmask(int how, MemorySegment set, MemorySegment oldSet) {
        try {
            int r = (int) pthread_sigmask$mh.invokeExact(how, set, oldSet);
            if (r != 0) throw new LinuxException("pthread_sigmask", r);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** isatty(3). */
    public static boolean isatty(int fd) {
        try {
            return (int) isatty$mh.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** getpid(2). */
    public static int getpid() {
        try {
            return (int) getpid$mh.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** RLIM_INFINITY of {@code <sys/resource.h>}. */
    public static final long RLIM_INFINITY = -1L;

    /**
     * prlimit(2): sets resource {@code resource} (RLIMIT_*) of process {@code pid} from outside, and
     * returns the previous {soft, hard} limits.
     */
    public static long[] prlimit(int pid, int resource, long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(16, 8);
            MemorySegment old = arena.allocate(16, 8);
            next.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, soft);
            next.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, hard);
            int r = (int) prlimit$mh.invokeExact(Native.capture(), pid, resource, next, old);
            if (r == -1) throw new LinuxException("prlimit", Native.errno());
            return new long[] {old.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0), old.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8)};
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** getuid(2). */
    public static int getuid() {
        try {
            return (int) getuid$mh.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** uname(2): the kernel release, e.g. "6.18.44". */
    public static String kernelRelease() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(6 * 65);
            int r = (int) uname$mh.invokeExact(Native.capture(), buf);
            if (r == -1) throw new LinuxException("uname", Native.errno());
            return buf.getString(2 * 65);
        } catch (Throwable t) {
            throw Native.rethrow(t);
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

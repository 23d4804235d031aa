package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * syscall(2): libc's generic system call entry, the one downcall almost every binding goes
 * through. One function shape means one FFM downcall stub to generate at start-up instead of
 * one per libc function (each costs several milliseconds of class spinning in a cold JVM), and
 * the raw kernel interface is what a tracer reasons about anyway. Numbers are the host's.
 */
final class Syscall {
    private Syscall() {}

    private static final MethodHandle syscall$mh = Native.errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private static final Arch HOST = Arch.host();

    static final long WAIT4 = nr("wait4"), KILL = nr("kill"), PTRACE = nr("ptrace"), PROCESS_VM_READV = nr("process_vm_readv"),
            PRLIMIT64 = nr("prlimit64"), UNAME = nr("uname"), GETUID = nr("getuid"), GETEUID = nr("geteuid"), GETGID = nr("getgid"), GETPID = nr("getpid"),
            RT_SIGPROCMASK = nr("rt_sigprocmask"), IOCTL = nr("ioctl");

    static long nr(String name) {
        int n = HOST.syscallNumber(name);
        if (n < 0) throw new IllegalStateException("no syscall " + name + " on " + HOST.name());
        return n;
    }

    /** Returns the raw result: -1 with errno in {@link Native#errno()} on failure. */
    static long raw(long nr, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) syscall$mh.invokeExact(Native.capture(), nr, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static long raw(long nr, long a, long b, long c, long d) {
        return raw(nr, a, b, c, d, 0, 0);
    }

    /** Returns the result or throws a {@link LinuxException} named {@code name}. */
    static long call(String name, long nr, long a, long b, long c, long d) {
        long r = raw(nr, a, b, c, d, 0, 0);
        if (r == -1) throw new LinuxException(name, Native.errno());
        return r;
    }
}

package dev.sandtrace.linux;

/** A failed system call: carries the call's name and errno, rendered like strace ({@code openat: ENOENT (No such file or directory)}). */
public final class LinuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int errno;

    public LinuxException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() { return call; }
    public int errno() { return errno; }
    public String errnoName() { return Errno.name(errno); }
}

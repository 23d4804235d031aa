package dev.sandtrace.linux;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket descriptor the JVM holds without java.net: the egress proxy's listening socket,
 * which lives in the sandbox's network namespace and is taken from the sandbox child with
 * pidfd_getfd(2), and the connections accepted on it. Calls block; use platform threads.
 *
 * <p>{@link #close()} first shuts the socket down, which wakes every thread blocked in accept,
 * read or write on it, and closes the descriptor only when the last of them has left: a
 * descriptor number closed under a blocked reader could be reused by another open file.
 */
public final class RawSocket implements Closeable {
    private static final long ACCEPT4 = Syscall.nr("accept4"), READ = Syscall.nr("read"), WRITE = Syscall.nr("write"),
            SHUTDOWN = Syscall.nr("shutdown"), SETSOCKOPT = Syscall.nr("setsockopt"), CLOSE = Syscall.nr("close"), PIDFD_OPEN = Syscall.nr("pidfd_open"),
            PIDFD_GETFD = Syscall.nr("pidfd_getfd");
    private static final int SOCK_CLOEXEC = 02000000, SHUT_WR = 1, SHUT_RDWR = 2, EINTR = 4;
    private static final int BUFFER = 64 * 1024;

    private final int fd;
    /** 1 for the open descriptor itself plus one per call in progress; the descriptor closes at 0. */
    private final AtomicInteger users = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    // native buffers for the one reading and the one writing thread, freed by the GC (never under a call: see io)
    private MemorySegment readBuffer;
    private MemorySegment writeBuffer;

    private RawSocket(int fd) {
        this.fd = fd;
    }

    /** A duplicate of descriptor {@code targetFd} of process {@code pid} (which this process traces). */
    public static RawSocket takeFrom(int pid, int targetFd) {
        long pidfd = Syscall.call("pidfd_open", PIDFD_OPEN, pid, 0, 0, 0);
        try {
            return new RawSocket((int) Syscall.call("pidfd_getfd", PIDFD_GETFD, pidfd, targetFd, 0, 0));
        } finally {
            Syscall.raw(CLOSE, pidfd, 0, 0, 0);
        }
    }

    /** The next connection, or null once this listening socket is closed. */
    public RawSocket accept() throws IOException {
        while (true) {
            if (!enter()) return null;
            long r;
            int errno;
            try {
                r = Syscall.raw(ACCEPT4, fd, 0, 0, SOCK_CLOEXEC);
                errno = r < 0 ? Native.errno() : 0;
            } finally {
                exit();
            }
            if (r >= 0) return new RawSocket((int) r);
            if (closed.get()) return null;
            if (errno != EINTR && errno != 103 /* ECONNABORTED */ && errno != 11 /* EAGAIN */) {
                throw new IOException("accept: " + Errno.describe(errno));
            }
        }
    }

    /** Reads up to {@code len} bytes; -1 at the end of the stream (or once closed). */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!enter()) return -1;
        try {
            if (readBuffer == null) readBuffer = Arena.ofAuto().allocate(BUFFER);
            MemorySegment buf = readBuffer;
            long n;
            do {
                n = Syscall.raw(READ, fd, buf.address(), Math.min(len, BUFFER), 0);
            } while (n < 0 && Native.errno() == EINTR && !closed.get());
            if (n < 0) {
                if (closed.get()) return -1;
                throw new IOException("read: " + Errno.describe(Native.errno()));
            }
            if (n == 0) return -1;
            MemorySegment.copy(buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
            Reference.reachabilityFence(buf);
            return (int) n;
        } finally {
            exit();
        }
    }

    /** Writes all of {@code len} bytes. */
    public void write(byte[] b, int off, int len) throws IOException {
        if (!enter()) throw new IOException("socket closed");
        try {
            if (writeBuffer == null) writeBuffer = Arena.ofAuto().allocate(BUFFER);
            MemorySegment buf = writeBuffer;
            while (len > 0) {
                int chunk = Math.min(len, BUFFER);
                MemorySegment.copy(b, off, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, chunk);
                int done = 0;
                while (done < chunk) {
                    long n = Syscall.raw(WRITE, fd, buf.address() + done, chunk - done, 0);
                    if (n < 0) {
                        int errno = Native.errno();
                        if (errno == EINTR && !closed.get()) continue;
                        throw new IOException("write: " + Errno.describe(errno));
                    }
                    done += (int) n;
                }
                off += chunk;
                len -= chunk;
            }
            Reference.reachabilityFence(buf);
        } finally {
            exit();
        }
    }

    /** TCP_NODELAY: a relay forwards what it has at once (small TLS records must not wait for Nagle); best effort. */
    public void noDelay() {
        if (!enter()) return;
        try {
            MemorySegment one = Arena.ofAuto().allocate(4);
            one.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 1);
            Syscall.raw(SETSOCKOPT, fd, 6 /* IPPROTO_TCP */, 1 /* TCP_NODELAY */, one.address(), 4, 0);
            Reference.reachabilityFence(one);
        } finally {
            exit();
        }
    }

    /** Half-closes: the peer reads end of stream; reading goes on. */
    public void shutdownOutput() throws IOException {
        if (!enter()) return;
        try {
            if (Syscall.raw(SHUTDOWN, fd, SHUT_WR, 0, 0) < 0) throw new IOException("shutdown: " + Errno.describe(Native.errno()));
        } finally {
            exit();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        Syscall.raw(SHUTDOWN, fd, SHUT_RDWR, 0, 0); // wakes blocked callers; a listening socket's accept gets EINVAL
        exit();
    }

    private boolean enter() {
        while (true) {
            int u = users.get();
            if (u == 0 || closed.get()) return false;
            if (users.compareAndSet(u, u + 1)) return true;
        }
    }

    private void exit() {
        if (users.decrementAndGet() == 0) Syscall.raw(CLOSE, fd, 0, 0, 0);
    }
}

package dev.sandtrace.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** File descriptors the parent needs for building the sandbox: open(2) with O_PATH, close(2). */
public final class Files {
    private Files() {}

    private static final long OPENAT = Syscall.nr("openat");
    private static final long CLOSE = Syscall.nr("close");
    private static final int AT_FDCWD = -100;
    public static final int O_PATH = 010000000;
    public static final int O_CLOEXEC = 02000000;

    /** openat(2) with O_PATH | O_CLOEXEC: a handle that names the path without reading it. */
    public static int openPath(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            return (int) Syscall.call("open " + path, OPENAT, AT_FDCWD, p.address(), O_PATH | O_CLOEXEC, 0);
        }
    }

    /** openat(2) with O_RDONLY | O_CLOEXEC (a namespace file for setns(2) must not be O_PATH). */
    public static int openRead(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            return (int) Syscall.call("open " + path, OPENAT, AT_FDCWD, p.address(), O_CLOEXEC, 0);
        }
    }

    /** close(2); errors are ignored (the descriptor is gone either way). */
    public static void close(int fd) {
        Syscall.raw(CLOSE, fd, 0, 0, 0);
    }
}

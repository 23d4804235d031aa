package dev.sandtrace.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** Extended attributes: getxattr(2). */
public final class Xattr {
    private Xattr() {}

    private static final long GETXATTR = Syscall.nr("getxattr");

    /**
     * getxattr(2) of {@code path}, following symlinks; null when the attribute is missing or the
     * path unreadable. {@code /proc/PID/fd/N} with {@code system.sockprotoname} names a socket's
     * protocol (TCP, UDPv6, UNIX-STREAM...), which is how strace -yy labels sockets.
     */
    public static String get(String path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment n = arena.allocateFrom(name);
            MemorySegment value = arena.allocate(256);
            long len = Syscall.raw(GETXATTR, p.address(), n.address(), value.address(), value.byteSize());
            if (len <= 0) return null;
            byte[] bytes = value.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == 0) end--;
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }
}

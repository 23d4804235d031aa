package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Native memory prepared before the clone for the child, which shares the JVM's address space
 * until its execve (see {@link PausedChild}): every address handed out here is valid in the
 * child. Close it only once the child has exec'd or died, on the thread that made it.
 */
public final class ChildMemory implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();

    /** A NUL-terminated copy of {@code s} (UTF-8); returns its address. */
    public long cString(String s) {
        return cString(s.getBytes(StandardCharsets.UTF_8));
    }

    public long cString(byte[] bytes) {
        MemorySegment seg = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
        return seg.address();
    }

    /** A NULL-terminated array of C strings (argv, envp); returns its address. */
    public long stringArray(List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, MemorySegment.ofAddress(cString(strings.get(i))));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array.address();
    }

    /** {@code size} zero bytes, aligned to 16; returns the address. */
    public long zeros(long size) {
        return arena.allocate(size, 16).address();
    }

    /** A copy of {@code bytes}, aligned to 8 (for structs such as a BPF program). */
    public long bytes(byte[] bytes) {
        MemorySegment seg = arena.allocate(bytes.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
        return seg.address();
    }

    /** A segment to fill in place; valid for the life of this object. */
    MemorySegment allocate(long size) {
        return arena.allocate(size, 16);
    }

    @Override
    public void close() {
        arena.close();
    }
}

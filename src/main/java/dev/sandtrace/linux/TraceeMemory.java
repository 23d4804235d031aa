package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads a tracee's memory with process_vm_readv(2): one call per argument, never word by word.
 * The kernel copies page by page and stops at the first unmapped page, so a read that runs
 * past the end of a mapping returns the bytes before it. One instance per tracer thread.
 */
public final class TraceeMemory {

    public static final int CAPACITY = 1 << 16;

    private final MemorySegment buffer;
    private final MemorySegment localIov;
    private final MemorySegment remoteIov;

    public TraceeMemory() {
        Arena arena = Arena.ofAuto();
        buffer = arena.allocate(CAPACITY, 8);
        localIov = arena.allocate(16, 8);
        remoteIov = arena.allocate(16, 8);
        localIov.set(ADDRESS, 0, buffer);
    }

    /**
     * Copies up to {@code length} bytes from {@code address} in {@code pid}; returns how many
     * arrived (0 when the address is unmapped or the process is gone). The bytes are in {@link #buffer()}.
     */
    public int read(int pid, long address, int length) {
        int n = Math.min(length, CAPACITY);
        if (address == 0 || n <= 0) return 0;
        localIov.set(JAVA_LONG, 8, n);
        remoteIov.set(JAVA_LONG, 0, address);
        remoteIov.set(JAVA_LONG, 8, n);
        long r = Syscall.raw(Syscall.PROCESS_VM_READV, pid, localIov.address(), 1, remoteIov.address(), 1, 0);
        return r < 0 ? 0 : (int) r;
    }

    public MemorySegment buffer() { return buffer; }

    /** Reads {@code length} bytes into a new array, or null when fewer arrived. */
    public byte[] readBytes(int pid, long address, int length) {
        int got = read(pid, address, length);
        if (got < length) return null;
        return buffer.asSlice(0, got).toArray(JAVA_BYTE);
    }

    private static final int PAGE = 4096;

    /**
     * Reads a NUL-terminated string of at most {@code max} bytes. Returns the bytes before the NUL,
     * or {@code max} bytes (the caller marks it truncated) when none was found; null when unreadable,
     * also when memory ends before a NUL within {@code max} bytes (strace then prints the address).
     * Reads up to the end of the string's page first: most strings end there, and copying a
     * whole PATH_MAX for every path would cost more than the occasional second read.
     */
    public byte[] readCString(int pid, long address, int max) {
        int first = (int) Math.min(max, PAGE - (address & (PAGE - 1)));
        int got = read(pid, address, first);
        if (got == 0) return null;
        int nul = indexOfNul(got);
        if (nul >= 0) return buffer.asSlice(0, nul).toArray(JAVA_BYTE);
        if (got >= max) return buffer.asSlice(0, max).toArray(JAVA_BYTE);
        if (got < first) return null;
        byte[] head = buffer.asSlice(0, got).toArray(JAVA_BYTE);
        int more = read(pid, address + got, max - got);
        int end = indexOfNul(more);
        if (end < 0 && got + more < max) return null;
        int tail = end >= 0 ? end : more;
        byte[] out = java.util.Arrays.copyOf(head, got + tail);
        MemorySegment.copy(buffer, JAVA_BYTE, 0, out, got, tail);
        return out;
    }

    private int indexOfNul(int length) {
        for (int i = 0; i < length; i++) {
            if (buffer.get(JAVA_BYTE, i) == 0) return i;
        }
        return -1;
    }

    /** Reads the NULL-terminated pointer array at {@code address} (argv, envp), at most {@code max} entries. */
    public long[] readPointerArray(int pid, long address, int max) {
        int got = read(pid, address, max * 8);
        int count = 0;
        while (count * 8 + 8 <= got && buffer.get(JAVA_LONG, count * 8L) != 0) count++;
        long[] out = new long[count];
        for (int i = 0; i < count; i++) out[i] = buffer.get(JAVA_LONG, i * 8L);
        return out;
    }
}

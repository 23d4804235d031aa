package dev.sandtrace.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct ptrace_syscall_info} from {@code <linux/ptrace.h>}, filled by PTRACE_GET_SYSCALL_INFO.
 * One instance is reused for every stop; read its fields before the next request.
 */
public final class SyscallInfo {
    public static final byte PTRACE_SYSCALL_INFO_NONE = 0;
    public static final byte PTRACE_SYSCALL_INFO_ENTRY = 1;
    public static final byte PTRACE_SYSCALL_INFO_EXIT = 2;
    public static final byte PTRACE_SYSCALL_INFO_SECCOMP = 3;

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("reserved"),
            MemoryLayout.paddingLayout(2),
            JAVA_INT.withName("arch"),
            JAVA_LONG.withName("instruction_pointer"),
            JAVA_LONG.withName("stack_pointer"),
            // union { entry {nr, args[6]}; exit {rval, is_error}; seccomp {nr, args[6], ret_data} }
            JAVA_LONG.withName("nr_or_rval"),
            MemoryLayout.sequenceLayout(6, JAVA_LONG).withName("args"),
            JAVA_INT.withName("ret_data"),
            MemoryLayout.paddingLayout(4));

    private static final long OP = LAYOUT.byteOffset(groupElement("op"));
    private static final long ARCH = LAYOUT.byteOffset(groupElement("arch"));
    private static final long IP = LAYOUT.byteOffset(groupElement("instruction_pointer"));
    private static final long NR = LAYOUT.byteOffset(groupElement("nr_or_rval"));
    private static final long ARGS = LAYOUT.byteOffset(groupElement("args"));
    private static final long RET_DATA = LAYOUT.byteOffset(groupElement("ret_data"));
    /** exit.is_error is the byte right after exit.rval. */
    private static final long IS_ERROR = NR + 8;

    private final MemorySegment segment;

    public SyscallInfo() {
        this.segment = Arena.ofAuto().allocate(LAYOUT);
    }

    MemorySegment segment() { return segment; }

    public int op() { return segment.get(JAVA_BYTE, OP); }
    public int arch() { return segment.get(JAVA_INT, ARCH); }
    public long instructionPointer() { return segment.get(JAVA_LONG, IP); }
    /** entry and seccomp stops: the syscall number. */
    public long nr() { return segment.get(JAVA_LONG, NR); }
    /** entry and seccomp stops: argument i (0..5). */
    public long arg(int i) { return segment.get(JAVA_LONG, ARGS + 8L * i); }
    /** exit stops: the return value, negative errno when {@link #isError()}. */
    public long rval() { return segment.get(JAVA_LONG, NR); }
    public boolean isError() { return segment.get(JAVA_BYTE, IS_ERROR) != 0; }
    /** seccomp stops: SECCOMP_RET_DATA of the filter's verdict. */
    public int retData() { return segment.get(JAVA_INT, RET_DATA); }
}

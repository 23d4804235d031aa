package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/** x86_64: syscall table, AUDIT_ARCH_X86_64, and {@code struct user_regs_struct} from {@code <sys/user.h>}. */
public final class X8664 implements Arch {
    public static final X8664 INSTANCE = new X8664();
    public static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    public static final int AUDIT_ARCH_I386 = 0x40000003;
    /** Syscall numbers with this bit set are the x32 ABI. */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    // struct user_regs_struct field indexes (8 bytes each)
    private static final int R10 = 7, R9 = 8, R8 = 9, RAX = 10, RDX = 12, RSI = 13, RDI = 14, ORIG_RAX = 15, RIP = 16;
    private static final int USER_REGS_WORDS = 27;

    private final Map<String, Integer> numbers = new HashMap<>();

    private X8664() {
        String[] names = SyscallTableX8664.NAMES;
        for (int i = 0; i < names.length; i++) {
            if (!names[i].isEmpty()) numbers.put(names[i], i);
        }
    }

    @Override public String name() { return "x86_64"; }
    @Override public int auditArch() { return AUDIT_ARCH_X86_64; }

    @Override
    public String syscallName(int nr) {
        String[] names = SyscallTableX8664.NAMES;
        if (nr >= 0 && nr < names.length && !names[nr].isEmpty()) return names[nr];
        return "syscall_" + Integer.toUnsignedString(nr, 10);
    }

    @Override public int syscallNumber(String name) { return numbers.getOrDefault(name, -1); }

    /** The name of a syscall made through the i386 ABI ({@code int $0x80}). */
    public static String i386SyscallName(int nr) {
        return SyscallTableI386.name(nr);
    }
    @Override public int maxSyscall() { return SyscallTableX8664.NAMES.length - 1; }
    @Override public byte[] syscallInstruction() { return new byte[] {0x0f, 0x05}; }
    @Override public long regsSize() { return USER_REGS_WORDS * 8L; }

    @Override
    public void prepareSyscall(MemorySegment regs, long insnAddress, int nr, long... args) {
        int[] argRegs = {RDI, RSI, RDX, R10, R8, R9};
        if (args.length > argRegs.length) throw new IllegalArgumentException("at most 6 syscall arguments");
        for (int i = 0; i < args.length; i++) set(regs, argRegs[i], args[i]);
        set(regs, RAX, nr);
        // -1: the kernel must not restart the syscall the tracee was stopped in
        set(regs, ORIG_RAX, -1);
        set(regs, RIP, insnAddress);
    }

    @Override public long syscallResult(MemorySegment regs) { return regs.get(JAVA_LONG, RAX * 8L); }

    private static void set(MemorySegment regs, int index, long value) {
        regs.set(JAVA_LONG, index * 8L, value);
    }
}

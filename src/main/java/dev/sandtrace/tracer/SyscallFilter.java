package dev.sandtrace.tracer;

import dev.sandtrace.linux.Arch;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * strace's {@code -e trace=SET}: syscall names and classes ({@code file}, {@code %network}, ...),
 * comma-separated, {@code !} negating the whole set, {@code all} and {@code none}. Selects which
 * syscall events are written; process, signal and violation events are always written.
 */
public final class SyscallFilter {
    private static final Map<String, Set<String>> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("network", Set.of("socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
                "getsockname", "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
                "shutdown", "setsockopt", "getsockopt"));
        CLASSES.put("process", Set.of("clone", "clone3", "fork", "vfork", "execve", "execveat", "exit", "exit_group",
                "wait4", "waitid", "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_open",
                "pidfd_send_signal", "unshare", "setns"));
        CLASSES.put("memory", Set.of("mmap", "munmap", "mprotect", "mremap", "brk", "madvise", "mlock", "munlock",
                "mlockall", "munlockall", "msync", "mincore", "remap_file_pages", "mbind", "set_mempolicy",
                "get_mempolicy", "pkey_mprotect", "process_madvise", "mseal", "map_shadow_stack"));
        CLASSES.put("signal", Set.of("kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
                "rt_sigsuspend", "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
                "sigaltstack", "signalfd", "signalfd4", "pause", "alarm", "pidfd_send_signal"));
        CLASSES.put("ipc", Set.of("shmget", "shmat", "shmctl", "shmdt", "semget", "semop", "semctl", "semtimedop",
                "msgget", "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive",
                "mq_notify", "mq_getsetattr"));
        CLASSES.put("creds", Set.of("getuid", "geteuid", "getgid", "getegid", "setuid", "setgid", "setreuid",
                "setregid", "setresuid", "getresuid", "setresgid", "getresgid", "setfsuid", "setfsgid", "getgroups",
                "setgroups", "capget", "capset", "prctl"));
    }

    /** Syscalls with a file descriptor argument (strace's %desc), from the decoder's signatures. */
    private static boolean takesFd(Signatures.Signature s) {
        for (Signatures.Arg a : s.args()) if (a.type() == ArgType.FD || a.type() == ArgType.DIRFD) return true;
        return false;
    }

    /** Syscalls with a path argument (strace's %file), from the decoder's signatures. */
    private static boolean takesPath(Signatures.Signature s) {
        for (Signatures.Arg a : s.args()) if (a.type() == ArgType.PATH) return true;
        return false;
    }

    private static final int X32_SYSCALL_BIT = 0x40000000;

    private final BitSet selected;

    private SyscallFilter(BitSet selected) {
        this.selected = selected;
    }

    /** Parses {@code spec} (the part after {@code trace=}); throws IllegalArgumentException naming what is unknown. */
    public static SyscallFilter parse(String spec, Arch arch) {
        String s = spec.strip();
        boolean negate = s.startsWith("!");
        if (negate) s = s.substring(1);
        int size = arch.maxSyscall() + 1;
        BitSet set = new BitSet(size);
        Signatures.Signature[] sigs = Signatures.table(arch);
        for (String raw : s.split(",")) {
            String item = raw.strip();
            String cls = item.startsWith("%") ? item.substring(1) : item;
            if (item.isEmpty()) continue;
            switch (cls) {
                case "all" -> set.set(0, size);
                case "none" -> { }
                case "file" -> { for (int nr = 0; nr < size; nr++) if (sigs[nr] != null && takesPath(sigs[nr])) set.set(nr); }
                case "desc" -> { for (int nr = 0; nr < size; nr++) if (sigs[nr] != null && takesFd(sigs[nr])) set.set(nr); }
                default -> {
                    Set<String> names = CLASSES.get(cls);
                    if (names != null) {
                        for (String n : names) if (arch.syscallNumber(n) >= 0) set.set(arch.syscallNumber(n));
                    } else if (arch.syscallNumber(item) >= 0) {
                        set.set(arch.syscallNumber(item));
                    } else {
                        throw new IllegalArgumentException("-e trace: unknown syscall or class '" + item + "' (classes: file, desc, "
                                + String.join(", ", CLASSES.keySet()) + ", all, none; with or without %)");
                    }
                }
            }
        }
        if (negate) set.flip(0, size);
        return new SyscallFilter(set);
    }

    /** Calls of another ABI (i386, x32) are always selected: switching ABI must not hide a call. */
    public boolean selects(int nr, boolean nativeArch) {
        if (!nativeArch || (nr & X32_SYSCALL_BIT) != 0) return true;
        return nr >= 0 && selected.get(nr);
    }

    /** The selected syscall numbers of the native ABI. */
    public BitSet numbers() {
        return (BitSet) selected.clone();
    }

    /** This set and {@code other}'s. */
    public SyscallFilter with(SyscallFilter other) {
        BitSet union = numbers();
        union.or(other.selected);
        return new SyscallFilter(union);
    }

    /** True when every syscall of {@code arch}'s table is selected (e.g. trace=all, or !none). */
    public boolean selectsAll(Arch arch) {
        return selected.nextClearBit(0) > arch.maxSyscall();
    }
}

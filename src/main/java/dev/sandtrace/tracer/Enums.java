package dev.sandtrace.tracer;

import java.util.HashMap;
import java.util.Map;

/** Named constants for enum-valued arguments, referenced from signatures as {@code ENUM:<table>}. */
final class Enums {
    private Enums() {}

    private static final Map<String, Map<Long, String>> TABLES = new HashMap<>();

    private static void table(String name, Object... pairs) {
        Map<Long, String> t = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) t.put(((Number) pairs[i]).longValue(), (String) pairs[i + 1]);
        TABLES.put(name, t);
    }

    static {
        table("arch_prctl", 0x1001, "ARCH_SET_GS", 0x1002, "ARCH_SET_FS", 0x1003, "ARCH_GET_FS", 0x1004, "ARCH_GET_GS",
                0x1011, "ARCH_GET_CPUID", 0x1012, "ARCH_SET_CPUID", 0x2001, "ARCH_MAP_VDSO_X32", 0x2002, "ARCH_MAP_VDSO_32",
                0x2003, "ARCH_MAP_VDSO_64", 0x4001, "ARCH_GET_UNTAG_MASK", 0x4002, "ARCH_ENABLE_TAGGED_ADDR",
                0x4003, "ARCH_GET_MAX_TAG_BITS", 0x4004, "ARCH_FORCE_TAGGED_SVA", 0x5001, "ARCH_SHSTK_ENABLE",
                0x5002, "ARCH_SHSTK_DISABLE", 0x5003, "ARCH_SHSTK_LOCK", 0x5004, "ARCH_SHSTK_UNLOCK", 0x5005, "ARCH_SHSTK_STATUS");
        table("rlimit", 0, "RLIMIT_CPU", 1, "RLIMIT_FSIZE", 2, "RLIMIT_DATA", 3, "RLIMIT_STACK", 4, "RLIMIT_CORE",
                5, "RLIMIT_RSS", 6, "RLIMIT_NPROC", 7, "RLIMIT_NOFILE", 8, "RLIMIT_MEMLOCK", 9, "RLIMIT_AS",
                10, "RLIMIT_LOCKS", 11, "RLIMIT_SIGPENDING", 12, "RLIMIT_MSGQUEUE", 13, "RLIMIT_NICE", 14, "RLIMIT_RTPRIO",
                15, "RLIMIT_RTTIME");
        table("whence", 0, "SEEK_SET", 1, "SEEK_CUR", 2, "SEEK_END", 3, "SEEK_DATA", 4, "SEEK_HOLE");
        table("sigprocmask", 0, "SIG_BLOCK", 1, "SIG_UNBLOCK", 2, "SIG_SETMASK");
        table("clock", 0, "CLOCK_REALTIME", 1, "CLOCK_MONOTONIC", 2, "CLOCK_PROCESS_CPUTIME_ID", 3, "CLOCK_THREAD_CPUTIME_ID",
                4, "CLOCK_MONOTONIC_RAW", 5, "CLOCK_REALTIME_COARSE", 6, "CLOCK_MONOTONIC_COARSE", 7, "CLOCK_BOOTTIME",
                8, "CLOCK_REALTIME_ALARM", 9, "CLOCK_BOOTTIME_ALARM", 11, "CLOCK_TAI");
        table("madvise", 0, "MADV_NORMAL", 1, "MADV_RANDOM", 2, "MADV_SEQUENTIAL", 3, "MADV_WILLNEED", 4, "MADV_DONTNEED",
                8, "MADV_FREE", 9, "MADV_REMOVE", 10, "MADV_DONTFORK", 11, "MADV_DOFORK", 12, "MADV_MERGEABLE",
                13, "MADV_UNMERGEABLE", 14, "MADV_HUGEPAGE", 15, "MADV_NOHUGEPAGE", 16, "MADV_DONTDUMP", 17, "MADV_DODUMP",
                18, "MADV_WIPEONFORK", 19, "MADV_KEEPONFORK", 20, "MADV_COLD", 21, "MADV_PAGEOUT", 22, "MADV_POPULATE_READ",
                23, "MADV_POPULATE_WRITE", 24, "MADV_DONTNEED_LOCKED", 25, "MADV_COLLAPSE", 100, "MADV_HWPOISON");
        table("fcntl", 0, "F_DUPFD", 1, "F_GETFD", 2, "F_SETFD", 3, "F_GETFL", 4, "F_SETFL", 5, "F_GETLK", 6, "F_SETLK",
                7, "F_SETLKW", 8, "F_SETOWN", 9, "F_GETOWN", 10, "F_SETSIG", 11, "F_GETSIG", 1024, "F_SETLEASE",
                1025, "F_GETLEASE", 1026, "F_NOTIFY", 1030, "F_DUPFD_CLOEXEC", 1031, "F_SETPIPE_SZ", 1032, "F_GETPIPE_SZ",
                1033, "F_ADD_SEALS", 1034, "F_GET_SEALS", 36, "F_OFD_GETLK", 37, "F_OFD_SETLK", 38, "F_OFD_SETLKW",
                15, "F_SETOWN_EX", 16, "F_GETOWN_EX", 17, "F_GETOWNER_UIDS");
        table("shutdown", 0, "SHUT_RD", 1, "SHUT_WR", 2, "SHUT_RDWR");
        table("epoll_ctl", 1, "EPOLL_CTL_ADD", 2, "EPOLL_CTL_DEL", 3, "EPOLL_CTL_MOD");
        table("ipproto", 0, "IPPROTO_IP", 1, "IPPROTO_ICMP", 6, "IPPROTO_TCP", 17, "IPPROTO_UDP", 41, "IPPROTO_IPV6",
                58, "IPPROTO_ICMPV6", 132, "IPPROTO_SCTP", 136, "IPPROTO_UDPLITE", 255, "IPPROTO_RAW", 262, "IPPROTO_MPTCP");
        table("flock", 1, "LOCK_SH", 2, "LOCK_EX", 8, "LOCK_UN", 5, "LOCK_SH|LOCK_NB", 6, "LOCK_EX|LOCK_NB");
        table("futex", 0, "FUTEX_WAIT", 1, "FUTEX_WAKE", 2, "FUTEX_FD", 3, "FUTEX_REQUEUE", 4, "FUTEX_CMP_REQUEUE",
                5, "FUTEX_WAKE_OP", 6, "FUTEX_LOCK_PI", 7, "FUTEX_UNLOCK_PI", 8, "FUTEX_TRYLOCK_PI", 9, "FUTEX_WAIT_BITSET",
                10, "FUTEX_WAKE_BITSET", 11, "FUTEX_WAIT_REQUEUE_PI", 12, "FUTEX_CMP_REQUEUE_PI", 13, "FUTEX_LOCK_PI2",
                128, "FUTEX_WAIT_PRIVATE", 129, "FUTEX_WAKE_PRIVATE", 131, "FUTEX_REQUEUE_PRIVATE",
                132, "FUTEX_CMP_REQUEUE_PRIVATE", 133, "FUTEX_WAKE_OP_PRIVATE", 134, "FUTEX_LOCK_PI_PRIVATE",
                135, "FUTEX_UNLOCK_PI_PRIVATE", 137, "FUTEX_WAIT_BITSET_PRIVATE", 138, "FUTEX_WAKE_BITSET_PRIVATE",
                393, "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME", 265, "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME");
        table("ptrace", 0, "PTRACE_TRACEME", 1, "PTRACE_PEEKTEXT", 2, "PTRACE_PEEKDATA", 3, "PTRACE_PEEKUSER",
                4, "PTRACE_POKETEXT", 5, "PTRACE_POKEDATA", 6, "PTRACE_POKEUSER", 7, "PTRACE_CONT", 8, "PTRACE_KILL",
                9, "PTRACE_SINGLESTEP", 12, "PTRACE_GETREGS", 13, "PTRACE_SETREGS", 16, "PTRACE_ATTACH", 17, "PTRACE_DETACH",
                24, "PTRACE_SYSCALL", 0x4200, "PTRACE_SETOPTIONS", 0x4206, "PTRACE_SEIZE", 0x4207, "PTRACE_INTERRUPT");
    }

    /** The constant's name, or null when the table has none for {@code value}. */
    static String name(String table, long value) {
        Map<Long, String> t = TABLES.get(table);
        if (t == null) throw new IllegalArgumentException("no enum table " + table);
        return t.get(value);
    }

    static boolean exists(String table) {
        return TABLES.containsKey(table);
    }
}

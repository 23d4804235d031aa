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
        table("kcmp", 0, "KCMP_FILE", 1, "KCMP_VM", 2, "KCMP_FILES", 3, "KCMP_FS", 4, "KCMP_SIGHAND", 5, "KCMP_IO",
                6, "KCMP_SYSVSEM", 7, "KCMP_EPOLL_TFD");
        table("clock", 0, "CLOCK_REALTIME", 1, "CLOCK_MONOTONIC", 2, "CLOCK_PROCESS_CPUTIME_ID", 3, "CLOCK_THREAD_CPUTIME_ID",
                4, "CLOCK_MONOTONIC_RAW", 5, "CLOCK_REALTIME_COARSE", 6, "CLOCK_MONOTONIC_COARSE", 7, "CLOCK_BOOTTIME",
                8, "CLOCK_REALTIME_ALARM", 9, "CLOCK_BOOTTIME_ALARM", 11, "CLOCK_TAI");
        table("madvise", 0, "MADV_NORMAL", 1, "MADV_RANDOM", 2, "MADV_SEQUENTIAL", 3, "MADV_WILLNEED", 4, "MADV_DONTNEED",
                8, "MADV_FREE", 9, "MADV_REMOVE", 10, "MADV_DONTFORK", 11, "MADV_DOFORK", 12, "MADV_MERGEABLE",
                13, "MADV_UNMERGEABLE", 14, "MADV_HUGEPAGE", 15, "MADV_NOHUGEPAGE", 16, "MADV_DONTDUMP", 17, "MADV_DODUMP",
                18, "MADV_WIPEONFORK", 19, "MADV_KEEPONFORK", 20, "MADV_COLD", 21, "MADV_PAGEOUT", 22, "MADV_POPULATE_READ",
                23, "MADV_POPULATE_WRITE", 24, "MADV_DONTNEED_LOCKED", 25, "MADV_COLLAPSE", 100, "MADV_HWPOISON",
                101, "MADV_SOFT_OFFLINE", 102, "MADV_GUARD_INSTALL", 103, "MADV_GUARD_REMOVE");
        table("fcntl", 0, "F_DUPFD", 1, "F_GETFD", 2, "F_SETFD", 3, "F_GETFL", 4, "F_SETFL", 5, "F_GETLK", 6, "F_SETLK",
                7, "F_SETLKW", 8, "F_SETOWN", 9, "F_GETOWN", 10, "F_SETSIG", 11, "F_GETSIG", 1024, "F_SETLEASE",
                1025, "F_GETLEASE", 1026, "F_NOTIFY", 1030, "F_DUPFD_CLOEXEC", 1031, "F_SETPIPE_SZ", 1032, "F_GETPIPE_SZ",
                1033, "F_ADD_SEALS", 1034, "F_GET_SEALS", 36, "F_OFD_GETLK", 37, "F_OFD_SETLK", 38, "F_OFD_SETLKW",
                15, "F_SETOWN_EX", 16, "F_GETOWN_EX", 17, "F_GETOWNER_UIDS", 1027, "F_DUPFD_QUERY", 1028, "F_CREATED_QUERY",
                1029, "F_CANCELLK", 1035, "F_GET_RW_HINT", 1036, "F_SET_RW_HINT", 1037, "F_GET_FILE_RW_HINT",
                1038, "F_SET_FILE_RW_HINT");
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
        table("rusage_who", 0, "RUSAGE_SELF", -1, "RUSAGE_CHILDREN", 1, "RUSAGE_THREAD");
        table("prio_which", 0, "PRIO_PROCESS", 1, "PRIO_PGRP", 2, "PRIO_USER");
        table("sched_policy", 0, "SCHED_OTHER", 1, "SCHED_FIFO", 2, "SCHED_RR", 3, "SCHED_BATCH", 4, "SCHED_ISO",
                5, "SCHED_IDLE", 6, "SCHED_DEADLINE", 7, "SCHED_EXT");
        table("idtype", 0, "P_ALL", 1, "P_PID", 2, "P_PGID", 3, "P_PIDFD");
        table("itimer", 0, "ITIMER_REAL", 1, "ITIMER_VIRTUAL", 2, "ITIMER_PROF");
        table("suid_dump", 0, "SUID_DUMP_DISABLE", 1, "SUID_DUMP_USER", 2, "SUID_DUMP_ROOT");
        table("membarrier_cmd", 0, "MEMBARRIER_CMD_QUERY", 1, "MEMBARRIER_CMD_GLOBAL", 2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED",
                4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED", 8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED",
                16, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED", 32, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE",
                64, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE", 128, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ",
                256, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ");
        table("si_code", 0, "SI_USER", 0x80, "SI_KERNEL", -1, "SI_QUEUE", -2, "SI_TIMER", -3, "SI_MESGQ", -4, "SI_ASYNCIO",
                -5, "SI_SIGIO", -6, "SI_TKILL", -7, "SI_DETHREAD", -60, "SI_ASYNCNL");
        table("cld_code", 1, "CLD_EXITED", 2, "CLD_KILLED", 3, "CLD_DUMPED", 4, "CLD_TRAPPED", 5, "CLD_STOPPED", 6, "CLD_CONTINUED");
        table("personality", 0, "PER_LINUX", 1, "PER_SVR4", 2, "PER_SVR3", 3, "PER_SCOSVR3", 4, "PER_WYSEV386",
                5, "PER_ISCR4", 6, "PER_BSD", 7, "PER_XENIX", 8, "PER_LINUX32", 9, "PER_IRIX32", 10, "PER_IRIXN32",
                11, "PER_IRIX64", 12, "PER_RISCOS", 13, "PER_SOLARIS", 14, "PER_UW7", 15, "PER_OSF4", 16, "PER_HPUX");
        table("prctl", 1, "PR_SET_PDEATHSIG", 2, "PR_GET_PDEATHSIG", 3, "PR_GET_DUMPABLE", 4, "PR_SET_DUMPABLE",
                5, "PR_GET_UNALIGN", 6, "PR_SET_UNALIGN", 7, "PR_GET_KEEPCAPS", 8, "PR_SET_KEEPCAPS", 9, "PR_GET_FPEMU",
                10, "PR_SET_FPEMU", 11, "PR_GET_FPEXC", 12, "PR_SET_FPEXC", 13, "PR_GET_TIMING", 14, "PR_SET_TIMING",
                15, "PR_SET_NAME", 16, "PR_GET_NAME", 19, "PR_GET_ENDIAN", 20, "PR_SET_ENDIAN", 21, "PR_GET_SECCOMP",
                22, "PR_SET_SECCOMP", 23, "PR_CAPBSET_READ", 24, "PR_CAPBSET_DROP", 25, "PR_GET_TSC", 26, "PR_SET_TSC",
                27, "PR_GET_SECUREBITS", 28, "PR_SET_SECUREBITS", 29, "PR_SET_TIMERSLACK", 30, "PR_GET_TIMERSLACK",
                31, "PR_TASK_PERF_EVENTS_DISABLE", 32, "PR_TASK_PERF_EVENTS_ENABLE", 33, "PR_MCE_KILL", 34, "PR_MCE_KILL_GET",
                35, "PR_SET_MM", 36, "PR_SET_CHILD_SUBREAPER", 37, "PR_GET_CHILD_SUBREAPER", 38, "PR_SET_NO_NEW_PRIVS",
                39, "PR_GET_NO_NEW_PRIVS", 40, "PR_GET_TID_ADDRESS", 41, "PR_SET_THP_DISABLE", 42, "PR_GET_THP_DISABLE",
                43, "PR_MPX_ENABLE_MANAGEMENT", 44, "PR_MPX_DISABLE_MANAGEMENT", 45, "PR_SET_FP_MODE", 46, "PR_GET_FP_MODE",
                47, "PR_CAP_AMBIENT", 50, "PR_SVE_SET_VL", 51, "PR_SVE_GET_VL", 52, "PR_GET_SPECULATION_CTRL",
                53, "PR_SET_SPECULATION_CTRL", 54, "PR_PAC_RESET_KEYS", 55, "PR_SET_TAGGED_ADDR_CTRL",
                56, "PR_GET_TAGGED_ADDR_CTRL", 57, "PR_SET_IO_FLUSHER", 58, "PR_GET_IO_FLUSHER", 59, "PR_SET_SYSCALL_USER_DISPATCH",
                0x59616d61, "PR_SET_PTRACER");
        table("capability", 0, "CAP_CHOWN", 1, "CAP_DAC_OVERRIDE", 2, "CAP_DAC_READ_SEARCH", 3, "CAP_FOWNER", 4, "CAP_FSETID",
                5, "CAP_KILL", 6, "CAP_SETGID", 7, "CAP_SETUID", 8, "CAP_SETPCAP", 9, "CAP_LINUX_IMMUTABLE",
                10, "CAP_NET_BIND_SERVICE", 11, "CAP_NET_BROADCAST", 12, "CAP_NET_ADMIN", 13, "CAP_NET_RAW", 14, "CAP_IPC_LOCK",
                15, "CAP_IPC_OWNER", 16, "CAP_SYS_MODULE", 17, "CAP_SYS_RAWIO", 18, "CAP_SYS_CHROOT", 19, "CAP_SYS_PTRACE",
                20, "CAP_SYS_PACCT", 21, "CAP_SYS_ADMIN", 22, "CAP_SYS_BOOT", 23, "CAP_SYS_NICE", 24, "CAP_SYS_RESOURCE",
                25, "CAP_SYS_TIME", 26, "CAP_SYS_TTY_CONFIG", 27, "CAP_MKNOD", 28, "CAP_LEASE", 29, "CAP_AUDIT_WRITE",
                30, "CAP_AUDIT_CONTROL", 31, "CAP_SETFCAP", 32, "CAP_MAC_OVERRIDE", 33, "CAP_MAC_ADMIN", 34, "CAP_SYSLOG",
                35, "CAP_WAKE_ALARM", 36, "CAP_BLOCK_SUSPEND", 37, "CAP_AUDIT_READ", 38, "CAP_PERFMON", 39, "CAP_BPF",
                40, "CAP_CHECKPOINT_RESTORE");
    }

    /**
     * An unknown value as strace shows it, {@code 0x63 /* RLIMIT_??? *\/}: the prefix is what all
     * names of the table share up to their last underscore.
     */
    static String unknown(String table, long value) {
        String prefix = null;
        for (String n : TABLES.get(table).values()) {
            if (prefix == null) prefix = n;
            int i = 0;
            while (i < prefix.length() && i < n.length() && prefix.charAt(i) == n.charAt(i)) i++;
            prefix = prefix.substring(0, i);
        }
        int cut = prefix == null ? -1 : prefix.lastIndexOf('_');
        String hex = "0x" + Long.toHexString(value);
        return cut < 0 ? hex : hex + " /* " + prefix.substring(0, cut + 1) + "??? */";
    }

    /** The constant's name, or strace's hex with a {@code /* X_??? *\/} comment when unknown. */
    static String nameOrUnknown(String table, long value) {
        String name = name(table, value);
        return name != null ? name : unknown(table, value);
    }

    /** Sockets, polling, IPC and system calls (strace 6.1's xlat tables). */
    static {
        table("socket_level", 0, "SOL_IP", 1, "SOL_SOCKET", 6, "SOL_TCP", 17, "SOL_UDP", 41, "SOL_IPV6", 58, "SOL_ICMPV6",
                132, "SOL_SCTP", 136, "SOL_UDPLITE", 255, "SOL_RAW", 256, "SOL_IPX", 257, "SOL_AX25", 258, "SOL_ATALK",
                259, "SOL_NETROM", 260, "SOL_ROSE", 261, "SOL_DECNET", 262, "SOL_X25", 263, "SOL_PACKET", 264, "SOL_ATM",
                265, "SOL_AAL", 266, "SOL_IRDA", 267, "SOL_NETBEUI", 268, "SOL_LLC", 269, "SOL_DCCP", 270, "SOL_NETLINK",
                271, "SOL_TIPC", 272, "SOL_RXRPC", 273, "SOL_PPPOL2TP", 274, "SOL_BLUETOOTH", 275, "SOL_PNPIPE", 276, "SOL_RDS",
                277, "SOL_IUCV", 278, "SOL_CAIF", 279, "SOL_ALG", 280, "SOL_NFC", 281, "SOL_KCM", 282, "SOL_TLS", 283, "SOL_XDP",
                284, "SOL_MPTCP", 285, "SOL_MCTP", 286, "SOL_SMC");
        table("so_option", 1, "SO_DEBUG", 2, "SO_REUSEADDR", 3, "SO_TYPE", 4, "SO_ERROR", 5, "SO_DONTROUTE", 6, "SO_BROADCAST",
                7, "SO_SNDBUF", 8, "SO_RCVBUF", 9, "SO_KEEPALIVE", 10, "SO_OOBINLINE", 11, "SO_NO_CHECK", 12, "SO_PRIORITY",
                13, "SO_LINGER", 14, "SO_BSDCOMPAT", 15, "SO_REUSEPORT", 16, "SO_PASSCRED", 17, "SO_PEERCRED", 18, "SO_RCVLOWAT",
                19, "SO_SNDLOWAT", 20, "SO_RCVTIMEO_OLD", 21, "SO_SNDTIMEO_OLD", 22, "SO_SECURITY_AUTHENTICATION",
                23, "SO_SECURITY_ENCRYPTION_TRANSPORT", 24, "SO_SECURITY_ENCRYPTION_NETWORK", 25, "SO_BINDTODEVICE",
                26, "SO_ATTACH_FILTER", 27, "SO_DETACH_FILTER", 28, "SO_PEERNAME", 29, "SO_TIMESTAMP_OLD", 30, "SO_ACCEPTCONN",
                31, "SO_PEERSEC", 32, "SO_SNDBUFFORCE", 33, "SO_RCVBUFFORCE", 34, "SO_PASSSEC", 35, "SO_TIMESTAMPNS_OLD",
                36, "SO_MARK", 37, "SO_TIMESTAMPING_OLD", 38, "SO_PROTOCOL", 39, "SO_DOMAIN", 40, "SO_RXQ_OVFL",
                41, "SO_WIFI_STATUS", 42, "SO_PEEK_OFF", 43, "SO_NOFCS", 44, "SO_LOCK_FILTER", 45, "SO_SELECT_ERR_QUEUE",
                46, "SO_BUSY_POLL", 47, "SO_MAX_PACING_RATE", 48, "SO_BPF_EXTENSIONS", 49, "SO_INCOMING_CPU", 50, "SO_ATTACH_BPF",
                51, "SO_ATTACH_REUSEPORT_CBPF", 52, "SO_ATTACH_REUSEPORT_EBPF", 53, "SO_CNX_ADVICE", 55, "SO_MEMINFO",
                56, "SO_INCOMING_NAPI_ID", 57, "SO_COOKIE", 59, "SO_PEERGROUPS", 60, "SO_ZEROCOPY", 61, "SO_TXTIME",
                62, "SO_BINDTOIFINDEX", 63, "SO_TIMESTAMP_NEW", 64, "SO_TIMESTAMPNS_NEW", 65, "SO_TIMESTAMPING_NEW",
                66, "SO_RCVTIMEO_NEW", 67, "SO_SNDTIMEO_NEW", 68, "SO_DETECT_HWTSTAMP", 69, "SO_PREFER_BUSY_POLL",
                70, "SO_BUSY_POLL_BUDGET", 71, "SO_NETNS_COOKIE", 72, "SO_BUF_LOCK", 73, "SO_RESERVE_MEM", 74, "SO_TXREHASH",
                75, "SO_RCVMARK");
        table("ipv6_option", 16, "IPV6_UNICAST_HOPS", 17, "IPV6_MULTICAST_IF", 18, "IPV6_MULTICAST_HOPS",
                19, "IPV6_MULTICAST_LOOP", 20, "IPV6_ADD_MEMBERSHIP", 21, "IPV6_DROP_MEMBERSHIP", 23, "IPV6_MTU_DISCOVER",
                24, "IPV6_MTU", 25, "IPV6_RECVERR", 26, "IPV6_V6ONLY", 49, "IPV6_RECVPKTINFO", 50, "IPV6_PKTINFO",
                66, "IPV6_RECVTCLASS", 67, "IPV6_TCLASS");
        table("udp_option", 1, "UDP_CORK", 100, "UDP_ENCAP", 101, "UDP_NO_CHECK6_TX", 102, "UDP_NO_CHECK6_RX",
                103, "UDP_SEGMENT", 104, "UDP_GRO");
        table("scm", 1, "SCM_RIGHTS", 2, "SCM_CREDENTIALS", 3, "SCM_SECURITY", 4, "SCM_PIDFD", 29, "SO_TIMESTAMP_OLD",
                35, "SO_TIMESTAMPNS_OLD", 37, "SO_TIMESTAMPING_OLD", 63, "SO_TIMESTAMP_NEW", 64, "SO_TIMESTAMPNS_NEW",
                65, "SO_TIMESTAMPING_NEW");
        table("ipc_cmd", 0, "IPC_RMID", 1, "IPC_SET", 2, "IPC_STAT", 3, "IPC_INFO", 11, "MSG_STAT", 12, "MSG_INFO",
                13, "MSG_STAT_ANY");
        table("semctl_cmd", 0, "IPC_RMID", 1, "IPC_SET", 2, "IPC_STAT", 3, "IPC_INFO", 11, "GETPID", 12, "GETVAL",
                13, "GETALL", 14, "GETNCNT", 15, "GETZCNT", 16, "SETVAL", 17, "SETALL", 18, "SEM_STAT", 19, "SEM_INFO",
                20, "SEM_STAT_ANY");
        table("shmctl_cmd", 0, "IPC_RMID", 1, "IPC_SET", 2, "IPC_STAT", 3, "IPC_INFO", 11, "SHM_LOCK", 12, "SHM_UNLOCK",
                13, "SHM_STAT", 14, "SHM_INFO", 15, "SHM_STAT_ANY");
        table("seccomp_op", 0, "SECCOMP_SET_MODE_STRICT", 1, "SECCOMP_SET_MODE_FILTER", 2, "SECCOMP_GET_ACTION_AVAIL",
                3, "SECCOMP_GET_NOTIF_SIZES");
        table("seccomp_ret", 0x80000000L, "SECCOMP_RET_KILL_PROCESS", 0, "SECCOMP_RET_KILL_THREAD", 0x30000, "SECCOMP_RET_TRAP",
                0x50000, "SECCOMP_RET_ERRNO", 0x7fc00000, "SECCOMP_RET_USER_NOTIF", 0x7ff00000, "SECCOMP_RET_TRACE",
                0x7ffc0000, "SECCOMP_RET_LOG", 0x7fff0000, "SECCOMP_RET_ALLOW");
        table("cap_version", 0x19980330, "_LINUX_CAPABILITY_VERSION_1", 0x20071026, "_LINUX_CAPABILITY_VERSION_2",
                0x20080522, "_LINUX_CAPABILITY_VERSION_3");
        table("syslog", 0, "SYSLOG_ACTION_CLOSE", 1, "SYSLOG_ACTION_OPEN", 2, "SYSLOG_ACTION_READ", 3, "SYSLOG_ACTION_READ_ALL",
                4, "SYSLOG_ACTION_READ_CLEAR", 5, "SYSLOG_ACTION_CLEAR", 6, "SYSLOG_ACTION_CONSOLE_OFF",
                7, "SYSLOG_ACTION_CONSOLE_ON", 8, "SYSLOG_ACTION_CONSOLE_LEVEL", 9, "SYSLOG_ACTION_SIZE_UNREAD",
                10, "SYSLOG_ACTION_SIZE_BUFFER");
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

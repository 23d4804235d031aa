package dev.sandtrace.tracer;

/** Flag and enum tables for decoder v1, values for x86_64 from the kernel's uapi headers. */
final class Flags {
    private Flags() {}

    static final int O_ACCMODE = 3;
    static final long O_CREAT = 0100;
    static final long O_TMPFILE = 020200000;

    /** After the access mode, in the order strace prints them (checked against strace 6.1). */
    static final FlagSet OPEN = new FlagSet("0")
            .add("O_CREAT", 0100).add("O_EXCL", 0200).add("O_NOCTTY", 0400).add("O_TRUNC", 01000)
            .add("O_APPEND", 02000).add("O_NONBLOCK", 04000).add("O_SYNC", 04010000).add("__O_SYNC", 04000000).add("O_DSYNC", 010000)
            .add("O_DIRECT", 040000).add("O_LARGEFILE", 0100000).add("O_NOFOLLOW", 0400000)
            .add("O_NOATIME", 01000000).add("O_CLOEXEC", 02000000).add("FASYNC", 020000).add("O_PATH", 010000000)
            .add("O_TMPFILE", 020200000).add("__O_TMPFILE", 020000000).add("O_DIRECTORY", 0200000)
            .add("O_EMPTYPATH", 0400000000);

    static String openFlags(long flags) {
        String[] modes = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
        StringBuilder sb = new StringBuilder(modes[(int) (flags & O_ACCMODE)]);
        return OPEN.render(flags & ~O_ACCMODE, sb);
    }

    static final FlagSet ACCESS = new FlagSet("F_OK").add("R_OK", 4).add("W_OK", 2).add("X_OK", 1);

    static final FlagSet PROT = new FlagSet("PROT_NONE")
            .add("PROT_READ", 1).add("PROT_WRITE", 2).add("PROT_EXEC", 4).add("PROT_SEM", 8)
            .add("PROT_GROWSDOWN", 0x01000000).add("PROT_GROWSUP", 0x02000000);

    private static final FlagSet MAP = new FlagSet("0")
            .add("MAP_FIXED", 0x10).add("MAP_ANONYMOUS", 0x20).add("MAP_32BIT", 0x40)
            .add("MAP_GROWSDOWN", 0x100).add("MAP_DENYWRITE", 0x800).add("MAP_EXECUTABLE", 0x1000)
            .add("MAP_LOCKED", 0x2000).add("MAP_NORESERVE", 0x4000).add("MAP_POPULATE", 0x8000)
            .add("MAP_NONBLOCK", 0x10000).add("MAP_STACK", 0x20000).add("MAP_HUGETLB", 0x40000)
            .add("MAP_SYNC", 0x80000).add("MAP_FIXED_NOREPLACE", 0x100000).add("MAP_UNINITIALIZED", 0x4000000);

    static String mmapFlags(long flags) {
        String[] types = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
        long type = flags & 0xf;
        StringBuilder sb = new StringBuilder(type < 4 ? types[(int) type] : "0x" + Long.toHexString(type));
        return MAP.render(flags & ~0xfL, sb);
    }

    static final FlagSet CLONE = new FlagSet("0")
            .add("CLONE_VM", 0x100).add("CLONE_FS", 0x200).add("CLONE_FILES", 0x400).add("CLONE_SIGHAND", 0x800)
            .add("CLONE_PIDFD", 0x1000).add("CLONE_PTRACE", 0x2000).add("CLONE_VFORK", 0x4000)
            .add("CLONE_PARENT", 0x8000).add("CLONE_THREAD", 0x10000).add("CLONE_NEWNS", 0x20000)
            .add("CLONE_SYSVSEM", 0x40000).add("CLONE_SETTLS", 0x80000).add("CLONE_PARENT_SETTID", 0x100000)
            .add("CLONE_CHILD_CLEARTID", 0x200000).add("CLONE_DETACHED", 0x400000).add("CLONE_UNTRACED", 0x800000)
            .add("CLONE_CHILD_SETTID", 0x1000000).add("CLONE_NEWCGROUP", 0x2000000).add("CLONE_NEWUTS", 0x4000000)
            .add("CLONE_NEWIPC", 0x8000000).add("CLONE_NEWUSER", 0x10000000).add("CLONE_NEWPID", 0x20000000)
            .add("CLONE_NEWNET", 0x40000000).add("CLONE_IO", 0x80000000L);

    static final long CLONE_THREAD = 0x10000;

    /** clone(2)'s flags: the low byte is the exit signal, rendered by name after the flags. */
    static String cloneFlags(long flags) {
        StringBuilder sb = new StringBuilder();
        CLONE.render(flags & ~0xffL & 0xffffffffL, sb);
        int sig = (int) (flags & 0xff);
        if (sig != 0) {
            if (sb.length() > 0) sb.append('|');
            sb.append(dev.sandtrace.linux.Signals.name(sig));
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }

    static final String[] ADDRESS_FAMILIES = new String[46];

    static {
        String[][] families = {
            {"0", "AF_UNSPEC"}, {"1", "AF_UNIX"}, {"2", "AF_INET"}, {"3", "AF_AX25"}, {"4", "AF_IPX"},
            {"5", "AF_APPLETALK"}, {"9", "AF_X25"}, {"10", "AF_INET6"}, {"16", "AF_NETLINK"}, {"17", "AF_PACKET"},
            {"29", "AF_CAN"}, {"31", "AF_BLUETOOTH"}, {"38", "AF_ALG"}, {"40", "AF_VSOCK"}, {"44", "AF_XDP"},
        };
        for (String[] f : families) ADDRESS_FAMILIES[Integer.parseInt(f[0])] = f[1];
    }

    static String family(int af) {
        return af >= 0 && af < ADDRESS_FAMILIES.length && ADDRESS_FAMILIES[af] != null ? ADDRESS_FAMILIES[af] : String.valueOf(af);
    }

    private static final String[] SOCK_TYPES = {null, "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM",
        "SOCK_SEQPACKET", "SOCK_DCCP", null, null, null, "SOCK_PACKET"};
    /** accept4's flags, and the flags in socket's type. */
    static final FlagSet SOCK_FLAGS = new FlagSet("0").add("SOCK_CLOEXEC", 02000000).add("SOCK_NONBLOCK", 04000);

    /** An unknown base type makes strace print the whole word as flags: {@code 0x3039 /* SOCK_??? *\/}. */
    static String socketType(long type) {
        int base = (int) (type & 0xf);
        if (base >= SOCK_TYPES.length || SOCK_TYPES[base] == null) {
            String rest = SOCK_FLAGS.render(type, new StringBuilder());
            return rest.startsWith("0x") ? rest + " /* SOCK_??? */" : rest;
        }
        return SOCK_FLAGS.render(type & ~0xfL, new StringBuilder(SOCK_TYPES[base]));
    }

    static final FlagSet AT = new FlagSet("0")
            .add("AT_SYMLINK_NOFOLLOW", 0x100).add("AT_REMOVEDIR", 0x200).add("AT_SYMLINK_FOLLOW", 0x400)
            .add("AT_NO_AUTOMOUNT", 0x800).add("AT_EMPTY_PATH", 0x1000).add("AT_RECURSIVE", 0x8000);

    /**
     * Flags whose every bit is unknown as strace shows them, {@code 0x80 /* MREMAP_??? *\/};
     * unknown bits next to known ones stay a plain {@code |0x60}.
     */
    static String render(FlagSet set, long bits, String prefix) {
        String text = set.render(bits);
        return text.startsWith("0x") ? text + " /* " + prefix + "??? */" : text;
    }

    /** An argument decoder for a flag word of {@code set}, unknown bits shown as {@link #render(FlagSet, long, String)} does. */
    static ArgDecoder arg(FlagSet set, String prefix) {
        return (d, pid, v, raw) -> new dev.sandtrace.event.Arg.Sym(render(set, v & 0xffffffffL, prefix), v);
    }

    /** wait4(2) and waitid(2) options, in strace's order. */
    static final FlagSet WAIT = new FlagSet("0")
            .add("WNOHANG", 1).add("WSTOPPED", 2).add("WEXITED", 4).add("WCONTINUED", 8).add("WNOWAIT", 0x1000000)
            .add("__WNOTHREAD", 0x20000000).add("__WALL", 0x40000000).add("__WCLONE", 0x80000000L);

    /** sigaction(2) sa_flags, in strace's order. */
    static final FlagSet SA = new FlagSet("0")
            .add("SA_RESTORER", 0x04000000).add("SA_ONSTACK", 0x08000000).add("SA_RESTART", 0x10000000)
            .add("SA_NODEFER", 0x40000000).add("SA_RESETHAND", 0x80000000L).add("SA_SIGINFO", 4)
            .add("SA_NOCLDSTOP", 1).add("SA_NOCLDWAIT", 2).add("SA_UNSUPPORTED", 0x400).add("SA_EXPOSE_TAGBITS", 0x800);

    static final long SA_RESTORER = 0x04000000;

    /** sigaltstack(2) ss_flags. */
    static final FlagSet SS = new FlagSet("0").add("SS_ONSTACK", 1).add("SS_DISABLE", 2).add("SS_AUTODISARM", 0x80000000L);

    static final FlagSet SFD = new FlagSet("0").add("SFD_CLOEXEC", 02000000).add("SFD_NONBLOCK", 04000);

    static final FlagSet MREMAP = new FlagSet("0").add("MREMAP_MAYMOVE", 1).add("MREMAP_FIXED", 2).add("MREMAP_DONTUNMAP", 4);

    static final long MREMAP_FIXED = 2;

    static final FlagSet MCL = new FlagSet("0").add("MCL_CURRENT", 1).add("MCL_FUTURE", 2).add("MCL_ONFAULT", 4);

    static final FlagSet MS = new FlagSet("0").add("MS_ASYNC", 1).add("MS_SYNC", 4).add("MS_INVALIDATE", 2);

    static final FlagSet MFD = new FlagSet("0").add("MFD_CLOEXEC", 1).add("MFD_ALLOW_SEALING", 2).add("MFD_HUGETLB", 4);

    /** Bits of the membarrier(2) MEMBARRIER_CMD_QUERY result: the commands the kernel supports. */
    static final FlagSet MEMBARRIER = new FlagSet("0")
            .add("MEMBARRIER_CMD_GLOBAL", 1).add("MEMBARRIER_CMD_GLOBAL_EXPEDITED", 2)
            .add("MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED", 4).add("MEMBARRIER_CMD_PRIVATE_EXPEDITED", 8)
            .add("MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED", 16).add("MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE", 32)
            .add("MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE", 64).add("MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ", 128)
            .add("MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ", 256);

    /** personality(2) flags above the execution domain (PER_MASK). */
    static final FlagSet PERSONALITY = new FlagSet("0")
            .add("UNAME26", 0x0020000).add("ADDR_NO_RANDOMIZE", 0x0040000).add("FDPIC_FUNCPTRS", 0x0080000)
            .add("MMAP_PAGE_ZERO", 0x0100000).add("ADDR_COMPAT_LAYOUT", 0x0200000).add("READ_IMPLIES_EXEC", 0x0400000)
            .add("ADDR_LIMIT_32BIT", 0x0800000).add("SHORT_INODE", 0x1000000).add("WHOLE_SECONDS", 0x2000000)
            .add("STICKY_TIMEOUTS", 0x4000000).add("ADDR_LIMIT_3GB", 0x8000000);

    /** clone3's 64-bit flags: clone(2)'s and the two only clone3 has. */
    static String clone3Flags(long flags) {
        StringBuilder sb = new StringBuilder();
        CLONE.render(flags & 0xffffff00L, sb);
        long high = flags & ~0xffffffffL, low = flags & 0xff;
        for (String[] f : new String[][] {{"CLONE_CLEAR_SIGHAND", "32"}, {"CLONE_INTO_CGROUP", "33"}}) {
            long bit = 1L << Integer.parseInt(f[1]);
            if ((high & bit) == 0) continue;
            if (sb.length() > 0) sb.append('|');
            sb.append(f[0]);
            high &= ~bit;
        }
        if ((high | low) != 0) sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Long.toHexString(high | low));
        return sb.length() == 0 ? "0" : sb.toString();
    }
}

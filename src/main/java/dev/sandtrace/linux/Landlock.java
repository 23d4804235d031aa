package dev.sandtrace.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Landlock (landlock(7), landlock_create_ruleset(2), landlock_add_rule(2)). The ruleset is built
 * in the parent: creating and filling it restricts nobody; the child inherits the fd and applies
 * it with an injected landlock_restrict_self(2). Constants from {@code <linux/landlock.h>}.
 */
public final class Landlock {
    private Landlock() {}

    private static final long CREATE = Syscall.nr("landlock_create_ruleset");
    private static final long ADD_RULE = Syscall.nr("landlock_add_rule");

    public static final int LANDLOCK_CREATE_RULESET_VERSION = 1;
    public static final int LANDLOCK_RULE_PATH_BENEATH = 1;
    public static final int LANDLOCK_RULE_NET_PORT = 2;

    public static final long EXECUTE = 1L, WRITE_FILE = 1L << 1, READ_FILE = 1L << 2, READ_DIR = 1L << 3,
            REMOVE_DIR = 1L << 4, REMOVE_FILE = 1L << 5, MAKE_CHAR = 1L << 6, MAKE_DIR = 1L << 7, MAKE_REG = 1L << 8,
            MAKE_SOCK = 1L << 9, MAKE_FIFO = 1L << 10, MAKE_BLOCK = 1L << 11, MAKE_SYM = 1L << 12, REFER = 1L << 13,
            TRUNCATE = 1L << 14, IOCTL_DEV = 1L << 15;
    public static final long NET_BIND_TCP = 1L, NET_CONNECT_TCP = 1L << 1;
    public static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L, SCOPE_SIGNAL = 1L << 1;

    /** Every filesystem right the given ABI knows (ABI 1: 13 rights; 2: +REFER; 3: +TRUNCATE; 5: +IOCTL_DEV). */
    public static long fsRights(int abi) {
        long rights = (MAKE_SYM << 1) - 1;
        if (abi >= 2) rights |= REFER;
        if (abi >= 3) rights |= TRUNCATE;
        if (abi >= 5) rights |= IOCTL_DEV;
        return rights;
    }

    /** The kernel's Landlock ABI version, or -errno (EOPNOTSUPP: disabled at boot; ENOSYS: not built). */
    public static int abiVersion() {
        long r = Syscall.raw(CREATE, 0, 0, LANDLOCK_CREATE_RULESET_VERSION, 0);
        return r == -1 ? -Native.errno() : (int) r;
    }

    /**
     * landlock_create_ruleset(2) with a {@code struct landlock_ruleset_attr} sized for {@code abi}
     * (8 bytes up to ABI 3, 16 with network rights from ABI 4, 24 with scopes from ABI 6).
     */
    public static int createRuleset(int abi, long handledFs, long handledNet, long scoped) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(24, 8);
            attr.set(JAVA_LONG, 0, handledFs);
            attr.set(JAVA_LONG, 8, handledNet);
            attr.set(JAVA_LONG, 16, scoped);
            long size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
            return (int) Syscall.call("landlock_create_ruleset", CREATE, attr.address(), size, 0, 0);
        }
    }

    /** Allows {@code access} beneath {@code path} (opened O_PATH here, closed after). */
    public static void allowPath(int ruleset, String path, long access) {
        int fd = Files.openPath(path);
        try (Arena arena = Arena.ofConfined()) {
            // struct landlock_path_beneath_attr is packed: u64 allowed_access, s32 parent_fd
            MemorySegment attr = arena.allocate(12, 8);
            attr.set(JAVA_LONG_UNALIGNED, 0, access);
            attr.set(JAVA_INT_UNALIGNED, 8, fd);
            Syscall.call("landlock_add_rule " + path, ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH, attr.address(), 0);
        } finally {
            Files.close(fd);
        }
    }

    /** Allows {@code access} (NET_BIND_TCP, NET_CONNECT_TCP) on TCP {@code port} (ABI 4). */
    public static void allowPort(int ruleset, int port, long access) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(16, 8);
            attr.set(JAVA_LONG_UNALIGNED, 0, access);
            attr.set(JAVA_LONG_UNALIGNED, 8, port);
            Syscall.call("landlock_add_rule", ADD_RULE, ruleset, LANDLOCK_RULE_NET_PORT, attr.address(), 0);
        }
    }
}

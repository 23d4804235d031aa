package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Landlock;
import dev.sandtrace.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer 7: Landlock at the highest ABI the kernel offers, handling every filesystem right that
 * ABI knows, so anything not allowed is denied: read and execute beneath the read and exec
 * lists, everything beneath the write list. ABI 6 also scopes abstract unix sockets and
 * signals to the sandbox. The ruleset is built here in the parent; the child applies it.
 * Rules attach to inodes, so the filesystems mounted inside the sandbox (the private /tmp, the
 * new /proc) get their rules from inside the child.
 */
final class LandlockLayer implements Layer {
    static final int RULE_FD = 899;
    private static final long O_PATH = 010000000, O_CLOEXEC = 02000000;
    private static final long FILE_RIGHTS = Landlock.EXECUTE | Landlock.WRITE_FILE | Landlock.READ_FILE
            | Landlock.TRUNCATE | Landlock.IOCTL_DEV;

    private final int abi;
    private final long handled;
    private final Map<Path, Long> rules = new LinkedHashMap<>();
    private final List<String> notEnforced = new ArrayList<>();
    private int ruleset = -1;
    private record InChildRule(long path, long attr) {}

    private final List<InChildRule> inChild = new ArrayList<>();

    private final List<Integer> connectPorts;
    private final List<Integer> bindPorts;
    private final long handledNet;

    /** A rule for a path of the view that the parent cannot name (a tmpfs of the child's): path, rights. */
    record ViewRule(String path, long access) {}

    private final List<ViewRule> viewRules;

    LandlockLayer(int abi, Policy.Filesystem fs, Policy.Network net, List<ViewRule> viewRules) {
        this.abi = abi;
        this.viewRules = viewRules;
        this.handled = Landlock.fsRights(abi);
        long read = Landlock.READ_FILE | Landlock.READ_DIR;
        for (Path p : fs.allowRead()) rules.merge(p, read, (a, b) -> a | b);
        for (Path p : fs.allowExec()) rules.merge(p, read | Landlock.EXECUTE, (a, b) -> a | b);
        for (Path p : fs.allowWrite()) rules.merge(p, handled, (a, b) -> a | b);
        if (abi < 2) notEnforced.add("file renames and links across directories (REFER needs Landlock ABI 2)");
        if (abi < 3) notEnforced.add("truncation (TRUNCATE needs Landlock ABI 3)");
        if (abi < 5) notEnforced.add("device ioctls (IOCTL_DEV needs Landlock ABI 5)");
        if (abi < 6) notEnforced.add("abstract unix socket and signal scoping (needs Landlock ABI 6)");
        boolean ports = net.allow() && (!net.connectPorts().isEmpty() || !net.bindPorts().isEmpty());
        if (ports && abi < 4) notEnforced.add("TCP port rules (need Landlock ABI 4): every port is reachable");
        boolean netRules = ports && abi >= 4;
        this.connectPorts = netRules ? net.connectPorts() : List.of();
        this.bindPorts = netRules ? net.bindPorts() : List.of();
        this.handledNet = (connectPorts.isEmpty() ? 0 : Landlock.NET_CONNECT_TCP) | (bindPorts.isEmpty() ? 0 : Landlock.NET_BIND_TCP);
    }

    @Override public String name() { return "landlock (ABI " + abi + ")"; }

    /** What this kernel's ABI cannot enforce, for the trace header and doctor. */
    List<String> notEnforced() {
        return notEnforced;
    }

    @Override
    public void prepare(ChildMemory memory) {
        long scoped = abi >= 6 ? Landlock.SCOPE_ABSTRACT_UNIX_SOCKET | Landlock.SCOPE_SIGNAL : 0;
        ruleset = Landlock.createRuleset(abi, handled, handledNet, scoped);
        for (int port : connectPorts) Landlock.allowPort(ruleset, port, Landlock.NET_CONNECT_TCP);
        for (int port : bindPorts) Landlock.allowPort(ruleset, port, Landlock.NET_BIND_TCP);
        for (Map.Entry<Path, Long> r : rules.entrySet()) {
            long access = r.getValue() & handled;
            if (!Files.isDirectory(r.getKey())) access &= FILE_RIGHTS;
            Landlock.allowPath(ruleset, r.getKey().toString(), access);
        }
        for (ViewRule r : viewRules) inChild.add(new InChildRule(memory.cString(r.path()), memory.bytes(attr(r.access() & handled))));
    }

    /** struct landlock_path_beneath_attr (packed): u64 allowed_access, s32 parent_fd = RULE_FD. */
    private static byte[] attr(long access) {
        byte[] attr = new byte[16];
        java.nio.ByteBuffer.wrap(attr).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, access).putInt(8, RULE_FD);
        return attr;
    }

    @Override
    public void apply(int pid, Injector child) {
        for (InChildRule r : inChild) {
            long fd = child.inject("openat", -100, r.path(), O_PATH | O_CLOEXEC, 0);
            child.inject("dup2", fd, RULE_FD);
            child.inject("close", fd);
            child.inject("landlock_add_rule", ruleset, Landlock.LANDLOCK_RULE_PATH_BENEATH, r.attr(), 0);
            child.inject("close", RULE_FD);
        }
        child.inject("landlock_restrict_self", ruleset, 0);
        child.inject("close", ruleset);
    }

    /** The parent's copy of the ruleset fd is not needed once the child has its own. */
    void closeParentCopy() {
        if (ruleset >= 0) dev.sandtrace.linux.Files.close(ruleset);
    }
}

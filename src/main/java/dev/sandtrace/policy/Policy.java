package dev.sandtrace.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * What a sandboxed run may do. A plain model: the CLI flags fill it today, the TOML loader
 * will fill it later. Paths are absolute and normalised.
 */
public record Policy(Filesystem filesystem, Network network, Syscalls syscalls, Limits limits, Env env) {

    /** A policy that passes no environment variable beyond the standard set (docs/sandbox.md). */
    public Policy(Filesystem filesystem, Network network, Syscalls syscalls, Limits limits) {
        this(filesystem, network, syscalls, limits, Env.CLEARED);
    }

    /**
     * Landlock allow-lists (read, write, execute beneath each path) and the deny list, which wins
     * over every allow and is enforced by the mount namespace (empty masks) because Landlock
     * can only allow.
     */
    public record Filesystem(List<Path> allowRead, List<Path> allowWrite, List<Path> allowExec, List<Path> deny,
            List<Path> readOnly) {
        public Filesystem(List<Path> allowRead, List<Path> allowWrite, List<Path> allowExec, List<Path> deny) {
            this(allowRead, allowWrite, allowExec, deny, List.of());
        }
    }

    /**
     * {@code allow} false: a network namespace with only a loopback device. With {@code allow},
     * non-empty port lists restrict TCP connect and bind to those ports (Landlock ABI 4).
     * {@code socketFamilies}: address families allowed beyond unix, inet, inet6 and netlink
     * (route), by name (see {@link SocketRules}). {@code allowHosts}: without {@code allow}, the
     * host names (patterns, see proxy.HostRules) the egress proxy in the namespace connects to.
     */
    public record Network(boolean allow, List<Integer> connectPorts, List<Integer> bindPorts, List<String> socketFamilies,
            List<String> allowHosts) {
        public Network(boolean allow) {
            this(allow, List.of(), List.of());
        }

        public Network(boolean allow, List<Integer> connectPorts, List<Integer> bindPorts) {
            this(allow, connectPorts, bindPorts, List.of(), List.of());
        }

        /** Whether the sample reaches the network only through the egress proxy. */
        public boolean proxied() {
            return !allow && !allowHosts.isEmpty();
        }

        /** Whether TCP ports are restricted, so that only TCP may leave (see {@link SocketRules}). */
        public boolean portsRestricted() {
            return allow && (!connectPorts.isEmpty() || !bindPorts.isEmpty());
        }
    }

    /** What seccomp does with a denied syscall: fail it with EPERM, kill the process, or only log it. */
    public enum Action { ERRNO, KILL, LOG }

    /** Syscalls denied on top of the mandatory set (names from the arch's table). */
    public record Syscalls(List<String> deny, Action action) {}

    /**
     * Resource limits applied with prlimit(2) from outside; 0 means unlimited. {@code scratchBytes}
     * bounds the one tmpfs behind the sandbox's /tmp, /dev/shm and private home (0: the default).
     */
    public record Limits(long addressSpaceBytes, long processes, long fileSizeBytes, long openFiles, long cpuSeconds,
            long scratchBytes) {
        public Limits(long addressSpaceBytes, long processes, long fileSizeBytes, long openFiles, long cpuSeconds) {
            this(addressSpaceBytes, processes, fileSizeBytes, openFiles, cpuSeconds, 0);
        }
    }

    /**
     * The sample's environment: by default only the standard variables (PATH, HOME, USER,
     * LOGNAME, LANG, LC_*, TERM, TZ); {@code pass} adds the caller's value of a name, {@code set}
     * sets a name, {@code keepAll} passes the caller's whole environment.
     */
    public record Env(boolean keepAll, List<String> pass, java.util.Map<String, String> set) {
        public static final Env CLEARED = new Env(false, List.of(), java.util.Map.of());
    }
}

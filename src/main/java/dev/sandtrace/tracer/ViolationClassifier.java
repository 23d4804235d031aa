package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.SyscallEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Explains failed syscalls of a sandboxed run: which layer most likely refused them. It only
 * labels, after the kernel has decided; nothing here changes what the tracee may do. Paths are
 * the tracee's own strings (resolved against its working directory when relative), which is
 * good enough for an explanation and never used for a decision.
 */
public final class ViolationClassifier {
    /** A label: the layer and one sentence. */
    public record Verdict(String layer, String target, String reason) {}

    private static final int EPERM = 1, ENOENT = 2, EACCES = 13, EROFS = 30, ENETUNREACH = 101;

    private final Set<String> seccompDenied;
    private final int seccompErrno;
    private final List<Path> masked;
    private final List<Path> readable;
    private final List<Path> writable;
    private final List<Path> executable;
    private final boolean networkIsolated;

    /** Calls whose mode argument (by index) the filter checks for set-id bits. */
    private final java.util.Map<String, Integer> modeArgument;

    public ViolationClassifier(Set<String> seccompDenied, int seccompErrno, List<String> masked, List<Path> readable,
            List<Path> writable, List<Path> executable, boolean networkIsolated) {
        this(seccompDenied, seccompErrno, java.util.Map.of(), masked, readable, writable, executable, networkIsolated);
    }

    public ViolationClassifier(Set<String> seccompDenied, int seccompErrno, java.util.Map<String, Integer> modeArgument,
            List<String> masked, List<Path> readable, List<Path> writable, List<Path> executable, boolean networkIsolated) {
        this.modeArgument = modeArgument;
        this.seccompDenied = seccompDenied;
        this.seccompErrno = seccompErrno;
        this.masked = masked.stream().map(Path::of).toList();
        this.readable = readable;
        this.writable = writable;
        this.executable = executable;
        this.networkIsolated = networkIsolated;
    }

    private dev.sandtrace.policy.SocketRules sockets;

    /** The socket rules the seccomp filter enforces, so that its refusals are labelled too. */
    public ViolationClassifier sockets(dev.sandtrace.policy.SocketRules rules) {
        this.sockets = rules;
        return this;
    }

    /**
     * True when the filter kills on {@code name} with these arguments: such a call never
     * returns, and the exit stop the kernel still reports on the way out carries no result.
     */
    public boolean killsOn(String name, long[] raw) {
        if (seccompErrno != 0) return false;
        return seccompDenied.contains(name) || socketRefusal(name, raw) != null;
    }

    private dev.sandtrace.policy.SocketRules.Refusal socketRefusal(String name, long[] raw) {
        if (sockets == null || raw == null || raw.length < 3 || !(name.equals("socket") || name.equals("socketpair"))) return null;
        return sockets.refusal(raw[0], raw[1], raw[2]);
    }

    /** The label for a finished syscall, or null when the sandbox had no part in it. */
    public Verdict classify(SyscallEvent e) {
        int errno = e.errno();
        if (errno == 0) return maskedOpen(e);
        String name = e.name();
        if (errno == seccompErrno && (seccompDenied.contains(name) || name.startsWith("syscall_"))) {
            return new Verdict("seccomp", null, name + " is in the seccomp deny list");
        }
        dev.sandtrace.policy.SocketRules.Refusal refused = socketRefusal(name, e.raw());
        if (refused != null && seccompErrno == EPERM && errno == refused.errno()) {
            return new Verdict("seccomp", null, refused.reason());
        }
        if (errno == seccompErrno && name.equals("clone")) {
            return new Verdict("seccomp", null, "clone with namespace or CLONE_UNTRACED flags is denied by seccomp");
        }
        Integer mode = modeArgument.get(name);
        if (errno == seccompErrno && mode != null && mode < e.raw().length && (e.raw()[mode] & 06000) != 0) {
            return new Verdict("seccomp", firstPath(e), "setuid and setgid bits are refused in the sandbox");
        }
        if (errno == seccompErrno && name.equals("ioctl")) {
            return new Verdict("seccomp", null, "terminal injection ioctls (TIOCSTI, TIOCLINUX) are denied by seccomp");
        }
        if (networkIsolated && errno == ENETUNREACH && (name.equals("connect") || name.equals("sendto") || name.equals("sendmsg"))) {
            return new Verdict("network namespace", address(e), "the sandbox has no network but loopback");
        }
        if (errno == EACCES && (name.equals("connect") || name.equals("bind"))) {
            return new Verdict("landlock", address(e), "TCP port outside the allowed ports");
        }
        if (errno == EPERM && name.equals("connect") && address(e) != null && address(e).startsWith("@")) {
            return new Verdict("landlock", address(e), "abstract unix sockets outside the sandbox are out of scope");
        }
        if (errno != EACCES && errno != EPERM && errno != ENOENT && errno != EROFS) return null;
        String path = firstPath(e);
        if (path == null) return null;
        Path p = resolve(e.pid(), path);
        for (Path m : masked) {
            if (p.startsWith(m)) return new Verdict("mount mask", p.toString(), m + " is hidden by a mask (denied path)");
        }
        if (errno == EROFS) return new Verdict("mount view", p.toString(), "allowed for reading only: mounted read-only in the sandbox");
        if (errno == ENOENT) return outsideTheView(e, p);
        if (errno == EACCES || errno == EPERM) {
            String wanted = access(e);
            List<Path> allowed = switch (wanted) {
                case "write" -> writable;
                case "execute" -> executable;
                default -> readable;
            };
            if (allowed.stream().noneMatch(p::startsWith)) {
                return new Verdict("landlock", p.toString(), wanted + " access outside the allowed paths");
            }
        }
        return null;
    }

    /**
     * ENOENT for a path the host has (or, for a call that creates it, whose directory the host
     * has) but no grant covers: the view left it out. Names the host never had stay unlabelled,
     * so that a program probing for optional files draws no DENIED lines.
     */
    private Verdict outsideTheView(SyscallEvent e, Path p) {
        boolean granted = readable.stream().anyMatch(p::startsWith) || writable.stream().anyMatch(p::startsWith)
                || executable.stream().anyMatch(p::startsWith);
        if (granted || !p.isAbsolute()) return null;
        Path onHost = access(e).equals("write") && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? p.getParent() : p;
        if (onHost == null || !Files.exists(onHost, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return null;
        return new Verdict("mount view", p.toString(), "not in the sandbox's view: the policy does not grant it");
    }

    /** A successful open of a masked file: the program got an empty file instead of the secret. */
    private Verdict maskedOpen(SyscallEvent e) {
        if (masked.isEmpty() || !e.name().startsWith("open")) return null;
        String path = firstPath(e);
        if (path == null || !path.startsWith("/")) return null;
        Path p = Path.of(path).normalize();
        for (Path m : masked) {
            if (p.startsWith(m)) return new Verdict("mount mask", p.toString(), m + " is masked: the program saw an empty file");
        }
        return null;
    }

    private static final Set<String> WRITES = Set.of("mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename",
            "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "creat", "truncate", "mknod", "mknodat",
            "chmod", "fchmodat", "chown", "lchown", "fchownat", "utimensat");
    private static final long O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_TRUNC = 01000;

    /** The kind of access the call asked for: read, write or execute. */
    private static String access(SyscallEvent e) {
        if (e.name().startsWith("execve")) return "execute";
        if (WRITES.contains(e.name())) return "write";
        if (e.name().startsWith("open")) {
            for (int i = 0; i < e.args().size(); i++) {
                if (e.argNames().get(i).equals("flags") && e.args().get(i) instanceof Arg.Sym s
                        && (s.value() & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0) {
                    return "write";
                }
            }
        }
        return "read";
    }

    private static String firstPath(SyscallEvent e) {
        for (int i = 0; i < e.args().size(); i++) {
            String n = e.argNames().get(i);
            if (e.args().get(i) instanceof Arg.Str s && s.bytes() != null
                    && (n.contains("path") || n.equals("target") || n.equals("filename"))) {
                return new String(s.bytes(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String address(SyscallEvent e) {
        for (Arg a : e.args()) {
            if (a instanceof Arg.Struct st) {
                Arg path = st.fields().get("sun_path@");
                if (path instanceof Arg.Str s && s.bytes() != null) return "@" + new String(s.bytes(), StandardCharsets.UTF_8);
                Arg addr = st.fields().getOrDefault("sin_addr", st.fields().get("sin6_addr"));
                Arg port = st.fields().getOrDefault("sin_port", st.fields().get("sin6_port"));
                if (addr instanceof Arg.Sym s) return s.text() + (port instanceof Arg.Num n ? ":" + n.value() : "");
            }
        }
        return null;
    }

    private static Path resolve(int pid, String path) {
        Path p = Path.of(path);
        if (p.isAbsolute()) return p.normalize();
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).resolve(p).normalize();
        } catch (IOException | UnsupportedOperationException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}

package dev.sandtrace.learn;

import dev.sandtrace.report.Endpoint;
import dev.sandtrace.report.FileAccess;
import dev.sandtrace.report.FileAccesses;
import dev.sandtrace.report.TraceEvent;
import dev.sandtrace.report.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one traced run did, read back from its JSONL trace: its filesystem accesses (with the
 * program that made each), the syscalls it called, its network use, how many tasks it started,
 * the highest descriptor it held, how long it ran, how it ended and what the sandbox denied.
 */
public final class Observations {
    /** An access and the program (last exec'd path's name) that made it. */
    public record Access(FileAccess access, String program) {}

    /** A denial the sandbox reported. */
    public record Violation(long seq, String syscall, String layer, String errno, String target, long syscallSeq) {
        /** What identifies "the same denial" in another run of the program: not its seq. */
        String key() {
            return syscall + " " + target + " " + layer + " " + errno;
        }

        @Override
        public String toString() {
            return syscall + " " + (target == null ? "" : target + " ") + "(" + layer + (errno == null ? "" : ", " + errno) + ") seq "
                    + (syscallSeq >= 0 ? syscallSeq : seq);
        }
    }

    /**
     * Internet sockets used: TCP ports connected to and bound (0 = an ephemeral port), the local
     * ports the run's own sockets got (getsockname), whether any non-TCP internet socket was used,
     * and a few endpoints for the policy's comment.
     */
    public record Network(boolean used, Set<Integer> tcpConnect, Set<Integer> tcpBind, Set<Integer> ownPorts,
            boolean udp, Set<String> endpoints) {}

    /** Hosts (host:port, as the sample asked for them) the egress proxy connected to, and refused; at most {@link #HOSTS_KEPT} each. */
    public final Set<String> hostsReached = new LinkedHashSet<>();
    public final Set<String> hostsRefused = new LinkedHashSet<>();
    static final int HOSTS_KEPT = 200;

    public String cwd = "/";
    public String basePolicy;
    public final List<Access> accesses = new ArrayList<>();
    /** Accesses refused by permissions or not found (ENOENT, EACCES, EPERM, EROFS), the first {@link #FAILURES_KEPT}. */
    public final List<Access> failures = new ArrayList<>();
    static final int FAILURES_KEPT = 10_000;
    public final Set<String> syscalls = new TreeSet<>();
    public Network network;
    public int maxFd = 2;
    public int tasks = 1;
    public int processes = 1;
    public long durationMs;
    public int exitCode = -1;
    public String ending = "";
    public long totalSyscalls;
    public final List<Violation> violations = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();

    private static final Set<String> REFUSALS = Set.of("ENOENT", "EACCES", "EPERM", "EROFS");

    /** Syscalls whose return value is a new descriptor. */
    private static final Set<String> FD_RETURNING = Set.of("open", "openat", "openat2", "creat", "socket", "accept", "accept4",
            "dup", "dup2", "dup3", "eventfd", "eventfd2", "epoll_create", "epoll_create1", "memfd_create", "timerfd_create",
            "signalfd", "signalfd4", "inotify_init", "inotify_init1", "pidfd_open", "fanotify_init", "userfaultfd",
            "perf_event_open", "open_tree", "fsopen", "fsmount", "landlock_create_ruleset", "memfd_secret", "pidfd_getfd");

    public static Observations read(Path trace) throws IOException {
        Observations o = new Observations();
        o.scan(trace);
        return o;
    }

    private void scan(Path trace) throws IOException {
        FileAccesses files = new FileAccesses();
        Map<Integer, String> program = new HashMap<>();
        Set<Integer> connect = new TreeSet<>(), bind = new TreeSet<>(), own = new TreeSet<>();
        Set<String> endpoints = new LinkedHashSet<>();
        boolean[] inet = new boolean[2]; // [0] any internet socket, [1] a non-TCP one
        try (TraceReader r = new TraceReader(trace)) {
            for (TraceEvent e; (e = r.next()) != null; ) {
                switch (e.type()) {
                    case "header" -> {
                        if (e.str("cwd") != null) cwd = e.str("cwd");
                        basePolicy = e.str("policy");
                    }
                    case "process" -> process(e, program);
                    case "syscall" -> {
                        syscalls.add(e.syscall());
                        fds(e);
                        network(e, connect, bind, own, endpoints, inet);
                        unixBind(e, files, program);
                    }
                    case "network" -> {
                        String host = e.str("host");
                        if (host != null) {
                            String target = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
                            target += e.num("port", 0) > 0 ? ":" + e.num("port", 0) : "";
                            Set<String> into = "allowed".equals(e.str("verdict")) ? hostsReached : hostsRefused;
                            if (into.size() < HOSTS_KEPT) into.add(target);
                        }
                    }
                    case "violation" -> violations.add(new Violation(e.seq(), e.str("syscall"), e.str("layer"), e.str("errno"),
                            e.str("target"), e.num("syscall_seq", -1)));
                    case "message" -> {
                        if ("error".equals(e.str("level"))) errors.add(e.str("text"));
                    }
                    case "summary" -> {
                        durationMs = e.num("duration_ms", 0);
                        exitCode = (int) e.num("exit_code", -1);
                        ending = String.valueOf(e.str("ending"));
                        totalSyscalls = e.num("total_syscalls", 0);
                    }
                    default -> { }
                }
                for (FileAccess a : files.accept(e)) {
                    if (!a.resolved()) continue;
                    if (a.success()) accesses.add(new Access(a, program.getOrDefault(a.pid(), "?")));
                    else if (failures.size() < FAILURES_KEPT && REFUSALS.contains(a.errno())) failures.add(new Access(a, program.getOrDefault(a.pid(), "?")));
                }
            }
        }
        network = new Network(inet[0], connect, bind, own, inet[1], endpoints);
    }

    private void process(TraceEvent e, Map<Integer, String> program) {
        switch (String.valueOf(e.kind())) {
            case "spawned" -> {
                tasks++;
                if (!"thread".equals(e.str("via"))) processes++;
                program.put((int) e.num("child_pid", 0), program.getOrDefault(e.pid(), "?"));
            }
            case "exec" -> {
                String path = e.str("path");
                if (path != null) program.put(e.pid(), path.substring(path.lastIndexOf('/') + 1));
            }
            default -> { }
        }
    }

    private void fds(TraceEvent e) {
        if (!e.success()) return;
        boolean dupfd = e.syscall().equals("fcntl") && String.valueOf(e.argText("cmd")).startsWith("F_DUPFD");
        if (FD_RETURNING.contains(e.syscall()) || dupfd) maxFd = (int) Math.max(maxFd, e.returnValue());
        for (String pair : List.of("pipefd", "sv", "fds")) {
            for (Object v : e.decoded().get(pair) instanceof List<?> l ? l : List.of()) {
                Object fd = v instanceof Map<?, ?> m ? m.get("fd") : v;
                if (fd instanceof Number n) maxFd = Math.max(maxFd, n.intValue());
            }
        }
    }

    private static void network(TraceEvent e, Set<Integer> connect, Set<Integer> bind, Set<Integer> own, Set<String> endpoints,
            boolean[] inet) {
        String name = e.syscall();
        if (!NETWORK.contains(name)) return;
        Endpoint ep = Endpoint.of(e);
        if (ep == null || !ep.internet()) return;
        int port = ep.port() != null ? ep.port() : -1;
        if (name.equals("getsockname")) {
            if (e.success() && port > 0) own.add(port);
            return;
        }
        inet[0] = true;
        if (name.equals("sendmsg")) return;
        // -yy names the socket's protocol (TCP:[...], UDPv6:[...]); without it, count it as TCP, the one Landlock restricts
        String sock = e.argText("sockfd");
        boolean tcp = sock == null || !(sock.startsWith("UDP") || sock.startsWith("RAW") || sock.startsWith("PING"));
        if (!tcp) inet[1] = true;
        if (endpoints.size() < 6) endpoints.add((name.equals("bind") ? "bind " : "") + ep.text() + (tcp ? "" : " (udp)"));
        if (!tcp || port < 0) return;
        if (name.equals("bind")) bind.add(port);
        else connect.add(port);
    }

    /** The calls whose sockaddr tells what the network rules need: ports used, and the run's own listeners. */
    private static final Set<String> NETWORK = Set.of("connect", "bind", "sendto", "sendmsg", "getsockname");

    /** bind(2) of a pathname unix socket creates the socket file: Landlock wants MAKE_SOCK on its directory. */
    private void unixBind(TraceEvent e, FileAccesses files, Map<Integer, String> program) {
        if (!e.syscall().equals("bind") || !e.success() || !(e.decoded().get("addr") instanceof Map<?, ?> addr)
                || !"AF_UNIX".equals(addr.get("sa_family")) || !(addr.get("sun_path") instanceof String path)
                || path.isEmpty() || path.startsWith("@")) {
            return;
        }
        String abs = path.startsWith("/") ? path : files.cwd(e.pid()) + "/" + path;
        accesses.add(new Access(new FileAccess(e.seq(), e.timeNs(), e.pid(), "bind", FileAccess.Kind.CREATE, abs, null, true,
                null, true), program.getOrDefault(e.pid(), "?")));
    }
}

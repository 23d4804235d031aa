package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns syscall events into the filesystem accesses they made, with absolute paths: it follows
 * each process's working directory (inherited over fork, changed by chdir/fchdir) and anchors
 * {@code *at} calls at their directory fd when the trace resolved it ({@code -y}). Feed it every
 * event of a trace in order. Memory: one working directory per live process.
 */
public final class FileAccesses {
    private final Map<Integer, String> cwd = new HashMap<>();
    private String initialCwd = "/";

    /** The accesses {@code e} made; empty for events that are not filesystem syscalls. */
    public List<FileAccess> accept(TraceEvent e) {
        switch (e.type()) {
            case "header" -> {
                if (e.str("cwd") != null) initialCwd = e.str("cwd");
                return List.of();
            }
            case "process" -> {
                process(e);
                return List.of();
            }
            case "syscall" -> {
                return syscall(e);
            }
            default -> {
                return List.of();
            }
        }
    }

    /** The working directory {@code pid} is known to have. */
    public String cwd(int pid) {
        return cwd.getOrDefault(pid, initialCwd);
    }

    private void process(TraceEvent e) {
        switch (String.valueOf(e.kind())) {
            case "spawned" -> cwd.put((int) e.num("child_pid", 0), cwd(e.pid()));
            case "exited", "signaled" -> {
                if (e.num("tid", 0) == e.pid()) cwd.remove(e.pid());
            }
            default -> { }
        }
    }

    private List<FileAccess> syscall(TraceEvent e) {
        String name = e.syscall();
        // i386 calls share the names and argument names (decoded with 32-bit-safe signatures).
        if (name == null) return List.of();
        List<FileAccess> out = new ArrayList<>(2);
        switch (name) {
            case "open" -> open(e, out, null, "pathname", e.argText("flags"));
            case "openat" -> open(e, out, "dirfd", "pathname", e.argText("flags"));
            case "openat2" -> open(e, out, "dirfd", "pathname", String.valueOf(e.decoded().get("how")));
            case "creat" -> add(e, out, Kind.CREATE, null, "pathname");
            case "execve" -> add(e, out, Kind.EXEC, null, "pathname");
            case "execveat" -> add(e, out, Kind.EXEC, "dirfd", "pathname");
            case "unlink", "rmdir" -> add(e, out, Kind.DELETE, null, "pathname");
            case "unlinkat" -> add(e, out, Kind.DELETE, "dirfd", "pathname");
            case "mkdir", "mknod" -> add(e, out, Kind.CREATE, null, "pathname");
            case "mkdirat", "mknodat" -> add(e, out, Kind.CREATE, "dirfd", "pathname");
            case "truncate" -> add(e, out, Kind.WRITE, null, "path");
            case "rename" -> rename(e, out, Kind.RENAME, null, "oldpath", null, "newpath");
            case "renameat", "renameat2" -> rename(e, out, Kind.RENAME, "olddirfd", "oldpath", "newdirfd", "newpath");
            case "link" -> rename(e, out, Kind.CREATE, null, "oldpath", null, "newpath");
            case "linkat" -> rename(e, out, Kind.CREATE, "olddirfd", "oldpath", "newdirfd", "newpath");
            case "symlink" -> add(e, out, Kind.CREATE, null, "linkpath");
            case "symlinkat" -> add(e, out, Kind.CREATE, "newdirfd", "linkpath");
            case "chmod", "chown", "lchown", "setxattr", "lsetxattr", "removexattr", "lremovexattr" ->
                    add(e, out, Kind.ATTRIBUTES, null, "pathname", "path");
            case "fchmodat", "fchownat", "utimensat" -> add(e, out, Kind.ATTRIBUTES, "dirfd", "pathname");
            case "stat", "lstat", "access", "readlink", "statfs", "getxattr", "lgetxattr", "listxattr", "llistxattr" ->
                    add(e, out, Kind.STAT, null, "pathname", "path");
            case "newfstatat", "statx", "faccessat", "faccessat2", "readlinkat" -> add(e, out, Kind.STAT, "dirfd", "pathname");
            case "chdir" -> {
                if (e.argText("path") != null) chdir(e, out, resolve(e, null, e.argText("path")).path);
            }
            case "fchdir" -> {
                if (e.decoded().get("fd") instanceof Map<?, ?> m && m.get("path") instanceof String p) chdir(e, out, p);
            }
            default -> { }
        }
        return out;
    }

    private void open(TraceEvent e, List<FileAccess> out, String dirArg, String pathArg, String flags) {
        String f = flags == null ? "" : flags;
        // an O_PATH descriptor only names the file: nothing is read or written through it
        if (f.contains("O_PATH")) {
            add(e, out, Kind.STAT, dirArg, pathArg);
            return;
        }
        boolean writes = f.contains("O_WRONLY") || f.contains("O_RDWR") || f.contains("O_TRUNC");
        Kind kind = f.contains("O_CREAT") || f.contains("O_TMPFILE") ? Kind.CREATE : writes ? Kind.WRITE : Kind.READ;
        add(e, out, kind, dirArg, pathArg);
    }

    private void add(TraceEvent e, List<FileAccess> out, Kind kind, String dirArg, String... pathArgs) {
        for (String pathArg : pathArgs) {
            String path = e.argText(pathArg);
            if (path == null) continue;
            Resolved r = resolve(e, dirArg, path);
            out.add(new FileAccess(e.seq(), e.timeNs(), e.pid(), e.syscall(), kind, r.path, null, e.success(),
                    e.errno(), r.resolved));
            return;
        }
    }

    private void rename(TraceEvent e, List<FileAccess> out, Kind kind, String oldDir, String oldArg, String newDir,
            String newArg) {
        String from = e.argText(oldArg), to = e.argText(newArg);
        if (from == null || to == null) return;
        Resolved a = resolve(e, oldDir, from), b = resolve(e, newDir, to);
        if (kind == Kind.RENAME) {
            out.add(new FileAccess(e.seq(), e.timeNs(), e.pid(), e.syscall(), Kind.RENAME, a.path, b.path, e.success(),
                    e.errno(), a.resolved && b.resolved));
        } else {
            out.add(new FileAccess(e.seq(), e.timeNs(), e.pid(), e.syscall(), kind, b.path, a.path, e.success(),
                    e.errno(), b.resolved));
        }
    }

    private void chdir(TraceEvent e, List<FileAccess> out, String path) {
        out.add(new FileAccess(e.seq(), e.timeNs(), e.pid(), e.syscall(), Kind.CHDIR, path, null, e.success(), e.errno(),
                path.startsWith("/")));
        if (e.success() && path.startsWith("/")) cwd.put(e.pid(), path);
    }

    private Resolved resolve(TraceEvent e, String dirArg, String path) {
        if (path.startsWith("/")) return new Resolved(normalize(path), true);
        String base;
        Object dir = dirArg == null ? "AT_FDCWD" : e.decoded().get(dirArg);
        if ("AT_FDCWD".equals(dir)) {
            base = cwd(e.pid());
        } else if (dir instanceof Map<?, ?> m && m.get("path") instanceof String p && p.startsWith("/")) {
            base = p;
        } else if (dir instanceof String s && s.startsWith("AT_FDCWD<") && s.endsWith(">")) {
            base = s.substring(9, s.length() - 1);
        } else {
            return new Resolved(path, false);
        }
        return new Resolved(normalize(path.isEmpty() ? base : base + "/" + path), true);
    }

    /** Lexical normalisation (the kernel resolves symlinks; a trace cannot). */
    static String normalize(String path) {
        String[] parts = path.split("/");
        ArrayList<String> kept = new ArrayList<>(parts.length);
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!kept.isEmpty()) kept.removeLast();
            } else {
                kept.add(p);
            }
        }
        return "/" + String.join("/", kept);
    }

    private record Resolved(String path, boolean resolved) { }
}

package dev.sandtrace.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sandtrace policy check} warns about in an effective policy: valid, but probably not
 * what was meant. A policy that can execute nothing, and writable paths that hold files the host
 * runs later (git hooks, direnv's .envrc, shell start-up files): a sample that writes there gets
 * code run outside the sandbox, after it.
 */
public final class PolicyWarnings {
    private PolicyWarnings() {}

    /** Shell start-up files under the home directory, run by the next shell or login. */
    static final List<String> SHELL_RC = List.of(".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile",
            ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".config/fish/config.fish");

    /**
     * Writable paths of the profiles that are a fresh tmpfs inside the sandbox, not the host's: what the
     * sample writes there is gone after the run. (A --allow-path /tmp means the host's /tmp, but a home
     * directory or a repository directly in /tmp is rare enough not to warn about every policy.)
     */
    static final List<Path> PRIVATE = List.of(Path.of("/tmp"), Path.of("/dev/shm"));

    public static List<String> of(Policy policy, Path home) {
        List<String> out = new ArrayList<>();
        Policy.Filesystem fs = policy.filesystem();
        if (fs.allowExec().isEmpty()) {
            out.add("this policy can execute nothing: add allow_exec or allow_read paths (the program itself is always executable)");
        }
        for (Path w : fs.allowWrite()) {
            if (PRIVATE.contains(w)) continue;
            if (home != null && home.startsWith(w) && !protectedPath(fs, home)) {
                out.add("writable path " + w + (w.equals(home) ? " is" : " contains") + " the home directory " + home
                        + ": a sample can plant shell start-up files (~/.bashrc, ~/.profile) the host runs on the next login");
                continue;
            }
            for (String rc : SHELL_RC) {
                Path file = home == null ? null : home.resolve(rc);
                if (file != null && file.startsWith(w) && !protectedPath(fs, file)) {
                    out.add("writable path " + w + " holds the shell start-up file " + file
                            + ": a sample can plant commands the host runs on the next shell; add it to read_only");
                }
            }
            Path git = gitDirectory(w);
            if (git != null && !protectedPath(fs, git)) {
                out.add("writable path " + w + (git.equals(w.resolve(".git")) ? " contains .git" : " is inside " + git)
                        + ": a sample can plant hooks the host runs on the next git command; add it to read_only");
            }
            Path envrc = w.resolve(".envrc");
            if (Files.exists(envrc) && !protectedPath(fs, envrc)) {
                out.add("writable path " + w + " contains .envrc: a sample can plant commands direnv runs when the host enters"
                        + " the directory; add it to read_only");
            }
        }
        Policy.Network net = policy.network();
        if (net.proxied() && net.allowHosts().stream().anyMatch(h -> h.equals("*") || h.startsWith("*:"))) {
            out.add("allow_hosts \"*\" lets the sample reach every host through the proxy (each connection is logged), this"
                    + " machine's own services on 127.0.0.1 and the cloud metadata address included");
        }
        if (net.allow() && !net.allowHosts().isEmpty()) {
            out.add("allow_hosts has no effect with allow = true: the sample gets the whole host network");
        }
        return out;
    }

    /** The .git directory {@code w} contains, or is or is inside; null when none. */
    private static Path gitDirectory(Path w) {
        for (Path p = w; p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals(".git")) return p;
        }
        Path inside = w.resolve(".git");
        return Files.exists(inside) ? inside : null;
    }

    /** Whether a read_only or deny rule covers {@code p}: either way, the sample cannot write it. */
    private static boolean protectedPath(Policy.Filesystem fs, Path p) {
        return fs.readOnly().stream().anyMatch(p::startsWith) || fs.deny().stream().anyMatch(p::startsWith);
    }
}

package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.PausedChild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layer 1: a user namespace in which the caller's uid and gid map to themselves
 * (user_namespaces(7)). Unprivileged users can build every other layer inside it; a root
 * caller stays uid 0 inside, but with every capability dropped later, so it gains nothing.
 */
final class UserNamespace implements Layer {
    @Override public String name() { return "user namespace"; }
    @Override public int cloneFlags() { return PausedChild.CLONE_NEWUSER; }

    @Override
    public void apply(int pid, Injector child) {
        int uid = Libc.getuid();
        int gid = Libc.getgid();
        write(pid, "setgroups", "deny"); // required before gid_map for an unprivileged writer
        write(pid, "uid_map", uid + " " + uid + " 1\n");
        write(pid, "gid_map", gid + " " + gid + " 1\n");
    }

    private static void write(int pid, String file, String content) {
        Path p = Path.of("/proc", Integer.toString(pid), file);
        try {
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + p + ": " + e.getMessage(), e);
        }
    }
}

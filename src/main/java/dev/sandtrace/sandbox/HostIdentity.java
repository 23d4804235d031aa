package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Files;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.linux.LinuxException;
import dev.sandtrace.linux.PausedChild;
import dev.sandtrace.linux.Signals;
import dev.sandtrace.linux.Waiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Layer 1 for a root caller: the sample runs as uid and gid 0 of a user namespace that maps
 * them to the unprivileged host ids {@link #HOST_ID}, so that on the host it is nobody: it
 * cannot read files only root may read, nor own, chmod or chown root's files, whatever the view
 * shows. (Mapping root to itself, as an unprivileged caller's uid is, would leave the sample
 * the owner of every root-owned file it can reach.)
 *
 * <p>The namespace is made before the sandbox's child, by a short-lived paused process whose
 * maps and per-namespace limits are written from outside; its descriptor is inherited by the
 * child. The child builds the other namespaces and the view as real root (so it can make the
 * writable binds idmapped with this namespace, where files owned by host root appear owned by
 * the sample), and only then enters it: {@code setgroups(0)}, {@code setns}, {@code setresgid},
 * {@code setresuid}. Its mount, network, IPC and UTS namespaces stay owned by the host's user
 * namespace, so nothing the sample does inside can change them.
 */
final class HostIdentity implements Layer {
    /** The host uid and gid of the sample: nobody and nogroup. */
    static final int HOST_ID = 65534;
    private static final long AT_FDCWD = -100, O_WRONLY = 1, O_CLOEXEC = 02000000, CLONE_NEWUSER = 0x10000000;

    private final Arch arch;
    private int usernsFd = -1;

    HostIdentity(Arch arch) {
        this.arch = arch;
    }

    /**
     * Whether this caller gets this layer (real root) or {@link UserNamespace} (everyone else,
     * including uid 0 of a user namespace, such as sandtrace run inside a sandbox: it is not root on the host).
     */
    static boolean needed() {
        if (Libc.getuid() != 0) return false;
        try {
            return java.nio.file.Files.readString(Path.of("/proc/self/uid_map")).strip().matches("0\\s+0\\s+4294967295");
        } catch (IOException e) {
            return false;
        }
    }

    @Override public String name() { return "user namespace (uid 0 inside is host uid " + HOST_ID + ")"; }

    /** The namespace's descriptor, valid in the child too (for idmapped mounts); only after {@link #prepare}. */
    int usernsFd() {
        return usernsFd;
    }

    /** Makes the namespace; the view calls this first, as it needs the namespace for its idmapped binds. */
    @Override
    public void prepare(ChildMemory memory) {
        if (usernsFd >= 0) return;
        List<long[]> limits = new ArrayList<>();
        for (Map.Entry<String, String> l : MountView.USER_LIMITS.entrySet()) {
            limits.add(new long[] {memory.cString("/proc/sys/user/" + l.getKey()), memory.cString(l.getValue()), l.getValue().length()});
        }
        int holder = PausedChild.clone(arch, PausedChild.CLONE_NEWUSER, memory);
        try {
            write(holder, "setgroups", "deny");
            write(holder, "uid_map", "0 " + HOST_ID + " 1\n");
            write(holder, "gid_map", "0 " + HOST_ID + " 1\n");
            // the limits of /proc/sys/user belong to the namespace of the writer: the holder is in it
            try (Injector inside = new Injector(holder, arch)) {
                for (long[] l : limits) {
                    long fd;
                    try {
                        fd = inside.inject("openat", AT_FDCWD, l[0], O_WRONLY | O_CLOEXEC, 0);
                    } catch (LinuxException absent) {
                        continue; // an older kernel without this limit
                    }
                    inside.inject("write", fd, l[1], l[2]);
                    inside.inject("close", fd);
                }
            }
            usernsFd = Files.openRead("/proc/" + holder + "/ns/user");
        } finally {
            Libc.kill(holder, Signals.SIGKILL);
            new Waiter().await(holder);
        }
    }

    private static void write(int pid, String file, String content) {
        Path p = Path.of("/proc", Integer.toString(pid), file);
        try {
            java.nio.file.Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("setgroups", 0, 0); // host group 0 must not stay a supplementary group
        child.inject("setns", usernsFd, CLONE_NEWUSER);
        child.inject("setresgid", 0, 0, 0);
        child.inject("setresuid", 0, 0, 0);
        child.inject("close", usernsFd);
    }

    /** The parent's copy of the namespace descriptor, once the child has entered it. */
    void closeParentCopy() {
        if (usernsFd >= 0) Files.close(usernsFd);
    }
}

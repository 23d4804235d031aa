package dev.sandtrace.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in policy of {@code sandtrace run} and how the CLI flags adjust it. Documented in
 * docs/sandbox.md; the rationale for each choice is there.
 */
public final class DefaultPolicy {
    private DefaultPolicy() {}

    /** System trees a program needs to start and run: readable and executable, never writable. */
    static final List<String> SYSTEM_READ = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
            "/etc", "/opt", "/snap", "/sys",
            // only harmless devices (/dev is the sandbox's own: these are bound into it)
            "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty");
    static final List<String> SYSTEM_EXEC = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/snap");
    /** Writable devices; /tmp, /dev/shm and the home are the sandbox's private scratch space, not listed. */
    static final List<String> SYSTEM_WRITE = List.of("/dev/null", "/dev/zero", "/dev/full", "/dev/tty");
    /** Secrets under the home directory: masked even when the home directory is allowed. */
    public static final List<String> HOME_SECRETS = List.of(".ssh", ".gnupg", ".aws", ".azure", ".config/gcloud", ".kube",
            ".docker", ".netrc", ".npmrc", ".pypirc", ".git-credentials", ".config/gh", ".password-store",
            ".local/share/keyrings", ".mozilla", ".config/google-chrome", ".config/chromium", ".bash_history",
            ".zsh_history");
    /** System secrets masked always. */
    public static final List<String> SYSTEM_SECRETS = List.of("/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-",
            "/etc/sudoers", "/etc/ssh", "/etc/ssl/private", "/etc/.pwd.lock", "/dev/log", "/var/run/docker.sock");

    /** Default limits: stop a fork bomb and a memory balloon, leave room for npm install and compilers. */
    public static final Policy.Limits LIMITS = new Policy.Limits(
            16L << 30,   // address space 16 GiB: V8 and the JVM reserve a lot they never touch
            1024,        // processes (RLIMIT_NPROC counts per real uid inside the user namespace)
            8L << 30,    // file size 8 GiB
            4096,        // open files
            0,           // CPU seconds: unlimited, --timeout bounds wall time instead
            512L << 20); // the one tmpfs shared by /tmp, /dev/shm and the private home: room for a build, not a disk filler

    /**
     * The default policy for a user whose home is {@code home}, with the flags' adjustments:
     * {@code allowPaths} readable, writable and executable; {@code allowNet} keeps the host network.
     */
    public static Policy of(Path home, List<Path> allowPaths, boolean allowNet) {
        return of(home, ExtraPaths.of(allowPaths), new Policy.Network(allowNet), Policy.Action.ERRNO);
    }

    /** As above, with the network part and the seccomp action given whole. */
    public static Policy of(Path home, List<Path> allowPaths, Policy.Network network, Policy.Action seccompAction) {
        return of(home, ExtraPaths.of(allowPaths), network, seccompAction);
    }

    /** As above, with every path flag ({@code --allow-path}, {@code --allow-read}, {@code --allow-write}, {@code --allow-exec}). */
    public static Policy of(Path home, ExtraPaths extra, Policy.Network network, Policy.Action seccompAction) {
        List<Path> read = new ArrayList<>(paths(SYSTEM_READ));
        List<Path> write = new ArrayList<>(paths(SYSTEM_WRITE));
        List<Path> exec = new ArrayList<>(paths(SYSTEM_EXEC));
        read.addAll(extra.readable());
        write.addAll(extra.writable());
        exec.addAll(extra.executable());
        // kept even when missing: a ~/.aws/config that does not exist must not be creatable either
        List<Path> deny = new ArrayList<>(paths(SYSTEM_SECRETS));
        for (String s : HOME_SECRETS) {
            if (home != null) deny.add(home.resolve(s));
            deny.addAll(Globs.expand("/home/*/" + s)); // everyone's, for a --allow-path that covers /home
        }
        return new Policy(new Policy.Filesystem(existing(read), existing(write), existing(exec), deny.stream().distinct().toList()),
                network, new Policy.Syscalls(List.of(), seccompAction), LIMITS, Policy.Env.CLEARED);
    }

    private static List<Path> paths(List<String> names) {
        return names.stream().map(Path::of).toList();
    }

    private static List<Path> existing(List<Path> paths) {
        return paths.stream().filter(Files::exists).distinct().toList();
    }
}

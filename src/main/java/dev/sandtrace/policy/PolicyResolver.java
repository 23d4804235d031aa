package dev.sandtrace.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a policy file into the effective policy of one run: globs expanded now (at launch),
 * {@code allow_read} also granting execution when the file names no {@code allow_exec} (the
 * original sandtrace's meaning, so that its policies run programs), the flags merged on top
 * ({@link ExtraPaths}; {@code --allow-net} turns the network on; {@code --allow-port} adds
 * connect ports; {@code --seccomp-action} overrides), unset limits taken from the defaults.
 */
public final class PolicyResolver {
    private PolicyResolver() {}

    /** Flags given on the command line; empty or null where not given. */
    public record Flags(ExtraPaths paths, boolean allowNet, List<Integer> allowPorts, List<String> allowHosts, Policy.Action action) {
        /** Only {@code --allow-path} among the path flags. */
        public Flags(List<Path> allowPaths, boolean allowNet, List<Integer> allowPorts, Policy.Action action) {
            this(ExtraPaths.of(allowPaths), allowNet, allowPorts, List.of(), action);
        }

        public Flags(ExtraPaths paths, boolean allowNet, List<Integer> allowPorts, Policy.Action action) {
            this(paths, allowNet, allowPorts, List.of(), action);
        }
    }

    /** What a missing path in a list means: a warning (allows), nothing (read_only), or a rule anyway (deny). */
    private enum Missing { WARN, SKIP, KEEP }

    public static Policy resolve(PolicyFile f, Flags flags, List<String> warnings) {
        List<Path> fileRead = expand(f.allowRead(), warnings, Missing.WARN);
        // flags only add: an --allow-exec does not take away what allow_read grants
        List<Path> fileExec = f.allowExec().isEmpty() ? fileRead : expand(f.allowExec(), warnings, Missing.WARN);
        List<Path> read = with(fileRead, flags.paths().readable());
        List<Path> write = with(expand(f.allowWrite(), warnings, Missing.WARN), flags.paths().writable());
        List<Path> exec = with(fileExec, flags.paths().executable());
        // a secret that does not exist yet is masked too, so that it cannot be planted
        List<Path> deny = expand(f.deny(), warnings, Missing.KEEP);
        List<Path> readOnly = expand(f.readOnly(), warnings, Missing.SKIP);
        boolean net = flags.allowNet() || Boolean.TRUE.equals(f.networkAllow());
        Set<Integer> ports = new LinkedHashSet<>(f.connectPorts());
        ports.addAll(flags.allowPorts());
        Policy.Action action = flags.action() != null ? flags.action() : f.action() != null ? f.action() : Policy.Action.ERRNO;
        Policy.Limits d = DefaultPolicy.LIMITS;
        Policy.Limits limits = new Policy.Limits(or(f.memory(), d.addressSpaceBytes()), or(f.processes(), d.processes()),
                or(f.fileSize(), d.fileSizeBytes()), or(f.openFiles(), d.openFiles()), or(f.cpuTime(), d.cpuSeconds()),
                or(f.tmpfs(), d.scratchBytes()));
        PolicyFile.Env e = f.env();
        return new Policy(new Policy.Filesystem(read, write, exec, deny, readOnly),
                new Policy.Network(net, List.copyOf(ports), f.bindPorts(), f.socketFamilies(), union(f.allowHosts(), flags.allowHosts())),
                new Policy.Syscalls(f.denySyscalls(), action), limits,
                new Policy.Env(Boolean.TRUE.equals(e.keepAll()), e.pass(), e.set()));
    }

    /**
     * {@code policy} with {@code program} (the resolved PROGRAM of the command line) readable and
     * executable: the program named on the command line always runs, whatever the lists say. Its
     * symlink-resolved path is added too (Landlock checks the file reached). A path already covered
     * by an exec rule adds nothing, and so does one under a deny path: deny wins over every allow,
     * this one too.
     */
    public static Policy withProgram(Policy policy, Path program) {
        Path abs = program.toAbsolutePath().normalize();
        List<Path> add = new ArrayList<>(List.of(abs));
        try {
            Path real = abs.toRealPath();
            if (!real.equals(abs)) add.add(real);
        } catch (IOException e) {
            // it is executed by this path; if it cannot be resolved, the exec fails on its own terms
        }
        Policy.Filesystem fs = policy.filesystem();
        List<Path> uncovered = add.stream()
                .filter(p -> fs.allowExec().stream().noneMatch(p::startsWith) && fs.deny().stream().noneMatch(p::startsWith)).toList();
        if (uncovered.isEmpty()) return policy;
        return new Policy(new Policy.Filesystem(with(fs.allowRead(), uncovered), fs.allowWrite(), with(fs.allowExec(), uncovered),
                fs.deny(), fs.readOnly()), policy.network(), policy.syscalls(), policy.limits(), policy.env());
    }

    private static List<Path> expand(List<String> patterns, List<String> warnings, Missing missing) {
        List<Path> out = new ArrayList<>();
        for (String p : patterns) {
            List<Path> matches = Globs.expand(p);
            if (Globs.isGlob(p) && matches.isEmpty()) warnings.add("pattern " + p + " matches nothing");
            for (Path m : matches) {
                if (missing == Missing.KEEP || Files.exists(m)) {
                    if (!out.contains(m)) out.add(m);
                } else if (!Globs.isGlob(p) && missing == Missing.WARN) {
                    warnings.add(m + " does not exist");
                }
            }
        }
        return out;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        for (T t : b) if (!out.contains(t)) out.add(t);
        return List.copyOf(out);
    }

    private static List<Path> with(List<Path> a, List<Path> b) {
        List<Path> out = new ArrayList<>(a);
        for (Path p : b) if (!out.contains(p)) out.add(p);
        return List.copyOf(out);
    }

    private static long or(Long v, long fallback) {
        return v != null ? v : fallback;
    }
}

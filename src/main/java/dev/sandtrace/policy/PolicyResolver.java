package dev.sandtrace.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a policy file into the effective policy of one run: globs expanded now (at launch),
 * the flags merged on top ({@code --allow-path} adds to read, write and exec; {@code --allow-net}
 * turns the network on; {@code --allow-port} adds connect ports; {@code --seccomp-action}
 * overrides), unset limits taken from the defaults.
 */
public final class PolicyResolver {
    private PolicyResolver() {}

    /** Flags given on the command line; null or empty where not given. */
    public record Flags(List<Path> allowPaths, boolean allowNet, List<Integer> allowPorts, Policy.Action action) {}

    public static Policy resolve(PolicyFile f, Flags flags, List<String> warnings) {
        List<Path> extra = flags.allowPaths().stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<Path> read = with(expand(f.allowRead(), warnings, false), extra);
        List<Path> write = with(expand(f.allowWrite(), warnings, false), extra);
        List<Path> exec = with(expand(f.allowExec(), warnings, false), extra);
        List<Path> deny = expand(f.deny(), warnings, true);
        boolean net = flags.allowNet() || Boolean.TRUE.equals(f.networkAllow());
        Set<Integer> ports = new LinkedHashSet<>(f.connectPorts());
        ports.addAll(flags.allowPorts());
        Policy.Action action = flags.action() != null ? flags.action() : f.action() != null ? f.action() : Policy.Action.ERRNO;
        Policy.Limits d = DefaultPolicy.LIMITS;
        Policy.Limits limits = new Policy.Limits(or(f.memory(), d.addressSpaceBytes()), or(f.processes(), d.processes()),
                or(f.fileSize(), d.fileSizeBytes()), or(f.openFiles(), d.openFiles()), or(f.cpuTime(), d.cpuSeconds()));
        return new Policy(new Policy.Filesystem(read, write, exec, deny),
                new Policy.Network(net, List.copyOf(ports), f.bindPorts()),
                new Policy.Syscalls(f.denySyscalls(), action), limits);
    }

    private static List<Path> expand(List<String> patterns, List<String> warnings, boolean keepMissing) {
        List<Path> out = new ArrayList<>();
        for (String p : patterns) {
            List<Path> matches = Globs.expand(p);
            if (Globs.isGlob(p) && matches.isEmpty()) warnings.add("pattern " + p + " matches nothing");
            for (Path m : matches) {
                if (keepMissing || java.nio.file.Files.exists(m)) {
                    if (!out.contains(m)) out.add(m);
                } else if (!Globs.isGlob(p)) {
                    warnings.add(m + " does not exist");
                }
            }
        }
        return out;
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

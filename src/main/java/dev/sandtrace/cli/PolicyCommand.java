package dev.sandtrace.cli;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.Landlock;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.policy.PolicyException;
import dev.sandtrace.policy.PolicyFile;
import dev.sandtrace.policy.PolicyLoader;
import dev.sandtrace.policy.PolicyResolver;
import dev.sandtrace.policy.PolicyWarnings;
import dev.sandtrace.policy.SyscallGroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sandtrace policy check|show|groups}. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Check policy files, show the built-in profiles, list syscall groups.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Show.class, PolicyCommand.Groups.class})
public final class PolicyCommand {

    static PolicyLoader loader() {
        return new PolicyLoader(Arch.host(), home(), Path.of("").toAbsolutePath());
    }

    /** $HOME as the user's shell sees it (what ~ and secrets like ~/.ssh mean); the passwd entry otherwise. */
    static Path home() {
        String env = System.getenv("HOME");
        return Path.of(env != null && !env.isEmpty() ? env : System.getProperty("user.home"));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate FILE (or a built-in profile NAME) and print the effective policy after includes,",
                "flags and glob expansion, which layer enforces each rule on this kernel, and what cannot be enforced.",
                "Exit status: 0 valid, 1 invalid, 2 usage."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE|NAME", description = "A policy file or a built-in profile name.")
        String policy;

        /** As for run: merged on top of the file. */
        @CommandLine.Mixin
        SandboxFlags sandbox = new SandboxFlags();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PolicyFile file;
            try {
                file = loader().load(policy);
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                err.println("sandtrace: " + policy + ": invalid (" + e.problems().size() + (e.problems().size() == 1 ? " problem)" : " problems)"));
                return 1;
            }
            List<String> warnings = new ArrayList<>();
            Policy p = PolicyResolver.resolve(file, new PolicyResolver.Flags(sandbox.paths(), sandbox.allowNet, List.of(), null), warnings);
            warnings.addAll(PolicyWarnings.of(p, home()));
            warnings.stream().distinct().forEach(w -> err.println("sandtrace: warning: " + w));
            int abi = Landlock.abiVersion();
            out.println("# " + file.source() + (file.sha256().isEmpty() ? "" : " (sha256 " + file.sha256() + ")") + ": valid");
            out.println("# effective policy on this machine (Landlock ABI " + (abi > 0 ? abi : "unavailable") + ")");
            section(out, "read (landlock)", p.filesystem().allowRead());
            section(out, "execute (landlock)", p.filesystem().allowExec());
            section(out, "write (landlock)", p.filesystem().allowWrite());
            section(out, "read-only inside writable trees (read_only)", p.filesystem().readOnly());
            section(out, "deny (mount masks, after symlinks)", p.filesystem().deny());
            out.println("network: " + (p.network().allow() ? "host network"
                    : p.network().proxied() ? "only through sandtrace's egress proxy (network namespace with loopback only; the proxy"
                            + " connects to these hosts by name): " + String.join(", ", p.network().allowHosts())
                    : "none but loopback (network namespace)"));
            if (p.network().allow() && !p.network().allowHosts().isEmpty()) {
                out.println("  allow_hosts has no effect with allow = true (the whole host network): " + String.join(", ", p.network().allowHosts()));
            }
            if (!p.network().connectPorts().isEmpty() || !p.network().bindPorts().isEmpty()) {
                out.println("  connect ports " + p.network().connectPorts() + ", bind ports " + p.network().bindPorts()
                        + (abi >= 4 ? " (landlock)" : " NOT ENFORCED: needs Landlock ABI 4"));
            }
            dev.sandtrace.policy.SocketRules sockets = dev.sandtrace.policy.SocketRules.of(p.network());
            List<String> families = new java.util.ArrayList<>(List.of("unix", "inet", "inet6", sockets.anyNetlink() ? "netlink" : "netlink (route)"));
            for (int af : sockets.extraFamilies()) families.add(dev.sandtrace.linux.Xlat.of("addrfams").name(af).substring(3).toLowerCase(java.util.Locale.ROOT));
            out.println("  socket families (seccomp): " + String.join(", ", families)
                    + (sockets.tcpOnly() ? "; inet and inet6 TCP only (UDP, MPTCP, raw refused; DNS over TCP: resolv.conf use-vc)" : ""));
            out.println("syscalls denied on top of the mandatory set (seccomp, action " + p.syscalls().action().name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + (p.syscalls().deny().isEmpty() ? "none" : String.join(" ", p.syscalls().deny())));
            Policy.Limits l = p.limits();
            out.printf("limits (rlimits): processes %d, file size %s, open files %d, cpu %s%n",
                    l.processes(), bytes(l.fileSizeBytes()), l.openFiles(),
                    l.cpuSeconds() == 0 ? "unlimited" : l.cpuSeconds() + "s");
            out.println("memory (" + (dev.sandtrace.sandbox.Launcher.cgroupGaps().stream().noneMatch(g -> g.startsWith("memory.max"))
                    ? "cgroup memory.max" : "RLIMIT_AS: no memory cgroup for this user here") + "): " + bytes(p.limits().addressSpaceBytes()));
            out.println("tmpfs (/tmp, /dev/shm and the private home together): " + bytes(l.scratchBytes()));
            out.println("environment: " + environment(p.env()));
            if (file.timeout() != null) out.println("timeout: " + file.timeout() + "s");
            if (abi < 6 && abi > 0) out.println("not enforced here: abstract unix socket and signal scoping (Landlock ABI 6)");
            out.flush();
            return 0;
        }

        private static String environment(Policy.Env env) {
            if (env.keepAll()) return "the caller's whole environment" + (env.set().isEmpty() ? "" : ", and set " + env.set().keySet());
            String s = "the standard variables";
            if (!env.pass().isEmpty()) s += ", passed from the caller " + env.pass();
            if (!env.set().isEmpty()) s += ", set " + env.set().keySet();
            return s;
        }

        private static void section(PrintWriter out, String title, List<Path> paths) {
            out.println(title + ":");
            for (Path p : paths) out.println("  " + p);
        }

        private static String bytes(long b) {
            if (b <= 0) return "unlimited";
            String[] units = {"", "K", "M", "G", "T"};
            int u = 0;
            double v = b;
            while (v >= 1024 && u < units.length - 1 && v % 1024 == 0) {
                v /= 1024;
                u++;
            }
            return (long) v + units[u];
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a built-in profile.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "One of: ${COMPLETION-CANDIDATES}")
        Profile name;

        enum Profile {
            DEFAULT("default"), STRICT("strict"), PERMISSIVE("permissive"), NPM_INSTALL("npm-install"), PIP_INSTALL("pip-install");

            final String file;

            Profile(String file) {
                this.file = file;
            }

            @Override
            public String toString() {
                return file;
            }
        }

        @Override
        public Integer call() throws IOException {
            spec.commandLine().getOut().print(PolicyLoader.profileText(name.file));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "groups", mixinStandardHelpOptions = true, description = "List the syscall groups usable in [syscalls] deny.")
    static final class Groups implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Map.Entry<String, List<String>> g : SyscallGroups.GROUPS.entrySet()) {
                List<String> names = SyscallGroups.expand(g.getKey()).stream().filter(n -> Arch.host().syscallNumber(n) >= 0).toList();
                out.println(g.getKey() + ": " + String.join(" ", names));
            }
            out.flush();
            return 0;
        }
    }
}

package dev.sandtrace.learn;

import dev.sandtrace.learn.Demand.Right;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.DefaultPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the observations of a learning run into the smallest policy that lets the same run
 * succeed (docs/learn.md): filesystem rules from {@link PathGeneraliser}, secrets and the base's
 * masks the run touched on the deny list, network only if used, the dangerous syscall groups it
 * never called denied, limits a margin above what it used.
 */
public final class Learner {
    private final String home;
    private final Secrets secrets;
    private final HostFiles host;
    private final Arch arch;
    private final int landlockAbi;

    public Learner(String home, HostFiles host, Arch arch, int landlockAbi) {
        this.home = home;
        this.secrets = new Secrets(home);
        this.host = host;
        this.arch = arch;
        this.landlockAbi = landlockAbi;
    }

    /** What was learned, and the notes the user must read (refused and secret accesses). */
    public record Learned(LearnedPolicy policy, PathGeneraliser.Result paths, List<String> notes) {}

    /** {@code baseDeny}: the base policy's deny list (its masks, which the learning run lived with). */
    public Learned learn(Observations o, List<Path> baseDeny, String command) {
        List<Demand> demands = Demands.of(o.accesses, host);
        PathGeneraliser.Result paths = new PathGeneraliser(secrets).generalise(demands);
        List<String> notes = new ArrayList<>();
        List<LearnedPolicy.Entry> deny = deny(o, paths, baseDeny, notes);
        for (Demand d : paths.refused()) {
            String note = "not granted: " + d.verb() + " " + d.name() + " by " + d.program() + " (a rule there would cover "
                    + (d.path().equals("/") ? "/" : d.path()) + " whole)";
            if (!notes.contains(note) && notes.size() < 40) notes.add(note);
        }
        List<String> header = new ArrayList<>();
        header.add("Learned by `sandtrace learn` from: " + command);
        header.add("Working directory: " + o.cwd + "; base policy: " + o.basePolicy);
        header.add("Learning run: " + o.ending + ", " + o.totalSyscalls + " syscalls, " + o.processes + " processes, "
                + String.format(java.util.Locale.ROOT, "%.2f", o.durationMs / 1000.0) + " s"
                + (o.violations.isEmpty() ? "" : ", " + o.violations.size() + " denials by the base policy (expected again)"));
        header.add("Each rule's comment says which accesses produced it. Replay: sandtrace run --policy THIS_FILE -- " + command);
        if (!paths.implicit().isEmpty()) {
            header.add(paths.implicit().size() + " accesses need no rule: the sandbox's own /proc is readable, /dev/fd reopens a descriptor");
        }
        for (String n : notes) header.add(n);
        for (String h : o.hostsRefused) {
            String note = "not granted: a connection to " + h + " (the learning run's allow_hosts refused it)";
            if (notes.size() < 40) notes.add(note);
        }
        LearnedPolicy policy = new LearnedPolicy(header, paths.rules(), deny, network(o),
                SyscallDenials.of(o.syscalls, arch), limits(o));
        return new Learned(policy, paths, notes);
    }

    private List<LearnedPolicy.Entry> deny(Observations o, PathGeneraliser.Result paths, List<Path> baseDeny, List<String> notes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Demand>> s : paths.secrets().entrySet()) {
            Demand first = s.getValue().getFirst();
            String why = "the run used this secret (" + first.verb() + " " + first.name() + " by " + first.program()
                    + "): denied on purpose, the replay may differ";
            out.put(s.getKey(), why);
            notes.add("secret denied on purpose: " + first.verb() + " " + first.name() + " by " + first.program());
        }
        Set<String> candidates = new TreeSet<>();
        for (Path p : baseDeny) candidates.add(p.toString());
        for (String s : DefaultPolicy.SYSTEM_SECRETS) candidates.add(s);
        if (home != null && !home.equals("/")) for (String s : DefaultPolicy.HOME_SECRETS) candidates.add(home + "/" + s);
        for (String c : candidates) {
            if (out.containsKey(c)) continue;
            long touched = o.violations.stream().filter(v -> v.target() != null && Secrets.beneath(v.target(), c)).count();
            if (touched > 0) {
                out.put(c, "masked by the base policy too: the learning run was denied " + touched + " time(s) beneath it");
                continue;
            }
            if (!Files.exists(Path.of(c))) continue;
            String real = host.real(c);
            for (Rule r : paths.rules()) {
                if (Secrets.beneath(real, r.path()) && !real.equals(r.path())) {
                    out.put(c, "a secret beneath the allowed " + r.path());
                    break;
                }
            }
        }
        List<LearnedPolicy.Entry> entries = new ArrayList<>();
        out.forEach((p, why) -> entries.add(new LearnedPolicy.Entry(p, why)));
        return entries;
    }

    private LearnedPolicy.Network network(Observations o) {
        if (!o.hostsReached.isEmpty() || !o.hostsRefused.isEmpty()) {
            // the run's only way out was the egress proxy: the hosts by name, which is what the policy should say
            return new LearnedPolicy.Network(false, "the run reached the network only through the egress proxy, which connected"
                    + " to " + o.hostsReached.size() + " host(s)" + (o.hostsRefused.isEmpty() ? "" : " and refused " + o.hostsRefused.size()),
                    List.of(), "", List.of(), "", List.copyOf(o.hostsReached));
        }
        Observations.Network n = o.network;
        if (!n.used()) {
            return new LearnedPolicy.Network(false, "the run opened no internet socket (loopback stays inside the sandbox)",
                    List.of(), "", List.of(), "");
        }
        String abiNote = landlockAbi >= 4 ? "" : " (not enforced here: needs Landlock ABI 4)";
        String why = "the run used the network: " + String.join(", ", n.endpoints());
        List<Integer> connect = List.of();
        String connectWhy;
        Set<Integer> ephemeral = new TreeSet<>(n.tcpConnect());
        ephemeral.retainAll(n.ownPorts());
        if (n.tcpConnect().isEmpty()) {
            connectWhy = "no TCP connect seen (an empty list cannot forbid them: every port stays open)";
        } else if (n.tcpBind().contains(0) && !ephemeral.isEmpty()) {
            connectWhy = "it connected to its own listener on port " + ephemeral + ", an ephemeral port that changes every run: not restricted";
        } else {
            connect = List.copyOf(n.tcpConnect());
            connectWhy = "TCP connects seen to these ports" + abiNote;
        }
        List<Integer> bind = List.of();
        String bindWhy;
        if (n.tcpBind().isEmpty()) bindWhy = "no TCP bind seen (an empty list cannot forbid them)";
        else if (n.tcpBind().contains(0)) bindWhy = "it bound port 0 (an ephemeral port), which a port rule cannot name: not restricted";
        else {
            bind = List.copyOf(n.tcpBind());
            bindWhy = "TCP binds seen on these ports" + abiNote;
        }
        return new LearnedPolicy.Network(true, why, connect, connectWhy, bind, bindWhy);
    }

    private static LearnedPolicy.Limits limits(Observations o) {
        long timeout = Math.max(10, (long) Math.ceil(3 * o.durationMs / 1000.0));
        long processes = Math.max(16, 2L * o.tasks);
        long files = Math.max(256, 2L * (o.maxFd + 1));
        return new LearnedPolicy.Limits(timeout, "seconds: the learning run took " + o.durationMs + " ms; max(10, 3x)",
                processes, "the learning run started " + o.tasks + " tasks (processes and threads); max(16, 2x)",
                files, "the highest descriptor the run held was " + o.maxFd + "; max(256, 2x)");
    }

    /** The rules of one right, for summaries. */
    public static List<Rule> rules(LearnedPolicy p, Right r) {
        return p.rules().stream().filter(x -> x.right() == r).toList();
    }

    /** Distinct programs that made the accesses, for summaries. */
    static Set<String> programs(List<Demand> ds) {
        Set<String> out = new LinkedHashSet<>();
        for (Demand d : ds) out.add(d.program());
        return out;
    }
}

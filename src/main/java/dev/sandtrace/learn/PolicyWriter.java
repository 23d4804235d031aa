package dev.sandtrace.learn;

import dev.sandtrace.learn.Demand.Right;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link LearnedPolicy} as a TOML policy file (docs/policy.md) whose every rule carries
 * a comment naming the accesses that produced it, bounded in length. Paths beneath the home
 * directory are written with {@code ~} so the policy travels with its user.
 */
public final class PolicyWriter {
    /** Longest comment, in characters: enough for a count, three names and the programs. */
    static final int COMMENT_MAX = 140;
    private final String home;

    public PolicyWriter(String home) {
        this.home = home == null || home.equals("/") ? null : home;
    }

    public String write(LearnedPolicy p) {
        StringBuilder out = new StringBuilder();
        for (String h : p.header()) out.append("# ").append(h).append('\n');
        out.append("\n[filesystem]\n");
        for (Right r : Right.values()) {
            List<String[]> lines = new ArrayList<>();
            for (Rule rule : p.rules()) if (rule.right() == r) lines.add(new String[] {path(rule.path()), describe(rule)});
            list(out, r.key, lines);
        }
        List<String[]> deny = new ArrayList<>();
        for (LearnedPolicy.Entry e : p.deny()) deny.add(new String[] {path(e.path()), e.why()});
        list(out, "deny", deny);

        LearnedPolicy.Network n = p.network();
        out.append("\n[network]\n");
        out.append("allow = ").append(n.allow()).append("  # ").append(bounded(n.why())).append('\n');
        if (!n.allowHosts().isEmpty()) {
            out.append("allow_hosts = [");
            for (int i = 0; i < n.allowHosts().size(); i++) out.append(i == 0 ? "" : ", ").append(quote(n.allowHosts().get(i)));
            out.append("]  # the hosts the run reached through the egress proxy, by the names it asked for\n");
        }
        if (n.allow()) {
            out.append("connect_ports = ").append(n.connectPorts()).append("  # ").append(bounded(n.connectWhy())).append('\n');
            out.append("bind_ports = ").append(n.bindPorts()).append("  # ").append(bounded(n.bindWhy())).append('\n');
        }

        out.append("\n[syscalls]\n");
        List<String[]> sys = new ArrayList<>();
        for (SyscallDenials.Denial d : p.syscalls()) sys.add(new String[] {quote(d.name()), d.why()});
        listQuoted(out, "deny", sys);
        out.append("action = \"errno\"  # a denied call fails with EPERM\n");

        LearnedPolicy.Limits l = p.limits();
        out.append("\n[limits]\n");
        out.append("timeout = ").append(l.timeoutSeconds()).append("  # ").append(bounded(l.timeoutWhy())).append('\n');
        out.append("processes = ").append(l.processes()).append("  # ").append(bounded(l.processesWhy())).append('\n');
        out.append("open_files = ").append(l.openFiles()).append("  # ").append(bounded(l.openFilesWhy())).append('\n');
        return out.toString();
    }

    private void list(StringBuilder out, String key, List<String[]> pathAndWhy) {
        List<String[]> quoted = new ArrayList<>();
        for (String[] e : pathAndWhy) quoted.add(new String[] {quote(e[0]), e[1]});
        listQuoted(out, key, quoted);
    }

    private static void listQuoted(StringBuilder out, String key, List<String[]> entries) {
        if (entries.isEmpty()) {
            out.append(key).append(" = []\n");
            return;
        }
        int width = entries.stream().mapToInt(e -> e[0].length()).max().orElse(0) + 1;
        out.append(key).append(" = [\n");
        for (String[] e : entries) {
            out.append("  ").append(e[0]).append(',').append(" ".repeat(Math.max(1, width - e[0].length())))
                    .append(" # ").append(bounded(e[1])).append('\n');
        }
        out.append("]\n");
    }

    /** "~/x" for paths beneath the home directory. */
    String path(String p) {
        if (home != null && p.startsWith(home + "/")) return "~/" + p.substring(home.length() + 1);
        return p;
    }

    /** What produced a rule: each verb with its count, a few names (relative to the rule), the programs, the generalisation. */
    static String describe(Rule rule) {
        Map<String, Set<String>> byVerb = new LinkedHashMap<>();
        Set<String> programs = new LinkedHashSet<>();
        for (Demand d : rule.sources()) {
            byVerb.computeIfAbsent(d.verb(), k -> new LinkedHashSet<>()).add(relative(rule.path(), d.name()));
            if (!d.program().equals("?")) programs.add(d.program());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Set<String>> v : byVerb.entrySet()) {
            List<String> names = new ArrayList<>(v.getValue());
            names.remove("");
            String sample = names.isEmpty() ? "" : " (" + String.join(", ", names.subList(0, Math.min(3, names.size())))
                    + (names.size() > 3 ? ", …" : "") + ")";
            parts.add(names.isEmpty() && v.getValue().size() == 1 ? v.getKey() : v.getKey() + " " + v.getValue().size() + sample);
        }
        String text = String.join("; ", parts);
        if (!programs.isEmpty()) {
            List<String> progs = new ArrayList<>(programs);
            text += " by " + String.join(", ", progs.subList(0, Math.min(3, progs.size()))) + (progs.size() > 3 ? ", …" : "");
        }
        if (rule.why() != null) text += " [" + rule.why() + "]";
        return text;
    }

    private static String relative(String rulePath, String name) {
        if (name.equals(rulePath)) return "";
        if (Secrets.beneath(name, rulePath)) return name.substring(rulePath.equals("/") ? 1 : rulePath.length() + 1);
        return name;
    }

    /** A comment cut to COMMENT_MAX characters, on one line. */
    static String bounded(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= COMMENT_MAX ? one : one.substring(0, COMMENT_MAX - 1) + "…";
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04X", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}

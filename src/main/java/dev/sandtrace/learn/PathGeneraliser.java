package dev.sandtrace.learn;

import dev.sandtrace.learn.Demand.Right;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the demands of a run into as few rules as stay honest (docs/learn.md): exact files for
 * isolated accesses; a directory once {@link #SIBLINGS} of its entries are used (or it was listed,
 * or files were created in it); the system trees whole for reading and executing. Never {@code /},
 * a home directory or one of its ancestors, {@code /dev} or a secret: a secret the run used goes to
 * the deny list instead, and what no rule may grant is reported as refused.
 */
public final class PathGeneraliser {
    /** How many used entries of a directory make the directory the rule. */
    public static final int SIBLINGS = 4;
    /** Read and executed whole: what a dynamically linked program needs to start, and never written. */
    static final List<String> SYSTEM_TREES = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** The sandbox's private tmpfs: as a rule they mean the private mount, so host files beneath them stay exact. */
    static final List<String> PRIVATE = List.of("/tmp", "/run", "/dev/shm");

    /**
     * {@code rules}: what to allow. {@code secrets}: secrets the run used, to deny. {@code refused}:
     * demands no rule may grant (the replay may differ there). {@code implicit}: demands the sandbox
     * grants without a rule (its own /proc, descriptors reopened through /dev/fd).
     */
    public record Result(List<Rule> rules, Map<String, List<Demand>> secrets, List<Demand> refused, List<Demand> implicit) {}

    private final Secrets secrets;

    public PathGeneraliser(Secrets secrets) {
        this.secrets = secrets;
    }

    public Result generalise(List<Demand> demands) {
        Map<Right, Map<String, Entry>> byRight = new EnumMap<>(Right.class);
        for (Right r : Right.values()) byRight.put(r, new TreeMap<>());
        Map<String, List<Demand>> secretUse = new TreeMap<>();
        List<Demand> refused = new ArrayList<>(), implicit = new ArrayList<>();
        for (Demand d : demands) {
            if (implicit(d)) {
                implicit.add(d);
                continue;
            }
            String secret = secrets.secretOf(d.path());
            if (secret != null) {
                secretUse.computeIfAbsent(secret, k -> new ArrayList<>()).add(d);
                continue;
            }
            String key = d.path(), why = null;
            String top = d.right() == Right.WRITE ? null : systemTree(key);
            if (top != null) {
                key = top;
                why = "system tree";
            }
            if (!mayBeRule(key)) {
                refused.add(d);
                continue;
            }
            Entry e = byRight.get(d.right()).computeIfAbsent(key, k -> new Entry());
            e.sources.add(d);
            if (why != null) e.why = why;
        }
        for (Map<String, Entry> m : byRight.values()) collapse(m);
        promoteBindMounts(byRight);
        // allow_write grants every right and allow_exec reading: a narrower rule beneath them is noise
        absorb(byRight.get(Right.READ), byRight.get(Right.EXEC), byRight.get(Right.WRITE));
        // except in the private mounts, where a bind mount is noexec unless allow_exec names it
        Map<String, Entry> exec = byRight.get(Right.EXEC), publicExec = new TreeMap<>();
        for (String p : new ArrayList<>(exec.keySet())) if (privateRoot(p) == null) publicExec.put(p, exec.remove(p));
        absorb(publicExec, byRight.get(Right.WRITE));
        exec.putAll(publicExec);
        List<Rule> rules = new ArrayList<>();
        for (Right r : Right.values()) {
            for (Map.Entry<String, Entry> e : byRight.get(r).entrySet()) {
                rules.add(new Rule(e.getKey(), r, List.copyOf(e.getValue().sources), e.getValue().why));
            }
        }
        return new Result(rules, secretUse, refused, implicit);
    }

    /** Whether {@code path} may be a rule at all. */
    boolean mayBeRule(String path) {
        return !secrets.isHomeOrAbove(path) && !path.equals("/dev") && !secrets.isSecret(path);
    }

    /** Whether a rule on {@code dir} may replace rules on several of its entries. */
    private boolean mayCollapseInto(String dir) {
        return mayBeRule(dir) && !PRIVATE.contains(dir) && !dir.equals("/proc") && dir.chars().filter(c -> c == '/').count() >= 1
                && !dir.equals("/var") && !dir.equals("/etc/ssl/private");
    }

    private static boolean implicit(Demand d) {
        String p = d.path();
        if (Secrets.beneath(p, "/proc")) return d.right() != Right.WRITE;
        return p.equals("/dev/stdin") || p.equals("/dev/stdout") || p.equals("/dev/stderr") || p.startsWith("/dev/fd/");
    }

    static String systemTree(String path) {
        for (String t : SYSTEM_TREES) if (Secrets.beneath(path, t)) return t;
        return null;
    }

    /** Bottom-up: entries beneath another entry join it; SIBLINGS entries of one directory become the directory. */
    private void collapse(Map<String, Entry> m) {
        for (boolean changed = true; changed; ) {
            changed = nest(m);
            Map<String, List<String>> byParent = new LinkedHashMap<>();
            for (String p : m.keySet()) {
                String parent = parent(p);
                if (parent != null) byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(p);
            }
            for (Map.Entry<String, List<String>> g : byParent.entrySet()) {
                if (g.getValue().size() < SIBLINGS || !mayCollapseInto(g.getKey())) continue;
                Entry into = m.computeIfAbsent(g.getKey(), k -> new Entry());
                for (String child : g.getValue()) into.sources.addAll(m.remove(child).sources);
                into.why = g.getValue().size() + " of its entries used";
                changed = true;
            }
        }
    }

    /** Folds entries lying beneath another entry into it; true if any did. */
    private static boolean nest(Map<String, Entry> m) {
        boolean any = false;
        for (String p : new ArrayList<>(m.keySet())) {
            for (String q = parent(p); q != null && !PRIVATE.contains(q); q = parent(q)) {
                Entry outer = m.get(q);
                if (outer != null) {
                    outer.sources.addAll(m.remove(p).sources);
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    /** Moves entries of {@code narrow} lying beneath an entry of one of {@code wider} into it. */
    @SafeVarargs
    private static void absorb(Map<String, Entry> narrow, Map<String, Entry>... wider) {
        for (String p : new ArrayList<>(narrow.keySet())) {
            outer:
            for (Map<String, Entry> w : wider) {
                for (String q = p; q != null && (q.equals(p) || !PRIVATE.contains(q)); q = parent(q)) {
                    Entry e = w.get(q);
                    if (e != null) {
                        e.sources.addAll(narrow.remove(p).sources);
                        break outer;
                    }
                }
            }
        }
    }

    /**
     * Beneath /tmp, /run and /dev/shm the sandbox binds only the outermost allowed path back into
     * its private mount, read-only unless writing is allowed there and noexec unless executing is:
     * a right on a path beneath another rule's path must therefore be granted on that outer path.
     */
    private static void promoteBindMounts(Map<Right, Map<String, Entry>> byRight) {
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Right inner : Right.values()) {
                for (String p : new ArrayList<>(byRight.get(inner).keySet())) {
                    if (privateRoot(p) == null || PRIVATE.contains(p)) continue;
                    String outer = outermostRuleAbove(byRight, p);
                    if (outer == null) continue;
                    // the mount's flags: writable only for allow_write, executable only for allow_exec
                    boolean granted = byRight.get(inner).containsKey(outer);
                    for (Right r : Right.values()) granted |= inner == Right.READ && byRight.get(r).containsKey(outer);
                    if (granted) continue;
                    Entry into = byRight.get(inner).computeIfAbsent(outer, k -> new Entry());
                    into.sources.addAll(byRight.get(inner).remove(p).sources);
                    into.why = "bound into the private " + privateRoot(p) + " as one mount";
                    changed = true;
                }
            }
            for (Map<String, Entry> m : byRight.values()) changed |= nest(m);
        }
    }

    private static String privateRoot(String p) {
        for (String root : PRIVATE) if (Secrets.beneath(p, root)) return root;
        return null;
    }

    /** The outermost rule path of any right strictly above {@code p} and below its private root, or null. */
    private static String outermostRuleAbove(Map<Right, Map<String, Entry>> byRight, String p) {
        String found = null;
        for (String q = parent(p); q != null && !PRIVATE.contains(q); q = parent(q)) {
            for (Map<String, Entry> m : byRight.values()) if (m.containsKey(q)) found = q;
        }
        return found;
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        if (i < 0 || path.equals("/")) return null;
        return i == 0 ? "/" : path.substring(0, i);
    }

    private static final class Entry {
        final List<Demand> sources = new ArrayList<>();
        String why;
    }
}

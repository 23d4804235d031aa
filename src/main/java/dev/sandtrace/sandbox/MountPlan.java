package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Landlock;
import dev.sandtrace.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sandbox's view of the host as an ordered list of typed steps, in the manner of
 * bubblewrap's {@code setup_newroot}: the new root is an empty tmpfs, and only what the policy
 * grants is bind-mounted into it. Decided here in the parent from host facts (what exists,
 * what is a directory, a symlink); {@link MountView} makes the child carry the steps out.
 * Every path in a step is a path inside the view; {@link Bind#source} is a host path.
 *
 * <p>Areas of the view: the root tmpfs (read-only once built), host binds (read-only unless
 * writable, nosuid and nodev always, noexec unless executable), and the private parts backed
 * by one size-bounded scratch tmpfs ({@code /tmp}, {@code /dev/shm} and the private home).
 * A mount point is created only inside the root tmpfs or scratch, never on the host: a step
 * whose mount point would have to be created inside a host bind is left out (and, for a deny
 * path, reported as not enforced).
 */
final class MountPlan {
    /** Devices of the minimal /dev, bind-mounted from the host (as bubblewrap's --dev). */
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    /** Paths the view always provides itself, whatever the policy lists. */
    private static final Set<String> BUILT_IN = Set.of("/proc", "/dev/shm", "/dev/pts", "/dev/ptmx");

    sealed interface Step permits MakeDir, MakeFile, Symlink, Bind, Scratch, Mask, Proc, Devpts, Tmpfs, Seal {
        String target();
    }

    /** A directory in the root tmpfs or scratch (a mount point or a parent of one). */
    record MakeDir(String target) implements Step {}

    /** An empty file in the root tmpfs or scratch, as the mount point of a file bind. */
    record MakeFile(String target) implements Step {}

    record Symlink(String text, String target) implements Step {}

    /** A recursive bind of the host path {@code source}; {@code attrs} are MOUNT_ATTR_* bits. */
    record Bind(String source, String target, long attrs) implements Step {}

    /** A directory of the scratch tmpfs ({@code tmp}, {@code shm}, {@code home}) bound at {@code target}. */
    record Scratch(String dir, String target) implements Step {}

    /** A denied path hidden: an empty, unreadable tmpfs over a directory, an empty read-only file over anything else. */
    record Mask(String target, boolean directory) implements Step {}

    record Proc(String target) implements Step {}

    /** A small tmpfs of the view's own (/dev), filled by the steps after it and sealed by {@link Seal}. */
    record Tmpfs(String target) implements Step {}

    /** Makes the mount at {@code target} read-only once everything beneath it is in place. */
    record Seal(String target) implements Step {}

    /** A private devpts instance (its own ptmx: no host terminal is reachable). */
    record Devpts(String target) implements Step {}

    static final long ATTR_RDONLY = 0x1, ATTR_NOSUID = 0x2, ATTR_NODEV = 0x4, ATTR_NOEXEC = 0x8;

    private final List<Step> steps = new ArrayList<>();
    private final List<String> masked = new ArrayList<>();
    private final List<String> notEnforced = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    /** Mounted areas of the view by path: true for a host bind, false for tmpfs (root, scratch, /dev). */
    private final TreeMap<String, Area> areas = new TreeMap<>();
    private final Set<String> dirs = new java.util.HashSet<>();
    private final Path home;
    private final boolean privateHome;

    private enum Area { ROOT, SCRATCH, HOST_RO, HOST_RW, SPECIAL }

    private record Grant(Path path, boolean write, boolean exec, boolean readOnlyRebind) {}

    /**
     * {@code home}: the caller's home (real path), made a private scratch directory unless a
     * grant covers it; {@code networkAllowed}: whether a resolv.conf linked into /run is brought in;
     * {@code resolverSettings}: a host file shown instead of /etc/resolv.conf, or null.
     */
    MountPlan(Policy.Filesystem fs, Path home, boolean networkAllowed, Path resolverSettings) {
        this.home = home;
        areas.put("/", Area.ROOT);
        List<Path> denied = new ArrayList<>();
        for (Path d : fs.deny()) denied.add(real(d));
        Map<Path, Grant> grants = new TreeMap<>(Comparator.comparing(Path::toString));
        for (Path p : fs.allowRead()) merge(grants, p, false, false);
        for (Path p : fs.allowExec()) merge(grants, p, false, true);
        for (Path p : fs.allowWrite()) merge(grants, p, true, false);
        if (networkAllowed) resolverFile().ifPresent(p -> merge(grants, p, false, false));
        // rights add up beneath a path, as Landlock's do: a nested grant never takes a right away
        for (Grant g : List.copyOf(grants.values())) {
            boolean w = g.write(), x = g.exec();
            for (Grant outer : grants.values()) {
                if (g.path().startsWith(outer.path())) {
                    w |= outer.write();
                    x |= outer.exec();
                }
            }
            grants.put(g.path(), new Grant(g.path(), w, x, false));
        }
        boolean homeGranted = home != null && grants.keySet().stream().anyMatch(home::startsWith);
        privateHome = home != null && !homeGranted;

        // the order of a walk of the tree: a parent's mount before anything beneath it
        TreeMap<String, List<Runnable>> byPath = new TreeMap<>(MountPlan::treeOrder);
        for (Grant g : grants.values()) {
            if (denied.stream().anyMatch(g.path()::startsWith)) {
                skipped.add(g.path() + " (denied)");
                continue;
            }
            byPath.computeIfAbsent(g.path().toString(), k -> new ArrayList<>()).add(() -> grant(g));
        }
        for (Path r : fs.readOnly()) {
            Path p = real(r);
            if (!Files.exists(p)) continue;
            byPath.computeIfAbsent(p.toString(), k -> new ArrayList<>()).add(() -> grant(new Grant(p, false,
                    grants.values().stream().anyMatch(g -> p.startsWith(g.path()) && g.exec()), true)));
        }
        if (privateHome) byPath.computeIfAbsent(home.toString(), k -> new ArrayList<>()).addFirst(this::privateHomeDir);
        // naming /tmp in the policy means the host's; otherwise /tmp is private scratch
        if (!grants.containsKey(Path.of("/tmp"))) byPath.computeIfAbsent("/tmp", k -> new ArrayList<>()).addFirst(() -> scratch("tmp", "/tmp"));
        byPath.computeIfAbsent("/proc", k -> new ArrayList<>()).addFirst(() -> special(new Proc("/proc")));
        byPath.computeIfAbsent("/dev", k -> new ArrayList<>()).addFirst(this::dev);
        for (Path d : denied) byPath.computeIfAbsent(d.toString(), k -> new ArrayList<>()).add(() -> mask(d));
        for (Map.Entry<String, String> l : grantLinks.entrySet()) {
            if (denied.stream().anyMatch(Path.of(l.getKey())::startsWith)) continue;
            byPath.computeIfAbsent(l.getKey(), k -> new ArrayList<>()).add(() -> link(l.getValue(), l.getKey()));
        }
        if (resolverSettings != null) {
            Path conf = real(Path.of("/etc/resolv.conf"));
            byPath.computeIfAbsent(conf.toString(), k -> new ArrayList<>()).add(() -> replace(resolverSettings, conf));
        }
        for (List<Runnable> atPath : byPath.values()) atPath.forEach(Runnable::run);
        rootSymlinks(); // last: a link is made only where its target is in the view
        if (areas.get("/dev") == Area.SPECIAL) steps.add(new Seal("/dev"));
    }

    /** Components compared one by one, so that every path sorts right after its parent's subtree starts. */
    private static int treeOrder(String a, String b) {
        Path pa = Path.of(a), pb = Path.of(b);
        int n = Math.min(pa.getNameCount(), pb.getNameCount());
        for (int i = 0; i < n; i++) {
            int c = pa.getName(i).toString().compareTo(pb.getName(i).toString());
            if (c != 0) return c;
        }
        return Integer.compare(pa.getNameCount(), pb.getNameCount());
    }

    private void merge(Map<Path, Grant> grants, Path raw, boolean write, boolean exec) {
        if (BUILT_IN.stream().anyMatch(b -> raw.startsWith(b))) return;
        if (raw.startsWith("/dev") && raw.getNameCount() == 2 && DEVICES.contains(raw.getFileName().toString())) return;
        Path p = real(raw);
        if (!Files.exists(p)) return;
        recordLinks(raw);
        grants.merge(p, new Grant(p, write, exec, false), (a, b) -> new Grant(p, a.write() || b.write(), a.exec() || b.exec(), false));
    }

    /** Links a granted name goes through (/etc/localtime -> /usr/share/zoneinfo/...), to be made in the view too. */
    private final Map<String, String> grantLinks = new TreeMap<>();

    private void recordLinks(Path raw) {
        Path p = raw;
        for (int hops = 0; hops < 40; hops++) { // the kernel's own limit on links followed
            Path at = p.getParent() == null ? p : real(p.getParent()).resolve(p.getFileName());
            if (!Files.isSymbolicLink(at)) return;
            try {
                Path text = Files.readSymbolicLink(at);
                grantLinks.put(at.toString(), text.toString());
                p = at.resolveSibling(text).normalize();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The real path (symlinks resolved), or the path as given when it does not exist. */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException missing) {
            Path parent = p.getParent();
            if (parent == null || parent.equals(p)) return p;
            Path r = real(parent);
            return r.resolve(p.getFileName());
        }
    }

    /** With network allowed, /etc/resolv.conf may be a link into /run (systemd-resolved): bind just that file. */
    private static java.util.Optional<Path> resolverFile() {
        Path conf = Path.of("/etc/resolv.conf");
        if (!Files.isSymbolicLink(conf)) return java.util.Optional.empty();
        Path target = real(conf);
        return Files.isRegularFile(target) ? java.util.Optional.of(target) : java.util.Optional.empty();
    }

    private void grant(Grant g) {
        String t = g.path().toString();
        Map.Entry<String, Area> enclosing = enclosing(t);
        Area outer = enclosing.getValue();
        boolean hostOuter = outer == Area.HOST_RO || outer == Area.HOST_RW;
        if (!g.readOnlyRebind() && hostOuter && enclosingGrantCovers(enclosing.getKey(), g)) return; // same rights already
        boolean dir = Files.isDirectory(g.path());
        if (!mountPoint(t, dir, outer)) {
            skipped.add(t + " (its mount point would have to be created on the host)");
            return;
        }
        // device nodes the policy names (/dev/kvm, /dev/fuse) must stay openable: no nodev for them
        long attrs = ATTR_NOSUID | (g.path().startsWith("/dev") ? 0 : ATTR_NODEV) | (g.write() && !g.readOnlyRebind() ? 0 : ATTR_RDONLY) | (g.exec() || g.write() ? 0 : ATTR_NOEXEC);
        steps.add(new Bind(t, t, attrs));
        areas.put(t, g.write() && !g.readOnlyRebind() ? Area.HOST_RW : Area.HOST_RO);
        bindRights.put(t, attrs);
    }

    private final Map<String, Long> bindRights = new LinkedHashMap<>();

    /** Whether the host bind at {@code outer} already gives {@code g} (a path beneath it) the same rights. */
    private boolean enclosingGrantCovers(String outer, Grant g) {
        Long attrs = bindRights.get(outer);
        if (attrs == null) return false;
        boolean writable = (attrs & ATTR_RDONLY) == 0, executable = (attrs & ATTR_NOEXEC) == 0;
        return writable == g.write() && executable == (g.exec() || g.write());
    }

    private void privateHomeDir() {
        scratch("home", home.toString());
    }

    private void scratch(String dir, String target) {
        Area outer = enclosing(target).getValue();
        if (!mountPoint(target, true, outer)) {
            skipped.add(target + " (private " + dir + ": its mount point would have to be created on the host)");
            return;
        }
        steps.add(new Scratch(dir, target));
        areas.put(target, Area.SCRATCH);
    }

    private void special(Step s) {
        if (!mountPoint(s.target(), true, enclosing(s.target()).getValue())) return;
        steps.add(s);
        areas.put(s.target(), Area.SPECIAL);
    }

    /** The minimal /dev: a tmpfs holding host device nodes, a private devpts, the private /dev/shm, the usual links. */
    private void dev() {
        // a tmpfs of its own, so that it replaces the host's /dev also when a policy grants all of /
        if (!mountPoint("/dev", true, enclosing("/dev").getValue())) return;
        steps.add(new Tmpfs("/dev"));
        areas.put("/dev", Area.SPECIAL);
        for (String d : DEVICES) {
            if (!Files.exists(Path.of("/dev", d))) continue;
            steps.add(new MakeFile("/dev/" + d));
            // read-only: writing a device node ignores it, chmod/chown/utimes of the host's node fail
            steps.add(new Bind("/dev/" + d, "/dev/" + d, ATTR_RDONLY | ATTR_NOSUID | ATTR_NOEXEC));
        }
        steps.add(new MakeDir("/dev/pts"));
        steps.add(new Devpts("/dev/pts"));
        steps.add(new Symlink("pts/ptmx", "/dev/ptmx"));
        steps.add(new MakeDir("/dev/shm"));
        steps.add(new Scratch("shm", "/dev/shm"));
        steps.add(new Symlink("/proc/self/fd", "/dev/fd"));
        String[] std = {"stdin", "stdout", "stderr"};
        for (int i = 0; i < 3; i++) steps.add(new Symlink("/proc/self/fd/" + i, "/dev/" + std[i]));
        dirs.add("/dev/pts");
        dirs.add("/dev/shm");
    }

    /** The host's top-level links (/bin -> usr/bin on merged-/usr systems) where their target is in the view. */
    private void rootSymlinks() {
        try (var entries = Files.list(Path.of("/"))) {
            for (Path e : entries.sorted().toList()) {
                if (Files.isSymbolicLink(e) && inView(real(e).toString())) link(Files.readSymbolicLink(e).toString(), e.toString());
            }
        } catch (IOException e) {
            // without the links, programs are still found by their real paths
        }
    }

    /** Whether {@code t} is a mount of the view or lies beneath one that is not the root tmpfs. */
    private boolean inView(String t) {
        Area at = areas.get(t);
        return at != null && at != Area.ROOT || enclosing(t).getValue() != Area.ROOT;
    }

    /** A link at {@code t} where the view's own tmpfs holds it; inside a host bind the host's link is there already. */
    private void link(String text, String t) {
        if (areas.containsKey(t)) return;
        Area outer = enclosing(t).getValue();
        if (outer != Area.ROOT && outer != Area.SCRATCH) return;
        parents(t);
        steps.add(new Symlink(text, t));
        areas.put(t, Area.SPECIAL);
    }

    private void mask(Path d) {
        String t = d.toString();
        Area outer = enclosing(t).getValue();
        if (areas.containsKey(t)) return; // a private part of the view (the home), not host content
        switch (outer) {
            case ROOT, SPECIAL -> { } // not host content: nothing to hide
            case HOST_RO, HOST_RW -> {
                if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                    steps.add(new Mask(t, Files.isDirectory(d)));
                    masked.add(t);
                } else if (outer == Area.HOST_RW) {
                    notEnforced.add("deny " + t + ": it does not exist and lies in a writable host path, so the sample can create it");
                }
            }
            case SCRATCH -> {
                // a private directory: a placeholder keeps the name from being created (e.g. ~/.aws/config)
                if (mountPoint(t, false, outer)) {
                    steps.add(new Mask(t, false));
                    masked.add(t);
                }
            }
        }
    }

    /** A host file shown read-only in place of {@code target}, where the view shows the target's host directory. */
    private void replace(Path source, Path target) {
        String t = target.toString();
        Area outer = enclosing(t).getValue();
        if ((outer == Area.HOST_RO || outer == Area.HOST_RW) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            steps.add(new Bind(source.toString(), t, ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV | ATTR_NOEXEC));
        }
    }

    private Map.Entry<String, Area> enclosing(String t) {
        for (Path p = Path.of(t).getParent(); p != null; p = p.getParent()) {
            Area a = areas.get(p.toString());
            if (a != null) return Map.entry(p.toString(), a);
        }
        return Map.entry("/", Area.ROOT);
    }

    /**
     * Makes sure the mount point of {@code t} exists: created in the root tmpfs or scratch (with
     * its parents), or already there on the host. False if it would have to be created on the host.
     */
    private boolean mountPoint(String t, boolean dir, Area outer) {
        if (outer == Area.HOST_RO || outer == Area.HOST_RW) return Files.exists(Path.of(t), LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(Path.of(t)) == dir;
        parents(t);
        if (dir) {
            if (dirs.add(t)) steps.add(new MakeDir(t));
        } else {
            steps.add(new MakeFile(t));
        }
        return true;
    }

    /** The directories above {@code t} that the view's tmpfs does not have yet. */
    private void parents(String t) {
        List<String> parents = new ArrayList<>();
        for (Path p = Path.of(t).getParent(); p != null && p.getNameCount() > 0; p = p.getParent()) {
            if (areas.containsKey(p.toString())) break;
            parents.addFirst(p.toString());
        }
        for (String p : parents) {
            if (dirs.add(p)) steps.add(new MakeDir(p));
        }
    }

    List<Step> steps() { return steps; }

    /**
     * Landlock rules for the parts of the view the parent cannot name, because they are the
     * child's own tmpfs, proc and devpts inodes (applied inside the child after the pivot).
     * Listing directories is allowed everywhere in the view: it holds only what was granted.
     */
    List<LandlockLayer.ViewRule> landlockRules() {
        long all = -1L;
        long fileRw = Landlock.READ_FILE | Landlock.WRITE_FILE | Landlock.TRUNCATE | Landlock.IOCTL_DEV;
        List<LandlockLayer.ViewRule> rules = new ArrayList<>();
        rules.add(new LandlockLayer.ViewRule("/", Landlock.READ_DIR));
        // every file mask is the same empty inode: one rule lets a denied file read as empty, as
        // programs that probe for their config (npm and ~/.npmrc) expect, and nothing else
        steps.stream().filter(s -> s instanceof Mask m && !m.directory()).findFirst()
                .ifPresent(m -> rules.add(new LandlockLayer.ViewRule(m.target(), Landlock.READ_FILE)));
        for (Step s : steps) {
            switch (s) {
                case Proc p -> rules.add(new LandlockLayer.ViewRule(p.target(), Landlock.READ_FILE | Landlock.READ_DIR));
                case Scratch sc -> rules.add(new LandlockLayer.ViewRule(sc.target(), sc.dir().equals("shm") ? all & ~Landlock.EXECUTE : all));
                case Devpts d -> rules.add(new LandlockLayer.ViewRule(d.target(), fileRw | Landlock.READ_DIR));
                case Bind b when b.target().startsWith("/dev/") && DEVICES.contains(b.target().substring(5)) ->
                        rules.add(new LandlockLayer.ViewRule(b.target(), fileRw));
                default -> { }
            }
        }
        return rules;
    }

    /** The denied paths hidden in the view (for the trace header). */
    List<String> masked() { return masked; }

    /** Deny entries the view cannot enforce, for the trace header's not_enforced. */
    List<String> notEnforced() { return notEnforced; }

    /** Grants left out, with why (for -vvv). */
    List<String> skipped() { return skipped; }

    /** Whether $HOME is a private scratch directory. */
    boolean privateHome() { return privateHome; }

    Path home() { return home; }
}

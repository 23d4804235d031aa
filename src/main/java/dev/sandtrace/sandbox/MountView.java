package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.LinuxException;
import dev.sandtrace.linux.PausedChild;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer 2: a mount namespace whose root holds only what the policy grants ({@link MountPlan}).
 * The child builds it the way bubblewrap does: a small tmpfs becomes the root for the time of
 * the setup with the host's root beneath it at /oldroot, the view is assembled under /newroot
 * from binds of /oldroot paths (new mount API: {@code open_tree} of a recursive clone,
 * {@code mount_setattr} on the whole clone, so read-only, nosuid, nodev and noexec hold for
 * every submount too, {@code move_mount}), the host's root is detached, and /newroot becomes
 * the root, read-only. Mounts made here never propagate to the host ({@code MS_PRIVATE}).
 */
final class MountView implements Layer {
    private static final String NEW = "/newroot", OLD = "/oldroot", SCRATCH = "/scratch";
    private static final long AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_RECURSIVE = 0x8000;
    private static final long OPEN_TREE_CLONE = 1, OPEN_TREE_CLOEXEC = 02000000, MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    private static final long O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0100, O_CLOEXEC = 02000000;
    private static final long MNT_DETACH = 2;
    private static final int EEXIST = 17;
    /** Per-namespace limits of the sandbox's user namespace (/proc/sys/user): charged to the caller's uid too. */
    static final Map<String, String> USER_LIMITS = new java.util.LinkedHashMap<>();
    static {
        USER_LIMITS.put("max_inotify_instances", "32");
        USER_LIMITS.put("max_inotify_watches", "8192");
        USER_LIMITS.put("max_fanotify_groups", "0");
        USER_LIMITS.put("max_fanotify_marks", "0");
        for (String ns : List.of("user", "mnt", "pid", "net", "ipc", "uts", "cgroup", "time")) {
            USER_LIMITS.put("max_" + ns + "_namespaces", "0"); // seccomp refuses them too; this is the second lock
        }
    }
    /** Parts of /proc a process with privileges could write to, made read-only as bubblewrap does. */
    private static final List<String> PROC_READ_ONLY = List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus");

    private final MountPlan plan;
    private final long scratchBytes;
    private final String setupBase;

    /** Addresses of strings and structs in the child's memory, by content. */
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<Long, Long> attrs = new HashMap<>();
    private ChildMemory memory;

    /** Root callers: the namespace the sample will run in (writable binds are idmapped into it); else null. */
    private final HostIdentity identity;
    private final List<String> runtimeGaps = new ArrayList<>();

    MountView(MountPlan plan, long scratchBytes, HostIdentity identity) {
        this.plan = plan;
        this.identity = identity;
        this.scratchBytes = scratchBytes;
        // the setup root is mounted over a directory that exists on every system; the host's
        // own /tmp is back in place beneath /oldroot once that tmpfs has become the root
        this.setupBase = "/tmp";
    }

    @Override public String name() { return "mount namespace with an allow-list view"; }
    @Override public int cloneFlags() { return PausedChild.CLONE_NEWNS; }

    @Override
    public void prepare(ChildMemory memory) {
        this.memory = memory;
        if (identity != null) identity.prepare(memory);
        // every string the steps use, allocated now: the child's memory is a copy made at clone time
        for (String s : List.of("", "/", "tmpfs", "proc", "devpts", setupBase, setupBase + OLD, OLD, NEW, SCRATCH, ".",
                SCRATCH + "/tmp", SCRATCH + "/shm", SCRATCH + "/home", SCRATCH + "/.empty", "mode=0700,size=64k",
                "mode=0755,size=1m", "mode=0755,size=64k", "mode=000,size=4k,nr_inodes=2", "newinstance,ptmxmode=0666,mode=620", scratchData())) {
            str(s);
        }
        for (MountPlan.Step s : plan.steps()) {
            str(NEW + s.target());
            switch (s) {
                case MountPlan.Bind b -> {
                    str(OLD + b.source());
                    attr(b.attrs());
                    if (idmapped(b)) attr(b.attrs() | ATTR_IDMAP);
                }
                case MountPlan.Scratch sc -> str(SCRATCH + "/" + sc.dir());
                case MountPlan.Symlink l -> str(l.text());
                case MountPlan.Proc p -> {
                    for (String ro : PROC_READ_ONLY) str(NEW + ro);
                    for (Map.Entry<String, String> l : USER_LIMITS.entrySet()) {
                        str(NEW + "/proc/sys/user/" + l.getKey());
                        str(l.getValue());
                    }
                    attr(MountPlan.ATTR_RDONLY | MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV | MountPlan.ATTR_NOEXEC);
                }
                default -> { }
            }
        }
        attr(MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV);
        attr(MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV | MountPlan.ATTR_NOEXEC);
        attr(MountPlan.ATTR_RDONLY | MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV | MountPlan.ATTR_NOEXEC);
    }

    private String scratchData() {
        return "mode=0755,size=" + scratchBytes;
    }

    private long str(String s) {
        return strings.computeIfAbsent(s, memory::cString);
    }

    /** The prepared struct mount_attr setting {@code set}. */
    private long attrOf(long set) {
        Long a = attrs.get(set);
        if (a == null) throw new IllegalStateException("mount_attr not prepared before the clone: 0x" + Long.toHexString(set));
        return a;
    }

    /** struct mount_attr {u64 attr_set, attr_clr, propagation, userns_fd}. */
    private long attr(long set) {
        return attrs.computeIfAbsent(set, a -> {
            byte[] b = new byte[32];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, a).putLong(24, (a & ATTR_IDMAP) != 0 ? identity.usernsFd() : 0);
            return memory.bytes(b);
        });
    }

    private static final long ATTR_IDMAP = 0x100000;

    /** A writable host bind of a root caller's sample: idmapped, so that what host root owns there the sample owns. */
    private boolean idmapped(MountPlan.Bind b) {
        return identity != null && (b.attrs() & MountPlan.ATTR_RDONLY) == 0;
    }

    @Override
    public void apply(int pid, Injector child) {
        Call c = new Call(child);
        c.run("make mounts private", "mount", 0, s("/"), 0, Mounts.MS_REC | Mounts.MS_PRIVATE, 0);
        c.run("mount the setup root", "mount", s("tmpfs"), s(setupBase), s("tmpfs"), Mounts.MS_NOSUID | Mounts.MS_NODEV, s("mode=0700,size=64k"));
        c.mkdir(setupBase + OLD, 0700);
        c.run("pivot into the setup root", "pivot_root", s(setupBase), s(setupBase + OLD));
        c.run("chdir /", "chdir", s("/"));
        c.mkdir(NEW, 0755);
        c.run("mount the new root", "mount", s("tmpfs"), s(NEW), s("tmpfs"), Mounts.MS_NOSUID | Mounts.MS_NODEV, s("mode=0755,size=1m"));
        c.mkdir(SCRATCH, 0755);
        c.run("mount the scratch tmpfs (" + scratchBytes + " bytes)", "mount", s("tmpfs"), s(SCRATCH), s("tmpfs"),
                Mounts.MS_NOSUID | Mounts.MS_NODEV, s(scratchData()));
        c.mkdir(SCRATCH + "/tmp", 01777);
        c.mkdir(SCRATCH + "/shm", 01777);
        c.mkdir(SCRATCH + "/home", 0700);
        if (identity != null) c.run("give the private home to the sample", "fchownat", AT_FDCWD, s(SCRATCH + "/home"),
                HostIdentity.HOST_ID, HostIdentity.HOST_ID, 0);
        c.close(c.run("create the empty mask file", "openat", AT_FDCWD, s(SCRATCH + "/.empty"), O_CREAT | O_WRONLY | O_CLOEXEC, 0444));

        for (MountPlan.Step step : plan.steps()) {
            String target = NEW + step.target();
            switch (step) {
                case MountPlan.MakeDir d -> c.mkdir(target, 0755);
                case MountPlan.MakeFile f -> c.close(c.run("create " + f.target(), "openat", AT_FDCWD, s(target),
                        O_CREAT | O_RDONLY | O_CLOEXEC, 0444));
                case MountPlan.Symlink l -> c.run("symlink " + l.target(), "symlink", s(l.text()), s(target));
                case MountPlan.Bind b when idmapped(b) -> {
                    try {
                        c.bindOnce(OLD + b.source(), target, b.attrs() | ATTR_IDMAP);
                    } catch (LinuxException e) {
                        // a filesystem without idmapped mounts: writable where host uid 65534 may write, no more
                        c.bind("bind " + b.source(), OLD + b.source(), target, b.attrs());
                        runtimeGaps.add("writable " + b.source() + ": no idmapped mount there (" + e.errnoName()
                                + "), so only what host uid " + HostIdentity.HOST_ID + " may write is writable");
                    }
                }
                case MountPlan.Bind b -> c.bind("bind " + b.source(), OLD + b.source(), target, b.attrs());
                case MountPlan.Scratch sc -> c.bind("private " + sc.target(), SCRATCH + "/" + sc.dir(), target,
                        MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV | (sc.dir().equals("shm") ? MountPlan.ATTR_NOEXEC : 0));
                case MountPlan.Mask m -> {
                    if (m.directory()) {
                        c.run("mask " + m.target(), "mount", s("tmpfs"), s(target), s("tmpfs"),
                                Mounts.MS_RDONLY | Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, s("mode=000,size=4k,nr_inodes=2"));
                    } else {
                        c.bind("mask " + m.target(), SCRATCH + "/.empty", target,
                                MountPlan.ATTR_RDONLY | MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV | MountPlan.ATTR_NOEXEC);
                    }
                }
                case MountPlan.Proc p -> c.run("mount /proc", "mount", s("proc"), s(target), s("proc"),
                        Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, 0);
                case MountPlan.Tmpfs t -> c.run("mount a tmpfs on " + t.target(), "mount", s("tmpfs"), s(target), s("tmpfs"),
                        Mounts.MS_NOSUID | Mounts.MS_NOEXEC, s("mode=0755,size=64k"));
                case MountPlan.Seal t -> c.run("make " + t.target() + " read-only", "mount", 0, s(target), 0,
                        Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY | Mounts.MS_NOSUID | Mounts.MS_NOEXEC, 0);
                case MountPlan.Devpts d -> c.run("mount a private devpts", "mount", s("devpts"), s(target), s("devpts"),
                        Mounts.MS_NOSUID | Mounts.MS_NOEXEC, s("newinstance,ptmxmode=0666,mode=620"));
            }
        }
        // last, so that no step of the view is held by the limits (open_tree clones are namespaces too)
        if (plan.steps().stream().anyMatch(st -> st instanceof MountPlan.Proc)) limitAndProtectProc(c, identity == null);

        c.run("make the host root private", "mount", s(OLD), s(OLD), 0, Mounts.MS_REC | Mounts.MS_PRIVATE, 0);
        c.run("detach the host root", "umount2", s(OLD), MNT_DETACH);
        c.run("chdir /newroot", "chdir", s(NEW));
        // pivot_root(".", "."): the setup root ends up stacked on the new one and is detached at once
        c.run("pivot into the view", "pivot_root", s("."), s("."));
        c.run("detach the setup root", "umount2", s("."), MNT_DETACH);
        c.run("chdir /", "chdir", s("/"));
        c.run("make the root read-only", "mount", 0, s("/"), 0,
                Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY | Mounts.MS_NOSUID | Mounts.MS_NODEV, 0);
    }

    /**
     * {@code limit}: write the user namespace's limits, which belong to the writer's namespace.
     * A root caller's child is still in the host's here, so HostIdentity writes them instead.
     */
    private void limitAndProtectProc(Call c, boolean limit) {
        for (Map.Entry<String, String> l : limit ? USER_LIMITS.entrySet() : Map.<String, String>of().entrySet()) {
            String file = NEW + "/proc/sys/user/" + l.getKey();
            long fd;
            try {
                fd = c.child.inject("openat", AT_FDCWD, s(file), O_WRONLY | O_CLOEXEC, 0);
            } catch (LinuxException absent) {
                continue; // an older kernel without this limit
            }
            c.child.inject("write", fd, s(l.getValue()), l.getValue().length());
            c.close(fd);
        }
        for (String ro : PROC_READ_ONLY) {
            try {
                c.bindOnce(NEW + ro, NEW + ro, MountPlan.ATTR_RDONLY | MountPlan.ATTR_NOSUID | MountPlan.ATTR_NODEV | MountPlan.ATTR_NOEXEC);
            } catch (LinuxException absent) {
                // not every kernel has /proc/irq or /proc/bus
            }
        }
    }

    private long s(String string) {
        Long a = strings.get(string);
        if (a == null) throw new IllegalStateException("string not prepared before the clone: " + string);
        return a;
    }

    /** Injected calls that name the step when they fail. */
    private final class Call {
        final Injector child;

        Call(Injector child) {
            this.child = child;
        }

        long run(String step, String syscall, long... args) {
            try {
                return child.inject(syscall, args);
            } catch (LinuxException e) {
                throw new LinuxException(step + " (" + syscall + ")", e.errno());
            }
        }

        void mkdir(String path, int mode) {
            long r = child.injectTolerating(EEXIST, "mkdir", s(path), mode);
            // mkdir(2) applies the umask and never sets the sticky bit
            if (r == 0 && (mode & 07000) != 0) run("chmod " + path, "fchmodat", AT_FDCWD, s(path), mode, 0);
        }

        void close(long fd) {
            child.inject("close", fd);
        }

        /** A recursive clone of {@code source} with {@code attrs} on every mount of it, moved to {@code target}. */
        void bind(String step, String source, String target, long attrs) {
            try {
                bindOnce(source, target, attrs);
            } catch (LinuxException e) {
                throw new LinuxException(step + " (" + e.call() + ")", e.errno());
            }
        }

        void bindOnce(String source, String target, long attrs) {
            long fd = child.inject("open_tree", AT_FDCWD, s(source), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
            try {
                child.inject("mount_setattr", fd, s(""), AT_EMPTY_PATH | AT_RECURSIVE, attrOf(attrs), 32);
                child.inject("move_mount", fd, s(""), AT_FDCWD, s(target), MOVE_MOUNT_F_EMPTY_PATH);
            } finally {
                child.inject("close", fd);
            }
        }
    }

    /** What the view hides and cannot enforce, for the trace header. */
    List<String> masked() { return plan.masked(); }

    List<String> notEnforced() {
        List<String> all = new ArrayList<>(plan.notEnforced());
        all.addAll(runtimeGaps);
        return all;
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Processes: creation, exec, exit, wait, ids, limits, scheduling. */
final class ProcessSyscalls {
    private ProcessSyscalls() {}

    private static final long CLONE_PIDFD = 0x1000, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000,
            CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;

    /** Argument and return decoders this area defines (registered before any signature). */
    private static final FlagSet SCHED_GETATTR = new FlagSet("0").add("SCHED_GETATTR_FLAG_DL_DYNAMIC", 1);

    private static final FlagSet PIDFD_OPEN = new FlagSet("0").add("PIDFD_NONBLOCK", 04000).add("PIDFD_THREAD", 0200);

    static void decoders(Signatures.Registry r) {
        // a policy may carry SCHED_RESET_ON_FORK, which strace prints first
        r.decoder("sched_policy", (d, pid, v, raw) -> {
            long policy = v & 0xffffffffL;
            String reset = (policy & 0x40000000L) != 0 ? "SCHED_RESET_ON_FORK|" : "";
            String name = Enums.name("sched_policy", policy & ~0x40000000L);
            return name != null ? new Arg.Sym(reset + name, policy) : Decoder.unknown(policy, "SCHED_");
        });
        r.decoder("pidfd_open_flags", Decoder.flags(PIDFD_OPEN, "PIDFD_"));
        r.decoder("sched_getattr_flags", Decoder.flags(SCHED_GETATTR, "SCHED_GETATTR_FLAG_"));
        r.decoder("clone_stack", (d, pid, v, raw) -> new Arg.Named("child_stack", Decoder.pointer(v)));
        r.decoder("clone_flags", (d, pid, v, raw) -> new Arg.Named("flags", new Arg.Sym(Flags.cloneFlags(v), v)));
        r.decoder("clone_parent_tid", CLONE_PARENT_TID);
        r.decoder("clone_child_tid", (d, pid, v, raw) -> (raw[0] & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0
                ? new Arg.Named("child_tidptr", Decoder.pointer(v)) : Decoder.OMITTED);
        r.decoder("clone_tls", (d, pid, v, raw) -> (raw[0] & CLONE_SETTLS) != 0
                ? new Arg.Named("tls", Decoder.pointer(v)) : Decoder.OMITTED);
        r.decoder("clone_args", CLONE_ARGS);
        r.decoder("wait_status", ArgDecoder.out((d, pid, v, raw, ret) -> ret == 0 ? Decoder.pointer(v) : waitStatus(d, pid, v)));
        r.decoder("wait_options", Flags.arg(Flags.WAIT, "W"));
        r.decoder("rusage", ArgDecoder.out((d, pid, v, raw, ret) -> rusage(d, pid, v)));
        r.decoder("rlimit", ArgDecoder.in((d, pid, v, raw) -> rlimit(d, pid, v)));
        r.decoder("rlimit_out", ArgDecoder.out((d, pid, v, raw, ret) -> rlimit(d, pid, v)));
        r.decoder("gid_list", ArgDecoder.in((d, pid, v, raw) -> ints(d, pid, v, (int) raw[0])));
        r.decoder("gid_list_out", ArgDecoder.out((d, pid, v, raw, ret) -> ints(d, pid, v, (int) ret)));
        r.decoder("tms", ArgDecoder.out((d, pid, v, raw, ret) -> tms(d, pid, v)));
        r.decoder("cpu_set", ArgDecoder.in((d, pid, v, raw) -> cpuSet(d, pid, v, raw[1])));
        r.decoder("cpu_set_out", ArgDecoder.out((d, pid, v, raw, ret) -> cpuSet(d, pid, v, ret)));
        r.decoder("arch_prctl_addr", ARCH_PRCTL_ADDR);
        // who is an int: RUSAGE_CHILDREN (-1) may arrive without its upper 32 bits
        r.decoder("rusage_who", (d, pid, v, raw) -> new Arg.Sym(Enums.nameOrUnknown("rusage_who", (int) v), (int) v));
        r.decoder("personality", (d, pid, v, raw) -> personality(v, false));
        for (int i = 2; i <= 5; i++) r.decoder("prctl_arg" + i, new PrctlArg(i));
    }

    static void signatures(Signatures.Registry r) {
        Category P = Category.PROCESS;
        r.sig("pidfd_open", P, "pid:INT", "flags:pidfd_open_flags");
        r.sig("kcmp", P, "pid1:INT", "pid2:INT", "type:ENUM:kcmp", "idx1:HEX", "idx2:HEX");
        r.sig("process_mrelease", P, "pidfd:FD", "flags:XINT");
        r.sig("sched_rr_get_interval", P, "pid:INT", "tp:PTR");
        r.sig("sched_getattr", P, "pid:INT", "attr:PTR", "size:UINT", "flags:sched_getattr_flags");
        r.sig("execve", P, "pathname:PATH", "argv:ARGV", "envp:ENVP");
        r.sig("execveat", P, "dirfd:DIRFD", "pathname:PATH", "argv:ARGV", "envp:ENVP", "flags:AT_FLAGS");
        r.sig("clone", P, "stack@1:clone_stack", "flags@0:clone_flags", "parent_tid@2:clone_parent_tid",
                "child_tid@3:clone_child_tid", "tls@4:clone_tls");
        r.sig("clone3", P, "cl_args:clone_args", "size:ULONG");
        r.sig("fork", P);
        r.sig("vfork", P);
        r.sig("exit", P, "status:INT");
        r.sig("exit_group", P, "status:INT");
        r.sig("wait4", P, "pid:INT", "wstatus:wait_status", "options:wait_options", "rusage:rusage");
        r.sig("waitid", P, "idtype:ENUM:idtype", "id:INT", "infop:siginfo_out", "options:wait_options", "rusage:rusage");
        r.sig("getpid", P);
        r.sig("getppid", P);
        r.sig("gettid", P);
        r.sig("getuid", P);
        r.sig("geteuid", P);
        r.sig("getgid", P);
        r.sig("getegid", P);
        r.sig("getresuid", P, "ruid:int_out", "euid:int_out", "suid:int_out");
        r.sig("getresgid", P, "rgid:int_out", "egid:int_out", "sgid:int_out");
        r.sig("getgroups", P, "size:INT", "list:gid_list_out");
        r.sig("setgroups", P, "size:INT", "list:gid_list");
        r.sig("setuid", P, "uid:UID");
        r.sig("setgid", P, "gid:UID");
        r.sig("setreuid", P, "ruid:UID", "euid:UID");
        r.sig("setregid", P, "rgid:UID", "egid:UID");
        r.sig("setresuid", P, "ruid:UID", "euid:UID", "suid:UID");
        r.sig("setresgid", P, "rgid:UID", "egid:UID", "sgid:UID");
        r.sig("setfsuid", P, "fsuid:UID");
        r.sig("setfsgid", P, "fsgid:UID");
        r.sig("setsid", P);
        r.sig("getsid", P, "pid:INT");
        r.sig("setpgid", P, "pid:INT", "pgid:INT");
        r.sig("getpgrp", P);
        r.sig("getpgid", P, "pid:INT");
        r.sig("prctl", P, "option:ENUM:prctl", "arg2:prctl_arg2", "arg3:prctl_arg3", "arg4:prctl_arg4", "arg5:prctl_arg5");
        r.sig("arch_prctl", P, "code:ENUM:arch_prctl", "addr:arch_prctl_addr");
        r.sig("set_tid_address", P, "tidptr:PTR");
        r.sig("set_robust_list", P, "head:PTR", "len:ULONG");
        r.sig("rseq", P, "rseq:PTR", "rseq_len:HEX", "flags:HEX", "sig:HEX");
        r.sig("prlimit64", P, "pid:INT", "resource:ENUM:rlimit", "new_limit:rlimit", "old_limit:rlimit_out");
        r.sig("getrlimit", P, "resource:ENUM:rlimit", "rlim:rlimit_out");
        r.sig("setrlimit", P, "resource:ENUM:rlimit", "rlim:rlimit");
        r.sig("getrusage", P, "who:rusage_who", "usage:rusage");
        r.sig("times", P, "buf:tms");
        r.sig("sched_yield", P);
        r.sig("sched_getaffinity", P, "pid:INT", "cpusetsize:ULONG", "mask:cpu_set_out");
        r.sig("sched_setaffinity", P, "pid:INT", "cpusetsize:ULONG", "mask:cpu_set");
        r.sig("sched_getscheduler", P, "pid:INT");
        r.sig("sched_setscheduler", P, "pid:INT", "policy:sched_policy", "param:int_in");
        r.sig("sched_getparam", P, "pid:INT", "param:int_out");
        r.sig("sched_setparam", P, "pid:INT", "param:int_in");
        r.sig("sched_get_priority_max", P, "policy:ENUM:sched_policy");
        r.sig("sched_get_priority_min", P, "policy:ENUM:sched_policy");
        r.sig("getpriority", P, "which:ENUM:prio_which", "who:INT");
        r.sig("setpriority", P, "which:ENUM:prio_which", "who:INT", "prio:INT");
        r.sig("personality", P, "persona:personality");
        r.returns("sched_getscheduler", (d, pid, raw, ret) -> named(ret, Enums.name("sched_policy", ret)));
        r.returns("personality", (d, pid, raw, ret) -> personality(ret, true));
        r.returns("prctl", (d, pid, raw, ret) -> raw[0] == 3 ? named(ret, Enums.name("suid_dump", ret)) : null);
    }

    /** {@code 0 (SCHED_OTHER)}: a return value followed by its name, a number in JSON. */
    static Arg named(long ret, String name) {
        return name == null ? null : new Arg.Expr(ret + " (" + name + ")", ret);
    }

    /** clone(2)'s parent_tid: shown only with CLONE_PARENT_SETTID or CLONE_PIDFD, as what the kernel stored there. */
    private static final ArgDecoder CLONE_PARENT_TID = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return (raw[0] & (CLONE_PARENT_SETTID | CLONE_PIDFD)) != 0 ? null : Decoder.OMITTED;
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            return new Arg.Named("parent_tid", error ? Decoder.pointer(v) : CommonStructs.intRef(d, pid, v, raw));
        }
    };

    /**
     * clone3(2)'s arguments at entry; after a success with CLONE_PARENT_SETTID, also the tid the
     * kernel stored, which strace appends as {@code => {parent_tid=[1235]}} (the "=>" field).
     */
    private static final ArgDecoder CLONE_ARGS = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return cloneArgs(d, pid, v);
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (error || !(atEntry instanceof Arg.Struct in) || !(in.fields().get("flags") instanceof Arg.Sym flags)
                    || (flags.value() & CLONE_PARENT_SETTID) == 0 || !(in.fields().get("parent_tid") instanceof Arg.Hex tid)) {
                return atEntry;
            }
            Map<String, Arg> out = new LinkedHashMap<>(in.fields());
            out.put("=>", new Arg.Struct(Map.of("parent_tid", CommonStructs.intRef(d, pid, tid.value(), raw))));
            return new Arg.Struct(out);
        }
    };

    /** struct clone_args (clone3(2)): fields strace shows only when the flags use them. */
    private static Arg cloneArgs(Decoder d, int pid, long address) {
        if (address == 0) return Decoder.pointer(0);
        ByteBuffer b = d.struct(pid, address, 64);
        if (b == null) return Decoder.unreadable(address);
        long flags = b.getLong(0);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("flags", new Arg.Sym(Flags.clone3Flags(flags), flags));
        if ((flags & CLONE_PIDFD) != 0) f.put("pidfd", Decoder.pointer(b.getLong(8)));
        if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) f.put("child_tid", Decoder.pointer(b.getLong(16)));
        if ((flags & CLONE_PARENT_SETTID) != 0) f.put("parent_tid", Decoder.pointer(b.getLong(24)));
        f.put("exit_signal", CommonStructs.signal((int) b.getLong(32)));
        f.put("stack", Decoder.pointer(b.getLong(40)));
        f.put("stack_size", new Arg.Hex(b.getLong(48), false));
        if ((flags & CLONE_SETTLS) != 0) f.put("tls", Decoder.pointer(b.getLong(56)));
        return new Arg.Struct(f);
    }

    /** The wait status as strace's macro expression: {@code [{WIFEXITED(s) && WEXITSTATUS(s) == 3}]}; a number in JSON. */
    private static Arg waitStatus(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 4);
        if (b == null) return Decoder.unreadable(address);
        int s = b.getInt(0);
        String text;
        int rest;
        if ((s & 0xff) == 0x7f) {
            text = "WIFSTOPPED(s) && WSTOPSIG(s) == " + CommonStructs.signalName((s >> 8) & 0xff);
            rest = s & ~0xffff;
        } else if (s == 0xffff) {
            text = "WIFCONTINUED(s)";
            rest = 0;
        } else if ((s & 0x7f) != 0) {
            text = "WIFSIGNALED(s) && WTERMSIG(s) == " + CommonStructs.signalName(s & 0x7f) + ((s & 0x80) != 0 ? " && WCOREDUMP(s)" : "");
            rest = s & ~0xff;
        } else {
            text = "WIFEXITED(s) && WEXITSTATUS(s) == " + ((s >> 8) & 0xff);
            rest = s & ~0xffff;
        }
        return new Arg.Expr("[{" + text + "}" + (rest != 0 ? " | 0x" + Integer.toHexString(rest) : "") + "]", s);
    }

    /** struct rusage, abbreviated as strace -X abbrev does: the two times, then {@code ...}. */
    static Arg rusage(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 144);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("ru_utime", timeval(b, 0));
        f.put("ru_stime", timeval(b, 16));
        return new Arg.Struct(f, true);
    }

    private static Arg timeval(ByteBuffer b, int at) {
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("tv_sec", new Arg.Num(b.getLong(at)));
        f.put("tv_usec", new Arg.Num(b.getLong(at + 8)));
        return new Arg.Struct(f);
    }

    /** struct rlimit64 (getrlimit(2)): {@code {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}}. */
    private static Arg rlimit(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 16);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("rlim_cur", rlim(b.getLong(0)));
        f.put("rlim_max", rlim(b.getLong(8)));
        return new Arg.Struct(f);
    }

    private static Arg rlim(long v) {
        if (v == -1) return new Arg.Sym("RLIM64_INFINITY", v);
        if (Long.compareUnsigned(v, 1024) > 0 && v % 1024 == 0) return new Arg.Expr(Long.toUnsignedString(v / 1024) + "*1024", v);
        return new Arg.Num(v);
    }

    /** An int array such as getgroups(2)'s list: {@code [0, 4]}. */
    private static Arg ints(Decoder d, int pid, long address, int count) {
        if (count < 0) return Decoder.pointer(address);
        int shown = Math.min(count, d.stringLimit());
        ByteBuffer b = d.struct(pid, address, shown * 4);
        if (b == null) return Decoder.unreadable(address);
        List<Arg> items = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) items.add(new Arg.Num(b.getInt(i * 4)));
        return new Arg.Array(items, count - shown);
    }

    /** struct tms (times(2)). */
    private static Arg tms(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 32);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        String[] names = {"tms_utime", "tms_stime", "tms_cutime", "tms_cstime"};
        for (int i = 0; i < names.length; i++) f.put(names[i], new Arg.Num(b.getLong(i * 8)));
        return new Arg.Struct(f);
    }

    /** A cpu_set_t (sched_setaffinity(2)) as strace's list of CPU numbers: {@code [0 1]}. */
    private static Arg cpuSet(Decoder d, int pid, long address, long bytes) {
        int n = (int) Math.min(Math.max(bytes, 0), 1024);
        byte[] b = d.read(pid, address, n);
        if (b == null || b.length < n) return Decoder.unreadable(address);
        StringBuilder sb = new StringBuilder("[");
        for (int cpu = 0; cpu < n * 8; cpu++) {
            if ((b[cpu / 8] & (1 << (cpu % 8))) == 0) continue;
            if (sb.length() > 1) sb.append(' ');
            sb.append(cpu);
        }
        return new Arg.Sym(sb.append(']').toString(), n > 0 ? b[0] & 0xff : 0);
    }

    /** arch_prctl(2)'s address: what ARCH_GET_FS/GS stored, {@code [0x7f...]}, otherwise the value. */
    private static final ArgDecoder ARCH_PRCTL_ADDR = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return isGet(raw[0]) ? null : new Arg.Hex(v, false);
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            ByteBuffer b = error ? null : d.struct(pid, v, 8);
            return b == null ? Decoder.pointer(v) : new Arg.Array(List.of(new Arg.Hex(b.getLong(0), false)), 0);
        }

        private static boolean isGet(long code) {
            return code == 0x1003 || code == 0x1004;
        }
    };

    /**
     * personality(2)'s persona: the execution domain and flags ({@code PER_LINUX|ADDR_NO_RANDOMIZE});
     * 0xffffffff (a query) stays hex. As a return value the number comes first: {@code 0 (PER_LINUX)}.
     */
    private static Arg personality(long v, boolean isReturn) {
        long p = v & 0xffffffffL;
        if (p == 0xffffffffL && !isReturn) return new Arg.Hex(p, false);
        StringBuilder sb = new StringBuilder(Enums.nameOrUnknown("personality", p & 0xff));
        String flags = Flags.PERSONALITY.render(p & ~0xffL);
        if (!flags.equals("0")) sb.append('|').append(flags);
        if (!isReturn) return new Arg.Sym(sb.toString(), v);
        return new Arg.Expr((p == 0 ? "0" : "0x" + Long.toHexString(p)) + " (" + sb + ")", v);
    }

    /**
     * prctl(2)'s arguments 2 to 5, which mean something else for each option: strace prints
     * only those the option uses, decoded (a name, a signal, a capability, an output value).
     */
    private static final class PrctlArg implements ArgDecoder {
        private static final int SET_PDEATHSIG = 1, GET_PDEATHSIG = 2, SET_DUMPABLE = 4, SET_KEEPCAPS = 8,
                SET_NAME = 15, GET_NAME = 16, CAPBSET_READ = 23, CAPBSET_DROP = 24, SET_TIMERSLACK = 29,
                SET_CHILD_SUBREAPER = 36, GET_CHILD_SUBREAPER = 37, SET_NO_NEW_PRIVS = 38, GET_NO_NEW_PRIVS = 39,
                SET_THP_DISABLE = 41, GET_THP_DISABLE = 42, MCE_KILL_GET = 34;
        /** Options with no argument at all. */
        private static final java.util.Set<Integer> BARE = java.util.Set.of(3, 5, 7, 9, 11, 13, 19, 21, 27, 30, 31, 32, 46, 58);

        private final int position;

        PrctlArg(int position) {
            this.position = position;
        }

        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            int option = (int) raw[0];
            if (Enums.name("prctl", option) == null) return new Arg.Hex(v, false);
            if (BARE.contains(option)) return Decoder.OMITTED;
            switch (option) {
                case SET_NO_NEW_PRIVS, GET_NO_NEW_PRIVS, SET_THP_DISABLE, GET_THP_DISABLE, MCE_KILL_GET -> {
                    return new Arg.Num(v); // every argument, though only arg2 of a SET means anything
                }
                default -> {
                    // the other options use arg2 only
                }
            }
            if (position != 2) return Decoder.OMITTED;
            return switch (option) {
                case SET_PDEATHSIG -> CommonStructs.signal((int) v);
                case SET_DUMPABLE -> new Arg.Sym(Enums.nameOrUnknown("suid_dump", v), v);
                case SET_NAME -> d.string(pid, v);
                case CAPBSET_READ, CAPBSET_DROP -> new Arg.Sym(Enums.nameOrUnknown("capability", v), v);
                case SET_KEEPCAPS, SET_TIMERSLACK, SET_CHILD_SUBREAPER -> new Arg.Num(v);
                case GET_PDEATHSIG, GET_NAME, GET_CHILD_SUBREAPER -> null;
                default -> new Arg.Hex(v, false);
            };
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            if (error) return Decoder.pointer(v);
            if (raw[0] == GET_NAME) return d.string(pid, v);
            ByteBuffer b = d.struct(pid, v, 4);
            if (b == null) return Decoder.unreadable(v);
            Arg value = raw[0] == GET_PDEATHSIG ? CommonStructs.signal(b.getInt(0)) : new Arg.Num(b.getInt(0));
            return new Arg.Array(List.of(value), 0);
        }
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time (nanosleep(2), clock_gettime(2), gettimeofday(2), time(2)), system information (uname(2),
 * sysinfo(2), getrandom(2), getcpu(2), syslog(2)) and the privileged calls a sandbox denies
 * (mount(2), umount2(2), unshare(2), setns(2), ptrace(2), seccomp(2), capget(2)).
 */
final class SystemSyscalls {
    private SystemSyscalls() {}

    private static final FlagSet GRND = new FlagSet("0").add("GRND_NONBLOCK", 1).add("GRND_RANDOM", 2).add("GRND_INSECURE", 4);
    private static final FlagSet TIMER = new FlagSet("0").add("TIMER_ABSTIME", 1);
    private static final FlagSet UMOUNT = new FlagSet("0")
            .add("MNT_FORCE", 1).add("MNT_DETACH", 2).add("MNT_EXPIRE", 4).add("UMOUNT_NOFOLLOW", 8);
    private static final FlagSet MOUNT = new FlagSet("0")
            .add("MS_RDONLY", 1).add("MS_NOSUID", 2).add("MS_NODEV", 4).add("MS_NOEXEC", 8).add("MS_SYNCHRONOUS", 16)
            .add("MS_REMOUNT", 32).add("MS_MANDLOCK", 64).add("MS_DIRSYNC", 128).add("MS_NOSYMFOLLOW", 256)
            .add("MS_NOATIME", 1024).add("MS_NODIRATIME", 2048).add("MS_BIND", 4096).add("MS_MOVE", 8192)
            .add("MS_REC", 16384).add("MS_SILENT", 32768).add("MS_POSIXACL", 1 << 16).add("MS_UNBINDABLE", 1 << 17)
            .add("MS_PRIVATE", 1 << 18).add("MS_SLAVE", 1 << 19).add("MS_SHARED", 1 << 20).add("MS_RELATIME", 1 << 21)
            .add("MS_KERNMOUNT", 1 << 22).add("MS_I_VERSION", 1 << 23).add("MS_STRICTATIME", 1 << 24)
            .add("MS_LAZYTIME", 1 << 25).add("MS_SUBMOUNT", 1 << 26).add("MS_NOREMOTELOCK", 1 << 27)
            .add("MS_NOSEC", 1 << 28).add("MS_BORN", 1 << 29).add("MS_ACTIVE", 1 << 30).add("MS_NOUSER", 1L << 31);
    /** unshare(2)'s flags, in strace's order: CLONE_NEWTIME shares its bit with the exit signal of clone. */
    private static final FlagSet UNSHARE = new FlagSet("0")
            .add("CLONE_NEWTIME", 0x80).add("CLONE_VM", 0x100).add("CLONE_FS", 0x200).add("CLONE_FILES", 0x400)
            .add("CLONE_SIGHAND", 0x800).add("CLONE_THREAD", 0x10000).add("CLONE_NEWNS", 0x20000)
            .add("CLONE_SYSVSEM", 0x40000).add("CLONE_NEWCGROUP", 0x2000000).add("CLONE_NEWUTS", 0x4000000)
            .add("CLONE_NEWIPC", 0x8000000).add("CLONE_NEWUSER", 0x10000000).add("CLONE_NEWPID", 0x20000000)
            .add("CLONE_NEWNET", 0x40000000);
    /** setns(2)'s nstype, in strace's order: a set of CLONE_NEW* bits (0 for any namespace). */
    private static final FlagSet SETNS = new FlagSet("0")
            .add("CLONE_NEWTIME", 0x80).add("CLONE_NEWNS", 0x20000).add("CLONE_NEWCGROUP", 0x2000000)
            .add("CLONE_NEWUTS", 0x4000000).add("CLONE_NEWIPC", 0x8000000).add("CLONE_NEWUSER", 0x10000000)
            .add("CLONE_NEWPID", 0x20000000).add("CLONE_NEWNET", 0x40000000);
    private static final FlagSet SECCOMP_FILTER = new FlagSet("0")
            .add("SECCOMP_FILTER_FLAG_TSYNC", 1).add("SECCOMP_FILTER_FLAG_LOG", 2).add("SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4)
            .add("SECCOMP_FILTER_FLAG_NEW_LISTENER", 8).add("SECCOMP_FILTER_FLAG_TSYNC_ESRCH", 16)
            .add("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32);

    private static final long MS_MGC_VAL = 0xc0ed0000L, MS_MGC_MSK = 0xffff0000L;
    private static final long MS_REMOUNT = 32, MS_NO_TYPE_OR_DATA = 4096 | 8192 | 1 << 17 | 1 << 18 | 1 << 19 | 1 << 20;
    private static final int UTS_FIELD = 65, NEW_UTS_LEN = 64, EINTR = 4, ERESTART_RESTARTBLOCK = 516;
    private static final int PTRACE_TRACEME = 0, PTRACE_PEEKUSER = 3, PTRACE_SEIZE = 0x4206;
    private static final List<Integer> PTRACE_NO_ADDR_DATA = List.of(8, 16, 0x4207, 0x4208); // KILL ATTACH INTERRUPT LISTEN
    private static final List<Integer> PTRACE_SIGNAL_DATA = List.of(7, 9, 17, 24, 31, 32); // CONT SINGLESTEP DETACH SYSCALL SYSEMU*
    private static final int SECCOMP_SET_MODE_FILTER = 1, SECCOMP_GET_ACTION_AVAIL = 2;
    /** CLOSE, OPEN, CLEAR, CONSOLE_OFF, CONSOLE_ON, SIZE_UNREAD, SIZE_BUFFER: strace shows only the action. */
    private static final java.util.Set<Integer> SYSLOG_IGNORES_BUFFER = java.util.Set.of(0, 1, 5, 6, 7, 9, 10);

    /** Argument and return decoders this area defines (registered before any signature). */
    private static final FlagSet LANDLOCK_CREATE = new FlagSet("0").add("LANDLOCK_CREATE_RULESET_VERSION", 1)
            .add("LANDLOCK_CREATE_RULESET_ERRATA", 2);
    private static final FlagSet MODULE_INIT = new FlagSet("0").add("MODULE_INIT_IGNORE_MODVERSIONS", 1)
            .add("MODULE_INIT_IGNORE_VERMAGIC", 2).add("MODULE_INIT_COMPRESSED_FILE", 4);

    private static final FlagSet DELETE_MODULE = new FlagSet("0").add("O_NONBLOCK", 04000).add("O_TRUNC", 01000);
    private static final FlagSet UFFD = new FlagSet("0").add("O_NONBLOCK", 04000).add("O_CLOEXEC", 02000000)
            .add("UFFD_USER_MODE_ONLY", 1);
    private static final FlagSet LISTMOUNT = new FlagSet("0").add("LISTMOUNT_REVERSE", 1);
    private static final FlagSet STATMOUNT = new FlagSet("0").add("STATMOUNT_BY_FD", 1);

    static void decoders(Signatures.Registry r) {
        r.decoder("delete_module_flags", Decoder.flags(DELETE_MODULE, "O_"));
        r.decoder("uffd_flags", Decoder.flags(UFFD, "O_"));
        r.decoder("listmount_flags", Decoder.flags(LISTMOUNT, "LISTMOUNT_"));
        r.decoder("statmount_flags", Decoder.flags(STATMOUNT, "STATMOUNT_"));
        r.decoder("landlock_create_flags", Decoder.flags(LANDLOCK_CREATE, "LANDLOCK_CREATE_RULESET_"));
        r.decoder("module_init_flags", Decoder.flags(MODULE_INIT, "MODULE_INIT_"));
        r.decoder("clockid", Decoder.constants("clock", "CLOCK_"));
        r.decoder("grnd_flags", Decoder.flags(GRND, "GRND_"));
        r.decoder("timer_flags", Decoder.flags(TIMER, "TIMER_"));
        r.decoder("umount_flags", Decoder.flags(UMOUNT, "MNT_"));
        r.decoder("unshare_flags", Decoder.flags(UNSHARE, "CLONE_"));
        r.decoder("setns_type", Decoder.flags(SETNS, "CLONE_NEW"));
        r.decoder("utsname", ArgDecoder.out((d, pid, v, raw, ret) -> utsname(d, pid, v)));
        r.decoder("sysinfo", ArgDecoder.out((d, pid, v, raw, ret) -> sysinfo(d, pid, v)));
        r.decoder("timezone_out", ArgDecoder.out((d, pid, v, raw, ret) -> timezone(d, pid, v)));
        r.decoder("remaining", new Remaining());
        r.decoder("time_out", ArgDecoder.out((d, pid, v, raw, ret) -> {
            ByteBuffer b = d.struct(pid, v, 8);
            return b == null ? Decoder.unreadable(v) : new Arg.Array(List.of(dated(b.getLong(0))), 0);
        }));
        r.decoder("hostname", ArgDecoder.in((d, pid, v, raw) -> (raw[1] & 0xffffffffL) > NEW_UTS_LEN
                ? Decoder.pointer(v) : d.bytes(pid, v, raw[1] & 0xffffffffL)));
        r.decoder("mount_type", (d, pid, v, raw) -> (mountFlags(raw[3]) & (MS_REMOUNT | MS_NO_TYPE_OR_DATA)) != 0
                ? Decoder.pointer(v) : d.string(pid, v));
        r.decoder("mount_flags", (d, pid, v, raw) -> {
            long flags = mountFlags(v);
            String text = v != flags ? (flags == 0 ? "MS_MGC_VAL" : "MS_MGC_VAL|" + MOUNT.render(flags)) : MOUNT.render(flags);
            return new Arg.Sym(text.startsWith("0x") ? text + " /* MS_??? */" : text, v);
        });
        r.decoder("mount_data", (d, pid, v, raw) -> (mountFlags(raw[3]) & MS_NO_TYPE_OR_DATA) != 0
                ? Decoder.pointer(v) : d.string(pid, v));
        r.decoder("ptrace_request", Decoder.constants("ptrace", "PTRACE_"));
        r.decoder("ptrace_pid", (d, pid, v, raw) -> (int) raw[0] == PTRACE_TRACEME ? Decoder.OMITTED : new Arg.Num((int) v));
        r.decoder("ptrace_addr", new PtraceAddr());
        r.decoder("ptrace_data", new PtraceData());
        r.decoder("seccomp_op", Decoder.constants("seccomp_op", "SECCOMP_SET_MODE_"));
        r.decoder("seccomp_flags", (d, pid, v, raw) -> (int) raw[0] == SECCOMP_SET_MODE_FILTER
                ? Decoder.flags(SECCOMP_FILTER, v & 0xffffffffL, "SECCOMP_FILTER_FLAG_") : new Arg.Hex(v & 0xffffffffL, false));
        r.decoder("seccomp_args", ArgDecoder.in((d, pid, v, raw) -> {
            if ((int) raw[0] != SECCOMP_GET_ACTION_AVAIL) return Decoder.pointer(v);
            ByteBuffer b = d.struct(pid, v, 4);
            return b == null ? Decoder.unreadable(v)
                    : new Arg.Array(List.of(Decoder.constant("seccomp_ret", b.getInt(0) & 0xffffffffL, "SECCOMP_RET_")), 0);
        }));
        r.decoder("cap_header", Capabilities.HEADER);
        r.decoder("cap_data_out", Capabilities.DATA_OUT);
        r.decoder("cap_data_in", Capabilities.DATA_IN);
        r.decoder("syslog_type", (d, pid, v, raw) -> {
            String name = Enums.name("syslog", (int) v);
            return new Arg.Sym((int) v + " /* " + (name != null ? name : "SYSLOG_ACTION_???") + " */", (int) v);
        });
        r.decoder("syslog_buf", new SyslogBuffer());
        r.decoder("syslog_len", (d, pid, v, raw) -> {
            int type = (int) raw[0];
            if (SYSLOG_IGNORES_BUFFER.contains(type)) return Decoder.OMITTED;
            if (type != 8) return new Arg.Num((int) v);
            String[] levels = {"EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"};
            String name = (int) v >= 0 && (int) v < 8 ? "LOGLEVEL_" + levels[(int) v] : "LOGLEVEL_???";
            return new Arg.Sym((int) v + " /* " + name + " */", (int) v);
        });
    }

    static void signatures(Signatures.Registry r) {
        Category SYS = Category.SYSTEM;
        // the privileged and the rare: argument types as strace prints them (strace-peer's tests)
        r.sig("acct", SYS, "filename:PATH");
        r.sig("adjtimex", SYS, "buf:PTR");
        r.sig("clock_adjtime", SYS, "clockid:clockid", "buf:PTR");
        r.sig("init_module", SYS, "module_image:PTR", "len:ULONG", "param_values:STRING");
        r.sig("finit_module", SYS, "fd:FD", "param_values:STRING", "flags:module_init_flags");
        r.sig("delete_module", SYS, "name:STRING", "flags:delete_module_flags");
        r.sig("ioperm", SYS, "from:HEX", "num:HEX", "turn_on:INT");
        r.sig("iopl", SYS, "level:INT");
        r.sig("lookup_dcookie", SYS, "cookie:ULONG", "buffer:PTR", "len:ULONG");
        r.sig("modify_ldt", SYS, "func:INT", "ptr:PTR", "bytecount:ULONG");
        r.sig("swapon", SYS, "path:PATH", "swapflags:INT");
        r.sig("swapoff", SYS, "path:PATH");
        r.sig("_sysctl", SYS, "args:PTR");
        r.sig("vhangup", SYS);
        r.sig("userfaultfd", SYS, "flags:uffd_flags");
        r.sig("landlock_create_ruleset", SYS, "attr:PTR", "size:ULONG", "flags:landlock_create_flags");
        r.sig("landlock_restrict_self", SYS, "ruleset_fd:FD", "flags:XINT");
        r.sig("lsm_list_modules", SYS, "ids:PTR", "size:PTR", "flags:XINT");
        r.sig("listmount", SYS, "req:PTR", "buf:PTR", "bufsize:ULONG", "flags:listmount_flags");
        r.sig("statmount", SYS, "req:PTR", "buf:PTR", "bufsize:ULONG", "flags:statmount_flags");
        r.sig("timer_create", SYS, "clockid:clockid", "sevp:PTR", "timerid:PTR");
        r.sig("timer_settime", SYS, "timerid:INT", "flags:timer_flags", "new_value:PTR", "old_value:PTR");
        r.sig("timer_gettime", SYS, "timerid:INT", "curr_value:PTR");
        r.sig("timer_getoverrun", SYS, "timerid:INT");
        r.sig("timer_delete", SYS, "timerid:INT");
        r.sig("uname", SYS, "buf:utsname");
        r.sig("sysinfo", SYS, "info:sysinfo");
        r.sig("getrandom", SYS, "buf:BUF_OUT", "buflen:ULONG", "flags:grnd_flags");
        r.sig("getcpu", SYS, "cpu:int_out", "node:int_out", "tcache:PTR");
        r.sig("nanosleep", SYS, "req:timespec", "rem:remaining");
        r.sig("clock_nanosleep", SYS, "clockid:clockid", "flags:timer_flags", "request:timespec", "remain:remaining");
        r.sig("clock_gettime", SYS, "clockid:clockid", "tp:timespec_out");
        r.sig("clock_getres", SYS, "clockid:clockid", "res:timespec_out");
        r.sig("clock_settime", SYS, "clockid:clockid", "tp:timespec");
        r.sig("gettimeofday", SYS, "tv:timeval_out", "tz:timezone_out");
        r.sig("time", SYS, "tloc:time_out");
        r.returns("time", (d, pid, raw, ret) -> date(ret) == null ? new Arg.Num(ret) : new Arg.Expr(ret + " (" + date(ret) + ")", ret));
        r.sig("sethostname", SYS, "name:hostname", "len:uint");
        r.sig("setdomainname", SYS, "name:hostname", "len:uint");
        r.sig("mount", SYS, "source:PATH", "target:PATH", "filesystemtype:mount_type", "mountflags:mount_flags",
                "data:mount_data");
        r.sig("umount2", SYS, "target:PATH", "flags:umount_flags");
        r.sig("pivot_root", SYS, "new_root:PATH", "put_old:PATH");
        r.sig("unshare", SYS, "flags:unshare_flags");
        r.sig("setns", SYS, "fd:FD", "nstype:setns_type");
        r.sig("ptrace", SYS, "request:ptrace_request", "pid:ptrace_pid", "addr:ptrace_addr", "data:ptrace_data");
        r.sig("seccomp", SYS, "operation:seccomp_op", "flags:seccomp_flags", "args:seccomp_args");
        r.sig("capget", SYS, "hdrp:cap_header", "datap:cap_data_out");
        r.sig("capset", SYS, "hdrp:cap_header", "datap:cap_data_in");
        r.sig("syslog", SYS, "type:syslog_type", "bufp:syslog_buf", "len:syslog_len");
        r.sig("reboot", SYS, "magic:HEX", "magic2:HEX", "cmd:HEX", "arg:PTR");
    }

    private static long mountFlags(long v) {
        return (v & MS_MGC_MSK) == MS_MGC_VAL ? v & ~MS_MGC_MSK : v;
    }

    /** A time_t with strace's date comment, or the bare number beyond the calendar. */
    private static Arg dated(long seconds) {
        String date = date(seconds);
        return date == null ? new Arg.Num(seconds) : new Arg.Expr(seconds + " /* " + date + " */", seconds);
    }

    /** strace's date, null for a year no calendar holds. */
    private static String date(long seconds) {
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")
                    .format(java.time.Instant.ofEpochSecond(seconds).atZone(java.time.ZoneId.systemDefault()));
        } catch (java.time.DateTimeException beyondTheCalendar) {
            return null;
        }
    }

    /** {@code {sysname="Linux", nodename="vm", ...}}: strace -X abbrev shows the first two fields. */
    private static Arg utsname(Decoder d, int pid, long address) {
        byte[] b = d.read(pid, address, 2 * UTS_FIELD);
        if (b == null || b.length < 2 * UTS_FIELD) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("sysname", field(b, 0, address));
        f.put("nodename", field(b, UTS_FIELD, address + UTS_FIELD));
        return new Arg.Struct(f, true);
    }

    private static Arg field(byte[] b, int at, long address) {
        int end = at;
        while (end < at + UTS_FIELD && b[end] != 0) end++;
        return new Arg.Str(Arrays.copyOfRange(b, at, end), false, address, false);
    }

    /** struct sysinfo, every field (strace abbreviates none of them). */
    private static Arg sysinfo(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 112);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("uptime", new Arg.Num(b.getLong(0)));
        f.put("loads", new Arg.Array(List.of(new Arg.Num(b.getLong(8)), new Arg.Num(b.getLong(16)), new Arg.Num(b.getLong(24))), 0));
        String[] sizes = {"totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap"};
        for (int i = 0; i < sizes.length; i++) f.put(sizes[i], new Arg.Num(b.getLong(32 + i * 8)));
        f.put("procs", new Arg.Num(b.getShort(80) & 0xffff));
        f.put("totalhigh", new Arg.Num(b.getLong(88)));
        f.put("freehigh", new Arg.Num(b.getLong(96)));
        f.put("mem_unit", new Arg.Num(b.getInt(104) & 0xffffffffL));
        return new Arg.Struct(f);
    }

    private static Arg timezone(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 8);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("tz_minuteswest", new Arg.Num(b.getInt(0)));
        f.put("tz_dsttime", new Arg.Num(b.getInt(4)));
        return new Arg.Struct(f);
    }

    /** The time left of an interrupted sleep: written only when a signal cut it short, else the address. */
    private static final class Remaining implements ArgDecoder {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return v == 0 ? Decoder.pointer(0) : null;
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            boolean interrupted = error && (-ret == EINTR || -ret == ERESTART_RESTARTBLOCK);
            return interrupted ? CommonStructs.timespec(d, pid, v) : Decoder.pointer(v);
        }
    }

    /** ptrace's addr: absent for the requests that ignore it. */
    private static final class PtraceAddr implements ArgDecoder {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            int request = (int) raw[0];
            return request == PTRACE_TRACEME || PTRACE_NO_ADDR_DATA.contains(request) ? Decoder.OMITTED : Decoder.pointer(v);
        }
    }

    /** ptrace's data: a signal to deliver, the word a PEEK read (at exit), or an address. */
    private static final class PtraceData implements ArgDecoder {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            int request = (int) raw[0];
            if (request == PTRACE_TRACEME || PTRACE_NO_ADDR_DATA.contains(request)) return Decoder.OMITTED;
            if (PTRACE_SIGNAL_DATA.contains(request)) {
                return (int) v == 0 ? new Arg.Num(0) : new Arg.Sym(dev.sandtrace.linux.Signals.name((int) v), v);
            }
            if (request == PTRACE_SEIZE) return new Arg.Hex(v, false);
            return request >= 1 && request <= PTRACE_PEEKUSER ? null : Decoder.pointer(v);
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            ByteBuffer b = error ? null : d.struct(pid, v, 8);
            return b == null ? Decoder.pointer(v) : new Arg.Array(List.of(new Arg.Hex(b.getLong(0), false)), 0);
        }
    }

    /** syslog's buffer: what a READ returned, absent for the actions that ignore it, else the address. */
    private static final class SyslogBuffer implements ArgDecoder {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            int type = (int) raw[0];
            if (SYSLOG_IGNORES_BUFFER.contains(type)) return Decoder.OMITTED;
            return type >= 2 && type <= 4 ? null : Decoder.pointer(v);
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (atEntry != null) return atEntry;
            return error ? Decoder.pointer(v) : d.bytes(pid, v, ret);
        }
    }
}

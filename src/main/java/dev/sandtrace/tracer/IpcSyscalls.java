package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polling (poll(2), select(2), epoll(7)), futex(2), eventfd(2), timerfd_create(2), inotify(7) and
 * System V IPC (msgget(2), semget(2), shmget(2) and their ctl calls).
 */
final class IpcSyscalls {
    private IpcSyscalls() {}

    private static final FlagSet EPOLL = new FlagSet("0").add("EPOLL_CLOEXEC", 02000000);
    private static final FlagSet EFD = new FlagSet("0").add("EFD_SEMAPHORE", 1).add("EFD_CLOEXEC", 02000000).add("EFD_NONBLOCK", 04000);
    private static final FlagSet TFD = new FlagSet("0").add("TFD_CLOEXEC", 02000000).add("TFD_NONBLOCK", 04000);
    private static final FlagSet TFD_TIMER = new FlagSet("0").add("TFD_TIMER_ABSTIME", 1).add("TFD_TIMER_CANCEL_ON_SET", 2);
    private static final FlagSet IN_INIT = new FlagSet("0").add("IN_NONBLOCK", 04000).add("IN_CLOEXEC", 02000000);
    private static final FlagSet IN_MASK = new FlagSet("0")
            .add("IN_ACCESS", 0x1).add("IN_MODIFY", 0x2).add("IN_ATTRIB", 0x4).add("IN_CLOSE_WRITE", 0x8)
            .add("IN_CLOSE_NOWRITE", 0x10).add("IN_OPEN", 0x20).add("IN_MOVED_FROM", 0x40).add("IN_MOVED_TO", 0x80)
            .add("IN_CREATE", 0x100).add("IN_DELETE", 0x200).add("IN_DELETE_SELF", 0x400).add("IN_MOVE_SELF", 0x800)
            .add("IN_UNMOUNT", 0x2000).add("IN_Q_OVERFLOW", 0x4000).add("IN_IGNORED", 0x8000).add("IN_ONLYDIR", 0x1000000)
            .add("IN_DONT_FOLLOW", 0x2000000).add("IN_EXCL_UNLINK", 0x4000000).add("IN_MASK_CREATE", 0x10000000)
            .add("IN_MASK_ADD", 0x20000000).add("IN_ISDIR", 0x40000000).add("IN_ONESHOT", 0x80000000L);
    private static final FlagSet MSG_GET = new FlagSet("").add("IPC_CREAT", 01000).add("IPC_EXCL", 02000).add("IPC_NOWAIT", 04000);
    private static final FlagSet SHM_GET = new FlagSet("").add("IPC_CREAT", 01000).add("IPC_EXCL", 02000)
            .add("SHM_HUGETLB", 04000).add("SHM_NORESERVE", 010000);

    private static final int FUTEX_CMD_MASK = 0x7f, FUTEX_PRIVATE = 128, FUTEX_CLOCK_REALTIME = 256;

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {
        r.decoder("pollfds", Pollfd.FDS);
        r.decoder("fd_set", FdSet.SET);
        r.decoder("epoll_event", EpollEvent.IN);
        r.decoder("epoll_events", EpollEvent.OUT);
        r.decoder("pselect_sigmask", ArgDecoder.in(IpcSyscalls::pselectSigmask));
        r.decoder("epoll_flags", Decoder.flags(EPOLL, "EPOLL_"));
        r.decoder("efd_flags", Decoder.flags(EFD, "EFD_"));
        r.decoder("tfd_flags", Decoder.flags(TFD, "TFD_"));
        r.decoder("tfd_timer_flags", Decoder.flags(TFD_TIMER, "TFD_TIMER_"));
        r.decoder("itimerspec", ArgDecoder.in((d, pid, v, raw) -> itimerspec(d, pid, v)));
        r.decoder("itimerspec_out", ArgDecoder.out((d, pid, v, raw, ret) -> itimerspec(d, pid, v)));
        r.decoder("in_init_flags", Decoder.flags(IN_INIT, "IN_"));
        r.decoder("in_mask", Decoder.flags(IN_MASK, "IN_"));
        r.decoder("ipc_key", (d, pid, v, raw) -> (int) v == 0 ? new Arg.Sym("IPC_PRIVATE", 0) : new Arg.Hex(v & 0xffffffffL, false));
        r.decoder("msgget_flags", (d, pid, v, raw) -> ipcFlags(MSG_GET, v));
        r.decoder("shmget_flags", (d, pid, v, raw) -> ipcFlags(SHM_GET, v));
        r.decoder("futex_op", (d, pid, v, raw) -> futexOp(v));
        r.decoder("futex_val", futexArg(0x1e3fL, (d, pid, v, raw) -> new Arg.Num((int) v)));
        r.decoder("futex_timeout", new FutexTimeout());
        r.decoder("futex_uaddr2", futexArg(1L << 3 | 1L << 4 | 1L << 5 | 1L << 11 | 1L << 12, (d, pid, v, raw) -> Decoder.pointer(v)));
        r.decoder("futex_val3", futexArg(1L << 4 | 1L << 5 | 1L << 9 | 1L << 10 | 1L << 12, (d, pid, v, raw) ->
                (int) v == -1 && (cmd(raw) == 9 || cmd(raw) == 10) ? new Arg.Sym("FUTEX_BITSET_MATCH_ANY", v)
                        : new Arg.Hex(v & 0xffffffffL, false)));
    }

    static void signatures(Signatures.Registry r) {
        Category I = Category.IPC;
        r.sig("semop", I, "semid:INT", "sops:PTR", "nsops:UINT");
        r.sig("semtimedop", I, "semid:INT", "sops:PTR", "nsops:UINT", "timeout:PTR");
        r.sig("poll", I, "fds:pollfds", "nfds:uint", "timeout:INT");
        r.returns("poll", (d, pid, raw, ret) -> Pollfd.returned(d, pid, raw, ret, 0));
        r.sig("ppoll", I, "fds:pollfds", "nfds:uint", "tmo_p:timespec", "sigmask:sigset", "sigsetsize:ULONG");
        r.returns("ppoll", (d, pid, raw, ret) -> Pollfd.returned(d, pid, raw, ret, raw[2]));
        r.sig("select", I, "nfds:INT", "readfds:fd_set", "writefds:fd_set", "exceptfds:fd_set", "timeout:timeval");
        r.returns("select", (d, pid, raw, ret) -> FdSet.returned(d, pid, raw, ret, true));
        r.sig("pselect6", I, "nfds:INT", "readfds:fd_set", "writefds:fd_set", "exceptfds:fd_set", "timeout:timespec",
                "sigmask:pselect_sigmask");
        r.returns("pselect6", (d, pid, raw, ret) -> FdSet.returned(d, pid, raw, ret, false));
        r.sig("epoll_create", I, "size:INT");
        r.sig("epoll_create1", I, "flags:epoll_flags");
        r.sig("epoll_ctl", I, "epfd:FD", "op:ENUM:epoll_ctl", "fd:FD", "event:epoll_event");
        r.sig("epoll_wait", I, "epfd:FD", "events:epoll_events", "maxevents:INT", "timeout:INT");
        r.sig("epoll_pwait", I, "epfd:FD", "events:epoll_events", "maxevents:INT", "timeout:INT", "sigmask:sigset",
                "sigsetsize:ULONG");
        r.sig("eventfd", I, "initval:uint");
        r.sig("eventfd2", I, "initval:uint", "flags:efd_flags");
        r.sig("futex", I, "uaddr:PTR", "futex_op:futex_op", "val:futex_val", "timeout:futex_timeout", "uaddr2:futex_uaddr2",
                "val3:futex_val3");
        r.sig("timerfd_create", I, "clockid:clockid", "flags:tfd_flags");
        r.sig("timerfd_settime", I, "fd:FD", "flags:tfd_timer_flags", "new_value:itimerspec", "old_value:itimerspec_out");
        r.sig("timerfd_gettime", I, "fd:FD", "curr_value:itimerspec_out");
        r.sig("inotify_init", I);
        r.sig("inotify_init1", I, "flags:in_init_flags");
        r.sig("inotify_add_watch", I, "fd:FD", "pathname:PATH", "mask:in_mask");
        r.sig("inotify_rm_watch", I, "fd:FD", "wd:INT");
        r.sig("msgget", I, "key:ipc_key", "msgflg:msgget_flags");
        r.sig("semget", I, "key:ipc_key", "nsems:INT", "semflg:msgget_flags");
        r.sig("shmget", I, "key:ipc_key", "size:ULONG", "shmflg:shmget_flags");
        r.sig("msgctl", I, "msqid:INT", "cmd:ENUM:ipc_cmd", "buf:PTR");
        r.sig("semctl", I, "semid:INT", "semnum:INT", "cmd:ENUM:semctl_cmd", "arg:PTR");
        r.sig("shmctl", I, "shmid:INT", "cmd:ENUM:shmctl_cmd", "buf:PTR");
    }

    /** pselect6's sixth argument, a {sigset pointer, size} pair: {@code {sigmask=[USR1], sigsetsize=8}}. */
    private static Arg pselectSigmask(Decoder d, int pid, long address, long[] raw) {
        ByteBuffer b = d.struct(pid, address, 16);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        long set = b.getLong(0);
        f.put("sigmask", set == 0 ? Decoder.pointer(0) : CommonStructs.sigset(d, pid, set));
        f.put("sigsetsize", new Arg.Num(b.getLong(8)));
        return new Arg.Struct(f);
    }

    /** {@code {it_interval={tv_sec=1, tv_nsec=0}, it_value={tv_sec=100, tv_nsec=0}}}. */
    static Arg itimerspec(Decoder d, int pid, long address) {
        if (d.struct(pid, address, 32) == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("it_interval", CommonStructs.timespec(d, pid, address));
        f.put("it_value", CommonStructs.timespec(d, pid, address + 16));
        return new Arg.Struct(f);
    }

    /** IPC_CREAT|IPC_EXCL|0600: the flag names, then the permission bits in octal (000 alone). */
    private static Arg ipcFlags(FlagSet names, long v) {
        long flags = v & 0xffffffffL;
        String text = names.render(flags & ~0777L);
        String mode = String.format("%#03o", flags & 0777L);
        return new Arg.Sym(text.isEmpty() ? mode : text + "|" + mode, flags);
    }

    private static int cmd(long[] raw) {
        return (int) raw[1] & FUTEX_CMD_MASK;
    }

    /** FUTEX_WAIT_PRIVATE, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME: the command, _PRIVATE, the clock flag. */
    private static Arg futexOp(long v) {
        String name = Enums.name("futex", v & FUTEX_CMD_MASK);
        String text = name == null ? "0x" + Long.toHexString(v & FUTEX_CMD_MASK) + " /* FUTEX_??? */" : name;
        if ((v & FUTEX_PRIVATE) != 0) text += "_PRIVATE";
        if ((v & FUTEX_CLOCK_REALTIME) != 0) text += "|FUTEX_CLOCK_REALTIME";
        long rest = v & 0xffffffffL & ~(FUTEX_CMD_MASK | FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME);
        if (rest != 0) text += "|0x" + Long.toHexString(rest);
        return new Arg.Sym(text, v);
    }

    /**
     * An argument futex(2) shows only for some commands: bit N of {@code commands} set for
     * command N; commands beyond the table show every argument, as strace does.
     */
    private static ArgDecoder futexArg(long commands, ArgDecoder shown) {
        return (d, pid, v, raw) -> {
            int cmd = cmd(raw);
            return cmd > 13 || (commands & 1L << cmd) != 0 ? shown.entry(d, pid, v, raw) : Decoder.OMITTED;
        };
    }

    /** The fourth argument: a timeout for the waits, the count val2 for the requeues, absent otherwise. */
    private static final class FutexTimeout implements ArgDecoder {
        private static final long TIMEOUT = 1L << 0 | 1L << 6 | 1L << 9 | 1L << 11 | 1L << 13, VAL2 = 1L << 3 | 1L << 4 | 1L << 5 | 1L << 12;

        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            int cmd = cmd(raw);
            if (cmd > 13) return new Arg.Hex(v, false);
            if ((TIMEOUT & 1L << cmd) != 0) return v == 0 ? Decoder.pointer(0) : CommonStructs.timespec(d, pid, v);
            if ((VAL2 & 1L << cmd) != 0) return new Arg.Num((int) v);
            return Decoder.OMITTED;
        }
    }
}

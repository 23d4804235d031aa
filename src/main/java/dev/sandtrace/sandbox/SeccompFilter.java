package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.policy.SocketRules;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The seccomp-bpf program (seccomp(2), {@code <linux/filter.h>}, {@code <linux/seccomp.h>}):
 * architecture check first, x32 numbers denied, the mandatory deny set, the policy's deny list,
 * and argument checks for clone (namespace flags), ioctl (TIOCSTI, TIOCLINUX: low 32 bits only,
 * as the kernel compares them), personality (READ_IMPLIES_EXEC), file modes (no set-id bits) and
 * socket families, types and protocols ({@link SocketRules}). clone3 gets ENOSYS so that libc
 * falls back to clone, whose flags a filter can see.
 */
public final class SeccompFilter {
    /** Syscalls no policy can allow unless it says so explicitly. */
    public static final List<String> MANDATORY_DENY = List.of(
            "mount", "umount2", "pivot_root", "fsopen", "fsmount", "open_tree", "move_mount", "fspick", "fsconfig",
            "mount_setattr", "open_tree_attr", "unshare", "setns", "ptrace", "process_vm_writev", "keyctl", "add_key",
            "request_key", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
            "io_uring_register", "open_by_handle_at", "kexec_load", "kexec_file_load", "init_module", "finit_module",
            "delete_module", "reboot", "swapon", "swapoff", "acct", "chroot", "syslog", "quotactl", "lookup_dcookie",
            "vhangup", "iopl", "ioperm", "settimeofday", "clock_settime", "adjtimex", "clock_adjtime", "nfsservctl");

    static final long NAMESPACE_FLAGS = 0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L
            | 0x20000000L | 0x40000000L;
    static final long CLONE_UNTRACED = 0x00800000L;
    static final long TIOCSTI = 0x5412, TIOCLINUX = 0x541C;
    static final long READ_IMPLIES_EXEC = 0x0400000;
    static final int EPERM = 1, ENOSYS = 38;
    static final long SET_ID_BITS = 04000 | 02000;
    /**
     * Calls that take a file mode, with the index of that argument. A set-id bit there is
     * refused: a root caller's writable paths are idmapped so that the sample owns what host
     * root owns, and a setuid file it made would be setuid root on the host.
     */
    public static final java.util.Map<String, Integer> MODE_ARGUMENT = new java.util.LinkedHashMap<>();
    static {
        for (String n : List.of("chmod", "fchmod", "creat", "mknod")) MODE_ARGUMENT.put(n, 1);
        for (String n : List.of("fchmodat", "fchmodat2", "open", "mknodat")) MODE_ARGUMENT.put(n, 2);
        MODE_ARGUMENT.put("openat", 3);
    }

    private static final int RET_KILL_PROCESS = Bpf.RET_KILL_PROCESS, RET_ERRNO = Bpf.RET_ERRNO;
    private static final int OFF_NR = Bpf.OFF_NR, OFF_ARCH = Bpf.OFF_ARCH, OFF_ARGS = Bpf.OFF_ARGS;

    private final Arch arch;
    private final Set<String> denied;
    private final Policy.Action action;
    private final BitSet traced;
    private final SocketRules sockets;

    /** {@code extraDeny}: the policy's list on top of the mandatory one; {@code action}: EPERM, kill or log. */
    public SeccompFilter(Arch arch, List<String> extraDeny, Policy.Action action) {
        this(arch, extraDeny, action, new BitSet());
    }

    public SeccompFilter(Arch arch, List<String> extraDeny, Policy.Action action, BitSet traced) {
        this(arch, extraDeny, action, traced, new SocketRules(List.of(), false));
    }

    /**
     * {@code traced}: syscall numbers the filter answers with SECCOMP_RET_TRACE instead of
     * RET_ALLOW when it allows them (seccomp-bpf tracing); denied ones keep their action.
     */
    public SeccompFilter(Arch arch, List<String> extraDeny, Policy.Action action, BitSet traced, SocketRules sockets) {
        this.arch = arch;
        this.sockets = sockets;
        this.action = action;
        this.traced = (BitSet) traced.clone();
        Set<String> all = new LinkedHashSet<>(MANDATORY_DENY);
        all.addAll(extraDeny);
        all.removeIf(name -> arch.syscallNumber(name) < 0); // e.g. nfsservctl has a number, others may not
        this.denied = all;
    }

    /** The names this filter denies (for labelling violations and for the trace header). */
    public Set<String> denied() {
        return denied;
    }

    /** What the filter lets socket(2) and socketpair(2) create. */
    public SocketRules sockets() {
        return sockets;
    }

    /** The errno a denied syscall gets: 0 when denied syscalls are killed, -1 when they are only logged. */
    public int deniedErrno() {
        return switch (action) {
            case ERRNO -> EPERM;
            case KILL -> 0;
            case LOG -> -1;
        };
    }

    /** {@code struct sock_filter[]} as bytes, native order. */
    public byte[] program() {
        Bpf a = new Bpf();
        a.ld(OFF_ARCH);
        a.jeq(arch.auditArch(), "native", "badarch");
        a.label("badarch");
        a.ret(RET_KILL_PROCESS);
        a.label("native");
        a.ld(OFF_NR);
        a.jgeFall(Bpf.X32_SYSCALL_BIT);                      // x32 numbers: fall into the far jump to deny
        a.ja("deny");
        // "not this one? skip the jump": ja has a 32-bit offset, so the list may be as long as policies make it
        for (String name : denied) {
            a.jneSkip(arch.syscallNumber(name));
            a.ja("deny");
        }
        a.jneSkip(arch.syscallNumber("clone"));
        a.ja("clone");
        a.jneSkip(arch.syscallNumber("clone3"));
        a.ja("enosys");
        a.jneSkip(arch.syscallNumber("ioctl"));
        a.ja("ioctl");
        a.jneSkip(arch.syscallNumber("personality"));
        a.ja("personality");
        // openat2 passes its mode in a struct the filter cannot read: ENOSYS makes libc use openat
        // far jumps (ja has 32 bits, a conditional jump only 8): the traced set below can be long
        if (arch.syscallNumber("openat2") >= 0) {
            a.jneSkip(arch.syscallNumber("openat2"));
            a.ja("enosys");
        }
        for (var m : MODE_ARGUMENT.entrySet()) {
            if (arch.syscallNumber(m.getKey()) < 0) continue;
            a.jneSkip(arch.syscallNumber(m.getKey()));
            a.ja("mode" + m.getValue());
        }
        for (String call : List.of("socket", "socketpair")) {
            a.jneSkip(arch.syscallNumber(call));
            a.ja("socket");
        }
        a.jumpIfIn(traced, "trace");
        a.ret(Bpf.RET_ALLOW);
        a.label("trace");
        a.ret(Bpf.RET_TRACE);
        a.label("clone");
        a.ld(OFF_ARGS);                                  // low 32 bits of flags: all CLONE_* live there
        a.jset(NAMESPACE_FLAGS | CLONE_UNTRACED, "deny", null);
        a.ret(allow("clone"));
        a.label("ioctl");
        a.ld(OFF_ARGS + 8);                              // low 32 bits of the request, as the tty layer compares
        a.jeq(TIOCSTI, "deny", null);
        a.jeq(TIOCLINUX, "deny", null);
        a.ret(allow("ioctl"));
        a.label("personality");
        a.ld(OFF_ARGS);
        a.jeq(0xffffffffL, "allow", null);                 // personality(0xffffffff) only queries
        a.jset(READ_IMPLIES_EXEC, "deny", null);
        a.label("allow");
        a.ret(allow("personality"));
        a.label("deny");
        a.ret(denial());
        a.label("enosys");
        a.ret(RET_ERRNO | ENOSYS);
        // last, so that no earlier conditional jump (8-bit offsets) has to cross them; each
        // has its own denial because BPF cannot jump back
        for (int arg = 1; arg <= 3; arg++) {
            a.label("mode" + arg);
            a.ld(OFF_ARGS + 8 * arg);                     // mode_t is 32 bits
            a.jset(SET_ID_BITS, "modedeny" + arg, null);
            a.ld(OFF_NR);                                 // the number again, to answer trace or allow
            a.jumpIfIn(traced, "modetrace" + arg);
            a.ret(Bpf.RET_ALLOW);
            a.label("modetrace" + arg);
            a.ret(Bpf.RET_TRACE);
            a.label("modedeny" + arg);
            a.ret(denial());
        }
        sockets(a);
        return a.assemble();
    }

    /** socket(domain, type, protocol) and socketpair(domain, type, protocol, sv): what SocketRules allows. */
    private void sockets(Bpf a) {
        a.label("socket");
        a.ld(OFF_ARGS);                                  // domain (an int: the low 32 bits)
        a.jeq(SocketRules.AF_UNIX, "sockallow", null);
        for (int af : sockets.extraFamilies()) a.jeq(af, "sockallow", null);
        a.jeq(SocketRules.AF_NETLINK, sockets.anyNetlink() ? "sockallow" : "socknetlink", null);
        a.jeq(SocketRules.AF_INET, sockets.tcpOnly() ? "sockinet" : "sockallow", null);
        a.jeq(SocketRules.AF_INET6, sockets.tcpOnly() ? "sockinet" : "sockallow", null);
        a.ret(refusal(SocketRules.EAFNOSUPPORT));
        a.label("socknetlink");
        a.ld(OFF_ARGS + 16);                             // protocol
        a.jeq(SocketRules.NETLINK_ROUTE, "sockallow", null);
        a.ret(refusal(SocketRules.EPROTONOSUPPORT));
        a.label("sockinet");
        a.ld(OFF_ARGS + 16);
        a.jeq(SocketRules.IPPROTO_MPTCP, "sockmptcp", null);
        a.jeq(0, "socktype", null);
        a.jeq(SocketRules.IPPROTO_TCP, "socktype", null);
        a.ret(refusal(SocketRules.EACCES));
        a.label("socktype");
        a.ld(OFF_ARGS + 8);                              // type, with SOCK_NONBLOCK and SOCK_CLOEXEC above the mask
        a.and(SocketRules.SOCK_TYPE_MASK);
        a.jeq(SocketRules.SOCK_STREAM, "sockallow", null);
        a.ret(refusal(SocketRules.EACCES));
        a.label("sockmptcp");
        a.ret(refusal(SocketRules.EPROTONOSUPPORT));
        a.label("sockallow");
        a.ld(OFF_NR);
        a.jumpIfIn(traced, "socktrace");
        a.ret(Bpf.RET_ALLOW);
        a.label("socktrace");
        a.ret(Bpf.RET_TRACE);
    }

    /** A refused socket gets its own errno, or the policy's kill or log. */
    private int refusal(int errno) {
        return action == Policy.Action.ERRNO ? RET_ERRNO | errno : denial();
    }

    private int denial() {
        return switch (action) {
            case ERRNO -> RET_ERRNO | EPERM;
            case KILL -> RET_KILL_PROCESS;
            case LOG -> Bpf.RET_LOG;
        };
    }

    /** The verdict for an allowed call of {@code name}: traced ones stop the tracee first. */
    private int allow(String name) {
        return traced.get(arch.syscallNumber(name)) ? Bpf.RET_TRACE : Bpf.RET_ALLOW;
    }
}

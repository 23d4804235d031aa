package dev.sandtrace.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.X8664;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated BPF program in a small classic-BPF interpreter over seccomp_data inputs, so
 * the filter's decisions are checked for cases a live test cannot produce here (a terminal for
 * TIOCSTI, every denied syscall, random argument bits).
 */
class SeccompFilterTest {
    private static final int ALLOW = 0x7fff0000, KILL = 0x80000000, EPERM = 0x00050001, ENOSYS = 0x00050026, TRACE = 0x7ff00000;
    private final Arch arch = Arch.host();
    private final SeccompFilter filter = new SeccompFilter(arch, List.of("chmod"), dev.sandtrace.policy.Policy.Action.ERRNO);
    private final byte[] program = filter.program();

    private int run(int auditArch, int nr, long... args) {
        return run(program, auditArch, nr, args);
    }

    private static int run(byte[] program, int auditArch, int nr, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, auditArch);
        for (int i = 0; i < args.length; i++) data.putLong(16 + 8 * i, args[i]);
        ByteBuffer prog = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int acc = 0;
        for (int pc = 0; pc < program.length / 8; pc++) {
            int code = prog.getShort(pc * 8) & 0xffff;
            int jt = prog.get(pc * 8 + 2) & 0xff, jf = prog.get(pc * 8 + 3) & 0xff;
            int k = prog.getInt(pc * 8 + 4);
            switch (code) {
                case 0x20 -> acc = data.getInt(k);
                case 0x15 -> pc += acc == k ? jt : jf;
                case 0x25 -> pc += Integer.compareUnsigned(acc, k) > 0 ? jt : jf;
                case 0x35 -> pc += Integer.compareUnsigned(acc, k) >= 0 ? jt : jf;
                case 0x45 -> pc += (acc & k) != 0 ? jt : jf;
                case 0x54 -> acc &= k;
                case 0x06 -> { return k; }
                case 0x05 -> pc += k;
                default -> throw new AssertionError("unexpected BPF opcode " + code);
            }
        }
        throw new AssertionError("fell off the end of the program");
    }

    private int nr(String name) {
        return arch.syscallNumber(name);
    }

    @Test
    void otherArchitecturesAreKilledBeforeAnythingElse() {
        assertThat(run(X8664.AUDIT_ARCH_I386, 20)).isEqualTo(KILL);
        assertThat(run(X8664.AUDIT_ARCH_I386, nr("read"))).isEqualTo(KILL);
    }

    @Test
    void x32NumbersAreDenied() {
        assertThat(run(arch.auditArch(), 0x40000000 | nr("getpid"))).isEqualTo(EPERM);
        assertThat(run(arch.auditArch(), 0x40000000 | 512)).isEqualTo(EPERM);
    }

    @Test
    void everyMandatoryAndPolicySyscallIsDeniedAndOrdinaryOnesAllowed() {
        for (String name : filter.denied()) assertThat(run(arch.auditArch(), nr(name))).as(name).isEqualTo(EPERM);
        assertThat(run(arch.auditArch(), nr("chmod"))).isEqualTo(EPERM);
        for (String name : List.of("read", "write", "openat", "execve", "mmap", "exit_group", "wait4", "connect")) {
            assertThat(run(arch.auditArch(), nr(name))).as(name).isEqualTo(ALLOW);
        }
    }

    @Test
    void socketsOfOtherFamiliesAreRefusedAndWithPortRulesOnlyTcp() {
        int socket = nr("socket"), socketpair = nr("socketpair");
        int afnosupport = 0x00050000 | 97, protonosupport = 0x00050000 | 93, eacces = 0x00050000 | 13;
        for (int call : new int[] {socket, socketpair}) {
            assertThat(run(arch.auditArch(), call, 1, 1, 0)).as("unix").isEqualTo(ALLOW);
            assertThat(run(arch.auditArch(), call, 2, 2, 0)).as("udp").isEqualTo(ALLOW);
            assertThat(run(arch.auditArch(), call, 10, 0x80801, 262)).as("mptcp6, nonblock|cloexec").isEqualTo(ALLOW);
            assertThat(run(arch.auditArch(), call, 16, 3, 0)).as("netlink route").isEqualTo(ALLOW);
            assertThat(run(arch.auditArch(), call, 16, 3, 15)).as("netlink uevent").isEqualTo(protonosupport);
            for (int af : new int[] {0, 15, 17, 31, 38, 40, 44, 45, 46, 0xffff}) {
                assertThat(run(arch.auditArch(), call, af, 1, 0)).as("family %d", af).isEqualTo(afnosupport);
            }
            assertThat(run(arch.auditArch(), call, 0x1_0000_0001L, 1, 0)).as("only the int counts").isEqualTo(ALLOW);
        }
        SeccompFilter ports = new SeccompFilter(arch, List.of(), dev.sandtrace.policy.Policy.Action.ERRNO, new java.util.BitSet(),
                new dev.sandtrace.policy.SocketRules(List.of("vsock", "netlink"), true));
        assertThat(run(ports.program(), arch.auditArch(), socket, 2, 1, 0)).as("tcp").isEqualTo(ALLOW);
        assertThat(run(ports.program(), arch.auditArch(), socket, 10, 0x80001, 6)).as("tcp6 cloexec").isEqualTo(ALLOW);
        assertThat(run(ports.program(), arch.auditArch(), socket, 2, 1, 262)).as("mptcp").isEqualTo(protonosupport);
        assertThat(run(ports.program(), arch.auditArch(), socket, 2, 2, 0)).as("udp").isEqualTo(eacces);
        assertThat(run(ports.program(), arch.auditArch(), socket, 10, 3, 6)).as("raw").isEqualTo(eacces);
        assertThat(run(ports.program(), arch.auditArch(), socket, 2, 5, 132)).as("sctp").isEqualTo(eacces);
        assertThat(run(ports.program(), arch.auditArch(), socket, 40, 1, 0)).as("vsock listed").isEqualTo(ALLOW);
        assertThat(run(ports.program(), arch.auditArch(), socket, 16, 3, 15)).as("all netlink listed").isEqualTo(ALLOW);
        assertThat(run(ports.program(), arch.auditArch(), socket, 17, 3, 0)).as("packet").isEqualTo(afnosupport);
        java.util.BitSet traced = new java.util.BitSet();
        traced.set(socket);
        SeccompFilter tracing = new SeccompFilter(arch, List.of(), dev.sandtrace.policy.Policy.Action.ERRNO, traced);
        assertThat(run(tracing.program(), arch.auditArch(), socket, 2, 1, 0)).as("allowed and traced").isEqualTo(0x7ff00000);
        assertThat(run(tracing.program(), arch.auditArch(), socket, 40, 1, 0)).as("refused, not traced").isEqualTo(afnosupport);
    }

    @Test
    void cloneWithNamespaceOrUntracedFlagsIsDeniedPlainForkAndThreadsAreNot() {
        int clone = nr("clone");
        assertThat(run(arch.auditArch(), clone, 0x01200011L)).as("fork").isEqualTo(ALLOW);
        assertThat(run(arch.auditArch(), clone, 0x003d0f00L)).as("pthread_create").isEqualTo(ALLOW);
        for (long flag : new long[] {0x10000000L, 0x20000000L, 0x40000000L, 0x00020000L, 0x04000000L, 0x08000000L,
                0x02000000L, 0x00800000L}) {
            assertThat(run(arch.auditArch(), clone, flag | 17)).as("flag 0x%x", flag).isEqualTo(EPERM);
        }
        assertThat(run(arch.auditArch(), nr("clone3"))).isEqualTo(ENOSYS);
    }

    @Test
    void terminalInjectionIoctlsAreDeniedWhateverTheHighBits() {
        int ioctl = nr("ioctl");
        assertThat(run(arch.auditArch(), ioctl, 0, 0x5412)).isEqualTo(EPERM);
        assertThat(run(arch.auditArch(), ioctl, 0, 0xdeadbeef00005412L)).isEqualTo(EPERM);
        assertThat(run(arch.auditArch(), ioctl, 0, 0x541C)).isEqualTo(EPERM);
        assertThat(run(arch.auditArch(), ioctl, 1, 0x5401)).as("TCGETS").isEqualTo(ALLOW);
    }

    @Test
    void personalityCannotTurnOnReadImpliesExec() {
        int personality = nr("personality");
        assertThat(run(arch.auditArch(), personality, 0x0400000)).isEqualTo(EPERM);
        assertThat(run(arch.auditArch(), personality, 0xffffffffL)).as("query").isEqualTo(ALLOW);
        assertThat(run(arch.auditArch(), personality, 0)).isEqualTo(ALLOW);
    }

    /** A policy denying almost every syscall still gives a valid program (8-bit jumps would overflow). */
    @Test
    void aVeryLongDenyListStillWorks() {
        List<String> many = new java.util.ArrayList<>();
        for (int nr = 0; nr <= arch.maxSyscall(); nr++) {
            String name = arch.syscallName(nr);
            if (!name.startsWith("syscall_") && !List.of("read", "write", "exit_group", "execve", "clone", "ioctl", "personality", "clone3").contains(name)) many.add(name);
        }
        SeccompFilter big = new SeccompFilter(arch, many, dev.sandtrace.policy.Policy.Action.ERRNO);
        byte[] p = big.program();
        assertThat(many.size()).isGreaterThan(300);
        for (String name : many) assertThat(run(p, arch.auditArch(), nr(name))).as(name).isEqualTo(EPERM);
        assertThat(run(p, arch.auditArch(), nr("read"))).isEqualTo(ALLOW);
        assertThat(run(p, arch.auditArch(), nr("exit_group"))).isEqualTo(ALLOW);
    }

    /** Random syscall numbers and arguments: the verdict is always one of the four the filter knows. */
    @Test
    void randomInputsAlwaysGetAKnownVerdict() {
        Random random = new Random(20261129L);
        for (int i = 0; i < 20_000; i++) {
            int verdict = run(random.nextInt(8) == 0 ? random.nextInt() : arch.auditArch(), random.nextInt(),
                    random.nextLong(), random.nextLong(), random.nextLong());
            assertThat(verdict).isIn(ALLOW, KILL, EPERM, ENOSYS);
        }
    }

    private java.util.BitSet numbers(String... names) {
        java.util.BitSet set = new java.util.BitSet();
        for (String n : names) set.set(nr(n));
        return set;
    }

    /** seccomp-bpf tracing in the sandbox: allowed calls of the traced set stop the tracee, denials keep their action. */
    @Test
    void tracedSyscallsAreAnsweredWithTraceOnlyWhereTheyAreAllowed() {
        java.util.BitSet traced = numbers("write", "clone", "ioctl", "personality", "unshare", "openat", "execve");
        traced.set(nr("read"), nr("write") + 1); // a run: 0..1
        byte[] p = new SeccompFilter(arch, List.of("chmod"), dev.sandtrace.policy.Policy.Action.KILL, traced).program();
        for (String name : List.of("read", "write", "openat", "execve")) assertThat(run(p, arch.auditArch(), nr(name))).as(name).isEqualTo(TRACE);
        for (String name : List.of("close", "mmap", "getpid", "exit_group")) assertThat(run(p, arch.auditArch(), nr(name))).as(name).isEqualTo(ALLOW);
        assertThat(run(p, arch.auditArch(), nr("unshare"))).as("denied, though traced").isEqualTo(KILL);
        assertThat(run(p, arch.auditArch(), nr("clone"), 0x01200011L)).isEqualTo(TRACE);
        assertThat(run(p, arch.auditArch(), nr("clone"), 0x10000000L | 17)).isEqualTo(KILL);
        assertThat(run(p, arch.auditArch(), nr("ioctl"), 1, 0x5401)).isEqualTo(TRACE);
        assertThat(run(p, arch.auditArch(), nr("ioctl"), 0, 0x5412)).isEqualTo(KILL);
        assertThat(run(p, arch.auditArch(), nr("personality"), 0)).isEqualTo(TRACE);
        assertThat(run(p, arch.auditArch(), nr("clone3"))).isEqualTo(ENOSYS);
        assertThat(run(p, X8664.AUDIT_ARCH_I386, 20)).isEqualTo(KILL);
        assertThat(run(p, arch.auditArch(), 0x40000000 | nr("write"))).isEqualTo(KILL);
    }

    /** The --trace-only filter denies nothing and lets no call of another ABI pass unseen. */
    @Test
    void theTracingOnlyFilterTracesTheSetAndEveryOtherAbi() {
        java.util.BitSet traced = numbers("execve", "clone", "wait4");
        traced.set(nr("socket"), nr("getsockopt") + 1); // the network calls: one contiguous run on x86_64
        byte[] p = new TracingFilter(arch, traced).program();
        for (int n = 0; n <= arch.maxSyscall() + 5; n++) {
            assertThat(run(p, arch.auditArch(), n)).as(arch.syscallName(n)).isEqualTo(traced.get(n) ? TRACE : ALLOW);
        }
        assertThat(run(p, X8664.AUDIT_ARCH_I386, 20)).isEqualTo(TRACE);
        assertThat(run(p, X8664.AUDIT_ARCH_I386, 3)).isEqualTo(TRACE);
        assertThat(run(p, arch.auditArch(), 0x40000000 | nr("read"))).isEqualTo(TRACE);
        java.util.BitSet everyOther = new java.util.BitSet();
        for (int n = 0; n <= arch.maxSyscall(); n += 2) everyOther.set(n);
        byte[] big = new TracingFilter(arch, everyOther).program();
        for (int n = 0; n <= arch.maxSyscall(); n++) assertThat(run(big, arch.auditArch(), n)).isEqualTo(n % 2 == 0 ? TRACE : ALLOW);
    }
}

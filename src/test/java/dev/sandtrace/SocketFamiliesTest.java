package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Socket families, types and protocols the sandbox's seccomp filter refuses (issue 12, item 1),
 * each also tried with --trace-only, where it gets through (where this kernel has the family at
 * all), and labelled in the trace as seccomp's refusal.
 */
class SocketFamiliesTest {
    private static final int ROOT = -1;
    private static final int AF_NETLINK = 16, SOCK_RAW = 3, NETLINK_KOBJECT_UEVENT = 15;
    private Path work;
    private Path escape;

    @BeforeEach
    void setUp() throws IOException {
        work = Sandtrace.sharedTempDir("sandtrace-sockets");
        escape = Fixtures.copyInto(work, "escape");
    }

    private Sandtrace.Result run(int uid, List<String> options, String... attempt) {
        List<String> args = new ArrayList<>(List.of("run", "--allow-path", work.toString()));
        args.addAll(options);
        args.add("--");
        args.add(escape.toString());
        args.addAll(List.of(attempt));
        return Sandtrace.run(uid, work, Duration.ofSeconds(60), Map.of("HOME", work.resolve("home").toString()),
                args.toArray(String[]::new));
    }

    /** Runs {@code attempt} in the sandbox with {@code options}; returns stdout and the seccomp labels of the trace. */
    private record Sandboxed(String stdout, List<String> seccompReasons) {}

    private Sandboxed sandboxed(int uid, List<String> options, String... attempt) {
        Path trace = work.resolve("trace-" + System.nanoTime() + ".jsonl");
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of("-o", trace.toString()));
        var r = run(uid, all, attempt);
        List<String> reasons = Trace.read(trace).ofType("violation").stream()
                .filter(v -> "seccomp".equals(v.get("layer"))).map(v -> (String) v.get("reason")).toList();
        return new Sandboxed(r.stdout() + r.stderr(), reasons);
    }

    @ParameterizedTest(name = "{0} as uid {4}")
    @CsvSource({
            "vsock,     40, 1, 0,  -1", "vsock,     40, 1, 0,  65534",
            "packet,    17, 3, 768, -1",
            "alg,       38, 5, 0,  -1", "alg,       38, 5, 0,  65534",
            "key,       15, 3, 2,  -1",
            "bluetooth, 31, 3, 0,  65534",
    })
    void aFamilyOutsideTheListIsRefused(String family, int domain, int type, int protocol, int uid) {
        assumeTrue(uid >= 0 || Sandtrace.isRoot(), "needs root");
        String[] attempt = {"socket", Integer.toString(domain), Integer.toString(type), Integer.toString(protocol)};
        Sandboxed s = sandboxed(uid, List.of(), attempt);
        assertThat(s.stdout()).contains("BLOCKED errno=97 (EAFNOSUPPORT)");
        assertThat(s.seccompReasons()).anyMatch(reason -> reason.startsWith("AF_" + family.toUpperCase() + " sockets are not allowed"));
        var traced = run(uid, List.of("--trace-only"), attempt);
        // where the kernel has the family, it gets through without the sandbox
        if (!traced.stdout().contains("EAFNOSUPPORT")) assertThat(traced.stdout()).contains("ESCAPED");
    }

    @Test
    void vsockAndPacketGetThroughWithoutTheSandboxOnThisKernel() {
        // the families above are not only refused in theory: the host kernel has these two
        assertThat(run(Sandtrace.NOBODY, List.of("--trace-only"), "socket", "40", "1", "0").stdout()).contains("ESCAPED");
        assumeTrue(Sandtrace.isRoot(), "AF_PACKET needs CAP_NET_RAW");
        assertThat(run(ROOT, List.of("--trace-only"), "socket", "17", "3", "768").stdout()).contains("ESCAPED");
    }

    @Test
    void netlinkIsRouteOnlyUnlessThePolicyListsIt() throws IOException {
        String[] uevent = {"socket", Integer.toString(AF_NETLINK), Integer.toString(SOCK_RAW), Integer.toString(NETLINK_KOBJECT_UEVENT)};
        Sandboxed s = sandboxed(Sandtrace.NOBODY, List.of(), uevent);
        assertThat(s.stdout()).contains("BLOCKED errno=93 (EPROTONOSUPPORT)");
        assertThat(s.seccompReasons()).anyMatch(r -> r.startsWith("netlink protocol 15 is not allowed"));
        assertThat(run(Sandtrace.NOBODY, List.of(), "socket", "16", "3", "0").stdout()).contains("ESCAPED"); // route
        assertThat(run(Sandtrace.NOBODY, List.of("--trace-only"), uevent).stdout()).contains("ESCAPED");
        assertThat(run(Sandtrace.NOBODY, List.of("--policy", policy("netlink").toString()), uevent).stdout()).contains("ESCAPED");
    }

    @Test
    void aPolicyCanAllowAFamily() throws IOException {
        var r = run(Sandtrace.NOBODY, List.of("--policy", policy("AF_VSOCK").toString()), "socket", "40", "1", "0");
        assertThat(r.stdout()).as(r.stderr()).contains("ESCAPED");
    }

    @Test
    void anUnknownFamilyInAPolicyIsAnErrorWithASuggestion() throws IOException {
        var r = run(Sandtrace.NOBODY, List.of("--policy", policy("vsok").toString()), "socket", "40", "1", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown address family vsok").contains("vsock");
    }

    private Path policy(String family) throws IOException {
        return Files.writeString(work.resolve("families-" + family + ".toml"),
                "include = [\"default\"]\n[network]\nsocket_families = [\"" + family + "\"]\n");
    }

    /** With TCP ports restricted (Landlock covers TCP only), only TCP may leave; DNS goes over TCP. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mptcp, 2, 1, 262, 93 (EPROTONOSUPPORT)",
            "udp,   2, 2, 0,   13 (EACCES)",
            "udp6,  10, 2, 0,  13 (EACCES)",
            "sctp,  2, 5, 132, 13 (EACCES)",
    })
    void withPortRulesOnlyTcpMayLeave(String what, int domain, int type, int protocol, String errno) {
        String[] attempt = {"socket", Integer.toString(domain), Integer.toString(type), Integer.toString(protocol)};
        List<String> ports = List.of("--allow-net", "--allow-port", "443");
        Sandboxed s = sandboxed(Sandtrace.NOBODY, ports, attempt);
        assertThat(s.stdout()).contains("BLOCKED errno=" + errno);
        assertThat(s.seccompReasons()).isNotEmpty();
        assertThat(run(Sandtrace.NOBODY, ports, "socket", "2", "1", "0").stdout()).contains("ESCAPED"); // TCP
        assertThat(run(Sandtrace.NOBODY, List.of("--allow-net"), attempt).stdout()).as("no port rules: allowed")
                .doesNotContain("errno=" + errno);
        var traced = run(Sandtrace.NOBODY, List.of("--trace-only"), attempt);
        if (!what.equals("sctp")) assertThat(traced.stdout()).contains("ESCAPED");
    }

    @Test
    void withPortRulesUdpCannotLeaveButDnsAsksOverTcp() {
        List<String> ports = List.of("--allow-net", "--allow-port", "443");
        assertThat(run(Sandtrace.NOBODY, ports, "udp-send", "9").stdout()).contains("BLOCKED errno=13 (EACCES)");
        assertThat(run(Sandtrace.NOBODY, List.of("--trace-only"), "udp-send", "9").stdout()).contains("ESCAPED");
        assumeTrue(Files.isRegularFile(Path.of("/etc/resolv.conf")), "no resolv.conf on this host");
        List<String> cat = new ArrayList<>(List.of("run", "--chdir", "/", "--allow-net", "--allow-port", "443", "--", "/bin/cat", "/etc/resolv.conf"));
        var r = Sandtrace.run(Sandtrace.NOBODY, work, Duration.ofSeconds(60), Map.of("HOME", work.toString()), cat.toArray(String[]::new));
        assertThat(r.stdout()).as(r.stderr()).contains("options use-vc");
        var plain = Sandtrace.run(Sandtrace.NOBODY, work, Duration.ofSeconds(60), Map.of("HOME", work.toString()),
                "run", "--chdir", "/", "--allow-net", "--", "/bin/cat", "/etc/resolv.conf");
        assertThat(plain.stdout()).doesNotContain("use-vc");
    }
}

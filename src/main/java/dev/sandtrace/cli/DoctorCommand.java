package dev.sandtrace.cli;

import dev.sandtrace.linux.Landlock;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.policy.DefaultPolicy;
import dev.sandtrace.sandbox.LaunchSpec;
import dev.sandtrace.session.Outcome;
import dev.sandtrace.session.Session;
import dev.sandtrace.session.SessionOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code sandtrace doctor}: which layers this machine offers, what that means, and a real sandboxed run. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what this machine offers the sandbox, then run /bin/true in it.",
            "Reports user namespaces (with Ubuntu's AppArmor restriction), the Landlock ABI,",
            "seccomp and ptrace, each with what to do when it is missing.",
            "Exit status: 0 when the default sandbox runs here, 1 when it cannot."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private boolean failed;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        int uid = Libc.getuid();
        line("info", "kernel", Libc.kernelRelease() + " (" + System.getProperty("os.arch") + "), running as uid " + uid);
        userNamespaces(uid);
        landlock();
        seccomp();
        ptrace();
        liveRun();
        hostCredentials(uid);
        cgroupLimits(uid);
        out.println(failed ? "\nThe default sandbox cannot run here: see FAIL above. --trace-only still works."
                : "\nThe default sandbox runs here.");
        out.flush();
        return failed ? 1 : 0;
    }

    private void userNamespaces(int uid) {
        String max = sysctl("user/max_user_namespaces");
        String debian = sysctl("kernel/unprivileged_userns_clone");
        String apparmor = sysctl("kernel/apparmor_restrict_unprivileged_userns");
        if ("0".equals(max)) {
            fail("user namespaces", "disabled (user.max_user_namespaces=0): sysctl -w user.max_user_namespaces=15000");
        } else if (uid != 0 && "0".equals(debian)) {
            fail("user namespaces", "unprivileged ones are disabled: sysctl -w kernel.unprivileged_userns_clone=1");
        } else if (uid != 0 && "1".equals(apparmor)) {
            fail("user namespaces", "restricted by AppArmor (Ubuntu 23.10+): sysctl -w kernel.apparmor_restrict_unprivileged_userns=0,"
                    + " or an AppArmor profile for the java binary with 'userns,'");
        } else {
            line("ok", "user namespaces", "allowed (max " + max + ")" + (apparmor != null ? ", AppArmor restriction " + apparmor : ""));
        }
    }

    private void landlock() {
        int abi = Landlock.abiVersion();
        if (abi < 1) {
            fail("landlock", abi == -95 ? "built but disabled at boot: add landlock to the kernel's lsm= parameter"
                    : "not in this kernel (errno " + -abi + "); Landlock needs Linux 5.13+");
            return;
        }
        StringBuilder missing = new StringBuilder();
        if (abi < 3) missing.append(" truncation unrestricted (ABI 3);");
        if (abi < 4) missing.append(" no TCP port rules (ABI 4);");
        if (abi < 5) missing.append(" device ioctls unrestricted (ABI 5);");
        if (abi < 6) missing.append(" abstract unix sockets and signals not scoped (ABI 6);");
        line(missing.isEmpty() ? "ok" : "warn", "landlock", "ABI " + abi + (missing.isEmpty() ? ": every right sandtrace uses" : ":" + missing));
    }

    private void seccomp() {
        String actions = sysctl("kernel/seccomp/actions_avail");
        if (actions == null) {
            fail("seccomp", "no seccomp filter support (CONFIG_SECCOMP_FILTER)");
        } else if (!actions.contains("errno") || !actions.contains("kill_process")) {
            fail("seccomp", "the kernel lacks the errno or kill_process action: " + actions);
        } else {
            line("ok", "seccomp", "filters with actions " + actions);
        }
    }

    private void ptrace() {
        String scope = sysctl("kernel/yama/ptrace_scope");
        if ("3".equals(scope)) {
            fail("ptrace", "disabled by Yama (kernel.yama.ptrace_scope=3); needs a reboot with a lower value");
        } else if ("2".equals(scope) && Libc.getuid() != 0) {
            fail("ptrace", "admin-only (kernel.yama.ptrace_scope=2): sysctl -w kernel.yama.ptrace_scope=1");
        } else {
            line("ok", "ptrace", scope == null ? "no Yama restriction" : "kernel.yama.ptrace_scope=" + scope + " (tracing own children works)");
        }
    }

    private void cgroupLimits(int uid) {
        List<String> gaps = dev.sandtrace.sandbox.Launcher.cgroupGaps();
        if (gaps.isEmpty()) {
            line("ok", "cgroup limits", "memory.max" + (uid == 0 ? " and pids.max" : "") + " can be set for the sandbox");
        } else {
            for (String g : gaps) line("warn", "cgroup limits", g);
        }
    }

    /** What the sample is on the host, and for root callers whether writable grants can be idmapped here. */
    private void hostCredentials(int uid) throws Exception {
        if (uid != 0) {
            line("info", "host credentials", "the sample keeps your uid " + uid + " on the host");
            return;
        }
        Path dir = java.nio.file.Files.createTempDirectory("sandtrace-doctor"); // root's, mode 0700
        Path probe = dir.resolve("probe");
        try {
            var policy = DefaultPolicy.of(PolicyCommand.home(), List.of(dir), false);
            var launch = new LaunchSpec(Path.of("/bin/sh"), List.of("sh", "-c", "echo > " + probe), List.of("PATH=/usr/bin:/bin"),
                    Path.of("/"), dev.sandtrace.policy.PolicyResolver.withProgram(policy, Path.of("/bin/sh")));
            Outcome o = new Session(new SessionOptions(launch, List.of("sandtrace", "doctor"), Version.get(), 32, 10), List.of()).run();
            if (o.exitCode() == 0 && java.nio.file.Files.exists(probe)) {
                line("ok", "host credentials", "a root caller's sample is host uid 65534; writable grants are idmapped"
                        + " (what it writes there stays root's)");
            } else {
                line("warn", "host credentials", "a root caller's sample is host uid 65534, but an idmapped mount of " + dir.getParent()
                        + " failed: writable grants there are writable only where uid 65534 may write");
            }
        } finally {
            java.nio.file.Files.deleteIfExists(probe);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    private void liveRun() throws InterruptedException {
        Path truePath = Path.of("/bin/true");
        var policy = DefaultPolicy.of(PolicyCommand.home(), List.of(), false);
        var launch = new LaunchSpec(truePath, List.of("true"), List.of("PATH=/usr/bin:/bin"), Path.of("/"), policy);
        Outcome o = new Session(new SessionOptions(launch, List.of("sandtrace", "doctor"), Version.get(), 32, 10), List.of()).run();
        if (o.exitCode() == 0) {
            line("ok", "sandboxed run", "/bin/true ran with every layer applied");
        } else {
            fail("sandboxed run", o.ending() + (o.error() != null ? ": " + o.error() : ""));
        }
    }

    private static String sysctl(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/sys", name)).getFirst().strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void fail(String what, String detail) {
        failed = true;
        line("FAIL", what, detail);
    }

    private void line(String status, String what, String detail) {
        out.printf("%-5s %-16s %s%n", status, what, detail);
    }
}

package dev.sandtrace.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.DefaultPolicy;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.tracer.TracingMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which runs may skip the stops of untraced syscalls, and which syscalls always stop. */
class TracingPlanTest {
    private final Arch arch = Arch.host();

    private Policy sandbox(Policy.Action action) {
        return DefaultPolicy.of(Path.of("/nonexistent-home"), List.of(), new Policy.Network(false), action);
    }

    @Test
    void aTraceFilterOrTheDefaultTerminalLevelAreAccelerated() {
        TracingPlan filtered = TracingPlan.decide(arch, null, "write", "a JSONL trace (-o) without -e trace=", null);
        assertThat(filtered.mode()).isEqualTo(TracingMode.SECCOMP);
        assertThat(filtered.recorded().selects(arch.syscallNumber("write"), true)).isTrue();
        assertThat(filtered.recorded().selects(arch.syscallNumber("execve"), true)).isFalse();
        for (String always : List.of("write", "execve", "execveat", "clone", "clone3", "fork", "vfork")) {
            assertThat(filtered.traced().get(arch.syscallNumber(always))).as(always).isTrue();
        }
        assertThat(filtered.traced().get(arch.syscallNumber("read"))).isFalse();
        TracingPlan quiet = TracingPlan.decide(arch, null, null, null, null);
        assertThat(quiet.mode()).isEqualTo(TracingMode.SECCOMP);
        assertThat(quiet.traced().get(arch.syscallNumber("wait4"))).isTrue();
        assertThat(quiet.traced().get(arch.syscallNumber("openat"))).isFalse();
    }

    @Test
    void everySyscallIsTracedWhenTheOutputNeedsItOrTheUserSaysSo() {
        assertThat(TracingPlan.decide(arch, null, null, "-c without -e trace=", null).mode()).isEqualTo(TracingMode.FULL);
        assertThat(TracingPlan.decide(arch, true, null, "-c without -e trace=", null).mode()).isEqualTo(TracingMode.FULL);
        assertThat(TracingPlan.decide(arch, false, "write", null, null).mode()).isEqualTo(TracingMode.FULL);
        assertThat(TracingPlan.decide(arch, null, "all", null, null).mode()).isEqualTo(TracingMode.FULL);
        assertThat(TracingPlan.decide(arch, null, "!none", null, null).mode()).isEqualTo(TracingMode.FULL);
        assertThat(TracingPlan.decide(arch, null, "!write", null, null).mode()).isEqualTo(TracingMode.SECCOMP);
    }

    /** ERRNO and LOG verdicts make no ptrace stop: only a full trace keeps those denials visible. */
    @Test
    void aSandboxIsAcceleratedOnlyWhenItsDenialsKill() {
        assertThat(TracingPlan.decide(arch, null, "write", null, sandbox(Policy.Action.ERRNO)).reason()).contains("SECCOMP_RET_ERRNO");
        assertThat(TracingPlan.decide(arch, null, "write", null, sandbox(Policy.Action.LOG)).mode()).isEqualTo(TracingMode.FULL);
        TracingPlan kill = TracingPlan.decide(arch, null, "write", null, sandbox(Policy.Action.KILL));
        assertThat(kill.mode()).isEqualTo(TracingMode.SECCOMP);
        for (String explained : List.of("openat", "connect", "newfstatat", "ioctl")) {
            assertThat(kill.traced().get(arch.syscallNumber(explained))).as(explained).isTrue();
        }
        assertThat(kill.recorded().selects(arch.syscallNumber("openat"), true)).isFalse();
        assertThat(TracingPlan.decide(arch, null, null, null, sandbox(Policy.Action.KILL)).mode()).as("default level").isEqualTo(TracingMode.FULL);
    }

    @Test
    void aRefusedFilterFallsBackWithTheSameRecordedSet() {
        TracingPlan plan = TracingPlan.decide(arch, null, "write", null, null).fallBack("seccomp: EPERM");
        assertThat(plan.mode()).isEqualTo(TracingMode.FULL);
        assertThat(plan.reason()).contains("seccomp: EPERM");
        assertThat(plan.recorded().selects(arch.syscallNumber("read"), true)).isFalse();
    }
}

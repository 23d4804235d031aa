package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code anti-analysis}: signs a program looks for a debugger or waits the analysis out:
 * ptrace(PTRACE_TRACEME) as a self-check (medium), reading its own /proc status where TracerPid
 * is (low), a sleep the --timeout killed (medium) or a single sleep of 30 s or more (low).
 */
final class AntiAnalysisRule implements Rule {
    private static final Set<String> SLEEPS = Set.of("nanosleep", "clock_nanosleep");
    private static final Pattern OWN_STATUS = Pattern.compile("^/proc/(self|thread-self|\\d+)(/task/\\d+)?/status$");
    private static final long LONG_SLEEP_US = 30_000_000L;

    private Evidence timeout;

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("timeout")) {
            timeout = Evidence.of(e);
            return;
        }
        if (!e.is("syscall")) return;
        String s = e.syscall();
        if (s.equals("ptrace") && "PTRACE_TRACEME".equals(e.argText("request"))) {
            ctx.findings().raise("anti-analysis", Severity.MEDIUM, "checked for a debugger with ptrace(PTRACE_TRACEME)"
                    + (e.success() ? "" : " (" + e.errno() + ": it is being traced)"), Evidence.of(e));
        } else if (SLEEPS.contains(s)) {
            if (timeout != null && Boolean.FALSE.equals(e.get("finished"))) {
                ctx.findings().raise("anti-analysis", Severity.MEDIUM,
                        "was asleep in " + s + " when the timeout killed it: it may be waiting the analysis out",
                        timeout, Evidence.of(e));
            } else if (e.num("duration_us", 0) >= LONG_SLEEP_US) {
                ctx.findings().raise("anti-analysis", Severity.LOW,
                        "slept " + e.num("duration_us", 0) / 1_000_000 + " s in one call", Evidence.of(e));
            }
        }
        for (FileAccess a : accesses) {
            if (a.kind() != Kind.READ) continue;
            var m = OWN_STATUS.matcher(a.path());
            if (m.matches() && (m.group(1).equals("self") || m.group(1).equals("thread-self")
                    || Long.parseLong(m.group(1)) == e.pid())) {
                ctx.findings().raise("anti-analysis", Severity.LOW,
                        "read its own " + a.path() + " (TracerPid tells whether it is traced)", Evidence.of(e));
            }
        }
    }
}

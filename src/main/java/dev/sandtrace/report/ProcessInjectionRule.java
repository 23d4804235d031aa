package dev.sandtrace.report;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code process-injection}: writing into another process's memory or registers:
 * process_vm_writev, ptrace POKE and SETREGS requests, /proc/PID/mem of another process opened for
 * writing. Critical when it succeeded, high when attempted.
 */
final class ProcessInjectionRule implements Rule {
    private static final Set<String> WRITING_REQUESTS = Set.of("PTRACE_POKETEXT", "PTRACE_POKEDATA", "PTRACE_POKEUSER",
            "PTRACE_SETREGS", "PTRACE_SETFPREGS", "PTRACE_SETREGSET", "PTRACE_SETSIGINFO");
    private static final Pattern MEM = Pattern.compile("^/proc/(\\d+)(/task/\\d+)?/mem$");

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (!e.is("syscall")) return;
        switch (e.syscall()) {
            case "process_vm_writev" -> raise(e, ctx, "wrote into the memory of pid " + e.raw(0) + " (process_vm_writev)");
            case "ptrace" -> {
                String request = e.argText("request");
                if (WRITING_REQUESTS.contains(request)) {
                    raise(e, ctx, "changed pid " + e.raw(1) + "'s memory or registers (" + request + ")");
                }
            }
            default -> {
                for (FileAccess a : accesses) {
                    if (a.kind() != FileAccess.Kind.WRITE && a.kind() != FileAccess.Kind.CREATE) continue;
                    var m = MEM.matcher(a.path());
                    if (m.matches() && Long.parseLong(m.group(1)) != e.pid()) {
                        raise(e, ctx, "opened " + a.path() + " (another process's memory) for writing");
                    }
                }
            }
        }
    }

    private static void raise(TraceEvent e, Context ctx, String what) {
        ctx.findings().raise("process-injection", e.success() ? Severity.CRITICAL : Severity.HIGH,
                e.success() ? what : "tried: " + what + " (" + e.errno() + ")", Evidence.of(e));
    }
}

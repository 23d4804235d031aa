package dev.sandtrace.report;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code shell-spawn}: a shell or interpreter exec'd by the run. The traced program itself is not
 * counted (a shell script the user ran); spawned by a shell or a launcher (make, env, xargs, ...):
 * info; by an interpreter: low; by any other program: medium; high when its command line fetches
 * from the network or it is an interactive shell (a reverse shell's shape). A script exec'd through
 * {@code #!/usr/bin/env INTERPRETER} is the script running: info.
 */
final class ShellSpawnRule implements Rule {
    private static final Pattern FETCHES = Pattern.compile(
            "\\b(curl|wget|nc|ncat|socat|telnet)\\b|/dev/(tcp|udp)/|base64 +(-d|--decode)");

    private boolean rootExecSeen;

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (!e.is("process") || !"exec".equals(e.kind())) return;
        ProcessTable.Proc p = ctx.processes().find(e.pid());
        if (p == null) return;
        if (ctx.processes().isRoot(e.pid()) && !rootExecSeen) {
            rootExecSeen = true;
            return;
        }
        String path = e.str("path");
        boolean shell = Programs.shell(path);
        if (!shell && !Programs.interpreter(path)) return;
        String kind = shell ? "shell" : "interpreter";
        String line = String.join(" ", p.argv);
        String spawner = p.previousCommand;
        Severity sev;
        // "#!/usr/bin/env bash": the script's own exec is followed by env exec'ing its interpreter
        // with the script as an argument; that is the script running, not a spawn.
        boolean ownInterpreter = spawner != null && p.argv.size() > 1 && p.argv.subList(1, p.argv.size()).contains(spawner);
        if (spawner == null || ownInterpreter || Programs.shell(spawner) || Programs.launcher(spawner)) {
            sev = Severity.INFO;
        } else if (Programs.interpreter(spawner)) {
            sev = Severity.LOW;
        } else {
            sev = Severity.MEDIUM;
        }
        boolean interactive = shell && (p.argv.contains("-i") || p.argv.size() == 1 && sev != Severity.INFO);
        if (FETCHES.matcher(line).find() || interactive) sev = Severity.HIGH;
        ctx.findings().raise("shell-spawn", sev, Evidence.display(spawner) + " started the " + kind + " "
                + Evidence.display(path) + (interactive ? " (interactive)" : "") + ": " + abbreviate(line), Evidence.of(e));
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}

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
    /** {@code curl URL | sh}: what a fetch printed, run by a shell or interpreter reading its stdin. */
    private static final Pattern PIPED_FETCH = Pattern.compile(
            "\\b(curl|wget)\\b[^|;&]*\\|\\s*(sudo\\s+)?(\\S*/)?(ba|da|z|k)?sh\\b|\\b(curl|wget)\\b[^|;&]*\\|\\s*(\\S*/)?(python[0-9.]*|perl|ruby|node)\\b");

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
        // with no script argument it runs its stdin: in "curl URL | sh" that is whatever the server sent
        ProcessTable.Proc parent = ctx.processes().find(p.parent);
        boolean fedByFetch = readsStdin(p.argv, shell) && parent != null
                && PIPED_FETCH.matcher(String.join(" ", parent.argv)).find();
        if (FETCHES.matcher(line).find() || interactive || fedByFetch) sev = Severity.HIGH;
        ctx.findings().raise("shell-spawn", sev, Evidence.display(spawner) + " started the " + kind + " "
                + Evidence.display(path) + (interactive ? " (interactive)" : "") + ": " + abbreviate(line)
                + (fedByFetch ? " (it runs what a download printed: " + abbreviate(String.join(" ", parent.argv)) + ")" : ""),
                Evidence.of(e));
    }

    /** No script, no -c: the program reads its commands from stdin ("sh", "sh -s", "python3 -", "bash -s -- args"). */
    private static boolean readsStdin(List<String> argv, boolean shell) {
        if (argv.size() <= 1) return true;
        String first = argv.get(1);
        return shell ? first.equals("-s") || first.equals("-") : first.equals("-");
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}

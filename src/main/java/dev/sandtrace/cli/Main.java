package dev.sandtrace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code sandtrace <command>}. */
@Command(name = "sandtrace",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Run untrusted programs inside kernel-enforced isolation and record everything they do.",
            ""},
        subcommands = {RunCommand.class, DoctorCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
            "Examples:",
            "  sandtrace run --trace-only -vv /bin/ls /tmp",
            "  sandtrace run --allow-path . -o trace.jsonl -- make",
            "  sandtrace doctor",
            "  sandtrace run --trace-only -o trace.jsonl -- sh -c 'ls / | wc -l'",
            "  source <(sandtrace completion)",
            "",
            "Exit status: the target's own, 128+N when it died of signal N, 124 on --timeout,",
            "125 when sandtrace failed, 126/127 when the program cannot be run or found."})
public final class Main {
    public static void main(String[] args) {
        Warmup.start();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // "sandtrace run ls -la": everything after PROGRAM belongs to PROGRAM
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("sandtrace: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.SANDTRACE_FAILURE;
        });
        return cl;
    }
}

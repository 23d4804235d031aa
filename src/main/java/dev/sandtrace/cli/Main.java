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
        footer = {"",
            "Examples:",
            "  sandtrace run --trace-only -vv /bin/ls /tmp",
            "  sandtrace run --allow-path . -o trace.jsonl -- make",
            "  sandtrace doctor",
            "  sandtrace learn -o policy.toml -- make",
            "  sandtrace run --trace-only -o trace.jsonl -- sh -c 'ls / | wc -l'",
            "  sandtrace report trace.jsonl --json report.json",
            "  source <(sandtrace completion)",
            "",
            "Exit status: the target's own, 128+N when it died of signal N, 124 on --timeout,",
            "125 when sandtrace failed, 126/127 when the program cannot be run or found."})
public final class Main {
    public static void main(String[] args) {
        Warmup.start();
        int code;
        try {
            code = commandLine(args.length > 0 ? args[0] : null).execute(args);
        } catch (Throwable bug) { // picocli passes Errors through: they still end in 125, not a hung JVM
            System.err.println("sandtrace: internal error: " + bug);
            bug.printStackTrace();
            code = ExitCodes.SANDTRACE_FAILURE;
        }
        System.exit(code);
    }

    /** The full command line, every subcommand included (help, completion, tests). */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for {@code first} (the first argument): picocli builds each subcommand's
     * model by reflection, ~20 ms apiece at start-up, so a {@code run} builds only {@code run}.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        boolean all = first == null || !java.util.Set.of("run", "doctor", "policy", "learn", "report").contains(first);
        if (all || first.equals("run")) cl.addSubcommand("run", new RunCommand());
        if (all || first.equals("doctor")) cl.addSubcommand("doctor", new DoctorCommand());
        if (all || first.equals("policy")) cl.addSubcommand("policy", new PolicyCommand());
        if (all || first.equals("learn")) cl.addSubcommand("learn", new LearnCommand());
        if (all || first.equals("report")) cl.addSubcommand("report", new ReportCommand());
        if (all) {
            cl.addSubcommand("completion", new CompletionCommand());
            cl.addSubcommand("help", new CommandLine.HelpCommand());
        }
        // "sandtrace run ls -la": everything after PROGRAM belongs to PROGRAM
        for (String sub : new String[] {"run", "learn"}) {
            if (cl.getSubcommands().containsKey(sub)) cl.getSubcommands().get(sub).setStopAtPositional(true);
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("sandtrace: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.SANDTRACE_FAILURE;
        });
        return cl;
    }
}

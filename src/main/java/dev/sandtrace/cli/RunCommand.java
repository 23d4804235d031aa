package dev.sandtrace.cli;

import dev.sandtrace.event.EventSink;
import dev.sandtrace.linux.Libc;
import dev.sandtrace.output.JsonlWriter;
import dev.sandtrace.output.TerminalRenderer;
import dev.sandtrace.policy.DefaultPolicy;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.policy.PolicyException;
import dev.sandtrace.policy.PolicyFile;
import dev.sandtrace.policy.PolicyResolver;
import dev.sandtrace.sandbox.LaunchSpec;
import dev.sandtrace.sandbox.ProgramResolver;
import dev.sandtrace.session.Outcome;
import dev.sandtrace.session.Session;
import dev.sandtrace.session.SessionOptions;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sandtrace run [options] PROGRAM [ARGS...]}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run PROGRAM, follow it and every child with ptrace, and record each syscall.",
            "Without --trace-only the program runs inside the sandbox's isolation layers."},
        footer = {"",
            "Terminal output (stderr): by default processes, signals, problems and a summary;",
            "-v adds file, network and process syscalls; -vv every syscall; -vvv setup steps.",
            "",
            "Examples:",
            "  sandtrace run --trace-only -vv /bin/ls /tmp",
            "  sandtrace run --trace-only -o trace.jsonl -- sh -c 'ls / | wc -l'",
            "  sandtrace run --trace-only --timeout 2 -- sleep 100   # exits 124",
            "  sandtrace run --trace-only -e trace=process,network -o t.jsonl -- make",
            "  sandtrace run --report -o t.jsonl -- ./sample   # trace, then behaviour report",
            "  sandtrace run --env CI=1 --env GITHUB_TOKEN -- ./build.sh",
            "  sandtrace run --allow-path . --allow-host registry.npmjs.org -- npm install",
            "",
            "Tracing speed: when only some syscalls are recorded (-e trace=SET; with",
            "--trace-only also the default terminal level), a seccomp filter stops the",
            "target only at those, like strace --seccomp-bpf; --no-seccomp-bpf stops at",
            "every syscall. An unprivileged --trace-only run then sets no_new_privs:",
            "setuid programs gain no privileges. In the sandbox it needs -e trace=SET and",
            "--seccomp-action kill. The trace header's tracing field says what was used.",
            "",
            "Environment: in the sandbox PROGRAM gets only PATH (the entries it can execute",
            "from), HOME, USER, LOGNAME, LANG, LC_*, TERM and TZ, plus what --env or the",
            "policy's [env] table names; -v lists the names. --trace-only passes everything.",
            "",
            "Exit status: PROGRAM's own; 128+N if it died of signal N; 124 on timeout;",
            "125 if sandtrace failed; 126 if PROGRAM cannot be executed; 127 if not found."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trace-only", description = "Trace without any isolation layer (like strace -f).")
    boolean traceOnly;

    @Option(names = "--policy", paramLabel = "FILE|NAME",
            description = "The sandbox policy: a TOML file or a built-in profile (default, strict, permissive,"
                    + " npm-install, pip-install); flags are merged on top. Default: the built-in default.")
    String policyName;

    @CommandLine.Mixin
    SandboxFlags sandbox = new SandboxFlags();

    @CommandLine.Mixin
    EnvironmentFlags environment = new EnvironmentFlags();

    @Option(names = "--allow-host", paramLabel = "HOST[:PORT]",
            description = "Let the sample reach HOST (a name, *.domain, or an IP address; optionally one port) through"
                    + " sandtrace's egress proxy; everything else stays unreachable (repeatable; not with --allow-net).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--allow-port", paramLabel = "PORT",
            description = "With --allow-net: TCP connect only to PORT (repeatable; Landlock ABI 4).")
    List<Integer> allowPorts = new ArrayList<>();

    @Option(names = "--seccomp-action", paramLabel = "ACTION",
            description = "What a denied syscall gets: errno (EPERM, the default), kill (the process dies of SIGSYS)"
                    + " or log (allowed, logged by the kernel).")
    SeccompAction seccompAction;

    enum SeccompAction { errno, kill, log }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the JSONL event stream to FILE ('-' for stdout).")
    String output;

    @Option(names = "--report",
            description = "At the end, print a behaviour report (as sandtrace report) to stderr: every syscall is traced and"
                    + " written to the -o file, or without -o to a temporary file. The exit status is unchanged.")
    boolean report;

    @Option(names = "-v", description = "More terminal output; repeat for more (-v, -vv, -vvv).")
    boolean[] verbose = new boolean[0];

    @Option(names = "-e", paramLabel = "trace=SET",
            description = "Which syscalls to record, as strace -e trace=: names and classes (file, desc, network, process,"
                    + " memory, signal, ipc, creds; %% optional), comma-separated, ! negates; they are printed without -v."
                    + " Denials are always shown.")
    String expression;

    @Option(names = "--seccomp-bpf", negatable = true,
            description = "Stop the target only at the syscalls that are recorded, with a seccomp filter, like strace"
                    + " --seccomp-bpf (the default whenever that hides nothing you asked for); --no-seccomp-bpf stops at"
                    + " every syscall.")
    Boolean seccompBpf;

    @Option(names = "-y", description = "Show what each file descriptor refers to: 3</etc/passwd>, like strace -y;"
            + " -yy also shows socket endpoints: 4<TCP:[127.0.0.1:40312->127.0.0.1:5000]>.")
    boolean[] resolveFds = new boolean[0];

    @Option(names = "-T", description = "Show the time spent in each syscall, like strace -T.")
    boolean durations;

    @Option(names = "-t", description = "Prefix syscall lines with the time of day; -tt adds microseconds (strace -t, -tt).")
    boolean[] wallClock = new boolean[0];

    @Option(names = "-r", description = "Prefix syscall lines with the time since the previous one (strace -r).")
    boolean relative;

    @Option(names = "-c", description = "At the end, print a table of calls, errors and time per syscall (strace -c).")
    boolean countTable;

    @Option(names = {"-X", "--const-print-style"}, paramLabel = "abbrev|raw", defaultValue = "abbrev",
            description = "How constants are shown, like strace -X: abbrev (O_RDONLY|O_CLOEXEC, the default) or raw"
                    + " (0x80000). The JSONL always has the raw values too, under args.raw.")
    String constants;

    @Option(names = {"-s", "--string-limit"}, paramLabel = "N", defaultValue = "32",
            description = "Show at most N bytes of each string argument (default: ${DEFAULT-VALUE}), like strace -s.")
    int stringLimit;

    @Option(names = "--chdir", paramLabel = "DIR",
            description = "Start PROGRAM in DIR instead of the current directory (in the sandbox it must be in the view:"
                    + " the current directory usually is only when --allow-path grants it).")
    Path chdir;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Kill the whole process tree after SECONDS (fractions allowed); exit 124.")
    double timeout;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour terminal output: auto (a terminal and no NO_COLOR), always, never.")
    ColorMode color;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program to run, looked up on PATH like a shell does.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for PROGRAM.")
    List<String> args = new ArrayList<>();

    enum ColorMode { auto, always, never }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!constants.equals("abbrev") && !constants.equals("raw")) {
            throw usage("-X takes abbrev or raw (like strace -X), got " + constants);
        }
        if (stringLimit < 0) throw usage("--string-limit must be 0 or more, got " + stringLimit);
        if (timeout < 0 || Double.isNaN(timeout) || Double.isInfinite(timeout)) {
            throw usage("--timeout must be a positive number of seconds, got " + timeout);
        }
        Policy.Env envFlags;
        try {
            envFlags = environment.asEnv();
        } catch (EnvironmentFlags.BadName e) {
            err.println("sandtrace: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path resolved;
        try {
            resolved = ProgramResolver.resolve(program, System.getenv("PATH"), cwd);
        } catch (ProgramResolver.NotRunnable e) {
            err.println("sandtrace: " + e.getMessage());
            return e.exitCode;
        }

        if (report && expression != null) throw usage("--report needs every syscall: it cannot be combined with -e trace=");
        List<EventSink> sinks = new ArrayList<>();
        Path reportTrace = null;
        if (report) {
            try {
                reportTrace = output != null && !output.equals("-") ? Path.of(output).toAbsolutePath() : reportTempFile();
            } catch (IOException e) {
                err.println("sandtrace: cannot create a temporary file for --report: " + e.getMessage());
                return ExitCodes.SANDTRACE_FAILURE;
            }
            if (output == null || output.equals("-")) sinks.add(new JsonlWriter(new FileOutputStream(reportTrace.toFile()), true));
        }
        OutputStream traceOut = null;
        if (output != null) {
            try {
                traceOut = output.equals("-") ? new FileOutputStream(FileDescriptor.out) : new FileOutputStream(output);
            } catch (IOException e) {
                err.println("sandtrace: cannot write the trace to " + output + ": " + e.getMessage());
                return ExitCodes.SANDTRACE_FAILURE;
            }
        }
        if (traceOut != null) sinks.add(new JsonlWriter(traceOut, !output.equals("-")));
        boolean stderrIsTerminal = Libc.isatty(2);
        boolean useColour = useColour(color, 2);
        TerminalRenderer terminal = new TerminalRenderer(new FileOutputStream(FileDescriptor.err), verbose.length, useColour,
                stderrIsTerminal, stringLimit, new TerminalRenderer.Timing(durations, wallClock.length, relative, countTable));
        sinks.add(expression != null ? terminal.everyRecordedSyscall() : terminal);

        List<String> argv = Invocation.argv(program, args);
        List<String> self = Invocation.self(spec);
        Path home = PolicyCommand.home();
        if (!allowPorts.isEmpty() && !sandbox.allowNet) throw usage("--allow-port needs --allow-net");
        if (!allowHosts.isEmpty() && sandbox.allowNet) {
            throw usage("--allow-host goes through the egress proxy, --allow-net gives the whole host network: choose one");
        }
        try {
            dev.sandtrace.proxy.HostRules.parse(allowHosts);
        } catch (IllegalArgumentException e) {
            throw usage("--allow-host: " + e.getMessage());
        }
        for (int port : allowPorts) {
            if (port < 1 || port > 65535) throw usage("--allow-port must be 1-65535, got " + port);
        }
        if (traceOnly && policyName != null) throw usage("--policy has no effect with --trace-only");
        Policy.Action action = seccompAction == null ? null : Policy.Action.valueOf(seccompAction.name().toUpperCase(java.util.Locale.ROOT));
        Policy policy = null;
        String policySource = null, policySha = null;
        double limit = timeout;
        if (!traceOnly && policyName == null) {
            policy = DefaultPolicy.of(home, sandbox.paths(),
                    new Policy.Network(sandbox.allowNet, List.copyOf(allowPorts), List.of(), List.of(), List.copyOf(allowHosts)),
                    action == null ? Policy.Action.ERRNO : action);
        } else if (!traceOnly) {
            PolicyFile file;
            try {
                file = PolicyCommand.loader().load(policyName);
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                err.println("sandtrace: the policy " + policyName + " is invalid; sandtrace policy check " + policyName + " shows the same");
                return ExitCodes.USAGE;
            }
            List<String> warnings = new ArrayList<>();
            policy = PolicyResolver.resolve(file, new PolicyResolver.Flags(sandbox.paths(), sandbox.allowNet, allowPorts, allowHosts, action), warnings);
            // the profiles are written for many machines: what is missing on this one is detail for -v
            if (verbose.length > 0) warnings.forEach(w -> err.println("sandtrace: policy: " + w));
            policySource = file.source();
            policySha = file.sha256();
            if (limit == 0 && file.timeout() != null) limit = file.timeout();
        }
        // the program named on the command line always runs, whatever the lists say about its directory
        if (policy != null) policy = PolicyResolver.withProgram(policy, resolved);
        policy = Invocation.withEnvironmentFlags(policy, envFlags);
        Invocation.warnIfEnvironmentKept(policy, envFlags, err);
        List<String> env = Invocation.environment(policy, envFlags);
        SessionOptions options = new SessionOptions(new LaunchSpec(resolved, argv, env, chdir != null ? cwd.resolve(chdir).normalize() : cwd, policy), self,
                Version.get(), stringLimit, limit, policySource, policySha, traceFilter(), resolveFds.length, seccompBpf,
                everySyscallFor(),
                "raw".equals(constants));
        Outcome outcome = new Session(options, sinks).run();
        if (outcome.error() != null) err.println("sandtrace: error: " + outcome.error());
        if (reportTrace != null) {
            boolean temporary = output == null || output.equals("-");
            ReportCommand.printToStderr(reportTrace, temporary ? null : output, color, err);
            if (temporary) java.nio.file.Files.deleteIfExists(reportTrace);
        }
        return outcome.exitCode();
    }

    /** The set of -e trace=SET, checked now so that a typo is a usage error before anything runs. */
    private String traceFilter() {
        if (expression == null) return null;
        String e = expression.strip();
        if (!e.startsWith("trace=")) throw usage("-e supports trace=SET (like strace -e trace=file,network), got " + e);
        String set = e.substring("trace=".length());
        try {
            dev.sandtrace.tracer.SyscallFilter.parse(set, dev.sandtrace.linux.Arch.host());
        } catch (IllegalArgumentException bad) {
            throw usage(bad.getMessage());
        }
        return set;
    }

    /** Which requested output shows syscalls beyond the process lifecycle when no -e trace= narrows them; null if none. */
    private String everySyscallFor() {
        if (expression != null) return null;
        if (output != null) return "a JSONL trace (-o) without -e trace=";
        if (report) return "--report";
        if (verbose.length > 0) return "-v without -e trace=";
        if (countTable) return "-c without -e trace=";
        return null;
    }

    /** Whether output to {@code fd} is coloured: always, never, or auto (a terminal and no NO_COLOR). */
    static boolean useColour(ColorMode mode, int fd) {
        return switch (mode) {
            case always -> true;
            case never -> false;
            case auto -> Libc.isatty(fd) && !hasNoColor();
        };
    }

    private static boolean hasNoColor() {
        String v = System.getenv("NO_COLOR");
        return v != null && !v.isEmpty();
    }

    /** Readable by the user only: a trace holds everything the program did. */
    private static Path reportTempFile() throws IOException {
        return java.nio.file.Files.createTempFile("sandtrace-report-", ".jsonl",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

package dev.sandtrace.cli;

import dev.sandtrace.learn.Demand.Right;
import dev.sandtrace.learn.HostFiles;
import dev.sandtrace.learn.Learner;
import dev.sandtrace.learn.Observations;
import dev.sandtrace.learn.PolicyWriter;
import dev.sandtrace.learn.Replay;
import dev.sandtrace.learn.TracedRun;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.Landlock;
import dev.sandtrace.policy.Policy;
import dev.sandtrace.policy.PolicyException;
import dev.sandtrace.policy.PolicyFile;
import dev.sandtrace.policy.PolicyResolver;
import dev.sandtrace.sandbox.ProgramResolver;
import dev.sandtrace.session.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sandtrace learn [--policy BASE] -o POLICY.toml PROGRAM [ARGS...]}. */
@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run PROGRAM traced under a permissive base policy, write the smallest policy",
            "that lets the same run succeed, replay PROGRAM under it and say whether the",
            "run was identical."},
        footer = {"",
            "The policy allows the files the run used (a directory once "
                    + dev.sandtrace.learn.PathGeneraliser.SIBLINGS + " of its entries",
            "were used or it was listed; the system trees whole for reading and executing),",
            "never /, a home directory or a secret; the network only if the run used it,",
            "with the TCP ports seen; denies the dangerous syscall groups it never called;",
            "sets limits a margin above what it used. Each rule has a comment naming the",
            "accesses that produced it. The replay runs PROGRAM a second time, so PROGRAM",
            "should be repeatable (a build, a test, a script that recreates its output),",
            "or use --no-replay. More: docs/learn.md.",
            "",
            "Examples:",
            "  sandtrace learn -o build.toml -- make -C project",
            "  sandtrace learn -o git.toml -- sh -c 'rm -rf .git && git init -q &&",
            "      git add . && git commit -qm first'",
            "  sandtrace learn --policy default --no-replay -o p.toml -- ./script.sh",
            "  sandtrace run --policy build.toml -- make -C project",
            "",
            "Exit status: 0 the replay was identical (or --no-replay); 1 it differed (the",
            "missing access is named); 125 learning failed; 2 wrong usage."})
public final class LearnCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", paramLabel = "BASE", defaultValue = "permissive",
            description = "The policy of the learning run: a TOML file or a built-in profile (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = {"-o", "--output"}, paramLabel = "POLICY.toml", required = true, description = "Where to write the learned policy.")
    Path output;

    @Option(names = "--no-replay", description = "Do not run PROGRAM again under the learned policy.")
    boolean noReplay;

    @Option(names = "--trace", paramLabel = "FILE", description = "Keep the learning run's JSONL trace in FILE.")
    Path keepTrace;

    @Option(names = "--allow-host", paramLabel = "HOST[:PORT]",
            description = "The learning run reaches HOST only through the egress proxy (\"*\" for every host), and the learned"
                    + " policy lists the hosts by name in allow_hosts (repeatable; replaces the base policy's network).")
    List<String> allowHosts = new ArrayList<>();

    /** As for run: both the learning run and the replay get the same variables beyond the standard ones. */
    @CommandLine.Mixin
    EnvironmentFlags environment = new EnvironmentFlags();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Kill the learning run after SECONDS (default: the base policy's timeout, else none).")
    double timeout;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program to learn, looked up on PATH like a shell does.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for PROGRAM.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (timeout < 0 || Double.isNaN(timeout) || Double.isInfinite(timeout)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds, got " + timeout);
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
            return ExitCodes.SANDTRACE_FAILURE;
        }
        try {
            dev.sandtrace.proxy.HostRules.parse(allowHosts);
        } catch (IllegalArgumentException e) {
            err.println("sandtrace: --allow-host: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Loaded basePolicy = load(base, resolved, err);
        if (basePolicy != null && !allowHosts.isEmpty()) basePolicy = basePolicy.proxied(allowHosts);
        if (basePolicy == null) return ExitCodes.USAGE;
        // the learning run may take minutes and change files: find out first that its result has somewhere to go
        for (Path out : keepTrace != null ? List.of(output, keepTrace) : List.of(output)) {
            String why = unwritable(out);
            if (why != null) {
                err.println("sandtrace: learn: cannot write " + out + ": " + why + " (nothing was run)");
                return ExitCodes.USAGE;
            }
        }
        List<String> argv = Invocation.argv(program, args);
        List<String> self = Invocation.self(spec);
        Policy learning = Invocation.withEnvironmentFlags(basePolicy.policy, envFlags);
        Invocation.warnIfEnvironmentKept(learning, envFlags, err);
        // each run's PATH is filtered by its own policy, as sandtrace run --policy would: the replay predicts that run
        TracedRun.Command command = new TracedRun.Command(resolved, argv, Invocation.environment(learning, envFlags), cwd, self,
                Version.get());
        String shown = String.join(" ", argv.stream().map(LearnCommand::shellQuote).toList());

        Path trace = keepTrace != null ? keepTrace : Files.createTempFile("sandtrace-learn", ".jsonl");
        Observations learned;
        try {
            double limit = timeout > 0 ? timeout : basePolicy.file.timeout() != null ? basePolicy.file.timeout() : 0;
            Outcome o = TracedRun.run(command, learning, basePolicy.file.source(), basePolicy.file.sha256(), limit, trace);
            if (o.exitCode() == ExitCodes.SANDTRACE_FAILURE || o.error() != null) {
                err.println("sandtrace: learn: the learning run failed: " + (o.error() != null ? o.error() : o.ending()));
                return ExitCodes.SANDTRACE_FAILURE;
            }
            learned = Observations.read(trace);
        } finally {
            if (keepTrace == null) Files.deleteIfExists(trace);
        }
        if (learned.exitCode != 0) err.println("sandtrace: learn: note: the learning run itself ended badly: " + learned.ending);

        String home = PolicyCommand.home().toString();
        Learner.Learned result = new Learner(home, new HostFiles(), Arch.host(), Landlock.abiVersion())
                .learn(learned, basePolicy.policy.filesystem().deny(), shown);
        String toml = new PolicyWriter(home).write(result.policy());
        try {
            Files.writeString(output, toml);
        } catch (IOException e) {
            err.println("sandtrace: learn: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.SANDTRACE_FAILURE;
        }
        Loaded learnedPolicy = load(output.toAbsolutePath().toString(), resolved, err);
        if (learnedPolicy == null) {
            err.println("sandtrace: learn: internal error: the policy written to " + output + " does not load");
            return ExitCodes.SANDTRACE_FAILURE;
        }
        summary(err, result);
        if (noReplay) return ExitCodes.OK;

        Path replayTrace = Files.createTempFile("sandtrace-replay", ".jsonl");
        Observations replayed;
        try {
            double limit = learnedPolicy.file.timeout() != null ? learnedPolicy.file.timeout() : 0;
            Policy replaying = Invocation.withEnvironmentFlags(learnedPolicy.policy, envFlags);
            TracedRun.Command again = new TracedRun.Command(resolved, argv, Invocation.environment(replaying, envFlags), cwd, self,
                    Version.get());
            Outcome o = TracedRun.run(again, replaying, learnedPolicy.file.source(), learnedPolicy.file.sha256(), limit, replayTrace);
            if (o.error() != null) {
                err.println("sandtrace: learn: the replay failed: " + o.error());
                return ExitCodes.SANDTRACE_FAILURE;
            }
            replayed = Observations.read(replayTrace);
        } finally {
            Files.deleteIfExists(replayTrace);
        }
        Replay.Verdict verdict = Replay.compare(learned, replayed, result.paths().secrets().keySet());
        err.println("sandtrace: " + verdict.text());
        err.flush();
        return verdict.identical() ? ExitCodes.OK : 1;
    }

    private void summary(PrintWriter err, Learner.Learned r) {
        var p = r.policy();
        err.printf("sandtrace: learn: wrote %s: %d read, %d exec, %d write rules, %d denied paths, network %s, %d syscall denials%n",
                output, Learner.rules(p, Right.READ).size(), Learner.rules(p, Right.EXEC).size(), Learner.rules(p, Right.WRITE).size(),
                p.deny().size(), p.network().allow() ? "on" : !p.network().allowHosts().isEmpty()
                        ? p.network().allowHosts().size() + " host(s) through the proxy" : "off", p.syscalls().size());
        for (String n : r.notes()) err.println("sandtrace: learn: " + n);
        err.flush();
    }

    private record Loaded(PolicyFile file, Policy policy) {
        /** The same policy with the network only through the egress proxy, to {@code hosts}. */
        Loaded proxied(List<String> hosts) {
            Policy.Network n = policy.network();
            return new Loaded(file, new Policy(policy.filesystem(), new Policy.Network(false, List.of(), List.of(), n.socketFamilies(),
                    List.copyOf(hosts)), policy.syscalls(), policy.limits(), policy.env()));
        }
    }

    /** The policy {@code name} as run would apply it to {@code program}: the program itself is always executable. */
    private static Loaded load(String name, Path program, PrintWriter err) {
        try {
            PolicyFile file = PolicyCommand.loader().load(name);
            Policy policy = PolicyResolver.withProgram(
                    PolicyResolver.resolve(file, new PolicyResolver.Flags(List.of(), false, List.of(), null), new ArrayList<>()), program);
            return new Loaded(file, policy);
        } catch (PolicyException e) {
            e.problems().forEach(err::println);
            err.println("sandtrace: the policy " + name + " is invalid; sandtrace policy check " + name + " shows the same");
            return null;
        }
    }

    /** Why {@code file} cannot be written, or null when it can (as far as access(2) knows before trying). */
    static String unwritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) return "it is a directory";
        if (Files.exists(file)) return Files.isWritable(file) ? null : "permission denied";
        if (dir == null || !Files.isDirectory(dir)) return "no such directory " + dir;
        return Files.isWritable(dir) ? null : "permission denied in " + dir;
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_@%+=:,./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}

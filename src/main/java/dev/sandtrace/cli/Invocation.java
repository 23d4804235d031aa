package dev.sandtrace.cli;

import dev.sandtrace.policy.Policy;
import dev.sandtrace.session.SandboxEnvironment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands that start PROGRAM (run, learn) hand to a session about this invocation. */
final class Invocation {
    private Invocation() {}

    /** PROGRAM and its arguments, as its argv. */
    static List<String> argv(String program, List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(program);
        argv.addAll(args);
        return argv;
    }

    /** {@code policy} with the --env flags merged on top of its [env] table; null (--trace-only) stays null. */
    static Policy withEnvironmentFlags(Policy policy, Policy.Env flags) {
        if (policy == null) return null;
        return new Policy(policy.filesystem(), policy.network(), policy.syscalls(), policy.limits(),
                SandboxEnvironment.merge(policy.env(), flags));
    }

    /**
     * PROGRAM's environment as {@code NAME=value} entries. In the sandbox ({@code policy} not
     * null) {@link SandboxEnvironment}'s, with the flags merged on top of the policy's table;
     * with --trace-only sandtrace's own, as under strace, with the flags' NAME=VALUE set on top
     * (strace -E does the same) and their bare NAMEs and --keep-env meaningless.
     */
    static List<String> environment(Policy policy, Policy.Env flags) {
        if (policy != null) {
            return SandboxEnvironment.of(System.getenv(), withEnvironmentFlags(policy, flags), PolicyCommand.home(), account());
        }
        Map<String, String> inherited = new TreeMap<>(System.getenv());
        inherited.putAll(flags.set());
        List<String> env = new ArrayList<>();
        inherited.forEach((name, value) -> env.add(name + "=" + value));
        return env;
    }

    /** One warning line when a sandboxed run passes the caller's whole environment: it undoes the sandbox's clearing. */
    static void warnIfEnvironmentKept(Policy policy, Policy.Env flags, PrintWriter err) {
        if (policy == null) return;
        if (flags.keepAll()) err.println(EnvironmentFlags.KEEP_ENV_WARNING);
        else if (policy.env().keepAll()) {
            err.println("sandtrace: warning: the policy's [env] keep_all passes your whole environment (tokens included) to the sample");
        }
    }

    /** The uid's account name (the JDK reads it from the passwd database), or null when it has none. */
    private static String account() {
        String name = System.getProperty("user.name");
        return name == null || name.isEmpty() || name.equals("?") ? null : name;
    }

    /** sandtrace's own command line, for the trace header. */
    static List<String> self(CommandSpec spec) {
        List<String> self = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        self.addFirst("sandtrace");
        return self;
    }
}

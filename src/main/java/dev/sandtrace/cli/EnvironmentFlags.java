package dev.sandtrace.cli;

import dev.sandtrace.policy.Policy;
import dev.sandtrace.session.SandboxEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * --env and --keep-env, shared by the commands that start PROGRAM (run, learn): what of the
 * caller's environment the sandboxed program gets beyond the standard variables.
 */
final class EnvironmentFlags {
    static final String KEEP_ENV_WARNING = "sandtrace: warning: --keep-env passes your whole environment (tokens included) to the sample";

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = {"In the sandbox: pass your value of NAME (nothing if you have none), or set NAME to VALUE"
                    + " (repeatable). With --trace-only only NAME=VALUE does something (like strace -E).",
                "Examples: --env GITHUB_TOKEN, --env CI=1."})
    List<String> env = new ArrayList<>();

    @Option(names = "--keep-env",
            description = "In the sandbox: pass your whole environment, tokens and all (a warning says so). The default passes"
                    + " only PATH (filtered to what the sandbox can execute), HOME, USER, LOGNAME, LANG, LC_*, TERM and TZ.")
    boolean keepEnv;

    /** The flags as an [env] table to merge on top of a policy's. */
    Policy.Env asEnv() throws BadName {
        List<String> pass = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq);
            String why = SandboxEnvironment.invalidName(name);
            if (why != null) throw new BadName("--env " + e + ": " + why);
            if (eq < 0) {
                set.remove(name);
                if (!pass.contains(name)) pass.add(name);
            } else {
                pass.remove(name);
                set.put(name, e.substring(eq + 1));
            }
        }
        return new Policy.Env(keepEnv, List.copyOf(pass), Map.copyOf(set));
    }

    /** A usage error worth one line: picocli's handler would bury it under the whole help text. */
    static final class BadName extends Exception {
        BadName(String message) {
            super(message);
        }
    }
}

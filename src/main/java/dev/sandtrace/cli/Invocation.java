package dev.sandtrace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** sandtrace's environment as {@code NAME=value} entries: PROGRAM inherits it. */
    static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        return env;
    }

    /** sandtrace's own command line, for the trace header. */
    static List<String> self(CommandSpec spec) {
        List<String> self = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        self.addFirst("sandtrace");
        return self;
    }
}

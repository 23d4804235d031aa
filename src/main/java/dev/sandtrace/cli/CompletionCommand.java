package dev.sandtrace.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Prints a bash/zsh completion script: {@code source <(sandtrace completion)}. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for sandtrace.",
            "Load it with: source <(sandtrace completion)"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash("sandtrace", root));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

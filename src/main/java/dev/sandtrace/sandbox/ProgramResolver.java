package dev.sandtrace.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the program to run the way a shell does (execvp(3)): a name with a slash is a path, else PATH. */
public final class ProgramResolver {
    private ProgramResolver() {}

    /** Why a program cannot be run; {@code exitCode} follows the shell: 127 not found, 126 not executable. */
    public static final class NotRunnable extends Exception {
        private static final long serialVersionUID = 1L;
        public final int exitCode;

        NotRunnable(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    public static Path resolve(String program, String pathVariable, Path cwd) throws NotRunnable {
        if (program.isEmpty()) throw new NotRunnable("empty program name", 127);
        if (program.contains("/")) {
            Path p = cwd.resolve(program);
            check(p, program);
            return p;
        }
        String path = pathVariable == null || pathVariable.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : pathVariable;
        Path firstNonExecutable = null;
        for (String dir : path.split(":", -1)) {
            Path candidate = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) return candidate;
                if (firstNonExecutable == null) firstNonExecutable = candidate;
            }
        }
        if (firstNonExecutable != null) {
            throw new NotRunnable(firstNonExecutable + ": Permission denied (not executable)", 126);
        }
        throw new NotRunnable(program + ": command not found", 127);
    }

    private static void check(Path p, String shown) throws NotRunnable {
        if (!Files.exists(p)) throw new NotRunnable(shown + ": No such file or directory", 127);
        if (Files.isDirectory(p)) throw new NotRunnable(shown + ": Is a directory", 126);
        if (!Files.isExecutable(p)) throw new NotRunnable(shown + ": Permission denied", 126);
    }
}

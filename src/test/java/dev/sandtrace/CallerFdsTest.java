package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.testutil.Sandtrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * --trace-only passes the caller's descriptors to the target as strace does, and closes only the
 * JVM's own; the sandbox passes none (issue 13, item 5).
 */
class CallerFdsTest {
    /** Runs {@code script} in bash with fd 9 open on a file holding "from the caller". */
    private static String bash(String script) throws Exception {
        Path file = Files.writeString(Files.createTempFile("sandtrace-fd", ".txt"), "from the caller\n");
        Process p = new ProcessBuilder("bash", "-c", "exec 9<" + file + "\n" + script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.delete(file);
        return out;
    }

    private static String sandtrace(boolean named, String... args) {
        List<String> cmd = new ArrayList<>(Sandtrace.javaCommand());
        if (named) cmd.add(cmd.size() - 1, "-Dsandtrace.callerFds=9"); // before the main class, as the launcher does
        cmd.addAll(List.of(args));
        StringBuilder quoted = new StringBuilder("cd / && exec");
        for (String c : cmd) quoted.append(" '").append(c.replace("'", "'\\''")).append('\'');
        return quoted.toString();
    }

    @Test
    void traceOnlyKeepsTheCallersDescriptorsAndClosesTheJvmsOwn() throws Exception {
        String out = bash(sandtrace(true, "run", "--trace-only", "--", "/bin/sh", "-c",
                "cat <&9; ls /proc/self/fd | sort -n | tr '\\n' ' '; echo"));
        assertThat(out).contains("from the caller");
        // 0-2, 9, and the directory ls reads: nothing of the JVM's (its jars, its pipes)
        assertThat(out).containsPattern("(?m)^0 1 2 3 9 (?!\\d)");
    }

    @Test
    void withoutTheLaunchersListEveryDescriptorAboveTwoIsClosed() throws Exception {
        String out = bash(sandtrace(false, "run", "--trace-only", "--", "/bin/sh", "-c", "cat <&9 || echo closed"));
        assertThat(out).contains("closed").doesNotContain("from the caller");
    }

    @Test
    void theSandboxPassesNoneOfThem() throws Exception {
        String out = bash(sandtrace(true, "run", "--", "/bin/sh", "-c", "cat <&9 || echo closed"));
        assertThat(out).contains("closed").doesNotContain("from the caller");
    }

    @Test
    void theLauncherNamesTheCallersInheritableDescriptorsOnly() throws Exception {
        Path script = Path.of("scripts/caller-fds.sh").toAbsolutePath();
        // 9 inheritable, 7 close-on-exec (python sets it so), 8 closed again
        String out = bash("exec 8</dev/null; exec 8<&-\n"
                + "exec python3 -c 'import os, fcntl; fd = os.open(\"/dev/null\", os.O_RDONLY); os.dup2(fd, 7, inheritable=False);"
                + " os.execvp(\"bash\", [\"bash\", \"-c\", \"set -euo pipefail; . " + script + "; sandtrace_caller_fds; echo fds=$caller_fds\"])'");
        String fds = out.lines().filter(l -> l.startsWith("fds=")).findFirst().orElseThrow().substring(4);
        assertThat(List.of(fds.split(","))).contains("9").doesNotContain("7", "8");
    }
}

package dev.sandtrace.report;

import java.util.List;

/** One trace event that proves an indicator: its seq and what it says, strace-like. */
public record Evidence(long seq, int pid, long timeNs, String text) {

    public static Evidence of(TraceEvent e) {
        return new Evidence(e.seq(), e.pid(), e.timeNs(), describe(e));
    }

    /** The strace-like line of a syscall; for other events a line in the terminal's style. */
    static String describe(TraceEvent e) {
        return switch (e.type()) {
            case "syscall" -> e.str("text") != null ? e.str("text") : e.syscall() + "(...)";
            case "process" -> switch (String.valueOf(e.kind())) {
                case "exec" -> "exec " + display(e.str("path")) + " " + argv(e.list("argv"));
                case "spawned" -> "spawned pid " + e.num("child_pid", 0) + " (" + e.str("via") + ")";
                case "exited" -> "exited with " + e.num("exit_code", 0);
                case "signaled" -> "killed by " + e.str("signal");
                default -> String.valueOf(e.kind());
            };
            case "violation" -> "DENIED by " + e.str("layer") + ": " + e.str("syscall")
                    + (e.str("target") != null ? " " + e.str("target") : "")
                    + (e.errno() != null ? " (" + e.errno() + ")" : "") + " - " + e.str("reason");
            case "dns" -> "dns query " + e.str("name") + " " + e.str("type") + " (" + e.str("transport") + ", " + e.syscall() + ")";
            case "network" -> (("denied".equals(e.str("verdict")) ? "DENIED by egress proxy: " : "proxy: ")
                    + String.valueOf(e.str("protocol")).toUpperCase(java.util.Locale.ROOT) + " " + e.str("host")
                    + (e.num("port", 0) > 0 ? ":" + e.num("port", 0) : "") + " - " + e.str("reason")
                    + ("allowed".equals(e.str("verdict")) ? " (" + e.num("bytes_up", 0) + " B up, " + e.num("bytes_down", 0) + " B down)" : ""));
            case "timeout" -> "timeout after " + e.get("limit_seconds") + "s: " + e.num("killed", 0) + " threads killed";
            case "signal" -> "signal " + e.str("signal") + " (" + e.str("code") + ")";
            default -> e.type();
        };
    }

    /** An exec'd path as shown to people: fexecve/execveat(fd, "") leaves it empty. */
    static String display(String path) {
        return path == null || path.isEmpty() ? "(a file descriptor)" : path;
    }

    static String argv(List<Object> argv) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) b.append(", ");
            b.append('"').append(argv.get(i)).append('"');
        }
        return b.append(']').toString();
    }
}

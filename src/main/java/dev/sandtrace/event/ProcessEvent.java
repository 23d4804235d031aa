package dev.sandtrace.event;

import java.util.List;

/** A process's life: spawned, exec, exited, signaled (the original sandtrace's {@code kind} names). */
public record ProcessEvent(long seq, long timeNs, Kind kind, int pid, int tid, int parentPid, int childPid,
        String via, String path, List<String> argv, int exitCode, int signal, boolean coreDumped)
        implements Event {

    public enum Kind {
        SPAWNED("spawned"), EXEC("exec"), EXITED("exited"), SIGNALED("signaled");

        public final String json;

        Kind(String json) { this.json = json; }
    }

    public static ProcessEvent spawned(long seq, long t, int parentPid, int parentTid, int childPid, String via) {
        return new ProcessEvent(seq, t, Kind.SPAWNED, parentPid, parentTid, parentPid, childPid, via, null, null, 0, 0, false);
    }

    public static ProcessEvent exec(long seq, long t, int pid, int formerTid, String path, List<String> argv) {
        return new ProcessEvent(seq, t, Kind.EXEC, pid, formerTid, 0, 0, null, path, argv, 0, 0, false);
    }

    public static ProcessEvent exited(long seq, long t, int pid, int tid, int code) {
        return new ProcessEvent(seq, t, Kind.EXITED, pid, tid, 0, 0, null, null, null, code, 0, false);
    }

    public static ProcessEvent signaled(long seq, long t, int pid, int tid, int signal, boolean core) {
        return new ProcessEvent(seq, t, Kind.SIGNALED, pid, tid, 0, 0, null, null, null, 0, signal, core);
    }
}

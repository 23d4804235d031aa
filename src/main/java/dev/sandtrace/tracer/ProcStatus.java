package dev.sandtrace.tracer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads from /proc/TID/status what ptrace does not say directly. Used only off the hot path. */
final class ProcStatus {
    private ProcStatus() {}

    /** The thread group (the pid user space sees) of {@code tid}; {@code tid} itself when unreadable. */
    static int tgid(int tid) {
        return field(tid, "Tgid:", tid);
    }

    /** The parent process of {@code tid}'s thread group; 0 when unreadable. */
    static int ppid(int tid) {
        return field(tid, "PPid:", 0);
    }

    private static int field(int tid, String name, int otherwise) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + tid + "/status"))) {
                if (line.startsWith(name)) return Integer.parseInt(line.substring(name.length()).strip());
            }
        } catch (IOException | NumberFormatException e) {
            // gone already: its death is reported next
        }
        return otherwise;
    }
}

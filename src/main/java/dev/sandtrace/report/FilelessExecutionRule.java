package dev.sandtrace.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fileless-execution}: a program run from memory: execveat/fexecve of a memfd_create'd
 * descriptor, or execve of /proc/self/fd/N naming one (high); execveat of any other descriptor
 * with an empty path (medium).
 */
final class FilelessExecutionRule implements Rule {
    /** pid → fd → the memfd_create event that made it (per process, forgotten at exit). */
    private final Map<Integer, Map<Long, Evidence>> memfds = new HashMap<>();

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("process")) {
            switch (String.valueOf(e.kind())) {
                case "spawned" -> {
                    Map<Long, Evidence> parent = memfds.get(e.pid());
                    if (parent != null && !"thread".equals(e.str("via"))) {
                        memfds.put((int) e.num("child_pid", 0), new HashMap<>(parent));
                    }
                }
                case "exited", "signaled" -> {
                    if (e.num("tid", 0) == e.pid()) memfds.remove(e.pid());
                }
                default -> { }
            }
            return;
        }
        if (!e.is("syscall")) return;
        switch (e.syscall()) {
            case "memfd_create" -> {
                if (e.success()) memfds.computeIfAbsent(e.pid(), k -> new HashMap<>()).put(e.returnValue(), Evidence.of(e));
            }
            case "close" -> {
                Map<Long, Evidence> fds = memfds.get(e.pid());
                if (fds != null && e.success()) fds.remove(e.raw(0));
            }
            case "execveat" -> {
                String path = e.argText("pathname");
                String flags = e.argText("flags");
                if (path != null && path.isEmpty() && flags != null && flags.contains("AT_EMPTY_PATH")) {
                    long fd = (int) e.raw(0);
                    fdExec(e, fd, ctx, e.decoded().get("dirfd") instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : null);
                }
            }
            case "execve" -> {
                String path = e.argText("pathname");
                if (path == null) return;
                var m = java.util.regex.Pattern.compile("^/(proc/(self|\\d+)|dev)/fd/(\\d+)$").matcher(path);
                if (m.matches()) fdExec(e, Long.parseLong(m.group(3)), ctx, null);
            }
            default -> { }
        }
    }

    private void fdExec(TraceEvent e, long fd, Context ctx, String fdPath) {
        Evidence made = memfds.getOrDefault(e.pid(), Map.of()).get(fd);
        String outcome = e.success() ? "" : " (failed: " + e.errno() + ")";
        if (made != null || fdPath != null && fdPath.contains("memfd:")) {
            ctx.findings().raise("fileless-execution", Severity.HIGH,
                    "executed an in-memory file (memfd_create) without touching the disk" + outcome,
                    made == null ? List.of(Evidence.of(e)) : List.of(made, Evidence.of(e)));
        } else {
            ctx.findings().raise("fileless-execution", Severity.MEDIUM,
                    "executed file descriptor " + fd + (fdPath != null ? " (" + fdPath + ")" : "") + " rather than a path"
                            + outcome, Evidence.of(e));
        }
    }
}

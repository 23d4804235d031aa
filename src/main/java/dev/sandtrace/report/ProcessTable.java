package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process tree, built from process events (spawned, exec, exited, signaled) and completed
 * from the summary. Live processes are kept for the rules (what a pid runs, who its parent is);
 * the first {@link Caps#ITEMS} processes are kept for the report.
 */
final class ProcessTable {
    /** What is known of one process; fields change as events arrive. */
    static final class Proc {
        final int pid;
        int parent;
        String via;
        String command;
        List<String> argv = List.of();
        /** What the process ran before its latest exec (the spawner of what it execs now). */
        String previousCommand;
        final List<Report.Exec> execs = new ArrayList<>(1);
        int execCount;
        long startNs;
        Long endNs;
        String end = "unknown";
        Integer exitCode;
        String signal;
        long syscalls;
        int threads = 1;
        boolean setsid;
        boolean parentEndedFirst;
        boolean reported;

        Proc(int pid) {
            this.pid = pid;
        }

        boolean ended() {
            return endNs != null || !"unknown".equals(end);
        }
    }

    private final Caps caps;
    private final Map<Integer, Proc> live = new HashMap<>();
    private final List<Proc> reported = new ArrayList<>();
    private final Map<Integer, Proc> reportedByPid = new HashMap<>();
    private Integer rootPid;
    private String rootProgram;
    private long count;

    ProcessTable(Caps caps) {
        this.caps = caps;
    }

    void header(TraceEvent e) {
        rootProgram = e.str("program");
    }

    /** The process {@code pid}, created at first sight (the root, or a child whose spawn line was lost). */
    Proc get(int pid, long timeNs) {
        Proc p = live.get(pid);
        if (p == null) {
            p = new Proc(pid);
            p.startNs = timeNs;
            if (rootPid == null) {
                rootPid = pid;
                p.command = rootProgram;
            }
            add(p);
        }
        return p;
    }

    /** The live process {@code pid}, or null. */
    Proc find(int pid) {
        return live.get(pid);
    }

    boolean isRoot(int pid) {
        return rootPid != null && rootPid == pid;
    }

    void accept(TraceEvent e) {
        switch (e.type()) {
            case "process" -> process(e);
            case "syscall" -> get(e.pid(), e.timeNs()).syscalls++;
            case "summary" -> summary(e);
            default -> { }
        }
    }

    private void process(TraceEvent e) {
        Proc p = get(e.pid(), e.timeNs());
        switch (String.valueOf(e.kind())) {
            case "spawned" -> {
                if ("thread".equals(e.str("via"))) {
                    p.threads++;
                    return;
                }
                int childPid = (int) e.num("child_pid", 0);
                Proc old = live.get(childPid);
                // A child's first syscall lines can precede its parent's spawned line (lines are
                // written as the tracer sees the stops): that first sight is this child.
                if (old != null && !old.ended() && old.parent == 0 && old.execCount == 0 && !isRoot(childPid)) {
                    old.parent = p.pid;
                    old.via = e.str("via");
                    old.command = p.command;
                    old.argv = p.argv;
                    old.startNs = Math.min(old.startNs, e.timeNs());
                    return;
                }
                if (old != null) live.remove(childPid);
                if (old != null && !old.ended()) old.end = "unknown";
                Proc c = new Proc(childPid);
                c.parent = p.pid;
                c.via = e.str("via");
                c.command = p.command;
                c.argv = p.argv;
                c.startNs = e.timeNs();
                add(c);
            }
            case "exec" -> {
                p.previousCommand = p.command;
                p.command = e.str("path");
                p.argv = strings(e.list("argv"));
                p.execCount++;
                if (p.execs.size() < Caps.EXECS) p.execs.add(new Report.Exec(e.seq(), p.command, p.argv));
                else caps.drop("execs");
            }
            case "exited", "signaled" -> {
                if (e.num("tid", 0) != e.pid()) return;
                p.endNs = e.timeNs();
                if ("exited".equals(e.kind())) {
                    p.exitCode = (int) e.num("exit_code", 0);
                    p.end = "exited " + p.exitCode;
                } else {
                    p.signal = e.str("signal");
                    p.end = "killed by " + p.signal;
                }
                live.remove(p.pid);
                for (Proc child : live.values()) {
                    if (child.parent == p.pid) child.parentEndedFirst = true;
                }
            }
            default -> { }
        }
    }

    /** The summary lists every process: those whose events were cut off are completed from it. */
    private void summary(TraceEvent e) {
        for (Object o : e.list("processes")) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("pid") instanceof Number pid)) continue;
            Proc p = reportedOrLive(pid.intValue());
            if (p == null) {
                p = new Proc(pid.intValue());
                p.startNs = e.timeNs();
                p.parent = m.get("parent_pid") instanceof Number n ? n.intValue() : 0;
                add(p);
            }
            if (p.command == null && m.get("command") instanceof String c) p.command = c;
            if (!p.ended() && m.get("end") instanceof String end) p.end = end;
            if (p.syscalls == 0 && m.get("syscalls") instanceof Number n) p.syscalls = n.longValue();
        }
    }

    private Proc reportedOrLive(int pid) {
        Proc p = live.get(pid);
        return p != null ? p : reportedByPid.get(pid);
    }

    private void add(Proc p) {
        live.put(p.pid, p);
        count++;
        if (reported.size() < Caps.ITEMS) {
            p.reported = true;
            reported.add(p);
            reportedByPid.put(p.pid, p);
        } else {
            caps.drop("processes");
        }
    }

    long count() {
        return count;
    }

    List<Report.Process> report() {
        List<Report.Process> out = new ArrayList<>(reported.size());
        for (Proc p : reported) {
            out.add(new Report.Process(p.pid, p.parent, p.command, p.argv, List.copyOf(p.execs), p.startNs, p.endNs,
                    p.end, p.exitCode, p.signal, p.syscalls, p.via, p.threads));
        }
        return out;
    }

    static List<String> strings(List<Object> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(String.valueOf(v));
        return List.copyOf(out);
    }
}

package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report as text for a terminal: indicators first (what an analyst wants), then the process
 * tree, files, network and denials, each shortened to what fits a screen (the JSON has it all).
 * Colour only when asked: the caller decides, as for the trace (a terminal and no NO_COLOR).
 */
public final class TerminalReport {
    private static final String RESET = "\u001b[0m", RED = "\u001b[31m", YELLOW = "\u001b[33m", CYAN = "\u001b[36m",
            DIM = "\u001b[2m", BOLD = "\u001b[1m";
    private static final int EVIDENCE_SHOWN = 3, PROCESSES_SHOWN = 40, DIRECTORIES_SHOWN = 12, FILES_SHOWN = 6,
            ROWS_SHOWN = 20;

    private final boolean colour;
    private final StringBuilder out = new StringBuilder();

    private TerminalReport(boolean colour) {
        this.colour = colour;
    }

    public static String render(Report r, boolean colour) {
        TerminalReport t = new TerminalReport(colour);
        t.header(r.trace());
        t.indicators(r.indicators());
        t.processes(r.processes(), r.trace().processCount());
        t.files(r.files());
        t.network(r.network());
        t.denials(r.denials(), r.trace().deniedCount());
        if (r.limits().truncated()) {
            t.line(t.paint(DIM, "Some lists were cut to " + r.limits().maxItemsPerList() + " items; counts are exact."));
        }
        return t.out.toString();
    }

    private void header(Report.Trace t) {
        line(paint(BOLD, "sandtrace report") + (t.file() != null ? ": " + t.file() : ""));
        StringBuilder b = new StringBuilder("  ").append(t.program() != null ? t.program() : "(no header)");
        if (t.ending() != null) b.append(" · ").append(t.ending());
        if (t.durationMs() != null) b.append(" · ").append(String.format("%.2fs", t.durationMs() / 1000.0));
        b.append(" · ").append(t.totalSyscalls()).append(" syscalls (").append(t.failedSyscalls()).append(" failed");
        if (t.deniedCount() > 0) b.append(", ").append(t.deniedCount()).append(" denied");
        b.append(") · ").append(t.processCount()).append(t.processCount() == 1 ? " process" : " processes");
        line(b.toString());
        line("  " + (t.sandboxed() ? "sandboxed" + (t.policy() != null ? " (" + t.policy() + ")" : "")
                : t.program() == null ? "sandboxing unknown (no header line)" : "not sandboxed (--trace-only)") + (t.complete() ? "" : paint(YELLOW, " · trace incomplete: no summary line")));
        if (t.filter() != null) {
            line(paint(YELLOW, "  filtered trace: only -e trace=" + t.filter()
                    + " was recorded; files, network and indicators below see only those syscalls"));
        }
    }

    private void indicators(List<Report.Indicator> list) {
        line("");
        if (list.isEmpty()) {
            line(paint(BOLD, "Indicators") + ": none");
            return;
        }
        line(paint(BOLD, "Indicators") + " (" + list.size() + ")");
        for (Report.Indicator i : list) {
            String sev = String.format("%-8s", i.severity().json().toUpperCase(java.util.Locale.ROOT));
            line("  " + paint(severityColour(i.severity()), sev) + " " + String.format("%-20s", i.id()) + " " + i.reason()
                    + (i.count() > 1 ? paint(DIM, " (×" + i.count() + ")") : ""));
            int shown = 0;
            for (Evidence e : i.evidence()) {
                if (shown++ == EVIDENCE_SHOWN) break;
                line(paint(DIM, "           #" + e.seq() + " [pid " + e.pid() + "] " + clip(e.text(), 150)));
            }
            if (i.evidence().size() > EVIDENCE_SHOWN) {
                line(paint(DIM, "           ... " + (i.evidence().size() - EVIDENCE_SHOWN) + " more events (--json)"));
            }
        }
    }

    private void processes(List<Report.Process> list, long total) {
        line("");
        line(paint(BOLD, "Processes") + " (" + total + ")");
        Map<Integer, List<Report.Process>> children = new LinkedHashMap<>();
        Set<Integer> known = new HashSet<>();
        for (Report.Process p : list) known.add(p.pid());
        List<Report.Process> roots = new ArrayList<>();
        for (Report.Process p : list) {
            if (p.parentPid() == 0 || !known.contains(p.parentPid())) roots.add(p);
            else children.computeIfAbsent(p.parentPid(), k -> new ArrayList<>()).add(p);
        }
        int[] shown = {0};
        Set<Integer> visited = new HashSet<>();
        for (Report.Process root : roots) tree(root, children, "  ", shown, visited);
        if (total > shown[0]) line(paint(DIM, "  ... " + (total - shown[0]) + " more (--json)"));
    }

    private void tree(Report.Process p, Map<Integer, List<Report.Process>> children, String indent, int[] shown,
            Set<Integer> visited) {
        if (shown[0] >= PROCESSES_SHOWN || !visited.add(p.pid())) return;
        shown[0]++;
        String life = p.endNs() != null ? String.format(" %.2fs", (p.endNs() - p.startNs()) / 1e9) : "";
        String end = p.end();
        if (!"exited 0".equals(end) && !"unknown".equals(end)) end = paint(YELLOW, end);
        line(indent + p.pid() + " " + clip((Evidence.display(p.command()) + " " + argvTail(p.argv())).strip(), 110)
                + paint(DIM, " · ") + end + paint(DIM, life + (p.execs().size() > 1 ? " · " + p.execs().size() + " execs" : "")));
        for (Report.Process c : children.getOrDefault(p.pid(), List.of())) tree(c, children, indent + "  ", shown, visited);
    }

    private static String argvTail(List<String> argv) {
        return argv.size() <= 1 ? "" : String.join(" ", argv.subList(1, argv.size()));
    }

    private void files(Map<String, List<Report.DirectoryGroup>> groups) {
        line("");
        line(paint(BOLD, "Files"));
        boolean any = false;
        for (Map.Entry<String, List<Report.DirectoryGroup>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) continue;
            any = true;
            long accesses = g.getValue().stream().mapToLong(Report.DirectoryGroup::count).sum();
            long files = g.getValue().stream().mapToLong(d -> d.files().size()).sum();
            line("  " + g.getKey() + ": " + files + (files == 1 ? " file" : " files") + " in " + g.getValue().size()
                    + (g.getValue().size() == 1 ? " directory" : " directories") + paint(DIM, " (" + accesses + (accesses == 1 ? " access)" : " accesses)")));
            int d = 0;
            for (Report.DirectoryGroup dir : g.getValue()) {
                if (d++ == DIRECTORIES_SHOWN) {
                    line(paint(DIM, "    ... " + (g.getValue().size() - DIRECTORIES_SHOWN) + " more directories"));
                    break;
                }
                List<String> names = new ArrayList<>();
                for (Report.FileEntry f : dir.files()) {
                    if (names.size() == FILES_SHOWN) {
                        names.add("+" + (dir.files().size() - FILES_SHOWN));
                        break;
                    }
                    String name = f.path().substring(f.path().lastIndexOf('/') + 1);
                    names.add(f.to() != null ? name + " → " + f.to() : name);
                }
                line("    " + dir.directory() + paint(DIM, " (" + dir.count() + "): ") + clip(String.join(", ", names), 140));
            }
        }
        if (!any) line("  none");
    }

    private void network(List<Report.NetworkRow> rows) {
        if (rows.isEmpty()) return;
        line("");
        line(paint(BOLD, "Network") + " (" + rows.size() + ")");
        int n = 0;
        for (Report.NetworkRow r : rows) {
            if (n++ == ROWS_SHOWN) {
                line(paint(DIM, "  ... " + (rows.size() - ROWS_SHOWN) + " more (--json)"));
                break;
            }
            String outcome = r.success() ? "ok" : paint(YELLOW, r.outcome());
            line("  " + r.syscall() + " " + r.endpoint() + " → " + outcome
                    + (r.deniedBy() != null ? paint(RED, " denied by " + r.deniedBy()) : "")
                    + paint(DIM, " · pid " + r.pid() + (r.count() > 1 ? " · ×" + r.count() : "")));
        }
    }

    private void denials(List<Report.DenialGroup> groups, long total) {
        if (groups.isEmpty()) return;
        line("");
        line(paint(BOLD, "Denials") + " (" + total + ")");
        for (Report.DenialGroup g : groups) {
            line("  " + paint(RED, g.layer()) + " (" + g.count() + ")");
            // the same refusal repeats (a PATH search hits a masked directory for every command): say it once
            Map<String, Integer> distinct = new LinkedHashMap<>();
            Map<String, Report.Denial> first = new HashMap<>();
            for (Report.Denial d : g.items()) {
                String key = d.syscall() + " " + (d.target() == null ? "" : d.target()) + (d.errno() == null ? "" : " (" + d.errno() + ")");
                distinct.merge(key, 1, Integer::sum);
                first.putIfAbsent(key, d);
            }
            int n = 0;
            for (Map.Entry<String, Integer> d : distinct.entrySet()) {
                if (n++ == ROWS_SHOWN) {
                    line(paint(DIM, "    ... " + (distinct.size() - ROWS_SHOWN) + " more (--json)"));
                    break;
                }
                line("    " + clip(d.getKey(), 110) + paint(DIM, " - " + first.get(d.getKey()).reason()
                        + (d.getValue() > 1 ? " · ×" + d.getValue() : "")));
            }
        }
    }

    private static String severityColour(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> RED + BOLD;
            case MEDIUM -> YELLOW;
            case LOW -> CYAN;
            case INFO -> DIM;
        };
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private String paint(String code, String s) {
        return colour ? code + s + RESET : s;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}

package dev.sandtrace.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the report of a trace in one pass, event by event: memory is bounded by the caps in
 * {@link Caps} and the live processes, never by the trace's length. Feed every event in file
 * order to {@link #accept}, then call {@link #build}.
 */
public final class ReportBuilder {
    private final String file;
    private final Caps caps = new Caps();
    private final FileAccesses fileAccesses = new FileAccesses();
    private final ProcessTable processes = new ProcessTable(caps);
    private final FileGroups files = new FileGroups(caps);
    private final NetworkLog network = new NetworkLog(caps);
    private final DenialLog denials = new DenialLog(caps);
    private final Timeline timeline = new Timeline(caps);
    private final Findings findings = new Findings(caps, timeline);
    private final Rule.Context context = new Rule.Context(processes, findings, fileAccesses);
    private final List<Rule> rules = List.of(new CredentialAccessRule(), new PersistenceRule(),
            new DownloadExecuteRule(caps), new FilelessExecutionRule(), new EscapeAttemptRule(), new AntiAnalysisRule(),
            new SelfDeletionRule(), new ProcessInjectionRule(), new MassModificationRule(caps), new OutboundNetworkRule(),
            new ShellSpawnRule(), new DaemonRule());

    private TraceEvent header;
    private TraceEvent summary;
    private long events;
    private long syscalls;
    private long failedSyscalls;
    private boolean lastWasSummary;

    /** {@code file}: the trace's name for the document, or null. */
    public ReportBuilder(String file) {
        this.file = file;
    }

    /** Reads {@code trace} to its end and builds its report. */
    public static Report of(Path trace) throws IOException {
        return of(trace, trace.toString());
    }

    /** As {@link #of(Path)}, naming the trace {@code name} in the document (null: none). */
    public static Report of(Path trace, String name) throws IOException {
        return of(trace, name, w -> { });
    }

    /** As {@link #of(Path, String)}, telling {@code warnings} what was wrong with a trace still worth reporting. */
    public static Report of(Path trace, String name, Consumer<String> warnings) throws IOException {
        ReportBuilder b = new ReportBuilder(name);
        try (TraceReader r = new TraceReader(trace)) {
            for (TraceEvent e = r.next(); e != null; e = r.next()) b.accept(e);
            if (r.count() == 0) throw new TraceReader.TraceFormatException(trace + ": empty file: not a sandtrace trace", null);
            if (r.cutShort()) {
                warnings.accept(trace + ": the last line is cut short (sandtrace killed while writing?); reporting the "
                        + r.count() + " complete lines before it");
            }
        }
        return b.build();
    }

    public void accept(TraceEvent e) {
        events++;
        lastWasSummary = e.is("summary");
        List<FileAccess> accesses = fileAccesses.accept(e);
        processes.accept(e);
        switch (e.type()) {
            case "header" -> {
                header = e;
                processes.header(e);
            }
            case "summary" -> summary = e;
            case "syscall" -> {
                syscalls++;
                if (e.errno() != null) failedSyscalls++;
                Endpoint ep = network.syscall(e);
                if (ep != null) {
                    timeline.add(e, "network", e.syscall() + " " + ep.text() + (e.success() ? "" : " (" + e.errno() + ")"));
                }
            }
            case "violation" -> {
                denials.violation(e);
                network.violation(e);
                timeline.add(e, "denial", Evidence.describe(e));
            }
            case "dns" -> {
                String row = network.dns(e);
                if (row != null) timeline.add(e, "network", "dns query " + row);
            }
            case "network" -> {
                String row = network.proxied(e);
                if (row != null) timeline.add(e, "network", "proxy " + row);
            }
            case "timeout" -> timeline.add(e, "timeout", Evidence.describe(e));
            case "process" -> process(e);
            default -> { }
        }
        for (FileAccess a : accesses) files.accept(a);
        for (Rule rule : rules) rule.accept(e, accesses, context);
    }

    private void process(TraceEvent e) {
        switch (String.valueOf(e.kind())) {
            case "exec" -> timeline.add(e, "exec", "exec " + Evidence.display(e.str("path")) + " "
                    + Evidence.argv(e.list("argv")));
            case "spawned" -> {
                if (!"thread".equals(e.str("via"))) {
                    timeline.add(e, "spawn", "spawned pid " + e.num("child_pid", 0) + " (" + e.str("via") + ")");
                }
            }
            case "exited", "signaled" -> {
                if (e.num("tid", 0) == e.pid()) timeline.add(e, "exit", Evidence.describe(e));
            }
            default -> { }
        }
    }

    public Report build() {
        for (Rule rule : rules) rule.finish(context);
        TraceEvent h = header != null ? header : new TraceEvent(java.util.Map.of("event_type", "header"));
        TraceEvent s = summary;
        List<String> layers = ProcessTable.strings(h.list("layers"));
        Report.Trace trace = new Report.Trace(file, h.str("sandtrace_version"), h.str("program"),
                ProcessTable.strings(h.list("argv")), h.str("cwd"), h.str("start_time"), h.str("hostname"),
                h.get("uid") instanceof Number n ? n.longValue() : null, !layers.isEmpty(), layers, h.str("policy"),
                h.str("tracing"), h.str("trace_filter"), events, lastWasSummary,
                s == null ? null : s.num("exit_code", 0), s == null ? null : s.str("ending"),
                s == null ? null : s.num("duration_ms", 0),
                s == null ? syscalls : s.num("total_syscalls", syscalls),
                s == null ? failedSyscalls : s.num("failed_syscalls", failedSyscalls),
                s == null ? denials.total() : s.num("denied_count", denials.total()),
                s == null ? processes.count() : s.num("process_count", processes.count()));
        return new Report(trace, processes.report(), files.report(), network.report(), denials.report(),
                findings.report(), timeline.report(), caps.limits());
    }
}

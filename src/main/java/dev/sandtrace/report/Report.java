package dev.sandtrace.report;

import java.util.List;
import java.util.Map;

/**
 * The report document (docs/report-schema.md): what a traced run did, summarised. Built by
 * {@link ReportBuilder}, written by {@link JsonReport} and {@link TerminalReport}. Every list is
 * bounded; counts are exact.
 */
public record Report(Trace trace, List<Process> processes, Map<String, List<DirectoryGroup>> files,
        List<NetworkRow> network, List<DenialGroup> denials, List<Indicator> indicators, List<TimelineItem> timeline,
        Limits limits) {

    public static final int VERSION = 1;

    /** The file groups, in the order the document lists them. */
    public static final List<String> FILE_GROUPS = List.of("read", "written", "created", "deleted", "renamed", "executed");

    public record Trace(String file, String sandtraceVersion, String program, List<String> argv, String cwd,
            String startTime, String hostname, Long uid, boolean sandboxed, List<String> layers, String policy,
            String tracing, String filter, long events, boolean complete, Long exitCode, String ending, Long durationMs,
            long totalSyscalls, long failedSyscalls, long deniedCount, long processCount) { }

    public record Exec(long seq, String path, List<String> argv) { }

    public record Process(int pid, int parentPid, String command, List<String> argv, List<Exec> execs, long startNs,
            Long endNs, String end, Integer exitCode, String signal, long syscalls, String via, int threads) { }

    public record FileEntry(String path, long count, long firstSeq, List<Integer> pids, String to) { }

    public record DirectoryGroup(String directory, long count, List<FileEntry> files) { }

    public record NetworkRow(long firstSeq, int pid, String syscall, String family, String address, Integer port,
            String endpoint, String outcome, boolean success, String deniedBy, long count) { }

    public record Denial(long seq, long syscallSeq, int pid, String syscall, String target, String errno,
            String reason) { }

    public record DenialGroup(String layer, long count, List<Denial> items) { }

    public record Indicator(String id, String title, Severity severity, String reason, List<Evidence> evidence,
            long count) { }

    public record TimelineItem(long timeNs, long seq, int pid, String kind, String label) { }

    public record Limits(int maxItemsPerList, boolean truncated, Map<String, Long> dropped) { }

    /** The most severe indicator's severity; null when there is none. */
    public Severity highestSeverity() {
        return indicators.stream().map(Indicator::severity).max(Enum::compareTo).orElse(null);
    }
}

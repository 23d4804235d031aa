package dev.sandtrace.cli;

import dev.sandtrace.report.HtmlReport;
import dev.sandtrace.report.JsonReport;
import dev.sandtrace.report.Report;
import dev.sandtrace.report.ReportBuilder;
import dev.sandtrace.report.TerminalReport;
import dev.sandtrace.report.TraceReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sandtrace report TRACE.jsonl [--json FILE|-] [--html FILE]}. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarise a JSONL trace (sandtrace run -o) as a behaviour report: the",
            "process tree; files read, written, created, deleted, renamed, executed;",
            "network attempts; sandbox denials; and indicators (credential access,",
            "persistence, download and execute, ...), each with a severity and the",
            "trace events that prove it. The trace is read in one streaming pass:",
            "memory does not grow with its size."},
        footer = {"",
            "Examples:",
            "  sandtrace run -o t.jsonl -- ./sample && sandtrace report t.jsonl",
            "  sandtrace report t.jsonl --json report.json   # text report + JSON document",
            "  sandtrace report t.jsonl --json - | jq '.indicators[].id'",
            "  sandtrace report t.jsonl --html report.html",
            "  sandtrace run --report -- ./sample             # trace and report in one go",
            "",
            "The JSON document: docs/report-schema.md; its JSON Schema is in the jar as",
            "dev/sandtrace/report.schema.json.",
            "Exit status: 0 report written; 1 the trace cannot be read or is not a sandtrace",
            "trace; 2 usage error."})
public final class ReportCommand implements Callable<Integer> {
    /** The trace cannot be read or is not a sandtrace JSONL trace. */
    static final int BAD_TRACE = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A JSONL trace written by sandtrace run -o.")
    Path trace;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the report as one JSON document to FILE ('-': to stdout, instead of the text report).")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page.")
    Path html;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text report: auto (a terminal and no NO_COLOR), always, never.")
    RunCommand.ColorMode color;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Report report;
        try {
            report = ReportBuilder.of(trace, trace.toString(), w -> err.println("sandtrace: warning: " + w));
        } catch (NoSuchFileException e) {
            err.println("sandtrace: " + trace + ": no such file");
            return BAD_TRACE;
        } catch (TraceReader.TraceFormatException e) {
            err.println("sandtrace: " + e.getMessage());
            return BAD_TRACE;
        } catch (IOException e) {
            err.println("sandtrace: cannot read " + trace + ": " + e.getMessage());
            return BAD_TRACE;
        }
        boolean jsonToStdout = "-".equals(json);
        if (!jsonToStdout) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(TerminalReport.render(report, RunCommand.useColour(color, 1)));
            out.flush();
        }
        return write(report, json, html, err);
    }

    /** Writes the --json and --html outputs; returns the exit status. */
    static int write(Report report, String json, Path html, PrintWriter err) {
        if (json != null) {
            try (OutputStream out = json.equals("-") ? new FileOutputStream(FileDescriptor.out) : Files.newOutputStream(Path.of(json))) {
                JsonReport.write(report, out);
            } catch (IOException e) {
                err.println("sandtrace: cannot write the JSON report to " + json + ": " + e.getMessage());
                return ExitCodes.SANDTRACE_FAILURE;
            }
        }
        if (html != null) {
            try {
                HtmlReport.write(JsonReport.toJson(report), html);
            } catch (Exception e) { // the page writer's failures, whatever their type, are one line, not a stack trace
                err.println("sandtrace: cannot write the HTML report to " + html + ": " + e.getMessage());
                return ExitCodes.SANDTRACE_FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    /** Prints the text report of the trace in {@code file} to stderr (run --report); false if it could not be read. */
    static boolean printToStderr(Path file, String name, RunCommand.ColorMode color, PrintWriter err) {
        try {
            Report report = ReportBuilder.of(file, name, w -> err.println("sandtrace: warning: " + w));
            err.println();
            err.print(TerminalReport.render(report, RunCommand.useColour(color, 2)));
            err.flush();
            return true;
        } catch (IOException e) {
            err.println("sandtrace: cannot report the trace: " + e.getMessage());
            return false;
        }
    }
}

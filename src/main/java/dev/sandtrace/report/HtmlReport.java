package dev.sandtrace.report;

import java.nio.file.Path;

/** The HTML report page. Placeholder until the HTML report is merged (it is built in parallel). */
public final class HtmlReport {
    private HtmlReport() { }

    /** Writes a self-contained HTML page rendering {@code reportJson} (the --json document) to {@code out}. */
    public static void write(String reportJson, Path out) {
        throw new UnsupportedOperationException("HTML report: not merged yet");
    }
}

package dev.sandtrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report as one self-contained HTML page: the report document (docs/report-schema.md) embedded
 * verbatim in a {@code <script type="application/json">} element and drawn by the page's own inline
 * script, so the file opens offline and requests nothing (docs/report-html.md).
 */
public final class HtmlReport {
    static final String TEMPLATE_RESOURCE = "report.html";
    static final String PLACEHOLDER = "@@SANDTRACE_REPORT_JSON@@";
    private static final JsonFactory JSON = new JsonFactory();

    private HtmlReport() {}

    /** Writes the page for {@code reportJson} (one JSON object) to {@code out}. */
    public static void write(String reportJson, Path out) throws IOException {
        Files.writeString(out, render(reportJson), StandardCharsets.UTF_8);
    }

    /** The page for {@code reportJson}; rejects text that is not exactly one JSON object. */
    public static String render(String reportJson) {
        requireObject(reportJson);
        String template = template();
        int at = template.indexOf(PLACEHOLDER);
        return template.substring(0, at) + embeddable(reportJson) + template.substring(at + PLACEHOLDER.length());
    }

    /**
     * JSON made safe inside a script element. Only "</" can end a script and only "<!--" can
     * switch the HTML parser into its script-escape states; both can occur only inside JSON
     * strings, where "\/" and "\u003c" mean the same characters, so JSON.parse sees the
     * document unchanged.
     */
    static String embeddable(String json) {
        return json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
    }

    private static void requireObject(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the report is not a JSON object");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("the report has content after its JSON object");
            }
        } catch (StreamReadException e) {
            throw new IllegalArgumentException("the report is not valid JSON: " + e.getOriginalMessage()
                    + " at " + e.getLocation().offsetDescription(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the HTML report template is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

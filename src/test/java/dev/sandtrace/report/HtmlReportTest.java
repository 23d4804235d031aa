package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandtrace.testutil.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page as a file: how the report is embedded, and that nothing in it can reach the network. */
class HtmlReportTest {
    private static final String DATA_OPEN = "<script type=\"application/json\" id=\"report-data\">";

    @TempDir
    Path tmp;

    private static String embedded(String page) {
        int start = page.indexOf(DATA_OPEN) + DATA_OPEN.length();
        return page.substring(start, page.indexOf("</script>", start));
    }

    @Test
    void embedsTheReportSoThatNoStringEndsTheScript() {
        String json = "{\"trace\":{\"program\":\"/tmp/</script><script>alert(1)</script>\",\"argv\":[\"<!--\",\"<script>\","
                + "\"</SCRIPT>\",\"@@SANDTRACE_REPORT_JSON@@\",\"\u00e9\u2028\"]}}";
        String page = HtmlReport.render(json);
        String data = embedded(page);
        assertThat(data).doesNotContain("</", "<!--");
        assertThat(Json.parse(data)).isEqualTo(Json.parse(json));
        // the placeholder is filled once: a report that contains it stays as it is
        assertThat(page).doesNotStartWith(json).contains("alert(1)");
        assertThat(page.split(Pattern.quote(HtmlReport.PLACEHOLDER), -1)).hasSize(2);
        // </SCRIPT> in any case also ends a script; only "</" had to change for that
        assertThat(data).contains("<\\/SCRIPT>");
    }

    @Test
    void writesUtf8() throws Exception {
        Path out = tmp.resolve("r.html");
        HtmlReport.write("{\"trace\":{\"program\":\"/tmp/\u00fcber \u6587\u4ef6\"}}", out);
        String page = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">", "/tmp/\u00fcber \u6587\u4ef6");
    }

    @Test
    void thePageCanFetchNothing() {
        String page = HtmlReport.render("{}");
        assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        // the only URL in the page is the SVG namespace, an identifier that is never fetched
        var urls = Pattern.compile("(?i)\\b(?:https?|ftp|wss?):").matcher(page).results()
                .map(m -> page.substring(m.start(), Math.min(page.length(), m.start() + 26))).toList();
        assertThat(urls).containsOnly("http://www.w3.org/2000/svg");
        assertThat(Pattern.compile("(?i)\\b(?:src|href|action|srcset|poster|data)\\s*=\\s*[\"']?\\s*(?!#)[^\\s\"'>]*//").matcher(page).find())
                .as("a src/href to another document").isFalse();
        for (String s : List.of("url(", "@import", "<link", "<iframe", "<object", "<embed", "fetch(", "XMLHttpRequest", "WebSocket",
                "EventSource", "sendBeacon", "import(", "<base")) {
            assertThat(page).as(s).doesNotContainIgnoringCase(s);
        }
    }

    @Test
    void rejectsWhatIsNotOneJsonObject() {
        assertThatThrownBy(() -> HtmlReport.render("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the report is not a JSON object");
        assertThatThrownBy(() -> HtmlReport.render("{\"a\":1} {}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the report has content after its JSON object");
        assertThatThrownBy(() -> HtmlReport.render("{\"a\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the report is not valid JSON: ");
        assertThatThrownBy(() -> HtmlReport.render("")).isInstanceOf(IllegalArgumentException.class);
    }
}

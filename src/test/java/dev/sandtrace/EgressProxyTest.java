package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sandtrace.testutil.Sandtrace;
import dev.sandtrace.testutil.Trace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Egress by host name (issue 12): the sample keeps a network namespace with only loopback and
 * reaches the hosts of --allow-host through sandtrace's proxy, which refuses every other host.
 * Everything on loopback: a host-side HTTP server on 127.0.0.2 (allowed) is also asked for as
 * 127.0.0.3 (not allowed); real clients (curl, Python's urllib, npm) find the proxy in the
 * environment. A client that ignores the proxy has no route, and gets through with --trace-only.
 */
class EgressProxyTest {
    private static final int ROOT = -1;
    private static final String ALLOWED = "127.0.0.2", OTHER = "127.0.0.3";
    private HttpServer server;
    private int port;
    private Path work;

    @BeforeEach
    void setUp() throws IOException {
        work = Sandtrace.sharedTempDir("sandtrace-proxy");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 50);
        server.createContext("/hello", x -> {
            byte[] body = "hello from the host\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.createContext("/dep-1.0.0.tgz", x -> {
            byte[] body = Files.readAllBytes(work.resolve("dep-1.0.0.tgz"));
            x.getResponseHeaders().add("Content-Type", "application/octet-stream");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void tearDown() throws IOException {
        server.stop(0);
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Sandtrace.Result run(int uid, Path trace, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--chdir", "/", "--allow-host", ALLOWED, "-o", trace.toString(), "--"));
        args.addAll(List.of(command));
        return Sandtrace.run(uid, work, Duration.ofSeconds(120), Map.of("HOME", work.resolve("home").toString()),
                args.toArray(String[]::new));
    }

    private static boolean installed(String program) {
        return Stream.of("/usr/bin", "/usr/local/bin", "/bin").anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private String url(String host) {
        return "http://" + host + ":" + port + "/hello";
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void curlAndPythonReachAnAllowedHostAndNoOther(int uid) {
        assumeTrue(uid >= 0 || Sandtrace.isRoot(), "needs root");
        assumeTrue(installed("curl") && installed("python3"), "curl and python3");
        Path trace = work.resolve("trace-" + uid + ".jsonl");
        var r = run(uid, trace, "/bin/sh", "-c",
                "curl -sS " + url(ALLOWED) + "; curl -sS -p " + url(ALLOWED) + "; curl -sS " + url(OTHER)
                        + "; python3 -c 'import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode().strip())' "
                        + url(ALLOWED) + "; curl -sS --socks5-hostname 127.0.0.1:3128 " + url(ALLOWED));
        assertThat(r.stdout()).as(r.stderr()).containsSubsequence("hello from the host", "hello from the host",
                OTHER + " is not in allow_hosts", "hello from the host", "hello from the host");
        assertThat(r.stderr()).contains("DENIED by egress proxy: HTTP " + OTHER + ":" + port);

        List<Map<String, Object>> network = Trace.read(trace).ofType("network");
        assertThat(network).extracting(e -> e.get("protocol") + " " + e.get("host") + " " + e.get("verdict"))
                .containsExactly("http " + ALLOWED + " allowed", "connect " + ALLOWED + " allowed", "http " + OTHER + " denied",
                        "http " + ALLOWED + " allowed", "socks5 " + ALLOWED + " allowed");
        for (Map<String, Object> e : network) {
            assertThat(Trace.num(e, "port")).isEqualTo(port);
            if (e.get("verdict").equals("allowed")) {
                assertThat(e.get("address")).isEqualTo(ALLOWED);
                assertThat(Trace.num(e, "bytes_down")).isGreaterThan(20);
                assertThat(Trace.num(e, "bytes_up")).isGreaterThan(20);
            } else {
                assertThat(e.get("address")).isNull();
                assertThat(Trace.num(e, "bytes_up")).isZero();
            }
        }
        Map<String, Object> header = Trace.read(trace).first();
        assertThat(header.get("env").toString()).contains("HTTPS_PROXY", "https_proxy", "NO_PROXY");
        assertThat(header.get("layers").toString()).contains("network namespace (egress proxy on 127.0.0.1:3128)");
        var lines = dev.sandtrace.testutil.SchemaValidator.fromResource(dev.sandtrace.testutil.SchemaValidator.TRACE_SCHEMA);
        for (Map<String, Object> e : Trace.read(trace).events()) assertThat(lines.validate(e)).as("%s", e).isEmpty();
        reportNamesTheHosts(trace);
    }

    /** The report's network rows and indicators by host name, schema-valid. */
    private void reportNamesTheHosts(Path trace) {
        try {
            Path json = work.resolve("report-" + System.nanoTime() + ".json");
            var r = Sandtrace.run("report", "--json", json.toString(), trace.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            Object doc = dev.sandtrace.testutil.Json.parse(Files.readString(json));
            assertThat(dev.sandtrace.testutil.SchemaValidator.fromResource("/dev/sandtrace/report.schema.json").validate(doc)).isEmpty();
            @SuppressWarnings("unchecked") Map<String, Object> report = (Map<String, Object>) doc;
            assertThat(report.get("network").toString()).contains("syscall=proxy", "address=" + OTHER, "denied_by=egress proxy",
                    "endpoint=" + ALLOWED + ":" + port);
            assertThat(report.get("indicators").toString()).contains("refused connection to " + OTHER + ":" + port);
            assertThat(r.stdout()).contains(OTHER);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void aProgramThatIgnoresTheProxyHasNoRoute(int uid) {
        assumeTrue(uid >= 0 || Sandtrace.isRoot(), "needs root");
        assumeTrue(installed("curl"), "curl");
        String direct = "curl -sS --noproxy '*' --max-time 10 " + url(ALLOWED) + "; echo exit=$?";
        var r = run(uid, work.resolve("direct.jsonl"), "/bin/sh", "-c", direct);
        assertThat(r.stdout()).as(r.stderr()).doesNotContain("hello from the host").contains("exit=7");
        var traced = Sandtrace.run(uid, work, Duration.ofSeconds(60), "run", "--trace-only", "--", "/bin/sh", "-c", direct);
        assertThat(traced.stdout()).contains("hello from the host");
        // and the host the proxy refuses is there too, without the sandbox
        var other = Sandtrace.run(uid, work, Duration.ofSeconds(60), "run", "--trace-only", "--", "curl", "-sS", url(OTHER));
        assertThat(other.stdout()).contains("hello from the host");
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void npmInstallsATarballFromAnAllowedHost(int uid) throws Exception {
        assumeTrue(uid >= 0 || Sandtrace.isRoot(), "needs root");
        assumeTrue(installed("npm"), "npm");
        Path src = Files.createDirectories(work.resolve("dep/package"));
        Files.writeString(src.resolve("package.json"), "{\"name\":\"dep\",\"version\":\"1.0.0\"}\n");
        Files.writeString(src.resolve("index.js"), "module.exports = 'dep loaded';\n");
        Process tar = new ProcessBuilder("tar", "czf", work.resolve("dep-1.0.0.tgz").toString(), "-C", src.getParent().toString(), "package")
                .start();
        assertThat(tar.waitFor()).isZero();
        Path project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("package.json"), "{\"name\":\"proj\",\"version\":\"1.0.0\",\"dependencies\":{\"dep\":\"http://"
                + ALLOWED + ":" + port + "/dep-1.0.0.tgz\"}}\n");
        if (uid >= 0) {
            for (Path p : List.of(work.resolve("project"), work)) Files.setAttribute(p, "unix:uid", uid);
        }
        Path trace = work.resolve("npm.jsonl");
        var r = Sandtrace.run(uid, project, Duration.ofSeconds(180), Map.of("HOME", work.resolve("home").toString()),
                "run", "--policy", "npm-install", "--allow-host", ALLOWED, "-o", trace.toString(), "--",
                "npm", "install", "--no-audit", "--no-fund", "--no-update-notifier");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(project.resolve("node_modules/dep/index.js")).exists();
        assertThat(Trace.read(trace).ofType("network")).anyMatch(e -> ALLOWED.equals(e.get("host")) && "allowed".equals(e.get("verdict")));
    }

    /** learn --allow-host '*' watches every host by name and writes the ones reached; the replay under it works. */
    @Test
    void learnWritesTheHostsTheRunReachedByName() throws IOException {
        assumeTrue(installed("curl"), "curl");
        Path learned = work.resolve("learned.toml");
        var r = Sandtrace.run(-1, work, Duration.ofSeconds(120), Map.of("HOME", work.resolve("home").toString()),
                "learn", "--allow-host", "*", "-o", learned.toString(), "--", "/bin/sh", "-c", "cd / && curl -sS " + url(ALLOWED));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        String policy = Files.readString(learned);
        assertThat(policy).contains("allow = false").contains("allow_hosts = [\"" + ALLOWED + ":" + port + "\"]");
        assertThat(r.stdout()).contains("hello from the host");
    }

    @Test
    void allowHostAndAllowNetTogetherIsAUsageError() {
        var r = Sandtrace.run("run", "--allow-net", "--allow-host", "example.org", "--", "/bin/true");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--allow-host").contains("--allow-net");
        var bad = Sandtrace.run("run", "--allow-host", "https://example.org", "--", "/bin/true");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--allow-host");
    }
}

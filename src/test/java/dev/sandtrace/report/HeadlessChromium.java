package dev.sandtrace.report;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium run headless on a local file, with every way out to the network closed: no
 * name resolves, every request would go to a proxy on the discard port, and the background
 * services (updates, sync, safe browsing) are off. Each run gets its own profile and HOME, so it
 * works as root (which needs --no-sandbox) and as a user whose HOME is not writable.
 */
final class HeadlessChromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;
    private final List<String> prefix;

    private HeadlessChromium(Path binary, List<String> prefix) {
        this.binary = binary;
        this.prefix = prefix;
    }

    /** The installed chromium; fails with what to install, or skips under SANDTRACE_SKIP_BROWSER=1. */
    static HeadlessChromium require() {
        for (String c : CANDIDATES) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return new HeadlessChromium(p, List.of());
        }
        assumeTrue(!"1".equals(System.getenv("SANDTRACE_SKIP_BROWSER")),
                "SANDTRACE_SKIP_BROWSER=1 and no chromium: the HTML report is not tested in a browser");
        return fail("the HTML report tests need Debian's chromium: apt-get install -y chromium"
                + " (.ci/run installs it), or set SANDTRACE_SKIP_BROWSER=1 to skip them");
    }

    /** The same browser started through {@code command} first (e.g. setpriv to another uid). */
    HeadlessChromium via(List<String> command) {
        return new HeadlessChromium(binary, command);
    }

    /** The DOM after the page's scripts ran, as Chromium serialises it. */
    String dumpDom(Path page, String fragment, Path workDir) throws IOException, InterruptedException {
        return run(workDir, List.of("--dump-dom", page.toUri() + fragment));
    }

    /** A PNG of the first width x height pixels of the page. */
    void screenshot(Path page, Path png, int width, int height, Path workDir) throws IOException, InterruptedException {
        run(workDir, List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString()));
        if (!Files.isRegularFile(png)) fail("chromium wrote no screenshot to " + png);
    }

    private String run(Path workDir, List<String> args) throws IOException, InterruptedException {
        Path home = Files.createDirectories(workDir.resolve("home"));
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        Path stdout = workDir.resolve("chromium.out");
        Path stderr = workDir.resolve("chromium.err");
        var cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"));
        cmd.addAll(args);
        var pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + tail(stderr));
        }
        if (p.exitValue() != 0) fail("chromium exited with " + p.exitValue() + ": " + tail(stderr));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "(no output)";
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 3000 ? "..." + s.substring(s.length() - 3000) : s;
    }
}

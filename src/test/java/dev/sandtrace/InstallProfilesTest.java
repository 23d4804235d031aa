package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The npm-install and pip-install profiles end to end (issue 11): a real {@code npm install} and
 * a real {@code pip install} into a project directory, for a root caller (whose home is /root,
 * private inside) and for uid 65534 with an empty home. Offline: the packages are local files,
 * built here, so the tests need no registry. The package's install script tries what a hostile
 * one would: plant a git hook in the project and a package in the caller's npm cache.
 */
class InstallProfilesTest {
    private static final int ROOT = -1;
    private Path work;

    @BeforeEach
    void setUp() {
        work = Sandtrace.sharedTempDir("sandtrace-install");
    }

    @AfterEach
    void tearDown() throws IOException {
        delete(work);
    }

    /** A project directory with a git repository in it. */
    private Path project() throws IOException {
        Path project = work.resolve("project");
        Files.createDirectories(project.resolve(".git/hooks"));
        Files.writeString(project.resolve(".git/config"), "[core]\n");
        return project;
    }

    private Map<String, String> home(int uid) throws IOException {
        if (uid == ROOT) return Map.of();
        return Map.of("HOME", Files.createDirectories(work.resolve("home")).toString());
    }

    private static void chownAll(Path dir, int uid) throws IOException {
        if (uid == ROOT) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean found(String program) {
        return Stream.of("/usr/bin", "/usr/local/bin", "/bin").anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void npmInstallRunsAndItsScriptCannotPlantAnythingTheHostRuns(int uid) throws Exception {
        assumeTrue(found("npm") && found("node"), "npm is not installed");
        assumeTrue(uid != ROOT || Sandtrace.isRoot(), "needs root");
        Path project = project();
        Files.writeString(project.resolve("package.json"),
                "{\"name\":\"proj\",\"version\":\"1.0.0\",\"dependencies\":{\"dep\":\"file:dep-1.0.0.tgz\"}}\n");
        npmPackage(project.resolve("dep-1.0.0.tgz"));
        Map<String, String> env = home(uid);
        chownAll(work, uid);
        Path hostHome = Path.of(env.getOrDefault("HOME", "/root"));
        boolean hadNpx = Files.exists(hostHome.resolve(".npm/_npx"));

        var r = Sandtrace.run(uid, project, Duration.ofSeconds(240), env, "run", "--policy", "npm-install", "--",
                "npm", "install", "--offline", "--no-audit", "--no-fund", "--no-update-notifier", "--foreground-scripts");

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(project.resolve("node_modules/dep/index.js")).exists();
        assertThat(project.resolve("package-lock.json")).exists();
        assertThat(project.resolve("postinstall-ran")).hasContent("yes");
        assertThat(r.stdout()).contains("REFUSED " + project.resolve(".git/hooks/post-checkout") + " EROFS");
        assertThat(project.resolve(".git/hooks/post-checkout")).doesNotExist();
        // the script wrote ~/.npm/_npx/planted inside: the private home, gone with the run
        assertThat(r.stdout()).contains("PLANTED " + hostHome.resolve(".npm/_npx/planted"));
        assertThat(hostHome.resolve(".npm/_npx/planted")).doesNotExist();
        assertThat(Files.exists(hostHome.resolve(".npm/_npx"))).isEqualTo(hadNpx);
        if (uid != ROOT) assertThat(hostHome.toFile().list()).as("the empty home stays empty").isEmpty();

        // without the sandbox the same script plants both (in a scratch home, not the caller's)
        Path scratchHome = Files.createDirectories(work.resolve("scratch-home"));
        chownAll(work, uid);
        delete(project.resolve("node_modules"));
        var traced = Sandtrace.run(uid, project, Duration.ofSeconds(240), Map.of("HOME", scratchHome.toString()), "run", "--trace-only", "--",
                "npm", "install", "--offline", "--no-audit", "--no-fund", "--no-update-notifier", "--foreground-scripts");
        assertThat(traced.exitCode()).as(traced.stdout() + traced.stderr()).isZero();
        assertThat(project.resolve(".git/hooks/post-checkout")).exists();
        assertThat(scratchHome.resolve(".npm/_npx/planted")).exists();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A package tarball as npm pack makes it, whose postinstall script tries to plant files. */
    private static void npmPackage(Path tgz) throws IOException, InterruptedException {
        Path src = Files.createDirectories(tgz.getParent().getParent().resolve("dep/package"));
        Files.writeString(src.resolve("package.json"),
                "{\"name\":\"dep\",\"version\":\"1.0.0\",\"scripts\":{\"postinstall\":\"node install.js\"}}\n");
        Files.writeString(src.resolve("index.js"), "module.exports = 'dep loaded';\n");
        Files.writeString(src.resolve("install.js"), """
                const fs = require('fs'), path = require('path'), os = require('os');
                const project = process.env.INIT_CWD;
                fs.writeFileSync(path.join(project, 'postinstall-ran'), 'yes');
                for (const target of [path.join(project, '.git', 'hooks', 'post-checkout'),
                                      path.join(os.homedir(), '.npm', '_npx', 'planted')]) {
                  try {
                    fs.mkdirSync(path.dirname(target), {recursive: true});
                    fs.writeFileSync(target, '#!/bin/sh\\necho planted\\n', {mode: 0o755});
                    console.log('PLANTED ' + target);
                  } catch (e) {
                    console.log('REFUSED ' + target + ' ' + e.code);
                  }
                }
                """);
        Process tar = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", src.getParent().toString(), "package")
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(out).isZero();
    }

    @ParameterizedTest(name = "as uid {0}")
    @ValueSource(ints = {ROOT, Sandtrace.NOBODY})
    void pipInstallsIntoAVirtualEnvironmentInTheProject(int uid) throws Exception {
        assumeTrue(found("python3"), "python3 is not installed");
        assumeTrue(uid != ROOT || Sandtrace.isRoot(), "needs root");
        Path project = project();
        wheel(project.resolve("hello-1.0-py3-none-any.whl"));
        Map<String, String> env = home(uid);
        chownAll(work, uid);
        Path hostHome = Path.of(env.getOrDefault("HOME", "/root"));
        boolean hadPipCache = Files.exists(hostHome.resolve(".cache/pip"));

        var r = Sandtrace.run(uid, project, Duration.ofSeconds(240), env, "run", "--policy", "pip-install", "--", "/bin/sh", "-c",
                "python3 -m venv .venv && .venv/bin/pip install --no-index hello-1.0-py3-none-any.whl"
                        + " && .venv/bin/python -c 'import hello; print(hello.GREETING)'");

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("Successfully installed hello-1.0").contains("hello from the wheel");
        try (Stream<Path> installed = Files.walk(project.resolve(".venv/lib"))) {
            assertThat(installed.map(Path::toString)).anyMatch(p -> p.endsWith("site-packages/hello/__init__.py"));
        }
        assertThat(Files.exists(hostHome.resolve(".cache/pip"))).as("pip's cache is private to the run").isEqualTo(hadPipCache);
        if (uid != ROOT) assertThat(hostHome.toFile().list()).as("the empty home stays empty").isEmpty();
    }

    /** A pure-Python wheel, as a build backend would write it. */
    private static void wheel(Path whl) throws IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("hello/__init__.py", "GREETING = 'hello from the wheel'\n");
        files.put("hello-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: hello\nVersion: 1.0\n");
        files.put("hello-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: sandtrace-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        files.put("hello-1.0.dist-info/RECORD", String.join("", files.keySet().stream().map(f -> f + ",,\n").toList())
                + "hello-1.0.dist-info/RECORD,,\n");
        try (OutputStream out = Files.newOutputStream(whl); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}

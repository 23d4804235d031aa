package dev.sandtrace.report;

import static dev.sandtrace.report.ReportAssertions.reportOf;
import static dev.sandtrace.report.ReportAssertions.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandtrace.testutil.Sandtrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary programs must not look malicious: nothing above info. */
class BenignReportTest {
    @TempDir
    Path dir;

    private Report run(String... program) throws Exception {
        Path trace = dir.resolve("t.jsonl");
        List<String> cmd = new ArrayList<>(List.of("run", "--trace-only", "-o", trace.toString(), "--"));
        cmd.addAll(List.of(program));
        var result = Sandtrace.run(-1, dir, Duration.ofSeconds(120), Map.of(), cmd.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Report r = reportOf(trace);
        assertThat(summary(r)).allSatisfy(line -> assertThat(line).startsWith("info "));
        return r;
    }

    @Test
    void ls() throws Exception {
        Report r = run("ls", "-la", "/etc", "/tmp");
        assertThat(r.files().get("read")).anySatisfy(d -> assertThat(d.directory()).isEqualTo("/etc"));
        assertThat(r.processes()).singleElement().satisfies(p -> assertThat(p.command()).endsWith("/ls"));
    }

    @Test
    void compilingATinyProgram() throws Exception {
        Files.writeString(dir.resolve("hello.c"), "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        Report r = run("gcc", "-O1", "-o", "hello", "hello.c");
        assertThat(r.processes().size()).isGreaterThanOrEqualTo(3); // gcc, cc1, as, collect2, ld
        assertThat(r.files().get("created")).anySatisfy(d -> assertThat(d.files())
                .anySatisfy(f -> assertThat(f.path()).isEqualTo(dir.resolve("hello").toString())));
    }

    /** A make-like test run: compile, run what was built, compare outputs, clean up. */
    @Test
    void aShellDrivenTestSuite() throws Exception {
        Files.writeString(dir.resolve("add.c"), "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 2 + 2); return 0; }\n");
        Report r = run("sh", "-c", "set -e; mkdir -p build; cc -o build/add add.c; ./build/add > build/out.txt;"
                + " echo 4 > build/want.txt; cmp build/out.txt build/want.txt; grep -q 4 build/out.txt;"
                + " ls build | wc -l; sh -c 'echo nested shell'; rm -r build");
        assertThat(r.processes().size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void pythonUnittest() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3 on this machine");
        Files.writeString(dir.resolve("test_math.py"), "import unittest, subprocess\n"
                + "class T(unittest.TestCase):\n"
                + "    def test_add(self):\n        self.assertEqual(2 + 2, 4)\n"
                + "    def test_tmpfile(self):\n        import tempfile\n"
                + "        with tempfile.NamedTemporaryFile() as f:\n            f.write(b'x')\n");
        run("/usr/bin/python3", "-m", "unittest", "-q", "test_math");
    }
}

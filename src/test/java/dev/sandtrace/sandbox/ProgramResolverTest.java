package dev.sandtrace.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramResolverTest {
    @TempDir
    Path tmp;

    @Test
    void looksUpNamesOnPathInOrderAndSkipsNonExecutables() throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Files.writeString(a.resolve("tool"), "");
        Path real = exec(b.resolve("tool"));
        assertThat(ProgramResolver.resolve("tool", a + ":" + b, tmp)).isEqualTo(real);
    }

    @Test
    void notFoundIs127AndNotExecutableIs126() throws IOException {
        assertThatThrownBy(() -> ProgramResolver.resolve("nope", tmp.toString(), tmp))
                .isInstanceOfSatisfying(ProgramResolver.NotRunnable.class, e -> assertThat(e.exitCode).isEqualTo(127));
        Files.writeString(tmp.resolve("data"), "");
        assertThatThrownBy(() -> ProgramResolver.resolve("data", tmp.toString(), tmp))
                .isInstanceOfSatisfying(ProgramResolver.NotRunnable.class, e -> assertThat(e.exitCode).isEqualTo(126));
        assertThatThrownBy(() -> ProgramResolver.resolve("./data", "", tmp))
                .isInstanceOfSatisfying(ProgramResolver.NotRunnable.class, e -> assertThat(e.exitCode).isEqualTo(126));
        assertThatThrownBy(() -> ProgramResolver.resolve("./missing", "", tmp))
                .isInstanceOfSatisfying(ProgramResolver.NotRunnable.class, e -> assertThat(e.exitCode).isEqualTo(127));
    }

    @Test
    void aNameWithASlashIsAPathRelativeToTheWorkingDirectory() throws Exception {
        Path tool = exec(tmp.resolve("tool"));
        assertThat(ProgramResolver.resolve("./tool", "/nonexistent", tmp)).isEqualTo(tmp.resolve("./tool"));
        assertThat(ProgramResolver.resolve(tool.toString(), "", Path.of("/"))).isEqualTo(tool);
    }

    private static Path exec(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}

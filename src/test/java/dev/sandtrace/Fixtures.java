package dev.sandtrace;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Compiles the C test programs in {@code src/test/c} into {@code target/fixtures}.
 *
 * <p>Paths are relative to the Maven project basedir, which is surefire's working directory.
 * A fixture is rebuilt only when its binary is missing or older than its source. Output files
 * are made mode 755 because tests also run them as an unprivileged uid (65534).
 */
public final class Fixtures {

    private static final Set<PosixFilePermission> MODE_755 = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final long GCC_TIMEOUT_SECONDS = 120;

    private Fixtures() {}

    /** A copy of fixture {@code name} in {@code dir} that every uid can execute, wherever the checkout lives. */
    public static Path copyInto(Path dir, String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.copy(compile(name), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, MODE_755);
        return copy;
    }

    /** Returns the absolute path of the compiled fixture {@code name}, compiling it first if needed. */
    public static synchronized Path compile(String name) {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("bad fixture name: " + name);
        }
        Path base = Path.of("").toAbsolutePath();
        Path source = base.resolve("src/test/c/" + name + ".c");
        Path outDir = base.resolve("target/fixtures");
        Path binary = outDir.resolve(name);
        try {
            if (!Files.isRegularFile(source)) {
                throw new AssertionError("fixture source not found: " + source);
            }
            if (Files.isRegularFile(binary)
                    && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
                return binary;
            }
            boolean createdTarget = !Files.exists(outDir.getParent());
            Files.createDirectories(outDir);
            if (createdTarget) { // it must be traversable by uid 65534 too, whatever our umask
                Files.setPosixFilePermissions(outDir.getParent(), MODE_755);
            }
            Files.setPosixFilePermissions(outDir, MODE_755);

            // Build into a unique temporary name and rename it into place, so that several surefire
            // JVMs compiling the same fixture at once never expose (or execute) a half-written binary.
            Path tmp = outDir.resolve(name + ".tmp-" + ProcessHandle.current().pid());
            List<String> cmd = List.of("gcc", "-O1", "-Wall", "-Werror", "-pthread",
                    "-o", base.relativize(tmp).toString(), base.relativize(source).toString());
            Process gcc;
            try {
                gcc = new ProcessBuilder(cmd)
                        .directory(base.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new AssertionError("cannot run gcc to build fixture " + name + ": " + e, e);
            }
            String stderr = new String(gcc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(GCC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                Files.deleteIfExists(tmp);
                throw new AssertionError("gcc timed out building fixture " + name + "\n" + stderr);
            }
            if (gcc.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                throw new AssertionError("gcc failed (exit " + gcc.exitValue() + ") building fixture "
                        + name + ": " + String.join(" ", cmd) + "\n" + stderr);
            }
            Files.setPosixFilePermissions(tmp, MODE_755);
            try {
                Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, binary, StandardCopyOption.REPLACE_EXISTING);
            }
            return binary;
        } catch (IOException e) {
            throw new AssertionError("cannot build fixture " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building fixture " + name, e);
        }
    }
}

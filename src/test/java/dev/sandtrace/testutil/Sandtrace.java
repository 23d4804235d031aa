package dev.sandtrace.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs sandtrace as a real separate process (the JDK running the tests, the test classpath),
 * optionally as an unprivileged uid through setpriv(1), and captures what the host sees:
 * exit code, stdout, stderr.
 */
public final class Sandtrace {
    public static final int NOBODY = 65534;

    public record Result(int exitCode, String stdout, String stderr, Duration elapsed) {}

    private static Path unprivilegedClasspath;

    private Sandtrace() {}

    public static Result run(String... args) {
        return run(-1, null, Duration.ofSeconds(60), args);
    }

    public static Result runAs(int uid, String... args) {
        return run(uid, null, Duration.ofSeconds(60), args);
    }

    /** Starts sandtrace without waiting; the caller owns the process. */
    public static Process start(int uid, Path workDir, String... args) {
        return start(uid, workDir, java.util.Map.of(), args);
    }

    public static Process start(int uid, Path workDir, java.util.Map<String, String> env, String... args) {
        List<String> cmd = command(uid, args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workDir != null) pb.directory(workDir.toFile());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result run(int uid, Path workDir, Duration limit, String... args) {
        return run(uid, workDir, limit, java.util.Map.of(), args);
    }

    public static Result run(int uid, Path workDir, Duration limit, java.util.Map<String, String> env, String... args) {
        long t0 = System.nanoTime();
        Process p = start(uid, workDir, env, args);
        try {
            p.getOutputStream().close();
            // both pipes are drained at once (a full stderr pipe must not block sandtrace while we read
            // stdout), and the limit holds even if sandtrace hangs with its pipes open
            var err = drain(p.getErrorStream());
            var out = drain(p.getInputStream());
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("sandtrace did not finish within " + limit + ": " + String.join(" ", args));
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static java.util.concurrent.CompletableFuture<byte[]> drain(java.io.InputStream in) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofPlatform().daemon().start(r));
    }

    private static List<String> command(int uid, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>();
        String classpath = System.getProperty("java.class.path");
        if (uid >= 0) {
            cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
            classpath = unprivilegedClasspath(classpath);
        }
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", classpath, "dev.sandtrace.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The JDK running the tests and a classpath every uid can read: enough to start sandtrace anywhere. */
    public static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp",
                unprivilegedClasspath(System.getProperty("java.class.path")), "dev.sandtrace.cli.Main");
    }

    /** The directory holding {@link #javaCommand()}'s classpath copy. */
    public static Path classpathDir() {
        javaCommand();
        return unprivilegedClasspath;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A world-readable copy of the classpath: the Maven repository under /root is not readable by others. */
    private static synchronized String unprivilegedClasspath(String classpath) {
        try {
            if (unprivilegedClasspath == null) {
                Path dir = Files.createTempDirectory("sandtrace-cp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                int i = 0;
                for (String entry : classpath.split(java.io.File.pathSeparator)) {
                    Path src = Path.of(entry);
                    if (!Files.exists(src)) continue;
                    Path dst = dir.resolve((i++) + "-" + src.getFileName());
                    copy(src, dst);
                }
                unprivilegedClasspath = dir;
            }
            try (Stream<Path> s = Files.list(unprivilegedClasspath)) {
                return String.join(java.io.File.pathSeparator, s.sorted().map(Path::toString).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        } else {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** A temp directory every uid may write to (for traces written by the unprivileged runs). */
    public static Path sharedTempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.sandtrace.cli;

/**
 * Start-up is dominated by one-time work: generating the FFM downcall stubs, initialising the
 * syscall tables and the JSON factory. None of it depends on the command line, so a second
 * thread does it while picocli parses on the main thread (these machines have two cores).
 */
final class Warmup {
    private Warmup() {}

    static void start() {
        Thread.ofPlatform().daemon().name("sandtrace-warmup").start(() -> {
            try {
                dev.sandtrace.linux.Libc.getpid();
                dev.sandtrace.tracer.Tracer.warmUp();
                dev.sandtrace.output.JsonlWriter.warmUp();
            } catch (RuntimeException | LinkageError ignored) {
                // the real use reports any problem
            }
        });
    }
}

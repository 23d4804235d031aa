package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;

/** Shows a successful return value the way strace does for that syscall ({@code 0x1 (flags FD_CLOEXEC)}, {@code 022}). */
interface ReturnDecoder {
    /** null: show the number. */
    Arg decode(Decoder d, int pid, long[] raw, long ret);
}

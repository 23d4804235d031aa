package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;

/**
 * Decodes one argument that a plain {@link ArgType} cannot: a struct, a value written by the
 * kernel, an argument whose meaning depends on another (fcntl's third, ioctl's third). A
 * signature names it in place of a type ({@code "statbuf:stat"}).
 */
interface ArgDecoder {
    /** At syscall entry, while input memory is still there; null to decode at exit instead. */
    Arg entry(Decoder d, int pid, long value, long[] raw);

    /**
     * At syscall exit, with what {@link #entry} returned. The default keeps the entry value;
     * an argument left for exit shows as its address when the call failed, as strace does.
     */
    default Arg exit(Decoder d, int pid, long value, long[] raw, long ret, boolean error, Arg atEntry) {
        return atEntry != null ? atEntry : Decoder.pointer(value);
    }

    /** Decoding at entry only: input structs. */
    interface In {
        Arg decode(Decoder d, int pid, long value, long[] raw);
    }

    /** Decoding at exit after a success: output structs; failed calls show the address. */
    interface Out {
        Arg decode(Decoder d, int pid, long value, long[] raw, long ret);
    }

    static ArgDecoder in(In in) {
        return (d, pid, value, raw) -> value == 0 ? Decoder.pointer(0) : in.decode(d, pid, value, raw);
    }

    static ArgDecoder out(Out out) {
        return new ArgDecoder() {
            @Override
            public Arg entry(Decoder d, int pid, long value, long[] raw) {
                return value == 0 ? Decoder.pointer(0) : null;
            }

            @Override
            public Arg exit(Decoder d, int pid, long value, long[] raw, long ret, boolean error, Arg atEntry) {
                if (atEntry != null) return atEntry;
                return error ? Decoder.pointer(value) : out.decode(d, pid, value, raw, ret);
            }
        };
    }
}

package dev.sandtrace.event;

import java.util.List;
import java.util.Map;

/**
 * One decoded syscall argument. Each kind renders itself the way strace prints it and is
 * written to JSON as a typed value (number, string, array, object).
 */
public sealed interface Arg {
    /** A signed decimal number. */
    record Num(long value) implements Arg {}

    /** An unsigned number in hex, e.g. a pointer or an unknown flag word; 0 renders as NULL when {@code pointer}. */
    record Hex(long value, boolean pointer) implements Arg {}

    /** A number in octal, such as a file mode (0644). */
    record Octal(long value) implements Arg {}

    /** A symbolic value: flag set, enum name, AT_FDCWD. {@code value} is the raw number. */
    record Sym(String text, long value) implements Arg {}

    /**
     * A byte string read from the tracee. {@code truncated}: more bytes existed than were kept.
     * {@code unreadable}: the address could not be read (rendered as the pointer).
     */
    record Str(byte[] bytes, boolean truncated, long address, boolean unreadable) implements Arg {}

    /** An array such as argv; {@code more} counts the elements left out. */
    record Array(List<Arg> items, int more) implements Arg {}

    /**
     * A struct rendered as {@code {field=value, ...}}, fields in order; {@code more}: fields were
     * left out (strace's abbreviated {@code , ...}).
     */
    record Struct(Map<String, Arg> fields, boolean more) implements Arg {
        public Struct(Map<String, Arg> fields) {
            this(fields, false);
        }
    }

    /** A number shown as strace writes it ({@code 8192*1024}, {@code makedev(0x8, 0x1)}), a plain number in JSON. */
    record Expr(String text, long value) implements Arg {}

    /** An argument strace prints with its name ({@code child_stack=NULL} in clone); JSON has only the value. */
    record Named(String name, Arg value) implements Arg {}

    /** A file descriptor with what it refers to (strace -y): {@code 3</etc/passwd>}; path null when unknown. */
    record Fd(int fd, String path) implements Arg {}

    /** A value followed by strace's explanatory comment ({@code {tv_sec=1, tv_nsec=0} /* 1970-01-01T00:00:01+0000 *\/}); JSON has only the value. */
    record Commented(Arg value, String comment) implements Arg {}

    /** envp and similar: only the count is kept ({@code 0x7ffd... /* 20 vars *\/}). */
    record Count(long address, int count, String noun) implements Arg {}
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.linux.Arch;
import dev.sandtrace.linux.TraceeMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decoder v1: turns raw syscall arguments into {@link Arg}s. Input arguments are read at
 * syscall entry (after an execve the old memory is gone), output arguments at exit.
 */
public final class Decoder {
    private static final int PATH_MAX = 4096;
    private static final int MAX_ARGV = 256;
    private static final int AT_FDCWD = -100;

    private final Arch arch;
    private final TraceeMemory memory;
    private final int stringLimit;
    private final Signatures.Signature[] table;

    /** Syscalls whose return value is a new file descriptor. */
    static final java.util.Set<String> FD_RETURNING = java.util.Set.of("open", "openat", "openat2", "creat", "dup", "dup2",
            "dup3", "socket", "accept", "accept4", "epoll_create", "epoll_create1", "eventfd", "eventfd2", "memfd_create",
            "signalfd", "signalfd4", "timerfd_create", "inotify_init", "inotify_init1", "pidfd_open", "fanotify_init",
            "userfaultfd", "perf_event_open", "open_by_handle_at", "open_tree", "fsopen", "fsmount", "fspick");

    /** 0: numbers only; 1: paths (strace -y); 2: socket endpoints too (-yy). */
    private final int fdDetail;

    public Decoder(Arch arch, TraceeMemory memory, int stringLimit) {
        this(arch, memory, stringLimit, 0);
    }

    /** {@code fdDetail}: show what each descriptor refers to (1: strace -y, 2: -yy), read from /proc/PID/fd. */
    public Decoder(Arch arch, TraceeMemory memory, int stringLimit, int fdDetail) {
        this.fdDetail = fdDetail;
        this.arch = arch;
        this.memory = memory;
        this.stringLimit = stringLimit;
        this.table = Signatures.table(arch);
    }

    Signatures.Signature signature(int nr) {
        return nr >= 0 && nr < table.length ? table[nr] : null;
    }

    private final java.util.Map<Integer, java.util.Optional<Signatures.Signature>> i386 = new java.util.HashMap<>();

    /** The signature of i386 syscall {@code nr} (int $0x80), built on first use: they are rare. */
    Signatures.Signature i386Signature(int nr) {
        return i386.computeIfAbsent(nr, n -> java.util.Optional.ofNullable(
                Signatures.compat(dev.sandtrace.linux.X8664.i386SyscallName(n)))).orElse(null);
    }

    /**
     * A count the tracee chose, as an element count to show: read as unsigned (a "negative" one
     * is huge) and cut at {@code max}, so that no list or read is ever sized by the tracee.
     */
    static int bounded(long count, int max) {
        return Long.compareUnsigned(count, max) > 0 ? max : (int) count;
    }

    /** Marks an argument strace leaves out (open's mode without O_CREAT); dropped from the event. */
    static final Arg OMITTED = new Arg.Sym("", 0);

    /** Names of the arguments, or arg0..arg5 for a syscall without a signature. */
    static final List<String> RAW_NAMES = List.of("arg0", "arg1", "arg2", "arg3", "arg4", "arg5");

    /** Decodes what can be decoded at entry; output arguments are left null for {@link #exit}. */
    Arg[] entry(int pid, Signatures.Signature sig, long[] raw) {
        if (sig == null) {
            Arg[] out = new Arg[6];
            for (int i = 0; i < 6; i++) out[i] = new Arg.Hex(raw[i], false);
            return out;
        }
        Signatures.Arg[] specs = sig.args();
        Arg[] out = new Arg[specs.length];
        for (int i = 0; i < specs.length; i++) {
            Signatures.Arg spec = specs[i];
            long v = raw[spec.raw()];
            out[i] = spec.type() == ArgType.DECODER ? spec.decoder().entry(this, pid, v, raw) : decodeIn(pid, spec, raw, v);
        }
        return out;
    }

    /** Fills in output arguments once the return value is known. */
    void exit(int pid, Signatures.Signature sig, long[] raw, Arg[] args, long ret, boolean error) {
        if (sig == null) return;
        Signatures.Arg[] specs = sig.args();
        for (int i = 0; i < specs.length; i++) {
            Signatures.Arg spec = specs[i];
            long v = raw[spec.raw()];
            if (spec.type() == ArgType.DECODER) args[i] = spec.decoder().exit(this, pid, v, raw, ret, error, args[i]);
            else if (spec.type() == ArgType.SOCKADDR_OUT && args[i] == null && !error) args[i] = sockaddrOut(pid, spec, raw, v, offered(specs, args, spec.index()));
            else if (args[i] == null) args[i] = error ? pointer(v) : decodeOut(pid, spec, raw, v, ret);
        }
    }

    /** The return value as strace shows it for this syscall, or null for the plain number. */
    Arg returnValue(int pid, Signatures.Signature sig, long[] raw, long ret) {
        return sig.returns() == null ? null : sig.returns().decode(this, pid, raw, ret);
    }

    private Arg decodeIn(int pid, Signatures.Arg spec, long[] raw, long v) {
        return switch (spec.type()) {
            case INT -> new Arg.Num((int) v);
            case UID -> (int) v == -1 ? new Arg.Num(-1) : new Arg.Num(v & 0xffffffffL);
            case UINT -> new Arg.Num(v & 0xffffffffL);
            case XINT -> (v & 0xffffffffL) == 0 ? new Arg.Num(0) : new Arg.Hex(v & 0xffffffffL, false);
            case FD -> fd(pid, (int) v);
            case LONG -> new Arg.Num(v);
            case ULONG -> v < 0 ? new Arg.Expr(Long.toUnsignedString(v), v) : new Arg.Num(v); // size_t: unsigned, as strace prints it
            case HEX -> new Arg.Hex(v, false);
            case PTR -> pointer(v);
            case DIRFD -> (int) v == AT_FDCWD ? cwd(pid) : fd(pid, (int) v);
            case PATH -> cString(pid, v, PATH_MAX, false);
            case STRING -> cString(pid, v, stringLimit, true);
            case BUF_IN -> buffer(pid, v, raw[spec.index()]);
            case OPEN_FLAGS -> new Arg.Sym(Flags.openFlags(v & 0xffffffffL), v);
            case FD_FLAGS -> flags(Flags.OPEN, v & 0xffffffffL, "O_");
            // enums are ints in the kernel: the high bits of the register do not count
            case ENUM -> new Arg.Sym(Enums.nameOrUnknown(spec.param(), v & 0xffffffffL), v & 0xffffffffL);
            case PROTOCOL -> {
                long domain = raw[spec.index()];
                String name = domain == 2 || domain == 10 ? Enums.name("ipproto", v) : null;
                yield name != null ? new Arg.Sym(name, v) : new Arg.Num((int) v);
            }
            case OPEN_MODE -> {
                long flags = raw[spec.index()];
                // strace shows the mode with O_CREAT or the __O_TMPFILE bit (O_TMPFILE is that bit and O_DIRECTORY)
                yield (flags & Flags.O_CREAT) != 0 || (flags & 020000000) != 0 ? new Arg.Octal(v & 07777) : OMITTED;
            }
            case MODE -> new Arg.Octal(v & 0177777); // mode_t as strace prints it: the low 16 bits
            case ACCESS_MODE -> new Arg.Sym(Flags.ACCESS.render(v & 0xffffffffL), v);
            case AT_FLAGS -> flags(Flags.AT, v & 0xffffffffL, "AT_");
            case PROT -> new Arg.Sym(Flags.PROT.render(v & 0xffffffffL), v);
            case MMAP_FLAGS -> new Arg.Sym(Flags.mmapFlags(v & 0xffffffffL), v);
            case CLONE_FLAGS -> new Arg.Sym(Flags.cloneFlags(v), v);
            case ARGV -> argv(pid, v);
            case ENVP -> envp(pid, v);
            case SOCKADDR -> Sockaddr.decode(memory, pid, v, (int) raw[spec.index()]);
            case SOCK_DOMAIN -> new Arg.Sym(Flags.family((int) v), v);
            case SOCK_TYPE -> new Arg.Sym(Flags.socketType(v & 0xffffffffL), v);
            case SIGNAL -> CommonStructs.signal((int) v);
            case BUF_OUT, SOCKADDR_OUT, FD_PAIR, DECODER -> null;
        };
    }

    /** The length the caller offered for an output sockaddr, as its length argument read at entry; -1 when unknown. */
    private static long offered(Signatures.Arg[] specs, Arg[] args, int lengthIndex) {
        for (int j = 0; j < specs.length; j++) {
            if (specs[j].raw() != lengthIndex) continue;
            Arg a = args[j];
            if (a instanceof Arg.Array arr && !arr.items().isEmpty() && arr.items().getFirst() instanceof Arg.Num n) return n.value();
            if (a instanceof Arg.Num n) return n.value();
        }
        return -1;
    }

    /** The kernel writes at most the offered length (and reports the full one): strace shows what was written. */
    private Arg sockaddrOut(int pid, Signatures.Arg spec, long[] raw, long v, long offered) {
        if (v == 0) return pointer(0);
        byte[] len = memory.readBytes(pid, raw[spec.index()], 4);
        long addrlen = len == null ? 0 : (len[0] & 0xff) | (len[1] & 0xff) << 8 | (len[2] & 0xff) << 16 | (len[3] & 0xff) << 24;
        if (offered >= 0 && offered < addrlen) addrlen = offered;
        return Sockaddr.decode(memory, pid, v, (int) addrlen);
    }

    private Arg decodeOut(int pid, Signatures.Arg spec, long[] raw, long v, long ret) {
        return switch (spec.type()) {
            case BUF_OUT -> buffer(pid, v, ret);
            case SOCKADDR_OUT -> sockaddrOut(pid, spec, raw, v, -1);
            case FD_PAIR -> {
                byte[] b = memory.readBytes(pid, v, 8);
                if (b == null) yield pointer(v);
                int a = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
                int c = (b[4] & 0xff) | (b[5] & 0xff) << 8 | (b[6] & 0xff) << 16 | (b[7] & 0xff) << 24;
                yield new Arg.Array(List.of(fd(pid, a), fd(pid, c)), 0);
            }
            default -> pointer(v);
        };
    }

    /**
     * A descriptor argument: the number, or with -y the number and what /proc/PID/fd/N links to,
     * read at this stop as strace does (exact for descriptors inherited, passed over a socket or
     * made by a syscall the decoder does not know); with -yy a socket's endpoints.
     */
    Arg fd(int pid, int fd) {
        if (fdDetail == 0 || fd < 0) return new Arg.Num(fd);
        String link;
        try {
            link = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc", Integer.toString(pid), "fd",
                    Integer.toString(fd))).toString();
        } catch (java.io.IOException | UnsupportedOperationException gone) {
            return new Arg.Num(fd);
        }
        if (fdDetail > 1) {
            String socket = SocketEndpoints.describe(pid, fd, link);
            if (socket != null) link = socket;
        }
        return new Arg.Fd(fd, link);
    }

    /** AT_FDCWD, with -y followed by the working directory as strace shows it: {@code AT_FDCWD</tmp>}. */
    private Arg cwd(int pid) {
        if (fdDetail > 0) {
            try {
                String dir = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc", Integer.toString(pid), "cwd")).toString();
                return new Arg.Sym("AT_FDCWD<" + dir + ">", AT_FDCWD);
            } catch (java.io.IOException | UnsupportedOperationException gone) {
                // the process is gone or its cwd unreadable: the plain constant
            }
        }
        return new Arg.Sym("AT_FDCWD", AT_FDCWD);
    }

    /** The return value of a syscall that made a new descriptor, resolved like {@link #fd} with -y. */
    Arg fdReturn(int pid, String name, long ret) {
        return fdDetail > 0 && FD_RETURNING.contains(name) ? fd(pid, (int) ret) : null;
    }

    /** {@code name} as the symbol for {@code value}, or {@code otherwise} when the value has no name. */
    static Arg symbol(String name, long value, Arg otherwise) {
        return name != null ? new Arg.Sym(name, value) : otherwise;
    }

    /** Flag sets and constant names (O_RDONLY|O_CLOEXEC, S_IFREG|0644), not addresses or signal sets. */
    private static final java.util.regex.Pattern CONSTANT = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]*(\\|[A-Za-z0-9_]+)*");

    /** strace -X raw: every named constant replaced by its number, in hex as strace prints it. */
    static Arg raw(Arg a) {
        return switch (a) {
            case Arg.Sym s when CONSTANT.matcher(s.text()).matches() ->
                    s.value() < 0 ? new Arg.Num(s.value()) : new Arg.Hex(s.value(), false);
            case Arg.Commented c -> raw(c.value());
            case Arg.Named n -> new Arg.Named(n.name(), raw(n.value()));
            case Arg.Array arr -> new Arg.Array(arr.items().stream().map(Decoder::raw).toList(), arr.more());
            case Arg.Struct st -> {
                java.util.Map<String, Arg> f = new java.util.LinkedHashMap<>();
                st.fields().forEach((k, v) -> f.put(k, raw(v)));
                yield new Arg.Struct(f, st.more());
            }
            default -> a;
        };
    }

    static Arg pointer(long v) {
        return new Arg.Hex(v, true);
    }

    private Arg cString(int pid, long address, int max, boolean truncates) {
        if (address == 0) return pointer(0);
        byte[] bytes = memory.readCString(pid, address, truncates ? max + 1 : max);
        if (bytes == null) return new Arg.Str(null, false, address, true);
        if (truncates && bytes.length > max) return new Arg.Str(Arrays.copyOf(bytes, max), true, address, false);
        return new Arg.Str(bytes, false, address, false);
    }

    private Arg buffer(int pid, long address, long length) {
        if (length < 0 || address == 0) return pointer(address);
        int keep = (int) Math.min(length, stringLimit);
        byte[] bytes = keep == 0 ? new byte[0] : memory.readBytes(pid, address, keep);
        if (bytes == null) return new Arg.Str(null, false, address, true);
        return new Arg.Str(bytes, length > stringLimit, address, false);
    }

    private Arg argv(int pid, long address) {
        if (address == 0) return pointer(0);
        long[] ptrs = memory.readPointerArray(pid, address, MAX_ARGV + 1);
        int shown = Math.min(ptrs.length, MAX_ARGV);
        List<Arg> items = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) items.add(cString(pid, ptrs[i], stringLimit, true));
        return new Arg.Array(items, ptrs.length - shown);
    }

    private Arg envp(int pid, long address) {
        if (address == 0) return pointer(0);
        long[] ptrs = memory.readPointerArray(pid, address, 8192);
        return new Arg.Count(address, ptrs.length, "vars");
    }

    int stringLimit() {
        return stringLimit;
    }

    /** {@code length} bytes of tracee memory, null when unreadable. */
    byte[] read(int pid, long address, int length) {
        return memory.readBytes(pid, address, length);
    }

    /** Tracee memory as a little-endian buffer of {@code length} bytes, null when unreadable. */
    java.nio.ByteBuffer struct(int pid, long address, int length) {
        byte[] b = memory.readBytes(pid, address, length);
        return b == null || b.length < length ? null : java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** A NUL-terminated string argument, truncated at -s like strace. */
    Arg string(int pid, long address) {
        return cString(pid, address, stringLimit, true);
    }

    /** A NUL-terminated path, never truncated at -s (getcwd's result). */
    Arg path(int pid, long address) {
        return cString(pid, address, PATH_MAX, false);
    }

    /** A byte buffer of {@code length} bytes, shown up to -s. */
    Arg bytes(int pid, long address, long length) {
        return buffer(pid, address, length);
    }

    /** What strace prints for an address it could not read: the address. */
    static Arg unreadable(long address) {
        return new Arg.Str(null, false, address, true);
    }

    /** strace's rendering of a value no table names: hex with a comment, {@code 0x3039 /* CLOCK_??? *\/}. */
    static Arg unknown(long value, String prefix) {
        return new Arg.Sym("0x" + Long.toHexString(value) + " /* " + prefix + "??? */", value);
    }

    /** A constant named by {@link Enums} table {@code table}, else {@link #unknown}. */
    static Arg constant(String table, long value, String prefix) {
        String name = Enums.name(table, value);
        return name != null ? new Arg.Sym(name, value) : unknown(value, prefix);
    }

    /** Decodes an int argument that is a constant of {@code table} (strace's printxval). */
    static ArgDecoder constants(String table, String prefix) {
        if (!Enums.exists(table)) throw new IllegalStateException("no enum " + table);
        return (d, pid, v, raw) -> constant(table, v & 0xffffffffL, prefix);
    }

    /** A set of {@code flags}; only unknown bits get strace's comment, {@code 0x40 /* MSG_??? *\/}. */
    static Arg flags(FlagSet flags, long value, String prefix) {
        String text = flags.render(value);
        return new Arg.Sym(text.startsWith("0x") ? text + " /* " + prefix + "??? */" : text, value);
    }

    /** Decodes an int argument that is a set of {@code flags} (strace's printflags). */
    static ArgDecoder flags(FlagSet flags, String prefix) {
        return (d, pid, v, raw) -> flags(flags, v & 0xffffffffL, prefix);
    }

    /** A struct sockaddr of {@code length} bytes in the tracee. */
    Arg sockaddr(int pid, long address, int length) {
        return Sockaddr.decode(memory, pid, address, length);
    }

    /** An unsigned int argument (strace's PRINT_VAL_U of an unsigned int): -1 is 4294967295. */
    static final ArgDecoder UINT = (d, pid, v, raw) -> new Arg.Num(v & 0xffffffffL);

    /** One 64-bit word of tracee memory, 0 when unreadable (clone_args.flags). */
    long readLong(int pid, long address) {
        byte[] b = memory.readBytes(pid, address, 8);
        if (b == null) return 0;
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The full argv of an exec, untruncated, for the process event. */
    List<String> argvStrings(int pid, long address) {
        if (address == 0) return List.of();
        long[] ptrs = memory.readPointerArray(pid, address, MAX_ARGV);
        List<String> out = new ArrayList<>(ptrs.length);
        for (long p : ptrs) {
            byte[] b = memory.readCString(pid, p, PATH_MAX);
            out.add(b == null ? "" : new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}

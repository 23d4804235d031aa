package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;
import dev.sandtrace.linux.Arch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Argument names (as in the man pages) and types of the syscalls the decoder knows, plus each
 * syscall's category, gathered from one class per area ({@link FileSyscalls}, {@link
 * NetworkSyscalls}...). Syscalls without an entry are shown with six raw hex arguments.
 */
final class Signatures {
    private Signatures() {}

    /**
     * One argument. {@code param}: an argument index (BUF_IN, SOCKADDR, OPEN_MODE...) or an enum
     * table name (ENUM). {@code raw}: which raw argument it shows (clone prints them reordered).
     * {@code decoder}: set for arguments a named {@link ArgDecoder} decodes (type DECODER).
     */
    record Arg(String name, ArgType type, String param, int raw, ArgDecoder decoder) {
        int index() {
            return Integer.parseInt(param);
        }
    }

    /** {@code hexReturn}: the return value is an address (mmap, brk); {@code returns}: a return decoder or null. */
    record Signature(String name, Arg[] args, boolean hexReturn, Category category, ReturnDecoder returns) {
        /** The argument names, in order (derived once: the tracer needs them for every event). */
        List<String> argNames() {
            return NAMES.computeIfAbsent(name, n -> java.util.Arrays.stream(args).map(Arg::name).toList());
        }
    }

    private static final Map<String, List<String>> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What the area classes fill. An argument spec is {@code name:TYPE[:param]}, or
     * {@code name:decoder} for a registered {@link ArgDecoder}; {@code name@N:...} shows raw
     * argument N in this position.
     */
    static final class Registry {
        private final Map<String, Signature> byName = new HashMap<>();
        private final Map<String, ArgDecoder> decoders = new HashMap<>();
        private final Map<String, ReturnDecoder> returns = new HashMap<>();

        void decoder(String name, ArgDecoder d) {
            if (decoders.put(name, d) != null) throw new IllegalStateException("decoder defined twice: " + name);
        }

        /** Sets the return decoder of syscall {@code name}, whose signature must come first. */
        void returns(String name, ReturnDecoder d) {
            returns.put(name, d);
        }

        void sig(String name, Category category, String... args) {
            define(name, false, category, args);
        }

        void define(String name, boolean hexReturn, Category category, String... args) {
            Arg[] parsed = new Arg[args.length];
            for (int i = 0; i < args.length; i++) parsed[i] = parse(name, i, args[i]);
            if (byName.put(name, new Signature(name, parsed, hexReturn, category, null)) != null) {
                throw new IllegalStateException("signature defined twice: " + name);
            }
        }

        private Arg parse(String syscall, int position, String spec) {
            String[] parts = spec.split(":", 3);
            String argName = parts[0];
            int raw = position;
            int at = argName.indexOf('@');
            if (at >= 0) {
                raw = Integer.parseInt(argName.substring(at + 1));
                argName = argName.substring(0, at);
            }
            String param = parts.length > 2 ? parts[2] : null;
            ArgDecoder decoder = decoders.get(parts[1]);
            if (decoder != null) return new Arg(argName, ArgType.DECODER, parts[1], raw, decoder);
            ArgType type;
            try {
                type = ArgType.valueOf(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(syscall + ": no type or decoder " + parts[1]);
            }
            if (type == ArgType.ENUM && !Enums.exists(param)) throw new IllegalStateException(syscall + ": no enum " + param);
            return new Arg(argName, type, param, raw, null);
        }

        private Map<String, Signature> finish() {
            returns.forEach((name, d) -> {
                Signature s = byName.get(name);
                if (s == null) throw new IllegalStateException("return decoder for unknown syscall " + name);
                byName.put(name, new Signature(s.name(), s.args(), s.hexReturn(), s.category(), d));
            });
            return Map.copyOf(byName);
        }
    }

    private static final Map<String, Signature> BY_NAME;

    static {
        Registry r = new Registry();
        CommonStructs.decoders(r);
        FileSyscalls.decoders(r);
        ProcessSyscalls.decoders(r);
        MemorySyscalls.decoders(r);
        SignalSyscalls.decoders(r);
        NetworkSyscalls.decoders(r);
        IpcSyscalls.decoders(r);
        SystemSyscalls.decoders(r);
        FileSyscalls.signatures(r);
        ProcessSyscalls.signatures(r);
        MemorySyscalls.signatures(r);
        SignalSyscalls.signatures(r);
        NetworkSyscalls.signatures(r);
        IpcSyscalls.signatures(r);
        SystemSyscalls.signatures(r);
        BY_NAME = r.finish();
    }

    /** The signature for each syscall number of {@code arch}; null where the decoder has none. */
    static Signature[] table(Arch arch) {
        Signature[] out = new Signature[arch.maxSyscall() + 1];
        for (int nr = 0; nr < out.length; nr++) out[nr] = BY_NAME.get(arch.syscallName(nr));
        return out;
    }

    /**
     * The signature of i386 syscall {@code name} (int $0x80 on x86_64): the x86_64 one with
     * every argument that would be read as a 64-bit layout (structs, pointer arrays, sockaddrs)
     * shown as its address, and longs as 32-bit ints. Null for calls whose i386 arguments differ
     * in order or meaning (old mmap and select take a struct, clone swaps tls and child_tid,
     * socketcall and ipc multiplex).
     */
    static Signature compat(String name) {
        Signature s = BY_NAME.get(name);
        if (s == null || I386_DIFFERENT.contains(name)) return null;
        Arg[] args = new Arg[s.args().length];
        for (int i = 0; i < args.length; i++) {
            Arg a = s.args()[i];
            ArgType t = switch (a.type()) {
                case INT, UID, UINT, XINT, ULONG, HEX, PTR, FD, DIRFD, PATH, STRING, BUF_IN, BUF_OUT, OPEN_FLAGS, FD_FLAGS, ENUM, PROTOCOL,
                     OPEN_MODE, MODE, ACCESS_MODE, AT_FLAGS, PROT, SOCK_DOMAIN, SOCK_TYPE, SIGNAL -> a.type();
                case LONG -> ArgType.INT;
                default -> ArgType.PTR;
            };
            args[i] = t == a.type() ? a : new Arg(a.name(), t, null, a.raw(), null);
        }
        return new Signature(s.name(), args, s.hexReturn(), s.category(), null);
    }

    private static final java.util.Set<String> I386_DIFFERENT = java.util.Set.of("mmap", "select", "clone", "socketcall",
            "ipc", "fcntl", "ioctl", "prctl");

    static Signature byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every syscall the decoder has a signature for (docs/decoding.md lists them). */
    static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}

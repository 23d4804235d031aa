package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;
import java.util.ArrayList;
import java.util.List;

/** Memory mappings. */
final class MemorySyscalls {
    private MemorySyscalls() {}

    private static final int PAGE_SIZE = 4096;
    private static final long MEMBARRIER_CMD_QUERY = 0;

    /** Argument and return decoders this area defines (registered before any signature). */
    private static final FlagSet SHADOW_STACK = new FlagSet("0").add("SHADOW_STACK_SET_TOKEN", 1).add("SHADOW_STACK_SET_MARKER", 2);

    private static final FlagSet MEMFD_SECRET = new FlagSet("0").add("O_CLOEXEC", 02000000);
    private static final FlagSet MLOCK2 = new FlagSet("0").add("MLOCK_ONFAULT", 1);
    private static final FlagSet PKEY = new FlagSet("PKEY_UNRESTRICTED").add("PKEY_DISABLE_ACCESS", 1).add("PKEY_DISABLE_WRITE", 2)
            .add("PKEY_DISABLE_EXECUTE", 4);

    static void decoders(Signatures.Registry r) {
        r.decoder("memfd_secret_flags", Decoder.flags(MEMFD_SECRET, "O_"));
        r.decoder("mlock2_flags", Decoder.flags(MLOCK2, "MLOCK_"));
        // access_rights is an unsigned long: all 64 bits count
        r.decoder("pkey_access", (d, pid, v, raw) -> Decoder.flags(PKEY, v, "PKEY_"));
        r.decoder("pkey_flags", (d, pid, v, raw) -> v == 0 ? new Arg.Num(0) : new Arg.Hex(v, false)); // unsigned long, none defined
        r.decoder("shadow_stack_flags", Decoder.flags(SHADOW_STACK, "SHADOW_STACK_"));
        r.decoder("mremap_flags", Flags.arg(Flags.MREMAP, "MREMAP_"));
        r.decoder("mremap_new_address", (d, pid, v, raw) -> (raw[3] & Flags.MREMAP_FIXED) != 0 ? Decoder.pointer(v) : Decoder.OMITTED);
        r.decoder("mlockall_flags", Flags.arg(Flags.MCL, "MCL_"));
        r.decoder("msync_flags", Flags.arg(Flags.MS, "MS_"));
        r.decoder("mfd_flags", Flags.arg(Flags.MFD, "MFD_"));
        r.decoder("mincore_vec", ArgDecoder.out((d, pid, v, raw, ret) -> residency(d, pid, v, raw[1])));
    }

    static void signatures(Signatures.Registry r) {
        Category MEM = Category.MEMORY;
        r.sig("memfd_secret", MEM, "flags:memfd_secret_flags");
        r.sig("migrate_pages", MEM, "pid:INT", "maxnode:ULONG", "old_nodes:PTR", "new_nodes:PTR");
        r.sig("set_mempolicy_home_node", MEM, "start:PTR", "len:ULONG", "home_node:ULONG", "flags:HEX");
        r.sig("map_shadow_stack", MEM, "addr:PTR", "size:ULONG", "flags:shadow_stack_flags");
        r.sig("remap_file_pages", MEM, "addr:PTR", "size:ULONG", "prot:PROT", "pgoff:ULONG", "flags:MMAP_FLAGS");
        r.sig("mseal", MEM, "addr:PTR", "len:ULONG", "flags:HEX");
        r.sig("pkey_free", MEM, "pkey:INT");
        r.sig("pkey_alloc", MEM, "flags:pkey_flags", "access_rights:pkey_access");
        r.sig("mlock2", MEM, "addr:PTR", "len:ULONG", "flags:mlock2_flags");
        r.sig("pkey_mprotect", MEM, "addr:PTR", "len:ULONG", "prot:PROT", "pkey:INT");
        r.define("mmap", true, MEM, "addr:PTR", "length:ULONG", "prot:PROT", "flags:MMAP_FLAGS", "fd:FD", "offset:HEX");
        r.sig("munmap", MEM, "addr:PTR", "length:ULONG");
        r.sig("mprotect", MEM, "addr:PTR", "len:ULONG", "prot:PROT");
        r.define("mremap", true, MEM, "old_address:PTR", "old_size:ULONG", "new_size:ULONG", "flags:mremap_flags",
                "new_address:mremap_new_address");
        r.define("brk", true, MEM, "addr:PTR");
        r.sig("madvise", MEM, "addr:PTR", "length:ULONG", "advice:ENUM:madvise");
        r.sig("mlock", MEM, "addr:PTR", "len:ULONG");
        r.sig("munlock", MEM, "addr:PTR", "len:ULONG");
        r.sig("mlockall", MEM, "flags:mlockall_flags");
        r.sig("munlockall", MEM);
        r.sig("msync", MEM, "addr:PTR", "length:ULONG", "flags:msync_flags");
        r.sig("mincore", MEM, "addr:PTR", "length:ULONG", "vec:mincore_vec");
        r.sig("memfd_create", MEM, "name:STRING", "flags:mfd_flags");
        r.sig("membarrier", MEM, "cmd:ENUM:membarrier_cmd", "flags:INT");
        r.returns("membarrier", (d, pid, raw, ret) -> raw[0] == MEMBARRIER_CMD_QUERY && ret != 0
                ? new Arg.Expr("0x" + Long.toHexString(ret) + " (" + Flags.MEMBARRIER.render(ret) + ")", ret) : null);
    }

    /** mincore(2)'s vector, one byte per page of {@code length}: {@code [1, 0]}, cut at -s like strace. */
    private static Arg residency(Decoder d, int pid, long address, long length) {
        long pages = Long.divideUnsigned(length, PAGE_SIZE) + (Long.remainderUnsigned(length, PAGE_SIZE) != 0 ? 1 : 0);
        int shown = Decoder.bounded(pages, d.stringLimit());
        byte[] b = d.read(pid, address, shown);
        if (b == null || b.length < shown) return Decoder.unreadable(address);
        List<Arg> items = new ArrayList<>(shown);
        for (byte page : b) items.add(new Arg.Num(page & 0xff));
        return new Arg.Array(items, (int) (pages - shown));
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Memory mappings. */
final class MemorySyscalls {
    private MemorySyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category MEM = Category.MEMORY;
        r.define("mmap", true, MEM, "addr:PTR", "length:ULONG", "prot:PROT", "flags:MMAP_FLAGS", "fd:FD", "offset:HEX");
        r.sig("munmap", MEM, "addr:PTR", "length:ULONG");
        r.sig("mprotect", MEM, "addr:PTR", "len:ULONG", "prot:PROT");
        r.define("mremap", true, MEM, "old_address:PTR", "old_size:ULONG", "new_size:ULONG", "flags:HEX", "new_address:PTR");
        r.define("brk", true, MEM, "addr:PTR");
        r.sig("madvise", MEM, "addr:PTR", "length:ULONG", "advice:ENUM:madvise");
        r.sig("mlock", MEM, "addr:PTR", "len:ULONG");
        r.sig("memfd_create", MEM, "name:STRING", "flags:HEX");
    }
}

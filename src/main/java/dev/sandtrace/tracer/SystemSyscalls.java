package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Time, system information, and the privileged calls a sandbox denies. */
final class SystemSyscalls {
    private SystemSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category SYS = Category.SYSTEM;
        r.sig("uname", SYS, "buf:PTR");
        r.sig("getrandom", SYS, "buf:PTR", "buflen:ULONG", "flags:HEX");
        r.sig("sysinfo", SYS, "info:PTR");
        r.sig("nanosleep", SYS, "req:PTR", "rem:PTR");
        r.sig("clock_nanosleep", SYS, "clockid:ENUM:clock", "flags:HEX", "request:PTR", "remain:PTR");
        r.sig("clock_gettime", SYS, "clockid:ENUM:clock", "tp:PTR");
        r.sig("gettimeofday", SYS, "tv:PTR", "tz:PTR");
        r.sig("mount", SYS, "source:PATH", "target:PATH", "filesystemtype:STRING", "mountflags:HEX", "data:PTR");
        r.sig("umount2", SYS, "target:PATH", "flags:HEX");
        r.sig("unshare", SYS, "flags:CLONE_FLAGS");
        r.sig("setns", SYS, "fd:FD", "nstype:CLONE_FLAGS");
        r.sig("ptrace", SYS, "request:ENUM:ptrace", "pid:INT", "addr:PTR", "data:PTR");
        r.sig("seccomp", SYS, "operation:INT", "flags:HEX", "args:PTR");
        r.sig("sethostname", SYS, "name:BUF_IN:1", "len:ULONG");
        r.sig("pivot_root", SYS, "new_root:PATH", "put_old:PATH");
        r.sig("reboot", SYS, "magic:HEX", "magic2:HEX", "cmd:HEX", "arg:PTR");
    }
}

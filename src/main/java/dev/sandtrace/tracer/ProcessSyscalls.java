package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Processes: creation, exec, exit, wait, ids, limits, scheduling. */
final class ProcessSyscalls {
    private ProcessSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category P = Category.PROCESS;
        r.sig("execve", P, "pathname:PATH", "argv:ARGV", "envp:ENVP");
        r.sig("execveat", P, "dirfd:DIRFD", "pathname:PATH", "argv:ARGV", "envp:ENVP", "flags:AT_FLAGS");
        r.sig("clone", P, "flags:CLONE_FLAGS", "stack:PTR", "parent_tid:PTR", "child_tid:PTR", "tls:PTR");
        r.sig("clone3", P, "cl_args:PTR", "size:ULONG");
        r.sig("fork", P);
        r.sig("vfork", P);
        r.sig("exit", P, "status:INT");
        r.sig("exit_group", P, "status:INT");
        r.sig("wait4", P, "pid:INT", "wstatus:PTR", "options:HEX", "rusage:PTR");
        r.sig("waitid", P, "idtype:INT", "id:INT", "infop:PTR", "options:HEX", "rusage:PTR");
        r.sig("getpid", P);
        r.sig("getppid", P);
        r.sig("gettid", P);
        r.sig("getuid", P);
        r.sig("geteuid", P);
        r.sig("getgid", P);
        r.sig("getegid", P);
        r.sig("setuid", P, "uid:INT");
        r.sig("setgid", P, "gid:INT");
        r.sig("setsid", P);
        r.sig("setpgid", P, "pid:INT", "pgid:INT");
        r.sig("getpgrp", P);
        r.sig("getpgid", P, "pid:INT");
        r.sig("prctl", P, "option:INT", "arg2:HEX", "arg3:HEX", "arg4:HEX", "arg5:HEX");
        r.sig("arch_prctl", P, "code:ENUM:arch_prctl", "addr:HEX");
        r.sig("set_tid_address", P, "tidptr:PTR");
        r.sig("set_robust_list", P, "head:PTR", "len:ULONG");
        r.sig("rseq", P, "rseq:PTR", "rseq_len:HEX", "flags:HEX", "sig:HEX");
        r.sig("prlimit64", P, "pid:INT", "resource:ENUM:rlimit", "new_limit:PTR", "old_limit:PTR");
        r.sig("getrlimit", P, "resource:ENUM:rlimit", "rlim:PTR");
        r.sig("sched_yield", P);
        r.sig("sched_getaffinity", P, "pid:INT", "cpusetsize:ULONG", "mask:PTR");
    }
}

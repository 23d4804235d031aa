package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Signals. */
final class SignalSyscalls {
    private SignalSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category S = Category.SIGNAL;
        r.sig("kill", S, "pid:INT", "sig:SIGNAL");
        r.sig("tkill", S, "tid:INT", "sig:SIGNAL");
        r.sig("tgkill", S, "tgid:INT", "tid:INT", "sig:SIGNAL");
        r.sig("rt_sigaction", S, "signum:SIGNAL", "act:PTR", "oldact:PTR", "sigsetsize:ULONG");
        r.sig("rt_sigprocmask", S, "how:ENUM:sigprocmask", "set:PTR", "oldset:PTR", "sigsetsize:ULONG");
        r.sig("rt_sigreturn", S);
        r.sig("rt_sigsuspend", S, "mask:PTR", "sigsetsize:ULONG");
        r.sig("sigaltstack", S, "ss:PTR", "old_ss:PTR");
        r.sig("alarm", S, "seconds:INT");
        r.sig("pause", S);
    }
}

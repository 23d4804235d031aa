package dev.sandtrace.linux;

/**
 * The fields of {@code siginfo_t} (sigaction(2)) the tracer reports. {@code pid}/{@code uid} are
 * the sender for kill-like codes; {@code addr} is the fault address for SIGSEGV, SIGBUS, SIGILL, SIGFPE
 * (the same union bytes, read both ways).
 */
public record Siginfo(int signo, int errno, int code, int pid, int uid, long addr) {
    public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6;

    /** si_code by name, as strace prints it. */
    public String codeName() {
        switch (code) {
            case SI_USER: return "SI_USER";
            case SI_KERNEL: return "SI_KERNEL";
            case SI_QUEUE: return "SI_QUEUE";
            case SI_TIMER: return "SI_TIMER";
            case -3: return "SI_MESGQ";
            case -4: return "SI_ASYNCIO";
            case -5: return "SI_SIGIO";
            case SI_TKILL: return "SI_TKILL";
            default: break;
        }
        if (signo == Signals.SIGSEGV) {
            if (code == 1) return "SEGV_MAPERR";
            if (code == 2) return "SEGV_ACCERR";
        }
        if (signo == Signals.SIGCHLD) {
            String[] names = {null, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"};
            if (code > 0 && code < names.length) return names[code];
        }
        if (signo == Signals.SIGSYS && code == 1) return "SYS_SECCOMP";
        return String.valueOf(code);
    }

    /** True when the signal was sent by a process (kill, tgkill, sigqueue), so pid/uid are meaningful. */
    public boolean fromProcess() {
        return code <= 0 || signo == Signals.SIGCHLD;
    }

    public boolean isFault() {
        return code > 0 && (signo == Signals.SIGSEGV || signo == Signals.SIGBUS || signo == Signals.SIGILL || signo == Signals.SIGFPE);
    }
}

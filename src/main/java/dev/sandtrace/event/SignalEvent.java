package dev.sandtrace.event;

/**
 * A signal delivered to a tracee (a signal-delivery stop). {@code senderPid}/{@code senderUid}
 * are set (else -1) when a process sent it; {@code faultAddress} (else -1) for SIGSEGV and kin.
 */
public record SignalEvent(long seq, long timeNs, int pid, int tid, int signal, int code, String codeName,
        int senderPid, int senderUid, long faultAddress) implements Event {}

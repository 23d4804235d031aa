package dev.sandtrace.event;

/**
 * Everything sandtrace reports, in the stable JSONL schema ({@code docs/jsonl-schema.md}).
 * Each event knows its sequence number and the monotonic time since the trace started.
 */
public sealed interface Event
        permits HeaderEvent, ProcessEvent, SyscallEvent, SignalEvent, TimeoutEvent, SummaryEvent, MessageEvent,
        ViolationEvent, NetworkEvent, DnsEvent {
    long seq();

    long timeNs();
}

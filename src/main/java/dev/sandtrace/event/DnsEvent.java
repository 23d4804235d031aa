package dev.sandtrace.event;

/**
 * A DNS query the traced program sent itself (not through the egress proxy, which resolves on
 * the host): the name and record type read from the bytes of a send. {@code syscallSeq} is the
 * seq of that send's syscall event, -1 when -e trace= left it out.
 */
public record DnsEvent(long seq, long timeNs, int pid, int tid, String syscall, long syscallSeq, String name, String type,
        String transport) implements Event {}

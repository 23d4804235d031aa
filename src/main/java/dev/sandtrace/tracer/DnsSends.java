package dev.sandtrace.tracer;

import dev.sandtrace.linux.TraceeMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the DNS queries in what a finished send carried: sendto's buffer, the iovecs of
 * sendmsg, of each message of sendmmsg (glibc's resolver sends A and AAAA together that way),
 * and of writev (DNS over TCP: [length][query], glibc writes A and AAAA in one writev of four). Everything read is bounded: at most
 * {@link DnsQuery#MAX_BYTES} per message, {@link #MESSAGES} messages and {@link #IOVECS} iovecs
 * each; what cannot be read is no query.
 */
final class DnsSends {
    static final int MESSAGES = 8, IOVECS = 4;
    private static final int MSGHDR_SIZE = 56, MMSGHDR_SIZE = 64, IOV_OFFSET = 16, IOVLEN_OFFSET = 24;

    private final TraceeMemory memory;

    DnsSends(TraceeMemory memory) {
        this.memory = memory;
    }

    /** The queries {@code name} (a send that returned {@code ret}) carried; empty for anything else. */
    List<DnsQuery> of(int pid, String name, long[] raw, long ret) {
        if (ret <= 0) return List.of();
        List<DnsQuery> out = new ArrayList<>(1);
        switch (name) {
            case "sendto", "send" -> add(out, bytes(pid, raw[1], Math.min(raw[2], ret)));
            case "sendmsg" -> add(out, iovecs(pid, raw[1], ret));
            case "sendmmsg" -> {
                long n = Math.min(ret, MESSAGES);
                for (int i = 0; i < n; i++) add(out, iovecs(pid, raw[1] + (long) i * MMSGHDR_SIZE, Long.MAX_VALUE));
            }
            case "writev" -> {
                byte[] stream = gather(pid, raw[1], raw[2], ret, DnsQuery.MAX_STREAM_BYTES);
                if (stream != null) out.addAll(DnsQuery.parseStream(stream, stream.length));
            }
            default -> { }
        }
        return out;
    }

    private static void add(List<DnsQuery> out, byte[] message) {
        if (message == null) return;
        DnsQuery q = DnsQuery.parse(message, message.length);
        if (q != null) out.add(q);
    }

    private byte[] bytes(int pid, long address, long length) {
        if (length <= 0 || length > DnsQuery.MAX_BYTES) return null;
        return memory.readBytes(pid, address, (int) length);
    }

    /** The data of a struct msghdr's iovecs. */
    private byte[] iovecs(int pid, long msghdr, long limit) {
        byte[] hdr = memory.readBytes(pid, msghdr, MSGHDR_SIZE);
        if (hdr == null) return null;
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(hdr).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return gather(pid, h.getLong(IOV_OFFSET), h.getLong(IOVLEN_OFFSET), limit, DnsQuery.MAX_BYTES);
    }

    /** The first {@code limit} bytes of {@code count} iovecs at {@code iov}, or null when more than a query could be. */
    private byte[] gather(int pid, long iov, long count, long limit, int max) {
        if (count <= 0 || count > IOVECS) return null;
        byte[] vec = memory.readBytes(pid, iov, (int) count * 16);
        if (vec == null) return null;
        java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(vec).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            long base = v.getLong(i * 16), len = v.getLong(i * 16 + 8);
            if (len < 0 || all.size() + len > Math.min(limit, max)) return null;
            byte[] part = len > 0 ? memory.readBytes(pid, base, (int) len) : null;
            if (part == null && len > 0) return null;
            if (part != null) all.writeBytes(part);
        }
        return all.toByteArray();
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.linux.Xlat;
import java.nio.charset.StandardCharsets;

/**
 * A DNS query a traced program sent itself (RFC 1035 section 4), recognised in the bytes of a
 * send: strictly, so that other data is not mistaken for one. A query has QR = 0, opcode 0
 * (QUERY), exactly one question, no answers or authority records, at most one additional
 * record (EDNS's OPT), a name of letter-digit-hyphen-underscore labels of 1 to 63 bytes (255 in
 * all, no compression pointers), class IN, and nothing after the question but that OPT record.
 * Over TCP the message has a two-byte length in front of it, which must match.
 */
public record DnsQuery(String name, String type, String transport) {
    /** What a query can be at most: a UDP DNS message without EDNS is 512 bytes; EDNS adds an 11-byte OPT record. */
    public static final int MAX_BYTES = 2 + 512 + 11;
    /** Two of them: glibc writes A and AAAA over TCP in one writev. */
    public static final int MAX_STREAM_BYTES = 2 * MAX_BYTES;

    /** The query in {@code b[0..n)}, or null when those bytes are no DNS query. */
    public static DnsQuery parse(byte[] b, int n) {
        DnsQuery udp = parse(b, 0, n, "udp");
        if (udp != null) return udp;
        if (n >= 2 && ((b[0] & 0xff) << 8 | b[1] & 0xff) == n - 2) return parse(b, 2, n, "tcp");
        return null;
    }

    /** The queries in a DNS-over-TCP stream: one or more [length][query] messages, nothing else. */
    public static java.util.List<DnsQuery> parseStream(byte[] b, int n) {
        java.util.List<DnsQuery> out = new java.util.ArrayList<>(2);
        int p = 0;
        while (p < n) {
            if (p + 2 > n) return java.util.List.of();
            int len = (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
            if (p + 2 + len > n) return java.util.List.of();
            DnsQuery q = parse(b, p + 2, p + 2 + len, "tcp");
            if (q == null) return java.util.List.of();
            out.add(q);
            p += 2 + len;
        }
        return out;
    }

    private static DnsQuery parse(byte[] b, int start, int end, String transport) {
        if (end - start < 12 + 5) return null;
        int flags = u16(b, start + 2);
        if ((flags & 0x8000) != 0 || (flags & 0x7800) != 0) return null; // a response, or not a standard query
        if (u16(b, start + 4) != 1 || u16(b, start + 6) != 0 || u16(b, start + 8) != 0 || u16(b, start + 10) > 1) return null;
        StringBuilder name = new StringBuilder();
        int p = start + 12;
        while (true) {
            if (p >= end) return null;
            int len = b[p] & 0xff;
            p++;
            if (len == 0) break;
            if (len > 63 || p + len > end || name.length() + len + 1 > 255) return null; // also rejects compression pointers
            for (int i = p; i < p + len; i++) {
                int c = b[i] & 0xff;
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
                if (!ok) return null;
            }
            if (!name.isEmpty()) name.append('.');
            name.append(new String(b, p, len, StandardCharsets.US_ASCII));
            p += len;
        }
        if (p + 4 > end) return null;
        int qtype = u16(b, p), qclass = u16(b, p + 2);
        if (qclass != 1) return null;
        p += 4;
        boolean opt = u16(b, start + 10) == 1;
        // the OPT record: root name, type 41, then class, TTL and RDLENGTH; its options follow
        if (opt ? !(p + 11 <= end && b[p] == 0 && u16(b, p + 1) == 41 && p + 11 + u16(b, p + 9) == end) : p != end) return null;
        String typeName = Xlat.of("dns_types").name(qtype);
        return new DnsQuery(name.isEmpty() ? "." : name.toString().toLowerCase(java.util.Locale.ROOT),
                typeName != null ? typeName : "TYPE" + qtype, transport);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }
}

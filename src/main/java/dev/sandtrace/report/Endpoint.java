package dev.sandtrace.report;

import java.util.Map;
import java.util.Set;

/**
 * The peer or local address a network syscall names, decoded from its sockaddr argument
 * ({@code addr}, {@code dest_addr}, or a sendmsg's {@code msg.msg_name}), or failing that from
 * its {@code -yy} socket fd. {@code address} and {@code port} are null when the family has none.
 */
public record Endpoint(String family, String address, Integer port, String text) {

    /** The syscalls whose endpoint is reported, and which of them reach out to a peer. */
    static final Set<String> SYSCALLS = Set.of("connect", "sendto", "sendmsg", "sendmmsg", "bind", "listen", "accept",
            "accept4");
    static final Set<String> OUTBOUND = Set.of("connect", "sendto", "sendmsg", "sendmmsg");

    /** The endpoint of network syscall {@code e}; null when it names none (a send on a connected socket). */
    public static Endpoint of(TraceEvent e) {
        Map<String, Object> d = e.decoded();
        Object addr = d.get("addr") != null ? d.get("addr") : d.get("dest_addr");
        if (addr == null && d.get("msg") instanceof Map<?, ?> msg) addr = msg.get("msg_name");
        if (addr instanceof Map<?, ?> sa && sa.get("sa_family") instanceof String family) return fromSockaddr(family, sa);
        if (d.get("sockfd") instanceof Map<?, ?> fd && fd.get("path") instanceof String p) {
            return new Endpoint(null, null, null, p);
        }
        if (e.syscall().equals("listen") || e.syscall().startsWith("accept")) {
            return new Endpoint(null, null, null, "socket fd " + e.raw(0));
        }
        return null;
    }

    private static Endpoint fromSockaddr(String family, Map<?, ?> sa) {
        switch (family) {
            case "AF_INET" -> {
                String a = String.valueOf(sa.get("sin_addr"));
                Integer port = sa.get("sin_port") instanceof Number n ? n.intValue() : null;
                return new Endpoint(family, a, port, a + ":" + port);
            }
            case "AF_INET6" -> {
                String a = String.valueOf(sa.get("sin6_addr"));
                Integer port = sa.get("sin6_port") instanceof Number n ? n.intValue() : null;
                return new Endpoint(family, a, port, "[" + a + "]:" + port);
            }
            case "AF_UNIX" -> {
                Object path = sa.get("sun_path") != null ? sa.get("sun_path") : sa.get("sun_path@");
                String p = path == null ? "(unnamed)" : String.valueOf(path);
                return new Endpoint(family, p, null, p);
            }
            default -> {
                return new Endpoint(family, null, null, family);
            }
        }
    }

    /** An internet address (v4 or v6). */
    public boolean internet() {
        return "AF_INET".equals(family) || "AF_INET6".equals(family);
    }

    /** An internet address on this host: 127/8, ::1, the unspecified address, or v4-mapped loopback. */
    boolean loopback() {
        if (address == null) return false;
        String a = address.startsWith("::ffff:") ? address.substring(7) : address;
        return a.startsWith("127.") || a.equals("::1") || a.equals("0.0.0.0") || a.equals("::");
    }
}

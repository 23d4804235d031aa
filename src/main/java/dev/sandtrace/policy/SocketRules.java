package dev.sandtrace.policy;

import dev.sandtrace.linux.Xlat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which sockets the sample may create, decided from socket(2)'s register arguments (so that
 * seccomp can enforce it and the tracer can label a refusal the same way). Allowed: unix, inet,
 * inet6 and netlink's route protocol, plus the families the policy lists in
 * {@code [network] socket_families} ({@code netlink} there allows every netlink protocol). Every
 * other family (vsock, packet, alg, bluetooth, key, ...) gets EAFNOSUPPORT, as if the kernel had
 * none. When TCP ports are restricted (Landlock ABI 4 rules cover TCP connect and bind only),
 * inet and inet6 sockets must be plain TCP: MPTCP gets EPROTONOSUPPORT (so that programs fall
 * back to TCP), UDP, raw, SCTP and every other type or protocol gets EACCES; name resolution then
 * goes over TCP (the view's resolv.conf says {@code options use-vc}).
 */
public final class SocketRules {
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    public static final int NETLINK_ROUTE = 0, SOCK_STREAM = 1, SOCK_TYPE_MASK = 0xf, IPPROTO_TCP = 6, IPPROTO_MPTCP = 262;
    public static final int EACCES = 13, EPROTONOSUPPORT = 93, EAFNOSUPPORT = 97;

    /** A refused socket: the errno seccomp answers and why. */
    public record Refusal(int errno, String reason) {}

    private final Set<Integer> extraFamilies = new LinkedHashSet<>();
    private final boolean anyNetlink;
    private final boolean tcpOnly;

    /** {@code families}: canonical names (see {@link #canonical}) allowed beyond the default four; {@code tcpOnly}: TCP ports are restricted. */
    public SocketRules(List<String> families, boolean tcpOnly) {
        boolean netlink = false;
        for (String f : families) {
            Long af = Xlat.of("addrfams").value("AF_" + f.toUpperCase(Locale.ROOT));
            if (af == null) throw new IllegalArgumentException("unknown address family " + f);
            if (af == AF_NETLINK) netlink = true;
            else if (af != AF_UNIX && af != AF_INET && af != AF_INET6) extraFamilies.add(af.intValue());
        }
        this.anyNetlink = netlink;
        this.tcpOnly = tcpOnly;
    }

    public static SocketRules of(Policy.Network network) {
        return new SocketRules(network.socketFamilies(), network.portsRestricted());
    }

    /** The policy's name of a family: {@code vsock} for "vsock", "AF_VSOCK" or "af_vsock"; null if unknown. */
    public static String canonical(String given) {
        String upper = given.strip().toUpperCase(Locale.ROOT);
        if (!upper.startsWith("AF_")) upper = "AF_" + upper;
        if (upper.equals("AF_UNSPEC") || Xlat.of("addrfams").value(upper) == null) return null;
        return upper.substring(3).toLowerCase(Locale.ROOT);
    }

    /** Every family name a policy may list. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String n : Xlat.of("addrfams").byName().keySet()) {
            if (!n.equals("AF_UNSPEC")) names.add(n.substring(3).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** Families allowed beyond unix, inet, inet6 and netlink. */
    public Set<Integer> extraFamilies() { return extraFamilies; }

    /** Whether every netlink protocol is allowed (else only NETLINK_ROUTE). */
    public boolean anyNetlink() { return anyNetlink; }

    /** Whether inet and inet6 sockets must be plain TCP. */
    public boolean tcpOnly() { return tcpOnly; }

    /** Why socket(domain, type, protocol) or socketpair with them is refused, or null if it is allowed. Only the low 32 bits count, as for the kernel's int arguments. */
    public Refusal refusal(long domain, long type, long protocol) {
        int d = (int) domain, p = (int) protocol;
        if (d == AF_UNIX || extraFamilies.contains(d)) return null;
        if (d == AF_NETLINK) {
            return anyNetlink || p == NETLINK_ROUTE ? null
                    : new Refusal(EPROTONOSUPPORT, "netlink protocol " + p + " is not allowed (only route; [network] socket_families = [\"netlink\"] allows all)");
        }
        if (d == AF_INET || d == AF_INET6) {
            if (!tcpOnly) return null;
            if (p == IPPROTO_MPTCP) return new Refusal(EPROTONOSUPPORT, "MPTCP is refused while TCP ports are restricted (port rules cover TCP only)");
            if (((int) type & SOCK_TYPE_MASK) != SOCK_STREAM || p != 0 && p != IPPROTO_TCP) {
                return new Refusal(EACCES, "only TCP may leave while TCP ports are restricted (UDP, raw and other sockets are refused)");
            }
            return null;
        }
        String name = Xlat.of("addrfams").name(d);
        return new Refusal(EAFNOSUPPORT, (name != null ? name : "address family " + d) + " sockets are not allowed"
                + " (allow one with [network] socket_families)");
    }
}

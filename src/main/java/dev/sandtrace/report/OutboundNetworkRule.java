package dev.sandtrace.report;

import java.util.List;

/**
 * {@code outbound-network}: connect/sendto/sendmsg to an internet address off this host (medium,
 * also when it failed or the sandbox denied it: the attempt is the finding); to loopback: info.
 * Unix and netlink sockets are not raised (name services, D-Bus). Connections through the egress
 * proxy are raised by host name: refused ones medium, allowed ones info.
 */
final class OutboundNetworkRule implements Rule {
    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (e.is("network")) {
            proxied(e, ctx);
            return;
        }
        if (e.is("dns")) {
            ctx.findings().raise("outbound-network", Severity.MEDIUM, "DNS query for " + e.str("name") + " (" + e.str("type") + ")",
                    Evidence.of(e));
            return;
        }
        if (!e.is("syscall") || !Endpoint.OUTBOUND.contains(e.syscall())) return;
        Endpoint ep = Endpoint.of(e);
        if (ep == null || !ep.internet()) return;
        String outcome = e.success() || "EINPROGRESS".equals(e.errno()) ? "" : " (" + e.errno() + ")";
        if (ep.loopback()) {
            ctx.findings().raise("outbound-network", Severity.INFO, e.syscall() + " to loopback " + ep.text() + outcome,
                    Evidence.of(e));
        } else {
            String what = Integer.valueOf(53).equals(ep.port()) ? "DNS query to " : e.syscall() + " to ";
            ctx.findings().raise("outbound-network", Severity.MEDIUM, what + ep.text() + outcome, Evidence.of(e));
        }
    }

    /** Through the egress proxy, by host name: an allowed host is what the policy expected (info), a refused one is an attempt (medium). */
    private static void proxied(TraceEvent e, Context ctx) {
        String target = e.str("host") + (e.num("port", 0) > 0 ? ":" + e.num("port", 0) : "");
        if ("denied".equals(e.str("verdict"))) {
            ctx.findings().raise("outbound-network", Severity.MEDIUM, "refused connection to " + target + " (" + e.str("reason") + ")",
                    Evidence.of(e));
        } else {
            ctx.findings().raise("outbound-network", Severity.INFO, "connection to " + target + " through the egress proxy",
                    Evidence.of(e));
        }
    }
}

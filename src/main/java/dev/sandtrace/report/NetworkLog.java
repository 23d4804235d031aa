package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Network syscalls as rows, one per (syscall, endpoint, outcome), with the sandbox layer that denied them. */
final class NetworkLog {
    private static final class Row {
        final long firstSeq;
        final int pid;
        final String syscall;
        final Endpoint endpoint;
        final String outcome;
        final boolean success;
        String deniedBy;
        long count;

        Row(TraceEvent e, Endpoint endpoint, String outcome) {
            this(e.seq(), e.pid(), e.syscall(), endpoint, outcome, e.success());
        }

        Row(long firstSeq, int pid, String syscall, Endpoint endpoint, String outcome, boolean success) {
            this.firstSeq = firstSeq;
            this.pid = pid;
            this.syscall = syscall;
            this.endpoint = endpoint;
            this.outcome = outcome;
            this.success = success;
        }
    }

    private final Caps caps;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private Row last;
    private long lastSeq = -1;

    NetworkLog(Caps caps) {
        this.caps = caps;
    }

    /** Records a network syscall; returns its endpoint when it starts a new row (worth a timeline entry). */
    Endpoint syscall(TraceEvent e) {
        if (!Endpoint.SYSCALLS.contains(e.syscall())) return null;
        Endpoint ep = Endpoint.of(e);
        if (ep == null) return null;
        String outcome = e.success() ? "ok" : e.errno() != null ? e.errno() : "unfinished";
        String key = e.syscall() + '\u0000' + ep.text() + '\u0000' + outcome;
        Row r = rows.get(key);
        if (r == null) {
            if (rows.size() >= Caps.ITEMS) {
                caps.drop("network");
                last = null;
                return null;
            }
            r = new Row(e, ep, outcome);
            rows.put(key, r);
        } else {
            ep = null;
        }
        r.count++;
        last = r;
        lastSeq = e.seq();
        return ep;
    }

    /**
     * A connection through the egress proxy: a row by host name ({@code syscall} "proxy", pid 0:
     * the proxy is sandtrace's, not the sample's); returns its text when it starts a new row.
     */
    String proxied(TraceEvent e) {
        String host = e.str("host") != null ? e.str("host") : "?";
        long port = e.num("port", 0);
        boolean allowed = "allowed".equals(e.str("verdict"));
        String outcome = !allowed ? "denied" : e.str("address") != null ? "allowed" : "failed";
        String text = host + (port > 0 ? ":" + port : "");
        boolean fresh = count("proxy" + '\u0000' + text + '\u0000' + outcome, () -> {
            Row r = new Row(e.seq(), 0, "proxy", new Endpoint(null, host, port > 0 ? (int) port : null, text),
                    outcome, allowed && e.str("address") != null);
            if (!allowed) r.deniedBy = "egress proxy";
            return r;
        });
        return fresh ? e.str("protocol") + " " + text + " " + outcome : null;
    }

    /** Counts one more event in the row {@code key}, made by {@code make} when new; true for a new row. */
    private boolean count(String key, java.util.function.Supplier<Row> make) {
        last = null;
        Row r = rows.get(key);
        if (r != null) {
            r.count++;
            return false;
        }
        if (rows.size() >= Caps.ITEMS) {
            caps.drop("network");
            return false;
        }
        r = make.get();
        r.count++;
        rows.put(key, r);
        return true;
    }

    /** A DNS query the program sent itself: a row by the name asked for ({@code syscall} "dns"); returns its text when new. */
    String dns(TraceEvent e) {
        String text = e.str("name") + " " + e.str("type");
        boolean fresh = count("dns" + '\u0000' + text,
                () -> new Row(e.seq(), e.pid(), "dns", new Endpoint(null, e.str("name"), null, text), "query", true));
        return fresh ? text + " (" + e.str("transport") + ")" : null;
    }

    /** A violation explains the syscall written right before it. */
    void violation(TraceEvent v) {
        if (last != null && v.num("syscall_seq", -1) == lastSeq) last.deniedBy = v.str("layer");
    }

    List<Report.NetworkRow> report() {
        List<Report.NetworkRow> out = new ArrayList<>(rows.size());
        for (Row r : rows.values()) {
            out.add(new Report.NetworkRow(r.firstSeq, r.pid, r.syscall, r.endpoint.family(), r.endpoint.address(),
                    r.endpoint.port(), r.endpoint.text(), r.outcome, r.success, r.deniedBy, r.count));
        }
        return out;
    }
}

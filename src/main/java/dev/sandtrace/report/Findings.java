package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicators raised so far. Each id keeps its highest severity and the reason given with it,
 * a count of every time it was raised, and the first {@link Caps#EVIDENCE} proving events.
 */
final class Findings {
    /** Every indicator id, in the order the documentation lists them, with its title. */
    static final Map<String, String> TITLES = titles();

    private static Map<String, String> titles() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("credential-access", "Credential access");
        t.put("persistence", "Persistence");
        t.put("download-and-execute", "Download and execute");
        t.put("fileless-execution", "Fileless execution");
        t.put("escape-attempt", "Privilege or sandbox escape attempt");
        t.put("anti-analysis", "Anti-analysis");
        t.put("self-deletion", "Self-deletion");
        t.put("process-injection", "Process injection");
        t.put("mass-modification", "Mass file modification");
        t.put("outbound-network", "Outbound network");
        t.put("shell-spawn", "Shell or interpreter spawned");
        t.put("daemon", "Daemonised process");
        return Map.copyOf(t);
    }

    private static final class Acc {
        final String id;
        Severity severity;
        String reason;
        long count;
        final List<Ranked> evidence = new ArrayList<>();

        Acc(String id) {
            this.id = id;
        }
    }

    /** Evidence remembers the severity it was raised with: the strongest proof is kept when the list is full. */
    private record Ranked(Evidence evidence, Severity severity) { }

    private final Caps caps;
    private final Timeline timeline;
    private final Map<String, Acc> raised = new LinkedHashMap<>();

    Findings(Caps caps, Timeline timeline) {
        this.caps = caps;
        this.timeline = timeline;
    }

    void raise(String id, Severity severity, String reason, Evidence... evidence) {
        raise(id, severity, reason, List.of(evidence));
    }

    void raise(String id, Severity severity, String reason, List<Evidence> evidence) {
        if (!TITLES.containsKey(id)) throw new IllegalArgumentException("unknown indicator " + id);
        Acc a = raised.computeIfAbsent(id, Acc::new);
        if (a.severity == null || severity.compareTo(a.severity) > 0) {
            a.severity = severity;
            a.reason = reason;
            timeline.indicator(id, severity, reason, evidence.isEmpty() ? null : evidence.getLast());
        }
        a.count++;
        for (Evidence ev : evidence) {
            if (a.evidence.stream().anyMatch(x -> x.evidence.seq() == ev.seq())) continue;
            if (a.evidence.size() < Caps.EVIDENCE) {
                a.evidence.add(new Ranked(ev, severity));
                continue;
            }
            caps.drop("evidence");
            Ranked weakest = a.evidence.stream().min(Comparator.comparing(Ranked::severity)).orElseThrow();
            if (weakest.severity.compareTo(severity) < 0) a.evidence.set(a.evidence.indexOf(weakest), new Ranked(ev, severity));
        }
    }

    List<Report.Indicator> report() {
        List<Report.Indicator> out = new ArrayList<>();
        for (Acc a : raised.values()) {
            // the strongest proof first, then in trace order
            List<Evidence> ev = a.evidence.stream()
                    .sorted(Comparator.comparing(Ranked::severity).reversed().thenComparingLong(r -> r.evidence.seq()))
                    .map(Ranked::evidence).toList();
            out.add(new Report.Indicator(a.id, TITLES.get(a.id), a.severity, a.reason, ev, a.count));
        }
        out.sort(Comparator.comparing(Report.Indicator::severity).reversed()
                .thenComparingLong(i -> i.evidence().stream().mapToLong(Evidence::seq).min().orElse(Long.MAX_VALUE)));
        return out;
    }
}

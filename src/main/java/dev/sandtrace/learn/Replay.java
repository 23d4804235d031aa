package dev.sandtrace.learn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the replay under a learned policy with the learning run: identical when the exit
 * code is the same and the sandbox denied nothing the learning run was not denied too (the
 * base's masks deny the same PATH probes in both). Otherwise the first new denial is the access
 * the learned policy is missing.
 */
public final class Replay {
    private Replay() {}

    /** The first access that failed in the replay but succeeded in the learning run: a path the policy left invisible. */
    private static Observations.Access firstLost(Observations learned, Observations replay, Collection<String> deniedOnPurpose) {
        Set<String> succeeded = new HashSet<>();
        for (Observations.Access a : learned.accesses) succeeded.add(a.access().kind() + " " + a.access().path());
        for (Observations.Access a : replay.failures) {
            boolean secret = deniedOnPurpose.stream().anyMatch(d -> Secrets.beneath(a.access().path(), d));
            if (!secret && succeeded.contains(a.access().kind() + " " + a.access().path())) return a;
        }
        return null;
    }

    public record Verdict(boolean identical, String text, List<Observations.Violation> missing) {}

    /**
     * {@code deniedOnPurpose}: secrets the learned policy denies although the learning run used
     * them; new denials beneath them are expected and reported as such, not as missing accesses.
     */
    public static Verdict compare(Observations learned, Observations replay, Collection<String> deniedOnPurpose) {
        Set<String> before = new HashSet<>();
        for (Observations.Violation v : learned.violations) before.add(v.key());
        List<Observations.Violation> missing = new ArrayList<>();
        Set<String> secrets = new TreeSet<>();
        for (Observations.Violation v : replay.violations) {
            if (before.contains(v.key())) continue;
            String secret = v.target() == null ? null
                    : deniedOnPurpose.stream().filter(s -> Secrets.beneath(v.target(), s)).findFirst().orElse(null);
            if (secret != null) secrets.add(secret);
            else missing.add(v);
        }
        String onPurpose = secrets.isEmpty() ? "" : "; secrets denied on purpose, which the learning run used: " + String.join(", ", secrets);
        boolean sameExit = learned.exitCode == replay.exitCode;
        if (sameExit && missing.isEmpty()) {
            String denials = replay.violations.isEmpty() ? "no violations"
                    : "no new violations; " + (replay.violations.size() - secrets.size()) + " denials as in the learned run";
            return new Verdict(true, "replay: identical (exit " + replay.exitCode + ", " + denials + onPurpose + ")", missing);
        }
        StringBuilder t = new StringBuilder("replay: differs: exit ").append(replay.exitCode);
        t.append(sameExit ? " as in the learned run" : " (learned run: " + learned.exitCode + ")");
        Observations.Access failed = missing.isEmpty() ? firstLost(learned, replay, deniedOnPurpose) : null;
        if (failed != null) {
            var a = failed.access();
            t.append("; missing access: ").append(a.syscall()).append(' ').append(a.path()).append(" (").append(a.errno())
                    .append(", no violation: ").append("ENOENT".equals(a.errno()) ? "without a rule the path is not visible in the"
                            + " sandbox's private /tmp, /run or masks" : "refused").append(") seq ").append(a.seq());
        } else if (missing.isEmpty()) {
            t.append(" (").append(replay.ending).append("); no denial explains it (is the program's run repeatable? a second"
                    + " run may find state the first one left)");
        } else {
            t.append("; missing access: ").append(missing.getFirst());
            if (missing.size() > 1) t.append(" (and ").append(missing.size() - 1).append(" more)");
        }
        t.append(onPurpose);
        for (String e : replay.errors) t.append("; error: ").append(e);
        return new Verdict(false, t.toString(), missing);
    }
}

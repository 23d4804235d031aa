package dev.sandtrace.learn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares the replay under a learned policy with the learning run: identical when the exit
 * code is the same and the sandbox denied nothing the learning run was not denied too (the
 * base's masks deny the same PATH probes in both). Otherwise the first new denial is the access
 * the learned policy is missing.
 */
public final class Replay {
    private Replay() {}

    public record Verdict(boolean identical, String text, List<Observations.Violation> missing) {}

    public static Verdict compare(Observations learned, Observations replay) {
        Set<String> before = new HashSet<>();
        for (Observations.Violation v : learned.violations) before.add(v.key());
        List<Observations.Violation> missing = new ArrayList<>();
        for (Observations.Violation v : replay.violations) if (!before.contains(v.key())) missing.add(v);
        boolean sameExit = learned.exitCode == replay.exitCode;
        if (sameExit && missing.isEmpty()) {
            String denials = replay.violations.isEmpty() ? "no violations"
                    : "no new violations; " + replay.violations.size() + " denials as in the learned run";
            return new Verdict(true, "replay: identical (exit " + replay.exitCode + ", " + denials + ")", missing);
        }
        StringBuilder t = new StringBuilder("replay: differs: exit ").append(replay.exitCode);
        t.append(sameExit ? " as in the learned run" : " (learned run: " + learned.exitCode + ")");
        if (missing.isEmpty()) {
            t.append(" (").append(replay.ending).append("); no denial explains it (is the program's run repeatable? a second"
                    + " run may find state the first one left)");
        } else {
            t.append("; missing access: ").append(missing.getFirst());
            if (missing.size() > 1) t.append(" (and ").append(missing.size() - 1).append(" more)");
        }
        for (String e : replay.errors) t.append("; error: ").append(e);
        return new Verdict(false, t.toString(), missing);
    }
}

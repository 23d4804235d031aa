package dev.sandtrace.output;

import java.time.Instant;

/**
 * ISO-8601 UTC timestamps with nanoseconds ({@code 2026-11-28T23:13:04.550286802Z}), as
 * {@link Instant#toString()} writes them but without its cost on every event: the part up to
 * the second is formatted once per second.
 */
final class Timestamps {
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;
    private final StringBuilder sb = new StringBuilder(32);

    String format(Instant start, long offsetNanos) {
        long nanos = start.getNano() + offsetNanos;
        long second = start.getEpochSecond() + Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        if (second != cachedSecond) {
            String full = Instant.ofEpochSecond(second).toString(); // "...T23:13:04Z"
            cachedPrefix = full.substring(0, full.length() - 1) + ".";
            cachedSecond = second;
        }
        sb.setLength(0);
        sb.append(cachedPrefix);
        String digits = Integer.toString(nano);
        for (int i = digits.length(); i < 9; i++) sb.append('0');
        return sb.append(digits).append('Z').toString();
    }
}

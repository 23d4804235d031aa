package dev.sandtrace.report;

import java.util.Locale;

/** How much an indicator should worry an analyst, lowest first; the JSON name is the lower-case word. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Severity max(Severity other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}

package dev.sandtrace.policy;

import java.util.List;

/** A policy that cannot be used: every problem found, each as {@code file:line:column: message}. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public PolicyException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

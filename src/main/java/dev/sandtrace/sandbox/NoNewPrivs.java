package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;

/** Layer 6a: no_new_privs (prctl(2) PR_SET_NO_NEW_PRIVS): setuid bits and file capabilities grant nothing on exec. */
final class NoNewPrivs implements Layer {
    private static final int PR_SET_NO_NEW_PRIVS = 38;

    @Override public String name() { return "no_new_privs"; }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("prctl", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }
}

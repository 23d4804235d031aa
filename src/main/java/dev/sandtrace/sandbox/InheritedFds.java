package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;

/** Only fds 0-2 reach the target: the JVM's own descriptors (and any it inherited) are closed (close_range(2)). */
final class InheritedFds implements Layer {
    @Override public String name() { return "inherited fds"; }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("close_range", 3, 0xffffffffL, 0);
    }
}

package dev.sandtrace.sandbox;

import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.PausedChild;

/**
 * Layer 3: a PID namespace (pid_namespaces(7)). The target is its PID 1: when it exits the
 * kernel kills everything left inside, so no daemon outlives the run. The view's fresh /proc
 * shows only the sandbox's processes.
 */
final class PidNamespace implements Layer {
    @Override public String name() { return "pid namespace"; }
    @Override public int cloneFlags() { return PausedChild.CLONE_NEWPID; }

    /** Nothing to inject: the view (MountView) mounts this namespace's /proc. */
    @Override
    public void apply(int pid, Injector child) {}
}

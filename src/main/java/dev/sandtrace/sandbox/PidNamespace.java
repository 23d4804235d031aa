package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.PausedChild;

/**
 * Layer 3: a PID namespace (pid_namespaces(7)). The target is its PID 1: when it exits the
 * kernel kills everything left inside, so no daemon outlives the run. A fresh /proc shows only
 * the sandbox's processes.
 */
final class PidNamespace implements Layer {
    private long proc;
    private long procPath;

    @Override public String name() { return "pid namespace"; }
    @Override public int cloneFlags() { return PausedChild.CLONE_NEWPID; }

    @Override
    public void prepare(ChildMemory memory) {
        proc = memory.cString("proc");
        procPath = memory.cString("/proc");
    }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("mount", proc, procPath, proc, Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, 0);
    }
}

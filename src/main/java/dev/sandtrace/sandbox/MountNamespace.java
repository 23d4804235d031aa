package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.PausedChild;

/** Layer 2: a mount namespace whose mounts never propagate back to the host (mount_namespaces(7)). */
final class MountNamespace implements Layer {
    private long root;

    @Override public String name() { return "mount namespace"; }
    @Override public int cloneFlags() { return PausedChild.CLONE_NEWNS; }

    @Override
    public void prepare(ChildMemory memory) {
        root = memory.cString("/");
    }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("mount", 0, root, 0, Mounts.MS_REC | Mounts.MS_PRIVATE, 0);
    }
}

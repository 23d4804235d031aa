package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;

/**
 * One isolation layer. {@link #prepare} runs before the clone and puts every byte the child
 * will need into {@link ChildMemory}; {@link #apply} runs after, with the child stopped, and
 * makes the child execute the layer's syscalls (or acts on it from outside).
 */
interface Layer {
    /** Name used in messages and the trace header: "user namespace", "landlock", ... */
    String name();

    /** Namespace flags this layer needs at clone time. */
    default int cloneFlags() {
        return 0;
    }

    default void prepare(ChildMemory memory) {}

    void apply(int pid, Injector child);
}

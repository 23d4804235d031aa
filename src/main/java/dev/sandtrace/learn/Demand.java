package dev.sandtrace.learn;

/**
 * One access of the learning run as a need for a Landlock right on a path (already resolved
 * through symlinks): {@code verb} says what the run did ("read", "listed", "created", ...),
 * {@code name} the file it did it to (for a creation, the new file; the path is its directory),
 * {@code program} which program did it.
 */
public record Demand(String path, Right right, String verb, String name, String program) {

    /** The three rights of a policy file; each covers the ones before it (write ⊇ exec ⊇ read). */
    public enum Right {
        READ("allow_read"), EXEC("allow_exec"), WRITE("allow_write");

        public final String key;

        Right(String key) {
            this.key = key;
        }

        /** Whether a rule granting this right also grants {@code other} (allow_write grants every right). */
        public boolean covers(Right other) {
            return ordinal() >= other.ordinal();
        }
    }
}

package dev.sandtrace.report;

/**
 * One filesystem access a syscall made, its path made absolute. {@code target} is the second
 * path of a rename or link (the new name), else null. {@code resolved} is false when a relative
 * path could not be anchored (a directory fd without {@code -y}); the path is then as written.
 */
public record FileAccess(long seq, long timeNs, int pid, String syscall, Kind kind, String path, String target,
        boolean success, String errno, boolean resolved) {

    public enum Kind {
        /** Opened for reading (a file or a directory). */
        READ,
        /** Opened for writing, truncated. */
        WRITE,
        /** Created: O_CREAT, mkdir, mknod, the new name of a link or symlink. */
        CREATE,
        /** Removed: unlink, rmdir. */
        DELETE,
        /** Renamed from {@code path} to {@code target}. */
        RENAME,
        /** Executed: execve, execveat. */
        EXEC,
        /** Attributes changed: chmod, chown, utimensat, setxattr. */
        ATTRIBUTES,
        /** Looked at without opening: stat, access, readlink, getxattr. */
        STAT,
        /** Became the working directory. */
        CHDIR
    }
}

package dev.sandtrace.sandbox;

/** mount(2) flags from {@code <sys/mount.h>}. */
final class Mounts {
    private Mounts() {}

    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32, MS_BIND = 4096,
            MS_REC = 16384, MS_PRIVATE = 1 << 18;
}

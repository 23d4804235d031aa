package dev.sandtrace.report;

import java.util.Set;

/** What kind of program a path names, by its file name (versions stripped: python3.11 is python). */
final class Programs {
    private Programs() { }

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "csh", "tcsh",
            "fish", "busybox", "rbash");
    private static final Set<String> INTERPRETERS = Set.of("python", "perl", "ruby", "node", "nodejs", "php", "lua",
            "luajit", "tclsh", "wish", "pwsh", "deno", "bun", "rscript", "awk", "gawk", "mawk", "expect");
    /** Programs whose job is to run other commands, often through a shell: their shells are routine. */
    private static final Set<String> LAUNCHERS = Set.of("env", "xargs", "timeout", "nice", "nohup", "make", "gmake",
            "ninja", "cmake", "ctest", "meson", "sudo", "su", "script", "time", "strace", "find", "watch", "flock",
            "setsid", "stdbuf", "ionice", "chrt", "taskset", "run-parts", "npm", "npx", "yarn", "pnpm", "pip", "cargo",
            "go", "git", "tox", "pytest", "mvn", "gradle", "ant", "login", "sshd", "tmux", "screen", "entr",
            // they run a user's or the system's command through /bin/sh -c by design (tar -z: "sh -c gzip")
            "tar", "man", "less", "vi", "vim", "nvim", "ssh", "rsync", "dpkg", "apt", "apt-get", "rpm", "dnf", "yum",
            "crontab", "cron", "parallel", "gdb", "valgrind", "bwrap");
    /** Programs that legitimately write executables which are then run (a build, a test suite). */
    private static final Set<String> TOOLCHAIN = Set.of("ld", "ld.bfd", "ld.gold", "ld.lld", "lld", "mold", "collect2",
            "gcc", "cc", "c++", "g++", "clang", "clang++", "rustc", "go", "javac", "tcc", "as", "install", "cp");

    /** Compressors that replace a file by a copy under a new extension, by design. */
    private static final Set<String> COMPRESSORS = Set.of("gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "lzma",
            "zstd", "unzstd", "lz4", "lzop", "compress", "pigz", "pbzip2");

    static String name(String path) {
        if (path == null) return "";
        String n = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        // python3.11, perl5.36, gcc-12, x86_64-linux-gnu-gcc-12
        n = n.replaceAll("^x86_64-linux-gnu-", "").replaceAll("[-.]?[0-9][0-9.]*$", "");
        return n;
    }

    static boolean shell(String path) {
        return SHELLS.contains(name(path));
    }

    static boolean interpreter(String path) {
        return INTERPRETERS.contains(name(path));
    }

    static boolean launcher(String path) {
        return LAUNCHERS.contains(name(path));
    }

    static boolean compressor(String path) {
        return COMPRESSORS.contains(name(path));
    }

    static boolean toolchain(String path) {
        return TOOLCHAIN.contains(name(path));
    }
}

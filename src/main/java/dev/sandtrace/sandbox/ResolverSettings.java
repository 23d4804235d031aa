package dev.sandtrace.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolv.conf the sample sees while TCP ports are restricted: the host's, plus
 * {@code options use-vc}, so that glibc's resolver (getaddrinfo in C, Python, Node's
 * dns.lookup, curl) asks over TCP port 53 (which Landlock's port rules can allow) instead of
 * UDP (which seccomp then refuses: port rules cannot cover it). A host file for the run, bound
 * read-only over /etc/resolv.conf and removed afterwards.
 */
final class ResolverSettings {
    private ResolverSettings() {}

    /** A new file with the host's settings over TCP; null when the host has no resolv.conf to start from. */
    static Path overTcp() {
        Path host = Path.of("/etc/resolv.conf");
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(host));
            lines.add("# sandtrace: TCP ports are restricted, so UDP is refused and DNS goes over TCP");
            lines.add("options use-vc");
            Path f = Files.createTempFile("sandtrace-resolv-", ".conf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.write(f, lines);
            return f;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a leftover in /tmp of a few hundred bytes
        }
    }
}

package dev.sandtrace.learn;

import dev.sandtrace.policy.DefaultPolicy;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Paths a learned policy must never allow, even when the learning run read them: the default
 * policy's masked secrets (under {@code $HOME}, every {@code /home/*} and {@code /root}), the
 * system ones, and files whose names say they hold keys or tokens wherever they are.
 */
public final class Secrets {
    /**
     * File names that hold credentials wherever they live: ssh keys, token and secret files, cloud and
     * package-manager credentials. Not {@code *.pem}: /etc/ssl/certs is full of public ones TLS needs.
     */
    private static final Pattern NAMES = Pattern.compile(
            "id_(rsa|dsa|ecdsa|ed25519)(_sk)?|.*\\.(key|p12|pfx|kdbx)|\\.netrc|\\.npmrc|\\.pypirc|\\.git-credentials"
                    + "|\\.env|credentials(\\.json)?|(.*[._-])?tokens?(\\.(json|txt))?|(.*[._-])?secrets?(\\.(json|ya?ml|toml|txt))?"
                    + "|\\.pgpass|\\.my\\.cnf");
    /** Browser profiles and other stores the default list does not name. */
    private static final List<String> MORE_HOME = List.of(".config/BraveSoftware", ".config/microsoft-edge",
            "snap/firefox", ".thunderbird", ".local/share/kwalletd", ".config/op", ".terraform.d", ".cargo/credentials.toml",
            ".cargo/credentials", ".config/hub", ".config/git/credentials", ".m2/settings.xml", ".gradle/gradle.properties");

    private final String home;

    public Secrets(String home) {
        this.home = home == null || home.equals("/") ? null : home;
    }

    /** The secret {@code path} is, or lies beneath; null if it is not secret. */
    public String secretOf(String path) {
        for (String s : DefaultPolicy.SYSTEM_SECRETS) if (beneath(path, s)) return s;
        String rest = homeRelative(path);
        if (rest != null) {
            String base = path.substring(0, path.length() - rest.length() - (rest.isEmpty() ? 0 : 1));
            for (String s : DefaultPolicy.HOME_SECRETS) if (beneath(rest, s)) return base + "/" + s;
            for (String s : MORE_HOME) if (beneath(rest, s)) return base + "/" + s;
        }
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && NAMES.matcher(name).matches() && !path.startsWith("/usr/") && !path.startsWith("/proc/")
                && !path.startsWith("/sys/")) {
            return path;
        }
        return null;
    }

    public boolean isSecret(String path) {
        return secretOf(path) != null;
    }

    /** Whether a rule on {@code dir} would hand out a home directory (or an ancestor of one) whole. */
    public boolean isHomeOrAbove(String dir) {
        if (dir.equals("/") || dir.equals("/home") || dir.equals("/root")) return true;
        if (home != null && (home.equals(dir) || home.startsWith(dir.endsWith("/") ? dir : dir + "/"))) return true;
        return dir.matches("/home/[^/]+");
    }

    /** {@code path} relative to the home directory it is in ($HOME, /home/NAME, /root), or null. */
    private String homeRelative(String path) {
        if (home != null && beneath(path, home)) return path.length() == home.length() ? "" : path.substring(home.length() + 1);
        java.util.regex.Matcher m = Pattern.compile("(/home/[^/]+|/root)(/(.*))?").matcher(path);
        if (m.matches()) return m.group(3) == null ? "" : m.group(3);
        return null;
    }

    static boolean beneath(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
    }
}

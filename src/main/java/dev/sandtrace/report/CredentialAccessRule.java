package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code credential-access}: a secret's file opened (high), an attempt that failed or was denied
 * (medium), or only looked at (stat, access: info). Paths are matched wherever the home directory is.
 */
final class CredentialAccessRule implements Rule {
    private record Secret(Pattern path, String what) { }

    private static final List<Secret> SECRETS = List.of(
            new Secret(Pattern.compile("/\\.ssh/(id_[^/]*|identity)(?<!\\.pub)$"), "a private SSH key"),
            new Secret(Pattern.compile("^/etc/ssh/ssh_host_[^/]*_key$"), "an SSH host key"),
            new Secret(Pattern.compile("/\\.gnupg/"), "the GnuPG keyring"),
            new Secret(Pattern.compile("/\\.aws/(credentials|config)$|/\\.config/gcloud/|/\\.azure/|/\\.kube/config$"
                    + "|/\\.docker/config\\.json$|/\\.oci/"), "cloud credentials"),
            new Secret(Pattern.compile("/\\.mozilla/firefox/.*/(logins\\.json|key[34]\\.db|cookies\\.sqlite|cert9\\.db)$"
                    + "|/\\.config/(google-chrome|chromium|BraveSoftware|microsoft-edge|vivaldi|opera)/.*"
                    + "/(Login Data|Cookies|Web Data|Local State)$"), "a browser's passwords or cookies"),
            new Secret(Pattern.compile("/\\.(netrc|git-credentials|npmrc|pypirc|pgpass|my\\.cnf|vault-token)$"
                    + "|/\\.config/gh/hosts\\.yml$|/\\.local/share/keyrings/|/\\.password-store/"
                    + "|/\\.cargo/credentials(\\.toml)?$|/\\.gem/credentials$"), "a token or password file"),
            new Secret(Pattern.compile("^/etc/(g?shadow-?|security/opasswd)$"), "the system password hashes"));

    /** A secret opened successfully, raised at the next event: that may be the mask's violation line. */
    private record Opened(Evidence open, String how, Secret secret, String path) { }

    private Opened pending;

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        if (pending != null) {
            Opened p = pending;
            pending = null;
            if (e.is("violation") && "mount mask".equals(e.str("layer")) && e.num("syscall_seq", -1) == p.open.seq()) {
                // the sandbox served an empty file in its place: an attempt, not a theft
                ctx.findings().raise("credential-access", Severity.MEDIUM, "tried to read " + p.secret.what + ": " + p.path
                        + " (masked: it got an empty file)", p.open, Evidence.of(e));
                return;
            }
            ctx.findings().raise("credential-access", Severity.HIGH, p.how + " " + p.secret.what + ": " + p.path, p.open);
        }
        for (FileAccess a : accesses) {
            if (a.kind() != Kind.READ && a.kind() != Kind.WRITE && a.kind() != Kind.CREATE && a.kind() != Kind.STAT) continue;
            for (Secret s : SECRETS) {
                if (!s.path.matcher(a.path()).find()) continue;
                if (a.kind() == Kind.STAT) {
                    // ls -la /etc stats /etc/shadow too: looking is not taking
                    ctx.findings().raise("credential-access", Severity.INFO, "looked at " + s.what + ": " + a.path(), Evidence.of(e));
                } else if (a.success()) {
                    pending = new Opened(Evidence.of(e), a.kind() == Kind.READ ? "read" : "opened for writing", s, a.path());
                } else {
                    ctx.findings().raise("credential-access", Severity.MEDIUM,
                            "tried to open (" + a.errno() + ") " + s.what + ": " + a.path(), Evidence.of(e));
                }
                break;
            }
            if (pending != null) break;
        }
    }

    @Override
    public void finish(Context ctx) {
        if (pending != null) accept(new TraceEvent(java.util.Map.of("event_type", "end")), List.of(), ctx);
    }
}

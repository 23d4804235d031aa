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

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        for (FileAccess a : accesses) {
            if (a.kind() != Kind.READ && a.kind() != Kind.WRITE && a.kind() != Kind.CREATE && a.kind() != Kind.STAT) continue;
            for (Secret s : SECRETS) {
                if (!s.path.matcher(a.path()).find()) continue;
                Severity sev;
                String how;
                if (a.kind() == Kind.STAT) {
                    // ls -la /etc stats /etc/shadow too: looking is not taking
                    sev = Severity.INFO;
                    how = "looked at";
                } else if (a.success()) {
                    sev = Severity.HIGH;
                    how = a.kind() == Kind.READ ? "read" : "opened for writing";
                } else {
                    sev = Severity.MEDIUM;
                    how = "tried to open (" + a.errno() + ")";
                }
                ctx.findings().raise("credential-access", sev, how + " " + s.what + ": " + a.path(), Evidence.of(e));
                break;
            }
        }
    }
}

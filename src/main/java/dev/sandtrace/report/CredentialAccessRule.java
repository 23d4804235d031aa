package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code credential-access}: a secret's file opened (high), an attempt that failed or was denied
 * (medium), or only looked at (stat, access: info). Paths are matched wherever the home directory is.
 */
final class CredentialAccessRule implements Rule {
    private record Secret(Pattern path, String what) { }

    /**
     * Secrets and the installed tools whose own credentials they are: npm reads ~/.npmrc, ssh its
     * keys, git its credential store on every run. Such a read is routine (info); the same file
     * read by anything else, a tool's own child included (npm's postinstall script), is not.
     */
    private record Owners(Pattern path, Set<String> tools) { }

    private static final List<Owners> OWNERS = List.of(
            new Owners(Pattern.compile("/\\.npmrc$"), Set.of("npm", "npx", "yarn", "pnpm", "npm-cli.js", "npx-cli.js")),
            new Owners(Pattern.compile("/\\.netrc$"), Set.of("curl", "wget", "ftp", "lftp", "git-remote-http", "git-remote-https", "pip")),
            new Owners(Pattern.compile("/\\.git-credentials$"), Set.of("git", "git-credential-store")),
            new Owners(Pattern.compile("/\\.pypirc$"), Set.of("twine", "pip", "poetry", "flit", "hatch")),
            new Owners(Pattern.compile("/\\.pgpass$"), Set.of("psql", "pg_dump", "pg_dumpall", "pg_restore", "pg_basebackup")),
            new Owners(Pattern.compile("/\\.my\\.cnf$"), Set.of("mysql", "mysqldump", "mariadb", "mariadb-dump")),
            new Owners(Pattern.compile("/\\.vault-token$"), Set.of("vault")),
            new Owners(Pattern.compile("/\\.config/gh/hosts\\.yml$"), Set.of("gh")),
            new Owners(Pattern.compile("/\\.cargo/credentials(\\.toml)?$"), Set.of("cargo")),
            new Owners(Pattern.compile("/\\.gem/credentials$"), Set.of("gem")),
            new Owners(Pattern.compile("/\\.docker/config\\.json$"), Set.of("docker", "podman")),
            new Owners(Pattern.compile("/\\.kube/config$"), Set.of("kubectl", "helm", "k9s")),
            new Owners(Pattern.compile("/\\.aws/(credentials|config)$"), Set.of("aws", "terraform")),
            new Owners(Pattern.compile("/\\.ssh/|^/etc/ssh/"), Set.of("ssh", "scp", "sftp", "ssh-add", "ssh-keygen", "sshd")),
            new Owners(Pattern.compile("/\\.gnupg/"), Set.of("gpg", "gpg2", "gpg-agent", "gpgsm", "gpgconf", "keyboxd")),
            new Owners(Pattern.compile("^/etc/(g?shadow-?|security/opasswd)$"), Set.of("passwd", "login", "su", "sudo", "sshd",
                    "unix_chkpwd", "chpasswd", "useradd", "usermod", "userdel", "groupadd", "pwck", "grpck", "chage")));

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
        if (e.is("violation") && e.num("syscall_seq", -1) < 0 && e.str("target") != null) {
            // -e trace= left the syscall out: the denial is all the trace has of the attempt
            for (Secret s : SECRETS) {
                if (s.path.matcher(e.str("target")).find()) {
                    ctx.findings().raise("credential-access", Severity.MEDIUM, "tried to open (denied by " + e.str("layer") + ") "
                            + s.what + ": " + e.str("target"), Evidence.of(e));
                    break;
                }
            }
        }
        for (FileAccess a : accesses) {
            if (a.kind() != Kind.READ && a.kind() != Kind.WRITE && a.kind() != Kind.CREATE && a.kind() != Kind.STAT) continue;
            for (Secret s : SECRETS) {
                if (!s.path.matcher(a.path()).find()) continue;
                String owner = owner(a, ctx.processes().find(a.pid()));
                if (owner != null) {
                    ctx.findings().raise("credential-access", Severity.INFO, owner + (a.success() ? " used its own " : " looked for its own ")
                            + s.what.replaceFirst("^an? |^the ", "") + ": " + a.path() + (a.success() ? "" : " (" + a.errno() + ")"),
                            Evidence.of(e));
                } else if (a.kind() == Kind.STAT) {
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

    /** The name of the installed tool that owns this secret when {@code p} is it, else null. */
    private static String owner(FileAccess a, ProcessTable.Proc p) {
        if (p == null || p.command == null) return null;
        String tool = p.command;
        if (Programs.interpreter(tool) && p.argv.size() > 1) {
            // node /usr/bin/npm, python3 /usr/bin/aws; python3 -m pip names a module, found on the system path
            tool = p.argv.get(1).equals("-m") && p.argv.size() > 2 ? p.command : p.argv.get(1);
            String name = p.argv.get(1).equals("-m") && p.argv.size() > 2 ? p.argv.get(2) : Programs.name(tool);
            return installed(tool) && owns(a.path(), name) ? name : null;
        }
        // a program named ssh in /tmp is not the ssh client
        String name = Programs.name(tool);
        return installed(tool) && owns(a.path(), name) ? name : null;
    }

    private static boolean installed(String path) {
        return path.startsWith("/usr/") || path.startsWith("/bin/") || path.startsWith("/sbin/") || path.startsWith("/lib/");
    }

    private static boolean owns(String path, String tool) {
        for (Owners o : OWNERS) {
            if (o.path.matcher(path).find() && o.tools.contains(tool)) return true;
        }
        return false;
    }

    @Override
    public void finish(Context ctx) {
        if (pending != null) accept(new TraceEvent(java.util.Map.of("event_type", "end")), List.of(), ctx);
    }
}

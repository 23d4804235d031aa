package dev.sandtrace.report;

import dev.sandtrace.report.FileAccess.Kind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code persistence}: a change (write, create, rename onto, chmod) to a file that makes code run
 * again later: shell start-up files, cron, systemd units, autostart entries, init scripts,
 * authorized_keys, ld.so.preload. Attempts count as much as successes: the intent is the finding.
 */
final class PersistenceRule implements Rule {
    private record Place(Pattern path, String what, Severity severity) { }

    private static final List<Place> PLACES = List.of(
            new Place(Pattern.compile("^/etc/ld\\.so\\.preload$"), "the dynamic linker's preload list", Severity.CRITICAL),
            new Place(Pattern.compile("/\\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv"
                    + "|zlogin|cshrc|tcshrc|kshrc|mkshrc)$|/\\.config/fish/config\\.fish$"
                    + "|^/etc/(profile|bash\\.bashrc|environment|zsh/[^/]*)$|^/etc/profile\\.d/"), "a shell start-up file",
                    Severity.HIGH),
            new Place(Pattern.compile("^/etc/cron|^/etc/crontab$|^/var/spool/(cron|anacron)/|^/etc/anacrontab$"),
                    "a cron table", Severity.HIGH),
            new Place(Pattern.compile("/\\.config/systemd/user/|/\\.local/share/systemd/user/|^/etc/systemd/"
                    + "|^/(usr/)?lib/systemd/(system|user)/"), "a systemd unit", Severity.HIGH),
            new Place(Pattern.compile("/\\.config/autostart/|^/etc/xdg/autostart/"), "a desktop autostart entry",
                    Severity.HIGH),
            new Place(Pattern.compile("^/etc/(rc\\.local|init\\.d/|init/|rc[0-6S]\\.d/)"), "an init script", Severity.HIGH),
            new Place(Pattern.compile("/\\.ssh/authorized_keys2?$"), "SSH authorized_keys", Severity.HIGH),
            new Place(Pattern.compile("/\\.config/"), "a configuration file under ~/.config", Severity.LOW));

    @Override
    public void accept(TraceEvent e, List<FileAccess> accesses, Context ctx) {
        for (FileAccess a : accesses) {
            String path = switch (a.kind()) {
                case WRITE, CREATE, ATTRIBUTES -> a.path();
                case RENAME -> a.target();
                default -> null;
            };
            if (path == null) continue;
            for (Place p : PLACES) {
                if (!p.path.matcher(path).find()) continue;
                String how = (a.kind() == Kind.ATTRIBUTES ? "changed attributes of " : a.kind() == Kind.CREATE
                        ? "created " : "modified ") + p.what + ": " + path;
                if (!a.success()) how = "tried to: " + how + " (" + a.errno() + ")";
                ctx.findings().raise("persistence", p.severity, how, Evidence.of(e));
                break;
            }
        }
    }
}

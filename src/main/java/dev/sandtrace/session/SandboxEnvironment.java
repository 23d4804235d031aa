package dev.sandtrace.session;

import dev.sandtrace.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The environment a sandboxed sample starts with. The caller's environment is full of
 * credentials (cloud keys, registry tokens, the ssh agent's socket) that no mount mask can hide,
 * so the sample gets only what programs need to behave normally, plus what the policy's
 * {@code [env]} table and the --env flags name. Documented in docs/sandbox.md ("Environment").
 */
public final class SandboxEnvironment {
    /** Passed when the caller has them: locale, terminal and time zone change output, never grant anything. */
    static final List<String> STANDARD = List.of("LANG", "TERM", "TZ");
    /** What a shell uses when PATH is unset (Debian's login default), filtered like the caller's. */
    static final String FALLBACK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SandboxEnvironment() {}

    /** As {@link #of(Map, Policy, Path, String, Predicate)}, PATH entries checked on this machine. */
    public static List<String> of(Map<String, String> caller, Policy policy, Path home, String account) {
        return of(caller, policy, home, account, Files::isDirectory);
    }

    /**
     * The sample's environment as sorted {@code NAME=value} entries: {@code caller}'s environment
     * reduced to PATH (see {@link #path}), HOME ({@code home}, the private home the mount view
     * provides), USER and LOGNAME (the caller's, else {@code account}, the uid's name; null when
     * it has none), LANG, LC_*, TERM and TZ; then {@code policy.env()}: its {@code pass} names
     * with the caller's values, its {@code set} on top, or with {@code keepAll} everything.
     */
    public static List<String> of(Map<String, String> caller, Policy policy, Path home, String account,
            Predicate<Path> isDirectory) {
        Policy.Env env = policy.env();
        Map<String, String> out = new TreeMap<>();
        if (env.keepAll()) {
            out.putAll(caller);
        } else {
            String path = path(caller.get("PATH"), policy.filesystem(), isDirectory);
            if (path != null) out.put("PATH", path);
            if (home != null) out.put("HOME", home.toString());
            for (String name : List.of("USER", "LOGNAME")) {
                String v = caller.getOrDefault(name, account);
                if (v != null && !v.isEmpty()) out.put(name, v);
            }
            caller.forEach((name, value) -> {
                if (STANDARD.contains(name) || name.startsWith("LC_")) out.put(name, value);
            });
            for (String name : env.pass()) {
                String v = caller.get(name);
                if (v != null) out.put(name, v);
            }
        }
        if (policy.network().proxied()) out.putAll(proxyVariables(dev.sandtrace.sandbox.Launcher.PROXY_PORT));
        out.putAll(env.set());
        List<String> entries = new ArrayList<>(out.size());
        out.forEach((name, value) -> entries.add(name + "=" + value));
        return entries;
    }

    /**
     * What HTTP clients read to find a proxy (curl, wget, git, pip, npm, cargo, Python's urllib,
     * Go's net/http), in both spellings: with allow_hosts the egress proxy is the only way out, so
     * it replaces any proxy of the caller's. The sample's own loopback stays direct.
     */
    static Map<String, String> proxyVariables(int port) {
        String url = "http://127.0.0.1:" + port;
        Map<String, String> vars = new TreeMap<>();
        for (String name : List.of("http_proxy", "https_proxy", "all_proxy")) {
            vars.put(name, url);
            vars.put(name.toUpperCase(java.util.Locale.ROOT), url);
        }
        vars.put("no_proxy", "localhost,127.0.0.1,::1");
        vars.put("NO_PROXY", "localhost,127.0.0.1,::1");
        vars.put("npm_config_proxy", url);
        vars.put("npm_config_https_proxy", url);
        vars.put("PIP_PROXY", url);
        return vars;
    }

    /**
     * PATH for the sandbox: the caller's entries that exist and lie beneath an exec-allowed path
     * and beneath no denied one, in the caller's order; when none does, {@link #FALLBACK_PATH}
     * filtered the same way; null when that is empty too. A lookup through an entry the sandbox
     * masks or cannot execute from only fails (and shows up as a denial), so such entries go.
     */
    static String path(String callerPath, Policy.Filesystem fs, Predicate<Path> isDirectory) {
        String kept = usable(callerPath, fs, isDirectory);
        if (kept.isEmpty()) kept = usable(FALLBACK_PATH, fs, isDirectory);
        return kept.isEmpty() ? null : kept;
    }

    private static String usable(String path, Policy.Filesystem fs, Predicate<Path> isDirectory) {
        if (path == null) return "";
        Set<String> kept = new LinkedHashSet<>();
        for (String entry : path.split(":")) {
            // an empty or relative entry means the working directory: lookups there are a surprise the sample does not need
            if (!entry.startsWith("/")) continue;
            Path p = Path.of(entry).normalize();
            if (beneathAny(p, fs.allowExec()) && !beneathAny(p, fs.deny()) && isDirectory.test(p)) kept.add(p.toString());
        }
        return String.join(":", kept);
    }

    private static boolean beneathAny(Path p, List<Path> roots) {
        for (Path root : roots) {
            if (p.startsWith(root)) return true;
        }
        return false;
    }

    /** The names of {@code NAME=value} entries, sorted: what a trace header may show of an environment. */
    public static List<String> names(List<String> entries) {
        return entries.stream().map(e -> e.substring(0, Math.max(e.indexOf('='), 0))).sorted().distinct().toList();
    }

    /** Why {@code name} cannot be an environment variable's name, or null when it can. */
    public static String invalidName(String name) {
        if (name.isEmpty()) return "an environment variable needs a name";
        if (name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) return "an environment variable's name cannot contain '=' or NUL: " + name;
        return null;
    }

    /**
     * {@code over} merged on top of {@code under} (the --env flags on the policy's table): keepAll
     * from either, both pass lists; {@code over}'s set wins, and a name {@code over} passes is no
     * longer set by {@code under}, so the caller's value of it wins over the policy's.
     */
    public static Policy.Env merge(Policy.Env under, Policy.Env over) {
        List<String> pass = new ArrayList<>(under.pass());
        for (String name : over.pass()) if (!pass.contains(name)) pass.add(name);
        Map<String, String> set = new TreeMap<>(under.set());
        over.pass().forEach(set::remove);
        set.putAll(over.set());
        return new Policy.Env(under.keepAll() || over.keepAll(), List.copyOf(pass), Map.copyOf(set));
    }
}

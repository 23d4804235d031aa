package dev.sandtrace.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts the proxy lets a sample reach (the policy's {@code allow_hosts}). An entry is a host
 * name ({@code registry.npmjs.org}), a wildcard for every name below a domain but not the domain
 * itself ({@code *.pythonhosted.org}), an IPv4 address ({@code 127.0.0.1}) or an IPv6 address in
 * brackets ({@code [::1]}), each optionally followed by {@code :port} to allow only that port.
 * Matching ignores case and a trailing dot. Rules are checked on the name the client asked for,
 * never on what it resolves to: an entry allows whatever that name points to. {@code *} alone
 * allows every host (each connection is still a logged, named event: what {@code learn} and an
 * analyst watching a sample want).
 */
public final class HostRules {
    /** The outcome of {@link #check}: {@code reason} is one line, fit for a 403 body or a trace. */
    public record Verdict(boolean allowed, String reason) {}

    private record Rule(String text, boolean wildcard, String host, int port) {
        boolean matchesName(String candidate, boolean literal) {
            if (host.equals("*")) return true;
            if (!wildcard) return host.equals(candidate);
            // a wildcard is for names: "*.0.0.1" must not become a way to allow addresses
            return !literal && candidate.endsWith("." + host);
        }
    }

    private final List<Rule> rules;

    private HostRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses {@code allow_hosts} entries; throws IllegalArgumentException naming the first bad entry. */
    public static HostRules parse(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) rules.add(parseEntry(entry));
        return new HostRules(rules);
    }

    public static HostRules none() {
        return new HostRules(List.of());
    }

    /** The entries in their normal spelling (lower case, no trailing dot, compressed IPv6). */
    public List<String> entries() {
        return rules.stream().map(Rule::text).toList();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public Verdict check(String host, int port) {
        String name = HostName.normalize(host);
        if (name == null) return new Verdict(false, "\"" + host + "\" is not a valid host name");
        String shown = HostName.display(name);
        if (port < 1 || port > 65535) return new Verdict(false, "port " + port + " of " + shown + " is not a valid port");
        boolean literal = HostName.isLiteral(name);
        List<String> otherPorts = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.matchesName(name, literal)) continue;
            if (rule.port == 0 || rule.port == port) return new Verdict(true, "allowed by " + rule.text);
            otherPorts.add(rule.text);
        }
        if (!otherPorts.isEmpty()) {
            return new Verdict(false, "port " + port + " of " + shown + " is not allowed (" + String.join(", ", otherPorts) + ")");
        }
        return new Verdict(false, shown + " is not in allow_hosts");
    }

    @Override
    public String toString() {
        return "HostRules" + entries();
    }

    private static Rule parseEntry(String entry) {
        if (entry == null || entry.isEmpty()) throw bad(entry, "is empty");
        for (int i = 0; i < entry.length(); i++) {
            if (Character.isWhitespace(entry.charAt(i))) throw bad(entry, "contains white space");
        }
        int scheme = entry.indexOf("://");
        if (scheme >= 0) throw bad(entry, "has a scheme; write the host alone, as in " + suggestion(entry.substring(scheme + 3)));
        if (entry.indexOf('/') >= 0) throw bad(entry, "has a path; write the host alone, as in " + suggestion(entry));
        if (entry.indexOf('@') >= 0) throw bad(entry, "has a user name; write the host alone");

        String hostPart = entry;
        int port = 0;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) throw bad(entry, "has no closing ]");
            hostPart = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw bad(entry, "has something other than :port after ]");
                port = port(entry, rest.substring(1));
            }
            if (hostPart.indexOf(':') < 0) throw bad(entry, "brackets are for IPv6 addresses only");
        } else {
            int colon = entry.indexOf(':');
            if (colon >= 0) {
                if (entry.indexOf(':', colon + 1) >= 0) throw bad(entry, "write IPv6 addresses in brackets, as in [::1]:8080");
                hostPart = entry.substring(0, colon);
                port = port(entry, entry.substring(colon + 1));
            }
        }

        boolean wildcard = false;
        // every host, each connection logged by name: for learning and for watching a sample talk
        if (hostPart.equals("*")) return new Rule("*" + (port == 0 ? "" : ":" + port), false, "*", port);
        if (hostPart.startsWith("*.")) {
            wildcard = true;
            hostPart = hostPart.substring(2);
            if (hostPart.isEmpty() || hostPart.equals(".")) throw bad(entry, "has no domain after \"*.\"");
        }
        if (hostPart.indexOf('*') >= 0) throw bad(entry, "\"*\" may only stand alone as the first label, as in *.example.com");
        String host = HostName.normalize(hostPart);
        if (host == null) throw bad(entry, "is not a valid host name or IP address");
        if (wildcard && HostName.isLiteral(host)) throw bad(entry, "\"*.\" needs a domain name, not an address");

        String text = (wildcard ? "*." : "") + HostName.display(host) + (port == 0 ? "" : ":" + port);
        return new Rule(text, wildcard, host, port);
    }

    private static int port(String entry, String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(entry, "has a bad port \"" + text + "\" (a number 1-65535)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) throw bad(entry, "has a bad port " + port + " (a number 1-65535)");
        return port;
    }

    /** "https://PyPI.org/simple" is meant as "pypi.org": say so rather than only what is wrong. */
    private static String suggestion(String withoutScheme) {
        int slash = withoutScheme.indexOf('/');
        String authority = slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
        int at = authority.lastIndexOf('@');
        return (at < 0 ? authority : authority.substring(at + 1)).toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException bad(String entry, String problem) {
        return new IllegalArgumentException("allow_hosts entry " + (entry == null ? "null" : "\"" + entry + "\"") + " " + problem);
    }
}

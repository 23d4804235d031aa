package dev.sandtrace.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed proxy request head: {@code CONNECT host:port} or an absolute-form
 * {@code GET http://host:port/path HTTP/1.1}. Parsing is strict where leniency would let the
 * client and the server disagree about what was asked (folded header lines, stray CR, control
 * characters, a user name in the authority): such a request is refused, not repaired.
 */
record HttpRequestHead(String method, String target, String version, List<Header> headers) {
    record Header(String name, String value) {}

    /** What to send the server for an absolute-form request, and where. */
    record OriginRequest(Authority authority, byte[] head) {}

    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 100;

    /**
     * Headers for this hop only (RFC 9110 section 7.6.1), plus Host, which is rewritten from the
     * URL so that a server fronting many names routes by the name the rule allowed.
     */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "host", "connection", "proxy-connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "upgrade");

    /** The body is relayed as bytes, so the headers that frame it must reach the server whatever Connection says. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");

    static HttpRequestHead parse(String text) throws Refusal {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) nl = text.length();
            int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            lines.add(text.substring(start, end));
            start = nl + 1;
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
        if (lines.isEmpty()) throw Refusal.badRequest("empty request");

        String requestLine = lines.getFirst();
        checkCharacters(requestLine, "request line");
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3) throw Refusal.badRequest("malformed request line \"" + abbreviate(requestLine) + "\"");
        String method = parts[0];
        if (method.isEmpty() || !method.chars().allMatch(HttpRequestHead::tokenChar)) {
            throw Refusal.badRequest("malformed method \"" + abbreviate(method) + "\"");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw Refusal.badRequest("unsupported version \"" + abbreviate(version) + "\" (HTTP/1.0 or HTTP/1.1)");
        }
        if (parts[1].isEmpty()) throw Refusal.badRequest("empty request target");

        List<Header> headers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) throw Refusal.badRequest("empty line inside the request head");
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') throw Refusal.badRequest("folded header line");
            checkCharacters(line, "header");
            int colon = line.indexOf(':');
            if (colon <= 0) throw Refusal.badRequest("malformed header line \"" + abbreviate(line) + "\"");
            String name = line.substring(0, colon);
            if (!name.chars().allMatch(HttpRequestHead::tokenChar)) {
                throw Refusal.badRequest("malformed header name \"" + abbreviate(name) + "\"");
            }
            headers.add(new Header(name, line.substring(colon + 1).strip()));
        }
        if (headers.size() > MAX_HEADERS) throw Refusal.headTooLarge("more than " + MAX_HEADERS + " header lines");
        return new HttpRequestHead(method, parts[1], version, List.copyOf(headers));
    }

    boolean isConnect() {
        return method.equals("CONNECT");
    }

    /** The {@code host:port} of a CONNECT. */
    Authority connectAuthority() throws Refusal {
        if (target.indexOf('/') >= 0) throw Refusal.badRequest("CONNECT needs host:port, not \"" + abbreviate(target) + "\"");
        return Authority.parse(target, 0);
    }

    /**
     * The request rewritten for the origin server: origin-form request line, Host from the URL,
     * hop-by-hop headers dropped, {@code Connection: close} (one request per client connection,
     * so the proxy never has to find where a response ends).
     */
    OriginRequest originRequest() throws Refusal {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd < 0) {
            throw new Refusal(405, Socks5Handshake.GENERAL_FAILURE,
                    "this is a proxy: request an absolute http:// URL, or CONNECT host:port for anything else");
        }
        String scheme = target.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) throw Refusal.badRequest("https:// URLs go through CONNECT host:443, not a plain request");
        if (!scheme.equals("http")) throw Refusal.badRequest("unsupported URL scheme \"" + abbreviate(scheme) + "\" (http only)");
        String rest = target.substring(schemeEnd + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) rest = rest.substring(0, fragment);
        int pathStart = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?') {
                pathStart = i;
                break;
            }
        }
        Authority authority = Authority.parse(rest.substring(0, pathStart), 80);
        String path = rest.substring(pathStart);
        if (path.isEmpty()) path = "/";
        else if (path.charAt(0) == '?') path = "/" + path;

        Set<String> named = new HashSet<>();
        for (Header header : headers) {
            if (!header.name.equalsIgnoreCase("connection") && !header.name.equalsIgnoreCase("proxy-connection")) continue;
            for (String token : header.value.split(",")) named.add(token.strip().toLowerCase(Locale.ROOT));
        }
        named.removeAll(FRAMING);

        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(path).append(' ').append(version).append("\r\n");
        String hostHeader = authority.port() == 80 ? HostName.display(authority.host()) : authority.toString();
        head.append("Host: ").append(hostHeader).append("\r\n");
        for (Header header : headers) {
            String lower = header.name.toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lower) || named.contains(lower)) continue;
            head.append(header.name).append(": ").append(header.value).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return new OriginRequest(authority, head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Tab and visible characters only: a bare CR or NUL is read differently by different servers. */
    private static void checkCharacters(String line, String what) throws Refusal {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) throw Refusal.badRequest("control character in the " + what);
        }
    }

    private static boolean tokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

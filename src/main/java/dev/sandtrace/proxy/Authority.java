package dev.sandtrace.proxy;

/** A normalised host and a port, as named in a CONNECT target, a URL or a SOCKS5 request. */
record Authority(String host, int port) {
    /**
     * Parses {@code host:port}, {@code [v6]:port}, or without the port when {@code defaultPort}
     * is not 0. A user name ({@code allowed.test@evil.test}) is refused: which host such an
     * authority means depends on who parses it.
     */
    static Authority parse(String text, int defaultPort) throws Refusal {
        if (text.isEmpty()) throw Refusal.badRequest("no host in the request");
        if (text.indexOf('@') >= 0) throw Refusal.badRequest("a user name in \"" + text + "\" is not allowed");
        String hostText;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw Refusal.badRequest("no closing ] in \"" + text + "\"");
            hostText = text.substring(1, close);
            if (hostText.indexOf(':') < 0) throw Refusal.badRequest("brackets around a non-IPv6 host in \"" + text + "\"");
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw Refusal.badRequest("bad authority \"" + text + "\"");
                portText = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            hostText = colon < 0 ? text : text.substring(0, colon);
            if (colon >= 0) portText = text.substring(colon + 1);
        }
        int port;
        if (portText == null) {
            if (defaultPort == 0) throw Refusal.badRequest("no port in \"" + text + "\"");
            port = defaultPort;
        } else {
            port = port(portText, text);
        }
        String host = HostName.normalize(hostText);
        if (host == null) throw Refusal.badRequest("\"" + hostText + "\" is not a valid host name");
        return new Authority(host, port);
    }

    private static int port(String portText, String text) throws Refusal {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Refusal.badRequest("bad port in \"" + text + "\"");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) throw Refusal.badRequest("bad port in \"" + text + "\"");
        return port;
    }

    /** host:port as written in a Host header or a message: IPv6 in brackets. */
    @Override
    public String toString() {
        return HostName.display(host) + ":" + port;
    }
}

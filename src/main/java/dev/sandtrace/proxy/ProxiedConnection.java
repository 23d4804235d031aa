package dev.sandtrace.proxy;

/**
 * What one client connection to the proxy did, reported once after it ended.
 *
 * @param protocol {@code "connect"} (HTTP CONNECT tunnel), {@code "http"} (absolute-form HTTP
 *     request), {@code "socks5"}, or {@code "unknown"} when the client sent no request the proxy
 *     could classify (it stayed silent, closed at once, spoke something else, or was turned away
 *     because too many connections were open)
 * @param host the host the client asked for, normalised (lower case, no trailing dot, IPv6
 *     without brackets), or {@code null} when it never named one
 * @param port the port the client asked for, 0 when it never named one
 * @param allowed whether the allow-list accepted the host and port; true also when connecting to
 *     an allowed host then failed (see {@code address} and {@code reason})
 * @param reason why it was allowed or refused, in one line
 * @param address the address the proxy connected to on the host side, {@code null} when it did not
 *     connect
 * @param bytesUp bytes forwarded from the client to the server: for {@code "http"} this includes
 *     the rewritten request head; for a tunnel only what followed the handshake
 * @param bytesDown bytes forwarded from the server to the client
 * @param startNanos {@link System#nanoTime()} when the connection was accepted
 * @param durationNanos from accept to the end of the connection
 */
public record ProxiedConnection(
        String protocol,
        String host,
        int port,
        boolean allowed,
        String reason,
        String address,
        long bytesUp,
        long bytesDown,
        long startNanos,
        long durationNanos) {}

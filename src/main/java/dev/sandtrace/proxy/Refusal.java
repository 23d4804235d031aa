package dev.sandtrace.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Why the proxy turns a client away, with the answer for each protocol: an HTTP status and a
 * SOCKS5 reply code ({@link #NO_REPLY} when the handshake already answered). Thrown from deep in
 * request parsing to the one place that answers and reports; it carries no stack trace because it
 * is an outcome, not a bug.
 */
final class Refusal extends Exception {
    static final int NO_REPLY = -1;

    private final int httpStatus;
    private final int socksReply;

    Refusal(int httpStatus, int socksReply, String reason) {
        super(reason, null, false, false);
        this.httpStatus = httpStatus;
        this.socksReply = socksReply;
    }

    static Refusal badRequest(String reason) {
        return new Refusal(400, Socks5Handshake.GENERAL_FAILURE, reason);
    }

    static Refusal headTooLarge(String reason) {
        return new Refusal(431, Socks5Handshake.GENERAL_FAILURE, reason);
    }

    static Refusal forbidden(String reason) {
        return new Refusal(403, Socks5Handshake.NOT_ALLOWED, reason);
    }

    static Refusal badGateway(int socksReply, String reason) {
        return new Refusal(502, socksReply, reason);
    }

    String reason() {
        return getMessage();
    }

    int httpStatus() {
        return httpStatus;
    }

    int socksReply() {
        return socksReply;
    }

    /** A complete response that ends the connection: the body is the reason, for a human reading curl's output. */
    byte[] httpResponse() {
        return httpResponse(httpStatus, reason());
    }

    static byte[] httpResponse(int status, String reason) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + phrase(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    private static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}

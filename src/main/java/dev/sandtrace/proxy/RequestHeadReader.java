package dev.sandtrace.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an HTTP request head (request line, header lines, empty line) from a client that may be
 * hostile: never more than {@code maxBytes} and {@code maxLines} header lines, in chunks rather
 * than byte by byte. A chunk may hold bytes past the head (a request body, or a TLS ClientHello
 * sent before the CONNECT reply); they are returned as {@code leftover} for the server.
 */
final class RequestHeadReader {
    /** {@code text} is the head as ISO-8859-1, up to and including the empty line. */
    record Head(String text, byte[] leftover) {}

    private RequestHeadReader() {}

    static Head read(InputStream in, int firstByte, int maxBytes, int maxHeaderLines) throws IOException, Refusal {
        byte[] buf = new byte[maxBytes];
        buf[0] = (byte) firstByte;
        int length = 1;
        int scanned = 0;
        int lineStart = 0;
        int lines = 0;
        while (true) {
            for (; scanned < length; scanned++) {
                if (buf[scanned] != '\n') continue;
                int lineEnd = scanned > lineStart && buf[scanned - 1] == '\r' ? scanned - 1 : scanned;
                if (lineEnd == lineStart) {
                    if (lines == 0) throw Refusal.badRequest("empty request line");
                    int end = scanned + 1;
                    return new Head(new String(buf, 0, end, StandardCharsets.ISO_8859_1), Arrays.copyOfRange(buf, end, length));
                }
                // the request line plus maxHeaderLines headers
                if (++lines > maxHeaderLines + 1) throw Refusal.headTooLarge("more than " + maxHeaderLines + " header lines");
                lineStart = scanned + 1;
            }
            if (length == maxBytes) throw Refusal.headTooLarge("request head larger than " + maxBytes / 1024 + " KiB");
            int n = in.read(buf, length, maxBytes - length);
            if (n < 0) throw new EOFException("closed before the end of the request head");
            length += n;
        }
    }
}

package dev.sandtrace.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One accepted client connection. The proxy reads and writes it from two threads at once (one per
 * relay direction) and closes it from a third (the request-timeout watchdog, or
 * {@link EgressProxy#close()}), so {@link #close()} must make a read or write blocked in another
 * thread return or throw. A {@link Socket} or a {@code SocketChannel} does; a
 * {@code FileInputStream} over a socket descriptor does not (a blocked {@code read(2)} outlives
 * {@code close(2)} on Linux): shut the socket down ({@code shutdown(fd, SHUT_RDWR)}) before
 * closing it.
 */
public interface ClientChannel extends Closeable {
    InputStream in();

    OutputStream out();

    /** Sends end-of-stream to the client and keeps reading from it (TCP half-close). */
    void shutdownOutput() throws IOException;

    /** A connected socket as a channel. */
    static ClientChannel of(Socket socket) {
        return new SocketClientChannel(socket);
    }
}

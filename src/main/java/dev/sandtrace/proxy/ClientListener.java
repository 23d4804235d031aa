package dev.sandtrace.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * Where the proxy's clients come from. {@link #accept()} blocks until a client connects; once the
 * listener is closed it returns {@code null} or throws. {@link EgressProxy} treats an exception
 * while the proxy is open as transient (it backs off and accepts again), so a listener that can
 * tell "closed" from "failed" should return {@code null} when closed.
 */
public interface ClientListener extends Closeable {
    ClientChannel accept() throws IOException;

    /** Adapts a bound server socket; closing the listener closes the server socket. */
    static ClientListener of(ServerSocket server) {
        return new ClientListener() {
            @Override
            public ClientChannel accept() throws IOException {
                if (server.isClosed()) return null;
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketException e) {
                    if (server.isClosed()) return null;
                    throw e;
                }
                try {
                    // a relay forwards whatever it has at once: small TLS handshake records must not wait for Nagle
                    socket.setTcpNoDelay(true);
                } catch (SocketException e) {
                    // the client is already gone: the first read will say so
                }
                return ClientChannel.of(socket);
            }

            @Override
            public void close() throws IOException {
                server.close();
            }

            @Override
            public String toString() {
                return "listener " + server.getLocalSocketAddress();
            }
        };
    }
}

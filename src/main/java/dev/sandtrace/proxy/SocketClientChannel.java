package dev.sandtrace.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A {@link ClientChannel} over a connected {@link Socket}, whose close unblocks reads in other threads. */
final class SocketClientChannel implements ClientChannel {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SocketClientChannel(Socket socket) {
        this.socket = socket;
        try {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            // only an unconnected or closed socket has no streams: the caller passed the wrong one
            throw new IllegalArgumentException("socket is not connected: " + socket, e);
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "client " + socket.getRemoteSocketAddress();
    }
}

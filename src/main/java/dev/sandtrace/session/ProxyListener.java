package dev.sandtrace.session;

import dev.sandtrace.linux.RawSocket;
import dev.sandtrace.proxy.ClientChannel;
import dev.sandtrace.proxy.ClientListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The egress proxy's listening socket in the sandbox's network namespace, as the proxy's {@link ClientListener}. */
final class ProxyListener implements ClientListener {
    private final RawSocket listening;

    ProxyListener(RawSocket listening) {
        this.listening = listening;
    }

    @Override
    public ClientChannel accept() throws IOException {
        RawSocket s = listening.accept();
        if (s == null) return null;
        s.noDelay();
        return new Channel(s);
    }

    @Override
    public void close() {
        listening.close();
    }

    /** RawSocket's close shuts the socket down first, which is what ClientChannel asks of close. */
    private record Channel(RawSocket socket, InputStream in, OutputStream out) implements ClientChannel {
        Channel(RawSocket socket) {
            this(socket, new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return socket.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    java.util.Objects.checkFromIndexSize(off, len, b.length);
                    return socket.read(b, off, len);
                }
            }, new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    socket.write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    java.util.Objects.checkFromIndexSize(off, len, b.length);
                    socket.write(b, off, len);
                }
            });
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}

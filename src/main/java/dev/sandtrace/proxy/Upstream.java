package dev.sandtrace.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Opens the host-side connection for an allowed request: every resolved address in turn. */
final class Upstream {
    /** Registers a socket before it connects, so that closing the proxy can abort the connect. */
    interface Tracker {
        void track(Socket socket) throws IOException;
    }

    private Upstream() {}

    static Socket connect(Authority target, Resolver resolver, int timeoutMillis, Tracker tracker) throws Refusal {
        InetAddress[] addresses = resolve(target.host(), resolver);
        List<String> failures = new ArrayList<>();
        boolean allRefused = true;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                tracker.track(socket);
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, target.port()), timeoutMillis);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                allRefused &= e instanceof ConnectException;
                failures.add(HostName.of(address) + ": " + e.getMessage());
            }
        }
        throw Refusal.badGateway(
                allRefused ? Socks5Handshake.CONNECTION_REFUSED : Socks5Handshake.HOST_UNREACHABLE,
                "cannot connect to " + target + " (" + String.join("; ", failures) + ")");
    }

    private static InetAddress[] resolve(String host, Resolver resolver) throws Refusal {
        // an address needs no resolver, and a test resolver that knows only names must not see one
        InetAddress literal = HostName.literal(host);
        if (literal != null) return new InetAddress[] {literal};
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw Refusal.badGateway(Socks5Handshake.HOST_UNREACHABLE, "cannot resolve " + host + ": " + e.getMessage());
        }
        if (addresses == null || addresses.length == 0) {
            throw Refusal.badGateway(Socks5Handshake.HOST_UNREACHABLE, "cannot resolve " + host + ": no addresses");
        }
        return addresses;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was sent on it
        }
    }
}

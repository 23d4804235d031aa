package dev.sandtrace.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection, from its first byte to its record: tells SOCKS5 from HTTP, reads the
 * request under a deadline, checks the rules, connects and relays, or answers with a refusal.
 * Runs on its own thread; everything that can go wrong ends here, in this connection's record.
 */
final class ConnectionHandler implements Runnable {
    private static final byte[] ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NOTHING = new byte[0];
    /** What a refused client may still send before the proxy stops listening: enough to let it read the answer. */
    private static final int DRAIN_LIMIT = 64 * 1024;
    private static final long DRAIN_MILLIS = 1000;

    private static final int READING_REQUEST = 0;
    private static final int EXPIRED = 1;
    private static final int SERVING = 2;

    private final EgressProxy proxy;
    private final ClientChannel client;
    private final String name;
    private final long startNanos;
    private final AtomicInteger state = new AtomicInteger(READING_REQUEST);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket server;
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

    // the record, filled in as the connection progresses; only the handler thread writes them
    private String protocol = "unknown";
    private String host;
    private int port;
    private boolean allowed;
    private String reason;
    private String address;
    private long bytesUp;
    private long bytesDown;

    ConnectionHandler(EgressProxy proxy, ClientChannel client, String name, long startNanos) {
        this.proxy = proxy;
        this.client = client;
        this.name = name;
        this.startNanos = startNanos;
    }

    String name() {
        return name;
    }

    /** Waits up to {@code millis} for {@link #run()} to end. */
    void join(long millis) throws InterruptedException {
        if (millis > 0) done.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        ScheduledFuture<?> deadline = proxy.schedule(this::expire, proxy.requestTimeoutMillis());
        try {
            serve();
        } catch (Refusal refusal) {
            refuse(refusal);
        } catch (IOException e) {
            if (state.get() == EXPIRED) {
                reason = "no complete request within " + proxy.requestTimeoutText();
            } else if (state.get() == READING_REQUEST) {
                reason = e instanceof EOFException ? e.getMessage() : "client connection failed during its request: " + e.getMessage();
            } else if (reason == null) {
                reason = e.getMessage();
            }
        } catch (InterruptedException e) {
            // only close() could mean this, and it closes the connection anyway
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // a bug in one connection must cost that connection only
            reason = (reason == null ? "" : reason + "; ") + "internal error: " + t;
        } finally {
            if (deadline != null) deadline.cancel(false);
            closeAll();
            proxy.finished(this, record());
            done.countDown();
        }
    }

    /** Closes both sides; any thread blocked on them returns. Safe to call from any thread, any number of times. */
    void closeAll() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // the connection is over either way
        }
        Socket s = server;
        if (s != null) closeQuietly(s);
    }

    private void serve() throws IOException, Refusal, InterruptedException {
        InputStream in = client.in();
        int first = in.read();
        if (first < 0) {
            reason = "closed without sending a request";
        } else if (first == Socks5Handshake.VERSION) {
            socks5();
        } else if (first == 4) {
            // a SOCKS4 client understands only its own refusal: version 0, code 91 "rejected or failed"
            client.out().write(new byte[] {0, 91, 0, 0, 0, 0, 0, 0});
            client.out().flush();
            reason = "SOCKS4 is not supported (SOCKS5 or HTTP)";
        } else {
            http(first);
        }
    }

    private void http(int first) throws IOException, Refusal, InterruptedException {
        if ((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z')) protocol = "http";
        RequestHeadReader.Head head = RequestHeadReader.read(client.in(), first, HttpRequestHead.MAX_BYTES, HttpRequestHead.MAX_HEADERS);
        HttpRequestHead request = HttpRequestHead.parse(head.text());
        protocol = request.isConnect() ? "connect" : "http";
        Authority target;
        byte[] toServer;
        if (request.isConnect()) {
            target = request.connectAuthority();
            toServer = head.leftover();
        } else {
            HttpRequestHead.OriginRequest origin = request.originRequest();
            target = origin.authority();
            toServer = concat(origin.head(), head.leftover());
        }
        Socket socket = open(target);
        if (request.isConnect()) {
            client.out().write(ESTABLISHED);
            client.out().flush();
        }
        relay(socket, toServer, !request.isConnect());
    }

    private void socks5() throws IOException, Refusal, InterruptedException {
        protocol = "socks5";
        Socks5Handshake.Request request = Socks5Handshake.read(client.in(), client.out());
        host = request.target().host();
        port = request.target().port();
        if (!request.isConnect()) throw request.unsupported();
        Socket socket = open(request.target());
        Socks5Handshake.reply(client.out(), Socks5Handshake.SUCCEEDED);
        relay(socket, NOTHING, false);
    }

    /** The request is complete: check it, stop the request deadline, connect. */
    private Socket open(Authority target) throws IOException, Refusal {
        host = target.host();
        port = target.port();
        HostRules.Verdict verdict = proxy.rules().check(host, port);
        reason = verdict.reason();
        if (!verdict.allowed()) throw Refusal.forbidden(verdict.reason());
        allowed = true;
        if (!state.compareAndSet(READING_REQUEST, SERVING)) throw new EOFException("request deadline passed");
        Socket socket = Upstream.connect(target, proxy.resolver(), proxy.connectTimeoutMillis(), this::track);
        address = HostName.of(socket.getInetAddress());
        return socket;
    }

    private void track(Socket socket) throws IOException {
        server = socket;
        // closeAll may have run before the socket was visible to it
        if (closed.get()) {
            closeQuietly(socket);
            throw new IOException("proxy closed");
        }
    }

    private void relay(Socket socket, byte[] toServer, boolean oneRequest) throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        out.write(toServer);
        bytesUp = toServer.length;
        // a plain request is over once its response is: a client that keeps its side open gets the request timeout to close it
        Runnable serverFinished = oneRequest ? () -> proxy.schedule(this::closeAll, proxy.requestTimeoutMillis()) : () -> {};
        Relay relay = new Relay(client, socket, toServer.length, serverFinished, proxy.threads());
        try {
            relay.run();
        } finally {
            bytesUp = relay.up();
            bytesDown = relay.down();
        }
    }

    private void refuse(Refusal refusal) {
        reason = refusal.reason();
        try {
            OutputStream out = client.out();
            if (protocol.equals("socks5")) {
                if (refusal.socksReply() != Refusal.NO_REPLY) Socks5Handshake.reply(out, refusal.socksReply());
            } else {
                out.write(refusal.httpResponse());
                out.flush();
            }
            client.shutdownOutput();
            drain();
        } catch (IOException | RuntimeException e) {
            // the client went away before hearing why: the record still says it
        }
    }

    /**
     * Reads what the client still sends, for a moment: closing a socket with unread input sends
     * a reset, and a reset can reach the client before it read the answer it was just sent.
     */
    private void drain() throws IOException {
        ScheduledFuture<?> stop = proxy.schedule(this::closeAll, Math.min(DRAIN_MILLIS, proxy.requestTimeoutMillis()));
        try {
            InputStream in = client.in();
            byte[] sink = new byte[8192];
            for (int total = 0, n; total < DRAIN_LIMIT && (n = in.read(sink)) >= 0; ) total += n;
        } finally {
            if (stop != null) stop.cancel(false);
        }
    }

    private void expire() {
        if (state.compareAndSet(READING_REQUEST, EXPIRED)) closeAll();
    }

    private ProxiedConnection record() {
        boolean connected = address != null;
        return new ProxiedConnection(protocol, host, port, allowed, reason, address,
                connected ? bytesUp : 0, connected ? bytesDown : 0, startNanos, System.nanoTime() - startNanos);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (b.length == 0) return a;
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the connection is over either way
        }
    }
}

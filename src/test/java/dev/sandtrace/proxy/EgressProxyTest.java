package dev.sandtrace.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EgressProxyTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int BIG = 50 * 1024 * 1024;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final BlockingQueue<ProxiedConnection> records = new LinkedBlockingQueue<>();
    private final List<ProxiedConnection> taken = new ArrayList<>();
    private final AtomicInteger inCallback = new AtomicInteger();
    private final AtomicBoolean overlappingCallbacks = new AtomicBoolean();
    private final List<String> resolved = Collections.synchronizedList(new ArrayList<>());
    private final Resolver resolver = host -> {
        resolved.add(host);
        if (host.equals("allowed.test") || host.equals("other.test")) return new InetAddress[] {LOOPBACK};
        throw new UnknownHostException(host + ": no such test host");
    };
    private final BlockingQueue<Map<String, List<String>>> originRequests = new LinkedBlockingQueue<>();

    private int echoPort;
    private int httpPort;
    private byte[] bigBlob;
    private int bigPort;
    private EgressProxy proxy;
    private InetSocketAddress proxyAddress;

    @BeforeEach
    void servers() throws IOException {
        echoPort = serve(EgressProxyTest::echo);
        HttpServer http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        http.createContext("/", exchange -> {
            var headers = new java.util.TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            headers.put(":uri", List.of(exchange.getRequestURI().toString()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            originRequests.add(headers);
            byte[] answer = exchange.getRequestMethod().equals("POST") ? body : "hello from origin".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
        closeAfter.add(() -> http.stop(0));
        httpPort = http.getAddress().getPort();
        startProxy(List.of("allowed.test", "nowhere.test"), EgressProxy.REQUEST_TIMEOUT, EgressProxy.MAX_CONNECTIONS);
    }

    @AfterEach
    void closeAll() throws Exception {
        if (proxy != null) proxy.close();
        for (AutoCloseable c : closeAfter.reversed()) c.close();
        assertThat(overlappingCallbacks).as("callback called by two threads at once").isFalse();
    }

    @Test
    void connectRelaysBothWaysAndReportsBytes() throws Exception {
        byte[] payload = randomBytes(100_000, 1);
        try (Socket socket = client()) {
            OutputStream out = socket.getOutputStream();
            // a client may send before the 200: those bytes must reach the server too
            byte[] head = ("CONNECT allowed.test:" + echoPort + " HTTP/1.1\r\nHost: allowed.test:" + echoPort + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            out.write(concat(head, Arrays.copyOf(payload, 1000)));
            assertThat(readHead(socket.getInputStream())).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
            out.write(payload, 1000, payload.length - 1000);
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo(payload);
        }
        ProxiedConnection r = nextRecord();
        assertThat(r.protocol()).isEqualTo("connect");
        assertThat(r.host()).isEqualTo("allowed.test");
        assertThat(r.port()).isEqualTo(echoPort);
        assertThat(r.allowed()).isTrue();
        assertThat(r.reason()).isEqualTo("allowed by allowed.test");
        assertThat(r.address()).isEqualTo("127.0.0.1");
        assertThat(r.bytesUp()).isEqualTo(payload.length);
        assertThat(r.bytesDown()).isEqualTo(payload.length);
        assertThat(r.durationNanos()).isPositive();
        assertThat(proxy.connectionsOpen()).isZero();
    }

    @Test
    void connectToAHostNotAllowedIsForbiddenAndNeverResolved() throws Exception {
        try (Socket socket = client()) {
            socket.getOutputStream().write(("CONNECT other.test:" + echoPort + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 403 Forbidden\r\n").endsWith("\r\n\r\nother.test is not in allow_hosts\n");
        }
        ProxiedConnection r = nextRecord();
        assertThat(r).extracting(ProxiedConnection::protocol, ProxiedConnection::host, ProxiedConnection::port, ProxiedConnection::allowed,
                        ProxiedConnection::reason, ProxiedConnection::address, ProxiedConnection::bytesUp, ProxiedConnection::bytesDown)
                .containsExactly("connect", "other.test", echoPort, false, "other.test is not in allow_hosts", null, 0L, 0L);
        assertThat(resolved).doesNotContain("other.test");
    }

    @Test
    void failingToResolveOrConnectIsBadGateway() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        String refused = exchange("CONNECT allowed.test:" + closedPort + " HTTP/1.1\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("cannot connect to allowed.test:" + closedPort + " (127.0.0.1: ");
        ProxiedConnection r = nextRecord();
        assertThat(r.allowed()).isTrue();
        assertThat(r.address()).isNull();
        assertThat(r.reason()).startsWith("cannot connect to allowed.test:" + closedPort);

        String unknown = exchange("CONNECT nowhere.test:443 HTTP/1.1\r\n\r\n");
        assertThat(unknown).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("cannot resolve nowhere.test");
        assertThat(nextRecord().reason()).startsWith("cannot resolve nowhere.test");
    }

    @Test
    void absoluteFormRequestsGoThroughWithAnHttpClient() throws Exception {
        HttpClient httpClient = HttpClient.newBuilder().proxy(ProxySelector.of(proxyAddress)).version(HttpClient.Version.HTTP_1_1).build();
        closeAfter.add(httpClient);
        HttpResponse<String> hello = httpClient.send(
                HttpRequest.newBuilder(URI.create("http://allowed.test:" + httpPort + "/hello?x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello from origin");
        Map<String, List<String>> seen = originRequests.poll(10, TimeUnit.SECONDS);
        assertThat(seen.get(":uri")).containsExactly("/hello?x=1");
        assertThat(seen.get("Host")).containsExactly("allowed.test:" + httpPort);
        assertThat(seen.get("Connection")).containsExactly("close");
        ProxiedConnection r = nextRecord();
        assertThat(r.protocol()).isEqualTo("http");
        assertThat(r.allowed()).isTrue();
        assertThat(r.bytesDown()).isGreaterThan("hello from origin".length());

        byte[] body = randomBytes(300_000, 2);
        HttpResponse<byte[]> posted = httpClient.send(
                HttpRequest.newBuilder(URI.create("http://allowed.test:" + httpPort + "/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(posted.body()).isEqualTo(body);
        assertThat(nextRecord().bytesUp()).isGreaterThan(body.length);

        HttpResponse<String> other = httpClient.send(
                HttpRequest.newBuilder(URI.create("http://other.test:" + httpPort + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).isEqualTo("other.test is not in allow_hosts\n");
        assertThat(nextRecord().allowed()).isFalse();
    }

    @Test
    void absoluteFormRequestIsRewrittenForTheOrigin() throws Exception {
        String response = exchange("GET http://ALLOWED.test:" + httpPort + "/path?q=1#frag HTTP/1.1\r\n"
                + "Host: other.test\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Proxy-Authorization: Basic c2VjcmV0\r\n"
                + "Connection: keep-alive, X-Hop\r\n"
                + "X-Hop: 1\r\n"
                + "X-Kept: yes\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("hello from origin");
        Map<String, List<String>> seen = originRequests.poll(10, TimeUnit.SECONDS);
        assertThat(seen.get(":uri")).containsExactly("/path?q=1");
        assertThat(seen.get("Host")).containsExactly("allowed.test:" + httpPort);
        assertThat(seen.get("Connection")).containsExactly("close");
        assertThat(seen.get("X-Kept")).containsExactly("yes");
        assertThat(seen).doesNotContainKeys("Proxy-Connection", "Proxy-Authorization", "X-Hop");
        assertThat(nextRecord().host()).isEqualTo("allowed.test");
    }

    @Test
    void malformedRequestsAreRefused() throws Exception {
        assertRefused("GET /hello HTTP/1.1\r\nHost: allowed.test\r\n\r\n", "HTTP/1.1 405 ", "this is a proxy");
        assertRefused("GET https://allowed.test/ HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "CONNECT host:443");
        assertRefused("GET ftp://allowed.test/ HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "unsupported URL scheme");
        assertRefused("CONNECT allowed.test HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "no port");
        assertRefused("CONNECT allowed.test:99999 HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "bad port");
        assertRefused("GET http://allowed.test@other.test/ HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "user name");
        assertRefused("CONNECT allowed.test:443 HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", "HTTP/1.1 400 ", "folded");
        assertRefused("CONNECT allowed.test:443 HTTP/2.0\r\n\r\n", "HTTP/1.1 400 ", "unsupported version");
        assertRefused("\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n", "HTTP/1.1 400 ", "control character in the request line");
        assertThat(taken.getLast().protocol()).isEqualTo("unknown");
        assertThat(taken.getFirst().protocol()).isEqualTo("http");
        assertThat(taken.get(3).protocol()).isEqualTo("connect");
        assertThat(resolved).isEmpty();
    }

    @Test
    void headerFloodIsRefusedWith431() throws Exception {
        StringBuilder big = new StringBuilder("CONNECT allowed.test:" + echoPort + " HTTP/1.1\r\n");
        while (big.length() < 20_000) big.append("X-Flood: ").append("a".repeat(200)).append("\r\n");
        assertRefused(big + "\r\n", "HTTP/1.1 431 ", "request head larger than 16 KiB");
        StringBuilder many = new StringBuilder("CONNECT allowed.test:" + echoPort + " HTTP/1.1\r\n");
        for (int i = 0; i < 150; i++) many.append("X-").append(i).append(": 1\r\n");
        assertRefused(many + "\r\n", "HTTP/1.1 431 ", "more than 100 header lines");
        StringBuilder exactly100 = new StringBuilder("CONNECT allowed.test:" + echoPort + " HTTP/1.1\r\n");
        for (int i = 0; i < 100; i++) exactly100.append("X-").append(i).append(": 1\r\n");
        try (Socket socket = client()) {
            socket.getOutputStream().write((exactly100 + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
        assertThat(nextRecord().allowed()).isTrue();
    }

    @Test
    void silentAndSlowClientsAreDropped() throws Exception {
        startProxy(List.of("allowed.test"), Duration.ofMillis(300), EgressProxy.MAX_CONNECTIONS);
        try (Socket silent = client()) {
            long start = System.nanoTime();
            assertThat(readToEnd(silent.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        ProxiedConnection r = nextRecord();
        assertThat(r.protocol()).isEqualTo("unknown");
        assertThat(r.reason()).isEqualTo("no complete request within 300 ms");
        try (Socket slow = client()) {
            slow.getOutputStream().write("CONNECT allowed.test:80 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readToEnd(slow.getInputStream())).isEmpty();
        }
        r = nextRecord();
        assertThat(r.protocol()).isEqualTo("http");
        assertThat(r.reason()).isEqualTo("no complete request within 300 ms");
        assertThat(resolved).isEmpty();
        // a tunnel that is established has no idle timeout
        try (Socket tunnel = client()) {
            connect(tunnel, "allowed.test", echoPort);
            Thread.sleep(600);
            tunnel.getOutputStream().write("still here".getBytes(StandardCharsets.ISO_8859_1));
            tunnel.shutdownOutput();
            assertThat(new String(tunnel.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("still here");
        }
        assertThat(nextRecord().bytesDown()).isEqualTo(10);
    }

    @Test
    void socks5ConnectsAllowedNamesAndRefusesOthers() throws Exception {
        byte[] payload = randomBytes(70_000, 3);
        try (Socket socket = client()) {
            socksGreeting(socket);
            socket.getOutputStream().write(socksDomainRequest(1, "allowed.test", echoPort));
            assertThat(socket.getInputStream().readNBytes(10)).containsExactly(5, 0, 0, 1, 0, 0, 0, 0, 0, 0);
            socket.getOutputStream().write(payload);
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo(payload);
        }
        ProxiedConnection r = nextRecord();
        assertThat(r).extracting(ProxiedConnection::protocol, ProxiedConnection::host, ProxiedConnection::port, ProxiedConnection::allowed,
                        ProxiedConnection::address, ProxiedConnection::bytesUp, ProxiedConnection::bytesDown)
                .containsExactly("socks5", "allowed.test", echoPort, true, "127.0.0.1", 70_000L, 70_000L);

        assertThat(socksReply(socksDomainRequest(1, "other.test", echoPort))).isEqualTo(0x02);
        assertThat(nextRecord()).extracting(ProxiedConnection::host, ProxiedConnection::allowed, ProxiedConnection::reason)
                .containsExactly("other.test", false, "other.test is not in allow_hosts");
        byte[] ipv4 = {5, 1, 0, 1, 127, 0, 0, 1, (byte) (echoPort >> 8), (byte) echoPort};
        assertThat(socksReply(ipv4)).isEqualTo(0x02);
        assertThat(nextRecord().reason()).isEqualTo("127.0.0.1 is not in allow_hosts");
        byte[] ipv6 = new byte[22];
        ipv6[0] = 5;
        ipv6[1] = 1;
        ipv6[3] = 4;
        ipv6[19] = 1;
        ipv6[20] = 0;
        ipv6[21] = 80;
        assertThat(socksReply(ipv6)).isEqualTo(0x02);
        assertThat(nextRecord().reason()).isEqualTo("[::1] is not in allow_hosts");
        assertThat(socksReply(socksDomainRequest(2, "allowed.test", echoPort))).isEqualTo(0x07);
        assertThat(nextRecord().reason()).contains("command 2 is not supported");
        assertThat(socksReply(socksDomainRequest(1, "nowhere.test", 443))).isEqualTo(0x04);
        assertThat(nextRecord().reason()).startsWith("cannot resolve nowhere.test");

        try (Socket socket = client()) {
            socket.getOutputStream().write(new byte[] {5, 1, 2});
            assertThat(readToEnd(socket.getInputStream())).containsExactly(5, 0xff);
        }
        assertThat(nextRecord().reason()).contains("no method without authentication");
    }

    @Test
    void socks5WithAnAllowedAddress() throws Exception {
        startProxy(List.of("127.0.0.1:" + echoPort), EgressProxy.REQUEST_TIMEOUT, EgressProxy.MAX_CONNECTIONS);
        try (Socket socket = client()) {
            socksGreeting(socket);
            socket.getOutputStream().write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (echoPort >> 8), (byte) echoPort});
            assertThat(socket.getInputStream().readNBytes(10)).containsExactly(5, 0, 0, 1, 0, 0, 0, 0, 0, 0);
            socket.getOutputStream().write("ping".getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo("ping".getBytes(StandardCharsets.ISO_8859_1));
        }
        assertThat(nextRecord().reason()).isEqualTo("allowed by 127.0.0.1:" + echoPort);
        assertThat(resolved).isEmpty();
    }

    @Test
    void threeHundredOpenConnectionsFillTheCapAndTheRestGet503() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        int established = 0;
        int turnedAway = 0;
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = client();
                sockets.add(socket);
                socket.getOutputStream().write(("CONNECT allowed.test:" + echoPort + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String head = readHead(socket.getInputStream());
                if (head.startsWith("HTTP/1.1 200 ")) established++;
                else if (head.startsWith("HTTP/1.1 503 ")) turnedAway++;
            }
            assertThat(established).isEqualTo(EgressProxy.MAX_CONNECTIONS);
            assertThat(turnedAway).isEqualTo(300 - EgressProxy.MAX_CONNECTIONS);
            assertThat(proxy.connectionsOpen()).isEqualTo(EgressProxy.MAX_CONNECTIONS);
            for (int i = 0; i < EgressProxy.MAX_CONNECTIONS; i++) {
                sockets.get(i).getOutputStream().write(("tunnel " + i).getBytes(StandardCharsets.ISO_8859_1));
                sockets.get(i).shutdownOutput();
            }
            for (int i = 0; i < EgressProxy.MAX_CONNECTIONS; i++) {
                assertThat(new String(sockets.get(i).getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("tunnel " + i);
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
        List<ProxiedConnection> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) all.add(nextRecord());
        assertThat(all).filteredOn(ProxiedConnection::allowed).hasSize(EgressProxy.MAX_CONNECTIONS)
                .allSatisfy(r -> assertThat(r.bytesUp()).isEqualTo(r.bytesDown()).isBetween(8L, 10L));
        assertThat(all).filteredOn(r -> !r.allowed()).hasSize(300 - EgressProxy.MAX_CONNECTIONS)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("too many connections (256 open)"));
        assertThat(proxy.connectionsOpen()).isZero();
        try (Socket after = client()) {
            connect(after, "allowed.test", echoPort);
        }
    }

    @Test
    void threeHundredConcurrentClientsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(30);
        closeAfter.add(pool::shutdownNow);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                boolean allowed = n % 3 != 0;
                byte[] payload = randomBytes(1000 + n * 37, 100 + n);
                try (Socket socket = client()) {
                    String head = "CONNECT " + (allowed ? "allowed.test" : "other.test") + ":" + echoPort + " HTTP/1.1\r\n\r\n";
                    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                    String status = readHead(socket.getInputStream());
                    if (!allowed) {
                        assertThat(status).startsWith("HTTP/1.1 403 ");
                        return null;
                    }
                    assertThat(status).startsWith("HTTP/1.1 200 ");
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                    assertThat(socket.getInputStream().readAllBytes()).isEqualTo(payload);
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        List<ProxiedConnection> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) all.add(nextRecord());
        assertThat(all).filteredOn(ProxiedConnection::allowed).hasSize(200);
        assertThat(all).filteredOn(r -> r.host().equals("other.test")).hasSize(100).allSatisfy(r -> assertThat(r.allowed()).isFalse());
        long expectedBytes = 0;
        for (int n = 0; n < 300; n++) if (n % 3 != 0) expectedBytes += 1000 + n * 37;
        assertThat(all.stream().mapToLong(ProxiedConnection::bytesDown).sum()).isEqualTo(expectedBytes);
        assertThat(records).isEmpty();
    }

    @Test
    void aThrowingCallbackDoesNotBreakTheProxy() throws Exception {
        proxy.close();
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        AtomicInteger calls = new AtomicInteger();
        proxy = new EgressProxy(ClientListener.of(server), HostRules.parse(List.of("allowed.test")), resolver, r -> {
            calls.incrementAndGet();
            throw new IllegalStateException("consumer bug");
        });
        proxy.start();
        proxyAddress = new InetSocketAddress(LOOPBACK, server.getLocalPort());
        for (int i = 0; i < 3; i++) {
            try (Socket socket = client()) {
                connect(socket, "allowed.test", echoPort);
                socket.shutdownOutput();
                assertThat(socket.getInputStream().readAllBytes()).isEmpty();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.get() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(calls).hasValue(3);
    }

    @Test
    void closeEndsOpenTunnelsAndReportsThem() throws Exception {
        Socket socket = client();
        closeAfter.add(socket);
        connect(socket, "allowed.test", echoPort);
        socket.getOutputStream().write("abc".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(socket.getInputStream().readNBytes(3)).isEqualTo("abc".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(proxy.connectionsOpen()).isEqualTo(1);
        proxy.close();
        assertThat(readToEnd(socket.getInputStream())).isEmpty();
        ProxiedConnection r = records.poll();
        assertThat(r).as("reported before close() returned").isNotNull();
        assertThat(r.bytesUp()).isEqualTo(3);
        assertThat(proxy.connectionsOpen()).isZero();
        try (Socket refused = new Socket()) {
            refused.connect(proxyAddress, 2000);
            // the listener is closed: either the connect fails or the connection ends at once
            assertThat(readToEnd(refused.getInputStream())).isEmpty();
        } catch (SocketException expected) {
            // connection refused
        }
    }

    @Test
    void fiftyMegabytesThroughAConnectTunnelArriveIntact() throws Exception {
        bigBlob = randomBytes(BIG, 42);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(bigBlob);
        bigPort = serve(socket -> {
            try (socket) {
                OutputStream out = socket.getOutputStream();
                for (int off = 0; off < bigBlob.length; off += 1 << 20) out.write(bigBlob, off, Math.min(1 << 20, bigBlob.length - off));
            }
        });
        double directBest = 0;
        double proxiedBest = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            try (Socket direct = new Socket(LOOPBACK, bigPort)) {
                assertThat(digest(direct.getInputStream())).isEqualTo(expected);
            }
            directBest = Math.max(directBest, mbPerSecond(start));
            start = System.nanoTime();
            try (Socket tunnel = client()) {
                connect(tunnel, "allowed.test", bigPort);
                assertThat(digest(tunnel.getInputStream())).isEqualTo(expected);
            }
            proxiedBest = Math.max(proxiedBest, mbPerSecond(start));
            ProxiedConnection r = nextRecord();
            assertThat(r.bytesDown()).isEqualTo(BIG);
            assertThat(r.bytesUp()).isZero();
        }
        System.out.printf("EgressProxyTest: 50 MB over loopback, best of 3: direct %.0f MB/s, through CONNECT %.0f MB/s (%.2fx)%n",
                directBest, proxiedBest, proxiedBest / directBest);
    }

    // --- helpers

    private void startProxy(List<String> allow, Duration requestTimeout, int maxConnections) throws IOException {
        if (proxy != null) proxy.close();
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        proxy = new EgressProxy(ClientListener.of(server), HostRules.parse(allow), resolver, this::record, requestTimeout, maxConnections);
        proxy.start();
        proxyAddress = new InetSocketAddress(LOOPBACK, server.getLocalPort());
    }

    private void record(ProxiedConnection r) {
        if (inCallback.incrementAndGet() > 1) overlappingCallbacks.set(true);
        try {
            records.add(r);
        } finally {
            inCallback.decrementAndGet();
        }
    }

    private ProxiedConnection nextRecord() throws InterruptedException {
        ProxiedConnection r = records.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a connection record within 10 s").isNotNull();
        taken.add(r);
        return r;
    }

    private Socket client() throws IOException {
        Socket socket = new Socket(proxyAddress.getAddress(), proxyAddress.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private void connect(Socket socket, String host, int port) throws IOException {
        socket.getOutputStream().write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readHead(socket.getInputStream())).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
    }

    /** Sends {@code request} and returns everything the proxy answers until it closes. */
    private String exchange(String request) throws IOException {
        try (Socket socket = client()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    private void assertRefused(String request, String statusPrefix, String reasonPart) throws Exception {
        String response = exchange(request);
        assertThat(response).startsWith(statusPrefix).contains("Connection: close\r\n").contains(reasonPart);
        ProxiedConnection r = nextRecord();
        assertThat(r.allowed()).isFalse();
        assertThat(r.reason()).contains(reasonPart);
        assertThat(r.bytesUp() + r.bytesDown()).isZero();
        assertThat(r.address()).isNull();
    }

    private void socksGreeting(Socket socket) throws IOException {
        socket.getOutputStream().write(new byte[] {5, 2, 2, 0});
        assertThat(socket.getInputStream().readNBytes(2)).containsExactly(5, 0);
    }

    /** The reply code the proxy sends to a SOCKS5 request; checks that it closes afterwards. */
    private int socksReply(byte[] request) throws IOException {
        try (Socket socket = client()) {
            socksGreeting(socket);
            socket.getOutputStream().write(request);
            byte[] reply = readToEnd(socket.getInputStream());
            assertThat(reply).hasSize(10);
            assertThat(reply[0]).isEqualTo((byte) 5);
            return reply[1] & 0xff;
        }
    }

    private static byte[] socksDomainRequest(int command, String host, int port) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[7 + name.length];
        request[0] = 5;
        request[1] = (byte) command;
        request[3] = 3;
        request[4] = (byte) name.length;
        System.arraycopy(name, 0, request, 5, name.length);
        request[5 + name.length] = (byte) (port >> 8);
        request[6 + name.length] = (byte) port;
        return request;
    }

    /** Reads up to and including the empty line that ends a response head. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 4096) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) return text;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything until end of stream, where a reset after the data counts as the end too. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        } catch (SocketException reset) {
            // the proxy closed with input unread
        }
        return out.toByteArray();
    }

    private static byte[] digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha.update(buffer, 0, n);
            total += n;
        }
        assertThat(total).isEqualTo(BIG);
        return sha.digest();
    }

    private static double mbPerSecond(long startNanos) {
        return BIG / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private interface Connection {
        void handle(Socket socket) throws IOException;
    }

    /** A TCP server on loopback, one thread per connection. */
    private int serve(Connection handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 300, LOOPBACK);
        closeAfter.add(server);
        Map<Socket, Boolean> open = new ConcurrentHashMap<>();
        closeAfter.add(() -> {
            for (Socket s : open.keySet()) s.close();
        });
        Thread.ofPlatform().daemon().name("test-server-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.put(socket, true);
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            handler.handle(socket);
                        } catch (IOException e) {
                            // the test that cares asserts on what its client saw
                        } finally {
                            open.remove(socket);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /** Sends back everything until end of stream, then ends its own side: a TCP echo that honours half-close. */
    private static void echo(Socket socket) throws IOException {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
            socket.shutdownOutput();
        }
    }
}

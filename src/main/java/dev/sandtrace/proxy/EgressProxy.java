package dev.sandtrace.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The sample's only way out of a network namespace that has nothing but loopback: an HTTP proxy
 * (CONNECT tunnels and absolute-form {@code http://} requests) and a SOCKS5 proxy (CONNECT, no
 * authentication) on the same listener, told apart by the first byte. It forwards only to hosts
 * {@link HostRules} allow and answers everything else with {@code 403 Forbidden} (SOCKS5 reply
 * 0x02) and a one-line reason.
 *
 * <p>Names are resolved on the host side, with the host's resolver, after the rules were checked
 * on the name the client asked for: an allowed name may point anywhere, including at the host's
 * loopback or link-local addresses, and a name that is not allowed is never resolved (though a
 * wildcard entry lets the sample pick the names below it, so data can still leave in DNS queries
 * for those). A tunnel is opaque: inside an
 * allowed CONNECT the client may send any TLS SNI or Host header it likes, so the rules bound
 * which servers are reached, not which virtual host on them is asked for. For plain HTTP the
 * proxy rewrites Host from the URL for that reason.
 *
 * <p>The sample is assumed hostile. A request head is at most 16 KiB and 100 header lines and
 * must arrive within the request timeout (30 s) of the accept, or the connection is closed; at
 * most 256 connections are open at once, the next ones get {@code 503}; a failure in one
 * connection ends that connection only. A connection relaying data has no idle timeout.
 *
 * <p>Every connection, served or refused, ends in exactly one {@link ProxiedConnection} given to
 * the {@code events} consumer after the connection closed. The consumer is never called by two
 * threads at once, and what it throws is ignored.
 *
 * <p>Threads: the accept loop on the daemon platform thread {@code sandtrace-proxy}, one daemon
 * thread per connection plus one for a relay's upward direction, and a watchdog thread that
 * enforces deadlines by closing connections (a {@link ClientChannel} offers no read timeout).
 */
public final class EgressProxy implements Closeable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_CONNECTIONS = 256;
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final ClientListener listener;
    private final HostRules rules;
    private final Resolver resolver;
    private final Consumer<ProxiedConnection> events;
    private final long requestTimeoutMillis;
    private final int maxConnections;
    private final Object eventLock = new Object();
    private final Set<ConnectionHandler> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledThreadPoolExecutor watchdog;
    /** Connection handlers and relays: idle threads are reused (a new platform thread per connection cost latency) and end after 30 s. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool(
            task -> Thread.ofPlatform().daemon().name("sandtrace-proxy-connection").unstarted(task));

    java.util.concurrent.Executor threads() {
        return threads;
    }
    private volatile boolean closed;
    private Thread acceptThread;

    public EgressProxy(ClientListener listener, HostRules rules, Resolver resolver, Consumer<ProxiedConnection> events) {
        this(listener, rules, resolver, events, REQUEST_TIMEOUT, MAX_CONNECTIONS);
    }

    EgressProxy(ClientListener listener, HostRules rules, Resolver resolver, Consumer<ProxiedConnection> events,
            Duration requestTimeout, int maxConnections) {
        this.listener = listener;
        this.rules = rules;
        this.resolver = resolver;
        this.events = events;
        this.requestTimeoutMillis = Math.max(1, requestTimeout.toMillis());
        this.maxConnections = maxConnections;
        this.watchdog = new ScheduledThreadPoolExecutor(1, task -> Thread.ofPlatform().daemon().name("sandtrace-proxy-watchdog").unstarted(task));
        // every connection schedules a deadline and almost every one is cancelled: do not keep them queued for 30 s
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /** Starts accepting on the thread {@code sandtrace-proxy}; returns at once. */
    public synchronized void start() {
        if (acceptThread != null) throw new IllegalStateException("proxy already started");
        if (closed) throw new IllegalStateException("proxy closed");
        acceptThread = Thread.ofPlatform().daemon().name("sandtrace-proxy").start(this::acceptLoop);
    }

    /** Connections accepted and not yet ended. */
    public int connectionsOpen() {
        return openCount.get();
    }

    /**
     * Stops accepting, closes the listener and every open connection, and waits up to 2 s for
     * their handlers to report.
     */
    @Override
    public void close() {
        Thread accepting;
        synchronized (this) {
            if (closed) return;
            closed = true;
            accepting = acceptThread;
        }
        try {
            listener.close();
        } catch (IOException | RuntimeException e) {
            // the listener is as closed as it gets
        }
        List<ConnectionHandler> handlers = List.copyOf(open);
        for (ConnectionHandler handler : handlers) handler.closeAll();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        try {
            if (accepting != null) accepting.join(remainingMillis(deadline));
            for (ConnectionHandler handler : handlers) handler.join(remainingMillis(deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
        threads.shutdown(); // idle threads end now; a handler still running ends with its closed connection
    }

    HostRules rules() {
        return rules;
    }

    Resolver resolver() {
        return resolver;
    }

    long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    String requestTimeoutText() {
        return requestTimeoutMillis % 1000 == 0 ? requestTimeoutMillis / 1000 + " s" : requestTimeoutMillis + " ms";
    }

    int connectTimeoutMillis() {
        return CONNECT_TIMEOUT_MILLIS;
    }

    /** Runs {@code task} after {@code millis}; at once when the proxy is closing (then the task's closing is due anyway). */
    ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return watchdog.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
            return null;
        }
    }

    void finished(ConnectionHandler handler, ProxiedConnection record) {
        open.remove(handler);
        openCount.decrementAndGet();
        report(record);
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        while (!closed) {
            ClientChannel client;
            try {
                client = listener.accept();
                backoffMillis = 0;
            } catch (IOException | RuntimeException e) {
                if (closed) break;
                // e.g. out of file descriptors: give the open connections time to end instead of spinning
                backoffMillis = Math.min(Math.max(10, backoffMillis * 2), 1000);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    break;
                }
                continue;
            }
            if (client == null) break;
            try {
                dispatch(client);
            } catch (Throwable t) {
                // not even a thread for it: this client is lost, the next one may fare better
                closeQuietly(client);
            }
        }
    }

    private void dispatch(ClientChannel client) {
        long startNanos = System.nanoTime();
        if (openCount.incrementAndGet() > maxConnections) {
            openCount.decrementAndGet();
            turnAway(client, startNanos, "too many connections (" + maxConnections + " open)");
            return;
        }
        ConnectionHandler handler = new ConnectionHandler(this, client, "sandtrace-proxy-" + ids.incrementAndGet(), startNanos);
        open.add(handler);
        // close() may have copied the set before the add: then nobody else closes this one
        if (closed) handler.closeAll();
        try {
            threads.execute(handler);
        } catch (Throwable t) {
            open.remove(handler);
            openCount.decrementAndGet();
            handler.closeAll();
            report(new ProxiedConnection("unknown", null, 0, false, "cannot start a thread: " + t, null, 0, 0,
                    startNanos, System.nanoTime() - startNanos));
        }
    }

    /** Answers on the accept thread: the reply fits any socket buffer, and a thread is what is scarce. */
    private void turnAway(ClientChannel client, long startNanos, String reason) {
        try {
            client.out().write(Refusal.httpResponse(503, reason));
            client.out().flush();
            client.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            // it left already
        }
        closeQuietly(client);
        report(new ProxiedConnection("unknown", null, 0, false, reason, null, 0, 0, startNanos, System.nanoTime() - startNanos));
    }

    private void report(ProxiedConnection record) {
        synchronized (eventLock) {
            try {
                events.accept(record);
            } catch (Throwable t) {
                // the consumer's failure is its own: the proxy and the other connections carry on
            }
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static void closeQuietly(ClientChannel client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // nothing more to do for it
        }
    }
}

package dev.sandtrace.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Copies bytes between a client and its server, one thread per direction so that neither
 * direction waits for the other, with 64 KiB buffers (fewer system calls per megabyte than the
 * JDK's 8 KiB; bulk downloads are the common case). A direction that reaches end-of-stream
 * half-closes the other side and lets the opposite direction finish; a direction that fails
 * closes both sides, which ends the other direction too.
 */
final class Relay {
    static final int BUFFER_SIZE = 64 * 1024;

    private final ClientChannel client;
    private final Socket server;
    private final Runnable serverFinished;
    // one writer each: the direction's own thread; read by the handler once both ended
    private volatile long up;
    private volatile long down;

    /**
     * @param alreadyUp bytes already sent to the server for this connection (a rewritten request head)
     * @param serverFinished runs when the server ended its side normally
     */
    Relay(ClientChannel client, Socket server, long alreadyUp, Runnable serverFinished, java.util.concurrent.Executor threads) {
        this.client = client;
        this.server = server;
        this.serverFinished = serverFinished;
        this.up = alreadyUp;
        this.threads = threads;
    }

    private final java.util.concurrent.Executor threads;

    /** Relays until both directions ended; the upward direction runs on another of the proxy's threads. */
    void run() throws InterruptedException {
        java.util.concurrent.CountDownLatch upDone = new java.util.concurrent.CountDownLatch(1);
        threads.execute(() -> {
            try {
                pumpUp();
            } finally {
                upDone.countDown();
            }
        });
        pumpDown();
        upDone.await();
    }

    long up() {
        return up;
    }

    long down() {
        return down;
    }

    private void pumpUp() {
        try {
            InputStream in = client.in();
            OutputStream out = server.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                up += n;
            }
            server.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            abort();
        }
    }

    private void pumpDown() {
        try {
            InputStream in = server.getInputStream();
            OutputStream out = client.out();
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                // a ClientChannel may buffer; the client must see each chunk as the server sent it
                out.flush();
                down += n;
            }
            client.shutdownOutput();
            serverFinished.run();
        } catch (IOException | RuntimeException e) {
            abort();
        }
    }

    private void abort() {
        try {
            client.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
        try {
            server.close();
        } catch (IOException e) {
            // same
        }
    }
}

package dev.sandtrace.event;

/**
 * One connection through the egress proxy (allow_hosts), reported when it ended: what the
 * sample asked for ({@code protocol} "connect", "http", "socks5", or "unknown" when it never
 * said), the verdict and why, the address connected to, bytes each way and how long it lasted.
 * {@code host} is null and {@code port} 0 when the request never named them.
 */
public record NetworkEvent(long seq, long timeNs, String protocol, String host, int port, boolean allowed, String reason,
        String address, long bytesUp, long bytesDown, long durationNs) implements Event {}

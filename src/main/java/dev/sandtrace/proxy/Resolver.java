package dev.sandtrace.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into the addresses to try, in order. Tests map names to loopback with it. */
@FunctionalInterface
public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;

    /** The host's own resolver (/etc/hosts, DNS), as {@link InetAddress#getAllByName} sees it. */
    static Resolver system() {
        return InetAddress::getAllByName;
    }
}

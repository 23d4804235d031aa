package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import dev.sandtrace.linux.PausedChild;
import dev.sandtrace.linux.RawSocket;

/**
 * Layer 4: network, IPC and UTS namespaces (network_namespaces(7)): no interface but a
 * loopback, brought up so that programs talking to themselves on 127.0.0.1 still work; no
 * host abstract unix sockets; System V IPC of its own; hostname "sandbox". The network
 * namespace is left out with --allow-net. With allow_hosts, the child also opens the egress
 * proxy's listening socket on its loopback and the parent takes a duplicate of it
 * (pidfd_getfd): the proxy serves the namespace from outside, with no helper process and no
 * privilege.
 */
final class NetworkNamespace implements Layer {
    private static final long AF_INET = 2, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000, SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1, IFF_LOOPBACK = 0x8, IFF_RUNNING = 0x40;

    private final boolean isolateNetwork;
    private final int proxyPort;
    private long hostname;
    private long ifreq;
    private long proxyAddress;
    private RawSocket proxySocket;

    /** {@code proxyPort}: where the egress proxy listens on the namespace's loopback, 0 for none. */
    NetworkNamespace(boolean isolateNetwork, int proxyPort) {
        this.isolateNetwork = isolateNetwork;
        this.proxyPort = isolateNetwork ? proxyPort : 0;
    }

    @Override
    public String name() {
        return !isolateNetwork ? "ipc and uts namespaces"
                : proxyPort > 0 ? "network namespace (egress proxy on 127.0.0.1:" + proxyPort + ")" : "network namespace";
    }

    /** The proxy's listening socket, taken from the child; null without a proxy or before apply. */
    RawSocket proxySocket() {
        return proxySocket;
    }

    @Override
    public int cloneFlags() {
        int flags = PausedChild.CLONE_NEWIPC | PausedChild.CLONE_NEWUTS;
        // cgroup namespaces exist since Linux 4.6; where they do not, the rest still applies
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/ns/cgroup"))) flags |= PausedChild.CLONE_NEWCGROUP;
        return isolateNetwork ? flags | PausedChild.CLONE_NEWNET : flags;
    }

    @Override
    public void prepare(ChildMemory memory) {
        hostname = memory.cString("sandbox");
        byte[] req = new byte[40]; // struct ifreq: char ifr_name[16]; short ifr_flags; ...
        req[0] = 'l';
        req[1] = 'o';
        short flags = (short) (IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
        req[16] = (byte) flags;
        req[17] = (byte) (flags >> 8);
        ifreq = memory.bytes(req);
        byte[] sin = new byte[16]; // struct sockaddr_in: family, port (big-endian), 127.0.0.1
        sin[0] = (byte) AF_INET;
        sin[2] = (byte) (proxyPort >> 8);
        sin[3] = (byte) proxyPort;
        sin[4] = 127;
        sin[7] = 1;
        proxyAddress = memory.bytes(sin);
    }

    @Override
    public void apply(int pid, Injector child) {
        child.inject("sethostname", hostname, 7);
        if (!isolateNetwork) return;
        long fd = child.inject("socket", AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        child.inject("ioctl", fd, SIOCSIFFLAGS, ifreq);
        child.inject("close", fd);
        if (proxyPort == 0) return;
        long listening = child.inject("socket", AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        child.inject("bind", listening, proxyAddress, 16);
        child.inject("listen", listening, 512);
        proxySocket = RawSocket.takeFrom(pid, (int) listening);
        child.inject("close", listening);
    }
}

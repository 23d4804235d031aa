package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Sockets. */
final class NetworkSyscalls {
    private NetworkSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category N = Category.NETWORK;
        r.sig("socket", N, "domain:SOCK_DOMAIN", "type:SOCK_TYPE", "protocol:PROTOCOL:0");
        r.sig("socketpair", N, "domain:SOCK_DOMAIN", "type:SOCK_TYPE", "protocol:INT", "sv:FD_PAIR");
        r.sig("connect", N, "sockfd:FD", "addr:SOCKADDR:2", "addrlen:INT");
        r.sig("bind", N, "sockfd:FD", "addr:SOCKADDR:2", "addrlen:INT");
        r.sig("listen", N, "sockfd:FD", "backlog:INT");
        r.sig("accept", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR");
        r.sig("accept4", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR", "flags:SOCK_TYPE");
        r.sig("getsockname", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR");
        r.sig("getpeername", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:PTR");
        r.sig("sendto", N, "sockfd:FD", "buf:BUF_IN:2", "len:ULONG", "flags:HEX", "dest_addr:SOCKADDR:5", "addrlen:INT");
        r.sig("recvfrom", N, "sockfd:FD", "buf:BUF_OUT", "len:ULONG", "flags:HEX", "src_addr:PTR", "addrlen:PTR");
        r.sig("sendmsg", N, "sockfd:FD", "msg:PTR", "flags:HEX");
        r.sig("recvmsg", N, "sockfd:FD", "msg:PTR", "flags:HEX");
        r.sig("shutdown", N, "sockfd:FD", "how:ENUM:shutdown");
        r.sig("setsockopt", N, "sockfd:FD", "level:INT", "optname:INT", "optval:PTR", "optlen:INT");
        r.sig("getsockopt", N, "sockfd:FD", "level:INT", "optname:INT", "optval:PTR", "optlen:PTR");
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Category;

/** Sockets: socket(2), connect(2), accept(2), send(2), recv(2), sendmmsg(2), getsockopt(2)... */
final class NetworkSyscalls {
    private NetworkSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {
        r.decoder("msg_flags", (d, pid, v, raw) -> Msghdr.msgFlags(v));
        r.decoder("accept_flags", Decoder.flags(Flags.SOCK_FLAGS, "SOCK_"));
        r.decoder("msghdr_sent", Msghdr.SENT);
        r.decoder("msghdr_received", Msghdr.RECEIVED);
        r.decoder("mmsghdr_sent", Msghdr.SENT_VECTOR);
        r.decoder("mmsghdr_received", Msghdr.RECEIVED_VECTOR);
        r.decoder("sockopt_level", SocketOptions.LEVEL);
        r.decoder("sockopt_name", SocketOptions.NAME);
        r.decoder("sockopt_set", SocketOptions.SET_VALUE);
        r.decoder("sockopt_get", SocketOptions.GET_VALUE);
    }

    static void signatures(Signatures.Registry r) {
        Category N = Category.NETWORK;
        r.sig("socket", N, "domain:SOCK_DOMAIN", "type:SOCK_TYPE", "protocol:PROTOCOL:0");
        r.sig("socketpair", N, "domain:SOCK_DOMAIN", "type:SOCK_TYPE", "protocol:INT", "sv:FD_PAIR");
        r.sig("connect", N, "sockfd:FD", "addr:SOCKADDR:2", "addrlen:INT");
        r.sig("bind", N, "sockfd:FD", "addr:SOCKADDR:2", "addrlen:INT");
        r.sig("listen", N, "sockfd:FD", "backlog:INT");
        r.sig("accept", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:socklen");
        r.sig("accept4", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:socklen", "flags:accept_flags");
        r.sig("getsockname", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:socklen");
        r.sig("getpeername", N, "sockfd:FD", "addr:SOCKADDR_OUT:2", "addrlen:socklen");
        r.sig("sendto", N, "sockfd:FD", "buf:BUF_IN:2", "len:ULONG", "flags:msg_flags", "dest_addr:SOCKADDR:5", "addrlen:INT");
        r.sig("recvfrom", N, "sockfd:FD", "buf:BUF_OUT", "len:ULONG", "flags:msg_flags", "src_addr:SOCKADDR_OUT:5",
                "addrlen:socklen");
        r.sig("sendmsg", N, "sockfd:FD", "msg:msghdr_sent", "flags:msg_flags");
        r.sig("recvmsg", N, "sockfd:FD", "msg:msghdr_received", "flags:msg_flags");
        r.sig("sendmmsg", N, "sockfd:FD", "msgvec:mmsghdr_sent", "vlen:uint", "flags:msg_flags");
        r.sig("recvmmsg", N, "sockfd:FD", "msgvec:mmsghdr_received", "vlen:uint", "flags:msg_flags", "timeout:timespec");
        r.returns("recvmmsg", (d, pid, raw, ret) -> {
            if (ret == 0) return new Arg.Expr("0 (Timeout)", 0);
            String left = CommonStructs.timeText(d, pid, raw[4], false);
            return left == null ? null : new Arg.Expr(ret + " (left " + left + ")", ret);
        });
        r.sig("shutdown", N, "sockfd:FD", "how:ENUM:shutdown");
        r.sig("setsockopt", N, "sockfd:FD", "level:sockopt_level", "optname:sockopt_name", "optval:sockopt_set", "optlen:INT");
        r.sig("getsockopt", N, "sockfd:FD", "level:sockopt_level", "optname:sockopt_name", "optval:sockopt_get",
                "optlen:socklen");
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.linux.Errno;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * setsockopt(2) and getsockopt(2): the level (SOL_*), the option name in that level's table
 * (socket(7) SO_*, tcp(7), ip(7), ipv6(7), udp(7)) and the value, an int shown as {@code [1]}.
 */
final class SocketOptions {
    private SocketOptions() {}

    private static final int SOL_SOCKET = 1, SO_ERROR = 4, SO_LINGER = 13;

    /** Option tables by level, with strace's prefix for names they lack. */
    private static final Map<Long, String[]> NAMES = Map.of(
            1L, new String[] {"so_option", "SO_"},
            17L, new String[] {"udp_option", "UDP_"}, 41L, new String[] {"ipv6_option", "IPV6_"});
    /** Levels whose table is a data file (xlat/NAME.in), with strace's prefix for names they lack. */
    private static final Map<Long, String[]> XLAT = Map.of(0L, new String[] {"sock_ip_options", "IP_"},
            6L, new String[] {"sock_tcp_options", "TCP_"}, 255L, new String[] {"sock_raw_options", "ICMP_"},
            263L, new String[] {"sock_packet_options", "PACKET_"}, 270L, new String[] {"sock_netlink_options", "NETLINK_"});

    static final ArgDecoder LEVEL = (d, pid, v, raw) -> {
        String name = Enums.name("socket_level", v & 0xffffffffL);
        // strace's default for this one table has two question marks
        return name != null ? new Arg.Sym(name, v) : Decoder.unknown(v & 0xffffffffL, "SOL_?");
    };

    static final ArgDecoder NAME = (d, pid, v, raw) -> {
        long level = raw[1] & 0xffffffffL, name = v & 0xffffffffL;
        String[] file = XLAT.get(level);
        if (file != null) {
            String known = dev.sandtrace.linux.Xlat.of(file[0]).name(name);
            return known != null ? new Arg.Sym(known, name) : Decoder.unknown(name, file[1]);
        }
        String[] table = NAMES.get(level);
        return table == null ? new Arg.Num(name) : Decoder.constant(table[0], name, table[1]);
    };

    /** setsockopt's value: an int when optlen is 4, a linger struct, else the bytes. */
    static final ArgDecoder SET_VALUE = ArgDecoder.in((d, pid, v, raw) -> value(d, pid, v, raw[1], raw[2], (int) raw[4]));

    /** getsockopt's value, at exit with the length the kernel wrote back; failed calls show the address. */
    static final ArgDecoder GET_VALUE = ArgDecoder.out((d, pid, v, raw, ret) -> {
        ByteBuffer len = raw[4] == 0 ? null : d.struct(pid, raw[4], 4);
        if (len == null || len.getInt(0) <= 0) return Decoder.pointer(v);
        if ((raw[1] & 0xffffffffL) == SOL_SOCKET && (raw[2] & 0xffffffffL) == SO_ERROR) {
            ByteBuffer b = d.struct(pid, v, 4);
            if (b == null) return Decoder.unreadable(v);
            int err = b.getInt(0);
            return new Arg.Array(List.of(err == 0 ? new Arg.Num(0) : new Arg.Sym(Errno.name(err), err)), 0);
        }
        return value(d, pid, v, raw[1], raw[2], len.getInt(0));
    });

    private static Arg value(Decoder d, int pid, long address, long level, long name, int len) {
        if ((level & 0xffffffffL) == SOL_SOCKET && (name & 0xffffffffL) == SO_LINGER) {
            ByteBuffer b = len < 8 ? null : d.struct(pid, address, 8);
            if (b == null) return Decoder.unreadable(address);
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("l_onoff", new Arg.Num(b.getInt(0)));
            f.put("l_linger", new Arg.Num(b.getInt(4)));
            return new Arg.Struct(f);
        }
        if (len == 4) return CommonStructs.intRef(d, pid, address, null);
        return d.bytes(pid, address, len);
    }
}

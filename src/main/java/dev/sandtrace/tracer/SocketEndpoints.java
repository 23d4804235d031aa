package dev.sandtrace.tracer;

import dev.sandtrace.linux.Xattr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a socket descriptor is connected to, for strace -yy: {@code TCP:[127.0.0.1:5000->127.0.0.1:40312]},
 * {@code UNIX-STREAM:[5113,"/run/x.sock"]}. The protocol comes from the descriptor's
 * {@code system.sockprotoname} attribute, the endpoints from the tracee's own
 * {@code /proc/PID/net/*} tables, which show its network namespace (a sandboxed tracee has its
 * own). strace asks sock_diag over netlink instead, which also gives a unix socket's peer; the
 * /proc tables do not, so unix sockets show their inode and bound path only.
 */
final class SocketEndpoints {
    private SocketEndpoints() {}

    /** {@code link}: the readlink of /proc/PID/fd/N, {@code socket:[INODE]}; null when it is not a socket. */
    static String describe(int pid, int fd, String link) {
        if (!link.startsWith("socket:[") || !link.endsWith("]")) return null;
        String inode = link.substring(8, link.length() - 1);
        String proto = Xattr.get("/proc/" + pid + "/fd/" + fd, "system.sockprotoname");
        if (proto == null) return null;
        String detail = switch (proto) {
            case "TCP" -> inet(pid, "tcp", inode, false);
            case "UDP" -> inet(pid, "udp", inode, false);
            case "TCPv6" -> inet(pid, "tcp6", inode, true);
            case "UDPv6" -> inet(pid, "udp6", inode, true);
            default -> proto.startsWith("UNIX") ? unix(pid, inode) : null;
        };
        return proto + ":[" + (detail != null ? detail : inode) + "]";
    }

    /** {@code local->remote}, {@code local} while listening or only bound, null when neither is set. */
    private static String inet(int pid, String table, String inode, boolean v6) {
        for (String line : lines(pid, table)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[9].equals(inode)) continue;
            String local = endpoint(f[1], v6), remote = endpoint(f[2], v6);
            if (remote != null) return (local != null ? local : "") + "->" + remote;
            return local;
        }
        return null;
    }

    /** {@code 0100007F:1F90} (address in host byte order, port in hex) as {@code 127.0.0.1:8080}; null for all zeros. */
    static String endpoint(String hex, boolean v6) {
        int colon = hex.indexOf(':');
        String addr = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        byte[] b = new byte[addr.length() / 2];
        boolean zero = port == 0;
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                // each 32-bit word is printed as a little-endian number: its bytes come out reversed
                int at = (word * 4 + 3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(addr.substring(at, at + 2), 16);
                zero &= b[word * 4 + i] == 0;
            }
        }
        if (zero) return null;
        String ip = Sockaddr.text(b);
        return v6 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private static String unix(int pid, String inode) {
        for (String line : lines(pid, "unix")) {
            String[] f = line.trim().split("\\s+", 8);
            if (f.length >= 7 && f[6].equals(inode)) {
                return f.length == 8 ? inode + ",\"" + f[7] + "\"" : inode;
            }
        }
        return null;
    }

    private static List<String> lines(int pid, String table) {
        try {
            return Files.readAllLines(Path.of("/proc", Integer.toString(pid), "net", table));
        } catch (IOException | RuntimeException gone) {
            return List.of();
        }
    }
}

package dev.sandtrace.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The SOCKS5 handshake (RFC 1928) without authentication, for the CONNECT command only. Reads
 * exactly the bytes the protocol defines, so nothing the client sends after the request is
 * consumed here. Every length in the protocol is one byte, which bounds what a client can make
 * the proxy read.
 */
final class Socks5Handshake {
    static final int VERSION = 5;
    static final int SUCCEEDED = 0x00;
    static final int GENERAL_FAILURE = 0x01;
    static final int NOT_ALLOWED = 0x02;
    static final int HOST_UNREACHABLE = 0x04;
    static final int CONNECTION_REFUSED = 0x05;
    static final int COMMAND_NOT_SUPPORTED = 0x07;
    static final int ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

    private static final int NO_AUTHENTICATION = 0x00;
    private static final int NO_ACCEPTABLE_METHOD = 0xff;
    private static final int CONNECT = 0x01;

    private Socks5Handshake() {}

    /** A request: {@code command} 1 is CONNECT, the only one served. */
    record Request(int command, Authority target) {
        boolean isConnect() {
            return command == CONNECT;
        }

        Refusal unsupported() {
            return new Refusal(400, COMMAND_NOT_SUPPORTED, "SOCKS5 command " + command + " is not supported (CONNECT only)");
        }
    }

    /**
     * Negotiates the method and reads the request, the version byte already read. A request that
     * cannot even be read is a Refusal naming the reply code, the method negotiation already
     * answered.
     */
    static Request read(InputStream in, OutputStream out) throws IOException, Refusal {
        int methodCount = readByte(in);
        byte[] methods = readExactly(in, methodCount);
        boolean noAuth = false;
        for (byte method : methods) noAuth |= method == NO_AUTHENTICATION;
        if (!noAuth) {
            out.write(new byte[] {VERSION, (byte) NO_ACCEPTABLE_METHOD});
            out.flush();
            throw new Refusal(400, Refusal.NO_REPLY, "SOCKS5 client offers no method without authentication");
        }
        out.write(new byte[] {VERSION, NO_AUTHENTICATION});
        out.flush();

        byte[] header = readExactly(in, 4);
        if (header[0] != VERSION) throw new Refusal(400, GENERAL_FAILURE, "SOCKS5 request with version " + (header[0] & 0xff));
        int command = header[1] & 0xff;
        String host = switch (header[3] & 0xff) {
            case 0x01 -> HostName.of(Inet4Address.getByAddress(readExactly(in, 4)));
            case 0x04 -> {
                byte[] bytes = readExactly(in, 16);
                try {
                    yield HostName.of(Inet6Address.getByAddress(null, bytes, null));
                } catch (UnknownHostException e) {
                    throw new AssertionError("16 bytes are always an IPv6 address", e);
                }
            }
            case 0x03 -> {
                byte[] name = readExactly(in, readByte(in));
                String text = new String(name, StandardCharsets.ISO_8859_1);
                String normal = HostName.normalize(text);
                if (normal == null) {
                    readExactly(in, 2);
                    throw new Refusal(400, GENERAL_FAILURE, printable(text) + " is not a valid host name");
                }
                yield normal;
            }
            default -> throw new Refusal(400, ADDRESS_TYPE_NOT_SUPPORTED, "SOCKS5 address type " + (header[3] & 0xff) + " is not supported");
        };
        byte[] portBytes = readExactly(in, 2);
        int port = ((portBytes[0] & 0xff) << 8) | (portBytes[1] & 0xff);
        if (port == 0) throw new Refusal(400, GENERAL_FAILURE, "SOCKS5 request for port 0");
        return new Request(command, new Authority(host, port));
    }

    /**
     * The reply to the request. The bound address is always 0.0.0.0:0: the real one is a host-side
     * address, none of the sample's business, and clients do not use it for CONNECT.
     */
    static void reply(OutputStream out, int code) throws IOException {
        out.write(new byte[] {VERSION, (byte) code, 0, 0x01, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("closed during the SOCKS5 handshake");
        return b;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) throw new EOFException("closed during the SOCKS5 handshake");
        return bytes;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.append('"').toString();
    }
}

package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import dev.sandtrace.linux.TraceeMemory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** struct sockaddr decoding (AF_UNIX incl. abstract, AF_INET, AF_INET6), field names as strace prints them. */
final class Sockaddr {
    private Sockaddr() {}

    private static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;

    static Arg decode(TraceeMemory memory, int pid, long address, int length) {
        if (address == 0) return Decoder.pointer(0);
        if (length <= 0 || length > 128) return Decoder.pointer(address);
        byte[] b = memory.readBytes(pid, address, length);
        if (b == null || b.length < 2) return new Arg.Str(null, false, address, true);
        int family = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("sa_family", new Arg.Sym(Flags.family(family), family));
        switch (family) {
            case AF_UNIX -> {
                if (length > 2) {
                    boolean abstractName = b[2] == 0 && length > 3;
                    int start = abstractName ? 3 : 2;
                    int end = length;
                    if (!abstractName) {
                        for (int i = 2; i < length; i++) if (b[i] == 0) { end = i; break; }
                    }
                    byte[] path = Arrays.copyOfRange(b, start, end);
                    f.put(abstractName ? "sun_path@" : "sun_path", new Arg.Str(path, false, address, false));
                }
            }
            case AF_INET -> {
                if (length >= 8) {
                    int port = (b[2] & 0xff) << 8 | (b[3] & 0xff);
                    f.put("sin_port", new Arg.Num(port));
                    f.put("sin_addr", ip(Arrays.copyOfRange(b, 4, 8)));
                }
            }
            case AF_INET6 -> {
                if (length >= 24) {
                    int port = (b[2] & 0xff) << 8 | (b[3] & 0xff);
                    f.put("sin6_port", new Arg.Num(port));
                    long flow = ((b[4] & 0xffL) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
                    f.put("sin6_flowinfo", new Arg.Num(flow));
                    f.put("sin6_addr", ip(Arrays.copyOfRange(b, 8, 24)));
                    if (length >= 28) {
                        long scope = (b[24] & 0xffL) | ((b[25] & 0xff) << 8) | ((b[26] & 0xff) << 16) | ((long) (b[27] & 0xff) << 24);
                        f.put("sin6_scope_id", new Arg.Num(scope));
                    }
                }
            }
            default -> {
                // unknown family: keep the raw bytes after the family
                f.put("sa_data", new Arg.Str(Arrays.copyOfRange(b, 2, b.length), false, address, false));
            }
        }
        return new Arg.Struct(f);
    }

    private static Arg ip(byte[] raw) {
        return new Arg.Sym(text(raw), 0);
    }

    /** An IPv4 or IPv6 address in inet_ntop(3) form. */
    static String text(byte[] raw) {
        try {
            InetAddress a = InetAddress.getByAddress(raw);
            return a instanceof Inet6Address ? compress6(a.getHostAddress()) : a.getHostAddress();
        } catch (UnknownHostException e) {
            return "?";
        }
    }

    /** inet_ntop(3) form: longest run of zero groups as "::", lowercase, no leading zeros. */
    static String compress6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) j++;
                if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
                i = j;
            } else i++;
        }
        if (bestStart < 0) return String.join(":", groups);
        String left = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return left + "::" + right;
    }
}

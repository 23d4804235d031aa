package dev.sandtrace.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The one spelling of a host that rules are matched against and that is resolved: a DNS name in
 * lower case without a trailing dot, a dotted-quad IPv4 address, or an IPv6 address in its RFC 5952
 * text form (without brackets). Every other spelling is refused rather than interpreted: the JDK
 * and libc read {@code 127.1}, {@code 2130706433} or {@code 0x7f.0.0.1} as 127.0.0.1, and a rule
 * is only as good as the agreement between the name it was checked on and the name resolved.
 */
final class HostName {
    private HostName() {}

    /** The normal form of {@code raw}, or {@code null} when it is no valid host. */
    static String normalize(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 254) return null;
        if (raw.indexOf(':') >= 0) return ipv6(raw);
        String host = raw.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty() || host.length() > 253) return null;
        if (digitsAndDots(host)) return ipv4(host);
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0 || length > 63) return null;
                labelStart = i + 1;
            } else if (!nameChar(host.charAt(i))) {
                return null;
            }
        }
        return host;
    }

    /** The address a normalised host spells, or {@code null} when it is a name. */
    static InetAddress literal(String host) {
        if (host.indexOf(':') >= 0) return Inet6Address.ofLiteral(host);
        if (digitsAndDots(host)) return Inet4Address.ofLiteral(host);
        return null;
    }

    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || digitsAndDots(host);
    }

    /** The host as it is written in an authority: IPv6 in brackets. */
    static String display(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** An address in the normal form: dotted quad or compressed IPv6. */
    static String of(InetAddress address) {
        return address instanceof Inet6Address ? compress(address.getAddress()) : address.getHostAddress();
    }

    private static String ipv6(String raw) {
        // a zone id names an interface of whichever machine reads it: meaningless across the sandbox boundary
        if (raw.indexOf('%') >= 0) return null;
        InetAddress address;
        try {
            address = Inet6Address.ofLiteral(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // an IPv4-mapped literal comes back as the IPv4 address it reaches, and is matched as one
        return of(address);
    }

    /** Strictly four decimal octets without leading zeros (which some parsers read as octal). */
    private static String ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) return null;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) return null;
            if (Integer.parseInt(part) > 255) return null;
        }
        return host;
    }

    private static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        // RFC 5952: the longest run of two or more zero groups, the first one on a tie, becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static boolean digitsAndDots(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

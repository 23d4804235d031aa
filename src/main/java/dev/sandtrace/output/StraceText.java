package dev.sandtrace.output;

import dev.sandtrace.event.Arg;
import dev.sandtrace.event.SyscallEvent;
import dev.sandtrace.linux.Errno;
import java.util.Iterator;
import java.util.Map;

/** Renders syscalls the way strace prints them: {@code openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3}. */
public final class StraceText {
    private StraceText() {}

    private static final String DELETED = " (deleted)";

    /** {@code name(args) = ret}, without a pid prefix. */
    public static String line(SyscallEvent e) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(e.name()).append('(');
        for (int i = 0; i < e.args().size(); i++) {
            if (i > 0) sb.append(", ");
            render(e.args().get(i), sb);
        }
        sb.append(')');
        sb.append(" = ");
        returnValue(e, sb);
        return sb.toString();
    }

    public static void returnValue(SyscallEvent e, StringBuilder sb) {
        if (!e.finished()) {
            sb.append('?');
        } else if (e.errno() >= 512 && e.errno() <= 530) {
            // kernel-internal restart codes: the call did not complete, strace prints "?"
            sb.append("? ").append(Errno.describe(e.errno()));
        } else if (e.errno() != 0) {
            sb.append("-1 ").append(Errno.describe(e.errno()));
        } else {
            render(e.ret(), sb);
        }
    }

    public static String render(Arg a) {
        StringBuilder sb = new StringBuilder();
        render(a, sb);
        return sb.toString();
    }

    public static void render(Arg a, StringBuilder sb) {
        switch (a) {
            case Arg.Num n -> sb.append(n.value());
            case Arg.Hex h -> {
                if (h.value() == 0) sb.append(h.pointer() ? "NULL" : "0");
                else sb.append("0x").append(Long.toHexString(h.value()));
            }
            case Arg.Octal o -> octal(o.value(), sb);
            case Arg.Sym s -> sb.append(s.text());
            case Arg.Str s -> {
                if (s.unreadable()) sb.append("0x").append(Long.toHexString(s.address()));
                else {
                    quote(s.bytes(), sb);
                    if (s.truncated()) sb.append("...");
                }
            }
            case Arg.Array arr -> {
                sb.append('[');
                for (int i = 0; i < arr.items().size(); i++) {
                    if (i > 0) sb.append(", ");
                    render(arr.items().get(i), sb);
                }
                if (arr.more() > 0) sb.append(arr.items().isEmpty() ? "" : ", ").append("...");
                sb.append(']');
            }
            case Arg.Struct st -> struct(st.fields(), st.more(), sb);
            case Arg.Expr x -> sb.append(x.text());
            case Arg.Named n -> {
                sb.append(n.name()).append('=');
                render(n.value(), sb);
            }
            case Arg.Fd f -> {
                sb.append(f.fd());
                if (f.path() != null && f.path().endsWith(DELETED)) {
                    // strace moves the kernel's " (deleted)" mark out of the brackets: 3</memfd:x>(deleted)
                    sb.append('<').append(f.path(), 0, f.path().length() - DELETED.length()).append(">(deleted)");
                } else if (f.path() != null) {
                    sb.append('<').append(f.path()).append('>');
                }
            }
            case Arg.Commented c -> {
                render(c.value(), sb);
                sb.append(" /* ").append(c.comment()).append(" */");
            }
            case Arg.Count c -> sb.append("0x").append(Long.toHexString(c.address()))
                    .append(" /* ").append(c.count()).append(' ').append(c.noun()).append(" */");
        }
    }

    /** C's {@code %#03o}, as strace prints modes: 000, 007, 0644. */
    private static void octal(long v, StringBuilder sb) {
        String digits = v == 0 ? "0" : "0" + Long.toOctalString(v);
        for (int i = digits.length(); i < 3; i++) sb.append('0');
        sb.append(digits);
    }

    /** strace's sockaddr notation: {@code htons(80)}, {@code inet_addr("1.2.3.4")}, {@code @"abstract"}. */
    private static void struct(Map<String, Arg> fields, boolean more, StringBuilder sb) {
        sb.append('{');
        Iterator<Map.Entry<String, Arg>> it = fields.entrySet().iterator();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, Arg> f = it.next();
            if (f.getKey().equals("=>")) {
                // what the kernel wrote back into an input struct (clone3's parent_tid), after the closing brace
                sb.append("} => ");
                render(f.getValue(), sb);
                return;
            }
            if (!first) sb.append(", ");
            first = false;
            String key = f.getKey();
            Arg v = f.getValue();
            switch (key) {
                case "sin_port", "sin6_port" -> sb.append(key).append("=htons(").append(((Arg.Num) v).value()).append(')');
                case "sin_addr" -> sb.append("sin_addr=inet_addr(\"").append(render(v)).append("\")");
                case "sin6_addr" -> sb.append("inet_pton(AF_INET6, \"").append(render(v)).append("\", &sin6_addr)");
                case "sin6_flowinfo" -> sb.append("sin6_flowinfo=htonl(").append(((Arg.Num) v).value()).append(')');
                case "sun_path@" -> {
                    sb.append("sun_path=@");
                    render(v, sb);
                }
                default -> {
                    sb.append(key).append('=');
                    render(v, sb);
                }
            }
        }
        if (more) sb.append(first ? "..." : ", ...");
        sb.append('}');
    }

    /** strace's string quoting: C escapes, octal for other non-printables. */
    public static void quote(byte[] bytes, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 0x0b -> sb.append("\\v");
                case 0x0c -> sb.append("\\f");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        boolean nextIsDigit = i + 1 < bytes.length && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
                        String oct = Integer.toOctalString(c);
                        sb.append('\\');
                        if (nextIsDigit) for (int k = oct.length(); k < 3; k++) sb.append('0');
                        sb.append(oct);
                    }
                }
            }
        }
        sb.append('"');
    }
}

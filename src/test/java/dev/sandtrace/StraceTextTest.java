package dev.sandtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.event.Arg;
import dev.sandtrace.output.StraceText;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** strace's rendering rules, checked on fixed cases and on seeded random bytes. */
class StraceTextTest {
    private static String quote(byte[] b) {
        StringBuilder sb = new StringBuilder();
        StraceText.quote(b, sb);
        return sb.toString();
    }

    @Test
    void escapesLikeStrace() {
        assertThat(quote("a\"b\\c\n\t\r".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"a\\\"b\\\\c\\n\\t\\r\"");
        assertThat(quote(new byte[] {0x7f, 'E', 'L', 'F', 2, 1})).isEqualTo("\"\\177ELF\\2\\1\"");
        // an octal escape followed by a digit is written with three digits so it stays unambiguous
        assertThat(quote(new byte[] {0, '1'})).isEqualTo("\"\\0001\"");
        assertThat(quote(new byte[] {(byte) 0xc3, (byte) 0xa9})).isEqualTo("\"\\303\\251\"");
    }

    @Test
    void rendersArgumentKinds() {
        assertThat(StraceText.render(new Arg.Hex(0, true))).isEqualTo("NULL");
        assertThat(StraceText.render(new Arg.Hex(0, false))).isEqualTo("0");
        assertThat(StraceText.render(new Arg.Hex(0x7000, false))).isEqualTo("0x7000");
        assertThat(StraceText.render(new Arg.Octal(0644))).isEqualTo("0644");
        assertThat(StraceText.render(new Arg.Octal(07))).isEqualTo("007");
        assertThat(StraceText.render(new Arg.Octal(0))).isEqualTo("000");
        assertThat(StraceText.render(new Arg.Commented(new Arg.Hex(0x7777, false), "F_???"))).isEqualTo("0x7777 /* F_??? */");
        assertThat(StraceText.render(new Arg.Str("abc".getBytes(StandardCharsets.UTF_8), true, 1, false))).isEqualTo("\"abc\"...");
        assertThat(StraceText.render(new Arg.Str(null, false, 0x1234, true))).isEqualTo("0x1234");
        assertThat(StraceText.render(new Arg.Array(List.of(new Arg.Num(3), new Arg.Num(4)), 0))).isEqualTo("[3, 4]");
        assertThat(StraceText.render(new Arg.Count(0x10, 20, "vars"))).isEqualTo("0x10 /* 20 vars */");
        Map<String, Arg> inet = new LinkedHashMap<>();
        inet.put("sa_family", new Arg.Sym("AF_INET", 2));
        inet.put("sin_port", new Arg.Num(80));
        inet.put("sin_addr", new Arg.Sym("127.0.0.1", 0));
        assertThat(StraceText.render(new Arg.Struct(inet)))
                .isEqualTo("{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}");
        Map<String, Arg> unix = new LinkedHashMap<>();
        unix.put("sa_family", new Arg.Sym("AF_UNIX", 1));
        unix.put("sun_path@", new Arg.Str("x".getBytes(StandardCharsets.UTF_8), false, 0, false));
        assertThat(StraceText.render(new Arg.Struct(unix))).isEqualTo("{sa_family=AF_UNIX, sun_path=@\"x\"}");
    }

    @Test
    void rendersDeletedFilesAndWrittenBackFieldsLikeStrace() {
        assertThat(StraceText.render(new Arg.Fd(3, "/memfd:x (deleted)"))).isEqualTo("3</memfd:x>(deleted)");
        assertThat(StraceText.render(new Arg.Fd(3, "/tmp/a"))).isEqualTo("3</tmp/a>");
        Map<String, Arg> args = new LinkedHashMap<>();
        args.put("flags", new Arg.Sym("CLONE_PARENT_SETTID", 0x100000));
        args.put("parent_tid", new Arg.Hex(0x7f00, true));
        args.put("=>", new Arg.Struct(Map.of("parent_tid", new Arg.Array(List.of(new Arg.Num(42)), 0))));
        assertThat(StraceText.render(new Arg.Struct(args)))
                .isEqualTo("{flags=CLONE_PARENT_SETTID, parent_tid=0x7f00} => {parent_tid=[42]}");
    }

    /** Any byte string quotes to printable ASCII that a C-escape reader turns back into the same bytes. */
    @Test
    void quotingRoundTripsOnRandomBytes() {
        Random random = new Random(20261128L);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            String q = quote(b);
            assertThat(q).startsWith("\"").endsWith("\"");
            assertThat(q.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
            assertThat(unquote(q.substring(1, q.length() - 1))).as("round %d", round).isEqualTo(b);
        }
    }

    private static byte[] unquote(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { out.write(c); continue; }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'v' -> out.write(0x0b);
                case 'f' -> out.write(0x0c);
                case '"', '\\' -> out.write(n);
                default -> {
                    int v = 0, digits = 0;
                    while (digits < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                        v = v * 8 + (s.charAt(i) - '0');
                        i++;
                        digits++;
                    }
                    i--;
                    out.write(v);
                }
            }
        }
        return out.toByteArray();
    }
}

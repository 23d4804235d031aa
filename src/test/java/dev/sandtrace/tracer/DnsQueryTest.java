package dev.sandtrace.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsQueryTest {
    /** A query as resolvers build it: id, RD, one question; with EDNS an OPT record after it. */
    static byte[] query(String name, int type, boolean edns) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte) (edns ? 1 : 0)});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes());
        }
        b.writeBytes(new byte[] {0, (byte) (type >> 8), (byte) type, 0, 1});
        if (edns) b.writeBytes(new byte[] {0, 0, 41, 0x04, (byte) 0xd0, 0, 0, 0, 0, 0, 0});
        return b.toByteArray();
    }

    private static DnsQuery parse(byte[] b) {
        return DnsQuery.parse(b, b.length);
    }

    @Test
    void queriesAreReadWithTheirNameTypeAndTransport() {
        assertThat(parse(query("Registry.NPMjs.org", 1, false))).isEqualTo(new DnsQuery("registry.npmjs.org", "A", "udp"));
        assertThat(parse(query("pypi.org", 28, true))).isEqualTo(new DnsQuery("pypi.org", "AAAA", "udp"));
        assertThat(parse(query("_443._tcp.x.example", 65, false)).type()).isEqualTo("HTTPS");
        assertThat(parse(query("x.example", 4242, false)).type()).isEqualTo("TYPE4242");
        byte[] q = query("a.example", 16, false);
        byte[] tcp = new byte[q.length + 2];
        tcp[1] = (byte) q.length;
        System.arraycopy(q, 0, tcp, 2, q.length);
        assertThat(parse(tcp)).isEqualTo(new DnsQuery("a.example", "TXT", "tcp"));
        byte[] two = new byte[tcp.length * 2];
        System.arraycopy(tcp, 0, two, 0, tcp.length);
        System.arraycopy(tcp, 0, two, tcp.length, tcp.length);
        assertThat(DnsQuery.parseStream(two, two.length)).hasSize(2);
        assertThat(DnsQuery.parseStream(two, two.length - 1)).as("cut short").isEmpty();
    }

    @Test
    void whatIsNotAQueryIsNone() {
        byte[] q = query("a.example", 1, false);
        byte[] response = q.clone();
        response[2] |= (byte) 0x80;
        assertThat(parse(response)).isNull();
        byte[] twoQuestions = q.clone();
        twoQuestions[5] = 2;
        assertThat(parse(twoQuestions)).isNull();
        byte[] chaos = q.clone();
        chaos[chaos.length - 1] = 3; // class CH
        assertThat(parse(chaos)).isNull();
        byte[] trailing = java.util.Arrays.copyOf(q, q.length + 1);
        assertThat(parse(trailing)).isNull();
        byte[] pointer = q.clone();
        pointer[12] = (byte) 0xc0; // a compression pointer in place of the first label
        assertThat(parse(pointer)).isNull();
        byte[] binary = q.clone();
        binary[13] = 0;
        assertThat(parse(binary)).isNull();
        assertThat(parse(new byte[0])).isNull();
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes())).isNull();
    }

    /** Hostile bytes: never an exception, and random data is not taken for a query. */
    @Test
    void randomAndMutatedBytesNeverThrow() {
        Random random = new Random(20261206);
        byte[] q = query("registry.npmjs.org", 1, true);
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(600)];
                random.nextBytes(b);
                assertThat(parse(b)).isNull();
            } else {
                b = q.clone();
                for (int k = random.nextInt(4); k >= 0; k--) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                DnsQuery.parse(b, random.nextInt(b.length + 1));
            }
            DnsQuery.parseStream(b, b.length);
        }
    }
}

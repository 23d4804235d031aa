package dev.sandtrace.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.output.StraceText;
import org.junit.jupiter.api.Test;

/** File modes and device numbers as strace 6.1 prints them, for the cases the fixtures cannot create. */
class StatStructsTest {
    private static String mode(long m) {
        return StraceText.render(StatStructs.mode(m));
    }

    @Test
    void modesNameTheTypeAndSpecialBits() {
        assertThat(mode(0100644)).isEqualTo("S_IFREG|0644");
        assertThat(mode(040000 | 04000 | 02000 | 01000 | 0755)).isEqualTo("S_IFDIR|S_ISUID|S_ISGID|S_ISVTX|0755");
        assertThat(mode(0120000)).isEqualTo("S_IFLNK|000");
        assertThat(mode(07)).isEqualTo("007");
        assertThat(mode(02000 | 0600)).isEqualTo("S_ISGID|0600");
        // a type bit pattern no S_IF* has: the whole mode in octal
        assertThat(mode(0170644)).isEqualTo("0170644");
    }

    @Test
    void devicesSplitMajorAndMinorTheKernelWay() {
        assertThat(StraceText.render(StatStructs.makedev(0x103))).isEqualTo("makedev(0x1, 0x3)");
        assertThat(StraceText.render(StatStructs.makedev(0))).isEqualTo("makedev(0, 0)");
        // glibc's makedev(259, 65536): minor bits above 8 move to bits 20..31 and 44..
        long dev = ((259L & 0xfff) << 8) | ((259L & ~0xfffL) << 32) | (65536L & 0xff) | ((65536L & ~0xffL) << 12);
        assertThat(StraceText.render(StatStructs.makedev(dev))).isEqualTo("makedev(0x103, 0x10000)");
        assertThat(StatStructs.isDevice(020600)).isTrue();
        assertThat(StatStructs.isDevice(010600)).isFalse();
    }
}

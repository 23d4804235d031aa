package dev.sandtrace.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void openFlagsStartWithTheAccessMode() {
        assertThat(Flags.openFlags(0)).isEqualTo("O_RDONLY");
        assertThat(Flags.openFlags(02000000)).isEqualTo("O_RDONLY|O_CLOEXEC");
        assertThat(Flags.openFlags(01 | 0100 | 01000)).isEqualTo("O_WRONLY|O_CREAT|O_TRUNC");
        assertThat(Flags.openFlags(02 | 0200000 | 04000)).isEqualTo("O_RDWR|O_NONBLOCK|O_DIRECTORY");
        // strace 6.1's own output for these flag sets
        assertThat(Flags.openFlags(04000 | 0400000 | 01000000 | 02000000 | 0200000)).isEqualTo("O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_DIRECTORY");
        assertThat(Flags.openFlags(01 | 0100 | 0200 | 0400 | 01000 | 02000 | 010000 | 040000 | 02000000 | 020000))
                .isEqualTo("O_WRONLY|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_DSYNC|O_DIRECT|O_CLOEXEC|FASYNC");
        assertThat(Flags.openFlags(02 | 04010000 | 02000000 | 010000000)).isEqualTo("O_RDWR|O_SYNC|O_CLOEXEC|O_PATH");
        assertThat(Flags.openFlags(02 | 02000000 | 020200000)).isEqualTo("O_RDWR|O_CLOEXEC|O_TMPFILE");
        assertThat(Flags.openFlags(020200000 | 2)).isEqualTo("O_RDWR|O_TMPFILE");
        assertThat(Flags.openFlags(04010000)).isEqualTo("O_RDONLY|O_SYNC");
        assertThat(Flags.openFlags(0x80000000L)).isEqualTo("O_RDONLY|0x80000000");
    }

    @Test
    void mmapAndProt() {
        assertThat(Flags.PROT.render(0)).isEqualTo("PROT_NONE");
        assertThat(Flags.PROT.render(5)).isEqualTo("PROT_READ|PROT_EXEC");
        assertThat(Flags.mmapFlags(0x22)).isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS");
        assertThat(Flags.mmapFlags(0x812)).isEqualTo("MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
    }

    @Test
    void cloneFlagsEndWithTheExitSignal() {
        assertThat(Flags.cloneFlags(0x01200011)).isEqualTo("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
        assertThat(Flags.cloneFlags(0x10000000 | 0x20000000)).isEqualTo("CLONE_NEWUSER|CLONE_NEWPID");
        assertThat(Flags.cloneFlags(0)).isEqualTo("0");
    }

    @Test
    void socketsAndAccess() {
        assertThat(Flags.socketType(1 | 02000000)).isEqualTo("SOCK_STREAM|SOCK_CLOEXEC");
        assertThat(Flags.family(10)).isEqualTo("AF_INET6");
        assertThat(Flags.family(99)).isEqualTo("99");
        assertThat(Flags.ACCESS.render(0)).isEqualTo("F_OK");
        assertThat(Flags.ACCESS.render(6)).isEqualTo("R_OK|W_OK");
    }

    @Test
    void ipv6AddressesAreCompressedLikeInetNtop() {
        assertThat(Sockaddr.compress6("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(Sockaddr.compress6("fe80:0:0:0:1:0:0:2")).isEqualTo("fe80::1:0:0:2");
        assertThat(Sockaddr.compress6("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Sockaddr.compress6("0:0:0:0:0:0:0:0")).isEqualTo("::");
    }
}

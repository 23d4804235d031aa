/* Sends DNS queries the way resolvers do, to a UDP socket of its own on loopback (which only
 * receives, so that no ICMP error cuts a batch short): sendto of
 * one query, sendmmsg of an A and an AAAA query with EDNS (glibc), and writev of a
 * length-prefixed query over a stream (DNS over TCP), here a socketpair. Then a send of bytes
 * that only look a little like a query, which is none. Usage: dns_send NAME */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int query(unsigned char *out, const char *name, int type, int edns) {
    int n = 0;
    unsigned char hdr[12] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (unsigned char)edns};
    memcpy(out, hdr, 12);
    n = 12;
    const char *p = name;
    while (*p) {
        const char *dot = strchr(p, '.');
        int len = dot ? (int)(dot - p) : (int)strlen(p);
        out[n++] = (unsigned char)len;
        memcpy(out + n, p, len);
        n += len;
        p += len + (dot ? 1 : 0);
    }
    out[n++] = 0;
    out[n++] = 0; out[n++] = (unsigned char)type;
    out[n++] = 0; out[n++] = 1;
    if (edns) {
        unsigned char opt[11] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0};
        memcpy(out + n, opt, 11);
        n += 11;
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    struct sockaddr_in ns = {.sin_family = AF_INET};
    ns.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t nslen = sizeof ns;
    int server = socket(AF_INET, SOCK_DGRAM, 0);
    if (server < 0 || bind(server, (struct sockaddr *)&ns, sizeof ns) < 0 || getsockname(server, (struct sockaddr *)&ns, &nslen) < 0) {
        perror("server");
        return 1;
    }
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    if (udp < 0) { perror("socket"); return 1; }
    unsigned char a[600], aaaa[600], tcp[602], junk[64];
    int n = query(a, argv[1], 1, 0);
    if (sendto(udp, a, n, 0, (struct sockaddr *)&ns, sizeof ns) != n) { perror("sendto"); return 1; }

    /* a fresh socket: the first one may already hold the ICMP "port unreachable" of that send */
    udp = socket(AF_INET, SOCK_DGRAM, 0);
    if (udp < 0 || connect(udp, (struct sockaddr *)&ns, sizeof ns) < 0) { perror("connect"); return 1; }
    int na = query(a, argv[1], 1, 1), n6 = query(aaaa, argv[1], 28, 1);
    struct iovec iov[2] = {{a, na}, {aaaa, n6}};
    struct mmsghdr msgs[2];
    memset(msgs, 0, sizeof msgs);
    msgs[0].msg_hdr.msg_iov = &iov[0];
    msgs[0].msg_hdr.msg_iovlen = 1;
    msgs[1].msg_hdr.msg_iov = &iov[1];
    msgs[1].msg_hdr.msg_iovlen = 1;
    if (sendmmsg(udp, msgs, 2, 0) != 2) { perror("sendmmsg"); return 1; }

    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0) { perror("socketpair"); return 1; }
    int nt = query(tcp + 2, argv[1], 16, 0);
    unsigned char len[2] = {(unsigned char)(nt >> 8), (unsigned char)nt};
    struct iovec v[2] = {{len, 2}, {tcp + 2, nt}};
    if (writev(pair[0], v, 2) != nt + 2) { perror("writev"); return 1; }

    /* glibc over TCP: A and AAAA in one writev of four */
    int n4 = query(aaaa, argv[1], 28, 0);
    unsigned char len4[2] = {(unsigned char)(n4 >> 8), (unsigned char)n4};
    struct iovec four[4] = {{len, 2}, {tcp + 2, nt}, {len4, 2}, {aaaa, n4}};
    if (writev(pair[0], four, 4) != nt + n4 + 4) { perror("writev"); return 1; }

    memcpy(junk, a, 12);
    junk[2] = 0x81; /* a response, not a query */
    memcpy(junk + 12, a + 12, 20);
    udp = socket(AF_INET, SOCK_DGRAM, 0);
    if (sendto(udp, junk, 32, 0, (struct sockaddr *)&ns, sizeof ns) != 32) { perror("send"); return 1; }
    puts("sent");
    return 0;
}

/* Exercises: sockets on loopback (socket, socketpair, bind, listen, accept, accept4, connect, getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg, sendmmsg, recvmmsg, shutdown, setsockopt, getsockopt) — usage: conform_net TMPDIR. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

/*
 * Only fixed ports below the ephemeral range are ever printed: peers that the kernel gives an
 * ephemeral port are accepted with a NULL address, so two runs print the same lines.
 */
#define TCP4_PORT 23451
#define TCP6_PORT 23452
#define UDP_A_PORT 23453
#define UDP_B_PORT 23454
#define REFUSED_PORT 23455

static struct sockaddr_in in4(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int reusable(int domain, int type) {
    int fd = socket(domain, type, 0), one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    return fd;
}

static void tcp4(void) {
    struct sockaddr_in a = in4(TCP4_PORT), got;
    socklen_t len = 128;
    int one = 1, val = 0;
    socklen_t vlen = sizeof val;

    int lfd = reusable(AF_INET, SOCK_STREAM);
    bind(lfd, (struct sockaddr *)&a, sizeof a);
    listen(lfd, 8);
    getsockname(lfd, (struct sockaddr *)&got, &len);

    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &vlen);
    connect(c, (struct sockaddr *)&a, sizeof a);
    len = 128;
    getpeername(c, (struct sockaddr *)&got, &len);
    int s = accept(lfd, NULL, NULL);
    vlen = sizeof val;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &val, &vlen);
    vlen = sizeof val;
    getsockopt(s, SOL_SOCKET, SO_TYPE, &val, &vlen);

    char buf[64];
    sendto(c, "hello over tcp", 14, MSG_NOSIGNAL, NULL, 0);
    recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
    shutdown(c, SHUT_WR);
    recvfrom(s, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
    close(s);
    close(c);

    /* a non-blocking connect: the handshake has not finished when the call returns */
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    close(s);
    close(c);
    close(lfd);

    /* nobody listens there */
    struct sockaddr_in refused = in4(REFUSED_PORT);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&refused, sizeof refused);
    close(c);
}

static void tcp6(void) {
    struct sockaddr_in6 a, got;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(TCP6_PORT);
    a.sin6_addr = in6addr_loopback;
    socklen_t len = sizeof got;

    int lfd = reusable(AF_INET6, SOCK_STREAM);
    bind(lfd, (struct sockaddr *)&a, sizeof a);
    listen(lfd, 8);
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    getpeername(c, (struct sockaddr *)&got, &len);
    int s = accept(lfd, NULL, NULL);
    close(s);
    close(c);
    close(lfd);
}

static void udp(void) {
    struct sockaddr_in a = in4(UDP_A_PORT), b = in4(UDP_B_PORT), from;
    socklen_t len = sizeof from;
    char buf[64];
    int rcvbuf = 65536, val = 0;
    socklen_t vlen = sizeof val;

    int fa = reusable(AF_INET, SOCK_DGRAM), fb = reusable(AF_INET, SOCK_DGRAM);
    bind(fa, (struct sockaddr *)&a, sizeof a);
    bind(fb, (struct sockaddr *)&b, sizeof b);
    setsockopt(fb, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    getsockopt(fb, SOL_SOCKET, SO_RCVBUF, &val, &vlen);
    sendto(fa, "datagram", 8, 0, (struct sockaddr *)&b, sizeof b);
    recvfrom(fb, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);

    /* two datagrams at once each way */
    struct iovec iov[2] = {{"first", 5}, {"second", 6}};
    struct mmsghdr out[2];
    memset(out, 0, sizeof out);
    out[0].msg_hdr.msg_iov = &iov[0];
    out[0].msg_hdr.msg_iovlen = 1;
    out[1].msg_hdr.msg_iov = &iov[1];
    out[1].msg_hdr.msg_iovlen = 1;
    connect(fa, (struct sockaddr *)&b, sizeof b);
    sendmmsg(fa, out, 2, 0);
    char r1[16], r2[16];
    struct iovec riov[2] = {{r1, sizeof r1}, {r2, sizeof r2}};
    struct mmsghdr in[2];
    memset(in, 0, sizeof in);
    in[0].msg_hdr.msg_iov = &riov[0];
    in[0].msg_hdr.msg_iovlen = 1;
    in[1].msg_hdr.msg_iov = &riov[1];
    in[1].msg_hdr.msg_iovlen = 1;
    recvmmsg(fb, in, 2, MSG_DONTWAIT, NULL);

    /* nothing left to read */
    recvfrom(fb, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
    close(fa);
    close(fb);
}

static void unix_sockets(const char *dir) {
    struct sockaddr_un path, abstract, got;
    memset(&path, 0, sizeof path);
    path.sun_family = AF_UNIX;
    snprintf(path.sun_path, sizeof path.sun_path, "%s/sock", dir);
    socklen_t plen = offsetof(struct sockaddr_un, sun_path) + strlen(path.sun_path) + 1;
    socklen_t len = sizeof got;

    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(lfd, (struct sockaddr *)&path, plen);
    listen(lfd, 4);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&path, plen);
    getpeername(c, (struct sockaddr *)&got, &len);
    len = sizeof got;
    int s = accept4(lfd, (struct sockaddr *)&got, &len, SOCK_CLOEXEC);
    close(s);
    close(c);
    close(lfd);
    unlink(path.sun_path);

    static const char name[] = "sandtrace-conform-net";
    memset(&abstract, 0, sizeof abstract);
    abstract.sun_family = AF_UNIX;
    memcpy(abstract.sun_path + 1, name, sizeof name - 1);
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 1 + sizeof name - 1;
    lfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    bind(lfd, (struct sockaddr *)&abstract, alen);
    listen(lfd, 4);
    len = sizeof got;
    getsockname(lfd, (struct sockaddr *)&got, &len);
    close(lfd);
}

/* a descriptor passed with SCM_RIGHTS, and data in two iovecs */
static void fd_passing(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);

    int passed = open("/dev/null", O_RDONLY);
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct iovec iov[2] = {{"abc", 3}, {"defgh", 5}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &passed, sizeof passed);
    sendmsg(sv[0], &m, 0);
    close(passed);

    char data[32], rcontrol[CMSG_SPACE(sizeof(int))];
    struct iovec riov = {data, sizeof data};
    struct msghdr r;
    memset(&r, 0, sizeof r);
    r.msg_iov = &riov;
    r.msg_iovlen = 1;
    r.msg_control = rcontrol;
    r.msg_controllen = sizeof rcontrol;
    recvmsg(sv[1], &r, MSG_CMSG_CLOEXEC);
    int got;
    memcpy(&got, CMSG_DATA(CMSG_FIRSTHDR(&r)), sizeof got);
    close(got);

    /* plain data, no control */
    struct msghdr plain;
    memset(&plain, 0, sizeof plain);
    plain.msg_iov = iov;
    plain.msg_iovlen = 1;
    sendmsg(sv[1], &plain, 0);
    riov.iov_len = sizeof data;
    r.msg_control = NULL;
    r.msg_controllen = 0;
    recvmsg(sv[0], &r, 0);
    recvmsg(-1, &r, 0);
    close(sv[0]);
    close(sv[1]);
}

static void failures(void) {
    struct sockaddr_in a = in4(TCP4_PORT);
    socklen_t len = sizeof a;
    int one = 1;
    socket(AF_INET, 12345, 0);
    bind(-1, (struct sockaddr *)&a, sizeof a);
    connect(999, (struct sockaddr *)&a, sizeof a);
    listen(-1, 1);
    accept(-1, NULL, NULL);
    getsockname(-1, (struct sockaddr *)&a, &len);
    getpeername(-1, (struct sockaddr *)&a, &len);
    setsockopt(-1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    shutdown(-1, SHUT_RDWR);
    sendto(-1, "x", 1, 0, NULL, 0);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    bind(fd, (struct sockaddr *)1, sizeof a);
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 2 || strlen(argv[1]) > 80)
        return 2;
    tcp4();
    tcp6();
    udp();
    unix_sockets(argv[1]);
    fd_passing();
    failures();
    return 0;
}

/* Exercises: a loopback TCP connection (listen, connect, accept, write both ways) and a unix socket bound to TMPDIR/s, for -yy — usage: tcp_pair TMPDIR. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2 || strlen(argv[1]) > 90)
        return 2;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &n))
        return 1;
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a))
        return 1;
    int s = accept(l, NULL, NULL);
    if (s < 0 || write(c, "ping", 4) != 4 || write(s, "pong", 4) != 4)
        return 1;
    printf("%d\n", ntohs(a.sin_port));

    int u = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    snprintf(un.sun_path, sizeof un.sun_path, "%s/s", argv[1]);
    if (u < 0 || bind(u, (struct sockaddr *)&un, sizeof un))
        return 1;
    (void)!write(u, "", 0);
    close(u);
    close(s);
    close(c);
    close(l);
    return 0;
}

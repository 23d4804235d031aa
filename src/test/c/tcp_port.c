/* Exercises: a loopback TCP server on a fixed port and a client connecting to it, both in one process — usage: tcp_port PORT. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    int port = atoi(argv[1]), one = 1;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* the replay binds the same port again right after the learning run */
    if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1))
        return 1;
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a))
        return 1;
    int s = accept(l, NULL, NULL);
    char buf[4];
    if (s < 0 || write(c, "ping", 4) != 4 || read(s, buf, 4) != 4)
        return 1;
    printf("%d\n", port);
    close(s);
    close(c);
    close(l);
    return 0;
}

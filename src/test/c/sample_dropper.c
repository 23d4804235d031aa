/* Report sample: a dropper — tries an outbound TCP connection (TEST-NET-1, non-blocking), writes a copy of
   /bin/true to /tmp, makes it executable and runs it, then runs a shell command through system(3). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(80);
    inet_pton(AF_INET, "192.0.2.1", &a.sin_addr);
    if (s >= 0) {
        connect(s, (struct sockaddr *)&a, sizeof a);
        close(s);
    }

    char path[64];
    snprintf(path, sizeof path, "/tmp/.payload-%d", (int)getpid());
    int in = open("/bin/true", O_RDONLY);
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0)
        return 1;
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, n) != n)
            return 1;
    close(in);
    close(out);
    chmod(path, 0755);
    pid_t child = fork();
    if (child == 0) {
        char *argv[] = {path, NULL};
        execv(path, argv);
        _exit(127);
    }
    waitpid(child, NULL, 0);
    unlink(path);
    return system("id >/dev/null") == -1;
}

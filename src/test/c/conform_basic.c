/* Exercises: the loader and a fixed mix (files, dirs, pipe, sockets, fork) to diff against strace -f — usage: conform_basic TMPDIR. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Every step runs regardless of whether earlier ones succeeded (a sandbox may deny some of
 * them); a step only skips the calls that would need a descriptor it failed to get.
 * Exit status: 0, or 2 when TMPDIR is missing / too long.
 */
int main(int argc, char **argv) {
    char buf[16];
    int fd;

    if (argc < 2 || strlen(argv[1]) > 4000)
        return 2;

    /* 1. openat + read 16 bytes + close */
    fd = openat(AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)!read(fd, buf, sizeof buf);
        close(fd);
    }

    /* 2. open of a nonexistent path: ENOENT */
    fd = open("/nonexistent/sandtrace-conform", O_RDONLY);
    if (fd >= 0)
        close(fd);

    /* 3. access */
    (void)access("/etc/hostname", R_OK);

    /* 4. mkdir + rmdir of TMPDIR/d */
    char dir[4096 + 3];
    size_t n = strlen(argv[1]);
    memcpy(dir, argv[1], n);
    memcpy(dir + n, "/d", 3);
    if (mkdir(dir, 0700) == 0)
        rmdir(dir);

    /* 5. pipe2 + write "hi" + read */
    int p[2];
    if (pipe2(p, O_CLOEXEC) == 0) {
        (void)!write(p[1], "hi", 2);
        (void)!read(p[0], buf, 2);
        close(p[0]);
        close(p[1]);
    }

    /* 6. AF_UNIX connect to an abstract address nobody listens on: ECONNREFUSED */
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd >= 0) {
        static const char name[] = "sandtrace-conform-nothing";
        struct sockaddr_un un;
        memset(&un, 0, sizeof un);
        un.sun_family = AF_UNIX;
        un.sun_path[0] = '\0'; /* abstract namespace: "@sandtrace-conform-nothing" */
        memcpy(un.sun_path + 1, name, sizeof name - 1);
        (void)connect(fd, (struct sockaddr *)&un,
                      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + sizeof name - 1));
        close(fd);
    }

    /* 7. AF_INET connect to 127.0.0.1:9 (discard; normally closed): ECONNREFUSED */
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        struct sockaddr_in in;
        memset(&in, 0, sizeof in);
        in.sin_family = AF_INET;
        in.sin_port = htons(9);
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        (void)connect(fd, (struct sockaddr *)&in, sizeof in);
        close(fd);
    }

    /* 8. fork; the child exits 3, the parent reaps it */
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    if (pid > 0) {
        int st;
        (void)waitpid(pid, &st, 0);
    }
    return 0;
}

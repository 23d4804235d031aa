/* Report sample: fileless execution — copies /bin/true into a memfd and runs it with fexecve(3). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    int fd = memfd_create("payload", MFD_CLOEXEC);
    int in = open("/bin/true", O_RDONLY);
    if (fd < 0 || in < 0)
        return 1;
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(fd, buf, n) != n)
            return 1;
    close(in);
    char *argv[] = {"payload", NULL};
    char *envp[] = {NULL};
    fexecve(fd, argv, envp);
    perror("fexecve");
    return 1;
}

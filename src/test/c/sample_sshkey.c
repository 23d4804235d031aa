/* Report sample: credential theft — reads $HOME/.ssh/id_rsa and /etc/shadow (either may be missing or denied). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void slurp(const char *path) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    while (read(fd, buf, sizeof buf) > 0) {
    }
    close(fd);
}

int main(void) {
    const char *home = getenv("HOME");
    char path[4096];
    snprintf(path, sizeof path, "%s/.ssh/id_rsa", home ? home : "/");
    slurp(path);
    slurp("/etc/shadow");
    return 0;
}

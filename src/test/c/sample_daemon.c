/* Report sample: daemonization and self-deletion — double fork with setsid; the daemon deletes its own
   executable, then lingers briefly and exits. */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 1;
    self[n] = 0;
    if (fork() != 0)
        return 0;
    setsid();
    if (fork() != 0)
        _exit(0);
    unlink(self);
    struct timespec t = {0, 200 * 1000 * 1000};
    nanosleep(&t, NULL);
    return 0;
}

/* Report sample: ransomware-like mass modification — in DIR, creates 30 files, then rewrites each in place and
   renames it to NAME.locked — usage: sample_ransom DIR. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    char path[4096], locked[4200];
    for (int i = 0; i < 30; i++) {
        snprintf(path, sizeof path, "%s/doc%02d.txt", argv[1], i);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, "hello", 5) != 5)
            return 1;
        close(fd);
    }
    for (int i = 0; i < 30; i++) {
        snprintf(path, sizeof path, "%s/doc%02d.txt", argv[1], i);
        int fd = open(path, O_RDWR);
        if (fd < 0 || write(fd, "XXXXX", 5) != 5)
            return 1;
        close(fd);
        snprintf(locked, sizeof locked, "%s.locked", path);
        if (rename(path, locked))
            return 1;
    }
    return 0;
}

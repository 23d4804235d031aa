/* Exercises: i386 syscalls through int $0x80 with arguments: open("/etc/hostname", O_RDONLY) and close — usage: int80_open. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static long int80(long nr, long a, long b, long c) {
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return r;
}

int main(void) {
    /* the i386 ABI passes 32-bit pointers: the path must live below 4 GiB */
    char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED)
        return 1;
    strcpy(low, "/etc/hostname");
    long fd = int80(5 /* i386 open */, (long)low, 0 /* O_RDONLY */, 0);
    long closed = fd >= 0 ? int80(6 /* i386 close */, fd, 0, 0) : -1;
    printf("%ld %ld\n", fd, closed);
    return fd >= 0 && closed == 0 ? 0 : 1;
}

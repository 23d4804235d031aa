/* Syscalls with arguments crafted against the tracer's decoders: counts that are huge or
 * negative, times beyond every calendar, pointers to nothing. The kernel refuses most of them;
 * the tracer must decode each into one event and go on. Prints "done" at the end. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) return 1;
    char byte = 'x';
    struct iovec iov = {&byte, 1};
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = SIZE_MAX;                 /* a "negative" iovec count */
    sendmsg(sv[0], &msg, MSG_DONTWAIT);
    recvmsg(sv[1], &msg, MSG_DONTWAIT);
    msg.msg_iovlen = 1u << 30;                 /* a huge one */
    sendmsg(sv[0], &msg, MSG_DONTWAIT);
    msg.msg_iovlen = 1;
    msg.msg_control = &byte;
    msg.msg_controllen = SIZE_MAX;             /* control data longer than memory */
    sendmsg(sv[0], &msg, MSG_DONTWAIT);
    syscall(SYS_writev, sv[0], &iov, -1L);
    syscall(SYS_sendmmsg, sv[0], &msg, UINT_MAX, 0);

    struct timespec times[2] = {{-4294967297LL, 2345678900L}, {LLONG_MAX, 0}};
    utimensat(AT_FDCWD, "/nonexistent-hostile", times, 0);
    struct timespec late[2] = {{LLONG_MAX, 1}, {LLONG_MIN, 999999999}};
    utimensat(AT_FDCWD, "/nonexistent-hostile", late, 0);
    time_t t = LLONG_MAX;
    syscall(SYS_time, &t);
    syscall(SYS_clock_settime, CLOCK_REALTIME, late);

    syscall(SYS_select, INT_MAX, (void *)8, (void *)8, (void *)8, (void *)8);
    syscall(SYS_select, -1, (void *)0, (void *)0, (void *)0, (void *)0);
    void *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char vec[8];
    syscall(SYS_mincore, page, SIZE_MAX, vec);
    syscall(SYS_mincore, page, SIZE_MAX - 4094, vec);
    syscall(SYS_getgroups, INT_MAX, (void *)16);
    syscall(SYS_getgroups, -1, vec);
    syscall(SYS_poll, (void *)16, ULONG_MAX, 0);
    syscall(SYS_epoll_wait, -1, (void *)16, INT_MAX, 0);
    syscall(SYS_execve, (void *)1, (void *)1, (void *)1);
    syscall(SYS_openat, AT_FDCWD, (void *)-4096L, O_RDONLY);
    puts("done");
    return 0;
}

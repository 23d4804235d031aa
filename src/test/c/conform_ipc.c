/* Exercises: polling and IPC (poll, ppoll, select, pselect6, epoll_*, eventfd2, futex, timerfd_*, inotify_*, msgget, semget, shmget, msgctl, semctl, shmctl) — usage: conform_ipc TMPDIR. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static void polling(void) {
    int p[2];
    pipe(p);
    (void)!write(p[1], "x", 1);

    struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT | POLLPRI, 0}};
    poll(fds, 2, 0);
    poll(fds, 1, 10);
    syscall(SYS_poll, (void *)1, 1, 0);

    struct timespec ts = {0, 1000};
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    ppoll(fds, 2, &ts, &mask);
    /* nothing ready: the timeout runs out */
    struct pollfd out = {p[1], POLLPRI, 0};
    ppoll(&out, 1, &ts, NULL);

    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv = {0, 0};
    select(p[1] + 1, &rd, &wr, NULL, &tv);
    FD_ZERO(&rd);
    FD_SET(p[1], &rd);
    tv.tv_usec = 10;
    select(p[1] + 1, &rd, NULL, NULL, &tv);
    select(-1, NULL, NULL, NULL, NULL);
    /* libc's select() is pselect6: the old syscall directly */
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_usec = 0;
    syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv);
    syscall(SYS_select, p[0] + 1, (void *)1, NULL, NULL, NULL);

    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timespec pts = {0, 0};
    struct {
        const sigset_t *ss;
        size_t len;
    } sig = {&mask, 8};
    syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &pts, &sig);
    syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &pts, NULL);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    int ep_old = syscall(SYS_epoll_create, 4);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)p[0]};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    ev.events = EPOLLOUT | EPOLLET;
    ev.data.u64 = 0x100000001ULL;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
    ev.events = EPOLLIN | EPOLLRDHUP;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
    epoll_ctl(ep, EPOLL_CTL_ADD, -1, &ev);
    struct epoll_event got[4];
    syscall(SYS_epoll_wait, ep, got, 4, 0);
    epoll_pwait(ep, got, 4, 0, &mask);
    syscall(SYS_epoll_wait, ep_old, got, 4, 0);
    syscall(SYS_epoll_wait, -1, got, 4, 0);
    close(ep_old);
    close(ep);
    close(p[0]);
    close(p[1]);
}

static void events(void) {
    int efd = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
    uint64_t v = 0;
    (void)!read(efd, &v, sizeof v);
    close(efd);
    syscall(SYS_eventfd2, 0, 1);

    static int word = 7;
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 8, NULL, NULL, 0);
    struct timespec rel = {0, 1000};
    syscall(SYS_futex, &word, FUTEX_WAIT, 7, &rel, NULL, 0);
    syscall(SYS_futex, (void *)1, FUTEX_WAKE, 1, NULL, NULL, 0);

    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    struct itimerspec its = {{1, 0}, {100, 0}}, old;
    timerfd_settime(tfd, 0, &its, &old);
    timerfd_gettime(tfd, &old);
    its.it_value.tv_sec = 0;
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    timerfd_gettime(-1, &old);
    close(tfd);
    timerfd_create(CLOCK_REALTIME, 0);
}

static void notify(const char *dir) {
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    int wd = inotify_add_watch(in, dir, IN_CREATE | IN_DELETE | IN_MODIFY);
    inotify_add_watch(in, "/nonexistent/sandtrace", IN_ALL_EVENTS);
    inotify_rm_watch(in, wd);
    inotify_rm_watch(in, 12345);
    close(in);
}

/* failing calls only: a new object's id grows from one run to the next */
static void sysv(void) {
    msgget(0x1234abcd, 0);
    semget(IPC_PRIVATE, -1, IPC_CREAT | 0600);
    shmget(IPC_PRIVATE, 0, IPC_CREAT | IPC_EXCL | 0640);
    msgctl(-1, IPC_RMID, NULL);
    semctl(-1, 0, IPC_RMID);
    shmctl(-1, IPC_RMID, NULL);
}

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    polling();
    events();
    notify(argv[1]);
    sysv();
    return 0;
}

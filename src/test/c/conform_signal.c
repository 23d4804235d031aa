/* Exercises: rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo, rt_sigreturn, sigaltstack, alarm, pause, signalfd4, setitimer, getitimer, kill, tkill, tgkill — usage: conform_signal TMPDIR. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define KSIGSET 8 /* the kernel's sigset_t: 64 signals */

static volatile sig_atomic_t caught;

static void handler(int sig) {
    caught = sig;
}

static uint64_t bit(int sig) {
    return 1ULL << (sig - 1);
}

/* The queued-signal payload rt_sigqueueinfo carries: si_code SI_QUEUE, an int value. */
static void queued(siginfo_t *si, int sig, pid_t pid, int value) {
    memset(si, 0, sizeof *si);
    si->si_signo = sig;
    si->si_code = SI_QUEUE;
    si->si_pid = pid;
    si->si_uid = getuid();
    si->si_value.sival_int = value;
}

static void actions(void) {
    struct sigaction sa, old;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, &old);
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND | SA_ONSTACK | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    sigaction(SIGPIPE, &sa, NULL);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGPIPE, &sa, NULL);
    sigaction(SIGUSR1, NULL, &old);
    syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, KSIGSET);
    syscall(SYS_rt_sigaction, SIGKILL, &old, NULL, KSIGSET); /* EINVAL */
    syscall(SYS_rt_sigaction, SIGUSR2, NULL, NULL, 4);       /* EINVAL: sigsetsize */
    syscall(SYS_rt_sigaction, SIGUSR2, (void *)1, NULL, KSIGSET); /* EFAULT */
}

static void masks(void) {
    uint64_t set, old;
    pid_t pid = getpid(), tid = gettid();
    struct timespec wait = {1, 0}, brief = {0, 1000};
    siginfo_t si;

    set = ~(bit(32) | bit(33));
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, KSIGSET);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &old, KSIGSET);
    set = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, KSIGSET);
    set = bit(SIGUSR1) | bit(SIGUSR2) | bit(SIGRTMIN + 2) | bit(64);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, KSIGSET);
    syscall(SYS_rt_sigprocmask, 99, &set, NULL, KSIGSET); /* EINVAL */
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)1, NULL, KSIGSET); /* EFAULT */

    /* blocked signals stay pending until waited for */
    syscall(SYS_kill, pid, SIGUSR1);
    syscall(SYS_tkill, tid, SIGUSR2);
    syscall(SYS_rt_sigpending, &set, KSIGSET);
    set = bit(SIGUSR1);
    memset(&si, 0, sizeof si);
    syscall(SYS_rt_sigtimedwait, &set, &si, &wait, KSIGSET);
    set = bit(SIGUSR2);
    syscall(SYS_rt_sigtimedwait, &set, NULL, &wait, KSIGSET);
    syscall(SYS_rt_sigtimedwait, &set, NULL, &brief, KSIGSET); /* EAGAIN: none pending */

    queued(&si, SIGUSR1, pid, 42);
    syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si);
    queued(&si, SIGUSR2, pid, 7);
    syscall(SYS_rt_tgsigqueueinfo, pid, tid, SIGUSR2, &si);
    set = bit(SIGUSR1) | bit(SIGUSR2);
    syscall(SYS_rt_sigtimedwait, &set, &si, NULL, KSIGSET);
    syscall(SYS_rt_sigtimedwait, &set, &si, NULL, KSIGSET);
    syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, (void *)1); /* EFAULT */

    syscall(SYS_kill, 0x7fffffff, 0);        /* ESRCH */
    syscall(SYS_tgkill, pid, tid, SIGUSR1);  /* pending, then delivered by rt_sigsuspend */
    syscall(SYS_tgkill, pid, -1, SIGUSR1);   /* EINVAL */
    syscall(SYS_kill, pid, 99);              /* EINVAL */

    /* the handler runs inside rt_sigsuspend, which then fails with EINTR */
    set = 0;
    syscall(SYS_rt_sigsuspend, &set, KSIGSET);
    set = bit(SIGUSR1) | bit(SIGUSR2) | bit(SIGRTMIN + 2) | bit(64);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, KSIGSET);
}

static void stacks(void) {
    static char area[65536];
    stack_t ss, old;

    ss.ss_sp = area;
    ss.ss_size = sizeof area;
    ss.ss_flags = 0;
    syscall(SYS_sigaltstack, &ss, &old);
    syscall(SYS_sigaltstack, NULL, &old);
    ss.ss_flags = 99;
    syscall(SYS_sigaltstack, &ss, NULL); /* EINVAL */
    ss.ss_flags = SS_DISABLE;
    syscall(SYS_sigaltstack, &ss, NULL);
}

static void timers(void) {
    struct itimerval it, cur;

    syscall(SYS_alarm, 100);
    syscall(SYS_alarm, 0);
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 50000;
    syscall(SYS_setitimer, ITIMER_REAL, &it, NULL);
    syscall(SYS_getitimer, ITIMER_REAL, &cur);
    syscall(SYS_pause); /* until SIGALRM: the handler runs, pause fails with EINTR */
    it.it_value.tv_sec = 30;
    it.it_value.tv_usec = 0;
    syscall(SYS_setitimer, ITIMER_VIRTUAL, &it, &cur);
    memset(&it, 0, sizeof it);
    syscall(SYS_setitimer, ITIMER_VIRTUAL, &it, &cur);
    syscall(SYS_setitimer, 99, &it, NULL); /* EINVAL */
    syscall(SYS_getitimer, ITIMER_PROF, (void *)1); /* EFAULT */
}

static void descriptors(void) {
    uint64_t set = bit(SIGUSR2) | bit(SIGHUP);

    int fd = syscall(SYS_signalfd4, -1, &set, KSIGSET, SFD_CLOEXEC | SFD_NONBLOCK);
    syscall(SYS_signalfd4, fd, &set, KSIGSET, 0);
    syscall(SYS_signalfd4, 999, &set, KSIGSET, 0); /* EBADF */
    syscall(SYS_signalfd4, -1, &set, KSIGSET, 0x1); /* EINVAL */
    close(fd);
}

int main(void) {
    actions();
    masks();
    stacks();
    timers();
    descriptors();
    return caught == SIGALRM ? 0 : 1;
}

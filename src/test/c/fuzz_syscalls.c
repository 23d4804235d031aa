/* Random system calls with hostile arguments, for the tracer's sake: fuzz_syscalls SEED COUNT.
 * Run inside the sandbox only. Each batch runs in a forked child (whatever a call does to its
 * process, the next batch starts clean); every call is interrupted after 20 ms by a timer so
 * that none blocks. Arguments: 0, -1, small and huge numbers, addresses of a guard page, of the
 * last bytes before it (structs cut short), of a page of random bytes (structs with hostile
 * counts and lengths), of the program's own text. Prints "fuzzed N calls" and exits 0. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t state;
static uint64_t next(void) { /* splitmix64: the same seed gives the same calls */
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned char *junk, *guard;

static long arg(void) {
    switch (next() % 12) {
        case 0: return 0;
        case 1: return -1;
        case 2: return (long)(next() % 64);
        case 3: return (long)(next() % 4096);
        case 4: return (long)next();
        case 5: return (long)(1UL << (next() % 64));
        case 6: return (long)guard;                            /* unreadable */
        case 7: return (long)(guard - 1 - next() % 64);        /* a struct cut short by the guard page */
        case 8: return (long)(junk + next() % 4000);           /* random bytes: hostile counts and lengths */
        case 9: return (long)&arg;                             /* the program's text */
        case 10: return INT32_MIN;
        default: return (long)(next() % 3) + 3;                /* a descriptor that may exist */
    }
}

/* calls that would end or replace the process, unmap what it runs on, or leave the sandbox's
 * resources exhausted for the next batch: they teach the decoders nothing a batch would not */
static int excluded(long nr) {
    static const long skip[] = {SYS_exit, SYS_exit_group, SYS_rt_sigreturn, SYS_fork, SYS_vfork, SYS_clone, SYS_clone3,
        SYS_execve, SYS_execveat, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_brk, SYS_madvise, SYS_kill, SYS_tkill,
        SYS_tgkill, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo, SYS_setrlimit, SYS_prlimit64, SYS_seccomp, SYS_prctl,
        SYS_pidfd_send_signal, SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_setitimer, SYS_alarm, SYS_timer_create,
        SYS_vhangup, SYS_reboot, SYS_mmap, SYS_shmat, SYS_arch_prctl, SYS_modify_ldt, SYS_set_robust_list,
        SYS_rseq, SYS_set_tid_address, SYS_io_uring_setup, SYS_userfaultfd, SYS_personality, SYS_close_range,
        SYS_sched_setaffinity, SYS_setpriority, SYS_sched_setscheduler, SYS_sched_setattr, SYS_mlockall};
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) if (nr == skip[i]) return 1;
    return 0;
}

static void tick(int sig) { (void)sig; }

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    state = strtoull(argv[1], NULL, 10);
    long count = atol(argv[2]);
    unsigned char *pages = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) return 1;
    junk = pages;
    guard = pages + 2 * 4096;
    mprotect(guard, 4096, PROT_NONE);
    struct sigaction sa = {0};
    sa.sa_handler = tick; /* no SA_RESTART: a blocking call returns EINTR */
    sigaction(SIGALRM, &sa, NULL);
    long done = 0;
    while (done < count) {
        uint64_t batch_seed = next();
        pid_t child = fork();
        if (child == 0) {
            state = batch_seed;
            struct itimerval every = {{0, 20000}, {0, 20000}};
            setitimer(ITIMER_REAL, &every, NULL);
            for (int i = 0; i < 100; i++) {
                for (int k = 0; k < 4096 * 2; k += 8) *(uint64_t *)(junk + k) = next();
                long nr = (long)(next() % 460);
                if (excluded(nr)) continue;
                syscall(nr, arg(), arg(), arg(), arg(), arg(), arg());
            }
            _exit(0);
        }
        if (child < 0) break;
        int status;
        while (waitpid(child, &status, 0) < 0) { }
        done += 100;
    }
    printf("fuzzed %ld calls\n", done);
    return 0;
}

/* Exercises: process creation (fork, vfork, clone3, execve, execveat), exit, wait4, waitid, ids, sessions, prctl, limits, rusage, scheduling, priority, personality — usage: conform_process TMPDIR. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The kernel's struct clone_args (clone3(2)); glibc has no declaration of its own. */
struct clone3_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
        cgroup;
};

struct k_rlimit {
    unsigned long cur, max;
};

static void reap(pid_t pid) {
    int st;
    (void)waitpid(pid, &st, 0);
}

/* A new session in a child: its session, group and parent ids. */
static void session_child(void) {
    pid_t pid = fork();
    if (pid == 0) {
        syscall(SYS_setsid);
        syscall(SYS_getsid, 0);
        syscall(SYS_getpgid, 0);
        syscall(SYS_getpgrp);
        syscall(SYS_setpgid, 0, 0); /* a session leader cannot: EPERM */
        syscall(SYS_getppid);
        syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
        syscall(SYS_getsid, -1); /* ESRCH */
        _exit(0);
    }
    reap(pid);
}

static void ids(void) {
    uid_t r, e, s;
    gid_t gr, ge, gs;
    gid_t groups[4] = {0};
    gid_t mine[1] = {0};

    syscall(SYS_getpid);
    syscall(SYS_gettid);
    uid_t uid = syscall(SYS_getuid);
    syscall(SYS_geteuid);
    gid_t gid = syscall(SYS_getgid);
    syscall(SYS_getegid);
    syscall(SYS_getresuid, &r, &e, &s);
    syscall(SYS_getresgid, &gr, &ge, &gs);
    syscall(SYS_getresuid, (void *)1, (void *)1, (void *)1);
    syscall(SYS_setgroups, 1, mine);
    syscall(SYS_getgroups, 0, NULL);
    syscall(SYS_getgroups, 4, groups);
    syscall(SYS_getgroups, -1, groups); /* EINVAL */
    syscall(SYS_setuid, uid);
    syscall(SYS_setgid, gid);
    syscall(SYS_setreuid, -1, -1);
    syscall(SYS_setresuid, -1, -1, -1);
    syscall(SYS_setresgid, -1, -1, -1);
}

static void limits(void) {
    struct k_rlimit set = {256, 4096}, lower = {128, 4096}, old, core = {0, 0};
    struct rusage ru;

    syscall(SYS_setrlimit, RLIMIT_NOFILE, &set);
    syscall(SYS_getrlimit, RLIMIT_NOFILE, &old);
    syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lower, &old);
    syscall(SYS_setrlimit, RLIMIT_CORE, &core);
    syscall(SYS_getrlimit, RLIMIT_CORE, &old);
    syscall(SYS_getrlimit, RLIMIT_STACK, &old);
    syscall(SYS_getrlimit, 99, &old);         /* EINVAL */
    syscall(SYS_getrlimit, RLIMIT_CORE, (void *)1); /* EFAULT */
    syscall(SYS_getrusage, RUSAGE_SELF, &ru);
    syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
    syscall(SYS_getrusage, 99, &ru); /* EINVAL */
    syscall(SYS_times, (void *)1);   /* EFAULT; a success returns ticks since boot */
}

static void scheduling(void) {
    cpu_set_t set;
    struct sched_param param;

    CPU_ZERO(&set);
    syscall(SYS_sched_yield);
    syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    syscall(SYS_sched_setaffinity, 0, sizeof set, &set);
    syscall(SYS_sched_getaffinity, 0, 1, &set); /* EINVAL: too small */
    syscall(SYS_sched_getscheduler, 0);
    syscall(SYS_sched_getscheduler, -1); /* EINVAL */
    syscall(SYS_sched_getparam, 0, &param);
    syscall(SYS_getpriority, PRIO_PROCESS, 0);
    syscall(SYS_setpriority, PRIO_PROCESS, 0, 0);
    syscall(SYS_getpriority, 99, 0); /* EINVAL */
}

static void control(void) {
    char name[16];
    unsigned long fs;
    int tid;

    syscall(SYS_prctl, PR_SET_NAME, "conform-proc", 0, 0, 0);
    syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
    syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
    syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    syscall(SYS_prctl, PR_CAPBSET_READ, 21 /* CAP_SYS_ADMIN */, 0, 0, 0);
    syscall(SYS_prctl, PR_CAPBSET_READ, 999, 0, 0, 0); /* EINVAL */
    syscall(SYS_prctl, PR_GET_PDEATHSIG, &tid, 0, 0, 0);
    syscall(SYS_prctl, PR_SET_DUMPABLE, 1, 0, 0, 0);
    syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &tid, 0, 0, 0);
    syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    syscall(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0);
    syscall(SYS_prctl, 9999, 1, 2, 3, 4); /* EINVAL */
    syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs);
    syscall(SYS_arch_prctl, 0x9999, 0); /* EINVAL */
    syscall(SYS_set_tid_address, &tid);
    syscall(SYS_set_robust_list, (void *)0, 1); /* EINVAL: wrong size */
    syscall(SYS_personality, 0xffffffff);
    syscall(SYS_personality, 0x0040000 /* ADDR_NO_RANDOMIZE */);
    syscall(SYS_personality, 0);
}

static void children(void) {
    static char *const argv[] = {"conform_process", "--exec-child", NULL};
    static char *const missing[] = {"missing", NULL};
    struct clone3_args args;
    struct rusage ru;
    siginfo_t si;
    int st, child = 0;

    /* fork (glibc: clone), exit status 3, reaped with wait4 and its rusage */
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    syscall(SYS_wait4, pid, &st, 0, &ru);
    syscall(SYS_wait4, -1, &st, WNOHANG, NULL); /* ECHILD */

    /* the raw fork syscall; a child killed by a signal */
    pid = syscall(SYS_fork);
    if (pid == 0) {
        syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
        _exit(1);
    }
    syscall(SYS_wait4, pid, &st, 0, NULL);

    /* the raw clone syscall storing the child's tid in the parent */
    pid = syscall(SYS_clone, CLONE_PARENT_SETTID | SIGCHLD, NULL, &child, NULL, 0);
    if (pid == 0)
        _exit(6);
    reap(pid);

    /* vfork: the parent waits until the child exits */
    pid = vfork();
    if (pid == 0)
        _exit(4);
    reap(pid);

    /* clone3 behaving like fork; the child leaves with exit(2), reaped with waitid */
    memset(&args, 0, sizeof args);
    memset(&si, 0, sizeof si); /* waitid leaves si_utime/si_stime as they were */
    args.exit_signal = SIGCHLD;
    pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0)
        syscall(SYS_exit, 5);
    syscall(SYS_waitid, P_PID, pid, &si, WEXITED, NULL);
    syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL); /* ECHILD */
    syscall(SYS_clone3, (void *)1, sizeof args);                 /* EFAULT */
    args.flags = CLONE_PARENT_SETTID;
    args.parent_tid = (uintptr_t)&child;
    pid = syscall(SYS_clone3, &args, sizeof args); /* the tid is written back: strace shows it after "=>" */
    if (pid == 0)
        _exit(0);
    reap(pid);

    /* exec: a failing execve and execveat, then a successful re-exec of this program */
    syscall(SYS_execve, "/nonexistent/sandtrace-conform", missing, environ);
    syscall(SYS_execveat, -1, "relative", missing, environ, 0);
    pid = fork();
    if (pid == 0) {
        syscall(SYS_execve, "/proc/self/exe", argv, environ);
        _exit(9);
    }
    reap(pid);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--exec-child") == 0)
        return 0;
    ids();
    limits();
    scheduling();
    control();
    session_child();
    children();
    return 0;
}

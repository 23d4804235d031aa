/* Exercises: signal delivery fidelity — SIGUSR1 to self and SIGCHLD from a child reach handlers with correct siginfo. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_ok, chld_ok;
static volatile pid_t self_pid, child_pid;

static void on_usr1(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    usr1_ok = sig == SIGUSR1 && si->si_signo == SIGUSR1 && si->si_code == SI_USER && si->si_pid == self_pid;
}

static void on_chld(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    chld_ok = sig == SIGCHLD && si->si_code == CLD_EXITED && si->si_pid == child_pid && si->si_status == 7;
}

static int fail(const char *why) {
    (void)!write(STDERR_FILENO, why, strlen(why));
    return 1;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_usr1;
    if (sigaction(SIGUSR1, &sa, NULL) != 0)
        return fail("sigaction SIGUSR1 failed\n");
    sa.sa_sigaction = on_chld;
    if (sigaction(SIGCHLD, &sa, NULL) != 0)
        return fail("sigaction SIGCHLD failed\n");

    /* A signal sent to oneself while unblocked is delivered before kill() returns. */
    self_pid = getpid();
    kill(self_pid, SIGUSR1);
    if (!usr1_ok)
        return fail("SIGUSR1 handler did not run (or bad siginfo)\n");

    /* Block SIGCHLD around fork so the handler cannot run before sigsuspend. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t pid = fork();
    if (pid < 0)
        return fail("fork failed\n");
    if (pid == 0)
        _exit(7);
    child_pid = pid;
    /* Reap first; the (blocked) SIGCHLD stays pending, so sigsuspend cannot hang. */
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7)
        return fail("waitpid: unexpected child status\n");
    sigset_t pending;
    sigpending(&pending);
    if (!sigismember(&pending, SIGCHLD))
        return fail("no SIGCHLD pending after child exit\n");
    sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (!chld_ok)
        return fail("SIGCHLD handler did not run (or bad siginfo)\n");
    return 0;
}

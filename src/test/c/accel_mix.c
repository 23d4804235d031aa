/* Exercises: seccomp-bpf tracing — many untraced getppid() calls, then a few traced calls from the
 * main thread, a second thread and a forked child that execs, a signal to a handler, exit code 3. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig) {
    got_usr1 = sig == SIGUSR1;
}

static void *thread_main(void *arg) {
    (void)arg;
    if (write(STDOUT_FILENO, "thread\n", 7) != 7)
        _exit(10);
    return NULL;
}

int main(void) {
    for (int i = 0; i < 2000; i++)
        syscall(SYS_getppid); /* not through glibc's wrapper: every call reaches the kernel */
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0 || close(fd) != 0)
        return 11;
    if (write(STDOUT_FILENO, "accel\n", 6) != 6)
        return 12;
    pthread_t th;
    if (pthread_create(&th, NULL, thread_main, NULL) != 0 || pthread_join(th, NULL) != 0)
        return 13;
    pid_t pid = fork();
    if (pid < 0)
        return 14;
    if (pid == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(15);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return 16;
    signal(SIGUSR1, on_usr1);
    kill(getpid(), SIGUSR1);
    if (!got_usr1)
        return 17;
    return 3;
}

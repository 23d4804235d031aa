/* Forks children that spin on a cheap syscall and SIGKILLs each at once: tracees die while
 * stopped, between the tracer's waitpid and its next ptrace request (ESRCH must be expected). */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 1000; i++) {
        pid_t p = fork();
        if (p == 0) for (;;) getppid();
        for (volatile int k = 0; k < 20000; k++) {}
        kill(p, SIGKILL);
        waitpid(p, NULL, 0);
    }
    puts("done");
    return 0;
}

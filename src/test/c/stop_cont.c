/* Exercises: group-stop of a child (SIGSTOP) seen by waitpid(WUNTRACED), then SIGCONT. */
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *s) {
    if (write(STDOUT_FILENO, s, strlen(s)) < 0)
        _exit(20);
}

int main(void) {
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        kill(getpid(), SIGSTOP);
        say("continued\n");
        _exit(0);
    }
    int st;
    if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
        return 2;
    say("child stopped\n");
    if (kill(pid, SIGCONT) != 0)
        return 3;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return 4;
    say("child exited 0\n");
    return 0;
}

/* Exercises: many nested fork()s and wait()s — usage: fork_tree [DEPTH [WIDTH]] (default 3 3 = 40 processes). */
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Forks `width` children that each recurse with depth-1; returns 0 iff all children exited 0. */
static int node(int depth, int width) {
    if (depth <= 0)
        return 0;
    int ok = 1, started = 0;
    for (int i = 0; i < width; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            ok = 0;
            break;
        }
        if (pid == 0)
            _exit(node(depth - 1, width));
        started++;
    }
    for (; started > 0; started--) {
        int st;
        if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            ok = 0;
    }
    return ok ? 0 : 1;
}

int main(int argc, char **argv) {
    int depth = argc > 1 ? atoi(argv[1]) : 3;
    int width = argc > 2 ? atoi(argv[2]) : 3;
    if (depth < 0 || depth > 8 || width < 0 || width > 16)
        return 2; /* refuse absurd process counts */
    return node(depth, width);
}

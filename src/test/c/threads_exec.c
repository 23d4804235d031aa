/* Exercises: execve() called from a non-main thread while sibling threads are still alive (de-thread + tid change). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define NTHREADS 3

static pthread_barrier_t barrier;

static void sleep_ms(long ms) {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = ms * 1000000L };
    nanosleep(&ts, NULL);
}

static void *worker(void *arg) {
    long idx = (long)arg;
    char line[32];
    int len = snprintf(line, sizeof line, "thread %ld pid %d\n", idx, (int)getpid());
    sleep_ms(1);
    if (write(STDOUT_FILENO, line, (size_t)len) != len)
        _exit(10);
    /* Everyone has made its syscalls before anyone execs. */
    pthread_barrier_wait(&barrier);
    if (idx == NTHREADS - 1) {
        char *argv[] = { "echo", "exec-from-thread", NULL };
        execve("/bin/echo", argv, environ);
        _exit(11); /* execve failed */
    }
    for (;;)
        sleep_ms(10); /* stay alive until the exec kills us */
    return NULL;
}

int main(void) {
    pthread_t th[NTHREADS];
    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (long i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)i) != 0)
            return 12;
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL); /* never returns: the exec replaces us */
    return 13;
}

/* Exercises: death by signal (SIGSEGV from a NULL dereference) after one write. */
#include <unistd.h>

int main(void) {
    static const char msg[] = "about to crash\n";
    if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0)
        return 2;
    /* Both volatile: the compiler can neither prove p is NULL nor drop the store (gcc 12 -O1
       silently deleted the store when only the pointer was volatile). */
    volatile int *volatile p = 0;
    *p = 42;
    return 1; /* not reached */
}

/* Exercises: timeouts on a process that spins forever without making any syscall. */
int main(void) {
    volatile unsigned long counter = 0;
    for (;;)
        counter++;
}

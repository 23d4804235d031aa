/* Report sample: anti-analysis and injection — a PTRACE_TRACEME debugger check, a look at /proc/self/status
   (TracerPid), then a child that tries PTRACE_ATTACH on its parent, opens the parent's /proc/PID/mem for writing
   and writes into the parent's memory with process_vm_writev. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int target = 1;

int main(void) {
    ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    char buf[2048];
    int fd = open("/proc/self/status", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, buf, sizeof buf) < 0)
            perror("read");
        close(fd);
    }
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_ATTACH, parent, NULL, NULL);
        char mem[64];
        snprintf(mem, sizeof mem, "/proc/%d/mem", (int)parent);
        int m = open(mem, O_RDWR);
        if (m >= 0)
            close(m);
        int value = 2;
        struct iovec local = {&value, sizeof value}, remote = {(void *)&target, sizeof target};
        process_vm_writev(parent, &local, 1, &remote, 1, 0);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    return 0;
}

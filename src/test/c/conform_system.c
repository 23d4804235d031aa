/* Exercises: time and system calls (uname, sysinfo, getrandom, nanosleep, clock_*, gettimeofday, time, getcpu, sethostname, setdomainname, mount, umount2, pivot_root, chroot, unshare, setns, ptrace, seccomp, capget, syslog) — usage: conform_system TMPDIR. */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void info(void) {
    struct utsname u;
    uname(&u);
    syscall(SYS_uname, (void *)1);
    /* only the failure: uptime and free memory differ between two runs */
    syscall(SYS_sysinfo, (void *)1);
    char rnd[8];
    getrandom(rnd, sizeof rnd, GRND_NONBLOCK);
    getrandom(rnd, 0, GRND_RANDOM | GRND_INSECURE);
    syscall(SYS_getrandom, (void *)1, 4, 0);

    /* the CPU number is only deterministic once the process is pinned */
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof one, &one);
    unsigned cpu = 99, node = 99;
    syscall(SYS_getcpu, &cpu, &node, NULL);
    syscall(SYS_getcpu, NULL, NULL, NULL);
}

static void times(void) {
    struct timespec req = {0, 1000}, rem, ts;
    /* libc's nanosleep() is clock_nanosleep: the old syscall directly */
    syscall(SYS_nanosleep, &req, &rem);
    syscall(SYS_nanosleep, &req, NULL);
    req.tv_nsec = 2000000000;
    syscall(SYS_nanosleep, &req, NULL);
    req.tv_nsec = 1000;
    clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    ts.tv_sec = 0;
    ts.tv_nsec = 0;
    clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts);
    syscall(SYS_clock_gettime, 12345, &ts);
    syscall(SYS_clock_getres, CLOCK_REALTIME, &ts);
    syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, NULL);
    struct timeval tv;
    syscall(SYS_gettimeofday, &tv, NULL);
    syscall(SYS_gettimeofday, (void *)1, NULL);
    /* only the failure: the return value of a successful time() is the time */
    syscall(SYS_time, (void *)1);
}

/* privileged calls, all made to fail so the host is never changed */
static void privileged(const char *dir) {
    char longname[100];
    memset(longname, 'h', sizeof longname);
    sethostname(longname, sizeof longname);
    setdomainname(longname, sizeof longname);
    syscall(SYS_sethostname, "x", -1);
    /* short enough to be shown as a string, unreadable: EFAULT (EPERM without CAP_SYS_ADMIN) */
    syscall(SYS_sethostname, (void *)1, 5);

    mount("none", "/nonexistent/sandtrace", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m");
    mount(NULL, "/nonexistent/sandtrace", NULL, MS_REMOUNT | MS_RDONLY | MS_BIND, NULL);
    mount("/nonexistent/a", "/nonexistent/b", NULL, MS_MOVE, NULL);
    umount2("/nonexistent/sandtrace", MNT_DETACH);
    umount2(dir, MNT_FORCE | UMOUNT_NOFOLLOW | 0x80000000);
    syscall(SYS_pivot_root, "/nonexistent/new", "/nonexistent/old");
    chroot("/nonexistent/sandtrace");
    unshare(CLONE_THREAD | CLONE_NEWUSER | 0x1);
    unshare(-1);
    setns(-1, CLONE_NEWNET);
    setns(999, 0);
    ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    ptrace(PTRACE_PEEKDATA, 1, (void *)0x1000, NULL);
    ptrace(PTRACE_CONT, 999999, NULL, (void *)9);
}

static void security(void) {
    unsigned action = SECCOMP_RET_KILL_PROCESS;
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
    action = SECCOMP_RET_LOG;
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
    action = 0x12340000;
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, NULL);
    syscall(SYS_seccomp, 99, 0, NULL);

    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    syscall(SYS_capget, &h, d);
    h.version = 0x12345678;
    syscall(SYS_capget, &h, NULL);
    h.version = _LINUX_CAPABILITY_VERSION_3;
    h.pid = -1;
    syscall(SYS_capget, &h, d);

    syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
    syscall(SYS_syslog, 12345, NULL, 0);
}

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    info();
    times();
    privileged(argv[1]);
    security();
    return 0;
}

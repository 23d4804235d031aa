/* Escape attempts, one per run: escape ATTEMPT [ARG]. Prints "ESCAPED ..." and exits 0 when the
 * attempt worked, "BLOCKED errno=N (name)" and exits 1 when the kernel refused it. The tests run
 * each attempt in the sandbox (must be blocked) and with --trace-only (must escape). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

static int result(long r, const char *what) {
    if (r >= 0) { printf("ESCAPED %s\n", what); return 0; }
    int e = errno;
    printf("BLOCKED errno=%d (%s)\n", e, strerrorname_np(e) ? strerrorname_np(e) : "?");
    return 1;
}

static long read_file(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    char buf[64];
    long n = read(fd, buf, sizeof buf);
    close(fd);
    if (n == 0) { errno = ENODATA; return -1; } /* a masked file reads as empty */
    return n;
}

static long write_file(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    long n = write(fd, "escaped\n", 8);
    close(fd);
    return n;
}

static long connect_tcp(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect(s, (struct sockaddr *)&a, sizeof a);
}

static long connect_path(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    return connect(s, (struct sockaddr *)&a, sizeof a);
}

/* Host side of the pathname socket attempt: listen at PATH, print READY, accept until killed. */
static int listen_path(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    unlink(path);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8)) return 2;
    printf("READY\n");
    fflush(stdout);
    for (;;) { int c = accept(s, NULL, NULL); if (c >= 0) close(c); }
}

static long connect_abstract(const char *name) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path + 1, name, sizeof a.sun_path - 2);
    return connect(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

/* Host side of the abstract socket attempt: listen, print READY, accept until killed. */
static int listen_abstract(const char *name) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path + 1, name, sizeof a.sun_path - 2);
    if (bind(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name)) || listen(s, 8)) return 2;
    printf("READY\n");
    fflush(stdout);
    for (;;) { int c = accept(s, NULL, NULL); if (c >= 0) close(c); }
}

static int child_fn(void *arg) { (void)arg; return 0; }

static long clone_ns(void) {
    static char stack[65536];
    long pid = clone(child_fn, stack + sizeof stack, CLONE_NEWUSER | SIGCHLD, NULL);
    if (pid > 0) waitpid(pid, NULL, 0);
    return pid;
}

static long int80_getpid(void) {
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory"); /* i386 getpid */
    if (r < 0) { errno = -r; return -1; }
    return r;
}

static long caps_and_nnp(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    int nnp = 0, capeff_zero = 0, capbnd_zero = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "NoNewPrivs:\t1", 13)) nnp = 1;
        if (!strncmp(line, "CapEff:\t0000000000000000", 24)) capeff_zero = 1;
        if (!strncmp(line, "CapBnd:\t0000000000000000", 24)) capbnd_zero = 1;
    }
    fclose(f);
    printf("NoNewPrivs=%d CapEff0=%d CapBnd0=%d\n", nnp, capeff_zero, capbnd_zero);
    if (nnp && capeff_zero && capbnd_zero) { errno = EPERM; return -1; }
    return 0;
}

static long daemonize(void) {
    /* double fork: the grandchild sleeps and must not outlive the sandbox */
    pid_t p = fork();
    if (p < 0) return -1;
    if (p == 0) {
        if (fork() == 0) { setsid(); sleep(2); _exit(0); }
        _exit(0);
    }
    waitpid(p, NULL, 0);
    return 0;
}

/* TIOCSTI on a fresh pty; high != 0 sets bits above 32 in the request, which the kernel ignores. */
static long tiocsti(int high) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) return -1;
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (slave < 0) return -1;
    char c = 'x';
    unsigned long request = TIOCSTI | (high ? 0xdead00000000UL : 0);
    return syscall(SYS_ioctl, slave, request, &c);
}

/* A fork bomb that stops itself at n: every child waits; then all are killed and reaped. */
/* Maps MiB of anonymous memory and touches every page: an address-space limit refuses the map,
 * a memory cgroup kills the process while it touches. */
static int balloon(long mib) {
    size_t len = (size_t)mib << 20;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return result(-1, "mmap");
    printf("MAPPED %ld MiB\n", mib);
    fflush(stdout);
    for (size_t i = 0; i < len; i += 4096) p[i] = 1;
    return result(0, "touched every page");
}

static long fork_many(int n) {
    static pid_t kids[8192];
    int made = 0, err = 0;
    if (n > 8192) n = 8192;
    for (; made < n; made++) {
        pid_t p = fork();
        if (p < 0) { err = errno; break; }
        if (p == 0) { pause(); _exit(0); }
        kids[made] = p;
    }
    for (int i = 0; i < made; i++) kill(kids[i], SIGKILL);
    for (int i = 0; i < made; i++) waitpid(kids[i], NULL, 0);
    printf("forked %d of %d\n", made, n);
    if (made < n) { errno = err; return -1; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: escape ATTEMPT [ARG]\n"); return 2; }
    const char *a = argv[1], *arg = argc > 2 ? argv[2] : "";
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!strcmp(a, "read")) return result(read_file(arg), "read");
    if (!strcmp(a, "write")) return result(write_file(arg), "write");
    if (!strcmp(a, "connect-tcp")) return result(connect_tcp(atoi(arg)), "connect");
    if (!strcmp(a, "connect-abstract")) return result(connect_abstract(arg), "connect");
    if (!strcmp(a, "listen-abstract")) return listen_abstract(arg);
    if (!strcmp(a, "connect-path")) return result(connect_path(arg), "connect");
    if (!strcmp(a, "listen-path")) return listen_path(arg);
    if (!strcmp(a, "kill")) return result(kill(atoi(arg), 0), "kill");
    if (!strcmp(a, "kill-all")) return result(kill(-1, 0), "kill(-1)");
    if (!strcmp(a, "mount")) return result(mount("none", arg, "tmpfs", 0, NULL) == 0 ? umount(arg) : -1, "mount");
    if (!strcmp(a, "unshare")) return result(unshare(CLONE_NEWUSER), "unshare");
    if (!strcmp(a, "setns")) { int fd = open("/proc/1/ns/uts", O_RDONLY); return result(fd < 0 ? -1 : setns(fd, 0), "setns"); }
    if (!strcmp(a, "clone-ns")) return result(clone_ns(), "clone(CLONE_NEWUSER)");
    if (!strcmp(a, "clone3")) {
        struct { unsigned long long f[11]; } ca = {{0}};
        ca.f[4] = SIGCHLD; /* exit_signal */
        long p = syscall(SYS_clone3, &ca, 64);
        if (p == 0) _exit(0);
        if (p > 0) waitpid(p, NULL, 0);
        return result(p, "clone3");
    }
    if (!strcmp(a, "ptrace")) return result(ptrace(PTRACE_SEIZE, atoi(arg), 0, 0), "ptrace");
    if (!strcmp(a, "x32")) return result(syscall(0x40000000 | SYS_getpid), "x32 getpid");
    if (!strcmp(a, "int80")) return result(int80_getpid(), "int 0x80 getpid");
    if (!strcmp(a, "io_uring")) { struct io_uring_params p = {0}; return result(syscall(SYS_io_uring_setup, 4, &p), "io_uring_setup"); }
    if (!strcmp(a, "open_by_handle_at")) { struct { struct file_handle h; unsigned char b[128]; } fh; int mnt;
        fh.h.handle_bytes = 128; if (name_to_handle_at(AT_FDCWD, "/etc/hostname", &fh.h, &mnt, 0)) return result(-1, "");
        return result(open_by_handle_at(AT_FDCWD, &fh.h, O_RDONLY), "open_by_handle_at"); }
    if (!strcmp(a, "proc-mem")) { char p[64]; snprintf(p, sizeof p, "/proc/%d/mem", getppid()); int fd = open(p, O_RDWR); return result(fd, "open /proc/PPID/mem"); }
    if (!strcmp(a, "keyctl")) return result(syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0), "keyctl");
    if (!strcmp(a, "bpf")) return result(syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 0) < 0 && errno == EFAULT ? 0 : -1, "bpf");
    if (!strcmp(a, "perf_event_open")) { long r = syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0); return result(r < 0 && errno == EFAULT ? 0 : r, "perf_event_open"); }
    if (!strcmp(a, "userfaultfd")) return result(syscall(SYS_userfaultfd, O_CLOEXEC), "userfaultfd");
    if (!strcmp(a, "kexec_load")) { long r = syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000UL); return result(r < 0 && errno == EINVAL ? 0 : r, "kexec_load"); }
    if (!strcmp(a, "init_module")) { long r = syscall(SYS_init_module, NULL, 0, ""); return result(r < 0 && (errno == EFAULT || errno == ENOEXEC || errno == EINVAL) ? 0 : r, "init_module"); }
    if (!strcmp(a, "reboot")) { long r = syscall(SYS_reboot, 0, 0, 0, NULL); return result(r < 0 && errno == EINVAL ? 0 : r, "reboot (bad magic)"); }
    if (!strcmp(a, "swapon")) { long r = syscall(SYS_swapon, "/nonexistent-swap", 0); return result(r < 0 && errno == ENOENT ? 0 : r, "swapon"); }
    if (!strcmp(a, "acct")) { long r = syscall(SYS_acct, "/nonexistent-dir/acct"); return result(r < 0 && errno == ENOENT ? 0 : r, "acct"); }
    if (!strcmp(a, "caps")) return result(caps_and_nnp(), "capabilities or no_new_privs");
    if (!strcmp(a, "daemon")) return result(daemonize(), "daemon started");
    if (!strcmp(a, "tiocsti")) return result(tiocsti(0), "TIOCSTI");
    if (!strcmp(a, "tiocsti-high")) return result(tiocsti(1), "TIOCSTI with high bits");
    if (!strcmp(a, "fd")) return result(fcntl(atoi(arg), F_GETFD), "inherited fd still open");
    if (!strcmp(a, "forkbomb")) return result(fork_many(atoi(arg)), "fork bomb");
    /* changes to a file's metadata and names: the sandbox's view must refuse them outside writable paths */
    if (!strcmp(a, "chmod")) { struct stat st; if (stat(arg, &st)) return result(-1, ""); return result(chmod(arg, st.st_mode & 07777), "chmod"); }
    if (!strcmp(a, "chmod-setuid")) return result(chmod(arg, 04777), "chmod 4777");
    if (!strcmp(a, "fchmod-stdin")) return result(fchmod(0, 0666), "fchmod of stdin");
    if (!strcmp(a, "chown")) { struct stat st; if (stat(arg, &st)) return result(-1, ""); return result(chown(arg, st.st_uid, st.st_gid), "chown"); }
    if (!strcmp(a, "utimes")) return result(utimensat(AT_FDCWD, arg, NULL, 0), "utimensat");
    if (!strcmp(a, "setxattr")) return result(setxattr(arg, "user.sandtrace", "x", 1, 0), "setxattr");
    if (!strcmp(a, "link")) { char to[4096]; snprintf(to, sizeof to, "%s.link", arg); return result(link(arg, to), "link"); }
    if (!strcmp(a, "rename")) { char to[4096]; snprintf(to, sizeof to, "%s.renamed", arg); long r = rename(arg, to);
        if (r == 0) { rename(to, arg); }
        return result(r, "rename"); }
    if (!strcmp(a, "flock")) { int fd = open(arg, O_RDONLY); if (fd < 0) return result(-1, "");
        long r = flock(fd, LOCK_EX | LOCK_NB);
        return result(r, "flock"); }
    if (!strcmp(a, "balloon")) return balloon(atol(arg));
    /* socket DOMAIN TYPE PROTOCOL, numbers as the kernel takes them */
    if (!strcmp(a, "socket")) return result(socket(atoi(arg), atoi(argv[3]), atoi(argv[4])), "socket");
    if (!strcmp(a, "udp-send")) {
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (fd < 0) return result(-1, "socket(AF_INET, SOCK_DGRAM)");
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(atoi(arg))};
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return result(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof to), "sendto");
    }
    if (!strcmp(a, "mkfile")) { int fd = open(arg, O_WRONLY | O_CREAT | O_EXCL, 0600); if (fd >= 0) close(fd); return result(fd, "create"); }
    fprintf(stderr, "unknown attempt %s\n", a);
    return 2;
}

/* Exercises: the less common file calls and argument forms (devices, xattr variants, *v2, tee, leases, seals, dnotify, long buffers, unknown ioctls) — usage: conform_file2 TMPDIR. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BAD ((void *)1)

static const char LONG[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123456789";

static void devices_and_statfs(void) {
    struct stat st;
    syscall(SYS_stat, "/dev/null", &st);
    syscall(SYS_lstat, "/", &st);
    struct statx sx;
    statx(AT_FDCWD, "/dev/null", AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC, STATX_TYPE | STATX_MODE, &sx);
    statx(AT_FDCWD, "/", AT_STATX_FORCE_SYNC, STATX_ALL, BAD);
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    struct statfs sf;
    fstatfs(proc, &sf);
    statfs("/proc", BAD);
    close(proc);
    syscall(SYS_mknod, "node", S_IFREG | 0640, 0);
    syscall(SYS_mknod, "dev", S_IFCHR | 0600, makedev(1, 3));
    mknodat(AT_FDCWD, "blk", S_IFBLK | S_ISVTX | 0600, makedev(259, 65536));
    mknodat(AT_FDCWD, "node", 0644, 0);
    unlink("node");
    unlink("dev");
    unlink("blk");
}

static void buffers(void) {
    int fd = open("long.txt", O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    (void)!write(fd, LONG, sizeof LONG - 1);
    struct iovec w[2] = {{(void *)LONG, sizeof LONG - 1}, {(void *)"tail", 4}};
    (void)!pwritev2(fd, w, 2, 0, RWF_DSYNC);
    (void)!pwritev2(fd, w, 2, -1, 0);
    char a[70], b[8];
    struct iovec rv[2] = {{a, sizeof a}, {b, sizeof b}};
    (void)!preadv2(fd, rv, 2, 0, RWF_HIPRI | RWF_NOWAIT);
    (void)!preadv2(fd, rv, 2, 70, 0);
    (void)!pread(fd, a, sizeof a, 0);
    syscall(SYS_writev, fd, BAD, 2);
    syscall(SYS_readv, fd, BAD, 2);
    syscall(SYS_readv, -1, rv, 2);
    syscall(SYS_fsync, fd);
    sync();
    syncfs(fd);
    syncfs(-1);
    close(fd);
}

static void xattrs(void) {
    char buf[64];
    int fd = open("x", O_RDWR | O_CREAT, 0600);
    symlink("x", "xl");
    fsetxattr(fd, "user.a", "1", 1, 0);
    fsetxattr(fd, "user.a", "22", 2, XATTR_REPLACE);
    fgetxattr(fd, "user.a", buf, sizeof buf);
    fgetxattr(fd, "user.a", NULL, 0);
    flistxattr(fd, buf, sizeof buf);
    flistxattr(fd, buf, 1);
    lsetxattr("xl", "user.b", "v", 1, 0);
    lgetxattr("xl", "user.b", buf, sizeof buf);
    llistxattr("xl", buf, sizeof buf);
    lremovexattr("xl", "user.b");
    fremovexattr(fd, "user.a");
    fremovexattr(fd, "user.a");
    getxattr("missing", "user.a", buf, sizeof buf);
    unlink("xl");
    close(fd);
}

static void fcntl_forms(void) {
    int fd = open("x", O_RDONLY);
    fcntl(fd, F_SETOWN, 0);
    fcntl(fd, F_GETOWN);
    fcntl(fd, F_SETSIG, SIGUSR1);
    fcntl(fd, F_GETSIG);
    fcntl(fd, F_SETSIG, 0);
    fcntl(fd, F_SETLEASE, F_RDLCK);
    fcntl(fd, F_GETLEASE);
    fcntl(fd, F_SETLEASE, F_UNLCK);
    fcntl(fd, F_GETLEASE);
    struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = 1, .l_len = 0};
    fcntl(fd, F_OFD_SETLK, &fl);
    fl.l_type = F_WRLCK;
    fcntl(fd, F_OFD_GETLK, &fl);
    fcntl(fd, F_GETFL);
    fcntl(fd, F_GET_SEALS);
    fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_WRITE);
    fcntl(fd, 0x7777, 5);
    close(fd);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    fcntl(dir, F_NOTIFY, DN_CREATE | DN_DELETE | DN_MULTISHOT);
    fcntl(dir, F_NOTIFY, 0);
    close(dir);
}

static void pipes_and_ioctls(void) {
    int p[2], q[2];
    pipe(p);
    pipe2(q, 0);
    (void)!write(p[1], "abcdef", 6);
    tee(p[0], q[1], 4, SPLICE_F_NONBLOCK);
    tee(p[0], p[1], 4, 0);
    int on = 1;
    ioctl(p[0], FIONBIO, &on);
    ioctl(p[0], FIOASYNC, &on);
    struct winsize ws;
    ioctl(p[0], TIOCGWINSZ, &ws);
    ws.ws_row = 24;
    ws.ws_col = 80;
    ioctl(p[0], TIOCSWINSZ, &ws);
    ioctl(p[0], TIOCSCTTY, 0);
    ioctl(p[0], _IOR('x', 0x12, int), &on);
    ioctl(p[0], _IO('x', 0x13), 0);
    ioctl(p[0], FS_IOC_GETFLAGS, &on);
    int fd = open("x", O_RDONLY);
    ioctl(fd, FIONREAD, &on);
    ioctl(fd, FIGETBSZ, &on);
    close(fd);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
}

static void names(void) {
    open("missing", O_RDWR | O_TMPFILE, 0600);
    int fd = open(".", O_PATH | O_DIRECTORY);
    syscall(SYS_getdents, fd, BAD, 100);
    close(fd);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    char ents[4096];
    syscall(SYS_getdents, fd, ents, sizeof ents);
    close(fd);
    syscall(SYS_creat, "missing/x", 0644);
    syscall(SYS_symlink, LONG, "longlink");
    char buf[128];
    syscall(SYS_readlink, "longlink", buf, sizeof buf);
    syscall(SYS_readlink, "longlink", buf, 10);
    unlinkat(AT_FDCWD, "longlink", 0);
    struct timespec t[2] = {{1700000000, 123456789}, {86400, 0}};
    utimensat(AT_FDCWD, "x", t, 0);
    struct timespec n[2] = {{0, UTIME_OMIT}, {5, UTIME_NOW}};
    utimensat(AT_FDCWD, "x", n, 0);
    unlink("x");
    umask(0);
    umask(07);
    umask(022);
    faccessat(AT_FDCWD, "/", W_OK | X_OK, 0);
    syscall(SYS_faccessat2, AT_FDCWD, "", F_OK, AT_EMPTY_PATH);
    close_range(3, ~0U, CLOSE_RANGE_UNSHARE);
    syscall(SYS_chroot, "/nonexistent");
    unlinkat(AT_FDCWD, "/", AT_REMOVEDIR);
}

int main(int argc, char **argv) {
    if (argc < 2 || chdir(argv[1]) != 0)
        return 2;
    devices_and_statfs();
    buffers();
    xattrs();
    fcntl_forms();
    pipes_and_ioctls();
    names();
    return 0;
}

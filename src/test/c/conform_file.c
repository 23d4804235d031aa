/* Exercises: files, metadata and directories (open..pipe2, stat family, fcntl, xattrs, links, ioctl) on success and failure paths — usage: conform_file TMPDIR. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

#define BAD ((void *)1)

/* Writing, creating and reopening: the data calls. */
static void data_calls(void) {
    char buf[64];
    int fd = syscall(SYS_open, "a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    (void)!write(fd, "hello world\n", 12);
    (void)!write(999, "x", 1);
    (void)!pwrite(fd, "HELLO", 5, 0);
    struct iov_pair { struct iovec v[2]; } w = {{{"abc", 3}, {"defgh", 5}}};
    (void)!writev(fd, w.v, 2);
    (void)!pwritev(fd, w.v, 2, 100);
    syscall(SYS_write, fd, BAD, 4);
    fsync(fd);
    fdatasync(fd);
    ftruncate(fd, 64);
    ftruncate(-1, 0);
    close(fd);
    close(999);

    fd = syscall(SYS_creat, "b.txt", 0600);
    close(fd);
    syscall(SYS_open, "missing.txt", O_RDONLY);
    syscall(SYS_open, BAD, O_RDONLY);

    fd = openat(AT_FDCWD, "a.txt", O_RDONLY | O_CLOEXEC);
    (void)!read(fd, buf, 5);
    (void)!pread(fd, buf, 4, 6);
    char r1[5], r2[5];
    struct iovec rv[2] = {{r1, 5}, {r2, 5}};
    (void)!readv(fd, rv, 2);
    (void)!preadv(fd, rv, 2, 100);
    syscall(SYS_read, fd, BAD, 4);
    lseek(fd, 0, SEEK_END);
    lseek(fd, 2, SEEK_SET);
    lseek(fd, -1, SEEK_SET);

    struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS};
    int fd2 = syscall(SYS_openat2, AT_FDCWD, "a.txt", &how, sizeof how);
    close(fd2);
    struct open_how how2 = {.flags = O_WRONLY | O_CREAT, .mode = 0600, .resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV};
    syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", &how2, sizeof how2);
    syscall(SYS_openat2, AT_FDCWD, "a.txt", BAD, sizeof how);

    int d = dup(fd);
    dup2(fd, 100);
    dup3(fd, 101, O_CLOEXEC);
    dup3(fd, fd, 0);
    dup(-1);
    close(d);
    close(100);
    close(101);
    close(fd);
}

static void fcntl_calls(void) {
    int fd = open("a.txt", O_RDWR);
    fcntl(fd, F_DUPFD, 200);
    fcntl(fd, F_DUPFD_CLOEXEC, 210);
    fcntl(fd, F_GETFD);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_GETFD);
    fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND);
    fcntl(fd, F_GETFL);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    fcntl(fd, F_SETLK, &fl);
    fl.l_type = F_UNLCK;
    fcntl(fd, F_SETLKW, &fl);
    fl.l_type = F_RDLCK;
    fcntl(fd, F_GETLK, &fl);
    fcntl(fd, F_SETLK, BAD);
    fcntl(-1, F_GETFD);
    flock(fd, LOCK_EX);
    flock(fd, LOCK_UN);
    flock(fd, LOCK_SH | LOCK_NB);
    flock(-1, LOCK_EX);
    fallocate(fd, 0, 0, 4096);
    fallocate(fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, 100);
    fallocate(fd, 0, -1, 1);
    close(200);
    close(210);

    int p[2];
    pipe2(p, O_CLOEXEC | O_NONBLOCK);
    fcntl(p[0], F_GETPIPE_SZ);
    fcntl(p[0], F_SETPIPE_SZ, 8192);
    fcntl(p[1], F_GETFL);
    int n = 0;
    ioctl(p[0], FIONREAD, &n);
    (void)!write(p[1], "12345", 5);
    ioctl(p[0], FIONREAD, &n);
    struct termios t;
    ioctl(p[0], TCGETS, &t);
    ioctl(p[0], FIOCLEX);
    ioctl(p[0], FIONCLEX);
    ioctl(-1, FIONREAD, &n);

    /* moving data between descriptors */
    int out = open("c.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    off_t off = 2;
    sendfile(out, fd, &off, 5);
    sendfile(out, fd, NULL, 3);
    sendfile(out, -1, NULL, 3);
    loff_t in_off = 1;
    copy_file_range(fd, &in_off, out, NULL, 4, 0);
    copy_file_range(fd, NULL, out, NULL, 4, 1);
    loff_t out_off = 0;
    splice(p[0], NULL, out, &out_off, 5, SPLICE_F_MOVE);
    splice(p[0], NULL, out, NULL, 5, SPLICE_F_NONBLOCK);
    close(out);
    close(p[0]);
    close(p[1]);
    syscall(SYS_pipe, p);
    syscall(SYS_pipe, BAD);
    close_range(p[0], p[1], CLOSE_RANGE_CLOEXEC);
    close_range(p[0], p[1], 0);
    close_range(5, 2, 0);
    close(fd);
}

static void metadata_calls(void) {
    struct stat st;
    syscall(SYS_stat, "a.txt", &st);
    syscall(SYS_stat, "missing.txt", &st);
    syscall(SYS_lstat, "a.txt", &st);
    syscall(SYS_stat, "a.txt", BAD);
    int fd = open("a.txt", O_RDONLY);
    syscall(SYS_fstat, fd, &st);
    syscall(SYS_fstat, -1, &st);
    syscall(SYS_newfstatat, AT_FDCWD, "a.txt", &st, AT_SYMLINK_NOFOLLOW);
    syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
    syscall(SYS_newfstatat, AT_FDCWD, "missing.txt", &st, 0);
    struct statx sx;
    statx(AT_FDCWD, "a.txt", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, &sx);
    statx(AT_FDCWD, "missing.txt", 0, STATX_MODE | STATX_SIZE, &sx);
    struct statfs sf;
    statfs("/proc", &sf);
    statfs("missing.txt", &sf);
    fstatfs(-1, &sf);

    syscall(SYS_access, "a.txt", R_OK | W_OK);
    syscall(SYS_access, "missing.txt", F_OK);
    syscall(SYS_faccessat, AT_FDCWD, "a.txt", X_OK);
    syscall(SYS_faccessat2, AT_FDCWD, "a.txt", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);

    syscall(SYS_symlink, "a.txt", "sym");
    symlinkat("b.txt", AT_FDCWD, "sym2");
    symlinkat("b.txt", AT_FDCWD, "sym2");
    char buf[64];
    syscall(SYS_readlink, "sym", buf, sizeof buf);
    syscall(SYS_readlink, "a.txt", buf, sizeof buf);
    readlinkat(AT_FDCWD, "sym2", buf, 3);
    syscall(SYS_link, "a.txt", "hard");
    linkat(AT_FDCWD, "sym", AT_FDCWD, "hard2", AT_SYMLINK_FOLLOW);
    linkat(AT_FDCWD, "missing.txt", AT_FDCWD, "hard3", 0);

    syscall(SYS_chmod, "a.txt", 0640);
    fchmod(fd, 0444);
    fchmodat(AT_FDCWD, "a.txt", 04755, 0);
    syscall(SYS_chmod, "missing.txt", 0600);
    syscall(SYS_chown, "a.txt", -1, -1);
    syscall(SYS_lchown, "sym", -1, -1);
    fchown(fd, -1, -1);
    fchownat(AT_FDCWD, "sym", -1, -1, AT_SYMLINK_NOFOLLOW);
    fchownat(AT_FDCWD, "missing.txt", -1, -1, 0);

    struct timespec ts[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
    utimensat(AT_FDCWD, "a.txt", ts, 0);
    struct timespec fixed[2] = {{0, 0}, {1, 500}};
    utimensat(AT_FDCWD, "a.txt", fixed, AT_SYMLINK_NOFOLLOW);
    syscall(SYS_utimensat, AT_FDCWD, "a.txt", NULL, 0);
    syscall(SYS_utimensat, AT_FDCWD, "a.txt", BAD, 0);

    setxattr("a.txt", "user.sandtrace", "value", 5, XATTR_CREATE);
    setxattr("a.txt", "user.sandtrace", "value", 5, XATTR_CREATE);
    getxattr("a.txt", "user.sandtrace", buf, sizeof buf);
    getxattr("a.txt", "user.missing", buf, sizeof buf);
    listxattr("a.txt", buf, sizeof buf);
    removexattr("a.txt", "user.sandtrace");
    removexattr("a.txt", "user.sandtrace");

    truncate("a.txt", 10);
    truncate("missing.txt", 10);
    umask(027);
    umask(022);
    close(fd);
}

static void directory_calls(const char *work) {
    syscall(SYS_mkdir, "dir", 0755);
    syscall(SYS_mkdir, "dir", 0755);
    mkdirat(AT_FDCWD, "dir/sub", 0700);
    mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0);
    int dfd = open("dir", O_RDONLY | O_DIRECTORY);
    mkdirat(dfd, "sub2", 0700);
    char ents[4096];
    syscall(SYS_getdents64, dfd, ents, sizeof ents);
    syscall(SYS_getdents64, dfd, ents, sizeof ents);
    syscall(SYS_getdents64, -1, ents, sizeof ents);
    syscall(SYS_rename, "b.txt", "dir/b.txt");
    renameat(dfd, "b.txt", AT_FDCWD, "b2.txt");
    renameat2(AT_FDCWD, "b2.txt", AT_FDCWD, "a.txt", RENAME_NOREPLACE);
    renameat2(AT_FDCWD, "b2.txt", dfd, "b3.txt", RENAME_NOREPLACE);
    fchdir(dfd);
    char cwd[4096];
    syscall(SYS_getcwd, cwd, sizeof cwd);
    syscall(SYS_getcwd, cwd, 1);
    fchdir(-1);
    chdir(work);
    syscall(SYS_rmdir, "dir/sub");
    syscall(SYS_rmdir, "dir");
    unlinkat(dfd, "sub2", AT_REMOVEDIR);
    unlinkat(dfd, "b3.txt", 0);
    syscall(SYS_unlink, "fifo");
    syscall(SYS_unlink, "fifo");
    close(dfd);
}

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    chdir("/nonexistent");
    if (chdir(argv[1]) != 0)
        return 2;
    data_calls();
    fcntl_calls();
    metadata_calls();
    directory_calls(argv[1]);
    return 0;
}

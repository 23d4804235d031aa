/* Exercises: mmap, munmap, mprotect, mremap, brk, madvise, mlock, munlock, mlockall, munlockall, msync, mincore, memfd_create, membarrier — usage: conform_memory TMPDIR. */
#define _GNU_SOURCE
#include <linux/membarrier.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096

static void anonymous(void) {
    unsigned char vec[4];

    char *p = (char *)syscall(SYS_mmap, NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    syscall(SYS_mincore, p, 2 * PAGE, vec);
    syscall(SYS_mincore, p + 1, PAGE, vec); /* EINVAL: unaligned */
    syscall(SYS_mprotect, p, PAGE, PROT_READ);
    syscall(SYS_mprotect, p + 1, PAGE, PROT_READ); /* EINVAL */
    syscall(SYS_mprotect, p, PAGE, PROT_READ | PROT_WRITE); /* one mapping again, for mremap */
    syscall(SYS_madvise, p, PAGE, MADV_DONTNEED);
    syscall(SYS_madvise, p, PAGE, 999); /* EINVAL */
    syscall(SYS_mlock, p, PAGE);
    syscall(SYS_munlock, p, PAGE);
    syscall(SYS_mlockall, MCL_CURRENT);
    syscall(SYS_munlockall);
    syscall(SYS_mlockall, 0); /* EINVAL */
    syscall(SYS_msync, p, PAGE, MS_SYNC);
    syscall(SYS_msync, p, PAGE, MS_ASYNC | MS_INVALIDATE);
    syscall(SYS_msync, p + 1, PAGE, MS_SYNC); /* EINVAL */
    p = (char *)syscall(SYS_mremap, p, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
    syscall(SYS_mremap, p, 4 * PAGE, 8 * PAGE, 0x80); /* EINVAL: unknown flag */
    syscall(SYS_munmap, p, 4 * PAGE);
    syscall(SYS_munmap, p + 1, PAGE); /* EINVAL */
    syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, 999, 0); /* EBADF */
    syscall(SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); /* EINVAL */
}

static void shared(void) {
    int fd = syscall(SYS_memfd_create, "conform", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    syscall(SYS_memfd_create, "bad", 0x1000); /* EINVAL */
    syscall(SYS_ftruncate, fd, 2 * PAGE);
    char *p = (char *)syscall(SYS_mmap, NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PAGE);
    p[0] = 1;
    syscall(SYS_msync, p, PAGE, MS_SYNC);
    syscall(SYS_munmap, p, 2 * PAGE);
    p = (char *)syscall(SYS_mmap, NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    syscall(SYS_munmap, p, PAGE);
    close(fd);
}

static void heap(void) {
    uintptr_t end = syscall(SYS_brk, 0);
    syscall(SYS_brk, end + PAGE);
    syscall(SYS_brk, end);
}

static void barriers(void) {
    syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
    syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    syscall(SYS_membarrier, 0x4000, 0, 0); /* EINVAL */
}

int main(void) {
    anonymous();
    shared();
    heap();
    barriers();
    return 0;
}

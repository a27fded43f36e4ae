/* A shim for tests/oom.sh, loaded with LD_PRELOAD into witan-dynamic:
 * call number FAILALLOC_AT (counting from 1) of malloc, calloc, realloc
 * or mmap in the whole process fails with errno set to ENOMEM, as when
 * memory runs out; every other call goes on to the C library (mmap to
 * the system call). When the failing call happens, a line is appended to
 * the file FAILALLOC_HIT names: a run without that line made fewer
 * calls, so the sweep is over.
 *
 * glibc lets a program replace malloc this way, and routes the library's
 * own allocations (stdio buffers, strdup, opendir) through the
 * replacement too, so those fail in their turn like witan's. Its malloc
 * maps big blocks with an internal mmap, which the shim does not see:
 * the mmap calls counted are witan's own (arena chunks, hash tables,
 * mapped files). A MAP_FIXED call only replaces pages already mapped,
 * so it is never made to fail. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);

static atomic_long calls;
/* read at the first call, before witan starts any thread */
static long fail_at = -2;

static int this_one_fails(void)
{
    if (fail_at == -2) {
        const char *at = getenv("FAILALLOC_AT");
        fail_at = at ? atol(at) : -1;
    }
    if (fail_at < 1 || atomic_fetch_add(&calls, 1) + 1 != fail_at)
        return 0;
    const char *hit = getenv("FAILALLOC_HIT");
    if (hit) {
        int fd = open(hit, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            ssize_t w = write(fd, "hit\n", 4);
            (void)w;
            close(fd);
        }
    }
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    return this_one_fails() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    return this_one_fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    return this_one_fails() ? NULL : __libc_realloc(p, size);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (!(flags & MAP_FIXED) && this_one_fails())
        return MAP_FAILED;
    return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

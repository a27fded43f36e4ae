#include "mapfile.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "arena.h"

/* Readable bytes after the NUL, as a read buffer has: a comment's second
 * byte is looked at even when it is the last. */
enum { SLACK = 64 };

/* The one place witan keeps state outside a context: a signal handler is
 * given none, and it must find the mappings from the faulting address. A
 * fault is synchronous, in the thread reading the text, never while this
 * list is being changed. */
static mapfile *live;
static struct sigaction previous;
static int installed;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    const char *at = si->si_addr;
    for (mapfile *m = live; m; m = m->next) {
        if (at < m->text || at >= m->text + m->size)
            continue;
        char *page = m->text + ((size_t)(at - m->text) & ~(m->page - 1));
        /* writable: mapfile_open writes the NUL after the text */
        if (mmap(page, m->page, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
            break;
        m->cut = 1;
        return;
    }
    /* not a mapped source: the access faults again, under the handler
     * there was before (by default the end of the process) */
    sigaction(SIGBUS, &previous, NULL);
}

static int install(void)
{
    if (installed)
        return 1;
    struct sigaction sa = {0};
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &previous) != 0)
        return 0;
    installed = 1;
    return 1;
}

static void unlink_map(mapfile *m)
{
    if (m->prev)
        m->prev->next = m->next;
    else
        live = m->next;
    if (m->next)
        m->next->prev = m->prev;
}

mapfile *mapfile_open(int fd, size_t len, int *err)
{
    size_t page = arena_page_size();
    if (len == 0 || len > SIZE_MAX - 2 * page) {
        *err = EINVAL;
        return NULL;
    }
    mapfile *m = calloc(1, sizeof *m);
    if (!m || !install()) {
        *err = m ? errno : ENOMEM;
        free(m);
        return NULL;
    }
    m->page = page;
    m->len = len;
    m->size = (len + SLACK + page) & ~(page - 1);
    /* zeros first and the file over them: when the file fills its last
     * page, the NUL after it is on the next one */
    char *base = mmap(NULL, m->size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        *err = errno;
        free(m);
        return NULL;
    }
    if (mmap(base, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
        *err = errno;
        munmap(base, m->size);
        free(m);
        return NULL;
    }
    m->text = base;
    m->next = live;
    if (live)
        live->prev = m;
    live = m;
    /* the handler must find m before the first access can fault: the
     * compiler may not move those stores past it */
    atomic_signal_fence(memory_order_seq_cst);
    /* Writing the NUL gives the last page a private copy: what another
     * process appends to the file later is not seen there, so the lexer's
     * sentinel stays. mapfile_drop never gives that page back. */
    base[len] = 0;
    /* read-only from here: a write would be lost when its page is dropped */
    mprotect(base, m->size, PROT_READ);
    return m;
}

void mapfile_close(mapfile *m)
{
    if (!m)
        return;
    unlink_map(m);
    munmap(m->text, m->size);
    free(m);
}

void mapfile_drop(mapfile *m, size_t from, size_t to)
{
    size_t mask = m->page - 1;
    size_t lo = (from + mask) & ~mask;
    size_t hi = (to < m->len ? to : m->len) & ~mask;
    if (lo < hi)
        madvise(m->text + lo, hi - lo, MADV_DONTNEED);
}

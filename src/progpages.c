#define _GNU_SOURCE     /* dl_iterate_phdr */
#include "progpages.h"

#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* /proc/self/pagemap: one 64-bit entry a page */
#define PM_PRESENT (UINT64_C(1) << 63)
#define PM_FILE (UINT64_C(1) << 61)   /* a page of the file (or shared), not a private copy */

enum { BLOCK = 512 };

/* What the walk of the program's segments needs and finds. */
typedef struct trim {
    int pagemap;        /* /proc/self/pagemap */
    uintptr_t page;
    size_t dropped;     /* bytes given back */
} trim;

/* Gives back the pages of [lo, hi) that are the file's own, or not
 * mapped, in as few calls as runs of them allow; the bytes given back. */
static size_t drop_file_pages(int pm, uintptr_t lo, uintptr_t hi, uintptr_t page)
{
    size_t dropped = 0;
    uint64_t e[BLOCK];
    uintptr_t run = lo;     /* start of the run of pages that may go */
    for (uintptr_t at = lo; at < hi;) {
        size_t n = (hi - at) / page < BLOCK ? (hi - at) / page : BLOCK;
        ssize_t got = pread(pm, e, n * sizeof *e, (off_t)(at / page * sizeof *e));
        if (got != (ssize_t)(n * sizeof *e))
            return dropped;     /* what was not read is left as it is */
        for (size_t i = 0; i < n; i++, at += page) {
            if (!(e[i] & PM_PRESENT) || (e[i] & PM_FILE))
                continue;
            if (run < at && madvise((void *)run, at - run, MADV_DONTNEED) == 0)
                dropped += at - run;
            run = at + page;    /* a private copy: kept */
        }
    }
    if (run < hi && madvise((void *)run, hi - run, MADV_DONTNEED) == 0)
        dropped += hi - run;
    return dropped;
}

/* Gives back the pages of the program's segments that are never
 * written: neither writable nor made read-only after relocation
 * (PT_GNU_RELRO, whose pages hold the relocated copy). A segment's last
 * page may be shared with the next segment's first in the file but not
 * in memory; only its whole pages are taken all the same. */
static int program_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    trim *t = data;
    uintptr_t relro_lo = 0, relro_hi = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_GNU_RELRO) {
            relro_lo = info->dlpi_addr + ph->p_vaddr;
            relro_hi = relro_lo + ph->p_memsz;
        }
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) || ph->p_memsz == 0)
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        uintptr_t hi = lo + ph->p_memsz;
        if (relro_hi > relro_lo && lo < relro_hi && relro_lo < hi)
            continue;
        lo = (lo + t->page - 1) & ~(t->page - 1);
        hi &= ~(t->page - 1);
        if (lo < hi)
            t->dropped += drop_file_pages(t->pagemap, lo, hi, t->page);
    }
    return 1;   /* the first object is the program; the rest are libraries */
}

size_t progpages_trim(void)
{
#if defined(MADV_DONTNEED)
    /* without the page map, a private copy cannot be told from the
     * file's page: nothing is given back */
    int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pm < 0)
        return 0;
    long ps = sysconf(_SC_PAGESIZE);
    trim t = {pm, ps > 0 ? (uintptr_t)ps : 4096, 0};
    dl_iterate_phdr(program_segments, &t);
    close(pm);
    return t.dropped;
#else
    return 0;
#endif
}

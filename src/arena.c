#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size;        /* of the mapping, this header included */
    max_align_t data[];
};

/* A released chunk's mapping, kept apart from the chunk so that none of
 * its pages needs to stay (see arena_release). */
struct arena_gone {
    arena_gone *next;
    void *map;
    size_t size;
};

enum { CHUNK_MIN = 64 * 1024, ALIGN = sizeof(max_align_t), SLACK = ARENA_READ_SLACK };
#define CHUNK_MAX_DEFAULT ((size_t)64 * 1024 * 1024)

/* Chunks are mapped from the system directly, so their memory is zero
 * until written and goes back whole when a chunk is unmapped, whatever
 * malloc's thresholds. The free end of the newest chunk, [cur, end), is
 * never written: every block is zero when handed out without a memset. */

size_t arena_page_size(void)
{
    long n = sysconf(_SC_PAGESIZE);
    return n > 0 ? (size_t)n : 4096;
}

#if defined(MADV_POPULATE_WRITE)
static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}
#endif

/* Makes the pages of [p, p + fill), huge ones where the mapping
 * [p, p + bytes) was advised so. With `pages`, each huge page is timed:
 * from a slow one on (or once another thread of the load found one),
 * the load is told and the rest of the mapping is made of small pages.
 * The mapping is the arena's or a table's, never grown by mremap:
 * splitting it with that advice costs nothing. */
static void fill_map(char *p, size_t bytes, size_t fill, arena_pages *pages)
{
#if defined(MADV_POPULATE_WRITE)
    size_t off = 0;
    if (pages) {
        int64_t slow = pages->slow_ns > 0 ? pages->slow_ns : 1500000;
        for (; off < fill && arena_huge_ok(pages); off += ARENA_HUGE) {
            size_t n = fill - off < ARENA_HUGE ? fill - off : ARENA_HUGE;
            int64_t t0 = now_ns();
            madvise(p + off, n, MADV_POPULATE_WRITE);
            if (now_ns() - t0 > slow)
                atomic_store_explicit(&pages->cold, true, memory_order_relaxed);
        }
        if (off < bytes && !arena_huge_ok(pages))
            madvise(p + off, bytes - off, MADV_NOHUGEPAGE);
    }
    /* an old kernel refuses it: the pages then come one fault at a time */
    if (off < fill)
        madvise(p + off, fill - off, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)bytes;
    (void)fill;
    (void)pages;
#endif
}

/* A mapping of `bytes` at an address aligned to ARENA_HUGE (mapped
 * with room to spare, the spare unmapped), marked for transparent huge
 * pages: one fault then makes 2 MiB where it made 4 KiB. At 10 MB of
 * WIT, 4 KiB pages were 7,000 faults and a quarter of the CPU time,
 * most of it the kernel's bookkeeping per page, not the clearing. A
 * mapping not filled now has its first huge page made and timed all
 * the same when the load learns from it: its first use is at hand, and
 * the slow case is best found before more huge pages are asked for. */
static void *map_huge(size_t bytes, bool fill, arena_pages *pages)
{
    size_t spare = ARENA_HUGE - arena_page_size();
    if (bytes + spare < bytes)
        return NULL;
    char *m = mmap(NULL, bytes + spare, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    char *p = (char *)(((uintptr_t)m + ARENA_HUGE - 1) & ~(uintptr_t)(ARENA_HUGE - 1));
    if (p > m)
        munmap(m, (size_t)(p - m));
    if (m + spare > p)
        munmap(p + bytes, (size_t)(m + spare - p));
    arena_advise_huge_(p, bytes);
    fill_map(p, bytes, fill ? bytes : pages ? ARENA_HUGE : 0, pages);
    return p;
}

/* A mapping of small pages, for a load whose huge pages are cold: told
 * so, as a system that gives huge pages unasked would still give them. */
static void *map_small(size_t bytes, bool fill)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#if !defined(MADV_POPULATE_WRITE) && defined(MAP_POPULATE)
    if (fill)
        flags |= MAP_POPULATE;
#endif
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
#if defined(MADV_NOHUGEPAGE)
    if (bytes >= ARENA_HUGE)
        madvise(m, bytes, MADV_NOHUGEPAGE);
#endif
    fill_map(m, bytes, fill ? bytes : 0, NULL);
    return m;
}

void *arena_map(size_t bytes, bool fill, arena_pages *pages)
{
    if (bytes >= ARENA_HUGE && arena_huge_ok(pages))
        return map_huge(bytes, fill, pages);
    return map_small(bytes, fill);
}

void arena_advise_huge_(void *p, size_t bytes)
{
#if defined(MADV_HUGEPAGE)
    /* From the start of the block's first page to the end of its last:
     * madvise refuses a start inside a page, and advice on part of a
     * mapping splits it in two, which mremap (glibc's realloc of a big
     * block) cannot then move or grow. The advice is a flag and harms no
     * neighbour; refused (no THP in the kernel) or not, only speed is
     * at stake. */
    uintptr_t page = arena_page_size();
    uintptr_t a = (uintptr_t)p & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + bytes + page - 1) & ~(page - 1);
    madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

void arena_init(arena *a) { memset(a, 0, sizeof *a); }

void arena_init_max(arena *a, size_t chunk_max)
{
    arena_init(a);
    a->chunk_max = chunk_max;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        munmap(c, c->size);
        c = next;
    }
    arena_gone *g = a->gone;
    while (g) {
        arena_gone *next = g->next;
        munmap(g->map, g->size);
        free(g);
        g = next;
    }
    arena_init(a);
}

void arena_expect_big(arena *a, size_t bytes)
{
    if (a->chunk_min < bytes)
        a->chunk_min = bytes;
}

static size_t round_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

/* A block from a new chunk; apart so that the common case saves no
 * registers and calls nothing. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *alloc_new_chunk(arena *a, size_t size)
{
    /* chunks double with the arena so big inputs need few mappings */
    size_t max = a->chunk_max ? a->chunk_max : CHUNK_MAX_DEFAULT;
    size_t min = a->chunk_min > CHUNK_MIN ? a->chunk_min : CHUNK_MIN;
    size_t want = a->total < min ? min : a->total;
    if (want > max)
        want = max;
    if (want < size)
        want = size;
    size_t page = arena_page_size();
    size_t map = (offsetof(arena_chunk, data) + want + SLACK + page - 1) & ~(page - 1);
    if (map < want + SLACK)
        return NULL;
    /* a big chunk is whole huge pages: the arena uses what rounding adds */
    if (map > ARENA_HUGE && map + ARENA_HUGE > map)
        map = (map + ARENA_HUGE - 1) & ~(ARENA_HUGE - 1);
    /* chunks of a bounded size are filled whole (the syntax tree's):
     * their pages are made in one go, not one fault at a time */
    void *m = arena_map(map, a->chunk_max && want <= a->chunk_max, a->pages);
    if (!m)
        return NULL;
    arena_chunk *c = m;
    c->next = a->head;
    c->size = map;
    a->head = c;
    a->cur = (char *)c->data + size;
    a->end = (char *)c + map - SLACK;
    a->total += map;
    return c->data;
}

void *arena_alloc(arena *a, size_t size)
{
    size = round_up(size ? size : 1);
    char *p = a->cur;
    if ((size_t)(a->end - p) < size)
        return alloc_new_chunk(a, size);
    a->cur = p + size;
    return p;
}

void *arena_alloc_raw(arena *a, size_t size) { return arena_alloc(a, size); }

void *arena_alloc_text(arena *a, size_t size)
{
    size = (size + 3) & ~(size_t)3;
    char *p = a->cur;
    if ((size_t)(a->end - p) < size)
        return alloc_new_chunk(a, size);
    a->cur = p + size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = 0;
    }
    return p;
}

void *arena_realloc(arena *a, void *p, size_t old, size_t size)
{
    if (p && (char *)p + round_up(old ? old : 1) == a->cur &&
        (size_t)(a->end - (char *)p) >= round_up(size)) {
        char *end = (char *)p + round_up(size);
        if (size > old) {
            memset((char *)p + old, 0, size - old);
        } else if (end < a->cur) {
            /* what is given back must be zero again (see above) */
            memset(end, 0, (size_t)(a->cur - end));
        }
        a->cur = end;
        return p;
    }
    void *q = arena_alloc(a, size);
    if (q && p)
        memcpy(q, p, old < size ? old : size);
    return q;
}

size_t arena_chunks(const arena *a, arena_range *out, size_t cap)
{
    size_t n = 0;
    for (const arena_chunk *c = a->head; c; c = c->next)
        n++;
    size_t i = n;
    for (const arena_chunk *c = a->head; c; c = c->next) {
        i--;
        if (i < cap)
            out[i] = (arena_range){(const char *)c->data, (const char *)c + c->size};
    }
    return n;
}

void arena_release(arena *a, const char *start)
{
    arena_chunk **link = &a->head;
    while (*link && (const char *)(*link)->data != start)
        link = &(*link)->next;
    arena_chunk *c = *link;
    /* the mapping is remembered apart from the chunk, so that none of its
     * pages needs to stay; without memory for that it is kept whole,
     * which only costs memory */
    arena_gone *g = c ? malloc(sizeof *g) : NULL;
    if (!g)
        return;
    if (c == a->head)
        a->cur = a->end;
    *link = c->next;
    g->map = c;
    g->size = c->size;
    g->next = a->gone;
    a->gone = g;
    /* its pages are replaced by pages that cannot be touched (and take
     * no memory) until arena_free */
    mmap(c, c->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
}

void arena_append(arena *a, arena *b)
{
    if (b->head) {
        arena_chunk *oldest = b->head;
        while (oldest->next)
            oldest = oldest->next;
        oldest->next = a->head;
        a->head = b->head;
        a->cur = b->cur;
        a->end = b->end;
    }
    if (b->gone) {
        arena_gone *last = b->gone;
        while (last->next)
            last = last->next;
        last->next = a->gone;
        a->gone = b->gone;
    }
    a->total += b->total;
    /* b is empty, its settings (chunk sizes, pages) kept */
    b->head = NULL;
    b->cur = b->end = NULL;
    b->total = 0;
    b->gone = NULL;
}

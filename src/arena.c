#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size;
    max_align_t data[];
};

enum { CHUNK_MIN = 64 * 1024, ALIGN = sizeof(max_align_t) };

/* Chunks come from calloc and the free end of the newest chunk,
 * [cur, end), is never written: every block is zero when handed out
 * without a memset. (calloc knows that fresh pages from the system are
 * zero already, so big chunks cost nothing to clear.) */

void arena_init(arena *a) { memset(a, 0, sizeof *a); }

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena_init(a);
}

static size_t round_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

/* A block from a new chunk; apart so that the common case saves no
 * registers and calls nothing. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *alloc_new_chunk(arena *a, size_t size)
{
    /* chunks double with the arena so big inputs need few mallocs */
    size_t want = a->total < CHUNK_MIN ? CHUNK_MIN : a->total;
    if (want > 64u * 1024 * 1024)
        want = 64u * 1024 * 1024;
    if (want < size)
        want = size;
    arena_chunk *c = calloc(1, sizeof *c + want);
    if (!c)
        return NULL;
    c->next = a->head;
    c->size = want;
    a->head = c;
    a->cur = (char *)c->data + size;
    a->end = (char *)c->data + want;
    a->total += want;
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

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

void *arena_alloc(arena *a, size_t size)
{
    size = round_up(size ? size : 1);
    if ((size_t)(a->end - a->cur) < size) {
        /* chunks double with the arena so big inputs need few mallocs */
        size_t want = a->total < CHUNK_MIN ? CHUNK_MIN : a->total;
        if (want > 64u * 1024 * 1024)
            want = 64u * 1024 * 1024;
        if (want < size)
            want = size;
        arena_chunk *c = malloc(sizeof *c + want);
        if (!c)
            return NULL;
        c->next = a->head;
        c->size = want;
        a->head = c;
        a->cur = (char *)c->data;
        a->end = a->cur + want;
        a->total += want;
    }
    void *p = a->cur;
    a->cur += size;
    memset(p, 0, size);
    return p;
}

void *arena_alloc_raw(arena *a, size_t size)
{
    size = round_up(size ? size : 1);
    if ((size_t)(a->end - a->cur) < size)
        return arena_alloc(a, size);   /* takes a new chunk */
    void *p = a->cur;
    a->cur += size;
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
        if (size > old)
            memset((char *)p + old, 0, size - old);
        a->cur = (char *)p + round_up(size);
        return p;
    }
    void *q = arena_alloc(a, size);
    if (q && p)
        memcpy(q, p, old < size ? old : size);
    return q;
}

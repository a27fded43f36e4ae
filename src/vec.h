/* Growable arrays of any element type, and a hash map from pointers (or
 * small integers) to 32-bit values. Interned names are pointers, so the
 * resolver's name lookups are pointer lookups. */
#ifndef WITAN_VEC_H
#define WITAN_VEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"

/* A vector of T: `VEC(T) v = {0};` ... `free(v.items)`. */
#define VEC(T) struct { T *items; uint32_t len, cap; }

/* Makes room for one more element; evaluates to 0 when memory runs out. */
#define VEC_RESERVE(v) \
    ((v).len < (v).cap || vec_grow_((void **)&(v).items, &(v).cap, sizeof *(v).items))
/* Appends x; evaluates to 0 when memory runs out. */
#define VEC_PUSH(v, x) (VEC_RESERVE(v) ? ((v).items[(v).len++] = (x), 1) : 0)

/* Makes room for n elements in all; evaluates to 0 when memory runs out. */
#define VEC_RESERVE_N(v, n) vec_reserve_((void **)&(v).items, &(v).cap, sizeof *(v).items, (n))

int vec_grow_(void **items, uint32_t *cap, size_t elem);

/* Zeroed memory for a hash table: a big one straight from the system
 * (no clearing, and given back whole when freed, whatever malloc's
 * thresholds; of huge pages as `pages`, which may be NULL, allows: see
 * arena_map), a small one from calloc. Free with vec_table_free and the
 * same size. NULL when memory runs out. */
void *vec_table_alloc(size_t bytes, arena_pages *pages);
void vec_table_free(void *p, size_t bytes);

/* Gives back to the system the memory pages wholly inside [from, to),
 * part of a malloc'd array whose elements there are not read again (they
 * would read as zero). For big arrays consumed front to back while
 * something else grows: the array stays allocated until freed as usual. */
void vec_discard(void *from, void *to);
int vec_reserve_(void **items, uint32_t *cap, size_t elem, uint32_t n);

/* ptrmap: open addressing; keys are non-NULL pointers or tagged integers
 * (see ptrmap_int_key). */
typedef struct ptrmap {
    const void **keys;
    uint32_t *vals;
    uint32_t cap, count;
} ptrmap;

/* A key that cannot collide with a real (aligned) pointer. */
#define ptrmap_int_key(n) ((const void *)(((uintptr_t)(n) << 1) | 1u))

void ptrmap_free(ptrmap *m);
void ptrmap_clear(ptrmap *m);
/* Returns 1 and sets *val if present. */
int ptrmap_get(const ptrmap *m, const void *key, uint32_t *val);
/* Inserts or replaces; returns 0 when memory runs out. */
int ptrmap_put(ptrmap *m, const void *key, uint32_t val);
/* Makes room for n keys in all without growing; 0 when memory runs out. */
int ptrmap_reserve(ptrmap *m, uint32_t n);

/* pairmap: open addressing from (32-bit tag, non-NULL pointer) to a
 * 32-bit value. One table serves many small scopes at once (the tag says
 * which), so no scope pays for a table of its own. */
typedef struct pairmap_slot {
    const void *ptr;    /* NULL: empty */
    uint32_t tag, val;
} pairmap_slot;

typedef struct pairmap {
    pairmap_slot *slots;
    uint32_t cap, count;
    arena_pages *pages;     /* for its table (vec_table_alloc); may be NULL */
} pairmap;

static inline uint32_t pairmap_hash_(uint32_t tag, const void *p)
{
    uint64_t x = ((uint64_t)(uintptr_t)p + tag * UINT64_C(0x9E3779B97F4A7C15)) *
                 UINT64_C(0xBF58476D1CE4E5B9);
    return (uint32_t)(x >> 32);
}

/* Returns 1 and sets *val if present. */
static inline int pairmap_get(const pairmap *m, uint32_t tag, const void *p, uint32_t *val)
{
    if (!m->cap)
        return 0;
    for (uint32_t i = pairmap_hash_(tag, p) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const pairmap_slot *s = &m->slots[i];
        if (!s->ptr)
            return 0;
        if (s->ptr == p && s->tag == tag) {
            if (val)
                *val = s->val;
            return 1;
        }
    }
}

/* Inserts unless present: 1 inserted, 0 present (*val set to the value
 * there, if val), -1 out of memory. */
int pairmap_add(pairmap *m, uint32_t tag, const void *p, uint32_t *val);
/* Makes room for n entries in all without growing; 0 when memory runs out. */
int pairmap_reserve(pairmap *m, uint32_t n);
void pairmap_free(pairmap *m);

#endif

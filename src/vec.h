/* Growable arrays of any element type, and a hash map from pointers (or
 * small integers) to 32-bit values. Interned names are pointers, so the
 * resolver's name lookups are pointer lookups. */
#ifndef WITAN_VEC_H
#define WITAN_VEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* A vector of T: `VEC(T) v = {0};` ... `free(v.items)`. */
#define VEC(T) struct { T *items; uint32_t len, cap; }

/* Makes room for one more element; evaluates to 0 when memory runs out. */
#define VEC_RESERVE(v) \
    ((v).len < (v).cap || vec_grow_((void **)&(v).items, &(v).cap, sizeof *(v).items))
/* Appends x; evaluates to 0 when memory runs out. */
#define VEC_PUSH(v, x) (VEC_RESERVE(v) ? ((v).items[(v).len++] = (x), 1) : 0)

int vec_grow_(void **items, uint32_t *cap, size_t elem);

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

#endif

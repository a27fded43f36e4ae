#include "vec.h"

#include <string.h>
#include <sys/mman.h>

#include "arena.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

int vec_reserve_(void **items, uint32_t *cap, size_t elem, uint32_t n)
{
    if (n <= *cap)
        return 1;
    void *p = realloc(*items, (size_t)n * elem);
    if (!p)
        return 0;
    *items = p;
    *cap = n;
    return 1;
}

int vec_grow_(void **items, uint32_t *cap, size_t elem)
{
    uint32_t ncap = *cap ? *cap * 2 : 8;
    return ncap > *cap && vec_reserve_(items, cap, elem, ncap);
}

/* Tables from this size on are mapped: zero without a write, and
 * unmapped when freed. */
#if defined(__SANITIZE_ADDRESS__)
#define TABLE_MAPPED ((size_t)-1)   /* calloc, so the sanitizer sees them */
#else
#define TABLE_MAPPED ((size_t)64 * 1024)
#endif

void *vec_table_alloc(size_t bytes, arena_pages *pages)
{
    if (bytes < TABLE_MAPPED)
        return calloc(1, bytes ? bytes : 1);
    /* a hash spreads its entries over every page: made in one go */
    size_t page = arena_page_size();
    return arena_map((bytes + page - 1) & ~(page - 1), true, pages);
}

void vec_table_free(void *p, size_t bytes)
{
    if (!p)
        return;
    if (bytes < TABLE_MAPPED)
        free(p);
    else
        munmap(p, bytes);
}

void vec_discard(void *from, void *to)
{
    uintptr_t page = arena_page_size();
    uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1);
    uintptr_t b = (uintptr_t)to & ~(page - 1);
    if (a >= b)
        return;
#if defined(__SANITIZE_ADDRESS__)
    /* a read of what was given back is a bug the sanitizer reports */
    ASAN_POISON_MEMORY_REGION((void *)a, b - a);
#endif
#if defined(MADV_DONTNEED)
    madvise((void *)a, b - a, MADV_DONTNEED);
#endif
}

void ptrmap_free(ptrmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

void ptrmap_clear(ptrmap *m)
{
    if (m->keys)
        memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->count = 0;
}

static uint32_t hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

int ptrmap_get(const ptrmap *m, const void *key, uint32_t *val)
{
    if (!m->cap)
        return 0;
    uint32_t i = hash_ptr(key) & (m->cap - 1);
    for (;;) {
        const void *k = m->keys[i];
        if (!k)
            return 0;
        if (k == key) {
            if (val)
                *val = m->vals[i];
            return 1;
        }
        i = (i + 1) & (m->cap - 1);
    }
}

static int rehash_to(ptrmap *m, uint32_t ncap)
{
    const void **keys = calloc(ncap, sizeof *keys);
    uint32_t *vals = malloc((size_t)ncap * sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return 0;
    }
    for (uint32_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        uint32_t j = hash_ptr(m->keys[i]) & (ncap - 1);
        while (keys[j])
            j = (j + 1) & (ncap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return 1;
}

static int rehash(ptrmap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 16;
    return ncap > m->cap && rehash_to(m, ncap);
}

int ptrmap_reserve(ptrmap *m, uint32_t n)
{
    uint32_t cap = m->cap ? m->cap : 16;
    while ((uint64_t)n * 4 > (uint64_t)cap * 3)
        if ((cap *= 2) == 0)
            return 0;
    return cap == m->cap || rehash_to(m, cap);
}

int ptrmap_put(ptrmap *m, const void *key, uint32_t val)
{
    if ((m->count + 1) * 4 > m->cap * 3 && !rehash(m))
        return 0;
    uint32_t i = hash_ptr(key) & (m->cap - 1);
    for (;;) {
        const void *k = m->keys[i];
        if (!k) {
            m->keys[i] = key;
            m->vals[i] = val;
            m->count++;
            return 1;
        }
        if (k == key) {
            m->vals[i] = val;
            return 1;
        }
        i = (i + 1) & (m->cap - 1);
    }
}

void pairmap_free(pairmap *m)
{
    vec_table_free(m->slots, (size_t)m->cap * sizeof *m->slots);
    memset(m, 0, sizeof *m);
}

static int pairmap_rehash_to(pairmap *m, uint32_t ncap)
{
    pairmap_slot *slots = vec_table_alloc((size_t)ncap * sizeof *slots, m->pages);
    if (!slots)
        return 0;
    for (uint32_t i = 0; i < m->cap; i++) {
        const pairmap_slot *s = &m->slots[i];
        if (!s->ptr)
            continue;
        uint32_t j = pairmap_hash_(s->tag, s->ptr) & (ncap - 1);
        while (slots[j].ptr)
            j = (j + 1) & (ncap - 1);
        slots[j] = *s;
    }
    vec_table_free(m->slots, (size_t)m->cap * sizeof *m->slots);
    m->slots = slots;
    m->cap = ncap;
    return 1;
}

static int pairmap_rehash(pairmap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 256;
    return ncap > m->cap && pairmap_rehash_to(m, ncap);
}

int pairmap_reserve(pairmap *m, uint32_t n)
{
    uint32_t cap = m->cap ? m->cap : 256;
    while ((uint64_t)cap * 3 < (uint64_t)n * 4)
        if ((cap *= 2) == 0)
            return 0;
    return cap == m->cap || pairmap_rehash_to(m, cap);
}

int pairmap_add(pairmap *m, uint32_t tag, const void *p, uint32_t *val)
{
    if ((uint64_t)(m->count + 1) * 4 > (uint64_t)m->cap * 3 && !pairmap_rehash(m))
        return -1;
    for (uint32_t i = pairmap_hash_(tag, p) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        pairmap_slot *s = &m->slots[i];
        if (!s->ptr) {
            s->ptr = p;
            s->tag = tag;
            s->val = *val;
            m->count++;
            return 1;
        }
        if (s->ptr == p && s->tag == tag) {
            *val = s->val;
            return 0;
        }
    }
}

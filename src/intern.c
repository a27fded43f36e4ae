#include "intern.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

static inline uint32_t hash_inline(const void *p, size_t n)
{
    /* Eight bytes per step; the last step takes the last eight bytes
     * (overlapping the step before), and a short string two overlapping
     * halves, so no step copies a variable number of bytes. */
    const unsigned char *s = p;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
    if (n >= 8) {
        size_t k = n;
        for (; k > 8; k -= 8, s += 8) {
            memcpy(&w, s, 8);
            h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
            h ^= h >> 31;
        }
        memcpy(&w, s + k - 8, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        w = a | (uint64_t)b << 32;
    } else if (n) {
        w = s[0] | (uint64_t)s[n >> 1] << 8 | (uint64_t)s[n - 1] << 16;
    } else {
        w = 0;
    }
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBULL;
    return (uint32_t)(h >> 32);
}

uint32_t hash_bytes(const void *p, size_t n) { return hash_inline(p, n); }

/* a[0..n) == b[0..n) for the short strings names are: overlapping loads
 * of the first and last bytes instead of a call */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    if (n > 16)
        return memcmp(a, b, n) == 0;
    if (n >= 8) {
        uint64_t a0, b0, a1, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return a0 == b0 && a1 == b1;
    }
    if (n >= 4) {
        uint32_t a0, b0, a1, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return a0 == b0 && a1 == b1;
    }
    /* three positions cover every byte of a string of 1 to 3 */
    return n == 0 || (a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]);
}

void interner_init(interner *in, arena *mem)
{
    memset(in, 0, sizeof *in);
    in->mem = mem;
}

void interner_free(interner *in)
{
    vec_table_free(in->slots, in->cap * sizeof *in->slots);
    in->slots = NULL;
    in->cap = in->count = 0;
}

static int rehash_to(interner *in, size_t cap)
{
    const istr **slots = vec_table_alloc(cap * sizeof *slots, in->mem->pages);
    if (!slots)
        return 0;
    for (size_t i = 0; i < in->cap; i++) {
        const istr *s = in->slots[i];
        if (!s)
            continue;
        size_t j = s->hash & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = s;
    }
    vec_table_free(in->slots, in->cap * sizeof *in->slots);
    in->slots = slots;
    in->cap = cap;
    return 1;
}

static int rehash(interner *in) { return rehash_to(in, in->cap ? in->cap * 2 : 256); }

/* The table is at most three quarters full: a probe that meets another
 * name mostly stops at its hash, not its text, and the parser asks the
 * table only once per name and file. */
int interner_reserve(interner *in, size_t n)
{
    size_t cap = in->cap ? in->cap : 256;
    while (cap * 3 < (n + 1) * 4)
        cap *= 2;
    return cap == in->cap || rehash_to(in, cap);
}

size_t interner_names_in(size_t bytes)
{
    size_t dense = bytes / 128, sparse = 16384 + bytes / 512;
    return dense < sparse ? dense : sparse;
}

int interner_expect_text(interner *in, size_t bytes)
{
    return interner_reserve(in, in->count + interner_names_in(bytes));
}

/* `room`: bytes for the text and what follows it (len + 1 at least). */
static const istr *intern_room(interner *in, const char *s, size_t len, size_t room)
{
    if ((in->count + 1) * 4 > in->cap * 3 && !rehash(in))
        return NULL;
    uint32_t h = hash_inline(s, len);
    size_t j = h & (in->cap - 1);
    for (;;) {
        const istr *e = in->slots[j];
        if (!e)
            break;
        if (e->hash == h && e->len == len && same_bytes(e->s, s, len))
            return e;
        j = (j + 1) & (in->cap - 1);
    }
    istr *e = arena_alloc_text(in->mem, sizeof *e + room);
    if (!e)
        return NULL;
    e->len = (uint32_t)len;
    e->hash = h;
    memcpy(e->s, s, len);
    memset(e->s + len, 0, room - len);
    in->slots[j] = e;
    in->count++;
    return e;
}

const istr *intern(interner *in, const char *s, size_t len)
{
    return intern_room(in, s, len, len + 1);
}

int interner_begin_apart(interner *in)
{
    /* the string made last was given room for its own text only */
    return arena_alloc_text(in->mem, 16) != NULL;
}

const istr *intern_apart(interner *in, const char *s, size_t len)
{
    /* the parser's comparisons read up to a word past a name's end, or
     * 16 bytes from its start */
    return intern_room(in, s, len, len + 8 > 16 ? len + 8 : 16);
}

istr *istr_alloc(arena *mem, size_t len)
{
    istr *e = arena_alloc_text(mem, sizeof *e + len + 1);
    if (!e)
        return NULL;
    e->len = (uint32_t)len;
    e->hash = 0;
    e->s[len] = 0;
    return e;
}

const istr *intern_cstr(interner *in, const char *s) { return intern(in, s, strlen(s)); }

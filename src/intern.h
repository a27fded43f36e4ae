/* Interned strings: every identifier is stored once per load, so names
 * compare by pointer and hash lookups never rehash text. */
#ifndef WITAN_INTERN_H
#define WITAN_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct istr {
    uint32_t len;
    uint32_t hash;
    char s[];   /* NUL-terminated */
} istr;

typedef struct interner {
    arena *mem;        /* where the strings live: an arena of text only */
    const istr **slots; /* open addressing, power-of-two size; malloc'd */
    size_t cap, count;
} interner;

/* The length of an interned string, given its text (istr.s). */
static inline uint32_t istr_len(const char *s)
{
    return ((const istr *)(const void *)(s - offsetof(istr, s)))->len;
}

void interner_init(interner *in, arena *mem);
void interner_free(interner *in);
/* NULL only when memory runs out. */
const istr *intern(interner *in, const char *s, size_t len);
const istr *intern_cstr(interner *in, const char *s);
/* intern() for a table threads share under a lock: the string's block
 * holds every byte the parser's comparisons read past its end (a word,
 * or up to 16 from its start), so those reads never meet a string
 * another thread is writing next to it. */
const istr *intern_apart(interner *in, const char *s, size_t len);
/* Before threads start calling intern_apart: room after the string made
 * last by intern(), which a read past its end would otherwise share with
 * the first string they make. 0 when memory runs out. */
int interner_begin_apart(interner *in);
/* A string laid out as an interned one (istr_len reads its length) but
 * not entered in the table, so equal by pointer to no other: for names
 * nothing looks up or compares. The caller writes s[0..len); s[len] is
 * NUL already. NULL only when memory runs out. */
istr *istr_alloc(arena *mem, size_t len);
/* Makes room for n strings in all without growing; 0 when memory runs out. */
int interner_reserve(interner *in, size_t n);
/* About how many distinct names `bytes` bytes of WIT hold, a guess for
 * sizing tables: in generated and real packages alike about one new name
 * per hundred bytes, fewer in big inputs that repeat a vocabulary. A
 * wrong guess costs a rehash or some unused slots, nothing else. */
size_t interner_names_in(size_t bytes);
/* Makes room for the names of `bytes` more bytes of WIT (the guess above). */
int interner_expect_text(interner *in, size_t bytes);
uint32_t hash_bytes(const void *p, size_t n);

#endif

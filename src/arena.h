/* Bump allocation for everything that lives as long as one load: source
 * text, syntax tree, resolved model. Freeing the arena frees it all, so no
 * node needs its own free and error paths cannot leak. */
#ifndef WITAN_ARENA_H
#define WITAN_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;   /* newest chunk first */
    char *cur, *end;     /* free space in the newest chunk */
    size_t total;        /* bytes obtained from malloc, for limits and stats */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);

/* Zeroed memory aligned for any object; NULL only when malloc fails. */
void *arena_alloc(arena *a, size_t size);
/* For memory the caller fills whole: need not be zeroed (it is now). */
void *arena_alloc_raw(arena *a, size_t size);
/* Copy of s[0..len) followed by a NUL byte. */
char *arena_strndup(arena *a, const char *s, size_t len);
/* Grow the most recent allocation `p` of `old` bytes to `size` bytes,
 * in place when it is the last block, otherwise by copying. */
void *arena_realloc(arena *a, void *p, size_t old, size_t size);

#endif

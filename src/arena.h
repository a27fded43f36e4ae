/* Bump allocation for everything that lives as long as one load: source
 * text, syntax tree, resolved model. Freeing the arena frees it all, so no
 * node needs its own free and error paths cannot leak. */
#ifndef WITAN_ARENA_H
#define WITAN_ARENA_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena_gone arena_gone;

/* What one load has learnt about the system's huge pages, shared by the
 * arenas and tables of that load and by the threads that parse it (see
 * arena_map). In a virtual machine that gives free memory back to its
 * host (free page reporting), a huge page the host took back is made
 * again a small page at a time when it is first touched: 5 ms, where a
 * huge page still warm from a recent run takes 0.2 ms and 2 MiB of
 * 4 KiB pages 0.7 ms. The first huge page found that slow makes the
 * load ask for small pages from then on. */
typedef struct arena_pages {
    atomic_bool cold;   /* a huge page was slow to make */
    long slow_ns;       /* slower than this is cold; 0: 1.5 ms (tests set it) */
} arena_pages;

typedef struct arena {
    arena_chunk *head;   /* newest chunk first */
    char *cur, *end;     /* free space in the newest chunk */
    size_t total;        /* bytes obtained from the system, for limits and stats */
    size_t chunk_max;    /* chunks grow with the arena up to this size; 0: 64 MB */
    size_t chunk_min;    /* and start at this size; 0: 64 KB */
    arena_gone *gone;    /* the mappings of released chunks (arena_release) */
    arena_pages *pages;  /* its load's; NULL: huge pages for big chunks, nothing learnt */
} arena;

void arena_init(arena *a);
/* An arena whose chunks stay at most `chunk_max` bytes (a few hundred KB
 * and up), so that its parts can be given back one by one as they die
 * (arena_release), and that fills them whole (their pages are made when
 * the chunk is). */
void arena_init_max(arena *a, size_t chunk_max);
void arena_free(arena *a);
/* For an arena that will hold a lot: its chunks from now on are at least
 * `bytes` (ARENA_BIG_CHUNK: whole huge pages), not growing from 64 KB,
 * a page fault at a time. */
void arena_expect_big(arena *a, size_t bytes);

/* Zeroed memory aligned for any object; NULL only when memory runs out. */
void *arena_alloc(arena *a, size_t size);
/* For memory the caller fills whole: need not be zeroed (it is now). */
void *arena_alloc_raw(arena *a, size_t size);
/* Every block is followed by at least this many readable bytes (the
 * end of a chunk is never handed out): comparisons a word or a vector
 * at a time may read past the end of a short string. */
#define ARENA_READ_SLACK 16
/* For an arena that holds only text (strings, interned names): memory
 * aligned to 4 bytes only, so short strings waste no room; need not be
 * zeroed. */
void *arena_alloc_text(arena *a, size_t size);
/* Copy of s[0..len) followed by a NUL byte. */
char *arena_strndup(arena *a, const char *s, size_t len);
/* Grow the most recent allocation `p` of `old` bytes to `size` bytes,
 * in place when it is the last block, otherwise by copying. */
void *arena_realloc(arena *a, void *p, size_t old, size_t size);

/* Moves every chunk of b into a, as a's newest (made after a's own);
 * b is left empty. Memory handed out by either stays where it is. */
void arena_append(arena *a, arena *b);

/* Where an arena's memory is: one range per chunk. */
typedef struct arena_range {
    const char *start, *end;
} arena_range;

/* Memory mapped from the system, zero, `bytes` a multiple of the page
 * size; its pages made at once when `fill`. From ARENA_HUGE bytes on it
 * is aligned to ARENA_HUGE and made of huge pages where the system has
 * them, unless `pages` (may be NULL) says they are cold; the time a
 * filled mapping's huge pages take to make is what tells. Given back
 * with munmap(p, bytes). NULL when memory runs out. */
#define ARENA_HUGE ((size_t)2 * 1024 * 1024)
void *arena_map(size_t bytes, bool fill, arena_pages *pages);
/* The largest block that a chunk of one huge page holds. */
#define ARENA_BIG_CHUNK (ARENA_HUGE - 4096)
/* Whether a load should ask for huge pages now. */
static inline bool arena_huge_ok(arena_pages *pages)
{
    return !pages || !atomic_load_explicit(&pages->cold, memory_order_relaxed);
}
/* Asks for huge pages for the whole ARENA_HUGE ranges of a block of
 * `bytes` that has its own mapping (a big malloc'd block, say), unless
 * `pages` says they are cold; does nothing to a smaller one. */
void arena_advise_huge_(void *p, size_t bytes);
static inline void arena_advise_huge(arena_pages *pages, void *p, size_t bytes)
{
    if (bytes >= ARENA_HUGE && arena_huge_ok(pages))
        arena_advise_huge_(p, bytes);
}

/* The system's page size (asked each time: glibc answers from memory,
 * and no static is shared between threads). */
size_t arena_page_size(void);

/* The number of chunks not released; the first `cap` of their ranges go
 * to out, oldest first. */
size_t arena_chunks(const arena *a, arena_range *out, size_t cap);
/* Gives the memory of the chunk whose range starts at `start` back to the
 * system before the arena is freed: the caller knows nothing in it is
 * used any more. The arena allocates nothing from it again, and a stray
 * access to it faults instead of reading stale data. (Should memory for
 * the bookkeeping run out, the chunk stays as it is.) */
void arena_release(arena *a, const char *start);

#endif

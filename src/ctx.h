/* The context of one load: the single struct that travels through the
 * loader, lexer, parser, resolver and the outputs. It owns every byte of
 * memory a load uses; witan_ctx_free releases it all. No module keeps state
 * anywhere else. */
#ifndef WITAN_CTX_H
#define WITAN_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "witan.h"

#include "arena.h"
#include "diag.h"
#include "intern.h"
#include "source.h"

/* A replacement text for a path (see load_file). */
typedef struct overlay {
    const struct overlay *next;
    const char *path;       /* as shown in messages ("<stdin>" for -) */
    const char *text;
    uint32_t len;
} overlay;

typedef struct witan_ctx {
    /* syntax trees (and the lexer's strings): the loader gives each group
     * of files its own and frees it once the group is resolved, so the
     * trees of a load never all live at once */
    arena mem;
    arena keep;         /* what lives as long as the context: the model */
    arena text;         /* its text: interned names, docs (arena_alloc_text) */
    /* whether huge pages are cold, shared by the arenas and tables of
     * the load (each points here) and so by the threads that parse it;
     * a part's copy of the context (parse_parts.c) has a stale copy of
     * this field: reach it through an arena's `pages` */
    arena_pages pages;
    interner names;     /* allocates from text */
    source_map sources;
    diag_list diags;

    /* options */
    bool strict;        /* legacy syntax is an error, as in the reference */
    bool all_features;
    bool map_files;     /* big files are mapped (witan_set_map_files) */
    int threads;        /* threads parsing one file at most; 0: one per CPU (witan_set_threads) */
    uint32_t part_min;  /* fewest bytes a thread parses; 0: the default (parse_parts.c) */
    int parts_joined;   /* parts the last parse_file joined (1: parsed whole); for tests */
    const char **features;  /* enabled @unstable features (malloc'd array of arena strings) */
    size_t nfeatures;

    struct model *model;    /* the resolved model, once witan_resolve_path ran */
    struct source *docs_src;    /* the file docs were read from last (a cache) */
    char *docs_buf;     /* the text witan_docs_text made last; malloc'd */
    size_t docs_cap;
    /* file contents to use instead of reading the file (lint's repaired
     * copies); borrowed, owned by whoever set them */
    const struct overlay *overlay;
    signed char rule_level[32]; /* lint rule levels set by the caller; -1 = default */

    bool oom;           /* an allocation failed; results are incomplete */
} witan_ctx;

/* Allocation helpers that record failure in the context (ctx->mem). */
void *ctx_alloc(witan_ctx *ctx, size_t size);
const istr *ctx_intern(witan_ctx *ctx, const char *s, size_t len);

/* Error and warning helpers (append to ctx->diags). */
diag *ctx_error(witan_ctx *ctx, span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* An error about a path witan will not or cannot read (diag.io: the CLI
 * exits with status 2), not about a place in a file. */
diag *ctx_io_error(witan_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
diag *ctx_warn(witan_ctx *ctx, const char *rule, span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* An error whose message was built in b, which is freed. A message cut
 * short by a failed allocation is not reported as if whole: the error
 * then says "out of memory", and ctx->oom is set. */
diag *ctx_error_built(witan_ctx *ctx, span sp, buf *b);

/* The status of an operation whose diagnostics start at number `from`:
 * WITAN_EINTERNAL once memory ran out, and then its diagnostics are
 * one "out of memory" error (see api.c); else the worst of them. */
witan_status ctx_status(witan_ctx *ctx, size_t from);

#endif

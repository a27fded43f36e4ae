/* Helpers shared by the Check suites: a context holding one source made
 * from a C string, the tokens of that source, a parse of it, and the first
 * diagnostic as the CLI would print it (message line and line:column).
 *
 * Everything is `static inline` so a suite that does not use a helper
 * still compiles warning-free. */
#ifndef WITAN_TESTUTIL_H
#define WITAN_TESTUTIL_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "witan.h"

#include "ast.h"
#include "ctx.h"
#include "lexer.h"
#include "parse.h"
#include "parser.h"

#define TU_PATH "t.wit"

static inline witan_ctx *tu_ctx(void)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    return ctx;
}

/* Adds `len` bytes of `text` (which may contain NULs) as file t.wit. */
static inline source *tu_source_n(witan_ctx *ctx, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, text, len);
    copy[len] = 0;
    source *src = source_map_add(&ctx->sources, TU_PATH, copy, (uint32_t)len);
    ck_assert_ptr_nonnull(src);
    return src;
}

static inline source *tu_source(witan_ctx *ctx, const char *text)
{
    return tu_source_n(ctx, text, strlen(text));
}

/* Lexes the whole source (after the pre-scan, like the parser). Stores up
 * to `max` tokens, the end-of-input token excluded. Returns the number of
 * tokens, or -1 when the pre-scan or the lexer reported an error. */
static inline int tu_lex_source(witan_ctx *ctx, source *src, token *toks, int max)
{
    if (!lexer_prescan(ctx, src))
        return -1;
    lexer lx;
    lexer_init(&lx, ctx, src);
    int n = 0;
    for (;;) {
        token t;
        if (!lexer_next(&lx, &t))
            return -1;
        if (t.kind == 0)
            return n;
        if (n < max)
            toks[n] = t;
        n++;
    }
}

static inline int tu_lex(witan_ctx *ctx, const char *text, token *toks, int max)
{
    return tu_lex_source(ctx, tu_source(ctx, text), toks, max);
}

static inline ast_file *tu_parse(witan_ctx *ctx, const char *text)
{
    return parse_file(ctx, tu_source(ctx, text));
}

/* Diagnostic i as the CLI prints it, first line only, into out. */
static inline const char *tu_diag_line(witan_ctx *ctx, size_t i, char *out, size_t size)
{
    ck_assert_uint_gt(witan_diag_count(ctx), i);
    char *s = witan_diag_render(ctx, i, WITAN_FORMAT_TEXT, 0);
    ck_assert_ptr_nonnull(s);
    size_t n = strcspn(s, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(out, s, n);
    out[n] = 0;
    free(s);
    return out;
}

/* 1-based line and byte column where diagnostic i starts. */
static inline void tu_diag_linecol(witan_ctx *ctx, size_t i, uint32_t *line, uint32_t *col)
{
    const char *path;
    uint32_t el, ec;
    ck_assert_msg(witan_diag_location(ctx, i, &path, line, col, &el, &ec),
                  "diagnostic %zu has no location", i);
}

/* The first diagnostic of a failed parse, for table-driven cases. */
typedef struct tu_outcome {
    int parsed;         /* parse_file returned a tree */
    size_t ndiags;
    char line1[512];    /* first line of the first message, "" if none */
    uint32_t line, col;
} tu_outcome;

static inline tu_outcome tu_parse_outcome(const char *text, bool strict)
{
    tu_outcome o;
    memset(&o, 0, sizeof o);
    witan_ctx *ctx = tu_ctx();
    ctx->strict = strict;
    o.parsed = tu_parse(ctx, text) != NULL;
    o.ndiags = witan_diag_count(ctx);
    if (o.ndiags) {
        /* the message rather than the rendering: a line over 500 bytes
         * renders as "path:line:col: message" */
        const char *m = witan_diag_message(ctx, 0);
        size_t n = strcspn(m, "\n");
        if (n >= sizeof o.line1)
            n = sizeof o.line1 - 1;
        memcpy(o.line1, m, n);
        o.line1[n] = 0;
        tu_diag_linecol(ctx, 0, &o.line, &o.col);
    }
    witan_ctx_free(ctx);
    return o;
}

/* Asserts that parsing `text` fails with `msg` (the first line of the
 * first diagnostic) at line:col. */
#define tu_assert_parse_error(text, strict, msg, ln, cl)                                      \
    do {                                                                                     \
        const char *tu_text_ = (text);                                                       \
        tu_outcome tu_o_ = tu_parse_outcome(tu_text_, (strict));                             \
        ck_assert_msg(!tu_o_.parsed && tu_o_.ndiags > 0,                                     \
                      "input %s: expected error \"%s\", but it parsed", tu_text_, (msg));    \
        ck_assert_msg(strcmp(tu_o_.line1, (msg)) == 0 && tu_o_.line == (uint32_t)(ln) &&     \
                          tu_o_.col == (uint32_t)(cl),                                       \
                      "input %s:\n  expected %s at %d:%d\n  got      %s at %u:%u", tu_text_, \
                      (msg), (int)(ln), (int)(cl), tu_o_.line1, tu_o_.line, tu_o_.col);      \
    } while (0)

/* The mapping of this process that holds p, from /proc/self/smaps: its
 * bounds (lo, hi may be NULL) and the rest of its line that starts with
 * `key` ("Rss:", "VmFlags:"), at most cap - 1 bytes of it. False when
 * the file cannot be read or has no such line for that mapping. */
static inline bool tu_smaps(const void *p, const char *key, char *out, size_t cap, uintptr_t *lo,
                            uintptr_t *hi)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return false;
    char line[512];
    int inside = 0;
    bool found = false;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        unsigned long a, b;
        if (sscanf(line, "%lx-%lx ", &a, &b) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            inside = (uintptr_t)p >= a && (uintptr_t)p < b;
            if (inside && lo)
                *lo = a;
            if (inside && hi)
                *hi = b;
        } else if (inside && strncmp(line, key, klen) == 0) {
            size_t n = strlen(line + klen);
            if (n >= cap)
                n = cap - 1;
            memcpy(out, line + klen, n);
            out[n] = 0;
            found = true;
            break;
        }
    }
    fclose(f);
    return found;
}

/* KiB of the mapping holding p that are resident, or -1 when that
 * cannot be read. */
static inline long tu_resident_kib(const void *p)
{
    char v[64];
    return tu_smaps(p, "Rss:", v, sizeof v, NULL, NULL) ? strtol(v, NULL, 10) : -1;
}

/* Runs a suite; the exit status is non-zero when a test failed. */
static inline int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif

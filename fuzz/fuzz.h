/* Shared by the fuzz targets (fuzz_*.c): each is built twice, once with
 * libFuzzer (`make fuzz`) and once with fuzz/regress.c as its main, which
 * replays the inputs of testdata/fuzz-regressions/ in `make check`.
 *
 * The input reaches the library as the contents of a file that does not
 * exist, through the context's overlay (src/ctx.h): load_file takes the
 * text from there and applies every check it applies to a file it reads
 * (size, WebAssembly magic, UTF-8), so nothing is read from disk.
 * fuzz_deps.c is the exception: directories are read from disk, so it
 * writes a real tree. */
#ifndef WITAN_FUZZ_H
#define WITAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "witan.h"

/* Cannot exist (a path below a device), so the overlay always answers. */
#define FUZZ_PATH "/dev/null/fuzz.wit"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A context whose FUZZ_PATH reads as data[0..size). `ov` must outlive it. */
static inline witan_ctx *fuzz_ctx(const uint8_t *data, size_t size, overlay *ov)
{
    if (size > UINT32_MAX)
        return NULL;
    witan_ctx *ctx = witan_ctx_new();
    if (!ctx)
        return NULL;
    ov->next = NULL;
    ov->path = FUZZ_PATH;
    ov->text = (const char *)data;
    ov->len = (uint32_t)size;
    ctx->overlay = ov;
    return ctx;
}

/* Renders every diagnostic in every form, as the CLI would. */
static inline void fuzz_render(witan_ctx *ctx)
{
    for (size_t i = 0; i < witan_diag_count(ctx); i++) {
        const char *path;
        uint32_t l, c, el, ec;
        witan_diag_location(ctx, i, &path, &l, &c, &el, &ec);
        (void)witan_diag_severity(ctx, i);
        (void)witan_diag_rule(ctx, i);
        (void)witan_diag_context(ctx, i);
        free(witan_diag_render(ctx, i, WITAN_FORMAT_TEXT, 1));
        free(witan_diag_render(ctx, i, WITAN_FORMAT_GCC, 0));
    }
}

/* Runs witan_lint_path on path and renders what it found; all_rules turns
 * every rule on as a warning, otherwise the default levels apply. */
static inline void fuzz_lint(witan_ctx *ctx, const char *path, int all_rules)
{
    if (all_rules) {
        size_t n;
        const witan_rule_info *rules = witan_lint_rules(&n);
        for (size_t i = 0; i < n; i++)
            witan_lint_set_level(ctx, rules[i].id, WITAN_LEVEL_WARNING);
    }
    witan_lint_path(ctx, path, NULL);
    fuzz_render(ctx);
}

/* Collects the pieces of a streamed document. */
typedef struct fuzz_text {
    char *data;
    size_t len;
} fuzz_text;

static inline int fuzz_collect(void *arg, const char *piece, size_t len)
{
    fuzz_text *t = arg;
    char *grown = realloc(t->data, t->len + len + 1);
    if (!grown)
        return -1;
    memcpy(grown + t->len, piece, len);
    t->data = grown;
    t->len += len;
    return 0;
}

/* The model's JSON, or with world != WITAN_NO_ID that world's manifest,
 * made both ways: the streamed text must be the returned one. */
static inline void fuzz_documents(witan_ctx *ctx, const witan_resolve *r, witan_id world)
{
    char *whole = world == WITAN_NO_ID ? witan_resolve_json(ctx, r)
                                       : witan_manifest_json(ctx, r, world);
    fuzz_text t = {NULL, 0};
    int st = world == WITAN_NO_ID ? witan_resolve_json_write(ctx, r, fuzz_collect, &t)
                                  : witan_manifest_json_write(ctx, r, world, fuzz_collect, &t);
    if (whole && st == 0 && (t.len != strlen(whole) || memcmp(t.data, whole, t.len) != 0))
        abort();
    free(t.data);
    free(whole);
}

#endif

/* The public entry points of include/witan.h that are not a module of
 * their own: context life cycle, options and diagnostics access. */
#include <stdlib.h>
#include <string.h>

#include "witan.h"

#include "ast.h"
#include "ctx.h"
#include "load.h"
#include "model.h"
#include "parse.h"

witan_ctx *witan_ctx_new(void)
{
    witan_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    arena_init(&ctx->mem);
    arena_init(&ctx->keep);
    arena_init(&ctx->text);
    ctx->mem.pages = ctx->keep.pages = ctx->text.pages = &ctx->pages;
    interner_init(&ctx->names, &ctx->text);
    source_map_init(&ctx->sources);
    diag_list_init(&ctx->diags);
    memset(ctx->rule_level, -1, sizeof ctx->rule_level);
    return ctx;
}

void witan_ctx_free(witan_ctx *ctx)
{
    if (!ctx)
        return;
    model_free(ctx->model);
    diag_list_free(&ctx->diags);
    source_map_free(&ctx->sources);
    interner_free(&ctx->names);
    arena_free(&ctx->mem);
    arena_free(&ctx->keep);
    arena_free(&ctx->text);
    free(ctx->features);
    free(ctx->docs_buf);
    free(ctx);
}

void witan_set_strict(witan_ctx *ctx, int strict) { ctx->strict = strict != 0; }

void witan_set_map_files(witan_ctx *ctx, int map) { ctx->map_files = map != 0; }
void witan_set_threads(witan_ctx *ctx, int threads, unsigned part_min)
{
    ctx->threads = threads > 0 ? threads : 0;
    ctx->part_min = part_min;
}

int witan_enable_feature(witan_ctx *ctx, const char *feature)
{
    const char **f = realloc(ctx->features, (ctx->nfeatures + 1) * sizeof *f);
    if (!f)
        return 0;
    ctx->features = f;
    const char *copy = arena_strndup(&ctx->keep, feature, strlen(feature));
    if (!copy)
        return 0;
    ctx->features[ctx->nfeatures++] = copy;
    return 1;
}

void witan_set_all_features(witan_ctx *ctx, int all) { ctx->all_features = all != 0; }

int witan_span_location(witan_ctx *ctx, witan_span sp, const char **path, uint32_t *line,
                        uint32_t *col)
{
    *path = NULL;
    *line = *col = 0;
    source *src = source_map_find(&ctx->sources, sp.start);
    if (!src)
        return 0;
    source_linecol(src, sp.start - src->base, line, col);
    *path = src->path;
    (*line)++;
    (*col)++;
    return 1;
}

/* Once an allocation failed, what the operation reported may be wrong
 * as well as incomplete: a name that could not be made reads as empty,
 * and a lookup of it fails ("package '' not found"). So none of it is
 * kept, and the reason is said instead. */
witan_status ctx_status(witan_ctx *ctx, size_t from)
{
    if (witan_out_of_memory(ctx)) {
        ctx->oom = true;
        diag_truncate(&ctx->diags, from);
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return WITAN_EINTERNAL;
    }
    witan_status st = WITAN_OK;
    for (size_t i = from; i < ctx->diags.count; i++) {
        const diag *d = &ctx->diags.items[i];
        if (d->severity != DIAG_ERROR)
            continue;
        if (d->io)
            return WITAN_EIO;
        st = WITAN_EINPUT;
    }
    return st;
}

/* Parses a file for its diagnostics; its tree is dropped at once. The
 * interner is sized for the file first, as in the loader. */
static void check_syntax(witan_ctx *ctx, source *src)
{
    if (!interner_expect_text(&ctx->names, src->len)) {
        ctx->oom = true;
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return;
    }
    arena outer = ctx->mem;
    arena_init(&ctx->mem);
    ctx->mem.pages = &ctx->pages;
    parse_file(ctx, src);
    arena_free(&ctx->mem);
    ctx->mem = outer;
}

witan_status witan_parse_path(witan_ctx *ctx, const char *path)
{
    size_t from = ctx->diags.count;
    int dir = strcmp(path, "-") == 0 ? 0 : path_is_dir(path);
    if (dir == 1) {
        path_list pl = {0};
        if (load_dir_wit_files(ctx, path, &pl)) {
            for (size_t i = 0; i < pl.count; i++) {
                source *src = load_file(ctx, pl.paths[i], LOAD_DIR_ENTRY);
                if (src)
                    check_syntax(ctx, src);
            }
        }
        path_list_free(&pl);
    } else {
        source *src = load_file(ctx, path, LOAD_FILE);
        if (src)
            check_syntax(ctx, src);
    }
    return ctx_status(ctx, from);
}

size_t witan_diag_count(const witan_ctx *ctx) { return ctx->diags.count; }
int witan_out_of_memory(const witan_ctx *ctx) { return ctx->oom || ctx->diags.failed; }
size_t witan_error_count(const witan_ctx *ctx) { return ctx->diags.errors; }
size_t witan_warning_count(const witan_ctx *ctx) { return ctx->diags.warnings; }

witan_severity witan_diag_severity(const witan_ctx *ctx, size_t i)
{
    return ctx->diags.items[i].severity == DIAG_ERROR ? WITAN_ERROR : WITAN_WARNING;
}

const char *witan_diag_rule(const witan_ctx *ctx, size_t i) { return ctx->diags.items[i].rule; }

const char *witan_diag_message(const witan_ctx *ctx, size_t i)
{
    return diag_message(&ctx->diags.items[i]);
}

const char *witan_diag_context(const witan_ctx *ctx, size_t i)
{
    return ctx->diags.items[i].context;
}

int witan_diag_location(witan_ctx *ctx, size_t i, const char **path, uint32_t *line,
                        uint32_t *col, uint32_t *end_line, uint32_t *end_col)
{
    const diag *d = &ctx->diags.items[i];
    *path = d->path;
    *line = *col = *end_line = *end_col = 0;
    if (!span_known(d->sp))
        return 0;
    source *src = source_map_find(&ctx->sources, d->sp.start);
    if (!src)
        return 0;
    *path = src->path;
    uint32_t l, c;
    source_linecol(src, d->sp.start - src->base, &l, &c);
    *line = l + 1;
    *col = c + 1;
    uint32_t e = d->sp.end;
    if (e > src->base + src->len)
        e = src->base + src->len;
    if (e < d->sp.start)
        e = d->sp.start;
    source_linecol(src, e - src->base, &l, &c);
    *end_line = l + 1;
    *end_col = c + 1;
    return 1;
}

char *witan_diag_render(witan_ctx *ctx, size_t i, witan_diag_format fmt, int color)
{
    buf b;
    buf_init(&b);
    diag_render(&b, &ctx->sources, &ctx->diags.items[i],
                fmt == WITAN_FORMAT_GCC ? DIAG_GCC : DIAG_TEXT, color);
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

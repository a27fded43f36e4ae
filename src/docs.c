/* Documentation comments to text, exactly as wit-parser normalises them
 * (WIT-LANGUAGE §3): every comment before an item counts, leading slashes
 * and the frame of a doc block comment are stripped, common indentation
 * removed. Most items have one `///` line, which takes a short path. */
#include <string.h>

#include "model.h"

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* The text of a comment; consecutive comments are nearly always in the
 * same file, so the file last used is tried first. */
static const char *comment_start(witan_ctx *ctx, span sp)
{
    source *src = ctx->docs_src;
    if (!src || sp.start < src->base || sp.end > src->base + src->len) {
        src = source_map_find(&ctx->sources, sp.start);
        ctx->docs_src = src;
    }
    return src->text + (sp.start - src->base);
}

/* One comment without its slashes (or the frame of a block) and without
 * trailing whitespace. */
static const char *strip_comment(const char *t, size_t *len)
{
    size_t n = *len;
    if (n >= 3 && memcmp(t, "/**", 3) == 0) {
        t += 3;
        n -= 3;
        /* an empty doc block leaves nothing to strip (the reference panics) */
        if (n >= 2 && memcmp(t + n - 2, "*/", 2) == 0)
            n -= 2;
        else
            n = 0;
    } else {
        while (n && *t == '/') {
            t++;
            n--;
        }
    }
    while (n && is_ws(t[n - 1]))
        n--;
    *len = n;
    return t;
}

static char *oom_text(witan_ctx *ctx)
{
    ctx->oom = true;
    return "";
}

/* A single line comment: its text less its indentation when that is all
 * spaces; nothing to split into lines. */
static const char *one_line(witan_ctx *ctx, const char *t, size_t n)
{
    size_t k = 0;
    while (k < n && is_ws(t[k]))
        k++;
    size_t spaces = 0;
    while (spaces < k && t[spaces] == ' ')
        spaces++;
    if (spaces == k) {
        t += k;
        n -= k;
    }
    char *out = arena_alloc_raw(&ctx->keep, n + 1);
    if (!out)
        return oom_text(ctx);
    memcpy(out, t, n);
    out[n] = 0;
    return out;
}

const char *docs_text_(witan_ctx *ctx, ast_docs d)
{
    enum { MAXLOCAL = 32 };
    if (d.count == 1) {
        span sp = ctx->comments[d.first];
        const char *t = comment_start(ctx, sp);
        if (t[1] == '/') {
            size_t n = sp.end - sp.start;
            t = strip_comment(t, &n);
            return one_line(ctx, t, n);
        }
    }
    const char *ls[MAXLOCAL];
    size_t ln[MAXLOCAL];
    const char **starts = ls;
    size_t *lens = ln;
    if (d.count > MAXLOCAL) {
        starts = malloc(d.count * sizeof *starts);
        lens = malloc(d.count * sizeof *lens);
        if (!starts || !lens) {
            free(starts);
            free(lens);
            return oom_text(ctx);
        }
    }
    for (uint32_t i = 0; i < d.count; i++) {
        span sp = ctx->comments[d.first + i];
        lens[i] = sp.end - sp.start;
        starts[i] = strip_comment(comment_start(ctx, sp), &lens[i]);
    }
    size_t min = (size_t)-1;
    for (uint32_t i = 0; i < d.count; i++) {
        if (!lens[i])
            continue;
        size_t k = 0;
        while (k < lens[i] && is_ws(starts[i][k]))
            k++;
        if (k < min)
            min = k;
    }
    if (min != (size_t)-1 && min > 0) {
        for (uint32_t i = 0; i < d.count; i++) {
            size_t k = 0;
            while (k < min && k < lens[i] && starts[i][k] == ' ')
                k++;
            if (k == min) {
                starts[i] += min;
                lens[i] -= min;
            }
        }
    }
    /* the text is never longer than the comments plus a newline each */
    size_t cap = 1;
    for (uint32_t i = 0; i < d.count; i++)
        cap += lens[i] + 1;
    char *out = arena_alloc_raw(&ctx->keep, cap), *o = out;
    if (!out) {
        if (starts != ls) {
            free(starts);
            free(lens);
        }
        return oom_text(ctx);
    }
    for (uint32_t i = 0; i < d.count; i++) {
        if (!lens[i]) {
            *o++ = '\n';
            continue;
        }
        /* Rust's str::lines: split at \n, drop one trailing \r per line */
        const char *p = starts[i], *end = p + lens[i];
        while (p < end) {
            const char *q = memchr(p, '\n', (size_t)(end - p));
            const char *le = q ? q : end;
            size_t len = (size_t)(le - p);
            if (len && p[len - 1] == '\r')
                len--;
            memcpy(o, p, len);
            o += len;
            *o++ = '\n';
            p = q ? q + 1 : end;
        }
    }
    while (o > out && o[-1] == '\n')
        o--;
    *o = 0;
    const char *r = out;
    if (starts != ls) {
        free(starts);
        free(lens);
    }
    return r;
}

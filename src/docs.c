/* Documentation comments to text, exactly as wit-parser normalises them
 * (WIT-LANGUAGE §3): every comment before an item counts, leading slashes
 * and the frame of a doc block comment are stripped, common indentation
 * removed. */
#include <string.h>

#include "model.h"

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

const char *docs_text(witan_ctx *ctx, ast_docs d)
{
    if (d.count == 0)
        return NULL;
    enum { MAXLOCAL = 32 };
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
            ctx->oom = true;
            return "";
        }
    }
    for (uint32_t i = 0; i < d.count; i++) {
        span sp = ctx->comments[d.first + i];
        source *src = source_map_find(&ctx->sources, sp.start);
        const char *t = src->text + (sp.start - src->base);
        size_t n = sp.end - sp.start;
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
        starts[i] = t;
        lens[i] = n;
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
    char *out = arena_alloc(&ctx->mem, cap), *o = out;
    if (!out) {
        ctx->oom = true;
        if (starts != ls) {
            free(starts);
            free(lens);
        }
        return "";
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

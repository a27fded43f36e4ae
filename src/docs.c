/* Documentation comments to text, exactly as wit-parser normalises them
 * (WIT-LANGUAGE §3): every comment before an item counts, leading slashes
 * and the frame of a doc block comment are stripped, common indentation
 * removed. Most items have one `///` line, which takes a short path.
 *
 * The text is made when a caller asks for it, from the source, into one
 * buffer of the context: the model keeps only where the comments are. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "model.h"

/* ' ', \t, \n, \r, \f */
static inline int is_ws(char c)
{
    unsigned char u = (unsigned char)c;
    return u <= ' ' && ((UINT64_C(0x100003600) >> u) & 1);
}

/* The comments of a docs range, one after the other. The lexer keeps
 * only where the first starts and how many there are (ast_docs): each is
 * found again after the whitespace that ends the one before, with the
 * lexer's bounds (a line comment's newline included, block comments
 * nested). */
typedef struct comment_iter {
    const char *p, *end;    /* where to look next; the end of the file's text */
} comment_iter;

/* Reads of a mapped file are given back once they span this much, so
 * that writing a big model's docs keeps little of its file resident, at
 * one system call per 64 KiB read. */
#define DOCS_DROP_MIN (64u * 1024)

/* Consecutive items are nearly always in the same file, so the file last
 * used is tried first. Reads of a mapped file are noted, to give back
 * what they made resident (docs_read). */
static source *docs_source(witan_ctx *ctx, uint32_t start)
{
    source *src = ctx->docs_src;
    if (!src || start < src->base || start >= src->base + src->len) {
        if (src)
            source_drop_read(src, 0);
        src = source_map_find(&ctx->sources, start);
        ctx->docs_src = src;
    }
    return src;
}

/* d is in one of the context's sources (docs_source found it). */
static comment_iter comments_of(witan_ctx *ctx, ast_docs d)
{
    source *src = docs_source(ctx, d.start);
    source_note_read(src, d.start - src->base);
    return (comment_iter){src->text + (d.start - src->base), src->text + src->len};
}

static const char *next_comment(comment_iter *it, size_t *len)
{
    const char *t = it->p, *end = it->end, *e;
    while (t < end && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
        t++;
    if (end - t >= 2 && t[1] == '*') {
        e = source_comment_end(t, end);
    } else {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        e = nl ? nl + 1 : end;
    }
    it->p = e;
    *len = (size_t)(e - t);
    return t;
}

/* Room for a text of n bytes in the context's docs buffer; NULL when
 * memory runs out. */
static char *docs_room(witan_ctx *ctx, size_t n)
{
    if (n > ctx->docs_cap) {
        size_t cap = ctx->docs_cap ? ctx->docs_cap : 256;
        while (cap < n)
            cap *= 2;
        char *b = realloc(ctx->docs_buf, cap);
        if (!b)
            return NULL;
        ctx->docs_buf = b;
        ctx->docs_cap = cap;
    }
    return ctx->docs_buf;
}

span docs_span(witan_ctx *ctx, ast_docs d)
{
    comment_iter it = comments_of(ctx, d);
    const char *base = it.p;
    size_t n = 0;
    for (uint32_t i = 0; i < d.count; i++)
        next_comment(&it, &n);
    return (span){d.start, d.start + (uint32_t)(it.p - base)};
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

/* What a text that could not be made reads as: empty, and told apart
 * from docs that say nothing by its address. */
static const char no_room[1];

static const char *oom_text(witan_ctx *ctx)
{
    ctx->oom = true;
    return no_room;
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
    char *out = docs_room(ctx, n + 1);
    if (!out)
        return oom_text(ctx);
    memcpy(out, t, n);
    out[n] = 0;
    return out;
}

/* The text of a line comment `t[0..n)` (it starts with "//"): after its
 * slashes and before its trailing whitespace, its final newline
 * included. Such a text is one line: nothing to split. */
static inline const char *line_text(const char *t, size_t *len)
{
    size_t n = *len, k = 2;
    while (k < n && t[k] == '/')
        k++;
    while (n > k && is_ws(t[n - 1]))
        n--;
    *len = n - k;
    return t + k;
}

/* The whitespace every non-empty line starts with, at least: (size_t)-1
 * when all lines are empty. */
static size_t common_indent(const char *const *starts, const size_t *lens, uint32_t n)
{
    size_t min = (size_t)-1;
    for (uint32_t i = 0; i < n; i++) {
        if (!lens[i])
            continue;
        size_t k = 0;
        while (k < lens[i] && is_ws(starts[i][k]))
            k++;
        if (k < min)
            min = k;
    }
    return min;
}

/* Drops the common indentation from a line when it is that many spaces;
 * a line indented with anything else keeps its indentation. */
static inline void drop_indent(const char **t, size_t *n, size_t min)
{
    if (min == (size_t)-1 || min == 0)
        return;
    size_t k = 0;
    while (k < min && k < *n && (*t)[k] == ' ')
        k++;
    if (k == min) {
        *t += min;
        *n -= min;
    }
}

/* Comments that are all line comments, the usual docs: each is a line,
 * the common indentation goes, the lines are joined. Returns NULL when
 * one is a block comment (the general path then runs). */
static const char *line_comments(witan_ctx *ctx, ast_docs d, const char **starts, size_t *lens)
{
    size_t cap = 1;
    comment_iter it = comments_of(ctx, d);
    for (uint32_t i = 0; i < d.count; i++) {
        const char *t = next_comment(&it, &lens[i]);
        if (t[1] != '/')
            return NULL;
        starts[i] = line_text(t, &lens[i]);
        cap += lens[i] + 1;
    }
    size_t min = common_indent(starts, lens, d.count);
    char *out = docs_room(ctx, cap), *o = out;
    if (!out)
        return oom_text(ctx);
    for (uint32_t i = 0; i < d.count; i++) {
        const char *t = starts[i];
        size_t n = lens[i];
        drop_indent(&t, &n, min);
        memcpy(o, t, n);
        o += n;
        *o++ = '\n';
    }
    while (o > out && o[-1] == '\n')
        o--;
    *o = 0;
    return out;
}

static const char *docs_text(witan_ctx *ctx, ast_docs d)
{
    enum { MAXLOCAL = 32 };
    if (d.count == 1) {
        comment_iter it = comments_of(ctx, d);
        size_t n;
        const char *t = next_comment(&it, &n);
        if (t[1] == '/') {
            t = line_text(t, &n);
            return one_line(ctx, t, n);
        }
    }
    const char *ls[MAXLOCAL];
    size_t ln[MAXLOCAL];
    if (d.count <= MAXLOCAL) {
        const char *r = line_comments(ctx, d, ls, ln);
        if (r)
            return r;
    }
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
    comment_iter it = comments_of(ctx, d);
    for (uint32_t i = 0; i < d.count; i++) {
        const char *t = next_comment(&it, &lens[i]);
        starts[i] = strip_comment(t, &lens[i]);
    }
    size_t min = common_indent(starts, lens, d.count);
    for (uint32_t i = 0; i < d.count; i++)
        drop_indent(&starts[i], &lens[i], min);
    /* the text is never longer than the comments plus a newline each */
    size_t cap = 1;
    for (uint32_t i = 0; i < d.count; i++)
        cap += lens[i] + 1;
    char *out = docs_room(ctx, cap), *o = out;
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

bool docs_read(witan_ctx *ctx, witan_docs d, const char **text)
{
    *text = NULL;
    /* a caller's docs that are no context's read nothing */
    source *src = d.count ? docs_source(ctx, d.start) : NULL;
    if (!src)
        return true;
    *text = docs_text(ctx, d);
    source_drop_read(src, DOCS_DROP_MIN);
    /* a file that shrank since it was loaded read as zeros (mapfile.h),
     * not as its docs */
    if (!load_unchanged(ctx, src)) {
        *text = "";
        return false;
    }
    return *text != no_room;
}

const char *witan_docs_text(witan_ctx *ctx, witan_docs d)
{
    const char *t;
    docs_read(ctx, d, &t);
    return t;
}

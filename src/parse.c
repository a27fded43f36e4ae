#include "parse.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* lemon's interface (generated) */
void *wt_parseAlloc(void *(*malloc_fn)(size_t), parse_state *ps);
void wt_parse(void *parser, int major, token minor);
void wt_parseFree(void *parser, void (*free_fn)(void *));
int wt_parse_accepts(void *parser, int tok);
const char *wt_parse_expected(void *parser, bool *one_token);

void *parse_new(parse_state *ps, size_t size)
{
    void *p = arena_alloc(&ps->ctx->mem, size);
    if (p)
        return p;
    if (!ps->failed) {
        ps->ctx->oom = true;
        parse_error(ps, SPAN_NONE, "out of memory");
    }
    /* actions still write somewhere harmless; the tree is discarded */
    memset(ps->sink, 0, sizeof ps->sink);
    return ps->sink;
}

void parse_error(parse_state *ps, span sp, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    va_list ap;
    va_start(ap, fmt);
    diag_addv(&ps->ctx->diags, DIAG_ERROR, NULL, sp, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------- token buffer */

typedef struct tokbuf {
    token *items;
    size_t head, count, cap;
} tokbuf;

/* The k-th token not yet given to the parser, lexing as needed; NULL if
 * lexing fails (the error is reported). */
static token *peek(parse_state *ps, tokbuf *tb, size_t k)
{
    while (tb->count <= k) {
        if (tb->head + tb->count == tb->cap) {
            if (tb->head > 0) {
                memmove(tb->items, tb->items + tb->head, tb->count * sizeof *tb->items);
                tb->head = 0;
            } else {
                size_t cap = tb->cap ? tb->cap * 2 : 16;
                token *items = realloc(tb->items, cap * sizeof *items);
                if (!items) {
                    parse_error(ps, SPAN_NONE, "out of memory");
                    ps->ctx->oom = true;
                    return NULL;
                }
                tb->items = items;
                tb->cap = cap;
            }
        }
        token *t = &tb->items[tb->head + tb->count];
        if (!lexer_next(&ps->lx, t)) {
            ps->failed = true;
            return NULL;
        }
        tb->count++;
        if (t->kind == 0)
            break;
    }
    if (tb->count <= k) /* past end of input: repeat the eof token */
        return &tb->items[tb->head + tb->count - 1];
    return &tb->items[tb->head + k];
}

static void drop(tokbuf *tb, size_t n)
{
    if (n > tb->count)
        n = tb->count;
    tb->head += n;
    tb->count -= n;
    if (tb->count == 0)
        tb->head = 0;
}

/* -------------------------------------------------------------- versions */

static int is_vpart(int k) { return k == TK_ID || k == TK_INTEGER || k == TK_MINUS; }

/* How many tokens eat_ids (ast.rs) takes after index k: the prefix token
 * `pre` and then identifiers, integers, `-`, and `.` followed by one of
 * those. Sets *end to the end of the last token that extends the version.
 * Returns -1 when lexing fails. */
static long eat_ids(parse_state *ps, tokbuf *tb, size_t k, int pre, uint32_t *end)
{
    token *t = peek(ps, tb, k);
    if (!t)
        return -1;
    if (t->kind != pre)
        return 0;
    size_t n = 1;
    for (;;) {
        t = peek(ps, tb, k + n);
        if (!t)
            return -1;
        if (is_vpart(t->kind)) {
            *end = t->end;
            n++;
        } else if (t->kind == TK_PERIOD) {
            token *u = peek(ps, tb, k + n + 1);
            if (!u)
                return -1;
            if (!is_vpart(u->kind))
                break;
            *end = u->end;
            n += 2;
        } else {
            break;
        }
    }
    return (long)n;
}

/* The token layout of a version at index k: Integer . Integer . Integer
 * then the pre-release and build parts. Returns the number of tokens, 0
 * when the layout does not match (errors are not reported here), -1 when
 * lexing fails. */
static long version_extent(parse_state *ps, tokbuf *tb, size_t k, uint32_t *end)
{
    static const int shape[] = {TK_INTEGER, TK_PERIOD, TK_INTEGER, TK_PERIOD, TK_INTEGER};
    for (size_t i = 0; i < 5; i++) {
        token *t = peek(ps, tb, k + i);
        if (!t)
            return -1;
        if (t->kind != shape[i])
            return 0;
        *end = t->end;
    }
    long a = eat_ids(ps, tb, k + 5, TK_MINUS, end);
    if (a < 0)
        return -1;
    long b = eat_ids(ps, tb, k + 5 + (size_t)a, TK_PLUS, end);
    if (b < 0)
        return -1;
    return 5 + a + b;
}

/* Replaces the tokens of a version at the front of the buffer by one
 * VERSION token, reporting the reference's errors. Returns 0 on error. */
static int take_version(parse_state *ps, tokbuf *tb, token *out)
{
    static const int shape[] = {TK_INTEGER, TK_PERIOD, TK_INTEGER, TK_PERIOD, TK_INTEGER};
    token first;
    for (size_t i = 0; i < 5; i++) {
        token *t = peek(ps, tb, i);
        if (!t)
            return 0;
        if (i == 0)
            first = *t;
        if (t->kind != shape[i]) {
            /* parse_version's `expect`: reported on the first byte */
            span sp = {t->start, t->start + 1};
            parse_error(ps, sp, "expected %s, found %s", token_describe(shape[i]),
                        token_describe(t->kind));
            return 0;
        }
    }
    uint32_t end = 0;
    long n = version_extent(ps, tb, 0, &end);
    if (n <= 0)
        return 0;
    source *src = ps->lx.src;
    const char *text = src->text + (first.start - src->base);
    size_t len = end - first.start;
    ast_version *v = parse_new(ps, sizeof *v);
    buf err;
    buf_init(&err);
    int ok = semver_parse(text, len, &v->v, &err);
    if (!ok)
        parse_error(ps, (span){first.start, end}, "%s", err.data ? err.data : "invalid version");
    buf_free(&err);
    if (!ok)
        return 0;
    v->sp = (span){first.start, end};
    drop(tb, (size_t)n);
    *out = first;
    out->kind = TK_VERSION;
    out->end = end;
    out->val = v;
    return 1;
}

/* ------------------------------------------------------------ identifiers */

/* The common case of identifier validation without building messages. */
static int id_ok(const char *s, size_t len)
{
    if (len == 0 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return 0;
    size_t i = 0;
    while (i < len) {
        int upper = -1;
        size_t start = i;
        for (; i < len && s[i] != '-'; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9')
                continue;
            int u;
            if (c >= 'a' && c <= 'z')
                u = 0;
            else if (c >= 'A' && c <= 'Z')
                u = 1;
            else
                return 0;
            if (upper == -1)
                upper = u;
            else if (upper != u)
                return 0;
        }
        if (i == start)
            return 0;
        if (i < len) {
            i++;
            if (i == len)
                return 0;
        }
    }
    return 1;
}

/* Interns the name of an ID or EXPLICIT_ID token. `validate`: report an
 * invalid name (as the reference does when it consumes an identifier). */
static int take_id(parse_state *ps, token *t, bool validate)
{
    source *src = ps->lx.src;
    const char *s = src->text + (t->start - src->base);
    size_t len = t->end - t->start;
    if (t->kind == TK_EXPLICIT_ID) {
        s++;
        len--;
    }
    if (!id_ok(s, len)) {
        if (validate) {
            lexer_validate_id(ps->ctx, s, (uint32_t)len, t->start);
            ps->failed = true;
            return 0;
        }
    }
    t->val = (void *)ctx_intern(ps->ctx, s, len);
    if (!t->val) {
        parse_error(ps, SPAN_NONE, "out of memory");
        return 0;
    }
    return 1;
}

static int attr_kind(const istr *name)
{
    if (strcmp(name->s, "since") == 0)
        return TK_ATTR_SINCE;
    if (strcmp(name->s, "unstable") == 0)
        return TK_ATTR_UNSTABLE;
    if (strcmp(name->s, "deprecated") == 0)
        return TK_ATTR_DEPRECATED;
    if (strcmp(name->s, "external-id") == 0)
        return TK_ATTR_EXTERNAL_ID;
    return 0;
}

/* `package a:b;` (with an optional version) as the first tokens of a
 * file is the header; anything else starting with `package` is a nested
 * package. Mirrors the reference's look-ahead (PackageFile::parse). */
static int is_header(parse_state *ps, tokbuf *tb)
{
    static const int shape[] = {TK_PACKAGE, TK_ID, TK_COLON, TK_ID};
    for (size_t i = 0; i < 4; i++) {
        token *t = peek(ps, tb, i);
        if (!t)
            return -1;
        int k = t->kind == TK_EXPLICIT_ID ? TK_ID : t->kind;
        if (k != shape[i])
            return 0;
        /* the reference's look-ahead validates each name as it reads it,
         * before it reads the next token */
        if (k == TK_ID && !take_id(ps, t, true))
            return -1;
    }
    size_t k = 4;
    token *t = peek(ps, tb, k);
    if (!t)
        return -1;
    if (t->kind == TK_AT) {
        uint32_t end;
        long n = version_extent(ps, tb, k + 1, &end);
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        k += 1 + (size_t)n;
        t = peek(ps, tb, k);
        if (!t)
            return -1;
    }
    return t->kind == TK_SEMI;
}

/* ------------------------------------------------- checks at a token */

static span token_span(const token *t)
{
    /* eof is reported one past the end, one byte wide */
    return (span){t->start, t->kind ? t->end : t->start + 1};
}

/* Where the reference's `expect` reports: the first byte of the token. */
static span first_byte(const token *t) { return (span){t->start, t->start + 1}; }

/* After `@since(` / `@deprecated(` the key must be `version`, after
 * `@unstable(` it must be `feature` (eat_id in ast.rs). */
static int check_attr_key(parse_state *ps, const token *t)
{
    const char *want = NULL;
    if (ps->last_kind != TK_LPAREN)
        return 1;
    if (ps->prev_kind == TK_ATTR_SINCE || ps->prev_kind == TK_ATTR_DEPRECATED)
        want = "version";
    else if (ps->prev_kind == TK_ATTR_UNSTABLE)
        want = "feature";
    const istr *name = t->val;
    if (!want || strcmp(name->s, want) == 0)
        return 1;
    parse_error(ps, token_span(t), "expected `%s`, found `%s`", want, name->s);
    return 0;
}

/* At depth 100 the reference's Type::parse_at_depth refuses whatever token
 * it reads. Only a tuple's `>` and a result's `_` are taken before it is
 * called, so those two pass where the parser can take them. */
static int type_too_deep(parse_state *ps, void *parser, const token *t)
{
    if (ps->type_depth < 100 || !wt_parse_accepts(parser, TK_U8))
        return 0;
    if ((t->kind == TK_GT || t->kind == TK_UNDERSCORE) && wt_parse_accepts(parser, t->kind))
        return 0;
    return 1;
}

/* `(` after `->`: the reference wants a type and stops right there. The
 * legacy `-> ()` is let through (with a warning from the grammar) unless
 * strict; anything else after the `(`, even a token that fails to lex, is
 * the reference's error at the `(`. */
static int legacy_unit_ok(parse_state *ps, tokbuf *tb)
{
    if (ps->ctx->strict)
        return 0;
    size_t ndiags = ps->ctx->diags.count;
    token *next = peek(ps, tb, 0);
    if (!next) {
        diag_truncate(&ps->ctx->diags, ndiags);
        ps->failed = false;
        return 0;
    }
    return next->kind == TK_RPAREN;
}

/* What the reference checks at a token before it reads the next one.
 * Returns 0 after reporting an error. */
static int check_token(parse_state *ps, void *parser, tokbuf *tb, const token *t)
{
    if (type_too_deep(ps, parser, t)) {
        parse_error(ps, token_span(t), "type nesting too deep");
        return 0;
    }
    if (t->kind == TK_LPAREN && ps->last_kind == TK_RARROW && !legacy_unit_ok(ps, tb)) {
        parse_error(ps, token_span(t), "expected a type, found '('");
        return 0;
    }
    /* Asked before pushing: once lemon has seen the token it may have
     * reduced away the optional parts the message must name. */
    if (!wt_parse_accepts(parser, t->kind)) {
        bool one_token;
        const char *what = wt_parse_expected(parser, &one_token);
        parse_error(ps, one_token ? first_byte(t) : token_span(t), "expected %s, found %s", what,
                    token_describe(t->kind));
        return 0;
    }
    return 1;
}

/* Checks parse_nested (ast.rs) makes right after `package`. */
static void check_nested_package(parse_state *ps, const token *t, int before)
{
    /* in a declaration list only an attribute's `)` can come before it */
    if (before == TK_RPAREN)
        parse_error(ps, token_span(t), "cannot place attributes on nested packages");
    else if (ps->pkg_depth >= 100)
        parse_error(ps, token_span(t), "package nesting too deep");
    ps->pkg_depth++;
}

/* A fixed-size list length must fit a u32 (the only Integer the grammar
 * takes outside versions). */
static int take_list_size(parse_state *ps, token *t)
{
    uint64_t v = 0;
    const char *s = ps->lx.src->text + (t->start - ps->lx.src->base);
    for (uint32_t i = 0; i < t->end - t->start; i++) {
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > UINT32_MAX) {
            parse_error(ps, token_span(t),
                        "invalid list size: number too large to fit in target type");
            return 0;
        }
    }
    t->val = (void *)(uintptr_t)v;
    return 1;
}

/* The next token for the parser, completed with what the grammar cannot
 * see from one token: a whole version after `@` or `=`, the kind of an
 * attribute, the interned (and, where the reference consumes it,
 * validated) name of an identifier, the value of a list size. Returns 0
 * after reporting an error. */
static int next_token(parse_state *ps, void *parser, tokbuf *tb, token *t)
{
    if ((ps->last_kind == TK_AT || ps->last_kind == TK_EQUALS) &&
        wt_parse_accepts(parser, TK_VERSION))
        return take_version(ps, tb, t);
    token *p = peek(ps, tb, 0);
    if (!p)
        return 0;
    *t = *p;
    drop(tb, 1);
    /* hardening: a limit of witan's own (source.h), not the reference's */
    if (t->kind == TK_ID || t->kind == TK_EXPLICIT_ID) {
        uint32_t n = t->end - t->start - (t->kind == TK_EXPLICIT_ID); /* without `%` */
        if (n > WITAN_MAX_ID_LEN) {
            parse_error(ps, first_byte(t),
                        "identifier of %u bytes is longer than the limit of %u bytes", n,
                        WITAN_MAX_ID_LEN);
            return 0;
        }
    }
    if (t->kind == TK_ID || t->kind == TK_EXPLICIT_ID) {
        if (ps->last_kind == TK_AT && wt_parse_accepts(parser, TK_ATTR_SINCE)) {
            if (!take_id(ps, t, true))
                return 0;
            int k = attr_kind(t->val);
            if (!k) {
                parse_error(ps, token_span(t), "unknown attribute `%s`",
                            ((const istr *)t->val)->s);
                return 0;
            }
            t->kind = k;
            return 1;
        }
        bool consumed = wt_parse_accepts(parser, t->kind);
        return take_id(ps, t, consumed) && (!consumed || check_attr_key(ps, t));
    }
    if (t->kind == TK_INTEGER && wt_parse_accepts(parser, TK_INTEGER))
        return take_list_size(ps, t);
    return 1;
}

/* ----------------------------------------------------------------- driver */

ast_file *parse_file(witan_ctx *ctx, source *src)
{
    if (!lexer_prescan(ctx, src))
        return NULL;
    parse_state *ps = calloc(1, sizeof *ps);
    if (!ps) {
        ctx->oom = true;
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return NULL;
    }
    ps->ctx = ctx;
    lexer_init(&ps->lx, ctx, src);
    ps->kw_constructor = ctx_intern(ctx, "constructor", 11);
    ps->file = parse_new(ps, sizeof *ps->file);
    ps->file->src = src;
    tokbuf tb = {0};

    void *parser = wt_parseAlloc(malloc, ps);
    if (!parser) {
        parse_error(ps, SPAN_NONE, "out of memory");
        goto out;
    }

    {
        int h = is_header(ps, &tb);
        if (h < 0)
            goto out;
        if (h)
            tb.items[tb.head].kind = TK_PACKAGE_HEADER;
    }

    while (!ps->failed) {
        token t;
        if (!next_token(ps, parser, &tb, &t) || !check_token(ps, parser, &tb, &t))
            break;
        if (t.kind == TK_LT)
            ps->type_depth++;
        else if (t.kind == TK_GT && ps->type_depth > 0)
            ps->type_depth--;
        wt_parse(parser, t.kind, t);
        if (t.kind == TK_PACKAGE)
            check_nested_package(ps, &t, ps->last_kind);
        ps->prev_kind = ps->last_kind;
        ps->last_kind = t.kind;
        if (t.kind == 0)
            break;
    }

out:
    if (parser)
        wt_parseFree(parser, free);
    free(tb.items);
    ast_file *result = ps->failed || ctx->oom ? NULL : ps->file;
    free(ps);
    return result;
}

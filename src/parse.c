#include "parse.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "vec.h"

/* The scanner (grammar/lexer.re) and lemon's engine (grammar/parser.y) are
 * generated into build/gen and compiled here, in one unit with the loop
 * that drives them: the compiler then inlines both into that loop, where
 * two calls per token used to cost about as much as the parsing itself. */
#include "lexer.c"
#include "parser.c"

/* Memory ran out in a grammar action: reported once, and the rest of the
 * input skipped, so the token loop's next token is the end of input (the
 * loop does not test for failure after every token). The tree is
 * discarded. */
static void action_out_of_memory(parse_state *ps)
{
    if (!ps->failed) {
        ps->ctx->oom = true;
        parse_error(ps, SPAN_NONE, "out of memory");
    }
    ps->lx.cur = ps->lx.end;
}

void *parse_new_block(parse_state *ps, size_t size)
{
    /* nodes are cut from blocks the arena hands out zeroed (it does so
     * without writing them) */
    enum { BLOCK = 64 * 1024 };
    size_t want = size > BLOCK / 8 ? size : BLOCK;
    char *p = arena_alloc(&ps->ctx->mem, want);
    if (!p) {
        action_out_of_memory(ps);
        /* actions still write somewhere harmless */
        memset(ps->sink, 0, sizeof ps->sink);
        return ps->sink;
    }
    if (want > size && (size_t)(ps->end - ps->cur) < want - size) {
        ps->cur = p + size;
        ps->end = p + want;
    } else if (want == size) {
        /* A block of its own (a tuple of over a thousand types) ends the
         * current one: nodes made after it must lie after it, as the
         * resolver gives the tree back in the order it was made (a
         * declaration's nodes are one stretch of it). */
        ps->cur = ps->end = p + size;
    }
    return p;
}

ast_docs parse_docs_search(const parse_state *ps, uint32_t start)
{
    size_t lo = 0, hi = ps->nmarks;
    if (ps->marks[hi - 1].start == start)
        return ps->marks[hi - 1].docs;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ps->marks[mid].start <= start)
            lo = mid;
        else
            hi = mid;
    }
    return ps->marks[lo].start == start ? ps->marks[lo].docs : NO_DOCS;
}

/* One more slot of `size` bytes on a stack of the driver's; NULL when
 * memory runs out. */
static void *push_slot(parse_state *ps, void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        void *v = realloc(*items, ncap * size);
        if (!v) {
            action_out_of_memory(ps);
            return NULL;
        }
        *items = v;
        *cap = ncap;
    }
    return (char *)*items + (*n)++ * size;
}

ast_field *parse_push_field_grow(parse_state *ps)
{
    return push_slot(ps, (void **)&ps->fields, &ps->nfields, &ps->fields_cap, sizeof(ast_field));
}

ast_param *parse_push_param_grow(parse_state *ps)
{
    return push_slot(ps, (void **)&ps->params, &ps->nparams, &ps->params_cap, sizeof(ast_param));
}

void *parse_pop_array(parse_state *ps, void *stack, size_t *top, uint32_t start, uint32_t n,
                      size_t size, uint32_t *count)
{
    *count = 0;
    if (!n)
        return NULL;
    *top = start;
    void *a = parse_new(ps, n * size);
    if (a == (void *)ps->sink)
        return NULL; /* out of memory: the tree is discarded anyway */
    memcpy(a, (char *)stack + (size_t)start * size, n * size);
    *count = n;
    return a;
}

int parse_push_item(parse_state *ps, ast_iface_item it)
{
    ast_iface_item *slot = push_slot(ps, (void **)&ps->items, &ps->nitems, &ps->items_cap, sizeof *slot);
    if (slot)
        *slot = it;
    return slot != NULL;
}

int parse_push_type(parse_state *ps, ast_type *t)
{
    ast_type **slot = push_slot(ps, (void **)&ps->types, &ps->ntypes, &ps->types_cap, sizeof *slot);
    if (slot)
        *slot = t;
    return slot != NULL;
}

static int mark_docs(parse_state *ps, uint32_t start, ast_docs docs)
{
    if (ps->nmarks == ps->marks_cap) {
        size_t cap = ps->marks_cap ? ps->marks_cap * 2 : 256;
        doc_mark *m = realloc(ps->marks, cap * sizeof *m);
        if (!m) {
            ps->ctx->oom = true;
            parse_error(ps, SPAN_NONE, "out of memory");
            return 0;
        }
        ps->marks = m;
        ps->marks_cap = cap;
    }
    ps->marks[ps->nmarks++] = (doc_mark){start, docs};
    ps->marks_end = start + 1;
    return 1;
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

/* ----------------------------------------------------------------- names */

/* Identifiers are interned through a table of this file's names that
 * hashes and compares whole words of the source text: a name is read
 * eight bytes at a time, the last word masked, and the text ends in a
 * sentinel, so a read never leaves the buffer (intern_name checks). */
static inline uint64_t word_at(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* The first n bytes (1..8) of a word read from memory. */
static inline uint64_t head_bytes(uint64_t w, size_t n)
{
    if (n >= 8)
        return w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return w & ~(~0ULL >> (8 * n));
#else
    return w & ((1ULL << (8 * n)) - 1);
#endif
}

/* The hash of a name of at most 15 bytes, from its first eight bytes and
 * the next seven (zeros after the name). */
static inline uint32_t hash_words(uint64_t lo, uint64_t hi, size_t len)
{
    uint64_t h = (lo ^ (uint64_t)len * 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ hi) * 0xBF58476D1CE4E5B9ULL;
    return (uint32_t)(h >> 32);
}

static inline uint32_t name_hash(const char *s, size_t len)
{
    if (len <= 8)
        return hash_words(head_bytes(word_at(s), len), 0, len);
    if (len < 16)
        return hash_words(word_at(s), head_bytes(word_at(s + 8), len - 8), len);
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ULL;
    size_t i = 0;
    for (; i + 8 < len; i += 8)
        h = (h ^ word_at(s + i)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ head_bytes(word_at(s + i), len - i)) * 0xBF58476D1CE4E5B9ULL;
    return (uint32_t)(h >> 32);
}

static inline int same_name(const char *a, const char *b, size_t len)
{
    if (len > 8 && len <= 16)
        return ((word_at(a) ^ word_at(b)) | (word_at(a + len - 8) ^ word_at(b + len - 8))) == 0;
    size_t i = 0;
    for (; i + 8 < len; i += 8)
        if (word_at(a + i) != word_at(b + i))
            return 0;
    return head_bytes(word_at(a + i) ^ word_at(b + i), len - i) == 0;
}

/* The table's slot for a hash: its top bits, which every byte of the
 * name has reached through the multiplications. */
static size_t name_slot_of(const parse_state *ps, uint32_t hash)
{
    return hash >> ps->names_shift;
}

/* Rehashes the table into `cap` slots (a power of two, at least 256). */
static int resize_names(parse_state *ps, size_t cap)
{
    unsigned shift = 32;
    for (size_t c = cap; c > 1; c >>= 1)
        shift--;
    /* each probe reads a slot before it writes one: calloc's lazily
     * mapped pages would fault twice, the second time flushing the TLB
     * of the CPU the other part runs on (an interrupt, dear in a VM) */
    name_slot *slots = vec_table_alloc(cap * sizeof *slots, ps->ctx->mem.pages);
    if (!slots)
        return 0;
    for (size_t i = 0; i < ps->names_cap; i++) {
        name_slot *e = &ps->names[i];
        if (!e->name)
            continue;
        size_t j = e->hash >> shift;
        while (slots[j].name)
            j = (j + 1) & (cap - 1);
        slots[j] = *e;
    }
    vec_table_free(ps->names, ps->names_cap * sizeof *ps->names);
    ps->names = slots;
    ps->names_cap = cap;
    ps->names_shift = shift;
    return 1;
}

/* The table sized for a file of `len` bytes, by the interner's guess of
 * how many names that many bytes hold. */
static int size_names(parse_state *ps, size_t len)
{
    size_t n = interner_names_in(len), cap = 256;
    while (cap * 3 < n * 4)
        cap *= 2;
    return resize_names(ps, cap);
}

/* Interns through the load's table, which other parts of the file may
 * be adding to at the same time (parse_parts.c): only names new to this
 * part come here, so the lock is taken about once per distinct name. */
static const istr *shared_intern(parse_state *ps, const char *s, size_t len)
{
    if (!ps->lock)
        return ctx_intern(ps->ctx, s, len);
    pthread_spin_lock(ps->lock);
    const istr *r = intern_apart(&ps->names_ctx->names, s, len);
    pthread_spin_unlock(ps->lock);
    if (!r)
        ps->ctx->oom = true;
    return r;
}

/* A name not in the table yet, whose probe ended at the free slot j:
 * interned and remembered. */
static const istr *add_name(parse_state *ps, const char *s, size_t len, uint32_t hash, size_t j)
{
    const istr *name = shared_intern(ps, s, len);
    if (!name)
        return NULL;
    /* at most three quarters full */
    if ((ps->nnames + 1) * 4 > ps->names_cap * 3) {
        if (!resize_names(ps, ps->names_cap * 2))
            return name; /* not remembered, still right */
        j = name_slot_of(ps, hash);
        while (ps->names[j].name)
            j = (j + 1) & (ps->names_cap - 1);
    }
    ps->names[j] = (name_slot){hash, name};
    ps->nnames++;
    return name;
}

/* The interned name for s[0..len), a name in this file's text. NULL when
 * memory runs out. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline const istr *intern_name(parse_state *ps, const char *s, size_t len)
{
    /* near the end of the text whole words would pass the sentinel */
    if (len == 0 || (size_t)((const char *)ps->lx.end - s) < len + 6)
        return shared_intern(ps, s, len);
    uint32_t hash = name_hash(s, len);
    for (size_t j = name_slot_of(ps, hash);; j = (j + 1) & (ps->names_cap - 1)) {
        const name_slot *e = &ps->names[j];
        if (!e->name)
            return add_name(ps, s, len, hash, j);
        if (e->hash == hash && e->name->len == len &&
            same_name(e->name->s, s, len))
            return e->name;
    }
}

#if defined(__SSE2__)
/* intern_name for a name of len < 16 bytes whose bytes the lexer left in
 * `head` (zeros after them): hashed and compared as one vector (16 bytes
 * from an interned name are readable: ARENA_READ_SLACK). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline const istr *intern_head(parse_state *ps, const char *s, size_t len, __m128i head)
{
    uint32_t hash = hash_words((uint64_t)_mm_cvtsi128_si64(head),
                               (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(head, 8)), len);
    for (size_t j = name_slot_of(ps, hash);; j = (j + 1) & (ps->names_cap - 1)) {
        const name_slot *e = &ps->names[j];
        if (!e->name)
            return add_name(ps, s, len, hash, j);
        if (e->hash == hash && e->name->len == len) {
            __m128i w = _mm_loadu_si128((const __m128i *)e->name->s);
            w = _mm_and_si128(w, first_bytes((unsigned)len));
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(w, head)) == 0xFFFF)
                return e->name;
        }
    }
}
#endif

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
        if (lex(&ps->lx, t) < 0) {
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
    if (!ok && err.failed) {
        ps->ctx->oom = true;
        parse_error(ps, SPAN_NONE, "out of memory");
    } else if (!ok) {
        parse_error(ps, (span){first.start, end}, "%s", err.data ? err.data : "invalid version");
    }
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

/* Interns the name of an ID or EXPLICIT_ID token. An invalid name is
 * reported only where the reference reads a name (`parser` can take the
 * token there, or always_validate); elsewhere the syntax error comes
 * first. */
static int take_id(parse_state *ps, void *parser, token *t, bool always_validate)
{
    source *src = ps->lx.src;
    const char *s = src->text + (t->start - src->base);
    size_t len = t->end - t->start;
    if (t->explicit_id) {
        s++;
        len--;
    }
    if (!t->valid && !id_ok(s, len) && (always_validate || wt_parseAccepts(parser, t->kind))) {
        lexer_validate_id(ps->ctx, s, (uint32_t)len, t->start);
        ps->failed = true;
        return 0;
    }
    t->val = (void *)intern_name(ps, s, len);
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
        t->explicit_id = t->kind == TK_EXPLICIT_ID;
        if (k != shape[i])
            return 0;
        /* the reference's look-ahead validates each name as it reads it,
         * before it reads the next token */
        if (k == TK_ID && !take_id(ps, NULL, t, true))
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
    if (ps->type_depth < 100 || !wt_parseAccepts(parser, TK_U8))
        return 0;
    if ((t->kind == TK_GT || t->kind == TK_UNDERSCORE) && wt_parseAccepts(parser, t->kind))
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
    /* Other syntax errors are found by lemon itself: the tables are built
     * without default reductions (lemon -c), so an unexpected token is
     * refused in the state that still names what the reference expects. */
    return 1;
}

/* Checks parse_nested (ast.rs) makes right after `package`. */
static void check_nested_package(parse_state *ps, span sp, int before)
{
    /* in a declaration list only an attribute's `)` can come before it */
    if (before == TK_RPAREN)
        parse_error(ps, sp, "cannot place attributes on nested packages");
    else if (ps->pkg_depth >= 100)
        parse_error(ps, sp, "package nesting too deep");
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

/* Completes a token with what the grammar cannot see from one token: the
 * kind of an attribute, the interned (and, where the reference consumes
 * it, validated) name of an identifier, the value of a list size. Returns
 * 0 after reporting an error. */
static int complete_token(parse_state *ps, void *parser, token *t)
{
    if (t->kind == TK_ID || t->kind == TK_EXPLICIT_ID) {
        /* hardening: a limit of witan's own (source.h), not the reference's */
        uint32_t n = t->end - t->start - (t->kind == TK_EXPLICIT_ID); /* without `%` */
        if (n > WITAN_MAX_ID_LEN) {
            parse_error(ps, (span){t->start, t->start + 1},
                        "identifier of %u bytes is longer than the limit of %u bytes", n,
                        WITAN_MAX_ID_LEN);
            return 0;
        }
        /* the grammar takes both forms as ID; messages still tell them apart */
        t->explicit_id = t->kind == TK_EXPLICIT_ID;
        t->kind = TK_ID;
        if (ps->last_kind == TK_AT && wt_parseAccepts(parser, TK_ATTR_SINCE)) {
            if (!take_id(ps, parser, t, true))
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
        return take_id(ps, parser, t, false) && check_attr_key(ps, t);
    }
    if (t->kind == TK_INTEGER && wt_parseAccepts(parser, TK_INTEGER))
        return take_list_size(ps, t);
    return 1;
}

/* The next token for the parser, completed (complete_token), or a whole
 * version after `@` or `=`. Returns 0 after reporting an error. */
static int next_token(parse_state *ps, void *parser, tokbuf *tb, token *t)
{
    if ((ps->last_kind == TK_AT || ps->last_kind == TK_EQUALS) &&
        wt_parseAccepts(parser, TK_VERSION))
        return take_version(ps, tb, t);
    if (tb->count == 0) {
        /* nothing read ahead: straight from the lexer */
        if (lex(&ps->lx, t) < 0) {
            ps->failed = true;
            return 0;
        }
    } else {
        *t = tb->items[tb->head];
        drop(tb, 1);
    }
    return complete_token(ps, parser, t);
}

/* ----------------------------------------------------------------- driver */

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

static int is_attr(int kind)
{
    return kind == TK_ATTR_SINCE || kind == TK_ATTR_UNSTABLE || kind == TK_ATTR_DEPRECATED;
}

/* The parse state and the parser, in one block: the token loop reaches
 * both from one pointer. */
typedef struct parse_run {
    parse_state ps;
    union {
        unsigned char bytes[wt_parseSIZE];
        max_align_t align;
    } parser;
} parse_run;

/* The kinds of the last two tokens pushed, as the checks of the slow
 * path read them (the parser's top entries: see wt_parseMajorAt; the one
 * before the last is asked about only after `(`, where no reduction can
 * have come between the two). */
static void note_last_kinds(parse_state *ps, const void *parser)
{
    ps->last_kind = wt_parseMajorAt(parser, 0);
    ps->prev_kind = wt_parseMajorAt(parser, 1);
}

/* Whether the next token needs the driver's closer look (next_token,
 * check_token), or a check is due after the last one: a version or
 * attribute name after `@` or `=`, an attribute's key, types nested too
 * deeply, tokens already read ahead, a nested package. */
static int needs_slow_path(const parse_state *ps, const tokbuf *tb)
{
    int last = ps->last_kind;
    return tb->count || last == TK_AT || last == TK_EQUALS || last == TK_PACKAGE ||
           ps->type_depth >= 100 || (last == TK_LPAREN && is_attr(ps->prev_kind));
}

/* A mapped file's text is given back every DROP_STEP bytes as the
 * parser passes it (mapfile.h): nothing reads it again while parsing. */
#define DROP_STEP (256u * 1024)

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void drop_passed(parse_state *ps, uint32_t at)
{
    source *src = ps->lx.src;
    source_drop(src, ps->drop_at - DROP_STEP - src->base, at - src->base);
    ps->drop_at = at + DROP_STEP;
}

/* The next `}` to look at: where text is due to be given back, or the
 * one this part ends at, whichever comes first. */
static void set_watch(parse_state *ps)
{
    ps->watch_at = ps->drop_at < ps->stop_at ? ps->drop_at : ps->stop_at;
}

/* A `}` at or past watch_at: text to give back, or the end of this part
 * (then at_stop is set, and the loop looks at the parser once it has
 * pushed the `}`). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void at_watch(parse_state *ps, uint32_t start)
{
    if (start >= ps->drop_at)
        drop_passed(ps, start);
    ps->at_stop = start == ps->stop_at;
    if (start >= ps->stop_at)
        ps->stop_at = UINT32_MAX; /* reached, or passed: the cut was no token */
    set_watch(ps);
}

/* After pushing the `}` a part ends at: whether the file could end there,
 * between two of its declarations (not a nested package's); then the next
 * part starts in the same state (a nested package this `}` closes is
 * counted off in the reduction the next token makes). */
static bool stops_here(parse_state *ps, void *parser, const tokbuf *tb)
{
    ps->at_stop = false;
    ps->stopped = !tb->count && !ps->type_depth && wt_parseAccepts(parser, 0);
    return ps->stopped;
}

/* Pushes every token into the parser until the end of input or an error.
 * Most tokens take the fast path: of next_token's and check_token's
 * conditions only those on the token itself can hold, and the parser is
 * asked nothing. The tokens after which that is not so set `slow`; the
 * next iteration then looks closer (needs_slow_path). */
static void push_tokens(parse_run *run, tokbuf *tb)
{
    parse_state *ps = &run->ps;
    void *parser = &run->parser;
    bool slow = true;
    for (;;) {
        token t;
        int kind;
        if (UNLIKELY(slow)) {
            if (ps->failed)
                return;
            if (UNLIKELY(ps->at_stop) && stops_here(ps, parser, tb))
                return;
            note_last_kinds(ps, parser);
            if (ps->last_kind == TK_PACKAGE) {
                check_nested_package(ps, ps->pkg_kw, ps->pkg_before);
                if (ps->failed)
                    return;
            }
            slow = needs_slow_path(ps, tb);
        }
        if (UNLIKELY(slow)) {
            token u;    /* t itself never has its address taken */
            if (!next_token(ps, parser, tb, &u) || !check_token(ps, parser, tb, &u))
                return;
            t = u;
            kind = t.kind;
            if (kind == TK_LT) {
                ps->type_depth++;
            } else if (kind == TK_GT && ps->type_depth > 0) {
                ps->type_depth--;
            } else if (kind == TK_PACKAGE) {
                ps->pkg_kw = (span){t.start, t.end};
                ps->pkg_before = ps->last_kind;
            }
        } else {
            kind = lex(&ps->lx, &t);
            switch (kind) {
            case TK_ID:
                /* a name over the length limit goes the slow way, to its error */
                if (LIKELY(t.valid) && LIKELY(t.end - t.start <= WITAN_MAX_ID_LEN)) {
                    const char *s = (const char *)ps->lx.text + (t.start - ps->lx.base);
#if defined(__SSE2__)
                    if (LIKELY(t.valid == 2))
                        t.val = (void *)intern_head(ps, s, t.end - t.start, t.head);
                    else
#endif
                    t.val = (void *)intern_name(ps, s, t.end - t.start);
                    if (UNLIKELY(!t.val)) {
                        parse_error(ps, SPAN_NONE, "out of memory");
                        return;
                    }
                    break;
                }
                /* fall through */
            case TK_EXPLICIT_ID:
            case TK_INTEGER: {
                note_last_kinds(ps, parser);
                token u = t;
                if (!complete_token(ps, parser, &u))
                    return;
                t = u;
                kind = t.kind;
                break;
            }
            case TK_LPAREN: {
                int last = wt_parseMajorAt(parser, 0);
                if (last == TK_RARROW) {
                    /* maybe a legacy `-> ()` (check_token); it may read ahead */
                    note_last_kinds(ps, parser);
                    token u = t;
                    if (!check_token(ps, parser, tb, &u))
                        return;
                    slow = true;
                } else if (is_attr(last)) {
                    slow = true;    /* the attribute's key comes next */
                }
                break;
            }
            case TK_LT:
                if (++ps->type_depth >= 100)
                    slow = true;
                break;
            case TK_GT:
                if (ps->type_depth > 0)
                    ps->type_depth--;
                break;
            case TK_RBRACE:
                if (UNLIKELY(t.start >= ps->watch_at)) {
                    at_watch(ps, t.start);
                    slow = ps->at_stop;
                }
                break;
            case TK_AT:
            case TK_EQUALS:
                slow = true;
                break;
            case TK_PACKAGE:
                ps->pkg_kw = (span){t.start, t.end};
                ps->pkg_before = wt_parseMajorAt(parser, 0);
                slow = true;
                break;
            case -1:
                ps->failed = true;
                return;
            default:
                break;
            }
        }
        if (UNLIKELY(t.docs_count) && !mark_docs(ps, t.start, (ast_docs){t.docs_start, t.docs_count}))
            return;
        /* the parser stops at the end of input, or at an error (after
         * running out of memory the end of input comes next) */
        if (UNLIKELY(!wt_parse(parser, kind, (ptok){t.start, t.end, {.ptr = t.val}}, ps)))
            return;
    }
}

struct parse_part {
    parse_run run;
    tokbuf tb;
    part_outcome outcome;
    bool first;     /* the part at the file's start, where a header may be */
};

static part_outcome outcome_of(const parse_state *ps)
{
    if (ps->failed || ps->ctx->oom)
        return PART_FAILED;
    return ps->stopped ? PART_STOPPED : PART_DONE;
}

parse_part *parse_part_new(witan_ctx *ctx, witan_ctx *names_ctx, pthread_spinlock_t *lock,
                           source *src, uint32_t from, uint32_t stop)
{
    /* only the state is zeroed: the parser's stack (most of the block)
     * is written before it is read, and clearing it cost more than
     * parsing a small file */
    parse_part *p = malloc(sizeof *p);
    if (!p) {
        ctx->oom = true;
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return NULL;
    }
    memset(&p->run.ps, 0, sizeof p->run.ps);
    p->tb = (tokbuf){0};
    p->outcome = PART_FAILED;
    p->first = from == 0;
    parse_state *ps = &p->run.ps;
    ps->ctx = ctx;
    ps->names_ctx = names_ctx;
    ps->lock = lock;
    uint32_t to = stop < src->len ? stop : src->len;
    if (!size_names(ps, to - from)) {
        free(p);
        ctx->oom = true;
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return NULL;
    }
    lexer_init(&ps->lx, ctx, src);
    if (from)
        ps->lx.cur = ps->lx.text + from;
    ps->drop_at = src->map ? src->base + from + DROP_STEP : UINT32_MAX;
    ps->stop_at = stop < src->len ? src->base + stop : UINT32_MAX;
    set_watch(ps);
    ps->kw_constructor = shared_intern(ps, "constructor", 11);
    ps->file = parse_new(ps, sizeof *ps->file);
    ps->file->src = src;
    wt_parseInit(&p->run.parser, ps);
    return p;
}

part_outcome parse_part_run(parse_part *p)
{
    parse_state *ps = &p->run.ps;
    /* a header is read at the start of the file only; elsewhere
     * `package a:b;` is the syntax error it is there */
    if (p->first) {
        int h = is_header(ps, &p->tb);
        if (h < 0)
            return p->outcome = outcome_of(ps);
        if (h)
            p->tb.items[p->tb.head].kind = TK_PACKAGE_HEADER;
    }
    /* without it memory ran out in parse_part_new (outcome_of says so) */
    if (ps->kw_constructor)
        push_tokens(&p->run, &p->tb);
    return p->outcome = outcome_of(ps);
}

part_outcome parse_part_outcome(const parse_part *p) { return p->outcome; }

part_outcome parse_part_resume(parse_part *p)
{
    parse_state *ps = &p->run.ps;
    if (p->outcome != PART_STOPPED)
        return p->outcome;
    /* at_watch has let go of the stop already */
    ps->stopped = false;
    push_tokens(&p->run, &p->tb);
    return p->outcome = outcome_of(ps);
}

ast_file *parse_part_tree(parse_part *p)
{
    parse_state *ps = &p->run.ps;
    if (p->outcome == PART_STOPPED) {
        /* the file could end where the part stopped: ending it there
         * completes the tree (its start rule sets ps->file) */
        uint32_t at = (uint32_t)(ps->lx.cur - ps->lx.text) + ps->lx.base;
        wt_parse(&p->run.parser, 0, (ptok){at, at, {NULL}}, ps);
        p->outcome = ps->failed ? PART_FAILED : PART_DONE;
    }
    return p->outcome == PART_DONE ? ps->file : NULL;
}

void parse_part_free(parse_part *p)
{
    if (!p)
        return;
    parse_state *ps = &p->run.ps;
    wt_parseFinalize(&p->run.parser);
    free(p->tb.items);
    free(ps->marks);
    vec_table_free(ps->names, ps->names_cap * sizeof *ps->names);
    free(ps->types);
    free(ps->fields);
    free(ps->params);
    free(ps->items);
    free(p);
}

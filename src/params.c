/* witan_check_params: a JSON parameter array checked against a function's
 * signature, value by value, by the rules of jsonenc.h (the same rules
 * the manifest's schemas are written from).
 *
 * Messages follow one scheme (witan(1), PARAMETERS):
 *   PATH: expected TYPE, found VALUE[ (HINT)]
 *   PATH: missing field `F` of record R / unknown field `F` of record R
 *   PATH: expected one case of T, found VALUE (cases: ...)
 *   PATH: unknown case `C` of T (cases: ...)
 *   PATH: duplicate key `K` / duplicate flag `F`
 * where PATH is `$`, `$[0]`, `$[0].quantity`, and VALUE is a number as
 * written, a string in quotes, `true`, `null`, `an array of 3 items`,
 * `an object with 2 keys`. Every problem is reported, not just the first. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonenc.h"
#include "jsonval.h"
#include "model.h"
#include "source.h"
#include "wittext.h"

_Static_assert(WITAN_PARAMS_MAX_DEPTH == JSONVAL_MAX_DEPTH, "one nesting limit");

typedef struct checker {
    witan_ctx *ctx;
    const witan_resolve *r;
    const char *text;
    size_t len;
    VEC(witan_param_problem) out;
    bool full;              /* WITAN_PARAMS_MAX_PROBLEMS reached */
    bool oom;
    buf path;
    unsigned depth;
    /* line:column of the last problem, so that mostly increasing offsets
     * are counted once (inputs can be large) */
    size_t at_offset;
    uint32_t at_line, at_col;
} checker;

/* ------------------------------------------------------------ problems */

static void linecol(checker *ck, size_t offset, uint32_t *line, uint32_t *col)
{
    if (offset < ck->at_offset) {
        ck->at_offset = 0;
        ck->at_line = ck->at_col = 1;
    }
    for (size_t i = ck->at_offset; i < offset && i < ck->len; i++) {
        if (ck->text[i] == '\n') {
            ck->at_line++;
            ck->at_col = 1;
        } else {
            ck->at_col++;
        }
    }
    ck->at_offset = offset;
    *line = ck->at_line;
    *col = ck->at_col;
}

static const char *keep(checker *ck, const char *s, size_t n)
{
    const char *copy = arena_strndup(&ck->ctx->mem, s ? s : "", n);
    if (!copy)
        ck->oom = true;
    return copy;
}

/* A piece of a message built in b: what was built, or "" with running
 * out of memory recorded (a message cut short would mislead). */
static const char *part(checker *ck, const buf *b)
{
    if (b->failed)
        ck->oom = true;
    return b->data && !b->failed ? b->data : "";
}

/* `located`: the problem has a place in the input (line 0 otherwise). */
static void push(checker *ck, const char *path, const char *message, size_t offset,
                 bool located)
{
    witan_param_problem p;
    memset(&p, 0, sizeof p);
    p.path = path ? keep(ck, path, strlen(path)) : NULL;
    p.message = keep(ck, message, strlen(message));
    if (located) {
        p.offset = offset;
        linecol(ck, offset, &p.line, &p.column);
    }
    if (!ck->oom && !VEC_PUSH(ck->out, p))
        ck->oom = true;
}

/* A problem at the value `at` (its offset), at the current path. */
static void problem(checker *ck, const jv *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void problem(checker *ck, const jv *at, const char *fmt, ...)
{
    if (ck->full || ck->oom)
        return;
    if (ck->out.len == WITAN_PARAMS_MAX_PROBLEMS) {
        char msg[80];
        snprintf(msg, sizeof msg, "too many problems; stopped after %d",
                 WITAN_PARAMS_MAX_PROBLEMS);
        push(ck, NULL, msg, 0, false);
        ck->full = true;
        return;
    }
    buf m;
    buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    if (m.failed || ck->path.failed)
        ck->oom = true;
    else
        push(ck, ck->path.data ? ck->path.data : "$", m.data, at ? at->offset : 0, at != NULL);
    buf_free(&m);
}

/* ---------------------------------------------------------------- paths */

static size_t path_index(checker *ck, size_t i)
{
    size_t mark = ck->path.len;
    buf_printf(&ck->path, "[%zu]", i);
    return mark;
}

/* `.name` for names made of letters, digits, `-` and `_` (every WIT
 * name); a quoted key otherwise. */
static size_t path_key(checker *ck, const char *name)
{
    size_t mark = ck->path.len;
    bool plain = *name != 0;
    for (const char *p = name; *p; p++)
        plain = plain && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                          (*p >= '0' && *p <= '9') || *p == '-' || *p == '_');
    if (plain) {
        buf_printf(&ck->path, ".%s", name);
    } else {
        buf_adds(&ck->path, "[\"");
        for (const char *p = name; *p; p++) {
            if (*p == '"' || *p == '\\')
                buf_addc(&ck->path, '\\');
            buf_addc(&ck->path, *p);
        }
        buf_adds(&ck->path, "\"]");
    }
    return mark;
}

static void path_pop(checker *ck, size_t mark)
{
    if (ck->path.data && mark <= ck->path.len) {
        ck->path.len = mark;
        ck->path.data[mark] = 0;
    }
}

/* --------------------------------------------------------- descriptions */

enum { SHOW_MAX = 40 };

/* Text from JSON shown in a message: control characters escaped, cut
 * after SHOW_MAX bytes at a character boundary. */
static void show_text(buf *b, const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n && i < SHOW_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c == '\n')
            buf_adds(b, "\\n");
        else if (c == '\t')
            buf_adds(b, "\\t");
        else if (c < 0x20 || c == 0x7f)
            buf_printf(b, "\\u%04x", c);
        else
            buf_addc(b, (char)c);
    }
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
        buf_addc(b, s[i++]);
    if (i < n)
        buf_adds(b, "...");
}

/* What was found: `-1`, `"text"`, `true`, `an array of 3 items`. */
static void show_value(buf *b, const jv *v)
{
    switch (v->kind) {
    case JV_NULL: buf_adds(b, "null"); break;
    case JV_TRUE: buf_adds(b, "true"); break;
    case JV_FALSE: buf_adds(b, "false"); break;
    case JV_NUMBER:
        buf_add(b, v->text, v->len < SHOW_MAX ? v->len : SHOW_MAX);
        if (v->len > SHOW_MAX)
            buf_adds(b, "...");
        break;
    case JV_STRING:
        buf_addc(b, '"');
        show_text(b, v->text, v->len);
        buf_addc(b, '"');
        break;
    case JV_ARRAY:
        if (!v->count)
            buf_adds(b, "an empty array");
        else
            buf_printf(b, "an array of %zu item%s", v->count, v->count == 1 ? "" : "s");
        break;
    case JV_OBJECT:
        if (!v->count)
            buf_adds(b, "an empty object");
        else
            buf_printf(b, "an object with %zu key%s", v->count, v->count == 1 ? "" : "s");
        break;
    }
}

/* What was expected: `u32`, `list<product-item>`, `record product-item`,
 * `borrow<counter>`, `own<counter>`. Aliases stand for their targets. */
static void show_type(buf *b, const witan_resolve *r, witan_type t)
{
    t = enc_unalias(r, t);
    if (t.kind != WITAN_TYPE_ID) {
        wit_type(b, r, t);
        return;
    }
    const witan_typedef *td = &r->types[t.id];
    switch (td->kind) {
    case WITAN_TD_RECORD:
    case WITAN_TD_VARIANT:
    case WITAN_TD_ENUM:
    case WITAN_TD_FLAGS:
        buf_printf(b, "%s ", wit_declaration_keyword(td));
        wit_name(b, td->name);
        break;
    case WITAN_TD_RESOURCE:
    case WITAN_TD_HANDLE_OWN:
    case WITAN_TD_HANDLE_BORROW:
        buf_adds(b, td->kind == WITAN_TD_HANDLE_BORROW ? "borrow<" : "own<");
        wit_name(b, r->types[enc_resource_of(r, t.id)].name);
        buf_addc(b, '>');
        break;
    default:
        wit_type_spelled(b, r, t);
        break;
    }
}

static void show_names(buf *b, const enc_rule *e)
{
    for (uint32_t i = 0; i < e->nmembers; i++)
        buf_printf(b, "%s%s", i ? ", " : "", enc_member_name(e, i));
}

/* `PATH: expected TYPE, found VALUE (HINT)` */
static void mismatch(checker *ck, witan_type shown, const jv *v, const char *hint_fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void mismatch(checker *ck, witan_type shown, const jv *v, const char *hint_fmt, ...)
{
    buf t, f, h;
    buf_init(&t);
    buf_init(&f);
    buf_init(&h);
    show_type(&t, ck->r, shown);
    show_value(&f, v);
    if (hint_fmt) {
        va_list ap;
        va_start(ap, hint_fmt);
        buf_vprintf(&h, hint_fmt, ap);
        va_end(ap);
    }
    const char *hint = part(ck, &h);
    problem(ck, v, "expected %s, found %s%s%s%s", part(ck, &t), part(ck, &f), *hint ? " (" : "",
            hint, *hint ? ")" : "");
    buf_free(&t);
    buf_free(&f);
    buf_free(&h);
}

/* What b holds, malloc'd (b is emptied); NULL when it holds nothing,
 * or when building it ran out of memory (recorded, as part() does). */
static char *taken(checker *ck, buf *b)
{
    if (b->failed) {
        ck->oom = true;
        buf_free(b);
        return NULL;
    }
    return b->data ? buf_take(b) : NULL;
}

/* The names of e's members, malloc'd; NULL when there are none, or
 * when memory ran out (recorded). */
static char *names_of(checker *ck, const enc_rule *e)
{
    buf b;
    buf_init(&b);
    show_names(&b, e);
    return taken(ck, &b);
}

/* A key in backticks, shown like a string; NULL when memory ran out
 * (recorded). */
static char *key_text(checker *ck, const jv *m)
{
    buf b;
    buf_init(&b);
    buf_addc(&b, '`');
    show_text(&b, m->key, m->keylen);
    buf_addc(&b, '`');
    return taken(ck, &b);
}

static bool key_is(const jv *m, const char *name)
{
    size_t n = strlen(name);
    return m->keylen == n && memcmp(m->key, name, n) == 0;
}

/* ------------------------------------------------------------ objects */

/* Which members of an object are the first with their key, and which keys
 * occur more than once: sorted, so that large objects stay cheap. */
typedef struct member {
    const jv *m;
    size_t index;
} member;

typedef struct members {
    const jv **in_order;
    bool *first;        /* first member with its key */
    bool *repeated;     /* its key occurs again */
    size_t n;
} members;

static int cmp_member(const void *x, const void *y)
{
    const member *a = x, *b = y;
    size_t n = a->m->keylen < b->m->keylen ? a->m->keylen : b->m->keylen;
    int c = memcmp(a->m->key, b->m->key, n);
    if (c)
        return c;
    if (a->m->keylen != b->m->keylen)
        return a->m->keylen < b->m->keylen ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static bool members_of(checker *ck, const jv *obj, members *ms)
{
    size_t n = obj->count;
    memset(ms, 0, sizeof *ms);
    ms->n = n;
    if (!n)
        return true;
    member *sorted = malloc(n * sizeof *sorted);
    ms->in_order = malloc(n * sizeof *ms->in_order);
    ms->first = calloc(n, sizeof *ms->first);
    ms->repeated = calloc(n, sizeof *ms->repeated);
    if (!sorted || !ms->in_order || !ms->first || !ms->repeated) {
        free(sorted);
        ck->oom = true;
        return false;
    }
    size_t i = 0;
    for (const jv *m = obj->first; m; m = m->next, i++) {
        ms->in_order[i] = m;
        sorted[i] = (member){m, i};
    }
    qsort(sorted, n, sizeof *sorted, cmp_member);
    for (i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && sorted[j].m->keylen == sorted[i].m->keylen &&
               memcmp(sorted[j].m->key, sorted[i].m->key, sorted[i].m->keylen) == 0)
            j++;
        ms->first[sorted[i].index] = true;
        ms->repeated[sorted[i].index] = j - i > 1;
        i = j;
    }
    free(sorted);
    return true;
}

static void members_free(members *ms)
{
    free(ms->in_order);
    free(ms->first);
    free(ms->repeated);
}

static void report_duplicates(checker *ck, const members *ms)
{
    for (size_t i = 0; i < ms->n; i++)
        if (ms->first[i] && ms->repeated[i]) {
            char *k = key_text(ck, ms->in_order[i]);
            problem(ck, ms->in_order[i], "duplicate key %s", k ? k : "");
            free(k);
        }
}

/* -------------------------------------------------------------- values */

static void check_value(checker *ck, witan_type t, const jv *v, witan_type as);

static void check_rule(checker *ck, const enc_rule *e, witan_type t, const jv *v,
                       witan_type as);

static void check_item(checker *ck, witan_type t, const jv *v, size_t index)
{
    size_t mark = path_index(ck, index);
    check_value(ck, t, v, (witan_type){WITAN_TYPE_NONE, 0});
    path_pop(ck, mark);
}

/* The value of a record field or a case: of type t, or null without one. */
static void check_payload(checker *ck, witan_type t, const jv *v, const char *name,
                          bool is_case)
{
    size_t mark = path_key(ck, name);
    if (t.kind != WITAN_TYPE_NONE)
        check_value(ck, t, v, (witan_type){WITAN_TYPE_NONE, 0});
    else if (v->kind != JV_NULL) {
        buf f;
        buf_init(&f);
        show_value(&f, v);
        problem(ck, v, "expected null, found %s (%s `%s` has no payload)", part(ck, &f),
                is_case ? "case" : "field", name);
        buf_free(&f);
    }
    path_pop(ck, mark);
}

static void check_record(checker *ck, const enc_rule *e, const jv *v)
{
    members ms;
    if (!members_of(ck, v, &ms))
        return;
    buf rec;
    buf_init(&rec);
    show_type(&rec, ck->r, e->type);
    const char *rname = part(ck, &rec);
    for (uint32_t f = 0; f < e->nmembers; f++) {
        const char *name = enc_member_name(e, f);
        const jv *found = NULL;
        for (size_t i = 0; i < ms.n && !found; i++)
            if (ms.first[i] && key_is(ms.in_order[i], name))
                found = ms.in_order[i];
        if (found)
            check_payload(ck, enc_member_type(e, f), found, name, false);
        else
            problem(ck, v, "missing field `%s` of %s", name, rname);
    }
    for (size_t i = 0; i < ms.n; i++) {
        if (!ms.first[i])
            continue;
        bool known = false;
        for (uint32_t f = 0; f < e->nmembers && !known; f++)
            known = key_is(ms.in_order[i], enc_member_name(e, f));
        if (!known) {
            char *k = key_text(ck, ms.in_order[i]);
            problem(ck, v, "unknown field %s of %s", k ? k : "", rname);
            free(k);
        }
    }
    report_duplicates(ck, &ms);
    buf_free(&rec);
    members_free(&ms);
}

static void check_cases(checker *ck, const enc_rule *e, witan_type shown, const jv *v)
{
    members ms;
    if (!members_of(ck, v, &ms))
        return;
    char *cases = names_of(ck, e);
    buf ty;
    buf_init(&ty);
    show_type(&ty, ck->r, shown);
    size_t distinct = 0;
    for (size_t i = 0; i < ms.n; i++)
        distinct += ms.first[i];
    if (distinct != 1) {
        buf f;
        buf_init(&f);
        show_value(&f, v);
        problem(ck, v, "expected one case of %s, found %s (cases: %s)", part(ck, &ty),
                part(ck, &f), cases ? cases : "");
        buf_free(&f);
    }
    for (size_t i = 0; i < ms.n; i++) {
        if (!ms.first[i])
            continue;
        const jv *m = ms.in_order[i];
        uint32_t c = 0;
        while (c < e->nmembers && !key_is(m, enc_member_name(e, c)))
            c++;
        if (c < e->nmembers) {
            check_payload(ck, enc_member_type(e, c), m, enc_member_name(e, c), true);
        } else {
            char *k = key_text(ck, m);
            problem(ck, v, "unknown case %s of %s (cases: %s)", k ? k : "",
                    part(ck, &ty), cases ? cases : "");
            free(k);
        }
    }
    report_duplicates(ck, &ms);
    buf_free(&ty);
    free(cases);
    members_free(&ms);
}

static void check_flags(checker *ck, const enc_rule *e, witan_type shown, const jv *v)
{
    bool *seen = e->nmembers ? calloc(e->nmembers, sizeof *seen) : NULL;
    if (e->nmembers && !seen) {
        ck->oom = true;
        return;
    }
    char *names = names_of(ck, e);
    buf ty;
    buf_init(&ty);
    show_type(&ty, ck->r, shown);
    size_t i = 0;
    for (const jv *item = v->first; item && !ck->full; item = item->next, i++) {
        size_t mark = path_index(ck, i);
        uint32_t k = 0;
        if (item->kind == JV_STRING)
            while (k < e->nmembers && !(item->len == strlen(enc_member_name(e, k)) &&
                                        memcmp(item->text, enc_member_name(e, k), item->len) == 0))
                k++;
        if (item->kind != JV_STRING || k == e->nmembers) {
            buf f;
            buf_init(&f);
            show_value(&f, item);
            if (names && *names)
                problem(ck, item, "expected a flag of %s, found %s (flags: %s)",
                        part(ck, &ty), part(ck, &f), names);
            else
                problem(ck, item, "expected a flag of %s, found %s (it has no flags)",
                        part(ck, &ty), part(ck, &f));
            buf_free(&f);
        } else if (seen[k]) {
            problem(ck, item, "duplicate flag `%s`", enc_member_name(e, k));
        } else {
            seen[k] = true;
        }
        path_pop(ck, mark);
    }
    buf_free(&ty);
    free(names);
    free(seen);
}

/* An integral value written with a fraction or exponent (`1.0`, `1e3`)
 * gets a hint: JSON readers that keep integers apart, as Golem's does,
 * reject it for an integer type. */
static bool looks_integral(const jv *v)
{
    double d;
    return enc_number_value(v->text, v->len, &d) && isfinite(d) && d == floor(d);
}

static void check_rule(checker *ck, const enc_rule *e, witan_type t, const jv *v,
                       witan_type as)
{
    witan_type shown = as.kind != WITAN_TYPE_NONE ? as : t;
    switch (e->form) {
    case ENC_NOFORM:
        mismatch(ck, shown, v, "it has no JSON form");
        return;
    case ENC_BOOL:
        if (v->kind != JV_TRUE && v->kind != JV_FALSE)
            mismatch(ck, shown, v, NULL);
        return;
    case ENC_INTEGER: {
        if (v->kind != JV_NUMBER) {
            mismatch(ck, shown, v, NULL);
            return;
        }
        enc_verdict verdict = enc_check_integer(e->integer, v->text, v->len);
        if (verdict == ENC_NOT_INTEGER && looks_integral(v))
            mismatch(ck, shown, v, "an integer is written without a fraction or exponent");
        else if (verdict == ENC_IN_GAP)
            mismatch(ck, shown, v, "a surrogate, not a Unicode scalar value");
        else if (verdict == ENC_NEGATIVE_ZERO)
            mismatch(ck, shown, v, "write 0: -0 is read as a floating-point number");
        else if (verdict != ENC_VALID)
            mismatch(ck, shown, v, NULL);
        return;
    }
    case ENC_NUMBER:
        if (v->kind != JV_NUMBER || enc_check_number(e->number, v->text, v->len) != ENC_VALID)
            mismatch(ck, shown, v, NULL);
        return;
    case ENC_STRING:
        if (v->kind != JV_STRING)
            mismatch(ck, shown, v, NULL);
        return;
    case ENC_HANDLE:
        if (v->kind != JV_STRING || !enc_check_handle(v->text, v->len))
            mismatch(ck, shown, v, "a handle is written " ENC_HANDLE_SYNTAX);
        return;
    case ENC_ENUM: {
        uint32_t k = 0;
        if (v->kind == JV_STRING)
            while (k < e->nmembers && !(v->len == strlen(e->members[k].name) &&
                                        memcmp(v->text, e->members[k].name, v->len) == 0))
                k++;
        if (v->kind != JV_STRING || k == e->nmembers) {
            char *names = names_of(ck, e);
            mismatch(ck, shown, v, "cases: %s", names ? names : "");
            free(names);
        }
        return;
    }
    case ENC_FLAGS:
        if (v->kind != JV_ARRAY) {
            char *names = names_of(ck, e);
            if (names && *names)
                mismatch(ck, shown, v, "flags: %s", names);
            else
                mismatch(ck, shown, v, "it has no flags");
            free(names);
            return;
        }
        check_flags(ck, e, shown, v);
        return;
    case ENC_OPTION:
        /* null is none; anything else is the value, and a mismatch right
         * there names the option type */
        if (v->kind != JV_NULL)
            check_value(ck, e->elem, v, shown);
        return;
    case ENC_LIST: {
        if (v->kind != JV_ARRAY) {
            mismatch(ck, shown, v, NULL);
            return;
        }
        if (e->fixed && v->count != e->length)
            mismatch(ck, shown, v, NULL);
        size_t i = 0;
        for (const jv *item = v->first; item && !ck->full; item = item->next, i++)
            check_item(ck, e->elem, item, i);
        return;
    }
    case ENC_TUPLE: {
        if (v->kind != JV_ARRAY) {
            mismatch(ck, shown, v, NULL);
            return;
        }
        if (v->count != e->nitems)
            mismatch(ck, shown, v, NULL);
        size_t i = 0;
        for (const jv *item = v->first; item && i < e->nitems; item = item->next, i++)
            check_item(ck, e->items[i], item, i);
        return;
    }
    case ENC_MAP: {
        if (v->kind != JV_ARRAY) {
            mismatch(ck, shown, v, NULL);
            return;
        }
        buf ty;
        buf_init(&ty);
        show_type(&ty, ck->r, shown);
        size_t i = 0;
        for (const jv *pair = v->first; pair && !ck->full; pair = pair->next, i++) {
            size_t mark = path_index(ck, i);
            if (pair->kind != JV_ARRAY || pair->count != 2) {
                buf f;
                buf_init(&f);
                show_value(&f, pair);
                problem(ck, pair, "expected a [key, value] pair of %s, found %s",
                        part(ck, &ty), part(ck, &f));
                buf_free(&f);
            }
            if (pair->kind == JV_ARRAY && pair->first) {
                check_item(ck, e->elem, pair->first, 0);
                if (pair->first->next)
                    check_item(ck, e->value, pair->first->next, 1);
            }
            path_pop(ck, mark);
        }
        buf_free(&ty);
        return;
    }
    case ENC_RECORD:
        if (v->kind != JV_OBJECT)
            mismatch(ck, shown, v, NULL);
        else
            check_record(ck, e, v);
        return;
    case ENC_CASES:
        if (v->kind != JV_OBJECT) {
            char *names = names_of(ck, e);
            mismatch(ck, shown, v, "cases: %s", names ? names : "");
            free(names);
        } else {
            check_cases(ck, e, shown, v);
        }
        return;
    }
}

/* Values nest no deeper than the JSON (WITAN_PARAMS_MAX_DEPTH), except
 * through options, which a chain of named types can stack up without a
 * JSON level each: that is what the limit is for. */
enum { MAX_TYPE_DEPTH = 4 * WITAN_PARAMS_MAX_DEPTH };

static void check_value(checker *ck, witan_type t, const jv *v, witan_type as)
{
    if (ck->full || ck->oom)
        return;
    if (ck->depth >= MAX_TYPE_DEPTH) {
        problem(ck, v, "types nest deeper than %d levels", MAX_TYPE_DEPTH);
        return;
    }
    ck->depth++;
    enc_rule e;
    enc_rule_of(ck->r, t, &e);
    check_rule(ck, &e, t, v, as);
    ck->depth--;
}

/* ---------------------------------------------------------- parameters */

/* The name `fn` is called by in messages. */
static const char *fn_name(const witan_export *fn) { return fn->slash; }

/* A function whose signature holds a type without a JSON form cannot be
 * called with JSON at all. */
static bool check_callable(checker *ck, const witan_export *fn)
{
    const witan_function *f = fn->func;
    if (!f)
        return true;    /* a drop takes a handle */
    for (uint32_t i = 0; i <= f->nparams; i++) {
        witan_type t = i < f->nparams ? f->params[i].type : f->result;
        enc_scratch scratch = {0};
        witan_type bad = enc_find_noform(ck->r, &scratch, t);
        if (scratch.failed)
            ck->oom = true;
        enc_scratch_free(&scratch);
        if (bad.kind == WITAN_TYPE_NONE)
            continue;
        buf b, m;
        buf_init(&b);
        buf_init(&m);
        wit_type(&b, ck->r, bad);
        if (i < f->nparams)
            buf_printf(&m, "parameter `%s`", f->params[i].name);
        else
            buf_adds(&m, "its result");
        buf_printf(&b, " in %s has no JSON form", part(ck, &m));
        buf_reset(&m);
        buf_printf(&m, "`%s` cannot be called with JSON parameters: %s", fn_name(fn),
                   part(ck, &b));
        if (m.failed || b.failed)
            ck->oom = true;
        else
            push(ck, NULL, m.data, 0, false);
        buf_free(&b);
        buf_free(&m);
        return false;
    }
    return true;
}

static void check_array(checker *ck, const witan_export *fn, const jv *root)
{
    const witan_function *f = fn->func;
    uint32_t n = f ? f->nparams : 1;
    /* "an array of 2 parameters (a, b)", "no parameters" */
    if (root->kind != JV_ARRAY || root->count != n) {
        buf expect, found;
        buf_init(&expect);
        buf_init(&found);
        if (n == 0)
            buf_adds(&expect, root->kind == JV_ARRAY ? "no parameters" : "an empty array (no parameters)");
        else
            buf_printf(&expect, "%s%u parameter%s (", root->kind == JV_ARRAY ? "" : "an array of ",
                       n, n == 1 ? "" : "s");
        for (uint32_t i = 0; i < n; i++)
            buf_printf(&expect, "%s%s", i ? ", " : "", f ? f->params[i].name : "self");
        if (n)
            buf_addc(&expect, ')');
        show_value(&found, root);
        problem(ck, root, "expected %s, found %s", part(ck, &expect),
                part(ck, &found));
        buf_free(&expect);
        buf_free(&found);
    }
    if (root->kind != JV_ARRAY)
        return;
    size_t i = 0;
    for (const jv *item = root->first; item && i < n; item = item->next, i++) {
        if (f) {
            check_item(ck, f->params[i].type, item, i);
        } else {
            enc_rule e;
            enc_rule_handle(ck->r, fn->resource_id, &e);
            size_t mark = path_index(ck, i);
            check_rule(ck, &e, (witan_type){WITAN_TYPE_ID, e.resource}, item,
                       (witan_type){WITAN_TYPE_NONE, 0});
            path_pop(ck, mark);
        }
    }
}

witan_status witan_check_params(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                                const witan_export *fn, const char *json, size_t len,
                                const witan_param_problem **problems, size_t *count)
{
    *problems = NULL;
    *count = 0;
    checker ck;
    memset(&ck, 0, sizeof ck);
    ck.ctx = ctx;
    ck.r = r;
    ck.text = json;
    ck.len = len;
    ck.at_line = ck.at_col = 1;
    buf_init(&ck.path);
    buf_adds(&ck.path, "$");
    bool stdio = world < r->nworlds && witan_world_is_stdio(r, world);
    if (stdio || check_callable(&ck, fn)) {
        arena tree;
        arena_init(&tree);
        jv_error err;
        const jv *root = jsonval_read(&tree, json, len, &err);
        if (!root && err.oom) {
            ck.oom = true;
        } else if (!root) {
            uint32_t line, col;
            text_linecol(json, len, err.offset, &line, &col);
            buf m;
            buf_init(&m);
            if (err.too_deep)
                buf_printf(&m, "%s at line %u, column %u", err.message, line, col);
            else
                buf_printf(&m, "invalid JSON at line %u, column %u: %s", line, col, err.message);
            if (m.failed)
                ck.oom = true;
            else
                push(&ck, NULL, m.data, err.offset, true);
            buf_free(&m);
        } else if (!stdio) {
            /* in a stdio world any JSON goes to the program's input */
            check_array(&ck, fn, root);
        }
        arena_free(&tree);
    }
    buf_free(&ck.path);
    if (ck.oom) {
        free(ck.out.items);
        ctx->oom = true;
        return WITAN_EINTERNAL;
    }
    if (!ck.out.len)
        return WITAN_OK;
    witan_param_problem *arr = arena_alloc(&ctx->mem, ck.out.len * sizeof *arr);
    if (!arr) {
        free(ck.out.items);
        ctx->oom = true;
        return WITAN_EINTERNAL;
    }
    memcpy(arr, ck.out.items, ck.out.len * sizeof *arr);
    *problems = arr;
    *count = ck.out.len;
    free(ck.out.items);
    return WITAN_EINPUT;
}

/* Strict JSON (RFC 8259) into a small tree; see jsonval.h for why witan
 * reads parameters itself instead of through cJSON: cJSON keeps numbers
 * only as doubles, accepts `01` and `1.`, and recurses. */
#include "jsonval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "unicode.h"

typedef struct reader {
    arena *mem;
    const unsigned char *s, *p, *end;
    jv_error *err;
} reader;

/* The token at `at`, for "found ..." in messages. */
static void describe(const reader *rd, const unsigned char *at, char *out, size_t n)
{
    if (at >= rd->end) {
        snprintf(out, n, "end of input");
        return;
    }
    unsigned c = *at;
    if (c > 0x20 && c < 0x7f) {
        /* a word (`tru`, `NaN`, `undefined`) reads better whole */
        size_t k = 0;
        while (at + k < rd->end && k < 24 &&
               ((at[k] >= 'a' && at[k] <= 'z') || (at[k] >= 'A' && at[k] <= 'Z') ||
                (at[k] >= '0' && at[k] <= '9') || at[k] == '_'))
            k++;
        if (k < 2)
            k = 1;
        snprintf(out, n, "`%.*s`", (int)k, (const char *)at);
        return;
    }
    uint32_t cp;
    int len = c >= 0x80 ? uni_decode(at, rd->end, &cp) : 1;
    if (c < 0x80)
        cp = c;
    if (!len)
        snprintf(out, n, "byte 0x%02X, which is not UTF-8", c);
    else
        snprintf(out, n, "character U+%04X", (unsigned)cp);
}

static jv *fail_at(reader *rd, const unsigned char *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static jv *fail_at(reader *rd, const unsigned char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->err->message, sizeof rd->err->message, fmt, ap);
    va_end(ap);
    rd->err->offset = (size_t)(at - rd->s);
    return NULL;
}

/* "expected WHAT, found <token at p>" */
static jv *fail_expected(reader *rd, const char *what)
{
    char found[64];
    describe(rd, rd->p, found, sizeof found);
    return fail_at(rd, rd->p, "expected %s, found %s", what, found);
}

static void *alloc(reader *rd, size_t n)
{
    void *p = arena_alloc(rd->mem, n);
    if (!p)
        rd->err->oom = true;
    return p;
}

static void skip_ws(reader *rd)
{
    while (rd->p < rd->end &&
           (*rd->p == ' ' || *rd->p == '\t' || *rd->p == '\n' || *rd->p == '\r'))
        rd->p++;
}

static int is_digit(const reader *rd, const unsigned char *at)
{
    return at < rd->end && *at >= '0' && *at <= '9';
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* Four hex digits after `\u` at p (p points at the backslash). */
static int read_hex4(const unsigned char *p, const unsigned char *limit, uint32_t *out)
{
    if (limit - p < 6)
        return 0;
    uint32_t v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return 0;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *d, uint32_t cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | cp >> 6);
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12);
        d[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18);
    d[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    d[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string at p (which is at `"`): decoded into the arena. The decoded
 * text is never longer than the escaped one. */
static int read_string(reader *rd, const char **out, size_t *outlen)
{
    const unsigned char *open = rd->p;
    const unsigned char *p = open + 1, *q = p;
    while (q < rd->end && *q != '"')
        q += *q == '\\' && q + 1 < rd->end ? 2 : 1;
    if (q >= rd->end) {
        fail_at(rd, open, "unterminated string");
        return 0;
    }
    char *d = alloc(rd, (size_t)(q - p) + 1);
    if (!d)
        return 0;
    size_t n = 0;
    while (p < q) {
        unsigned c = *p;
        if (c == '\\') {
            unsigned e = p[1];
            const char *simple = strchr("\"\\/bfnrt", (int)e);
            if (e && simple) {
                static const char to[] = "\"\\/\b\f\n\r\t";
                d[n++] = to[simple - "\"\\/bfnrt"];
                p += 2;
                continue;
            }
            if (e != 'u') {
                fail_at(rd, p, "invalid escape `\\%c` in string", e > 0x20 && e < 0x7f ? (int)e : '?');
                return 0;
            }
            uint32_t cp, lo;
            if (!read_hex4(p, q, &cp)) {
                fail_at(rd, p, "invalid escape in string: `\\u` takes four hex digits");
                return 0;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF && p + 7 < q && p[6] == '\\' && p[7] == 'u' &&
                read_hex4(p + 6, q, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 12;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                /* RFC 8259 lets it through, but it is no Unicode text, so
                 * no WIT string or name can hold it */
                fail_at(rd, p, "lone surrogate `\\u%04x` in string: not a Unicode character",
                        (unsigned)cp);
                return 0;
            } else {
                p += 6;
            }
            n += put_utf8(d + n, cp);
            continue;
        }
        if (c < 0x20) {
            fail_at(rd, p, "control character U+%04X in string: write it escaped", c);
            return 0;
        }
        if (c < 0x80) {
            d[n++] = (char)c;
            p++;
            continue;
        }
        uint32_t cp;
        int k = uni_decode(p, q, &cp);
        if (!k) {
            fail_at(rd, p, "byte 0x%02X in string is not UTF-8", c);
            return 0;
        }
        memcpy(d + n, p, (size_t)k);
        n += (size_t)k;
        p += k;
    }
    d[n] = 0;
    *out = d;
    *outlen = n;
    rd->p = q + 1;
    return 1;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int read_number(reader *rd, jv *v)
{
    const unsigned char *start = rd->p, *p = start;
    if (*p == '-')
        p++;
    if (!is_digit(rd, p)) {
        rd->p = p;
        fail_expected(rd, "a digit after `-`");
        return 0;
    }
    if (*p == '0' && is_digit(rd, p + 1)) {
        fail_at(rd, start, "invalid number: leading zeros are not allowed");
        return 0;
    }
    while (is_digit(rd, p))
        p++;
    v->integer = true;
    if (p < rd->end && *p == '.') {
        p++;
        v->integer = false;
        if (!is_digit(rd, p)) {
            rd->p = p;
            fail_expected(rd, "a digit after `.`");
            return 0;
        }
        while (is_digit(rd, p))
            p++;
    }
    if (p < rd->end && (*p == 'e' || *p == 'E')) {
        p++;
        v->integer = false;
        if (p < rd->end && (*p == '+' || *p == '-'))
            p++;
        if (!is_digit(rd, p)) {
            rd->p = p;
            fail_expected(rd, "a digit in the exponent");
            return 0;
        }
        while (is_digit(rd, p))
            p++;
    }
    v->kind = JV_NUMBER;
    v->text = (const char *)start;
    v->len = (size_t)(p - start);
    rd->p = p;
    return 1;
}

static int read_literal(reader *rd, jv *v, const char *word, jv_kind kind)
{
    size_t n = strlen(word);
    if ((size_t)(rd->end - rd->p) < n || memcmp(rd->p, word, n) != 0 ||
        (rd->p + n < rd->end && ((rd->p[n] >= 'a' && rd->p[n] <= 'z') ||
                                 (rd->p[n] >= 'A' && rd->p[n] <= 'Z')))) {
        fail_expected(rd, "a JSON value");
        return 0;
    }
    v->kind = kind;
    rd->p += n;
    return 1;
}

/* An object key and its `:` (p at the key). */
static int read_key(reader *rd, const char **key, size_t *keylen, const char *what)
{
    if (rd->p >= rd->end || *rd->p != '"') {
        fail_expected(rd, what);
        return 0;
    }
    if (!read_string(rd, key, keylen))
        return 0;
    skip_ws(rd);
    if (rd->p >= rd->end || *rd->p != ':') {
        fail_expected(rd, "`:`");
        return 0;
    }
    rd->p++;
    return 1;
}

typedef struct frame {
    jv *node;
    jv **tail;      /* where the next child goes */
} frame;

jv *jsonval_read(arena *mem, const char *text, size_t len, jv_error *err)
{
    memset(err, 0, sizeof *err);
    reader rd = {mem, (const unsigned char *)text, (const unsigned char *)text,
                 (const unsigned char *)text + len, err};
    frame *stack = alloc(&rd, sizeof *stack * JSONVAL_MAX_DEPTH);
    if (!stack)
        return NULL;
    size_t depth = 0;
    jv *root = NULL;
    const char *key = NULL;
    size_t keylen = 0;
    for (;;) {
        /* a value is expected here */
        skip_ws(&rd);
        jv *v = alloc(&rd, sizeof *v);
        if (!v)
            return NULL;
        v->offset = (size_t)(rd.p - rd.s);
        v->key = key;
        v->keylen = keylen;
        key = NULL;
        int ok = 1;
        unsigned c = rd.p < rd.end ? *rd.p : 0;
        if (c == '{' || c == '[') {
            v->kind = c == '{' ? JV_OBJECT : JV_ARRAY;
        } else if (c == '"') {
            v->kind = JV_STRING;
            ok = read_string(&rd, &v->text, &v->len);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            ok = read_number(&rd, v);
        } else if (c == 't') {
            ok = read_literal(&rd, v, "true", JV_TRUE);
        } else if (c == 'f') {
            ok = read_literal(&rd, v, "false", JV_FALSE);
        } else if (c == 'n') {
            ok = read_literal(&rd, v, "null", JV_NULL);
        } else {
            fail_expected(&rd, "a JSON value");
            ok = 0;
        }
        if (!ok)
            return NULL;
        if (depth) {
            frame *top = &stack[depth - 1];
            *top->tail = v;
            top->tail = &v->next;
            top->node->count++;
        } else {
            root = v;
        }
        if (v->kind == JV_OBJECT || v->kind == JV_ARRAY) {
            if (depth == JSONVAL_MAX_DEPTH) {
                err->too_deep = true;
                return fail_at(&rd, rd.p, "JSON nests deeper than %d levels", JSONVAL_MAX_DEPTH);
            }
            rd.p++;
            stack[depth++] = (frame){v, &v->first};
            skip_ws(&rd);
            char close = v->kind == JV_OBJECT ? '}' : ']';
            if (rd.p < rd.end && *rd.p == close) {
                rd.p++;
                depth--;
            } else {
                if (v->kind == JV_OBJECT &&
                    !read_key(&rd, &key, &keylen, "an object key (a string) or `}`"))
                    return NULL;
                continue;
            }
        }
        /* after a value: a separator, the end of containers, or the end */
        for (;;) {
            skip_ws(&rd);
            if (!depth) {
                if (rd.p < rd.end)
                    return fail_expected(&rd, "the end of the input after the JSON value");
                return root;
            }
            jv *top = stack[depth - 1].node;
            bool obj = top->kind == JV_OBJECT;
            if (rd.p < rd.end && *rd.p == ',') {
                rd.p++;
                if (obj) {
                    skip_ws(&rd);
                    if (!read_key(&rd, &key, &keylen, "an object key (a string)"))
                        return NULL;
                }
                break;
            }
            if (rd.p < rd.end && *rd.p == (obj ? '}' : ']')) {
                rd.p++;
                depth--;
                continue;
            }
            return fail_expected(&rd, obj ? "`,` or `}`" : "`,` or `]`");
        }
    }
}

/* WIT lexer. re2c turns this into build/gen/lexer.c.
 *
 * Token rules follow wit-parser's lexer (WIT-LANGUAGE §2): keywords are
 * whole keylike runs, `-` never starts an identifier, `%` escapes a keylike
 * run, comments nest, CRLF counts as one newline. ASCII is matched by the
 * DFA; the rare non-ASCII identifier characters go through the XID tables. */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lexer.h"
#include "parser.h"
#include "unicode.h"

static int is_keylike_start(uint32_t c)
{
    return c == '_' || c == '-' || (c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                                             : uni_is_xid_start(c));
}

static int is_keylike_continue(uint32_t c)
{
    if (c < 0x80)
        return c == '-' || c == '_' || (c >= '0' && c <= '9') ||
               ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return uni_is_xid_continue(c);
}

static uint32_t off(const lexer *lx, const unsigned char *p)
{
    return lx->base + (uint32_t)(p - lx->text);
}

uint32_t lexer_eof(const lexer *lx) { return off(lx, lx->end); }

/* Reports `message 'c'` for the character at p. */
static int char_error(lexer *lx, const unsigned char *p, const char *message)
{
    uint32_t c = *p;
    if (c >= 0x80 && !uni_decode(p, lx->end, &c))
        c = 0xFFFD;
    buf b;
    buf_init(&b);
    buf_adds(&b, message);
    uni_char_debug(&b, c);
    uint32_t at = off(lx, p);
    ctx_error(lx->ctx, (span){at, at + 1}, "%s", b.data ? b.data : "");
    buf_free(&b);
    return 0;
}

/* How many of the bytes of w, in memory order, are zero (w != 0). */
static size_t leading_zero_bytes(uint64_t w)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(w) / 8;
#else
    unsigned char b[8];
    size_t n = 0;
    memcpy(b, &w, 8);
    while (!b[n])
        n++;
    return n;
#endif
}

/* Non-zero for a byte that may go on after a keyword's letters, making
 * a longer name: 1 an ASCII keylike character, 2 any byte from 0x80 up
 * (keyword_more decides what the character is). Readers test only for
 * non-zero. */
static const unsigned char keylike_next[256] = {
    ['-'] = 1, ['_'] = 1,
    ['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['A'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['a'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x80] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

#if defined(__SSE2__)
/* 0xFF in the first n bytes (n <= 16), zero in the others: sixteen
 * bytes of this from 16 - n. */
static const unsigned char first_ones[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

static inline __m128i first_bytes(unsigned n)
{
    return _mm_loadu_si128((const __m128i *)(first_ones + 16 - n));
}

/* The bytes of v that lie in [lo, lo + n), as 0xFF. */
static inline __m128i bytes_in(__m128i v, int lo, int n)
{
    __m128i x = _mm_add_epi8(v, _mm_set1_epi8((char)(-128 - lo)));
    return _mm_cmplt_epi8(x, _mm_set1_epi8((char)(-128 + n)));
}
#endif

/* Consumes keylike-continue characters (ASCII and non-ASCII). Returns 1 if
 * any non-ASCII character was taken. */
static int keylike_run(lexer *lx)
{
    int wide = 0;
    for (;;) {
        uint32_t c = *lx->cur;
        int n = 1;
        if (c >= 0x80) {
            n = uni_decode(lx->cur, lx->end, &c);
            if (!n)
                return wide;
        }
        if (!is_keylike_continue(c))
            return wide;
        wide |= c >= 0x80;
        lx->cur += n;
    }
}

/* A comment joins the docs of the next token: only where the first
 * starts and how many there are is kept (ast_docs). */
static inline void add_comment(lexer *lx, const unsigned char *s, token *t)
{
    if (t->docs_count == 0)
        t->docs_start = off(lx, s);
    t->docs_count++;
}

/* The reference decodes strings char by char and reports positions
 * relative to the file; we report them in the file as well. */
static int string_error(lexer *lx, const unsigned char *p, const char *fmt, uint32_t c, int quote)
{
    buf b;
    buf_init(&b);
    buf_adds(&b, fmt);
    if (quote)
        uni_char_debug(&b, c);
    uint32_t at = off(lx, p);
    ctx_error(lx->ctx, (span){at, at + 1}, "%s", b.data ? b.data : "");
    buf_free(&b);
    return 0;
}

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    return -1;
}

/* Reads one character (CRLF folded) for the string scanner. */
static int string_char(lexer *lx, const unsigned char **pos, uint32_t *c)
{
    *pos = lx->cur;
    if (lx->cur >= lx->end) {
        uint32_t at = lexer_eof(lx);
        ctx_error(lx->ctx, (span){at, at + 1}, "unexpected end of file");
        return 0;
    }
    int n = uni_decode(lx->cur, lx->end, c);
    if (!n) {
        *c = 0xFFFD;
        n = 1;
    }
    if (*c == '\r' && lx->cur + 1 < lx->end && lx->cur[1] == '\n') {
        *c = '\n';
        n = 2;
    }
    lx->cur += n;
    return 1;
}

/* Rust's Utf8Error display for decoded string bytes. */
static void utf8_error_text(buf *b, const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!need) {
            buf_printf(b, "invalid utf-8 sequence of 1 bytes from index %zu", i);
            return;
        }
        size_t got = 1;
        for (; got < need; got++) {
            if (i + got >= len) {
                buf_printf(b, "incomplete utf-8 byte sequence from index %zu", i);
                return;
            }
            unsigned d = s[i + got];
            int ok;
            if (got == 1 && need == 3)
                ok = c == 0xE0 ? (d >= 0xA0 && d <= 0xBF) : c == 0xED ? (d >= 0x80 && d <= 0x9F)
                                                          : (d >= 0x80 && d <= 0xBF);
            else if (got == 1 && need == 4)
                ok = c == 0xF0 ? (d >= 0x90 && d <= 0xBF) : c == 0xF4 ? (d >= 0x80 && d <= 0x8F)
                                                          : (d >= 0x80 && d <= 0xBF);
            else
                ok = (d & 0xC0) == 0x80;
            if (!ok) {
                buf_printf(b, "invalid utf-8 sequence of %zu bytes from index %zu", got, i);
                return;
            }
        }
        i += need;
    }
}

/* Scans a string literal whose opening quote, at offset `start`, is at
 * lx->cur[-1]; *val is its text (see below). */
static int lex_string(lexer *lx, uint32_t start, void **val)
{
    buf out;
    buf_init(&out);
    const unsigned char *pos;
    uint32_t c;
    int ok = 0;
    for (;;) {
        if (!string_char(lx, &pos, &c))
            goto done;
        if (c == '"')
            break;
        if (c == '\\') {
            if (!string_char(lx, &pos, &c))
                goto done;
            switch (c) {
            case '"': buf_addc(&out, '"'); continue;
            case '\'': buf_addc(&out, '\''); continue;
            case 't': buf_addc(&out, '\t'); continue;
            case 'n': buf_addc(&out, '\n'); continue;
            case 'r': buf_addc(&out, '\r'); continue;
            case '\\': buf_addc(&out, '\\'); continue;
            case 'u': {
                const unsigned char *upos = pos, *p2;
                uint32_t d;
                if (!string_char(lx, &p2, &d))
                    goto done;
                if (d != '{') {
                    string_error(lx, p2, "expected character ", '{', 1);
                    goto done;
                }
                if (!string_char(lx, &p2, &d))
                    goto done;
                if (hexval(d) < 0) {
                    string_error(lx, p2, "invalid hex digit ", d, 1);
                    goto done;
                }
                const unsigned char *first = p2;
                uint64_t v = (uint64_t)hexval(d);
                int last_underscore = 0;
                for (;;) {
                    if (*lx->cur == '_') {
                        lx->cur++;
                        last_underscore = 1;
                        continue;
                    }
                    if (lx->cur >= lx->end) {
                        uint32_t at = lexer_eof(lx);
                        ctx_error(lx->ctx, (span){at, at + 1}, "unexpected end of file");
                        goto done;
                    }
                    if (hexval(*lx->cur) < 0)
                        break;
                    last_underscore = 0;
                    v = v * 16 + (uint64_t)hexval(*lx->cur);
                    if (v > UINT32_MAX) {
                        string_error(lx, lx->cur, "number is too big to fit in a u32", 0, 0);
                        goto done;
                    }
                    lx->cur++;
                }
                if (last_underscore) {
                    string_error(lx, first, "trailing underscore in number", 0, 0);
                    goto done;
                }
                if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                    buf m;
                    buf_init(&m);
                    buf_printf(&m, "invalid unicode value 0x%llx", (unsigned long long)v);
                    uint32_t at = off(lx, upos);
                    ctx_error(lx->ctx, (span){at, at + 1}, "%s", m.data ? m.data : "");
                    buf_free(&m);
                    goto done;
                }
                unsigned char enc[4];
                int n = 0;
                uint32_t cp = (uint32_t)v;
                if (cp < 0x80) {
                    enc[n++] = (unsigned char)cp;
                } else if (cp < 0x800) {
                    enc[n++] = (unsigned char)(0xC0 | (cp >> 6));
                    enc[n++] = (unsigned char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    enc[n++] = (unsigned char)(0xE0 | (cp >> 12));
                    enc[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[n++] = (unsigned char)(0x80 | (cp & 0x3F));
                } else {
                    enc[n++] = (unsigned char)(0xF0 | (cp >> 18));
                    enc[n++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
                    enc[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[n++] = (unsigned char)(0x80 | (cp & 0x3F));
                }
                buf_add(&out, enc, (size_t)n);
                if (!string_char(lx, &p2, &d))
                    goto done;
                if (d != '}') {
                    string_error(lx, p2, "expected character ", '}', 1);
                    goto done;
                }
                continue;
            }
            default:
                if (hexval(c) >= 0) {
                    uint32_t d;
                    const unsigned char *p2;
                    if (!string_char(lx, &p2, &d))
                        goto done;
                    if (hexval(d) < 0) {
                        string_error(lx, p2, "invalid hex digit ", d, 1);
                        goto done;
                    }
                    buf_addc(&out, (char)(hexval(c) * 16 + hexval(d)));
                    continue;
                }
                string_error(lx, pos, "invalid string escape ", c, 1);
                goto done;
            }
        }
        if (c < 0x20 || c == 0x7F) {
            string_error(lx, pos, "invalid string character ", c, 1);
            goto done;
        }
        /* copy the raw bytes of this character */
        buf_add(&out, pos, (size_t)(lx->cur - pos));
    }
    if (out.len && uni_utf8_check((const unsigned char *)out.data, out.len) != out.len) {
        buf m;
        buf_init(&m);
        buf_adds(&m, "invalid UTF-8: ");
        utf8_error_text(&m, (const unsigned char *)out.data, out.len);
        /* the reference reports this one at the opening quote */
        uint32_t at = start;
        ctx_error(lx->ctx, (span){at, at + 1}, "%s", m.data ? m.data : "");
        buf_free(&m);
        goto done;
    }
    {
        char *s = ctx_alloc(lx->ctx, out.len + sizeof(uint32_t) + 1);
        if (s) {
            uint32_t n = (uint32_t)out.len;
            memcpy(s, &n, sizeof n);
            if (out.len)
                memcpy(s + sizeof n, out.data, out.len);
            s[sizeof n + out.len] = 0;
        }
        *val = s; /* length-prefixed, then NUL-terminated text */
    }
    ok = 1;
done:
    buf_free(&out);
    return ok;
}

/* Block comments nest; the scan mirrors the reference's char loop. */
static int block_comment(lexer *lx, const unsigned char *start)
{
    int depth = 1;
    while (depth > 0) {
        if (lx->cur >= lx->end) {
            uint32_t at = off(lx, start);
            ctx_error(lx->ctx, (span){at, at + 1}, "unterminated block comment");
            return 0;
        }
        unsigned char c = *lx->cur++;
        if (c == '/' && *lx->cur == '*') {
            lx->cur++;
            depth++;
        } else if (c == '*' && *lx->cur == '/') {
            lx->cur++;
            depth--;
        }
    }
    return 1;
}

void lexer_init(lexer *lx, witan_ctx *ctx, source *src)
{
    lx->ctx = ctx;
    lx->src = src;
    lx->text = (const unsigned char *)src->text;
    lx->cur = lx->text;
    lx->end = lx->text + src->len;
    lx->base = src->base;
    lx->delta = src->base - (uint32_t)(uintptr_t)lx->text;
    /* one byte-order mark at the very start is skipped */
    if (src->len >= 3 && lx->cur[0] == 0xEF && lx->cur[1] == 0xBB && lx->cur[2] == 0xBF)
        lx->cur += 3;
}

/* The scanner itself; parse.c, which includes this file, inlines it into
 * its token loop. Returns the token's kind (0 at the end), -1 after
 * reporting a lexical error. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int lex(lexer *lx, token *t)
{
    /* the cursor lives in a register; helpers get it through lx->cur */
    const unsigned char *cur = lx->cur, *mar = NULL, *s;
    int kind;
    /* read once: the stores into *t below could alias it */
    const uint32_t delta = lx->delta;
    t->docs_start = 0;
    t->docs_count = 0;
    t->val = NULL;
    t->valid = 0;
    t->explicit_id = 0;
loop:
    s = cur;
#define TOK(k) do { kind = (k); goto done; } while (0)
    /* A keyword is only a keyword when the keylike run ends where its
     * letters end; more letters (ASCII, or non-ASCII ones that are
     * keylike) make it a name. */
#define KW(k) do { kind = (k); if (keylike_next[*cur]) goto keyword_more; goto done; } while (0)
    /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = cur;
        re2c:define:YYMARKER = mar;
        re2c:yyfill:enable = 0;

        [ \t]+              { goto loop; }
        "\n" | "\r\n"       { goto indent; }

        "//" {
            /* the text holds no NUL before its end (lexer_prescan) */
            const unsigned char *nl = memchr(cur, '\n', (size_t)(lx->end - cur));
            cur = nl ? nl + 1 : lx->end;
            add_comment(lx, s, t);
            goto loop;
        }
        "/*"                {
            lx->cur = cur;
            if (!block_comment(lx, s))
                return -1;
            cur = lx->cur;
            add_comment(lx, s, t);
            goto loop;
        }

        "="     { TOK(TK_EQUALS); }
        ","     { TOK(TK_COMMA); }
        ":"     { TOK(TK_COLON); }
        "."     { TOK(TK_PERIOD); }
        ";"     { TOK(TK_SEMI); }
        "("     { TOK(TK_LPAREN); }
        ")"     { TOK(TK_RPAREN); }
        "{"     { TOK(TK_LBRACE); }
        "}"     { TOK(TK_RBRACE); }
        "<"     { TOK(TK_LT); }
        ">"     { TOK(TK_GT); }
        "->"    { TOK(TK_RARROW); }
        "*"     { TOK(TK_STAR); }
        "@"     { TOK(TK_AT); }
        "/"     { TOK(TK_SLASH); }
        "+"     { TOK(TK_PLUS); }
        "-"     { TOK(TK_MINUS); }
        "\""    {
            kind = TK_STRING;
            lx->cur = cur;
            void *val;  /* not t->val: t stays out of memory */
            if (!lex_string(lx, off(lx, s), &val))
                return -1;
            t->val = val;
            cur = lx->cur;
            goto done;
        }
        "%"     {
            uint32_t c = *cur;
            int n = 1;
            if (c >= 0x80)
                n = uni_decode(cur, lx->end, &c);
            if (n && is_keylike_start(c)) {
                lx->cur = cur + n;
                keylike_run(lx);
                cur = lx->cur;
            }
            TOK(TK_EXPLICIT_ID);
        }
        [0-9]+  { TOK(TK_INTEGER); }

        "use"           { KW(TK_USE); }
        "type"          { KW(TK_TYPE); }
        "func"          { KW(TK_FUNC); }
        "u8"            { KW(TK_U8); }
        "u16"           { KW(TK_U16); }
        "u32"           { KW(TK_U32); }
        "u64"           { KW(TK_U64); }
        "s8"            { KW(TK_S8); }
        "s16"           { KW(TK_S16); }
        "s32"           { KW(TK_S32); }
        "s64"           { KW(TK_S64); }
        "f32"           { KW(TK_F32); }
        "f64"           { KW(TK_F64); }
        "char"          { KW(TK_CHAR); }
        "resource"      { KW(TK_RESOURCE); }
        "own"           { KW(TK_OWN); }
        "borrow"        { KW(TK_BORROW); }
        "record"        { KW(TK_RECORD); }
        "flags"         { KW(TK_FLAGS); }
        "variant"       { KW(TK_VARIANT); }
        "enum"          { KW(TK_ENUM); }
        "bool"          { KW(TK_BOOL); }
        "string"        { KW(TK_STRING_KW); }
        "option"        { KW(TK_OPTION); }
        "result"        { KW(TK_RESULT); }
        "future"        { KW(TK_FUTURE); }
        "stream"        { KW(TK_STREAM); }
        "error-context" { KW(TK_ERROR_CONTEXT); }
        "list"          { KW(TK_LIST); }
        "map"           { KW(TK_MAP); }
        "_"             { KW(TK_UNDERSCORE); }
        "as"            { KW(TK_AS); }
        "from"          { KW(TK_FROM); }
        "static"        { KW(TK_STATIC); }
        "interface"     { KW(TK_INTERFACE); }
        "tuple"         { KW(TK_TUPLE); }
        "world"         { KW(TK_WORLD); }
        "import"        { KW(TK_IMPORT); }
        "export"        { KW(TK_EXPORT); }
        "package"       { KW(TK_PACKAGE); }
        "constructor"   { KW(TK_CONSTRUCTOR); }
        "include"       { KW(TK_INCLUDE); }
        "with"          { KW(TK_WITH); }
        "async"         { KW(TK_ASYNC); }

        /* names: the rest of the run is read by `word` below; valid
         * kebab-case (WIT-LANGUAGE §2.5) leaves the driver nothing to check */
        first_part = [a-z][a-z0-9]* | [A-Z][A-Z0-9]*;
        other_part = [0-9]* ([a-z][a-z0-9]* | [A-Z][A-Z0-9]*) | [0-9]+;
        kebab = first_part ("-" other_part)*;
        "%" kebab                { t->valid = 1; kind = TK_EXPLICIT_ID; goto name; }
        [a-zA-Z_]                { goto word; }

        [\x00]  {
            if (s == lx->end) {
                lx->cur = s;
                t->kind = 0;
                t->start = t->end = off(lx, s);
                return 0;
            }
            { char_error(lx, s, "unexpected character "); return -1; }
        }
        [\x80-\xff] {
            uint32_t c;
            int n = uni_decode(s, lx->end, &c);
            if (n && is_keylike_start(c)) {
                lx->cur = s + n;
                keylike_run(lx);
                cur = lx->cur;
                TOK(TK_ID);
            }
            { char_error(lx, s, "unexpected character "); return -1; }
        }
        *       { { char_error(lx, s, "unexpected character "); return -1; } }
    */

indent:
    /* the spaces after a newline go eight at a time (the text ends in a
     * sentinel, so a word from cur is readable while cur + 8 <= end + 1) */
    while (lx->end - cur >= 7) {
        uint64_t w;
        memcpy(&w, cur, 8);
        w ^= 0x2020202020202020ULL;
        if (w) {
            cur += leading_zero_bytes(w);
            break;
        }
        cur += 8;
    }
    goto loop;
keyword_more:
    if (*cur < 0x80)
        goto word;
    lx->cur = cur;
    if (keylike_run(lx))
        kind = TK_ID;
    cur = lx->cur;
    goto done;
word:
    /* A name from s, which is [a-zA-Z_]. The common kind, lower-case
     * letters, digits and `-`, is read sixteen bytes at a time (the text
     * ends in a sentinel: 16 bytes from p are readable while p + 15 <=
     * end); it is valid kebab-case when it has no `--` and no `-` at its
     * end. A valid name shorter than 16 bytes is also left in t->head for
     * the driver to hash. */
#if defined(__SSE2__)
    if (lx->end - s >= 15) {
        __m128i v = _mm_loadu_si128((const __m128i *)s);
        __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
        unsigned run = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(bytes_in(v, 'a', 26), bytes_in(v, '0', 10)), dash));
        unsigned n = (unsigned)__builtin_ctz(~run);     /* bit 16 is set */
        if (n < 16) {
            /* n == 0 only when s[0] is no longer what the scanner saw: a
             * mapped file (mapfile.h) that another program is rewriting */
            if (keylike_next[s[n]] || n == 0)
                goto word_bytes;    /* upper case, `_` or non-ASCII */
            unsigned d = (unsigned)_mm_movemask_epi8(dash);
            cur = s + n;
            kind = TK_ID;
            /* no `--`, no `-` at the end (s[0] is no `-`) */
            if (!(d & (d << 1 | 1u << (n - 1)) & ((1u << n) - 1))) {
                t->valid = 2;
                t->head = _mm_and_si128(v, first_bytes(n));
            }
            goto done;
        }
        /* sixteen bytes and more */
        const unsigned char *p = s + 16;
        unsigned d = (unsigned)_mm_movemask_epi8(dash);
        unsigned dashes = d & d << 1, prev_dash = d >> 15;
        while (lx->end - p >= 15) {
            v = _mm_loadu_si128((const __m128i *)p);
            dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
            run = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(bytes_in(v, 'a', 26), bytes_in(v, '0', 10)), dash));
            n = (unsigned)__builtin_ctz(~run);
            d = (unsigned)_mm_movemask_epi8(dash) & ((1u << n) - 1);
            dashes |= d & (d << 1 | prev_dash);
            if (n < 16) {
                p += n;
                if (keylike_next[*p])
                    break;
                cur = p;
                kind = TK_ID;
                t->valid = !dashes && p[-1] != '-';
                goto done;
            }
            prev_dash = d >> 15;
            p += 16;
        }
    }
word_bytes:
#endif
    /* the rest byte by byte, and the driver validates */
    lx->cur = s;
    keylike_run(lx);
    cur = lx->cur;
    kind = TK_ID;
    goto done;
name:
    /* non-ASCII letters may continue a name; then it is not valid kebab-case */
    if (*cur >= 0x80) {
        lx->cur = cur;
        if (keylike_run(lx))
            t->valid = 0;
        cur = lx->cur;
    }
done:
    lx->cur = cur;
    t->kind = kind;
    t->start = (uint32_t)(uintptr_t)s + delta;
    t->end = (uint32_t)(uintptr_t)cur + delta;
    return kind;
#undef KW
#undef TOK
}

int lexer_next(lexer *lx, token *t) { return lex(lx, t) >= 0; }

int lexer_prescan(witan_ctx *ctx, source *src)
{
    if (!src->scanned) {
        /* sources that did not come through load_file (tests, lint overlays) */
        uni_scan((const unsigned char *)src->text, src->len, &src->bad_at, &src->bad_cp);
        src->scanned = true;
    }
    if (src->bad_at == UINT32_MAX)
        return 1;
    uint32_t at = src->base + src->bad_at, cp = src->bad_cp;
    span sp = {at, at + 1};
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        ctx_error(ctx, sp, "Control code '\\u{%x}'", (unsigned)cp);
    else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        /* The reference prints a toolchain-dependent Debug string in these
         * two; we print the one rustc 1.95 gives. */
        ctx_error(ctx, sp,
                  "Input contains bidirectional override codepoint EscapeUnicode(EscapeIterInner('\\u{%x}'))",
                  (unsigned)cp);
    else
        ctx_error(ctx, sp,
                  "Codepoint EscapeUnicode(EscapeIterInner('\\u{%x}')) is discouraged by Unicode",
                  (unsigned)cp);
    return 0;
}

int lexer_validate_id(witan_ctx *ctx, const char *s, uint32_t len, uint32_t at)
{
    span sp = {at, at + 1};
    if (len == 0) {
        ctx_error(ctx, sp, "identifiers must have characters between '-'s");
        return 0;
    }
    const char *end = s + len, *p = s;
    int first_part = 1;
    for (;;) {
        const char *q = p;
        while (q < end && *q != '-')
            q++;
        if (q == p) {
            ctx_error(ctx, sp, "identifiers must have characters between '-'s");
            return 0;
        }
        uint32_t c;
        int n = uni_decode((const unsigned char *)p, (const unsigned char *)end, &c);
        if (!n)
            c = (unsigned char)*p;
        if (first_part && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            buf b;
            buf_init(&b);
            buf_adds(&b, "invalid character in identifier ");
            uni_char_debug(&b, c);
            ctx_error(ctx, sp, "%s", b.data ? b.data : "");
            buf_free(&b);
            return 0;
        }
        int upper = -1;
        for (const char *r = p; r < q;) {
            uint32_t ch;
            int m = uni_decode((const unsigned char *)r, (const unsigned char *)end, &ch);
            if (!m) {
                ch = (unsigned char)*r;
                m = 1;
            }
            int bad = 0;
            if (ch >= '0' && ch <= '9') {
            } else if (ch >= 'A' && ch <= 'Z') {
                if (upper == -1)
                    upper = 1;
                else if (upper == 0)
                    bad = 1;
            } else if (ch >= 'a' && ch <= 'z') {
                if (upper == -1)
                    upper = 0;
                else if (upper == 1)
                    bad = 1;
            } else {
                bad = 1;
            }
            if (bad) {
                buf b;
                buf_init(&b);
                buf_adds(&b, "invalid character in identifier ");
                uni_char_debug(&b, ch);
                ctx_error(ctx, sp, "%s", b.data ? b.data : "");
                buf_free(&b);
                return 0;
            }
            r += m;
        }
        first_part = 0;
        if (q == end)
            return 1;
        p = q + 1;
        if (p == end) {
            ctx_error(ctx, sp, "identifiers must have characters between '-'s");
            return 0;
        }
    }
}

const char *token_describe(int kind)
{
    switch (kind) {
    case 0: return "eof";
    case TK_EQUALS: return "'='";
    case TK_COMMA: return "','";
    case TK_COLON: return "':'";
    case TK_PERIOD: return "'.'";
    case TK_SEMI: return "';'";
    case TK_LPAREN: return "'('";
    case TK_RPAREN: return "')'";
    case TK_LBRACE: return "'{'";
    case TK_RBRACE: return "'}'";
    case TK_LT: return "'<'";
    case TK_GT: return "'>'";
    case TK_USE: return "keyword `use`";
    case TK_TYPE: return "keyword `type`";
    case TK_FUNC: return "keyword `func`";
    case TK_U8: return "keyword `u8`";
    case TK_U16: return "keyword `u16`";
    case TK_U32: return "keyword `u32`";
    case TK_U64: return "keyword `u64`";
    case TK_S8: return "keyword `s8`";
    case TK_S16: return "keyword `s16`";
    case TK_S32: return "keyword `s32`";
    case TK_S64: return "keyword `s64`";
    case TK_F32: return "keyword `f32`";
    case TK_F64: return "keyword `f64`";
    case TK_CHAR: return "keyword `char`";
    case TK_OWN: return "keyword `own`";
    case TK_BORROW: return "keyword `borrow`";
    case TK_RESOURCE: return "keyword `resource`";
    case TK_RECORD: return "keyword `record`";
    case TK_FLAGS: return "keyword `flags`";
    case TK_VARIANT: return "keyword `variant`";
    case TK_ENUM: return "keyword `enum`";
    case TK_BOOL: return "keyword `bool`";
    case TK_STRING_KW: return "keyword `string`";
    case TK_OPTION: return "keyword `option`";
    case TK_RESULT: return "keyword `result`";
    case TK_FUTURE: return "keyword `future`";
    case TK_STREAM: return "keyword `stream`";
    case TK_ERROR_CONTEXT: return "keyword `error-context`";
    case TK_LIST: return "keyword `list`";
    case TK_MAP: return "keyword `map`";
    case TK_UNDERSCORE: return "keyword `_`";
    case TK_ID: return "an identifier";
    case TK_EXPLICIT_ID: return "an '%' identifier";
    case TK_RARROW: return "`->`";
    case TK_STAR: return "`*`";
    case TK_AT: return "`@`";
    case TK_SLASH: return "`/`";
    case TK_PLUS: return "`+`";
    case TK_MINUS: return "`-`";
    case TK_AS: return "keyword `as`";
    case TK_FROM: return "keyword `from`";
    case TK_STATIC: return "keyword `static`";
    case TK_INTERFACE: return "keyword `interface`";
    case TK_TUPLE: return "keyword `tuple`";
    case TK_IMPORT: return "keyword `import`";
    case TK_EXPORT: return "keyword `export`";
    case TK_WORLD: return "keyword `world`";
    case TK_PACKAGE: case TK_PACKAGE_HEADER: return "keyword `package`";
    case TK_CONSTRUCTOR: return "keyword `constructor`";
    case TK_INTEGER: return "an integer";
    case TK_INCLUDE: return "keyword `include`";
    case TK_WITH: return "keyword `with`";
    case TK_ASYNC: return "keyword `async`";
    case TK_STRING: return "a string literal";
    case TK_VERSION: return "an integer";
    case TK_ATTR_SINCE: case TK_ATTR_UNSTABLE: case TK_ATTR_DEPRECATED:
    case TK_ATTR_EXTERNAL_ID: return "an identifier";
    default: return "a token";
    }
}

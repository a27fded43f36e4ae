/* Indented JSON text from a streaming writer (jsonout.h). Every byte goes
 * straight into the buffer: no printf. Strings are escaped as cJSON 1.7
 * and serde_json escape them: `"`, `\` and the control characters (\b \f
 * \n \r \t by name, the others as \u00xx, lower-case hex); every other
 * byte is copied. */
#include <stdint.h>
#include <string.h>

#include "jsonout.h"

/* A newline and the indentation of `depth` levels. */
static void newline(buf *b, int depth)
{
    static const char spaces[] = "\n                                                                "
                                 "                                                                ";
    size_t n = 2 * (size_t)depth;
    char *o = buf_room(b, n + 1);
    if (!o)
        return;
    if (n + 1 < sizeof spaces) {
        memcpy(o, spaces, n + 1);
    } else {
        o[0] = '\n';
        memset(o + 1, ' ', n);
    }
    buf_wrote(b, n + 1);
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Whether one of the eight bytes is below 0x20, `"` or `\` (the "has a
 * byte less than n" and "has a zero byte" word tricks). */
static inline int needs_escape(uint64_t v)
{
    uint64_t q = v ^ (ONES * '"'), k = v ^ (ONES * '\\');
    return (((v - ONES * 0x20) & ~v) | ((q - ONES) & ~q) | ((k - ONES) & ~k)) & HIGHS ? 1 : 0;
}

static char *escape(char *o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '\\';
    switch (c) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    case '\n': *o++ = 'n'; break;
    case '\r': *o++ = 'r'; break;
    case '\t': *o++ = 't'; break;
    default:
        *o++ = 'u';
        *o++ = '0';
        *o++ = '0';
        *o++ = hex[c >> 4];
        *o++ = hex[c & 15];
        break;
    }
    return o;
}

/* The bytes copied as they are. */
static inline bool plain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

/* Eight bytes are tested and copied at a time; a word with something to
 * escape goes byte by byte. The last few bytes of a string of eight or
 * more go out as the string's last eight when none of those needs an
 * escape: the ones written a second time were copied as they are, so
 * they are the last bytes written and the same. */
char *json_quote(char *o, const char *s, size_t n)
{
    const unsigned char *q = (const unsigned char *)s, *end = q + n;
    *o++ = '"';
    while (end - q >= 8) {
        uint64_t v;
        memcpy(&v, q, 8);
        if (!needs_escape(v)) {
            memcpy(o, &v, 8);
            o += 8;
            q += 8;
            continue;
        }
        for (int i = 0; i < 8; i++, q++)
            o = plain(*q) ? (*o = (char)*q, o + 1) : escape(o, *q);
    }
    if (q < end && n >= 8) {
        uint64_t v;
        memcpy(&v, end - 8, 8);
        if (!needs_escape(v)) {
            o += end - q;
            memcpy(o - 8, &v, 8);
            q = end;
        }
    }
    for (; q < end; q++)
        o = plain(*q) ? (*o = (char)*q, o + 1) : escape(o, *q);
    *o++ = '"';
    return o;
}

static void put_string(buf *b, const char *s)
{
    if (!s) {
        buf_add(b, "\"\"", 2);
        return;
    }
    size_t n = strlen(s);
    char *o = buf_room(b, 6 * n + 2);
    if (o)
        buf_wrote(b, (size_t)(json_quote(o, s, n) - o));
}

char *json_decimal(char *end, uint64_t v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

/* ------------------------------------------------------------ writer */

void jsonw_init(jsonw *w, buf *b)
{
    w->b = b;
    w->depth = 0;
    w->empty = false;
    w->sink = NULL;
    w->sink_arg = NULL;
}

void jsonw_flush(jsonw *w)
{
    buf *b = w->b;
    if (!w->sink || b->failed || !b->len)
        return;
    if (w->sink(w->sink_arg, b->data, b->len) != 0)
        b->failed = 1;
    else
        buf_reset(b);
}

void jsonw_open(jsonw *w, char bracket)
{
    buf_add(w->b, &bracket, 1);
    w->depth++;
    w->empty = true;
}

void jsonw_close(jsonw *w, char bracket)
{
    w->depth--;
    if (!w->empty)
        newline(w->b, w->depth);
    buf_add(w->b, &bracket, 1);
    /* a container is always a member of its parent, which is not empty */
    w->empty = false;
}

void jsonw_elem(jsonw *w)
{
    if (w->sink && w->b->len >= JSON_PIECE)
        jsonw_flush(w);
    if (!w->empty)
        buf_add(w->b, ",", 1);
    w->empty = false;
    newline(w->b, w->depth);
}

void jsonw_key(jsonw *w, const char *key)
{
    jsonw_elem(w);
    put_string(w->b, key);
    buf_add(w->b, ": ", 2);
}

void jsonw_key_text(jsonw *w, const char *text, size_t n)
{
    jsonw_elem(w);
    buf_add(w->b, text, n);
}

void jsonw_key_text_str(jsonw *w, const char *text, size_t n, const char *s)
{
    jsonw_key_text(w, text, n);
    jsonw_str(w, s);
}

void jsonw_str(jsonw *w, const char *s)
{
    if (s)
        put_string(w->b, s);
    else
        buf_add(w->b, "null", 4);
}

void jsonw_lit(jsonw *w, const char *text) { buf_add(w->b, text, strlen(text)); }

void jsonw_uint(jsonw *w, uint64_t v)
{
    char tmp[24], *e = tmp + sizeof tmp, *p = json_decimal(e, v);
    buf_add(w->b, p, (size_t)(e - p));
}

void jsonw_bool(jsonw *w, bool v)
{
    if (v)
        buf_add(w->b, "true", 4);
    else
        buf_add(w->b, "false", 5);
}

void jsonw_export_names(jsonw *w, const witan_export *e)
{
    jsonw_key_str(w, "slash", e->slash);
    jsonw_key_str(w, "braces", e->braces);
    jsonw_key_str(w, "raw", e->raw);
    jsonw_key_str(w, "kind", witan_export_kind_name(e->kind));
    jsonw_key_str(w, "interface", e->interface);
    jsonw_key_str(w, "resource", e->resource);
    jsonw_key_str(w, "function", e->function);
}

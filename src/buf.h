/* Growable byte buffers for text that is built piece by piece (messages,
 * rendered diagnostics, JSON output). Always NUL-terminated. */
#ifndef WITAN_BUF_H
#define WITAN_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len, cap;
    int failed;  /* an allocation failed; contents are truncated */
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Room for n more bytes and the NUL: where to write them (then tell
 * buf_wrote how many were written), or NULL when memory runs out or ran
 * out before (b->failed). */
char *buf_room_(buf *b, size_t n);
static inline char *buf_room(buf *b, size_t n)
{
    if (b->len + n < b->cap && !b->failed)
        return b->data + b->len;
    return buf_room_(b, n);
}
static inline void buf_wrote(buf *b, size_t n)
{
    b->len += n;
    b->data[b->len] = 0;
}
static inline void buf_add(buf *b, const void *p, size_t n)
{
    char *o = buf_room(b, n);
    if (!o)
        return;
    if (n)
        memcpy(o, p, n);
    buf_wrote(b, n);
}
/* Hands the malloc'd string to the caller (who frees it) and resets b. */
char *buf_take(buf *b);

#endif

/* Growable byte buffers for text that is built piece by piece (messages,
 * rendered diagnostics, JSON output). Always NUL-terminated. */
#ifndef WITAN_BUF_H
#define WITAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len, cap;
    int failed;  /* an allocation failed; contents are truncated */
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_add(buf *b, const void *p, size_t n);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Hands the malloc'd string to the caller (who frees it) and resets b. */
char *buf_take(buf *b);

#endif

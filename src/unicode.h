/* The few Unicode facts the lexer and the messages need: UTF-8 decoding,
 * the XID identifier sets, and Rust's `char` Debug form, which the
 * reference uses to quote characters in its messages. */
#ifndef WITAN_UNICODE_H
#define WITAN_UNICODE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Decodes one UTF-8 scalar at p (p < end). Returns its length in bytes,
 * or 0 if the bytes there are not valid UTF-8. */
int uni_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp);
/* Offset of the first byte that is not valid UTF-8, or len if all are. */
size_t uni_utf8_check(const unsigned char *p, size_t len);

/* One pass over a file's bytes for both checks the reference makes before
 * lexing: returns the offset of the first byte that is not valid UTF-8
 * (len if all are), and sets *bad_at to the offset of the first code point
 * it refuses (controls but tab/newline/CR, bidi overrides, discouraged
 * code points; UINT32_MAX if none) with the code point in *bad_cp. */
size_t uni_scan(const unsigned char *p, size_t len, uint32_t *bad_at, uint32_t *bad_cp);

int uni_is_xid_start(uint32_t cp);
int uni_is_xid_continue(uint32_t cp);

/* Appends `'c'` as Rust's `{:?}` of a char prints it. */
void uni_char_debug(buf *b, uint32_t cp);
/* Appends `\u{hex}` (lower-case hex, no leading zeros). */
void uni_escape_unicode(buf *b, uint32_t cp);

#endif

/* A strict JSON reader (RFC 8259) for the values a user passes to a
 * function: parameter arrays. It keeps what a general-purpose parser
 * throws away and what checking WIT values needs:
 *   - each number's text as written, so 64-bit integer ranges are judged
 *     exactly and `1.0` can be told from `1`;
 *   - each value's byte offset, for line:column in messages;
 *   - every member of an object, duplicates included, in input order.
 * It never recurses (nesting is an explicit stack), so hostile input
 * cannot exhaust the C stack; nesting deeper than JSONVAL_MAX_DEPTH is
 * refused with a message. */
#ifndef WITAN_JSONVAL_H
#define WITAN_JSONVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Same limit as cJSON's CJSON_NESTING_LIMIT. */
#define JSONVAL_MAX_DEPTH 1000

typedef enum jv_kind {
    JV_NULL,
    JV_FALSE,
    JV_TRUE,
    JV_NUMBER,
    JV_STRING,
    JV_ARRAY,
    JV_OBJECT
} jv_kind;

typedef struct jv jv;
struct jv {
    jv_kind kind;
    bool integer;       /* number written without fraction or exponent */
    size_t offset;      /* byte offset of the value's first character */
    const char *text;   /* number: the text as written; string: decoded UTF-8
                           (NUL-terminated, may hold NUL bytes) */
    size_t len;         /* bytes in text */
    const char *key;    /* member of an object: its decoded key */
    size_t keylen;
    jv *first;          /* array elements / object members, in order */
    jv *next;           /* next sibling */
    size_t count;       /* number of elements / members */
};

/* Where and why reading failed. */
typedef struct jv_error {
    size_t offset;
    bool oom;           /* memory ran out (offset and message are unset) */
    bool too_deep;      /* well-formed so far, but nested too deeply */
    char message[160];
} jv_error;

/* Reads `len` bytes of `text` into a tree allocated in `mem`. The tree
 * points into `text` (numbers), which must outlive it. Returns NULL with
 * *err set when the text is not one JSON value, nests too deeply, or
 * memory runs out (err->oom). */
jv *jsonval_read(arena *mem, const char *text, size_t len, jv_error *err);

#endif

/* JSON text in the layout every witan document uses: two spaces a level,
 * one member or element a line (as `witan resolve --json`), not
 * cJSON_Print's tabs. No document exists as a tree: a writer puts members
 * straight into a buffer, so the witan program links no JSON library (and
 * can be linked statically; cJSON serves the tests, as an independent
 * reader of what witan writes). */
#ifndef WITAN_JSONOUT_H
#define WITAN_JSONOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "witan.h"

/* s[0..n) as a JSON string, quotes included, written at o, which has
 * room for 6 * n + 2 bytes: `"`, `\` and the bytes below 0x20 escaped
 * (as cJSON and serde_json both do), every other byte copied. Returns
 * the end of what was written. */
char *json_quote(char *o, const char *s, size_t n);

/* The size of the pieces a streamed document goes out in: big enough
 * that the sink's calls cost nothing next to the text, small enough to
 * stay in the cache. */
enum { JSON_PIECE = 256 * 1024 };

/* v in decimal, the digits ending at `end` (no NUL added); returns where
 * they start (at most 20 bytes before end). */
char *json_decimal(char *end, uint64_t v);

/* A streaming writer into b. Containers nest: jsonw_open, then for each
 * member jsonw_key (objects) or jsonw_elem (arrays) and its value, then
 * jsonw_close. An empty container is written `{}` or `[]`. */
typedef struct jsonw {
    buf *b;
    int depth;
    bool empty;     /* the innermost container has no member yet */
    /* when set, the text so far goes here whenever the buffer holds a
     * piece's worth (at the start of a member), and the buffer is
     * emptied; a refused piece sets b->failed */
    witan_write_fn sink;
    void *sink_arg;
} jsonw;

void jsonw_init(jsonw *w, buf *b);
/* Hands what the buffer holds to the sink (if any) and empties it. */
void jsonw_flush(jsonw *w);
void jsonw_open(jsonw *w, char bracket);    /* '{' or '[' */
void jsonw_close(jsonw *w, char bracket);   /* '}' or ']' */
/* The next member of an object: the key, up to its value. */
void jsonw_key(jsonw *w, const char *key);
/* The same for a key that is a string literal needing no escape: the
 * quoted key is copied, not scanned (most keys of a manifest). */
#define JSONW_KEY(key) "\"" key "\": ", sizeof(key) + 3
#define jsonw_key_lit(w, key) jsonw_key_text((w), JSONW_KEY(key))
void jsonw_key_text(jsonw *w, const char *text, size_t n);
/* A member whose value is a string (NULL: null); the key a literal. */
#define jsonw_key_str(w, key, s) jsonw_key_text_str((w), JSONW_KEY(key), (s))
void jsonw_key_text_str(jsonw *w, const char *text, size_t n, const char *s);
/* The next element of an array, up to the value. */
void jsonw_elem(jsonw *w);
/* Values. */
void jsonw_str(jsonw *w, const char *s);    /* NULL: null */
void jsonw_lit(jsonw *w, const char *text); /* true, false, a number: as it is */
void jsonw_bool(jsonw *w, bool v);
void jsonw_uint(jsonw *w, uint64_t v);      /* in decimal */

/* The members that name an export, as `witan list --json` and the
 * manifest's functions both have them: slash, braces, raw, kind,
 * interface, resource, function. */
void jsonw_export_names(jsonw *w, const witan_export *e);

#endif

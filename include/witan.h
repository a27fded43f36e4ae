/* witan — read WIT (WebAssembly Interface Types) packages from C.
 *
 * Everything starts with a context (witan_ctx). A context loads WIT from
 * files or directories, keeps every diagnostic it produced, and owns all
 * memory of the load: strings and structures returned by the functions
 * below stay valid until witan_ctx_free() unless a function says the
 * caller frees the result. The library never prints and never exits.
 *
 * A context is not thread-safe; use one per thread. */
#ifndef WITAN_H
#define WITAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WITAN_VERSION_STRING "0.1.0"

typedef struct witan_ctx witan_ctx;

/* Returns NULL when memory runs out. Free with witan_ctx_free(). */
witan_ctx *witan_ctx_new(void);
void witan_ctx_free(witan_ctx *ctx);

/* Treat legacy syntax (`-> ()`, `float32`, `float64`) as the errors the
 * reference reports instead of warnings. Default: off. */
void witan_set_strict(witan_ctx *ctx, int strict);

/* Results of loading functions. */
typedef enum witan_status {
    WITAN_OK = 0,       /* no errors (there may be warnings) */
    WITAN_EINPUT = 1,   /* the input has errors; see the diagnostics */
    WITAN_EIO = 2,      /* a path could not be read */
    WITAN_EINTERNAL = 3 /* out of memory or an internal limit */
} witan_status;

/* Syntax check: reads PATH (a `.wit` file, a directory of `.wit` files,
 * or "-" for standard input) and parses every file, without resolving
 * names. Diagnostics are added to the context. */
witan_status witan_parse_path(witan_ctx *ctx, const char *path);

/* ------------------------------------------------------------ diagnostics */

typedef enum witan_severity { WITAN_ERROR = 0, WITAN_WARNING = 1 } witan_severity;

typedef enum witan_diag_format {
    WITAN_FORMAT_TEXT = 0,  /* the reference's form: message, location, excerpt */
    WITAN_FORMAT_GCC = 1    /* file:line:col: error: message */
} witan_diag_format;

size_t witan_diag_count(const witan_ctx *ctx);
size_t witan_error_count(const witan_ctx *ctx);
size_t witan_warning_count(const witan_ctx *ctx);
witan_severity witan_diag_severity(const witan_ctx *ctx, size_t i);
/* Lint rule id of a diagnostic ("legacy-syntax", ...), or NULL. */
const char *witan_diag_rule(const witan_ctx *ctx, size_t i);
/* The message alone (first line first; hints on later lines). */
const char *witan_diag_message(const witan_ctx *ctx, size_t i);
/* Location of a diagnostic: file path (NULL if none), 1-based line and
 * byte column of its start and end. Returns 0 when it has no location. */
int witan_diag_location(witan_ctx *ctx, size_t i, const char **path, uint32_t *line,
                        uint32_t *col, uint32_t *end_line, uint32_t *end_col);
/* Renders diagnostic i. `color` adds ANSI colours to the text format.
 * Returns a malloc'd string without a final newline; the caller frees it
 * with free(). NULL when memory runs out. */
char *witan_diag_render(witan_ctx *ctx, size_t i, witan_diag_format fmt, int color);

#ifdef __cplusplus
}
#endif

#endif

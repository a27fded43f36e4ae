/* Diagnostics: the one place errors and warnings are collected, and the
 * renderers that turn them into the reference's text or gcc's one-liners.
 * Nothing here prints; callers get strings. */
#ifndef WITAN_DIAG_H
#define WITAN_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "source.h"

typedef enum diag_severity { DIAG_ERROR = 0, DIAG_WARNING = 1 } diag_severity;

typedef struct diag {
    diag_severity severity;
    const char *rule;   /* lint rule id (static string), NULL for plain errors */
    char *message;      /* malloc'd; extra lines (hints) after '\n' */
    char *context;      /* malloc'd prefix such as "failed to parse package: P: ", or NULL */
    char *path;         /* malloc'd path for errors about a file without a span, or NULL */
    span sp;            /* SPAN_NONE when the error has no location */
    span extra[2];      /* further locations, listed as "  * file:line:col" */
    int nextra;
    bool io;            /* an I/O problem (exit status 2), not a problem of the input */
} diag;

typedef struct diag_list {
    diag *items;
    size_t count, cap;
    size_t errors, warnings;
    bool failed;        /* memory ran out: a diagnostic is missing or cut short */
} diag_list;

/* A diagnostic's message: NULL only when memory ran out making it
 * (diag_list.failed), then read as what happened. */
static inline const char *diag_message(const diag *d)
{
    return d->message ? d->message : "out of memory";
}

void diag_list_init(diag_list *dl);
void diag_list_free(diag_list *dl);
/* Appends a diagnostic and returns it (NULL when memory runs out; the
 * error count still goes up so a failure is never lost). */
diag *diag_addv(diag_list *dl, diag_severity sev, const char *rule, span sp,
                const char *fmt, va_list ap);
diag *diag_add(diag_list *dl, diag_severity sev, const char *rule, span sp,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Prepends `prefix` to the context of diagnostics [from, count). */
void diag_prefix_context(diag_list *dl, size_t from, const char *prefix);
/* Appends the diagnostics of `from` to dl, in order; `from` is left
 * empty. */
void diag_list_move(diag_list *dl, diag_list *from);
/* Removes diagnostics [from, count). */
void diag_truncate(diag_list *dl, size_t from);

/* "file:line:col" of a global offset (1-based line, 1-based byte column). */
void diag_location(buf *out, source_map *sm, uint32_t offset);

typedef enum diag_format { DIAG_TEXT, DIAG_GCC } diag_format;
/* Renders one diagnostic; text ends without a newline. `color` adds ANSI
 * colour to the text format. */
void diag_render(buf *out, source_map *sm, const diag *d, diag_format fmt, int color);

#endif

/* Big source files mapped instead of copied, so that their pages can be
 * given back while the text is still readable.
 *
 * A copied file is resident until it is freed, and the resolver still
 * reads it (documentation comments) after the parser is done: at 1 MB
 * the copy was a sixth of the peak. A private read-only mapping costs no
 * copy, and pages dropped with madvise come back from the page cache if
 * they are read again, so the loader, the parser and the resolver each
 * drop what they have passed (mapfile_drop) and the text is never
 * resident whole.
 *
 * A mapped file that shrinks while it is mapped would raise SIGBUS on
 * the pages past its new end. The handler installed by mapfile_open puts
 * a page of zeros there instead and marks the file `cut`; the loader
 * reports it as an error (the lexer stops at an unexpected NUL before
 * the end, as for any text it does not accept). */
#ifndef WITAN_MAPFILE_H
#define WITAN_MAPFILE_H

#include <signal.h>
#include <stddef.h>

typedef struct mapfile {
    struct mapfile *next, *prev;    /* every mapping alive, for the handler */
    char *text;     /* the file's len bytes, then at least one NUL */
    size_t len;
    size_t size;    /* bytes mapped: len + 65 and more, whole pages */
    size_t page;
    volatile sig_atomic_t cut;      /* the file shrank under the mapping */
} mapfile;

/* Maps the len bytes of fd (a regular file, len > 0). The byte after
 * them is a NUL that later writes to the file cannot change. NULL with
 * *err set (errno) when it fails; the caller can still read the file. */
mapfile *mapfile_open(int fd, size_t len, int *err);
void mapfile_close(mapfile *m);
/* Gives back the pages lying wholly in [from, to) (byte offsets into the
 * text); reading them again maps them again. */
void mapfile_drop(mapfile *m, size_t from, size_t to);

#endif

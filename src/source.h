/* Source files of one load and the global offset space their spans live in.
 *
 * Like the reference, every file occupies [base, base + len] in one offset
 * space, the extra position standing for a newline after the last byte, so
 * a span at end of file still names its file. Line and column are computed
 * only when a diagnostic is rendered, from a line map built on first use. */
#ifndef WITAN_SOURCE_H
#define WITAN_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct span {
    uint32_t start, end;  /* global byte offsets; end exclusive */
} span;

#define SPAN_NONE ((span){UINT32_MAX, UINT32_MAX})
#define span_known(s) ((s).start != UINT32_MAX)

struct mapfile;

typedef struct source {
    const char *path;   /* as given or joined from a directory walk */
    char *text;         /* contents, followed by a NUL sentinel; malloc'd or map's */
    struct mapfile *map;    /* the mapping text is in, or NULL (mapfile.h) */
    /* of a mapped text, where reads since the last source_drop_read were
     * (relative; lo > hi when none) */
    uint32_t read_lo, read_hi;
    uint32_t len;       /* bytes of text (without the sentinel) */
    uint32_t base;      /* global offset of text[0] */
    uint32_t *lines;    /* start offset (relative) of each line; lazy, malloc'd */
    uint32_t nlines;
    /* the first code point the reference refuses (uni_scan), found when
     * the file was read: relative offset or UINT32_MAX, and its value */
    bool scanned;
    uint32_t bad_at, bad_cp;
    bool cut_reported;  /* the file shrank while mapped, and that was reported */
} source;

typedef struct source_map {
    source **files;     /* in the order they were added */
    size_t count, cap;
    uint64_t next_base;
} source_map;

/* Limits on input; documented in the README and the man page. */
#define WITAN_MAX_FILE_SIZE (512u * 1024 * 1024)
#define WITAN_MAX_TOTAL_SIZE (2000u * 1024 * 1024)
/* An identifier longer than this is an error (parse.c); the reference has
 * no limit, no real WIT comes near it, and it bounds every message that
 * quotes a name. */
#define WITAN_MAX_ID_LEN (64u * 1024)
/* `.wit` files in one directory, and entries in one deps/ directory. */
#define WITAN_MAX_DIR_FILES 100000u

void source_map_init(source_map *sm);
void source_map_free(source_map *sm);
/* Takes ownership of text (malloc'd, len + 1 bytes, NUL at len). Returns
 * NULL when memory runs out or the offset space is exhausted (text freed). */
source *source_map_add(source_map *sm, const char *path, char *text, uint32_t len);
/* The same for a mapped file (mapfile_open), closed on failure. */
source *source_map_add_mapped(source_map *sm, const char *path, struct mapfile *map);
/* Frees a text that is no source's (yet): malloc'd, or the mapping's. */
void source_text_free(char *text, struct mapfile *map);
/* The file a global offset belongs to (NULL for SPAN_NONE / out of range). */
source *source_map_find(const source_map *sm, uint32_t offset);

/* Gives back the pages of a mapped text lying wholly between the
 * relative offsets from and to; nothing for a malloc'd one. */
void source_drop(source *src, uint32_t from, uint32_t to);
/* Notes a read of a mapped text at relative offset rel, so that
 * source_drop_read can give back what reads made resident. */
static inline void source_note_read(source *src, uint32_t rel)
{
    if (!src->map)
        return;
    if (rel < src->read_lo)
        src->read_lo = rel;
    if (rel > src->read_hi)
        src->read_hi = rel;
}
/* Gives back the pages around the reads noted since the last call;
 * `min` > 0: only when they span at least that many bytes, and not the
 * pages past the last read, which the next reads are likely to want. */
void source_drop_read(source *src, uint32_t min);

/* 0-based line and byte column of a file-relative offset. */
void source_linecol(source *src, uint32_t rel, uint32_t *line, uint32_t *col);
/* The end of the comment at p, before `end` (`//` or `/ *`, which
 * nests): the newline of a line comment, just past the close of a block
 * (or `end` when it is not closed). */
const char *source_comment_end(const char *p, const char *end);
/* 1-based line and byte column of an offset in a text that is no
 * source of the map (a file refused, a JSON argument). */
void text_linecol(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *col);
/* Where each line of text[0..len) starts (len < 4 GiB): a malloc'd
 * array of *n offsets, the first 0; NULL when memory runs out. */
uint32_t *text_line_starts(const char *text, size_t len, uint32_t *n);
/* Text of 0-based line `line` without its terminator (\n or \r\n). */
const char *source_line(source *src, uint32_t line, size_t *len);

#endif

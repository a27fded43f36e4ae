#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "mapfile.h"

void source_map_init(source_map *sm) { memset(sm, 0, sizeof *sm); }

void source_text_free(char *text, struct mapfile *map)
{
    if (map)
        mapfile_close(map);
    else
        free(text);
}

void source_map_free(source_map *sm)
{
    for (size_t i = 0; i < sm->count; i++) {
        source_text_free(sm->files[i]->text, sm->files[i]->map);
        free(sm->files[i]->lines);
        free((char *)sm->files[i]->path);
        free(sm->files[i]);
    }
    free(sm->files);
    source_map_init(sm);
}

source *source_map_add(source_map *sm, const char *path, char *text, uint32_t len)
{
    source *src = NULL;
    char *p = NULL;
    if (sm->next_base + len + 1 >= UINT32_MAX)
        goto fail;
    if (sm->count == sm->cap) {
        size_t cap = sm->cap ? sm->cap * 2 : 16;
        source **f = realloc(sm->files, cap * sizeof *f);
        if (!f)
            goto fail;
        sm->files = f;
        sm->cap = cap;
    }
    src = calloc(1, sizeof *src);
    p = strdup(path);
    if (!src || !p)
        goto fail;
    src->path = p;
    src->text = text;
    src->len = len;
    src->read_lo = UINT32_MAX;  /* no reads noted */
    src->base = (uint32_t)sm->next_base;
    sm->next_base += (uint64_t)len + 1;
    sm->files[sm->count++] = src;
    return src;
fail:
    free(src);
    free(p);
    free(text);
    return NULL;
}

source *source_map_add_mapped(source_map *sm, const char *path, mapfile *map)
{
    source *src = NULL;
    if (map->len < UINT32_MAX)
        src = source_map_add(sm, path, NULL, (uint32_t)map->len);
    if (!src) {
        mapfile_close(map);
        return NULL;
    }
    src->text = map->text;
    src->map = map;
    return src;
}

void source_drop(source *src, uint32_t from, uint32_t to)
{
    if (src->map)
        mapfile_drop(src->map, from, to);
}

/* A read maps more than the page it reads: the kernel maps the pages
 * around it (fault-around, 64 KiB by default, aligned in the address
 * space rather than in the file) or the whole large folio it is in (up
 * to 2 MiB), and a comment read may run on. */
#define READ_REACH (2u * 1024 * 1024)

void source_drop_read(source *src, uint32_t min)
{
    if (!src->map || src->read_lo > src->read_hi || src->read_hi - src->read_lo < min)
        return;
    uint32_t from = src->read_lo > READ_REACH ? src->read_lo - READ_REACH : 0;
    /* What the kernel mapped ahead of the last read is where the next
     * reads go (a model's docs come in about the order of its file): a
     * call on the way keeps it, the last one (min 0) gives it back.
     * Dropping it each time, a 10 MB resolve --json faulted 7,320 pages
     * against 2,470. */
    uint32_t reach = min ? 0 : READ_REACH;
    uint32_t to = src->read_hi > UINT32_MAX - reach ? UINT32_MAX : src->read_hi + reach;
    mapfile_drop(src->map, from, to);
    src->read_lo = UINT32_MAX;
    src->read_hi = 0;
}

source *source_map_find(const source_map *sm, uint32_t offset)
{
    if (offset == UINT32_MAX || sm->count == 0)
        return NULL;
    size_t lo = 0, hi = sm->count;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (sm->files[mid]->base <= offset)
            lo = mid;
        else
            hi = mid;
    }
    source *s = sm->files[lo];
    if (offset < s->base || offset > s->base + s->len)
        return NULL;
    return s;
}

uint32_t *text_line_starts(const char *text, size_t len, uint32_t *n)
{
    /* memchr rather than a loop over bytes: a lint of a big file renders
     * many findings, and this pass was a tenth of its time */
    const char *end = text + len;
    uint32_t count = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        count++;
    uint32_t *lines = malloc((size_t)count * sizeof *lines);
    if (!lines)
        return NULL;
    uint32_t k = 0;
    lines[k++] = 0;
    /* bounded by the count, not by the text: a mapped file that another
     * program is rewriting may have more lines now (mapfile.h) */
    for (const char *p = text; k < count && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        lines[k++] = (uint32_t)(p - text) + 1;
    *n = k;
    return lines;
}

static int build_lines(source *src)
{
    if (!src->lines)
        src->lines = text_line_starts(src->text, src->len, &src->nlines);
    return src->lines != NULL;
}

/* Where the table of line starts could not be made (memory), lines are
 * found by scanning: slower, the same answer. */
void source_linecol(source *src, uint32_t rel, uint32_t *line, uint32_t *col)
{
    if (!build_lines(src)) {
        text_linecol(src->text, src->len, rel, line, col);
        (*line)--;
        (*col)--;
        return;
    }
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (src->lines[mid] <= rel)
            lo = mid;
        else
            hi = mid;
    }
    *line = (uint32_t)lo;
    *col = rel - src->lines[lo];
}

const char *source_line(source *src, uint32_t line, size_t *len)
{
    uint32_t s, e;
    if (build_lines(src)) {
        if (line >= src->nlines) {
            *len = 0;
            return "";
        }
        /* the end from the next line's start, not by looking for it: a
         * line of a hundred thousand `use` names may carry as many findings */
        s = src->lines[line];
        e = line + 1 < src->nlines ? src->lines[line + 1] - 1 : src->len;
    } else {
        const char *p = src->text, *end = src->text + src->len;
        for (uint32_t k = 0; k < line && p; k++)
            if ((p = memchr(p, '\n', (size_t)(end - p))) != NULL)
                p++;
        if (!p) {
            *len = 0;
            return "";
        }
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        s = (uint32_t)(p - src->text);
        e = nl ? (uint32_t)(nl - src->text) : src->len;
    }
    if (e > s && src->text[e - 1] == '\r')
        e--;
    *len = e - s;
    return src->text + s;
}

void text_linecol(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *col)
{
    uint32_t ln = 1;
    size_t start = 0;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n') {
            ln++;
            start = i + 1;
        }
    *line = ln;
    *col = (uint32_t)(offset - start + 1);
}

const char *source_comment_end(const char *p, const char *end)
{
    if (p[1] == '/') {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        return nl ? nl : end;
    }
    int depth = 1;
    p += 2;
    while (p < end && depth) {
        if (p + 1 < end && p[0] == '/' && p[1] == '*') {
            depth++;
            p += 2;
        } else if (p + 1 < end && p[0] == '*' && p[1] == '/') {
            depth--;
            p += 2;
        } else {
            p++;
        }
    }
    return p;
}

/* Columns in code points for SARIF regions (its unicodeCodePoints): the
 * library gives byte columns, so the CLI reads each file a finding is in
 * again, once, and keeps where its lines start. A column then costs a
 * look at its own line only: scanning from the top of the file for each
 * finding made a 1 MB package's SARIF fifty times slower than its text
 * output, and every file was read again whenever the findings moved from
 * one file to another. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cli_text_file {
    char *path;
    char *data;         /* NULL: unreadable (standard input, a file gone) */
    size_t len;
    uint32_t *lines;    /* offset of each line's first byte */
    uint32_t nlines;
};

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *d = cli_read_stream(f, len);
    fclose(f);
    return d;
}

/* Line starts; a file of more than 4 GiB (which the loader refuses) keeps
 * none, and its columns stay in bytes. */
static void index_lines(cli_text_file *f)
{
    if (!f->data || f->len > UINT32_MAX)
        return;
    uint32_t n = 1;
    for (const char *p = f->data, *end = p + f->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    f->lines = malloc((size_t)n * sizeof *f->lines);
    if (!f->lines)
        return;
    f->lines[0] = 0;
    f->nlines = 1;
    for (const char *p = f->data, *end = p + f->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        f->lines[f->nlines++] = (uint32_t)(p - f->data) + 1;
}

static cli_text_file *file_of(cli_columns *c, const char *path)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->files[i].path, path) == 0)
            return &c->files[i];
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        cli_text_file *g = realloc(c->files, cap * sizeof *g);
        if (!g)
            return NULL;
        c->files = g;
        c->cap = cap;
    }
    cli_text_file *f = &c->files[c->n];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(path)))
        return NULL;
    c->n++;
    f->data = read_all(path, &f->len);
    index_lines(f);
    return f;
}

uint32_t cli_code_point_column(cli_columns *c, const char *path, uint32_t line,
                               uint32_t byte_col)
{
    cli_text_file *f = path ? file_of(c, path) : NULL;
    if (!f || !f->lines)
        return byte_col;
    /* a line past the end counts from the end of the file, as the
     * region it comes from cannot be there either */
    size_t i = line <= 1 ? 0 : line - 1 < f->nlines ? f->lines[line - 1] : f->len;
    uint32_t col = 1;
    for (uint32_t b = 1; b < byte_col && i < f->len && f->data[i] != '\n'; b++, i++)
        if (((unsigned char)f->data[i] & 0xC0) != 0x80)
            col++;
    return col;
}

void cli_columns_free(cli_columns *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->files[i].path);
        free(c->files[i].data);
        free(c->files[i].lines);
    }
    free(c->files);
    memset(c, 0, sizeof *c);
}

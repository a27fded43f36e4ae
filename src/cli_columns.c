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
#include "source.h"

struct cli_text_file {
    char *path;
    char *data;         /* NULL: unreadable now (gone, or no longer allowed) */
    size_t len;
    uint32_t *lines;    /* offset of each line's first byte */
    uint32_t nlines;
};

static cli_text_file *file_of(cli_columns *c, const char *path)
{
    cli_text_file *v = c->files.items;
    if (c->last < c->files.len && strcmp(v[c->last].path, path) == 0)
        return &v[c->last];
    for (uint32_t i = 0; i < c->files.len; i++)
        if (strcmp(v[i].path, path) == 0)
            return &v[c->last = i];
    if (!VEC_RESERVE(c->files))
        return NULL;
    cli_text_file *f = &c->files.items[c->files.len];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(path)))
        return NULL;
    c->last = c->files.len++;
    f->data = cli_read_file(path, &f->len);
    /* a file over 4 GiB (which the loader refuses) keeps no line
     * starts, and its columns stay in bytes */
    if (f->data && f->len <= UINT32_MAX)
        f->lines = text_line_starts(f->data, f->len, &f->nlines);
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
    for (uint32_t i = 0; i < c->files.len; i++) {
        free(c->files.items[i].path);
        free(c->files.items[i].data);
        free(c->files.items[i].lines);
    }
    free(c->files.items);
    memset(c, 0, sizeof *c);
}

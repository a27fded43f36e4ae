/* Reading WIT sources from the file system: single files, standard input
 * and the `*.wit` files of a directory, with the checks the reference
 * makes (UTF-8) and the ones a tool reading untrusted paths needs (regular
 * files only, size limits, no blocking on FIFOs or devices). */
#ifndef WITAN_LOAD_H
#define WITAN_LOAD_H

#include "ctx.h"

typedef enum load_mode {
    LOAD_FILE,      /* a path given as a file (or `-`) */
    LOAD_DIR_ENTRY, /* a `*.wit` file found in a directory */
} load_mode;

/* Reads `path` ("-" for standard input, shown as "<stdin>") into a new
 * source. Returns NULL after reporting the problem. */
source *load_file(witan_ctx *ctx, const char *path, load_mode mode);
/* Whether a mapped file kept its length while it was read (mapfile.h);
 * reports the error the first time it did not. Asked again whenever the
 * text is read after loading (docs.c). */
bool load_unchanged(witan_ctx *ctx, source *src);

typedef struct path_list {
    char **paths;       /* malloc'd strings */
    size_t count, cap;
} path_list;

void path_list_free(path_list *pl);
/* The `*.wit` files of `dir` that are not directories (symlinks to
 * directories skipped), sorted byte-wise by path. Returns 0 after
 * reporting an error. */
int load_dir_wit_files(witan_ctx *ctx, const char *dir, path_list *out);
/* Joins a directory and an entry name with '/'. malloc'd. */
char *path_join(const char *dir, const char *name);

/* 1 directory, 0 other, -1 missing or unreadable (errno set). */
int path_is_dir(const char *path);

#endif

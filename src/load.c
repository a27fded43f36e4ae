#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mapfile.h"
#include "unicode.h"

/* Files this big are mapped (mapfile.h) when the context allows it; a
 * smaller one is read whole, which costs less than a mapping. */
#define MAP_MIN (64u * 1024)

/* ENOMEM from the system is running out of memory too (exit status 3,
 * ctx_status), not a path witan cannot read. */
static diag *io_error(witan_ctx *ctx, const char *fmt, const char *path, int err)
{
    if (err == ENOMEM)
        ctx->oom = true;
    return ctx_io_error(ctx, fmt, path, strerror(err), err);
}

/* Reads all of fd; the buffer gets a NUL after the data. */
static char *read_all(int fd, size_t hint, size_t *len, int *err, int *too_big)
{
    /* room for the read that finds the end, so a file of the size
     * fstat gave is read without growing the buffer */
    size_t cap = hint + 2 < 4096 ? 4096 : hint + 2, n = 0;
    char *data = malloc(cap);
    if (!data) {
        *err = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > WITAN_MAX_FILE_SIZE) {
                free(data);
                *too_big = 1;
                return NULL;
            }
            size_t ncap = cap * 2;
            char *d = realloc(data, ncap);
            if (!d) {
                free(data);
                *err = ENOMEM;
                return NULL;
            }
            data = d;
            cap = ncap;
        }
        ssize_t r = read(fd, data + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            free(data);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > WITAN_MAX_FILE_SIZE) {
            free(data);
            *too_big = 1;
            return NULL;
        }
    }
    data[n] = 0;
    *len = n;
    return data;
}

/* false, after reporting it, when the file of `map` (if any) shrank
 * while it was mapped */
static bool map_intact(witan_ctx *ctx, const mapfile *map, const char *path)
{
    if (!map || !map->cut)
        return true;
    ctx_io_error(ctx, "failed to read `%s`: the file changed while it was read", path);
    return false;
}

bool load_unchanged(witan_ctx *ctx, source *src)
{
    if (src->cut_reported)
        return false;
    src->cut_reported = !map_intact(ctx, src->map, src->path);
    return !src->cut_reported;
}

source *load_file(witan_ctx *ctx, const char *path, load_mode mode)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *shown = is_stdin ? "<stdin>" : path;
    const char *read_fmt = mode == LOAD_FILE ? "failed to read path for WIT [%s]: %s (os error %d)"
                                             : "failed to read file \"%s\": %s (os error %d)";
    /* An overlay's text stands for the file's contents and goes through
     * the same checks below (the fuzz targets feed their input this way). */
    char *text = NULL;
    mapfile *map = NULL;
    size_t len = 0;
    for (const overlay *o = ctx->overlay; o; o = o->next) {
        if (strcmp(o->path, shown) != 0)
            continue;
        text = malloc((size_t)o->len + 1);
        if (!text) {
            ctx->oom = true;
            ctx_error(ctx, SPAN_NONE, "out of memory reading `%s`", shown);
            return NULL;
        }
        memcpy(text, o->text, o->len);
        text[o->len] = 0;
        len = o->len;
        goto check;
    }
    int fd = 0;
    struct stat st;
    if (!is_stdin) {
        /* O_NONBLOCK: opening a FIFO must not wait for a writer */
        fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            io_error(ctx, read_fmt, shown, errno);
            return NULL;
        }
        if (fstat(fd, &st) != 0) {
            io_error(ctx, read_fmt, shown, errno);
            close(fd);
            return NULL;
        }
        if (S_ISDIR(st.st_mode)) {
            io_error(ctx, read_fmt, shown, EISDIR);
            close(fd);
            return NULL;
        }
        if (!S_ISREG(st.st_mode)) {
            ctx_io_error(ctx,
                         "refusing to read `%s`: not a regular file (a FIFO, socket or device)",
                         shown);
            close(fd);
            return NULL;
        }
        if ((uint64_t)st.st_size > WITAN_MAX_FILE_SIZE) {
            ctx_io_error(ctx,
                         "refusing to read `%s`: %llu bytes is more than the limit of %u bytes",
                         shown, (unsigned long long)st.st_size, WITAN_MAX_FILE_SIZE);
            close(fd);
            return NULL;
        }
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    int err = 0, too_big = 0;
    if (!is_stdin && ctx->map_files && (uint64_t)st.st_size >= MAP_MIN &&
        (map = mapfile_open(fd, (size_t)st.st_size, &err)) != NULL) {
        /* a file system that cannot map it is read instead */
        text = map->text;
        len = map->len;
    } else {
        text = read_all(fd, is_stdin ? 0 : (size_t)st.st_size, &len, &err, &too_big);
    }
    if (!is_stdin)
        close(fd);
    if (!text) {
        if (too_big) {
            ctx_io_error(ctx,
                         "refusing to read `%s`: more than the limit of %u bytes",
                         shown, WITAN_MAX_FILE_SIZE);
        } else {
            if (err == ENOMEM)
                ctx->oom = true;
            io_error(ctx, read_fmt, shown, err);
        }
        return NULL;
    }
check:
    if (ctx->sources.next_base + len > WITAN_MAX_TOTAL_SIZE) {
        source_text_free(text, map);
        ctx_io_error(ctx,
                     "refusing to read `%s`: the input would exceed the limit of %u bytes in total",
                     shown, WITAN_MAX_TOTAL_SIZE);
        return NULL;
    }
    if (len >= 4 && memcmp(text, "\0asm", 4) == 0) {
        source_text_free(text, map);
        ctx_error(ctx, SPAN_NONE,
                  "`%s` is a WebAssembly binary, not WIT text; witan reads only `.wit` sources",
                  shown);
        return NULL;
    }
    uint32_t bad_at, bad_cp;
    size_t valid = uni_scan((const unsigned char *)text, len, &bad_at, &bad_cp);
    if (valid != len) {
        /* the reference's message, then where (the file is not kept, so
         * the place is a hint rather than a span) */
        uint32_t line, col;
        text_linecol(text, len, valid, &line, &col);
        unsigned byte = (unsigned char)text[valid];
        source_text_free(text, map);
        if (mode == LOAD_FILE)
            ctx_error(ctx, SPAN_NONE,
                      "input file is not valid utf-8 [%s]\ninvalid byte 0x%02x at line %u, column %u",
                      shown, byte, (unsigned)line, (unsigned)col);
        else
            ctx_error(ctx, SPAN_NONE,
                      "failed to read file \"%s\": stream did not contain valid UTF-8\n"
                      "invalid byte 0x%02x at line %u, column %u",
                      shown, byte, (unsigned)line, (unsigned)col);
        return NULL;
    }
    source *src;
    if (map) {
        if (!map_intact(ctx, map, shown)) {
            source_text_free(text, map);
            return NULL;
        }
        /* the lexer reads it again from the page cache */
        mapfile_drop(map, 0, len);
        src = source_map_add_mapped(&ctx->sources, shown, map);
    } else {
        src = source_map_add(&ctx->sources, shown, text, (uint32_t)len);
    }
    if (!src) {
        ctx->oom = true;
        ctx_error(ctx, SPAN_NONE, "out of memory reading `%s`", shown);
        return NULL;
    }
    src->scanned = true;
    src->bad_at = bad_at;
    src->bad_cp = bad_cp;
    return src;
}

void path_list_free(path_list *pl)
{
    for (size_t i = 0; i < pl->count; i++)
        free(pl->paths[i]);
    free(pl->paths);
    memset(pl, 0, sizeof *pl);
}

char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    size_t n = a;
    if (a && dir[a - 1] != '/')
        p[n++] = '/';
    memcpy(p + n, name, b + 1);
    return p;
}

static int path_push(path_list *pl, char *p)
{
    if (!p)
        return 0;
    if (pl->count == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 16;
        char **ps = realloc(pl->paths, cap * sizeof *ps);
        if (!ps) {
            free(p);
            return 0;
        }
        pl->paths = ps;
        pl->cap = cap;
    }
    pl->paths[pl->count++] = p;
    return 1;
}

static int cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int load_dir_wit_files(witan_ctx *ctx, const char *dir, path_list *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        io_error(ctx, "failed to read directory \"%s\": %s (os error %d)", dir, errno);
        return 0;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 4, ".wit") != 0)
            continue;
        if (out->count >= WITAN_MAX_DIR_FILES) {
            closedir(d);
            ctx_io_error(ctx,
                         "refusing to read directory `%s`: more than the limit of %u `.wit` files",
                         dir, WITAN_MAX_DIR_FILES);
            return 0;
        }
        char *p = path_join(dir, e->d_name);
        if (!p) {
            ctx->oom = true;
            break;
        }
        struct stat st;
        /* stat follows symlinks: directories and links to them are skipped */
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            free(p);
            continue;
        }
        if (!path_push(out, p)) {
            ctx->oom = true;
            break;
        }
    }
    closedir(d);
    if (ctx->oom) {
        ctx_error(ctx, SPAN_NONE, "out of memory listing `%s`", dir);
        return 0;
    }
    if (out->count > 1) /* an empty list may have no array at all */
        qsort(out->paths, out->count, sizeof *out->paths, cmp_paths);
    return 1;
}

int path_is_dir(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return S_ISDIR(st.st_mode) ? 1 : 0;
}

/* Fuzz target (e): a package directory of several files with a deps/
 * folder, the part of loading the single-file targets never reach:
 * directory reading, packages split over files, deps as files and as
 * directories, the order packages are resolved in, foreign items and
 * versions. The input is a small tree written out as text:
 *
 *     package a:b;           <- before any header: root.wit
 *     %% deps/c.wit          <- a header line: "%% " and a relative path
 *     package c:d; ...
 *     %% deps/e/x.wit
 *     ...
 *
 * Each input is written to a scratch directory ($TMPDIR, else /tmp) and
 * then resolved (model, JSON, every world's functions and manifest) and
 * linted, each in a context of its own. Paths are a few components of
 * [A-Za-z0-9._-], none "." or ".."; a section whose path is not, or that
 * cannot be written (a file where a directory must go), is left out. The
 * input's length picks the options, so a saved input replays exactly:
 * bit 0 enables every @unstable feature, bit 1 is --strict, bit 2 turns
 * every lint rule on as a warning. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

enum { MAX_FILES = 24, MAX_PATH = 96, MAX_DEPTH = 4 };

/* The scratch directory lives for the whole process (libFuzzer calls the
 * entry point many times and has no per-run state to hang it on). */
static char scratch[4096];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (ftw->level > 0)
        remove(path);
    return 0;
}

/* Empties the scratch directory; `all` removes it too. */
static void clear_scratch(int all)
{
    if (!scratch[0])
        return;
    nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (all)
        rmdir(scratch);
}

static void remove_scratch(void) { clear_scratch(1); }

static int make_scratch(void)
{
    if (scratch[0])
        return 1;
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (snprintf(scratch, sizeof scratch, "%s/witan-deps.XXXXXX", tmp) >= (int)sizeof scratch ||
        !mkdtemp(scratch)) {
        scratch[0] = 0;
        return 0;
    }
    atexit(remove_scratch);
    return 1;
}

/* Whether p[0..n) is a relative path this target writes. */
static int path_ok(const char *p, size_t n)
{
    if (n == 0 || n > MAX_PATH)
        return 0;
    int depth = 1;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '/') {
            size_t len = i - start;
            if (len == 0 || (len == 1 && p[start] == '.') ||
                (len == 2 && p[start] == '.' && p[start + 1] == '.'))
                return 0;
            if (i < n && ++depth > MAX_DEPTH)
                return 0;
            start = i + 1;
            continue;
        }
        char c = p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Writes text as scratch/rel, making its directories. */
static void write_file(const char *rel, size_t rlen, const uint8_t *text, size_t len)
{
    char path[sizeof scratch + MAX_PATH + 2];
    int base = snprintf(path, sizeof path, "%s/", scratch);
    memcpy(path + base, rel, rlen);
    path[base + rlen] = 0;
    for (char *s = path + base; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        int made = mkdir(path, 0755) == 0 || errno == EEXIST;
        *s = '/';
        if (!made)
            return;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    while (len > 0) {
        ssize_t w = write(fd, text, len);
        if (w <= 0)
            break;
        text += w;
        len -= (size_t)w;
    }
    close(fd);
}

/* Where the next header line starts at or after `from` (a header starts
 * the input or follows a newline), or `size`. */
static size_t next_header(const uint8_t *data, size_t size, size_t from)
{
    for (size_t i = from; i + 3 <= size; i++)
        if ((i == 0 || data[i - 1] == '\n') && data[i] == '%' && data[i + 1] == '%' &&
            data[i + 2] == ' ')
            return i;
    return size;
}

static void write_tree(const uint8_t *data, size_t size)
{
    size_t h = next_header(data, size, 0);
    if (h > 0)
        write_file("root.wit", 8, data, h);
    for (int files = 0; h < size && files < MAX_FILES; files++) {
        const uint8_t *nl = memchr(data + h, '\n', size - h);
        size_t name = h + 3, name_end = nl ? (size_t)(nl - data) : size;
        size_t body = nl ? name_end + 1 : size;
        size_t next = next_header(data, size, body);
        if (path_ok((const char *)data + name, name_end - name))
            write_file((const char *)data + name, name_end - name, data + body, next - body);
        h = next;
    }
}

static void resolve_tree(size_t size)
{
    witan_ctx *ctx = witan_ctx_new();
    if (!ctx)
        return;
    witan_set_all_features(ctx, (size & 1) != 0);
    witan_set_strict(ctx, (size & 2) != 0);
    const witan_resolve *r = NULL;
    if (witan_resolve_path(ctx, scratch, &r) == WITAN_OK && r) {
        fuzz_documents(ctx, r, WITAN_NO_ID);
        witan_id w;
        witan_select_world(ctx, r, NULL, &w);
        for (witan_id id = 0; id < r->nworlds; id++) {
            if (r->worlds[id].package == r->main_package)
                fuzz_documents(ctx, r, id);
            for (int imports = 0; imports < 2; imports++) {
                const witan_export *list = NULL;
                size_t n = 0;
                if (witan_world_functions(ctx, r, id, imports, &list, &n) != WITAN_OK)
                    continue;
                for (size_t i = 0; i < n; i++)
                    if (witan_find_export(list, n, list[i].slash) == NULL)
                        abort(); /* every function is found by its own name */
            }
        }
    }
    fuzz_render(ctx);
    witan_ctx_free(ctx);
}

static void lint_tree(size_t size)
{
    witan_ctx *ctx = witan_ctx_new();
    if (!ctx)
        return;
    fuzz_lint(ctx, scratch, (size & 4) != 0);
    witan_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!make_scratch())
        return 0;
    clear_scratch(0);
    write_tree(data, size);
    resolve_tree(size);
    lint_tree(size);
    return 0;
}

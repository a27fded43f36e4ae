/* Mapped sources (mapfile.h): the text and its NUL whatever the file's
 * length, pages given back and read again, a file that shrinks under its
 * mapping, and loads through the public API that give the same answers
 * mapped and read. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "witan.h"

#include "ctx.h"
#include "load.h"
#include "mapfile.h"
#include "parse.h"
#include "testutil.h"

/* A temporary file holding text[0..len); its path is malloc'd, and
 * remove_temp deletes both. */
static char *temp_file(const char *text, size_t len)
{
    char *path = strdup("/tmp/witan-mapfile-XXXXXX.wit");
    ck_assert_ptr_nonnull(path);
    int fd = mkstemps(path, 4);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    free(path);
}

/* n bytes of a repeating pattern without NULs */
static char *pattern(size_t n)
{
    char *p = malloc(n + 1);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (char)('a' + i % 26);
    p[n] = 0;
    return p;
}

static mapfile *map_path(const char *path, size_t len)
{
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    int err = 0;
    mapfile *m = mapfile_open(fd, len, &err);
    close(fd);
    ck_assert_ptr_nonnull(m);
    return m;
}

static void check_text_then_nul(size_t len)
{
    char *want = pattern(len);
    char *path = temp_file(want, len);
    mapfile *m = map_path(path, len);
    ck_assert_int_eq(memcmp(m->text, want, len), 0);
    ck_assert_int_eq(m->text[len], 0);
    ck_assert_uint_eq(m->size % m->page, 0);
    ck_assert_uint_gt(m->size, len);
    mapfile_close(m);
    remove_temp(path);
    free(want);
}

START_TEST(the_text_is_followed_by_a_nul_whatever_its_length)
{
    long page = sysconf(_SC_PAGESIZE);
    check_text_then_nul(1);
    check_text_then_nul((size_t)page - 1);
    check_text_then_nul((size_t)page);     /* the NUL is on a page of its own */
    check_text_then_nul((size_t)page * 16);
    check_text_then_nul((size_t)page * 16 + 7);
}
END_TEST

START_TEST(dropped_pages_read_the_same_again)
{
    size_t len = 300 * 1024 + 5;
    char *want = pattern(len);
    char *path = temp_file(want, len);
    mapfile *m = map_path(path, len);
    ck_assert_int_eq(memcmp(m->text, want, len), 0);
    mapfile_drop(m, 0, len);
    ck_assert_int_eq(memcmp(m->text, want, len), 0);
    mapfile_drop(m, 4096, 100000);
    ck_assert_int_eq(memcmp(m->text, want, len), 0);
    ck_assert_int_eq(m->text[len], 0);
    ck_assert_int_eq(m->cut, 0);
    mapfile_close(m);
    remove_temp(path);
    free(want);
}
END_TEST

START_TEST(the_nul_stays_when_the_file_grows)
{
    size_t len = 5000;
    char *want = pattern(len);
    char *path = temp_file(want, len);
    mapfile *m = map_path(path, len);
    FILE *f = fopen(path, "a");
    ck_assert_ptr_nonnull(f);
    fputs("more text after the end", f);
    fclose(f);
    mapfile_drop(m, 0, len);
    ck_assert_int_eq(m->text[len], 0);
    ck_assert_int_eq(memcmp(m->text, want, len), 0);
    mapfile_close(m);
    remove_temp(path);
    free(want);
}
END_TEST

START_TEST(a_file_that_shrinks_reads_as_zeros_and_is_marked_cut)
{
    size_t len = 200 * 1024;
    char *want = pattern(len);
    char *path = temp_file(want, len);
    mapfile *m = map_path(path, len);
    mapfile_drop(m, 0, len);
    ck_assert_int_eq(truncate(path, 10000), 0);
    ck_assert_int_eq(m->text[100], want[100]);
    ck_assert_int_eq(m->cut, 0);
    /* past the new end: SIGBUS, turned into a page of zeros */
    ck_assert_int_eq(m->text[150000], 0);
    ck_assert_int_eq(m->cut, 1);
    ck_assert_int_eq(m->text[len - 1], 0);
    mapfile_close(m);
    remove_temp(path);
    free(want);
}
END_TEST

static void earlier_handler(int sig)
{
    (void)sig;
    _exit(42);
}

START_TEST(a_sigbus_elsewhere_goes_to_the_handler_there_was_before)
{
    /* the program's own handler, then a first mapping installs witan's */
    struct sigaction sa = {0};
    sa.sa_handler = earlier_handler;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGBUS, &sa, NULL), 0);
    size_t len = 70000;
    char *want = pattern(len);
    char *path = temp_file(want, len);
    mapfile *m = map_path(path, len);
    /* a mapping that is not a source's, faulting */
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    volatile char *other = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    ck_assert_ptr_ne((void *)other, MAP_FAILED);
    ck_assert_int_eq(truncate(path, 0), 0);
    remove_temp(path);
    (void)other[60000];     /* SIGBUS: earlier_handler ends the test */
    mapfile_close(m);
}
END_TEST

/* ---------------------------------------------------- through the loader */

/* A package of `n` interfaces with docs on every item, and `tail`
 * appended at the end. malloc'd. */
static char *package(int n, const char *tail, size_t *len)
{
    size_t cap = (size_t)n * 200 + strlen(tail) + 64;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    int w = sprintf(s, "/// the package\npackage a:b;\n");
    for (int i = 0; i < n; i++)
        w += sprintf(s + w,
                     "/// interface number %d\n"
                     "interface i%d {\n"
                     "  /// a record\n  record r { /// a field\n x: u32 }\n"
                     "  /** block %d */ f: func(a: r) -> string;\n}\n",
                     i, i, i);
    w += sprintf(s + w, "%s", tail);
    *len = (size_t)w;
    return s;
}

/* A context that maps big files (map = 1) or reads them (0). */
static witan_ctx *ctx_mapping(int map)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    witan_set_map_files(ctx, map);
    return ctx;
}

static char *resolve_json(const char *path, int map, witan_status *st)
{
    witan_ctx *ctx = ctx_mapping(map);
    const witan_resolve *r = NULL;
    *st = witan_resolve_path(ctx, path, &r);
    char *out = NULL;
    if (*st == WITAN_OK) {
        out = witan_resolve_json(ctx, r);
    } else {
        ck_assert_uint_ge(witan_diag_count(ctx), 1);
        out = witan_diag_render(ctx, 0, WITAN_FORMAT_TEXT, 0);
    }
    ck_assert_ptr_nonnull(out);
    witan_ctx_free(ctx);
    return out;
}

/* A package of 2000 interfaces (several drops while parsing) and `tail`,
 * resolved mapped and read: the same status, the same output (the JSON
 * or the first diagnostic), which holds both needles. */
static void same_mapped_and_read(const char *tail, witan_status want, const char *needle1,
                                 const char *needle2)
{
    size_t len;
    char *text = package(2000, tail, &len);
    ck_assert_uint_gt(len, 256 * 1024);
    char *path = temp_file(text, len);
    witan_status a, b;
    char *mapped = resolve_json(path, 1, &a), *read = resolve_json(path, 0, &b);
    ck_assert_int_eq(a, want);
    ck_assert_int_eq(b, want);
    ck_assert_str_eq(mapped, read);
    ck_assert_ptr_nonnull(strstr(mapped, needle1));
    ck_assert_ptr_nonnull(strstr(mapped, needle2));
    free(mapped);
    free(read);
    remove_temp(path);
    free(text);
}

START_TEST(a_mapped_package_resolves_as_a_read_one)
{
    same_mapped_and_read("", WITAN_OK, "\"contents\": \"interface number 1999\"",
                         "\"contents\": \"block 1999\"");
}
END_TEST

START_TEST(an_error_at_the_end_of_a_mapped_file_is_shown_with_its_line)
{
    same_mapped_and_read("interface z { f: func() -> nope; }\n", WITAN_EINPUT,
                         "name `nope` does not exist", "interface z { f: func() -> nope; }");
}
END_TEST

/* A package of 1000 interfaces (150 KB) in a temporary file, loaded
 * into a new context (ctx_mapping(map)); unload frees it all. */
typedef struct loaded {
    witan_ctx *ctx;
    char *text, *path;
    source *src;
} loaded;

static loaded load_package(int map)
{
    size_t len;
    loaded l;
    l.text = package(1000, "", &len);
    l.path = temp_file(l.text, len);
    l.ctx = ctx_mapping(map);
    l.src = load_file(l.ctx, l.path, LOAD_FILE);
    ck_assert_ptr_nonnull(l.src);
    return l;
}

static void unload(loaded *l)
{
    witan_ctx_free(l->ctx);
    remove_temp(l->path);
    free(l->text);
}

START_TEST(a_file_that_shrinks_after_loading_is_an_io_error)
{
    loaded l = load_package(1);
    ck_assert_ptr_nonnull(l.src->map);
    ck_assert_int_eq(truncate(l.path, 1000), 0);
    ck_assert_ptr_null(parse_file(l.ctx, l.src));
    int found = 0;
    for (size_t i = 0; i < witan_diag_count(l.ctx); i++)
        found |= strstr(witan_diag_message(l.ctx, i), "the file changed while it was read") != NULL;
    ck_assert(found);
    unload(&l);
}
END_TEST

/* A context that mapped and resolved package(n, "") from a temporary
 * file, freed by unload; l.src is not set. */
static loaded resolved_package(int n, const witan_resolve **r)
{
    size_t len;
    loaded l;
    l.text = package(n, "", &len);
    l.path = temp_file(l.text, len);
    l.ctx = ctx_mapping(1);
    l.src = NULL;
    *r = NULL;
    ck_assert_int_eq(witan_resolve_path(l.ctx, l.path, r), WITAN_OK);
    return l;
}

/* Docs are read from the file when the model is written: a file cut
 * after it was resolved fails the document with an I/O error, reported
 * once, instead of writing zeros as docs. */
START_TEST(a_file_that_shrinks_before_its_docs_are_read_is_an_io_error)
{
    const witan_resolve *r;
    loaded l = resolved_package(2000, &r);
    witan_ctx *ctx = l.ctx;
    size_t n = witan_diag_count(ctx);
    ck_assert_int_eq(truncate(l.path, 1000), 0);
    ck_assert_ptr_null(witan_resolve_json(ctx, r));
    ck_assert_uint_eq(witan_diag_count(ctx), n + 1);
    ck_assert_ptr_nonnull(strstr(witan_diag_message(ctx, n), "the file changed while it was read"));
    ck_assert_ptr_null(witan_resolve_json(ctx, r));
    ck_assert_uint_eq(witan_diag_count(ctx), n + 1);
    unload(&l);
}
END_TEST

/* The manifest reads docs from the file as well: a file cut after it was
 * resolved fails the document with the I/O error alone. The context is
 * not marked out of memory by it, so what it is asked next still works. */
START_TEST(a_file_that_shrinks_before_a_manifest_is_an_io_error_not_out_of_memory)
{
    size_t len;
    char *text = package(2000, "/// the world\nworld w { export i1999; }\n", &len);
    char *path = temp_file(text, len);
    witan_ctx *ctx = ctx_mapping(1);
    const witan_resolve *r = NULL;
    ck_assert_int_eq(witan_resolve_path(ctx, path, &r), WITAN_OK);
    witan_id world;
    ck_assert_int_eq(witan_select_world(ctx, r, "w", &world), WITAN_OK);
    size_t n = witan_diag_count(ctx);
    ck_assert_int_eq(truncate(path, 1000), 0);
    ck_assert_ptr_null(witan_manifest_json(ctx, r, world));
    ck_assert_uint_eq(witan_diag_count(ctx), n + 1);
    ck_assert_ptr_nonnull(strstr(witan_diag_message(ctx, n), "the file changed while it was read"));
    ck_assert(!ctx->oom);
    const char *good = "package c:d;\ninterface j {}\n";
    char *gpath = temp_file(good, strlen(good));
    ck_assert_int_eq(witan_parse_path(ctx, gpath), WITAN_OK);
    witan_ctx_free(ctx);
    remove_temp(gpath);
    remove_temp(path);
    free(text);
}
END_TEST

START_TEST(parsing_and_resolving_leave_the_text_given_back)
{
    const witan_resolve *r;
    loaded l = resolved_package(3000, &r);
    witan_ctx *ctx = l.ctx;
    size_t len = strlen(l.text);
    ck_assert_uint_eq(ctx->sources.count, 1);
    const source *src = ctx->sources.files[0];
    ck_assert_ptr_nonnull(src->map);
    long kib = tu_resident_kib(src->text);
    if (kib >= 0)   /* no /proc: nothing to look at */
        ck_assert_int_le(kib, 8);   /* the page holding the NUL, copied */
    /* the JSON reads every item's docs from the text again, and gives
     * back what it read every 64 KiB (docs.c) */
    char *json = witan_resolve_json(ctx, r);
    ck_assert_ptr_nonnull(json);
    ck_assert_ptr_nonnull(strstr(json, "\"contents\": \"interface number 2999\""));
    free(json);
    long after = tu_resident_kib(src->text);
    if (kib >= 0)
        ck_assert_int_le(after, 200);   /* of 409 KiB read */
    /* and a read of the whole text makes it resident: the figure is real */
    unsigned sum = 0;
    for (size_t i = 0; i < len; i += 512)
        sum += (unsigned char)src->text[i];
    ck_assert_uint_gt(sum, 0);
    if (kib >= 0)
        ck_assert_int_ge(tu_resident_kib(src->text), (long)(len / 1024) - 8);
    unload(&l);
}
END_TEST

START_TEST(reads_on_the_way_keep_what_lies_ahead_of_them)
{
    /* docs are read about in the order of the file: a periodic give-back
     * (min > 0) drops what was read, not the pages past the last read,
     * which the next reads want; the last one (min 0) drops those too */
    size_t len = 1024 * 1024;
    char *want = pattern(len);
    char *path = temp_file(want, len);
    source_map sm;
    source_map_init(&sm);
    source *src = source_map_add_mapped(&sm, path, map_path(path, len));
    ck_assert_ptr_nonnull(src);
    unsigned sum = 0;
    for (uint32_t off = 0; off < 512 * 1024; off += 4096) {
        sum += (unsigned char)src->text[off];
        source_note_read(src, off);
    }
    /* mapped ahead, as fault-around or a large folio maps it */
    for (size_t off = 512 * 1024; off < 768 * 1024; off += 4096)
        sum += (unsigned char)src->text[off];
    ck_assert_uint_gt(sum, 0);
    source_drop_read(src, 64 * 1024);
    long kib = tu_resident_kib(src->text);
    if (kib >= 0) {
        ck_assert_int_ge(kib, 256);                     /* [512 KiB, 768 KiB) kept */
        ck_assert_int_le(kib, (long)(len / 1024) - 500); /* what was read, dropped */
    }
    source_note_read(src, 600 * 1024);
    source_drop_read(src, 0);
    if (kib >= 0)
        ck_assert_int_le(tu_resident_kib(src->text), 8);   /* the page holding the NUL */
    ck_assert_int_eq(memcmp(src->text, want, len), 0);
    source_map_free(&sm);
    remove_temp(path);
    free(want);
}
END_TEST

START_TEST(small_files_and_default_contexts_are_read_not_mapped)
{
    loaded l = load_package(0);
    ck_assert_ptr_null(l.src->map);
    witan_set_map_files(l.ctx, 1);
    const char *small = "package a:b;\ninterface i {}\n";
    char *spath = temp_file(small, strlen(small));
    source *src = load_file(l.ctx, spath, LOAD_FILE);
    ck_assert_ptr_nonnull(src);
    ck_assert_ptr_null(src->map);
    unload(&l);
    remove_temp(spath);
}
END_TEST

static Suite *mapfile_suite(void)
{
    Suite *s = suite_create("mapfile");
    TCase *map = tcase_create("mapping");
    tcase_add_test(map, the_text_is_followed_by_a_nul_whatever_its_length);
    tcase_add_test(map, dropped_pages_read_the_same_again);
    tcase_add_test(map, the_nul_stays_when_the_file_grows);
    tcase_add_test(map, a_file_that_shrinks_reads_as_zeros_and_is_marked_cut);
    tcase_add_exit_test(map, a_sigbus_elsewhere_goes_to_the_handler_there_was_before, 42);
    suite_add_tcase(s, map);

    TCase *load = tcase_create("loading");
    tcase_add_test(load, a_mapped_package_resolves_as_a_read_one);
    tcase_add_test(load, an_error_at_the_end_of_a_mapped_file_is_shown_with_its_line);
    tcase_add_test(load, a_file_that_shrinks_after_loading_is_an_io_error);
    tcase_add_test(load, a_file_that_shrinks_before_a_manifest_is_an_io_error_not_out_of_memory);
    tcase_add_test(load, small_files_and_default_contexts_are_read_not_mapped);
    tcase_add_test(load, parsing_and_resolving_leave_the_text_given_back);
    tcase_add_test(load, reads_on_the_way_keep_what_lies_ahead_of_them);
    tcase_add_test(load, a_file_that_shrinks_before_its_docs_are_read_is_an_io_error);
    suite_add_tcase(s, load);
    return s;
}

int main(void)
{
    return tu_run(mapfile_suite());
}

/* The line map of a source (source.h): the text of each line as a
 * diagnostic quotes it, without its newline or a CR before it, the last
 * line with or without a final newline, and lines asked for past the end. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "testutil.h"

/* A source holding text, in map (which frees it). */
static source *add(source_map *map, const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, text, n + 1);
    source *src = source_map_add(map, "t.wit", copy, (uint32_t)n);
    ck_assert_ptr_nonnull(src);
    return src;
}

/* Line `line` (0-based) of src is exactly `want`. */
static void line_is(source *src, uint32_t line, const char *want)
{
    size_t len;
    const char *got = source_line(src, line, &len);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert(memcmp(got, want, len) == 0);
}

START_TEST(each_line_is_quoted_without_its_newline_or_cr)
{
    source_map map;
    source_map_init(&map);
    source *src = add(&map, "package a:b;\r\n\ninterface i {}\r\n  x\n");
    line_is(src, 0, "package a:b;");
    line_is(src, 1, "");
    line_is(src, 2, "interface i {}");
    line_is(src, 3, "  x");
    line_is(src, 4, "");    /* after the final newline */
    line_is(src, 5, "");    /* past the end */
    source_map_free(&map);
}
END_TEST

START_TEST(the_last_line_ends_at_the_end_of_the_text)
{
    source_map map;
    source_map_init(&map);
    source *src = add(&map, "a\nlast line, no newline");
    line_is(src, 1, "last line, no newline");
    source *one = add(&map, "only\r");
    line_is(one, 0, "only");
    source_map_free(&map);
}
END_TEST

START_TEST(a_long_line_is_quoted_whole_every_time)
{
    /* many findings on one line of 200,000 bytes: each gets all of it */
    enum { N = 200000 };
    char *text = malloc(N + 8);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "x\n", 2);
    memset(text + 2, 'a', N);
    memcpy(text + 2 + N, "\ny", 3);
    source_map map;
    source_map_init(&map);
    source *src = add(&map, text);
    for (int k = 0; k < 1000; k++) {
        size_t len;
        const char *got = source_line(src, 1, &len);
        ck_assert_uint_eq(len, N);
        ck_assert(got[0] == 'a' && got[N - 1] == 'a' && got[N] == '\n');
    }
    line_is(src, 2, "y");
    source_map_free(&map);
    free(text);
}
END_TEST

static Suite *source_suite(void)
{
    Suite *s = suite_create("source");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, each_line_is_quoted_without_its_newline_or_cr);
    tcase_add_test(tc, the_last_line_ends_at_the_end_of_the_text);
    tcase_add_test(tc, a_long_line_is_quoted_whole_every_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(source_suite());
}

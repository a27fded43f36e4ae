/* The hash tables of vec.h: ptrmap_put replaces, pairmap_add keeps the
 * first value and reports it, pairmap keys on tag and pointer together,
 * and both keep every entry as they grow. And the big mappings under
 * them and the arenas: aligned for huge pages, zero, used whole; of
 * small pages once a load has found its huge pages slow to make. */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

#include "testutil.h"
#include "vec.h"

/* Distinct non-NULL keys that hash apart: addresses in one array. */
enum { NKEYS = 5000 };
static char keys[NKEYS];

START_TEST(ptrmap_put_replaces_the_value)
{
    ptrmap m = {0};
    ck_assert_int_eq(ptrmap_put(&m, &keys[1], 1), 1);
    ck_assert_int_eq(ptrmap_put(&m, &keys[1], 2), 1);
    uint32_t got = 0;
    ck_assert_int_eq(ptrmap_get(&m, &keys[1], &got), 1);
    ck_assert_uint_eq(got, 2);
    ck_assert_uint_eq(m.count, 1);
    ck_assert_int_eq(ptrmap_get(&m, &keys[2], NULL), 0);
    ptrmap_free(&m);
}
END_TEST

START_TEST(ptrmap_keeps_every_entry_while_it_grows)
{
    ptrmap m = {0};
    ck_assert_int_eq(ptrmap_reserve(&m, 3), 1);
    for (uint32_t i = 0; i < NKEYS; i++)
        ck_assert_int_eq(ptrmap_put(&m, &keys[i], i * 3), 1);
    ck_assert_uint_eq(m.count, NKEYS);
    ck_assert_uint_ge((uint64_t)m.cap * 3, (uint64_t)m.count * 4);
    for (uint32_t i = 0; i < NKEYS; i++) {
        uint32_t v = 0;
        ck_assert_int_eq(ptrmap_get(&m, &keys[i], &v), 1);
        ck_assert_uint_eq(v, i * 3);
    }
    ptrmap_free(&m);
    ck_assert_int_eq(ptrmap_get(&m, &keys[0], NULL), 0);
}
END_TEST

START_TEST(pairmap_keys_on_the_tag_and_the_pointer)
{
    pairmap m = {0};
    for (uint32_t tag = 0; tag < 4; tag++)
        for (uint32_t i = 0; i < NKEYS; i++) {
            uint32_t v = tag * NKEYS + i;
            ck_assert_int_eq(pairmap_add(&m, tag, &keys[i], &v), 1);
        }
    ck_assert_uint_eq(m.count, 4 * NKEYS);
    for (uint32_t tag = 0; tag < 4; tag++)
        for (uint32_t i = 0; i < NKEYS; i += 7) {
            uint32_t v = 0;
            ck_assert_int_eq(pairmap_get(&m, tag, &keys[i], &v), 1);
            ck_assert_uint_eq(v, tag * NKEYS + i);
            v = 0;
            ck_assert_int_eq(pairmap_add(&m, tag, &keys[i], &v), 0);
            ck_assert_uint_eq(v, tag * NKEYS + i);
        }
    ck_assert_int_eq(pairmap_get(&m, 4, &keys[0], NULL), 0);
    pairmap_free(&m);
}
END_TEST

/* Every byte of p[0..n) is zero, the first and last pages at least. */
static int zero_ends(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < 4096 && i < n; i++)
        if (p[i] || p[n - 1 - i])
            return 0;
    return 1;
}

START_TEST(a_big_mapping_is_aligned_for_huge_pages)
{
    size_t n = ARENA_HUGE + 5 * 4096;
    unsigned char *p = arena_map(n, false, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq((uintptr_t)p % ARENA_HUGE, 0);
    ck_assert_int_eq(zero_ends(p, n), 1);
    p[0] = p[n - 1] = 1;
    ck_assert_int_eq(munmap(p, n), 0);

    unsigned char *f = arena_map(2 * ARENA_HUGE, true, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq((uintptr_t)f % ARENA_HUGE, 0);
    ck_assert_int_eq(zero_ends(f, 2 * ARENA_HUGE), 1);
    ck_assert_int_eq(munmap(f, 2 * ARENA_HUGE), 0);

    unsigned char *small = arena_map(16 * 4096, true, NULL);
    ck_assert_ptr_nonnull(small);
    ck_assert_int_eq(zero_ends(small, 16 * 4096), 1);
    ck_assert_int_eq(munmap(small, 16 * 4096), 0);
}
END_TEST

START_TEST(an_arena_uses_the_whole_of_a_huge_chunk)
{
    arena a;
    arena_init(&a);
    /* more than a huge page: the chunk is rounded up to two, starts at
     * a huge page's start, and the next block comes from its rest */
    size_t big = ARENA_HUGE + ARENA_HUGE / 2;
    unsigned char *p = arena_alloc(&a, big);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_lt((uintptr_t)p % ARENA_HUGE, 64);
    ck_assert_int_eq(zero_ends(p, big), 1);
    unsigned char *q = arena_alloc(&a, ARENA_HUGE / 4);
    ck_assert_ptr_eq(q, p + big);
    ck_assert_int_eq(zero_ends(q, ARENA_HUGE / 4), 1);
    arena_range r[4];
    ck_assert_uint_eq(arena_chunks(&a, r, 4), 1);
    ck_assert_uint_eq((uintptr_t)r[0].end % ARENA_HUGE, 0);
    ck_assert_uint_eq((size_t)(r[0].end - r[0].start) + 64 > 2 * ARENA_HUGE, 1);
    arena_free(&a);
}
END_TEST

START_TEST(an_arena_told_to_expect_much_starts_with_a_huge_page)
{
    arena a;
    arena_init(&a);
    arena_expect_big(&a, ARENA_BIG_CHUNK);
    unsigned char *p = arena_alloc(&a, 100);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_lt((uintptr_t)p % ARENA_HUGE, 64);
    arena_range r[2];
    ck_assert_uint_eq(arena_chunks(&a, r, 2), 1);
    ck_assert_uint_eq((uintptr_t)r[0].end % ARENA_HUGE, 0);
    ck_assert_uint_ge((size_t)(r[0].end - r[0].start), ARENA_BIG_CHUNK);
    /* an arena moved into another keeps the expectation */
    arena b;
    arena_init(&b);
    arena_append(&b, &a);
    ck_assert_uint_eq(a.chunk_min, ARENA_BIG_CHUNK);
    arena_free(&b);
    arena_free(&a);
}
END_TEST

START_TEST(an_array_keeps_its_items_as_it_grows_past_huge_pages)
{
    VEC(uint64_t) v = {0};
    const uint32_t n = (uint32_t)(3 * ARENA_HUGE / sizeof(uint64_t));
    for (uint32_t i = 0; i < n; i++)
        ck_assert_int_eq(VEC_PUSH(v, (uint64_t)i * 7 + 1), 1);
    for (uint32_t i = 0; i < n; i += 4093)
        ck_assert_uint_eq(v.items[i], (uint64_t)i * 7 + 1);
    ck_assert_uint_eq(v.items[n - 1], (uint64_t)(n - 1) * 7 + 1);
    free(v.items);
}
END_TEST

START_TEST(a_big_table_is_zero_and_aligned)
{
    size_t n = 3 * ARENA_HUGE / 2 + 8;
    unsigned char *t = vec_table_alloc(n, NULL);
    ck_assert_ptr_nonnull(t);
#if !defined(__SANITIZE_ADDRESS__)
    ck_assert_uint_eq((uintptr_t)t % ARENA_HUGE, 0);
#endif
    ck_assert_int_eq(zero_ends(t, n), 1);
    vec_table_free(t, n);
}
END_TEST

/* The flags the kernel shows for the mapping that holds p ("hg": asked
 * for huge pages, "nh": asked for none), from /proc/self/smaps; an
 * empty string where that cannot be read. */
static void vm_flags(const void *p, char *out, size_t cap)
{
    if (!tu_smaps(p, "VmFlags:", out, cap, NULL, NULL))
        out[0] = 0;
}

static int has_flag(const char *flags, const char *flag)
{
    size_t n = strlen(flag);
    for (const char *s = flags; (s = strstr(s, flag)) != NULL; s += n)
        if ((s == flags || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\n' || !s[n]))
            return 1;
    return 0;
}

#if defined(MADV_POPULATE_WRITE)
/* A block from a's first chunk, a huge page that is filled and timed,
 * as the syntax tree's chunks of a big input are. */
static unsigned char *first_block_of_a_load(arena *a, arena_pages *pages)
{
    arena_init_max(a, ARENA_BIG_CHUNK);
    arena_expect_big(a, ARENA_BIG_CHUNK);
    a->pages = pages;
    unsigned char *p = arena_alloc(a, 1000);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(zero_ends(p, 1000), 1);
    return p;
}

START_TEST(a_load_that_finds_huge_pages_slow_asks_for_small_ones)
{
    char flags[256];
    /* every huge page counts as slow: the first chunk tells the load */
    arena_pages pages = {.slow_ns = 1};
    arena a;
    first_block_of_a_load(&a, &pages);
    ck_assert_int_eq(atomic_load(&pages.cold), 1);
    ck_assert_int_eq(arena_huge_ok(&pages), 0);

    /* from then on: mappings told to use small pages, tables too */
    unsigned char *m = arena_map(2 * ARENA_HUGE, true, &pages);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(zero_ends(m, 2 * ARENA_HUGE), 1);
    vm_flags(m, flags, sizeof flags);
    if (flags[0]) {
        ck_assert_int_eq(has_flag(flags, "nh"), 1);
        ck_assert_int_eq(has_flag(flags, "hg"), 0);
    }
    ck_assert_int_eq(munmap(m, 2 * ARENA_HUGE), 0);
    size_t n = 3 * ARENA_HUGE / 2;
    unsigned char *t = vec_table_alloc(n, &pages);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(zero_ends(t, n), 1);
#if !defined(__SANITIZE_ADDRESS__)
    vm_flags(t, flags, sizeof flags);
    if (flags[0])
        ck_assert_int_eq(has_flag(flags, "hg"), 0);
#endif
    vec_table_free(t, n);
    arena_free(&a);

    /* a mapping not filled now is timed by its first huge page; the
     * rest of it is then asked for small pages */
    arena_pages later = {.slow_ns = 1};
    unsigned char *u = arena_map(3 * ARENA_HUGE, false, &later);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(atomic_load(&later.cold), 1);
    ck_assert_int_eq(zero_ends(u, 3 * ARENA_HUGE), 1);
    vm_flags(u + 2 * ARENA_HUGE, flags, sizeof flags);
    if (flags[0])
        ck_assert_int_eq(has_flag(flags, "nh"), 1);
    ck_assert_int_eq(munmap(u, 3 * ARENA_HUGE), 0);
}
END_TEST

START_TEST(a_load_that_finds_huge_pages_fast_keeps_them)
{
    char flags[256];
    arena_pages pages = {.slow_ns = LONG_MAX};
    arena a;
    unsigned char *p = first_block_of_a_load(&a, &pages);
    ck_assert_int_eq(atomic_load(&pages.cold), 0);
    ck_assert_uint_lt((uintptr_t)p % ARENA_HUGE, 64);
    vm_flags(p, flags, sizeof flags);
    if (flags[0])
        ck_assert_int_eq(has_flag(flags, "hg"), 1);
    arena_free(&a);
}
END_TEST
#endif

static Suite *vec_suite(void)
{
    Suite *s = suite_create("vec");
    TCase *tc = tcase_create("maps");
    tcase_add_test(tc, ptrmap_put_replaces_the_value);
    tcase_add_test(tc, ptrmap_keeps_every_entry_while_it_grows);
    tcase_add_test(tc, pairmap_keys_on_the_tag_and_the_pointer);
    suite_add_tcase(s, tc);
    TCase *mem = tcase_create("mappings");
    tcase_add_test(mem, a_big_mapping_is_aligned_for_huge_pages);
    tcase_add_test(mem, an_arena_uses_the_whole_of_a_huge_chunk);
    tcase_add_test(mem, an_arena_told_to_expect_much_starts_with_a_huge_page);
    tcase_add_test(mem, an_array_keeps_its_items_as_it_grows_past_huge_pages);
    tcase_add_test(mem, a_big_table_is_zero_and_aligned);
#if defined(MADV_POPULATE_WRITE)
    tcase_add_test(mem, a_load_that_finds_huge_pages_slow_asks_for_small_ones);
    tcase_add_test(mem, a_load_that_finds_huge_pages_fast_keeps_them);
#endif
    suite_add_tcase(s, mem);
    return s;
}

int main(void)
{
    return tu_run(vec_suite());
}

/* The hash tables of vec.h: ptrmap_put replaces, pairmap_add keeps the
 * first value and reports it, pairmap keys on tag and pointer together,
 * and both keep every entry as they grow. */
#include <check.h>
#include <stdlib.h>

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

static Suite *vec_suite(void)
{
    Suite *s = suite_create("vec");
    TCase *tc = tcase_create("maps");
    tcase_add_test(tc, ptrmap_put_replaces_the_value);
    tcase_add_test(tc, ptrmap_keeps_every_entry_while_it_grows);
    tcase_add_test(tc, pairmap_keys_on_the_tag_and_the_pointer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(vec_suite());
}

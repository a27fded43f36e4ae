/* The program's own pages given back (progpages.h): what is mapped of
 * its code goes, the program runs on, and a page a debugger wrote to
 * (a private copy) keeps what was written. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "progpages.h"
#include "testutil.h"
#include "witan.h"

/* read-only data of this program, pages of its own */
static const char marker[4 * 4096] = {1, 2, 3};

/* The mapping holding p: its bounds and how many KiB of it are
 * resident; false when /proc/self/smaps cannot be read. */
static bool mapping_of(const void *p, uintptr_t *lo, uintptr_t *hi, long *kib)
{
    char v[64];
    if (!tu_smaps(p, "Rss:", v, sizeof v, lo, hi))
        return false;
    *kib = strtol(v, NULL, 10);
    return true;
}

START_TEST(the_programs_code_is_given_back_and_runs_on)
{
    uintptr_t lo, hi;
    long before, after;
    if (!mapping_of((const void *)mapping_of, &lo, &hi, &before) ||
        access("/proc/self/pagemap", R_OK) != 0)
        return;     /* no /proc: nothing can be told, nothing is done */
    /* all of the code mapped, as witan's is when its main starts */
    unsigned sum = 0;
    for (uintptr_t a = lo; a < hi; a += 512)
        sum += *(const volatile unsigned char *)a;
    ck_assert(mapping_of((const void *)mapping_of, &lo, &hi, &before));
    ck_assert_int_ge(before, (long)((hi - lo) / 1024) - 8);
    size_t dropped = progpages_trim();
    ck_assert(mapping_of((const void *)mapping_of, &lo, &hi, &after));
    ck_assert_uint_ge(dropped, (size_t)(hi - lo) / 2);
    ck_assert_int_lt(after, before / 2);
    /* and the library's code comes back as it is used */
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    const witan_resolve *r;
    ck_assert_int_eq(witan_resolve_path(ctx, "testdata/golem/shopping-cart.wit", &r), WITAN_OK);
    ck_assert_uint_gt(r->nworlds, 0);
    witan_ctx_free(ctx);
    ck_assert_uint_gt(sum, 0);
}
END_TEST

START_TEST(a_page_written_to_keeps_what_was_written)
{
    /* as a debugger sets a breakpoint: the page made writable, written
     * (the process gets a private copy of it) and made read-only again */
    long page = sysconf(_SC_PAGESIZE);
    ck_assert_int_gt(page, 0);
    char *p = (char *)(((uintptr_t)marker + (uintptr_t)page) & ~(uintptr_t)(page - 1));
    ck_assert(p + page <= marker + sizeof marker);
    ck_assert_int_eq(mprotect(p, (size_t)page, PROT_READ | PROT_WRITE), 0);
    p[17] = 42;
    ck_assert_int_eq(mprotect(p, (size_t)page, PROT_READ), 0);
    progpages_trim();
    ck_assert_int_eq(((volatile char *)p)[17], 42);
    ck_assert_int_eq(((volatile const char *)marker)[1], 2);
}
END_TEST

START_TEST(trimming_twice_is_harmless)
{
    progpages_trim();
    progpages_trim();
    ck_assert_int_eq(((volatile const char *)marker)[2], 3);
}
END_TEST

static Suite *progpages_suite(void)
{
    Suite *s = suite_create("progpages");
    TCase *tc = tcase_create("trim");
    tcase_add_test(tc, the_programs_code_is_given_back_and_runs_on);
    tcase_add_test(tc, a_page_written_to_keeps_what_was_written);
    tcase_add_test(tc, trimming_twice_is_harmless);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(progpages_suite());
}

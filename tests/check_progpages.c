/* The program's own pages given back (progpages.h): what is mapped of
 * its code goes, the program runs on, and a page a debugger wrote to
 * (a private copy) keeps what was written. */
#include <check.h>
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

/* KiB of the mapping holding p that are resident (/proc/self/smaps), or
 * -1 when the file cannot be read. */
static long resident_kib(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    int in = 0;
    long kib = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = (unsigned long)p >= lo && (unsigned long)p < hi;
        } else if (in && sscanf(line, "Rss: %ld kB", &kib) == 1) {
            break;
        }
    }
    fclose(f);
    return kib;
}

START_TEST(the_programs_code_is_given_back_and_runs_on)
{
    long before = resident_kib((const void *)resident_kib);
    size_t dropped = progpages_trim();
    long after = resident_kib((const void *)resident_kib);
    if (before < 0 || access("/proc/self/pagemap", R_OK) != 0)
        return;     /* no /proc: nothing can be told, nothing is done */
    ck_assert_uint_gt(dropped, 0);
    ck_assert_int_lt(after, before);
    /* and the library's code comes back as it is used */
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    const witan_resolve *r;
    ck_assert_int_eq(witan_resolve_path(ctx, "testdata/golem/shopping-cart.wit", &r), WITAN_OK);
    ck_assert_uint_gt(r->nworlds, 0);
    witan_ctx_free(ctx);
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

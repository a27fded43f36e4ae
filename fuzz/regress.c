/* main() for replaying fuzz inputs without libFuzzer: linked with one
 * fuzz_*.c target, it feeds the empty input, then every file named on the
 * command line (or found in a directory named there), to
 * LLVMFuzzerTestOneInput. The empty input is made here rather than kept
 * as an empty file in every target's directory. `make
 * check` runs it over testdata/fuzz-regressions/<target>/ in the normal,
 * sanitizer and valgrind builds; a crash, leak or sanitizer report fails
 * the run. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 0;
    }
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    for (;;) {
        if (!data) {
            fclose(f);
            fprintf(stderr, "fuzz-regress: out of memory\n");
            return 0;
        }
        n += fread(data + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *d = realloc(data, cap * 2);
        if (!d)
            free(data);
        data = d;
        cap *= 2;
    }
    int ok = !ferror(f);
    fclose(f);
    if (ok)
        LLVMFuzzerTestOneInput(data, n);
    else
        perror(path);
    free(data);
    return ok;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of a directory, in name order. */
static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int ok = 1;
    while (ok && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                ok = 0;
                break;
            }
            names = p;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            ok = 0;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (ok && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            ok = run_file(names[i]);
            (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

int main(int argc, char **argv)
{
    static const uint8_t nothing[1];
    LLVMFuzzerTestOneInput(nothing, 0);
    size_t count = 1;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 2;
        }
        if (S_ISDIR(st.st_mode) ? !run_dir(argv[i], &count) : !run_file(argv[i]))
            return 2;
        if (!S_ISDIR(st.st_mode))
            count++;
    }
    printf("%s: %zu inputs, no failures\n", argc ? argv[0] : "fuzz-regress", count);
    return 0;
}

/* Fuzz target (a): lexing and parsing one file (`witan parse`), in the
 * default mode and in --strict mode; and once more cut in parts parsed by
 * threads (parts of one byte and more, src/parse_parts.c), which must
 * give the same status and the same diagnostics as one thread. */
#include "fuzz.h"

/* Every diagnostic rendered, one after the other (malloc'd). */
static char *all_diags(witan_ctx *ctx)
{
    fuzz_text t = {NULL, 0};
    for (size_t i = 0; i < witan_diag_count(ctx); i++) {
        char *s = witan_diag_render(ctx, i, WITAN_FORMAT_GCC, 0);
        if (s && (fuzz_collect(&t, s, strlen(s)) != 0 || fuzz_collect(&t, "\n", 1) != 0))
            abort();
        free(s);
    }
    if (t.data)
        t.data[t.len] = 0; /* fuzz_collect leaves room for it */
    return t.data;
}

/* The status of parsing the input, its diagnostics in *diags. */
static witan_status parse_once(const uint8_t *data, size_t size, int strict, int threads,
                               char **diags)
{
    overlay ov;
    *diags = NULL;
    witan_ctx *ctx = fuzz_ctx(data, size, &ov);
    if (!ctx)
        return WITAN_EINTERNAL;
    witan_set_strict(ctx, strict);
    witan_set_threads(ctx, threads, threads > 1 ? 1 : 0);
    witan_status st = witan_parse_path(ctx, FUZZ_PATH);
    fuzz_render(ctx);
    *diags = all_diags(ctx);
    witan_ctx_free(ctx);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int strict = 0; strict < 2; strict++) {
        char *one, *parts;
        witan_status a = parse_once(data, size, strict, 1, &one);
        witan_status b = parse_once(data, size, strict, 8, &parts);
        if (a != WITAN_EINTERNAL && b != WITAN_EINTERNAL &&
            (a != b || (one == NULL) != (parts == NULL) || (one && strcmp(one, parts) != 0)))
            abort();
        free(one);
        free(parts);
    }
    return 0;
}

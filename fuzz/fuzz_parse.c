/* Fuzz target (a): lexing and parsing one file (`witan parse`), in the
 * default mode and in --strict mode. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int strict = 0; strict < 2; strict++) {
        overlay ov;
        witan_ctx *ctx = fuzz_ctx(data, size, &ov);
        if (!ctx)
            return 0;
        witan_set_strict(ctx, strict);
        witan_parse_path(ctx, FUZZ_PATH);
        fuzz_render(ctx);
        witan_ctx_free(ctx);
    }
    return 0;
}

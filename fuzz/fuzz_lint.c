/* Fuzz target (d): `witan lint` on one file (witan_lint_path): the
 * reference's errors, the search for further errors in repaired copies,
 * and witan's own rules. Odd input lengths turn every rule on as a
 * warning, even lengths keep the default levels; a saved input replays
 * exactly. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    overlay ov;
    witan_ctx *ctx = fuzz_ctx(data, size, &ov);
    if (!ctx)
        return 0;
    fuzz_lint(ctx, FUZZ_PATH, (size & 1) != 0);
    witan_ctx_free(ctx);
    return 0;
}

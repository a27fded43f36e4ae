/* Fuzz target (b): loading and resolving one file with its nested
 * packages (`witan resolve --json`, `witan list`): the model, its JSON,
 * world selection and the exported and imported function names of every
 * world. The input's length picks the options, so a saved input replays
 * exactly: odd lengths enable every @unstable feature, lengths with bit 1
 * set are --strict. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    overlay ov;
    witan_ctx *ctx = fuzz_ctx(data, size, &ov);
    if (!ctx)
        return 0;
    witan_set_all_features(ctx, (size & 1) != 0);
    witan_set_strict(ctx, (size & 2) != 0);
    const witan_resolve *r = NULL;
    if (witan_resolve_path(ctx, FUZZ_PATH, &r) == WITAN_OK && r) {
        fuzz_documents(ctx, r, WITAN_NO_ID);
        witan_id w;
        witan_select_world(ctx, r, NULL, &w);
        for (witan_id id = 0; id < r->nworlds; id++) {
            const witan_world *world = &r->worlds[id];
            if (world->package == r->main_package && world->name) {
                witan_select_world(ctx, r, world->name, &w);
                (void)witan_world_is_stdio(r, id);
            }
            for (int imports = 0; imports < 2; imports++) {
                const witan_export *list = NULL;
                size_t n = 0;
                if (witan_world_functions(ctx, r, id, imports, &list, &n) != WITAN_OK)
                    continue;
                for (size_t i = 0; i < n; i++) {
                    if (witan_find_export(list, n, list[i].slash) == NULL)
                        abort(); /* every function is found by its own name */
                    if (list[i].raw && witan_find_export(list, n, list[i].raw) == NULL)
                        abort();
                }
            }
        }
        for (uint32_t i = 0; i < r->ntypes; i++) {
            const char *path;
            uint32_t l, c;
            witan_span_location(ctx, r->types[i].span, &path, &l, &c);
        }
    }
    fuzz_render(ctx);
    witan_ctx_free(ctx);
    return 0;
}

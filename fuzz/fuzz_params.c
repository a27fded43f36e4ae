/* Fuzz target (c): `witan check-params` (witan_check_params) with fuzzed
 * JSON, checked against every function of a fixed world whose signatures
 * use every WIT type with a JSON form (and a few without), plus the
 * stdio world, where any JSON goes through. The world is resolved afresh
 * for each input, so each run starts from a clean context. */
#include "fuzz.h"

static const char signatures[] =
    "package fuzz:params@1.0.0;\n"
    "interface types {\n"
    "  record point { x: s32, y: s32, label: option<string> }\n"
    "  variant shape { circle(f64), rect(tuple<f32, f32>), none, nested(option<option<u8>>) }\n"
    "  enum color { red, green, blue }\n"
    "  flags perms { read, write, exec }\n"
    "  type bytes = list<u8>;\n"
    "  type alias-of-point = point;\n"
    "  resource counter {\n"
    "    constructor(start: u64);\n"
    "    inc-by: func(n: u64) -> u64;\n"
    "    merge: static func(a: borrow<counter>, b: own<counter>) -> counter;\n"
    "  }\n"
    "}\n"
    "interface api {\n"
    "  use types.{point, shape, color, perms, bytes, alias-of-point, counter};\n"
    "  ints: func(a: u8, b: u16, c: u32, d: u64, e: s8, f: s16, g: s32, h: s64);\n"
    "  floats: func(a: f32, b: f64, c: char, d: bool, e: string);\n"
    "  records: func(p: point, q: alias-of-point, r: list<point>);\n"
    "  variants: func(s: shape, c: color, p: perms, l: list<shape>);\n"
    "  results: func(a: result, b: result<u8>, c: result<_, string>, d: result<bytes, color>);\n"
    "  containers: func(a: tuple<u8, string, tuple<bool>>, b: list<u8, 3>, c: map<string, list<u32>>,\n"
    "                   d: option<list<option<s64>>>);\n"
    "  handles: func(a: counter, b: borrow<counter>, c: list<counter>);\n"
    "  no-json: func(a: future<u8>, b: stream, c: error-context);\n"
    "  none: func();\n"
    "}\n"
    "world all {\n"
    "  export api;\n"
    "  export types;\n"
    "  export top: func(x: list<list<list<u8>>>, y: option<point>) -> string;\n"
    "  use types.{point};\n"
    "}\n"
    "world stdio {\n"
    "  export wasi:cli/run@0.2.0;\n"
    "}\n"
    "package wasi:cli@0.2.0 {\n"
    "  interface run { run: func() -> result; }\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    overlay ov;
    witan_ctx *ctx = fuzz_ctx((const uint8_t *)signatures, sizeof signatures - 1, &ov);
    if (!ctx)
        return 0;
    const witan_resolve *r;
    if (witan_resolve_path(ctx, FUZZ_PATH, &r) != WITAN_OK)
        abort(); /* the fixed signatures must resolve */
    const char *worlds[] = {"all", "stdio"};
    for (size_t k = 0; k < 2; k++) {
        witan_id w;
        const witan_export *list;
        size_t n;
        if (witan_select_world(ctx, r, worlds[k], &w) != WITAN_OK ||
            witan_world_functions(ctx, r, w, 0, &list, &n) != WITAN_OK)
            abort();
        for (size_t i = 0; i < n; i++) {
            const witan_param_problem *problems;
            size_t count;
            witan_status st = witan_check_params(ctx, r, w, &list[i], (const char *)data, size,
                                                 &problems, &count);
            if ((st == WITAN_OK) != (count == 0) && st != WITAN_EINTERNAL)
                abort(); /* the documented contract */
            for (size_t p = 0; p < count; p++)
                if (!problems[p].message || (problems[p].offset > size && problems[p].line))
                    abort();
        }
    }
    witan_ctx_free(ctx);
    return 0;
}

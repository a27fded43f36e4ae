/* witan_resolve_json: models built by hand, printed and compared byte for
 * byte with wit-parser's own output (the conformance files of
 * shared/conformance/wit-parser/ui, read at test time) and with
 * hand-written documents for what those files do not cover. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctx.h"
#include "witan.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

#define NO_TYPE ((witan_type){WITAN_TYPE_NONE, 0})
#define PRIM(k) ((witan_type){WITAN_TYPE_##k, 0})
#define TID(n) ((witan_type){WITAN_TYPE_ID, (n)})
#define LEN(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static witan_interface iface(const char *name, witan_id package)
{
    witan_interface i;
    memset(&i, 0, sizeof i);
    i.name = name;
    i.package = package;
    i.clone_of = WITAN_NO_ID;
    return i;
}

static witan_typedef tdef(const char *name, witan_typedef_kind kind, witan_owner_kind owner,
                          witan_id owner_id)
{
    witan_typedef t;
    memset(&t, 0, sizeof t);
    t.name = name;
    t.kind = kind;
    t.owner = owner;
    t.owner_id = owner_id;
    return t;
}

static witan_typedef anon(witan_typedef_kind kind, witan_type a)
{
    witan_typedef t = tdef(NULL, kind, WITAN_OWNER_NONE, 0);
    t.a = a;
    return t;
}

static witan_typedef handle(witan_typedef_kind kind, witan_id resource)
{
    witan_typedef t = tdef(NULL, kind, WITAN_OWNER_NONE, 0);
    t.resource = resource;
    return t;
}

static witan_function func(const char *name, witan_func_kind kind, witan_id resource)
{
    witan_function f;
    memset(&f, 0, sizeof f);
    f.name = name;
    f.kind = kind;
    f.resource = resource;
    return f;
}

static witan_world_item item_func(witan_function *f)
{
    witan_world_item it;
    memset(&it, 0, sizeof it);
    it.name = f->name;
    it.key_interface = WITAN_NO_ID;
    it.kind = WITAN_ITEM_FUNCTION;
    it.func = f;
    return it;
}

static witan_world_item item_iface(witan_id id)
{
    witan_world_item it;
    memset(&it, 0, sizeof it);
    it.key_interface = id;
    it.kind = WITAN_ITEM_INTERFACE;
    it.id = id;
    return it;
}

static witan_world_item item_type(const char *name, witan_id id)
{
    witan_world_item it;
    memset(&it, 0, sizeof it);
    it.name = name;
    it.key_interface = WITAN_NO_ID;
    it.kind = WITAN_ITEM_TYPE;
    it.id = id;
    return it;
}

static witan_world world(const char *name, witan_id package)
{
    witan_world w;
    memset(&w, 0, sizeof w);
    w.name = name;
    w.package = package;
    return w;
}

static witan_package package(const char *name)
{
    witan_package p;
    memset(&p, 0, sizeof p);
    p.name = name;
    return p;
}

/* Docs of the `count` comments `text` starts with, a file of its own
 * in ctx: a model holds only where its docs are. */
static witan_docs docs_of(witan_ctx *ctx, const char *text, uint32_t count)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, text, n + 1);
    source *src = source_map_add(&ctx->sources, "docs.wit", copy, (uint32_t)n);
    ck_assert_ptr_nonnull(src);
    return (witan_docs){src->base, count};
}

static char *to_json_in(witan_ctx *ctx, const witan_resolve *r)
{
    char *json = witan_resolve_json(ctx, r);
    ck_assert_ptr_nonnull(json);
    return json;
}

static char *to_json(const witan_resolve *r)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    char *json = to_json_in(ctx, r);
    witan_ctx_free(ctx);
    return json;
}

/* Fails with the first differing line rather than two whole documents. */
static void assert_json(const char *got, const char *want)
{
    size_t i = 0, line = 1, bol = 0;
    while (got[i] && got[i] == want[i]) {
        if (got[i] == '\n') {
            line++;
            bol = i + 1;
        }
        i++;
    }
    if (!got[i] && !want[i])
        return;
    ck_abort_msg("JSON differs at line %zu (byte %zu):\n  got:  %.*s\n  want: %.*s", line, i,
                 (int)strcspn(got + bol, "\n"), got + bol, (int)strcspn(want + bol, "\n"),
                 want + bol);
}

/* The conformance folder: $WITAN_SHARED, else ../shared (beside the
 * repository), else /work/shared. NULL when none is there. */
static const char *conformance_dir(void)
{
    static char dir[4096];
    const char *bases[] = {getenv("WITAN_SHARED"), "../shared", "/work/shared"};
    struct stat st;
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        if (!bases[i])
            continue;
        snprintf(dir, sizeof dir, "%s/conformance/wit-parser/ui", bases[i]);
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return dir;
    }
    return NULL;
}

/* The expected file with surrounding whitespace trimmed, as the
 * conformance runner compares it. NULL (test skipped) without the folder. */
static char *read_expected(const char *name)
{
    const char *dir = conformance_dir();
    if (!dir) {
        fprintf(stderr, "check_json: shared/conformance not found, skipping %s\n", name);
        return NULL;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    ck_assert_int_ge(size, 0);
    char *text = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    size_t start = 0, end = (size_t)size;
    while (start < end && strchr(" \t\r\n", text[start]))
        start++;
    while (end > start && strchr(" \t\r\n", text[end - 1]))
        end--;
    memmove(text, text + start, end - start);
    text[end - start] = 0;
    return text;
}

/* Our output is compared untrimmed: it must not end in a newline. */
static void assert_conformance_in(witan_ctx *ctx, const witan_resolve *r, const char *name)
{
    char *want = read_expected(name);
    if (!want)
        return;
    char *got = to_json_in(ctx, r);
    assert_json(got, want);
    free(got);
    free(want);
}

static void assert_conformance(const witan_resolve *r, const char *name)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    assert_conformance_in(ctx, r, name);
    witan_ctx_free(ctx);
}

/* ------------------------------------------- conformance files by hand */

START_TEST(empty_package_matches_reference)
{
    witan_package pkgs[] = {package("foo:empty")};
    witan_resolve r = {.packages = pkgs, .npackages = 1};
    assert_conformance(&r, "empty.wit.json");
}
END_TEST

START_TEST(interface_function_with_result_matches_reference)
{
    witan_function fns[] = {func("foo", WITAN_FUNC_FREESTANDING, 0)};
    fns[0].result = PRIM(STRING);
    witan_interface ifaces[] = {iface("foo", 0)};
    ifaces[0].functions = fns;
    ifaces[0].nfunctions = LEN(fns);
    witan_named_id pkg_ifaces[] = {{"foo", 0}};
    witan_package pkgs[] = {package("foo:foo")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = LEN(pkg_ifaces);
    witan_resolve r = {.packages = pkgs, .npackages = 1, .interfaces = ifaces, .ninterfaces = 1};
    assert_conformance(&r, "type-then-eof.wit.json");
}
END_TEST

START_TEST(interface_docs_and_stream_match_reference)
{
    witan_typedef types[] = {
        tdef("x", WITAN_TD_ALIAS, WITAN_OWNER_INTERFACE, 0),
        tdef("bar", WITAN_TD_STREAM, WITAN_OWNER_INTERFACE, 0),
    };
    types[0].a = PRIM(U32);
    types[1].a = TID(0);
    witan_named_id iface_types[] = {{"x", 0}, {"bar", 1}};
    witan_interface ifaces[] = {iface("foo", 0)};
    ifaces[0].types = iface_types;
    ifaces[0].ntypes = LEN(iface_types);
    /* the comments of comments.wit, before `interface foo` */
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    ifaces[0].docs = docs_of(ctx,
                             "// hello\n// world\n// why, yes\n// this is a comment\n"
                             "/* this too */ /* is a comment */\n"
                             "/* this /* is /* a */ nested */ comment */\n\ninterface foo {}\n",
                             7);
    witan_named_id pkg_ifaces[] = {{"foo", 0}};
    witan_package pkgs[] = {package("foo:comments")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1, .interfaces = ifaces, .ninterfaces = 1,
                       .types = types, .ntypes = LEN(types)};
    assert_conformance_in(ctx, &r, "comments.wit.json");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(resource_handles_match_reference)
{
    witan_typedef types[] = {
        tdef("r1", WITAN_TD_RESOURCE, WITAN_OWNER_INTERFACE, 0),
        handle(WITAN_TD_HANDLE_BORROW, 0),
        handle(WITAN_TD_HANDLE_OWN, 0),
    };
    witan_param p1[] = {{"a", TID(2), {0, 0}}}, p2[] = {{"a", TID(1), {0, 0}}};
    witan_function fns[] = {
        func("t1", WITAN_FUNC_FREESTANDING, 0),
        func("t2", WITAN_FUNC_FREESTANDING, 0),
    };
    fns[0].params = p1;
    fns[0].nparams = 1;
    fns[1].params = p2;
    fns[1].nparams = 1;
    witan_named_id iface_types[] = {{"r1", 0}};
    witan_interface ifaces[] = {iface("resources-empty", 0)};
    ifaces[0].types = iface_types;
    ifaces[0].ntypes = 1;
    ifaces[0].functions = fns;
    ifaces[0].nfunctions = LEN(fns);
    witan_named_id pkg_ifaces[] = {{"resources-empty", 0}};
    witan_package pkgs[] = {package("foo:resources-empty")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1, .interfaces = ifaces, .ninterfaces = 1,
                       .types = types, .ntypes = LEN(types)};
    assert_conformance(&r, "resources-empty.wit.json");
}
END_TEST

START_TEST(world_functions_match_reference)
{
    witan_typedef types[] = {
        anon(WITAN_TD_LIST, PRIM(U32)),
        anon(WITAN_TD_OPTION, PRIM(U32)),
        anon(WITAN_TD_LIST, TID(1)),
    };
    witan_param bar_params[] = {{"arg", TID(0), {0, 0}}};
    witan_function fns[] = {
        func("foo", WITAN_FUNC_FREESTANDING, 0),
        func("bar", WITAN_FUNC_FREESTANDING, 0),
        func("foo2", WITAN_FUNC_FREESTANDING, 0),
        func("some-name", WITAN_FUNC_FREESTANDING, 0),
    };
    fns[1].params = bar_params;
    fns[1].nparams = 1;
    fns[3].result = TID(2);
    witan_world_item imports[] = {item_func(&fns[0]), item_func(&fns[1])};
    witan_world_item exports[] = {item_func(&fns[2]), item_func(&fns[3])};
    witan_world worlds[] = {world("foo", 0)};
    worlds[0].imports = imports;
    worlds[0].nimports = LEN(imports);
    worlds[0].exports = exports;
    worlds[0].nexports = LEN(exports);
    witan_named_id pkg_worlds[] = {{"foo", 0}};
    witan_package pkgs[] = {package("foo:foo")};
    pkgs[0].worlds = pkg_worlds;
    pkgs[0].nworlds = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1, .worlds = worlds, .nworlds = 1,
                       .types = types, .ntypes = LEN(types)};
    assert_conformance(&r, "world-top-level-funcs.wit.json");
}
END_TEST

START_TEST(world_interface_and_type_items_match_reference)
{
    witan_typedef types[] = {
        tdef("g", WITAN_TD_ALIAS, WITAN_OWNER_INTERFACE, 0),
        tdef("g", WITAN_TD_ALIAS, WITAN_OWNER_WORLD, 0),
    };
    types[0].a = PRIM(CHAR);
    types[1].a = TID(0);
    witan_named_id iface_types[] = {{"g", 0}};
    witan_interface ifaces[] = {iface("foo", 0)};
    ifaces[0].types = iface_types;
    ifaces[0].ntypes = 1;
    witan_function foo = func("foo", WITAN_FUNC_FREESTANDING, 0);
    foo.result = TID(1);
    witan_world_item imports[] = {item_iface(0), item_type("g", 1), item_func(&foo)};
    witan_world worlds[] = {world("w", 0)};
    worlds[0].imports = imports;
    worlds[0].nimports = LEN(imports);
    witan_named_id pkg_ifaces[] = {{"foo", 0}}, pkg_worlds[] = {{"w", 0}};
    witan_package pkgs[] = {package("foo:foo")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = 1;
    pkgs[0].worlds = pkg_worlds;
    pkgs[0].nworlds = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1, .worlds = worlds, .nworlds = 1,
                       .interfaces = ifaces, .ninterfaces = 1, .types = types,
                       .ntypes = LEN(types)};
    assert_conformance(&r, "world-implicit-import2.wit.json");
}
END_TEST

START_TEST(function_kinds_match_reference)
{
    witan_typedef types[] = {
        tdef("z", WITAN_TD_RESOURCE, WITAN_OWNER_INTERFACE, 0),
        handle(WITAN_TD_HANDLE_BORROW, 0),
        handle(WITAN_TD_HANDLE_OWN, 0),
    };
    witan_param x_params[] = {{"x", PRIM(U32), {0, 0}}};
    witan_param self[] = {{"self", TID(1), {0, 0}}};
    witan_function fns[] = {
        func("x", WITAN_FUNC_ASYNC_FREESTANDING, 0),
        func("y", WITAN_FUNC_FREESTANDING, 0),
        func("[constructor]z", WITAN_FUNC_CONSTRUCTOR, 0),
        func("[method]z.x", WITAN_FUNC_ASYNC_METHOD, 0),
        func("[method]z.y", WITAN_FUNC_METHOD, 0),
        func("[static]z.static-x", WITAN_FUNC_ASYNC_STATIC, 0),
        func("[static]z.static-y", WITAN_FUNC_STATIC, 0),
    };
    fns[0].params = x_params;
    fns[0].nparams = 1;
    fns[0].result = PRIM(U64);
    fns[2].result = TID(2);
    fns[3].params = fns[4].params = self;
    fns[3].nparams = fns[4].nparams = 1;
    witan_named_id iface_types[] = {{"z", 0}};
    witan_interface ifaces[] = {iface("x", 0)};
    ifaces[0].types = iface_types;
    ifaces[0].ntypes = 1;
    ifaces[0].functions = fns;
    ifaces[0].nfunctions = LEN(fns);
    witan_function wx = func("x", WITAN_FUNC_ASYNC_FREESTANDING, 0);
    witan_function wy = func("y", WITAN_FUNC_FREESTANDING, 0);
    witan_world_item items[] = {item_func(&wx), item_func(&wy)};
    witan_world worlds[] = {world("y", 0)};
    worlds[0].imports = worlds[0].exports = items;
    worlds[0].nimports = worlds[0].nexports = LEN(items);
    witan_named_id pkg_ifaces[] = {{"x", 0}}, pkg_worlds[] = {{"y", 0}};
    witan_package pkgs[] = {package("test:async")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = 1;
    pkgs[0].worlds = pkg_worlds;
    pkgs[0].nworlds = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1, .worlds = worlds, .nworlds = 1,
                       .interfaces = ifaces, .ninterfaces = 1, .types = types,
                       .ntypes = LEN(types)};
    assert_conformance(&r, "async.wit.json");
}
END_TEST

START_TEST(variant_without_payloads_and_result_without_ok_match_reference)
{
    witan_field cases[] = {{"x", NO_TYPE, {0, 0}, {0, 0}}, {"y", NO_TYPE, {0, 0}, {0, 0}}};
    witan_typedef types[] = {
        tdef("bar", WITAN_TD_VARIANT, WITAN_OWNER_INTERFACE, 0),
        anon(WITAN_TD_RESULT, NO_TYPE),
    };
    types[0].fields = cases;
    types[0].nfields = LEN(cases);
    types[1].b = TID(0);
    witan_param params[] = {{"p", TID(0), {0, 0}}};
    witan_function fns[] = {func("my-stable", WITAN_FUNC_FREESTANDING, 0)};
    fns[0].params = params;
    fns[0].nparams = 1;
    fns[0].result = TID(1);
    witan_named_id iface_types[] = {{"bar", 0}};
    witan_interface ifaces[] = {iface("foo", 0)};
    ifaces[0].types = iface_types;
    ifaces[0].ntypes = 1;
    ifaces[0].functions = fns;
    ifaces[0].nfunctions = 1;
    witan_named_id pkg_ifaces[] = {{"foo", 0}};
    witan_package pkgs[] = {package("a:b")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1, .interfaces = ifaces, .ninterfaces = 1,
                       .types = types, .ntypes = LEN(types)};
    assert_conformance(&r, "feature-types.wit.json");
}
END_TEST

/* ------------------------------------------- what the files do not cover */

START_TEST(every_typedef_kind_is_encoded)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    /* "///" says nothing: docs of "" (WIT-LANGUAGE §3, step 4) */
    witan_field fields[] = {{"a", PRIM(BOOL), docs_of(ctx, "/// field a\n", 1), {0, 0}},
                            {"b", TID(1234567890), {0, 0}, {0, 0}}};
    witan_field flags[] = {{"read", NO_TYPE, {0, 0}, {0, 0}},
                           {"write", NO_TYPE, docs_of(ctx, "///\n", 1), {0, 0}}};
    witan_field cases[] = {{"e1", NO_TYPE, docs_of(ctx, "// one\n", 1), {0, 0}}};
    witan_field vcases[] = {{"v", PRIM(S64), {0, 0}, {0, 0}}, {"w", NO_TYPE, {0, 0}, {0, 0}}};
    witan_type tuple[] = {PRIM(U8), PRIM(S8), PRIM(U16), PRIM(S16), PRIM(S32),
                          PRIM(F32), PRIM(F64), PRIM(ERROR_CONTEXT)};
    witan_typedef types[] = {
        tdef("rec", WITAN_TD_RECORD, WITAN_OWNER_INTERFACE, 0),
        tdef("fl", WITAN_TD_FLAGS, WITAN_OWNER_INTERFACE, 0),
        tdef("en", WITAN_TD_ENUM, WITAN_OWNER_WORLD, 3),
        tdef("va", WITAN_TD_VARIANT, WITAN_OWNER_INTERFACE, 0),
        anon(WITAN_TD_TUPLE, NO_TYPE),
        anon(WITAN_TD_TUPLE, NO_TYPE),
        anon(WITAN_TD_RESULT, PRIM(STRING)),
        anon(WITAN_TD_RESULT, NO_TYPE),
        anon(WITAN_TD_MAP, PRIM(STRING)),
        anon(WITAN_TD_FIXED_LIST, PRIM(U32)),
        anon(WITAN_TD_FUTURE, NO_TYPE),
        anon(WITAN_TD_FUTURE, PRIM(CHAR)),
        anon(WITAN_TD_STREAM, NO_TYPE),
        tdef("h", WITAN_TD_HANDLE_OWN, WITAN_OWNER_INTERFACE, 0),
    };
    types[0].fields = fields;
    types[0].nfields = LEN(fields);
    types[0].docs = docs_of(ctx, "//\n", 1);
    types[0].stability = &(witan_stability){WITAN_STABILITY_STABLE, "1.2.3", NULL, NULL};
    types[0].external_id = "ext-rec";
    types[1].fields = flags;
    types[1].nfields = LEN(flags);
    types[2].fields = cases;
    types[2].nfields = LEN(cases);
    types[3].fields = vcases;
    types[3].nfields = LEN(vcases);
    types[4].types = tuple;
    types[4].ntypes = LEN(tuple);
    types[6].b = TID(0);
    types[8].b = TID(3);
    types[9].size = 4294967295u;
    types[11].stability = &(witan_stability){WITAN_STABILITY_UNSTABLE, NULL, "fancy", "0.2.0"};
    types[13].resource = 7;
    witan_resolve r = {.types = types, .ntypes = LEN(types)};
    char *got = to_json_in(ctx, &r);
    assert_json(got, "{\n"
                     "  \"worlds\": [],\n"
                     "  \"interfaces\": [],\n"
                     "  \"types\": [\n"
                     "    {\n"
                     "      \"name\": \"rec\",\n"
                     "      \"kind\": {\n"
                     "        \"record\": {\n"
                     "          \"fields\": [\n"
                     "            {\n"
                     "              \"name\": \"a\",\n"
                     "              \"type\": \"bool\",\n"
                     "              \"docs\": {\n"
                     "                \"contents\": \"field a\"\n"
                     "              }\n"
                     "            },\n"
                     "            {\n"
                     "              \"name\": \"b\",\n"
                     "              \"type\": 1234567890\n"
                     "            }\n"
                     "          ]\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": {\n"
                     "        \"interface\": 0\n"
                     "      },\n"
                     "      \"docs\": {\n"
                     "        \"contents\": \"\"\n"
                     "      },\n"
                     "      \"stability\": {\n"
                     "        \"stable\": {\n"
                     "          \"since\": \"1.2.3\"\n"
                     "        }\n"
                     "      },\n"
                     "      \"external_id\": \"ext-rec\"\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": \"fl\",\n"
                     "      \"kind\": {\n"
                     "        \"flags\": {\n"
                     "          \"flags\": [\n"
                     "            {\n"
                     "              \"name\": \"read\"\n"
                     "            },\n"
                     "            {\n"
                     "              \"name\": \"write\",\n"
                     "              \"docs\": {\n"
                     "                \"contents\": \"\"\n"
                     "              }\n"
                     "            }\n"
                     "          ]\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": {\n"
                     "        \"interface\": 0\n"
                     "      }\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": \"en\",\n"
                     "      \"kind\": {\n"
                     "        \"enum\": {\n"
                     "          \"cases\": [\n"
                     "            {\n"
                     "              \"name\": \"e1\",\n"
                     "              \"docs\": {\n"
                     "                \"contents\": \"one\"\n"
                     "              }\n"
                     "            }\n"
                     "          ]\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": {\n"
                     "        \"world\": 3\n"
                     "      }\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": \"va\",\n"
                     "      \"kind\": {\n"
                     "        \"variant\": {\n"
                     "          \"cases\": [\n"
                     "            {\n"
                     "              \"name\": \"v\",\n"
                     "              \"type\": \"s64\"\n"
                     "            },\n"
                     "            {\n"
                     "              \"name\": \"w\",\n"
                     "              \"type\": null\n"
                     "            }\n"
                     "          ]\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": {\n"
                     "        \"interface\": 0\n"
                     "      }\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"tuple\": {\n"
                     "          \"types\": [\n"
                     "            \"u8\",\n"
                     "            \"s8\",\n"
                     "            \"u16\",\n"
                     "            \"s16\",\n"
                     "            \"s32\",\n"
                     "            \"f32\",\n"
                     "            \"f64\",\n"
                     "            \"error-context\"\n"
                     "          ]\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"tuple\": {\n"
                     "          \"types\": []\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"result\": {\n"
                     "          \"ok\": \"string\",\n"
                     "          \"err\": 0\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"result\": {\n"
                     "          \"ok\": null,\n"
                     "          \"err\": null\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"map\": [\n"
                     "          \"string\",\n"
                     "          3\n"
                     "        ]\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"fixed-length-list\": [\n"
                     "          \"u32\",\n"
                     "          4294967295\n"
                     "        ]\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"future\": null\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"future\": \"char\"\n"
                     "      },\n"
                     "      \"owner\": null,\n"
                     "      \"stability\": {\n"
                     "        \"unstable\": {\n"
                     "          \"feature\": \"fancy\",\n"
                     "          \"deprecated\": \"0.2.0\"\n"
                     "        }\n"
                     "      }\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"kind\": {\n"
                     "        \"stream\": null\n"
                     "      },\n"
                     "      \"owner\": null\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": \"h\",\n"
                     "      \"kind\": {\n"
                     "        \"handle\": {\n"
                     "          \"own\": 7\n"
                     "        }\n"
                     "      },\n"
                     "      \"owner\": {\n"
                     "        \"interface\": 0\n"
                     "      }\n"
                     "    }\n"
                     "  ],\n"
                     "  \"packages\": []\n"
                     "}");
    free(got);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(optional_members_of_worlds_interfaces_and_functions_are_written)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    witan_param params[] = {{"self", TID(1), {0, 0}}, {"", PRIM(U8), {0, 0}}};
    witan_function m = func("[method]r.m", WITAN_FUNC_METHOD, 0);
    m.params = params;
    m.nparams = LEN(params);
    m.docs = docs_of(ctx, "/// m\n", 1);
    m.stability = &(witan_stability){WITAN_STABILITY_STABLE, "0.1.0", NULL, "0.2.0-rc.1+b"};
    m.external_id = "ext-m";
    witan_interface ifaces[] = {iface(NULL, WITAN_NO_ID)};
    ifaces[0].functions = &m;
    ifaces[0].nfunctions = 1;
    ifaces[0].docs = docs_of(ctx, "//inline\n", 1);
    ifaces[0].stability = &(witan_stability){WITAN_STABILITY_UNSTABLE, NULL, "f", NULL};
    ifaces[0].clone_of = 0;
    witan_world_item imports[] = {item_iface(0), item_iface(10)};
    imports[0].stability = &(witan_stability){WITAN_STABILITY_STABLE, "1.0.0", NULL, NULL};
    imports[0].external_id = "wasi:io/streams@1.0.0";
    imports[0].docs = docs_of(ctx, "/** import */", 1);
    imports[1].name = "named";
    witan_world_item exports[] = {item_type("t", 2)};
    witan_world worlds[] = {world("w", 1)};
    worlds[0].imports = imports;
    worlds[0].nimports = LEN(imports);
    worlds[0].exports = exports;
    worlds[0].nexports = LEN(exports);
    worlds[0].docs = docs_of(ctx, "/// the\n///  world\n", 2);
    worlds[0].stability = &(witan_stability){WITAN_STABILITY_UNSTABLE, NULL, "g", "1.0.0"};
    witan_named_id pkg_worlds[] = {{"w", 0}};
    witan_package pkgs[] = {package(NULL), package(NULL)};
    pkgs[0].namespace_ = "a";
    pkgs[0].pkg_name = "b";
    pkgs[0].version = "1.0.0-pre+build";
    pkgs[0].docs = docs_of(ctx, "  /// package docs  \n\n  \t", 1);
    pkgs[0].worlds = pkg_worlds;
    pkgs[0].nworlds = 1;
    pkgs[1].namespace_ = "c";
    pkgs[1].pkg_name = "d";
    witan_resolve r = {.packages = pkgs, .npackages = LEN(pkgs), .worlds = worlds,
                       .nworlds = 1, .interfaces = ifaces, .ninterfaces = 1};
    char *got = to_json_in(ctx, &r);
    assert_json(got, "{\n"
                     "  \"worlds\": [\n"
                     "    {\n"
                     "      \"name\": \"w\",\n"
                     "      \"imports\": {\n"
                     "        \"interface-0\": {\n"
                     "          \"interface\": {\n"
                     "            \"id\": 0,\n"
                     "            \"stability\": {\n"
                     "              \"stable\": {\n"
                     "                \"since\": \"1.0.0\"\n"
                     "              }\n"
                     "            },\n"
                     "            \"external_id\": \"wasi:io/streams@1.0.0\",\n"
                     "            \"docs\": {\n"
                     "              \"contents\": \"import\"\n"
                     "            }\n"
                     "          }\n"
                     "        },\n"
                     "        \"named\": {\n"
                     "          \"interface\": {\n"
                     "            \"id\": 10\n"
                     "          }\n"
                     "        }\n"
                     "      },\n"
                     "      \"exports\": {\n"
                     "        \"t\": {\n"
                     "          \"type\": 2\n"
                     "        }\n"
                     "      },\n"
                     "      \"package\": 1,\n"
                     "      \"docs\": {\n"
                     "        \"contents\": \"the\\n world\"\n"
                     "      },\n"
                     "      \"stability\": {\n"
                     "        \"unstable\": {\n"
                     "          \"feature\": \"g\",\n"
                     "          \"deprecated\": \"1.0.0\"\n"
                     "        }\n"
                     "      }\n"
                     "    }\n"
                     "  ],\n"
                     "  \"interfaces\": [\n"
                     "    {\n"
                     "      \"name\": null,\n"
                     "      \"types\": {},\n"
                     "      \"functions\": {\n"
                     "        \"[method]r.m\": {\n"
                     "          \"name\": \"[method]r.m\",\n"
                     "          \"kind\": {\n"
                     "            \"method\": 0\n"
                     "          },\n"
                     "          \"params\": [\n"
                     "            {\n"
                     "              \"name\": \"self\",\n"
                     "              \"type\": 1\n"
                     "            },\n"
                     "            {\n"
                     "              \"type\": \"u8\"\n"
                     "            }\n"
                     "          ],\n"
                     "          \"docs\": {\n"
                     "            \"contents\": \"m\"\n"
                     "          },\n"
                     "          \"stability\": {\n"
                     "            \"stable\": {\n"
                     "              \"since\": \"0.1.0\",\n"
                     "              \"deprecated\": \"0.2.0-rc.1+b\"\n"
                     "            }\n"
                     "          },\n"
                     "          \"external_id\": \"ext-m\"\n"
                     "        }\n"
                     "      },\n"
                     "      \"docs\": {\n"
                     "        \"contents\": \"inline\"\n"
                     "      },\n"
                     "      \"stability\": {\n"
                     "        \"unstable\": {\n"
                     "          \"feature\": \"f\"\n"
                     "        }\n"
                     "      },\n"
                     "      \"package\": null,\n"
                     "      \"clone_of\": 0\n"
                     "    }\n"
                     "  ],\n"
                     "  \"types\": [],\n"
                     "  \"packages\": [\n"
                     "    {\n"
                     "      \"name\": \"a:b@1.0.0-pre+build\",\n"
                     "      \"docs\": {\n"
                     "        \"contents\": \"package docs\"\n"
                     "      },\n"
                     "      \"interfaces\": {},\n"
                     "      \"worlds\": {\n"
                     "        \"w\": 0\n"
                     "      }\n"
                     "    },\n"
                     "    {\n"
                     "      \"name\": \"c:d\",\n"
                     "      \"interfaces\": {},\n"
                     "      \"worlds\": {}\n"
                     "    }\n"
                     "  ]\n"
                     "}");
    free(got);
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------ docs */

START_TEST(docs_are_read_from_the_source_when_asked)
{
    witan_ctx *ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    ck_assert_ptr_null(witan_docs_text(ctx, (witan_docs){0, 0}));
    /* no source holds offset 5 yet: nothing to read */
    ck_assert_ptr_null(witan_docs_text(ctx, (witan_docs){5, 1}));
    witan_docs two = docs_of(ctx, "/// first\n  ///   second\n/// third\n", 2);
    witan_docs quoted = docs_of(ctx, "/// say \"hi\" \\o/\n", 1);
    /* by the rules of WIT-LANGUAGE §3: " first" and "   second" lose
     * the one space both start with */
    ck_assert_str_eq(witan_docs_text(ctx, two), "first\n  second");
    ck_assert_str_eq(witan_docs_text(ctx, quoted), "say \"hi\" \\o/");
    /* longer than the buffer's first size: it grows */
    char big[3000];
    size_t n = 0;
    n += (size_t)sprintf(big + n, "/**");
    for (int i = 0; i < 250; i++)
        n += (size_t)sprintf(big + n, " line%03d\n", i);
    sprintf(big + n, "*/\n");
    const char *t = witan_docs_text(ctx, docs_of(ctx, big, 1));
    ck_assert_ptr_nonnull(t);
    /* one comment: only its start loses the common space, its other
     * lines keep theirs */
    ck_assert_uint_eq(strlen(t), 7 + 249 * 9);
    ck_assert(strncmp(t, "line000\n line001\n", 17) == 0);
    ck_assert_str_eq(t + strlen(t) - 7, "line249");
    /* and the JSON of a model escapes the text it reads */
    witan_package pkgs[] = {package("p:q")};
    pkgs[0].docs = quoted;
    witan_resolve r = {.packages = pkgs, .npackages = 1};
    char *got = to_json_in(ctx, &r);
    ck_assert_ptr_nonnull(strstr(got, "\"contents\": \"say \\\"hi\\\" \\\\o/\"\n"));
    free(got);
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------ escaping */

/* Every text of the model goes through one escaper; a package name
 * (taken as it is from a model filled by hand) carries any bytes. */
static char *package_named_json(const char *name)
{
    witan_package pkgs[] = {package(name)};
    witan_resolve r = {.packages = pkgs, .npackages = 1};
    return to_json(&r);
}

static void assert_text_escaped(const char *text, const char *escaped)
{
    char want[4096];
    snprintf(want, sizeof want,
             "{\n"
             "  \"worlds\": [],\n"
             "  \"interfaces\": [],\n"
             "  \"types\": [],\n"
             "  \"packages\": [\n"
             "    {\n"
             "      \"name\": \"%s\",\n"
             "      \"interfaces\": {},\n"
             "      \"worlds\": {}\n"
             "    }\n"
             "  ]\n"
             "}",
             escaped);
    char *got = package_named_json(text);
    assert_json(got, want);
    free(got);
}

START_TEST(every_control_character_is_escaped_as_serde_json_does)
{
    assert_text_escaped("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
                        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
                        "\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b"
                        "\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015"
                        "\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e"
                        "\\u001f");
}
END_TEST

START_TEST(quotes_and_backslashes_are_escaped)
{
    assert_text_escaped("say \"hi\" \\o/ \\\\ \"", "say \\\"hi\\\" \\\\o/ \\\\\\\\ \\\"");
}
END_TEST

START_TEST(slash_delete_and_non_ascii_are_written_raw)
{
    /* U+007F, a 2-byte, a 3-byte and a 4-byte sequence, U+2028 (which
     * serde_json, unlike JavaScript serialisers, leaves alone) */
    assert_text_escaped("a/b\x7f" "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xe2\x80\xa8 ~",
                        "a/b\x7f" "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xe2\x80\xa8 ~");
}
END_TEST

START_TEST(escapes_between_raw_runs_keep_the_runs_intact)
{
    assert_text_escaped("\nab\tcd\x1f" "ef\"", "\\nab\\tcd\\u001fef\\\"");
    assert_text_escaped("", "");
}
END_TEST

START_TEST(keys_from_the_source_are_escaped)
{
    witan_named_id pkg_ifaces[] = {{"a\"b\\c\n\x01", 4}};
    witan_package pkgs[] = {package("x\ty:z")};
    pkgs[0].interfaces = pkg_ifaces;
    pkgs[0].ninterfaces = 1;
    witan_resolve r = {.packages = pkgs, .npackages = 1};
    char *got = to_json(&r);
    assert_json(got, "{\n"
                     "  \"worlds\": [],\n"
                     "  \"interfaces\": [],\n"
                     "  \"types\": [],\n"
                     "  \"packages\": [\n"
                     "    {\n"
                     "      \"name\": \"x\\ty:z\",\n"
                     "      \"interfaces\": {\n"
                     "        \"a\\\"b\\\\c\\n\\u0001\": 4\n"
                     "      },\n"
                     "      \"worlds\": {}\n"
                     "    }\n"
                     "  ]\n"
                     "}");
    free(got);
}
END_TEST

START_TEST(an_empty_model_has_four_empty_arrays)
{
    witan_resolve r;
    memset(&r, 0, sizeof r);
    char *got = to_json(&r);
    assert_json(got, "{\n"
                     "  \"worlds\": [],\n"
                     "  \"interfaces\": [],\n"
                     "  \"types\": [],\n"
                     "  \"packages\": []\n"
                     "}");
    free(got);
}
END_TEST

/* n list types, each of the one before (the first of u32): a model
 * whose JSON is a few MB. */
static witan_typedef *list_chain(uint32_t n)
{
    witan_typedef *types = calloc(n, sizeof *types);
    ck_assert_ptr_nonnull(types);
    for (uint32_t i = 0; i < n; i++) {
        types[i].kind = WITAN_TD_LIST;
        types[i].a = i ? TID(i - 1) : PRIM(U32);
    }
    return types;
}

/* A model of a few MB, checked at its end: nothing is lost or cut when
 * the buffer grows many times. */
START_TEST(large_models_are_written_whole)
{
    enum { N = 200000 };
    witan_typedef *types = list_chain(N);
    witan_resolve r = {.types = types, .ntypes = N};
    char *got = to_json(&r);
    const char *last = "      \"kind\": {\n        \"list\": 199998\n      },\n"
                       "      \"owner\": null\n    }\n  ],\n  \"packages\": []\n}";
    size_t len = strlen(got), tail = strlen(last);
    ck_assert_uint_gt(len, tail);
    ck_assert_str_eq(got + len - tail, last);
    free(got);
    free(types);
}
END_TEST

/* Strings of every length up to 40 with an escape at every position, or
 * none: the writer copies eight bytes at a time and finishes a string by
 * copying its last eight again, which must not double or drop a byte. */
START_TEST(every_length_and_escape_position_is_written_exactly)
{
    char docs[48], want[128];
    for (size_t len = 1; len <= 40; len++) {
        for (size_t at = 0; at <= len; at++) {
            for (size_t i = 0; i < len; i++)
                docs[i] = (char)('a' + i % 26);
            docs[len] = 0;
            if (at < len)
                docs[at] = at % 2 ? '"' : '\n';
            size_t n = 0;
            for (size_t i = 0; i < len; i++) {
                if (docs[i] == '"' || docs[i] == '\n')
                    want[n++] = '\\';
                want[n++] = docs[i] == '\n' ? 'n' : docs[i];
            }
            want[n] = 0;
            char *got = package_named_json(docs);
            const char *start = strstr(got, "\"name\": \"");
            ck_assert_ptr_nonnull(start);
            start += strlen("\"name\": \"");
            ck_assert_msg(strncmp(start, want, n) == 0 && start[n] == '"',
                          "length %zu, escape at %zu: %.60s", len, at, start);
            free(got);
        }
    }
}
END_TEST

/* A sink for the *_write functions: keeps what it is given, and refuses
 * the piece numbered `refuse` (counting from 1; 0: none). */
typedef struct pieces {
    char *text;
    size_t len, cap;
    unsigned calls, refuse;
} pieces;

static int keep_piece(void *arg, const char *data, size_t len)
{
    pieces *p = arg;
    p->calls++;
    if (p->calls == p->refuse)
        return -1;
    ck_assert_uint_gt(len, 0);
    if (p->len + len + 1 > p->cap) {
        p->cap = 2 * (p->len + len + 1);
        p->text = realloc(p->text, p->cap);
        ck_assert_ptr_nonnull(p->text);
    }
    memcpy(p->text + p->len, data, len);
    p->len += len;
    p->text[p->len] = 0;
    return 0;
}

/* The streamed document is the returned one, cut into several pieces;
 * a refused piece is the last one asked for. */
START_TEST(streamed_json_is_the_same_text_in_pieces)
{
    enum { N = 200000 };
    witan_typedef *types = list_chain(N);
    witan_resolve r = {.types = types, .ntypes = N};
    char *whole = to_json(&r);
    witan_ctx *ctx = witan_ctx_new();
    pieces p = {0};
    ck_assert_int_eq(witan_resolve_json_write(ctx, &r, keep_piece, &p), 0);
    ck_assert_uint_gt(p.calls, 3);
    ck_assert_uint_eq(p.len, strlen(whole));
    ck_assert(memcmp(p.text, whole, p.len) == 0);
    free(p.text);

    pieces refused = {.refuse = 2};
    ck_assert_int_eq(witan_resolve_json_write(ctx, &r, keep_piece, &refused), -1);
    ck_assert_uint_eq(refused.calls, 2);
    ck_assert(memcmp(refused.text, whole, refused.len) == 0);
    free(refused.text);
    witan_ctx_free(ctx);
    free(whole);
    free(types);
}
END_TEST

/* The same for a manifest of a few MB (a world exporting an interface
 * of 4,000 functions). */
START_TEST(streamed_manifest_is_the_same_text_in_pieces)
{
    char path[] = "/tmp/witan-check-json-XXXXXX.wit";
    int fd = mkstemps(path, 4);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs("package a:b;\ninterface api {\n  record point { x: s32, y: option<string> }\n", f);
    for (int i = 0; i < 4000; i++)
        fprintf(f, "  call-%d: func(p: point, q: list<tuple<u8, char>>) -> result<point, string>;\n", i);
    fputs("}\nworld w { export api; }\n", f);
    ck_assert_int_eq(fclose(f), 0);

    witan_ctx *ctx = witan_ctx_new();
    const witan_resolve *r;
    witan_status st = witan_resolve_path(ctx, path, &r);
    unlink(path);
    ck_assert_int_eq(st, WITAN_OK);
    witan_id world;
    ck_assert_int_eq(witan_select_world(ctx, r, "w", &world), WITAN_OK);
    char *whole = witan_manifest_json(ctx, r, world);
    ck_assert_ptr_nonnull(whole);
    pieces p = {0};
    ck_assert_int_eq(witan_manifest_json_write(ctx, r, world, keep_piece, &p), 0);
    ck_assert_uint_gt(p.calls, 3);
    ck_assert_uint_eq(p.len, strlen(whole));
    ck_assert(memcmp(p.text, whole, p.len) == 0);
    free(p.text);

    pieces refused = {.refuse = 2};
    ck_assert_int_eq(witan_manifest_json_write(ctx, r, world, keep_piece, &refused), -1);
    ck_assert_uint_eq(refused.calls, 2);
    free(refused.text);
    free(whole);
    witan_ctx_free(ctx);
}
END_TEST

/* Unescaped runs of 99,999 bytes: longer than the writer's staging chunk,
 * so they take the path that bypasses it, separated by escapes. */
START_TEST(long_strings_are_written_whole)
{
    enum { N = 300000 };
    char *docs = malloc(N + 1);
    ck_assert_ptr_nonnull(docs);
    for (size_t i = 0; i < N; i++)
        docs[i] = i % 100000 == 99999 ? '\n' : (char)('a' + i % 26);
    docs[N] = 0;
    char *got = package_named_json(docs);
    const char *start = strstr(got, "\"name\": \"");
    ck_assert_ptr_nonnull(start);
    start += strlen("\"name\": \"");
    for (size_t i = 0; i < N; i++) {
        if (docs[i] == '\n') {
            ck_assert_msg(start[0] == '\\' && start[1] == 'n', "newline %zu not escaped", i);
            start += 2;
        } else {
            ck_assert_msg(*start == docs[i], "byte %zu differs", i);
            start++;
        }
    }
    ck_assert_str_eq(start, "\",\n      \"interfaces\": {},\n      \"worlds\": {}\n"
                            "    }\n  ]\n}");
    free(got);
    free(docs);
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *conf = tcase_create("conformance");
    tcase_add_test(conf, empty_package_matches_reference);
    tcase_add_test(conf, interface_function_with_result_matches_reference);
    tcase_add_test(conf, interface_docs_and_stream_match_reference);
    tcase_add_test(conf, resource_handles_match_reference);
    tcase_add_test(conf, world_functions_match_reference);
    tcase_add_test(conf, world_interface_and_type_items_match_reference);
    tcase_add_test(conf, function_kinds_match_reference);
    tcase_add_test(conf, variant_without_payloads_and_result_without_ok_match_reference);
    suite_add_tcase(s, conf);

    TCase *model = tcase_create("model");
    tcase_add_test(model, every_typedef_kind_is_encoded);
    tcase_add_test(model, optional_members_of_worlds_interfaces_and_functions_are_written);
    tcase_add_test(model, docs_are_read_from_the_source_when_asked);
    tcase_add_test(model, an_empty_model_has_four_empty_arrays);
    tcase_add_test(model, large_models_are_written_whole);
    suite_add_tcase(s, model);

    TCase *esc = tcase_create("escaping");
    tcase_add_test(esc, every_control_character_is_escaped_as_serde_json_does);
    tcase_add_test(esc, quotes_and_backslashes_are_escaped);
    tcase_add_test(esc, slash_delete_and_non_ascii_are_written_raw);
    tcase_add_test(esc, escapes_between_raw_runs_keep_the_runs_intact);
    tcase_add_test(esc, keys_from_the_source_are_escaped);
    tcase_add_test(esc, long_strings_are_written_whole);
    tcase_add_test(esc, every_length_and_escape_position_is_written_exactly);
    tcase_add_test(esc, streamed_json_is_the_same_text_in_pieces);
    tcase_add_test(esc, streamed_manifest_is_the_same_text_in_pieces);
    suite_add_tcase(s, esc);
    return s;
}

int main(void)
{
    return tu_run(json_suite());
}

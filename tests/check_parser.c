/* The parser (grammar/parser.y driven by src/parse.c): every construct of
 * WIT-LANGUAGE §4 into the expected tree, documentation attached as §3
 * says, and every syntax error with the message and location wit-parser's
 * recursive descent (ast.rs) gives for the same input. */
#include "testutil.h"

#include "model.h"

/* ------------------------------------------------------------ tree helpers */

static ast_file *parse_ok(witan_ctx *ctx, const char *text)
{
    ast_file *f = tu_parse(ctx, text);
    if (!f || witan_error_count(ctx)) {
        char line[512] = "";
        if (witan_diag_count(ctx))
            tu_diag_line(ctx, 0, line, sizeof line);
        ck_abort_msg("input %s: did not parse: %s", text, line);
    }
    return f;
}

static ast_decl *nth_decl(ast_decl *d, int n)
{
    for (; d && n > 0; n--)
        d = d->next;
    ck_assert_ptr_nonnull(d);
    return d;
}

/* Item n of an interface, or of a world's inline interface. */
#define nth_item(owner, n) nth_item_((owner)->items, (owner)->nitems, (n))
static ast_iface_item nth_item_(const ast_iface_item *items, uint32_t nitems, uint32_t n)
{
    ck_assert_uint_lt(n, nitems);
    return items[n];
}

static ast_world_item *nth_witem(ast_world_item *it, int n)
{
    for (; it && n > 0; n--)
        it = it->next;
    ck_assert_ptr_nonnull(it);
    return it;
}

static ast_field *nth_field(const ast_typedef *td, uint32_t n)
{
    ck_assert_uint_lt(n, td->nfields);
    return &td->fields[n];
}

static ast_named_func *nth_func(ast_named_func *f, int n)
{
    for (; f && n > 0; n--)
        f = f->next;
    ck_assert_ptr_nonnull(f);
    return f;
}

static int count_witems(ast_world_item *it)
{
    int n = 0;
    for (; it; it = it->next)
        n++;
    return n;
}

static int count_decls(ast_decl *d)
{
    int n = 0;
    for (; d; d = d->next)
        n++;
    return n;
}

#define assert_name(id, want) assert_name_((id), (want), __LINE__)
static void assert_name_(ast_id id, const char *want, int line)
{
    ck_assert_msg(id.name != NULL, "line %d: name missing, want %s", line, want);
    ck_assert_msg(strcmp(id.name->s, want) == 0, "line %d: name %s, want %s", line, id.name->s,
                  want);
}

/* The text of the source at global span sp. */
static char *span_text(witan_ctx *ctx, span sp)
{
    source *src = source_map_find(&ctx->sources, sp.start);
    ck_assert_ptr_nonnull(src);
    size_t n = sp.end - sp.start;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, src->text + (sp.start - src->base), n);
    s[n] = 0;
    return s;
}

#define assert_span(ctx, sp, want) assert_span_((ctx), (sp), (want), __LINE__)
static void assert_span_(witan_ctx *ctx, span sp, const char *want, int line)
{
    char *s = span_text(ctx, sp);
    ck_assert_msg(strcmp(s, want) == 0, "line %d: span text \"%s\", want \"%s\"", line, s, want);
    free(s);
}

/* Asserts the comments of `docs` are exactly the texts given (NULL-ended). */
#define assert_docs(ctx, docs, ...) \
    assert_docs_((ctx), (docs), (const char *[]){__VA_ARGS__, NULL}, __LINE__)
static void assert_docs_(witan_ctx *ctx, ast_docs docs, const char **want, int line)
{
    uint32_t n = 0;
    while (want[n])
        n++;
    ck_assert_msg(docs.count == n, "line %d: %u comments, want %u", line, docs.count, n);
    /* comment i runs from the end of the first i (after whitespace) to
     * the end of the first i + 1 */
    uint32_t from = docs.start;
    for (uint32_t i = 0; i < n; i++) {
        span sp = docs_span(ctx, (ast_docs){docs.start, i + 1});
        char *s = span_text(ctx, (span){from, sp.end});
        const char *t = s + strspn(s, " \t\r\n");
        ck_assert_msg(strcmp(t, want[i]) == 0, "line %d: comment %u is \"%s\", want \"%s\"", line,
                      i, t, want[i]);
        free(s);
        from = sp.end;
    }
}

#define assert_no_docs(docs) ck_assert_uint_eq((docs).count, 0)

static void assert_version(const ast_version *v, uint64_t major, uint64_t minor, uint64_t patch,
                           const char *pre, const char *build)
{
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(v->v.major, major);
    ck_assert_uint_eq(v->v.minor, minor);
    ck_assert_uint_eq(v->v.patch, patch);
    ck_assert_uint_eq(v->v.pre_len, strlen(pre));
    ck_assert(memcmp(v->v.pre, pre, v->v.pre_len) == 0);
    ck_assert_uint_eq(v->v.build_len, strlen(build));
    ck_assert(memcmp(v->v.build, build, v->v.build_len) == 0);
}

static ast_interface *only_iface(witan_ctx *ctx, const char *text)
{
    ast_file *f = parse_ok(ctx, text);
    ast_decl *d = nth_decl(f->decls, 0);
    ck_assert_int_eq(d->kind, DECL_INTERFACE);
    return d->u.iface;
}

static ast_world *only_world(witan_ctx *ctx, const char *text)
{
    ast_file *f = parse_ok(ctx, text);
    ast_decl *d = nth_decl(f->decls, 0);
    ck_assert_int_eq(d->kind, DECL_WORLD);
    return d->u.world;
}

/* The aliased type of `type t = <ty>;` inside an interface. */
static ast_type *alias_of(witan_ctx *ctx, const char *ty)
{
    char text[512];
    snprintf(text, sizeof text, "interface i { type t = %s; }", ty);
    ast_interface *i = only_iface(ctx, text);
    ast_iface_item it = nth_item(i, 0);
    ck_assert_int_eq(ast_item_kind(it), II_TYPEDEF);
    ck_assert_int_eq(ast_item_td(it)->kind, TD_ALIAS);
    ck_assert_ptr_nonnull(ast_item_td(it)->alias);
    return ast_item_td(it)->alias;
}

/* ------------------------------------------------------------- packages */

START_TEST(empty_file_and_comment_only_file_parse_to_nothing)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "");
    ck_assert_ptr_null(f->header);
    ck_assert_ptr_null(f->decls);
    witan_ctx_free(ctx);
    ctx = tu_ctx();
    f = parse_ok(ctx, "// nothing\n/* here */\n");
    ck_assert_ptr_null(f->header);
    ck_assert_ptr_null(f->decls);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(package_header_with_version)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "package wasi:io@0.2.0-rc.1+build.7;\n");
    ck_assert_ptr_nonnull(f->header);
    assert_name(f->header->ns, "wasi");
    assert_name(f->header->name, "io");
    assert_version(f->header->version, 0, 2, 0, "rc.1", "build.7");
    assert_span(ctx, f->header->sp, "wasi:io@0.2.0-rc.1+build.7");
    assert_span(ctx, f->header->version->sp, "0.2.0-rc.1+build.7");
    ck_assert_ptr_null(f->decls);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(package_header_without_version)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "package %package:%b-c; interface x {}");
    assert_name(f->header->ns, "package");
    assert_name(f->header->name, "b-c");
    ck_assert_ptr_null(f->header->version);
    assert_span(ctx, f->header->sp, "%package:%b-c");
    ck_assert_int_eq(count_decls(f->decls), 1);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(dangling_prerelease_or_build_sign_is_dropped)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "package a:b@1.0.0-;");
    assert_version(f->header->version, 1, 0, 0, "", "");
    assert_span(ctx, f->header->version->sp, "1.0.0");
    witan_ctx_free(ctx);
    ctx = tu_ctx();
    f = parse_ok(ctx, "package a:b@1.0.0-+;");
    assert_version(f->header->version, 1, 0, 0, "", "");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(version_takes_ids_integers_minus_and_dots_between_them)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "package a:b@1.0.0-a-b.1.-+c.d-.0;");
    assert_version(f->header->version, 1, 0, 0, "a-b.1.-", "c.d-.0");
    witan_ctx_free(ctx);
    /* comments inside a version end up in its text (and semver rejects it) */
    tu_assert_parse_error("package a:b@1.0.0-a/* x */.b;", false,
                          "unexpected character '/' after pre-release identifier", 1, 13);
}
END_TEST

START_TEST(nested_packages)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx,
                           "package a:b;\n"
                           "package c:d@1.0.0 { interface i {} world w {} }\n"
                           "interface x {}\n"
                           "package e:f { }\n");
    assert_name(f->header->ns, "a");
    ck_assert_int_eq(count_decls(f->decls), 3);
    ast_decl *d = nth_decl(f->decls, 0);
    ck_assert_int_eq(d->kind, DECL_PACKAGE);
    assert_span(ctx, d->u.pkg->kw, "package");
    assert_name(d->u.pkg->name.ns, "c");
    assert_name(d->u.pkg->name.name, "d");
    assert_version(d->u.pkg->name.version, 1, 0, 0, "", "");
    assert_span(ctx, d->u.pkg->name.sp, "c:d@1.0.0");
    ck_assert_int_eq(count_decls(d->u.pkg->decls), 2);
    ck_assert_int_eq(nth_decl(d->u.pkg->decls, 0)->kind, DECL_INTERFACE);
    ck_assert_int_eq(nth_decl(d->u.pkg->decls, 1)->kind, DECL_WORLD);
    ck_assert_int_eq(nth_decl(f->decls, 1)->kind, DECL_INTERFACE);
    d = nth_decl(f->decls, 2);
    ck_assert_int_eq(d->kind, DECL_PACKAGE);
    ck_assert_ptr_null(d->u.pkg->decls);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(file_of_nested_packages_has_no_header)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "package a:b {}\npackage c:d { package e:f {} }");
    ck_assert_ptr_null(f->header);
    ck_assert_int_eq(count_decls(f->decls), 2);
    ast_decl *inner = nth_decl(f->decls, 1)->u.pkg->decls;
    ck_assert_int_eq(inner->kind, DECL_PACKAGE);
    assert_name(inner->u.pkg->name.ns, "e");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(header_is_recognised_after_comments_and_a_bom)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "\xef\xbb\xbf// docs\n/* more */ package a:b;");
    ck_assert_ptr_nonnull(f->header);
    assert_docs(ctx, f->header->docs, "// docs\n", "/* more */");
    witan_ctx_free(ctx);
}
END_TEST

static char *nested_packages_text(int depth)
{
    size_t cap = (size_t)depth * 32 + 16;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    s[0] = 0;
    size_t n = 0;
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "package a:p%d {\n", i);
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "}");
    return s;
}

START_TEST(one_hundred_nested_packages_parse)
{
    char *text = nested_packages_text(100);
    witan_ctx *ctx = tu_ctx();
    parse_ok(ctx, text);
    witan_ctx_free(ctx);
    free(text);
}
END_TEST

START_TEST(package_nesting_too_deep_at_the_101st_package)
{
    char *text = nested_packages_text(101);
    tu_assert_parse_error(text, false, "package nesting too deep", 101, 1);
    free(text);
}
END_TEST

START_TEST(sibling_packages_after_deep_nesting_are_not_too_deep)
{
    /* two packages side by side at the 100th level: closing the first
     * must bring the depth back before the second is checked */
    char *deep = nested_packages_text(99);
    size_t n = strlen(deep) + 64;
    char *text = malloc(n);
    ck_assert_ptr_nonnull(text);
    snprintf(text, n, "%.*spackage x:y {} package x:z {}%s", (int)(strlen(deep) - 99), deep,
             deep + strlen(deep) - 99);
    witan_ctx *ctx = tu_ctx();
    parse_ok(ctx, text);
    witan_ctx_free(ctx);
    free(deep);
    free(text);
}
END_TEST

/* ------------------------------------------------------------ top-level use */

START_TEST(toplevel_use_with_and_without_as)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "use a:b/c@1.0.0; use foo as bar; use x:y/z as w;");
    ck_assert_int_eq(count_decls(f->decls), 3);
    ast_toplevel_use *u = nth_decl(f->decls, 0)->u.use;
    ck_assert_int_eq(nth_decl(f->decls, 0)->kind, DECL_USE);
    assert_span(ctx, u->sp, "use");
    ck_assert(u->path.foreign);
    assert_name(u->path.ns, "a");
    assert_name(u->path.pkg, "b");
    assert_name(u->path.name, "c");
    assert_version(u->path.version, 1, 0, 0, "", "");
    assert_span(ctx, u->path.pkg_sp, "a:b");
    ck_assert_ptr_null(u->as.name);
    u = nth_decl(f->decls, 1)->u.use;
    ck_assert(!u->path.foreign);
    assert_name(u->path.name, "foo");
    assert_name(u->as, "bar");
    u = nth_decl(f->decls, 2)->u.use;
    ck_assert(u->path.foreign);
    ck_assert_ptr_null(u->path.version);
    assert_name(u->as, "w");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(attributes_on_toplevel_use_are_kept_for_the_resolver)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "@since(version = 1.0.0) use a;");
    ck_assert_ptr_nonnull(nth_decl(f->decls, 0)->u.use->attrs);
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------- interfaces */

START_TEST(interface_with_every_typedef_kind)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface types {\n"
                                  "  type t = u32;\n"
                                  "  record r { a: u32, b: string, }\n"
                                  "  flags f { x, y }\n"
                                  "  variant v { a, b(u32), }\n"
                                  "  enum e { p, q, }\n"
                                  "  resource r0;\n"
                                  "  resource r1 {}\n"
                                  "  record empty {}\n"
                                  "  flags none {}\n"
                                  "}");
    assert_name(i->name, "types");
    ck_assert_int_eq((int)i->nitems, 9);
    static const int kinds[] = {TD_ALIAS, TD_RECORD, TD_FLAGS, TD_VARIANT, TD_ENUM,
                                TD_RESOURCE, TD_RESOURCE, TD_RECORD, TD_FLAGS};
    for (int k = 0; k < 9; k++) {
        ast_iface_item it = nth_item(i, k);
        ck_assert_int_eq(ast_item_kind(it), II_TYPEDEF);
        ck_assert_int_eq(ast_item_td(it)->kind, kinds[k]);
    }
    ast_typedef *td = ast_item_td(nth_item(i, 0));
    assert_name(td->name, "t");
    ck_assert_int_eq(ast_type_kind_of(td->alias), AT_U32);

    td = ast_item_td(nth_item(i, 1));
    ck_assert_uint_eq(td->nfields, 2);
    assert_name(nth_field(td, 0)->name, "a");
    ck_assert_int_eq(ast_type_kind_of(nth_field(td, 0)->type), AT_U32);
    assert_name(nth_field(td, 1)->name, "b");
    ck_assert_int_eq(ast_type_kind_of(nth_field(td, 1)->type), AT_STRING);

    td = ast_item_td(nth_item(i, 2));
    ck_assert_uint_eq(td->nfields, 2);
    assert_name(nth_field(td, 1)->name, "y");
    ck_assert_ptr_null(nth_field(td, 1)->type);

    td = ast_item_td(nth_item(i, 3));
    ck_assert_uint_eq(td->nfields, 2);
    ck_assert_ptr_null(nth_field(td, 0)->type);
    ck_assert_int_eq(ast_type_kind_of(nth_field(td, 1)->type), AT_U32);

    td = ast_item_td(nth_item(i, 4));
    ck_assert_uint_eq(td->nfields, 2);
    assert_name(nth_field(td, 0)->name, "p");

    td = ast_item_td(nth_item(i, 5));
    assert_name(td->name, "r0");
    ck_assert_ptr_null(td->funcs);
    td = ast_item_td(nth_item(i, 6));
    ck_assert_ptr_null(td->funcs);
    ck_assert_uint_eq(ast_item_td(nth_item(i, 7))->nfields, 0);
    ck_assert_uint_eq(ast_item_td(nth_item(i, 8))->nfields, 0);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(empty_enum_and_variant_parse)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx, "interface x { enum e {} variant v {} }");
    ck_assert_uint_eq(ast_item_td(nth_item(i, 0))->nfields, 0);
    ck_assert_uint_eq(ast_item_td(nth_item(i, 1))->nfields, 0);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(duplicate_field_names_are_not_a_syntax_error)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx, "interface x { record r { a: u8, a: u8 } flags f { a, a } }");
    ck_assert_uint_eq(ast_item_td(nth_item(i, 0))->nfields, 2);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(resource_with_constructor_methods_statics_and_async)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface x {\n"
                                  "  resource r {\n"
                                  "    constructor(a: u32);\n"
                                  "    constructor() -> result<r, string>;\n"
                                  "    m: func();\n"
                                  "    s: static func(x: u32) -> u32;\n"
                                  "    am: async func();\n"
                                  "    sa: static async func(a: u8, b: u8,);\n"
                                  "    %type: func();\n"
                                  "  }\n"
                                  "}");
    ast_typedef *td = ast_item_td(nth_item(i, 0));
    ck_assert_int_eq(td->kind, TD_RESOURCE);
    assert_name(td->name, "r");
    ast_named_func *fn = nth_func(td->funcs, 0);
    ck_assert_int_eq(fn->kind, FN_CONSTRUCTOR);
    assert_name(fn->name, "constructor");
    assert_span(ctx, fn->name.sp, "constructor");
    assert_span(ctx, fn->func.sp, "constructor");
    ck_assert(!fn->func.async);
    ck_assert_uint_eq(fn->func.nparams, 1);
    ck_assert_ptr_null(fn->func.result);

    fn = nth_func(td->funcs, 1);
    ck_assert_int_eq(fn->kind, FN_CONSTRUCTOR);
    ck_assert_uint_eq(fn->func.nparams, 0);
    ck_assert_int_eq(ast_type_kind_of(fn->func.result), AT_RESULT);

    fn = nth_func(td->funcs, 2);
    ck_assert_int_eq(fn->kind, FN_METHOD);
    assert_name(fn->name, "m");
    assert_span(ctx, fn->func.sp, "func");

    fn = nth_func(td->funcs, 3);
    ck_assert_int_eq(fn->kind, FN_STATIC);
    ck_assert_uint_eq(fn->func.nparams, 1);
    ck_assert_int_eq(ast_type_kind_of(fn->func.result), AT_U32);

    fn = nth_func(td->funcs, 4);
    ck_assert_int_eq(fn->kind, FN_METHOD);
    ck_assert(fn->func.async);

    fn = nth_func(td->funcs, 5);
    ck_assert_int_eq(fn->kind, FN_STATIC);
    ck_assert(fn->func.async);
    ck_assert_uint_eq(fn->func.nparams, 2);

    fn = nth_func(td->funcs, 6);
    assert_name(fn->name, "type");
    ck_assert_ptr_null(fn->next);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(functions_with_params_results_and_async)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface x {\n"
                                  "  f: func(a: u32, b: list<string>) -> option<u8>;\n"
                                  "  g: async func();\n"
                                  "  h: func(a: u32,);\n"
                                  "  %func: func() -> %type;\n"
                                  "}");
    ast_iface_item it = nth_item(i, 0);
    ck_assert_int_eq(ast_item_kind(it), II_FUNC);
    ast_named_func *fn = ast_item_fn(it);
    ck_assert_int_eq(fn->kind, FN_FREESTANDING);
    assert_name(fn->name, "f");
    ck_assert_uint_eq(fn->func.nparams, 2);
    assert_name(fn->func.params->name, "a");
    ck_assert_int_eq(ast_type_kind_of(fn->func.params->type), AT_U32);
    assert_name(fn->func.params[1].name, "b");
    ck_assert_int_eq(ast_type_kind_of(fn->func.params[1].type), AT_LIST);
    ck_assert_int_eq(ast_type_kind_of(fn->func.result), AT_OPTION);
    ck_assert(!fn->func.async);

    fn = ast_item_fn(nth_item(i, 1));
    ck_assert(fn->func.async);
    assert_span(ctx, fn->func.sp, "func");
    ck_assert_uint_eq(fn->func.nparams, 0);
    ck_assert_ptr_null(fn->func.params);

    fn = ast_item_fn(nth_item(i, 2));
    ck_assert_uint_eq(fn->func.nparams, 1);

    fn = ast_item_fn(nth_item(i, 3));
    assert_name(fn->name, "func");
    assert_span(ctx, fn->name.sp, "%func");
    ck_assert_int_eq(ast_type_kind_of(fn->func.result), AT_NAME);
    ck_assert_str_eq(fn->func.result->u.name->s, "type");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(interface_use_with_names_renames_and_versions)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface x {\n"
                                  "  use a:b/c@1.0.0.{d, e as f,};\n"
                                  "  use local.{};\n"
                                  "  use p:q/r@1.0.0-rc.{s};\n"
                                  "}");
    ast_iface_item it = nth_item(i, 0);
    ck_assert_int_eq(ast_item_kind(it), II_USE);
    ast_use *u = ast_item_use(it);
    assert_span(ctx, u->sp, "use");
    ck_assert(u->path.foreign);
    assert_name(u->path.ns, "a");
    assert_name(u->path.name, "c");
    assert_version(u->path.version, 1, 0, 0, "", "");
    ck_assert_uint_eq(u->nnames, 2);
    assert_name(u->names->name, "d");
    ck_assert_ptr_null(u->names->as.name);
    assert_name(u->names->next->name, "e");
    assert_name(u->names->next->as, "f");

    u = ast_item_use(nth_item(i, 1));
    ck_assert(!u->path.foreign);
    ck_assert_uint_eq(u->nnames, 0);
    ck_assert_ptr_null(u->names);

    u = ast_item_use(nth_item(i, 2));
    assert_version(u->path.version, 1, 0, 0, "rc", "");
    witan_ctx_free(ctx);
}
END_TEST

/* What the parser notes about an interface's items for the resolver:
 * its uses in order, the names the items declare, whether any has
 * attributes (resource functions included). */
START_TEST(interface_item_facts)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface x {\n"
                                  "  use a.{b, c as d};\n"
                                  "  type t = u32;\n"
                                  "  use e.{};\n"
                                  "  f: func();\n"
                                  "  use g.{h};\n"
                                  "}");
    ck_assert_ptr_eq(i->uses, ast_item_use(nth_item(i, 0)));
    ck_assert_ptr_eq(i->uses->next_use, ast_item_use(nth_item(i, 2)));
    ck_assert_ptr_eq(i->uses->next_use->next_use, ast_item_use(nth_item(i, 4)));
    ck_assert_ptr_null(i->uses->next_use->next_use->next_use);
    ck_assert_uint_eq(i->nnames, 2 + 1 + 0 + 1 + 1);
    ck_assert(!i->item_attrs);
    witan_ctx_free(ctx);

    ctx = tu_ctx();
    i = only_iface(ctx, "@since(version = 1.0.0) interface x { type t = u32; }");
    ck_assert_ptr_null(i->uses);
    ck_assert_uint_eq(i->nnames, 1);
    ck_assert(!i->item_attrs);     /* the interface's own are apart */
    witan_ctx_free(ctx);

    static const char *const with_attrs[] = {
        "interface x { @since(version = 1.0.0) type t = u32; }",
        "interface x { @unstable(feature = a) f: func(); }",
        "interface x { @since(version = 1.0.0) use y.{z}; }",
        "interface x { resource r { @since(version = 1.0.0) constructor(); } }",
        "interface x { resource r { f: func(); @unstable(feature = a) g: static func(); } }",
    };
    for (size_t k = 0; k < sizeof with_attrs / sizeof *with_attrs; k++) {
        ctx = tu_ctx();
        i = only_iface(ctx, with_attrs[k]);
        ck_assert_msg(i->item_attrs, "%s", with_attrs[k]);
        witan_ctx_free(ctx);
    }
}
END_TEST

START_TEST(explicit_ids_name_keywords)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx, "interface %interface { record %record { %type: %u32 } }");
    assert_name(i->name, "interface");
    assert_span(ctx, i->name.sp, "%interface");
    ast_typedef *td = ast_item_td(nth_item(i, 0));
    assert_name(td->name, "record");
    assert_name(td->fields->name, "type");
    ck_assert_int_eq(ast_type_kind_of(td->fields->type), AT_NAME);
    ck_assert_str_eq(td->fields->type->u.name->s, "u32");
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------------ types */

static const struct { const char *text; int kind; } prim_types[] = {
    {"bool", AT_BOOL}, {"u8", AT_U8},     {"u16", AT_U16},       {"u32", AT_U32},
    {"u64", AT_U64},   {"s8", AT_S8},     {"s16", AT_S16},       {"s32", AT_S32},
    {"s64", AT_S64},   {"f32", AT_F32},   {"f64", AT_F64},       {"char", AT_CHAR},
    {"string", AT_STRING}, {"error-context", AT_ERROR_CONTEXT},
};

START_TEST(each_primitive_type)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, prim_types[_i].text);
    ck_assert_int_eq(ast_type_kind_of(t), prim_types[_i].kind);
    ck_assert(AT_IS_PRIMITIVE(ast_type_kind_of(t)));
    assert_span(ctx, ast_type_span(t), prim_types[_i].text);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(named_types_plain_and_explicit)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, "my-type");
    ck_assert_int_eq(ast_type_kind_of(t), AT_NAME);
    ck_assert_str_eq(t->u.name->s, "my-type");
    t = alias_of(ctx, "%string");
    ck_assert_int_eq(ast_type_kind_of(t), AT_NAME);
    ck_assert_str_eq(t->u.name->s, "string");
    assert_span(ctx, ast_type_span(t), "%string");
    /* legacy names are ordinary names to the parser */
    t = alias_of(ctx, "float32");
    ck_assert_int_eq(ast_type_kind_of(t), AT_NAME);
    witan_ctx_free(ctx);
}
END_TEST

/* A node keeps where its type starts, not where it ends: the end
 * follows from the keyword, or from the name and its `%`. */
static const struct { const char *text, *span; int kind; } spanned_types[] = {
    {"list<u8>", "list", AT_LIST},          {"list<u8, 3>", "list", AT_FIXED_LIST},
    {"map<u8, u8>", "map", AT_MAP},         {"option<u8>", "option", AT_OPTION},
    {"result", "result", AT_RESULT},        {"result<_, u8>", "result", AT_RESULT},
    {"tuple<u8, u8>", "tuple", AT_TUPLE},   {"tuple<>", "tuple", AT_TUPLE},
    {"future", "future", AT_FUTURE},        {"future<u8>", "future", AT_FUTURE},
    {"stream", "stream", AT_STREAM},        {"stream<u8>", "stream", AT_STREAM},
    {"own<r>", "r", AT_OWN},                {"borrow<%r>", "%r", AT_BORROW},
    {"%own", "%own", AT_NAME},              {"a-very-long-name-x9", "a-very-long-name-x9", AT_NAME},
};

START_TEST(each_type_span_from_its_start)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, spanned_types[_i].text);
    ck_assert_int_eq(ast_type_kind_of(t), spanned_types[_i].kind);
    assert_span(ctx, ast_type_span(t), spanned_types[_i].span);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(lists_and_fixed_length_lists)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, "list<u8>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_LIST);
    assert_span(ctx, ast_type_span(t), "list");
    ck_assert_int_eq(ast_type_kind_of(t->u.elem), AT_U8);

    t = alias_of(ctx, "list<list<string>, 4>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_FIXED_LIST);
    ck_assert_uint_eq(t->n, 4);
    ck_assert_int_eq(ast_type_kind_of(t->u.elem), AT_LIST);

    t = alias_of(ctx, "list<u8, 007>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_FIXED_LIST);
    ck_assert_uint_eq(t->n, 7);
    t = alias_of(ctx, "list<u8, 0>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_FIXED_LIST);
    ck_assert_uint_eq(t->n, 0);
    t = alias_of(ctx, "list<u8, 4294967295>");
    ck_assert_uint_eq(t->n, 4294967295u);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(map_option_and_handles)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, "map<string, list<u32>>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_MAP);
    assert_span(ctx, ast_type_span(t), "map");
    ck_assert_int_eq(ast_type_kind_of(ast_operand(t, 0)), AT_STRING);
    ck_assert_int_eq(ast_type_kind_of(ast_operand(t, 1)), AT_LIST);

    t = alias_of(ctx, "option<option<u8>>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_OPTION);
    ck_assert_int_eq(ast_type_kind_of(t->u.elem), AT_OPTION);

    t = alias_of(ctx, "own<res>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_OWN);
    ck_assert_str_eq(t->u.name->s, "res");
    assert_span(ctx, ast_type_span(t), "res");
    t = alias_of(ctx, "borrow<%res>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_BORROW);
    ck_assert_str_eq(t->u.name->s, "res");
    assert_span(ctx, ast_type_span(t), "%res");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(all_four_result_forms)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, "result");
    ck_assert_int_eq(ast_type_kind_of(t), AT_RESULT);
    ck_assert_ptr_null(ast_operand(t, 0));
    ck_assert_ptr_null(ast_operand(t, 1));
    assert_span(ctx, ast_type_span(t), "result");

    t = alias_of(ctx, "result<u8>");
    ck_assert_int_eq(ast_type_kind_of(ast_operand(t, 0)), AT_U8);
    ck_assert_ptr_null(ast_operand(t, 1));

    t = alias_of(ctx, "result<_, string>");
    ck_assert_ptr_null(ast_operand(t, 0));
    ck_assert_int_eq(ast_type_kind_of(ast_operand(t, 1)), AT_STRING);

    t = alias_of(ctx, "result<u8, string>");
    ck_assert_int_eq(ast_type_kind_of(ast_operand(t, 0)), AT_U8);
    ck_assert_int_eq(ast_type_kind_of(ast_operand(t, 1)), AT_STRING);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(future_and_stream_with_and_without_payload)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, "future");
    ck_assert_int_eq(ast_type_kind_of(t), AT_FUTURE);
    ck_assert_ptr_null(t->u.elem);
    t = alias_of(ctx, "future<u8>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_FUTURE);
    ck_assert_int_eq(ast_type_kind_of(t->u.elem), AT_U8);
    t = alias_of(ctx, "stream");
    ck_assert_int_eq(ast_type_kind_of(t), AT_STREAM);
    ck_assert_ptr_null(t->u.elem);
    t = alias_of(ctx, "stream<future>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_STREAM);
    ck_assert_int_eq(ast_type_kind_of(t->u.elem), AT_FUTURE);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(tuples_including_the_empty_tuple)
{
    witan_ctx *ctx = tu_ctx();
    ast_type *t = alias_of(ctx, "tuple<>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_TUPLE);
    ck_assert_uint_eq(t->n, 0);
    t = alias_of(ctx, "tuple<u8, string, tuple<>,>");
    ck_assert_int_eq(ast_type_kind_of(t), AT_TUPLE);
    ck_assert_uint_eq(t->n, 3);
    ck_assert_int_eq(ast_type_kind_of(t->u.items[0]), AT_U8);
    ck_assert_int_eq(ast_type_kind_of(t->u.items[1]), AT_STRING);
    ck_assert_int_eq(ast_type_kind_of(t->u.items[2]), AT_TUPLE);
    t = alias_of(ctx, "tuple<u8>");
    ck_assert_uint_eq(t->n, 1);
    witan_ctx_free(ctx);
}
END_TEST

/* `type t = open open ... inner close close ...;` with `depth` of each
 * (malloc'd) */
static char *nested_type(const char *open, int depth, const char *inner, const char *close)
{
    size_t cap = (size_t)depth * (strlen(open) + strlen(close)) + strlen(inner) + 64;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    size_t n = (size_t)snprintf(s, cap, "interface x { type t = ");
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "%s", open);
    n += (size_t)snprintf(s + n, cap - n, "%s", inner);
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "%s", close);
    snprintf(s + n, cap - n, "; }");
    return s;
}

/* 1-based column, in the text nested_type builds, of the byte `extra`
 * bytes after `depth` repetitions of `open` */
static int nested_col(const char *open, int depth, int extra)
{
    return (int)strlen("interface x { type t = ") + depth * (int)strlen(open) + extra + 1;
}

START_TEST(ninety_nine_nested_lists_parse)
{
    char *text = nested_type("list<", 99, "u8", ">");
    witan_ctx *ctx = tu_ctx();
    parse_ok(ctx, text);
    witan_ctx_free(ctx);
    free(text);
}
END_TEST

START_TEST(type_nesting_too_deep_at_the_type_at_depth_100)
{
    char *text = nested_type("list<", 100, "u8", ">");
    tu_assert_parse_error(text, false, "type nesting too deep", 1, nested_col("list<", 100, 0));
    free(text);
    text = nested_type("list<", 101, "u8", ">");
    tu_assert_parse_error(text, false, "type nesting too deep", 1, nested_col("list<", 100, 0));
    free(text);
}
END_TEST

START_TEST(type_nesting_counts_tuple_option_result_map_future_stream)
{
    static const char *opens[] = {"tuple<", "option<", "result<", "future<", "stream<",
                                  "map<u8, ", "result<_, ", "result<u8, ", "tuple<u8, "};
    for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++) {
        /* the type at depth 100 is the `u8` inside the 100th constructor
         * when it has one before the nested part, else the innermost */
        const char *u8 = strstr(opens[i], "u8");
        int col = u8 ? nested_col(opens[i], 99, (int)(u8 - opens[i]))
                     : nested_col(opens[i], 100, 0);
        char *text = nested_type(opens[i], 100, "u8", ">");
        tu_assert_parse_error(text, false, "type nesting too deep", 1, col);
        free(text);
        text = nested_type(opens[i], 99, "u8", ">");
        witan_ctx *ctx = tu_ctx();
        parse_ok(ctx, text);
        witan_ctx_free(ctx);
        free(text);
    }
}
END_TEST

START_TEST(map_key_at_depth_100_is_too_deep)
{
    char *text = nested_type("list<", 99, "map<u8, u8>", ">");
    tu_assert_parse_error(text, false, "type nesting too deep", 1,
                          nested_col("list<", 99, (int)strlen("map<")));
    free(text);
}
END_TEST

START_TEST(tokens_that_are_no_type_at_depth_100_do_not_trigger_nesting)
{
    /* `tuple<>`: the `>` is eaten before an element is parsed */
    char *text = nested_type("list<", 99, "tuple<>", ">");
    witan_ctx *ctx = tu_ctx();
    parse_ok(ctx, text);
    witan_ctx_free(ctx);
    free(text);
    /* but an element of that tuple is at depth 100 */
    text = nested_type("list<", 99, "tuple<u8,>", ">");
    tu_assert_parse_error(text, false, "type nesting too deep", 1,
                          nested_col("list<", 99, (int)strlen("tuple<")));
    free(text);
    /* `result<_`: the `_` is no type; the error is at the type after `,` */
    text = nested_type("list<", 99, "result<_, u8>", ">");
    tu_assert_parse_error(text, false, "type nesting too deep", 1,
                          nested_col("list<", 99, (int)strlen("result<_, ")));
    free(text);
    text = nested_type("list<", 99, "result<_>", ">");
    tu_assert_parse_error(text, false, "expected ',', found '>'", 1,
                          nested_col("list<", 99, (int)strlen("result<_")));
    free(text);
    /* own/borrow take an identifier, not a type */
    text = nested_type("list<", 99, "own<r>", ">");
    ctx = tu_ctx();
    parse_ok(ctx, text);
    witan_ctx_free(ctx);
    free(text);
}
END_TEST

START_TEST(any_token_where_a_type_at_depth_100_is_parsed_is_too_deep)
{
    /* the reference reads the token and then checks the depth, so even
     * a `>` or `,` where the inner type would be is "too deep" */
    static const struct { const char *inner; int at; } inners[] = {
        {"list<>", 5},   {"option<>", 7}, {"result<>", 7},    {"future<>", 7}, {"stream<>", 7},
        {"map<>", 4},    {"tuple<,>", 6}, {"result<_, >", 10}, {"list<)>", 5},
    };
    for (size_t i = 0; i < sizeof inners / sizeof inners[0]; i++) {
        char *text = nested_type("list<", 99, inners[i].inner, ">");
        tu_assert_parse_error(text, false, "type nesting too deep", 1,
                              nested_col("list<", 99, inners[i].at));
        free(text);
    }
    /* and at end of file, one past the end */
    const char *text = "interface x { type t = ";
    size_t cap = strlen(text) + 100 * 5 + 1;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    strcpy(s, text);
    for (int i = 0; i < 100; i++)
        strcat(s, "list<");
    tu_assert_parse_error(s, false, "type nesting too deep", 1, (int)strlen(s) + 1);
    free(s);
}
END_TEST

START_TEST(type_depth_starts_again_for_every_type)
{
    char *a = nested_type("list<", 99, "u8", ">");
    /* two 99-deep types in one item are fine */
    size_t n = strlen(a) * 3 + 64;
    char *text = malloc(n);
    ck_assert_ptr_nonnull(text);
    const char *ty = a + strlen("interface x { type t = ");
    int tylen = (int)(strlen(ty) - strlen("; }"));
    snprintf(text, n, "interface x { f: func(a: %.*s, b: %.*s) -> %.*s; }", tylen, ty, tylen, ty,
             tylen, ty);
    witan_ctx *ctx = tu_ctx();
    parse_ok(ctx, text);
    witan_ctx_free(ctx);
    free(text);
    free(a);
}
END_TEST

/* ----------------------------------------------------------------- worlds */

/* A world item is made only as long as its kind needs (ast.h): two
 * functions without parameters lie one function item apart, and the
 * members read for each kind are inside the node. */
START_TEST(world_items_made_to_their_kind)
{
    witan_ctx *ctx = tu_ctx();
    ast_world *w = only_world(ctx,
                              "world w {\n"
                              "  import f: func();\n"
                              "  export g: func();\n"
                              "  import i;\n"
                              "}");
    ast_world_item *f = nth_witem(w->items, 0), *g = nth_witem(w->items, 1);
    size_t fsize = ast_world_item_size(WI_IMPORT, EXT_FUNC);
    ck_assert_uint_lt(fsize, sizeof(ast_world_item));
    ck_assert_uint_eq(fsize, offsetof(ast_world_item, func) + sizeof f->func);
    ck_assert_uint_eq((size_t)((const char *)g - (const char *)f), fsize);
    ck_assert_uint_eq(ast_world_item_size(WI_EXPORT, EXT_FUNC), fsize);
    ck_assert_uint_eq(ast_world_item_size(WI_IMPORT, EXT_PATH),
                      offsetof(ast_world_item, path) + sizeof f->path);
    ck_assert_uint_eq(ast_world_item_size(WI_INCLUDE, EXT_FUNC), sizeof(ast_world_item));
    ck_assert_int_eq(g->kind, WI_EXPORT);
    assert_name(g->name, "g");
    assert_name(nth_witem(w->items, 2)->path.name, "i");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(world_items_of_every_extern_form)
{
    witan_ctx *ctx = tu_ctx();
    ast_world *w = only_world(ctx,
                              "world w {\n"
                              "  import a;\n"
                              "  import a:b;\n"
                              "  import a:b/c@1.0.0;\n"
                              "  import x: a:b/c;\n"
                              "  import y: interface { f: func(); type t = u8; }\n"
                              "  import f: func(a: u8) -> u8;\n"
                              "  export g: async func();\n"
                              "  export a:b/c;\n"
                              "  export l: local;\n"
                              "}");
    assert_name(w->name, "w");
    ck_assert_int_eq(count_witems(w->items), 9);

    ast_world_item *it = nth_witem(w->items, 0);
    ck_assert_int_eq(it->kind, WI_IMPORT);
    ck_assert_int_eq(it->ext, EXT_PATH);
    ck_assert(!it->path.foreign);
    assert_name(it->path.name, "a");

    /* `import a:b;` is the named import `a` of the local interface `b` */
    it = nth_witem(w->items, 1);
    ck_assert_int_eq(it->ext, EXT_NAMED_PATH);
    assert_name(it->name, "a");
    ck_assert(!it->path.foreign);
    assert_name(it->path.name, "b");

    it = nth_witem(w->items, 2);
    ck_assert_int_eq(it->ext, EXT_PATH);
    ck_assert(it->path.foreign);
    assert_name(it->path.ns, "a");
    assert_name(it->path.pkg, "b");
    assert_name(it->path.name, "c");
    assert_version(it->path.version, 1, 0, 0, "", "");
    assert_span(ctx, it->path.pkg_sp, "a:b");

    it = nth_witem(w->items, 3);
    ck_assert_int_eq(it->ext, EXT_NAMED_PATH);
    assert_name(it->name, "x");
    ck_assert(it->path.foreign);
    assert_name(it->path.ns, "a");
    assert_name(it->path.name, "c");
    ck_assert_ptr_null(it->path.version);

    it = nth_witem(w->items, 4);
    ck_assert_int_eq(it->ext, EXT_INTERFACE);
    assert_name(it->name, "y");
    ck_assert_int_eq((int)it->nitems, 2);

    it = nth_witem(w->items, 5);
    ck_assert_int_eq(it->ext, EXT_FUNC);
    assert_name(it->name, "f");
    ck_assert_uint_eq(it->func.nparams, 1);
    ck_assert_int_eq(ast_type_kind_of(it->func.result), AT_U8);

    it = nth_witem(w->items, 6);
    ck_assert_int_eq(it->kind, WI_EXPORT);
    ck_assert_int_eq(it->ext, EXT_FUNC);
    ck_assert(it->func.async);

    it = nth_witem(w->items, 7);
    ck_assert_int_eq(it->kind, WI_EXPORT);
    ck_assert_int_eq(it->ext, EXT_PATH);
    ck_assert(it->path.foreign);

    it = nth_witem(w->items, 8);
    ck_assert_int_eq(it->ext, EXT_NAMED_PATH);
    assert_name(it->name, "l");
    assert_name(it->path.name, "local");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(world_uses_typedefs_and_includes)
{
    witan_ctx *ctx = tu_ctx();
    ast_world *w = only_world(ctx,
                              "world w {\n"
                              "  use a.{b, c as d};\n"
                              "  type t = u32;\n"
                              "  record r {}\n"
                              "  flags f {}\n"
                              "  variant v { a }\n"
                              "  enum e { a }\n"
                              "  resource res;\n"
                              "  include a;\n"
                              "  include a:b/c@1.0.0 with { x as y, z as w, }\n"
                              "  include q with {}\n"
                              "}");
    ck_assert_int_eq(count_witems(w->items), 10);
    ast_world_item *it = nth_witem(w->items, 0);
    ck_assert_int_eq(it->kind, WI_USE);
    ck_assert_uint_eq(it->use->nnames, 2);
    for (int k = 1; k <= 6; k++)
        ck_assert_int_eq(nth_witem(w->items, k)->kind, WI_TYPEDEF);
    ck_assert_int_eq(nth_witem(w->items, 1)->td->kind, TD_ALIAS);
    ck_assert_int_eq(nth_witem(w->items, 6)->td->kind, TD_RESOURCE);

    it = nth_witem(w->items, 7);
    ck_assert_int_eq(it->kind, WI_INCLUDE);
    assert_name(it->path.name, "a");
    ck_assert_ptr_null(it->with);

    it = nth_witem(w->items, 8);
    ck_assert_int_eq(it->kind, WI_INCLUDE);
    ck_assert(it->path.foreign);
    assert_version(it->path.version, 1, 0, 0, "", "");
    ck_assert_ptr_nonnull(it->with);
    assert_name(it->with->name, "x");
    assert_name(it->with->as, "y");
    assert_name(it->with->next->name, "z");
    assert_name(it->with->next->as, "w");
    ck_assert_ptr_null(it->with->next->next);

    it = nth_witem(w->items, 9);
    ck_assert_ptr_null(it->with);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(empty_world_and_interface)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "world w {} interface i {}");
    ck_assert_ptr_null(nth_decl(f->decls, 0)->u.world->items);
    ck_assert_ptr_null(nth_decl(f->decls, 1)->u.iface->items);
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------- attributes */

START_TEST(attributes_and_their_values)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "@since(version = 1.2.3)\n"
                                  "@unstable(feature = fancy-thing)\n"
                                  "@deprecated(version = 0.1.0-a+b)\n"
                                  "@external-id(\"ext\\u{41}\\n\")\n"
                                  "interface i {}");
    ast_attr *a = i->attrs;
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->kind, ATTR_SINCE);
    assert_span(ctx, a->sp, "since");
    assert_version(a->version, 1, 2, 3, "", "");
    a = a->next;
    ck_assert_int_eq(a->kind, ATTR_UNSTABLE);
    assert_span(ctx, a->sp, "unstable");
    assert_name(a->feature, "fancy-thing");
    a = a->next;
    ck_assert_int_eq(a->kind, ATTR_DEPRECATED);
    assert_span(ctx, a->sp, "deprecated");
    assert_version(a->version, 0, 1, 0, "a", "b");
    a = a->next;
    ck_assert_int_eq(a->kind, ATTR_EXTERNAL_ID);
    assert_span(ctx, a->sp, "external-id");
    ck_assert_uint_eq(a->string_len, 5);
    ck_assert_str_eq(a->string, "extA\n");
    ck_assert_ptr_null(a->next);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(attribute_names_and_keys_may_be_explicit_ids)
{
    witan_ctx *ctx = tu_ctx();
    ast_world *w = only_world(ctx, "@%since(%version = 1.0.0) @unstable(%feature = %x) world w {}");
    ck_assert_int_eq(w->attrs->kind, ATTR_SINCE);
    assert_span(ctx, w->attrs->sp, "%since");
    ck_assert_int_eq(w->attrs->next->kind, ATTR_UNSTABLE);
    assert_name(w->attrs->next->feature, "x");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(attributes_are_kept_on_every_kind_of_item)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx,
                           "@since(version = 1.0.0) interface i {\n"
                           "  @since(version = 1.0.0) type t = u8;\n"
                           "  @since(version = 1.0.0) f: func();\n"
                           "  @since(version = 1.0.0) use a.{b};\n"
                           "  @since(version = 1.0.0) resource r {\n"
                           "    @since(version = 1.0.0) constructor();\n"
                           "    @since(version = 1.0.0) m: func();\n"
                           "  }\n"
                           "}\n"
                           "@since(version = 1.0.0) world w {\n"
                           "  @since(version = 1.0.0) import a;\n"
                           "  @since(version = 1.0.0) export f: func();\n"
                           "  @since(version = 1.0.0) use a.{b};\n"
                           "  @since(version = 1.0.0) type t = u8;\n"
                           "  @since(version = 1.0.0) include x;\n"
                           "}");
    ast_interface *i = nth_decl(f->decls, 0)->u.iface;
    ck_assert_ptr_nonnull(i->attrs);
    ck_assert_ptr_nonnull(ast_item_td(nth_item(i, 0))->attrs);
    ck_assert_ptr_nonnull(ast_item_fn(nth_item(i, 1))->attrs);
    ck_assert_ptr_nonnull(ast_item_use(nth_item(i, 2))->attrs);
    ast_typedef *r = ast_item_td(nth_item(i, 3));
    ck_assert_ptr_nonnull(r->attrs);
    ck_assert_ptr_nonnull(nth_func(r->funcs, 0)->attrs);
    ck_assert_ptr_nonnull(nth_func(r->funcs, 1)->attrs);
    ast_world *w = nth_decl(f->decls, 1)->u.world;
    ck_assert_ptr_nonnull(w->attrs);
    for (int k = 0; k < 5; k++)
        ck_assert_ptr_nonnull(nth_witem(w->items, k)->attrs);
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------------- docs */

START_TEST(package_docs_come_from_comments_before_the_header)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "/// the package\npackage a:b;\n/// i\ninterface i {}");
    assert_docs(ctx, f->header->docs, "/// the package\n");
    assert_docs(ctx, nth_decl(f->decls, 0)->u.iface->docs, "/// i\n");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(nested_package_docs)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx, "// n\npackage a:b { /// w\n world w {} }");
    ck_assert_ptr_null(f->header);
    ast_package *p = nth_decl(f->decls, 0)->u.pkg;
    assert_docs(ctx, p->name.docs, "// n\n");
    assert_docs(ctx, nth_decl(p->decls, 0)->u.world->docs, "/// w\n");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(docs_come_before_attributes_and_comments_after_them_are_dropped)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx,
                           "/// a\n@since(version = 1.0.0)\n// b\ninterface x {\n"
                           "  /// t\n  @unstable(feature = f) /// not t\n  type t = u8;\n"
                           "}\n");
    ast_interface *i = nth_decl(f->decls, 0)->u.iface;
    assert_docs(ctx, i->docs, "/// a\n");
    assert_docs(ctx, ast_item_td(nth_item(i, 0))->docs, "/// t\n");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(docs_on_fields_cases_and_flags)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface x {\n"
                                  "  record r { /// a\n a: u8, /* b */ b: u8 }\n"
                                  "  variant v { // c\n c(u8), d }\n"
                                  "  enum e { /// e1\n /// e2\n e1 }\n"
                                  "  flags f { g, /// h\n h, }\n"
                                  "}");
    ast_typedef *r = ast_item_td(nth_item(i, 0));
    assert_docs(ctx, nth_field(r, 0)->docs, "/// a\n");
    assert_docs(ctx, nth_field(r, 1)->docs, "/* b */");
    ast_typedef *v = ast_item_td(nth_item(i, 1));
    assert_docs(ctx, nth_field(v, 0)->docs, "// c\n");
    assert_no_docs(nth_field(v, 1)->docs);
    ast_typedef *e = ast_item_td(nth_item(i, 2));
    assert_docs(ctx, e->fields->docs, "/// e1\n", "/// e2\n");
    ast_typedef *fl = ast_item_td(nth_item(i, 3));
    assert_no_docs(nth_field(fl, 0)->docs);
    assert_docs(ctx, nth_field(fl, 1)->docs, "/// h\n");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(docs_on_functions_and_resource_functions)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx,
                                  "interface x {\n"
                                  "  /// f\n  f: func(/// param docs are dropped\n a: u8);\n"
                                  "  /** r */ resource r {\n"
                                  "    /// ctor\n    constructor();\n"
                                  "    /// m\n    m: func();\n"
                                  "    // s\n    s: static func();\n"
                                  "  }\n"
                                  "  g: func();\n"
                                  "}");
    assert_docs(ctx, ast_item_fn(nth_item(i, 0))->docs, "/// f\n");
    ast_typedef *r = ast_item_td(nth_item(i, 1));
    assert_docs(ctx, r->docs, "/** r */");
    assert_docs(ctx, nth_func(r->funcs, 0)->docs, "/// ctor\n");
    assert_docs(ctx, nth_func(r->funcs, 1)->docs, "/// m\n");
    assert_docs(ctx, nth_func(r->funcs, 2)->docs, "// s\n");
    assert_no_docs(ast_item_fn(nth_item(i, 2))->docs);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(docs_on_world_items)
{
    witan_ctx *ctx = tu_ctx();
    ast_world *w = only_world(ctx,
                              "world w {\n"
                              "  /// f\n  import f: func();\n"
                              "  /// i\n  export i: interface { /// g\n g: func(); }\n"
                              "  /// p\n  import a:b/c;\n"
                              "  /// n\n  import n: c;\n"
                              "  /// t\n  type t = u8;\n"
                              "  /// u\n  use a.{b};\n"
                              "  /// inc\n  include x;\n"
                              "  @since(version = 1.0.0) /// dropped\n  import z;\n"
                              "  /// dangling\n"
                              "}");
    assert_docs(ctx, nth_witem(w->items, 0)->docs, "/// f\n");
    ast_world_item *it = nth_witem(w->items, 1);
    assert_docs(ctx, it->docs, "/// i\n");
    assert_docs(ctx, ast_item_fn(nth_item(it, 0))->docs, "/// g\n");
    assert_docs(ctx, nth_witem(w->items, 2)->docs, "/// p\n");
    assert_docs(ctx, nth_witem(w->items, 3)->docs, "/// n\n");
    it = nth_witem(w->items, 4);
    assert_docs(ctx, it->docs, "/// t\n");
    assert_docs(ctx, it->td->docs, "/// t\n");
    assert_no_docs(nth_witem(w->items, 7)->docs);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(comments_where_no_docs_are_kept_do_not_reach_the_next_item)
{
    witan_ctx *ctx = tu_ctx();
    ast_file *f = parse_ok(ctx,
                           "/// top-level use\nuse a;\n/// i\ninterface i {\n"
                           "  /// use\n  use a.{b};\n"
                           "  /// t\n  type t = tuple</* element */ u8, /// e\n u8>;\n"
                           "  /// last\n"
                           "}\n"
                           "world w {\n"
                           "  /// include\n  include x with { /// entry\n a as b }\n"
                           "  /// e\n  export e;\n"
                           "}\n// end of file\n");
    ast_interface *i = nth_decl(f->decls, 1)->u.iface;
    assert_docs(ctx, i->docs, "/// i\n");
    assert_docs(ctx, ast_item_td(nth_item(i, 1))->docs, "/// t\n");
    ast_world *w = nth_decl(f->decls, 2)->u.world;
    assert_no_docs(w->docs);
    assert_docs(ctx, nth_witem(w->items, 1)->docs, "/// e\n");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(every_comment_style_is_documentation)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx, "// a\r\n/* b */\n/** c */\n//! d\n/*! e */ interface x {}");
    assert_docs(ctx, i->docs, "// a\r\n", "/* b */", "/** c */", "//! d\n", "/*! e */");
    witan_ctx_free(ctx);
}
END_TEST

/* ----------------------------------------------------------------- legacy */

START_TEST(legacy_empty_result_is_accepted_with_a_warning)
{
    witan_ctx *ctx = tu_ctx();
    ast_interface *i = only_iface(ctx, "interface x {\n  f: func() -> ();\n}");
    ast_named_func *fn = ast_item_fn(nth_item(i, 0));
    ck_assert_ptr_null(fn->func.result);
    ck_assert_uint_eq(witan_error_count(ctx), 0);
    ck_assert_uint_eq(witan_warning_count(ctx), 1);
    ck_assert_int_eq(witan_diag_severity(ctx, 0), WITAN_WARNING);
    ck_assert_str_eq(witan_diag_rule(ctx, 0), "legacy-syntax");
    uint32_t l, c;
    tu_diag_linecol(ctx, 0, &l, &c);
    ck_assert_uint_eq(l, 2);
    ck_assert_uint_eq(c, 13);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(legacy_empty_result_in_constructors_and_world_functions)
{
    witan_ctx *ctx = tu_ctx();
    parse_ok(ctx, "interface x { resource r { constructor() -> (); m: func() -> (); } }\n"
                  "world w { import f: func() -> (); export g: async func() -> (); }");
    ck_assert_uint_eq(witan_warning_count(ctx), 4);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(legacy_empty_result_is_the_reference_error_when_strict)
{
    tu_assert_parse_error("interface x {\n  f: func() -> ();\n}", true,
                          "expected a type, found '('", 2, 16);
    tu_assert_parse_error("interface x { resource r { constructor() -> (); } }", true,
                          "expected a type, found '('", 1, 45);
    /* strict mode errors at the `(` even when a lexical error follows */
    tu_assert_parse_error("interface x { f: func() -> ($); }", true, "expected a type, found '('",
                          1, 28);
}
END_TEST

/* ------------------------------------------------------------ error table */

/* Each case marks the error position with `¦` (removed before parsing);
 * the expected message is what ast.rs / lex.rs report there, derived from
 * the function that fails: `expect` names the token it requires,
 * err_expected the alternatives, `eat` (optional) never appears. */
typedef struct error_case {
    const char *text;
    const char *msg;
} error_case;

#define MARK "\xc2\xa6"

static const error_case syntax_errors[] = {
    /* top-level dispatch (AstItem::parse) */
    {"¦}", "expected `world`, `interface` or `use`, found '}'"},
    {"interface x {} ¦;", "expected `world`, `interface` or `use`, found ';'"},
    {"¦default world w {}", "expected `world`, `interface` or `use`, found an identifier"},
    {"¦record r {}", "expected `world`, `interface` or `use`, found keyword `record`"},
    {"¦1", "expected `world`, `interface` or `use`, found an integer"},
    {"¦\"s\"", "expected `world`, `interface` or `use`, found a string literal"},
    {"¦%x", "expected `world`, `interface` or `use`, found an '%' identifier"},
    {"¦%", "expected `world`, `interface` or `use`, found an '%' identifier"},
    {"¦Foo_Bar", "expected `world`, `interface` or `use`, found an identifier"},
    {"¦->", "expected `world`, `interface` or `use`, found `->`"},
    {"¦=", "expected `world`, `interface` or `use`, found '='"},
    {"¦*", "expected `world`, `interface` or `use`, found `*`"},
    {"¦+", "expected `world`, `interface` or `use`, found `+`"},
    {"¦-", "expected `world`, `interface` or `use`, found `-`"},
    {"¦/", "expected `world`, `interface` or `use`, found `/`"},
    {"¦<", "expected `world`, `interface` or `use`, found '<'"},
    {"¦from", "expected `world`, `interface` or `use`, found keyword `from`"},
    {"@since(version = 1.0.0) ¦}", "expected `world`, `interface` or `use`, found '}'"},
    {"@since(version = 1.0.0)¦", "expected `world`, `interface` or `use`, found eof"},
    {"@since(version = 1.0.0) ¦import x;",
     "expected `world`, `interface` or `use`, found keyword `import`"},

    /* package header and nested packages */
    {"package ¦;", "expected an identifier or string, found ';'"},
    {"package a¦;", "expected ':', found ';'"},
    {"package a¦", "expected ':', found eof"},
    {"package a:¦;", "expected an identifier or string, found ';'"},
    {"package a:b¦", "expected '{', found eof"},
    {"package a:b¦:c;", "expected '{', found ':'"},
    {"package a:b; package c:d¦;", "expected '{', found ';'"},
    {"interface x {}\npackage a:b¦;", "expected '{', found ';'"},
    {"package a:b ¦interface x {}", "expected '{', found keyword `interface`"},
    {"package a:b@¦;", "expected an integer, found ';'"},
    {"package a:b@1¦;", "expected '.', found ';'"},
    {"package a:b@1.0¦;", "expected '.', found ';'"},
    {"package a:b@1.0.¦;", "expected an integer, found ';'"},
    {"package a:b@1.¦x.0;", "expected an integer, found an identifier"},
    {"package a:b@¦v1.0.0;", "expected an integer, found an identifier"},
    {"package a:b@¦01.0.0;", "invalid leading zero in major version number"},
    {"package a:b@¦1.00.0;", "invalid leading zero in minor version number"},
    {"package a:b@¦1.0.00;", "invalid leading zero in patch version number"},
    {"package a:b@¦1 . 0 . 0;", "unexpected character ' ' after major version number"},
    {"package a:b@¦1.0 .0;", "unexpected character ' ' after minor version number"},
    {"package a:b@¦1.0.0 -a;", "unexpected character ' ' after patch version number"},
    {"package a:b@¦99999999999999999999.0.0;", "value of major version number exceeds u64::MAX"},
    {"package a:b@¦1.99999999999999999999.0;", "value of minor version number exceeds u64::MAX"},
    {"package a:b@¦1.0.0-α;", "empty identifier segment in pre-release identifier"},
    {"package a:b@¦1.0.0-01;", "invalid leading zero in pre-release identifier"},
    {"package a:b@¦1.0.0-Foo_Bar;", "unexpected character '_' after pre-release identifier"},
    {"package a:b@¦1.0.0+α;", "empty identifier segment in build metadata"},
    {"package a:b@¦1.0.0-a+b_c;", "unexpected character '_' after build metadata"},
    {"package a:b@1.0.0-a¦..b;", "expected '{', found '.'"},
    {"package a:b@1.0.0-¦u8;", "expected '{', found keyword `u8`"},
    {"package a:b@1.0.0-¦%x;", "expected '{', found an '%' identifier"},
    {"package a:b@1.0.0 ¦x", "expected '{', found an identifier"},
    {"package ¦Foo:bar;", "invalid character in identifier 'o'"},
    {"package a:¦b_c;", "invalid character in identifier '_'"},
    {"package ¦%:b;", "identifiers must have characters between '-'s"},
    /* the header look-ahead validates a name before reading on */
    {"package a:¦a_b$", "invalid character in identifier '_'"},
    {"package ¦A_b $", "invalid character in identifier '_'"},
    /* the version's look-ahead reads the next token before semver runs */
    {"package a:b@01.0.0 ¦$", "unexpected character '$'"},
    {"@since(version = 1.0.0) ¦package a:b;", "cannot place attributes on nested packages"},
    {"@since(version = 1.0.0)\n¦package a:b {}", "cannot place attributes on nested packages"},
    {"package x:y { @external-id(\"a\") ¦package a:b {} }",
     "cannot place attributes on nested packages"},
    {"@since(version = 1.0.0) ¦package $", "cannot place attributes on nested packages"},
    {"package a:b { package c:d¦; }", "expected '{', found ';'"},
    {"package a:b {¦", "expected `world`, `interface` or `use`, found eof"},
    {"package a:b { interface x {} ¦", "expected `world`, `interface` or `use`, found eof"},
    {"package a:b; package c:d {} ¦}", "expected `world`, `interface` or `use`, found '}'"},
    {"package a:b { ¦; }", "expected `world`, `interface` or `use`, found ';'"},
    {"package a:b {} package¦", "expected an identifier or string, found eof"},

    /* top-level use */
    {"use ¦;", "expected an identifier or string, found ';'"},
    {"use a¦", "expected ';', found eof"},
    {"use a¦.{b};", "expected ';', found '.'"},
    {"use a:b¦;", "expected `/`, found ';'"},
    {"use a:b¦:c/d;", "expected `/`, found ':'"},
    {"use a:b/¦;", "expected an identifier or string, found ';'"},
    {"use a:b/c@¦;", "expected an integer, found ';'"},
    {"use a:b/c@1.0.0 ¦x;", "expected ';', found an identifier"},
    {"use a as ¦;", "expected an identifier or string, found ';'"},
    {"use a as b ¦c;", "expected ';', found an identifier"},
    {"use ¦A_b;", "invalid character in identifier '_'"},
    {"use a as ¦Bc;", "invalid character in identifier 'c'"},
    {"use a as B-c ¦d;", "expected ';', found an identifier"},

    /* interfaces and their items */
    {"interface ¦{}", "expected an identifier or string, found '{'"},
    {"interface ¦Foo {}", "invalid character in identifier 'o'"},
    {"interface ¦été {}", "invalid character in identifier 'é'"},
    {"interface x ¦Foo {}", "expected '{', found an identifier"},
    {"interface x¦;", "expected '{', found ';'"},
    {"interface x¦", "expected '{', found eof"},
    {"interface x {¦", "expected `type`, `resource` or `func`, found eof"},
    {"world w {\n¦", "expected `import`, `export`, `include`, `use`, or type definition, found eof"},
    {"interface x { ¦; }", "expected `type`, `resource` or `func`, found ';'"},
    {"interface x { ¦import a; }", "expected `type`, `resource` or `func`, found keyword `import`"},
    {"interface x { ¦package a:b; }",
     "expected `type`, `resource` or `func`, found keyword `package`"},
    {"interface x { ¦1 }", "expected `type`, `resource` or `func`, found an integer"},
    {"interface x { @ ¦}", "expected an identifier or string, found '}'"},
    {"interface x { ¦Fo: func(); }", "invalid character in identifier 'o'"},
    {"interface x { f ¦func(); }", "expected ':', found keyword `func`"},
    {"interface x { union ¦u { u32 } }", "expected ':', found an identifier"},
    {"interface x { f: ¦(); }", "expected keyword `func`, found '('"},
    {"interface x { f: ¦static func(); }", "expected keyword `func`, found keyword `static`"},
    {"interface x { f: async¦; }", "expected keyword `func`, found ';'"},
    {"interface x { f: async ¦async func(); }", "expected keyword `func`, found keyword `async`"},
    {"interface x { f: func¦; }", "expected '(', found ';'"},
    {"interface x { f: func(¦; }", "expected an identifier or string, found ';'"},
    {"interface x { f: func(¦,); }", "expected an identifier or string, found ','"},
    {"interface x { f: func(a: u32,¦,); }", "expected an identifier or string, found ','"},
    {"interface x { f: func(a¦); }", "expected ':', found ')'"},
    {"interface x { f: func(a: ¦); }", "expected a type, found ')'"},
    {"interface x { f: func(a: u32 ¦b: u32); }", "expected ')', found an identifier"},
    {"interface x { f: func(a: u32¦; }", "expected ')', found ';'"},
    {"interface x { f: func(¦a_b: u32); }", "invalid character in identifier '_'"},
    {"interface x { f: func(¦@since(version = 1.0.0) a: u32); }",
     "expected an identifier or string, found `@`"},
    {"interface x { f: func() ¦}", "expected ';', found '}'"},
    {"interface x { f: func() ¦u32; }", "expected ';', found keyword `u32`"},
    {"interface x { f: func() -> ¦; }", "expected a type, found ';'"},
    {"interface x { f: func() -> u32 ¦}", "expected ';', found '}'"},
    {"interface x { f: func() -> u32¦, }", "expected ';', found ','"},
    {"interface x { f: func() -> u32 ¦%x; }", "expected ';', found an '%' identifier"},
    {"interface x { f: func() -> u32 ¦+; }", "expected ';', found `+`"},
    {"interface x { f: func() -> ¦(a: u32, b: u32); }", "expected a type, found '('"},
    {"interface x { f: func() -> ¦(u32, u32); }", "expected a type, found '('"},
    {"interface x { f: func() -> ¦(", "expected a type, found '('"},
    {"interface x { f: func() -> ¦($); }", "expected a type, found '('"},
    {"interface x {} ¦;", "expected `world`, `interface` or `use`, found ';'"},

    /* use in interfaces and worlds */
    {"interface x { use ¦; }", "expected an identifier or string, found ';'"},
    {"interface x { use a¦; }", "expected '.', found ';'"},
    {"interface x { use a.¦b; }", "expected '{', found an identifier"},
    {"interface x { use self.¦foo.{x}; }", "expected '{', found an identifier"},
    {"interface x { use a.{¦1}; }", "expected an identifier or string, found an integer"},
    {"interface x { use a.{¦,}; }", "expected an identifier or string, found ','"},
    {"interface x { use a.{b,¦,}; }", "expected an identifier or string, found ','"},
    {"interface x { use a.{b ¦c}; }", "expected '}', found an identifier"},
    {"interface x { use a.{b as ¦}; }", "expected an identifier or string, found '}'"},
    {"interface x { use a.{b} ¦}", "expected ';', found '}'"},
    {"interface x { use a.{¦B_c}; }", "invalid character in identifier '_'"},
    {"interface x { use a:b¦.{c}; }", "expected `/`, found '.'"},
    {"interface x { use a:b/c@1.0.0 ¦}", "expected '.', found '}'"},
    {"interface x { use a:b/c@1.0.0.¦d; }", "expected '{', found an identifier"},
    {"world w { use a.{b} ¦}", "expected ';', found '}'"},
    {"world w { use ¦; }", "expected an identifier or string, found ';'"},

    /* type definitions */
    {"interface x { type ¦= u32; }", "expected an identifier or string, found '='"},
    {"interface x { type ¦option = u32; }",
     "expected an identifier or string, found keyword `option`"},
    {"interface x { type t ¦u32; }", "expected '=', found keyword `u32`"},
    {"interface x { type t = u32 ¦}", "expected ';', found '}'"},
    {"interface x { type t = result ¦}", "expected ';', found '}'"},
    {"interface x { type t = expected¦<u32, u32>; }", "expected ';', found '<'"},
    {"interface x { type t = handle¦<x>; }", "expected ';', found '<'"},
    {"interface x { record ¦{} }", "expected an identifier or string, found '{'"},
    {"interface x { record r ¦; }", "expected '{', found ';'"},
    {"interface x { record r { a: u32¦; b: u32 } }", "expected '}', found ';'"},
    {"interface x { record r { a ¦u32 } }", "expected ':', found keyword `u32`"},
    {"interface x { record r { ¦a_b: u32 } }", "invalid character in identifier '_'"},
    {"interface x { record r { ¦@since(version = 1.0.0) a: u32 } }",
     "expected an identifier or string, found `@`"},
    {"interface x { record r { a: u32 }¦; }",
     "expected `type`, `resource` or `func`, found ';'"},
    {"interface x { record r {¦", "expected an identifier or string, found eof"},
    {"interface x { record r { a: u32,¦", "expected an identifier or string, found eof"},
    {"interface x { record r { a: u32¦", "expected '}', found eof"},
    {"interface x { flags ¦{} }", "expected an identifier or string, found '{'"},
    {"interface x { flags f { a¦: u32 } }", "expected '}', found ':'"},
    {"interface x { flags f { ¦%, } }", "identifiers must have characters between '-'s"},
    {"interface x { flags f ¦}", "expected '{', found '}'"},
    {"interface x { enum e { a¦(u32) } }", "expected '}', found '('"},
    {"interface x { enum e { ¦@since(version = 1.0.0) a } }",
     "expected an identifier or string, found `@`"},
    {"interface x { enum e { a, ¦, } }", "expected an identifier or string, found ','"},
    {"interface x { variant v { a(¦) } }", "expected a type, found ')'"},
    {"interface x { variant v { a(u32 ¦} }", "expected ')', found '}'"},
    {"interface x { variant v { a(u32¦, u32) } }", "expected ')', found ','"},
    {"interface x { variant v { a(result ¦} }", "expected ')', found '}'"},
    {"interface x { variant v { a ¦b } }", "expected '}', found an identifier"},

    /* resources */
    {"interface x { resource r ¦}", "expected ';', found '}'"},
    {"interface x { resource ¦; }", "expected an identifier or string, found ';'"},
    {"interface x { resource r {¦", "expected `constructor` or identifier, found eof"},
    {"interface x { resource r { ¦static f: func(); } }",
     "expected `constructor` or identifier, found keyword `static`"},
    {"interface x { resource r { ¦async constructor(); } }",
     "expected `constructor` or identifier, found keyword `async`"},
    {"interface x { resource r { ¦type t = u32; } }",
     "expected `constructor` or identifier, found keyword `type`"},
    {"interface x { resource r { @since(version = 1.0.0) ¦} }",
     "expected `constructor` or identifier, found '}'"},
    {"interface x { resource r { constructor¦; } }", "expected '(', found ';'"},
    {"interface x { resource r { constructor(a¦) } }", "expected ':', found ')'"},
    {"interface x { resource r { constructor() ¦} }", "expected ';', found '}'"},
    {"interface x { resource r { constructor() -> ¦; } }", "expected a type, found ';'"},
    {"interface x { resource r { f ¦func(); } }", "expected ':', found keyword `func`"},
    {"interface x { resource r { f: async ¦static func(); } }",
     "expected keyword `func`, found keyword `static`"},
    {"interface x { resource r { f: ¦; } }", "expected keyword `func`, found ';'"},
    {"interface x { resource r { f: static¦; } }", "expected keyword `func`, found ';'"},
    {"interface x { resource r { f: func() ¦} }", "expected ';', found '}'"},
    {"interface x { resource r { ¦m_x: func(); } }", "invalid character in identifier '_'"},
    {"interface x { resource r {} ¦; }", "expected `type`, `resource` or `func`, found ';'"},

    /* type expressions */
    {"interface x { type t = ¦>; }", "expected a type, found '>'"},
    {"interface x { type t = ¦; }", "expected a type, found ';'"},
    {"interface x { type t = ¦(u32); }", "expected a type, found '('"},
    {"interface x { type t = ¦\"s\"; }", "expected a type, found a string literal"},
    {"interface x { type t = ¦*; }", "expected a type, found `*`"},
    {"interface x { type t = ¦from; }", "expected a type, found keyword `from`"},
    {"interface x { type t = ¦_; }", "expected a type, found keyword `_`"},
    {"interface x { type t = ¦1foo; }", "expected a type, found an integer"},
    {"interface x { type t = ¦Foo; }", "invalid character in identifier 'o'"},
    {"interface x { type t = ¦%; }", "identifiers must have characters between '-'s"},
    {"interface x { type t = ¦%-x; }", "identifiers must have characters between '-'s"},
    {"interface x { type t = list¦; }", "expected '<', found ';'"},
    {"interface x { type t = list<¦>; }", "expected a type, found '>'"},
    {"interface x { type t = list<u32¦; }", "expected '>', found ';'"},
    {"interface x { type t = list<u32 ¦u32>; }", "expected '>', found keyword `u32`"},
    {"interface x { type t = list<u32, ¦>; }", "expected fixed-length, found '>'"},
    {"interface x { type t = list<u32, ¦x>; }", "expected fixed-length, found an identifier"},
    {"interface x { type t = list<u32, ¦-1>; }", "expected fixed-length, found `-`"},
    {"interface x { type t = list<u32, 4¦,>; }", "expected '>', found ','"},
    {"interface x { type t = list<u32, ¦4294967296>; }",
     "invalid list size: number too large to fit in target type"},
    {"interface x { type t = list<u32, ¦99999999999999999999999>; }",
     "invalid list size: number too large to fit in target type"},
    {"interface x { type t = list<u32, ¦4294967296", "invalid list size: number too large to fit in target type"},
    {"interface x { type t = map¦; }", "expected '<', found ';'"},
    {"interface x { type t = map<¦>; }", "expected a type, found '>'"},
    {"interface x { type t = map<u32¦>; }", "expected ',', found '>'"},
    {"interface x { type t = map<u32, ¦>; }", "expected a type, found '>'"},
    {"interface x { type t = map<u32, u32¦,>; }", "expected '>', found ','"},
    {"interface x { type t = option¦; }", "expected '<', found ';'"},
    {"interface x { type t = option<u32¦, u32>; }", "expected '>', found ','"},
    {"interface x { type t = result<¦>; }", "expected a type, found '>'"},
    {"interface x { type t = result<_¦>; }", "expected ',', found '>'"},
    {"interface x { type t = result<_ ¦u8>; }", "expected ',', found keyword `u8`"},
    {"interface x { type t = result<_, ¦>; }", "expected a type, found '>'"},
    {"interface x { type t = result<u32, ¦>; }", "expected a type, found '>'"},
    {"interface x { type t = result<u32, ¦_>; }", "expected a type, found keyword `_`"},
    {"interface x { type t = result<u32, u32¦, u32>; }", "expected '>', found ','"},
    {"interface x { type t = result<u32 ¦u32>; }", "expected '>', found keyword `u32`"},
    {"interface x { type t = tuple¦; }", "expected '<', found ';'"},
    {"interface x { type t = tuple<u32 ¦u32>; }", "expected '>', found keyword `u32`"},
    {"interface x { type t = tuple<¦,>; }", "expected a type, found ','"},
    {"interface x { type t = tuple<u32,¦,>; }", "expected a type, found ','"},
    {"interface x { type t = tuple<¦", "expected a type, found eof"},
    {"interface x { type t = future<¦>; }", "expected a type, found '>'"},
    {"interface x { type t = future ¦u32; }", "expected ';', found keyword `u32`"},
    {"interface x { type t = stream<u8¦, u8>; }", "expected '>', found ','"},
    {"interface x { type t = own¦; }", "expected '<', found ';'"},
    {"interface x { type t = own<¦u32>; }", "expected an identifier or string, found keyword `u32`"},
    {"interface x { type t = own<r¦, s>; }", "expected '>', found ','"},
    {"interface x { type t = borrow<¦>; }", "expected an identifier or string, found '>'"},
    {"interface x { type t = borrow<¦R_x>; }", "invalid character in identifier '_'"},
    {"interface x { type t = list<u32>¦>; }", "expected ';', found '>'"},

    /* worlds and their items */
    {"world ¦{}", "expected an identifier or string, found '{'"},
    {"world w¦;", "expected '{', found ';'"},
    {"world w {¦", "expected `import`, `export`, `include`, `use`, or type definition, found eof"},
    {"world w { ¦f: func(); }",
     "expected `import`, `export`, `include`, `use`, or type definition, found an identifier"},
    {"world w { ¦interface x {} }",
     "expected `import`, `export`, `include`, `use`, or type definition, found keyword `interface`"},
    {"world w { ¦constructor(); }",
     "expected `import`, `export`, `include`, `use`, or type definition, found keyword `constructor`"},
    {"world w { @since(version = 1.0.0) ¦}",
     "expected `import`, `export`, `include`, `use`, or type definition, found '}'"},
    {"world w { import a;¦",
     "expected `import`, `export`, `include`, `use`, or type definition, found eof"},
    {"world w { import ¦; }", "expected an identifier or string, found ';'"},
    {"world w { export ¦interface x {} }",
     "expected an identifier or string, found keyword `interface`"},
    {"world w { import a ¦}", "expected ';', found '}'"},
    {"world w { import a ¦{} }", "expected ';', found '{'"},
    {"world w { import a¦/b; }", "expected ';', found `/`"},
    {"world w { import a:¦; }", "expected an identifier or string, found ';'"},
    {"world w { import a: ¦1; }", "expected an identifier or string, found an integer"},
    {"world w { import a: ¦static func(); }",
     "expected an identifier or string, found keyword `static`"},
    {"world w { import a:b ¦}", "expected ';', found '}'"},
    {"world w { import a:b¦@1.0.0; }", "expected ';', found `@`"},
    {"world w { import a:b/¦; }", "expected an identifier or string, found ';'"},
    {"world w { import a:b/c ¦}", "expected ';', found '}'"},
    {"world w { import a:b/c@1.0.0¦.{x}; }", "expected ';', found '.'"},
    {"world w { import wasi:io/streams@0.2.0¦.{x}; }", "expected ';', found '.'"},
    {"world w { import a:b:c¦; }", "expected `/`, found ';'"},
    {"world w { import x: a:b/¦; }", "expected an identifier or string, found ';'"},
    {"world w { import x: a:b/c ¦}", "expected ';', found '}'"},
    {"world w { import f: func() ¦}", "expected ';', found '}'"},
    {"world w { import f: async ¦; }", "expected keyword `func`, found ';'"},
    {"world w { import f: async ¦interface {} }", "expected keyword `func`, found keyword `interface`"},
    {"world w { import i: interface ¦; }", "expected '{', found ';'"},
    {"world w { import i: interface { ¦import x; } }",
     "expected `type`, `resource` or `func`, found keyword `import`"},
    {"world w { import i: interface {}¦; }",
     "expected `import`, `export`, `include`, `use`, or type definition, found ';'"},
    {"world w { export ¦%; }", "identifiers must have characters between '-'s"},
    {"world w { import ¦Foo; }", "invalid character in identifier 'o'"},
    {"world w { import ¦a_b: c; }", "invalid character in identifier '_'"},
    {"world w { import a: ¦B_c/d; }", "invalid character in identifier '_'"},
    {"world w { export foo: self¦.bar; }", "expected ';', found '.'"},
    {"world w { include ¦; }", "expected an identifier or string, found ';'"},
    {"world w { include a ¦}", "expected ';', found '}'"},
    {"world w { include a with ¦x }", "expected '{', found an identifier"},
    {"world w { include a with { b ¦} }", "expected keyword `as`, found '}'"},
    {"world w { include a with { b as ¦} }", "expected an identifier or string, found '}'"},
    {"world w { include a with { b as c ¦d as e } }", "expected '}', found an identifier"},
    {"world w { include a with { foo¦:foo/foo as x } }", "expected keyword `as`, found ':'"},
    {"world w { include a with { ¦@since(version = 1.0.0) b as c } }",
     "expected an identifier or string, found `@`"},
    {"world w { include a with { ¦x_y as z } }", "invalid character in identifier '_'"},
    {"world w { include a with {}¦; }",
     "expected `import`, `export`, `include`, `use`, or type definition, found ';'"},
    {"world w { include a:b ¦with {} }", "expected `/`, found keyword `with`"},
    {"world w { type t = u32 ¦}", "expected ';', found '}'"},
    {"world w {} ¦;", "expected `world`, `interface` or `use`, found ';'"},

    /* attributes */
    {"@ ¦interface x {}", "expected an identifier or string, found keyword `interface`"},
    {"@¦", "expected an identifier or string, found eof"},
    {"@¦foo interface x {}", "unknown attribute `foo`"},
    {"@¦%foo interface x {}", "unknown attribute `foo`"},
    {"@¦version(x) interface x {}", "unknown attribute `version`"},
    {"@¦Since(version = 1.0.0)", "invalid character in identifier 'i'"},
    {"@since ¦interface x {}", "expected '(', found keyword `interface`"},
    {"@since¦", "expected '(', found eof"},
    {"@since(¦) interface x {}", "expected an identifier or string, found ')'"},
    {"@since(¦since = 1.0.0)", "expected `version`, found `since`"},
    {"@since(¦feature = foo, version = 1.0.0)", "expected `version`, found `feature`"},
    {"@since(¦Version = 1.0.0)", "invalid character in identifier 'e'"},
    {"@since(¦feature $", "expected `version`, found `feature`"},
    {"@since(version ¦1.0.0)", "expected '=', found an integer"},
    {"@since(version = ¦)", "expected an integer, found ')'"},
    {"@since(version = ¦v1.0.0)", "expected an integer, found an identifier"},
    {"@since(version = 1.0¦)", "expected '.', found ')'"},
    {"@since(version = ¦01.0.0)", "invalid leading zero in major version number"},
    {"@since(version = 1.0.0¦, feature = x)", "expected ')', found ','"},
    {"@since(version = 1.0.0 ¦interface x {}", "expected ')', found keyword `interface`"},
    {"@unstable(¦version = x)", "expected `feature`, found `version`"},
    {"@unstable(feature¦)", "expected '=', found ')'"},
    {"@unstable(feature = ¦)", "expected an identifier or string, found ')'"},
    {"@unstable(feature = ¦1)", "expected an identifier or string, found an integer"},
    {"@unstable(feature = ¦Foo)", "invalid character in identifier 'o'"},
    {"@unstable(feature = x ¦y)", "expected ')', found an identifier"},
    {"@deprecated(¦feature = x)", "expected `version`, found `feature`"},
    {"@deprecated(version = 1.0.0¦", "expected ')', found eof"},
    {"@external-id(¦x)", "expected a string literal, found an identifier"},
    {"@external-id(¦)", "expected a string literal, found ')'"},
    {"@external-id(\"x\" ¦\"y\")", "expected ')', found a string literal"},
    {"@external-id ¦interface x {}", "expected '(', found keyword `interface`"},
    {"@external-id(\"\\¦q\")", "invalid string escape 'q'"},

    /* lexical errors met while parsing, at their positions */
    {"interface x { ¦$ }", "unexpected character '$'"},
    {"interface x {\n  ¦/* unterminated", "unterminated block comment"},
    {"interface x { f: func(a: ¦€); }", "unexpected character '€'"},
    {"interface x { type t = u32; }\r\n¦;", "expected `world`, `interface` or `use`, found ';'"},
    {"\xef\xbb\xbfinterface x {¦", "expected `type`, `resource` or `func`, found eof"},
    {"interface ¦; $", "expected an identifier or string, found ';'"},
    {"package a:b ¦$", "unexpected character '$'"},
    {"package a:b@1.0.0-x ¦$", "unexpected character '$'"},
    {"world w { import a: b ¦$ }", "unexpected character '$'"},
    {"interface x { ¦Foo $ }", "invalid character in identifier 'o'"},
};

/* Returns text without its `¦` marker (malloc'd) and the 1-based line and
 * byte column where the marker was. */
static char *unmark(const char *text, int *line, int *col)
{
    const char *m = strstr(text, MARK);
    ck_assert_msg(m != NULL, "case without marker: %s", text);
    size_t pre = (size_t)(m - text);
    char *s = malloc(strlen(text) + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, text, pre);
    strcpy(s + pre, m + strlen(MARK));
    ck_assert_msg(strstr(s, MARK) == NULL, "case with two markers: %s", text);
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < pre; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
    return s;
}

START_TEST(syntax_error_matches_the_reference)
{
    int line, col;
    char *text = unmark(syntax_errors[_i].text, &line, &col);
    tu_assert_parse_error(text, false, syntax_errors[_i].msg, line, col);
    /* strict mode changes nothing here */
    tu_assert_parse_error(text, true, syntax_errors[_i].msg, line, col);
    free(text);
}
END_TEST

/* How much of the source an error covers decides the `^---` underline of
 * the rendering: one byte for the reference's `expect` and lexical errors,
 * the whole token for err_expected and the checks made on a token. */
static const struct { const char *text; int width; } error_widths[] = {
    {"interface x { f: func() ¦u32; }", 1},                /* expect(';') */
    {"interface x { type t = list<u32 ¦string>; }", 1},    /* expect('>') */
    {"package a:b@1.¦x.0;", 1},                            /* parse_version's expect */
    {"interface x { ¦import a; }", 6},                     /* err_expected */
    {"interface x { type t = ¦Str; }", 1},                  /* identifier validation */
    {"interface x { type t = ¦import; }", 6},               /* "a type" */
    {"interface x { type t = list<u8, ¦import>; }", 6},     /* "fixed-length" */
    {"@¦foobar interface x {}", 6},                         /* unknown attribute */
    {"@since(¦feature = x) interface x {}", 7},             /* eat_id */
    {"@since(version = 1.0.0) ¦package a:b {}", 7},         /* parse_nested */
    {"interface x { type t = list<u8, ¦4294967296>; }", 10}, /* list size */
    {"package a:b@¦01.0.0;", 6},                            /* semver, the version */
    {"interface x { ¦$$ }", 1},                              /* lexical */
};

START_TEST(error_covers_what_the_reference_underlines)
{
    int line, col;
    char *text = unmark(error_widths[_i].text, &line, &col);
    witan_ctx *ctx = tu_ctx();
    ck_assert_ptr_null(tu_parse(ctx, text));
    const char *path;
    uint32_t l, c, el, ec;
    ck_assert(witan_diag_location(ctx, 0, &path, &l, &c, &el, &ec));
    ck_assert_msg(l == (uint32_t)line && c == (uint32_t)col && el == l &&
                      ec - c == (uint32_t)error_widths[_i].width,
                  "input %s: %u:%u-%u:%u, want %d:%d width %d", text, l, c, el, ec, line, col,
                  error_widths[_i].width);
    witan_ctx_free(ctx);
    free(text);
}
END_TEST

START_TEST(syntax_error_stops_at_the_first_error)
{
    witan_ctx *ctx = tu_ctx();
    ck_assert_ptr_null(tu_parse(ctx, "interface x { f: func() -> ; g: func(; }"));
    ck_assert_uint_eq(witan_error_count(ctx), 1);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(eof_error_is_one_past_the_end)
{
    witan_ctx *ctx = tu_ctx();
    ck_assert_ptr_null(tu_parse(ctx, "interface x {\n  type t = u8;\n"));
    uint32_t l, c;
    tu_diag_linecol(ctx, 0, &l, &c);
    ck_assert_uint_eq(l, 3);
    ck_assert_uint_eq(c, 1);
    char *s = witan_diag_render(ctx, 0, WITAN_FORMAT_TEXT, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "expected `type`, `resource` or `func`, found eof\n"
                        "     --> t.wit:3:1\n"
                        "      |\n"
                        "    3 | \n"
                        "      | ^");
    free(s);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(rendered_error_has_the_reference_layout)
{
    witan_ctx *ctx = tu_ctx();
    ck_assert_ptr_null(tu_parse(ctx, "package a:b;\n\ninterface x {\n  f: func() -> u32\n}\n"));
    char *s = witan_diag_render(ctx, 0, WITAN_FORMAT_TEXT, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "expected ';', found '}'\n"
                        "     --> t.wit:5:1\n"
                        "      |\n"
                        "    5 | }\n"
                        "      | ^");
    free(s);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(list_size_error_spans_the_integer)
{
    witan_ctx *ctx = tu_ctx();
    ck_assert_ptr_null(tu_parse(ctx, "interface x { type t = list<u32, 4294967296>; }"));
    const char *path;
    uint32_t l, c, el, ec;
    ck_assert(witan_diag_location(ctx, 0, &path, &l, &c, &el, &ec));
    ck_assert_uint_eq(c, 34);
    ck_assert_uint_eq(ec, 44);
    witan_ctx_free(ctx);
}
END_TEST

/* ---------------------------------------------------------------- suite */

/* ------------------------------------------------------------------ parts */

/* What a parse gives, as text: each declaration's kind and name (nested
 * packages with theirs), then each diagnostic's first line. */
static void summarize_decls(buf *b, const ast_decl *d)
{
    for (; d; d = d->next) {
        switch (d->kind) {
        case DECL_INTERFACE:
            buf_printf(b, "interface %s;", d->u.iface->name.name->s);
            break;
        case DECL_WORLD:
            buf_printf(b, "world %s;", d->u.world->name.name->s);
            break;
        case DECL_USE:
            buf_printf(b, "use;");
            break;
        case DECL_PACKAGE:
            buf_printf(b, "package %s {", d->u.pkg->name.name.name->s);
            summarize_decls(b, d->u.pkg->decls);
            buf_printf(b, "}");
            break;
        }
    }
}

/* Parses text with at most `threads` threads and parts of one byte and
 * more; returns the summary (malloc'd) and how many parts joined. */
static char *parse_in_parts(const char *text, int threads, int *joined)
{
    witan_ctx *ctx = tu_ctx();
    witan_set_threads(ctx, threads, 1);
    ast_file *f = tu_parse(ctx, text);
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s|", f ? "ok" : "failed");
    if (f) {
        if (f->header)
            buf_printf(&b, "header %s;", f->header->name.name->s);
        summarize_decls(&b, f->decls);
    }
    for (size_t i = 0; i < witan_diag_count(ctx); i++) {
        char line[512];
        buf_printf(&b, "|%s", tu_diag_line(ctx, i, line, sizeof line));
    }
    *joined = ctx->parts_joined;
    witan_ctx_free(ctx);
    return buf_take(&b);
}

/* The text parsed in up to eight parts gives what one thread gives;
 * `parts` is how many of them must have joined. */
static void assert_parts_(const char *text, int parts, int line)
{
    int one, many;
    char *want = parse_in_parts(text, 1, &one);
    char *got = parse_in_parts(text, 8, &many);
    ck_assert_msg(one == 1, "line %d: one thread joined %d parts", line, one);
    ck_assert_msg(strcmp(want, got) == 0, "line %d: in parts:\n%s\nwhole:\n%s", line, got, want);
    ck_assert_msg(many == parts, "line %d: %d parts joined, %d expected (%s)", line, many, parts,
                  want);
    free(want);
    free(got);
}
#define assert_parts(text, parts) assert_parts_(text, parts, __LINE__)

START_TEST(parts_join_into_the_tree_and_warnings_of_one_thread)
{
    /* each `}` alone on its line ends a declaration (the last one too,
     * before an empty part): eight parts,
     * the legacy `-> ()` warnings of several in the order of the text */
    assert_parts("/// the package\npackage a:b@1.0.0;\n"
                 "interface i1 {\n  f: func() -> ();\n}\n"
                 "interface i2 {\n  type t = u8;\n}\n"
                 "/// docs of i3\ninterface i3 {\n  g: func() -> ();\n}\n"
                 "world w1 {\n  import i1;\n}\n"
                 "use i2 as j;\n"
                 "interface i4 {\n  h: func() -> ();\n}\n"
                 "interface i5 {\n}\r\n"
                 "interface i6 {\n}\n",
                 8);
    /* without a header, and with nested packages at the top level */
    assert_parts("package x:y {\n  interface a {}\n}\n"
                 "package x:z {\n  interface b {}\n}\n"
                 "package x:w {\n  interface c {}\n}\n",
                 4);
}
END_TEST

START_TEST(a_cut_that_is_not_between_declarations_is_not_taken)
{
    /* in a block comment */
    assert_parts("package a:b;\ninterface i1 {\n}\n/*\n}\n}\n}\n*/\ninterface i2 {\n}\n", 2);
    assert_parts("package a:b;\n/* interface i1 {\n}\n}\n}\n*/\ninterface i2 {\n}\n", 1);
    /* inside a nested package: the `}` ends an interface of it */
    assert_parts("package a:b {\ninterface i1 {\n}\ninterface i2 {\n}\n"
                 "interface i3 {\n}\n}\n",
                 1);
    /* in a type: a `}` alone that ends a record */
    assert_parts("interface i {\nrecord r {\nx: u8,\n}\nrecord s {\ny: u8,\n}\n}\n", 1);
}
END_TEST

START_TEST(errors_after_a_cut_are_the_errors_of_one_thread)
{
    /* the part after a cut fails: the part before goes on alone (the
     * first two joined; the second reads the third's text) */
    assert_parts("package a:b;\ninterface i1 {\n}\ninterface i2 {\n}\ninterface i3 {\n"
                 "  f: func(;\n}\n",
                 2);
    assert_parts("package a:b;\ninterface i1 {\n  f: func() -> ();\n}\n"
                 "interface i2 {\n}\ninterface i3 {\n}\nrecord r {}\n",
                 3);
    /* a header is only one at the very start */
    assert_parts("package a:b;\ninterface i1 {\n}\npackage c:d;\ninterface i2 {\n}\n", 1);
    /* a lexical error, and an identifier the reference refuses */
    assert_parts("package a:b;\ninterface i1 {\n}\ninterface i2 {\n}\ninterface i3 {\n"
                 "  type t = u8 $;\n}\n",
                 2);
    assert_parts("package a:b;\ninterface i1 {\n}\ninterface i2 {\n}\ninterface Bad-- {\n}\n",
                 2);
    /* and a part before the cut that fails is the error itself */
    assert_parts("package a:b;\ninterface i1 {\n  f: func(;\n}\ninterface i2 {\n}\n", 1);
}
END_TEST

static Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("packages");
    tcase_add_test(tc, empty_file_and_comment_only_file_parse_to_nothing);
    tcase_add_test(tc, package_header_with_version);
    tcase_add_test(tc, package_header_without_version);
    tcase_add_test(tc, dangling_prerelease_or_build_sign_is_dropped);
    tcase_add_test(tc, version_takes_ids_integers_minus_and_dots_between_them);
    tcase_add_test(tc, nested_packages);
    tcase_add_test(tc, file_of_nested_packages_has_no_header);
    tcase_add_test(tc, header_is_recognised_after_comments_and_a_bom);
    tcase_add_test(tc, one_hundred_nested_packages_parse);
    tcase_add_test(tc, package_nesting_too_deep_at_the_101st_package);
    tcase_add_test(tc, sibling_packages_after_deep_nesting_are_not_too_deep);
    tcase_add_test(tc, toplevel_use_with_and_without_as);
    tcase_add_test(tc, attributes_on_toplevel_use_are_kept_for_the_resolver);
    suite_add_tcase(s, tc);

    tc = tcase_create("interfaces");
    tcase_add_test(tc, interface_with_every_typedef_kind);
    tcase_add_test(tc, empty_enum_and_variant_parse);
    tcase_add_test(tc, duplicate_field_names_are_not_a_syntax_error);
    tcase_add_test(tc, resource_with_constructor_methods_statics_and_async);
    tcase_add_test(tc, functions_with_params_results_and_async);
    tcase_add_test(tc, interface_use_with_names_renames_and_versions);
    tcase_add_test(tc, interface_item_facts);
    tcase_add_test(tc, explicit_ids_name_keywords);
    suite_add_tcase(s, tc);

    tc = tcase_create("types");
    tcase_add_loop_test(tc, each_primitive_type, 0,
                        (int)(sizeof prim_types / sizeof prim_types[0]));
    tcase_add_test(tc, named_types_plain_and_explicit);
    tcase_add_test(tc, lists_and_fixed_length_lists);
    tcase_add_test(tc, map_option_and_handles);
    tcase_add_loop_test(tc, each_type_span_from_its_start, 0,
                        (int)(sizeof spanned_types / sizeof spanned_types[0]));
    tcase_add_test(tc, all_four_result_forms);
    tcase_add_test(tc, future_and_stream_with_and_without_payload);
    tcase_add_test(tc, tuples_including_the_empty_tuple);
    tcase_add_test(tc, ninety_nine_nested_lists_parse);
    tcase_add_test(tc, type_nesting_too_deep_at_the_type_at_depth_100);
    tcase_add_test(tc, type_nesting_counts_tuple_option_result_map_future_stream);
    tcase_add_test(tc, map_key_at_depth_100_is_too_deep);
    tcase_add_test(tc, tokens_that_are_no_type_at_depth_100_do_not_trigger_nesting);
    tcase_add_test(tc, any_token_where_a_type_at_depth_100_is_parsed_is_too_deep);
    tcase_add_test(tc, type_depth_starts_again_for_every_type);
    suite_add_tcase(s, tc);

    tc = tcase_create("worlds");
    tcase_add_test(tc, world_items_of_every_extern_form);
    tcase_add_test(tc, world_items_made_to_their_kind);
    tcase_add_test(tc, world_uses_typedefs_and_includes);
    tcase_add_test(tc, empty_world_and_interface);
    suite_add_tcase(s, tc);

    tc = tcase_create("attributes");
    tcase_add_test(tc, attributes_and_their_values);
    tcase_add_test(tc, attribute_names_and_keys_may_be_explicit_ids);
    tcase_add_test(tc, attributes_are_kept_on_every_kind_of_item);
    suite_add_tcase(s, tc);

    tc = tcase_create("docs");
    tcase_add_test(tc, package_docs_come_from_comments_before_the_header);
    tcase_add_test(tc, nested_package_docs);
    tcase_add_test(tc, docs_come_before_attributes_and_comments_after_them_are_dropped);
    tcase_add_test(tc, docs_on_fields_cases_and_flags);
    tcase_add_test(tc, docs_on_functions_and_resource_functions);
    tcase_add_test(tc, docs_on_world_items);
    tcase_add_test(tc, comments_where_no_docs_are_kept_do_not_reach_the_next_item);
    tcase_add_test(tc, every_comment_style_is_documentation);
    suite_add_tcase(s, tc);

    tc = tcase_create("legacy");
    tcase_add_test(tc, legacy_empty_result_is_accepted_with_a_warning);
    tcase_add_test(tc, legacy_empty_result_in_constructors_and_world_functions);
    tcase_add_test(tc, legacy_empty_result_is_the_reference_error_when_strict);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_loop_test(tc, syntax_error_matches_the_reference, 0,
                        (int)(sizeof syntax_errors / sizeof syntax_errors[0]));
    tcase_add_loop_test(tc, error_covers_what_the_reference_underlines, 0,
                        (int)(sizeof error_widths / sizeof error_widths[0]));
    tcase_add_test(tc, syntax_error_stops_at_the_first_error);
    tcase_add_test(tc, eof_error_is_one_past_the_end);
    tcase_add_test(tc, rendered_error_has_the_reference_layout);
    tcase_add_test(tc, list_size_error_spans_the_integer);
    suite_add_tcase(s, tc);

    tc = tcase_create("parts");
    tcase_add_test(tc, parts_join_into_the_tree_and_warnings_of_one_thread);
    tcase_add_test(tc, a_cut_that_is_not_between_declarations_is_not_taken);
    tcase_add_test(tc, errors_after_a_cut_are_the_errors_of_one_thread);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(parser_suite());
}

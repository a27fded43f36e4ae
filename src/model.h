/* Internal side of the resolved model: the growable storage behind the
 * public witan_resolve, the per-world bookkeeping the public structs do not
 * show (includes, source order), and the "unresolved package" that one
 * package becomes before it is pushed into the model.
 *
 * The pipeline mirrors wit-parser's, because its output order (every id of
 * `resolve --json`) falls out of that pipeline:
 *   resolve_pkg.c   syntax tree of one package -> upkg   (ast/resolve.rs)
 *   resolve_push.c  upkg -> model, ids, gates, handles   (Remap::append)
 *   resolve_world.c include, clone, elaborate a world
 *   loader.c        files, directories, deps/, package order
 *
 * Every name string in the model is interned (ctx->names), so names are
 * equal exactly when their pointers are; the one exception is the built
 * names of an interface's resource functions ("[method]r.m"), which
 * nothing compares or looks up: laid out the same (istr_alloc), they are
 * not in the interner's table. */
#ifndef WITAN_MODEL_H
#define WITAN_MODEL_H

#include <stdbool.h>

#include "witan.h"

#include "ast.h"
#include "ctx.h"
#include "vec.h"

#define SPAN_OF(s) ((witan_span){(s).start, (s).end})
#define WSPAN_NONE ((witan_span){UINT32_MAX, UINT32_MAX})
#define AS_SPAN(w) ((span){(w).start, (w).end})

/* What a typedef is built from, whatever its kind: what its kind does
 * not have is empty (NONE types, no fields or types, WITAN_NO_ID). For
 * walks over every component that need no switch of their own. */
typedef struct typedef_parts {
    witan_type a, b;
    const witan_field *fields;
    uint32_t nfields;
    const witan_type *types;
    uint32_t ntypes;
    witan_id resource;
} typedef_parts;

static inline typedef_parts typedef_parts_of(const witan_typedef *td)
{
    typedef_parts p = {{WITAN_TYPE_NONE, 0}, {WITAN_TYPE_NONE, 0}, NULL, 0, NULL, 0, WITAN_NO_ID};
    switch (td->kind) {
    case WITAN_TD_RECORD: case WITAN_TD_FLAGS: case WITAN_TD_VARIANT: case WITAN_TD_ENUM:
        p.fields = td->fields;
        p.nfields = td->nfields;
        break;
    case WITAN_TD_TUPLE:
        p.types = td->types;
        p.ntypes = td->ntypes;
        break;
    case WITAN_TD_HANDLE_OWN: case WITAN_TD_HANDLE_BORROW:
        p.resource = td->resource;
        break;
    case WITAN_TD_MAP: case WITAN_TD_RESULT:
        p.b = td->b;
        /* fall through */
    case WITAN_TD_ALIAS: case WITAN_TD_OPTION: case WITAN_TD_LIST: case WITAN_TD_FIXED_LIST:
    case WITAN_TD_FUTURE: case WITAN_TD_STREAM:
        p.a = td->a;
        break;
    default:
        break;
    }
    return p;
}

/* The key of a world import or export: a name, or an interface. */
typedef struct wkey {
    const char *name;   /* interned; NULL for an interface key */
    witan_id iface;
} wkey;

static inline const void *wkey_ptr(wkey k)
{
    return k.name ? (const void *)k.name : ptrmap_int_key(k.iface);
}

static inline wkey item_key(const witan_world_item *it)
{
    return (wkey){it->name, it->key_interface};
}

/* An ordered map of world items (the reference's IndexMap<WorldKey, _>). */
typedef struct item_map {
    VEC(witan_world_item) v;
    ptrmap index;
} item_map;

void item_map_free(item_map *m);
/* Position of key, or -1. */
long item_map_find(const item_map *m, wkey k);
/* Appends (the key must be absent); 0 when memory runs out. */
int item_map_push(item_map *m, witan_world_item it);
/* Makes room for n items in all; 0 when memory runs out. */
int item_map_reserve(item_map *m, uint32_t n);

typedef struct include_rename {
    const char *name, *as;
} include_rename;

typedef struct world_include {
    const witan_stability *stability;
    witan_id world;             /* in the unresolved package, then remapped */
    include_rename *names;
    uint32_t nnames;
    witan_span span;            /* the include path's item name */
    bool gated_out;             /* set at push time */
} world_include;

/* A place in a world's source text that contributes exports or imports in
 * reader order: an item (by key) or an `include`. */
typedef struct reader_slot {
    wkey key;
    int include;                /* index into includes, or -1 for a key */
} reader_slot;

typedef VEC(reader_slot) slot_vec;
typedef VEC(wkey) wkey_vec;
typedef VEC(witan_id) id_vec;

typedef struct world_ext {
    item_map imports, exports;
    VEC(world_include) includes;
    slot_vec export_slots, import_slots;
    wkey_vec reader_exports, reader_imports;    /* expanded at push time */
} world_ext;

void world_ext_free(world_ext *w);

/* The model of a context (ctx->model). */
typedef struct model {
    witan_resolve pub;
    uint32_t cap_packages, cap_interfaces, cap_worlds, cap_types;
    world_ext *wext;            /* parallel to pub.worlds */
    ptrmap package_by_name;     /* interned "ns:name@version" -> package id */
    VEC(const char *) package_order; /* names in push order (for errors) */
    /* malloc'd arrays handed to callers as the context's (export lists) */
    VEC(void *) owned;
} model;

model *model_get(witan_ctx *ctx);
void model_free(model *m);
/* Makes room for n more types; 0 when memory runs out (ctx->oom set). */
int model_reserve_types(witan_ctx *ctx, model *m, uint32_t n);
static inline witan_id model_add_type(witan_ctx *ctx, model *m, const witan_typedef *td)
{
    if (m->pub.ntypes == m->cap_types && !model_reserve_types(ctx, m, 1))
        return WITAN_NO_ID;
    m->pub.types[m->pub.ntypes] = *td;
    return m->pub.ntypes++;
}
witan_id model_add_interface(witan_ctx *ctx, model *m, const witan_interface *iface);
witan_id model_add_world(witan_ctx *ctx, model *m, const witan_world *w, world_ext *ext);
witan_id model_add_package(witan_ctx *ctx, model *m, const witan_package *p);

/* ------------------------------------------------------ unresolved package */

typedef struct foreign_item {
    const char *name;
    bool is_world;
    witan_id id;                /* placeholder id in the upkg */
    VEC(const witan_stability *) stabilities;
} foreign_item;

typedef struct foreign_pkg {
    const char *key;            /* interned full name "ns:pkg[@version]" */
    witan_span span;            /* `ns:pkg` of the first reference */
    VEC(foreign_item) items;
} foreign_pkg;

typedef struct required_resource {
    witan_id type;
    witan_span span;
} required_resource;

#define HANDLE_NONE ((witan_id)0xFFFFFFFEu)
#define HANDLE_PENDING ((witan_id)0xFFFFFFFFu)

typedef struct upkg {
    const char *key;            /* interned full name "ns:pkg[@version]" */
    const char *ns, *name;
    const char *version;        /* canonical text or NULL */
    semver ver;
    witan_span name_span;
    witan_docs docs;
    VEC(witan_typedef) types;
    VEC(witan_interface) interfaces;
    VEC(witan_world) worlds;
    VEC(world_ext) wext;        /* parallel to worlds */
    VEC(foreign_pkg) foreign;   /* in order of first reference */
    VEC(witan_span) unknown_type_spans;
    VEC(required_resource) required_resources;
    /* When the package has no feature gates and uses no other package,
     * the owned handles push_package makes for references to resources
     * are made as the types are (see resolve_pkg.c): handle_of[id] is
     * the handle for references to type id, or HANDLE_NONE when they
     * need none (HANDLE_PENDING: not made yet); the array has types.cap
     * entries. NULL for other packages. */
    witan_id *handle_of;
    int group;                  /* which load group it came from (error context) */
} upkg;

void upkg_free(upkg *p);

/* Resolves the files of one package (all the same package) into *out.
 * `files` are the parsed files, in the reference's (sorted) order; nested
 * packages must already have been taken out. Returns false after
 * reporting the first error. */
bool resolve_package(witan_ctx *ctx, ast_file **files, size_t nfiles, upkg *out);
/* The checks made as each file joins its package (WIT-RESOLUTION §2 A.3):
 * headers agree, at most one header has docs, no doubly nested package. */
bool package_check_file(witan_ctx *ctx, const ast_package_name **header, bool *have_docs,
                        ast_file *file);
/* Same for a nested `package a:b { ... }` block. */
bool resolve_nested_package(witan_ctx *ctx, ast_package *pkg, upkg *out);

/* The entries witan_world_functions lists, one at a time: `each` gets
 * an entry whose slash, braces and raw names are one block of `names`
 * bytes from e->slash on, valid during the call only; it returns false
 * when memory runs out, which ends the walk. */
typedef bool (*export_each_fn)(void *arg, const witan_export *e, size_t names);
witan_status world_exports_each(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                                int imports, export_each_fn each, void *arg);
/* A package's name as the export list writes it, "ns:pkg@version"
 * (names_package); an interface's, "ns:pkg/name@version"
 * (names_interface); a world's own item under its root package,
 * "ns:pkg@version/name" (names_package_item). Appended to b. */
void names_package(buf *b, const witan_package *p);
void names_interface(buf *b, const witan_package *p, const char *name);
void names_package_item(buf *b, const witan_package *p, const char *name);

/* Pushes an unresolved package into the model (Remap::append). */
bool push_package(witan_ctx *ctx, model *m, upkg *p, witan_id *pkg_id);

/* World processing at push time (resolve_world.c). */
/* Applies the `include`s of a world (ids of included worlds are those of
 * the unresolved package, mapped through world_map) and checks names. */
bool world_process_includes(witan_ctx *ctx, model *m, witan_id world, const witan_id *world_map,
                            uint32_t map_len, witan_id pkg);
bool world_elaborate(witan_ctx *ctx, model *m, witan_id world);

/* Gate test (the reference's include_stability): sets *included, or
 * reports an error at sp and returns false. */
bool stability_included(witan_ctx *ctx, model *m, const witan_stability *s, witan_id pkg,
                        witan_span sp, bool *included);

/* The interface a `use` alias type points into, or WITAN_NO_ID. */
witan_id type_interface_dep(const model *m, witan_id type);

/* Where a docs range is: from its first comment's start to its last
 * comment's end (a line comment's newline included). */
span docs_span(witan_ctx *ctx, ast_docs d);
/* witan_docs_text; false, with *text "", when memory ran out or the
 * file shrank since it was loaded (an I/O error in the diagnostics). */
bool docs_read(witan_ctx *ctx, witan_docs d, const char **text);
/* Error helpers that also accept witan spans. */
void model_error(witan_ctx *ctx, witan_span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Interned C string helpers. */
const char *istr_c(witan_ctx *ctx, const char *s);
const char *istr_n(witan_ctx *ctx, const char *s, size_t n);
/* The text built in b, interned. A text cut short would be another
 * name: when building it ran out of memory, "" with ctx->oom set. */
const char *istr_buf(witan_ctx *ctx, const buf *b);

#endif

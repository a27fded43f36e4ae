/* Resolving one package's syntax trees into an unresolved package (upkg):
 * scopes, `use` paths, the interface/world and type topological sorts,
 * type definitions, functions and world items — wit-parser's
 * ast/resolve.rs, step for step, because its allocation order is the id
 * order of the final model and its checks decide which error comes first
 * (WIT-RESOLUTION §2-§6). */
#include <stdarg.h>
#include <string.h>

#include "model.h"

/* What a name at package or file scope refers to: an interface or a world
 * of the upkg (local or a placeholder of another package). */
typedef uint32_t astitem;
#define ITEM_WORLD 0x80000000u
#define ITEM_ID(x) ((x) & ~ITEM_WORLD)
#define IS_WORLD(x) (((x) & ITEM_WORLD) != 0)

/* A name lookup of the resolver is keyed by a tag and an interned name;
 * the tag says which scope. Ids fit in 30 bits: an interface or world
 * takes at least a dozen bytes of source, and all sources together are
 * below 2^31 bytes. An interface's or a world's names have a table of
 * their own (r->scopes): they are defined and looked up while the item
 * is resolved, so its small table stays in cache, where in one table
 * for every scope each probe missed it (a tenth of a 10 MB resolve's
 * time). So do each file's scope and the package's (r->file_scopes),
 * which every `use` path is looked up in. The other scopes share one
 * table (r->names). */
#define TAG_IFACE(id) ((uint32_t)(id) * 4u)         /* an interface's types and functions */
#define TAG_WORLD(id) ((uint32_t)(id) * 4u + 1u)    /* a world's types */
#define TAG_TEMP(n) ((uint32_t)(n) * 4u + 2u)       /* a sort's nodes, a resource's functions */
#define TAG_FOREIGN(n) ((uint32_t)(n) * 4u + 3u)    /* 0: packages; k + 1: names of package k */

/* Values of a scope entry: a type id, or a function. */
#define NAME_FUNC 0x80000000u

/* A type defined in the scope being resolved, in definition order (the
 * order of an interface's `types` and of a world's type imports). */
typedef struct tl_entry {
    const char *name;
    witan_id id;
    witan_span span;
} tl_entry;

typedef VEC(tl_entry) tl_vec;

/* Anonymous type interning: one table per package (RESOLVE-JSON §4.2).
 * A slot is only an id: the table lives as long as the package's
 * resolution, at the time its model grows, so it is kept small; a probe
 * compares the types themselves, which mostly differ in their kind. */
typedef struct anon_table {
    uint32_t *slots;    /* type id + 1; 0 = empty */
    uint32_t cap, count;
} anon_table;

/* A `use` path together with where the reference's for_each_path met it. */
typedef struct path_visit {
    const ast_use_path *path;
    ast_attr *attrs;
    ast_use_name *names;    /* `use` items only */
    bool has_names;
    const ast_id *iface;    /* enclosing named interface (uses), or world (includes) */
    int want;               /* 0 interface, 1 world, 2 unknown (top-level use) */
} path_visit;

/* A topological sort (toposort.rs): nodes in insertion order, edges by
 * name. Edges are added in any order and grouped by node when sorting. */
typedef struct topo_node {
    const char *name;
    uint32_t from;      /* edges added before this index were cleared */
    uint32_t first, count;  /* its edges in `by_node`, once grouped */
    uint32_t data;      /* the caller's */
    bool replaced;      /* has an edge to `float32`/`float64` (types) */
} topo_node;

typedef struct topo_edge {
    const char *name;
    span sp;
    uint32_t node;      /* the node the edge leaves */
    uint32_t target;    /* the node it names, once resolved */
} topo_edge;

/* A slot of a topo's name index: valid only when `epoch` is current, so
 * starting a new sort is one increment, whatever the table's size. */
typedef struct topo_slot {
    uint32_t epoch, node;
} topo_slot;

typedef struct topo {
    VEC(topo_node) nodes;
    VEC(topo_edge) edges;
    VEC(uint32_t) work; /* scratch of topo_sort */
    topo_slot *index;   /* name -> node, open addressing */
    uint32_t cap, epoch;
} topo;

/* The `use` and typedef items of an interface or world, in source order. */
typedef struct type_item {
    const ast_use *use;
    const ast_typedef *def;
} type_item;

/* A scope with a table of its own, over interned names (compared by
 * pointer): most scopes hold a dozen names or so, kept as a list that
 * is looked through, for no more memory than they need (the peak of a
 * 1 MB package's resolve is when the last interface's names are in); a
 * bigger one is a hash table (open addressing). Slots come from the
 * resolver's scope_mem; a table that grows leaves its old slots there. */
enum { SCOPE_LIST = 16 };

typedef struct scope_tab {
    const char **names; /* cap of them, then cap values; NULL until the first name */
    uint32_t cap;       /* up to SCOPE_LIST: a list, else a hash table (NULL: empty) */
    uint32_t count;
} scope_tab;

static inline uint32_t *scope_vals(const scope_tab *t) { return (uint32_t *)(t->names + t->cap); }

typedef struct resolver {
    witan_ctx *ctx;
    upkg *pkg;
    ast_decl **files;       /* decl lists, one per file */
    size_t nfiles;
    uint32_t package_tag;   /* name -> astitem: interfaces and worlds of the package */
    uint32_t file_tag0;     /* file f's names (incl. top-level uses): TAG_TEMP(file_tag0 + f) */
    size_t cur_file;
    pairmap names;          /* (tag, name) -> value; see TAG_* */
    VEC(scope_tab) scopes;  /* name -> value of TAG_IFACE and TAG_WORLD scopes */
    scope_tab *file_scopes; /* nfiles + 1: the files' scopes, then the package's */
    arena scope_mem;        /* the slots of all scope_tabs */
    uint32_t scope;         /* tag of the scope being resolved */
    uint32_t temps;         /* TAG_TEMP tags handed out */
    tl_vec lookup;          /* types of the scope being resolved */
    anon_table anon;
    ptrmap foreign_ifaces;  /* placeholder interface ids (as int keys) */
    VEC(path_visit) visits; /* scratch */
    topo sort;              /* scratch of resolve_types */
    VEC(type_item) items;   /* scratch of resolve_types */
    VEC(witan_function) funcs;  /* scratch of resolve_interface */
    VEC(const char *) names_seen;   /* scratch of name_repeated's callers */
    const char *self_name;  /* interned "self" */
    const char *float32, *float64;  /* interned, for the legacy names */
    bool failed;
} resolver;

/* ---------------------------------------------------------------- errors */

static void fail(resolver *r, span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void fail(resolver *r, span sp, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    va_list ap;
    va_start(ap, fmt);
    diag_addv(&r->ctx->diags, DIAG_ERROR, NULL, sp, fmt, ap);
    va_end(ap);
}

static bool oom(resolver *r)
{
    r->ctx->oom = true;
    fail(r, SPAN_NONE, "out of memory");
    return false;
}

/* ---------------------------------------------------------- small helpers */

static void *alloc(resolver *r, size_t n)
{
    void *p = arena_alloc(&r->ctx->keep, n);
    if (!p)
        oom(r);
    return p;
}

/* For arrays the caller fills whole before anyone reads them. */
static void *alloc_raw(resolver *r, size_t n)
{
    void *p = arena_alloc_raw(&r->ctx->keep, n);
    if (!p)
        oom(r);
    return p;
}

const char *istr_n(witan_ctx *ctx, const char *s, size_t n)
{
    const istr *i = ctx_intern(ctx, s, n);
    return i ? i->s : "";
}

const char *istr_c(witan_ctx *ctx, const char *s) { return istr_n(ctx, s, strlen(s)); }

const char *istr_buf(witan_ctx *ctx, const buf *b)
{
    if (b->failed) {
        ctx->oom = true;
        return "";
    }
    return istr_n(ctx, b->data ? b->data : "", b->len);
}

static const char *name_of(ast_id id) { return id.name ? id.name->s : ""; }

static witan_type prim_type(int ast_kind)
{
    return (witan_type){(witan_type_kind)(WITAN_TYPE_BOOL + ast_kind), 0};
}

static witan_type id_type(witan_id id) { return (witan_type){WITAN_TYPE_ID, id}; }

/* The text built in b, interned; b is freed. A key cut short would
 * name another package: the caller's lookups of "" fail, and ctx_status
 * then reports running out of memory only. */
static const char *key_of(witan_ctx *ctx, buf *b)
{
    const char *k = istr_buf(ctx, b);
    buf_free(b);
    return k;
}

/* "ns:name" or "ns:name@version" */
static const char *package_key(witan_ctx *ctx, const char *ns, const char *name,
                               const semver *v)
{
    buf b;
    buf_init(&b);
    buf_adds(&b, ns);
    buf_addc(&b, ':');
    buf_adds(&b, name);
    if (v) {
        buf_addc(&b, '@');
        semver_format(&b, v);
    }
    return key_of(ctx, &b);
}

static const char *version_text(witan_ctx *ctx, const semver *v)
{
    buf b;
    buf_init(&b);
    semver_format(&b, v);
    return key_of(ctx, &b);
}

/* ------------------------------------------------------------ type scopes */

static bool is_file_scope(const resolver *r, uint32_t tag)
{
    return r->file_scopes && (tag & 3) == 2 && tag >= TAG_TEMP(r->file_tag0) &&
           tag <= r->package_tag;
}

static bool in_shared_table(const resolver *r, uint32_t tag)
{
    return (tag & 2) && !is_file_scope(r, tag);
}

/* Every type reference looks a name up: inlined, a generated 1 MB
 * package resolves in 1% fewer instructions. */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static inline uint32_t scope_index(uint32_t tag) { return (tag >> 2) * 2 + (tag & 1); }

/* The table of a scope that has one of its own; NULL when it has none
 * yet (no name was added). */
static inline scope_tab *own_table(resolver *r, uint32_t tag)
{
    if (tag & 2)    /* a file's or the package's */
        return &r->file_scopes[(tag - TAG_TEMP(r->file_tag0)) / 4];
    uint32_t k = scope_index(tag);
    return k < r->scopes.len ? &r->scopes.items[k] : NULL;
}

/* The same, made empty the first time; NULL when memory runs out. */
static scope_tab *make_own_table(resolver *r, uint32_t tag)
{
    uint32_t k = scope_index(tag);
    if (!(tag & 2) && k >= r->scopes.len) {
        if (k == UINT32_MAX || !VEC_RESERVE_N(r->scopes, k + 1))
            return NULL;
        memset(&r->scopes.items[r->scopes.len], 0, (k + 1 - r->scopes.len) * sizeof *r->scopes.items);
        r->scopes.len = k + 1;
    }
    return own_table(r, tag);
}

static inline uint32_t scope_hash(const void *name)
{
    return (uint32_t)(((uint64_t)(uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

/* In a hash table: the slot of name, or the empty one where it would
 * go. */
static inline uint32_t scope_probe(const scope_tab *t, const void *name)
{
    uint32_t mask = t->cap - 1;
    for (uint32_t i = scope_hash(name) & mask;; i = (i + 1) & mask)
        if (t->names[i] == name || !t->names[i])
            return i;
}

/* The slot of name, or -1. */
static ALWAYS_INLINE long scope_find(const scope_tab *t, const void *name)
{
    if (t->cap <= SCOPE_LIST) {
        for (uint32_t i = 0; i < t->count; i++)
            if (t->names[i] == name)
                return i;
        return -1;
    }
    uint32_t i = scope_probe(t, name);
    return t->names[i] ? (long)i : -1;
}

/* Room for n names in all (a hash table at most three quarters full);
 * false when memory runs out. */
static bool scope_grow(resolver *r, scope_tab *t, uint32_t n)
{
    uint64_t cap = n;
    if (t->names && cap < (uint64_t)t->cap * 2)
        cap = (uint64_t)t->cap * 2;
    if (cap > SCOPE_LIST) {
        cap = 2 * SCOPE_LIST;
        while (cap * 3 < (uint64_t)n * 4)
            cap *= 2;
    }
    if (cap > UINT32_MAX / 16)
        return false;
    scope_tab nt = {arena_alloc(&r->scope_mem, cap * (sizeof *nt.names + sizeof(uint32_t))),
                    (uint32_t)cap, 0};
    if (!nt.names)
        return false;
    uint32_t *nvals = scope_vals(&nt);
    for (uint32_t i = 0; t->names && i < (t->cap <= SCOPE_LIST ? t->count : t->cap); i++) {
        if (!t->names[i])
            continue;
        uint32_t j = nt.cap <= SCOPE_LIST ? i : scope_probe(&nt, t->names[i]);
        nt.names[j] = t->names[i];
        nvals[j] = scope_vals(t)[i];
    }
    nt.count = t->count;
    *t = nt;
    return true;
}

static inline bool scope_reserve(resolver *r, scope_tab *t, uint32_t n)
{
    uint64_t room = t->cap <= SCOPE_LIST ? t->cap : (uint64_t)t->cap * 3 / 4;
    return (t->names && n <= room) || scope_grow(r, t, n);
}

static ALWAYS_INLINE bool name_get(resolver *r, uint32_t tag, const void *name, uint32_t *val)
{
    if (in_shared_table(r, tag))
        return pairmap_get(&r->names, tag, name, val);
    const scope_tab *t = own_table(r, tag);
    if (!t || !t->names)
        return false;
    long i = scope_find(t, name);
    if (i < 0)
        return false;
    if (val)
        *val = scope_vals(t)[i];
    return true;
}

/* Adds name -> val under tag unless present: 1 added, 0 present (*val
 * then holds what is there), -1 out of memory (reported). */
static int name_add(resolver *r, uint32_t tag, const void *name, uint32_t *val)
{
    if (in_shared_table(r, tag)) {
        int added = pairmap_add(&r->names, tag, name, val);
        if (added < 0)
            oom(r);
        return added;
    }
    scope_tab *t = make_own_table(r, tag);
    if (!t || !scope_reserve(r, t, t->count + 1)) {
        oom(r);
        return -1;
    }
    long found = scope_find(t, name);
    if (found >= 0) {
        *val = scope_vals(t)[found];
        return 0;
    }
    uint32_t i = t->cap <= SCOPE_LIST ? t->count : scope_probe(t, name);
    t->names[i] = name;
    scope_vals(t)[i] = *val;
    t->count++;
    return 1;
}

static uint32_t temp_tag(resolver *r) { return TAG_TEMP(r->temps++); }

static uint32_t file_tag(const resolver *r, size_t f) { return TAG_TEMP(r->file_tag0 + f); }

/* Whether the i-th name of a list repeats an earlier one: a look back
 * for the usual short lists (parameters, a resource's functions), the
 * name table under a tag of its own (*tag, 0 until needed) for long
 * ones. The names are `stride` bytes apart (a struct's first field). */
enum { SHORT_LIST = 16 };
#define NAME_AT(k) (*(const char *const *)(const void *)((const char *)list + (k) * stride))

static int name_repeated_long(resolver *r, const void *list, size_t stride, uint32_t i,
                              uint32_t *tag)
{
    const char *n = NAME_AT(i);
    uint32_t one = 1;
    if (i == SHORT_LIST) {
        *tag = temp_tag(r);
        for (uint32_t k = 0; k < i; k++)
            if (name_add(r, *tag, NAME_AT(k), &one) < 0)
                return -1;
    }
    int added = name_add(r, *tag, n, &one);
    return added < 0 ? -1 : !added;
}

static inline int name_repeated(resolver *r, const void *list, size_t stride, uint32_t i,
                                uint32_t *tag)
{
    if (i >= SHORT_LIST)
        return name_repeated_long(r, list, stride, i, tag);
    const char *n = NAME_AT(i);
    for (uint32_t k = 0; k < i; k++)
        if (NAME_AT(k) == n)
            return 1;
    return 0;
}
#undef NAME_AT

/* define_interface_name: a second definition of a name is an error */
static bool define_name(resolver *r, ast_id name, bool is_func, witan_id id)
{
    const char *n = name_of(name);
    uint32_t v = is_func ? NAME_FUNC : id;
    int added = name_add(r, r->scope, n, &v);
    if (added < 0)
        return false;
    if (!added) {
        fail(r, name.sp, "name `%s` is defined more than once", n);
        return false;
    }
    if (!is_func) {
        tl_entry e = {n, id, SPAN_OF(name.sp)};
        if (!VEC_PUSH(r->lookup, e))
            return oom(r);
    }
    return true;
}

/* --------------------------------------------------------- model arrays */

/* Own handles made with the types (upkg.handle_of). push_package turns
 * a reference to a resource, or to an alias of one, into the package's
 * owned handle for the type referred to, making the handle the first
 * time, just before the type it updates (functions' after all types):
 * made here at the same places, the handles have their final ids and
 * the package goes into an empty model as it is. References keep
 * naming the resource until push_package rewrites them, so nothing here
 * sees the difference. A type's entry says from the start whether
 * references to it need a handle (it is, or aliases, a resource). */
static bool grow_types(resolver *r)
{
    upkg *p = r->pkg;
    uint32_t cap = p->types.cap;
    if (!VEC_RESERVE(p->types))
        return oom(r);
    if (p->handle_of && cap != p->types.cap) {
        witan_id *h = realloc(p->handle_of, p->types.cap * sizeof *h);
        if (!h)
            return oom(r);
        p->handle_of = h;
    }
    return true;
}

static inline witan_id append_type(resolver *r, const witan_typedef *td)
{
    upkg *p = r->pkg;
    if (p->types.len == p->types.cap && !grow_types(r))
        return 0;
    witan_id id = p->types.len++;
    p->types.items[id] = *td;
    if (p->handle_of) {
        bool resource = td->kind == WITAN_TD_RESOURCE ||
                        (td->kind == WITAN_TD_ALIAS && td->a.kind == WITAN_TYPE_ID &&
                         p->handle_of[td->a.id] != HANDLE_NONE);
        p->handle_of[id] = resource ? HANDLE_PENDING : HANDLE_NONE;
    }
    return id;
}

static bool make_own_handle(resolver *r, witan_id id)
{
    witan_typedef own = {.kind = WITAN_TD_HANDLE_OWN, .resource = id, .span = WSPAN_NONE};
    witan_id h = append_type(r, &own);
    if (r->failed)
        return false;
    r->pkg->handle_of[id] = h;
    return true;
}

static inline bool own_handle_for(resolver *r, witan_type t)
{
    return t.kind != WITAN_TYPE_ID || r->pkg->handle_of[t.id] != HANDLE_PENDING ||
           make_own_handle(r, t.id);
}

/* The handles update_typedef would make for td, in its order. */
static bool own_handles_of_type(resolver *r, const witan_typedef *td)
{
    if (td->kind == WITAN_TD_ALIAS)
        return true;    /* keeps naming the resource */
    typedef_parts p = typedef_parts_of(td);
    for (uint32_t i = 0; i < p.nfields; i++)
        if (!own_handle_for(r, p.fields[i].type))
            return false;
    for (uint32_t i = 0; i < p.ntypes; i++)
        if (!own_handle_for(r, p.types[i]))
            return false;
    return own_handle_for(r, p.a) && own_handle_for(r, p.b);
}

/* The handles update_function would make for f. */
static bool own_handles_of_function(resolver *r, const witan_function *f)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!own_handle_for(r, f->params[i].type))
            return false;
    return own_handle_for(r, f->result);
}

static inline witan_id add_type(resolver *r, const witan_typedef *td)
{
    if (r->pkg->handle_of && !own_handles_of_type(r, td))
        return 0;
    return append_type(r, td);
}

/* After every type: the handles of functions, in the order push_package
 * updates them (interfaces by id, then each world's imports and
 * exports). */
static bool own_handles_of_functions(resolver *r)
{
    upkg *p = r->pkg;
    for (uint32_t i = 0; i < p->interfaces.len; i++)
        for (uint32_t k = 0; k < p->interfaces.items[i].nfunctions; k++)
            if (!own_handles_of_function(r, &p->interfaces.items[i].functions[k]))
                return false;
    for (uint32_t w = 0; w < p->worlds.len; w++) {
        for (int pass = 0; pass < 2; pass++) {
            const item_map *items = pass ? &p->wext.items[w].exports : &p->wext.items[w].imports;
            for (uint32_t k = 0; k < items->v.len; k++)
                if (items->v.items[k].kind == WITAN_ITEM_FUNCTION &&
                    !own_handles_of_function(r, items->v.items[k].func))
                    return false;
        }
    }
    return true;
}

static witan_id alloc_interface(resolver *r, witan_span sp)
{
    witan_interface iface;
    memset(&iface, 0, sizeof iface);
    iface.package = WITAN_NO_ID;
    iface.clone_of = WITAN_NO_ID;
    iface.span = sp;
    if (!VEC_PUSH(r->pkg->interfaces, iface)) {
        oom(r);
        return 0;
    }
    return r->pkg->interfaces.len - 1;
}

static witan_id alloc_world(resolver *r, witan_span sp)
{
    witan_world w;
    memset(&w, 0, sizeof w);
    w.package = WITAN_NO_ID;
    w.span = sp;
    world_ext ext;
    memset(&ext, 0, sizeof ext);
    if (!VEC_PUSH(r->pkg->worlds, w) || !VEC_PUSH(r->pkg->wext, ext)) {
        oom(r);
        return 0;
    }
    return r->pkg->worlds.len - 1;
}

/* -------------------------------------------------------------- attributes */

/* The stability of an item: NULL without gate attributes (the common
 * case), else one allocated for it. */
static bool stability_of(resolver *r, ast_attr *attrs, const witan_stability **res)
{
    ast_attr *since = NULL, *deprecated = NULL, *unstable = NULL;
    *res = NULL;
    for (ast_attr *a = attrs; a; a = a->next) {
        switch (a->kind) {
        case ATTR_SINCE:
            if (since) {
                fail(r, a->sp, "cannot specify @since twice");
                return false;
            }
            since = a;
            break;
        case ATTR_DEPRECATED:
            if (deprecated) {
                fail(r, a->sp, "cannot specify @deprecated twice");
                return false;
            }
            deprecated = a;
            break;
        case ATTR_UNSTABLE:
            if (unstable) {
                fail(r, a->sp, "cannot specify @unstable twice");
                return false;
            }
            unstable = a;
            break;
        case ATTR_EXTERNAL_ID:
            break;
        }
    }
    if (since && unstable) {
        fail(r, since->sp, "cannot specify both @since and @unstable");
        return false;
    }
    if (deprecated && !since && !unstable) {
        fail(r, deprecated->sp, "cannot specify both @deprecated without @since or @unstable");
        return false;
    }
    if (!since && !unstable)
        return true;
    witan_stability *out = alloc(r, sizeof *out);
    if (!out)
        return false;
    *res = out;
    if (since) {
        out->kind = WITAN_STABILITY_STABLE;
        out->since = version_text(r->ctx, &since->version->v);
    } else if (unstable) {
        out->kind = WITAN_STABILITY_UNSTABLE;
        out->feature = name_of(unstable->feature);
    }
    if (deprecated)
        out->deprecated = version_text(r->ctx, &deprecated->version->v);
    return true;
}

static bool external_id_of(resolver *r, ast_attr *attrs, const char **out)
{
    *out = NULL;
    for (ast_attr *a = attrs; a; a = a->next) {
        if (a->kind != ATTR_EXTERNAL_ID)
            continue;
        if (*out) {
            fail(r, a->sp, "cannot specify @external-id twice");
            return false;
        }
        /* the tree's copy goes with the tree */
        *out = arena_strndup(&r->ctx->keep, a->string, a->string_len);
        if (!*out)
            return oom(r);
    }
    return true;
}

/* ------------------------------------------------------------ path walking */

/* DeclList::for_each_path: every use-path of a file in the reference's
 * order (WIT-RESOLUTION §3.4) into r->visits. */
static bool collect_paths(resolver *r, ast_decl *decls)
{
    r->visits.len = 0;
#define VISIT(...) do { path_visit pv_ = {__VA_ARGS__}; \
        if (!VEC_PUSH(r->visits, pv_)) return oom(r); } while (0)
    for (ast_decl *d = decls; d; d = d->next) {
        switch (d->kind) {
        case DECL_WORLD: {
            ast_world *w = d->u.world;
            for (ast_world_item *it = w->items; it; it = it->next) {
                if (it->kind == WI_USE)
                    VISIT(&it->use->path, it->use->attrs, it->use->names, true, NULL, 0);
                else if (it->kind == WI_INCLUDE)
                    VISIT(&it->path, it->attrs, NULL, false, &w->name, 1);
            }
            for (int pass = 0; pass < 2; pass++) {
                ast_world_item_kind want = pass ? WI_EXPORT : WI_IMPORT;
                for (ast_world_item *it = w->items; it; it = it->next) {
                    if (it->kind != want)
                        continue;
                    if (it->ext == EXT_INTERFACE) {
                        for (uint32_t i = 0; i < it->nitems; i++) {
                            if (ast_item_kind(it->items[i]) != II_USE)
                                continue;
                            ast_use *u = ast_item_use(it->items[i]);
                            VISIT(&u->path, u->attrs, u->names, true, NULL, 0);
                        }
                    } else if (it->ext == EXT_PATH || it->ext == EXT_NAMED_PATH) {
                        VISIT(&it->path, it->attrs, NULL, false, NULL, 0);
                    }
                }
            }
            break;
        }
        case DECL_INTERFACE:
            for (ast_use *u = d->u.iface->uses; u; u = u->next_use)
                VISIT(&u->path, u->attrs, u->names, true, &d->u.iface->name, 0);
            break;
        case DECL_USE:
            VISIT(&d->u.use->path, d->u.use->attrs, NULL, false, NULL, 2);
            break;
        case DECL_PACKAGE:
            break;
        }
    }
#undef VISIT
    return true;
}

static foreign_pkg *foreign_find(resolver *r, const char *key)
{
    uint32_t i;
    return name_get(r, TAG_FOREIGN(0), key, &i) ? &r->pkg->foreign.items[i] : NULL;
}

static foreign_item *foreign_item_find(resolver *r, foreign_pkg *fp, const char *name)
{
    uint32_t i, k = (uint32_t)(fp - r->pkg->foreign.items);
    return name_get(r, TAG_FOREIGN(k + 1), name, &i) ? &fp->items.items[i] : NULL;
}

static const char *path_pkg_key(resolver *r, const ast_use_path *p)
{
    return package_key(r->ctx, name_of(p->ns), name_of(p->pkg),
                       p->version ? &p->version->v : NULL);
}

static bool resolve_path(resolver *r, const ast_use_path *p, astitem *out);

/* populate_foreign_deps */
static bool populate_foreign_deps(resolver *r)
{
    for (size_t f = 0; f < r->nfiles; f++) {
        if (!collect_paths(r, r->files[f]))
            return false;
        for (uint32_t i = 0; i < r->visits.len; i++) {
            path_visit *v = &r->visits.items[i];
            if (!v->path->foreign)
                continue;
            const witan_stability *st;
            if (!stability_of(r, v->attrs, &st))
                return false;
            const char *key = path_pkg_key(r, v->path);
            uint32_t k = r->pkg->foreign.len;
            int added = name_add(r, TAG_FOREIGN(0), key, &k);
            if (added < 0)
                return false;
            if (added) {
                foreign_pkg n;
                memset(&n, 0, sizeof n);
                n.key = key;
                n.span = SPAN_OF(v->path->pkg_sp);
                if (!VEC_PUSH(r->pkg->foreign, n))
                    return oom(r);
            }
            const char *name = name_of(v->path->name);
            uint32_t j = r->pkg->foreign.items[k].items.len;
            added = name_add(r, TAG_FOREIGN(k + 1), name, &j);
            if (added < 0)
                return false;
            if (added) {
                foreign_item n;
                memset(&n, 0, sizeof n);
                n.name = name;
                n.is_world = v->want == 1;
                if (n.is_world) {
                    n.id = alloc_world(r, SPAN_OF(v->path->name.sp));
                } else {
                    n.id = alloc_interface(r, SPAN_OF(v->path->name.sp));
                    if (!ptrmap_put(&r->foreign_ifaces, ptrmap_int_key(n.id), 1))
                        return oom(r);
                }
                if (r->failed)
                    return false;
                if (!VEC_PUSH(r->pkg->foreign.items[k].items, n))
                    return oom(r);
            }
            foreign_item *fi = &r->pkg->foreign.items[k].items.items[j];
            if (!VEC_PUSH(fi->stabilities, st))
                return oom(r);
        }
    }
    return true;
}

/* --------------------------------------------------------------- toposort */

static void topo_reset(topo *t)
{
    t->nodes.len = 0;
    t->edges.len = 0;
    t->epoch++;
}

static void topo_free(topo *t)
{
    free(t->nodes.items);
    free(t->edges.items);
    free(t->work.items);
    free(t->index);
}

static uint32_t ptr_hash(const void *p)
{
    return (uint32_t)(((uint64_t)(uintptr_t)p * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

/* The slot of `name`: its node's, or the empty one where it would go. */
static topo_slot *topo_slot_of(const topo *t, const char *name)
{
    for (uint32_t i = ptr_hash(name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        topo_slot *s = &t->index[i];
        if (s->epoch != t->epoch || t->nodes.items[s->node].name == name)
            return s;
    }
}

/* The node named `name`, or -1. */
static long topo_find(const topo *t, const char *name)
{
    if (!t->cap)
        return -1;
    const topo_slot *s = topo_slot_of(t, name);
    return s->epoch == t->epoch ? (long)s->node : -1;
}

static bool topo_grow(resolver *r, topo *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    topo_slot *index = calloc(cap, sizeof *index);
    if (!index)
        return oom(r);
    free(t->index);
    t->index = index;
    t->cap = cap;
    t->epoch = 1;
    for (uint32_t k = 0; k < t->nodes.len; k++)
        *topo_slot_of(t, t->nodes.items[k].name) = (topo_slot){1, k};
    return true;
}

/* IndexMap::insert semantics: a new name is appended; an existing one keeps
 * its position and loses its edges. Returns the node's index, or -1 when
 * memory runs out (reported). */
static long topo_insert(resolver *r, topo *t, const char *name, bool *existed)
{
    if ((t->nodes.len + 1) * 2 > t->cap && !topo_grow(r, t))
        return -1;
    topo_slot *s = topo_slot_of(t, name);
    *existed = s->epoch == t->epoch;
    if (*existed) {
        t->nodes.items[s->node].from = t->edges.len;
        return s->node;
    }
    topo_node n = {name, t->edges.len, 0, 0, 0, false};
    if (!VEC_PUSH(t->nodes, n)) {
        oom(r);
        return -1;
    }
    *s = (topo_slot){t->epoch, t->nodes.len - 1};
    return t->nodes.len - 1;
}

static bool topo_edge_add(resolver *r, topo *t, uint32_t node, const char *name, span sp)
{
    topo_edge e = {name, sp, node, 0};
    if (!VEC_PUSH(t->edges, e))
        return oom(r);
    return true;
}

enum { EDGE_MISSING = 0xFFFFFFFFu, EDGE_DROPPED = 0xFFFFFFFEu };

/* Kahn's algorithm taking, among the ready nodes, the first in insertion
 * order (toposort.rs). The order is left in t->work[0..n). `hint` adds
 * the float32/float64 rename hint to "does not exist"; `drop_floats`
 * drops an edge to `float32`/`float64` of a node that has one from a
 * type expression when no node has that name (it resolves to the
 * primitive, with a warning). */
static bool topo_sort(resolver *r, topo *t, const char *kind, bool hint, bool drop_floats)
{
    uint32_t n = t->nodes.len, ne = t->edges.len;
    size_t need = 5 * (size_t)n + 1 + 2 * (size_t)ne;
    if (need > UINT32_MAX)
        return oom(r);
    while (t->work.cap < need)
        if (!vec_grow_((void **)&t->work.items, &t->work.cap, sizeof *t->work.items))
            return oom(r);
    uint32_t *order = t->work.items, *remaining = order + n, *rev_start = remaining + n,
             *fill = rev_start + n + 1, *heap = fill + n, *by_node = heap + n,
             *rev = by_node + ne;
    topo_node *nodes = t->nodes.items;
    topo_edge *edges = t->edges.items;

    /* When every edge points to an earlier node (types defined before
     * use, the usual way) there is nothing to sort: the first ready node
     * is always the next one in order, and nothing can be missing or in
     * a cycle. */
    bool backward = true;
    for (uint32_t k = 0; k < ne && backward; k++) {
        topo_edge *e = &edges[k];
        long found = k < nodes[e->node].from ? -2 : topo_find(t, e->name);
        backward = found == -2 || (found >= 0 && (uint32_t)found < e->node);
    }
    if (backward) {
        for (uint32_t i = 0; i < n; i++)
            order[i] = i;
        return true;
    }

    /* resolve the edges, then group them by node (stably) */
    for (uint32_t i = 0; i < n; i++)
        nodes[i].count = 0;
    for (uint32_t k = 0; k < ne; k++) {
        topo_edge *e = &edges[k];
        topo_node *nd = &nodes[e->node];
        long found = k < nd->from ? -2 : topo_find(t, e->name);
        uint32_t j = (uint32_t)found;
        if (found == -2) {
            j = EDGE_DROPPED;
        } else if (found < 0) {
            j = drop_floats && nd->replaced && (e->name == r->float32 || e->name == r->float64)
                    ? EDGE_DROPPED
                    : EDGE_MISSING;
        }
        e->target = j;
        nd->count += j != EDGE_DROPPED;
    }
    uint32_t at = 0;
    for (uint32_t i = 0; i < n; i++) {
        nodes[i].first = at;
        at += nodes[i].count;
        fill[i] = nodes[i].first;
    }
    for (uint32_t k = 0; k < ne; k++)
        if (edges[k].target != EDGE_DROPPED)
            by_node[fill[edges[k].node]++] = k;

    memset(rev_start, 0, ((size_t)n + 1) * sizeof *rev_start);
    for (uint32_t i = 0; i < n; i++) {
        remaining[i] = nodes[i].count;
        for (uint32_t e = nodes[i].first; e < nodes[i].first + nodes[i].count; e++) {
            topo_edge *edge = &edges[by_node[e]];
            if (edge->target == EDGE_MISSING) {
                const char *nm = edge->name;
                if (hint && (nm == r->float32 || nm == r->float64))
                    fail(r, edge->sp,
                         "%s `%s` does not exist\nthe `%s` type has been renamed to `%s` and is no longer accepted, but the `WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error",
                         kind, nm, nm, nm[5] == '3' ? "f32" : "f64");
                else
                    fail(r, edge->sp, "%s `%s` does not exist", kind, nm);
                return false;
            }
            rev_start[edge->target + 1]++;
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        rev_start[i + 1] += rev_start[i];
        fill[i] = rev_start[i];
    }
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t e = nodes[i].first; e < nodes[i].first + nodes[i].count; e++)
            rev[fill[edges[by_node[e]].target]++] = i;

    /* min-heap of node indices */
    uint32_t hn = 0, taken = 0;
#define HEAP_PUSH(x) do { uint32_t k_ = hn++; heap[k_] = (x); \
        while (k_ && heap[(k_ - 1) / 2] > heap[k_]) { uint32_t p_ = (k_ - 1) / 2, t_ = heap[p_]; \
            heap[p_] = heap[k_]; heap[k_] = t_; k_ = p_; } } while (0)
    for (uint32_t i = 0; i < n; i++)
        if (!remaining[i])
            HEAP_PUSH(i);
    while (hn) {
        uint32_t top = heap[0];
        heap[0] = heap[--hn];
        for (uint32_t k = 0;;) {
            uint32_t a = 2 * k + 1, b = a + 1, m = k;
            if (a < hn && heap[a] < heap[m])
                m = a;
            if (b < hn && heap[b] < heap[m])
                m = b;
            if (m == k)
                break;
            uint32_t tmp = heap[m];
            heap[m] = heap[k];
            heap[k] = tmp;
            k = m;
        }
        order[taken++] = top;
        for (uint32_t e = rev_start[top]; e < rev_start[top + 1]; e++) {
            uint32_t i = rev[e];
            if (--remaining[i] == 0)
                HEAP_PUSH(i);
        }
    }
#undef HEAP_PUSH
    if (taken == n)
        return true;
    for (uint32_t i = 0; i < n; i++) {
        if (!remaining[i])
            continue;
        for (uint32_t e = nodes[i].first; e < nodes[i].first + nodes[i].count; e++) {
            topo_edge *edge = &edges[by_node[e]];
            if (!remaining[edge->target])
                continue;
            fail(r, edge->sp, "%s `%s` depends on itself", kind, edge->name);
            return false;
        }
    }
    fail(r, SPAN_NONE, "%s dependency cycle", kind);
    return false;
}

/* ------------------------------------------------ interfaces and worlds */

typedef struct item_src {
    span sp;
    bool foreign;
    ast_id local;   /* the local name the item resolves to, with its span */
} item_src;

static bool populate_ast_items(resolver *r, id_vec *iface_order, id_vec *world_order)
{
    uint32_t decl_tag = temp_tag(r);    /* name -> index into names_decl */
    uint32_t id_tag = temp_tag(r);      /* name -> astitem */
    VEC(ast_decl *) names_decl = {0};
    topo order = {0};
    VEC(item_src) srcs = {0};
    bool ok = false;
    topo_reset(&order);

    for (size_t f = 0; f < r->nfiles; f++) {
        for (ast_decl *d = r->files[f]; d; d = d->next) {
            ast_id name;
            if (d->kind == DECL_INTERFACE)
                name = d->u.iface->name;
            else if (d->kind == DECL_WORLD)
                name = d->u.world->name;
            else
                continue;
            uint32_t di = names_decl.len;
            bool existed;
            int added = name_add(r, decl_tag, name_of(name), &di);
            if (added < 0)
                goto out;
            if (!added) {
                fail(r, name.sp, "duplicate item named `%s`", name_of(name));
                goto out;
            }
            if (!VEC_PUSH(names_decl, d)) {
                oom(r);
                goto out;
            }
            if (topo_insert(r, &order, name_of(name), &existed) < 0)
                goto out;
        }
    }

    for (size_t f = 0; f < r->nfiles; f++) {
        uint32_t ns = temp_tag(r);      /* this file's names -> index into srcs */
        srcs.len = 0;
        for (ast_decl *d = r->files[f]; d; d = d->next) {
            ast_id name;
            item_src s;
            memset(&s, 0, sizeof s);
            if (d->kind == DECL_USE) {
                ast_toplevel_use *u = d->u.use;
                name = u->as.name ? u->as : u->path.name;
                s.foreign = u->path.foreign;
                s.local = u->path.name;
            } else if (d->kind == DECL_INTERFACE) {
                name = d->u.iface->name;
                s.local = name;
            } else if (d->kind == DECL_WORLD) {
                name = d->u.world->name;
                s.local = name;
            } else {
                continue;
            }
            s.sp = name.sp;
            uint32_t si = srcs.len;
            int added = name_add(r, ns, name_of(name), &si);
            if (added < 0)
                goto out;
            if (!added) {
                fail(r, name.sp, "duplicate name `%s` in this file", name_of(name));
                goto out;
            }
            if (!VEC_PUSH(srcs, s)) {
                oom(r);
                goto out;
            }
        }
        if (!collect_paths(r, r->files[f]))
            goto out;
        for (uint32_t i = 0; i < r->visits.len; i++) {
            path_visit *v = &r->visits.items[i];
            if (!v->iface || v->path->foreign)
                continue;
            const ast_id *used = &v->path->name;
            uint32_t si;
            const char *en;
            span esp;
            if (name_get(r, ns, name_of(*used), &si)) {
                item_src *s = &srcs.items[si];
                if (s->foreign)
                    continue;
                en = name_of(s->local);
                esp = s->local.sp;
            } else if (name_get(r, decl_tag, name_of(*used), NULL)) {
                en = name_of(*used);
                esp = used->sp;
            } else {
                fail(r, used->sp, "interface or world `%s` does not exist", name_of(*used));
                goto out;
            }
            long ni = topo_find(&order, name_of(*v->iface));
            if (!topo_edge_add(r, &order, (uint32_t)ni, en, esp))
                goto out;
        }
    }

    if (!topo_sort(r, &order, "interface or world", false, false))
        goto out;

    for (uint32_t k = 0; k < order.nodes.len; k++) {
        const char *name = order.nodes.items[order.work.items[k]].name;
        uint32_t di = 0;
        name_get(r, decl_tag, name, &di);
        ast_decl *d = names_decl.items[di];
        uint32_t item;
        if (d->kind == DECL_INTERFACE) {
            witan_id id = alloc_interface(r, SPAN_OF(d->u.iface->name.sp));
            if (r->failed)
                goto out;
            r->pkg->interfaces.items[id].name = name;
            item = id;
            if (!VEC_PUSH(*iface_order, id)) {
                oom(r);
                goto out;
            }
        } else {
            witan_id id = alloc_world(r, SPAN_OF(d->u.world->name.sp));
            if (r->failed)
                goto out;
            r->pkg->worlds.items[id].name = name;
            item = id | ITEM_WORLD;
            if (!VEC_PUSH(*world_order, id)) {
                oom(r);
                goto out;
            }
        }
        if (name_add(r, id_tag, name, &item) < 0)
            goto out;
    }

    r->file_tag0 = r->temps;
    r->temps += (uint32_t)r->nfiles;
    r->package_tag = temp_tag(r);
    r->file_scopes = calloc(r->nfiles + 1, sizeof *r->file_scopes);
    if (!r->file_scopes) {
        oom(r);
        goto out;
    }
    {
        /* each of a file's items names itself in the file's scope and
         * the package's: room made once */
        uint32_t all = 0;
        for (size_t f = 0; f < r->nfiles; f++) {
            uint32_t n = 0;
            for (ast_decl *d = r->files[f]; d; d = d->next)
                n++;
            all += n;
            if (!scope_reserve(r, &r->file_scopes[f], n)) {
                oom(r);
                goto out;
            }
        }
        if (!scope_reserve(r, &r->file_scopes[r->nfiles], all)) {
            oom(r);
            goto out;
        }
    }
    for (size_t f = 0; f < r->nfiles; f++) {
        for (ast_decl *d = r->files[f]; d; d = d->next) {
            const char *name;
            astitem item = 0;
            if (d->kind == DECL_USE) {
                ast_toplevel_use *u = d->u.use;
                if (u->attrs) {
                    fail(r, u->sp, "attributes not allowed on top-level use");
                    goto out;
                }
                name = name_of(u->as.name ? u->as : u->path.name);
                if (!u->path.foreign) {
                    if (!name_get(r, id_tag, name_of(u->path.name), &item)) {
                        fail(r, u->path.name.sp, "interface or world `%s` does not exist",
                             name_of(u->path.name));
                        goto out;
                    }
                } else if (!resolve_path(r, &u->path, &item)) {
                    goto out;
                }
            } else if (d->kind == DECL_INTERFACE || d->kind == DECL_WORLD) {
                name = name_of(d->kind == DECL_INTERFACE ? d->u.iface->name : d->u.world->name);
                name_get(r, id_tag, name, &item);
            } else {
                continue;
            }
            /* names are unique in a file and in the package (checked above) */
            uint32_t v = item;
            if (name_add(r, file_tag(r, f), name, &v) < 0)
                goto out;
            v = item;
            if (d->kind != DECL_USE && name_add(r, r->package_tag, name, &v) < 0)
                goto out;
        }
    }
    ok = true;
out:
    free(names_decl.items);
    topo_free(&order);
    free(srcs.items);
    return ok;
}

/* resolve_ast_item_path: a local name in the file scope, then the package
 * scope; a foreign path names its placeholder. */
static bool resolve_path(resolver *r, const ast_use_path *p, astitem *out)
{
    if (p->foreign) {
        foreign_pkg *fp = foreign_find(r, path_pkg_key(r, p));
        foreign_item *fi = fp ? foreign_item_find(r, fp, name_of(p->name)) : NULL;
        if (!fi) {
            fail(r, p->name.sp, "internal error: unregistered foreign path");
            return false;
        }
        *out = fi->id | (fi->is_world ? ITEM_WORLD : 0);
        return true;
    }
    const char *n = name_of(p->name);
    if (name_get(r, file_tag(r, r->cur_file), n, out) || name_get(r, r->package_tag, n, out))
        return true;
    fail(r, p->name.sp, "interface or world `%s` does not exist", n);
    return false;
}

static bool path_interface(resolver *r, const ast_use_path *p, witan_id *out)
{
    astitem item;
    if (!resolve_path(r, p, &item))
        return false;
    if (IS_WORLD(item)) {
        fail(r, p->name.sp, "name `%s` is defined as a world, not an interface", name_of(p->name));
        return false;
    }
    *out = ITEM_ID(item);
    return true;
}

static bool path_world(resolver *r, const ast_use_path *p, witan_id *out)
{
    astitem item;
    if (!resolve_path(r, p, &item))
        return false;
    if (!IS_WORLD(item)) {
        fail(r, p->name.sp, "name `%s` is defined as an interface, not a world", name_of(p->name));
        return false;
    }
    *out = ITEM_ID(item);
    return true;
}

/* populate_foreign_types: an Unknown type for each name used from another
 * package, so that `use` can refer to it before the package is known.
 * The names of each placeholder interface are gathered first and given
 * to it at the end, in order. */
static bool populate_foreign_types(resolver *r)
{
    typedef struct foreign_type {
        witan_id iface;
        witan_named_id nid;
    } foreign_type;
    VEC(foreign_type) found = {0};
    bool ok = false;
    for (size_t f = 0; f < r->nfiles; f++) {
        r->cur_file = f;
        if (!collect_paths(r, r->files[f]))
            goto out;
        for (uint32_t i = 0; i < r->visits.len; i++) {
            path_visit *v = &r->visits.items[i];
            if (!v->has_names)
                continue;
            const witan_stability *st;
            const char *ext;
            witan_id iface;
            if (!stability_of(r, v->attrs, &st) || !external_id_of(r, v->attrs, &ext) ||
                !path_interface(r, v->path, &iface))
                goto out;
            if (!ptrmap_get(&r->foreign_ifaces, ptrmap_int_key(iface), NULL))
                continue;
            for (ast_use_name *un = v->names; un; un = un->next) {
                const char *n = name_of(un->name);
                uint32_t id = r->pkg->types.len;
                int added = name_add(r, TAG_IFACE(iface), n, &id);
                if (added < 0)
                    goto out;
                if (!added)
                    continue;
                witan_typedef td = {.name = n,
                                    .kind = WITAN_TD_UNKNOWN,
                                    .owner = WITAN_OWNER_INTERFACE,
                                    .owner_id = iface,
                                    .stability = st,
                                    .external_id = ext,
                                    .span = SPAN_OF(un->name.sp)};
                add_type(r, &td);
                if (r->failed)
                    goto out;
                foreign_type ft = {iface, {n, id}};
                if (!VEC_PUSH(r->pkg->unknown_type_spans, SPAN_OF(un->name.sp)) ||
                    !VEC_PUSH(found, ft)) {
                    oom(r);
                    goto out;
                }
            }
        }
    }
    /* count per interface, then fill each one's array in order */
    for (uint32_t i = 0; i < found.len; i++)
        r->pkg->interfaces.items[found.items[i].iface].ntypes++;
    for (uint32_t i = 0; i < found.len; i++) {
        witan_interface *wi = &r->pkg->interfaces.items[found.items[i].iface];
        if (!wi->types) {
            wi->types = alloc_raw(r, wi->ntypes * sizeof *wi->types);
            if (!wi->types)
                goto out;
            wi->ntypes = 0;
        }
        wi->types[wi->ntypes++] = found.items[i].nid;
    }
    ok = true;
out:
    free(found.items);
    return ok;
}

/* ----------------------------------------------------------------- types */

static const witan_stability *find_in_type(resolver *r, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID)
        return NULL;
    const witan_stability *s = r->pkg->types.items[t.id].stability;
    return s && s->kind != WITAN_STABILITY_UNKNOWN ? s : NULL;
}

/* find_stability: an anonymous type inherits the first known stability of
 * its components when its context has none. */
static const witan_stability *find_stability(resolver *r, const witan_typedef *td,
                                             const witan_stability *st)
{
    if (st && st->kind != WITAN_STABILITY_UNKNOWN)
        return st;
    const witan_stability *s = NULL;
    switch (td->kind) {
    case WITAN_TD_ALIAS: case WITAN_TD_LIST: case WITAN_TD_FIXED_LIST: case WITAN_TD_OPTION:
    case WITAN_TD_FUTURE: case WITAN_TD_STREAM:
        s = find_in_type(r, td->a);
        break;
    case WITAN_TD_HANDLE_OWN: case WITAN_TD_HANDLE_BORROW:
        s = find_in_type(r, id_type(td->resource));
        break;
    case WITAN_TD_TUPLE:
        for (uint32_t i = 0; i < td->ntypes && !s; i++)
            s = find_in_type(r, td->types[i]);
        break;
    case WITAN_TD_MAP: case WITAN_TD_RESULT:
        s = find_in_type(r, td->a);
        if (!s)
            s = find_in_type(r, td->b);
        break;
    default:
        break;
    }
    return s;
}

static uint32_t type_hash(witan_type t) { return (uint32_t)t.kind * 0x9E3779B1u ^ t.id * 0x85EBCA6Bu; }
static bool type_eq(witan_type a, witan_type b)
{
    return a.kind == b.kind && (a.kind != WITAN_TYPE_ID || a.id == b.id);
}

/* The kinds that reach anon_type: list, fixed list, map, borrow, tuple,
 * option, result, future, stream. */
static uint32_t anon_hash(const witan_typedef *td)
{
    uint32_t h = (uint32_t)td->kind * 2654435761u;
    switch (td->kind) {
    case WITAN_TD_HANDLE_BORROW:
        return h * 31 + td->resource;
    case WITAN_TD_TUPLE:
        for (uint32_t i = 0; i < td->ntypes; i++)
            h = h * 31 + type_hash(td->types[i]);
        return h;
    case WITAN_TD_FIXED_LIST:
        return (h * 31 + type_hash(td->a)) * 31 + td->size;
    case WITAN_TD_MAP: case WITAN_TD_RESULT:
        return (h * 31 + type_hash(td->a)) * 31 + type_hash(td->b);
    default:
        return h * 31 + type_hash(td->a);
    }
}

static bool anon_eq(const witan_typedef *x, const witan_typedef *y)
{
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case WITAN_TD_HANDLE_BORROW:
        return x->resource == y->resource;
    case WITAN_TD_TUPLE:
        if (x->ntypes != y->ntypes)
            return false;
        for (uint32_t i = 0; i < x->ntypes; i++)
            if (!type_eq(x->types[i], y->types[i]))
                return false;
        return true;
    case WITAN_TD_FIXED_LIST:
        return type_eq(x->a, y->a) && x->size == y->size;
    case WITAN_TD_MAP: case WITAN_TD_RESULT:
        return type_eq(x->a, y->a) && type_eq(x->b, y->b);
    default:
        return type_eq(x->a, y->a);
    }
}

/* Gives the anonymous type table ncap slots (a power of two). */
static bool anon_grow(resolver *r, uint32_t ncap)
{
    anon_table *t = &r->anon;
    uint32_t *slots = vec_table_alloc((size_t)ncap * sizeof *slots, &r->ctx->pages);
    if (!slots)
        return oom(r);
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->slots[i])
            continue;
        uint32_t j = anon_hash(&r->pkg->types.items[t->slots[i] - 1]) & (ncap - 1);
        while (slots[j])
            j = (j + 1) & (ncap - 1);
        slots[j] = t->slots[i];
    }
    vec_table_free(t->slots, (size_t)t->cap * sizeof *t->slots);
    t->slots = slots;
    t->cap = ncap;
    return true;
}

/* anon_type_def: intern an anonymous type, per package. */
static witan_type anon_type(resolver *r, const witan_typedef *td)
{
    if (td->kind == WITAN_TD_ALIAS)
        return td->a;
    /* an anonymous own<T> is just a reference to T */
    if (td->kind == WITAN_TD_HANDLE_OWN)
        return id_type(td->resource);
    anon_table *t = &r->anon;
    if ((t->count + 1) * 2 > t->cap && !anon_grow(r, t->cap ? t->cap * 2 : 256))
        return id_type(0);
    uint32_t j = anon_hash(td) & (t->cap - 1);
    while (t->slots[j]) {
        if (anon_eq(&r->pkg->types.items[t->slots[j] - 1], td))
            return id_type(t->slots[j] - 1);
        j = (j + 1) & (t->cap - 1);
    }
    witan_id id = add_type(r, td);
    if (r->failed)
        return id_type(0);
    t->slots[j] = id + 1;
    t->count++;
    return id_type(id);
}

static bool resolve_type_def(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_typedef *out);

static bool legacy_float(resolver *r, const ast_type *ty, witan_type *out)
{
    const char *n = ty->u.name->s;
    bool f32 = n == r->float32, f64 = n == r->float64;
    if (r->ctx->strict || (!f32 && !f64))
        return false;
    ctx_warn(r->ctx, "legacy-syntax", ast_type_span(ty), "`%s` is the old name of `%s`; write `%s`", n,
             f32 ? "f32" : "f64", f32 ? "f32" : "f64");
    out->kind = f32 ? WITAN_TYPE_F32 : WITAN_TYPE_F64;
    out->id = 0;
    return true;
}

static bool resolve_type_name(resolver *r, ast_id name, witan_id *out)
{
    uint32_t v;
    if (!name_get(r, r->scope, name_of(name), &v)) {
        fail(r, name.sp, "name `%s` does not exist", name_of(name));
        return false;
    }
    if (v & NAME_FUNC) {
        fail(r, name.sp, "cannot use function `%s` as a type", name_of(name));
        return false;
    }
    *out = v;
    return true;
}

/* A type named in a type expression: the type, or one of the legacy
 * names of f32 and f64 when no type has that name. */
static bool named_type(resolver *r, const ast_type *ty, witan_type *out)
{
    uint32_t v;
    if (name_get(r, r->scope, ty->u.name->s, &v)) {
        if (!(v & NAME_FUNC)) {
            *out = id_type(v);
            return true;
        }
    } else if (legacy_float(r, ty, out)) {
        return true;
    }
    witan_id id;
    if (!resolve_type_name(r, (ast_id){ty->u.name, ast_type_span(ty)}, &id))
        return false;
    *out = id_type(id);
    return true;
}

static bool validate_resource(resolver *r, ast_id name, witan_id *out)
{
    witan_id id;
    if (!resolve_type_name(r, name, &id))
        return false;
    witan_id cur = id;
    for (;;) {
        witan_typedef *t = &r->pkg->types.items[cur];
        if (t->kind == WITAN_TD_RESOURCE)
            break;
        if (t->kind == WITAN_TD_ALIAS && t->a.kind == WITAN_TYPE_ID) {
            cur = t->a.id;
            continue;
        }
        if (t->kind == WITAN_TD_UNKNOWN) {
            required_resource rr = {cur, SPAN_OF(name.sp)};
            if (!VEC_PUSH(r->pkg->required_resources, rr))
                return oom(r);
            break;
        }
        fail(r, name.sp, "type `%s` used in a handle must be a resource", name_of(name));
        return false;
    }
    *out = id;
    return true;
}

/* resolve_type: a type expression as a type reference, interning
 * anonymous types. A primitive, a name and own<T> are references
 * already and need no type of their own. */
static bool resolve_type_ref(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_type *out);

/* Primitives, the most common types of all, cost no call. */
static inline bool resolve_type(resolver *r, const ast_type *ty, const witan_stability *st,
                                witan_type *out)
{
    ast_type_kind k = ast_type_kind_of(ty);
    if (AT_IS_PRIMITIVE(k)) {
        *out = prim_type(k);
        return true;
    }
    return resolve_type_ref(r, ty, st, out);
}

static bool resolve_type_ref(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_type *out)
{
    if (ty->kind == AT_NAME)
        return named_type(r, ty, out);
    if (ty->kind == AT_OWN) {
        witan_id id;
        if (!validate_resource(r, (ast_id){ty->u.name, ast_type_span(ty)}, &id))
            return false;
        *out = id_type(id);
        return true;
    }
    witan_typedef td;
    if (!resolve_type_def(r, ty, st, &td))
        return false;
    td.stability = find_stability(r, &td, st);
    td.span = SPAN_OF(ast_type_span(ty));
    *out = anon_type(r, &td);
    return !r->failed;
}

static bool resolve_opt_type(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_type *out)
{
    if (!ty) {
        out->kind = WITAN_TYPE_NONE;
        out->id = 0;
        return true;
    }
    return resolve_type(r, ty, st, out);
}

/* The fields (cases, flags) of a record, flags, enum or variant, every
 * type NONE: a record's and a variant's are resolved after. */
static bool fields_of(resolver *r, const ast_typedef *t, witan_typedef *out)
{
    out->nfields = t->nfields;
    out->fields = t->nfields ? alloc_raw(r, t->nfields * sizeof(witan_field)) : NULL;
    if (r->failed)
        return false;
    for (uint32_t i = 0; i < t->nfields; i++) {
        const ast_field *f = &t->fields[i];
        out->fields[i] = (witan_field){name_of(f->name), {WITAN_TYPE_NONE, 0}, f->docs,
                                       SPAN_OF(f->name.sp)};
    }
    return true;
}

static bool resolve_type_def(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_typedef *out)
{
    *out = (witan_typedef){.kind = 0};
    switch (ast_type_kind_of(ty)) {
    case AT_NAME:
        out->kind = WITAN_TD_ALIAS;
        return named_type(r, ty, &out->a);
    case AT_LIST:
        out->kind = WITAN_TD_LIST;
        return resolve_type(r, ty->u.elem, st, &out->a);
    case AT_FIXED_LIST:
        out->kind = WITAN_TD_FIXED_LIST;
        out->size = ty->n;
        return resolve_type(r, ty->u.elem, st, &out->a);
    case AT_MAP: {
        out->kind = WITAN_TD_MAP;
        if (!resolve_type(r, ast_operand(ty, 0), st, &out->a) ||
            !resolve_type(r, ast_operand(ty, 1), st, &out->b))
            return false;
        switch (out->a.kind) {
        case WITAN_TYPE_BOOL: case WITAN_TYPE_U8: case WITAN_TYPE_U16: case WITAN_TYPE_U32:
        case WITAN_TYPE_U64: case WITAN_TYPE_S8: case WITAN_TYPE_S16: case WITAN_TYPE_S32:
        case WITAN_TYPE_S64: case WITAN_TYPE_CHAR: case WITAN_TYPE_STRING:
            return true;
        default:
            fail(r, ast_type_span(ty), "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string");
            return false;
        }
    }
    case AT_OWN:
    case AT_BORROW:
        out->kind = ty->kind == AT_OWN ? WITAN_TD_HANDLE_OWN : WITAN_TD_HANDLE_BORROW;
        return validate_resource(r, (ast_id){ty->u.name, ast_type_span(ty)}, &out->resource);
    case AT_TUPLE:
        out->kind = WITAN_TD_TUPLE;
        out->ntypes = ty->n;
        out->types = ty->n ? alloc_raw(r, ty->n * sizeof(witan_type)) : NULL;
        if (r->failed)
            return false;
        for (uint32_t i = 0; i < ty->n; i++)
            if (!resolve_type(r, ty->u.items[i], st, &out->types[i]))
                return false;
        return true;
    case AT_OPTION:
        out->kind = WITAN_TD_OPTION;
        return resolve_type(r, ty->u.elem, st, &out->a);
    case AT_RESULT:
        out->kind = WITAN_TD_RESULT;
        return resolve_opt_type(r, ast_operand(ty, 0), st, &out->a) &&
               resolve_opt_type(r, ast_operand(ty, 1), st, &out->b);
    case AT_FUTURE:
    case AT_STREAM:
        out->kind = ty->kind == AT_FUTURE ? WITAN_TD_FUTURE : WITAN_TD_STREAM;
        return resolve_opt_type(r, ty->u.elem, st, &out->a);
    default:
        /* primitives */
        out->kind = WITAN_TD_ALIAS;
        out->a = prim_type(ast_type_kind_of(ty));
        return true;
    }
}

/* The definition of a named type (record, variant, ... or `type x = T`). */
static bool resolve_typedef_body(resolver *r, const ast_typedef *t, const witan_stability *st,
                                 witan_typedef *out)
{
    *out = (witan_typedef){.kind = 0};
    switch (t->kind) {
    case TD_ALIAS:
        return resolve_type_def(r, t->alias, st, out);
    case TD_RESOURCE: {
        uint32_t ctors = 0, tag = 0;
        r->names_seen.len = 0;
        for (ast_named_func *f = t->funcs; f; f = f->next) {
            if (f->kind == FN_CONSTRUCTOR) {
                if (++ctors > 1) {
                    fail(r, f->name.sp, "duplicate constructors");
                    return false;
                }
                continue;
            }
            if (!VEC_PUSH(r->names_seen, name_of(f->name)))
                return oom(r);
            int rep = name_repeated(r, r->names_seen.items, sizeof *r->names_seen.items,
                                    r->names_seen.len - 1, &tag);
            if (rep) {
                if (rep > 0)
                    fail(r, f->name.sp, "duplicate function name `%s`", name_of(f->name));
                return false;
            }
        }
        out->kind = WITAN_TD_RESOURCE;
        return true;
    }
    case TD_RECORD: {
        out->kind = WITAN_TD_RECORD;
        if (!fields_of(r, t, out))
            return false;
        for (uint32_t i = 0; i < t->nfields; i++)
            if (!resolve_type(r, t->fields[i].type, st, &out->fields[i].type))
                return false;
        return true;
    }
    case TD_FLAGS:
    case TD_ENUM: {
        if (t->kind == TD_ENUM && t->nfields == 0) {
            fail(r, t->name.sp, "empty enum");
            return false;
        }
        out->kind = t->kind == TD_FLAGS ? WITAN_TD_FLAGS : WITAN_TD_ENUM;
        return fields_of(r, t, out);
    }
    case TD_VARIANT: {
        if (t->nfields == 0) {
            fail(r, t->name.sp, "empty variant");
            return false;
        }
        out->kind = WITAN_TD_VARIANT;
        if (!fields_of(r, t, out))
            return false;
        for (uint32_t i = 0; i < t->nfields; i++)
            if (!resolve_opt_type(r, t->fields[i].type, st, &out->fields[i].type))
                return false;
        return true;
    }
    }
    return false;
}

/* Names a typedef's body refers to, for the type topological sort. */
static bool collect_deps(resolver *r, const ast_type *ty, uint32_t node)
{
    if (!ty)
        return true;
    switch (ast_type_kind_of(ty)) {
    case AT_NAME:
    case AT_OWN:
    case AT_BORROW: {
        const char *n = ty->u.name->s;
        if (ty->kind == AT_NAME && (n == r->float32 || n == r->float64))
            r->sort.nodes.items[node].replaced = true;
        return topo_edge_add(r, &r->sort, node, n, ast_type_span(ty));
    }
    case AT_LIST: case AT_FIXED_LIST: case AT_OPTION: case AT_FUTURE: case AT_STREAM:
        return collect_deps(r, ty->u.elem, node);
    case AT_MAP: case AT_RESULT:
        return collect_deps(r, ast_operand(ty, 0), node) &&
               collect_deps(r, ast_operand(ty, 1), node);
    case AT_TUPLE:
        for (uint32_t i = 0; i < ty->n; i++)
            if (!collect_deps(r, ty->u.items[i], node))
                return false;
        return true;
    default:
        return true;
    }
}

static bool resolve_use(resolver *r, witan_owner_kind owner, witan_id owner_id,
                        const ast_use *u)
{
    witan_id from;
    const witan_stability *st;
    const char *ext;
    if (!path_interface(r, &u->path, &from) || !stability_of(r, u->attrs, &st) ||
        !external_id_of(r, u->attrs, &ext))
        return false;
    for (ast_use_name *un = u->names; un; un = un->next) {
        uint32_t v;
        if (!name_get(r, TAG_IFACE(from), name_of(un->name), &v)) {
            fail(r, un->name.sp, "name `%s` does not exist", name_of(un->name));
            return false;
        }
        if (v & NAME_FUNC) {
            fail(r, un->name.sp, "cannot import function `%s`", name_of(un->name));
            return false;
        }
        ast_id as = un->as.name ? un->as : un->name;
        witan_typedef td = {.kind = WITAN_TD_ALIAS,
                            .a = id_type(v),
                            .name = name_of(as),
                            .owner = owner,
                            .owner_id = owner_id,
                            .span = SPAN_OF(un->name.sp),
                            .stability = st,
                            .external_id = ext};
        witan_id id = add_type(r, &td);
        if (r->failed || !define_name(r, as, false, id))
            return false;
    }
    return true;
}

/* The types of an interface or world: `use`s first, then the typedefs in
 * dependency order (a `use` of a name replaces an earlier typedef of it in
 * the sort, the reference's quirk). */
static bool resolve_types(resolver *r, witan_owner_kind owner, witan_id owner_id,
                          const type_item *items, uint32_t n)
{
    topo *t = &r->sort;
    for (uint32_t i = 0; i < n; i++)
        if (items[i].use && !resolve_use(r, owner, owner_id, items[i].use))
            return false;
    topo_reset(t);
    for (uint32_t i = 0; i < n; i++) {
        bool existed;
        if (items[i].def) {
            const ast_typedef *td = items[i].def;
            const char *nm = name_of(td->name);
            long ni = topo_insert(r, t, nm, &existed);
            if (ni < 0)
                return false;
            if (existed) {
                fail(r, td->name.sp, "name `%s` is defined more than once", nm);
                return false;
            }
            t->nodes.items[ni].data = (uint32_t)i;
            if (td->kind == TD_ALIAS) {
                if (!collect_deps(r, td->alias, (uint32_t)ni))
                    return false;
            } else if (td->kind == TD_RECORD || td->kind == TD_VARIANT) {
                for (uint32_t k = 0; k < td->nfields; k++)
                    if (!collect_deps(r, td->fields[k].type, (uint32_t)ni))
                        return false;
            }
        } else {
            for (ast_use_name *un = items[i].use->names; un; un = un->next) {
                const char *nm = name_of(un->as.name ? un->as : un->name);
                long ni = topo_insert(r, t, nm, &existed);
                if (ni < 0)
                    return false;
                t->nodes.items[ni].data = UINT32_MAX;   /* no typedef */
            }
        }
    }
    if (!topo_sort(r, t, "type", true, !r->ctx->strict))
        return false;
    for (uint32_t k = 0; k < t->nodes.len; k++) {
        uint32_t item = t->nodes.items[t->work.items[k]].data;
        if (item == UINT32_MAX)
            continue;
        const ast_typedef *def = items[item].def;
        const witan_stability *st;
        const char *ext;
        if (!stability_of(r, def->attrs, &st) || !external_id_of(r, def->attrs, &ext))
            return false;
        witan_typedef td;
        if (!resolve_typedef_body(r, def, st, &td))
            return false;
        td.docs = def->docs;
        td.stability = st;
        td.external_id = ext;
        td.name = name_of(def->name);
        td.owner = owner;
        td.owner_id = owner_id;
        td.span = SPAN_OF(def->name.sp);
        witan_id id = add_type(r, &td);
        if (r->failed || !define_name(r, def->name, false, id))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------- functions */

static bool resolve_constructor_result(resolver *r, witan_id resource, const ast_type *ty,
                                       witan_type *out)
{
    witan_type res;
    if (!resolve_type(r, ty, NULL, &res))
        return false;
    const witan_typedef *td =
        res.kind == WITAN_TYPE_ID ? &r->pkg->types.items[res.id] : NULL;
    if (!td || td->kind != WITAN_TD_RESULT) {
        fail(r, ast_type_span(ty), "if a constructor return type is declared it must be a `result`");
        return false;
    }
    if (td->a.kind == WITAN_TYPE_ID && td->a.id == resource) {
        *out = res;
        return true;
    }
    const ast_type *ok = ast_type_kind_of(ty) == AT_RESULT ? ast_operand(ty, 0) : NULL;
    span sp = ast_type_span(ok ? ok : ty);
    fail(r, sp, "the `ok` type must be the resource being constructed");
    return false;
}


static bool resolve_function(resolver *r, ast_docs docs, ast_attr *attrs, const char *name,
                             span name_sp, const ast_func *f, witan_func_kind kind,
                             witan_id resource, witan_function *out)
{
    *out = (witan_function){.docs = docs};
    if (!stability_of(r, attrs, &out->stability) || !external_id_of(r, attrs, &out->external_id))
        return false;
    out->name = name;
    out->kind = kind;
    out->resource = resource;
    out->span = SPAN_OF(name_sp);
    bool method = kind == WITAN_FUNC_METHOD || kind == WITAN_FUNC_ASYNC_METHOD;
    uint32_t n = f->nparams + (method ? 1 : 0), i = 0, tag = 0;
    witan_param *params = n ? alloc_raw(r, n * sizeof(witan_param)) : NULL;
    out->params = params;
    if (r->failed)
        return false;
    if (method) {
        witan_typedef td = {.kind = WITAN_TD_HANDLE_BORROW, .resource = resource};
        td.stability = find_stability(r, &td, NULL);
        td.span = SPAN_OF(f->sp);
        params[i].name = r->self_name;
        params[i].type = anon_type(r, &td);
        params[i].span = SPAN_OF(f->sp);
        if (r->failed)
            return false;
        i++;
    }
    for (uint32_t k = 0; k < f->nparams; k++, i++) {
        const ast_param *p = &f->params[k];
        params[i].name = name_of(p->name);
        int rep = name_repeated(r, params, sizeof *params, i, &tag);
        if (rep) {
            if (rep > 0)
                fail(r, p->name.sp, "param `%s` is defined more than once", params[i].name);
            return false;
        }
        params[i].span = SPAN_OF(p->name.sp);
        if (!resolve_type(r, p->type, NULL, &params[i].type))
            return false;
    }
    out->nparams = n;
    if (kind == WITAN_FUNC_CONSTRUCTOR) {
        if (!f->result) {
            out->result = id_type(resource);
            return true;
        }
        return resolve_constructor_result(r, resource, f->result, &out->result);
    }
    return resolve_opt_type(r, f->result, NULL, &out->result);
}

/* `interned`: whether the function's name must be interned. A world's
 * functions are keyed by name, so theirs must; an interface's are never
 * looked up by name, and a copy outside the interner (istr_alloc) spares
 * its table a slot per method: with many methods the table doubled while
 * the model grew, the peak of a big load. */
static bool resolve_resource_func(resolver *r, const ast_named_func *f, ast_id resource,
                                  bool interned, witan_function *out)
{
    uint32_t v;
    if (!name_get(r, r->scope, name_of(resource), &v) || (v & NAME_FUNC)) {
        fail(r, resource.sp, "internal error: resource lookup failed");
        return false;
    }
    /* "[method]r.m", "[static]r.m", "[constructor]r" */
    const istr *rn = resource.name, *fn = f->name.name;
    witan_func_kind kind;
    const char *prefix;
    switch (f->kind) {
    case FN_METHOD:
        prefix = "[method]";
        kind = f->func.async ? WITAN_FUNC_ASYNC_METHOD : WITAN_FUNC_METHOD;
        break;
    case FN_STATIC:
        prefix = "[static]";
        kind = f->func.async ? WITAN_FUNC_ASYNC_STATIC : WITAN_FUNC_STATIC;
        break;
    default:
        prefix = "[constructor]";
        kind = WITAN_FUNC_CONSTRUCTOR;
        fn = NULL;
        break;
    }
    size_t pl = strlen(prefix), n = pl + rn->len + (fn ? 1 + fn->len : 0);
    char local[256], *text;
    if (interned) {
        text = n <= sizeof local ? local : malloc(n);
    } else {
        istr *loose = istr_alloc(&r->ctx->text, n);
        text = loose ? loose->s : NULL;
    }
    if (!text)
        return oom(r);
    memcpy(text, prefix, pl);
    memcpy(text + pl, rn->s, rn->len);
    if (fn) {
        text[pl + rn->len] = '.';
        memcpy(text + pl + rn->len + 1, fn->s, fn->len);
    }
    const char *name = text;
    if (interned) {
        name = istr_n(r->ctx, text, n);
        if (text != local)
            free(text);
    }
    return resolve_function(r, f->docs, f->attrs, name, f->name.sp, &f->func, kind, v, out);
}

/* ------------------------------------------------------------ interfaces */

static bool push_func(resolver *r, const witan_function *fn)
{
    if (!VEC_PUSH(r->funcs, *fn))
        return oom(r);
    return true;
}

static bool resolve_interface(resolver *r, witan_id id, const ast_iface_item *items,
                              uint32_t nitems, ast_docs docs, ast_attr *attrs)
{
    const witan_stability *st;
    if (!stability_of(r, attrs, &st))
        return false;
    r->pkg->interfaces.items[id].docs = docs;
    r->pkg->interfaces.items[id].stability = st;
    r->scope = TAG_IFACE(id);
    {
        /* each item defines a name, a `use` maybe more */
        scope_tab *t = make_own_table(r, r->scope);
        if (!t || !scope_reserve(r, t, nitems))
            return oom(r);
    }
    r->lookup.len = 0;
    r->items.len = 0;
    r->funcs.len = 0;

    for (uint32_t i = 0; i < nitems; i++) {
        type_item ti = {NULL, NULL};
        if (ast_item_kind(items[i]) == II_USE)
            ti.use = ast_item_use(items[i]);
        else if (ast_item_kind(items[i]) == II_TYPEDEF)
            ti.def = ast_item_td(items[i]);
        else
            continue;
        if (!VEC_PUSH(r->items, ti))
            return oom(r);
    }
    if (!resolve_types(r, WITAN_OWNER_INTERFACE, id, r->items.items, r->items.len))
        return false;

    {
        witan_interface *wi = &r->pkg->interfaces.items[id];
        wi->ntypes = r->lookup.len;
        wi->types = wi->ntypes ? alloc_raw(r, wi->ntypes * sizeof *wi->types) : NULL;
        if (r->failed)
            return false;
        for (uint32_t i = 0; i < r->lookup.len; i++)
            wi->types[i] = (witan_named_id){r->lookup.items[i].name, r->lookup.items[i].id};
    }

    for (uint32_t i = 0; i < nitems; i++) {
        witan_function fn;
        ast_iface_item_kind kind = ast_item_kind(items[i]);
        if (kind == II_FUNC) {
            ast_named_func *f = ast_item_fn(items[i]);
            if (!define_name(r, f->name, true, 0) ||
                !resolve_function(r, f->docs, f->attrs, name_of(f->name), f->name.sp, &f->func,
                                  f->func.async ? WITAN_FUNC_ASYNC_FREESTANDING
                                                : WITAN_FUNC_FREESTANDING,
                                  WITAN_NO_ID, &fn) ||
                !push_func(r, &fn))
                return false;
        } else if (kind == II_TYPEDEF && ast_item_td(items[i])->kind == TD_RESOURCE) {
            const ast_typedef *td = ast_item_td(items[i]);
            for (ast_named_func *f = td->funcs; f; f = f->next)
                if (!resolve_resource_func(r, f, td->name, false, &fn) || !push_func(r, &fn))
                    return false;
        }
    }
    witan_interface *wi = &r->pkg->interfaces.items[id];
    wi->nfunctions = r->funcs.len;
    wi->functions = r->funcs.len ? alloc_raw(r, r->funcs.len * sizeof *wi->functions) : NULL;
    if (r->failed)
        return false;
    if (r->funcs.len)
        memcpy(wi->functions, r->funcs.items, r->funcs.len * sizeof *wi->functions);
    return true;
}

/* ----------------------------------------------------------------- worlds */

static const char *item_kind_name(witan_item_kind k)
{
    return k == WITAN_ITEM_INTERFACE ? "interface" : k == WITAN_ITEM_FUNCTION ? "func" : "type";
}

/* ExternKind::span */
static span extern_span(const ast_world_item *it)
{
    /* for `ns:pkg/name` the reference takes the name's span too */
    if (it->ext == EXT_PATH)
        return it->path.name.sp;
    return it->name.sp;
}

static bool resolve_world_item(resolver *r, const ast_world_item *it, witan_world_item *out)
{
    memset(out, 0, sizeof *out);
    out->key_interface = WITAN_NO_ID;
    switch (it->ext) {
    case EXT_INTERFACE: {
        /* the world's own scope stays for its resources' functions; its
         * type list was taken already (resolve_world) */
        uint32_t saved = r->scope;
        witan_id id = alloc_interface(r, SPAN_OF(it->name.sp));
        if (r->failed)
            return false;
        bool ok = resolve_interface(r, id, it->items, it->nitems, it->docs, it->attrs);
        r->scope = saved;
        if (!ok)
            return false;
        out->kind = WITAN_ITEM_INTERFACE;
        out->id = id;
        out->stability = r->pkg->interfaces.items[id].stability;
        out->span = SPAN_OF(it->name.sp);
        return external_id_of(r, it->attrs, &out->external_id);
    }
    case EXT_PATH:
    case EXT_NAMED_PATH: {
        if (!stability_of(r, it->attrs, &out->stability) ||
            !external_id_of(r, it->attrs, &out->external_id))
            return false;
        out->docs = it->docs;
        witan_id id;
        if (!path_interface(r, &it->path, &id))
            return false;
        out->kind = WITAN_ITEM_INTERFACE;
        out->id = id;
        out->span = SPAN_OF(it->ext == EXT_PATH ? it->path.name.sp : it->name.sp);
        return true;
    }
    case EXT_FUNC: {
        witan_function *fn = alloc(r, sizeof *fn);
        if (!fn)
            return false;
        if (!resolve_function(r, it->docs, it->attrs, name_of(it->name), it->name.sp, &it->func,
                              it->func.async ? WITAN_FUNC_ASYNC_FREESTANDING
                                             : WITAN_FUNC_FREESTANDING,
                              WITAN_NO_ID, fn))
            return false;
        out->kind = WITAN_ITEM_FUNCTION;
        out->func = fn;
        out->span = fn->span;
        return true;
    }
    }
    return false;
}

static bool push_slot(resolver *r, slot_vec *v, wkey k, int include)
{
    reader_slot s = {k, include};
    if (!VEC_PUSH(*v, s))
        return oom(r);
    return true;
}

static bool resolve_world(resolver *r, witan_id wid, ast_world *w)
{
    witan_world *ww = &r->pkg->worlds.items[wid];
    ww->docs = w->docs;
    if (!stability_of(r, w->attrs, &ww->stability))
        return false;

    /* interfaces imported and exported by path, as int keys */
    uint32_t imported = temp_tag(r), exported = temp_tag(r);
    bool ok = false;
    r->scope = TAG_WORLD(wid);
    r->lookup.len = 0;
    r->items.len = 0;
    for (ast_world_item *it = w->items; it; it = it->next) {
        type_item ti = {NULL, NULL};
        if (it->kind == WI_USE)
            ti.use = it->use;
        else if (it->kind == WI_TYPEDEF)
            ti.def = it->td;
        else
            continue;
        if (!VEC_PUSH(r->items, ti)) {
            oom(r);
            goto out;
        }
    }
    if (!resolve_types(r, WITAN_OWNER_WORLD, wid, r->items.items, r->items.len))
        goto out;

    for (ast_world_item *it = w->items; it; it = it->next) {
        if (it->kind != WI_INCLUDE)
            continue;
        world_include inc;
        memset(&inc, 0, sizeof inc);
        if (!stability_of(r, it->attrs, &inc.stability) || !path_world(r, &it->path, &inc.world))
            goto out;
        inc.span = SPAN_OF(it->path.name.sp);
        uint32_t n = 0;
        for (ast_include_name *in = it->with; in; in = in->next)
            n++;
        inc.names = n ? alloc_raw(r, n * sizeof *inc.names) : NULL;
        if (r->failed)
            goto out;
        for (ast_include_name *in = it->with; in; in = in->next)
            inc.names[inc.nnames++] = (include_rename){name_of(in->name), name_of(in->as)};
        world_ext *ext = &r->pkg->wext.items[wid];
        if (!VEC_PUSH(ext->includes, inc)) {
            oom(r);
            goto out;
        }
    }

    world_ext *ext = &r->pkg->wext.items[wid];
    for (uint32_t i = 0; i < r->lookup.len; i++) {
        tl_entry *e = &r->lookup.items[i];
        witan_world_item it;
        memset(&it, 0, sizeof it);
        it.name = e->name;
        it.key_interface = WITAN_NO_ID;
        it.kind = WITAN_ITEM_TYPE;
        it.id = e->id;
        it.span = e->span;
        if (!item_map_push(&ext->imports, it) ||
            !push_slot(r, &ext->import_slots, item_key(&it), -1)) {
            oom(r);
            goto out;
        }
    }

    int include_index = 0;
    for (ast_world_item *it = w->items; it; it = it->next) {
        ext = &r->pkg->wext.items[wid];
        if (it->kind == WI_INCLUDE) {
            /* reader order: the included world's items come here */
            if (!push_slot(r, &ext->export_slots, (wkey){NULL, WITAN_NO_ID}, include_index) ||
                !push_slot(r, &ext->import_slots, (wkey){NULL, WITAN_NO_ID}, include_index))
                goto out;
            include_index++;
            continue;
        }
        if (it->kind == WI_TYPEDEF && it->td->kind == TD_RESOURCE) {
            for (ast_named_func *f = it->td->funcs; f; f = f->next) {
                witan_function *fn = alloc(r, sizeof *fn);
                if (!fn || !resolve_resource_func(r, f, it->td->name, true, fn))
                    goto out;
                witan_world_item wi;
                memset(&wi, 0, sizeof wi);
                wi.name = fn->name;
                wi.key_interface = WITAN_NO_ID;
                wi.kind = WITAN_ITEM_FUNCTION;
                wi.func = fn;
                wi.span = fn->span;
                ext = &r->pkg->wext.items[wid];
                if (!item_map_push(&ext->imports, wi) ||
                    !push_slot(r, &ext->import_slots, item_key(&wi), -1)) {
                    oom(r);
                    goto out;
                }
            }
            continue;
        }
        if (it->kind != WI_IMPORT && it->kind != WI_EXPORT)
            continue;
        bool is_import = it->kind == WI_IMPORT;
        witan_world_item wi;
        if (!resolve_world_item(r, it, &wi))
            goto out;
        ext = &r->pkg->wext.items[wid];
        switch (it->ext) {
        case EXT_INTERFACE:
        case EXT_NAMED_PATH:
            wi.name = name_of(it->name);
            break;
        case EXT_FUNC:
            wi.name = wi.func->name;
            break;
        case EXT_PATH: {
            wi.name = NULL;
            wi.key_interface = wi.id;
            uint32_t one = 1;
            int added = name_add(r, is_import ? imported : exported, ptrmap_int_key(wi.id), &one);
            if (added < 0)
                goto out;
            if (!added) {
                fail(r, extern_span(it), "interface cannot be %s more than once",
                     is_import ? "imported" : "exported");
                goto out;
            }
            break;
        }
        }
        item_map *dst = is_import ? &ext->imports : &ext->exports;
        long prev = item_map_find(dst, item_key(&wi));
        if (prev >= 0) {
            fail(r, extern_span(it), "%s `%s` conflicts with prior %s of same name",
                 is_import ? "import" : "export", wi.name,
                 item_kind_name(dst->v.items[prev].kind));
            goto out;
        }
        if (!item_map_push(dst, wi) ||
            !push_slot(r, is_import ? &ext->import_slots : &ext->export_slots,
                       item_key(&wi), -1)) {
            oom(r);
            goto out;
        }
    }
    ok = true;
out:
    return ok;
}

/* ------------------------------------------------- giving the tree back
 *
 * Once an interface or world is resolved nothing reads its syntax tree
 * again, so the chunks of the tree arena go back to the system one by
 * one instead of all at the end: the tree and the model it becomes do
 * not have to exist whole at the same time.
 *
 * Which chunks an item's nodes are in follows from the order the parser
 * builds the tree in, which every parser of this shape keeps: a
 * declaration's nodes are made while it is parsed, bottom-up, so they
 * come after the node of the declaration before it (in the order the
 * arena handed memory out) and up to its own. Each item thus owns a
 * window of the arena; a chunk goes once every item whose window touches
 * it is resolved, and chunks no window of a live item touches (headers,
 * nested packages, top-level `use`s) go at once. A node outside its
 * item's window would fault when read (arena_release), never be read
 * stale; sanitizer builds check every node against its window. */

typedef struct tree_chunk {
    const char *start, *end;
    uint64_t pos;           /* bytes handed out in the chunks before it */
    uint32_t last;          /* 1 + rank of the last item reading it; 0: none */
} tree_chunk;

typedef struct tree_release {
    arena *mem;
    tree_chunk *chunks;     /* in the order they were made */
    tree_chunk **by_addr;   /* sorted by address */
    uint32_t *by_last;      /* chunk indices in order of `last` */
    size_t n, next;         /* chunks; by_last[next] is the next to go */
} tree_release;

/* The position of p in the order the arena handed memory out; *chunk
 * gets its chunk. Memory of no chunk (a static node) gives 0 and -1. */
static uint64_t tr_pos(const tree_release *t, const void *p, long *chunk)
{
    const char *c = p;
    size_t lo = 0, hi = t->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->by_addr[mid]->start <= c)
            lo = mid;
        else
            hi = mid;
    }
    if (!t->n || c < t->by_addr[lo]->start || c >= t->by_addr[lo]->end) {
        *chunk = -1;
        return 0;
    }
    const tree_chunk *k = t->by_addr[lo];
    *chunk = (long)(k - t->chunks);
    return k->pos + (uint64_t)(c - k->start);
}

static int cmp_chunk_addr(const void *a, const void *b)
{
    const char *x = (*(tree_chunk *const *)a)->start, *y = (*(tree_chunk *const *)b)->start;
    return x < y ? -1 : x > y;
}

static void tr_free(tree_release *t)
{
    free(t->chunks);
    free(t->by_addr);
    free(t->by_last);
    memset(t, 0, sizeof *t);
}

/* Gives back every chunk whose last reader ranks below `done` (1 +
 * the rank of the item just resolved; 0 before the first). */
static void tr_release(tree_release *t, uint32_t done)
{
    while (t->next < t->n && t->chunks[t->by_last[t->next]].last <= done)
        arena_release(t->mem, t->chunks[t->by_last[t->next++]].start);
}

#if defined(__SANITIZE_ADDRESS__)
#include <stdio.h>

/* The check of sanitizer builds: every node an item's resolution reads
 * lies in the item's window. */
typedef struct tr_check {
    const tree_release *t;
    uint64_t lo, hi;        /* the window: (lo, hi] */
    const char *what;
} tr_check;

static void tr_node(tr_check *k, const void *p, size_t size)
{
    long c;
    uint64_t at = tr_pos(k->t, p, &c);
    if (c >= 0 && (at < k->lo || at + size - 1 > k->hi)) {
        fprintf(stderr, "witan: a syntax tree node of %s lies outside its declaration "
                        "(resolve_pkg.c, giving the tree back)\n", k->what);
        abort();
    }
}

#define TR_NODE(k, p) tr_node(k, p, sizeof *(p))

static void tr_type(tr_check *k, const ast_type *ty)
{
    if (!ty || ast_type_is_packed(ty))
        return;
    tr_node(k, ty, ast_type_size(ty));
    switch ((ast_type_kind)ty->kind) {
    case AT_LIST: case AT_FIXED_LIST: case AT_OPTION: case AT_FUTURE: case AT_STREAM:
        tr_type(k, ty->u.elem);
        break;
    case AT_MAP: case AT_RESULT: case AT_TUPLE: {
        uint32_t n = ast_type_nitems(ty);
        if (n)
            tr_node(k, ty->u.items, n * sizeof *ty->u.items);
        for (uint32_t i = 0; i < n; i++)
            tr_type(k, ty->u.items[i]);
        break;
    }
    default:
        break;
    }
}

static void tr_attrs(tr_check *k, const ast_attr *a)
{
    for (; a; a = a->next) {
        TR_NODE(k, a);
        if (a->version)
            TR_NODE(k, a->version);
        if (a->kind == ATTR_EXTERNAL_ID && a->string)
            tr_node(k, a->string, a->string_len + 1);
    }
}

static void tr_func(tr_check *k, const ast_func *f)
{
    if (f->nparams)
        tr_node(k, f->params, f->nparams * sizeof *f->params);
    for (uint32_t i = 0; i < f->nparams; i++)
        tr_type(k, f->params[i].type);
    tr_type(k, f->result);
}

static void tr_use(tr_check *k, const ast_use *u)
{
    TR_NODE(k, u);
    tr_attrs(k, u->attrs);
    if (u->path.version)
        TR_NODE(k, u->path.version);
    for (const ast_use_name *n = u->names; n; n = n->next)
        TR_NODE(k, n);
}

static void tr_named_func(tr_check *k, const ast_named_func *f)
{
    TR_NODE(k, f);
    tr_attrs(k, f->attrs);
    tr_func(k, &f->func);
}

static void tr_typedef(tr_check *k, const ast_typedef *td)
{
    TR_NODE(k, td);
    tr_attrs(k, td->attrs);
    tr_type(k, td->alias);
    if (td->nfields)
        tr_node(k, td->fields, td->nfields * sizeof *td->fields);
    for (uint32_t i = 0; i < td->nfields; i++)
        tr_type(k, td->fields[i].type);
    for (const ast_named_func *f = td->funcs; f; f = f->next)
        tr_named_func(k, f);
}

static void tr_iface_items(tr_check *k, const ast_iface_item *items, uint32_t n)
{
    if (n)
        tr_node(k, items, n * sizeof *items);
    for (uint32_t i = 0; i < n; i++) {
        if (ast_item_kind(items[i]) == II_TYPEDEF)
            tr_typedef(k, ast_item_td(items[i]));
        else if (ast_item_kind(items[i]) == II_FUNC)
            tr_named_func(k, ast_item_fn(items[i]));
        else
            tr_use(k, ast_item_use(items[i]));
    }
}

static void tr_check_decl(tr_check *k, const ast_decl *d)
{
    if (d->kind == DECL_INTERFACE) {
        k->what = "an interface";
        TR_NODE(k, d->u.iface);
        tr_attrs(k, d->u.iface->attrs);
        tr_iface_items(k, d->u.iface->items, d->u.iface->nitems);
        return;
    }
    const ast_world *w = d->u.world;
    k->what = "a world";
    TR_NODE(k, w);
    tr_attrs(k, w->attrs);
    for (const ast_world_item *it = w->items; it; it = it->next) {
        tr_node(k, it, ast_world_item_size(it->kind, it->ext));
        tr_attrs(k, it->attrs);
        bool path = false;
        switch (it->kind) {
        case WI_USE:
            tr_use(k, it->use);
            break;
        case WI_TYPEDEF:
            tr_typedef(k, it->td);
            break;
        case WI_INCLUDE:
            path = true;
            for (const ast_include_name *in = it->with; in; in = in->next)
                TR_NODE(k, in);
            break;
        default:
            if (it->ext == EXT_FUNC)
                tr_func(k, &it->func);
            else if (it->ext == EXT_INTERFACE)
                tr_iface_items(k, it->items, it->nitems);
            else
                path = true;
            break;
        }
        if (path && it->path.version)
            TR_NODE(k, it->path.version);
    }
}
#undef TR_NODE
#endif

/* Sets up the release of the files' tree arena `mem`: an interface of id
 * i is resolved as number iface_rank[i], a world of id w as number
 * world_rank[w] (UINT32_MAX: not resolved here). When memory for the
 * bookkeeping runs out nothing is released, which only costs memory. */
static void tr_start(tree_release *t, arena *mem, ast_decl **files, size_t nfiles,
                     resolver *r, const uint32_t *iface_rank, const uint32_t *world_rank)
{
    memset(t, 0, sizeof *t);
    size_t n = arena_chunks(mem, NULL, 0);
    arena_range *ranges = malloc((n ? n : 1) * sizeof *ranges);
    t->chunks = calloc(n ? n : 1, sizeof *t->chunks);
    t->by_addr = malloc((n ? n : 1) * sizeof *t->by_addr);
    t->by_last = malloc((n ? n : 1) * sizeof *t->by_last);
    uint32_t *count = NULL;
    if (!ranges || !t->chunks || !t->by_addr || !t->by_last)
        goto fail;
    t->mem = mem;
    t->n = arena_chunks(mem, ranges, n);
    uint64_t pos = 0;
    for (size_t c = 0; c < t->n; c++) {
        t->chunks[c] = (tree_chunk){ranges[c].start, ranges[c].end, pos, 0};
        pos += (uint64_t)(ranges[c].end - ranges[c].start);
        t->by_addr[c] = &t->chunks[c];
    }
    qsort(t->by_addr, t->n, sizeof *t->by_addr, cmp_chunk_addr);

    /* each item's window: from the node of the declaration made before
     * it to its own */
    uint64_t prev = 0;
    long prev_chunk = 0;
    uint32_t ranks = 0;
    for (size_t f = 0; f < nfiles; f++) {
        for (ast_decl *d = files[f]; d; d = d->next) {
            long c;
            uint64_t at = tr_pos(t, d, &c);
            if (c < 0)
                goto fail;  /* not a tree this arena holds: keep it all */
            uint32_t rank = UINT32_MAX;
            astitem item = 0;
            if (d->kind == DECL_INTERFACE) {
                name_get(r, file_tag(r, f), name_of(d->u.iface->name), &item);
                rank = iface_rank[ITEM_ID(item)];
            } else if (d->kind == DECL_WORLD) {
                name_get(r, file_tag(r, f), name_of(d->u.world->name), &item);
                rank = world_rank[ITEM_ID(item)];
            }
            if (rank != UINT32_MAX) {
                for (long k = prev_chunk; k <= c; k++)
                    if (t->chunks[k].last < rank + 1)
                        t->chunks[k].last = rank + 1;
                if (rank + 1 > ranks)
                    ranks = rank + 1;
#if defined(__SANITIZE_ADDRESS__)
                tr_check k = {t, prev, at + sizeof *d - 1, NULL};
                tr_check_decl(&k, d);
#endif
            }
            if (at < prev)
                goto fail;  /* not made in order after all: keep it all */
            prev = at;
            prev_chunk = c;
        }
    }

    /* counting sort of the chunks by last reader */
    count = calloc((size_t)ranks + 2, sizeof *count);
    if (!count)
        goto fail;
    for (size_t c = 0; c < t->n; c++)
        count[t->chunks[c].last + 1]++;
    for (uint32_t k = 0; k <= ranks; k++)
        count[k + 1] += count[k];
    for (size_t c = 0; c < t->n; c++)
        t->by_last[count[t->chunks[c].last]++] = (uint32_t)c;
    free(count);
    free(ranges);
    tr_release(t, 0);
    return;
fail:
    free(count);
    free(ranges);
    tr_free(t);
}

/* ----------------------------------------------------------------- driver */

/* About how many names the package defines, and how many of them go
 * into the shared table (*shared), so that it is made the right size
 * once instead of doubling its way there. */
static uint32_t count_names(ast_decl **files, size_t nfiles, uint32_t *shared)
{
    uint64_t n = 0, in_shared = 0;
    for (size_t f = 0; f < nfiles; f++) {
        for (ast_decl *d = files[f]; d; d = d->next) {
            in_shared += 5;     /* the item's name under the sorts' tags (populate_ast_items) */
            if (d->kind == DECL_INTERFACE) {
                n += d->u.iface->nnames;
            } else if (d->kind == DECL_WORLD) {
                for (ast_world_item *it = d->u.world->items; it; it = it->next)
                    n += it->kind == WI_USE ? it->use->nnames : 1;
            }
        }
    }
    n += in_shared;
    *shared = in_shared > UINT32_MAX / 4 ? UINT32_MAX / 4 : (uint32_t)in_shared;
    return n > UINT32_MAX / 4 ? UINT32_MAX / 4 : (uint32_t)n;
}

/* Whether any item carries an attribute (a feature gate, a deprecation,
 * an external id): such a package takes push_package's general path. */
static bool iface_attrs(const ast_iface_item *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        ast_iface_item it = items[i];
        if ((ast_item_kind(it) == II_TYPEDEF && ast_typedef_has_attrs(ast_item_td(it))) ||
            (ast_item_kind(it) == II_FUNC && ast_item_fn(it)->attrs) ||
            (ast_item_kind(it) == II_USE && ast_item_use(it)->attrs))
            return true;
    }
    return false;
}

/* A world item's parts carry an attribute (its own are it->attrs). */
static bool world_item_attrs(const ast_world_item *it)
{
    switch (it->kind) {
    case WI_USE: return it->use->attrs;
    case WI_TYPEDEF: return ast_typedef_has_attrs(it->td);
    case WI_INCLUDE: return false;
    default: return it->ext == EXT_INTERFACE && iface_attrs(it->items, it->nitems);
    }
}

static bool any_attrs(ast_decl **files, size_t nfiles)
{
    for (size_t f = 0; f < nfiles; f++) {
        for (const ast_decl *d = files[f]; d; d = d->next) {
            if (d->kind == DECL_INTERFACE) {
                if (d->u.iface->attrs || d->u.iface->item_attrs)
                    return true;
            } else if (d->kind == DECL_WORLD) {
                if (d->u.world->attrs)
                    return true;
                for (const ast_world_item *it = d->u.world->items; it; it = it->next)
                    if (it->attrs || world_item_attrs(it))
                        return true;
            } else if (d->kind == DECL_USE && d->u.use->attrs) {
                return true;
            }
        }
    }
    return false;
}

/* `tree`: the arena of the files' syntax trees when nothing else lives
 * in it, so that it can be given back as the items are resolved; NULL
 * to keep it whole. */
static bool resolve_decls(witan_ctx *ctx, ast_decl **files, size_t nfiles, upkg *pkg,
                          arena *tree)
{
    resolver r;
    memset(&r, 0, sizeof r);
    arena_init(&r.scope_mem);
    r.scope_mem.pages = r.names.pages = &ctx->pages;
    r.ctx = ctx;
    r.pkg = pkg;
    r.files = files;
    r.nfiles = nfiles;
    /* the names are about as many as the named types, and anonymous
     * types about as many again: room made once, not by doubling */
    uint32_t shared, names = count_names(files, nfiles, &shared), anon_cap = 256;
    while (anon_cap < names && anon_cap < (1u << 30))
        anon_cap *= 2;
    /* the scopes' slots take some 37 bytes a name (a generated package) */
    if ((size_t)names * 32 >= ARENA_HUGE)
        arena_expect_big(&r.scope_mem, ARENA_BIG_CHUNK);
    if (!pairmap_reserve(&r.names, shared) ||
        !VEC_RESERVE_N(pkg->types, names < UINT32_MAX / 2 ? 2 * names : names)) {
        oom(&r);
        pairmap_free(&r.names);
        return false;
    }
    /* the biggest block of the model (the push adopts it), filled in
     * order as the types are made */
    arena_advise_huge(&ctx->pages, pkg->types.items, (size_t)pkg->types.cap * sizeof *pkg->types.items);
    r.self_name = istr_c(ctx, "self");
    r.float32 = istr_c(ctx, "float32");
    r.float64 = istr_c(ctx, "float64");
    id_vec iface_order = {0};
    id_vec world_order = {0};
    bool ok = false;
    if (!populate_foreign_deps(&r) || !populate_ast_items(&r, &iface_order, &world_order) ||
        !populate_foreign_types(&r))
        goto out;
    /* the paths were all visited: their scratch (one entry per `use` of
     * the package) would otherwise stay until the end, next to the model
     * that grows while the items are resolved */
    free(r.visits.items);
    memset(&r.visits, 0, sizeof r.visits);
    /* only the items' types are anonymous: their table is made once the
     * scratch above is gone */
    if (!anon_grow(&r, anon_cap))
        goto out;
    /* own handles made with the types when push_package would make them
     * all in order (no gates, no other package's types) */
    if (!pkg->foreign.len && !any_attrs(files, nfiles)) {
        pkg->handle_of = malloc((pkg->types.cap ? pkg->types.cap : 1) * sizeof *pkg->handle_of);
        if (!pkg->handle_of) {
            oom(&r);
            goto out;
        }
    }

    /* the AST of each interface and world, by id */
    {
        size_t ni = pkg->interfaces.len, nw = pkg->worlds.len;
        ast_interface **iast = calloc(ni ? ni : 1, sizeof *iast);
        size_t *ifile = calloc(ni ? ni : 1, sizeof *ifile);
        ast_world **wast = calloc(nw ? nw : 1, sizeof *wast);
        size_t *wfile = calloc(nw ? nw : 1, sizeof *wfile);
        bool done = false;
        tree_release tr;
        memset(&tr, 0, sizeof tr);
        if (!iast || !ifile || !wast || !wfile) {
            oom(&r);
            goto cleanup;
        }
        for (size_t f = 0; f < nfiles; f++) {
            for (ast_decl *d = files[f]; d; d = d->next) {
                astitem item = 0;
                if (d->kind == DECL_INTERFACE) {
                    name_get(&r, file_tag(&r, f), name_of(d->u.iface->name), &item);
                    iast[ITEM_ID(item)] = d->u.iface;
                    ifile[ITEM_ID(item)] = f;
                } else if (d->kind == DECL_WORLD) {
                    name_get(&r, file_tag(&r, f), name_of(d->u.world->name), &item);
                    wast[ITEM_ID(item)] = d->u.world;
                    wfile[ITEM_ID(item)] = f;
                }
            }
        }
        /* the order items are resolved in, by id */
        uint32_t *rank = tree ? malloc((ni + nw + 1) * sizeof *rank) : NULL;
        if (rank) {
            for (size_t i = 0; i < ni + nw; i++)
                rank[i] = UINT32_MAX;
            for (uint32_t i = 0; i < iface_order.len; i++)
                rank[iface_order.items[i]] = i;
            for (uint32_t i = 0; i < world_order.len; i++)
                rank[ni + world_order.items[i]] = iface_order.len + i;
            tr_start(&tr, tree, files, nfiles, &r, rank, rank + ni);
            free(rank);
        }
        for (uint32_t i = 0; i < iface_order.len; i++) {
            witan_id id = iface_order.items[i];
            r.cur_file = ifile[id];
            if (!resolve_interface(&r, id, iast[id]->items, iast[id]->nitems, iast[id]->docs,
                                   iast[id]->attrs))
                goto cleanup;
            tr_release(&tr, i + 1);
        }
        for (uint32_t i = 0; i < world_order.len; i++) {
            witan_id id = world_order.items[i];
            r.cur_file = wfile[id];
            if (!resolve_world(&r, id, wast[id]))
                goto cleanup;
            tr_release(&tr, iface_order.len + i + 1);
        }
        if (pkg->handle_of && !own_handles_of_functions(&r))
            goto cleanup;
        done = true;
    cleanup:
        tr_free(&tr);
        free(iast);
        free(ifile);
        free(wast);
        free(wfile);
        if (!done)
            goto out;
    }
    ok = !r.failed;
out:
    pairmap_free(&r.names);
    free(r.scopes.items);
    free(r.file_scopes);
    arena_free(&r.scope_mem);
    free(r.lookup.items);
    topo_free(&r.sort);
    free(r.items.items);
    free(r.funcs.items);
    free(r.names_seen.items);
    vec_table_free(r.anon.slots, (size_t)r.anon.cap * sizeof *r.anon.slots);
    ptrmap_free(&r.foreign_ifaces);
    free(r.visits.items);
    free(iface_order.items);
    free(world_order.items);
    return ok;
}

static void set_name(witan_ctx *ctx, upkg *out, const ast_package_name *pn)
{
    out->ns = name_of(pn->ns);
    out->name = name_of(pn->name);
    if (pn->version) {
        out->ver = pn->version->v;
        out->version = version_text(ctx, &pn->version->v);
    }
    out->key = package_key(ctx, out->ns, out->name, pn->version ? &pn->version->v : NULL);
    out->name_span = SPAN_OF(pn->sp);
}

bool resolve_package(witan_ctx *ctx, ast_file **files, size_t nfiles, upkg *out)
{
    memset(out, 0, sizeof *out);
    /* the loader already checked that all headers agree and at most one
     * has docs (package_check_file) */
    const ast_package_name *header = NULL;
    for (size_t f = 0; f < nfiles; f++) {
        const ast_package_name *h = files[f]->header;
        if (!h)
            continue;
        header = h;
        if (h->docs.count)
            out->docs = h->docs;
    }
    if (!header) {
        ctx_error(ctx, SPAN_NONE, "no `package` header was found in any WIT file for this package");
        return false;
    }
    set_name(ctx, out, header);
    ast_decl **decls = calloc(nfiles ? nfiles : 1, sizeof *decls);
    if (!decls) {
        ctx->oom = true;
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return false;
    }
    for (size_t f = 0; f < nfiles; f++)
        decls[f] = files[f]->decls;
    bool ok = resolve_decls(ctx, decls, nfiles, out, &ctx->mem);
    free(decls);
    return ok;
}

bool package_check_file(witan_ctx *ctx, const ast_package_name **header, bool *have_docs,
                        ast_file *file)
{
    const ast_package_name *h = file->header;
    if (h) {
        const ast_package_name *prev = *header;
        if (prev) {
            const char *a = package_key(ctx, name_of(h->ns), name_of(h->name),
                                        h->version ? &h->version->v : NULL);
            const char *b = package_key(ctx, name_of(prev->ns), name_of(prev->name),
                                        prev->version ? &prev->version->v : NULL);
            if (a != b) {
                ctx_error(ctx, h->sp,
                          "package identifier `%s` does not match previous package name of `%s`",
                          a, b);
                return false;
            }
        }
        *header = h;
        if (h->docs.count) {
            if (*have_docs) {
                span all = docs_span(ctx, h->docs);
                source *src = source_map_find(&ctx->sources, all.start);
                uint32_t end = all.end;
                while (src && end > all.start) {
                    char c = src->text[end - 1 - src->base];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                        break;
                    end--;
                }
                ctx_error(ctx, (span){all.start, end},
                          "found doc comments on multiple 'package' items");
                return false;
            }
            *have_docs = true;
        }
    }
    /* nested packages were taken out; one left here was nested twice */
    for (ast_decl *d = file->decls; d; d = d->next) {
        if (d->kind == DECL_PACKAGE) {
            ctx_error(ctx, d->u.pkg->name.sp, "nested packages must be placed at the top-level");
            return false;
        }
    }
    return true;
}

bool resolve_nested_package(witan_ctx *ctx, ast_package *pkg, upkg *out)
{
    memset(out, 0, sizeof *out);
    for (ast_decl *d = pkg->decls; d; d = d->next) {
        if (d->kind == DECL_PACKAGE) {
            ctx_error(ctx, d->u.pkg->name.sp, "nested packages must be placed at the top-level");
            return false;
        }
    }
    set_name(ctx, out, &pkg->name);
    out->docs = pkg->name.docs;
    ast_decl *decls = pkg->decls;
    return resolve_decls(ctx, &decls, 1, out, NULL);
}

void upkg_free(upkg *p)
{
    for (uint32_t i = 0; i < p->foreign.len; i++) {
        foreign_pkg *fp = &p->foreign.items[i];
        for (uint32_t j = 0; j < fp->items.len; j++)
            free(fp->items.items[j].stabilities.items);
        free(fp->items.items);
    }
    free(p->foreign.items);
    free(p->types.items);
    free(p->interfaces.items);
    free(p->worlds.items);
    for (uint32_t i = 0; i < p->wext.len; i++)
        world_ext_free(&p->wext.items[i]);
    free(p->wext.items);
    free(p->unknown_type_spans.items);
    free(p->required_resources.items);
    free(p->handle_of);
    memset(p, 0, sizeof *p);
}

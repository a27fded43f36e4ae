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

/* An entry of a type scope: a type, or a function name. */
typedef struct tl_entry {
    const char *name;
    bool is_func;
    witan_id id;
    witan_span span;
} tl_entry;

typedef struct type_scope {
    VEC(tl_entry) v;
    ptrmap index;
} type_scope;

/* Anonymous type interning: one table per package (RESOLVE-JSON §4.2). */
typedef struct anon_table {
    uint32_t *slots;    /* type id + 1; 0 = empty */
    uint32_t cap, count;
} anon_table;

typedef struct file_scope {
    ptrmap items;       /* name -> astitem */
} file_scope;

/* A `use` path together with where the reference's for_each_path met it. */
typedef struct path_visit {
    const ast_use_path *path;
    ast_attr *attrs;
    ast_use_name *names;    /* `use` items only */
    bool has_names;
    const ast_id *iface;    /* enclosing named interface (uses), or world (includes) */
    int want;               /* 0 interface, 1 world, 2 unknown (top-level use) */
} path_visit;

typedef struct resolver {
    witan_ctx *ctx;
    upkg *pkg;
    ast_decl **files;       /* decl lists, one per file */
    size_t nfiles;
    ptrmap package_items;   /* name -> astitem (interfaces and worlds of the package) */
    file_scope *scopes;     /* per file: local names incl. top-level uses */
    size_t cur_file;
    VEC(type_scope) iface_scopes;   /* per upkg interface */
    type_scope lookup;      /* the scope being resolved */
    anon_table anon;
    ptrmap foreign_ifaces;  /* placeholder interface ids (as int keys) */
    VEC(path_visit) visits; /* scratch */
    const char *self_name;  /* interned "self" */
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
    void *p = arena_alloc(&r->ctx->mem, n);
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

static const char *name_of(ast_id id) { return id.name ? id.name->s : ""; }

static witan_type prim_type(int ast_kind)
{
    return (witan_type){(witan_type_kind)(WITAN_TYPE_BOOL + ast_kind), 0};
}

static witan_type id_type(witan_id id) { return (witan_type){WITAN_TYPE_ID, id}; }

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
    const char *k = istr_n(ctx, b.data ? b.data : "", b.len);
    buf_free(&b);
    return k;
}

static const char *version_text(witan_ctx *ctx, const semver *v)
{
    buf b;
    buf_init(&b);
    semver_format(&b, v);
    const char *k = istr_n(ctx, b.data ? b.data : "", b.len);
    buf_free(&b);
    return k;
}

/* ------------------------------------------------------------ type scopes */

static void scope_free(type_scope *s)
{
    free(s->v.items);
    ptrmap_free(&s->index);
}

static tl_entry *scope_get(type_scope *s, const char *name)
{
    uint32_t i;
    if (!ptrmap_get(&s->index, name, &i))
        return NULL;
    return &s->v.items[i];
}

/* define_interface_name: a second definition of a name is an error */
static bool define_name(resolver *r, ast_id name, bool is_func, witan_id id)
{
    const char *n = name_of(name);
    if (scope_get(&r->lookup, n)) {
        fail(r, name.sp, "name `%s` is defined more than once", n);
        return false;
    }
    tl_entry e = {n, is_func, id, SPAN_OF(name.sp)};
    if (!VEC_PUSH(r->lookup.v, e) || !ptrmap_put(&r->lookup.index, n, r->lookup.v.len - 1))
        return oom(r);
    return true;
}

/* --------------------------------------------------------- model arrays */

static witan_id add_type(resolver *r, witan_typedef td)
{
    if (!VEC_PUSH(r->pkg->types, td)) {
        oom(r);
        return 0;
    }
    return r->pkg->types.len - 1;
}

static witan_id alloc_interface(resolver *r, witan_span sp)
{
    witan_interface iface;
    memset(&iface, 0, sizeof iface);
    iface.package = WITAN_NO_ID;
    iface.clone_of = WITAN_NO_ID;
    iface.span = sp;
    type_scope empty = {0};
    if (!VEC_PUSH(r->pkg->interfaces, iface) || !VEC_PUSH(r->iface_scopes, empty)) {
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
        *out = a->string;
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
                        for (ast_iface_item *ii = it->items; ii; ii = ii->next)
                            if (ii->kind == II_USE)
                                VISIT(&ii->u.use->path, ii->u.use->attrs, ii->u.use->names,
                                      true, NULL, 0);
                    } else if (it->ext == EXT_PATH || it->ext == EXT_NAMED_PATH) {
                        VISIT(&it->path, it->attrs, NULL, false, NULL, 0);
                    }
                }
            }
            break;
        }
        case DECL_INTERFACE:
            for (ast_iface_item *ii = d->u.iface->items; ii; ii = ii->next)
                if (ii->kind == II_USE)
                    VISIT(&ii->u.use->path, ii->u.use->attrs, ii->u.use->names, true,
                          &d->u.iface->name, 0);
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
    for (uint32_t i = 0; i < r->pkg->foreign.len; i++)
        if (r->pkg->foreign.items[i].key == key)
            return &r->pkg->foreign.items[i];
    return NULL;
}

static foreign_item *foreign_item_find(foreign_pkg *fp, const char *name)
{
    for (uint32_t i = 0; i < fp->items.len; i++)
        if (fp->items.items[i].name == name)
            return &fp->items.items[i];
    return NULL;
}

static const char *path_pkg_key(resolver *r, const ast_use_path *p)
{
    return package_key(r->ctx, name_of(p->ns), name_of(p->pkg),
                       p->version ? &p->version->v : NULL);
}

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
            foreign_pkg *fp = foreign_find(r, key);
            if (!fp) {
                foreign_pkg n;
                memset(&n, 0, sizeof n);
                n.key = key;
                n.span = SPAN_OF(v->path->pkg_sp);
                if (!VEC_PUSH(r->pkg->foreign, n))
                    return oom(r);
                fp = &r->pkg->foreign.items[r->pkg->foreign.len - 1];
            }
            const char *name = name_of(v->path->name);
            foreign_item *fi = foreign_item_find(fp, name);
            if (!fi) {
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
                /* alloc_* may have moved nothing in foreign, but fp is still valid */
                if (!VEC_PUSH(fp->items, n))
                    return oom(r);
                fi = &fp->items.items[fp->items.len - 1];
            }
            if (!VEC_PUSH(fi->stabilities, st))
                return oom(r);
        }
    }
    return true;
}

/* --------------------------------------------------------------- toposort */

/* A node of a topological sort: a name and its dependency edges. */
typedef struct topo_edge {
    const char *name;
    span sp;
} topo_edge;

typedef struct topo_node {
    const char *name;
    VEC(topo_edge) deps;
    bool replaced;      /* scratch for callers */
} topo_node;

typedef struct topo {
    VEC(topo_node) nodes;
    ptrmap index;       /* name -> node */
} topo;

static void topo_free(topo *t)
{
    for (uint32_t i = 0; i < t->nodes.len; i++)
        free(t->nodes.items[i].deps.items);
    free(t->nodes.items);
    ptrmap_free(&t->index);
}

/* IndexMap::insert semantics: a new name is appended; an existing one keeps
 * its position and gets its edges cleared. Returns the node. */
static topo_node *topo_insert(resolver *r, topo *t, const char *name)
{
    uint32_t i;
    if (ptrmap_get(&t->index, name, &i)) {
        t->nodes.items[i].deps.len = 0;
        return &t->nodes.items[i];
    }
    topo_node n;
    memset(&n, 0, sizeof n);
    n.name = name;
    if (!VEC_PUSH(t->nodes, n) || !ptrmap_put(&t->index, name, t->nodes.len - 1)) {
        oom(r);
        return NULL;
    }
    return &t->nodes.items[t->nodes.len - 1];
}

/* Kahn's algorithm taking, among the ready nodes, the first in insertion
 * order (toposort.rs). Fills order[] with node indices. `hint` adds the
 * float32/float64 rename hint to "does not exist". */
static bool topo_sort(resolver *r, topo *t, const char *kind, uint32_t *order, bool hint)
{
    uint32_t n = t->nodes.len;
    uint32_t *remaining = calloc(n ? n : 1, sizeof *remaining);
    uint32_t *rev_start = calloc((size_t)n + 1, sizeof *rev_start);
    uint32_t *heap = malloc((n ? n : 1) * sizeof *heap);
    uint32_t nedges = 0;
    for (uint32_t i = 0; i < n; i++)
        nedges += t->nodes.items[i].deps.len;
    uint32_t *rev = malloc((nedges ? nedges : 1) * sizeof *rev);
    uint32_t *fill = calloc(n ? n : 1, sizeof *fill);
    bool ok = false;
    if (!remaining || !rev_start || !heap || !rev || !fill) {
        oom(r);
        goto out;
    }
    for (uint32_t i = 0; i < n; i++) {
        topo_node *node = &t->nodes.items[i];
        remaining[i] = node->deps.len;
        for (uint32_t e = 0; e < node->deps.len; e++) {
            uint32_t j;
            topo_edge *edge = &node->deps.items[e];
            if (!ptrmap_get(&t->index, edge->name, &j)) {
                const char *nm = edge->name;
                if (hint && (strcmp(nm, "float32") == 0 || strcmp(nm, "float64") == 0))
                    fail(r, edge->sp,
                         "%s `%s` does not exist\nthe `%s` type has been renamed to `%s` and is no longer accepted, but the `WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error",
                         kind, nm, nm, nm[5] == '3' ? "f32" : "f64");
                else
                    fail(r, edge->sp, "%s `%s` does not exist", kind, nm);
                goto out;
            }
            rev_start[j + 1]++;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        rev_start[i + 1] += rev_start[i];
    for (uint32_t i = 0; i < n; i++) {
        topo_node *node = &t->nodes.items[i];
        for (uint32_t e = 0; e < node->deps.len; e++) {
            uint32_t j;
            ptrmap_get(&t->index, node->deps.items[e].name, &j);
            rev[rev_start[j] + fill[j]++] = i;
        }
    }
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
    if (taken == n) {
        ok = true;
        goto out;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!remaining[i])
            continue;
        topo_node *node = &t->nodes.items[i];
        for (uint32_t e = 0; e < node->deps.len; e++) {
            uint32_t j;
            ptrmap_get(&t->index, node->deps.items[e].name, &j);
            if (!remaining[j])
                continue;
            fail(r, node->deps.items[e].sp, "%s `%s` depends on itself", kind,
                 node->deps.items[e].name);
            goto out;
        }
    }
    fail(r, SPAN_NONE, "%s dependency cycle", kind);
out:
    free(remaining);
    free(rev_start);
    free(heap);
    free(rev);
    free(fill);
    return ok;
}

/* ------------------------------------------------ interfaces and worlds */

typedef struct item_src {
    span sp;
    bool foreign;
    ast_id local;   /* the local name the item resolves to, with its span */
} item_src;

static bool populate_ast_items(resolver *r, id_vec *iface_order, id_vec *world_order)
{
    witan_ctx *ctx = r->ctx;
    ptrmap pkg_spans = {0};     /* name -> index into names_decl */
    VEC(ast_decl *) names_decl = {0};
    topo order = {0};
    file_scope ns = {0};
    VEC(item_src) srcs = {0};
    uint32_t *sorted = NULL;
    ptrmap ids = {0};           /* name -> astitem */
    bool ok = false;

    for (size_t f = 0; f < r->nfiles; f++) {
        for (ast_decl *d = r->files[f]; d; d = d->next) {
            ast_id name;
            if (d->kind == DECL_INTERFACE)
                name = d->u.iface->name;
            else if (d->kind == DECL_WORLD)
                name = d->u.world->name;
            else
                continue;
            if (ptrmap_get(&pkg_spans, name_of(name), NULL)) {
                fail(r, name.sp, "duplicate item named `%s`", name_of(name));
                goto out;
            }
            if (!VEC_PUSH(names_decl, d) ||
                !ptrmap_put(&pkg_spans, name_of(name), names_decl.len - 1) ||
                !topo_insert(r, &order, name_of(name))) {
                oom(r);
                goto out;
            }
        }
    }

    for (size_t f = 0; f < r->nfiles; f++) {
        ptrmap_clear(&ns.items);
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
            if (ptrmap_get(&ns.items, name_of(name), NULL)) {
                fail(r, name.sp, "duplicate name `%s` in this file", name_of(name));
                goto out;
            }
            if (!VEC_PUSH(srcs, s) || !ptrmap_put(&ns.items, name_of(name), srcs.len - 1)) {
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
            topo_edge e;
            if (ptrmap_get(&ns.items, name_of(*used), &si)) {
                item_src *s = &srcs.items[si];
                if (s->foreign)
                    continue;
                e.name = name_of(s->local);
                e.sp = s->local.sp;
            } else if (ptrmap_get(&pkg_spans, name_of(*used), NULL)) {
                e.name = name_of(*used);
                e.sp = used->sp;
            } else {
                fail(r, used->sp, "interface or world `%s` does not exist", name_of(*used));
                goto out;
            }
            uint32_t ni;
            ptrmap_get(&order.index, name_of(*v->iface), &ni);
            if (!VEC_PUSH(order.nodes.items[ni].deps, e)) {
                oom(r);
                goto out;
            }
        }
    }

    sorted = malloc((order.nodes.len ? order.nodes.len : 1) * sizeof *sorted);
    if (!sorted) {
        oom(r);
        goto out;
    }
    if (!topo_sort(r, &order, "interface or world", sorted, false))
        goto out;

    for (uint32_t k = 0; k < order.nodes.len; k++) {
        const char *name = order.nodes.items[sorted[k]].name;
        uint32_t di;
        ptrmap_get(&pkg_spans, name, &di);
        ast_decl *d = names_decl.items[di];
        if (d->kind == DECL_INTERFACE) {
            witan_id id = alloc_interface(r, SPAN_OF(d->u.iface->name.sp));
            if (r->failed)
                goto out;
            r->pkg->interfaces.items[id].name = name;
            if (!ptrmap_put(&ids, name, id) || !VEC_PUSH(*iface_order, id)) {
                oom(r);
                goto out;
            }
        } else {
            witan_id id = alloc_world(r, SPAN_OF(d->u.world->name.sp));
            if (r->failed)
                goto out;
            r->pkg->worlds.items[id].name = name;
            if (!ptrmap_put(&ids, name, id | ITEM_WORLD) || !VEC_PUSH(*world_order, id)) {
                oom(r);
                goto out;
            }
        }
    }

    for (size_t f = 0; f < r->nfiles; f++) {
        file_scope *fs = &r->scopes[f];
        for (ast_decl *d = r->files[f]; d; d = d->next) {
            const char *name;
            astitem item;
            if (d->kind == DECL_USE) {
                ast_toplevel_use *u = d->u.use;
                if (u->attrs) {
                    fail(r, u->sp, "attributes not allowed on top-level use");
                    goto out;
                }
                name = name_of(u->as.name ? u->as : u->path.name);
                if (!u->path.foreign) {
                    if (!ptrmap_get(&ids, name_of(u->path.name), &item)) {
                        fail(r, u->path.name.sp, "interface or world `%s` does not exist",
                             name_of(u->path.name));
                        goto out;
                    }
                } else {
                    foreign_pkg *fp = foreign_find(r, path_pkg_key(r, &u->path));
                    foreign_item *fi = foreign_item_find(fp, name_of(u->path.name));
                    item = fi->id | (fi->is_world ? ITEM_WORLD : 0);
                }
            } else if (d->kind == DECL_INTERFACE || d->kind == DECL_WORLD) {
                name = name_of(d->kind == DECL_INTERFACE ? d->u.iface->name : d->u.world->name);
                ptrmap_get(&ids, name, &item);
            } else {
                continue;
            }
            if (!ptrmap_put(&fs->items, name, item) ||
                (d->kind != DECL_USE && !ptrmap_put(&r->package_items, name, item))) {
                oom(r);
                goto out;
            }
        }
    }
    ok = true;
out:
    (void)ctx;
    ptrmap_free(&pkg_spans);
    free(names_decl.items);
    topo_free(&order);
    ptrmap_free(&ns.items);
    free(srcs.items);
    free(sorted);
    ptrmap_free(&ids);
    return ok;
}

/* resolve_ast_item_path: a local name in the file scope, then the package
 * scope; a foreign path names its placeholder. */
static bool resolve_path(resolver *r, const ast_use_path *p, astitem *out)
{
    if (p->foreign) {
        foreign_pkg *fp = foreign_find(r, path_pkg_key(r, p));
        foreign_item *fi = fp ? foreign_item_find(fp, name_of(p->name)) : NULL;
        if (!fi) {
            fail(r, p->name.sp, "internal error: unregistered foreign path");
            return false;
        }
        *out = fi->id | (fi->is_world ? ITEM_WORLD : 0);
        return true;
    }
    const char *n = name_of(p->name);
    if (ptrmap_get(&r->scopes[r->cur_file].items, n, out) ||
        ptrmap_get(&r->package_items, n, out))
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
 * package, so that `use` can refer to it before the package is known. */
static bool populate_foreign_types(resolver *r)
{
    for (size_t f = 0; f < r->nfiles; f++) {
        r->cur_file = f;
        if (!collect_paths(r, r->files[f]))
            return false;
        for (uint32_t i = 0; i < r->visits.len; i++) {
            path_visit *v = &r->visits.items[i];
            if (!v->has_names)
                continue;
            const witan_stability *st;
            const char *ext;
            witan_id iface;
            if (!stability_of(r, v->attrs, &st) || !external_id_of(r, v->attrs, &ext) ||
                !path_interface(r, v->path, &iface))
                return false;
            if (!ptrmap_get(&r->foreign_ifaces, ptrmap_int_key(iface), NULL))
                continue;
            for (ast_use_name *un = v->names; un; un = un->next) {
                type_scope *ts = &r->iface_scopes.items[iface];
                const char *n = name_of(un->name);
                if (scope_get(ts, n))
                    continue;
                witan_typedef td;
                memset(&td, 0, sizeof td);
                td.name = n;
                td.kind = WITAN_TD_UNKNOWN;
                td.owner = WITAN_OWNER_INTERFACE;
                td.owner_id = iface;
                td.stability = st;
                td.external_id = ext;
                td.span = SPAN_OF(un->name.sp);
                td.resource = WITAN_NO_ID;
                witan_id id = add_type(r, td);
                if (r->failed)
                    return false;
                tl_entry e = {n, false, id, SPAN_OF(un->name.sp)};
                witan_named_id nid = {n, id};
                witan_interface *wi = &r->pkg->interfaces.items[iface];
                witan_named_id *types = arena_realloc(&r->ctx->mem, wi->types,
                                                      wi->ntypes * sizeof *types,
                                                      (wi->ntypes + 1) * sizeof *types);
                if (!VEC_PUSH(r->pkg->unknown_type_spans, SPAN_OF(un->name.sp)) ||
                    !VEC_PUSH(ts->v, e) || !ptrmap_put(&ts->index, n, ts->v.len - 1) || !types)
                    return oom(r);
                types[wi->ntypes++] = nid;
                wi->types = types;
            }
        }
    }
    return true;
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

static uint32_t anon_hash(const witan_typedef *td)
{
    uint32_t h = (uint32_t)td->kind * 2654435761u;
    h = h * 31 + type_hash(td->a);
    h = h * 31 + type_hash(td->b);
    h = h * 31 + td->size;
    h = h * 31 + (td->kind == WITAN_TD_HANDLE_BORROW ? td->resource : 0);
    for (uint32_t i = 0; i < td->ntypes; i++)
        h = h * 31 + type_hash(td->types[i]);
    return h;
}

static bool anon_eq(const witan_typedef *x, const witan_typedef *y)
{
    if (x->kind != y->kind || !type_eq(x->a, y->a) || !type_eq(x->b, y->b) || x->size != y->size)
        return false;
    if (x->kind == WITAN_TD_HANDLE_BORROW && x->resource != y->resource)
        return false;
    if (x->ntypes != y->ntypes)
        return false;
    for (uint32_t i = 0; i < x->ntypes; i++)
        if (!type_eq(x->types[i], y->types[i]))
            return false;
    return true;
}

/* anon_type_def: intern an anonymous type, per package */
static witan_type anon_type(resolver *r, witan_typedef *td)
{
    if (td->kind == WITAN_TD_ALIAS)
        return td->a;
    /* an anonymous own<T> is just a reference to T */
    if (td->kind == WITAN_TD_HANDLE_OWN)
        return id_type(td->resource);
    anon_table *t = &r->anon;
    if ((t->count + 1) * 2 > t->cap) {
        uint32_t ncap = t->cap ? t->cap * 2 : 256;
        uint32_t *slots = calloc(ncap, sizeof *slots);
        if (!slots) {
            oom(r);
            return id_type(0);
        }
        for (uint32_t i = 0; i < t->cap; i++) {
            if (!t->slots[i])
                continue;
            uint32_t j = anon_hash(&r->pkg->types.items[t->slots[i] - 1]) & (ncap - 1);
            while (slots[j])
                j = (j + 1) & (ncap - 1);
            slots[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = ncap;
    }
    uint32_t j = anon_hash(td) & (t->cap - 1);
    while (t->slots[j]) {
        if (anon_eq(&r->pkg->types.items[t->slots[j] - 1], td))
            return id_type(t->slots[j] - 1);
        j = (j + 1) & (t->cap - 1);
    }
    witan_id id = add_type(r, *td);
    if (r->failed)
        return id_type(0);
    t->slots[j] = id + 1;
    t->count++;
    return id_type(id);
}

static bool resolve_type_def(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_typedef *out);

/* resolve_type: a type expression as a type reference, interning
 * anonymous types. */
static bool resolve_type(resolver *r, const ast_type *ty, const witan_stability *st,
                         witan_type *out)
{
    witan_typedef td;
    if (!resolve_type_def(r, ty, st, &td))
        return false;
    td.stability = find_stability(r, &td, st);
    td.span = SPAN_OF(ty->sp);
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

static bool legacy_float(resolver *r, const ast_type *ty, witan_type *out)
{
    const char *n = ty->u.name->s;
    bool f32 = strcmp(n, "float32") == 0, f64 = strcmp(n, "float64") == 0;
    if (r->ctx->strict || (!f32 && !f64))
        return false;
    ctx_warn(r->ctx, "legacy-syntax", ty->sp, "`%s` is the old name of `%s`; write `%s`", n,
             f32 ? "f32" : "f64", f32 ? "f32" : "f64");
    out->kind = f32 ? WITAN_TYPE_F32 : WITAN_TYPE_F64;
    out->id = 0;
    return true;
}

static bool resolve_type_name(resolver *r, ast_id name, witan_id *out)
{
    tl_entry *e = scope_get(&r->lookup, name_of(name));
    if (!e) {
        fail(r, name.sp, "name `%s` does not exist", name_of(name));
        return false;
    }
    if (e->is_func) {
        fail(r, name.sp, "cannot use function `%s` as a type", name_of(name));
        return false;
    }
    *out = e->id;
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

static witan_field *fields_array(resolver *r, uint32_t n)
{
    return n ? alloc(r, n * sizeof(witan_field)) : NULL;
}

static bool resolve_type_def(resolver *r, const ast_type *ty, const witan_stability *st,
                             witan_typedef *out)
{
    memset(out, 0, sizeof *out);
    out->resource = WITAN_NO_ID;
    switch ((ast_type_kind)ty->kind) {
    case AT_NAME: {
        out->kind = WITAN_TD_ALIAS;
        tl_entry *e = scope_get(&r->lookup, ty->u.name->s);
        if (!e && legacy_float(r, ty, &out->a))
            return true;
        witan_id id;
        if (!resolve_type_name(r, (ast_id){ty->u.name, ty->sp}, &id))
            return false;
        out->a = id_type(id);
        return true;
    }
    case AT_LIST:
        out->kind = WITAN_TD_LIST;
        return resolve_type(r, ty->u.elem, st, &out->a);
    case AT_FIXED_LIST:
        out->kind = WITAN_TD_FIXED_LIST;
        out->size = ty->n;
        return resolve_type(r, ty->u.elem, st, &out->a);
    case AT_MAP: {
        out->kind = WITAN_TD_MAP;
        if (!resolve_type(r, ty->u.pair.a, st, &out->a) ||
            !resolve_type(r, ty->u.pair.b, st, &out->b))
            return false;
        switch (out->a.kind) {
        case WITAN_TYPE_BOOL: case WITAN_TYPE_U8: case WITAN_TYPE_U16: case WITAN_TYPE_U32:
        case WITAN_TYPE_U64: case WITAN_TYPE_S8: case WITAN_TYPE_S16: case WITAN_TYPE_S32:
        case WITAN_TYPE_S64: case WITAN_TYPE_CHAR: case WITAN_TYPE_STRING:
            return true;
        default:
            fail(r, ty->sp, "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string");
            return false;
        }
    }
    case AT_OWN:
    case AT_BORROW:
        out->kind = ty->kind == AT_OWN ? WITAN_TD_HANDLE_OWN : WITAN_TD_HANDLE_BORROW;
        return validate_resource(r, (ast_id){ty->u.name, ty->sp}, &out->resource);
    case AT_TUPLE:
        out->kind = WITAN_TD_TUPLE;
        out->ntypes = ty->n;
        out->types = ty->n ? alloc(r, ty->n * sizeof(witan_type)) : NULL;
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
        return resolve_opt_type(r, ty->u.pair.a, st, &out->a) &&
               resolve_opt_type(r, ty->u.pair.b, st, &out->b);
    case AT_FUTURE:
    case AT_STREAM:
        out->kind = ty->kind == AT_FUTURE ? WITAN_TD_FUTURE : WITAN_TD_STREAM;
        return resolve_opt_type(r, ty->u.elem, st, &out->a);
    default:
        /* primitives */
        out->kind = WITAN_TD_ALIAS;
        out->a = prim_type(ty->kind);
        return true;
    }
}

/* The definition of a named type (record, variant, ... or `type x = T`). */
static bool resolve_typedef_body(resolver *r, const ast_typedef *t, const witan_stability *st,
                                 witan_typedef *out)
{
    memset(out, 0, sizeof *out);
    out->resource = WITAN_NO_ID;
    switch (t->kind) {
    case TD_ALIAS:
        return resolve_type_def(r, t->alias, st, out);
    case TD_RESOURCE: {
        uint32_t ctors = 0;
        ptrmap names = {0};
        bool ok = true;
        for (ast_named_func *f = t->funcs; f && ok; f = f->next) {
            if (f->kind == FN_CONSTRUCTOR) {
                if (++ctors > 1) {
                    fail(r, f->name.sp, "duplicate constructors");
                    ok = false;
                }
            } else {
                if (ptrmap_get(&names, name_of(f->name), NULL)) {
                    fail(r, f->name.sp, "duplicate function name `%s`", name_of(f->name));
                    ok = false;
                } else if (!ptrmap_put(&names, name_of(f->name), 1)) {
                    ok = oom(r);
                }
            }
        }
        ptrmap_free(&names);
        out->kind = WITAN_TD_RESOURCE;
        return ok;
    }
    case TD_RECORD: {
        out->kind = WITAN_TD_RECORD;
        out->nfields = t->nfields;
        out->fields = fields_array(r, t->nfields);
        uint32_t i = 0;
        for (ast_field *f = t->fields; f; f = f->next, i++) {
            out->fields[i].docs = docs_text(r->ctx, f->docs);
            out->fields[i].name = name_of(f->name);
            out->fields[i].span = SPAN_OF(f->name.sp);
            if (!resolve_type(r, f->type, st, &out->fields[i].type))
                return false;
        }
        return !r->failed;
    }
    case TD_FLAGS:
    case TD_ENUM: {
        if (t->kind == TD_ENUM && t->nfields == 0) {
            fail(r, t->name.sp, "empty enum");
            return false;
        }
        out->kind = t->kind == TD_FLAGS ? WITAN_TD_FLAGS : WITAN_TD_ENUM;
        out->nfields = t->nfields;
        out->fields = fields_array(r, t->nfields);
        uint32_t i = 0;
        for (ast_field *f = t->fields; f; f = f->next, i++) {
            out->fields[i].docs = docs_text(r->ctx, f->docs);
            out->fields[i].name = name_of(f->name);
            out->fields[i].span = SPAN_OF(f->name.sp);
        }
        return !r->failed;
    }
    case TD_VARIANT: {
        if (t->nfields == 0) {
            fail(r, t->name.sp, "empty variant");
            return false;
        }
        out->kind = WITAN_TD_VARIANT;
        out->nfields = t->nfields;
        out->fields = fields_array(r, t->nfields);
        uint32_t i = 0;
        for (ast_field *f = t->fields; f; f = f->next, i++) {
            out->fields[i].docs = docs_text(r->ctx, f->docs);
            out->fields[i].name = name_of(f->name);
            out->fields[i].span = SPAN_OF(f->name.sp);
            if (!resolve_opt_type(r, f->type, st, &out->fields[i].type))
                return false;
        }
        return !r->failed;
    }
    }
    return false;
}

/* Names a typedef's body refers to, for the type topological sort. */
static bool collect_deps(resolver *r, const ast_type *ty, topo_node *node)
{
    if (!ty)
        return true;
    switch ((ast_type_kind)ty->kind) {
    case AT_NAME:
    case AT_OWN:
    case AT_BORROW: {
        topo_edge e = {ty->u.name->s, ty->sp};
        if (!VEC_PUSH(node->deps, e))
            return oom(r);
        if (ty->kind == AT_NAME && (strcmp(e.name, "float32") == 0 || strcmp(e.name, "float64") == 0))
            node->replaced = true;
        return true;
    }
    case AT_LIST: case AT_FIXED_LIST: case AT_OPTION: case AT_FUTURE: case AT_STREAM:
        return collect_deps(r, ty->u.elem, node);
    case AT_MAP: case AT_RESULT:
        return collect_deps(r, ty->u.pair.a, node) && collect_deps(r, ty->u.pair.b, node);
    case AT_TUPLE:
        for (uint32_t i = 0; i < ty->n; i++)
            if (!collect_deps(r, ty->u.items[i], node))
                return false;
        return true;
    default:
        return true;
    }
}

/* The `use` and typedef items of an interface or world, in source order. */
typedef struct type_item {
    const ast_use *use;
    const ast_typedef *def;
} type_item;

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
        tl_entry *e = scope_get(&r->iface_scopes.items[from], name_of(un->name));
        if (!e) {
            fail(r, un->name.sp, "name `%s` does not exist", name_of(un->name));
            return false;
        }
        if (e->is_func) {
            fail(r, un->name.sp, "cannot import function `%s`", name_of(un->name));
            return false;
        }
        ast_id as = un->as.name ? un->as : un->name;
        witan_typedef td;
        memset(&td, 0, sizeof td);
        td.kind = WITAN_TD_ALIAS;
        td.a = id_type(e->id);
        td.name = name_of(as);
        td.owner = owner;
        td.owner_id = owner_id;
        td.span = SPAN_OF(un->name.sp);
        td.stability = st;
        td.external_id = ext;
        td.resource = WITAN_NO_ID;
        witan_id id = add_type(r, td);
        if (r->failed || !define_name(r, as, false, id))
            return false;
    }
    return true;
}

static bool resolve_types(resolver *r, witan_owner_kind owner, witan_id owner_id,
                          const type_item *items, uint32_t n)
{
    topo t = {0};
    VEC(const ast_typedef *) defs = {0};    /* per node: the typedef or NULL (a use) */
    uint32_t *order = NULL;
    bool ok = false;
    for (uint32_t i = 0; i < n; i++)
        if (items[i].use && !resolve_use(r, owner, owner_id, items[i].use))
            goto out;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].def) {
            const ast_typedef *td = items[i].def;
            const char *nm = name_of(td->name);
            uint32_t ni;
            if (ptrmap_get(&t.index, nm, &ni)) {
                fail(r, td->name.sp, "name `%s` is defined more than once", nm);
                goto out;
            }
            topo_node *node = topo_insert(r, &t, nm);
            if (!node)
                goto out;
            ni = t.nodes.len - 1;
            if (!VEC_PUSH(defs, td)) {
                oom(r);
                goto out;
            }
            if (td->kind == TD_ALIAS) {
                if (!collect_deps(r, td->alias, node))
                    goto out;
            } else if (td->kind == TD_RECORD || td->kind == TD_VARIANT) {
                for (ast_field *f = td->fields; f; f = f->next)
                    if (!collect_deps(r, f->type, node))
                        goto out;
            }
        } else {
            for (ast_use_name *un = items[i].use->names; un; un = un->next) {
                const char *nm = name_of(un->as.name ? un->as : un->name);
                uint32_t ni;
                bool existed = ptrmap_get(&t.index, nm, &ni);
                if (!topo_insert(r, &t, nm))
                    goto out;
                if (existed) {
                    defs.items[ni] = NULL;  /* the quirk: a use replaces a typedef */
                } else if (!VEC_PUSH(defs, NULL)) {
                    oom(r);
                    goto out;
                }
            }
        }
    }
    /* legacy float names: an edge to `float32` that names no type of this
     * scope resolves to the primitive (with a warning), so it is no edge */
    if (!r->ctx->strict) {
        for (uint32_t i = 0; i < t.nodes.len; i++) {
            topo_node *node = &t.nodes.items[i];
            if (!node->replaced)
                continue;
            uint32_t k = 0;
            for (uint32_t e = 0; e < node->deps.len; e++) {
                topo_edge *edge = &node->deps.items[e];
                bool is_float = strcmp(edge->name, "float32") == 0 ||
                                strcmp(edge->name, "float64") == 0;
                if (is_float && !ptrmap_get(&t.index, edge->name, NULL))
                    continue;
                node->deps.items[k++] = *edge;
            }
            node->deps.len = k;
        }
    }
    order = malloc((t.nodes.len ? t.nodes.len : 1) * sizeof *order);
    if (!order) {
        oom(r);
        goto out;
    }
    if (!topo_sort(r, &t, "type", order, true))
        goto out;
    for (uint32_t k = 0; k < t.nodes.len; k++) {
        const ast_typedef *def = defs.items[order[k]];
        if (!def)
            continue;
        const witan_stability *st;
        const char *ext;
        if (!stability_of(r, def->attrs, &st) || !external_id_of(r, def->attrs, &ext))
            goto out;
        const char *docs = docs_text(r->ctx, def->docs);
        witan_typedef td;
        if (!resolve_typedef_body(r, def, st, &td))
            goto out;
        td.docs = docs;
        td.stability = st;
        td.external_id = ext;
        td.name = name_of(def->name);
        td.owner = owner;
        td.owner_id = owner_id;
        td.span = SPAN_OF(def->name.sp);
        witan_id id = add_type(r, td);
        if (r->failed || !define_name(r, def->name, false, id))
            goto out;
    }
    ok = true;
out:
    topo_free(&t);
    free(defs.items);
    free(order);
    return ok;
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
        fail(r, ty->sp, "if a constructor return type is declared it must be a `result`");
        return false;
    }
    if (td->a.kind == WITAN_TYPE_ID && td->a.id == resource) {
        *out = res;
        return true;
    }
    span sp = ty->kind == AT_RESULT && ty->u.pair.a ? ty->u.pair.a->sp : ty->sp;
    fail(r, sp, "the `ok` type must be the resource being constructed");
    return false;
}

static bool resolve_function(resolver *r, ast_docs docs, ast_attr *attrs, const char *name,
                             span name_sp, const ast_func *f, witan_func_kind kind,
                             witan_id resource, witan_function *out)
{
    memset(out, 0, sizeof *out);
    out->docs = docs_text(r->ctx, docs);
    if (!stability_of(r, attrs, &out->stability) || !external_id_of(r, attrs, &out->external_id))
        return false;
    out->name = name;
    out->kind = kind;
    out->resource = resource;
    out->span = SPAN_OF(name_sp);
    bool method = kind == WITAN_FUNC_METHOD || kind == WITAN_FUNC_ASYNC_METHOD;
    uint32_t n = f->nparams + (method ? 1 : 0), i = 0;
    out->params = n ? alloc(r, n * sizeof(witan_param)) : NULL;
    if (r->failed)
        return false;
    if (method) {
        witan_typedef td;
        memset(&td, 0, sizeof td);
        td.kind = WITAN_TD_HANDLE_BORROW;
        td.resource = resource;
        td.stability = find_stability(r, &td, NULL);
        td.span = SPAN_OF(f->sp);
        if (!r->self_name)
            r->self_name = istr_c(r->ctx, "self");
        out->params[i].name = r->self_name;
        out->params[i].type = anon_type(r, &td);
        out->params[i].span = SPAN_OF(f->sp);
        if (r->failed)
            return false;
        i++;
    }
    for (ast_param *p = f->params; p; p = p->next, i++) {
        const char *pn = name_of(p->name);
        for (uint32_t k = 0; k < i; k++) {
            if (out->params[k].name == pn) {
                fail(r, p->name.sp, "param `%s` is defined more than once", pn);
                return false;
            }
        }
        out->params[i].name = pn;
        out->params[i].span = SPAN_OF(p->name.sp);
        if (!resolve_type(r, p->type, NULL, &out->params[i].type))
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

static bool resolve_resource_func(resolver *r, const ast_named_func *f, ast_id resource,
                                  witan_function *out)
{
    tl_entry *e = scope_get(&r->lookup, name_of(resource));
    if (!e || e->is_func) {
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
    char local[256];
    char *text = n <= sizeof local ? local : malloc(n);
    if (!text)
        return oom(r);
    memcpy(text, prefix, pl);
    memcpy(text + pl, rn->s, rn->len);
    if (fn) {
        text[pl + rn->len] = '.';
        memcpy(text + pl + rn->len + 1, fn->s, fn->len);
    }
    const char *name = istr_n(r->ctx, text, n);
    if (text != local)
        free(text);
    return resolve_function(r, f->docs, f->attrs, name, f->name.sp, &f->func, kind, e->id, out);
}

/* ------------------------------------------------------------ interfaces */

static bool resolve_interface(resolver *r, witan_id id, ast_iface_item *items, ast_docs docs,
                              ast_attr *attrs)
{
    const char *d = docs_text(r->ctx, docs);
    const witan_stability *st;
    if (!stability_of(r, attrs, &st))
        return false;
    r->pkg->interfaces.items[id].docs = d;
    r->pkg->interfaces.items[id].stability = st;

    VEC(type_item) tis = {0};
    VEC(witan_function) funcs = {0};
    bool ok = false;
    for (ast_iface_item *it = items; it; it = it->next) {
        type_item ti = {NULL, NULL};
        if (it->kind == II_USE)
            ti.use = it->u.use;
        else if (it->kind == II_TYPEDEF)
            ti.def = it->u.td;
        else
            continue;
        if (!VEC_PUSH(tis, ti)) {
            oom(r);
            goto out;
        }
    }
    if (!resolve_types(r, WITAN_OWNER_INTERFACE, id, tis.items, tis.len))
        goto out;

    {
        witan_interface *wi = &r->pkg->interfaces.items[id];
        wi->ntypes = r->lookup.v.len;
        wi->types = wi->ntypes ? alloc(r, wi->ntypes * sizeof *wi->types) : NULL;
        if (r->failed)
            goto out;
        for (uint32_t i = 0; i < r->lookup.v.len; i++)
            wi->types[i] = (witan_named_id){r->lookup.v.items[i].name, r->lookup.v.items[i].id};
    }

    for (ast_iface_item *it = items; it; it = it->next) {
        if (it->kind == II_FUNC) {
            ast_named_func *f = it->u.fn;
            witan_function fn;
            if (!define_name(r, f->name, true, 0) ||
                !resolve_function(r, f->docs, f->attrs, name_of(f->name), f->name.sp, &f->func,
                                  f->func.async ? WITAN_FUNC_ASYNC_FREESTANDING
                                                : WITAN_FUNC_FREESTANDING,
                                  WITAN_NO_ID, &fn))
                goto out;
            if (!VEC_PUSH(funcs, fn)) {
                oom(r);
                goto out;
            }
        } else if (it->kind == II_TYPEDEF && it->u.td->kind == TD_RESOURCE) {
            for (ast_named_func *f = it->u.td->funcs; f; f = f->next) {
                witan_function fn;
                if (!resolve_resource_func(r, f, it->u.td->name, &fn))
                    goto out;
                if (!VEC_PUSH(funcs, fn)) {
                    oom(r);
                    goto out;
                }
            }
        }
    }
    {
        witan_interface *wi = &r->pkg->interfaces.items[id];
        wi->nfunctions = funcs.len;
        wi->functions = funcs.len ? alloc(r, funcs.len * sizeof *wi->functions) : NULL;
        if (r->failed)
            goto out;
        if (funcs.len)
            memcpy(wi->functions, funcs.items, funcs.len * sizeof *wi->functions);
    }
    /* the scope stays with the interface for later `use`s of it */
    scope_free(&r->iface_scopes.items[id]);
    r->iface_scopes.items[id] = r->lookup;
    memset(&r->lookup, 0, sizeof r->lookup);
    ok = true;
out:
    free(tis.items);
    free(funcs.items);
    return ok;
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
        type_scope saved = r->lookup;
        memset(&r->lookup, 0, sizeof r->lookup);
        witan_id id = alloc_interface(r, SPAN_OF(it->name.sp));
        if (r->failed)
            return false;
        bool ok = resolve_interface(r, id, it->items, it->docs, it->attrs);
        scope_free(&r->lookup);
        r->lookup = saved;
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
        out->docs = docs_text(r->ctx, it->docs);
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
    ww->docs = docs_text(r->ctx, w->docs);
    if (!stability_of(r, w->attrs, &ww->stability))
        return false;

    VEC(type_item) tis = {0};
    ptrmap imported = {0}, exported = {0};
    bool ok = false;
    for (ast_world_item *it = w->items; it; it = it->next) {
        type_item ti = {NULL, NULL};
        if (it->kind == WI_USE)
            ti.use = it->use;
        else if (it->kind == WI_TYPEDEF)
            ti.def = it->td;
        else
            continue;
        if (!VEC_PUSH(tis, ti)) {
            oom(r);
            goto out;
        }
    }
    if (!resolve_types(r, WITAN_OWNER_WORLD, wid, tis.items, tis.len))
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
        inc.names = n ? alloc(r, n * sizeof *inc.names) : NULL;
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
    for (uint32_t i = 0; i < r->lookup.v.len; i++) {
        tl_entry *e = &r->lookup.v.items[i];
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
                if (!fn || !resolve_resource_func(r, f, it->td->name, fn))
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
            ptrmap *set = is_import ? &imported : &exported;
            if (ptrmap_get(set, ptrmap_int_key(wi.id), NULL)) {
                fail(r, extern_span(it), "interface cannot be %s more than once",
                     is_import ? "imported" : "exported");
                goto out;
            }
            if (!ptrmap_put(set, ptrmap_int_key(wi.id), 1)) {
                oom(r);
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
    scope_free(&r->lookup);
    memset(&r->lookup, 0, sizeof r->lookup);
    free(tis.items);
    ptrmap_free(&imported);
    ptrmap_free(&exported);
    return ok;
}

/* ----------------------------------------------------------------- driver */

static bool resolve_decls(witan_ctx *ctx, ast_decl **files, size_t nfiles, upkg *pkg)
{
    resolver r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.pkg = pkg;
    r.files = files;
    r.nfiles = nfiles;
    r.scopes = calloc(nfiles ? nfiles : 1, sizeof *r.scopes);
    id_vec iface_order = {0};
    id_vec world_order = {0};
    bool ok = false;
    if (!r.scopes) {
        oom(&r);
        goto out;
    }
    if (!populate_foreign_deps(&r) || !populate_ast_items(&r, &iface_order, &world_order) ||
        !populate_foreign_types(&r))
        goto out;

    /* the AST of each interface and world, by id */
    {
        size_t ni = pkg->interfaces.len, nw = pkg->worlds.len;
        ast_interface **iast = calloc(ni ? ni : 1, sizeof *iast);
        size_t *ifile = calloc(ni ? ni : 1, sizeof *ifile);
        ast_world **wast = calloc(nw ? nw : 1, sizeof *wast);
        size_t *wfile = calloc(nw ? nw : 1, sizeof *wfile);
        bool done = false;
        if (!iast || !ifile || !wast || !wfile) {
            oom(&r);
            goto cleanup;
        }
        for (size_t f = 0; f < nfiles; f++) {
            for (ast_decl *d = files[f]; d; d = d->next) {
                astitem item;
                if (d->kind == DECL_INTERFACE) {
                    ptrmap_get(&r.scopes[f].items, name_of(d->u.iface->name), &item);
                    iast[ITEM_ID(item)] = d->u.iface;
                    ifile[ITEM_ID(item)] = f;
                } else if (d->kind == DECL_WORLD) {
                    ptrmap_get(&r.scopes[f].items, name_of(d->u.world->name), &item);
                    wast[ITEM_ID(item)] = d->u.world;
                    wfile[ITEM_ID(item)] = f;
                }
            }
        }
        for (uint32_t i = 0; i < iface_order.len; i++) {
            witan_id id = iface_order.items[i];
            r.cur_file = ifile[id];
            if (!resolve_interface(&r, id, iast[id]->items, iast[id]->docs, iast[id]->attrs))
                goto cleanup;
        }
        for (uint32_t i = 0; i < world_order.len; i++) {
            witan_id id = world_order.items[i];
            r.cur_file = wfile[id];
            if (!resolve_world(&r, id, wast[id]))
                goto cleanup;
        }
        done = true;
    cleanup:
        free(iast);
        free(ifile);
        free(wast);
        free(wfile);
        if (!done)
            goto out;
    }
    ok = !r.failed;
out:
    for (size_t f = 0; r.scopes && f < nfiles; f++)
        ptrmap_free(&r.scopes[f].items);
    free(r.scopes);
    ptrmap_free(&r.package_items);
    for (uint32_t i = 0; i < r.iface_scopes.len; i++)
        scope_free(&r.iface_scopes.items[i]);
    free(r.iface_scopes.items);
    scope_free(&r.lookup);
    free(r.anon.slots);
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
            out->docs = docs_text(ctx, h->docs);
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
    bool ok = resolve_decls(ctx, decls, nfiles, out);
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
                span first = ctx->comments[h->docs.first];
                span last = ctx->comments[h->docs.first + h->docs.count - 1];
                source *src = source_map_find(&ctx->sources, last.start);
                uint32_t end = last.end;
                while (src && end > last.start) {
                    char c = src->text[end - 1 - src->base];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                        break;
                    end--;
                }
                ctx_error(ctx, (span){first.start, end},
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
    out->docs = docs_text(ctx, pkg->name.docs);
    ast_decl *decls = pkg->decls;
    return resolve_decls(ctx, &decls, 1, out);
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
    memset(p, 0, sizeof *p);
}

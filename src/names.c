/* The functions a world exports or imports, named the way Golem names them
 * (../shared/spec/GOLEM.md §2): slash, braces and the component's raw
 * export names, in the order a reader of the .wit file expects. */
#include <string.h>

#include "model.h"

typedef VEC(witan_export) export_vec;

/* ------------------------------------------------------------ world pick */

/* The error built in b (freed): the input's, unless memory ran out. */
static witan_status error_text(witan_ctx *ctx, buf *b)
{
    ctx_error_built(ctx, SPAN_NONE, b);
    return ctx->oom ? WITAN_EINTERNAL : WITAN_EINPUT;
}

witan_status witan_select_world(witan_ctx *ctx, const witan_resolve *r, const char *name,
                                witan_id *world)
{
    *world = WITAN_NO_ID;
    if (r->main_package == WITAN_NO_ID) {
        ctx_error(ctx, SPAN_NONE, "no package was loaded");
        return WITAN_EINPUT;
    }
    const witan_package *root = &r->packages[r->main_package];
    if (!name) {
        if (root->nworlds == 1) {
            *world = root->worlds[0].id;
            return WITAN_OK;
        }
        buf b;
        buf_init(&b);
        if (root->nworlds == 0) {
            buf_printf(&b, "package `%s` has no world", root->name);
        } else {
            buf_printf(&b, "package `%s` has %u worlds; select one of:", root->name,
                       root->nworlds);
            for (uint32_t i = 0; i < root->nworlds; i++)
                buf_printf(&b, "\n    %s", root->worlds[i].name);
        }
        return error_text(ctx, &b);
    }
    for (uint32_t i = 0; i < root->nworlds; i++) {
        if (strcmp(root->worlds[i].name, name) == 0) {
            *world = root->worlds[i].id;
            return WITAN_OK;
        }
    }
    /* a qualified name: ns:pkg/world, ns:pkg/world@version (the
     * reference's form) or ns:pkg@version/world (as packages print) */
    for (uint32_t p = 0; p < r->npackages; p++) {
        const witan_package *pk = &r->packages[p];
        for (uint32_t i = 0; i < pk->nworlds; i++) {
            buf b;
            buf_init(&b);
            buf_printf(&b, "%s:%s/%s", pk->namespace_, pk->pkg_name, pk->worlds[i].name);
            bool match = b.data && strcmp(b.data, name) == 0;
            if (pk->version) {
                buf_printf(&b, "@%s", pk->version);
                match = match || (b.data && strcmp(b.data, name) == 0);
                buf_reset(&b);
                buf_printf(&b, "%s/%s", pk->name, pk->worlds[i].name);
                match = match || (b.data && strcmp(b.data, name) == 0);
            }
            buf_free(&b);
            if (match) {
                *world = pk->worlds[i].id;
                return WITAN_OK;
            }
        }
    }
    buf b;
    buf_init(&b);
    buf_printf(&b, "world `%s` not found in package `%s`", name, root->name);
    if (root->nworlds) {
        buf_adds(&b, "; its worlds are:");
        for (uint32_t i = 0; i < root->nworlds; i++)
            buf_printf(&b, "\n    %s", root->worlds[i].name);
    }
    return error_text(ctx, &b);
}

int witan_world_is_stdio(const witan_resolve *r, witan_id world)
{
    const witan_world *w = &r->worlds[world];
    if (w->nexports != 1 || w->exports[0].kind != WITAN_ITEM_INTERFACE || w->exports[0].name)
        return 0;
    const witan_interface *iface = &r->interfaces[w->exports[0].id];
    const witan_package *p = &r->packages[iface->package];
    return iface->name && strcmp(iface->name, "run") == 0 && strcmp(p->namespace_, "wasi") == 0 &&
           strcmp(p->pkg_name, "cli") == 0;
}

/* ------------------------------------------------------------------ names */

typedef struct lister {
    witan_ctx *ctx;
    const witan_resolve *r;
    const witan_package *root;
    buf names;          /* the entry being made: slash, braces, raw */
    export_each_fn each;
    void *arg;
    bool failed;
} lister;

static const char *str(lister *l, buf *b)
{
    /* a name cut short by a failed allocation would be another name */
    const char *s = b->failed ? NULL : arena_strndup(&l->ctx->keep, b->data ? b->data : "", b->len);
    if (!s) {
        l->ctx->oom = true;
        l->failed = true;
    }
    buf_reset(b);
    return s;
}

/* No printf: the manifest writes one of these for every named type. */
static void ns_pkg(buf *b, const witan_package *p)
{
    buf_adds(b, p->namespace_);
    buf_addc(b, ':');
    buf_adds(b, p->pkg_name);
}

static void at_version(buf *b, const witan_package *p)
{
    if (p->version) {
        buf_addc(b, '@');
        buf_adds(b, p->version);
    }
}

void names_package(buf *b, const witan_package *p)
{
    ns_pkg(b, p);
    at_version(b, p);
}

void names_package_item(buf *b, const witan_package *p, const char *name)
{
    names_package(b, p);
    buf_addc(b, '/');
    buf_adds(b, name);
}

void names_interface(buf *b, const witan_package *p, const char *name)
{
    ns_pkg(b, p);
    buf_addc(b, '/');
    buf_adds(b, name);
    at_version(b, p);
}

/* Splits "[method]r.m" into resource "r" and function "m". */
static void split_func(const witan_function *f, const char **res, size_t *reslen,
                       const char **fn)
{
    *res = NULL;
    *reslen = 0;
    *fn = f->name;
    if (f->name[0] != '[')
        return;
    const char *close = strchr(f->name, ']');
    if (!close)
        return;
    const char *rest = close + 1;
    if (f->kind == WITAN_FUNC_CONSTRUCTOR) {
        *res = rest;
        *reslen = strlen(rest);
        *fn = "new";
        return;
    }
    const char *dot = strchr(rest, '.');
    if (!dot)
        return;
    *res = rest;
    *reslen = (size_t)(dot - rest);
    *fn = dot + 1;
}

static witan_export_kind export_kind(const witan_function *f)
{
    switch (f->kind) {
    case WITAN_FUNC_CONSTRUCTOR:
        return WITAN_EXPORT_CONSTRUCTOR;
    case WITAN_FUNC_METHOD:
    case WITAN_FUNC_ASYNC_METHOD:
        return WITAN_EXPORT_METHOD;
    case WITAN_FUNC_STATIC:
    case WITAN_FUNC_ASYNC_STATIC:
        return WITAN_EXPORT_STATIC;
    default:
        return WITAN_EXPORT_FUNCTION;
    }
}

/* Adds one entry. `slash_base`: "pkg/iface" or "pkg" (world level);
 * `raw_base`: "instance#" or "" (world level); `iface`: display name or
 * NULL. `f` NULL means the drop of resource `res`. The resource and
 * function names are strings the model has already (interned names, the
 * tail of "[method]r.m"); the three full names share one block. */
static void add(lister *l, const char *slash_base, const char *raw_base, const char *iface,
                witan_id iface_id, const witan_function *f, const char *res, size_t reslen,
                witan_id res_id)
{
    if (l->failed)
        return;
    witan_export e;
    memset(&e, 0, sizeof e);
    e.interface = iface;
    e.interface_id = iface_id;
    e.resource_id = res_id;
    const char *fn = "drop";
    if (f) {
        split_func(f, &res, &reslen, &fn);
        e.kind = export_kind(f);
        e.func = f;
    } else {
        e.kind = WITAN_EXPORT_DROP;
    }
    if (res) {
        const istr *in = ctx_intern(l->ctx, res, reslen);
        if (!in) {
            l->failed = true;
            return;
        }
        e.resource = in->s;
    }
    e.function = fn;
    size_t sl = strlen(slash_base), fl = strlen(fn);
    size_t rl = f ? strlen(raw_base) + strlen(f->name) : 0;
    size_t mid = res ? reslen + 1 : 0;
    /* base/[res/]fn, base.{[res.]fn}, raw: one block */
    size_t n = (sl + 1 + mid + fl + 1) + (sl + 2 + mid + fl + 2) + (f ? rl + 1 : 0);
    buf_reset(&l->names);
    char *o = buf_room(&l->names, n);
    if (!o) {
        l->ctx->oom = true;
        l->failed = true;
        return;
    }
    for (int k = 0; k < 2; k++) {
        if (k == 0)
            e.slash = o;
        else
            e.braces = o;
        memcpy(o, slash_base, sl);
        o += sl;
        if (k == 0) {
            *o++ = '/';
        } else {
            *o++ = '.';
            *o++ = '{';
        }
        if (res) {
            memcpy(o, res, reslen);
            o += reslen;
            *o++ = k == 0 ? '/' : '.';
        }
        memcpy(o, fn, fl);
        o += fl;
        if (k == 1)
            *o++ = '}';
        *o++ = 0;
    }
    if (f) {
        e.raw = o;
        size_t bl = strlen(raw_base);
        memcpy(o, raw_base, bl);
        memcpy(o + bl, f->name, strlen(f->name) + 1);
    }
    if (!l->each(l->arg, &e, n)) {
        l->ctx->oom = true;
        l->failed = true;
    }
}

typedef struct entry {
    uint32_t pos;       /* source offset */
    int is_resource;
    uint32_t index;     /* function index or type id */
} entry;

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return x->is_resource < y->is_resource ? 1 : x->is_resource > y->is_resource ? -1 : 0;
}

/* An interface's functions in source order, each resource's drop after its
 * functions (or at the resource when it has none). */
static void add_interface(lister *l, witan_id iface_id, const char *slash_base,
                          const char *raw_base, const char *display)
{
    const witan_interface *iface = &l->r->interfaces[iface_id];
    uint32_t n = iface->nfunctions;
    for (uint32_t i = 0; i < iface->ntypes; i++) {
        const witan_typedef *t = &l->r->types[iface->types[i].id];
        n += t->kind == WITAN_TD_RESOURCE && t->owner == WITAN_OWNER_INTERFACE &&
             t->owner_id == iface_id;
    }
    entry *es = calloc(n ? n : 1, sizeof *es);
    if (!es) {
        l->ctx->oom = true;
        l->failed = true;
        return;
    }
    uint32_t k = 0;
    for (uint32_t i = 0; i < iface->nfunctions; i++)
        es[k++] = (entry){iface->functions[i].span.start, 0, i};
    for (uint32_t i = 0; i < iface->ntypes; i++) {
        witan_id id = iface->types[i].id;
        const witan_typedef *t = &l->r->types[id];
        if (t->kind == WITAN_TD_RESOURCE && t->owner == WITAN_OWNER_INTERFACE &&
            t->owner_id == iface_id)
            es[k++] = (entry){t->span.start, 1, id};
    }
    qsort(es, k, sizeof *es, cmp_entry);
    witan_id open = WITAN_NO_ID;
    for (uint32_t i = 0; i <= k && !l->failed; i++) {
        const witan_function *f = i < k && !es[i].is_resource ? &iface->functions[es[i].index]
                                                              : NULL;
        if (open != WITAN_NO_ID && !(f && f->resource == open)) {
            const char *rn = l->r->types[open].name;
            add(l, slash_base, raw_base, display, iface_id, NULL, rn, strlen(rn), open);
            open = WITAN_NO_ID;
        }
        if (i == k)
            break;
        if (es[i].is_resource)
            open = es[i].index;
        else
            add(l, slash_base, raw_base, display, iface_id, f, NULL, 0, f->resource);
    }
    free(es);
}

static void add_item(lister *l, const witan_world_item *it)
{
    buf b;
    buf_init(&b);
    if (it->kind == WITAN_ITEM_FUNCTION) {
        names_package(&b, l->root);
        const char *base = str(l, &b);
        if (!l->failed)
            add(l, base, "", NULL, WITAN_NO_ID, it->func, NULL, 0, it->func->resource);
    } else if (it->kind == WITAN_ITEM_INTERFACE) {
        const char *slash_base, *raw_base;
        if (it->name) {
            /* `export foo: interface {...}` or `export foo: path`: the root
             * package, then the export's name */
            names_package_item(&b, l->root, it->name);
            slash_base = str(l, &b);
            buf_adds(&b, it->name);
            buf_addc(&b, '#');
            raw_base = str(l, &b);
        } else {
            /* an interface by path: its defining package */
            const witan_interface *iface = &l->r->interfaces[it->id];
            const witan_package *p = &l->r->packages[iface->package];
            names_interface(&b, p, iface->name);
            slash_base = str(l, &b);
            buf_adds(&b, slash_base ? slash_base : "");
            buf_addc(&b, '#');
            raw_base = str(l, &b);
        }
        if (!l->failed)
            add_interface(l, it->id, slash_base, raw_base, slash_base);
    }
    buf_free(&b);
}

/* World-level imports: functions (resource functions included), with a
 * drop for each world resource after its functions. */
static void add_world_level(lister *l, const item_map *items,
                            const wkey_vec *order)
{
    for (uint32_t i = 0; i < order->len && !l->failed; i++) {
        long at = item_map_find(items, order->items[i]);
        if (at < 0)
            continue;
        const witan_world_item *it = &items->v.items[at];
        if (it->kind == WITAN_ITEM_TYPE) {
            const witan_typedef *t = &l->r->types[it->id];
            if (t->kind != WITAN_TD_RESOURCE || t->owner != WITAN_OWNER_WORLD)
                continue;
            /* a resource without functions has its drop here; otherwise
             * the drop follows its last function */
            bool has_funcs = false;
            for (uint32_t k = 0; k < order->len && !has_funcs; k++) {
                long a = item_map_find(items, order->items[k]);
                has_funcs = a >= 0 && items->v.items[a].kind == WITAN_ITEM_FUNCTION &&
                            items->v.items[a].func->resource == it->id;
            }
            if (!has_funcs) {
                buf b;
                buf_init(&b);
                names_package(&b, l->root);
                const char *base = str(l, &b);
                if (!l->failed)
                    add(l, base, "", NULL, WITAN_NO_ID, NULL, t->name, strlen(t->name), it->id);
                buf_free(&b);
            }
            continue;
        }
        add_item(l, it);
        if (it->kind == WITAN_ITEM_FUNCTION && it->func->resource != WITAN_NO_ID) {
            witan_id res = it->func->resource;
            bool more = false;
            for (uint32_t k = i + 1; k < order->len && !more; k++) {
                long a = item_map_find(items, order->items[k]);
                more = a >= 0 && items->v.items[a].kind == WITAN_ITEM_FUNCTION &&
                       items->v.items[a].func->resource == res;
            }
            if (!more) {
                buf b;
                buf_init(&b);
                names_package(&b, l->root);
                const char *base = str(l, &b);
                const char *rn = l->r->types[res].name;
                if (!l->failed)
                    add(l, base, "", NULL, WITAN_NO_ID, NULL, rn, strlen(rn), res);
                buf_free(&b);
            }
        }
    }
}

witan_status world_exports_each(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                                int imports, export_each_fn each, void *arg)
{
    model *m = ctx->model;
    if (!m || world >= r->nworlds)
        return WITAN_EINTERNAL;
    lister l;
    memset(&l, 0, sizeof l);
    l.ctx = ctx;
    l.r = r;
    l.root = &r->packages[r->worlds[world].package];
    l.each = each;
    l.arg = arg;
    buf_init(&l.names);
    world_ext *ext = &m->wext[world];
    const item_map *items = imports ? &ext->imports : &ext->exports;
    const wkey_vec *order = imports ? &ext->reader_imports : &ext->reader_exports;
    if (imports) {
        add_world_level(&l, items, order);
        /* imports elaboration added (dependencies), after the written ones */
        ptrmap seen = {0};
        for (uint32_t i = 0; i < order->len; i++)
            if (!ptrmap_put(&seen, wkey_ptr(order->items[i]), 1)) {
                /* a written import would be listed twice */
                ctx->oom = true;
                l.failed = true;
            }
        for (uint32_t i = 0; i < items->v.len && !l.failed; i++) {
            const witan_world_item *it = &items->v.items[i];
            if (it->kind == WITAN_ITEM_INTERFACE && !ptrmap_get(&seen, wkey_ptr(item_key(it)), NULL))
                add_item(&l, it);
        }
        ptrmap_free(&seen);
    } else {
        for (uint32_t i = 0; i < order->len && !l.failed; i++) {
            long at = item_map_find(items, order->items[i]);
            if (at >= 0)
                add_item(&l, &items->v.items[at]);
        }
    }
    buf_free(&l.names);
    if (l.failed) {
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return WITAN_EINTERNAL;
    }
    return WITAN_OK;
}

typedef struct collector {
    witan_ctx *ctx;
    export_vec out;
} collector;

/* Keeps an entry: its names move to the context's arena. */
static bool collect(void *arg, const witan_export *e, size_t names)
{
    collector *c = arg;
    char *block = arena_alloc_text(&c->ctx->text, names);
    if (!block)
        return false;
    memcpy(block, e->slash, names);
    witan_export k = *e;
    k.slash = block;
    k.braces = block + (e->braces - e->slash);
    if (e->raw)
        k.raw = block + (e->raw - e->slash);
    return VEC_PUSH(c->out, k);
}

witan_status witan_world_functions(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                                   int imports, const witan_export **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    size_t from = ctx->diags.count;
    collector c = {ctx, {0}};
    witan_status st = world_exports_each(ctx, r, world, imports, collect, &c);
    /* the model keeps the list and frees it with the rest */
    if (st == WITAN_OK && c.out.items && !VEC_PUSH(ctx->model->owned, c.out.items)) {
        ctx->oom = true;
        st = WITAN_EINTERNAL;
    }
    if (st != WITAN_OK) {
        free(c.out.items);
        return ctx->oom ? ctx_status(ctx, from) : st;
    }
    *out = c.out.items;
    *count = c.out.len;
    return WITAN_OK;
}

const char *witan_export_kind_name(witan_export_kind kind)
{
    switch (kind) {
    case WITAN_EXPORT_CONSTRUCTOR: return "constructor";
    case WITAN_EXPORT_METHOD: return "method";
    case WITAN_EXPORT_STATIC: return "static";
    case WITAN_EXPORT_DROP: return "drop";
    default: return "function";
    }
}

const witan_export *witan_find_export(const witan_export *list, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        const witan_export *e = &list[i];
        if (strcmp(e->slash, name) == 0 || strcmp(e->braces, name) == 0 ||
            (e->raw && strcmp(e->raw, name) == 0))
            return e;
    }
    return NULL;
}

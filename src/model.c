/* Storage of the resolved model: growable arrays behind witan_resolve and
 * the small shared helpers of the resolver modules. */
#include <stdarg.h>
#include <string.h>

#include "model.h"

void item_map_free(item_map *m)
{
    free(m->v.items);
    ptrmap_free(&m->index);
    memset(m, 0, sizeof *m);
}

long item_map_find(const item_map *m, wkey k)
{
    uint32_t i;
    return ptrmap_get(&m->index, wkey_ptr(k), &i) ? (long)i : -1;
}

int item_map_push(item_map *m, witan_world_item it)
{
    return VEC_PUSH(m->v, it) && ptrmap_put(&m->index, wkey_ptr(item_key(&it)), m->v.len - 1);
}

int item_map_reserve(item_map *m, uint32_t n)
{
    return VEC_RESERVE_N(m->v, n) && ptrmap_reserve(&m->index, n);
}

void world_ext_free(world_ext *w)
{
    item_map_free(&w->imports);
    item_map_free(&w->exports);
    free(w->includes.items);
    free(w->export_slots.items);
    free(w->import_slots.items);
    free(w->reader_exports.items);
    free(w->reader_imports.items);
    memset(w, 0, sizeof *w);
}

model *model_get(witan_ctx *ctx)
{
    if (!ctx->model) {
        ctx->model = calloc(1, sizeof *ctx->model);
        if (!ctx->model) {
            ctx->oom = true;
            return NULL;
        }
        ctx->model->pub.main_package = WITAN_NO_ID;
    }
    return ctx->model;
}

void model_free(model *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->pub.nworlds; i++)
        world_ext_free(&m->wext[i]);
    free(m->wext);
    free(m->pub.packages);
    free(m->pub.interfaces);
    free(m->pub.worlds);
    free(m->pub.types);
    ptrmap_free(&m->package_by_name);
    free(m->package_order.items);
    ptrmap_free(&m->export_cache);
    free(m);
}

static int grow(void **items, uint32_t *cap, uint32_t len, size_t elem)
{
    if (len < *cap)
        return 1;
    uint32_t ncap = *cap ? *cap * 2 : 64;
    void *p = realloc(*items, (size_t)ncap * elem);
    if (!p)
        return 0;
    *items = p;
    *cap = ncap;
    return 1;
}

int model_reserve_types(witan_ctx *ctx, model *m, uint32_t n)
{
    uint32_t need = m->pub.ntypes + n;
    if (need < n) {
        ctx->oom = true;
        return 0;
    }
    if (need <= m->cap_types)
        return 1;
    uint32_t cap = m->cap_types ? m->cap_types : 64;
    while (cap < need)
        cap = cap * 2 > cap ? cap * 2 : need;
    witan_typedef *t = realloc(m->pub.types, (size_t)cap * sizeof *t);
    if (!t) {
        ctx->oom = true;
        return 0;
    }
    m->pub.types = t;
    m->cap_types = cap;
    return 1;
}

witan_id model_add_interface(witan_ctx *ctx, model *m, const witan_interface *iface)
{
    if (!grow((void **)&m->pub.interfaces, &m->cap_interfaces, m->pub.ninterfaces,
              sizeof *iface)) {
        ctx->oom = true;
        return WITAN_NO_ID;
    }
    m->pub.interfaces[m->pub.ninterfaces] = *iface;
    return m->pub.ninterfaces++;
}

witan_id model_add_world(witan_ctx *ctx, model *m, const witan_world *w, world_ext *ext)
{
    uint32_t cap = m->cap_worlds;
    if (!grow((void **)&m->pub.worlds, &m->cap_worlds, m->pub.nworlds, sizeof *w)) {
        ctx->oom = true;
        return WITAN_NO_ID;
    }
    if (cap != m->cap_worlds) {
        world_ext *e = realloc(m->wext, (size_t)m->cap_worlds * sizeof *e);
        if (!e) {
            ctx->oom = true;
            return WITAN_NO_ID;
        }
        m->wext = e;
    }
    m->pub.worlds[m->pub.nworlds] = *w;
    /* the model takes over the ext's storage */
    m->wext[m->pub.nworlds] = *ext;
    memset(ext, 0, sizeof *ext);
    return m->pub.nworlds++;
}

witan_id model_add_package(witan_ctx *ctx, model *m, const witan_package *p)
{
    if (!grow((void **)&m->pub.packages, &m->cap_packages, m->pub.npackages, sizeof *p)) {
        ctx->oom = true;
        return WITAN_NO_ID;
    }
    m->pub.packages[m->pub.npackages] = *p;
    return m->pub.npackages++;
}

void model_error(witan_ctx *ctx, witan_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(&ctx->diags, DIAG_ERROR, NULL, AS_SPAN(sp), fmt, ap);
    va_end(ap);
}

witan_id type_interface_dep(const model *m, witan_id type)
{
    const witan_typedef *t = &m->pub.types[type];
    if (t->kind != WITAN_TD_ALIAS || t->a.kind != WITAN_TYPE_ID)
        return WITAN_NO_ID;
    const witan_typedef *o = &m->pub.types[t->a.id];
    if (o->owner == t->owner && o->owner_id == t->owner_id)
        return WITAN_NO_ID;
    return o->owner == WITAN_OWNER_INTERFACE ? o->owner_id : WITAN_NO_ID;
}

bool stability_included(witan_ctx *ctx, model *m, const witan_stability *s, witan_id pkg,
                        witan_span sp, bool *included)
{
    *included = true;
    if (!s || s->kind == WITAN_STABILITY_UNKNOWN)
        return true;
    if (s->kind == WITAN_STABILITY_UNSTABLE) {
        if (ctx->all_features) {
            *included = true;
            return true;
        }
        *included = false;
        for (size_t i = 0; i < ctx->nfeatures; i++)
            if (strcmp(ctx->features[i], s->feature) == 0)
                *included = true;
        return true;
    }
    const witan_package *p = &m->pub.packages[pkg];
    if (!p->version) {
        model_error(ctx, sp,
                    "package [%s] contains a feature gate with a version specifier, so it must have a version",
                    p->name);
        return false;
    }
    semver since, ver;
    buf err;
    buf_init(&err);
    int ok = semver_parse(s->since, strlen(s->since), &since, &err) &&
             semver_parse(p->version, strlen(p->version), &ver, &err);
    buf_free(&err);
    if (ok && semver_cmp(&since, &ver) > 0) {
        model_error(ctx, sp,
                    "feature gate cannot reference unreleased version %s of package [%s] (current version %s)",
                    s->since, p->name, p->version);
        return false;
    }
    return true;
}

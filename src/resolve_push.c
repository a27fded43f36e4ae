/* Pushing an unresolved package into the model (wit-parser's
 * Remap::append, WIT-RESOLUTION §8.3): bind references to other packages,
 * apply feature gates, give every type, interface and world its final id,
 * turn references to resources into owned handles, check borrows in
 * results, then process each world's includes and elaborate it. */
#include <string.h>

#include "model.h"

typedef struct remap {
    id_vec types, interfaces, worlds;    /* upkg id -> model id or NO_ID */
    /* set when the package went into an empty model as it is: its type
     * ids are the model's (types stays empty) and references to
     * resources become the handles made with the types */
    const witan_id *handle_of;
    pairmap own_handles;    /* (0, resource id as int key) -> own<resource> handle id */
    pairmap named;          /* names of other packages' items: see named_find */
    VEC(signed char) has_borrow;    /* per model type: -1 unknown */
    model *m;
    witan_ctx *ctx;
    witan_id pkg;
#if defined(__SANITIZE_ADDRESS__)
    bool prepared;
#endif
} remap;

static bool oom(remap *rm)
{
    rm->ctx->oom = true;
    ctx_error(rm->ctx, SPAN_NONE, "out of memory");
    return false;
}

static bool map_failed(remap *rm, const witan_id *map, uint32_t len, witan_id id,
                       const char *desc, witan_span sp)
{
    if (id >= len) {
        model_error(rm->ctx, sp, "internal error: unmapped %s", desc);
        return false;
    }
    if (map[id] == WITAN_NO_ID) {
        model_error(rm->ctx, sp,
                    "found a reference to a %s which is excluded due to its feature not being activated",
                    desc);
        return false;
    }
    return true;
}

static inline bool apply_map(remap *rm, const witan_id *map, uint32_t len, witan_id id,
                             const char *desc, witan_span sp, witan_id *out)
{
    if (id < len && map[id] != WITAN_NO_ID) {
        *out = map[id];
        return true;
    }
    return map_failed(rm, map, len, id, desc, sp);
}

static inline bool map_type(remap *rm, witan_id id, witan_span sp, witan_id *out)
{
    if (rm->handle_of) {
        *out = id;
        return true;
    }
    return apply_map(rm, rm->types.items, rm->types.len, id, "type", sp, out);
}

static bool map_interface(remap *rm, witan_id id, witan_span sp, witan_id *out)
{
    return apply_map(rm, rm->interfaces.items, rm->interfaces.len, id, "interface", sp, out);
}

/* Most items have no gate: those need no call. */
static inline bool included(remap *rm, const witan_stability *s, witan_span sp, bool *inc)
{
    if (!s) {
        *inc = true;
        return true;
    }
    return stability_included(rm->ctx, rm->m, s, rm->pkg, sp, inc);
}

/* --------------------------------------------------------- foreign items */

static bool package_not_found(remap *rm, const foreign_pkg *fp)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "package '%s' not found", fp->key);
    if (rm->m->package_order.len) {
        buf_adds(&b, ". known packages:");
        for (uint32_t i = 0; i < rm->m->package_order.len; i++)
            buf_printf(&b, "\n    %s", rm->m->package_order.items[i]);
    }
    ctx_error_built(rm->ctx, AS_SPAN(fp->span), &b);
    return false;
}

/* Tags of named_find's lists (ids fit in 30 bits, see resolve_pkg.c) */
#define NAMED_IFACES(pkg) ((uint32_t)(pkg) * 4u)
#define NAMED_WORLDS(pkg) ((uint32_t)(pkg) * 4u + 1u)
#define NAMED_TYPES(iface) ((uint32_t)(iface) * 4u + 2u)
#define NAMED_LISTS 3u      /* the lists already in the table, by tag */

/* An id by name in a list of another package's items (its interfaces,
 * its worlds, an interface's types): `tag` says which list. Each list is
 * put in the table the first time it is searched, so a package that uses
 * many names of a big list pays for the list once. Returns WITAN_NO_ID
 * when absent. */
static witan_id named_find(remap *rm, uint32_t tag, const witan_named_id *v, uint32_t n,
                           const char *name, bool *failed)
{
    enum { SHORT = 8 };
    if (n <= SHORT) {
        for (uint32_t i = 0; i < n; i++)
            if (v[i].name == name)
                return v[i].id;
        return WITAN_NO_ID;
    }
    uint32_t one = 1, id;
    /* an entry for the list itself, under NAMED_LISTS, says it is in */
    int fresh = pairmap_add(&rm->named, NAMED_LISTS, ptrmap_int_key(tag), &one);
    if (fresh < 0) {
        *failed = true;
        return WITAN_NO_ID;
    }
    if (fresh) {
        /* the first of a repeated name wins, as in a search from the start */
        for (uint32_t i = 0; i < n; i++) {
            id = v[i].id;
            if (pairmap_add(&rm->named, tag, v[i].name, &id) < 0) {
                *failed = true;
                return WITAN_NO_ID;
            }
        }
    }
    return pairmap_get(&rm->named, tag, name, &id) ? id : WITAN_NO_ID;
}

static bool process_foreign(remap *rm, upkg *p)
{
    model *m = rm->m;
    /* placeholders come first in both arrays, in allocation order: find
     * the item of each placeholder id */
    uint32_t ni = 0, nw = 0;
    for (uint32_t i = 0; i < p->foreign.len; i++)
        for (uint32_t j = 0; j < p->foreign.items[i].items.len; j++) {
            if (p->foreign.items[i].items.items[j].is_world)
                nw++;
            else
                ni++;
        }
    typedef struct placeholder {
        foreign_pkg *fp;
        foreign_item *fi;
    } placeholder;
    placeholder *ph = calloc((size_t)ni + nw + 1, sizeof *ph);
    if (!ph)
        return oom(rm);
    for (uint32_t i = 0; i < p->foreign.len; i++)
        for (uint32_t j = 0; j < p->foreign.items[i].items.len; j++) {
            foreign_item *it = &p->foreign.items[i].items.items[j];
            uint32_t k = it->is_world ? ni + it->id : it->id;
            if (k < ni + nw)
                ph[k] = (placeholder){&p->foreign.items[i], it};
        }
    bool ok = false, failed = false;
    for (int worlds = 0; worlds < 2; worlds++) {
        uint32_t count = worlds ? nw : ni;
        for (witan_id id = 0; id < count; id++) {
            foreign_pkg *fp = ph[worlds ? ni + id : id].fp;
            foreign_item *fi = ph[worlds ? ni + id : id].fi;
            uint32_t pkgid;
            if (!ptrmap_get(&m->package_by_name, fp->key, &pkgid)) {
                package_not_found(rm, fp);
                goto out;
            }
            witan_span sp = worlds ? p->worlds.items[id].span : p->interfaces.items[id].span;
            bool enabled = false;
            for (uint32_t k = 0; k < fi->stabilities.len && !enabled; k++)
                if (!included(rm, fi->stabilities.items[k], sp, &enabled))
                    goto out;
            witan_id target = WITAN_NO_ID;
            if (enabled) {
                const witan_package *pk = &m->pub.packages[pkgid];
                target = worlds ? named_find(rm, NAMED_WORLDS(pkgid), pk->worlds, pk->nworlds,
                                             fi->name, &failed)
                                : named_find(rm, NAMED_IFACES(pkgid), pk->interfaces,
                                             pk->ninterfaces, fi->name, &failed);
                if (failed) {
                    oom(rm);
                    goto out;
                }
                if (target == WITAN_NO_ID) {
                    model_error(rm->ctx, sp, "%s '%s' not found in package '%s'",
                                worlds ? "world" : "interface", fi->name, pk->name);
                    goto out;
                }
            }
            id_vec *dst = worlds ? &rm->worlds : &rm->interfaces;
            if (!VEC_PUSH(*dst, target)) {
                oom(rm);
                goto out;
            }
        }
    }
    ok = true;
out:
    free(ph);
    if (!ok)
        return false;
    /* types used from other packages */
    for (witan_id id = 0; id < p->types.len && p->types.items[id].kind == WITAN_TD_UNKNOWN; id++) {
        witan_typedef *t = &p->types.items[id];
        bool inc;
        if (!included(rm, t->stability, t->span, &inc))
            return false;
        witan_id target = WITAN_NO_ID;
        if (inc) {
            witan_id iface;
            if (!map_interface(rm, t->owner_id, WSPAN_NONE, &iface))
                return false;
            const witan_interface *wi = &m->pub.interfaces[iface];
            target = named_find(rm, NAMED_TYPES(iface), wi->types, wi->ntypes, t->name, &failed);
            if (failed)
                return oom(rm);
            if (target == WITAN_NO_ID) {
                model_error(rm->ctx, p->unknown_type_spans.items[id],
                            "type `%s` not defined in interface", t->name);
                return false;
            }
        }
        if (!VEC_PUSH(rm->types, target))
            return oom(rm);
    }
    for (uint32_t i = 0; i < p->required_resources.len; i++) {
        required_resource *rr = &p->required_resources.items[i];
        if (rr->type >= rm->types.len || rm->types.items[rr->type] == WITAN_NO_ID)
            continue; /* gated away: any use of it is reported elsewhere */
        witan_id cur = rm->types.items[rr->type];
        for (;;) {
            const witan_typedef *t = &m->pub.types[cur];
            if (t->kind == WITAN_TD_ALIAS && t->a.kind == WITAN_TYPE_ID) {
                cur = t->a.id;
                continue;
            }
            if (t->kind == WITAN_TD_RESOURCE)
                break;
            model_error(rm->ctx, rr->span, "type used in a handle must be a resource");
            return false;
        }
    }
    return true;
}

/* --------------------------------------------------- types and handles */

/* The owned handle of a resource (or of an alias of one), created the
 * first time the package refers to it. */
static bool own_handle(remap *rm, witan_type *t)
{
    model *m = rm->m;
    uint32_t h = m->pub.ntypes;
    int added = pairmap_add(&rm->own_handles, 0, ptrmap_int_key(t->id), &h);
    if (added < 0)
        return oom(rm);
#if defined(__SANITIZE_ADDRESS__)
    /* a package whose handles were made with its types has them all */
    if (added && rm->prepared)
        abort();
#endif
    if (added) {
        witan_typedef own = {.kind = WITAN_TD_HANDLE_OWN, .resource = t->id, .span = WSPAN_NONE};
        if (model_add_type(rm->ctx, m, &own) != h)
            return oom(rm);
    }
    t->id = h;
    return true;
}

/* update_ty: map a reference, and turn a reference to a resource (or an
 * alias of one) into the package's owned handle for it. */
static inline bool update_ty(remap *rm, witan_type *t, witan_span sp)
{
    if (t->kind != WITAN_TYPE_ID)
        return true;
    if (rm->handle_of) {
        witan_id h = rm->handle_of[t->id];
        if (h < HANDLE_NONE)
            t->id = h;
        return true;
    }
    if (!map_type(rm, t->id, sp, &t->id))
        return false;
    const witan_typedef *types = rm->m->pub.types;
    witan_id cur = t->id;
    while (types[cur].kind == WITAN_TD_ALIAS && types[cur].a.kind == WITAN_TYPE_ID)
        cur = types[cur].a.id;
    return types[cur].kind != WITAN_TD_RESOURCE || own_handle(rm, t);
}

static bool update_typedef(remap *rm, witan_typedef *td, witan_span sp)
{
    switch (td->kind) {
    case WITAN_TD_HANDLE_OWN:
    case WITAN_TD_HANDLE_BORROW:
        return map_type(rm, td->resource, sp, &td->resource);
    case WITAN_TD_RECORD:
        for (uint32_t i = 0; i < td->nfields; i++)
            if (!update_ty(rm, &td->fields[i].type, td->fields[i].span))
                return false;
        return true;
    case WITAN_TD_TUPLE:
        for (uint32_t i = 0; i < td->ntypes; i++)
            if (!update_ty(rm, &td->types[i], sp))
                return false;
        return true;
    case WITAN_TD_VARIANT:
        for (uint32_t i = 0; i < td->nfields; i++)
            if (!update_ty(rm, &td->fields[i].type, sp))
                return false;
        return true;
    case WITAN_TD_OPTION: case WITAN_TD_LIST: case WITAN_TD_FIXED_LIST:
    case WITAN_TD_FUTURE: case WITAN_TD_STREAM:
        return update_ty(rm, &td->a, sp);
    case WITAN_TD_MAP: case WITAN_TD_RESULT:
        return update_ty(rm, &td->a, sp) && update_ty(rm, &td->b, sp);
    case WITAN_TD_ALIAS:
        /* `type a = r` stays usable both as the resource and as its handle */
        if (td->a.kind == WITAN_TYPE_ID)
            return map_type(rm, td->a.id, sp, &td->a.id);
        return true;
    default:
        return true;
    }
}

/* Whether a component's type (already computed, see below) has a borrow. */
static bool comp_borrow(const remap *rm, witan_type t)
{
    return t.kind == WITAN_TYPE_ID && rm->has_borrow.items[t.id] > 0;
}

/* A type's components always have smaller ids than the type (types are
 * created after what they refer to), so the answer for every type up to
 * `id` is filled in increasing order: no recursion a deep input can drive. */
static bool type_has_borrow(remap *rm, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID)
        return false;
    const witan_typedef *types = rm->m->pub.types;
    while (rm->has_borrow.len <= t.id) {
        witan_id id = rm->has_borrow.len;
        const witan_typedef *td = &types[id];
        bool b = false;
        switch (td->kind) {
        case WITAN_TD_HANDLE_BORROW:
            b = true;
            break;
        case WITAN_TD_MAP: case WITAN_TD_RESULT:
            b = td->b.kind == WITAN_TYPE_ID && td->b.id < id && comp_borrow(rm, td->b);
            /* fall through */
        case WITAN_TD_ALIAS: case WITAN_TD_LIST: case WITAN_TD_FIXED_LIST: case WITAN_TD_OPTION:
        case WITAN_TD_FUTURE: case WITAN_TD_STREAM:
            b = b || (td->a.kind == WITAN_TYPE_ID && td->a.id < id && comp_borrow(rm, td->a));
            break;
        case WITAN_TD_RECORD: case WITAN_TD_VARIANT:
            for (uint32_t i = 0; i < td->nfields && !b; i++)
                b = td->fields[i].type.kind == WITAN_TYPE_ID && td->fields[i].type.id < id &&
                    comp_borrow(rm, td->fields[i].type);
            break;
        case WITAN_TD_TUPLE:
            for (uint32_t i = 0; i < td->ntypes && !b; i++)
                b = td->types[i].kind == WITAN_TYPE_ID && td->types[i].id < id &&
                    comp_borrow(rm, td->types[i]);
            break;
        default:
            break;
        }
        if (!VEC_PUSH(rm->has_borrow, b ? 1 : 0)) {
            rm->ctx->oom = true;
            return false;
        }
    }
    return rm->has_borrow.items[t.id] > 0;
}

static bool update_function(remap *rm, witan_function *f, witan_span sp)
{
    if (f->resource != WITAN_NO_ID && !map_type(rm, f->resource, sp, &f->resource))
        return false;
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!update_ty(rm, &f->params[i].type, sp))
            return false;
    if (!update_ty(rm, &f->result, sp))
        return false;
    if (type_has_borrow(rm, f->result)) {
        model_error(rm->ctx, sp,
                    "function `%s` returns a type which contains a `borrow<T>` which is not supported",
                    f->name);
        return false;
    }
    return true;
}

/* --------------------------------------------------- interfaces, worlds */

static bool update_interface(remap *rm, witan_interface *iface)
{
    uint32_t k = 0;
    /* adopted types (adopt_types) keep their ids, and all are kept */
    if (!rm->handle_of) {
        for (uint32_t i = 0; i < iface->ntypes; i++) {
            witan_id id = iface->types[i].id;
            if (rm->types.items[id] == WITAN_NO_ID)
                continue;
            iface->types[k].name = iface->types[i].name;
            if (!map_type(rm, id, iface->span, &iface->types[k].id))
                return false;
            k++;
        }
        iface->ntypes = k;
    }
    k = 0;
    for (uint32_t i = 0; i < iface->nfunctions; i++) {
        witan_function *f = &iface->functions[i];
        bool inc;
        if (!included(rm, f->stability, f->span, &inc))
            return false;
        if (!inc)
            continue;
        if (!update_function(rm, f, f->span))
            return false;
        if (k != i)
            iface->functions[k] = *f;
        k++;
    }
    iface->nfunctions = k;
    return true;
}

static const witan_stability *item_stability(remap *rm, const witan_world_item *it)
{
    switch (it->kind) {
    case WITAN_ITEM_FUNCTION:
        return it->func->stability;
    case WITAN_ITEM_TYPE:
        return rm->m->pub.types[it->id].stability;
    default:
        return it->stability;
    }
}

static bool update_items(remap *rm, item_map *items)
{
    item_map out;
    memset(&out, 0, sizeof out);
    if (!item_map_reserve(&out, items->v.len)) {
        oom(rm);
        goto fail;
    }
    for (uint32_t i = 0; i < items->v.len; i++) {
        witan_world_item it = items->v.items[i];
        witan_span sp = it.span;
        if (it.kind == WITAN_ITEM_TYPE && !map_type(rm, it.id, sp, &it.id))
            goto fail;
        bool inc;
        if (!included(rm, item_stability(rm, &it), sp, &inc))
            goto fail;
        if (!inc)
            continue;
        if (!it.name && !map_interface(rm, it.key_interface, sp, &it.key_interface))
            goto fail;
        if (it.kind == WITAN_ITEM_INTERFACE && !map_interface(rm, it.id, sp, &it.id))
            goto fail;
        if (it.kind == WITAN_ITEM_FUNCTION && !update_function(rm, it.func, sp))
            goto fail;
        if (!item_map_push(&out, it)) {
            oom(rm);
            goto fail;
        }
    }
    item_map_free(items);
    *items = out;
    return true;
fail:
    item_map_free(&out);
    return false;
}

/* Reader-order slots name interfaces by upkg id; give them model ids and
 * drop the ones a gate removed. */
static void update_slots(remap *rm, reader_slot *slots, uint32_t *len)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < *len; i++) {
        reader_slot s = slots[i];
        if (s.include < 0 && !s.key.name) {
            if (s.key.iface >= rm->interfaces.len || rm->interfaces.items[s.key.iface] == WITAN_NO_ID)
                continue;
            s.key.iface = rm->interfaces.items[s.key.iface];
        }
        slots[k++] = s;
    }
    *len = k;
}

static bool map_owner(remap *rm, witan_id id, bool worlds)
{
    witan_typedef *t = &rm->m->pub.types[id];
    const witan_id *map = worlds ? rm->worlds.items : rm->interfaces.items;
    uint32_t len = worlds ? rm->worlds.len : rm->interfaces.len;
    if (t->owner != (worlds ? WITAN_OWNER_WORLD : WITAN_OWNER_INTERFACE))
        return true;
    if (t->owner_id >= len || map[t->owner_id] == WITAN_NO_ID) {
        model_error(rm->ctx, t->span,
                    "found a reference to a %s which is excluded due to its feature not being activated; this type is not gated by a feature but its %s is",
                    worlds ? "world" : "interface", worlds ? "world" : "interface");
        return false;
    }
    t->owner_id = map[t->owner_id];
    return true;
}

/* An empty model takes the types of a package whose handles were made
 * with them (upkg.handle_of) as they are: the ids are the same, only
 * references to resources become their handles, as update_typedef
 * would make them. */
static bool adopt_types(remap *rm, upkg *p)
{
    model *m = rm->m;
    free(m->pub.types);
    m->pub.types = p->types.items;
    m->pub.ntypes = p->types.len;
    m->cap_types = p->types.cap;
    p->types.items = NULL;
    p->types.len = p->types.cap = 0;
    rm->handle_of = p->handle_of;
    /* whether each type has a borrow (type_has_borrow) is known on the
     * way: components come before the types made of them */
    if (!VEC_RESERVE_N(rm->has_borrow, m->pub.ntypes))
        return oom(rm);
    const witan_id *h = p->handle_of;
    signed char *borrow = rm->has_borrow.items;
#define HANDLE(t) do { if ((t).kind == WITAN_TYPE_ID) { \
            if (h[(t).id] < HANDLE_NONE) \
                (t).id = h[(t).id]; \
            else if ((t).id < id) \
                b |= borrow[(t).id]; \
        } } while (0)
    for (witan_id id = 0; id < m->pub.ntypes; id++) {
        witan_typedef *td = &m->pub.types[id];
        signed char b = 0;
        switch (td->kind) {
        case WITAN_TD_HANDLE_BORROW:
            b = 1;
            break;
        case WITAN_TD_RECORD: case WITAN_TD_VARIANT:
            for (uint32_t i = 0; i < td->nfields; i++)
                HANDLE(td->fields[i].type);
            break;
        case WITAN_TD_TUPLE:
            for (uint32_t i = 0; i < td->ntypes; i++)
                HANDLE(td->types[i]);
            break;
        case WITAN_TD_MAP: case WITAN_TD_RESULT:
            HANDLE(td->b);
            /* fall through */
        case WITAN_TD_OPTION: case WITAN_TD_LIST: case WITAN_TD_FIXED_LIST:
        case WITAN_TD_FUTURE: case WITAN_TD_STREAM:
            HANDLE(td->a);
            break;
        case WITAN_TD_ALIAS:
            /* keeps naming the resource (update_typedef) */
            if (td->a.kind == WITAN_TYPE_ID && td->a.id < id)
                b = borrow[td->a.id];
            break;
        default:
            break;
        }
        borrow[id] = b;
    }
#undef HANDLE
    rm->has_borrow.len = m->pub.ntypes;
    return true;
}

bool push_package(witan_ctx *ctx, model *m, upkg *p, witan_id *pkg_id)
{
    remap rm;
    memset(&rm, 0, sizeof rm);
    rm.m = m;
    rm.ctx = ctx;
    bool ok = false;

    witan_package pk;
    memset(&pk, 0, sizeof pk);
    pk.name = p->key;
    pk.namespace_ = p->ns;
    pk.pkg_name = p->name;
    pk.version = p->version;
    pk.docs = p->docs;
    pk.span = p->name_span;
    rm.pkg = model_add_package(ctx, m, &pk);
    if (rm.pkg == WITAN_NO_ID || !ptrmap_put(&m->package_by_name, p->key, rm.pkg) ||
        !VEC_PUSH(m->package_order, p->key)) {
        oom(&rm);
        goto out;
    }
    if (!process_foreign(&rm, p))
        goto out;
#if defined(__SANITIZE_ADDRESS__)
    rm.prepared = p->handle_of != NULL;
#endif

    /* the upkg's types are updated in place (nothing reads them after
     * this) and copied once, into the model; into an empty model a
     * package with its handles made goes as it is */
    uint32_t first_type = rm.types.len;
    if (p->handle_of && !m->pub.ntypes && !m->pub.ninterfaces && !m->pub.nworlds &&
        !adopt_types(&rm, p))
        goto out;
    if (!model_reserve_types(ctx, m, p->types.len - first_type)) {
        oom(&rm);
        goto out;
    }
    while (rm.types.cap < p->types.len)
        if (!vec_grow_((void **)&rm.types.items, &rm.types.cap, sizeof *rm.types.items)) {
            oom(&rm);
            goto out;
        }
    /* the model's copy grows while the upkg's is read front to back:
     * what was read goes back as we go, so the two are not whole at once */
    enum { DISCARD = 1024 * 1024 / sizeof(witan_typedef) };
    witan_id kept = first_type;
    for (witan_id id = first_type; id < p->types.len; id++) {
        if (id - kept >= DISCARD) {
            vec_discard(&p->types.items[kept], &p->types.items[id]);
            kept = id;
        }
        witan_typedef *td = &p->types.items[id];
        bool inc;
        if (!included(&rm, td->stability, td->span, &inc))
            goto out;
        witan_id nid = WITAN_NO_ID;
        if (inc) {
            if (!update_typedef(&rm, td, td->span))
                goto out;
            nid = model_add_type(ctx, m, td);
            if (nid == WITAN_NO_ID) {
                oom(&rm);
                goto out;
            }
            /* a handle made with the types is the one own_handle would make */
            if (p->handle_of && td->kind == WITAN_TD_HANDLE_OWN && !td->name &&
                pairmap_add(&rm.own_handles, 0, ptrmap_int_key(td->resource), &nid) < 0) {
                oom(&rm);
                goto out;
            }
        }
        rm.types.items[rm.types.len++] = nid;
    }

    uint32_t first_iface = rm.interfaces.len;
    bool ifaces_gated = false;
    for (witan_id id = first_iface; id < p->interfaces.len; id++) {
        witan_interface iface = p->interfaces.items[id];
        bool inc;
        if (!included(&rm, iface.stability, iface.span, &inc))
            goto out;
        witan_id nid = WITAN_NO_ID;
        if (inc) {
            iface.package = rm.pkg;
            if (!update_interface(&rm, &iface))
                goto out;
            nid = model_add_interface(ctx, m, &iface);
            if (nid == WITAN_NO_ID) {
                oom(&rm);
                goto out;
            }
        }
        if (!VEC_PUSH(rm.interfaces, nid)) {
            oom(&rm);
            goto out;
        }
        ifaces_gated |= nid == WITAN_NO_ID;
    }
    /* owners that are interfaces: at once when an interface was gated out
     * (so that its errors come first), else with the worlds' below */
    if (ifaces_gated)
        for (uint32_t id = first_type; id < rm.types.len; id++)
            if (rm.types.items[id] != WITAN_NO_ID && !map_owner(&rm, rm.types.items[id], false))
                goto out;

    uint32_t first_world = rm.worlds.len;
    for (witan_id id = first_world; id < p->worlds.len; id++) {
        witan_world w = p->worlds.items[id];
        world_ext *ext = &p->wext.items[id];
        bool inc;
        if (!included(&rm, w.stability, w.span, &inc))
            goto out;
        witan_id nid = WITAN_NO_ID;
        if (inc) {
            if (!update_items(&rm, &ext->imports) || !update_items(&rm, &ext->exports))
                goto out;
            update_slots(&rm, ext->export_slots.items, &ext->export_slots.len);
            update_slots(&rm, ext->import_slots.items, &ext->import_slots.len);
            nid = model_add_world(ctx, m, &w, ext);
            if (nid == WITAN_NO_ID) {
                oom(&rm);
                goto out;
            }
        }
        if (!VEC_PUSH(rm.worlds, nid)) {
            oom(&rm);
            goto out;
        }
    }
    for (uint32_t id = first_type; id < rm.types.len; id++) {
        witan_id t = rm.types.items[id];
        if (t == WITAN_NO_ID || m->pub.types[t].owner == WITAN_OWNER_NONE)
            continue;
        if (!map_owner(&rm, t, true) || (!ifaces_gated && !map_owner(&rm, t, false)))
            goto out;
    }

    for (uint32_t id = first_world; id < rm.worlds.len; id++) {
        witan_id w = rm.worlds.items[id];
        if (w == WITAN_NO_ID)
            continue;
        if (!world_process_includes(ctx, m, w, rm.worlds.items, rm.worlds.len, rm.pkg) ||
            !world_elaborate(ctx, m, w))
            goto out;
    }

    /* register the package's named items, in id order */
    {
        witan_package *pkp = &m->pub.packages[rm.pkg];
        uint32_t ni = 0, nw = 0;
        for (uint32_t id = first_iface; id < rm.interfaces.len; id++) {
            witan_id i = rm.interfaces.items[id];
            if (i == WITAN_NO_ID)
                continue;
            m->pub.interfaces[i].package = rm.pkg;
            ni += m->pub.interfaces[i].name != NULL;
        }
        for (uint32_t id = first_world; id < rm.worlds.len; id++)
            nw += rm.worlds.items[id] != WITAN_NO_ID;
        pkp->interfaces = ni ? arena_alloc(&ctx->keep, ni * sizeof *pkp->interfaces) : NULL;
        pkp->worlds = nw ? arena_alloc(&ctx->keep, nw * sizeof *pkp->worlds) : NULL;
        if ((ni && !pkp->interfaces) || (nw && !pkp->worlds)) {
            oom(&rm);
            goto out;
        }
        for (uint32_t id = first_iface; id < rm.interfaces.len; id++) {
            witan_id i = rm.interfaces.items[id];
            if (i != WITAN_NO_ID && m->pub.interfaces[i].name)
                pkp->interfaces[pkp->ninterfaces++] =
                    (witan_named_id){m->pub.interfaces[i].name, i};
        }
        for (uint32_t id = first_world; id < rm.worlds.len; id++) {
            witan_id w = rm.worlds.items[id];
            if (w == WITAN_NO_ID)
                continue;
            m->pub.worlds[w].package = rm.pkg;
            pkp->worlds[pkp->nworlds++] = (witan_named_id){m->pub.worlds[w].name, w};
        }
    }
    *pkg_id = rm.pkg;
    ok = true;
out:
    free(rm.types.items);
    free(rm.interfaces.items);
    free(rm.worlds.items);
    pairmap_free(&rm.own_handles);
    pairmap_free(&rm.named);
    free(rm.has_borrow.items);
    return ok;
}

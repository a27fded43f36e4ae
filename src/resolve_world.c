/* Worlds at push time: `include` (with the deep copies it makes, clone.rs),
 * the case-insensitive name check, and elaboration — the implicit imports
 * of interfaces that imports and exports depend on (WIT-RESOLUTION §6). */
#include <string.h>

#include "model.h"

/* ------------------------------------------------------------------ clone */

typedef struct cloner {
    witan_ctx *ctx;
    model *m;
    ptrmap *types;      /* original type id -> copy */
    ptrmap *ifaces;     /* original interface id -> copy */
    witan_owner_kind prev_kind, new_kind;
    witan_id prev_id, new_id;
    witan_id new_package;
    bool failed;
} cloner;

static void clone_type_id(cloner *c, witan_id *id);

static void clone_ty(cloner *c, witan_type *t)
{
    if (t->kind == WITAN_TYPE_ID)
        clone_type_id(c, &t->id);
}

static void *dup(cloner *c, const void *p, size_t n)
{
    if (!n)
        return NULL;
    void *q = arena_alloc(&c->ctx->keep, n);
    if (!q) {
        c->ctx->oom = true;
        c->failed = true;
        return NULL;
    }
    memcpy(q, p, n);
    return q;
}

/* Whether a component is copied along with its type: references to types
 * of the included world and anonymous types are, an alias of another
 * interface's type keeps pointing there (clone.rs, type_def). */
static bool copied_alias_target(const cloner *c, witan_id target)
{
    const witan_typedef *t = &c->m->pub.types[target];
    return t->owner != WITAN_OWNER_NONE && t->owner == c->prev_kind && t->owner_id == c->prev_id;
}

/* Calls f on every component reference of td that a copy rewrites. */
#define EACH_COMPONENT(td, f) do { \
        switch ((td)->kind) { \
        case WITAN_TD_HANDLE_OWN: case WITAN_TD_HANDLE_BORROW: \
            f(&(td)->resource); \
            break; \
        case WITAN_TD_OPTION: case WITAN_TD_LIST: case WITAN_TD_FIXED_LIST: \
        case WITAN_TD_FUTURE: case WITAN_TD_STREAM: \
            if ((td)->a.kind == WITAN_TYPE_ID) { \
                f(&(td)->a.id); \
            } \
            break; \
        case WITAN_TD_MAP: case WITAN_TD_RESULT: \
            if ((td)->a.kind == WITAN_TYPE_ID) { \
                f(&(td)->a.id); \
            } \
            if ((td)->b.kind == WITAN_TYPE_ID) { \
                f(&(td)->b.id); \
            } \
            break; \
        case WITAN_TD_TUPLE: \
            for (uint32_t i_ = 0; i_ < (td)->ntypes; i_++) { \
                if ((td)->types[i_].kind == WITAN_TYPE_ID) { \
                    f(&(td)->types[i_].id); \
                } \
            } \
            break; \
        case WITAN_TD_RECORD: case WITAN_TD_VARIANT: \
            for (uint32_t i_ = 0; i_ < (td)->nfields; i_++) { \
                if ((td)->fields[i_].type.kind == WITAN_TYPE_ID) { \
                    f(&(td)->fields[i_].type.id); \
                } \
            } \
            break; \
        default: \
            break; \
        } \
    } while (0)

/* Copies type *id (and, first, everything it refers to that is copied
 * too), with an explicit stack: alias chains in a world can be long. */
static void clone_type_id(cloner *c, witan_id *id)
{
    uint32_t mapped;
    if (c->failed)
        return;
    if (ptrmap_get(c->types, ptrmap_int_key(*id), &mapped)) {
        *id = mapped;
        return;
    }
    VEC(witan_id) stack = {0};
    if (!VEC_PUSH(stack, *id))
        goto oom;
    while (stack.len && !c->failed) {
        witan_id top = stack.items[stack.len - 1];
        if (ptrmap_get(c->types, ptrmap_int_key(top), NULL)) {
            stack.len--;
            continue;
        }
        const witan_typedef *orig = &c->m->pub.types[top];
        /* dependencies not copied yet go first */
        uint32_t before = stack.len;
        if (orig->kind == WITAN_TD_ALIAS) {
            if (orig->a.kind == WITAN_TYPE_ID && copied_alias_target(c, orig->a.id) &&
                !ptrmap_get(c->types, ptrmap_int_key(orig->a.id), NULL) && !VEC_PUSH(stack, orig->a.id))
                goto oom;
        } else {
            witan_typedef tmp = *orig;
#define PUSH_DEP(p) do { if (!ptrmap_get(c->types, ptrmap_int_key(*(p)), NULL) && \
                             !VEC_PUSH(stack, *(p))) goto oom; } while (0)
            EACH_COMPONENT(&tmp, PUSH_DEP);
#undef PUSH_DEP
        }
        if (stack.len != before) {
            /* the reference copies components depth first, left to right:
             * the first one pushed must be on top */
            for (uint32_t i = before, j = stack.len - 1; i < j; i++, j--) {
                witan_id t = stack.items[i];
                stack.items[i] = stack.items[j];
                stack.items[j] = t;
            }
            continue;
        }
        witan_typedef copy = *orig;
        if (copy.owner != WITAN_OWNER_NONE) {
            copy.owner = c->new_kind;
            copy.owner_id = c->new_id;
        }
        switch (copy.kind) {
        case WITAN_TD_RECORD: case WITAN_TD_FLAGS: case WITAN_TD_VARIANT: case WITAN_TD_ENUM:
            copy.fields = dup(c, copy.fields, copy.nfields * sizeof *copy.fields);
            break;
        case WITAN_TD_TUPLE:
            copy.types = dup(c, copy.types, copy.ntypes * sizeof *copy.types);
            break;
        default:
            break;
        }
        if (c->failed)
            break;
        if (copy.kind == WITAN_TD_ALIAS) {
            uint32_t m;
            if (copy.a.kind == WITAN_TYPE_ID && ptrmap_get(c->types, ptrmap_int_key(copy.a.id), &m))
                copy.a.id = m; /* otherwise a `use` of another interface's type: keep it */
        } else {
#define MAP_DEP(p) do { uint32_t m_; if (ptrmap_get(c->types, ptrmap_int_key(*(p)), &m_)) *(p) = m_; } while (0)
            EACH_COMPONENT(&copy, MAP_DEP);
#undef MAP_DEP
        }
        witan_id nid = model_add_type(c->ctx, c->m, &copy);
        if (nid == WITAN_NO_ID || !ptrmap_put(c->types, ptrmap_int_key(top), nid))
            goto oom;
        stack.len--;
    }
    free(stack.items);
    if (!c->failed && ptrmap_get(c->types, ptrmap_int_key(*id), &mapped))
        *id = mapped;
    return;
oom:
    free(stack.items);
    c->ctx->oom = true;
    c->failed = true;
}

/* A deep copy of a function with its types cloned. */
static witan_function *clone_function(cloner *c, const witan_function *f)
{
    witan_function *n = dup(c, f, sizeof *f);
    if (!n)
        return NULL;
    n->params = dup(c, f->params, f->nparams * sizeof *f->params);
    if (c->failed)
        return NULL;
    if (n->resource != WITAN_NO_ID)
        clone_type_id(c, &n->resource);
    for (uint32_t i = 0; i < n->nparams; i++)
        clone_ty(c, &n->params[i].type);
    clone_ty(c, &n->result);
    return c->failed ? NULL : n;
}

static void clone_interface(cloner *c, witan_id *id)
{
    witan_id old = *id;
    witan_interface copy = c->m->pub.interfaces[old];
    witan_id next = c->m->pub.ninterfaces;
    cloner sub = *c;
    sub.prev_kind = WITAN_OWNER_INTERFACE;
    sub.prev_id = old;
    sub.new_kind = WITAN_OWNER_INTERFACE;
    sub.new_id = next;
    copy.types = dup(c, copy.types, copy.ntypes * sizeof *copy.types);
    copy.functions = dup(c, copy.functions, copy.nfunctions * sizeof *copy.functions);
    if (c->failed)
        return;
    for (uint32_t i = 0; i < copy.ntypes && !sub.failed; i++)
        clone_type_id(&sub, &copy.types[i].id);
    for (uint32_t i = 0; i < copy.nfunctions && !sub.failed; i++) {
        witan_function *f = clone_function(&sub, &copy.functions[i]);
        if (f)
            copy.functions[i] = *f;
    }
    if (sub.failed) {
        c->failed = true;
        return;
    }
    copy.package = c->new_package;
    copy.clone_of = old;
    *id = model_add_interface(c->ctx, c->m, &copy);
    if (*id == WITAN_NO_ID || !ptrmap_put(c->ifaces, ptrmap_int_key(old), next)) {
        c->ctx->oom = true;
        c->failed = true;
    }
}

/* ----------------------------------------------------------------- include */

/* The name an include's `with` entry gives to `n`, or NULL. */
static const char *rename_name(witan_ctx *ctx, const char *n, const include_rename *r)
{
    if (n == r->name)
        return r->as;
    const char *close = strchr(n, ']');
    if (!close)
        return NULL;
    const char *rest = close + 1;
    const char *dot = strchr(rest, '.');
    size_t namelen = strlen(r->name);
    buf b;
    buf_init(&b);
    const char *result = NULL;
    if (dot && (size_t)(dot - rest) == namelen && memcmp(rest, r->name, namelen) == 0) {
        buf_add(&b, n, (size_t)(close + 1 - n));
        buf_adds(&b, r->as);
        buf_adds(&b, dot);
        result = istr_buf(ctx, &b);
    } else if (strcmp(rest, r->name) == 0) {
        buf_add(&b, n, (size_t)(close + 1 - n));
        buf_adds(&b, r->as);
        result = istr_buf(ctx, &b);
    }
    buf_free(&b);
    return result;
}

static const char *renamed(witan_ctx *ctx, const char *n, const include_rename *names,
                           uint32_t nnames)
{
    for (uint32_t i = 0; i < nnames; i++) {
        const char *r = rename_name(ctx, n, &names[i]);
        if (r)
            return r;
    }
    return n;
}

static void stability_debug(buf *b, const witan_stability *s)
{
    if (!s || s->kind == WITAN_STABILITY_UNKNOWN) {
        buf_adds(b, "Unknown");
        return;
    }
    const char *vs[2] = {s->kind == WITAN_STABILITY_STABLE ? s->since : NULL, s->deprecated};
    if (s->kind == WITAN_STABILITY_STABLE)
        buf_adds(b, "Stable { since: ");
    else
        buf_printf(b, "Unstable { feature: \"%s\", deprecated: ", s->feature);
    for (int i = 0; i < 2; i++) {
        if (!vs[i]) {
            if (i == 1)
                buf_adds(b, "None");
            continue;
        }
        semver v;
        buf err;
        buf_init(&err);
        semver_parse(vs[i], strlen(vs[i]), &v, &err);
        buf_free(&err);
        if (i == 1)
            buf_adds(b, "Some(");
        buf_printf(b, "Version { major: %llu, minor: %llu, patch: %llu",
                   (unsigned long long)v.major, (unsigned long long)v.minor,
                   (unsigned long long)v.patch);
        if (v.pre_len)
            buf_printf(b, ", pre: Prerelease(\"%.*s\")", (int)v.pre_len, v.pre);
        if (v.build_len)
            buf_printf(b, ", build: BuildMetadata(\"%.*s\")", (int)v.build_len, v.build);
        buf_adds(b, " }");
        if (i == 1)
            buf_adds(b, ")");
        if (i == 0 && s->kind == WITAN_STABILITY_STABLE)
            buf_adds(b, ", deprecated: ");
    }
    buf_adds(b, " }");
}

static bool stability_known(const witan_stability *s)
{
    return s && s->kind != WITAN_STABILITY_UNKNOWN;
}

static bool stability_eq(const witan_stability *a, const witan_stability *b)
{
    if (!stability_known(a) || !stability_known(b))
        return stability_known(a) == stability_known(b);
    return a->kind == b->kind && a->since == b->since && a->feature == b->feature &&
           a->deprecated == b->deprecated;
}

/* merge_include_stability */
static bool merge_stability(witan_ctx *ctx, const witan_stability *from,
                            const witan_stability **into, bool external, witan_span sp)
{
    if (external && from && from->kind == WITAN_STABILITY_STABLE) {
        *into = NULL;
        return true;
    }
    if (stability_eq(from, *into) || !stability_known(from))
        return true;
    if (!stability_known(*into)) {
        *into = from;
        return true;
    }
    buf b;
    buf_init(&b);
    buf_adds(&b, "mismatch in stability from '");
    stability_debug(&b, from);
    buf_adds(&b, "' to '");
    stability_debug(&b, *into);
    buf_adds(&b, "'");
    /* at the included item: an export keeps the span of its `export`
     * line, elaborated imports have none (as in the reference) */
    ctx_error_built(ctx, AS_SPAN(sp), &b);
    return false;
}

static bool include_item(cloner *c, world_ext *dst_ext, bool imports, const witan_world_item *item,
                         const include_rename *names, uint32_t nnames, witan_span at,
                         bool external)
{
    witan_ctx *ctx = c->ctx;
    if (item->name) {
        const char *n = renamed(ctx, item->name, names, nnames);
        witan_world_item it = *item;
        it.name = n;
        switch (it.kind) {
        case WITAN_ITEM_TYPE:
            clone_type_id(c, &it.id);
            if (!c->failed)
                c->m->pub.types[it.id].name = n;
            break;
        case WITAN_ITEM_FUNCTION:
            it.func = clone_function(c, item->func);
            if (it.func)
                it.func->name = n;
            break;
        case WITAN_ITEM_INTERFACE:
            if (!c->m->pub.interfaces[it.id].name)
                clone_interface(c, &it.id);
            break;
        }
        if (c->failed)
            return false;
        item_map *dst = imports ? &dst_ext->imports : &dst_ext->exports;
        if (item_map_find(dst, item_key(&it)) >= 0) {
            const char *t = imports ? "import" : "export";
            model_error(ctx, at, "%s of `%s` shadows previously %sed items", t, n, t);
            return false;
        }
        if (!item_map_push(dst, it)) {
            ctx->oom = true;
            return false;
        }
        return true;
    }
    item_map *dst = imports ? &dst_ext->imports : &dst_ext->exports;
    long pos = item_map_find(dst, item_key(item));
    if (pos < 0) {
        if (!item_map_push(dst, *item)) {
            ctx->oom = true;
            return false;
        }
        pos = dst->v.len - 1;
    }
    return merge_stability(ctx, item->stability, &dst->v.items[pos].stability, external,
                           item->span);
}

static bool resolve_include(witan_ctx *ctx, model *m, witan_id id, world_include *inc,
                            witan_id pkg)
{
    witan_id from = inc->world;
    bool external = m->pub.worlds[id].package != m->pub.worlds[from].package;
    /* every `with` name must match a name-keyed item */
    world_ext *fx = &m->wext[from];
    for (uint32_t k = 0; k < inc->nnames; k++) {
        bool found = false;
        for (int pass = 0; pass < 2 && !found; pass++) {
            item_map *items = pass ? &fx->exports : &fx->imports;
            for (uint32_t i = 0; i < items->v.len && !found; i++) {
                const char *n = items->v.items[i].name;
                found = n && rename_name(ctx, n, &inc->names[k]) != NULL;
            }
        }
        if (!found) {
            model_error(ctx, inc->span,
                        "no import or export kebab-name `%s`. Note that an ID does not support renaming",
                        inc->names[k].name);
            return false;
        }
    }
    ptrmap types = {0}, ifaces = {0};
    cloner c;
    memset(&c, 0, sizeof c);
    c.ctx = ctx;
    c.m = m;
    c.types = &types;
    c.ifaces = &ifaces;
    c.prev_kind = WITAN_OWNER_WORLD;
    c.prev_id = from;
    c.new_kind = WITAN_OWNER_WORLD;
    c.new_id = id;
    c.new_package = pkg;
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; pass++) {
        /* the included world's lists do not change while we copy from
         * them: `from` is never `id` (include cycles are errors) */
        item_map *src = pass ? &m->wext[from].exports : &m->wext[from].imports;
        for (uint32_t i = 0; i < src->v.len && ok; i++) {
            witan_world_item item = src->v.items[i];
            ok = include_item(&c, &m->wext[id], pass == 0, &item, inc->names, inc->nnames,
                              inc->span, external);
        }
    }
    ptrmap_free(&types);
    ptrmap_free(&ifaces);
    if (!ok && ctx->oom)
        ctx_error(ctx, SPAN_NONE, "out of memory");
    return ok;
}

static bool has_upper(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return true;
    return false;
}

static bool check_case(witan_ctx *ctx, const witan_world *w, const item_map *items,
                       const char *what)
{
    /* The names of one map are distinct, and a name without an upper-case
     * letter is its own lower-case form: only a name with one can clash.
     * Most worlds have none, and are done after this pass. */
    uint32_t first = 0;
    while (first < items->v.len &&
           !(items->v.items[first].name && has_upper(items->v.items[first].name)))
        first++;
    if (first == items->v.len)
        return true;
    ptrmap seen = {0};  /* interned lower-case name -> index of the original */
    bool ok = ptrmap_reserve(&seen, items->v.len);
    if (!ok)
        ctx->oom = true;
    buf b;
    buf_init(&b);
    for (uint32_t i = 0; i < items->v.len && ok; i++) {
        const char *n = items->v.items[i].name;
        if (!n)
            continue;
        /* interned, like every name of the model; those before the first
         * with an upper-case letter were seen to have none */
        const char *lower = n;
        if (i >= first && has_upper(n)) {
            buf_reset(&b);
            for (const char *p = n; *p; p++)
                buf_addc(&b, (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p);
            lower = istr_buf(ctx, &b);
        }
        uint32_t prev;
        if (ptrmap_get(&seen, lower, &prev) && items->v.items[prev].name != n) {
            ctx_error(ctx, SPAN_NONE,
                      "%s `%s` in world `%s` conflicts with %s `%s` (kebab-case identifiers are case-insensitive)",
                      what, n, w->name, what, items->v.items[prev].name);
            ok = false;
            break;
        }
        if (!ptrmap_put(&seen, lower, i)) {
            ctx->oom = true;
            ok = false;
        }
    }
    buf_free(&b);
    ptrmap_free(&seen);
    return ok;
}

static bool reader_push(wkey_vec *v, ptrmap *seen, wkey k)
{
    if (ptrmap_get(seen, wkey_ptr(k), NULL))
        return true;
    return VEC_PUSH(*v, k) && ptrmap_put(seen, wkey_ptr(k), 1);
}

/* Reader order: the world's own items in source order, each include's
 * items (renamed) at the include's place. */
static bool expand_reader(witan_ctx *ctx, model *m, world_ext *ext, bool exports)
{
    slot_vec *slots = exports ? &ext->export_slots : &ext->import_slots;
    wkey_vec *out = exports ? &ext->reader_exports : &ext->reader_imports;
    ptrmap seen = {0};
    bool ok = ptrmap_reserve(&seen, slots->len);
    for (uint32_t i = 0; i < slots->len && ok; i++) {
        reader_slot *s = &slots->items[i];
        if (s->include < 0) {
            ok = reader_push(out, &seen, s->key);
            continue;
        }
        world_include *inc = &ext->includes.items[s->include];
        if (inc->gated_out)
            continue;
        world_ext *from = &m->wext[inc->world];
        wkey_vec *src = exports ? &from->reader_exports : &from->reader_imports;
        for (uint32_t k = 0; k < src->len && ok; k++) {
            wkey key = src->items[k];
            if (key.name)
                key.name = renamed(ctx, key.name, inc->names, inc->nnames);
            ok = reader_push(out, &seen, key);
        }
    }
    ptrmap_free(&seen);
    if (!ok)
        ctx->oom = true;
    return ok;
}

bool world_process_includes(witan_ctx *ctx, model *m, witan_id world, const witan_id *world_map,
                            uint32_t map_len, witan_id pkg)
{
    world_ext *ext = &m->wext[world];
    for (uint32_t i = 0; i < ext->includes.len; i++) {
        world_include *inc = &ext->includes.items[i];
        bool on;
        if (!stability_included(ctx, m, inc->stability, pkg, inc->span, &on))
            return false;
        if (!on) {
            inc->gated_out = true;
            continue;
        }
        if (inc->world >= map_len || world_map[inc->world] == WITAN_NO_ID) {
            model_error(ctx, inc->span,
                        "found a reference to a world which is excluded due to its feature not being activated");
            return false;
        }
        inc->world = world_map[inc->world];
        if (!resolve_include(ctx, m, world, inc, pkg))
            return false;
        ext = &m->wext[world];
    }
    const witan_world *w = &m->pub.worlds[world];
    if (!check_case(ctx, w, &ext->imports, "import") ||
        !check_case(ctx, w, &ext->exports, "export"))
        return false;
    if (!expand_reader(ctx, m, ext, true) || !expand_reader(ctx, m, ext, false)) {
        ctx_error(ctx, SPAN_NONE, "out of memory");
        return false;
    }
    return true;
}

/* -------------------------------------------------------------- elaborate */

static int import_class(const model *m, const witan_world_item *it)
{
    switch (it->kind) {
    case WITAN_ITEM_INTERFACE:
        return 0;
    case WITAN_ITEM_TYPE: {
        const witan_typedef *t = &m->pub.types[it->id];
        if (t->kind == WITAN_TD_ALIAS && t->a.kind == WITAN_TYPE_ID) {
            const witan_typedef *o = &m->pub.types[t->a.id];
            if (o->owner != t->owner || o->owner_id != t->owner_id)
                return 1;
        }
        return 2;
    }
    default:
        return it->func->resource == WITAN_NO_ID ? 3 : 4;
    }
}

/* Stable sort by class (five buckets). */
static bool sort_by_class(witan_ctx *ctx, model *m, item_map *items)
{
    item_map out;
    memset(&out, 0, sizeof out);
    if (!item_map_reserve(&out, items->v.len)) {
        item_map_free(&out);
        ctx->oom = true;
        return false;
    }
    for (int cls = 0; cls < 5; cls++)
        for (uint32_t i = 0; i < items->v.len; i++)
            if (import_class(m, &items->v.items[i]) == cls && !item_map_push(&out, items->v.items[i])) {
                item_map_free(&out);
                ctx->oom = true;
                return false;
            }
    item_map_free(items);
    *items = out;
    return true;
}

static witan_world_item iface_item(wkey key, witan_id id, const witan_stability *st,
                                   witan_docs docs, const char *external_id, witan_span sp)
{
    witan_world_item it;
    memset(&it, 0, sizeof it);
    it.name = key.name;
    it.key_interface = key.name ? WITAN_NO_ID : key.iface;
    it.kind = WITAN_ITEM_INTERFACE;
    it.id = id;
    it.stability = st;
    it.docs = docs;
    it.external_id = external_id;
    it.span = sp;
    return it;
}

/* elaborate_world_import: the interface after its dependencies, depth
 * first; an explicit stack because dependency chains can be long. */
typedef struct frame {
    wkey key;
    witan_id id;
    witan_docs docs;
    const char *ext;
    witan_span span;    /* the explicit item's; none for a dependency */
    uint32_t next;      /* next entry of the interface's types to look at */
    bool add_export;    /* add_world_export only */
} frame;

typedef VEC(frame) frame_vec;

static bool elaborate_import(model *m, item_map *imports, wkey key, witan_id id,
                             const witan_stability *st, witan_docs docs, const char *ext)
{
    if (item_map_find(imports, key) >= 0)
        return true;
    frame_vec stack = {0};
    frame f0 = {key, id, docs, ext, WSPAN_NONE, 0, false};
    bool ok = VEC_PUSH(stack, f0);
    while (ok && stack.len) {
        frame *f = &stack.items[stack.len - 1];
        const witan_interface *iface = &m->pub.interfaces[f->id];
        witan_id dep = WITAN_NO_ID;
        while (f->next < iface->ntypes && dep == WITAN_NO_ID) {
            dep = type_interface_dep(m, iface->types[f->next++].id);
            if (dep != WITAN_NO_ID && item_map_find(imports, (wkey){NULL, dep}) >= 0)
                dep = WITAN_NO_ID;
        }
        if (dep != WITAN_NO_ID) {
            frame nf = {{NULL, dep}, dep, NO_DOCS, NULL, WSPAN_NONE, 0, false};
            ok = VEC_PUSH(stack, nf);
            continue;
        }
        ok = item_map_push(imports, iface_item(f->key, f->id, st, f->docs, f->ext, f->span));
        stack.len--;
    }
    free(stack.items);
    return ok;
}

typedef struct export_state {
    model *m;
    item_map *imports, *exports;
    const item_map *export_ifaces;
    ptrmap required;    /* interfaces that must be imports */
    bool oom;
} export_state;

/* add_world_export (resolve/mod.rs) with an explicit stack; any conflict
 * makes the whole export fail, so it returns at once. */
static bool add_world_export(export_state *s, wkey key, witan_id id, const witan_stability *st,
                             witan_docs docs, const char *ext, witan_span sp)
{
    frame_vec stack = {0};
    bool result = true;
    frame f0 = {key, id, docs, ext, sp, 0, true};
    if (!VEC_PUSH(stack, f0)) {
        s->oom = true;
        return false;
    }
    bool entering = true;
    while (stack.len) {
        frame *f = &stack.items[stack.len - 1];
        if (entering) {
            entering = false;
            if (item_map_find(s->exports, f->key) >= 0) {
                /* already exported: fine for an export, a conflict for an import */
                if (!f->add_export) {
                    result = false;
                    break;
                }
                stack.len--;
                continue;
            }
            if (!f->add_export && ptrmap_get(&s->required, ptrmap_int_key(f->id), NULL)) {
                stack.len--;
                continue;
            }
        }
        const witan_interface *iface = &s->m->pub.interfaces[f->id];
        witan_id dep = WITAN_NO_ID;
        while (f->next < iface->ntypes && dep == WITAN_NO_ID)
            dep = type_interface_dep(s->m, iface->types[f->next++].id);
        if (dep != WITAN_NO_ID) {
            wkey dk = {NULL, dep};
            frame nf = {dk, dep, NO_DOCS, f->ext, WSPAN_NONE, 0,
                        f->add_export && item_map_find(s->export_ifaces, dk) >= 0};
            if (!VEC_PUSH(stack, nf)) {
                s->oom = true;
                result = false;
                break;
            }
            entering = true;
            continue;
        }
        if (f->add_export) {
            if (ptrmap_get(&s->required, ptrmap_int_key(f->id), NULL)) {
                result = false;
                break;
            }
            if (!item_map_push(s->exports,
                               iface_item(f->key, f->id, st, f->docs, f->ext, f->span))) {
                s->oom = true;
                result = false;
                break;
            }
        } else {
            if (!ptrmap_put(&s->required, ptrmap_int_key(f->id), 1) ||
                (item_map_find(s->imports, f->key) < 0 &&
                 !item_map_push(s->imports,
                                iface_item(f->key, f->id, st, NO_DOCS, f->ext, WSPAN_NONE)))) {
                s->oom = true;
                result = false;
                break;
            }
        }
        stack.len--;
    }
    free(stack.items);
    return result;
}

/* Resolve::name_world_key */
static const char *key_name(witan_ctx *ctx, model *m, wkey k)
{
    if (k.name)
        return k.name;
    const witan_interface *iface = &m->pub.interfaces[k.iface];
    const witan_package *p = &m->pub.packages[iface->package];
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s:%s/%s", p->namespace_, p->pkg_name, iface->name ? iface->name : "");
    if (p->version)
        buf_printf(&b, "@%s", p->version);
    const char *r = istr_buf(ctx, &b);
    buf_free(&b);
    return r;
}

bool world_elaborate(witan_ctx *ctx, model *m, witan_id world)
{
    world_ext *ext = &m->wext[world];
    item_map sorted, new_imports, new_exports, export_ifaces;
    memset(&sorted, 0, sizeof sorted);
    memset(&new_imports, 0, sizeof new_imports);
    memset(&new_exports, 0, sizeof new_exports);
    memset(&export_ifaces, 0, sizeof export_ifaces);
    bool ok = false;
    if (!item_map_reserve(&sorted, ext->imports.v.len) ||
        !item_map_reserve(&new_imports, ext->imports.v.len) ||
        !item_map_reserve(&new_exports, ext->exports.v.len) ||
        !item_map_reserve(&export_ifaces, ext->exports.v.len))
        goto oom;

    for (uint32_t i = 0; i < ext->imports.v.len; i++)
        if (!item_map_push(&sorted, ext->imports.v.items[i]))
            goto oom;
    if (!sort_by_class(ctx, m, &sorted))
        goto oom;
    for (uint32_t i = 0; i < sorted.v.len; i++) {
        witan_world_item *it = &sorted.v.items[i];
        if (it->kind == WITAN_ITEM_INTERFACE) {
            if (!elaborate_import(m, &new_imports, item_key(it), it->id, it->stability,
                                  it->docs, it->external_id))
                goto oom;
        } else {
            if (it->kind == WITAN_ITEM_TYPE) {
                witan_id dep = type_interface_dep(m, it->id);
                if (dep != WITAN_NO_ID &&
                    !elaborate_import(m, &new_imports, (wkey){NULL, dep}, dep,
                                      m->pub.types[it->id].stability, NO_DOCS, NULL))
                    goto oom;
            }
            if (!item_map_push(&new_imports, *it))
                goto oom;
        }
    }
    for (uint32_t i = 0; i < ext->exports.v.len; i++) {
        witan_world_item *it = &ext->exports.v.items[i];
        item_map *dst = it->kind == WITAN_ITEM_INTERFACE ? &export_ifaces : &new_exports;
        if (!item_map_push(dst, *it))
            goto oom;
    }
    {
        export_state s;
        memset(&s, 0, sizeof s);
        s.m = m;
        s.imports = &new_imports;
        s.exports = &new_exports;
        s.export_ifaces = &export_ifaces;
        for (uint32_t i = 0; i < export_ifaces.v.len; i++) {
            witan_world_item *it = &export_ifaces.v.items[i];
            bool good = add_world_export(&s, item_key(it), it->id, it->stability, it->docs,
                                         it->external_id, it->span);
            if (!good) {
                ptrmap_free(&s.required);
                if (s.oom)
                    goto oom;
                model_error(ctx, m->pub.worlds[world].span,
                            "interface `%s` transitively depends on an interface in incompatible ways",
                            key_name(ctx, m, item_key(it)));
                goto out;
            }
        }
        ptrmap_free(&s.required);
    }
    if (!sort_by_class(ctx, m, &new_imports))
        goto oom;
    ext = &m->wext[world];
    item_map_free(&ext->imports);
    item_map_free(&ext->exports);
    ext->imports = new_imports;
    ext->exports = new_exports;
    memset(&new_imports, 0, sizeof new_imports);
    memset(&new_exports, 0, sizeof new_exports);
    {
        witan_world *w = &m->pub.worlds[world];
        w->imports = ext->imports.v.items;
        w->nimports = ext->imports.v.len;
        w->exports = ext->exports.v.items;
        w->nexports = ext->exports.v.len;
    }
    ok = true;
    goto out;
oom:
    ctx->oom = true;
    ctx_error(ctx, SPAN_NONE, "out of memory");
out:
    item_map_free(&sorted);
    item_map_free(&new_imports);
    item_map_free(&new_exports);
    item_map_free(&export_ifaces);
    return ok;
}

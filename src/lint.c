/* witan's own lint rules, run on the resolved model, and the levelling of
 * every rule diagnostic (command line, then `// witan: allow(rule)`
 * directives in the source, scoped to the item that follows them). */
#include <stdarg.h>
#include <string.h>

#include "model.h"

typedef enum rule_id {
    R_LEGACY_SYNTAX,
    R_UNUSED_USE,
    R_WORLD_AMBIGUOUS,
    R_NO_EXPORTS,
    R_NOT_JSON_CALLABLE,
    R_AMBIGUOUS_OPTION,
    R_UNCONSTRUCTIBLE_RESOURCE,
    R_DEPRECATED_USE,
    R_MISSING_SINCE,
    R_RESERVED_WORD,
    R_MISSING_DOCS,
    R_COUNT
} rule_id;

static const witan_rule_info rules[R_COUNT] = {
    {"legacy-syntax", WITAN_LEVEL_WARNING,
     "old WIT syntax that wit-parser no longer accepts",
     "`-> ()` (no result) and the type names `float32` and `float64` come from older WIT. "
     "wit-parser rejects them, so a build with current tools fails. witan reads them as "
     "today's forms. Fix: leave out `-> ()`, write `f32` and `f64`. "
     "Example: `add: func(x: float32) -> ();` becomes `add: func(x: f32);`."},
    {"unused-use", WITAN_LEVEL_WARNING,
     "a name brought in by `use` is never referenced",
     "A `use` that nothing refers to adds a dependency between interfaces (and an import "
     "to every world using the interface) for no purpose. Fix: remove the name from the "
     "`use` list, or the whole `use`. Example: `use types.{id, name};` where only `id` "
     "is used: write `use types.{id};`."},
    {"world-ambiguous", WITAN_LEVEL_WARNING,
     "the root package has several worlds",
     "Golem builds one component from one world; with several worlds every tool needs to "
     "be told which one (`--world`). Fix: keep one world per package, or pass --world. "
     "Example: `world api {}` and `world api-test {}` in one package."},
    {"no-exports", WITAN_LEVEL_WARNING,
     "the world exports nothing callable",
     "A component built from a world without exported functions cannot be invoked. Fix: "
     "export an interface or a function. Example: `world w { import wasi:cli/stdout; }`."},
    {"not-json-callable", WITAN_LEVEL_WARNING,
     "an exported function takes or returns `future`, `stream` or `error-context`",
     "These types have no JSON form, so the function cannot be invoked with JSON "
     "parameters (Golem's --parameters). Fix: expose a variant that takes and returns "
     "plain values. Example: `read: func() -> stream<u8>;`."},
    {"ambiguous-option", WITAN_LEVEL_WARNING,
     "an `option` of a type whose JSON form may be `null`",
     "In JSON an option is `null` or its value; when the value itself can be `null` (an "
     "option of an option) the two cases cannot be told apart. Fix: use a variant or a "
     "result. Example: `option<option<u8>>`."},
    {"unconstructible-resource", WITAN_LEVEL_WARNING,
     "an exported resource has no constructor and no exported function returns it",
     "Callers can only obtain a resource handle from a constructor or from a function "
     "returning one; without either the resource's methods cannot be called. Fix: add a "
     "constructor or a function returning the resource. Example: `resource cart { "
     "total: func() -> u32; }` with nothing returning `cart`."},
    {"deprecated-use", WITAN_LEVEL_WARNING,
     "a reference to an item marked `@deprecated`",
     "The item will go away in a later version of its package. Fix: move to its "
     "replacement. Example: `use wasi:http/types@0.2.0.{old-type};` where `old-type` is "
     "`@deprecated(version = 0.2.0)`."},
    {"missing-since", WITAN_LEVEL_WARNING,
     "an item without a gate in a versioned package whose items carry `@since`",
     "When a package gates its items with `@since`, an item without one is taken as "
     "always present, which is rarely intended. Fix: add `@since(version = ...)` (or "
     "`@unstable(feature = ...)`). Example: `@since(version = 0.2.0) interface a {}` "
     "next to a plain `interface b {}`."},
    {"reserved-word", WITAN_LEVEL_OFF,
     "a name that is a keyword in a common binding language",
     "Bindings generators for Rust, Go, JavaScript/TypeScript, Python and C must rename "
     "such names (`type` becomes `type_` or `r#type`), which surprises users of the "
     "bindings. Fix: choose another name. Example: `record item { type: u8 }`."},
    {"missing-docs", WITAN_LEVEL_OFF,
     "an exported interface or function without documentation",
     "Generated documentation and manifests show nothing for it. Fix: add a `///` "
     "comment before it. Example: `export add-item: func(item: item);` without a comment."},
};

const witan_rule_info *witan_lint_rules(size_t *count)
{
    *count = R_COUNT;
    return rules;
}

static int rule_index(const char *id)
{
    for (int i = 0; i < R_COUNT; i++)
        if (id && strcmp(rules[i].id, id) == 0)
            return i;
    return -1;
}

int witan_lint_set_level(witan_ctx *ctx, const char *rule, witan_level level)
{
    int i = rule_index(rule);
    if (i < 0)
        return 0;
    ctx->rule_level[i] = (signed char)level;
    return 1;
}

/* ----------------------------------------------------------- directives */

typedef struct directive {
    uint32_t start, end;    /* scope: the item after the comment */
    int rule;
    witan_level level;
} directive;

typedef VEC(directive) directive_vec;

/* Skips whitespace and comments from p; returns the new position. */
static const char *skip_trivia(const char *p, const char *end)
{
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p + 1 < end && p[0] == '/' && p[1] == '/') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        if (p + 1 < end && p[0] == '/' && p[1] == '*') {
            int depth = 1;
            p += 2;
            while (p < end && depth) {
                if (p + 1 < end && p[0] == '/' && p[1] == '*') {
                    depth++;
                    p += 2;
                } else if (p + 1 < end && p[0] == '*' && p[1] == '/') {
                    depth--;
                    p += 2;
                } else {
                    p++;
                }
            }
            continue;
        }
        return p;
    }
}

/* The end of the item starting at p: its first `;` outside braces, or the
 * brace that closes its first `{`. */
static const char *item_end(const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        const char *q = skip_trivia(p, end);
        if (q != p) {
            p = q;
            continue;
        }
        char c = *p++;
        if (c == '"') {
            while (p < end && *p != '"') {
                if (*p == '\\' && p + 1 < end)
                    p++;
                p++;
            }
            p++;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            if (--depth <= 0)
                return p;
        } else if (c == ';' && depth == 0) {
            return p;
        }
    }
    return end;
}

static void add_directives(witan_ctx *ctx, directive_vec *out)
{
    for (size_t i = 0; i < ctx->ncomments; i++) {
        span sp = ctx->comments[i];
        source *src = source_map_find(&ctx->sources, sp.start);
        if (!src)
            continue;
        const char *text = src->text + (sp.start - src->base);
        const char *tend = text + (sp.end - sp.start);
        const char *w = NULL;
        for (const char *p = text; p + 6 <= tend; p++)
            if (memcmp(p, "witan:", 6) == 0) {
                w = p + 6;
                break;
            }
        if (!w)
            continue;
        while (w < tend && *w == ' ')
            w++;
        witan_level level;
        if ((size_t)(tend - w) >= 6 && memcmp(w, "allow(", 6) == 0) {
            level = WITAN_LEVEL_OFF;
            w += 6;
        } else if ((size_t)(tend - w) >= 5 && memcmp(w, "warn(", 5) == 0) {
            level = WITAN_LEVEL_WARNING;
            w += 5;
        } else if ((size_t)(tend - w) >= 5 && memcmp(w, "deny(", 5) == 0) {
            level = WITAN_LEVEL_ERROR;
            w += 5;
        } else {
            continue;
        }
        const char *end = src->text + src->len;
        const char *start = skip_trivia(text + (sp.end - sp.start), end);
        const char *stop = item_end(start, end);
        uint32_t s0 = src->base + (uint32_t)(start - src->text);
        uint32_t s1 = src->base + (uint32_t)(stop - src->text);
        /* rule names separated by commas up to `)` */
        while (w < tend && *w != ')') {
            while (w < tend && (*w == ' ' || *w == ','))
                w++;
            const char *n = w;
            while (w < tend && *w != ',' && *w != ')' && *w != ' ')
                w++;
            char name[64];
            size_t len = (size_t)(w - n);
            if (!len || len >= sizeof name)
                continue;
            memcpy(name, n, len);
            name[len] = 0;
            int r = rule_index(name);
            if (r < 0) {
                ctx_warn(ctx, NULL, (span){sp.start, sp.end},
                         "unknown lint rule `%s` in a witan directive", name);
                continue;
            }
            directive d = {s0, s1, r, level};
            if (!VEC_PUSH(*out, d))
                ctx->oom = true;
        }
    }
}

/* ---------------------------------------------------------------- rules */

typedef struct linter {
    ptrmap reported;    /* (rule, span start) already reported */
    witan_ctx *ctx;
    const witan_resolve *r;
    model *m;
    witan_id root;
    witan_id world;     /* selected world, or WITAN_NO_ID for all of the root's */
} linter;

static void emit(linter *l, rule_id rule, witan_span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void emit(linter *l, rule_id rule, witan_span sp, const char *fmt, ...)
{
    /* a function exported by several worlds is reported once */
    const void *key = ptrmap_int_key(((uint64_t)sp.start << 5) | (uint32_t)rule);
    if (span_known(AS_SPAN(sp))) {
        if (ptrmap_get(&l->reported, key, NULL))
            return;
        ptrmap_put(&l->reported, key, 1);
    }
    va_list ap;
    va_start(ap, fmt);
    diag_addv(&l->ctx->diags, DIAG_WARNING, rules[rule].id, AS_SPAN(sp), fmt, ap);
    va_end(ap);
}

static bool in_root(linter *l, witan_owner_kind kind, witan_id id)
{
    if (kind == WITAN_OWNER_INTERFACE)
        return l->r->interfaces[id].package == l->root;
    if (kind == WITAN_OWNER_WORLD)
        return l->r->worlds[id].package == l->root;
    return false;
}

/* Marks every typedef reachable from t (through anonymous types only). */
static void mark_type(linter *l, witan_type t, unsigned char *seen)
{
    /* an explicit stack: hostile inputs nest deeply */
    VEC(witan_id) stack = {0};
    if (t.kind == WITAN_TYPE_ID && !VEC_PUSH(stack, t.id))
        return;
    while (stack.len) {
        witan_id id = stack.items[--stack.len];
        if (seen[id] & 1)
            continue;
        seen[id] |= 1;
        const witan_typedef *td = &l->r->types[id];
        if (td->name)
            continue; /* a named type is referenced, not looked into */
        witan_type comps[2] = {td->a, td->b};
        for (int i = 0; i < 2; i++)
            if (comps[i].kind == WITAN_TYPE_ID)
                VEC_PUSH(stack, comps[i].id);
        for (uint32_t i = 0; i < td->nfields; i++)
            if (td->fields[i].type.kind == WITAN_TYPE_ID)
                VEC_PUSH(stack, td->fields[i].type.id);
        for (uint32_t i = 0; i < td->ntypes; i++)
            if (td->types[i].kind == WITAN_TYPE_ID)
                VEC_PUSH(stack, td->types[i].id);
        if (td->resource != WITAN_NO_ID)
            VEC_PUSH(stack, td->resource);
    }
    free(stack.items);
}

static bool is_use_alias(linter *l, witan_id id)
{
    return type_interface_dep(l->m, id) != WITAN_NO_ID;
}

static void mark_function(linter *l, const witan_function *f, unsigned char *seen)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        mark_type(l, f->params[i].type, seen);
    mark_type(l, f->result, seen);
    if (f->resource != WITAN_NO_ID)
        mark_type(l, (witan_type){WITAN_TYPE_ID, f->resource}, seen);
}

/* The components of a named type reference other types by name. */
static void mark_components(linter *l, const witan_typedef *td, unsigned char *seen)
{
    witan_type comps[2] = {td->a, td->b};
    for (int i = 0; i < 2; i++)
        mark_type(l, comps[i], seen);
    for (uint32_t i = 0; i < td->nfields; i++)
        mark_type(l, td->fields[i].type, seen);
    for (uint32_t i = 0; i < td->ntypes; i++)
        mark_type(l, td->types[i], seen);
    if (td->resource != WITAN_NO_ID)
        mark_type(l, (witan_type){WITAN_TYPE_ID, td->resource}, seen);
}

static void rule_unused_use(linter *l)
{
    const witan_resolve *r = l->r;
    unsigned char *seen = calloc(r->ntypes ? r->ntypes : 1, 1);
    if (!seen)
        return;
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root || iface->clone_of != WITAN_NO_ID)
            continue;
        memset(seen, 0, r->ntypes);
        for (uint32_t k = 0; k < iface->ntypes; k++) {
            witan_id id = iface->types[k].id;
            if (!is_use_alias(l, id))
                mark_components(l, &r->types[id], seen);
        }
        for (uint32_t k = 0; k < iface->nfunctions; k++)
            mark_function(l, &iface->functions[k], seen);
        for (uint32_t k = 0; k < iface->ntypes; k++) {
            witan_id id = iface->types[k].id;
            if (is_use_alias(l, id) && !(seen[id] & 1))
                emit(l, R_UNUSED_USE, r->types[id].span, "`%s` is brought in by `use` but never used",
                     r->types[id].name);
        }
    }
    for (uint32_t w = 0; w < r->nworlds; w++) {
        if (r->worlds[w].package != l->root)
            continue;
        const witan_world *world = &r->worlds[w];
        memset(seen, 0, r->ntypes);
        for (int pass = 0; pass < 2; pass++) {
            const witan_world_item *items = pass ? world->exports : world->imports;
            uint32_t n = pass ? world->nexports : world->nimports;
            for (uint32_t k = 0; k < n; k++) {
                if (items[k].kind == WITAN_ITEM_FUNCTION)
                    mark_function(l, items[k].func, seen);
                else if (items[k].kind == WITAN_ITEM_TYPE && !is_use_alias(l, items[k].id))
                    mark_components(l, &r->types[items[k].id], seen);
            }
        }
        for (uint32_t k = 0; k < world->nimports; k++) {
            const witan_world_item *it = &world->imports[k];
            if (it->kind != WITAN_ITEM_TYPE || !is_use_alias(l, it->id) || (seen[it->id] & 1))
                continue;
            const witan_typedef *t = &r->types[it->id];
            if (t->owner == WITAN_OWNER_WORLD && t->owner_id == w)
                emit(l, R_UNUSED_USE, t->span, "`%s` is brought in by `use` but never used",
                     t->name);
        }
    }
    free(seen);
}

static void worlds_to_check(linter *l, witan_id *ids, uint32_t *n)
{
    *n = 0;
    if (l->world != WITAN_NO_ID) {
        ids[(*n)++] = l->world;
        return;
    }
    const witan_package *p = &l->r->packages[l->root];
    for (uint32_t i = 0; i < p->nworlds && *n < 256; i++)
        ids[(*n)++] = p->worlds[i].id;
}

/* Whether a type can be written as JSON (no future, stream, error-context). */
static bool json_form(linter *l, witan_type t)
{
    if (t.kind == WITAN_TYPE_ERROR_CONTEXT)
        return false;
    if (t.kind != WITAN_TYPE_ID)
        return true;
    VEC(witan_id) stack = {0};
    unsigned char *seen = calloc(l->r->ntypes ? l->r->ntypes : 1, 1);
    bool ok = true;
    if (!seen || !VEC_PUSH(stack, t.id)) {
        free(seen);
        free(stack.items);
        return true;
    }
    while (stack.len && ok) {
        witan_id id = stack.items[--stack.len];
        if (seen[id])
            continue;
        seen[id] = 1;
        const witan_typedef *td = &l->r->types[id];
        if (td->kind == WITAN_TD_FUTURE || td->kind == WITAN_TD_STREAM) {
            ok = false;
            break;
        }
        if (td->kind == WITAN_TD_HANDLE_OWN || td->kind == WITAN_TD_HANDLE_BORROW ||
            td->kind == WITAN_TD_RESOURCE)
            continue;
        witan_type comps[2] = {td->a, td->b};
        for (int i = 0; i < 2; i++) {
            if (comps[i].kind == WITAN_TYPE_ERROR_CONTEXT)
                ok = false;
            else if (comps[i].kind == WITAN_TYPE_ID)
                VEC_PUSH(stack, comps[i].id);
        }
        for (uint32_t i = 0; i < td->nfields; i++) {
            if (td->fields[i].type.kind == WITAN_TYPE_ERROR_CONTEXT)
                ok = false;
            else if (td->fields[i].type.kind == WITAN_TYPE_ID)
                VEC_PUSH(stack, td->fields[i].type.id);
        }
        for (uint32_t i = 0; i < td->ntypes; i++) {
            if (td->types[i].kind == WITAN_TYPE_ERROR_CONTEXT)
                ok = false;
            else if (td->types[i].kind == WITAN_TYPE_ID)
                VEC_PUSH(stack, td->types[i].id);
        }
    }
    free(seen);
    free(stack.items);
    return ok;
}

static bool func_json_callable(linter *l, const witan_function *f)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!json_form(l, f->params[i].type))
            return false;
    return json_form(l, f->result);
}

static void rule_worlds(linter *l)
{
    const witan_package *p = &l->r->packages[l->root];
    if (p->nworlds > 1 && l->world == WITAN_NO_ID)
        emit(l, R_WORLD_AMBIGUOUS, l->r->worlds[p->worlds[1].id].span,
             "package `%s` has %u worlds; tools that build one component need --world", p->name,
             p->nworlds);
    witan_id ids[256];
    uint32_t n;
    worlds_to_check(l, ids, &n);
    for (uint32_t k = 0; k < n; k++) {
        const witan_export *list;
        size_t count;
        if (witan_world_functions(l->ctx, l->r, ids[k], 0, &list, &count) != WITAN_OK)
            continue;
        size_t callable = 0;
        for (size_t i = 0; i < count; i++) {
            if (!list[i].func) {
                callable++; /* drops take a handle */
                continue;
            }
            if (func_json_callable(l, list[i].func)) {
                callable++;
            } else {
                emit(l, R_NOT_JSON_CALLABLE, list[i].func->span,
                     "`%s` takes or returns `future`, `stream` or `error-context`, which have no JSON form; it cannot be invoked with JSON parameters",
                     list[i].slash);
            }
        }
        if (!callable && !witan_world_is_stdio(l->r, ids[k]))
            emit(l, R_NO_EXPORTS, l->r->worlds[ids[k]].span,
                 "world `%s` exports no function that can be invoked",
                 l->r->worlds[ids[k]].name);
        for (size_t i = 0; i < count; i++)
            if (list[i].func && !list[i].func->docs && list[i].kind != WITAN_EXPORT_DROP &&
                (list[i].interface_id == WITAN_NO_ID ||
                 l->r->interfaces[list[i].interface_id].package == l->root))
                emit(l, R_MISSING_DOCS, list[i].func->span, "exported function `%s` has no documentation",
                     list[i].slash);
        const witan_world *w = &l->r->worlds[ids[k]];
        for (uint32_t i = 0; i < w->nexports; i++) {
            const witan_world_item *it = &w->exports[i];
            if (it->kind != WITAN_ITEM_INTERFACE)
                continue;
            const witan_interface *iface = &l->r->interfaces[it->id];
            if (!iface->docs && !it->docs && iface->package == l->root)
                emit(l, R_MISSING_DOCS, iface->span, "exported interface `%s` has no documentation",
                     iface->name ? iface->name : it->name ? it->name : "?");
            /* resources of the exported interface */
            for (uint32_t t = 0; t < iface->ntypes; t++) {
                witan_id rid = iface->types[t].id;
                const witan_typedef *td = &l->r->types[rid];
                if (td->kind != WITAN_TD_RESOURCE || td->owner != WITAN_OWNER_INTERFACE ||
                    td->owner_id != it->id)
                    continue;
                bool ok = false;
                for (uint32_t f = 0; f < iface->nfunctions && !ok; f++)
                    ok = iface->functions[f].kind == WITAN_FUNC_CONSTRUCTOR &&
                         iface->functions[f].resource == rid;
                for (size_t e = 0; e < count && !ok; e++) {
                    if (!list[e].func || list[e].func->result.kind != WITAN_TYPE_ID)
                        continue;
                    unsigned char *seen = calloc(l->r->ntypes, 1);
                    if (!seen)
                        break;
                    mark_type(l, list[e].func->result, seen);
                    for (witan_id x = 0; x < l->r->ntypes && !ok; x++)
                        ok = (seen[x] & 1) && l->r->types[x].kind == WITAN_TD_HANDLE_OWN &&
                             l->r->types[x].resource == rid;
                    free(seen);
                }
                if (!ok)
                    emit(l, R_UNCONSTRUCTIBLE_RESOURCE, td->span,
                         "exported resource `%s` has no constructor and no exported function returns it",
                         td->name);
            }
        }
    }
}

static witan_id strip_alias(linter *l, witan_type t)
{
    while (t.kind == WITAN_TYPE_ID) {
        const witan_typedef *td = &l->r->types[t.id];
        if (td->kind != WITAN_TD_ALIAS)
            return t.id;
        t = td->a;
    }
    return WITAN_NO_ID;
}

static bool type_in_root(linter *l, const witan_typedef *td, witan_id id, const unsigned char *used)
{
    if (td->owner != WITAN_OWNER_NONE)
        return in_root(l, td->owner, td->owner_id);
    return used[id];
}

static void rule_types(linter *l)
{
    const witan_resolve *r = l->r;
    /* anonymous types used by the root package */
    unsigned char *used = calloc(r->ntypes ? r->ntypes : 1, 1);
    if (!used)
        return;
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->owner != WITAN_OWNER_NONE && in_root(l, td->owner, td->owner_id))
            mark_components(l, td, used);
    }
    for (uint32_t i = 0; i < r->ninterfaces; i++)
        if (r->interfaces[i].package == l->root)
            for (uint32_t k = 0; k < r->interfaces[i].nfunctions; k++)
                mark_function(l, &r->interfaces[i].functions[k], used);
    for (uint32_t w = 0; w < r->nworlds; w++)
        if (r->worlds[w].package == l->root)
            for (int pass = 0; pass < 2; pass++) {
                const witan_world_item *items = pass ? r->worlds[w].exports : r->worlds[w].imports;
                uint32_t n = pass ? r->worlds[w].nexports : r->worlds[w].nimports;
                for (uint32_t k = 0; k < n; k++)
                    if (items[k].kind == WITAN_ITEM_FUNCTION)
                        mark_function(l, items[k].func, used);
            }
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->kind != WITAN_TD_OPTION || !type_in_root(l, td, i, used))
            continue;
        witan_id inner = strip_alias(l, td->a);
        if (inner != WITAN_NO_ID && r->types[inner].kind == WITAN_TD_OPTION)
            emit(l, R_AMBIGUOUS_OPTION, td->span,
                 "an `option` of an `option`: in JSON `null` cannot tell `none` from `some(none)`");
    }
    free(used);
}

/* The version an item is deprecated since, or NULL. */
static const char *deprecated(const witan_stability *s) { return s ? s->deprecated : NULL; }

static bool stable(const witan_stability *s) { return s && s->kind == WITAN_STABILITY_STABLE; }

static const witan_stability *deprecated_target(linter *l, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID)
        return NULL;
    const witan_typedef *td = &l->r->types[t.id];
    return td->stability && td->stability->deprecated ? td->stability : NULL;
}

static void check_deprecated_ref(linter *l, witan_type t, witan_span at, const char *what)
{
    const witan_stability *s = deprecated_target(l, t);
    if (s)
        emit(l, R_DEPRECATED_USE, at, "%s refers to `%s`, deprecated since %s", what,
             l->r->types[t.id].name ? l->r->types[t.id].name : "a type", s->deprecated);
}

static void rule_deprecated(linter *l)
{
    const witan_resolve *r = l->r;
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->owner == WITAN_OWNER_NONE || !in_root(l, td->owner, td->owner_id) ||
            deprecated(td->stability))
            continue;
        if (td->kind == WITAN_TD_ALIAS)
            check_deprecated_ref(l, td->a, td->span, td->name ? "this type" : "this type");
        for (uint32_t k = 0; k < td->nfields; k++)
            check_deprecated_ref(l, td->fields[k].type, td->fields[k].span, "this field");
    }
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root)
            continue;
        for (uint32_t k = 0; k < iface->nfunctions; k++) {
            const witan_function *f = &iface->functions[k];
            if (deprecated(f->stability))
                continue;
            for (uint32_t p = 0; p < f->nparams; p++)
                check_deprecated_ref(l, f->params[p].type, f->params[p].span, "this parameter");
            check_deprecated_ref(l, f->result, f->span, "this function's result");
        }
    }
    for (uint32_t w = 0; w < r->nworlds; w++) {
        const witan_world *world = &r->worlds[w];
        if (world->package != l->root)
            continue;
        for (int pass = 0; pass < 2; pass++) {
            const witan_world_item *items = pass ? world->exports : world->imports;
            uint32_t n = pass ? world->nexports : world->nimports;
            for (uint32_t k = 0; k < n; k++) {
                const witan_world_item *it = &items[k];
                if (it->kind != WITAN_ITEM_INTERFACE || !span_known(AS_SPAN(it->span)))
                    continue;
                const witan_interface *iface = &r->interfaces[it->id];
                if (deprecated(iface->stability) && !deprecated(it->stability))
                    emit(l, R_DEPRECATED_USE, it->span, "interface `%s` is deprecated since %s",
                         iface->name ? iface->name : "?", iface->stability->deprecated);
            }
        }
    }
}

static bool gated(const witan_stability *s) { return s && s->kind != WITAN_STABILITY_UNKNOWN; }

static void rule_missing_since(linter *l)
{
    const witan_resolve *r = l->r;
    const witan_package *p = &r->packages[l->root];
    if (!p->version)
        return;
    bool any = false;
    for (uint32_t i = 0; i < r->ninterfaces && !any; i++)
        any = r->interfaces[i].package == l->root &&
              stable(r->interfaces[i].stability);
    for (uint32_t i = 0; i < r->nworlds && !any; i++)
        any = r->worlds[i].package == l->root &&
              stable(r->worlds[i].stability);
    if (!any)
        return;
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root || !iface->name)
            continue;
        if (!gated(iface->stability))
            emit(l, R_MISSING_SINCE, iface->span, "interface `%s` has no `@since` or `@unstable`",
                 iface->name);
        for (uint32_t k = 0; k < iface->ntypes; k++) {
            const witan_typedef *td = &r->types[iface->types[k].id];
            if (td->owner == WITAN_OWNER_INTERFACE && td->owner_id == i && !gated(td->stability) &&
                !is_use_alias(l, iface->types[k].id))
                emit(l, R_MISSING_SINCE, td->span, "type `%s` has no `@since` or `@unstable`",
                     td->name);
        }
        for (uint32_t k = 0; k < iface->nfunctions; k++)
            if (!gated(iface->functions[k].stability))
                emit(l, R_MISSING_SINCE, iface->functions[k].span,
                     "function `%s` has no `@since` or `@unstable`", iface->functions[k].name);
    }
    for (uint32_t w = 0; w < r->nworlds; w++)
        if (r->worlds[w].package == l->root && !gated(r->worlds[w].stability))
            emit(l, R_MISSING_SINCE, r->worlds[w].span, "world `%s` has no `@since` or `@unstable`",
                 r->worlds[w].name);
}

static const char *const reserved[] = {
    /* Rust */
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
    "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
    /* Go */
    "chan", "default", "defer", "fallthrough", "func", "go", "goto", "import", "interface",
    "map", "package", "range", "select", "switch", "var",
    /* JavaScript / TypeScript */
    "case", "catch", "class", "debugger", "delete", "export", "extends", "finally",
    "function", "instanceof", "new", "null", "this", "throw", "typeof", "void", "with",
    "implements", "let", "private", "protected", "public", "arguments", "eval", "any",
    "boolean", "constructor", "declare", "get", "module", "require", "number", "set", "string",
    "symbol", "undefined", "namespace", "keyof", "readonly", "unique", "unknown", "never",
    "object",
    /* Python */
    "and", "assert", "def", "del", "elif", "except", "from", "global", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "none",
    /* C */
    "auto", "char", "double", "float", "int", "long", "register", "restrict", "short",
    "signed", "sizeof", "union", "unsigned", "volatile", "inline", "bool",
};

static bool is_reserved(const char *name)
{
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(reserved[i], name) == 0)
            return true;
    return false;
}

static void check_name(linter *l, const char *name, witan_span at, const char *what)
{
    if (name && is_reserved(name))
        emit(l, R_RESERVED_WORD, at,
             "%s `%s` is a keyword in a common binding language and will be renamed in generated bindings",
             what, name);
}

static void rule_reserved(linter *l)
{
    const witan_resolve *r = l->r;
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root || iface->clone_of != WITAN_NO_ID)
            continue;
        check_name(l, iface->name, iface->span, "interface");
        for (uint32_t k = 0; k < iface->nfunctions; k++) {
            const witan_function *f = &iface->functions[k];
            if (f->kind == WITAN_FUNC_FREESTANDING || f->kind == WITAN_FUNC_ASYNC_FREESTANDING)
                check_name(l, f->name, f->span, "function");
            for (uint32_t p = 0; p < f->nparams; p++)
                if (strcmp(f->params[p].name, "self") != 0 || f->resource == WITAN_NO_ID ||
                    p != 0)
                    check_name(l, f->params[p].name, f->params[p].span, "parameter");
        }
    }
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->owner == WITAN_OWNER_NONE || !in_root(l, td->owner, td->owner_id) ||
            is_use_alias(l, i))
            continue;
        check_name(l, td->name, td->span, "type");
        for (uint32_t k = 0; k < td->nfields; k++)
            check_name(l, td->fields[k].name, td->fields[k].span,
                       td->kind == WITAN_TD_RECORD ? "field" : td->kind == WITAN_TD_FLAGS ? "flag" : "case");
    }
}

/* ------------------------------------------------------------ levelling */

static witan_level effective_level(witan_ctx *ctx, const directive_vec *dirs, int rule,
                                   span sp)
{
    witan_level level = ctx->rule_level[rule] >= 0 ? (witan_level)ctx->rule_level[rule]
                                                   : rules[rule].default_level;
    uint32_t best = 0;
    bool found = false;
    if (span_known(sp)) {
        for (uint32_t i = 0; i < dirs->len; i++) {
            const directive *d = &dirs->items[i];
            if (d->rule != rule || sp.start < d->start || sp.start >= d->end)
                continue;
            /* the innermost (latest starting) directive wins */
            if (!found || d->start >= best) {
                best = d->start;
                level = d->level;
                found = true;
            }
        }
    }
    return level;
}

/* Applies levels to the rule diagnostics added since `from`. */
static void apply_levels(witan_ctx *ctx, size_t from)
{
    directive_vec dirs = {0};
    add_directives(ctx, &dirs);
    diag_list *dl = &ctx->diags;
    size_t k = from;
    for (size_t i = from; i < dl->count; i++) {
        diag d = dl->items[i];
        int rule = rule_index(d.rule);
        if (rule >= 0) {
            witan_level level = effective_level(ctx, &dirs, rule, d.sp);
            if (level == WITAN_LEVEL_OFF) {
                if (d.severity == DIAG_WARNING)
                    dl->warnings--;
                else
                    dl->errors--;
                free(d.message);
                free(d.context);
                free(d.path);
                continue;
            }
            diag_severity sev = level == WITAN_LEVEL_ERROR ? DIAG_ERROR : DIAG_WARNING;
            if (sev != d.severity) {
                if (sev == DIAG_ERROR) {
                    dl->warnings--;
                    dl->errors++;
                } else {
                    dl->errors--;
                    dl->warnings++;
                }
                d.severity = sev;
            }
        }
        dl->items[k++] = d;
    }
    dl->count = k;
    free(dirs.items);
}

/* ------------------------------------------------------ further errors
 *
 * wit-parser stops at its first error; lint reports that one first, then
 * finds more by blanking the item that holds each error (same length, so
 * every offset stays valid) and loading again. Errors that name something
 * blanked earlier are consequences of an earlier error and not reported. */

enum { MAX_ERRORS = 100, MAX_DEPTH = 512 };

typedef struct repair {
    VEC(overlay) files;     /* overlay nodes; texts malloc'd */
    VEC(char *) names;      /* identifiers of blanked items */
} repair;

static bool is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

static void remember_names(repair *rp, const char *t, size_t s, size_t e)
{
    static const char *const kw[] = {"interface", "world", "type", "record", "enum", "flags",
                                     "variant", "resource", "use", "import", "export", "func",
                                     "include", "with", "as", "package", "static", "async",
                                     "constructor", "list", "option", "result", "tuple", "own",
                                     "borrow", "future", "stream", "map"};
    size_t i = s;
    while (i < e) {
        if (!is_id_char(t[i]) || (t[i] >= '0' && t[i] <= '9') || t[i] == '-') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < e && is_id_char(t[j]))
            j++;
        size_t len = j - i;
        bool keyword = false;
        for (size_t k = 0; k < sizeof kw / sizeof kw[0] && !keyword; k++)
            keyword = strlen(kw[k]) == len && memcmp(kw[k], t + i, len) == 0;
        if (!keyword) {
            char *n = strndup(t + i, len);
            if (n && !VEC_PUSH(rp->names, n))
                free(n);
        }
        i = j;
    }
}

/* Skips a comment starting at t[i] (`//` or `/ *`); returns its end. */
static size_t comment_end(const char *t, size_t n, size_t i)
{
    if (t[i + 1] == '/') {
        while (i < n && t[i] != '\n')
            i++;
        return i;
    }
    int depth = 1;
    i += 2;
    while (i < n && depth) {
        if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
            depth++;
            i += 2;
        } else if (i + 1 < n && t[i] == '*' && t[i + 1] == '/') {
            depth--;
            i += 2;
        } else {
            i++;
        }
    }
    return i;
}

/* The item around offset o: from the `;`, `{` or `}` before it (at its
 * nesting level) to its own `;` or closing brace. */
static bool item_range(const char *t, size_t n, size_t o, size_t *s, size_t *e)
{
    size_t start[MAX_DEPTH];
    int depth = 0;
    start[0] = 0;
    size_t i = 0;
    while (i < o && i < n) {
        char c = t[i];
        if (c == '/' && i + 1 < n && (t[i + 1] == '/' || t[i + 1] == '*')) {
            size_t ce = comment_end(t, n, i);
            if (o < ce) { /* the error is in this comment */
                *s = i;
                *e = ce;
                return true;
            }
            i = ce;
            continue;
        }
        if (c == '"') {
            size_t j = i + 1;
            while (j < n && t[j] != '"' && t[j] != '\n')
                j += t[j] == '\\' ? 2 : 1;
            i = j + 1;
            continue;
        }
        if (c == '{') {
            if (++depth >= MAX_DEPTH)
                return false;
            start[depth] = i + 1;
        } else if (c == '}') {
            if (depth > 0)
                depth--;
            start[depth] = i + 1;
        } else if (c == ';') {
            start[depth] = i + 1;
        }
        i++;
    }
    *s = start[depth];
    int d = 0;
    size_t j = o;
    *e = n;
    while (j < n) {
        char c = t[j];
        if (c == '/' && j + 1 < n && (t[j + 1] == '/' || t[j + 1] == '*')) {
            j = comment_end(t, n, j);
            continue;
        }
        if (c == '{') {
            d++;
        } else if (c == '}') {
            if (d == 0) {
                *e = j;
                break;
            }
            if (--d == 0) {
                *e = j + 1;
                break;
            }
        } else if (c == ';' && d == 0) {
            *e = j + 1;
            break;
        }
        j++;
    }
    if (*e <= o && o < n)
        *e = o + 1; /* always take the offending character */
    return *s < *e;
}

static bool blank(repair *rp, overlay *f, size_t o)
{
    size_t s, e;
    char *t = (char *)f->text;
    if (!item_range(t, f->len, o, &s, &e))
        return false;
    bool changed = false;
    for (size_t i = s; i < e; i++)
        changed |= t[i] != ' ' && t[i] != '\n' && t[i] != '\r' && t[i] != '\t';
    if (!changed)
        return false;
    remember_names(rp, t, s, e);
    for (size_t i = s; i < e; i++)
        if (t[i] != '\n' && t[i] != '\r')
            t[i] = ' ';
    return true;
}

static bool is_cascade(const repair *rp, const char *msg)
{
    for (uint32_t i = 0; i < rp->names.len; i++) {
        size_t n = strlen(rp->names.items[i]);
        for (const char *p = strchr(msg, '`'); p; p = strchr(p + 1, '`'))
            if (strncmp(p + 1, rp->names.items[i], n) == 0 && p[1 + n] == '`')
                return true;
    }
    return false;
}

static bool already_reported(witan_ctx *ctx, size_t from, const diag *d)
{
    for (size_t i = from; i < ctx->diags.count; i++) {
        const diag *x = &ctx->diags.items[i];
        if (x->sp.start == d->sp.start && strcmp(x->message, d->message) == 0)
            return true;
    }
    return false;
}

static void copy_diag(witan_ctx *ctx, const diag *d)
{
    diag *n = diag_add(&ctx->diags, d->severity, d->rule, d->sp, "%s", d->message);
    if (!n)
        return;
    n->context = d->context ? strdup(d->context) : NULL;
    n->path = d->path ? strdup(d->path) : NULL;
    n->io = d->io;
    n->nextra = d->nextra;
    memcpy(n->extra, d->extra, sizeof n->extra);
}

static void find_more_errors(witan_ctx *ctx, const char *path, size_t from)
{
    repair rp;
    memset(&rp, 0, sizeof rp);
    /* copies of every file read, to be repaired */
    for (size_t i = 0; i < ctx->sources.count; i++) {
        source *src = ctx->sources.files[i];
        char *copy = malloc((size_t)src->len + 1);
        if (!copy)
            goto out;
        memcpy(copy, src->text, src->len);
        copy[src->len] = 0;
        overlay o = {NULL, src->path, copy, src->len};
        if (!VEC_PUSH(rp.files, o)) {
            free(copy);
            goto out;
        }
    }
    for (uint32_t i = 0; i + 1 < rp.files.len; i++)
        rp.files.items[i].next = &rp.files.items[i + 1];
    span at = SPAN_NONE;
    for (size_t i = from; i < ctx->diags.count; i++)
        if (ctx->diags.items[i].severity == DIAG_ERROR) {
            at = ctx->diags.items[i].sp;
            break;
        }
    for (int round = 0; round < MAX_ERRORS; round++) {
        source *src = source_map_find(&ctx->sources, at.start);
        if (!span_known(at) || !src)
            break;
        overlay *f = NULL;
        for (uint32_t i = 0; i < rp.files.len && !f; i++)
            if (strcmp(rp.files.items[i].path, src->path) == 0)
                f = &rp.files.items[i];
        if (!f || !blank(&rp, f, at.start - src->base))
            break;
        witan_ctx *child = witan_ctx_new();
        if (!child)
            break;
        child->strict = ctx->strict;
        child->all_features = ctx->all_features;
        child->features = ctx->features;
        child->nfeatures = ctx->nfeatures;
        child->overlay = rp.files.len ? &rp.files.items[0] : NULL;
        const witan_resolve *r;
        witan_status st = witan_resolve_path(child, path, &r);
        at = SPAN_NONE;
        for (size_t i = 0; i < child->diags.count; i++) {
            const diag *d = &child->diags.items[i];
            if (already_reported(ctx, from, d))
                continue;
            if (d->severity == DIAG_ERROR) {
                at = d->sp;
                if (is_cascade(&rp, d->message))
                    continue;
            }
            copy_diag(ctx, d);
        }
        child->features = NULL; /* borrowed */
        witan_ctx_free(child);
        if (st == WITAN_OK || !span_known(at))
            break;
    }
out:
    for (uint32_t i = 0; i < rp.files.len; i++)
        free((char *)rp.files.items[i].text);
    free(rp.files.items);
    for (uint32_t i = 0; i < rp.names.len; i++)
        free(rp.names.items[i]);
    free(rp.names.items);
}

witan_status ctx_status(const witan_ctx *ctx, size_t from);

witan_status witan_lint_path(witan_ctx *ctx, const char *path, const char *world_name)
{
    size_t from = ctx->diags.count;
    const witan_resolve *r;
    witan_status st = witan_resolve_path(ctx, path, &r);
    if (st == WITAN_OK) {
        linter l;
        memset(&l, 0, sizeof l);
        l.ctx = ctx;
        l.r = r;
        l.m = ctx->model;
        l.root = r->main_package;
        l.world = WITAN_NO_ID;
        if (world_name && witan_select_world(ctx, r, world_name, &l.world) != WITAN_OK) {
            apply_levels(ctx, from);
            return ctx_status(ctx, from);
        }
        rule_unused_use(&l);
        rule_worlds(&l);
        rule_types(&l);
        rule_deprecated(&l);
        rule_missing_since(&l);
        rule_reserved(&l);
        ptrmap_free(&l.reported);
    } else if (st == WITAN_EINPUT) {
        find_more_errors(ctx, path, from);
    }
    apply_levels(ctx, from);
    if (ctx->oom)
        return WITAN_EINTERNAL;
    return ctx_status(ctx, from);
}

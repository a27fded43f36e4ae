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
     "Bindings generators for Rust, Go, JavaScript, Python and C must rename an interface, "
     "function, parameter or record field named after one of their keywords (`type` "
     "becomes `type_` or `r#type`), which surprises users of the bindings. Fix: choose "
     "another name. Example: `record item { %type: u8 }`."},
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

/* Warnings about the directives themselves carry this id (not a rule:
 * it has no level of its own). */
#define DIRECTIVE_RULE "lint-directive"

typedef struct directive {
    uint32_t start, end;    /* scope: the item after the comment */
    int rule;
    witan_level level;
} directive;

typedef VEC(directive) directive_vec;

/* source_comment_end for a comment at t[i] of t[0..n) */
static size_t comment_end(const char *t, size_t n, size_t i)
{
    return (size_t)(source_comment_end(t + i, t + n) - t);
}

/* Skips whitespace and comments from p; returns the new position. */
static const char *skip_trivia(const char *p, const char *end)
{
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p + 1 < end && p[0] == '/' && (p[1] == '/' || p[1] == '*')) {
            p = source_comment_end(p, end);
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

static void add_directive(witan_ctx *ctx, directive_vec *out, const source *src,
                          const char *text, const char *tend, span sp);

/* Directives are read from the text, not from the comments the lexer met:
 * after a syntax error the lexer has not seen the rest of the file, and
 * the warnings found further on (lint's repaired loads) still obey them. */
static void add_directives(witan_ctx *ctx, directive_vec *out)
{
    for (size_t f = 0; f < ctx->sources.count; f++) {
        const source *src = ctx->sources.files[f];
        const char *t = src->text, *end = t + src->len;
        bool line_start = true; /* only blanks since the last newline */
        for (const char *p = t; p < end;) {
            if (*p == '\n') {
                line_start = true;
                p++;
            } else if (*p == ' ' || *p == '\t' || *p == '\r') {
                p++;
            } else if (p + 1 < end && p[0] == '/' && (p[1] == '/' || p[1] == '*')) {
                const char *q = source_comment_end(p, end);
                span sp = {src->base + (uint32_t)(p - t), src->base + (uint32_t)(q - t)};
                const char *body = p + 2;
                while (body < q && (*body == '/' || *body == '*' || *body == '!' || *body == ' ' ||
                                    *body == '\t'))
                    body++;
                if ((size_t)(q - body) >= 6 && memcmp(body, "witan:", 6) == 0) {
                    if (line_start)
                        add_directive(ctx, out, src, body + 6, q, sp);
                    else
                        ctx_warn(ctx, DIRECTIVE_RULE, sp,
                                 "a `witan:` directive must be on its own line, before the item it applies to");
                }
                p = q;
            } else {
                /* code: nothing before the next comment or newline can
                 * change line_start again, so skip to the first of them */
                line_start = false;
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                if (!nl)
                    nl = end;
                const char *slash = memchr(p + 1, '/', (size_t)(nl - (p + 1)));
                p = slash ? slash : nl;
            }
        }
    }
}

/* One `witan: LEVEL(rule, ...), LEVEL(...)` comment; w points after
 * `witan:`, tend at the end of the comment (after any `*' '/`). */
static void add_directive(witan_ctx *ctx, directive_vec *out, const source *src,
                          const char *w, const char *tend, span sp)
{
    static const struct {
        const char *name;
        witan_level level;
    } verbs[] = {{"allow", WITAN_LEVEL_OFF}, {"warn", WITAN_LEVEL_WARNING}, {"deny", WITAN_LEVEL_ERROR}};
    const char *text_end = src->text + src->len;
    const char *start = skip_trivia(src->text + (sp.end - src->base), text_end);
    const char *stop = item_end(start, text_end);
    uint32_t s0 = src->base + (uint32_t)(start - src->text);
    uint32_t s1 = src->base + (uint32_t)(stop - src->text);
    for (bool first = true;; first = false) {
        while (w < tend && (*w == ' ' || *w == '\t' || *w == '\r' || *w == '\n' ||
                            (!first && *w == ',')))
            w++;
        /* the end of the comment: nothing, or the `*' '/` closing a block */
        const char *rest = w;
        while (rest < tend && (*rest == '*' || *rest == '/' || *rest == ' ' || *rest == '\t' ||
                               *rest == '\r' || *rest == '\n'))
            rest++;
        if (!first && rest == tend)
            return;
        int verb = -1;
        for (int i = 0; i < 3 && verb < 0; i++) {
            size_t n = strlen(verbs[i].name);
            if ((size_t)(tend - w) > n && memcmp(w, verbs[i].name, n) == 0 && w[n] == '(') {
                verb = i;
                w += n + 1;
            }
        }
        if (verb < 0) {
            ctx_warn(ctx, DIRECTIVE_RULE, sp,
                     "unknown `witan:` directive; expected `allow(RULE)`, `warn(RULE)` or `deny(RULE)`");
            return;
        }
        /* rule names separated by commas up to `)` */
        while (w < tend && *w != ')') {
            while (w < tend && (*w == ' ' || *w == '\t' || *w == ','))
                w++;
            const char *n = w;
            while (w < tend && *w != ',' && *w != ')' && *w != ' ' && *w != '\t' && *w != '\n' &&
                   *w != '\r')
                w++;
            size_t len = (size_t)(w - n);
            if (!len) {
                if (w < tend && *w != ')')
                    w++; /* a newline inside a block comment */
                continue;
            }
            int r = -1;
            for (int i = 0; i < R_COUNT && r < 0; i++)
                if (strlen(rules[i].id) == len && memcmp(rules[i].id, n, len) == 0)
                    r = i;
            if (r < 0) {
                ctx_warn(ctx, DIRECTIVE_RULE, sp, "unknown lint rule `%.*s` in a `witan:` directive",
                         (int)(len > 64 ? 64 : len), n);
                continue;
            }
            directive d = {s0, s1, r, verbs[verb].level};
            if (!VEC_PUSH(*out, d))
                ctx->oom = true;
        }
        if (w < tend)
            w++; /* `)` */
    }
}

/* ---------------------------------------------------------------- rules */

/* A set of type ids emptied in O(1): an id is in it when its stamp is the
 * current generation. Rules mark types for every interface or function,
 * and clearing an array of every type each time would be quadratic. */
typedef struct markset {
    uint32_t *stamp;
    uint32_t gen, n;
} markset;

static bool markset_init(markset *ms, uint32_t n)
{
    ms->stamp = calloc(n ? n : 1, sizeof *ms->stamp);
    ms->gen = 1;
    ms->n = n;
    return ms->stamp != NULL;
}

static void markset_clear(markset *ms)
{
    if (++ms->gen == 0) {
        memset(ms->stamp, 0, ms->n * sizeof *ms->stamp);
        ms->gen = 1;
    }
}

static bool marked(const markset *ms, witan_id id) { return ms->stamp[id] == ms->gen; }

/* Marks id; returns false when it was marked already. */
static bool mark(markset *ms, witan_id id)
{
    if (ms->stamp[id] == ms->gen)
        return false;
    ms->stamp[id] = ms->gen;
    return true;
}

typedef struct linter {
    ptrmap reported;    /* (rule, span start) already reported */
    markset walk, made; /* scratch for constructible resources */
    unsigned char *json;    /* per type: JSON_UNKNOWN, JSON_YES, JSON_NO */
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
        if (!ptrmap_put(&l->reported, key, 1))
            l->ctx->oom = true;     /* it could be reported twice */
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

/* A walk that could not grow its stack misses types and gives a wrong
 * answer: the run then ends as out of memory (ctx_status), not with
 * that answer. `ok` is the push's result. */
static void need(linter *l, int ok)
{
    if (!ok)
        l->ctx->oom = true;
}

/* Pushes the typedefs td is made of (its operands, field and tuple
 * types; its resource when `resource`) onto a walk's stack; 0 when a
 * push ran out of memory (the caller passes that to need()). */
static int push_parts(id_vec *stack, const witan_typedef *td, bool resource)
{
    typedef_parts p = typedef_parts_of(td);
    witan_type comps[2] = {p.a, p.b};
    int ok = 1;
    for (int i = 0; i < 2; i++)
        if (comps[i].kind == WITAN_TYPE_ID)
            ok &= VEC_PUSH(*stack, comps[i].id);
    for (uint32_t i = 0; i < p.nfields; i++)
        if (p.fields[i].type.kind == WITAN_TYPE_ID)
            ok &= VEC_PUSH(*stack, p.fields[i].type.id);
    for (uint32_t i = 0; i < p.ntypes; i++)
        if (p.types[i].kind == WITAN_TYPE_ID)
            ok &= VEC_PUSH(*stack, p.types[i].id);
    if (resource && p.resource != WITAN_NO_ID)
        ok &= VEC_PUSH(*stack, p.resource);
    return ok;
}

/* Marks every typedef reachable from t (through anonymous types only). */
static void mark_type(linter *l, witan_type t, markset *seen)
{
    /* an explicit stack: hostile inputs nest deeply */
    id_vec stack = {0};
    if (t.kind == WITAN_TYPE_ID)
        need(l, VEC_PUSH(stack, t.id));
    while (stack.len) {
        witan_id id = stack.items[--stack.len];
        if (!mark(seen, id))
            continue;
        const witan_typedef *td = &l->r->types[id];
        if (td->name)
            continue; /* a named type is referenced, not looked into */
        need(l, push_parts(&stack, td, true));
    }
    free(stack.items);
}

static bool is_use_alias(linter *l, witan_id id)
{
    return type_interface_dep(l->m, id) != WITAN_NO_ID;
}

static void mark_function(linter *l, const witan_function *f, markset *seen)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        mark_type(l, f->params[i].type, seen);
    mark_type(l, f->result, seen);
    if (f->resource != WITAN_NO_ID)
        mark_type(l, (witan_type){WITAN_TYPE_ID, f->resource}, seen);
}

/* The components of a named type reference other types by name. */
static void mark_components(linter *l, const witan_typedef *td, markset *seen)
{
    typedef_parts p = typedef_parts_of(td);
    witan_type comps[2] = {p.a, p.b};
    for (int i = 0; i < 2; i++)
        mark_type(l, comps[i], seen);
    for (uint32_t i = 0; i < p.nfields; i++)
        mark_type(l, p.fields[i].type, seen);
    for (uint32_t i = 0; i < p.ntypes; i++)
        mark_type(l, p.types[i], seen);
    if (p.resource != WITAN_NO_ID)
        mark_type(l, (witan_type){WITAN_TYPE_ID, p.resource}, seen);
}

/* Whether the world's own text declares item `name` (a `use` copied in by
 * an `include` is reported where it is written, not where it lands). */
static bool world_declares(linter *l, witan_id w, const char *name)
{
    const world_ext *x = &l->m->wext[w];
    for (uint32_t i = 0; i < x->import_slots.len; i++)
        if (x->import_slots.items[i].include < 0 && x->import_slots.items[i].key.name == name)
            return true;
    return false;
}

/* Whether the world's own text imports (or exports) `key`, as opposed to
 * an `include` or the imports elaboration adds. */
static bool world_has_key(linter *l, witan_id w, wkey key, bool exports)
{
    const world_ext *x = &l->m->wext[w];
    const slot_vec *slots = exports ? &x->export_slots : &x->import_slots;
    for (uint32_t i = 0; i < slots->len; i++)
        if (slots->items[i].include < 0 && slots->items[i].key.name == key.name &&
            (key.name || slots->items[i].key.iface == key.iface))
            return true;
    return false;
}

static void rule_unused_use(linter *l)
{
    const witan_resolve *r = l->r;
    markset seen;
    /* names another `use` takes from an interface: removing them would
     * break that `use`, so they count as used */
    unsigned char *reused = calloc(r->ntypes ? r->ntypes : 1, 1);
    if (!markset_init(&seen, r->ntypes) || !reused) {
        l->ctx->oom = true;
        goto out;
    }
    for (uint32_t i = 0; i < r->ntypes; i++)
        if (is_use_alias(l, i))
            reused[r->types[i].a.id] = 1;
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root || iface->clone_of != WITAN_NO_ID)
            continue;
        markset_clear(&seen);
        for (uint32_t k = 0; k < iface->ntypes; k++) {
            witan_id id = iface->types[k].id;
            if (!is_use_alias(l, id))
                mark_components(l, &r->types[id], &seen);
        }
        for (uint32_t k = 0; k < iface->nfunctions; k++)
            mark_function(l, &iface->functions[k], &seen);
        for (uint32_t k = 0; k < iface->ntypes; k++) {
            witan_id id = iface->types[k].id;
            if (is_use_alias(l, id) && !marked(&seen, id) && !reused[id])
                emit(l, R_UNUSED_USE, r->types[id].span, "`%s` is brought in by `use` but never used",
                     r->types[id].name);
        }
    }
    for (uint32_t w = 0; w < r->nworlds; w++) {
        if (r->worlds[w].package != l->root)
            continue;
        const witan_world *world = &r->worlds[w];
        markset_clear(&seen);
        for (int pass = 0; pass < 2; pass++) {
            const witan_world_item *items = pass ? world->exports : world->imports;
            uint32_t n = pass ? world->nexports : world->nimports;
            for (uint32_t k = 0; k < n; k++) {
                if (items[k].kind == WITAN_ITEM_FUNCTION)
                    mark_function(l, items[k].func, &seen);
                else if (items[k].kind == WITAN_ITEM_TYPE && !is_use_alias(l, items[k].id))
                    mark_components(l, &r->types[items[k].id], &seen);
            }
        }
        for (uint32_t k = 0; k < world->nimports; k++) {
            const witan_world_item *it = &world->imports[k];
            if (it->kind != WITAN_ITEM_TYPE || !is_use_alias(l, it->id) || marked(&seen, it->id) ||
                !it->name || !world_declares(l, w, it->name))
                continue;
            const witan_typedef *t = &r->types[it->id];
            if (t->owner == WITAN_OWNER_WORLD && t->owner_id == w)
                emit(l, R_UNUSED_USE, t->span, "`%s` is brought in by `use` but never used",
                     t->name);
        }
    }
out:
    free(seen.stamp);
    free(reused);
}

/* Whether every type can be written as JSON (no future, stream or
 * error-context inside), computed once per type: l->json[id] is 0 until
 * known, then JSON_YES or JSON_NO. Named types cannot contain themselves,
 * so a post-order walk with an explicit stack settles each type after its
 * components. */
enum { JSON_UNKNOWN, JSON_YES, JSON_NO, JSON_VISITING };

static bool json_leaf_ok(const linter *l, witan_type t)
{
    if (t.kind == WITAN_TYPE_ERROR_CONTEXT)
        return false;
    return t.kind != WITAN_TYPE_ID || l->json[t.id] != JSON_NO;
}

static void json_settle(linter *l, witan_id root)
{
    VEC(witan_id) stack = {0};
    need(l, VEC_PUSH(stack, root));
    while (stack.len) {
        witan_id id = stack.items[stack.len - 1];
        const witan_typedef *td = &l->r->types[id];
        if (l->json[id] == JSON_YES || l->json[id] == JSON_NO) {
            stack.len--;
            continue;
        }
        if (td->kind == WITAN_TD_FUTURE || td->kind == WITAN_TD_STREAM) {
            l->json[id] = JSON_NO;
            continue;
        }
        if (td->kind == WITAN_TD_HANDLE_OWN || td->kind == WITAN_TD_HANDLE_BORROW ||
            td->kind == WITAN_TD_RESOURCE) {
            l->json[id] = JSON_YES;
            continue;
        }
        typedef_parts p = typedef_parts_of(td);
        witan_type comps[2] = {p.a, p.b};
        if (l->json[id] == JSON_VISITING) {
            /* every component is settled: this type is too */
            bool ok = json_leaf_ok(l, comps[0]) && json_leaf_ok(l, comps[1]);
            for (uint32_t i = 0; i < p.nfields && ok; i++)
                ok = json_leaf_ok(l, p.fields[i].type);
            for (uint32_t i = 0; i < p.ntypes && ok; i++)
                ok = json_leaf_ok(l, p.types[i]);
            l->json[id] = ok ? JSON_YES : JSON_NO;
            continue;
        }
        l->json[id] = JSON_VISITING;
        for (int i = 0; i < 2; i++)
            if (comps[i].kind == WITAN_TYPE_ID && l->json[comps[i].id] == JSON_UNKNOWN)
                need(l, VEC_PUSH(stack, comps[i].id));
        for (uint32_t i = 0; i < p.nfields; i++)
            if (p.fields[i].type.kind == WITAN_TYPE_ID &&
                l->json[p.fields[i].type.id] == JSON_UNKNOWN)
                need(l, VEC_PUSH(stack, p.fields[i].type.id));
        for (uint32_t i = 0; i < p.ntypes; i++)
            if (p.types[i].kind == WITAN_TYPE_ID && l->json[p.types[i].id] == JSON_UNKNOWN)
                need(l, VEC_PUSH(stack, p.types[i].id));
    }
    free(stack.items);
}

static bool json_form(linter *l, witan_type t)
{
    if (t.kind == WITAN_TYPE_ID && l->json[t.id] == JSON_UNKNOWN)
        json_settle(l, t.id);
    return json_leaf_ok(l, t);
}

static bool func_json_callable(linter *l, const witan_function *f)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!json_form(l, f->params[i].type))
            return false;
    return json_form(l, f->result);
}

/* Whether documentation says something. wit-parser takes every comment
 * before an item as its documentation, `// witan:` directives included;
 * those lines document nothing. */
static bool has_docs(linter *l, witan_docs d)
{
    const char *docs;
    if (!docs_read(l->ctx, d, &docs))
        return true;    /* not known: no finding rather than a wrong one */
    for (const char *p = docs; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '*' || *p == '/')
            p++;
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
            len--;
        if (len && !(len >= 6 && memcmp(p, "witan:", 6) == 0))
            return true;
        p = eol ? eol + 1 : p + len;
        if (!eol)
            break;
    }
    return false;
}

/* The resource a type names, through `type x = r` and `use` aliases. */
static witan_id resource_of(linter *l, witan_id id)
{
    for (uint32_t guard = 0; id != WITAN_NO_ID && guard < l->r->ntypes; guard++) {
        const witan_typedef *td = &l->r->types[id];
        if (td->kind != WITAN_TD_ALIAS)
            return id;
        id = td->a.kind == WITAN_TYPE_ID ? td->a.id : WITAN_NO_ID;
    }
    return WITAN_NO_ID;
}

/* Adds to l->made every resource a value of type t can hand out as an
 * owned handle: through every type it is built from, named or not (a
 * record returned with an `own<r>` field hands out an `r`). l->walk holds
 * the types already looked at. */
static void collect_owned(linter *l, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID)
        return;
    id_vec stack = {0};
    need(l, VEC_PUSH(stack, t.id));
    while (stack.len) {
        witan_id id = stack.items[--stack.len];
        if (!mark(&l->walk, id))
            continue;
        const witan_typedef *td = &l->r->types[id];
        if (td->kind == WITAN_TD_HANDLE_OWN) {
            witan_id res = resource_of(l, td->resource);
            if (res != WITAN_NO_ID)
                mark(&l->made, res);
            continue;
        }
        if (td->kind == WITAN_TD_HANDLE_BORROW || td->kind == WITAN_TD_RESOURCE)
            continue;
        need(l, push_parts(&stack, td, false));
    }
    free(stack.items);
}

static void rule_worlds(linter *l)
{
    const witan_package *p = &l->r->packages[l->root];
    /* at the package name, where a directive can allow it */
    if (p->nworlds > 1 && l->world == WITAN_NO_ID)
        emit(l, R_WORLD_AMBIGUOUS,
             span_known(AS_SPAN(p->span)) ? p->span : l->r->worlds[p->worlds[1].id].span,
             "package `%s` has %u worlds; tools that build one component need to be told which one",
             p->name, p->nworlds);
    /* the selected world, or every world of the root package */
    uint32_t n = l->world != WITAN_NO_ID ? 1 : p->nworlds;
    for (uint32_t k = 0; k < n; k++) {
        witan_id wid = l->world != WITAN_NO_ID ? l->world : p->worlds[k].id;
        const witan_export *list;
        size_t count;
        if (witan_world_functions(l->ctx, l->r, wid, 0, &list, &count) != WITAN_OK)
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
        if (!callable && !witan_world_is_stdio(l->r, wid))
            emit(l, R_NO_EXPORTS, l->r->worlds[wid].span,
                 "world `%s` exports no function that can be invoked",
                 l->r->worlds[wid].name);
        for (size_t i = 0; i < count; i++)
            if (list[i].func && !has_docs(l, list[i].func->docs) && list[i].kind != WITAN_EXPORT_DROP &&
                (list[i].interface_id == WITAN_NO_ID ||
                 l->r->interfaces[list[i].interface_id].package == l->root))
                emit(l, R_MISSING_DOCS, list[i].func->span, "exported function `%s` has no documentation",
                     list[i].slash);
        /* the resources the world's exported functions hand out */
        markset_clear(&l->walk);
        markset_clear(&l->made);
        for (size_t e = 0; e < count; e++)
            if (list[e].func)
                collect_owned(l, list[e].func->result);
        const witan_world *w = &l->r->worlds[wid];
        for (uint32_t i = 0; i < w->nexports; i++) {
            const witan_world_item *it = &w->exports[i];
            if (it->kind != WITAN_ITEM_INTERFACE)
                continue;
            const witan_interface *iface = &l->r->interfaces[it->id];
            if (!has_docs(l, iface->docs) && !has_docs(l, it->docs) && iface->package == l->root)
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
                if (!ok && !marked(&l->made, rid))
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

static bool type_in_root(linter *l, const witan_typedef *td, witan_id id, const markset *used)
{
    if (td->owner != WITAN_OWNER_NONE)
        return in_root(l, td->owner, td->owner_id);
    return marked(used, id);
}

static void rule_types(linter *l)
{
    const witan_resolve *r = l->r;
    /* anonymous types used by the root package */
    markset used;
    if (!markset_init(&used, r->ntypes)) {
        l->ctx->oom = true;
        return;
    }
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->owner != WITAN_OWNER_NONE && in_root(l, td->owner, td->owner_id))
            mark_components(l, td, &used);
    }
    for (uint32_t i = 0; i < r->ninterfaces; i++)
        if (r->interfaces[i].package == l->root)
            for (uint32_t k = 0; k < r->interfaces[i].nfunctions; k++)
                mark_function(l, &r->interfaces[i].functions[k], &used);
    for (uint32_t w = 0; w < r->nworlds; w++)
        if (r->worlds[w].package == l->root)
            for (int pass = 0; pass < 2; pass++) {
                const witan_world_item *items = pass ? r->worlds[w].exports : r->worlds[w].imports;
                uint32_t n = pass ? r->worlds[w].nexports : r->worlds[w].nimports;
                for (uint32_t k = 0; k < n; k++)
                    if (items[k].kind == WITAN_ITEM_FUNCTION)
                        mark_function(l, items[k].func, &used);
            }
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->kind != WITAN_TD_OPTION || !type_in_root(l, td, i, &used))
            continue;
        witan_id inner = strip_alias(l, td->a);
        if (inner != WITAN_NO_ID && r->types[inner].kind == WITAN_TD_OPTION)
            emit(l, R_AMBIGUOUS_OPTION, td->span,
                 "an `option` of an `option`: in JSON `null` cannot tell `none` from `some(none)`");
    }
    free(used.stamp);
}

/* The version an item is deprecated since, or NULL. */
static const char *deprecated(const witan_stability *s) { return s ? s->deprecated : NULL; }

static bool stable(const witan_stability *s) { return s && s->kind == WITAN_STABILITY_STABLE; }

/* The first named type marked `@deprecated` that t names, directly or
 * inside anonymous types (`list<old>`, `option<old>`), or WITAN_NO_ID. */
static witan_id deprecated_in(linter *l, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID)
        return WITAN_NO_ID;
    VEC(witan_id) stack = {0};
    witan_id found = WITAN_NO_ID;
    need(l, VEC_PUSH(stack, t.id));
    /* anonymous types form a tree: no cycles, every node visited once */
    while (stack.len && found == WITAN_NO_ID) {
        witan_id id = stack.items[--stack.len];
        const witan_typedef *td = &l->r->types[id];
        if (td->name) {
            if (deprecated(td->stability))
                found = id;
            continue;
        }
        typedef_parts p = typedef_parts_of(td);
        witan_type comps[2] = {p.a, p.b};
        for (int i = 1; i >= 0; i--)
            if (comps[i].kind == WITAN_TYPE_ID)
                need(l, VEC_PUSH(stack, comps[i].id));
        for (uint32_t i = p.ntypes; i-- > 0;)
            if (p.types[i].kind == WITAN_TYPE_ID)
                need(l, VEC_PUSH(stack, p.types[i].id));
        if (p.resource != WITAN_NO_ID)
            need(l, VEC_PUSH(stack, p.resource));
    }
    free(stack.items);
    return found;
}

static void check_deprecated_ref(linter *l, witan_type t, witan_span at, const char *what,
                                 const char *name)
{
    witan_id id = deprecated_in(l, t);
    if (id != WITAN_NO_ID)
        emit(l, R_DEPRECATED_USE, at, "%s `%s` refers to `%s`, deprecated since %s", what, name,
             l->r->types[id].name, deprecated(l->r->types[id].stability));
}

static void check_deprecated_func(linter *l, const witan_function *f)
{
    if (deprecated(f->stability))
        return;
    for (uint32_t p = 0; p < f->nparams; p++)
        if (f->resource == WITAN_NO_ID || p != 0 || f->kind == WITAN_FUNC_STATIC ||
            f->kind == WITAN_FUNC_ASYNC_STATIC || f->kind == WITAN_FUNC_CONSTRUCTOR)
            check_deprecated_ref(l, f->params[p].type, f->params[p].span, "parameter",
                                 f->params[p].name);
    witan_id id = deprecated_in(l, f->result);
    if (id != WITAN_NO_ID)
        emit(l, R_DEPRECATED_USE, f->span, "the result of `%s` refers to `%s`, deprecated since %s",
             f->name, l->r->types[id].name, deprecated(l->r->types[id].stability));
}

static bool owner_deprecated(linter *l, witan_owner_kind kind, witan_id id)
{
    if (kind == WITAN_OWNER_INTERFACE)
        return deprecated(l->r->interfaces[id].stability) != NULL;
    if (kind == WITAN_OWNER_WORLD)
        return deprecated(l->r->worlds[id].stability) != NULL;
    return false;
}

static void rule_deprecated(linter *l)
{
    const witan_resolve *r = l->r;
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->owner == WITAN_OWNER_NONE || !in_root(l, td->owner, td->owner_id) ||
            deprecated(td->stability) || owner_deprecated(l, td->owner, td->owner_id))
            continue;
        if (is_use_alias(l, i)) {
            const witan_typedef *target = &r->types[td->a.id];
            const witan_interface *from = &r->interfaces[type_interface_dep(l->m, i)];
            if (deprecated(target->stability))
                emit(l, R_DEPRECATED_USE, td->span, "`use` of `%s`, deprecated since %s",
                     target->name, deprecated(target->stability));
            else if (deprecated(from->stability) && from->name)
                emit(l, R_DEPRECATED_USE, td->span,
                     "`use` of `%s` from interface `%s`, deprecated since %s", target->name,
                     from->name, deprecated(from->stability));
            continue;
        }
        if (td->kind == WITAN_TD_ALIAS)
            check_deprecated_ref(l, td->a, td->span, "type", td->name);
        typedef_parts p = typedef_parts_of(td);
        for (uint32_t k = 0; k < p.nfields; k++)
            check_deprecated_ref(l, p.fields[k].type, p.fields[k].span,
                                 td->kind == WITAN_TD_RECORD ? "field" : "case", p.fields[k].name);
        for (uint32_t k = 0; k < p.ntypes; k++)
            check_deprecated_ref(l, p.types[k], td->span, "type", td->name);
    }
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root || deprecated(iface->stability))
            continue;
        for (uint32_t k = 0; k < iface->nfunctions; k++)
            check_deprecated_func(l, &iface->functions[k]);
    }
    for (uint32_t w = 0; w < r->nworlds; w++) {
        const witan_world *world = &r->worlds[w];
        if (world->package != l->root || deprecated(world->stability))
            continue;
        for (int pass = 0; pass < 2; pass++) {
            const witan_world_item *items = pass ? world->exports : world->imports;
            uint32_t n = pass ? world->nexports : world->nimports;
            for (uint32_t k = 0; k < n; k++) {
                const witan_world_item *it = &items[k];
                if (it->kind == WITAN_ITEM_FUNCTION) {
                    check_deprecated_func(l, it->func);
                    continue;
                }
                if (it->kind != WITAN_ITEM_INTERFACE)
                    continue;
                const witan_interface *iface = &r->interfaces[it->id];
                /* world_has_key, a look through the world's slots, last:
                 * asked of every item it made lint quadratic in the
                 * size of a world */
                if (!deprecated(iface->stability) || deprecated(it->stability) ||
                    !world_has_key(l, w, item_key(it), pass))
                    continue;
                /* world elaboration does not keep the item's place: point
                 * at it when known, at the world otherwise */
                emit(l, R_DEPRECATED_USE, span_known(AS_SPAN(it->span)) ? it->span : world->span,
                     "world `%s` %s interface `%s`, deprecated since %s", world->name,
                     pass ? "exports" : "imports", iface->name ? iface->name : "?",
                     deprecated(iface->stability));
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

/* Words bindings generators must rename where they keep a WIT name in
 * lower case (modules, functions, fields, parameters): reserved words of Rust (2024),
 * Go, JavaScript (strict mode, where `arguments` and `eval` cannot be
 * bound), Python and C (C23). Contextual words that stay usable as names
 * (TypeScript's `number`, JavaScript's `get`) are not listed. */
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
    /* JavaScript */
    "case", "catch", "class", "debugger", "delete", "export", "extends", "finally",
    "function", "instanceof", "new", "null", "this", "throw", "void", "with", "implements",
    "private", "protected", "public", "arguments", "eval",
    /* Python */
    "and", "assert", "def", "del", "elif", "except", "from", "global", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise",
    /* C */
    "auto", "char", "double", "float", "int", "long", "register", "restrict", "short",
    "signed", "sizeof", "typedef", "union", "unsigned", "volatile", "inline", "bool",
    "alignas", "alignof", "constexpr", "nullptr",
};

enum { NRESERVED = sizeof reserved / sizeof reserved[0] };

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rule looks up every interface, function, parameter and field name of
 * the package, most of them not keywords: a binary search in a sorted
 * copy (made once per lint) instead of a walk through the whole list. */
static void sort_reserved(const char **sorted)
{
    memcpy(sorted, reserved, sizeof reserved);
    qsort(sorted, NRESERVED, sizeof *sorted, cmp_word);
}

static bool is_reserved(const char *const *sorted, const char *name)
{
    /* every keyword is a few lower-case letters; kebab-case names
     * with a '-' are the common case and need no search */
    for (const char *c = name; *c; c++)
        if (*c < 'a' || *c > 'z')
            return false;
    return bsearch(&name, sorted, NRESERVED, sizeof *sorted, cmp_word) != NULL;
}

/* `sorted`: the reserved-word list (sort_reserved) */
static void check_name(linter *l, const char *const *sorted, const char *name, witan_span at,
                       const char *what)
{
    if (name && is_reserved(sorted, name))
        emit(l, R_RESERVED_WORD, at,
             "%s `%s` is a keyword in a common binding language and will be renamed in generated bindings",
             what, name);
}

static void check_function_names(linter *l, const char *const *sorted,
                                 const witan_function *f)
{
    switch (f->kind) {
    case WITAN_FUNC_FREESTANDING:
    case WITAN_FUNC_ASYNC_FREESTANDING:
        check_name(l, sorted, f->name, f->span, "function");
        break;
    case WITAN_FUNC_METHOD:
    case WITAN_FUNC_ASYNC_METHOD:
    case WITAN_FUNC_STATIC:
    case WITAN_FUNC_ASYNC_STATIC: {
        /* "[method]r.m": the method's own name follows the dot */
        const char *dot = strchr(f->name, '.');
        if (dot)
            check_name(l, sorted, dot + 1, f->span, "function");
        break;
    }
    default:
        break;
    }
    bool has_self = f->kind == WITAN_FUNC_METHOD || f->kind == WITAN_FUNC_ASYNC_METHOD;
    for (uint32_t p = has_self ? 1 : 0; p < f->nparams; p++)
        check_name(l, sorted, f->params[p].name, f->params[p].span, "parameter");
}

static void rule_reserved(linter *l)
{
    const char *sorted[NRESERVED];
    sort_reserved(sorted);
    const witan_resolve *r = l->r;
    for (uint32_t i = 0; i < r->ninterfaces; i++) {
        const witan_interface *iface = &r->interfaces[i];
        if (iface->package != l->root || iface->clone_of != WITAN_NO_ID)
            continue;
        check_name(l, sorted, iface->name, iface->span, "interface");
        for (uint32_t k = 0; k < iface->nfunctions; k++)
            check_function_names(l, sorted, &iface->functions[k]);
    }
    for (uint32_t w = 0; w < r->nworlds; w++) {
        const witan_world *world = &r->worlds[w];
        if (world->package != l->root)
            continue;
        for (int pass = 0; pass < 2; pass++) {
            const witan_world_item *items = pass ? world->exports : world->imports;
            uint32_t n = pass ? world->nexports : world->nimports;
            for (uint32_t k = 0; k < n; k++)
                if (items[k].kind == WITAN_ITEM_FUNCTION)
                    check_function_names(l, sorted, items[k].func);
        }
    }
    /* type names and cases become `CamelCase` or `UPPER_CASE` in most
     * bindings, so only record fields keep their name as written */
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const witan_typedef *td = &r->types[i];
        if (td->kind != WITAN_TD_RECORD || td->owner == WITAN_OWNER_NONE ||
            !in_root(l, td->owner, td->owner_id))
            continue;
        for (uint32_t k = 0; k < td->nfields; k++)
            check_name(l, sorted, td->fields[k].name, td->fields[k].span, "field");
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
 * every offset stays valid) and loading again, up to MAX_ERRORS times.
 * An error is taken for a consequence of an earlier one, and not reported,
 * when it names something a blanked item defined, starts where an earlier
 * error starts, or is an unexpected end of file. Files the first load did
 * not reach (it stopped early) join the context's sources as the repaired
 * loads read them, so their errors keep their place. */

enum { MAX_ERRORS = 100, MAX_DEPTH = 512 };

typedef struct repair {
    VEC(overlay) files;     /* overlay nodes; texts malloc'd */
    VEC(char *) names;      /* identifiers of blanked items */
    bool oom;               /* a name was lost: what is a cascade is not known */
} repair;

static bool is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

static void remember(repair *rp, const char *t, size_t len)
{
    char *n = strndup(t, len);
    if (!n || !VEC_PUSH(rp->names, n)) {
        free(n);
        rp->oom = true;
    }
}

/* Keywords and built-in type names name nothing the user defined. */
static bool is_keyword(const char *t, size_t len)
{
    static const char *const kw[] = {
        "interface", "world", "type", "record", "enum", "flags", "variant", "resource", "use",
        "import", "export", "func", "include", "with", "as", "package", "static", "async",
        "constructor", "list", "option", "result", "tuple", "own", "borrow", "future", "stream",
        "map", "bool", "s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64", "f32", "f64",
        "float32", "float64", "char", "string", "error-context", "since", "unstable",
        "deprecated", "version", "feature", "from"};
    for (size_t w = 0; w < sizeof kw / sizeof kw[0]; w++)
        if (strlen(kw[w]) == len && memcmp(kw[w], t, len) == 0)
            return true;
    return false;
}

/* The name that starts at t[i], after a `%` if any (which makes it no
 * keyword): sets *start and *keyword and returns its end; 0 when no name
 * starts there. */
static size_t name_at(const char *t, size_t i, size_t e, size_t *start, bool *keyword)
{
    bool raw = t[i] == '%';
    size_t j = raw ? i + 1 : i;
    if (j >= e || !is_id_char(t[j]) || t[j] == '-' || (t[j] >= '0' && t[j] <= '9'))
        return 0;
    size_t k = j;
    while (k < e && is_id_char(t[k]))
        k++;
    *start = j;
    *keyword = !raw && is_keyword(t + j, k - j);
    return k;
}

/* Remembers the names a blanked item defined: for an item with a body
 * (`interface x { ... }`) or a `use`, every name in it, since all of them
 * are gone; otherwise (`f: func(x: u32);`) only its own name, so that a
 * later error about another `x` is still reported. */
static void remember_names(repair *rp, const char *t, size_t s, size_t e)
{
    bool all = false, first_token = true;
    size_t first = 0, first_len = 0;
    for (size_t i = s; i < e && !all;) {
        if (t[i] == '/' && i + 1 < e && (t[i + 1] == '/' || t[i + 1] == '*')) {
            i = comment_end(t, e, i);
            continue;
        }
        if (t[i] == '@') { /* @since(...), @unstable(feature = x): not names */
            while (i < e && t[i] != ')')
                i++;
            continue;
        }
        if (t[i] == '{') {
            all = true;
            continue;
        }
        size_t j, k;
        bool keyword;
        if (!(k = name_at(t, i, e, &j, &keyword))) {
            i++;
            continue;
        }
        size_t len = k - j;
        if (first_token && keyword && len == 3 && memcmp(t + j, "use", 3) == 0)
            all = true;
        first_token = false;
        if (!keyword && !first_len) {
            first = j;
            first_len = len;
        }
        i = k;
    }
    if (!all) {
        if (first_len)
            remember(rp, t + first, first_len);
        return;
    }
    for (size_t i = s; i < e;) {
        if (t[i] == '/' && i + 1 < e && (t[i + 1] == '/' || t[i + 1] == '*')) {
            i = comment_end(t, e, i);
            continue;
        }
        size_t j, k;
        bool keyword;
        if (!(k = name_at(t, i, e, &j, &keyword))) {
            i++;
            continue;
        }
        if (!keyword)
            remember(rp, t + j, k - j);
        i = k;
    }
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
                /* `use a.{b};`: the item goes on to its `;` */
                size_t k = j + 1;
                while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n'))
                    k++;
                *e = k < n && t[k] == ';' ? k + 1 : j + 1;
                break;
            }
        } else if (c == ';' && d == 0) {
            *e = j + 1;
            break;
        }
        j++;
    }
    /* at the `}` closing the enclosing block (`abcd }`), the item before
     * it is the problem; otherwise take at least the offending character */
    bool before = false;
    for (size_t k = *s; k < o && k < n && !before; k++)
        before = t[k] != ' ' && t[k] != '\t' && t[k] != '\r' && t[k] != '\n';
    if (*e <= o && o < n && !(before && t[o] == '}'))
        *e = o + 1;
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

/* An error naming something blanked earlier (alone or as part of a path
 * such as `ns:name/iface`) follows from an earlier error. */
static bool is_cascade(const repair *rp, const char *msg)
{
    for (const char *p = strchr(msg, '`'); p; p = strchr(p + 1, '`')) {
        const char *q = strchr(p + 1, '`');
        if (!q)
            break;
        for (const char *c = p + 1; c < q;) {
            const char *w = c;
            while (w < q && is_id_char(*w))
                w++;
            size_t len = (size_t)(w - c);
            for (uint32_t i = 0; i < rp->names.len && len; i++)
                if (strlen(rp->names.items[i]) == len && memcmp(rp->names.items[i], c, len) == 0)
                    return true;
            c = w < q ? w + 1 : w;
        }
        p = q;
    }
    return false;
}

static bool already_reported(witan_ctx *ctx, size_t from, const diag *d)
{
    for (size_t i = from; i < ctx->diags.count; i++) {
        const diag *x = &ctx->diags.items[i];
        if (x->sp.start == d->sp.start && strcmp(diag_message(x), diag_message(d)) == 0 &&
            (x->path == d->path || (x->path && d->path && strcmp(x->path, d->path) == 0)))
            return true;
    }
    return false;
}

static bool error_at(witan_ctx *ctx, size_t from, span sp)
{
    for (size_t i = from; i < ctx->diags.count && span_known(sp); i++)
        if (ctx->diags.items[i].severity == DIAG_ERROR && ctx->diags.items[i].sp.start == sp.start)
            return true;
    return false;
}

/* The parent's copy of a file the child read, added to the parent's
 * sources (with the text as read from disk) when the first load stopped
 * before reaching it. */
static source *parent_source(witan_ctx *ctx, const source *child_src)
{
    for (size_t i = 0; i < ctx->sources.count; i++)
        if (strcmp(ctx->sources.files[i]->path, child_src->path) == 0)
            return ctx->sources.files[i];
    char *copy = malloc((size_t)child_src->len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, child_src->text, child_src->len);
    copy[child_src->len] = 0;
    return source_map_add(&ctx->sources, child_src->path, copy, child_src->len);
}

/* A span of the child's offset space in the parent's. Files keep their
 * length when repaired, so only the file's base differs. */
static span translate(witan_ctx *ctx, witan_ctx *child, span sp)
{
    source *cs = source_map_find(&child->sources, sp.start);
    if (!span_known(sp) || !cs)
        return SPAN_NONE;
    source *ps = parent_source(ctx, cs);
    if (!ps || ps->len != cs->len)
        return SPAN_NONE;
    uint32_t end = sp.end < sp.start ? sp.start : sp.end;
    if (end > cs->base + cs->len + 1)
        end = cs->base + cs->len + 1;
    return (span){ps->base + (sp.start - cs->base), ps->base + (end - cs->base)};
}

/* A diagnostic of the child with its spans in the parent's offset space. */
static diag translated(witan_ctx *ctx, witan_ctx *child, const diag *d)
{
    diag t = *d;
    t.sp = translate(ctx, child, d->sp);
    for (int i = 0; i < d->nextra && i < 2; i++)
        t.extra[i] = translate(ctx, child, d->extra[i]);
    /* a location that cannot be carried over still names its file */
    if (span_known(d->sp) && !span_known(t.sp) && !t.path) {
        source *cs = source_map_find(&child->sources, d->sp.start);
        t.path = cs ? (char *)cs->path : NULL;
    }
    return t;
}

static void copy_diag(witan_ctx *ctx, const diag *d)
{
    diag *n = diag_add(&ctx->diags, d->severity, d->rule, d->sp, "%s", diag_message(d));
    if (!n)
        return;
    n->context = d->context ? strdup(d->context) : NULL;
    n->path = d->path ? strdup(d->path) : NULL;
    if ((d->context && !n->context) || (d->path && !n->path))
        ctx->oom = true;
    n->io = d->io;
    n->nextra = d->nextra;
    memcpy(n->extra, d->extra, sizeof n->extra);
}

/* Adds a repairable copy of a file; the list is re-linked before each load
 * because pushing may move it. */
static overlay *add_overlay(repair *rp, const char *path, const char *text, uint32_t len)
{
    char *copy = malloc((size_t)len + 1);
    char *name = strdup(path);
    if (!copy || !name) {
        free(copy);
        free(name);
        return NULL;
    }
    memcpy(copy, text, len);
    copy[len] = 0;
    overlay o = {NULL, name, copy, len};
    if (!VEC_PUSH(rp->files, o)) {
        free(copy);
        free(name);
        return NULL;
    }
    return &rp->files.items[rp->files.len - 1];
}

static overlay *find_overlay(repair *rp, const char *path)
{
    for (uint32_t i = 0; i < rp->files.len; i++)
        if (strcmp(rp->files.items[i].path, path) == 0)
            return &rp->files.items[i];
    return NULL;
}

static void find_more_errors(witan_ctx *ctx, const char *path, size_t from)
{
    repair rp;
    memset(&rp, 0, sizeof rp);
    /* copies of every file read, to be repaired */
    for (size_t i = 0; i < ctx->sources.count; i++) {
        source *src = ctx->sources.files[i];
        if (!add_overlay(&rp, src->path, src->text, src->len)) {
            rp.oom = true;
            goto out;
        }
    }
    span at = SPAN_NONE;
    for (size_t i = from; i < ctx->diags.count; i++)
        if (ctx->diags.items[i].severity == DIAG_ERROR) {
            at = ctx->diags.items[i].sp;
            break;
        }
    for (int round = 0; round < MAX_ERRORS; round++) {
        /* `at` is in the parent's offset space */
        source *src = source_map_find(&ctx->sources, at.start);
        if (!span_known(at) || !src)
            break;
        overlay *f = find_overlay(&rp, src->path);
        if (!f && !(f = add_overlay(&rp, src->path, src->text, src->len))) {
            rp.oom = true;
            break;
        }
        if (!blank(&rp, f, at.start - src->base))
            break;
        for (uint32_t i = 0; i < rp.files.len; i++)
            rp.files.items[i].next = i + 1 < rp.files.len ? &rp.files.items[i + 1] : NULL;
        witan_ctx *child = witan_ctx_new();
        if (!child) {
            rp.oom = true;
            break;
        }
        child->strict = ctx->strict;
        child->all_features = ctx->all_features;
        child->features = ctx->features;
        child->nfeatures = ctx->nfeatures;
        child->overlay = rp.files.len ? &rp.files.items[0] : NULL;
        const witan_resolve *r;
        witan_status st = witan_resolve_path(child, path, &r);
        at = SPAN_NONE;
        for (size_t i = 0; i < child->diags.count; i++) {
            diag d = translated(ctx, child, &child->diags.items[i]);
            if (already_reported(ctx, from, &d))
                continue;
            if (d.severity == DIAG_ERROR) {
                at = d.sp;
                /* two problems do not start at one place, and an end of
                 * file reached after a repair is the unclosed brace of an
                 * error already reported, or the repair's own doing */
                if (is_cascade(&rp, diag_message(&d)) || error_at(ctx, from, d.sp) ||
                    strstr(diag_message(&d), "found eof"))
                    continue;
            }
            copy_diag(ctx, &d);
        }
        /* errors found with memory missing are not the input's */
        if (witan_out_of_memory(child))
            rp.oom = true;
        child->features = NULL; /* borrowed */
        witan_ctx_free(child);
        if (rp.oom || st == WITAN_OK || !span_known(at))
            break;
    }
out:
    if (rp.oom)
        ctx->oom = true;
    for (uint32_t i = 0; i < rp.files.len; i++) {
        free((char *)rp.files.items[i].text);
        free((char *)rp.files.items[i].path);
    }
    free(rp.files.items);
    for (uint32_t i = 0; i < rp.names.len; i++)
        free(rp.names.items[i]);
    free(rp.names.items);
}

/* Errors of the input first, in the order found (the first is the
 * reference's), then the findings of the rules and directive warnings in
 * source order; a finding without a location goes last. */
typedef struct order_key {
    bool finding;
    uint32_t at;
    size_t index;
} order_key;

static int order_cmp(const void *pa, const void *pb)
{
    const order_key *a = pa, *b = pb;
    if (a->finding != b->finding)
        return a->finding ? 1 : -1;
    if (a->finding && a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void order_diags(witan_ctx *ctx, size_t from)
{
    diag_list *dl = &ctx->diags;
    size_t n = dl->count - from;
    if (n < 2)
        return;
    order_key *keys = malloc(n * sizeof *keys);
    diag *copy = malloc(n * sizeof *copy);
    if (!keys || !copy) {
        free(keys);
        free(copy);
        ctx->oom = true;    /* out of order, the findings would mislead */
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const diag *d = &dl->items[from + i];
        keys[i].finding = d->rule || d->severity == DIAG_WARNING;
        keys[i].at = span_known(d->sp) ? d->sp.start : UINT32_MAX;
        keys[i].index = i;
    }
    qsort(keys, n, sizeof *keys, order_cmp);
    memcpy(copy, dl->items + from, n * sizeof *copy);
    for (size_t i = 0; i < n; i++)
        dl->items[from + i] = copy[keys[i].index];
    free(keys);
    free(copy);
}


witan_status witan_lint_path(witan_ctx *ctx, const char *path, const char *world_name)
{
    /* the rules go over the text in several passes, each sized by the one
     * before: they need a copy no other program can change, not a
     * mapping (mapfile.h); the caller's setting comes back at the end */
    bool map_files = ctx->map_files;
    ctx->map_files = false;
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
        if (!world_name || witan_select_world(ctx, r, world_name, &l.world) == WITAN_OK) {
            l.json = calloc(r->ntypes ? r->ntypes : 1, 1);
            if (l.json && markset_init(&l.walk, r->ntypes) && markset_init(&l.made, r->ntypes)) {
                rule_unused_use(&l);
                rule_worlds(&l);
                rule_types(&l);
                rule_deprecated(&l);
                rule_missing_since(&l);
                rule_reserved(&l);
            } else {
                ctx->oom = true;
            }
            ptrmap_free(&l.reported);
            free(l.json);
            free(l.walk.stamp);
            free(l.made.stamp);
        }
    } else if (st == WITAN_EINPUT) {
        find_more_errors(ctx, path, from);
    }
    apply_levels(ctx, from);
    order_diags(ctx, from);
    ctx->map_files = map_files;
    return ctx_status(ctx, from);
}

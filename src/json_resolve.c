/* The resolved model as JSON, byte for byte what wit-parser prints with
 * `serde_json::to_string_pretty(&resolve)` (shared/spec/RESOLVE-JSON.md).
 *
 * A streaming writer straight into the buffer it returns: the document is
 * about five times the size of the WIT it comes from, nearly half of it
 * indentation, so every byte must be cheap. Each line starts with one
 * capacity check that covers every fixed-size write up to the next line
 * (SLACK bytes); only strings, whose length is not bounded, check for
 * themselves. The indent is one fixed 64-byte copy of which only the
 * needed part is kept. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "model.h"

enum { SLACK = 256, INDENT_MAX = 31 };

/* serde_json's PrettyFormatter state. `empty` is set by `{`/`[` and
 * cleared by the first member, so a container closed while it is still
 * set is printed `{}`/`[]` on one line, as serde_json does. A nested
 * container always follows a member of its parent, which is why one flag
 * is enough and no stack is needed. */
typedef struct writer {
    char *p;            /* next byte to write */
    char *lim;          /* from here on, fewer than SLACK bytes are left */
    char *base;
    size_t cap;
    unsigned depth;
    int empty;
    int failed;         /* out of memory: writes go to the start, result dropped */
    int interned;       /* the model is one witan built: see put_name */
    witan_ctx *ctx;     /* the docs' sources; NULL: none to read */
    /* when set, the text so far goes here whenever the buffer is full,
     * and the buffer starts again (witan_resolve_json_write) */
    witan_write_fn sink;
    void *sink_arg;
} writer;

/* ------------------------------------------------------------ text */

/* Hands the text so far to the sink and starts the buffer again; a
 * refused piece fails the writer. */
static void flush(writer *w)
{
    if (w->p > w->base && w->sink(w->sink_arg, w->base, (size_t)(w->p - w->base)) != 0)
        w->failed = 1;
    w->p = w->base;
}

/* Makes room for n more bytes plus SLACK. On failure the writer keeps
 * going over the start of its buffer (at least 2 * SLACK long), so no
 * caller needs to check; the result is dropped at the end. Returns 0
 * when the n bytes themselves would not fit. */
static int grow(writer *w, size_t n)
{
    if (w->sink && !w->failed) {
        flush(w);
        if (!w->failed && n + SLACK <= w->cap)
            return 1;
    }
    size_t used = (size_t)(w->p - w->base);
    if (!w->failed) {
        size_t cap = w->cap * 2;
        while (cap < used + n + SLACK)
            cap *= 2;
        char *b = realloc(w->base, cap);
        if (b) {
            w->base = b;
            w->cap = cap;
            w->p = b + used;
            w->lim = b + cap - SLACK;
            return 1;
        }
        w->failed = 1;
    }
    w->p = w->base;
    return n + SLACK <= w->cap;
}

static inline int reserve(writer *w, size_t n)
{
    if (w->p <= w->lim && (size_t)(w->lim - w->p) >= n)
        return 1;
    return grow(w, n);
}

/* A literal: its length is a constant, so the copy is a few stores. */
#define PUT_LIT(w, s) (memcpy((w)->p, s, sizeof(s) - 1), (w)->p += sizeof(s) - 1)

static inline void put_c(writer *w, char c) { *w->p++ = c; }

static void newline_deep(writer *w)
{
    *w->p++ = '\n';
    for (unsigned i = 0; i < w->depth; i++) {
        if (!reserve(w, 2))
            return;
        *w->p++ = ' ';
        *w->p++ = ' ';
    }
}

/* A newline and the indent; also the one capacity check of the line. */
static inline void newline(writer *w)
{
    static const char line[64] =
        "\n                                                              ";
    if (w->p > w->lim)
        grow(w, 0);
    if (w->depth > INDENT_MAX) {
        newline_deep(w);
        return;
    }
    memcpy(w->p, line, sizeof line);
    w->p += 1 + 2 * (size_t)w->depth;
}

static inline void push(writer *w, char c)
{
    put_c(w, c);
    w->depth++;
    w->empty = 1;
}

static inline void pop(writer *w, char c)
{
    w->depth--;
    if (!w->empty)
        newline(w);
    put_c(w, c);
    w->empty = 0;
}

/* Starts an array element (or, through MEMBER, an object member): the
 * separator of the previous one, then the indent. */
static inline void element(writer *w)
{
    *w->p = ',';
    w->p += !w->empty;
    newline(w);
    w->empty = 0;
}

/* A member whose key is one of ours: a literal, nothing to escape. */
#define MEMBER(w, key) (element(w), PUT_LIT(w, "\"" key "\": "))

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static void add_u32(writer *w, uint32_t n)
{
    if (n < 10) {
        *w->p++ = (char)('0' + n);
        return;
    }
    unsigned len = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5
                 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8
                 : n < 1000000000 ? 9 : 10;
    char *e = w->p + len;
    while (n >= 100) {
        unsigned k = (n % 100) * 2;
        n /= 100;
        *--e = digit_pairs[k + 1];
        *--e = digit_pairs[k];
    }
    if (n >= 10) {
        *--e = digit_pairs[n * 2 + 1];
        *--e = digit_pairs[n * 2];
    } else {
        *--e = (char)('0' + n);
    }
    w->p += len;
}

/* serde_json escapes only `"`, `\` and bytes below 0x20; everything else
 * (U+007F, `/`, non-ASCII) is copied as is, as json_quote does. NULL, an
 * optional string the reference prints as null (a type's or interface's
 * name), is written `null`. */
static void add_string(writer *w, const char *s)
{
    if (!s) {
        PUT_LIT(w, "null");
        return;
    }
    size_t n = strlen(s);
    if (reserve(w, 6 * n + 2))
        w->p = json_quote(w->p, s, n);
}

/* A name of the model. In a model witan built every name is interned
 * and is an identifier, a built name ("[method]r.m") or a package name,
 * none of which has anything to escape (model.h), so its length is read
 * from the interned string and it is copied whole. "" is the one name
 * that may not be interned. */
static void put_name(writer *w, const char *s)
{
    if (!w->interned || !s || !*s) {
        add_string(w, s);
        return;
    }
    size_t n = istr_len(s);
    if (!reserve(w, n + 2))
        return;
    put_c(w, '"');
    memcpy(w->p, s, n);
    w->p += n;
    put_c(w, '"');
}

/* A member keyed by a name from the WIT source. */
static void member_name(writer *w, const char *key)
{
    element(w);
    put_name(w, key ? key : "");
    PUT_LIT(w, ": ");
}

/* Ids the reference keeps as `Option<Id>` (a package of an interface or
 * world) are null when absent. */
static void add_id_or_null(writer *w, witan_id id)
{
    if (id == WITAN_NO_ID)
        PUT_LIT(w, "null");
    else
        add_u32(w, id);
}

/* ------------------------------------------------------------ model */

/* Quoted, with their lengths: written with one fixed-size copy. */
static const struct {
    char text[16];
    uint8_t len;
} primitive_names[] = {
    [WITAN_TYPE_BOOL] = {"\"bool\"", 6},     [WITAN_TYPE_U8] = {"\"u8\"", 4},
    [WITAN_TYPE_U16] = {"\"u16\"", 5},       [WITAN_TYPE_U32] = {"\"u32\"", 5},
    [WITAN_TYPE_U64] = {"\"u64\"", 5},       [WITAN_TYPE_S8] = {"\"s8\"", 4},
    [WITAN_TYPE_S16] = {"\"s16\"", 5},       [WITAN_TYPE_S32] = {"\"s32\"", 5},
    [WITAN_TYPE_S64] = {"\"s64\"", 5},       [WITAN_TYPE_F32] = {"\"f32\"", 5},
    [WITAN_TYPE_F64] = {"\"f64\"", 5},       [WITAN_TYPE_CHAR] = {"\"char\"", 6},
    [WITAN_TYPE_STRING] = {"\"string\"", 8}, [WITAN_TYPE_ERROR_CONTEXT] = {"\"error-context\"", 15},
};

/* NONE is written as null: every place where the model allows NONE is an
 * `Option<Type>` in the reference. */
static void type_ref(writer *w, witan_type t)
{
    if (t.kind == WITAN_TYPE_ID) {
        add_u32(w, t.id);
    } else if (t.kind > WITAN_TYPE_NONE && t.kind < WITAN_TYPE_ID) {
        memcpy(w->p, primitive_names[t.kind].text, 16);
        w->p += primitive_names[t.kind].len;
    } else {
        PUT_LIT(w, "null");
    }
}

static void docs(writer *w, witan_docs d)
{
    const char *contents;
    if (!w->ctx || !d.count)
        return;
    if (!docs_read(w->ctx, d, &contents)) {
        w->failed = 1;
        return;
    }
    if (!contents)
        return;
    MEMBER(w, "docs");
    push(w, '{');
    MEMBER(w, "contents");
    add_string(w, contents);
    pop(w, '}');
}

static void stability(writer *w, const witan_stability *s)
{
    if (!s || s->kind == WITAN_STABILITY_UNKNOWN)
        return;
    MEMBER(w, "stability");
    push(w, '{');
    if (s->kind == WITAN_STABILITY_STABLE) {
        MEMBER(w, "stable");
        push(w, '{');
        MEMBER(w, "since");
        add_string(w, s->since);
    } else {
        MEMBER(w, "unstable");
        push(w, '{');
        MEMBER(w, "feature");
        add_string(w, s->feature);
    }
    if (s->deprecated) {
        MEMBER(w, "deprecated");
        add_string(w, s->deprecated);
    }
    pop(w, '}');
    pop(w, '}');
}

static void external_id(writer *w, const char *id)
{
    if (!id)
        return;
    MEMBER(w, "external_id");
    add_string(w, id);
}

/* `{"name": 3, ...}`: maps of names to ids. */
static void id_map(writer *w, const witan_named_id *ids, uint32_t n)
{
    push(w, '{');
    for (uint32_t i = 0; i < n; i++) {
        member_name(w, ids[i].name);
        add_u32(w, ids[i].id);
    }
    pop(w, '}');
}

static void function(writer *w, const witan_function *f)
{
    push(w, '{');
    MEMBER(w, "name");
    put_name(w, f->name);
    MEMBER(w, "kind");
    switch (f->kind) {
    case WITAN_FUNC_FREESTANDING:
        PUT_LIT(w, "\"freestanding\"");
        break;
    case WITAN_FUNC_ASYNC_FREESTANDING:
        PUT_LIT(w, "\"async-freestanding\"");
        break;
    default:
        /* `{"method": 3}` and the like */
        push(w, '{');
        switch (f->kind) {
        case WITAN_FUNC_METHOD: MEMBER(w, "method"); break;
        case WITAN_FUNC_ASYNC_METHOD: MEMBER(w, "async-method"); break;
        case WITAN_FUNC_STATIC: MEMBER(w, "static"); break;
        case WITAN_FUNC_ASYNC_STATIC: MEMBER(w, "async-static"); break;
        default: MEMBER(w, "constructor"); break;
        }
        add_u32(w, f->resource);
        pop(w, '}');
        break;
    }
    MEMBER(w, "params");
    push(w, '[');
    for (uint32_t i = 0; i < f->nparams; i++) {
        element(w);
        push(w, '{');
        /* skipped by the reference when empty; WIT cannot write such a
         * parameter, but a model decoded from a component could hold one */
        if (f->params[i].name && f->params[i].name[0]) {
            MEMBER(w, "name");
            put_name(w, f->params[i].name);
        }
        MEMBER(w, "type");
        type_ref(w, f->params[i].type);
        pop(w, '}');
    }
    pop(w, ']');
    if (f->result.kind != WITAN_TYPE_NONE) {
        MEMBER(w, "result");
        type_ref(w, f->result);
    }
    docs(w, f->docs);
    stability(w, f->stability);
    external_id(w, f->external_id);
    pop(w, '}');
}

/* Record fields, variant cases, enum cases and flags differ only in
 * whether they carry a type: `with_type` is 0 for enums and flags. */
static void fields(writer *w, const witan_typedef *td, int with_type)
{
    push(w, '[');
    for (uint32_t i = 0; i < td->nfields; i++) {
        const witan_field *f = &td->fields[i];
        element(w);
        push(w, '{');
        MEMBER(w, "name");
        put_name(w, f->name);
        if (with_type) {
            MEMBER(w, "type");
            type_ref(w, f->type);
        }
        docs(w, f->docs);
        pop(w, '}');
    }
    pop(w, ']');
}

static void typedef_kind(writer *w, const witan_typedef *td)
{
    switch (td->kind) {
    case WITAN_TD_RESOURCE:
        PUT_LIT(w, "\"resource\"");
        return;
    case WITAN_TD_UNKNOWN:
        /* never left after resolution; this is the reference's spelling */
        PUT_LIT(w, "\"unknown\"");
        return;
    default:
        break;
    }
    push(w, '{');
    switch (td->kind) {
    case WITAN_TD_RECORD:
        MEMBER(w, "record");
        push(w, '{');
        MEMBER(w, "fields");
        fields(w, td, 1);
        pop(w, '}');
        break;
    case WITAN_TD_FLAGS:
        MEMBER(w, "flags");
        push(w, '{');
        MEMBER(w, "flags");
        fields(w, td, 0);
        pop(w, '}');
        break;
    case WITAN_TD_VARIANT:
        MEMBER(w, "variant");
        push(w, '{');
        MEMBER(w, "cases");
        fields(w, td, 1);
        pop(w, '}');
        break;
    case WITAN_TD_ENUM:
        MEMBER(w, "enum");
        push(w, '{');
        MEMBER(w, "cases");
        fields(w, td, 0);
        pop(w, '}');
        break;
    case WITAN_TD_HANDLE_OWN:
    case WITAN_TD_HANDLE_BORROW:
        MEMBER(w, "handle");
        push(w, '{');
        if (td->kind == WITAN_TD_HANDLE_OWN)
            MEMBER(w, "own");
        else
            MEMBER(w, "borrow");
        add_u32(w, td->resource);
        pop(w, '}');
        break;
    case WITAN_TD_TUPLE:
        MEMBER(w, "tuple");
        push(w, '{');
        MEMBER(w, "types");
        push(w, '[');
        for (uint32_t i = 0; i < td->ntypes; i++) {
            element(w);
            type_ref(w, td->types[i]);
        }
        pop(w, ']');
        pop(w, '}');
        break;
    case WITAN_TD_RESULT:
        MEMBER(w, "result");
        push(w, '{');
        MEMBER(w, "ok");
        type_ref(w, td->a);
        MEMBER(w, "err");
        type_ref(w, td->b);
        pop(w, '}');
        break;
    case WITAN_TD_MAP:
    case WITAN_TD_FIXED_LIST:
        /* Rust tuple variants, serialised as two-element arrays */
        if (td->kind == WITAN_TD_MAP)
            MEMBER(w, "map");
        else
            MEMBER(w, "fixed-length-list");
        push(w, '[');
        element(w);
        type_ref(w, td->a);
        element(w);
        if (td->kind == WITAN_TD_MAP)
            type_ref(w, td->b);
        else
            add_u32(w, td->size);
        pop(w, ']');
        break;
    case WITAN_TD_OPTION:
        MEMBER(w, "option");
        type_ref(w, td->a);
        break;
    case WITAN_TD_LIST:
        MEMBER(w, "list");
        type_ref(w, td->a);
        break;
    case WITAN_TD_FUTURE:
        MEMBER(w, "future");
        type_ref(w, td->a);
        break;
    case WITAN_TD_STREAM:
        MEMBER(w, "stream");
        type_ref(w, td->a);
        break;
    default:
        MEMBER(w, "type");
        type_ref(w, td->a);
        break;
    }
    pop(w, '}');
}

static void type_def(writer *w, const witan_typedef *td)
{
    push(w, '{');
    MEMBER(w, "name");
    put_name(w, td->name);
    MEMBER(w, "kind");
    typedef_kind(w, td);
    MEMBER(w, "owner");
    if (td->owner == WITAN_OWNER_NONE) {
        PUT_LIT(w, "null");
    } else {
        push(w, '{');
        if (td->owner == WITAN_OWNER_INTERFACE)
            MEMBER(w, "interface");
        else
            MEMBER(w, "world");
        add_u32(w, td->owner_id);
        pop(w, '}');
    }
    docs(w, td->docs);
    stability(w, td->stability);
    external_id(w, td->external_id);
    pop(w, '}');
}

static void interface(writer *w, const witan_interface *iface)
{
    push(w, '{');
    MEMBER(w, "name");
    put_name(w, iface->name);
    MEMBER(w, "types");
    id_map(w, iface->types, iface->ntypes);
    MEMBER(w, "functions");
    push(w, '{');
    for (uint32_t i = 0; i < iface->nfunctions; i++) {
        member_name(w, iface->functions[i].name);
        function(w, &iface->functions[i]);
    }
    pop(w, '}');
    docs(w, iface->docs);
    stability(w, iface->stability);
    MEMBER(w, "package");
    add_id_or_null(w, iface->package);
    if (iface->clone_of != WITAN_NO_ID) {
        MEMBER(w, "clone_of");
        add_u32(w, iface->clone_of);
    }
    pop(w, '}');
}

static void world_item(writer *w, const witan_world_item *item)
{
    if (item->name) {
        member_name(w, item->name);
    } else {
        element(w);
        PUT_LIT(w, "\"interface-");
        add_u32(w, item->key_interface);
        PUT_LIT(w, "\": ");
    }
    push(w, '{');
    switch (item->kind) {
    case WITAN_ITEM_INTERFACE:
        MEMBER(w, "interface");
        push(w, '{');
        MEMBER(w, "id");
        add_u32(w, item->id);
        stability(w, item->stability);
        external_id(w, item->external_id);
        docs(w, item->docs);
        pop(w, '}');
        break;
    case WITAN_ITEM_FUNCTION:
        MEMBER(w, "function");
        if (item->func)
            function(w, item->func);
        else
            PUT_LIT(w, "null");
        break;
    case WITAN_ITEM_TYPE:
        MEMBER(w, "type");
        add_u32(w, item->id);
        break;
    }
    pop(w, '}');
}

static void world_items(writer *w, const witan_world_item *items, uint32_t n)
{
    push(w, '{');
    for (uint32_t i = 0; i < n; i++)
        world_item(w, &items[i]);
    pop(w, '}');
}

static void world(writer *w, const witan_world *wd)
{
    push(w, '{');
    MEMBER(w, "name");
    put_name(w, wd->name);
    MEMBER(w, "imports");
    world_items(w, wd->imports, wd->nimports);
    MEMBER(w, "exports");
    world_items(w, wd->exports, wd->nexports);
    MEMBER(w, "package");
    add_id_or_null(w, wd->package);
    docs(w, wd->docs);
    stability(w, wd->stability);
    pop(w, '}');
}

/* `name` is the whole "ns:name@version"; it is rebuilt from its parts
 * only for a model filled by hand without it. */
static void package_name(writer *w, const witan_package *p)
{
    buf name;

    if (p->name) {
        put_name(w, p->name);
        return;
    }
    buf_init(&name);
    buf_printf(&name, "%s:%s", p->namespace_ ? p->namespace_ : "",
               p->pkg_name ? p->pkg_name : "");
    if (p->version)
        buf_printf(&name, "@%s", p->version);
    if (name.failed)
        w->failed = 1;
    else
        add_string(w, name.data);
    buf_free(&name);
}

static void package(writer *w, const witan_package *p)
{
    push(w, '{');
    MEMBER(w, "name");
    package_name(w, p);
    docs(w, p->docs);
    MEMBER(w, "interfaces");
    id_map(w, p->interfaces, p->ninterfaces);
    MEMBER(w, "worlds");
    id_map(w, p->worlds, p->nworlds);
    pop(w, '}');
}

/* One top-level array: `"worlds": [...]` and the like. */
#define ARRAY(w, key, items, n, write)          \
    do {                                        \
        MEMBER(w, key);                         \
        push(w, '[');                           \
        for (uint32_t i_ = 0; i_ < (n); i_++) { \
            element(w);                         \
            write(w, &(items)[i_]);             \
        }                                       \
        pop(w, ']');                            \
    } while (0)

/* The whole document into w, whose buffer is `cap` bytes or more. */
static void write_model(writer *w, witan_ctx *ctx, const witan_resolve *r, size_t cap)
{
    w->cap = cap;
    w->base = malloc(w->cap);
    if (!w->base) {
        w->failed = 1;
        return;
    }
    w->p = w->base;
    w->lim = w->base + w->cap - SLACK;
    w->interned = ctx && ctx->model && r == &ctx->model->pub;
    w->ctx = ctx;

    push(w, '{');
    ARRAY(w, "worlds", r->worlds, r->nworlds, world);
    ARRAY(w, "interfaces", r->interfaces, r->ninterfaces, interface);
    ARRAY(w, "types", r->types, r->ntypes, type_def);
    ARRAY(w, "packages", r->packages, r->npackages, package);
    pop(w, '}');
}

char *witan_resolve_json(witan_ctx *ctx, const witan_resolve *r)
{
    writer w;
    memset(&w, 0, sizeof w);
    /* a first guess from the model's size; the buffer doubles as needed */
    write_model(&w, ctx, r, 4 * SLACK + (size_t)r->ntypes * 160 + (size_t)r->ninterfaces * 1024 +
                                (size_t)r->nworlds * 1024);
    if (w.failed) {
        free(w.base);
        return NULL;
    }
    put_c(&w, 0);
    return w.base;
}

int witan_resolve_json_write(witan_ctx *ctx, const witan_resolve *r, witan_write_fn write,
                             void *arg)
{
    writer w;
    memset(&w, 0, sizeof w);
    w.sink = write;
    w.sink_arg = arg;
    write_model(&w, ctx, r, JSON_PIECE);
    if (!w.failed)
        flush(&w);
    free(w.base);
    return w.failed ? -1 : 0;
}

/* The resolved model as JSON, byte for byte what wit-parser prints with
 * `serde_json::to_string_pretty(&resolve)` (shared/spec/RESOLVE-JSON.md).
 *
 * A streaming writer: models of large dependency trees produce documents
 * of 100+ MB, so text goes straight into one growable buffer, with no
 * tree in between and no printf per value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "witan.h"

/* serde_json's PrettyFormatter state. `empty` is set by `{`/`[` and
 * cleared by the first member, so a container closed while it is still
 * set is printed `{}`/`[]` on one line, as serde_json does. A nested
 * container always follows a member of its parent, which is why one flag
 * is enough and no stack is needed.
 *
 * Output is gathered in `stage` and moved to `out` a chunk at a time:
 * most writes are a few bytes, and going through buf_add for each of
 * them cost more than all the rest of the writer. */
typedef struct writer {
    buf out;
    unsigned depth;
    int empty;
    size_t staged;
    char stage[1 << 16];
} writer;

/* ------------------------------------------------------------ text */

static void flush(writer *w)
{
    buf_add(&w->out, w->stage, w->staged);
    w->staged = 0;
}

static void put(writer *w, const void *p, size_t n)
{
    if (n > sizeof w->stage - w->staged) {
        flush(w);
        if (n > sizeof w->stage) {
            buf_add(&w->out, p, n);
            return;
        }
    }
    memcpy(w->stage + w->staged, p, n);
    w->staged += n;
}

static void put_c(writer *w, char c)
{
    if (w->staged == sizeof w->stage)
        flush(w);
    w->stage[w->staged++] = c;
}

static void put_s(writer *w, const char *s) { put(w, s, strlen(s)); }

/* A newline and the indent in one copy; the model never nests deeper
 * than a dozen levels, the loop is only there to stay correct anyway. */
static void newline(writer *w)
{
    static const char line[] = "\n                                                                ";
    size_t n = 1 + (size_t)w->depth * 2;
    size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
    put(w, line, k);
    for (n -= k; n > 0; n--)
        put_c(w, ' ');
}

static void push(writer *w, char c)
{
    put_c(w, c);
    w->depth++;
    w->empty = 1;
}

static void pop(writer *w, char c)
{
    w->depth--;
    if (!w->empty)
        newline(w);
    put_c(w, c);
    w->empty = 0;
}

/* Starts an array element (or, through the two functions below, an
 * object member): the separator of the previous one, then the indent. */
static void element(writer *w)
{
    if (!w->empty)
        put_c(w, ',');
    newline(w);
    w->empty = 0;
}

static void add_u32(writer *w, uint32_t n)
{
    char digits[10];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    put(w, digits + i, sizeof digits - i);
}

static void add_escape(writer *w, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    switch (c) {
    case '"': put(w, "\\\"", 2); return;
    case '\\': put(w, "\\\\", 2); return;
    case '\b': put(w, "\\b", 2); return;
    case '\t': put(w, "\\t", 2); return;
    case '\n': put(w, "\\n", 2); return;
    case '\f': put(w, "\\f", 2); return;
    case '\r': put(w, "\\r", 2); return;
    default: put(w, e, sizeof e); return;
    }
}

/* serde_json escapes only `"`, `\` and bytes below 0x20; everything else
 * (U+007F, `/`, non-ASCII) is copied as is. Unescaped runs are copied
 * in one piece. NULL, an optional string the reference prints as null
 * (a type's or interface's name), is written `null`. */
static void add_string(writer *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    if (!s) {
        put(w, "null", 4);
        return;
    }
    put_c(w, '"');
    for (; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        put(w, run, (size_t)(p - run));
        add_escape(w, *p);
        run = p + 1;
    }
    put(w, run, (size_t)(p - run));
    put_c(w, '"');
}

/* A member whose key is one of ours: plain ASCII, nothing to escape. */
static void member(writer *w, const char *key)
{
    element(w);
    put_c(w, '"');
    put_s(w, key);
    put(w, "\": ", 3);
}

/* A member keyed by a name from the WIT source. */
static void member_name(writer *w, const char *key)
{
    element(w);
    add_string(w, key ? key : "");
    put(w, ": ", 2);
}

static void add_null(writer *w) { put(w, "null", 4); }

/* Ids the reference keeps as `Option<Id>` (a package of an interface or
 * world) are null when absent. */
static void add_id_or_null(writer *w, witan_id id)
{
    if (id == WITAN_NO_ID)
        add_null(w);
    else
        add_u32(w, id);
}

/* ------------------------------------------------------------ model */

static const char *const primitive_names[] = {
    [WITAN_TYPE_BOOL] = "bool",     [WITAN_TYPE_U8] = "u8",
    [WITAN_TYPE_U16] = "u16",       [WITAN_TYPE_U32] = "u32",
    [WITAN_TYPE_U64] = "u64",       [WITAN_TYPE_S8] = "s8",
    [WITAN_TYPE_S16] = "s16",       [WITAN_TYPE_S32] = "s32",
    [WITAN_TYPE_S64] = "s64",       [WITAN_TYPE_F32] = "f32",
    [WITAN_TYPE_F64] = "f64",       [WITAN_TYPE_CHAR] = "char",
    [WITAN_TYPE_STRING] = "string", [WITAN_TYPE_ERROR_CONTEXT] = "error-context",
};

/* NONE is written as null: every place where the model allows NONE is an
 * `Option<Type>` in the reference. */
static void type_ref(writer *w, witan_type t)
{
    if (t.kind == WITAN_TYPE_ID) {
        add_u32(w, t.id);
    } else if (t.kind > WITAN_TYPE_NONE && t.kind < WITAN_TYPE_ID) {
        put_c(w, '"');
        put_s(w, primitive_names[t.kind]);
        put_c(w, '"');
    } else {
        add_null(w);
    }
}

static void docs(writer *w, const char *contents)
{
    if (!contents)
        return;
    member(w, "docs");
    push(w, '{');
    member(w, "contents");
    add_string(w, contents);
    pop(w, '}');
}

static void stability(writer *w, const witan_stability *s)
{
    if (s->kind == WITAN_STABILITY_UNKNOWN)
        return;
    member(w, "stability");
    push(w, '{');
    if (s->kind == WITAN_STABILITY_STABLE) {
        member(w, "stable");
        push(w, '{');
        member(w, "since");
        add_string(w, s->since);
    } else {
        member(w, "unstable");
        push(w, '{');
        member(w, "feature");
        add_string(w, s->feature);
    }
    if (s->deprecated) {
        member(w, "deprecated");
        add_string(w, s->deprecated);
    }
    pop(w, '}');
    pop(w, '}');
}

static void external_id(writer *w, const char *id)
{
    if (!id)
        return;
    member(w, "external_id");
    add_string(w, id);
}

/* `{"interfaces": {"name": 3, ...}}`-style maps of names to ids. */
static void id_map(writer *w, const char *key, const witan_named_id *ids, uint32_t n)
{
    member(w, key);
    push(w, '{');
    for (uint32_t i = 0; i < n; i++) {
        member_name(w, ids[i].name);
        add_u32(w, ids[i].id);
    }
    pop(w, '}');
}

/* `{"name": {...}}`: an externally tagged enum variant with a payload;
 * the caller writes the payload and closes the object. */
static void tagged(writer *w, const char *tag)
{
    push(w, '{');
    member(w, tag);
}

static void function_kind(writer *w, const witan_function *f)
{
    static const char *const tags[] = {
        [WITAN_FUNC_METHOD] = "method",
        [WITAN_FUNC_ASYNC_METHOD] = "async-method",
        [WITAN_FUNC_STATIC] = "static",
        [WITAN_FUNC_ASYNC_STATIC] = "async-static",
        [WITAN_FUNC_CONSTRUCTOR] = "constructor",
    };
    if (f->kind == WITAN_FUNC_FREESTANDING) {
        add_string(w, "freestanding");
        return;
    }
    if (f->kind == WITAN_FUNC_ASYNC_FREESTANDING) {
        add_string(w, "async-freestanding");
        return;
    }
    tagged(w, tags[f->kind]);
    add_u32(w, f->resource);
    pop(w, '}');
}

static void function(writer *w, const witan_function *f)
{
    push(w, '{');
    member(w, "name");
    add_string(w, f->name);
    member(w, "kind");
    function_kind(w, f);
    member(w, "params");
    push(w, '[');
    for (uint32_t i = 0; i < f->nparams; i++) {
        element(w);
        push(w, '{');
        /* skipped by the reference when empty; WIT cannot write such a
         * parameter, but a model decoded from a component could hold one */
        if (f->params[i].name && f->params[i].name[0]) {
            member(w, "name");
            add_string(w, f->params[i].name);
        }
        member(w, "type");
        type_ref(w, f->params[i].type);
        pop(w, '}');
    }
    pop(w, ']');
    if (f->result.kind != WITAN_TYPE_NONE) {
        member(w, "result");
        type_ref(w, f->result);
    }
    docs(w, f->docs);
    stability(w, &f->stability);
    external_id(w, f->external_id);
    pop(w, '}');
}

/* Record fields, variant cases, enum cases and flags differ only in
 * whether they carry a type: `with_type` is 0 for enums and flags. */
static void fields(writer *w, const char *key, const witan_typedef *td, int with_type)
{
    member(w, key);
    push(w, '[');
    for (uint32_t i = 0; i < td->nfields; i++) {
        const witan_field *f = &td->fields[i];
        element(w);
        push(w, '{');
        member(w, "name");
        add_string(w, f->name);
        if (with_type) {
            member(w, "type");
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
        add_string(w, "resource");
        return;
    case WITAN_TD_UNKNOWN:
        /* never left after resolution; this is the reference's spelling */
        add_string(w, "unknown");
        return;
    case WITAN_TD_RECORD:
        tagged(w, "record");
        push(w, '{');
        fields(w, "fields", td, 1);
        pop(w, '}');
        break;
    case WITAN_TD_FLAGS:
        tagged(w, "flags");
        push(w, '{');
        fields(w, "flags", td, 0);
        pop(w, '}');
        break;
    case WITAN_TD_VARIANT:
        tagged(w, "variant");
        push(w, '{');
        fields(w, "cases", td, 1);
        pop(w, '}');
        break;
    case WITAN_TD_ENUM:
        tagged(w, "enum");
        push(w, '{');
        fields(w, "cases", td, 0);
        pop(w, '}');
        break;
    case WITAN_TD_HANDLE_OWN:
    case WITAN_TD_HANDLE_BORROW:
        tagged(w, "handle");
        tagged(w, td->kind == WITAN_TD_HANDLE_OWN ? "own" : "borrow");
        add_u32(w, td->resource);
        pop(w, '}');
        break;
    case WITAN_TD_TUPLE:
        tagged(w, "tuple");
        tagged(w, "types");
        push(w, '[');
        for (uint32_t i = 0; i < td->ntypes; i++) {
            element(w);
            type_ref(w, td->types[i]);
        }
        pop(w, ']');
        pop(w, '}');
        break;
    case WITAN_TD_RESULT:
        tagged(w, "result");
        tagged(w, "ok");
        type_ref(w, td->a);
        member(w, "err");
        type_ref(w, td->b);
        pop(w, '}');
        break;
    case WITAN_TD_MAP:
    case WITAN_TD_FIXED_LIST:
        /* Rust tuple variants, serialised as two-element arrays */
        tagged(w, td->kind == WITAN_TD_MAP ? "map" : "fixed-length-list");
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
    case WITAN_TD_LIST:
    case WITAN_TD_FUTURE:
    case WITAN_TD_STREAM:
    case WITAN_TD_ALIAS:
        tagged(w, td->kind == WITAN_TD_OPTION   ? "option"
                  : td->kind == WITAN_TD_LIST   ? "list"
                  : td->kind == WITAN_TD_FUTURE ? "future"
                  : td->kind == WITAN_TD_STREAM ? "stream"
                                                : "type");
        type_ref(w, td->a);
        break;
    }
    pop(w, '}');
}

static void owner(writer *w, const witan_typedef *td)
{
    if (td->owner == WITAN_OWNER_NONE) {
        add_null(w);
        return;
    }
    tagged(w, td->owner == WITAN_OWNER_INTERFACE ? "interface" : "world");
    add_u32(w, td->owner_id);
    pop(w, '}');
}

static void type_def(writer *w, const witan_typedef *td)
{
    push(w, '{');
    member(w, "name");
    add_string(w, td->name);
    member(w, "kind");
    typedef_kind(w, td);
    member(w, "owner");
    owner(w, td);
    docs(w, td->docs);
    stability(w, &td->stability);
    external_id(w, td->external_id);
    pop(w, '}');
}

static void interface(writer *w, const witan_interface *iface)
{
    push(w, '{');
    member(w, "name");
    add_string(w, iface->name);
    id_map(w, "types", iface->types, iface->ntypes);
    member(w, "functions");
    push(w, '{');
    for (uint32_t i = 0; i < iface->nfunctions; i++) {
        member_name(w, iface->functions[i].name);
        function(w, &iface->functions[i]);
    }
    pop(w, '}');
    docs(w, iface->docs);
    stability(w, &iface->stability);
    member(w, "package");
    add_id_or_null(w, iface->package);
    if (iface->clone_of != WITAN_NO_ID) {
        member(w, "clone_of");
        add_u32(w, iface->clone_of);
    }
    pop(w, '}');
}

static void world_key(writer *w, const witan_world_item *item)
{
    char key[sizeof "interface-4294967295"];
    uint32_t n = item->key_interface;
    size_t i = sizeof key - 1;

    if (item->name) {
        member_name(w, item->name);
        return;
    }
    /* The key is built in place so that it goes through `member`, which
     * handles the separator and indent like every other key. */
    key[i] = 0;
    do {
        key[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    i -= sizeof "interface-" - 1;
    memcpy(key + i, "interface-", sizeof "interface-" - 1);
    member(w, key + i);
}

static void world_item(writer *w, const witan_world_item *item)
{
    world_key(w, item);
    switch (item->kind) {
    case WITAN_ITEM_INTERFACE:
        tagged(w, "interface");
        tagged(w, "id");
        add_u32(w, item->id);
        stability(w, &item->stability);
        external_id(w, item->external_id);
        docs(w, item->docs);
        pop(w, '}');
        break;
    case WITAN_ITEM_FUNCTION:
        tagged(w, "function");
        if (item->func)
            function(w, item->func);
        else
            add_null(w);
        break;
    case WITAN_ITEM_TYPE:
        tagged(w, "type");
        add_u32(w, item->id);
        break;
    }
    pop(w, '}');
}

static void world_items(writer *w, const char *key, const witan_world_item *items, uint32_t n)
{
    member(w, key);
    push(w, '{');
    for (uint32_t i = 0; i < n; i++)
        world_item(w, &items[i]);
    pop(w, '}');
}

static void world(writer *w, const witan_world *wd)
{
    push(w, '{');
    member(w, "name");
    add_string(w, wd->name);
    world_items(w, "imports", wd->imports, wd->nimports);
    world_items(w, "exports", wd->exports, wd->nexports);
    member(w, "package");
    add_id_or_null(w, wd->package);
    docs(w, wd->docs);
    stability(w, &wd->stability);
    pop(w, '}');
}

/* `name` is the whole "ns:name@version"; it is rebuilt from its parts
 * only for a model filled by hand without it. */
static void package_name(writer *w, const witan_package *p)
{
    buf name;

    if (p->name) {
        add_string(w, p->name);
        return;
    }
    buf_init(&name);
    buf_printf(&name, "%s:%s", p->namespace_ ? p->namespace_ : "",
               p->pkg_name ? p->pkg_name : "");
    if (p->version)
        buf_printf(&name, "@%s", p->version);
    if (name.failed)
        w->out.failed = 1;
    else
        add_string(w, name.data);
    buf_free(&name);
}

static void package(writer *w, const witan_package *p)
{
    push(w, '{');
    member(w, "name");
    package_name(w, p);
    docs(w, p->docs);
    id_map(w, "interfaces", p->interfaces, p->ninterfaces);
    id_map(w, "worlds", p->worlds, p->nworlds);
    pop(w, '}');
}

/* One top-level array: `"worlds": [...]` and the like. */
#define ARRAY(w, key, items, n, write)          \
    do {                                        \
        member(w, key);                         \
        push(w, '[');                           \
        for (uint32_t i_ = 0; i_ < (n); i_++) { \
            element(w);                         \
            write(w, &(items)[i_]);             \
        }                                       \
        pop(w, ']');                            \
    } while (0)

char *witan_resolve_json(witan_ctx *ctx, const witan_resolve *r)
{
    /* on the heap: the staging area is too large for a library's stack frame */
    writer *w = malloc(sizeof *w);
    char *json = NULL;

    (void)ctx;
    if (!w)
        return NULL;
    buf_init(&w->out);
    w->depth = 0;
    w->empty = 0;
    w->staged = 0;

    push(w, '{');
    ARRAY(w, "worlds", r->worlds, r->nworlds, world);
    ARRAY(w, "interfaces", r->interfaces, r->ninterfaces, interface);
    ARRAY(w, "types", r->types, r->ntypes, type_def);
    ARRAY(w, "packages", r->packages, r->npackages, package);
    pop(w, '}');
    flush(w);

    if (w->out.failed)
        buf_free(&w->out);
    else
        json = buf_take(&w->out);
    free(w);
    return json;
}

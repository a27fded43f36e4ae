/* WIT text from the model, for the manifest and for messages. Anonymous
 * types nest at most as deep as one written type (the parser caps that),
 * and named types are written by name, so the recursion here is shallow. */
#include "wittext.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const keywords[] = {
    "as", "async", "bool", "borrow", "char", "constructor", "enum", "error-context",
    "export", "f32", "f64", "flags", "from", "func", "future", "import", "include",
    "interface", "list", "map", "own", "package", "record", "resource", "result",
    "s16", "s32", "s64", "s8", "static", "stream", "string", "tuple", "type", "u16",
    "u32", "u64", "u8", "use", "variant", "with", "world", "option", "_",
};

void wit_name(buf *b, const char *name)
{
    /* a manifest writes a name for every parameter and type: comparing
     * first letters before calling strcmp is most of the saving a table
     * would give */
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (name[0] == keywords[i][0] && strcmp(name, keywords[i]) == 0) {
            buf_addc(b, '%');
            break;
        }
    buf_adds(b, name);
}

static const char *primitive_name(witan_type_kind k)
{
    switch (k) {
    case WITAN_TYPE_BOOL: return "bool";
    case WITAN_TYPE_U8: return "u8";
    case WITAN_TYPE_U16: return "u16";
    case WITAN_TYPE_U32: return "u32";
    case WITAN_TYPE_U64: return "u64";
    case WITAN_TYPE_S8: return "s8";
    case WITAN_TYPE_S16: return "s16";
    case WITAN_TYPE_S32: return "s32";
    case WITAN_TYPE_S64: return "s64";
    case WITAN_TYPE_F32: return "f32";
    case WITAN_TYPE_F64: return "f64";
    case WITAN_TYPE_CHAR: return "char";
    case WITAN_TYPE_STRING: return "string";
    case WITAN_TYPE_ERROR_CONTEXT: return "error-context";
    default: return "_";
    }
}

static void resource_name(buf *b, const witan_resolve *r, witan_id id)
{
    const char *n = id < r->ntypes ? r->types[id].name : NULL;
    wit_name(b, n ? n : "_");
}

/* The spelled-out form of a typedef, ignoring its name. */
static void type_body(buf *b, const witan_resolve *r, const witan_typedef *td)
{
    switch (td->kind) {
    case WITAN_TD_HANDLE_OWN:
        resource_name(b, r, td->resource);
        break;
    case WITAN_TD_HANDLE_BORROW:
        buf_adds(b, "borrow<");
        resource_name(b, r, td->resource);
        buf_addc(b, '>');
        break;
    case WITAN_TD_OPTION:
        buf_adds(b, "option<");
        wit_type(b, r, td->a);
        buf_addc(b, '>');
        break;
    case WITAN_TD_RESULT:
        buf_adds(b, "result");
        if (td->a.kind == WITAN_TYPE_NONE && td->b.kind == WITAN_TYPE_NONE)
            break;
        buf_addc(b, '<');
        if (td->a.kind == WITAN_TYPE_NONE)
            buf_addc(b, '_');
        else
            wit_type(b, r, td->a);
        if (td->b.kind != WITAN_TYPE_NONE) {
            buf_adds(b, ", ");
            wit_type(b, r, td->b);
        }
        buf_addc(b, '>');
        break;
    case WITAN_TD_LIST:
        buf_adds(b, "list<");
        wit_type(b, r, td->a);
        buf_addc(b, '>');
        break;
    case WITAN_TD_FIXED_LIST:
        buf_adds(b, "list<");
        wit_type(b, r, td->a);
        buf_printf(b, ", %u>", td->size);
        break;
    case WITAN_TD_MAP:
        buf_adds(b, "map<");
        wit_type(b, r, td->a);
        buf_adds(b, ", ");
        wit_type(b, r, td->b);
        buf_addc(b, '>');
        break;
    case WITAN_TD_TUPLE:
        buf_adds(b, "tuple<");
        for (uint32_t i = 0; i < td->ntypes; i++) {
            if (i)
                buf_adds(b, ", ");
            wit_type(b, r, td->types[i]);
        }
        buf_addc(b, '>');
        break;
    case WITAN_TD_FUTURE:
    case WITAN_TD_STREAM:
        buf_adds(b, td->kind == WITAN_TD_FUTURE ? "future" : "stream");
        if (td->a.kind != WITAN_TYPE_NONE) {
            buf_addc(b, '<');
            wit_type(b, r, td->a);
            buf_addc(b, '>');
        }
        break;
    case WITAN_TD_ALIAS:
        wit_type(b, r, td->a);
        break;
    default:
        /* records, variants, ... are always named */
        buf_adds(b, td->name ? td->name : "_");
        break;
    }
}

void wit_type(buf *b, const witan_resolve *r, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID) {
        buf_adds(b, primitive_name(t.kind));
        return;
    }
    const witan_typedef *td = &r->types[t.id];
    if (td->name)
        wit_name(b, td->name);
    else
        type_body(b, r, td);
}

void wit_type_spelled(buf *b, const witan_resolve *r, witan_type t)
{
    if (t.kind != WITAN_TYPE_ID)
        wit_type(b, r, t);
    else
        type_body(b, r, &r->types[t.id]);
}

const char *wit_declaration_keyword(const witan_typedef *td)
{
    switch (td->kind) {
    case WITAN_TD_RECORD: return "record";
    case WITAN_TD_VARIANT: return "variant";
    case WITAN_TD_ENUM: return "enum";
    case WITAN_TD_FLAGS: return "flags";
    case WITAN_TD_RESOURCE: return "resource";
    default: return "type";
    }
}

static void params(buf *b, const witan_resolve *r, const witan_function *f, uint32_t from)
{
    buf_addc(b, '(');
    for (uint32_t i = from; i < f->nparams; i++) {
        if (i > from)
            buf_adds(b, ", ");
        wit_name(b, f->params[i].name);
        buf_adds(b, ": ");
        wit_type(b, r, f->params[i].type);
    }
    buf_addc(b, ')');
    if (f->result.kind != WITAN_TYPE_NONE) {
        buf_adds(b, " -> ");
        wit_type(b, r, f->result);
    }
}

/* `constructor(...)`, `m: func(...)`, `s: static func(...)` inside a
 * resource's braces. */
static void resource_function(buf *b, const witan_resolve *r, const witan_function *f)
{
    const char *dot = strchr(f->name, '.');
    const char *short_name = dot ? dot + 1 : f->name;
    bool async = f->kind == WITAN_FUNC_ASYNC_METHOD || f->kind == WITAN_FUNC_ASYNC_STATIC;
    switch (f->kind) {
    case WITAN_FUNC_CONSTRUCTOR: {
        buf_adds(b, "constructor");
        /* the implied result, an owned handle, is not written */
        witan_function g = *f;
        if (g.result.kind == WITAN_TYPE_ID) {
            const witan_typedef *td = &r->types[g.result.id];
            if (td->kind == WITAN_TD_HANDLE_OWN && !td->name)
                g.result.kind = WITAN_TYPE_NONE;
        }
        params(b, r, &g, 0);
        break;
    }
    case WITAN_FUNC_METHOD:
    case WITAN_FUNC_ASYNC_METHOD:
        wit_name(b, short_name);
        buf_adds(b, async ? ": async func" : ": func");
        params(b, r, f, 1);
        break;
    default:
        wit_name(b, short_name);
        buf_adds(b, async ? ": static async func" : ": static func");
        params(b, r, f, 0);
        break;
    }
    buf_addc(b, ';');
}

static int cmp_func_pos(const void *x, const void *y)
{
    const witan_function *const *a = x, *const *c = y;
    return (*a)->span.start < (*c)->span.start ? -1 : (*a)->span.start > (*c)->span.start;
}

/* The functions of a resource, in source order. */
static void resource_body(buf *b, const witan_resolve *r, witan_id id, const witan_typedef *td)
{
    const witan_function **fs = NULL;
    size_t n = 0, cap = 0;
    if (td->owner == WITAN_OWNER_INTERFACE) {
        const witan_interface *it = &r->interfaces[td->owner_id];
        cap = it->nfunctions;
        fs = cap ? malloc(cap * sizeof *fs) : NULL;
        for (uint32_t i = 0; fs && i < it->nfunctions; i++)
            if (it->functions[i].resource == id)
                fs[n++] = &it->functions[i];
    } else if (td->owner == WITAN_OWNER_WORLD) {
        const witan_world *w = &r->worlds[td->owner_id];
        cap = (size_t)w->nimports + w->nexports;
        fs = cap ? malloc(cap * sizeof *fs) : NULL;
        for (int side = 0; fs && side < 2; side++) {
            const witan_world_item *items = side ? w->exports : w->imports;
            uint32_t count = side ? w->nexports : w->nimports;
            for (uint32_t i = 0; i < count; i++)
                if (items[i].kind == WITAN_ITEM_FUNCTION && items[i].func->resource == id)
                    fs[n++] = items[i].func;
        }
        if (n > 1)
            qsort(fs, n, sizeof *fs, cmp_func_pos);
    }
    if (cap && !fs)
        b->failed = 1;
    if (n) {
        buf_adds(b, " {");
        for (size_t i = 0; i < n; i++) {
            buf_addc(b, ' ');
            resource_function(b, r, fs[i]);
        }
        buf_adds(b, " }");
    }
    free(fs);
}

void wit_definition(buf *b, const witan_resolve *r, witan_id id)
{
    const witan_typedef *td = &r->types[id];
    buf_adds(b, wit_declaration_keyword(td));
    buf_addc(b, ' ');
    wit_name(b, td->name ? td->name : "_");
    switch (td->kind) {
    case WITAN_TD_RECORD:
    case WITAN_TD_VARIANT:
    case WITAN_TD_ENUM:
    case WITAN_TD_FLAGS:
        buf_adds(b, " {");
        for (uint32_t i = 0; i < td->nfields; i++) {
            const witan_field *f = &td->fields[i];
            buf_adds(b, i ? ", " : " ");
            wit_name(b, f->name);
            if (td->kind == WITAN_TD_RECORD) {
                buf_adds(b, ": ");
                wit_type(b, r, f->type);
            } else if (td->kind == WITAN_TD_VARIANT && f->type.kind != WITAN_TYPE_NONE) {
                buf_addc(b, '(');
                wit_type(b, r, f->type);
                buf_addc(b, ')');
            }
        }
        buf_adds(b, td->nfields ? " }" : "}");
        break;
    case WITAN_TD_RESOURCE:
        resource_body(b, r, id, td);
        break;
    default:
        buf_adds(b, " = ");
        type_body(b, r, td);
        break;
    }
}

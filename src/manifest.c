/* witan_manifest_json: one JSON document that tells a Golem user (or a
 * tool) how to call every function a world exports. The format is
 * documented in witan(1) (MANIFEST FORMAT) and by
 * man/witan-manifest.schema.json; in short:
 *
 *   { "$schema", "$id", "$comment",
 *     "manifest_format": "witan-manifest", "manifest_version": 1,
 *     "generator", "package", "world", "invocation": "typed" | "stdio",
 *     "functions": [ { names, kind, interface, resource, function, async,
 *                      docs, stability, callable, params, result,
 *                      params_schema } ... ],          in `witan list` order
 *     "types": [ { name, kind, owner, owner_kind, definition, docs,
 *                  stability, schema } ... ] }          each named type once
 *
 * The document is also the root of its schemas: a named type's schema is
 * at #/types/N/schema and every other schema refers to it with
 * {"$ref": "#/types/N/schema"}, so `#/functions/K/params_schema` can be
 * validated with the manifest as the schema root. (Its identity keys are
 * not called `format`: that is a JSON Schema keyword.) */
#include <stdlib.h>
#include <string.h>

#include "jsonenc.h"
#include "jsonout.h"
#include "model.h"
#include "wittext.h"

#ifndef WITAN_VERSION
#define WITAN_VERSION WITAN_VERSION_STRING
#endif

typedef struct manifest {
    witan_ctx *ctx;
    const witan_resolve *r;
    witan_id world;
    const witan_export *list;
    size_t n;
    VEC(witan_id) types;        /* listed typedefs, in order of first use */
    ptrmap index;               /* typedef id -> position in `types` */
    enc_schema_writer sw;
    enc_scratch scratch;        /* of enc_find_noform */
    bool oom;
} manifest;

static long type_index(void *arg, witan_id id)
{
    manifest *m = arg;
    uint32_t at;
    if (ptrmap_get(&m->index, ptrmap_int_key(id), &at))
        return at;
    if (!VEC_PUSH(m->types, id) ||
        !ptrmap_put(&m->index, ptrmap_int_key(id), m->types.len - 1)) {
        m->oom = true;
        return -1;
    }
    return (long)m->types.len - 1;
}

/* ------------------------------------------------------------- helpers */

/* Adds item under key; a NULL item (failed allocation) marks the
 * manifest failed. */
static void put(manifest *m, cJSON *o, const char *key, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(o, key, item)) {
        cJSON_Delete(item);
        m->oom = true;
    }
}

static void push(manifest *m, cJSON *arr, cJSON *item)
{
    if (!item || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        m->oom = true;
    }
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void put_str(manifest *m, cJSON *o, const char *key, const char *s)
{
    put(m, o, key, str_or_null(s));
}

/* A buf's text as a JSON string, then the buf is emptied. */
static cJSON *take_str(manifest *m, buf *b)
{
    if (b->failed)
        m->oom = true;
    cJSON *s = cJSON_CreateString(b->data ? b->data : "");
    buf_reset(b);
    return s;
}

static cJSON *type_text(manifest *m, witan_type t)
{
    buf b;
    buf_init(&b);
    wit_type(&b, m->r, t);
    cJSON *s = take_str(m, &b);
    buf_free(&b);
    return s;
}

/* {"level": "unspecified" | "stable" | "unstable", "since", "feature",
 *  "deprecated"}: @since, @unstable and @deprecated as written. */
static cJSON *stability(manifest *m, const witan_stability *s)
{
    static const witan_stability none = {WITAN_STABILITY_UNKNOWN, NULL, NULL, NULL};
    if (!s)
        s = &none;
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        m->oom = true;
        return NULL;
    }
    put_str(m, o, "level", s->kind == WITAN_STABILITY_STABLE     ? "stable"
                           : s->kind == WITAN_STABILITY_UNSTABLE ? "unstable"
                                                                 : "unspecified");
    put_str(m, o, "since", s->since);
    put_str(m, o, "feature", s->feature);
    put_str(m, o, "deprecated", s->deprecated);
    return o;
}

/* "ns:pkg/name@version", as names.c writes interfaces. */
static void qualified(buf *b, const witan_package *p, const char *name)
{
    buf_printf(b, "%s:%s/%s", p->namespace_, p->pkg_name, name);
    if (p->version)
        buf_printf(b, "@%s", p->version);
}

/* The owner of a named type: an interface by the name `witan list` uses
 * for it (an inline one by the world's name for it), or a world. */
static void put_owner(manifest *m, cJSON *o, const witan_typedef *td)
{
    buf b;
    buf_init(&b);
    const char *kind = NULL;
    if (td->owner == WITAN_OWNER_INTERFACE && td->owner_id < m->r->ninterfaces) {
        kind = "interface";
        const witan_interface *it = &m->r->interfaces[td->owner_id];
        if (it->name) {
            qualified(&b, &m->r->packages[it->package], it->name);
        } else {
            for (size_t i = 0; i < m->n && !b.len; i++)
                if (m->list[i].interface_id == td->owner_id && m->list[i].interface)
                    buf_adds(&b, m->list[i].interface);
            /* an inline interface the world imports */
            const witan_world *w = &m->r->worlds[m->world];
            const witan_package *root = &m->r->packages[w->package];
            for (uint32_t i = 0; i < w->nimports && !b.len; i++)
                if (w->imports[i].kind == WITAN_ITEM_INTERFACE && w->imports[i].id == td->owner_id &&
                    w->imports[i].name) {
                    buf_printf(&b, "%s:%s", root->namespace_, root->pkg_name);
                    if (root->version)
                        buf_printf(&b, "@%s", root->version);
                    buf_printf(&b, "/%s", w->imports[i].name);
                }
        }
    } else if (td->owner == WITAN_OWNER_WORLD && td->owner_id < m->r->nworlds) {
        kind = "world";
        const witan_world *w = &m->r->worlds[td->owner_id];
        qualified(&b, &m->r->packages[w->package], w->name);
    }
    put(m, o, "owner", b.len ? take_str(m, &b) : cJSON_CreateNull());
    put_str(m, o, "owner_kind", kind);
    buf_free(&b);
}

/* ----------------------------------------------------------- functions */

static const char *kind_name(witan_export_kind k)
{
    switch (k) {
    case WITAN_EXPORT_CONSTRUCTOR: return "constructor";
    case WITAN_EXPORT_METHOD: return "method";
    case WITAN_EXPORT_STATIC: return "static";
    case WITAN_EXPORT_DROP: return "drop";
    default: return "function";
    }
}

static cJSON *param(manifest *m, const char *name, cJSON *type, cJSON *schema)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        cJSON_Delete(type);
        cJSON_Delete(schema);
        m->oom = true;
        return NULL;
    }
    put_str(m, o, "name", name);
    put(m, o, "type", type);
    put(m, o, "schema", schema);
    return o;
}

static cJSON *function(manifest *m, const witan_export *e, bool stdio)
{
    const witan_function *f = e->func;
    const witan_resolve *r = m->r;
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        m->oom = true;
        return NULL;
    }
    put_str(m, o, "slash", e->slash);
    put_str(m, o, "braces", e->braces);
    put_str(m, o, "raw", e->raw);
    put_str(m, o, "kind", kind_name(e->kind));
    put_str(m, o, "interface", e->interface);
    put_str(m, o, "resource", e->resource);
    put_str(m, o, "function", e->function);
    bool async = f && (f->kind == WITAN_FUNC_ASYNC_FREESTANDING ||
                       f->kind == WITAN_FUNC_ASYNC_METHOD || f->kind == WITAN_FUNC_ASYNC_STATIC);
    put(m, o, "async", cJSON_CreateBool(async));
    put_str(m, o, "docs", f ? f->docs : NULL);
    const witan_stability *st = f ? f->stability
                                : e->resource_id < r->ntypes ? r->types[e->resource_id].stability
                                                             : NULL;
    put(m, o, "stability", stability(m, st));

    /* callable: every type of the signature has a JSON form */
    bool callable = true;
    for (uint32_t i = 0; f && i <= f->nparams && callable; i++) {
        witan_type t = i < f->nparams ? f->params[i].type : f->result;
        callable = enc_find_noform(r, &m->scratch, t).kind == WITAN_TYPE_NONE;
    }
    put(m, o, "callable", cJSON_CreateBool(callable));

    cJSON *params = cJSON_CreateArray();
    uint32_t n = f ? f->nparams : 1;
    cJSON **schemas = calloc(n ? n : 1, sizeof *schemas);
    if (!params || !schemas) {
        cJSON_Delete(params);
        free(schemas);
        m->oom = true;
        return o;
    }
    for (uint32_t i = 0; i < n; i++) {
        cJSON *schema, *type;
        if (f) {
            schema = enc_schema(&m->sw, f->params[i].type);
            type = type_text(m, f->params[i].type);
        } else {
            /* a drop consumes the instance: an owned handle */
            schema = enc_schema_handle(&m->sw, e->resource_id);
            buf b;
            buf_init(&b);
            wit_name(&b, e->resource ? e->resource : "_");
            type = take_str(m, &b);
            buf_free(&b);
        }
        schemas[i] = schema ? cJSON_Duplicate(schema, 1) : NULL;
        push(m, params, param(m, f ? f->params[i].name : "self", type, schema));
    }
    put(m, o, "params", params);

    if (f && f->result.kind != WITAN_TYPE_NONE) {
        cJSON *res = cJSON_CreateObject();
        if (res) {
            put(m, res, "type", type_text(m, f->result));
            put(m, res, "schema", enc_schema(&m->sw, f->result));
        }
        put(m, o, "result", res);
    } else {
        put(m, o, "result", cJSON_CreateNull());
    }

    /* what `witan check-params` accepts: any JSON in a stdio world,
     * nothing for a function that cannot be called with JSON */
    cJSON *all;
    if (stdio || !callable) {
        for (uint32_t i = 0; i < n; i++)
            cJSON_Delete(schemas[i]);
        all = stdio ? cJSON_CreateTrue() : cJSON_CreateFalse();
    } else {
        all = enc_schema_tuple(&m->sw, schemas, n);
    }
    free(schemas);
    put(m, o, "params_schema", all);
    return o;
}

/* --------------------------------------------------------------- types */

static const char *typedef_kind(const witan_typedef *td)
{
    return wit_declaration_keyword(td);
}

static cJSON *type_entry(manifest *m, witan_id id)
{
    const witan_typedef *td = &m->r->types[id];
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        m->oom = true;
        return NULL;
    }
    put_str(m, o, "name", td->name);
    put_str(m, o, "kind", typedef_kind(td));
    put_owner(m, o, td);
    buf b;
    buf_init(&b);
    wit_definition(&b, m->r, id);
    put(m, o, "definition", take_str(m, &b));
    buf_free(&b);
    put_str(m, o, "docs", td->docs);
    put(m, o, "stability", stability(m, td->stability));
    put(m, o, "schema", enc_schema_of_typedef(&m->sw, id));
    return o;
}

/* ------------------------------------------------------------ document */

static cJSON *build(manifest *m)
{
    const witan_resolve *r = m->r;
    const witan_world *w = &r->worlds[m->world];
    const witan_package *pkg = &r->packages[w->package];
    bool stdio = witan_world_is_stdio(r, m->world);
    cJSON *doc = cJSON_CreateObject();
    if (!doc) {
        m->oom = true;
        return NULL;
    }
    buf b;
    buf_init(&b);
    put_str(m, doc, "$schema", "https://json-schema.org/draft/2020-12/schema");
    buf_printf(&b, "urn:witan-manifest:%s/%s", pkg->name, w->name);
    put(m, doc, "$id", take_str(m, &b));
    buf_free(&b);
    put_str(m, doc, "$comment",
            "witan manifest: the functions of a WIT world and JSON Schemas (draft 2020-12) "
            "of their parameters and results; this document is the root the schemas' "
            "$ref point into");
    put_str(m, doc, "manifest_format", "witan-manifest");
    put(m, doc, "manifest_version", cJSON_CreateNumber(1));
    put_str(m, doc, "generator", "witan " WITAN_VERSION);
    put_str(m, doc, "package", pkg->name);
    put_str(m, doc, "world", w->name);
    put_str(m, doc, "invocation", stdio ? "stdio" : "typed");
    cJSON *fns = cJSON_CreateArray();
    if (fns)
        for (size_t i = 0; i < m->n && !m->oom; i++)
            push(m, fns, function(m, &m->list[i], stdio));
    put(m, doc, "functions", fns);
    /* entries can name more types, which join the end of the list */
    cJSON *types = cJSON_CreateArray();
    if (types)
        for (uint32_t i = 0; i < m->types.len && !m->oom; i++)
            push(m, types, type_entry(m, m->types.items[i]));
    put(m, doc, "types", types);
    return doc;
}

/* ------------------------------------------------------------ printing */

char *witan_manifest_json(witan_ctx *ctx, const witan_resolve *r, witan_id world)
{
    if (!r || world >= r->nworlds)
        return NULL;
    manifest m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.r = r;
    m.world = world;
    if (witan_world_functions(ctx, r, world, 0, &m.list, &m.n) != WITAN_OK)
        return NULL;
    m.sw.r = r;
    m.sw.type_index = type_index;
    m.sw.arg = &m;
    cJSON *doc = build(&m);
    buf text;
    buf_init(&text);
    if (doc && !m.oom && !m.sw.oom)
        jsonout_value(&text, doc);
    else
        text.failed = 1;
    cJSON_Delete(doc);
    free(m.types.items);
    ptrmap_free(&m.index);
    enc_scratch_free(&m.scratch);
    if (text.failed || !text.data) {
        buf_free(&text);
        ctx->oom = true;
        return NULL;
    }
    return buf_take(&text);
}

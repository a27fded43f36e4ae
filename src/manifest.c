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
 * not called `format`: that is a JSON Schema keyword.)
 *
 * The document is written as it is made, schemas included (jsonenc.c
 * writes them into place): no part of it exists as a tree, so memory
 * stays near the size of the text. */
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
    bool stdio;
    /* the name `witan list` shows for each interface a function came
     * from (the first), by interface id: an inline one has no other */
    ptrmap iface_index;
    VEC(const char *) iface_names;
    VEC(witan_id) types;        /* listed typedefs, in order of first use */
    ptrmap index;               /* typedef id -> position in `types` */
    enc_schema_writer sw;
    enc_scratch scratch;        /* of enc_find_noform */
    jsonw w;                    /* the document, written as it is made */
    buf text;                   /* scratch for texts of types */
    bool oom;
    /* docs that could not be read: the cause is in the context already
     * (its out-of-memory flag, or an I/O error in the diagnostics) */
    bool docs_lost;
    witan_write_fn sink;        /* streamed: where the pieces go */
    void *sink_arg;
} manifest;

/* Whether memory ran out in any of the manifest's own buffers. */
static bool out_of_memory(const manifest *m) { return m->oom || m->sw.oom || m->text.failed; }

/* Whether the document is lost (out of memory, or docs that could not
 * be read): nothing more is worth making or passing on. */
static bool abandoned(const manifest *m) { return out_of_memory(m) || m->docs_lost; }

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

/* The key arguments of these helpers are string literals (JSONW_KEY). */
#define key_str(m, key, s) jsonw_key_str(&(m)->w, key, (s))
#define key_text(m, key) key_text_((m), JSONW_KEY(key))
#define key_type_text(m, key, t) key_type_text_((m), JSONW_KEY(key), (t))
#define key_stability(m, key, s) key_stability_((m), JSONW_KEY(key), (s))

/* The docs' text as the value of "docs" (null when there are none). */
static void key_docs(manifest *m, witan_docs d)
{
    const char *t;
    if (!docs_read(m->ctx, d, &t))
        m->docs_lost = true;
    key_str(m, "docs", t);
}

/* The text in m->text as the value of key, then the text is emptied. */
static void key_text_(manifest *m, const char *key, size_t n)
{
    if (m->text.failed)
        m->oom = true;
    jsonw_key_text(&m->w, key, n);
    jsonw_str(&m->w, m->text.data ? m->text.data : "");
    buf_reset(&m->text);
}

static void key_type_text_(manifest *m, const char *key, size_t n, witan_type t)
{
    wit_type(&m->text, m->r, t);
    key_text_(m, key, n);
}

/* {"level": "unspecified" | "stable" | "unstable", "since", "feature",
 *  "deprecated"}: @since, @unstable and @deprecated as written. */
static void key_stability_(manifest *m, const char *key, size_t n, const witan_stability *s)
{
    static const witan_stability none = {WITAN_STABILITY_UNKNOWN, NULL, NULL, NULL};
    if (!s)
        s = &none;
    jsonw_key_text(&m->w, key, n);
    jsonw_open(&m->w, '{');
    key_str(m, "level", s->kind == WITAN_STABILITY_STABLE     ? "stable"
                        : s->kind == WITAN_STABILITY_UNSTABLE ? "unstable"
                                                              : "unspecified");
    key_str(m, "since", s->since);
    key_str(m, "feature", s->feature);
    key_str(m, "deprecated", s->deprecated);
    jsonw_close(&m->w, '}');
}

/* The owner of a named type: an interface by the name `witan list` uses
 * for it (an inline one by the world's name for it), or a world. */
static void key_owner(manifest *m, const witan_typedef *td)
{
    buf *b = &m->text;
    const char *kind = NULL;
    if (td->owner == WITAN_OWNER_INTERFACE && td->owner_id < m->r->ninterfaces) {
        kind = "interface";
        const witan_interface *it = &m->r->interfaces[td->owner_id];
        if (it->name) {
            names_interface(b, &m->r->packages[it->package], it->name);
        } else {
            uint32_t at;
            if (ptrmap_get(&m->iface_index, ptrmap_int_key(td->owner_id), &at))
                buf_adds(b, m->iface_names.items[at]);
            /* an inline interface the world imports */
            const witan_world *w = &m->r->worlds[m->world];
            const witan_package *root = &m->r->packages[w->package];
            for (uint32_t i = 0; i < w->nimports && !b->len; i++)
                if (w->imports[i].kind == WITAN_ITEM_INTERFACE && w->imports[i].id == td->owner_id &&
                    w->imports[i].name) {
                    names_package_item(b, root, w->imports[i].name);
                }
        }
    } else if (td->owner == WITAN_OWNER_WORLD && td->owner_id < m->r->nworlds) {
        kind = "world";
        const witan_world *w = &m->r->worlds[td->owner_id];
        names_interface(b, &m->r->packages[w->package], w->name);
    }
    if (b->len) {
        key_text(m, "owner");
    } else {
        if (b->failed)
            m->oom = true;
        key_str(m, "owner", NULL);
    }
    key_str(m, "owner_kind", kind);
}

/* ----------------------------------------------------------- functions */

/* Parameter i of an export: a drop's only one consumes the instance
 * (an owned handle). */
static void param_schema(enc_schema_writer *sw, void *arg, uint32_t i)
{
    const witan_export *e = arg;
    if (e->func)
        enc_schema(sw, e->func->params[i].type);
    else
        enc_schema_handle(sw, e->resource_id);
}

static void function(manifest *m, const witan_export *e)
{
    bool stdio = m->stdio;
    const witan_function *f = e->func;
    const witan_resolve *r = m->r;
    jsonw *w = &m->w;
    jsonw_open(w, '{');
    jsonw_export_names(w, e);
    bool async = f && (f->kind == WITAN_FUNC_ASYNC_FREESTANDING ||
                       f->kind == WITAN_FUNC_ASYNC_METHOD || f->kind == WITAN_FUNC_ASYNC_STATIC);
    jsonw_key_lit(w, "async");
    jsonw_bool(w, async);
    key_docs(m, f ? f->docs : NO_DOCS);
    const witan_stability *st = f ? f->stability
                                : e->resource_id < r->ntypes ? r->types[e->resource_id].stability
                                                             : NULL;
    key_stability(m, "stability", st);

    /* callable: every type of the signature has a JSON form */
    bool callable = true;
    for (uint32_t i = 0; f && i <= f->nparams && callable; i++) {
        witan_type t = i < f->nparams ? f->params[i].type : f->result;
        callable = enc_find_noform(r, &m->scratch, t).kind == WITAN_TYPE_NONE;
    }
    if (m->scratch.failed)
        m->oom = true;
    jsonw_key_lit(w, "callable");
    jsonw_bool(w, callable);

    uint32_t n = f ? f->nparams : 1;
    jsonw_key_lit(w, "params");
    jsonw_open(w, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (f)
            wit_type(&m->text, r, f->params[i].type);
        else
            wit_name(&m->text, e->resource ? e->resource : "_");
        jsonw_elem(w);
        jsonw_open(w, '{');
        key_str(m, "name", f ? f->params[i].name : "self");
        key_text(m, "type");
        jsonw_key_lit(w, "schema");
        param_schema(&m->sw, (void *)e, i);
        jsonw_close(w, '}');
    }
    jsonw_close(w, ']');

    jsonw_key_lit(w, "result");
    if (f && f->result.kind != WITAN_TYPE_NONE) {
        jsonw_open(w, '{');
        key_type_text(m, "type", f->result);
        jsonw_key_lit(w, "schema");
        enc_schema(&m->sw, f->result);
        jsonw_close(w, '}');
    } else {
        jsonw_lit(w, "null");
    }

    /* what `witan check-params` accepts: any JSON in a stdio world,
     * nothing for a function that cannot be called with JSON */
    jsonw_key_lit(w, "params_schema");
    if (stdio || !callable)
        jsonw_bool(w, stdio);
    else
        enc_schema_tuple(&m->sw, n, param_schema, (void *)e);
    jsonw_close(w, '}');
}

/* Each function as `witan list` lists it, written as it comes. */
static bool function_entry(void *arg, const witan_export *e, size_t names)
{
    (void)names;
    manifest *m = arg;
    if (abandoned(m))
        return true;
    if (e->interface) {
        uint32_t at = m->iface_names.len;
        if (!ptrmap_get(&m->iface_index, ptrmap_int_key(e->interface_id), NULL) &&
            (!ptrmap_put(&m->iface_index, ptrmap_int_key(e->interface_id), at) ||
             !VEC_PUSH(m->iface_names, e->interface)))
            return false;
    }
    jsonw_elem(&m->w);
    function(m, e);
    return true;
}

/* --------------------------------------------------------------- types */

static void type_entry(manifest *m, witan_id id)
{
    const witan_typedef *td = &m->r->types[id];
    jsonw_open(&m->w, '{');
    key_str(m, "name", td->name);
    key_str(m, "kind", wit_declaration_keyword(td));
    key_owner(m, td);
    wit_definition(&m->text, m->r, id);
    key_text(m, "definition");
    key_docs(m, td->docs);
    key_stability(m, "stability", td->stability);
    jsonw_key_lit(&m->w, "schema");
    enc_schema_of_typedef(&m->sw, id);
    jsonw_close(&m->w, '}');
}

/* ------------------------------------------------------------ document */

static void document(manifest *m)
{
    const witan_resolve *r = m->r;
    const witan_world *w = &r->worlds[m->world];
    const witan_package *pkg = &r->packages[w->package];
    bool stdio = witan_world_is_stdio(r, m->world);
    jsonw_open(&m->w, '{');
    key_str(m, "$schema", "https://json-schema.org/draft/2020-12/schema");
    buf_printf(&m->text, "urn:witan-manifest:%s/%s", pkg->name, w->name);
    key_text(m, "$id");
    key_str(m, "$comment",
            "witan manifest: the functions of a WIT world and JSON Schemas (draft 2020-12) "
            "of their parameters and results; this document is the root the schemas' "
            "$ref point into");
    key_str(m, "manifest_format", "witan-manifest");
    jsonw_key_lit(&m->w, "manifest_version");
    jsonw_lit(&m->w, "1");
    key_str(m, "generator", "witan " WITAN_VERSION);
    key_str(m, "package", pkg->name);
    key_str(m, "world", w->name);
    key_str(m, "invocation", stdio ? "stdio" : "typed");
    jsonw_key_lit(&m->w, "functions");
    jsonw_open(&m->w, '[');
    m->stdio = stdio;
    if (world_exports_each(m->ctx, r, m->world, 0, function_entry, m) != WITAN_OK)
        m->oom = true;
    jsonw_close(&m->w, ']');
    /* entries can name more types, which join the end of the list */
    jsonw_key_lit(&m->w, "types");
    jsonw_open(&m->w, '[');
    for (uint32_t i = 0; i < m->types.len && !abandoned(m); i++) {
        jsonw_elem(&m->w);
        type_entry(m, m->types.items[i]);
    }
    jsonw_close(&m->w, ']');
    jsonw_close(&m->w, '}');
}

/* The sink of a streamed manifest: nothing more goes out once memory
 * has run out, as the text may miss parts. */
static int pass_piece(void *arg, const char *data, size_t len)
{
    manifest *m = arg;
    if (abandoned(m))
        return -1;
    return m->sink(m->sink_arg, data, len);
}

/* The document into `out`, or through `sink` when set. 0; -1 when the
 * sink refused a piece or docs could not be read (the context says why);
 * -2 when memory ran out here. */
static int write_manifest(witan_ctx *ctx, const witan_resolve *r, witan_id world, buf *out,
                          witan_write_fn sink, void *sink_arg)
{
    manifest m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.r = r;
    m.world = world;
    m.sw.r = r;
    m.sw.type_index = type_index;
    m.sw.arg = &m;
    m.sw.out = &m.w;
    m.sink = sink;
    m.sink_arg = sink_arg;
    buf_init(&m.text);
    jsonw_init(&m.w, out);
    if (sink) {
        m.w.sink = pass_piece;
        m.w.sink_arg = &m;
    }
    document(&m);
    bool oom = out_of_memory(&m);
    if (abandoned(&m))
        out->failed = 1;
    jsonw_flush(&m.w);
    buf_free(&m.text);
    ptrmap_free(&m.iface_index);
    free(m.iface_names.items);
    free(m.types.items);
    ptrmap_free(&m.index);
    enc_scratch_free(&m.scratch);
    buf_free(&m.sw.handle_pattern);
    if (oom)
        return -2;
    if (m.docs_lost)
        return -1;
    if (out->failed || !out->data)
        return sink ? -1 : -2;  /* refused by the sink, or the buffer's memory */
    return 0;
}

char *witan_manifest_json(witan_ctx *ctx, const witan_resolve *r, witan_id world)
{
    if (!r || world >= r->nworlds)
        return NULL;
    buf out;
    buf_init(&out);
    int st = write_manifest(ctx, r, world, &out, NULL, NULL);
    if (st != 0) {
        buf_free(&out);
        if (st == -2)
            ctx->oom = true;
        return NULL;
    }
    return buf_take(&out);
}

int witan_manifest_json_write(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                              witan_write_fn write, void *arg)
{
    if (!r || world >= r->nworlds || !write)
        return -1;
    buf out;
    buf_init(&out);
    int st = write_manifest(ctx, r, world, &out, write, arg);
    buf_free(&out);
    return st < 0 ? -1 : 0;
}

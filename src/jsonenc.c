/* The JSON encoding of WIT values: the rule of each type, the exact
 * ranges, and the JSON Schemas written from those rules. params.c checks
 * values against the same rules; see jsonenc.h. */
#include "jsonenc.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- ranges */

enum { I_U8, I_U16, I_U32, I_U64, I_S8, I_S16, I_S32, I_S64, I_CHAR };

static const enc_int ints[] = {
    [I_U8] = {"u8", "0", "255", false, 0, 255, 0, 0},
    [I_U16] = {"u16", "0", "65535", false, 0, 65535, 0, 0},
    [I_U32] = {"u32", "0", "4294967295", false, 0, 4294967295u, 0, 0},
    [I_U64] = {"u64", "0", "18446744073709551615", false, 0, UINT64_MAX, 0, 0},
    [I_S8] = {"s8", "-128", "127", true, 128, 127, 0, 0},
    [I_S16] = {"s16", "-32768", "32767", true, 32768, 32767, 0, 0},
    [I_S32] = {"s32", "-2147483648", "2147483647", true, 2147483648u, 2147483647, 0, 0},
    [I_S64] = {"s64", "-9223372036854775808", "9223372036854775807", true,
               (uint64_t)INT64_MAX + 1, INT64_MAX, 0, 0},
    /* Unicode scalar values: the surrogates are no characters */
    [I_CHAR] = {"char", "0", "1114111", false, 0, 0x10FFFF, 0xD800, 0xDFFF},
};

/* Finite, and for f32 no larger than its largest value, FLT_MAX (as the
 * double it converts to exactly); the texts are those doubles' shortest
 * round-trip forms, so a schema reader gets the same limits. */
static const enc_float floats[] = {
    {"f32", 3.4028234663852886e38, "3.4028234663852886e38"},
    {"f64", 1.7976931348623157e308, "1.7976931348623157e308"},
};

enc_verdict enc_check_integer(const enc_int *range, const char *text, size_t len)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && text[i] == '-') {
        negative = true;
        i++;
    }
    if (i == len)
        return ENC_NOT_INTEGER;
    uint64_t mag = 0;
    bool overflow = false;
    for (; i < len; i++) {
        unsigned d = (unsigned char)text[i] - '0';
        if (d > 9)
            return ENC_NOT_INTEGER;  /* `.` or an exponent */
        if (mag > (UINT64_MAX - d) / 10)
            overflow = true;
        else
            mag = mag * 10 + d;
    }
    if (overflow)
        return ENC_OUT_OF_RANGE;
    if (negative && mag == 0)
        return ENC_NEGATIVE_ZERO;
    if (negative)
        return range->min_negative && mag <= range->min_magnitude ? ENC_VALID
                                                                    : ENC_OUT_OF_RANGE;
    if (mag > range->max)
        return ENC_OUT_OF_RANGE;
    if (range->gap_hi && mag >= range->gap_lo && mag <= range->gap_hi)
        return ENC_IN_GAP;
    return ENC_VALID;
}

int enc_number_value(const char *text, size_t len, double *out)
{
    /* strtod reads the locale's decimal point; JSON's is always `.` */
    char local[64];
    char *s = len < sizeof local ? local : malloc(len + 1);
    if (!s)
        return 0;
    memcpy(s, text, len);
    s[len] = 0;
    const char *point = localeconv()->decimal_point;
    if (point && point[0] && point[0] != '.' && !point[1]) {
        char *dot = strchr(s, '.');
        if (dot)
            *dot = point[0];
    }
    char *end;
    *out = strtod(s, &end);
    int whole = len && end == s + len;
    if (s != local)
        free(s);
    return whole;
}

enc_verdict enc_check_number(const enc_float *range, const char *text, size_t len)
{
    double v;
    if (!enc_number_value(text, len, &v))
        return ENC_NOT_INTEGER;
    return isfinite(v) && fabs(v) <= range->limit ? ENC_VALID : ENC_OUT_OF_RANGE;
}

/* ------------------------------------------------------------ handles */

static const char handle_prefix[] = "worker://";

int enc_check_handle(const char *s, size_t len)
{
    size_t n = sizeof handle_prefix - 1;
    if (len < n || memcmp(s, handle_prefix, n) != 0)
        return 0;
    /* component id and worker name: non-empty, no `/` */
    for (int part = 0; part < 2; part++) {
        size_t start = n;
        while (n < len && s[n] != '/')
            n++;
        if (n == start || n == len)
            return 0;
        n++;
    }
    const char *id = s + n;
    size_t idlen = len - n;
    if (idlen == 0 || (id[0] == '0' && idlen > 1))
        return 0;
    for (size_t i = 0; i < idlen; i++)
        if (id[i] < '0' || id[i] > '9')
            return 0;
    return enc_check_integer(&ints[I_U64], id, idlen) == ENC_VALID;
}

/* A regular expression for the decimal numbers 0..max without leading
 * zeros, built from max's digits (so it says exactly what
 * enc_check_integer says): shorter numbers, then for each digit of max a
 * smaller digit there followed by anything, then max itself. */
static void digits_upto(buf *b, const char *max)
{
    size_t k = strlen(max);
    buf_adds(b, "(0");
    if (k >= 2)
        buf_printf(b, "|[1-9][0-9]{0,%zu}", k - 2);
    for (size_t i = 0; i < k; i++) {
        int d = max[i] - '0', lo = i == 0 ? 1 : 0;
        if (d - 1 < lo)
            continue;
        buf_printf(b, "|%.*s", (int)i, max);
        if (d - 1 == lo)
            buf_printf(b, "%d", lo);
        else
            buf_printf(b, "[%d-%d]", lo, d - 1);
        if (k - 1 - i == 1)
            buf_adds(b, "[0-9]");
        else if (k - 1 - i > 1)
            buf_printf(b, "[0-9]{%zu}", k - 1 - i);
    }
    buf_printf(b, "|%s)", max);
}

/* ------------------------------------------------------------- rules */

static bool is_use(const witan_resolve *r, const witan_typedef *td)
{
    if (td->kind != WITAN_TD_ALIAS || !td->name || td->a.kind != WITAN_TYPE_ID)
        return false;
    const witan_typedef *target = &r->types[td->a.id];
    /* `type x = y` names a type of the same interface or world; a `use`
     * brings one in from elsewhere */
    return target->name && (target->owner != td->owner || target->owner_id != td->owner_id);
}

witan_type enc_unalias(const witan_resolve *r, witan_type t)
{
    for (uint32_t guard = 0; t.kind == WITAN_TYPE_ID && guard <= r->ntypes; guard++) {
        const witan_typedef *td = &r->types[t.id];
        if (td->kind != WITAN_TD_ALIAS)
            break;
        t = td->a;
    }
    return t;
}

witan_type enc_through_uses(const witan_resolve *r, witan_type t)
{
    for (uint32_t guard = 0; t.kind == WITAN_TYPE_ID && guard <= r->ntypes; guard++) {
        const witan_typedef *td = &r->types[t.id];
        if (!is_use(r, td))
            break;
        t = td->a;
    }
    return t;
}

witan_id enc_resource_of(const witan_resolve *r, witan_id id)
{
    witan_type t = enc_unalias(r, (witan_type){WITAN_TYPE_ID, id});
    if (t.kind != WITAN_TYPE_ID)
        return id;
    const witan_typedef *td = &r->types[t.id];
    if (td->kind == WITAN_TD_HANDLE_OWN || td->kind == WITAN_TD_HANDLE_BORROW)
        return enc_resource_of(r, td->resource);
    return t.id;
}

int enc_is_listed(const witan_resolve *r, witan_id id)
{
    const witan_typedef *td = &r->types[id];
    return td->name && !is_use(r, td);
}

void enc_rule_handle(const witan_resolve *r, witan_id resource, enc_rule *out)
{
    memset(out, 0, sizeof *out);
    out->form = ENC_HANDLE;
    out->resource = enc_resource_of(r, resource);
    out->type = (witan_type){WITAN_TYPE_ID, out->resource};
}

void enc_rule_of(const witan_resolve *r, witan_type t, enc_rule *out)
{
    memset(out, 0, sizeof *out);
    t = enc_unalias(r, t);
    out->type = t;
    out->form = ENC_NOFORM;
    switch (t.kind) {
    case WITAN_TYPE_BOOL: out->form = ENC_BOOL; return;
    case WITAN_TYPE_U8: out->integer = &ints[I_U8]; break;
    case WITAN_TYPE_U16: out->integer = &ints[I_U16]; break;
    case WITAN_TYPE_U32: out->integer = &ints[I_U32]; break;
    case WITAN_TYPE_U64: out->integer = &ints[I_U64]; break;
    case WITAN_TYPE_S8: out->integer = &ints[I_S8]; break;
    case WITAN_TYPE_S16: out->integer = &ints[I_S16]; break;
    case WITAN_TYPE_S32: out->integer = &ints[I_S32]; break;
    case WITAN_TYPE_S64: out->integer = &ints[I_S64]; break;
    case WITAN_TYPE_CHAR: out->integer = &ints[I_CHAR]; break;
    case WITAN_TYPE_F32: out->form = ENC_NUMBER; out->number = &floats[0]; return;
    case WITAN_TYPE_F64: out->form = ENC_NUMBER; out->number = &floats[1]; return;
    case WITAN_TYPE_STRING: out->form = ENC_STRING; return;
    case WITAN_TYPE_ID: break;
    default: return;    /* error-context, no type */
    }
    if (out->integer) {
        out->form = ENC_INTEGER;
        return;
    }
    const witan_typedef *td = &r->types[t.id];
    switch (td->kind) {
    case WITAN_TD_RECORD:
    case WITAN_TD_VARIANT:
    case WITAN_TD_ENUM:
    case WITAN_TD_FLAGS:
        out->form = td->kind == WITAN_TD_RECORD    ? ENC_RECORD
                    : td->kind == WITAN_TD_VARIANT ? ENC_CASES
                    : td->kind == WITAN_TD_ENUM    ? ENC_ENUM
                                                   : ENC_FLAGS;
        out->members = td->fields;
        out->nmembers = td->nfields;
        break;
    case WITAN_TD_RESOURCE:
        enc_rule_handle(r, t.id, out);
        break;
    case WITAN_TD_HANDLE_OWN:
    case WITAN_TD_HANDLE_BORROW:
        enc_rule_handle(r, td->resource, out);
        out->type = t;
        break;
    case WITAN_TD_TUPLE:
        out->form = ENC_TUPLE;
        out->items = td->types;
        out->nitems = td->ntypes;
        break;
    case WITAN_TD_OPTION:
        out->form = ENC_OPTION;
        out->elem = td->a;
        break;
    case WITAN_TD_RESULT:
        out->form = ENC_CASES;
        out->is_result = true;
        out->nmembers = 2;
        out->result_types[0] = td->a;
        out->result_types[1] = td->b;
        break;
    case WITAN_TD_LIST:
    case WITAN_TD_FIXED_LIST:
        out->form = ENC_LIST;
        out->elem = td->a;
        out->fixed = td->kind == WITAN_TD_FIXED_LIST;
        out->length = td->size;
        break;
    case WITAN_TD_MAP:
        out->form = ENC_MAP;
        out->elem = td->a;
        out->value = td->b;
        break;
    default:
        break;  /* future, stream: no JSON form */
    }
}

const char *enc_member_name(const enc_rule *e, uint32_t i)
{
    if (e->is_result)
        return i == 0 ? "ok" : "err";
    return e->members[i].name;
}

witan_type enc_member_type(const enc_rule *e, uint32_t i)
{
    if (e->is_result)
        return e->result_types[i];
    return e->members[i].type;
}

void enc_scratch_free(enc_scratch *s)
{
    free(s->stamp);
    free(s->stack);
    memset(s, 0, sizeof *s);
}

/* Depth-first over the parts of t with an explicit stack: named types can
 * chain deeper than the C stack should go. Each typedef is visited once
 * per call; a generation stamp, not a cleared array, says which were, so
 * one call per function of a large package stays linear. */
witan_type enc_find_noform(const witan_resolve *r, enc_scratch *s, witan_type t)
{
    witan_type none = {WITAN_TYPE_NONE, 0};
    if (s->n < r->ntypes || !s->stamp) {
        free(s->stamp);
        s->n = r->ntypes;
        s->stamp = calloc(s->n ? s->n : 1, sizeof *s->stamp);
        s->gen = 0;
        if (!s->stamp) {
            s->n = 0;
            s->failed = true;
            return none;
        }
    }
    if (++s->gen == 0) {
        memset(s->stamp, 0, s->n * sizeof *s->stamp);
        s->gen = 1;
    }
    if (!s->stack) {
        s->cap = 64;
        s->stack = malloc(s->cap * sizeof *s->stack);
        if (!s->stack) {
            s->failed = true;
            return none;
        }
    }
    size_t n = 0;
    s->stack[n++] = t;
    witan_type found = none;
    while (n && found.kind == WITAN_TYPE_NONE) {
        witan_type cur = s->stack[--n];
        if (cur.kind == WITAN_TYPE_NONE)
            continue;
        if (cur.kind == WITAN_TYPE_ID) {
            if (s->stamp[cur.id] == s->gen)
                continue;
            s->stamp[cur.id] = s->gen;
        }
        enc_rule rule;
        enc_rule_of(r, cur, &rule);
        witan_type kids[2] = {rule.elem, rule.value};
        const witan_type *more = rule.items;
        uint32_t nmore = rule.nitems;
        switch (rule.form) {
        case ENC_NOFORM:
            found = cur;
            continue;
        case ENC_RECORD:
        case ENC_CASES:
            more = NULL;
            nmore = rule.nmembers;
            break;
        default:
            break;
        }
        if (n + 2 + nmore > s->cap) {
            size_t ncap = (n + 2 + nmore) * 2;
            witan_type *grown = realloc(s->stack, ncap * sizeof *s->stack);
            if (!grown) {
                s->failed = true;
                break;
            }
            s->stack = grown;
            s->cap = ncap;
        }
        /* pushed in reverse, so parts are visited in written order */
        for (uint32_t i = nmore; i-- > 0;)
            s->stack[n++] = more ? more[i] : enc_member_type(&rule, i);
        s->stack[n++] = kids[1];
        s->stack[n++] = kids[0];
    }
    return found;
}

/* ------------------------------------------------------------- schemas */

/* Schemas are written straight into the manifest's text: a parameter's
 * schema is written twice (its entry and params_schema) rather than
 * kept as a tree, because building and freeing cJSON trees, one item
 * and one key string at a time, was a third of a manifest's work. */

static void typed(jsonw *o, const char *type)
{
    jsonw_open(o, '{');
    jsonw_key_lit(o, "type");
    jsonw_str(o, type);
}

/* The key arguments are string literals (JSONW_KEY). */
#define key_lit(o, key, text) (jsonw_key_lit(o, key), jsonw_lit(o, text))
#define key_uint(o, key, n) (jsonw_key_lit(o, key), jsonw_uint(o, n))

/* {"$ref": ...} to the schema of a listed typedef */
static void schema_ref(enc_schema_writer *w, witan_id id)
{
    long index = w->type_index(w->arg, id);
    if (index < 0) {
        w->oom = true;
        index = 0;
    }
    /* "#/types/N/schema", without snprintf: a manifest has a ref for
     * nearly every parameter, and snprintf was a tenth of its work */
    static const char head[] = "#/types/", tail[] = "/schema";
    char ref[sizeof head + 20 + sizeof tail], *end = ref + sizeof head - 1 + 20;
    char *digits = json_decimal(end, (uint64_t)index);
    memcpy(end, tail, sizeof tail);
    memcpy(digits - (sizeof head - 1), head, sizeof head - 1);
    jsonw_open(w->out, '{');
    jsonw_key_lit(w->out, "$ref");
    jsonw_str(w->out, digits - (sizeof head - 1));
    jsonw_close(w->out, '}');
}

void enc_schema_handle(enc_schema_writer *w, witan_id resource)
{
    schema_ref(w, enc_resource_of(w->r, resource));
}

void enc_schema_tuple(enc_schema_writer *w, uint32_t n, enc_item_fn item, void *arg)
{
    jsonw *o = w->out;
    typed(o, "array");
    /* prefixItems must not be empty: no items at all is maxItems 0 */
    if (n) {
        jsonw_key_lit(o, "prefixItems");
        jsonw_open(o, '[');
        for (uint32_t i = 0; i < n; i++) {
            jsonw_elem(o);
            item(w, arg, i);
        }
        jsonw_close(o, ']');
        key_lit(o, "items", "false");
        key_uint(o, "minItems", n);
    }
    key_uint(o, "maxItems", n);
    jsonw_close(o, '}');
}

/* The array of the rule's member names. */
static void member_names(jsonw *o, const enc_rule *e)
{
    jsonw_open(o, '[');
    for (uint32_t i = 0; i < e->nmembers; i++) {
        jsonw_elem(o);
        jsonw_str(o, enc_member_name(e, i));
    }
    jsonw_close(o, ']');
}

static void names_enum(enc_schema_writer *w, const enc_rule *e)
{
    jsonw *o = w->out;
    typed(o, "string");
    jsonw_key_lit(o, "enum");
    member_names(o, e);
    jsonw_close(o, '}');
}

static void object_schema(enc_schema_writer *w, const enc_rule *e)
{
    jsonw *o = w->out;
    typed(o, "object");
    jsonw_key_lit(o, "properties");
    jsonw_open(o, '{');
    for (uint32_t i = 0; i < e->nmembers; i++) {
        witan_type t = enc_member_type(e, i);
        jsonw_key(o, enc_member_name(e, i));
        /* a case without a payload holds null */
        if (t.kind == WITAN_TYPE_NONE) {
            typed(o, "null");
            jsonw_close(o, '}');
        } else {
            enc_schema(w, t);
        }
    }
    jsonw_close(o, '}');
    if (e->form == ENC_RECORD) {
        jsonw_key_lit(o, "required");
        member_names(o, e);
    }
    key_lit(o, "additionalProperties", "false");
    /* variant, result: exactly one case */
    if (e->form == ENC_CASES) {
        key_uint(o, "minProperties", 1);
        key_uint(o, "maxProperties", 1);
    }
    jsonw_close(o, '}');
}

static void tuple_item(enc_schema_writer *w, void *arg, uint32_t i)
{
    enc_schema(w, ((const witan_type *)arg)[i]);
}

static void rule_schema(enc_schema_writer *w, const enc_rule *e)
{
    jsonw *o = w->out;
    switch (e->form) {
    case ENC_NOFORM:
        jsonw_lit(o, "false");
        return;
    case ENC_BOOL:
        typed(o, "boolean");
        break;
    case ENC_STRING:
        typed(o, "string");
        break;
    case ENC_INTEGER:
        typed(o, "integer");
        key_lit(o, "minimum", e->integer->min_text);
        key_lit(o, "maximum", e->integer->max_text);
        if (e->integer->gap_hi) {
            jsonw_key_lit(o, "not");
            jsonw_open(o, '{');
            key_uint(o, "minimum", e->integer->gap_lo);
            key_uint(o, "maximum", e->integer->gap_hi);
            jsonw_close(o, '}');
        }
        break;
    case ENC_NUMBER: {
        char neg[40];
        snprintf(neg, sizeof neg, "-%s", e->number->limit_text);
        typed(o, "number");
        key_lit(o, "minimum", neg);
        key_lit(o, "maximum", e->number->limit_text);
        break;
    }
    case ENC_HANDLE:
        enc_schema_handle(w, e->resource);
        return;
    case ENC_ENUM:
        names_enum(w, e);
        return;
    case ENC_FLAGS:
        typed(o, "array");
        if (!e->nmembers) {
            key_uint(o, "maxItems", 0);
            break;
        }
        jsonw_key_lit(o, "items");
        names_enum(w, e);
        key_lit(o, "uniqueItems", "true");
        break;
    case ENC_OPTION:
        jsonw_open(o, '{');
        jsonw_key_lit(o, "anyOf");
        jsonw_open(o, '[');
        jsonw_elem(o);
        typed(o, "null");
        jsonw_close(o, '}');
        jsonw_elem(o);
        enc_schema(w, e->elem);
        jsonw_close(o, ']');
        break;
    case ENC_LIST:
        typed(o, "array");
        jsonw_key_lit(o, "items");
        enc_schema(w, e->elem);
        if (e->fixed) {
            key_uint(o, "minItems", e->length);
            key_uint(o, "maxItems", e->length);
        }
        break;
    case ENC_TUPLE:
        enc_schema_tuple(w, e->nitems, tuple_item, (void *)e->items);
        return;
    case ENC_MAP: {
        witan_type pair[2] = {e->elem, e->value};
        typed(o, "array");
        jsonw_key_lit(o, "items");
        enc_schema_tuple(w, 2, tuple_item, pair);
        break;
    }
    case ENC_RECORD:
    case ENC_CASES:
        object_schema(w, e);
        return;
    }
    jsonw_close(o, '}');
}

void enc_schema(enc_schema_writer *w, witan_type t)
{
    t = enc_through_uses(w->r, t);
    if (t.kind == WITAN_TYPE_ID && enc_is_listed(w->r, t.id)) {
        schema_ref(w, t.id);
        return;
    }
    enc_rule e;
    enc_rule_of(w->r, t, &e);
    rule_schema(w, &e);
}

void enc_schema_of_typedef(enc_schema_writer *w, witan_id id)
{
    const witan_typedef *td = &w->r->types[id];
    if (td->kind == WITAN_TD_ALIAS) {
        enc_schema(w, td->a);
        return;
    }
    if (td->kind == WITAN_TD_RESOURCE) {
        buf *b = &w->handle_pattern;
        if (!b->data) {
            buf_printf(b, "^%s[^/]+/[^/]+/", handle_prefix);
            digits_upto(b, ints[I_U64].max_text);
            buf_addc(b, '$');
        }
        if (b->failed) {
            w->oom = true;
            jsonw_lit(w->out, "null");
            return;
        }
        typed(w->out, "string");
        jsonw_key_lit(w->out, "pattern");
        jsonw_str(w->out, b->data);
        jsonw_close(w->out, '}');
        return;
    }
    enc_rule e;
    enc_rule_of(w->r, (witan_type){WITAN_TYPE_ID, id}, &e);
    rule_schema(w, &e);
}

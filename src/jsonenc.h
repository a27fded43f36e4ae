/* The JSON encoding of WIT values (shared/spec/GOLEM.md §4), described
 * once. enc_rule_of() maps a WIT type to its JSON form (an enc_rule);
 * the manifest's JSON Schemas (enc_schema, below) and the parameter
 * checker (params.c) both work from that form and from the constants of
 * this module alone, never from the WIT type directly, so a schema and
 * `witan check-params` cannot disagree about a value. */
#ifndef WITAN_JSONENC_H
#define WITAN_JSONENC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "jsonout.h"
#include "witan.h"

typedef enum enc_form {
    ENC_NOFORM,     /* future, stream, error-context: no JSON form */
    ENC_BOOL,       /* true or false */
    ENC_INTEGER,    /* a number written as an integer, in an enc_int range */
    ENC_NUMBER,     /* any number within ±limit (finite) */
    ENC_STRING,
    ENC_HANDLE,     /* a string worker://<component-id>/<worker-name>/<resource-id> */
    ENC_ENUM,       /* a string: one of the member names */
    ENC_FLAGS,      /* an array of distinct member names */
    ENC_OPTION,     /* null, or a value of `elem` */
    ENC_LIST,       /* an array of `elem`; exactly `length` items when `fixed` */
    ENC_TUPLE,      /* an array of exactly `nitems` items, item i of items[i] */
    ENC_MAP,        /* an array of [key, value] pairs (`elem`, `value`) */
    ENC_RECORD,     /* an object with every member as a key, and no other */
    ENC_CASES       /* variant, result: an object with exactly one key, a member;
                       its value is of the member's type, or null without one */
} enc_form;

/* An integer type's exact range. `char` is one too: the Unicode scalar
 * values, 0..0x10FFFF without the surrogates (the gap). */
typedef struct enc_int {
    const char *name;
    const char *min_text, *max_text;    /* exact decimal text */
    bool min_negative;
    uint64_t min_magnitude;             /* |min| */
    uint64_t max;
    uint64_t gap_lo, gap_hi;            /* excluded when gap_hi > 0 */
} enc_int;

typedef struct enc_float {
    const char *name;
    double limit;                       /* |value| <= limit */
    const char *limit_text;             /* the same limit, exact, for schemas */
} enc_float;

typedef struct enc_rule {
    enc_form form;
    witan_type type;                    /* the type with aliases followed */
    const enc_int *integer;             /* ENC_INTEGER */
    const enc_float *number;            /* ENC_NUMBER */
    const witan_field *members;         /* record fields, variant and enum cases, flags */
    uint32_t nmembers;                  /* (results use `result_cases`) */
    const witan_type *items;            /* ENC_TUPLE */
    uint32_t nitems;
    witan_type elem;                    /* option, list: the element; map: the key */
    witan_type value;                   /* map: the value */
    bool fixed;                         /* list<T, N> */
    uint32_t length;
    witan_id resource;                  /* handles: the resource typedef */
    bool is_result;                     /* ENC_CASES from a result: members ok, err */
    witan_type result_types[2];
} enc_rule;

/* The syntax of a handle, for messages and documentation. */
#define ENC_HANDLE_SYNTAX "worker://<component-id>/<worker-name>/<resource-id>"

/* Follows `type x = y` aliases and `use`d names to the type they name. */
witan_type enc_unalias(const witan_resolve *r, witan_type t);
/* Follows only `use`d names (an alias of a type owned elsewhere): what a
 * manifest lists is the type the `use` brings in. */
witan_type enc_through_uses(const witan_resolve *r, witan_type t);
/* The resource typedef a handle or resource name refers to. */
witan_id enc_resource_of(const witan_resolve *r, witan_id id);

void enc_rule_of(const witan_resolve *r, witan_type t, enc_rule *out);
/* The rule of an owned handle to `resource` (a drop's parameter, which
 * has no typedef of its own). */
void enc_rule_handle(const witan_resolve *r, witan_id resource, enc_rule *out);
/* Member i of a record, variant, enum, flags or result rule. */
const char *enc_member_name(const enc_rule *e, uint32_t i);
witan_type enc_member_type(const enc_rule *e, uint32_t i);

/* Working memory of enc_find_noform, kept between calls; zero it before
 * the first. */
typedef struct enc_scratch {
    uint32_t *stamp;    /* per typedef: the call that last visited it */
    uint32_t gen, n;
    witan_type *stack;
    size_t cap;
    bool failed;        /* memory ran out: an answer was not found */
} enc_scratch;

void enc_scratch_free(enc_scratch *s);

/* The first type inside t (t itself included) that has no JSON form, or
 * a NONE type when every part of t has one (also when memory runs out:
 * s->failed is then set). */
witan_type enc_find_noform(const witan_resolve *r, enc_scratch *s, witan_type t);

/* Judging a number's text (as written in JSON) against a range. */
typedef enum enc_verdict {
    ENC_VALID,
    ENC_NOT_INTEGER,        /* fraction or exponent, or not a number */
    ENC_OUT_OF_RANGE,
    ENC_IN_GAP,             /* char: a surrogate */
    ENC_NEGATIVE_ZERO       /* `-0`: JSON readers that keep integers apart
                               (serde_json, so Golem's) read it as a float */
} enc_verdict;

enc_verdict enc_check_integer(const enc_int *range, const char *text, size_t len);
/* The value of a JSON number's text, whatever the C locale; 0 if it is
 * not all one number. */
int enc_number_value(const char *text, size_t len, double *out);
enc_verdict enc_check_number(const enc_float *range, const char *text, size_t len);
/* 1 if s[0..len) is a handle: worker://, two non-empty parts without `/`,
 * then a resource id: a u64 in decimal, without leading zeros. */
int enc_check_handle(const char *s, size_t len);

/* ------------------------------------------------------------ schemas */

typedef struct enc_schema_writer {
    const witan_resolve *r;
    /* The index of a named typedef in the manifest's type list, adding it
     * when new; schemas refer to it as {"$ref": "#/types/N/schema"}.
     * Negative when memory runs out. */
    long (*type_index)(void *arg, witan_id id);
    void *arg;
    jsonw *out;     /* each schema is written as the next value here */
    bool oom;
    /* the pattern of a handle string, the same for every resource: built
     * on first use, freed by the writer's owner (buf_free) */
    buf handle_pattern;
} enc_schema_writer;

/* 1 for a typedef the manifest lists by name: every named typedef but a
 * `use`d name (which stands for the type it brings in). */
int enc_is_listed(const witan_resolve *r, witan_id id);
/* Writes the JSON Schema (draft 2020-12) of a value of type t: a $ref
 * for listed types, the schema itself for the others. */
void enc_schema(enc_schema_writer *w, witan_type t);
/* Writes the schema a listed typedef's own entry holds (for a resource:
 * the schema of its handles). */
void enc_schema_of_typedef(enc_schema_writer *w, witan_id id);
/* Writes a handle to `resource`: a $ref to the resource's entry. */
void enc_schema_handle(enc_schema_writer *w, witan_id resource);
/* Writes the schema of an array of exactly n items (a tuple, or a
 * parameter list), item i's schema written by item(w, arg, i). */
typedef void (*enc_item_fn)(enc_schema_writer *w, void *arg, uint32_t i);
void enc_schema_tuple(enc_schema_writer *w, uint32_t n, enc_item_fn item, void *arg);

#endif

/* witan_check_params and the pieces under it: the strict JSON reader
 * (jsonval), the exact ranges of the encoding rules (jsonenc), every
 * sample of testdata/params/samples.txt with its exact messages, the
 * library's contract (ownership, status, locations, the problem cap), the
 * stdio world, and witan_manifest_json as JSON. Run from the repository
 * root (make unit). */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "witan.h"

#include "arena.h"
#include "jsonenc.h"
#include "jsonval.h"

#define PARAMS_WIT "testdata/params/params.wit"
#define SAMPLES "testdata/params/samples.txt"
#define TIER2_WIT "testdata/golem/tier2/wit"
#define COUNTER_WIT "testdata/golem/counter.wit"

/* ------------------------------------------------------------ helpers */

typedef struct loaded {
    witan_ctx *ctx;
    const witan_resolve *r;
    witan_id world;
    const witan_export *list;
    size_t n;
} loaded;

static loaded load(const char *path)
{
    loaded l;
    memset(&l, 0, sizeof l);
    l.ctx = witan_ctx_new();
    ck_assert_ptr_nonnull(l.ctx);
    ck_assert_int_eq(witan_resolve_path(l.ctx, path, &l.r), WITAN_OK);
    ck_assert_int_eq(witan_select_world(l.ctx, l.r, NULL, &l.world), WITAN_OK);
    ck_assert_int_eq(witan_world_functions(l.ctx, l.r, l.world, 0, &l.list, &l.n), WITAN_OK);
    return l;
}

static const witan_export *fn(const loaded *l, const char *name)
{
    const witan_export *e = witan_find_export(l->list, l->n, name);
    ck_assert_msg(e != NULL, "no function %s", name);
    return e;
}

/* The problems as the CLI prints them, one a line: "PATH: MESSAGE". */
static char *check(const loaded *l, const char *name, const char *json, size_t len,
                   witan_status *st, size_t *count)
{
    const witan_param_problem *ps = (const void *)1;
    *st = witan_check_params(l->ctx, l->r, l->world, fn(l, name), json, len, &ps, count);
    size_t cap = 1;
    for (size_t i = 0; i < *count; i++)
        cap += strlen(ps[i].message) + (ps[i].path ? strlen(ps[i].path) + 2 : 0) + 1;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    out[0] = 0;
    for (size_t i = 0; i < *count; i++) {
        if (ps[i].path) {
            strcat(out, ps[i].path);
            strcat(out, ": ");
        }
        strcat(out, ps[i].message);
        strcat(out, "\n");
    }
    if (*count == 0)
        ck_assert_ptr_null(ps);
    return out;
}

/* ------------------------------------------------------------ samples */

/* Each line of samples.txt: [!REASON<TAB>]FUNCTION<TAB>JSON<TAB>EXPECTED...
 * where EXPECTED is `ok` or every message in order. All mismatches are
 * collected and reported together. */
START_TEST(every_sample_gets_exactly_its_expected_messages)
{
    loaded l = load(PARAMS_WIT);
    FILE *f = fopen(SAMPLES, "r");
    ck_assert_msg(f != NULL, "cannot open " SAMPLES " (run from the repository root)");
    static char line[65536];
    char report[8192] = "";
    int n = 0, bad = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        ck_assert_msg(len && line[len - 1] == '\n', SAMPLES ":%d: line too long", lineno);
        line[--len] = 0;
        if (!len || line[0] == '#')
            continue;
        char *p = line;
        if (*p == '!')
            p = strchr(p, '\t') + 1;
        char *name = p;
        char *json = strchr(name, '\t');
        ck_assert_ptr_nonnull(json);
        *json++ = 0;
        char *expected = strchr(json, '\t');
        ck_assert_ptr_nonnull(expected);
        *expected++ = 0;
        /* expected messages, one a line, as check() writes them */
        static char want[65536];
        want[0] = 0;
        if (strcmp(expected, "ok") != 0) {
            for (char *m = strtok(expected, "\t"); m; m = strtok(NULL, "\t")) {
                strcat(want, m);
                strcat(want, "\n");
            }
        }
        char full[256];
        snprintf(full, sizeof full, "test:params/api/%.200s", name);
        witan_status st;
        size_t count;
        char *got = check(&l, full, json, strlen(json), &st, &count);
        bool ok = strcmp(got, want) == 0 && (st == (want[0] ? WITAN_EINPUT : WITAN_OK));
        n++;
        if (!ok) {
            bad++;
            size_t used = strlen(report);
            snprintf(report + used, sizeof report - used,
                     "\n" SAMPLES ":%d %.60s %.60s\n  want: %.300s  got:  %.300s", lineno, name, json,
                     want, got);
        }
        free(got);
    }
    fclose(f);
    witan_ctx_free(l.ctx);
    ck_assert_msg(n > 200, "only %d samples read", n);
    ck_assert_msg(bad == 0, "%d of %d samples differ:%s", bad, n, report);
}
END_TEST

/* ---------------------------------------------------------- the reader */

typedef struct syntax_case {
    const char *text;
    const char *message;
    size_t offset;
} syntax_case;

START_TEST(reader_rejects_what_rfc8259_rejects_and_says_where)
{
    static const syntax_case cases[] = {
        {"", "expected a JSON value, found end of input", 0},
        {"  \n ", "expected a JSON value, found end of input", 4},
        {"[1,]", "expected a JSON value, found `]`", 3},
        {"[1\n,\n]", "expected a JSON value, found `]`", 5},
        {"{\"a\":1,}", "expected an object key (a string), found `}`", 7},
        {"{,}", "expected an object key (a string) or `}`, found `,`", 1},
        {"01", "invalid number: leading zeros are not allowed", 0},
        {"-01", "invalid number: leading zeros are not allowed", 0},
        {"1.", "expected a digit after `.`, found end of input", 2},
        {"1e+", "expected a digit in the exponent, found end of input", 3},
        {"\"\t\"", "control character U+0009 in string: write it escaped", 1},
        {"\"a\nb\"", "control character U+000A in string: write it escaped", 2},
        {"\"\xff\"", "byte 0xFF in string is not UTF-8", 1},
        {"\"\xc0\x80\"", "byte 0xC0 in string is not UTF-8", 1},
        {"\"\xed\xa0\x80\"", "byte 0xED in string is not UTF-8", 1},
        {"\xef\xbb\xbf[]", "expected a JSON value, found character U+FEFF", 0},
        {"\x01", "expected a JSON value, found character U+0001", 0},
        {"[\"\\ud800\\u0041\"]", "lone surrogate `\\ud800` in string: not a Unicode character", 2},
        {"[\"\\udc00\"]", "lone surrogate `\\udc00` in string: not a Unicode character", 2},
        {"\"\\", "unterminated string", 0},
        {"truex", "expected a JSON value, found `truex`", 0},
        {"nul", "expected a JSON value, found `nul`", 0},
        {"[] []", "expected the end of the input after the JSON value, found `[`", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a;
        arena_init(&a);
        jv_error err;
        jv *v = jsonval_read(&a, cases[i].text, strlen(cases[i].text), &err);
        ck_assert_msg(v == NULL, "case %zu (%s) was read", i, cases[i].text);
        ck_assert_msg(strcmp(err.message, cases[i].message) == 0 && err.offset == cases[i].offset,
                      "case %zu: want \"%s\" at %zu, got \"%s\" at %zu", i, cases[i].message,
                      cases[i].offset, err.message, err.offset);
        arena_free(&a);
    }
}
END_TEST

START_TEST(reader_keeps_number_text_duplicates_and_escapes)
{
    const char *text = "{\"n\": [1.0, -0, 1e3, 18446744073709551616], \"k\": 1, \"k\": 2, "
                       "\"s\": \"a\\u0000\\ud83d\\ude00\\/\"}";
    arena a;
    arena_init(&a);
    jv_error err;
    jv *v = jsonval_read(&a, text, strlen(text), &err);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->kind, JV_OBJECT);
    ck_assert_uint_eq(v->count, 4); /* both `k` members are kept */
    jv *n = v->first;
    ck_assert_str_eq(n->key, "n");
    const char *texts[] = {"1.0", "-0", "1e3", "18446744073709551616"};
    const bool integer[] = {false, true, false, true};
    size_t i = 0;
    for (jv *x = n->first; x; x = x->next, i++) {
        ck_assert_int_eq(x->kind, JV_NUMBER);
        ck_assert_uint_eq(x->len, strlen(texts[i]));
        ck_assert(memcmp(x->text, texts[i], x->len) == 0);
        ck_assert_int_eq(x->integer, integer[i]);
    }
    ck_assert_str_eq(n->next->key, "k");
    ck_assert_str_eq(n->next->next->key, "k");
    jv *s = n->next->next->next;
    ck_assert_uint_eq(s->len, 7);
    ck_assert(memcmp(s->text, "a\0\xf0\x9f\x98\x80/", 7) == 0);
    arena_free(&a);
}
END_TEST

static char *nested(size_t depth)
{
    char *s = malloc(2 * depth + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    s[2 * depth] = 0;
    return s;
}

START_TEST(reader_takes_1000_levels_and_refuses_more_without_recursing)
{
    arena a;
    arena_init(&a);
    jv_error err;
    char *ok = nested(JSONVAL_MAX_DEPTH);
    ck_assert_ptr_nonnull(jsonval_read(&a, ok, strlen(ok), &err));
    free(ok);
    char *deep = nested(JSONVAL_MAX_DEPTH + 1);
    ck_assert_ptr_null(jsonval_read(&a, deep, strlen(deep), &err));
    ck_assert(err.too_deep);
    ck_assert_uint_eq(err.offset, JSONVAL_MAX_DEPTH);
    free(deep);
    /* a million unclosed brackets: refused at level 1001 */
    size_t big = 1000000;
    char *hostile = malloc(big);
    ck_assert_ptr_nonnull(hostile);
    memset(hostile, '[', big);
    ck_assert_ptr_null(jsonval_read(&a, hostile, big, &err));
    ck_assert(err.too_deep);
    free(hostile);
    arena_free(&a);
}
END_TEST

/* --------------------------------------------------------------- ranges */

typedef struct int_case {
    witan_type_kind kind;
    const char *text;
    enc_verdict verdict;
} int_case;

START_TEST(integer_ranges_are_exact_to_the_last_digit)
{
    static const int_case cases[] = {
        {WITAN_TYPE_U64, "0", ENC_VALID},
        {WITAN_TYPE_U64, "18446744073709551615", ENC_VALID},
        {WITAN_TYPE_U64, "18446744073709551616", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U64, "184467440737095516150", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U64, "-1", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U64, "-0", ENC_NEGATIVE_ZERO},
        {WITAN_TYPE_S8, "-0", ENC_NEGATIVE_ZERO},
        {WITAN_TYPE_S64, "-9223372036854775808", ENC_VALID},
        {WITAN_TYPE_S64, "-9223372036854775809", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_S64, "9223372036854775807", ENC_VALID},
        {WITAN_TYPE_S64, "9223372036854775808", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_S64, "-18446744073709551616", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U32, "4294967295", ENC_VALID},
        {WITAN_TYPE_U32, "4294967296", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_S32, "-2147483648", ENC_VALID},
        {WITAN_TYPE_S32, "-2147483649", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U16, "65535", ENC_VALID},
        {WITAN_TYPE_S16, "-32769", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U8, "255", ENC_VALID},
        {WITAN_TYPE_U8, "256", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_S8, "-128", ENC_VALID},
        {WITAN_TYPE_S8, "128", ENC_OUT_OF_RANGE},
        {WITAN_TYPE_U8, "1.5", ENC_NOT_INTEGER},
        {WITAN_TYPE_U8, "1.0", ENC_NOT_INTEGER},
        {WITAN_TYPE_U8, "1e0", ENC_NOT_INTEGER},
        {WITAN_TYPE_CHAR, "55295", ENC_VALID},
        {WITAN_TYPE_CHAR, "55296", ENC_IN_GAP},
        {WITAN_TYPE_CHAR, "57343", ENC_IN_GAP},
        {WITAN_TYPE_CHAR, "57344", ENC_VALID},
        {WITAN_TYPE_CHAR, "1114111", ENC_VALID},
        {WITAN_TYPE_CHAR, "1114112", ENC_OUT_OF_RANGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enc_rule e;
        enc_rule_of(NULL, (witan_type){cases[i].kind, 0}, &e);
        ck_assert_int_eq(e.form, ENC_INTEGER);
        ck_assert_msg(enc_check_integer(e.integer, cases[i].text, strlen(cases[i].text)) ==
                          cases[i].verdict,
                      "case %zu: %s as %s", i, cases[i].text, e.integer->name);
    }
}
END_TEST

START_TEST(floats_are_finite_and_f32_within_its_range)
{
    enc_rule f32, f64;
    enc_rule_of(NULL, (witan_type){WITAN_TYPE_F32, 0}, &f32);
    enc_rule_of(NULL, (witan_type){WITAN_TYPE_F64, 0}, &f64);
    ck_assert_int_eq(enc_check_number(f32.number, "3.4028234663852886e38", 21), ENC_VALID);
    ck_assert_int_eq(enc_check_number(f32.number, "-3.4028234663852886e38", 22), ENC_VALID);
    ck_assert_int_eq(enc_check_number(f32.number, "3.4028235e38", 12), ENC_OUT_OF_RANGE);
    ck_assert_int_eq(enc_check_number(f32.number, "1e39", 4), ENC_OUT_OF_RANGE);
    ck_assert_int_eq(enc_check_number(f32.number, "1e-60", 5), ENC_VALID);
    ck_assert_int_eq(enc_check_number(f64.number, "1e39", 4), ENC_VALID);
    ck_assert_int_eq(enc_check_number(f64.number, "1.7976931348623157e308", 22), ENC_VALID);
    ck_assert_int_eq(enc_check_number(f64.number, "1e309", 5), ENC_OUT_OF_RANGE);
    ck_assert_int_eq(enc_check_number(f64.number, "-1e309", 6), ENC_OUT_OF_RANGE);
}
END_TEST

START_TEST(handles_are_worker_uris_with_a_u64_resource_id)
{
    static const char *good[] = {
        "worker://c/w/0", "worker://c/w/7", "worker://urn:uuid:x/w-1/42",
        "worker://c/w/18446744073709551615", "worker://\xc3\xa9/\xc3\xa9/1",
    };
    static const char *bad[] = {
        "", "worker://", "worker://c/w", "worker://c/w/", "worker://c//1", "worker:///w/1",
        "worker://c/w/01", "worker://c/w/-1", "worker://c/w/1/2", "worker://c/w/1x",
        "worker://c/w/18446744073709551616", "Worker://c/w/1", "worker:/c/w/1",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(enc_check_handle(good[i], strlen(good[i])), "%s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!enc_check_handle(bad[i], strlen(bad[i])), "%s", bad[i]);
}
END_TEST

/* ------------------------------------------------------------ contract */

START_TEST(problems_have_paths_lines_and_columns)
{
    loaded l = load(PARAMS_WIT);
    const char *json = "[\n  300,\n  \"x\",\n  {\"id\": 5}\n]";
    const witan_param_problem *ps;
    size_t n;
    witan_status st = witan_check_params(l.ctx, l.r, l.world, fn(&l, "test:params/api/take-several"),
                                         json, strlen(json), &ps, &n);
    ck_assert_int_eq(st, WITAN_EINPUT);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(ps[0].path, "$[0]");
    ck_assert_uint_eq(ps[0].line, 2);
    ck_assert_uint_eq(ps[0].column, 3);
    ck_assert_uint_eq(ps[0].offset, 4);
    ck_assert_str_eq(ps[1].path, "$[2].id");
    ck_assert_uint_eq(ps[1].line, 4);
    ck_assert_uint_eq(ps[1].column, 10);
    ck_assert_str_eq(ps[2].path, "$[2]");
    ck_assert_str_eq(ps[2].message, "missing field `quantity` of record item");
    ck_assert_uint_eq(ps[2].line, 4);
    ck_assert_uint_eq(ps[2].column, 3);
    /* a problem without a place: the function cannot be called */
    st = witan_check_params(l.ctx, l.r, l.world, fn(&l, "test:params/api/take-stream"), "[]", 2,
                            &ps, &n);
    ck_assert_int_eq(st, WITAN_EINPUT);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(ps[0].path);
    ck_assert_uint_eq(ps[0].line, 0);
    witan_ctx_free(l.ctx);
}
END_TEST

START_TEST(problems_stop_after_the_limit_and_say_so)
{
    loaded l = load(PARAMS_WIT);
    size_t items = 1500;
    char *json = malloc(items * 4 + 8);
    ck_assert_ptr_nonnull(json);
    strcpy(json, "[[");
    for (size_t i = 0; i < items; i++)
        strcat(json, i ? ",\"x\"" : "\"x\"");
    strcat(json, "]]");
    const witan_param_problem *ps;
    size_t n;
    witan_status st = witan_check_params(l.ctx, l.r, l.world, fn(&l, "test:params/api/take-list"),
                                         json, strlen(json), &ps, &n);
    ck_assert_int_eq(st, WITAN_EINPUT);
    ck_assert_uint_eq(n, WITAN_PARAMS_MAX_PROBLEMS + 1);
    ck_assert_str_eq(ps[999].path, "$[0][999]");
    ck_assert_ptr_null(ps[1000].path);
    ck_assert_str_eq(ps[1000].message, "too many problems; stopped after 1000");
    free(json);
    witan_ctx_free(l.ctx);
}
END_TEST

START_TEST(valid_parameters_give_ok_and_no_problems)
{
    loaded l = load(COUNTER_WIT);
    const witan_param_problem *ps = (const void *)1;
    size_t n = 99;
    const char *json = "[\"worker://c/w/1\", 18446744073709551615]";
    ck_assert_int_eq(witan_check_params(l.ctx, l.r, l.world,
                                        fn(&l, "golem:component/api.{counter.inc-by}"), json,
                                        strlen(json), &ps, &n),
                     WITAN_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(ps);
    /* the drop takes only the handle; raw names work too */
    json = "[\"worker://c/w/1\"]";
    ck_assert_int_eq(witan_check_params(l.ctx, l.r, l.world, fn(&l, "golem:component/api/counter/drop"),
                                        json, strlen(json), &ps, &n),
                     WITAN_OK);
    json = "[\"worker://c/w/1\", \"worker://c/w/2\", \"n\"]";
    ck_assert_int_eq(witan_check_params(l.ctx, l.r, l.world,
                                        fn(&l, "golem:component/api#[static]counter.merge-counters"),
                                        json, strlen(json), &ps, &n),
                     WITAN_OK);
    ck_assert_int_eq(witan_error_count(l.ctx), 0);
    witan_ctx_free(l.ctx);
}
END_TEST

START_TEST(a_stdio_world_takes_any_json_but_only_json)
{
    loaded l = load(TIER2_WIT);
    ck_assert(witan_world_is_stdio(l.r, l.world));
    const witan_export *run = fn(&l, "wasi:cli/run@0.2.0/run");
    static const char *valid[] = {"[]", "{\"any\": [1, 2.5e300, \"x\"]}", "5", "\"text\"", "null",
                                  " true "};
    const witan_param_problem *ps;
    size_t n;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        ck_assert_msg(witan_check_params(l.ctx, l.r, l.world, run, valid[i], strlen(valid[i]), &ps,
                                         &n) == WITAN_OK,
                      "%s", valid[i]);
    ck_assert_int_eq(witan_check_params(l.ctx, l.r, l.world, run, "{\"a\" 1}", 7, &ps, &n),
                     WITAN_EINPUT);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(ps[0].message, "invalid JSON at line 1, column 6: expected `:`, found `1`");
    char *deep = nested(WITAN_PARAMS_MAX_DEPTH + 1);
    ck_assert_int_eq(witan_check_params(l.ctx, l.r, l.world, run, deep, strlen(deep), &ps, &n),
                     WITAN_EINPUT);
    ck_assert_str_eq(ps[0].message, "JSON nests deeper than 1000 levels at line 1, column 1001");
    free(deep);
    witan_ctx_free(l.ctx);
}
END_TEST

/* ------------------------------------------------------------ manifest */

START_TEST(manifest_is_json_with_the_documented_keys)
{
    loaded l = load(COUNTER_WIT);
    char *text = witan_manifest_json(l.ctx, l.r, l.world);
    ck_assert_ptr_nonnull(text);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "manifest_format")->valuestring, "witan-manifest");
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "manifest_version")->valueint, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "generator")->valuestring, "witan " WITAN_VERSION);
    ck_assert_str_eq(cJSON_GetObjectItem(doc, "invocation")->valuestring, "typed");
    cJSON *fns = cJSON_GetObjectItem(doc, "functions");
    ck_assert_int_eq(cJSON_GetArraySize(fns), (int)l.n);
    for (size_t i = 0; i < l.n; i++)
        ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(fns, (int)i), "slash")->valuestring,
                         l.list[i].slash);
    /* the u64 bound is written exactly, not as a double */
    ck_assert_ptr_nonnull(strstr(text, "\"maximum\": 18446744073709551615\n"));
    cJSON_Delete(doc);
    free(text);
    ck_assert_ptr_null(witan_manifest_json(l.ctx, l.r, l.r->nworlds));
    witan_ctx_free(l.ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("params");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_sample_gets_exactly_its_expected_messages);
    tcase_add_test(tc, reader_rejects_what_rfc8259_rejects_and_says_where);
    tcase_add_test(tc, reader_keeps_number_text_duplicates_and_escapes);
    tcase_add_test(tc, reader_takes_1000_levels_and_refuses_more_without_recursing);
    tcase_add_test(tc, integer_ranges_are_exact_to_the_last_digit);
    tcase_add_test(tc, floats_are_finite_and_f32_within_its_range);
    tcase_add_test(tc, handles_are_worker_uris_with_a_u64_resource_id);
    tcase_add_test(tc, problems_have_paths_lines_and_columns);
    tcase_add_test(tc, problems_stop_after_the_limit_and_say_so);
    tcase_add_test(tc, valid_parameters_give_ok_and_no_problems);
    tcase_add_test(tc, a_stdio_world_takes_any_json_but_only_json);
    tcase_add_test(tc, manifest_is_json_with_the_documented_keys);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

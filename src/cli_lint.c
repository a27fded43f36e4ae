/* witan lint — every problem of each PATH, in text, gcc, json or sarif.
 * Machine formats go to stdout and nothing else is printed there. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "jsonout.h"

typedef enum { FMT_TEXT, FMT_GCC, FMT_JSON, FMT_SARIF } lint_format;

/* Ids beside the rules': errors of the input (those wit-parser reports
 * too) have no rule and get `wit-error` in machine formats; warnings about
 * `// witan:` directives come as `lint-directive`. Both follow the rules in
 * SARIF's list. */
static const char error_rule[] = "wit-error";
static const char error_help[] =
    "An error wit-parser also reports: the package cannot be built until it is fixed.";
static const char directive_rule[] = "lint-directive";
static const char directive_help[] =
    "A `// witan: allow(RULE)` (or `warn`, `deny`) comment that witan cannot apply: an "
    "unknown rule or verb, or a directive that is not on a line of its own before an item. "
    "Fix: correct the rule name (see `witan help lint`) or move the comment to the line "
    "before the item.";

static const char *rule_id_of(const char *rule, witan_severity sev)
{
    return rule ? rule : sev == WITAN_ERROR ? error_rule : directive_rule;
}

typedef struct level_opt {
    const char *rule;
    witan_level level;
} level_opt;

static const char *level_name(witan_level l)
{
    return l == WITAN_LEVEL_ERROR ? "error" : l == WITAN_LEVEL_WARNING ? "warning" : "none";
}

/* A path relative to the working directory when it lies below it. */
static const char *relative(const char *path, char *out, size_t cap)
{
    if (!path || path[0] != '/')
        return path;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return path;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/') {
        snprintf(out, cap, "%s", path + n + 1);
        return out;
    }
    return path;
}

/* SARIF wants URIs: percent-encode what is not an unreserved or `/`; an
 * absolute path becomes a file: URI, a relative one a relative reference
 * (to SRCROOT, the directory witan ran in). */
static char *uri_of(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 8), *q = u;
    if (!u)
        return NULL;
    if (path[0] == '/') {
        memcpy(q, "file://", 7);
        q += 7;
    }
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            *q++ = (char)*p;
        } else {
            sprintf(q, "%%%02X", *p);
            q += 3;
        }
    }
    *q = 0;
    return u;
}

static unsigned long long fnv64(const char *s, unsigned long long h)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

typedef struct lint_run {
    lint_format format;
    /* json and sarif: the document, written as the diagnostics come,
     * printed when the last path is done */
    buf out;
    jsonw w;
    size_t errors, warnings;
    /* sarif: how often each fingerprint came so far (open addressing;
     * a key of 0 marks a free slot) */
    struct print_count {
        unsigned long long key;
        unsigned count;
    } *prints;
    size_t nprints, cap_prints;
    cli_columns columns;    /* sarif: for columns in code points */
    int color;
    const cli_common *common;
    bool oom;           /* a diagnostic could not be rendered */
} lint_run;

/* How many earlier results had fingerprint h; counts this one. */
static unsigned occurrence(lint_run *run, unsigned long long h)
{
    h |= 1; /* never 0 */
    if (2 * (run->nprints + 1) > run->cap_prints) {
        size_t cap = run->cap_prints ? run->cap_prints * 2 : 64;
        struct print_count *t = calloc(cap, sizeof *t);
        if (!t) {
            run->out.failed = 1;    /* the document is not written */
            return 0;
        }
        for (size_t i = 0; i < run->cap_prints; i++) {
            if (!run->prints[i].key)
                continue;
            size_t j = (size_t)(run->prints[i].key % cap);
            while (t[j].key)
                j = (j + 1) % cap;
            t[j] = run->prints[i];
        }
        free(run->prints);
        run->prints = t;
        run->cap_prints = cap;
    }
    size_t j = (size_t)(h % run->cap_prints);
    while (run->prints[j].key && run->prints[j].key != h)
        j = (j + 1) % run->cap_prints;
    if (!run->prints[j].key) {
        run->prints[j].key = h;
        run->nprints++;
    }
    return run->prints[j].count++;
}

/* "key": {"line": .., "column": ..}, or null for a finding without a
 * place. */
static void position(jsonw *w, const char *key, bool located, uint32_t line, uint32_t col)
{
    jsonw_key(w, key);
    if (!located) {
        jsonw_lit(w, "null");
        return;
    }
    jsonw_open(w, '{');
    jsonw_key_lit(w, "line");
    jsonw_uint(w, line);
    jsonw_key_lit(w, "column");
    jsonw_uint(w, col);
    jsonw_close(w, '}');
}

/* Index in SARIF's rule list: the rules, then wit-error, lint-directive. */
static size_t rule_index_of(const char *id)
{
    size_t n;
    const witan_rule_info *rules = witan_lint_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i].id, id) == 0)
            return i;
    return strcmp(id, error_rule) == 0 ? n : n + 1;
}

/* A member whose value is an object with one string member "text". */
static void text_object(jsonw *w, const char *key, const char *text)
{
    jsonw_key(w, key);
    jsonw_open(w, '{');
    jsonw_key_str(w, "text", text);
    jsonw_close(w, '}');
}

/* One diagnostic of a machine format, as both formats need it. */
typedef struct finding {
    const char *id, *level;
    const char *message;    /* with its context prefix, as the text format shows it */
    const char *context, *bare; /* the prefix (or NULL) and the message without it */
    const char *path;       /* as the library gives it */
    const char *shown;      /* relative to the working directory when below it */
    bool located;
    uint32_t line, col, eline, ecol;
} finding;

static void json_diag(lint_run *run, const finding *f)
{
    jsonw *w = &run->w;
    jsonw_elem(w);
    jsonw_open(w, '{');
    jsonw_key_str(w, "rule", f->id);
    jsonw_key_str(w, "level", f->level);
    jsonw_key_str(w, "message", f->message);
    jsonw_key_str(w, "file", f->shown);
    position(w, "start", f->located, f->line, f->col);
    position(w, "end", f->located, f->eline, f->ecol);
    jsonw_close(w, '}');
}

/* "locations": [{"physicalLocation": {...}}] of a located finding. */
static void sarif_location(lint_run *run, const finding *f, const char *uri)
{
    jsonw *w = &run->w;
    jsonw_key_lit(w, "locations");
    jsonw_open(w, '[');
    jsonw_elem(w);
    jsonw_open(w, '{');
    jsonw_key_lit(w, "physicalLocation");
    jsonw_open(w, '{');
    jsonw_key_lit(w, "artifactLocation");
    jsonw_open(w, '{');
    jsonw_key_str(w, "uri", uri);
    if (f->shown[0] != '/')
        jsonw_key_str(w, "uriBaseId", "SRCROOT");
    jsonw_close(w, '}');
    jsonw_key_lit(w, "region");
    jsonw_open(w, '{');
    jsonw_key_lit(w, "startLine");
    jsonw_uint(w, f->line);
    jsonw_key_lit(w, "startColumn");
    jsonw_uint(w, cli_code_point_column(&run->columns, f->path, f->line, f->col));
    jsonw_key_lit(w, "endLine");
    jsonw_uint(w, f->eline);
    jsonw_key_lit(w, "endColumn");
    jsonw_uint(w, cli_code_point_column(&run->columns, f->path, f->eline, f->ecol));
    jsonw_close(w, '}');
    jsonw_close(w, '}');
    jsonw_close(w, '}');
    jsonw_close(w, ']');
}

/* Stable across runs and line moves: rule, file and message, and which
 * occurrence of the three it is. */
static void fingerprint(lint_run *run, const finding *f, char fp[32])
{
    unsigned long long h = 1469598103934665603ULL;
    h = fnv64(f->id, h);
    h = fnv64("\n", h);
    h = fnv64(f->shown ? f->shown : "", h);
    h = fnv64("\n", h);
    h = fnv64(f->message, h);
    unsigned nth = occurrence(run, h);
    if (nth) {
        char occ[16];
        snprintf(occ, sizeof occ, "#%u", nth);
        h = fnv64(occ, h);
    }
    snprintf(fp, 32, "%016llx", h);
}

static void sarif_result(lint_run *run, const finding *f)
{
    /* a file but no place in it (a dangling link in deps/): the file goes
     * into the message where the text format has it, since a location
     * without a region says nothing SARIF readers can show */
    char *text = NULL;
    if (f->shown && !f->located) {
        size_t n = strlen(f->message) + strlen(f->shown) + 3;
        if ((text = malloc(n)))
            snprintf(text, n, "%s%s: %s", f->context ? f->context : "", f->shown, f->bare);
    }
    char *uri = f->shown && f->located ? uri_of(f->shown) : NULL;
    if (f->shown && f->located && !uri) {
        run->out.failed = 1;
        free(text);
        return;
    }
    jsonw *w = &run->w;
    jsonw_elem(w);
    jsonw_open(w, '{');
    jsonw_key_str(w, "ruleId", f->id);
    jsonw_key_lit(w, "ruleIndex");
    jsonw_uint(w, rule_index_of(f->id));
    jsonw_key_str(w, "level", f->level);
    text_object(w, "message", text ? text : f->message);
    free(text);
    if (uri)
        sarif_location(run, f, uri);
    free(uri);
    char fp[32];
    fingerprint(run, f, fp);
    jsonw_key_lit(w, "partialFingerprints");
    jsonw_open(w, '{');
    jsonw_key_str(w, "witan/v1", fp);
    jsonw_close(w, '}');
    jsonw_close(w, '}');
}

static void record(lint_run *run, witan_ctx *ctx, size_t i)
{
    witan_severity sev = witan_diag_severity(ctx, i);
    if (sev == WITAN_ERROR)
        run->errors++;
    else
        run->warnings++;
    if (run->format == FMT_TEXT || run->format == FMT_GCC) {
        char *s = witan_diag_render(ctx, i, run->format == FMT_GCC ? WITAN_FORMAT_GCC
                                                                   : WITAN_FORMAT_TEXT,
                                    run->color);
        fprintf(stderr, "%s\n", s ? s : "witan: out of memory");
        if (!s)
            run->oom = true;
        free(s);
        return;
    }
    finding f;
    f.id = rule_id_of(witan_diag_rule(ctx, i), sev);
    f.level = sev == WITAN_ERROR ? "error" : "warning";
    f.located = witan_diag_location(ctx, i, &f.path, &f.line, &f.col, &f.eline, &f.ecol);
    char rel[PATH_MAX];
    f.shown = relative(f.path, rel, sizeof rel);
    f.context = witan_diag_context(ctx, i);
    f.bare = witan_diag_message(ctx, i);
    size_t mlen = strlen(f.bare) + (f.context ? strlen(f.context) : 0) + 1;
    char *full = malloc(mlen);
    if (!full) {
        run->out.failed = 1;
        return;
    }
    snprintf(full, mlen, "%s%s", f.context ? f.context : "", f.bare);
    f.message = full;
    if (run->format == FMT_JSON)
        json_diag(run, &f);
    else
        sarif_result(run, &f);
    free(full);
}

static void sarif_rules(jsonw *w)
{
    size_t n;
    const witan_rule_info *rules = witan_lint_rules(&n);
    jsonw_open(w, '[');
    for (size_t i = 0; i <= n + 1; i++) {
        const char *id = i < n ? rules[i].id : i == n ? error_rule : directive_rule;
        const char *summary = i < n    ? rules[i].summary
                              : i == n ? "an error wit-parser reports"
                                       : "a `witan:` directive that cannot be applied";
        const char *help = i < n ? rules[i].help : i == n ? error_help : directive_help;
        witan_level level = i < n ? rules[i].default_level
                            : i == n ? WITAN_LEVEL_ERROR : WITAN_LEVEL_WARNING;
        jsonw_elem(w);
        jsonw_open(w, '{');
        jsonw_key_str(w, "id", id);
        /* SARIF's "friendly name": the id in PascalCase */
        char name[64];
        size_t k = 0;
        for (const char *p = id; *p && k + 1 < sizeof name; p++)
            if (*p != '-')
                name[k++] = (p == id || p[-1] == '-') && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        name[k] = 0;
        jsonw_key_str(w, "name", name);
        text_object(w, "shortDescription", summary);
        text_object(w, "fullDescription", help);
        text_object(w, "help", help);
        jsonw_key_lit(w, "defaultConfiguration");
        jsonw_open(w, '{');
        jsonw_key_str(w, "level", level_name(level));
        jsonw_close(w, '}');
        jsonw_close(w, '}');
    }
    jsonw_close(w, ']');
}

/* The document up to the array the diagnostics (json) or results (sarif)
 * go into, that array left open. */
static void open_document(lint_run *run)
{
    jsonw *w = &run->w;
    buf_init(&run->out);
    jsonw_init(w, &run->out);
    jsonw_open(w, '{');
    if (run->format == FMT_JSON) {
        jsonw_key_str(w, "$schema", "https://witan.dev/schemas/lint-v1.json");
        jsonw_key_lit(w, "version");
        jsonw_lit(w, "1");
        jsonw_key_lit(w, "tool");
        jsonw_open(w, '{');
        jsonw_key_str(w, "name", "witan");
        jsonw_key_str(w, "version", WITAN_VERSION);
        jsonw_close(w, '}');
        jsonw_key_lit(w, "diagnostics");
        jsonw_open(w, '[');
        return;
    }
    jsonw_key_str(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    jsonw_key_str(w, "version", "2.1.0");
    jsonw_key_lit(w, "runs");
    jsonw_open(w, '[');
    jsonw_elem(w);
    jsonw_open(w, '{');
    jsonw_key_lit(w, "tool");
    jsonw_open(w, '{');
    jsonw_key_lit(w, "driver");
    jsonw_open(w, '{');
    jsonw_key_str(w, "name", "witan");
    jsonw_key_str(w, "version", WITAN_VERSION);
    jsonw_key_str(w, "semanticVersion", WITAN_VERSION);
    jsonw_key_str(w, "informationUri", "https://github.com/witan-dev/witan");
    jsonw_key_lit(w, "rules");
    sarif_rules(w);
    jsonw_close(w, '}');
    jsonw_close(w, '}');
    jsonw_key_lit(w, "originalUriBaseIds");
    jsonw_open(w, '{');
    jsonw_key_lit(w, "SRCROOT");
    jsonw_open(w, '{');
    text_object(w, "description", "The directory witan lint ran in.");
    jsonw_close(w, '}');
    jsonw_close(w, '}');
    jsonw_key_str(w, "columnKind", "unicodeCodePoints");
    jsonw_key_lit(w, "results");
    jsonw_open(w, '[');
}

/* Closes what open_document left open, and prints the document. */
static int emit_document(lint_run *run, cli_common *c)
{
    jsonw *w = &run->w;
    jsonw_close(w, ']');
    if (run->format == FMT_JSON) {
        jsonw_key_lit(w, "errors");
        jsonw_uint(w, run->errors);
        jsonw_key_lit(w, "warnings");
        jsonw_uint(w, run->warnings);
    } else {
        jsonw_close(w, '}');
        jsonw_close(w, ']');
    }
    jsonw_close(w, '}');
    buf_addc(&run->out, '\n');
    if (run->out.failed)
        return cli_out_of_memory();
    return cli_write_output(c, NULL, run->out.data, run->out.len);
}

int cmd_lint(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "lint", false};
    /* at most one of each per argument */
    const char **paths = malloc((size_t)argc * sizeof *paths);
    level_opt *levels = malloc((size_t)argc * sizeof *levels);
    int npaths = 0, nlevels = 0, status = 0;
    const char *world = NULL;
    bool deny_warnings = false;
    lint_run run;
    memset(&run, 0, sizeof run);
    run.format = FMT_TEXT;
    if (!paths || !levels) {
        status = cli_out_of_memory();
        goto out;
    }
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            paths[npaths++] = arg;
            continue;
        }
        if (strcmp(opt, "--deny-warnings") == 0) {
            deny_warnings = true;
            continue;
        }
        /* -A RULE, -ARULE, --allow RULE, --allow=RULE (and -W, -D) */
        witan_level lv = WITAN_LEVEL_OFF;
        const char *rule = NULL;
        bool level_opt_seen = true;
        if (opt[1] && strchr("AWD", opt[1])) {
            lv = opt[1] == 'A' ? WITAN_LEVEL_OFF : opt[1] == 'W' ? WITAN_LEVEL_WARNING : WITAN_LEVEL_ERROR;
            rule = opt[2] ? opt + 2 : cli_value(&a, opt);
        } else if (cli_is_opt(opt, "--allow")) {
            lv = WITAN_LEVEL_OFF;
            rule = cli_value(&a, opt);
        } else if (cli_is_opt(opt, "--warn")) {
            lv = WITAN_LEVEL_WARNING;
            rule = cli_value(&a, opt);
        } else if (cli_is_opt(opt, "--deny")) {
            lv = WITAN_LEVEL_ERROR;
            rule = cli_value(&a, opt);
        } else {
            level_opt_seen = false;
        }
        if (level_opt_seen) {
            if (!rule) {
                status = EXIT_USAGE;
                goto out;
            }
            levels[nlevels++] = (level_opt){rule, lv};
            continue;
        }
        if (cli_is_opt(opt, "--world")) {
            if (!(world = cli_value(&a, opt))) {
                status = EXIT_USAGE;
                goto out;
            }
            continue;
        }
        if (cli_is_opt(opt, "--format")) {
            const char *v = cli_value(&a, opt);
            if (!v) {
                status = EXIT_USAGE;
                goto out;
            }
            if (strcmp(v, "text") == 0)
                run.format = FMT_TEXT;
            else if (strcmp(v, "gcc") == 0)
                run.format = FMT_GCC;
            else if (strcmp(v, "json") == 0)
                run.format = FMT_JSON;
            else if (strcmp(v, "sarif") == 0)
                run.format = FMT_SARIF;
            else {
                status = cli_usage_error("lint", "unknown format '%s' (expected text, gcc, json or sarif)", v);
                goto out;
            }
            continue;
        }
        int r = cli_other_option(&a, opt, &c);
        if (r >= 0) {
            status = r;
            goto out;
        }
    }
    if (npaths == 0) {
        status = cli_usage_error("lint", "missing PATH");
        goto out;
    }
    /* validate rule names before doing any work */
    for (int i = 0; i < nlevels; i++) {
        witan_ctx *probe = witan_ctx_new();
        int known = probe && witan_lint_set_level(probe, levels[i].rule, levels[i].level);
        witan_ctx_free(probe);
        if (!known) {
            status = cli_usage_error("lint", "unknown rule '%s' (see 'witan help lint')",
                                     levels[i].rule);
            goto out;
        }
    }
    run.common = &c;
    if (run.format == FMT_TEXT) {
        const char *nc = getenv("NO_COLOR");
        run.color = c.color >= 0 ? c.color : (!(nc && *nc) && isatty(2));
    }
    bool document = run.format == FMT_JSON || run.format == FMT_SARIF;
    if (document)
        open_document(&run);
    int io = 0;
    for (int p = 0; p < npaths; p++) {
        witan_ctx *ctx = cli_context(&c);
        if (!ctx) {
            status = EXIT_INTERNAL;
            goto out;
        }
        for (int i = 0; i < nlevels; i++)
            witan_lint_set_level(ctx, levels[i].rule, levels[i].level);
        witan_status st = witan_lint_path(ctx, paths[p], world);
        if (st == WITAN_EIO || st == WITAN_EINTERNAL)
            io = st == WITAN_EIO ? EXIT_USAGE : EXIT_INTERNAL;
        for (size_t i = 0; i < witan_diag_count(ctx); i++)
            record(&run, ctx, i);
        witan_ctx_free(ctx);
    }
    if (document)
        status = emit_document(&run, &c);
    if (!status) {
        if (run.oom)
            status = EXIT_INTERNAL;
        else if (io)
            status = io;
        else if (run.errors || (deny_warnings && run.warnings))
            status = EXIT_INPUT;
    }
    status = cli_finish_stdout(&c, status);
out:
    cli_columns_free(&run.columns);
    free(paths);
    free(levels);
    free(run.prints);
    buf_free(&run.out);
    cli_common_free(&c);
    return status;
}

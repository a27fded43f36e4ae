/* witan lint — every problem of each PATH, in text, gcc, json or sarif.
 * Machine formats go to stdout and nothing else is printed there. */
#include <cjson/cJSON.h>
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
    cJSON *diags;       /* json: the array */
    cJSON *results;     /* sarif */
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
} lint_run;

/* How many earlier results had fingerprint h; counts this one. */
static unsigned occurrence(lint_run *run, unsigned long long h)
{
    h |= 1; /* never 0 */
    if (2 * (run->nprints + 1) > run->cap_prints) {
        size_t cap = run->cap_prints ? run->cap_prints * 2 : 64;
        struct print_count *t = calloc(cap, sizeof *t);
        if (!t)
            return 0;
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

static cJSON *position(uint32_t line, uint32_t col)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", line);
    cJSON_AddNumberToObject(o, "column", col);
    return o;
}

/* Index in SARIF's rule list: the rules, then wit-error, lint-directive. */
static int rule_index_of(const char *id)
{
    size_t n;
    const witan_rule_info *rules = witan_lint_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i].id, id) == 0)
            return (int)i;
    return strcmp(id, error_rule) == 0 ? (int)n : (int)n + 1;
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
        free(s);
        return;
    }
    const char *rule = witan_diag_rule(ctx, i);
    const char *path;
    uint32_t line, col, eline, ecol;
    int located = witan_diag_location(ctx, i, &path, &line, &col, &eline, &ecol);
    char rel[PATH_MAX];
    const char *shown = relative(path, rel, sizeof rel);
    /* the message with its context prefix, as the text format shows it */
    const char *context = witan_diag_context(ctx, i);
    size_t mlen = strlen(witan_diag_message(ctx, i)) + (context ? strlen(context) : 0) + 1;
    char *full = malloc(mlen);
    if (!full)
        return;
    snprintf(full, mlen, "%s%s", context ? context : "", witan_diag_message(ctx, i));
    const char *msg = full;
    if (run->format == FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "rule", rule_id_of(rule, sev));
        cJSON_AddStringToObject(o, "level", sev == WITAN_ERROR ? "error" : "warning");
        cJSON_AddStringToObject(o, "message", msg);
        if (shown)
            cJSON_AddStringToObject(o, "file", shown);
        else
            cJSON_AddNullToObject(o, "file");
        if (located) {
            cJSON_AddItemToObject(o, "start", position(line, col));
            cJSON_AddItemToObject(o, "end", position(eline, ecol));
        } else {
            cJSON_AddNullToObject(o, "start");
            cJSON_AddNullToObject(o, "end");
        }
        cJSON_AddItemToArray(run->diags, o);
    } else {
        cJSON *res = cJSON_CreateObject();
        const char *id = rule_id_of(rule, sev);
        cJSON_AddStringToObject(res, "ruleId", id);
        cJSON_AddNumberToObject(res, "ruleIndex", rule_index_of(id));
        cJSON_AddStringToObject(res, "level", sev == WITAN_ERROR ? "error" : "warning");
        cJSON *m = cJSON_AddObjectToObject(res, "message");
        if (shown && !located) {
            /* a file but no place in it (a dangling link in deps/): the
             * file goes into the message where the text format has it,
             * since a location without a region says nothing SARIF
             * readers can show */
            size_t n = mlen + strlen(shown) + 2;
            char *t = malloc(n);
            if (t)
                snprintf(t, n, "%s%s: %s", context ? context : "", shown,
                         witan_diag_message(ctx, i));
            cJSON_AddStringToObject(m, "text", t ? t : msg);
            free(t);
        } else {
            cJSON_AddStringToObject(m, "text", msg);
        }
        if (shown && located) {
            cJSON *locs = cJSON_AddArrayToObject(res, "locations");
            cJSON *loc = cJSON_CreateObject();
            cJSON_AddItemToArray(locs, loc);
            cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
            cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
            char *uri = uri_of(shown);
            if (!uri) {
                free(full);
                return;
            }
            cJSON_AddStringToObject(art, "uri", uri);
            if (shown[0] != '/')
                cJSON_AddStringToObject(art, "uriBaseId", "SRCROOT");
            free(uri);
            cJSON *reg = cJSON_AddObjectToObject(phys, "region");
            cJSON_AddNumberToObject(reg, "startLine", line);
            cJSON_AddNumberToObject(reg, "startColumn", cli_code_point_column(&run->columns, path, line, col));
            cJSON_AddNumberToObject(reg, "endLine", eline);
            cJSON_AddNumberToObject(reg, "endColumn", cli_code_point_column(&run->columns, path, eline, ecol));
        }
        /* stable across runs and line moves: rule, file and message, and
         * which occurrence of the three it is */
        unsigned long long h = 1469598103934665603ULL;
        h = fnv64(id, h);
        h = fnv64("\n", h);
        h = fnv64(shown ? shown : "", h);
        h = fnv64("\n", h);
        h = fnv64(msg, h);
        unsigned nth = occurrence(run, h);
        if (nth) {
            char occ[16];
            snprintf(occ, sizeof occ, "#%u", nth);
            h = fnv64(occ, h);
        }
        char fp[32];
        snprintf(fp, sizeof fp, "%016llx", h);
        cJSON *fps = cJSON_AddObjectToObject(res, "partialFingerprints");
        cJSON_AddStringToObject(fps, "witan/v1", fp);
        cJSON_AddItemToArray(run->results, res);
    }
    free(full);
}

static cJSON *sarif_rules(void)
{
    size_t n;
    const witan_rule_info *rules = witan_lint_rules(&n);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i <= n + 1; i++) {
        const char *id = i < n ? rules[i].id : i == n ? error_rule : directive_rule;
        const char *summary = i < n    ? rules[i].summary
                              : i == n ? "an error wit-parser reports"
                                       : "a `witan:` directive that cannot be applied";
        const char *help = i < n ? rules[i].help : i == n ? error_help : directive_help;
        witan_level level = i < n ? rules[i].default_level
                            : i == n ? WITAN_LEVEL_ERROR : WITAN_LEVEL_WARNING;
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "id", id);
        /* SARIF's "friendly name": the id in PascalCase */
        char name[64];
        size_t k = 0;
        for (const char *p = id; *p && k + 1 < sizeof name; p++)
            if (*p != '-')
                name[k++] = (p == id || p[-1] == '-') && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        name[k] = 0;
        cJSON_AddStringToObject(r, "name", name);
        cJSON *sd = cJSON_AddObjectToObject(r, "shortDescription");
        cJSON_AddStringToObject(sd, "text", summary);
        cJSON *fd = cJSON_AddObjectToObject(r, "fullDescription");
        cJSON_AddStringToObject(fd, "text", help);
        cJSON *h = cJSON_AddObjectToObject(r, "help");
        cJSON_AddStringToObject(h, "text", help);
        cJSON *cfg = cJSON_AddObjectToObject(r, "defaultConfiguration");
        cJSON_AddStringToObject(cfg, "level", level_name(level));
        cJSON_AddItemToArray(arr, r);
    }
    return arr;
}

static int emit_document(lint_run *run, cli_common *c)
{
    cJSON *doc = cJSON_CreateObject();
    if (run->format == FMT_JSON) {
        cJSON_AddStringToObject(doc, "$schema", "https://witan.dev/schemas/lint-v1.json");
        cJSON_AddNumberToObject(doc, "version", 1);
        cJSON *tool = cJSON_AddObjectToObject(doc, "tool");
        cJSON_AddStringToObject(tool, "name", "witan");
        cJSON_AddStringToObject(tool, "version", WITAN_VERSION);
        cJSON_AddItemToObject(doc, "diagnostics", run->diags);
        cJSON_AddNumberToObject(doc, "errors", (double)run->errors);
        cJSON_AddNumberToObject(doc, "warnings", (double)run->warnings);
    } else {
        cJSON_AddStringToObject(doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        cJSON_AddStringToObject(doc, "version", "2.1.0");
        cJSON *runs = cJSON_AddArrayToObject(doc, "runs");
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToArray(runs, r);
        cJSON *tool = cJSON_AddObjectToObject(r, "tool");
        cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
        cJSON_AddStringToObject(driver, "name", "witan");
        cJSON_AddStringToObject(driver, "version", WITAN_VERSION);
        cJSON_AddStringToObject(driver, "semanticVersion", WITAN_VERSION);
        cJSON_AddStringToObject(driver, "informationUri", "https://github.com/witan-dev/witan");
        cJSON_AddItemToObject(driver, "rules", sarif_rules());
        cJSON *bases = cJSON_AddObjectToObject(r, "originalUriBaseIds");
        cJSON *root = cJSON_AddObjectToObject(bases, "SRCROOT");
        cJSON *rd = cJSON_AddObjectToObject(root, "description");
        cJSON_AddStringToObject(rd, "text", "The directory witan lint ran in.");
        cJSON_AddStringToObject(r, "columnKind", "unicodeCodePoints");
        cJSON_AddItemToObject(r, "results", run->results);
    }
    run->diags = run->results = NULL;
    char *s = jsonout_print(doc);
    cJSON_Delete(doc);
    if (!s) {
        return cli_out_of_memory();
    }
    int st = cli_write_output(c, NULL, s, strlen(s));
    free(s);
    return st;
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
    if (run.format == FMT_JSON)
        run.diags = cJSON_CreateArray();
    if (run.format == FMT_SARIF)
        run.results = cJSON_CreateArray();
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
    if (run.format == FMT_JSON || run.format == FMT_SARIF)
        status = emit_document(&run, &c);
    if (!status) {
        if (io)
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
    cJSON_Delete(run.diags);
    cJSON_Delete(run.results);
    cli_common_free(&c);
    return status;
}

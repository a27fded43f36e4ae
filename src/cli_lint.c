/* witan lint — every problem of each PATH, in text, gcc, json or sarif.
 * Machine formats go to stdout and nothing else is printed there. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef enum { FMT_TEXT, FMT_GCC, FMT_JSON, FMT_SARIF } lint_format;

/* Reference errors have no rule; machine formats give them this id. */
static const char error_rule[] = "wit-error";
static const char error_help[] =
    "An error wit-parser also reports: the package cannot be built until it is fixed.";

typedef struct level_opt {
    const char *rule;
    witan_level level;
} level_opt;

static const char *level_name(witan_level l)
{
    return l == WITAN_LEVEL_ERROR ? "error" : l == WITAN_LEVEL_WARNING ? "warning" : "none";
}

/* A path relative to the working directory when it lies below it. */
static const char *relative(const char *path, char *buf, size_t cap)
{
    if (!path || path[0] != '/')
        return path;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return path;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/') {
        snprintf(buf, cap, "%s", path + n + 1);
        return buf;
    }
    return path;
}

/* SARIF wants URIs: percent-encode what is not an unreserved or `/`. */
static char *uri_of(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 1), *q = u;
    if (!u)
        return NULL;
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
    int color;
    const cli_common *common;
} lint_run;

static cJSON *position(uint32_t line, uint32_t col)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", line);
    cJSON_AddNumberToObject(o, "column", col);
    return o;
}

static int rule_index_of(const char *rule)
{
    size_t n;
    const witan_rule_info *rules = witan_lint_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (rule && strcmp(rules[i].id, rule) == 0)
            return (int)i;
    return (int)n; /* wit-error comes after the rules */
}

/* Column in code points (SARIF's unicodeCodePoints) from a byte column. */
static uint32_t code_point_column(const char *path, uint32_t line, uint32_t byte_col)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return byte_col;
    uint32_t l = 1, col = 1, bytes = 1;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (l == line) {
            if (bytes >= byte_col)
                break;
            bytes++;
            if ((c & 0xC0) != 0x80)
                col++;
            else if (bytes == byte_col + 1)
                break;
            if (c == '\n')
                break;
        } else if (c == '\n') {
            l++;
            if (l > line)
                break;
        }
    }
    fclose(f);
    return col;
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
        cJSON_AddStringToObject(o, "rule", rule ? rule : error_rule);
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
        const char *id = rule ? rule : error_rule;
        cJSON_AddStringToObject(res, "ruleId", id);
        cJSON_AddNumberToObject(res, "ruleIndex", rule_index_of(rule));
        cJSON_AddStringToObject(res, "level", sev == WITAN_ERROR ? "error" : "warning");
        cJSON *m = cJSON_AddObjectToObject(res, "message");
        cJSON_AddStringToObject(m, "text", msg);
        if (shown) {
            cJSON *locs = cJSON_AddArrayToObject(res, "locations");
            cJSON *loc = cJSON_CreateObject();
            cJSON_AddItemToArray(locs, loc);
            cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
            cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
            char *uri = uri_of(shown);
            cJSON_AddStringToObject(art, "uri", uri ? uri : shown);
            free(uri);
            if (located) {
                cJSON *reg = cJSON_AddObjectToObject(phys, "region");
                cJSON_AddNumberToObject(reg, "startLine", line);
                cJSON_AddNumberToObject(reg, "startColumn", code_point_column(path, line, col));
                cJSON_AddNumberToObject(reg, "endLine", eline);
                cJSON_AddNumberToObject(reg, "endColumn", code_point_column(path, eline, ecol));
            }
        }
        /* stable across runs and line moves: rule, file and message */
        unsigned long long h = 1469598103934665603ULL;
        h = fnv64(id, h);
        h = fnv64(shown ? shown : "", h);
        h = fnv64(msg, h);
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
    for (size_t i = 0; i <= n; i++) {
        const char *id = i < n ? rules[i].id : error_rule;
        const char *summary = i < n ? rules[i].summary : "an error wit-parser reports";
        const char *help = i < n ? rules[i].help : error_help;
        witan_level level = i < n ? rules[i].default_level : WITAN_LEVEL_ERROR;
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "id", id);
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

static int emit_document(lint_run *run)
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
        cJSON_AddStringToObject(r, "columnKind", "unicodeCodePoints");
        cJSON_AddItemToObject(r, "results", run->results);
    }
    run->diags = run->results = NULL;
    char *s = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!s) {
        fprintf(stderr, "witan: out of memory\n");
        return EXIT_INTERNAL;
    }
    int st = cli_write_output(NULL, s, strlen(s));
    if (!st)
        st = cli_write_output(NULL, "\n", 1);
    cJSON_free(s);
    return st;
}

int cmd_lint(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "lint", false};
    const char *paths[256];
    level_opt levels[64];
    int npaths = 0, nlevels = 0, status = 0;
    const char *world = NULL;
    bool deny_warnings = false;
    lint_run run;
    memset(&run, 0, sizeof run);
    run.format = FMT_TEXT;
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            if (npaths == (int)(sizeof paths / sizeof paths[0])) {
                status = cli_usage_error("lint", "too many paths (at most 256)");
                goto out;
            }
            paths[npaths++] = arg;
            continue;
        }
        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            fputs(cli_help_text("lint"), stdout);
            status = cli_finish_stdout(0);
            goto out;
        }
        if (strcmp(opt, "-A") == 0 || strcmp(opt, "-W") == 0 || strcmp(opt, "-D") == 0 ||
            strncmp(opt, "--allow", 7) == 0 || strncmp(opt, "--warn", 6) == 0 ||
            strncmp(opt, "--deny", 6) == 0) {
            if (strcmp(opt, "--deny-warnings") == 0) {
                deny_warnings = true;
                continue;
            }
            witan_level lv = (opt[1] == 'A' || opt[2] == 'a') ? WITAN_LEVEL_OFF
                             : (opt[1] == 'W' || opt[2] == 'w') ? WITAN_LEVEL_WARNING
                                                                : WITAN_LEVEL_ERROR;
            const char *v = cli_value(&a, opt);
            if (!v) {
                status = EXIT_USAGE;
                goto out;
            }
            if (nlevels == (int)(sizeof levels / sizeof levels[0])) {
                status = cli_usage_error("lint", "too many rule options");
                goto out;
            }
            levels[nlevels++] = (level_opt){v, lv};
            continue;
        }
        if (strncmp(opt, "--world", 7) == 0 && (opt[7] == 0 || opt[7] == '=')) {
            if (!(world = cli_value(&a, opt))) {
                status = EXIT_USAGE;
                goto out;
            }
            continue;
        }
        if (strncmp(opt, "--format", 8) == 0 && (opt[8] == 0 || opt[8] == '=')) {
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
        int r = cli_common_option(&a, opt, &c);
        if (r < 0) {
            status = EXIT_USAGE;
            goto out;
        }
        if (r == 0) {
            status = cli_usage_error("lint", "unknown option '%s'", opt);
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
        status = emit_document(&run);
    if (!status) {
        if (io)
            status = io;
        else if (run.errors || (deny_warnings && run.warnings))
            status = EXIT_INPUT;
    }
    status = cli_finish_stdout(status);
out:
    cJSON_Delete(run.diags);
    cJSON_Delete(run.results);
    cli_common_free(&c);
    return status;
}

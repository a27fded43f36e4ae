/* witan check-params — checks the JSON parameters of a call before it is
 * made: every problem, each with the JSON path of the value. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* PARAMS: inline JSON, @FILE, or - for standard input. NULL when it
 * cannot be read, with *status set (running out of memory is status 3,
 * as everywhere). */
static char *read_params(const char *arg, size_t *len, const char **source, int *status)
{
    char *s;
    int err;
    if (strcmp(arg, "-") == 0) {
        *source = "<stdin>";
        if (!(s = cli_read_stream(stdin, len))) {
            err = errno;
            fprintf(stderr, "witan check-params: cannot read standard input: %s\n",
                    strerror(err));
            *status = err == ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
        }
        return s;
    }
    if (arg[0] == '@') {
        *source = arg + 1;
        if (!(s = cli_read_file(arg + 1, len))) {
            err = errno ? errno : EIO;
            fprintf(stderr, "witan check-params: cannot read `%s`: %s\n", arg + 1,
                    strerror(err));
            *status = err == ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
        }
        return s;
    }
    *source = "<params>";
    *len = strlen(arg);
    if ((s = malloc(*len + 1)))
        memcpy(s, arg, *len + 1);
    else
        *status = cli_out_of_memory();
    return s;
}

/* An error that is no diagnostic of the library, in the chosen form. */
static void report(const cli_common *c, const char *message)
{
    if (c->format == WITAN_FORMAT_GCC)
        fprintf(stderr, "witan: error: %s\n", message);
    else
        fprintf(stderr, "%s\n", message);
}

/* The function is not in the world: suggest the full names of functions
 * called so, or how to see them all. Returns the exit status. */
static int not_found(const cli_common *c, const char *name, const witan_resolve *r,
                     witan_id world, const char *world_opt, const char *path,
                     const witan_export *list, size_t n)
{
    size_t cap = 256 + strlen(name) + strlen(path) + (world_opt ? strlen(world_opt) : 0);
    for (size_t i = 0; i < n; i++)
        cap += strlen(list[i].slash) + 8;
    char *msg = malloc(cap);
    if (!msg) {
        report(c, "out of memory");
        return EXIT_INTERNAL;
    }
    int k = snprintf(msg, cap, "function `%s` not found in world `%s`", name,
                     r->worlds[world].name);
    int matches = 0;
    for (size_t i = 0; i < n; i++) {
        const witan_export *e = &list[i];
        size_t rl = e->resource ? strlen(e->resource) : 0;
        bool match = strcmp(e->function, name) == 0 ||
                     (e->resource && strncmp(name, e->resource, rl) == 0 &&
                      (name[rl] == '/' || name[rl] == '.') && strcmp(name + rl + 1, e->function) == 0);
        if (match)
            k += snprintf(msg + k, cap - (size_t)k, "%s`%s`", matches++ ? ", " : "; did you mean ",
                          e->slash);
    }
    if (matches)
        snprintf(msg + k, cap - (size_t)k, "?");
    else
        snprintf(msg + k, cap - (size_t)k, "; `witan list%s%s %s` lists its functions",
                 world_opt ? " --world " : "", world_opt ? world_opt : "", path);
    report(c, msg);
    free(msg);
    return EXIT_INPUT;
}

static void print_problems(const cli_common *c, const char *source,
                           const witan_param_problem *ps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const witan_param_problem *p = &ps[i];
        if (c->format == WITAN_FORMAT_GCC) {
            if (p->line)
                fprintf(stderr, "%s:%u:%u: error: ", source, p->line, p->column);
            else
                fprintf(stderr, "witan: error: ");
        }
        if (p->path)
            fprintf(stderr, "%s: ", p->path);
        fprintf(stderr, "%s\n", p->message);
    }
}

int cmd_check_params(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "check-params", false};
    const char *pos[3] = {NULL, NULL, NULL};
    const char *world_name = NULL;
    int npos = 0, status = 0;
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            if (npos == 3) {
                status = cli_usage_error("check-params", "too many arguments");
                goto out;
            }
            pos[npos++] = arg;
            continue;
        }
        if (cli_is_opt(opt, "--world")) {
            if (!(world_name = cli_value(&a, opt))) {
                status = EXIT_USAGE;
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
    if (npos < 3) {
        status = cli_usage_error("check-params", "missing %s",
                                 npos == 0 ? "PATH" : npos == 1 ? "FUNCTION" : "PARAMS");
        goto out;
    }
    const char *path = pos[0], *fname = pos[1], *params = pos[2];
    if (strcmp(path, "-") == 0 && strcmp(params, "-") == 0) {
        status = cli_usage_error("check-params", "PATH and PARAMS cannot both be standard input");
        goto out;
    }
    cli_world w;
    status = cli_open_world(&c, path, world_name, 0, &w);
    if (status == 0) {
        const witan_export *fn = witan_find_export(w.list, w.n, fname);
        size_t len = 0;
        const char *source = NULL;
        char *json = NULL;
        if (!fn) {
            status = not_found(&c, fname, w.r, w.world, world_name, path, w.list, w.n);
        } else if (!(json = read_params(params, &len, &source, &status))) {
            /* status set */
        } else {
            const witan_param_problem *ps;
            size_t np;
            witan_status st = witan_check_params(w.ctx, w.r, w.world, fn, json, len, &ps, &np);
            print_problems(&c, source, ps, np);
            if (st == WITAN_EINTERNAL)
                cli_out_of_memory();
            status = cli_exit(st);
        }
        free(json);
    }
    witan_ctx_free(w.ctx);
    status = cli_finish_stdout(&c, status);
out:
    cli_common_free(&c);
    return status;
}

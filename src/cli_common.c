#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "witan%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'witan help%s%s' for more information.\n", cmd ? " " : "",
            cmd ? cmd : "");
    return EXIT_USAGE;
}

int cli_out_of_memory(void)
{
    fprintf(stderr, "witan: out of memory\n");
    return EXIT_INTERNAL;
}

int cli_next(cli_args *a, const char **opt, const char **arg)
{
    *opt = *arg = NULL;
    if (a->i >= a->argc)
        return 0;
    const char *s = a->argv[a->i++];
    if (!a->no_more_options && strcmp(s, "--") == 0) {
        a->no_more_options = true;
        return cli_next(a, opt, arg);
    }
    if (!a->no_more_options && s[0] == '-' && s[1] != 0)
        *opt = s;
    else
        *arg = s;
    return 1;
}

const char *cli_value(cli_args *a, const char *opt)
{
    const char *eq = strchr(opt, '=');
    if (opt[1] == '-' && eq)
        return eq + 1;
    if (a->i >= a->argc) {
        cli_usage_error(a->cmd, "option '%s' needs a value", opt);
        return NULL;
    }
    return a->argv[a->i++];
}

bool cli_is_opt(const char *opt, const char *name)
{
    size_t n = strlen(name);
    return strncmp(opt, name, n) == 0 && (opt[n] == 0 || (opt[n] == '=' && name[1] == '-'));
}

/* The options every command takes: 1 if opt was one, 0 if not, -1 on a
 * usage error, -2 when memory ran out (both reported). */
static int common_option(cli_args *a, const char *opt, cli_common *c)
{
    if (cli_is_opt(opt, "--strict")) {
        c->strict = true;
        return 1;
    }
    if (cli_is_opt(opt, "--all-features")) {
        c->all_features = true;
        return 1;
    }
    if (cli_is_opt(opt, "--features")) {
        const char *v = cli_value(a, opt);
        if (!v)
            return -1;
        /* comma-separated; empty names between commas are skipped */
        for (const char *p = v; *p;) {
            size_t n = strcspn(p, ",");
            if (n) {
                if (c->nfeatures == (int)(sizeof c->features / sizeof c->features[0])) {
                    cli_usage_error(a->cmd, "too many features");
                    return -1;
                }
                char *name = strndup(p, n);
                if (!name) {
                    cli_out_of_memory();
                    return -2;
                }
                c->features[c->nfeatures++] = name;
            }
            p += n + (p[n] == ',');
        }
        return 1;
    }
    if (cli_is_opt(opt, "--format")) {
        const char *v = cli_value(a, opt);
        if (!v)
            return -1;
        if (strcmp(v, "text") == 0)
            c->format = WITAN_FORMAT_TEXT;
        else if (strcmp(v, "gcc") == 0)
            c->format = WITAN_FORMAT_GCC;
        else {
            cli_usage_error(a->cmd, "unknown format '%s' (expected text or gcc)", v);
            return -1;
        }
        return 1;
    }
    if (cli_is_opt(opt, "--color") || cli_is_opt(opt, "--colour")) {
        const char *v = cli_value(a, opt);
        if (!v)
            return -1;
        if (strcmp(v, "auto") == 0)
            c->color = -1;
        else if (strcmp(v, "always") == 0)
            c->color = 1;
        else if (strcmp(v, "never") == 0)
            c->color = 0;
        else {
            cli_usage_error(a->cmd, "unknown color mode '%s' (expected auto, always or never)", v);
            return -1;
        }
        return 1;
    }
    return 0;
}

void cli_common_free(cli_common *c)
{
    for (int i = 0; i < c->nfeatures; i++)
        free((char *)c->features[i]);
    c->nfeatures = 0;
}

/* WITAN_THREADS=N[:BYTES] (witan(1), ENVIRONMENT); anything else in it
 * is ignored, as a variable meant for another version might be. */
static void threads_from_env(witan_ctx *ctx)
{
    const char *v = getenv("WITAN_THREADS");
    if (!v || !*v)
        return;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || n < 0 || n > 1024)
        return;
    unsigned long min = 0;
    if (*end == ':') {
        const char *m = end + 1;
        errno = 0;
        min = strtoul(m, &end, 10);
        if (errno || end == m || *m == '-' || min > 0xFFFFFFFFul)
            return;
    }
    if (*end)
        return;
    witan_set_threads(ctx, (int)n, (unsigned)min);
}

witan_ctx *cli_context(const cli_common *c)
{
    witan_ctx *ctx = witan_ctx_new();
    if (!ctx) {
        cli_out_of_memory();
        return NULL;
    }
    threads_from_env(ctx);
    witan_set_strict(ctx, c->strict);
    /* a command owns its process, and may take SIGBUS over (witan.h) */
    witan_set_map_files(ctx, 1);
    witan_set_all_features(ctx, c->all_features);
    for (int i = 0; i < c->nfeatures; i++)
        witan_enable_feature(ctx, c->features[i]);
    return ctx;
}

int cli_open_world(const cli_common *c, const char *path, const char *world_name, int functions,
                   cli_world *w)
{
    *w = (cli_world){NULL, NULL, WITAN_NO_ID, NULL, 0};
    if (!(w->ctx = cli_context(c)))
        return EXIT_INTERNAL;
    witan_status st = witan_resolve_path(w->ctx, path, &w->r);
    if (st == WITAN_OK)
        st = witan_select_world(w->ctx, w->r, world_name, &w->world);
    if (st == WITAN_OK && functions != CLI_NO_FUNCTIONS)
        st = witan_world_functions(w->ctx, w->r, w->world, functions, &w->list, &w->n);
    return cli_print_diags(w->ctx, c, cli_exit(st));
}

static int use_color(const cli_common *c)
{
    if (c->color >= 0)
        return c->color;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    return isatty(2);
}

/* The context's diagnostics from number `from` on (cli_print_diags). */
static int cli_print_diags_from(witan_ctx *ctx, const cli_common *c, size_t from, int status)
{
    int color = c->format == WITAN_FORMAT_TEXT && use_color(c);
    for (size_t i = from; i < witan_diag_count(ctx); i++) {
        char *s = witan_diag_render(ctx, i, c->format, color);
        if (!s)
            status = EXIT_INTERNAL;
        fprintf(stderr, "%s\n", s ? s : "witan: out of memory");
        free(s);
    }
    if (witan_out_of_memory(ctx)) {
        /* even when the error saying so could not be made */
        if (witan_diag_count(ctx) == from)
            fprintf(stderr, "witan: out of memory\n");
        status = EXIT_INTERNAL;
    }
    return status;
}

int cli_print_diags(witan_ctx *ctx, const cli_common *c, int status)
{
    return cli_print_diags_from(ctx, c, 0, status);
}

int cli_other_option(cli_args *a, const char *opt, cli_common *c)
{
    if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
        fputs(cli_help_text(a->cmd), stdout);
        return cli_finish_stdout(c, 0);
    }
    int r = common_option(a, opt, c);
    if (r < 0)
        return r == -2 ? EXIT_INTERNAL : EXIT_USAGE;
    if (r == 0)
        return cli_usage_error(a->cmd, "unknown option '%s'", opt);
    return -1;
}

int cli_one_path(const cli_args *a, const char **path, const char *arg)
{
    if (*path)
        return cli_usage_error(a->cmd, "only one PATH is allowed");
    *path = arg;
    return 0;
}

int cli_exit(witan_status st)
{
    switch (st) {
    case WITAN_OK: return 0;
    case WITAN_EINPUT: return EXIT_INPUT;
    case WITAN_EIO: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

static void stdout_error(cli_common *c)
{
    if (!c || !c->stdout_failed)
        fprintf(stderr, "witan: error writing to standard output: %s\n", strerror(errno));
    if (c)
        c->stdout_failed = true;
}

int cli_finish_stdout(cli_common *c, int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        stdout_error(c);
        return status > EXIT_USAGE ? status : EXIT_USAGE;
    }
    return status;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int cli_out_open(cli_common *c, cli_out *o, const char *path, witan_ctx *ctx)
{
    memset(o, 0, sizeof *o);
    o->c = c;
    o->ctx = ctx;
    o->ndiags = ctx ? witan_diag_count(ctx) : 0;
    o->fd = -1;
    if (!path || strcmp(path, "-") == 0)
        return 0;
    o->shown = path;
    /* A device or FIFO (/dev/stdout, /dev/full, a pipe) is written in
     * place: renaming a file over it would replace the device node. */
    struct stat st;     /* of what the path names, links followed */
    bool exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        o->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (o->fd < 0) {
            fprintf(stderr, "witan: cannot write `%s`: %s\n", path, strerror(errno));
            return EXIT_USAGE;
        }
        return 0;
    }
    /* A symbolic link is written through, as `>` would: the file it
     * names is replaced and the link stays. A link to nowhere is
     * replaced itself (there is no file to keep). */
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (o->real = realpath(path, NULL)))
        path = o->real;
    o->target = path;
    /* an existing file keeps its permissions; a new one gets what a
     * plain output file would */
    if (exists && S_ISREG(st.st_mode)) {
        o->mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        o->mode = 0666 & ~mask;
    }
    size_t n = strlen(path);
    o->tmp = malloc(n + 16);
    if (!o->tmp) {
        free(o->real);
        o->real = NULL;
        return cli_out_of_memory();
    }
    memcpy(o->tmp, path, n);
    memcpy(o->tmp + n, ".tmp.XXXXXX", 12);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        fprintf(stderr, "witan: cannot create a temporary file next to `%s`: %s\n", o->shown,
                strerror(errno));
        free(o->tmp);
        free(o->real);
        o->tmp = o->real = NULL;
        return EXIT_USAGE;
    }
    return 0;
}

int cli_out_write(void *arg, const char *data, size_t len)
{
    cli_out *o = arg;
    if (o->err)
        return -1;
    if (o->fd < 0) {
        if (fwrite(data, 1, len, stdout) != len) {
            o->err = errno ? errno : EIO;
            stdout_error(o->c);
            return -1;
        }
        return 0;
    }
    if (write_all(o->fd, data, len) != 0) {
        o->err = errno;
        return -1;
    }
    return 0;
}

int cli_out_close(cli_out *o, bool keep)
{
    int err = o->err;
    if (o->fd >= 0) {
        if (o->tmp) {
            if (keep && !err && fsync(o->fd) != 0)
                err = errno;
            fchmod(o->fd, o->mode);
        }
        if (close(o->fd) != 0 && keep && !err)
            err = errno;
        if (o->tmp && keep && !err && rename(o->tmp, o->target) != 0)
            err = errno;
        if (o->tmp && (!keep || err))
            unlink(o->tmp);
        if (err)
            fprintf(stderr, "witan: cannot write `%s`: %s\n", o->shown, strerror(err));
    }
    free(o->tmp);
    free(o->real);
    o->tmp = o->real = NULL;
    o->fd = -1;
    return err ? EXIT_USAGE : 0;
}

int cli_out_finish(cli_out *o, int made)
{
    if (made != 0 && o->ctx && witan_diag_count(o->ctx) > o->ndiags) {
        cli_out_close(o, false);
        /* a file's docs that could not be read again, or memory */
        return cli_print_diags_from(o->ctx, o->c, o->ndiags,
                                    witan_out_of_memory(o->ctx) ? EXIT_INTERNAL : EXIT_USAGE);
    }
    bool ok = made == 0 && cli_out_write(o, "\n", 1) == 0;
    int status = !ok && !o->err ? cli_out_of_memory() : 0;
    int st = cli_out_close(o, ok);
    return status ? status : st;
}

int cli_write_output(cli_common *c, const char *path, const char *data, size_t len)
{
    cli_out o;
    int st = cli_out_open(c, &o, path, NULL);
    if (st)
        return st;
    cli_out_write(&o, data, len);
    return cli_out_close(&o, true);
}

char *cli_read_stream(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *data = malloc(cap);
    while (data) {
        n += fread(data + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *grown = cap > ((size_t)-1) / 2 ? NULL : realloc(data, cap * 2);
        if (!grown) {
            free(data);
            return NULL;
        }
        data = grown;
        cap *= 2;
    }
    if (data && ferror(f)) {
        free(data);
        return NULL;
    }
    *len = n;
    return data;
}

char *cli_read_file(const char *path, size_t *len)
{
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *d = cli_read_stream(f, len);
    int err = errno;
    fclose(f);
    errno = err;
    return d;
}

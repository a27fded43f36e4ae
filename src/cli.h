/* Shared pieces of the command-line front end: option parsing, loading
 * with the common options, printing diagnostics, writing output. Only the
 * CLI prints or decides exit statuses; the library never does. */
#ifndef WITAN_CLI_H
#define WITAN_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "vec.h"
#include "witan.h"

/* Exit statuses (documented in the man page). */
enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef struct cli_common {
    bool strict;
    bool all_features;
    const char *features[64];
    int nfeatures;
    witan_diag_format format;
    int color;              /* -1 auto, 0 never, 1 always */
    bool stdout_failed;     /* a failed write to stdout was reported (once) */
} cli_common;

/* The option being looked at: `--name=value`, `--name value`, `-x value`. */
typedef struct cli_args {
    int argc;
    char **argv;
    int i;                  /* next argument */
    const char *cmd;        /* for messages */
    bool no_more_options;   /* after `--` */
} cli_args;

/* Next argument: sets *opt for an option (without its value) or *arg for a
 * positional argument; returns 0 at the end. */
int cli_next(cli_args *a, const char **opt, const char **arg);
/* The value of the current option (inline `=value` or the next argument);
 * NULL after reporting a usage error. */
const char *cli_value(cli_args *a, const char *opt);
/* Whether opt is the long option `name`: `--name` or `--name=value`. */
bool cli_is_opt(const char *opt, const char *name);
/* What a command does with an option that is not one of its own: -h and
 * --help print its help, the common options are taken, anything else is
 * reported as unknown. Returns -1 when parsing goes on, otherwise the
 * status to exit with (0 after the help). */
int cli_other_option(cli_args *a, const char *opt, cli_common *c);
/* Takes a command's one PATH; a second is a usage error (reported,
 * EXIT_USAGE returned). Returns 0 otherwise. */
int cli_one_path(const cli_args *a, const char **path, const char *arg);
/* Reports an unknown option / bad usage; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Says that memory ran out; returns EXIT_INTERNAL. */
int cli_out_of_memory(void);

void cli_common_free(cli_common *c);

/* A context configured with the common options. NULL on out of memory. */
witan_ctx *cli_context(const cli_common *c);
/* What list, manifest and check-params start from: PATH resolved, its
 * world (named, or the only one) and, when asked, the world's functions. */
typedef struct cli_world {
    witan_ctx *ctx;             /* free it, whatever the status */
    const witan_resolve *r;
    witan_id world;
    const witan_export *list;   /* the functions, when asked */
    size_t n;
} cli_world;

enum { CLI_NO_FUNCTIONS = -1 };

/* Makes a context for the common options, resolves PATH, picks the world
 * and, unless `functions` is CLI_NO_FUNCTIONS, lists its exported
 * functions (its imported ones too when `functions` is 1); then prints
 * the diagnostics. Returns the exit status. */
int cli_open_world(const cli_common *c, const char *path, const char *world_name, int functions,
                   cli_world *w);
/* Prints the context's diagnostics to stderr in the chosen format.
 * Returns status, or EXIT_INTERNAL when memory ran out rendering one (it
 * is then printed as "witan: out of memory"). */
int cli_print_diags(witan_ctx *ctx, const cli_common *c, int status);
/* Exit status for a library status. */
int cli_exit(witan_status st);

/* Writes `data` to stdout (checked: a failed write is an error, exit 2), or
 * atomically to `path` (temporary file in the same directory, then rename,
 * so a failure never leaves a partial file). Returns an exit status. */
int cli_write_output(cli_common *c, const char *path, const char *data, size_t len);

/* The same in pieces: open, write (a witan_write_fn), then close, which
 * puts the file in place only when `keep` and every write succeeded
 * (otherwise the temporary file goes). open and close return an exit
 * status and report their errors, as cli_write_output. A document made
 * from a context's model names the context at open: writing it may
 * read the sources again (docs), and a file found shrunk then is the
 * error shown (cli_out_finish). */
typedef struct cli_out {
    cli_common *c;
    witan_ctx *ctx;         /* NULL: a document of no context */
    size_t ndiags;          /* its diagnostics when opened */
    const char *shown;      /* the path as given; NULL: stdout */
    const char *target;     /* the file renamed over (links followed) */
    char *real, *tmp;
    int fd;                 /* -1: stdout */
    mode_t mode;
    int err;                /* the first write's errno */
} cli_out;
int cli_out_open(cli_common *c, cli_out *o, const char *path, witan_ctx *ctx);
int cli_out_write(void *o, const char *data, size_t len);
int cli_out_close(cli_out *o, bool keep);
/* Ends a document streamed to o: `made` is what the *_write function
 * returned (0: all of it). Adds the final newline and closes, keeping
 * the output only when whole. A failed document is reported here: by
 * the diagnostics writing it added to o's context (exit status 2), or
 * else as out of memory; write errors by close. Returns an exit status. */
int cli_out_finish(cli_out *o, int made);
/* Flushes stdout and reports a write error (closed pipe, full disk).
 * Both say an error on stdout once per command: `c` remembers it (NULL
 * for output written in one go, such as a help text). */
int cli_finish_stdout(cli_common *c, int status);

/* A whole stream read into a malloc'd buffer; NULL on a read error
 * or out of memory. */
char *cli_read_stream(FILE *f, size_t *len);
/* A whole file the same way; on failure errno says why (0: out of
 * memory or a read error without one). */
char *cli_read_file(const char *path, size_t *len);

/* Code point columns of findings, for SARIF (cli_columns.c): the files
 * are read again once each and their line starts kept. */
typedef struct cli_text_file cli_text_file;
typedef struct cli_columns {
    VEC(cli_text_file) files;
    uint32_t last;          /* the file asked for last (findings come by file) */
} cli_columns;
/* The column in code points of a 1-based byte column of a line of the
 * file at path; the byte column itself when the file cannot be read
 * (path NULL: standard input). */
uint32_t cli_code_point_column(cli_columns *c, const char *path, uint32_t line,
                               uint32_t byte_col);
void cli_columns_free(cli_columns *c);

/* Help texts; `witan help CMD` and `witan CMD --help` print them. */
const char *cli_help_text(const char *cmd);

int cmd_parse(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_manifest(int argc, char **argv);
int cmd_check_params(int argc, char **argv);
int cmd_lint(int argc, char **argv);

#endif

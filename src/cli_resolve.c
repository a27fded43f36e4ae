/* witan resolve [--json] PATH — resolution with the reference's answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_resolve(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "resolve", false};
    const char *path = NULL;
    bool json = false;
    int status = 0;
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            if ((status = cli_one_path(&a, &path, arg)))
                goto out;
            continue;
        }
        if (strcmp(opt, "--json") == 0) {
            json = true;
            continue;
        }
        int r = cli_other_option(&a, opt, &c);
        if (r >= 0) {
            status = r;
            goto out;
        }
    }
    if (!path) {
        status = cli_usage_error("resolve", "missing PATH");
        goto out;
    }
    witan_ctx *ctx = cli_context(&c);
    if (!ctx) {
        status = EXIT_INTERNAL;
        goto out;
    }
    const witan_resolve *r;
    status = cli_print_diags(ctx, &c, cli_exit(witan_resolve_path(ctx, path, &r)));
    if (status == 0 && json) {
        /* written as it is made: the text is five times the WIT's size
         * and need not be held whole */
        cli_out o;
        status = cli_out_open(&c, &o, NULL, ctx);
        if (!status)
            status = cli_out_finish(&o, witan_resolve_json_write(ctx, r, cli_out_write, &o));
    }
    witan_ctx_free(ctx);
    status = cli_finish_stdout(&c, status);
out:
    cli_common_free(&c);
    return status;
}

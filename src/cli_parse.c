/* witan parse PATH... — a syntax check of each path. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_parse(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "parse", false};
    const char *paths[256];
    int npaths = 0, status = 0;
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            if (npaths == (int)(sizeof paths / sizeof paths[0])) {
                status = cli_usage_error("parse", "too many paths (at most 256)");
                goto out;
            }
            paths[npaths++] = arg;
            continue;
        }
        int r = cli_other_option(&a, opt, &c);
        if (r >= 0) {
            status = r;
            goto out;
        }
    }
    if (npaths == 0) {
        status = cli_usage_error("parse", "missing PATH");
        goto out;
    }
    for (int i = 0; i < npaths; i++) {
        witan_ctx *ctx = cli_context(&c);
        if (!ctx) {
            status = EXIT_INTERNAL;
            goto out;
        }
        int st = cli_print_diags(ctx, &c, cli_exit(witan_parse_path(ctx, paths[i])));
        witan_ctx_free(ctx);
        if (st > status)
            status = st;
    }
out:
    cli_common_free(&c);
    return status;
}

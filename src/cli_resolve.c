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
    status = cli_exit(witan_resolve_path(ctx, path, &r));
    cli_print_diags(ctx, &c);
    if (status == 0 && json) {
        char *s = witan_resolve_json(ctx, r);
        if (!s) {
            status = cli_out_of_memory();
        } else {
            status = cli_write_output(&c, NULL, s, strlen(s));
            if (!status)
                status = cli_write_output(&c, NULL, "\n", 1);
            free(s);
        }
    }
    witan_ctx_free(ctx);
    status = cli_finish_stdout(&c, status);
out:
    cli_common_free(&c);
    return status;
}

/* witan manifest — every exported function of a world, with JSON Schemas
 * of its parameters and result, as one JSON document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_manifest(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "manifest", false};
    const char *path = NULL, *world_name = NULL, *output = NULL;
    int status = 0;
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            if ((status = cli_one_path(&a, &path, arg)))
                goto out;
            continue;
        }
        int r;
        if (cli_is_opt(opt, "--world")) {
            if (!(world_name = cli_value(&a, opt))) {
                status = EXIT_USAGE;
                goto out;
            }
        } else if (strcmp(opt, "-o") == 0 || cli_is_opt(opt, "--output")) {
            if (!(output = cli_value(&a, opt))) {
                status = EXIT_USAGE;
                goto out;
            }
        } else if ((r = cli_other_option(&a, opt, &c)) >= 0) {
            status = r;
            goto out;
        }
    }
    if (!path) {
        status = cli_usage_error("manifest", "missing PATH");
        goto out;
    }
    cli_world w;
    status = cli_open_world(&c, path, world_name, CLI_NO_FUNCTIONS, &w);
    if (status == 0) {
        /* written as it is made; -o puts the file in place only once
         * the whole document is written */
        cli_out o;
        status = cli_out_open(&c, &o, output, w.ctx);
        if (!status)
            status = cli_out_finish(&o, witan_manifest_json_write(w.ctx, w.r, w.world, cli_out_write, &o));
    }
    witan_ctx_free(w.ctx);
    status = cli_finish_stdout(&c, status);
out:
    cli_common_free(&c);
    return status;
}

/* witan list — the fully qualified names of a world's functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"

/* Written as it is made, like resolve --json: a cJSON tree of the list
 * cost nine times the instructions of listing it (a node, a key and a
 * value copy each malloc'd per member, all freed again). */
static int print_json(cli_common *c, const witan_export *list, size_t n)
{
    cli_out o;
    int status = cli_out_open(c, &o, NULL, NULL);
    if (status)
        return status;
    buf b;
    buf_init(&b);
    jsonw w;
    jsonw_init(&w, &b);
    w.sink = cli_out_write;
    w.sink_arg = &o;
    jsonw_open(&w, '[');
    for (size_t i = 0; i < n; i++) {
        jsonw_elem(&w);
        jsonw_open(&w, '{');
        jsonw_export_names(&w, &list[i]);
        jsonw_close(&w, '}');
    }
    jsonw_close(&w, ']');
    jsonw_flush(&w);
    int made = b.failed ? -1 : 0;
    buf_free(&b);
    return cli_out_finish(&o, made);
}

int cmd_list(int argc, char **argv)
{
    cli_common c = {.color = -1};
    cli_args a = {argc, argv, 1, "list", false};
    const char *path = NULL, *world_name = NULL, *style = "slash";
    bool json = false, imports = false;
    int status = 0;
    const char *opt, *arg;
    while (cli_next(&a, &opt, &arg)) {
        if (arg) {
            if ((status = cli_one_path(&a, &path, arg)))
                goto out;
            continue;
        }
        int r;
        if (strcmp(opt, "--json") == 0) {
            json = true;
        } else if (strcmp(opt, "--imports") == 0) {
            imports = true;
        } else if (cli_is_opt(opt, "--world")) {
            if (!(world_name = cli_value(&a, opt))) {
                status = EXIT_USAGE;
                goto out;
            }
        } else if (cli_is_opt(opt, "--style")) {
            if (!(style = cli_value(&a, opt))) {
                status = EXIT_USAGE;
                goto out;
            }
            if (strcmp(style, "slash") && strcmp(style, "braces") && strcmp(style, "raw")) {
                status = cli_usage_error("list", "unknown style '%s' (expected slash, braces or raw)",
                                         style);
                goto out;
            }
        } else if ((r = cli_other_option(&a, opt, &c)) >= 0) {
            status = r;
            goto out;
        }
    }
    if (!path) {
        status = cli_usage_error("list", "missing PATH");
        goto out;
    }
    cli_world w;
    status = cli_open_world(&c, path, world_name, imports, &w);
    const witan_export *list = w.list;
    size_t n = w.n;
    if (status == 0) {
        if (json) {
            status = print_json(&c, list, n);
        } else {
            for (size_t i = 0; i < n && !status; i++) {
                const char *name = strcmp(style, "braces") == 0 ? list[i].braces
                                   : strcmp(style, "raw") == 0  ? list[i].raw
                                                                : list[i].slash;
                if (!name)
                    continue; /* drops have no raw name */
                status = cli_write_output(&c, NULL, name, strlen(name));
                if (!status)
                    status = cli_write_output(&c, NULL, "\n", 1);
            }
        }
    }
    witan_ctx_free(w.ctx);
    status = cli_finish_stdout(&c, status);
out:
    cli_common_free(&c);
    return status;
}

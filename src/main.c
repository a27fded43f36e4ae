/* witan command line: dispatch to the commands. (temporary) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "witan.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: witan parse|resolve PATH...\n");
        return 2;
    }
    int status = 0;
    int json = argc > 3 && strcmp(argv[2], "--json") == 0;
    for (int a = json ? 3 : 2; a < argc; a++) {
        witan_ctx *ctx = witan_ctx_new();
        witan_set_strict(ctx, 1);
        witan_enable_feature(ctx, "active");
        witan_status st;
        if (strcmp(argv[1], "parse") == 0) {
            st = witan_parse_path(ctx, argv[a]);
        } else {
            const witan_resolve *r;
            st = witan_resolve_path(ctx, argv[a], &r);
            if (st == WITAN_OK && json) {
                char *s = witan_resolve_json(ctx, r);
                printf("%s\n", s);
                free(s);
            }
        }
        for (size_t i = 0; i < witan_diag_count(ctx); i++) {
            char *s = witan_diag_render(ctx, i, WITAN_FORMAT_TEXT, 0);
            fprintf(stderr, "%s\n", s ? s : "");
            free(s);
        }
        if ((int)st > status)
            status = (int)st;
        witan_ctx_free(ctx);
    }
    return status;
}

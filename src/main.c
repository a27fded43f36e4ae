/* witan command line: dispatch to the commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "witan.h"

int main(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[1], "parse") != 0) {
        fprintf(stderr, "usage: witan parse PATH...\n");
        return 2;
    }
    int status = 0;
    for (int a = 2; a < argc; a++) {
        witan_ctx *ctx = witan_ctx_new();
        witan_status st = witan_parse_path(ctx, argv[a]);
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

#include "ctx.h"

#include <stdarg.h>

void *ctx_alloc(witan_ctx *ctx, size_t size)
{
    void *p = arena_alloc(&ctx->mem, size);
    if (!p)
        ctx->oom = true;
    return p;
}

const istr *ctx_intern(witan_ctx *ctx, const char *s, size_t len)
{
    const istr *r = intern(&ctx->names, s, len);
    if (!r)
        ctx->oom = true;
    return r;
}

diag *ctx_error(witan_ctx *ctx, span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_addv(&ctx->diags, DIAG_ERROR, NULL, sp, fmt, ap);
    va_end(ap);
    return d;
}

diag *ctx_error_built(witan_ctx *ctx, span sp, buf *b)
{
    if (b->failed)
        ctx->oom = true;
    diag *d = ctx_error(ctx, sp, "%s", b->failed ? "out of memory" : b->data ? b->data : "");
    buf_free(b);
    return d;
}

diag *ctx_io_error(witan_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_addv(&ctx->diags, DIAG_ERROR, NULL, SPAN_NONE, fmt, ap);
    va_end(ap);
    if (d)
        d->io = true;
    return d;
}

diag *ctx_warn(witan_ctx *ctx, const char *rule, span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_addv(&ctx->diags, DIAG_WARNING, rule, sp, fmt, ap);
    va_end(ap);
    return d;
}

#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

void diag_list_init(diag_list *dl) { memset(dl, 0, sizeof *dl); }

static void diag_clear(diag *d)
{
    free(d->message);
    free(d->context);
    free(d->path);
}

void diag_list_free(diag_list *dl)
{
    for (size_t i = 0; i < dl->count; i++)
        diag_clear(&dl->items[i]);
    free(dl->items);
    diag_list_init(dl);
}

diag *diag_addv(diag_list *dl, diag_severity sev, const char *rule, span sp,
                const char *fmt, va_list ap)
{
    if (sev == DIAG_ERROR)
        dl->errors++;
    else
        dl->warnings++;
    if (dl->count == dl->cap) {
        size_t cap = dl->cap ? dl->cap * 2 : 8;
        diag *items = realloc(dl->items, cap * sizeof *items);
        if (!items) {
            dl->failed = true;
            return NULL;
        }
        dl->items = items;
        dl->cap = cap;
    }
    buf b;
    buf_init(&b);
    buf_vprintf(&b, fmt, ap);
    diag *d = &dl->items[dl->count++];
    memset(d, 0, sizeof *d);
    d->severity = sev;
    d->rule = rule;
    /* a message cut short is none: diag_message says why */
    if (b.failed)
        buf_free(&b);
    else
        d->message = buf_take(&b);
    if (!d->message)
        dl->failed = true;
    d->sp = sp;
    return d;
}

diag *diag_add(diag_list *dl, diag_severity sev, const char *rule, span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_addv(dl, sev, rule, sp, fmt, ap);
    va_end(ap);
    return d;
}

void diag_prefix_context(diag_list *dl, size_t from, const char *prefix)
{
    for (size_t i = from; i < dl->count; i++) {
        diag *d = &dl->items[i];
        buf b;
        buf_init(&b);
        buf_adds(&b, prefix);
        if (d->context)
            buf_adds(&b, d->context);
        if (b.failed) {
            /* the old context stays: shorter, but not wrong */
            buf_free(&b);
            dl->failed = true;
            continue;
        }
        free(d->context);
        if (!(d->context = buf_take(&b)))
            dl->failed = true;
    }
}

void diag_truncate(diag_list *dl, size_t from)
{
    for (size_t i = from; i < dl->count; i++) {
        if (dl->items[i].severity == DIAG_ERROR)
            dl->errors--;
        else
            dl->warnings--;
        diag_clear(&dl->items[i]);
    }
    if (from < dl->count)
        dl->count = from;
}

void diag_list_move(diag_list *dl, diag_list *from)
{
    dl->errors += from->errors;
    dl->warnings += from->warnings;
    size_t n = from->count;
    if (dl->count + n > dl->cap) {
        size_t cap = dl->cap ? dl->cap : 8;
        while (cap < dl->count + n)
            cap *= 2;
        diag *items = realloc(dl->items, cap * sizeof *items);
        if (!items) {
            n = 0;  /* the counts still tell of them */
            dl->failed = true;
        } else {
            dl->items = items;
            dl->cap = cap;
        }
    }
    if (n) {
        memcpy(dl->items + dl->count, from->items, n * sizeof *from->items);
        dl->count += n;
        from->count = 0;
    }
    dl->failed |= from->failed;
    diag_list_free(from);
}

void diag_location(buf *out, source_map *sm, uint32_t offset)
{
    source *src = source_map_find(sm, offset);
    if (!src) {
        buf_adds(out, "<unknown>");
        return;
    }
    uint32_t line, col;
    source_linecol(src, offset - src->base, &line, &col);
    buf_printf(out, "%s:%u:%u", src->path, line + 1, col + 1);
}

/* Number of characters in text[start..end), or 0 when the range does not
 * fall on character boundaries (the reference then draws no dashes). */
static size_t char_count(const source *src, uint32_t start, uint32_t end)
{
    if (end > src->len)
        end = src->len;
    if (start >= end)
        return 0;
    const unsigned char *t = (const unsigned char *)src->text;
    if ((t[start] & 0xC0) == 0x80 || (end < src->len && (t[end] & 0xC0) == 0x80))
        return 0;
    size_t n = 0;
    for (uint32_t i = start; i < end; i++)
        n += (t[i] & 0xC0) != 0x80;
    return n;
}

static void render_text(buf *out, source_map *sm, const diag *d, int color)
{
    size_t mark = out->len;
    const char *bold = color ? "\033[1m" : "";
    const char *red = color ? "\033[1;31m" : "";
    const char *yellow = color ? "\033[1;33m" : "";
    const char *blue = color ? "\033[1;34m" : "";
    const char *reset = color ? "\033[0m" : "";

    /* errors of the reference read exactly as the reference prints them;
     * witan's own findings say what they are and which rule made them */
    if (d->severity == DIAG_WARNING)
        buf_printf(out, "%swarning%s: ", yellow, reset);
    else if (d->rule)
        buf_printf(out, "%serror%s: ", red, reset);
    if (d->context)
        buf_adds(out, d->context);
    if (d->path && !span_known(d->sp))
        buf_printf(out, "%s: ", d->path);
    buf_printf(out, "%s%s%s", bold, diag_message(d), reset);
    if (d->rule)
        buf_printf(out, " [%s]", d->rule);
    for (int i = 0; i < d->nextra; i++) {
        buf_adds(out, "\n  * ");
        diag_location(out, sm, d->extra[i].start);
    }
    if (!span_known(d->sp))
        return;
    source *src = source_map_find(sm, d->sp.start);
    if (!src)
        return;
    uint32_t rel = d->sp.start - src->base, line, col;
    source_linecol(src, rel, &line, &col);
    size_t len;
    const char *text = source_line(src, line, &len);
    if (len > 500) {
        /* the reference prints a long line as a one-line message */
        out->len = mark;
        if (out->data)
            out->data[mark] = 0;
        if (d->severity == DIAG_WARNING)
            buf_printf(out, "%swarning%s: ", yellow, reset);
        else if (d->rule)
            buf_printf(out, "%serror%s: ", red, reset);
        buf_printf(out, "%s%s:%u:%u: %s", d->context ? d->context : "", src->path, line + 1,
                   col + 1, diag_message(d));
        if (d->rule)
            buf_printf(out, " [%s]", d->rule);
        return;
    }
    buf_printf(out, "\n%s     --> %s%s:%u:%u\n", blue, reset, src->path, line + 1, col + 1);
    buf_printf(out, "%s      |%s\n", blue, reset);
    buf_printf(out, "%s %4u |%s ", blue, line + 1, reset);
    buf_add(out, text, len);
    buf_printf(out, "\n%s      |%s ", blue, reset);
    for (uint32_t i = 0; i < col; i++)
        buf_addc(out, ' ');
    buf_adds(out, d->severity == DIAG_WARNING ? yellow : red);
    buf_addc(out, '^');
    size_t n = char_count(src, rel, d->sp.end - src->base);
    for (size_t i = 1; i < n; i++)
        buf_addc(out, '-');
    buf_adds(out, reset);
}

static void render_gcc(buf *out, source_map *sm, const diag *d)
{
    source *src = span_known(d->sp) ? source_map_find(sm, d->sp.start) : NULL;
    if (src) {
        diag_location(out, sm, d->sp.start);
        buf_adds(out, ": ");
    } else if (d->path) {
        buf_printf(out, "%s: ", d->path);
    } else {
        buf_adds(out, "witan: ");
    }
    buf_adds(out, d->severity == DIAG_WARNING ? "warning: " : "error: ");
    if (d->context)
        buf_adds(out, d->context);
    /* one line per diagnostic: a list after `:` (indented lines) becomes
     * `: a, b`, other line breaks `; ` */
    char last = 0;
    for (const char *p = diag_message(d); *p; p++) {
        if (*p != '\n') {
            buf_addc(out, *p);
            last = *p;
            continue;
        }
        bool indented = p[1] == ' ' || p[1] == '\t';
        while (p[1] == ' ' || p[1] == '\t')
            p++;
        if (!p[1])
            break;
        buf_adds(out, last == ':' ? " " : indented ? ", " : "; ");
    }
    for (int i = 0; i < d->nextra; i++) {
        buf_adds(out, i ? ", " : " (");
        diag_location(out, sm, d->extra[i].start);
        if (i + 1 == d->nextra)
            buf_addc(out, ')');
    }
    if (d->rule)
        buf_printf(out, " [%s]", d->rule);
}

void diag_render(buf *out, source_map *sm, const diag *d, diag_format fmt, int color)
{
    if (fmt == DIAG_GCC)
        render_gcc(out, sm, d);
    else
        render_text(out, sm, d, color);
}

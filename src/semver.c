#include "semver.h"

#include <string.h>

#include "unicode.h"

typedef enum { POS_MAJOR, POS_MINOR, POS_PATCH, POS_PRE, POS_BUILD } position;

static const char *pos_name(position p)
{
    static const char *names[] = {"major version number", "minor version number",
                                  "patch version number", "pre-release identifier",
                                  "build metadata"};
    return names[p];
}

/* Appends a char in single quotes as Rust's Debug form does. */
static void quote_char_at(buf *err, const char *p, const char *end)
{
    uint32_t cp;
    int n = uni_decode((const unsigned char *)p, (const unsigned char *)end, &cp);
    uni_char_debug(err, n ? cp : (unsigned char)*p);
}

static int numeric(const char **pp, const char *end, position pos, uint64_t *out, buf *err)
{
    const char *p = *pp;
    uint64_t v = 0;
    size_t len = 0;
    while (p + len < end && p[len] >= '0' && p[len] <= '9') {
        if (v == 0 && len > 0) {
            buf_printf(err, "invalid leading zero in %s", pos_name(pos));
            return 0;
        }
        unsigned d = (unsigned)(p[len] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            buf_printf(err, "value of %s exceeds u64::MAX", pos_name(pos));
            return 0;
        }
        v = v * 10 + d;
        len++;
    }
    if (len == 0) {
        if (p < end) {
            buf_adds(err, "unexpected character ");
            quote_char_at(err, p, end);
            buf_printf(err, " while parsing %s", pos_name(pos));
        } else {
            buf_printf(err, "unexpected end of input while parsing %s", pos_name(pos));
        }
        return 0;
    }
    *out = v;
    *pp = p + len;
    return 1;
}

static int dot(const char **pp, const char *end, position pos, buf *err)
{
    if (*pp < end && **pp == '.') {
        (*pp)++;
        return 1;
    }
    if (*pp < end) {
        buf_adds(err, "unexpected character ");
        quote_char_at(err, *pp, end);
        buf_printf(err, " after %s", pos_name(pos));
    } else {
        buf_printf(err, "unexpected end of input while parsing %s", pos_name(pos));
    }
    return 0;
}

/* Dot-separated identifiers of [A-Za-z0-9-]; returns the length taken. */
static int identifier(const char *p, const char *end, position pos, size_t *taken, buf *err)
{
    size_t acc = 0, seg = 0;
    int nondigit = 0;
    for (;;) {
        const char *q = p + acc + seg;
        int c = q < end ? (unsigned char)*q : -1;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-') {
            seg++;
            nondigit = 1;
        } else if (c >= '0' && c <= '9') {
            seg++;
        } else {
            if (seg == 0) {
                if (acc == 0 && c != '.') {
                    *taken = 0;
                    return 1;
                }
                buf_printf(err, "empty identifier segment in %s", pos_name(pos));
                return 0;
            }
            if (pos == POS_PRE && seg > 1 && !nondigit && p[acc] == '0') {
                buf_printf(err, "invalid leading zero in %s", pos_name(pos));
                return 0;
            }
            acc += seg;
            if (c == '.') {
                acc++;
                seg = 0;
                nondigit = 0;
            } else {
                *taken = acc;
                return 1;
            }
        }
    }
}

int semver_parse(const char *text, size_t len, semver *out, buf *err)
{
    const char *p = text, *end = text + len;
    memset(out, 0, sizeof *out);
    out->pre = out->build = "";
    if (len == 0) {
        buf_adds(err, "empty string, expected a semver version");
        return 0;
    }
    if (!numeric(&p, end, POS_MAJOR, &out->major, err) || !dot(&p, end, POS_MAJOR, err) ||
        !numeric(&p, end, POS_MINOR, &out->minor, err) || !dot(&p, end, POS_MINOR, err) ||
        !numeric(&p, end, POS_PATCH, &out->patch, err))
        return 0;
    if (p == end)
        return 1;
    position pos = POS_PATCH;
    if (*p == '-') {
        p++;
        pos = POS_PRE;
        size_t n;
        if (!identifier(p, end, POS_PRE, &n, err))
            return 0;
        if (n == 0) {
            buf_printf(err, "empty identifier segment in %s", pos_name(pos));
            return 0;
        }
        out->pre = p;
        out->pre_len = (uint32_t)n;
        p += n;
    }
    if (p < end && *p == '+') {
        p++;
        pos = POS_BUILD;
        size_t n;
        if (!identifier(p, end, POS_BUILD, &n, err))
            return 0;
        if (n == 0) {
            buf_printf(err, "empty identifier segment in %s", pos_name(pos));
            return 0;
        }
        out->build = p;
        out->build_len = (uint32_t)n;
        p += n;
    }
    if (p < end) {
        buf_adds(err, "unexpected character ");
        quote_char_at(err, p, end);
        buf_printf(err, " after %s", pos_name(pos));
        return 0;
    }
    return 1;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = n ? memcmp(a, b, n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn;
}

/* Compares dot-separated identifier lists the way the crate orders
 * pre-release (build = 0) and build metadata (build = 1) identifiers. */
static int cmp_idents(const char *a, size_t an, const char *b, size_t bn, int build)
{
    size_t i = 0, j = 0;
    int a_done = 0, b_done = 0;
    while (!a_done) {
        size_t ie = i;
        while (ie < an && a[ie] != '.')
            ie++;
        if (b_done)
            return 1;
        size_t je = j;
        while (je < bn && b[je] != '.')
            je++;
        const char *x = a + i, *y = b + j;
        size_t xn = ie - i, yn = je - j;
        int xd = all_digits(x, xn), yd = all_digits(y, yn);
        int c;
        if (xd && yd) {
            if (build) {
                const char *xs = x, *ys = y;
                size_t xsn = xn, ysn = yn;
                while (xsn && *xs == '0') { xs++; xsn--; }
                while (ysn && *ys == '0') { ys++; ysn--; }
                c = xsn != ysn ? (xsn < ysn ? -1 : 1) : cmp_bytes(xs, xsn, ys, ysn);
                if (!c && xn != yn)
                    c = xn < yn ? -1 : 1;
            } else {
                c = xn != yn ? (xn < yn ? -1 : 1) : cmp_bytes(x, xn, y, yn);
            }
        } else if (xd != yd) {
            return xd ? -1 : 1;
        } else {
            c = cmp_bytes(x, xn, y, yn);
        }
        if (c)
            return c;
        if (ie >= an)
            a_done = 1;
        else
            i = ie + 1;
        if (je >= bn)
            b_done = 1;
        else
            j = je + 1;
    }
    return b_done ? 0 : -1;
}

int semver_cmp(const semver *a, const semver *b)
{
    if (a->major != b->major)
        return a->major < b->major ? -1 : 1;
    if (a->minor != b->minor)
        return a->minor < b->minor ? -1 : 1;
    if (a->patch != b->patch)
        return a->patch < b->patch ? -1 : 1;
    if (a->pre_len == 0 || b->pre_len == 0) {
        if (a->pre_len != b->pre_len)
            return a->pre_len == 0 ? 1 : -1;
    } else {
        int c = cmp_idents(a->pre, a->pre_len, b->pre, b->pre_len, 0);
        if (c)
            return c;
    }
    if (a->build_len == 0 || b->build_len == 0) {
        if (a->build_len != b->build_len)
            return a->build_len == 0 ? -1 : 1;
        return 0;
    }
    return cmp_idents(a->build, a->build_len, b->build, b->build_len, 1);
}

int semver_eq(const semver *a, const semver *b)
{
    return a->major == b->major && a->minor == b->minor && a->patch == b->patch &&
           a->pre_len == b->pre_len && a->build_len == b->build_len &&
           memcmp(a->pre, b->pre, a->pre_len) == 0 &&
           memcmp(a->build, b->build, a->build_len) == 0;
}

void semver_format(buf *out, const semver *v)
{
    buf_printf(out, "%llu.%llu.%llu", (unsigned long long)v->major,
               (unsigned long long)v->minor, (unsigned long long)v->patch);
    if (v->pre_len) {
        buf_addc(out, '-');
        buf_add(out, v->pre, v->pre_len);
    }
    if (v->build_len) {
        buf_addc(out, '+');
        buf_add(out, v->build, v->build_len);
    }
}

#include "unicode.h"

#include <stdbool.h>
#include <string.h>

#include "unitab.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int uni_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (end - p < n)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

size_t uni_utf8_check(const unsigned char *p, size_t len)
{
    size_t i = 0;
    const unsigned char *end = p + len;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int n = uni_decode(p + i, end, &cp);
        if (!n)
            return i;
        i += (size_t)n;
    }
    return len;
}

static bool refused(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\n' && cp != '\r' && cp != '\t';
    if (cp >= 0x7F && cp <= 0x9F)
        return true;
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x149 ||
           cp == 0x673 || cp == 0xF77 || cp == 0xF79 || cp == 0x17A3 || cp == 0x17A4 ||
           cp == 0x17B4 || cp == 0x17B5;
}

/* Bytes that need a closer look: anything but printable ASCII and '\n'.
 * Tabs and carriage returns are allowed but rare enough to go the slow
 * way. */
#if defined(__SSE2__)
/* 0xFF for each such byte of the 16 at p but '\n': those for which b + 1
 * (wrapping) is below 0x21 as a signed byte, which takes in those below
 * 0x20, 0x7F and 0x80 and up */
static inline __m128i flag_bytes(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i odd = _mm_cmpgt_epi8(_mm_set1_epi8(0x21), _mm_add_epi8(v, _mm_set1_epi8(1)));
    return _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), odd);
}

/* A bit mask over the 32 bytes at p, bit i for p[i]. */
static uint32_t block_flags(const unsigned char *p)
{
    return (uint32_t)_mm_movemask_epi8(flag_bytes(p)) |
           (uint32_t)_mm_movemask_epi8(flag_bytes(p + 16)) << 16;
}

/* Whether any of the 64 bytes at p needs a look: one test for the lot. */
static int wide_block_clean(const unsigned char *p)
{
    __m128i f = _mm_or_si128(_mm_or_si128(flag_bytes(p), flag_bytes(p + 16)),
                             _mm_or_si128(flag_bytes(p + 32), flag_bytes(p + 48)));
    return _mm_movemask_epi8(f) == 0;
}
#else
static unsigned half_flags(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    unsigned mask = 0;
    for (int half = 0; half < 2; half++) {
        uint64_t w;
        memcpy(&w, p + 8 * half, 8);
        uint64_t nl = w ^ (ones * '\n');
        uint64_t del = w ^ (ones * 0x7F);
        /* exact per-byte tests: high bit, below 0x20 but not '\n', 0x7F */
        uint64_t low = ~(((w & ~highs) + ones * (0x80 - 0x20)) | w) & highs;
        uint64_t is_nl = ~(((nl & ~highs) + ~highs) | nl) & highs;
        uint64_t is_del = ~(((del & ~highs) + ~highs) | del) & highs;
        uint64_t f = (w & highs) | (low & ~is_nl) | is_del;
        for (int i = 0; i < 8; i++)
            if (f & (0x80ULL << (8 * i)))
                mask |= 1u << (8 * half + i);
    }
    return mask;
}

/* A bit mask over the 32 bytes at p, bit i for p[i]. */
static uint32_t block_flags(const unsigned char *p)
{
    return half_flags(p) | (uint32_t)half_flags(p + 16) << 16;
}

static int wide_block_clean(const unsigned char *p)
{
    return block_flags(p) == 0 && block_flags(p + 32) == 0;
}
#endif

static size_t first_bit(uint32_t f)
{
#if defined(__GNUC__)
    return (size_t)__builtin_ctz(f);
#else
    size_t i = 0;
    while (!(f & 1)) {
        f >>= 1;
        i++;
    }
    return i;
#endif
}

size_t uni_scan(const unsigned char *p, size_t len, uint32_t *bad_at, uint32_t *bad_cp)
{
    size_t i = 0;
    *bad_at = UINT32_MAX;
    *bad_cp = 0;
    while (i < len) {
        /* clean text, the common case, 64 bytes a step */
        while (i + 64 <= len && wide_block_clean(p + i))
            i += 64;
        if (i == len)
            break;
        if (i + 32 <= len) {
            uint32_t f = block_flags(p + i);
            if (!f) {
                i += 32;
                continue;
            }
            i += first_bit(f);
        }
        unsigned c = p[i];
        if ((c >= 0x20 && c < 0x7F) || c == '\n') {
            i++;
            continue;
        }
        uint32_t cp = c;
        int n = 1;
        if (c >= 0x80) {
            n = uni_decode(p + i, p + len, &cp);
            if (!n)
                return i;
        }
        if (*bad_at == UINT32_MAX && refused(cp)) {
            *bad_at = (uint32_t)i;
            *bad_cp = cp;
        }
        i += (size_t)n;
    }
    return len;
}

static int in_table(const uint32_t (*t)[2], size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < t[mid][0])
            hi = mid;
        else if (cp > t[mid][1])
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

#define TABLE(name) uni_##name, sizeof uni_##name / sizeof uni_##name[0]

int uni_is_xid_start(uint32_t cp) { return in_table(TABLE(xid_start), cp); }
int uni_is_xid_continue(uint32_t cp) { return in_table(TABLE(xid_continue), cp); }

void uni_escape_unicode(buf *b, uint32_t cp) { buf_printf(b, "\\u{%x}", (unsigned)cp); }

void uni_char_debug(buf *b, uint32_t cp)
{
    buf_addc(b, '\'');
    switch (cp) {
    case 0: buf_adds(b, "\\0"); break;
    case '\t': buf_adds(b, "\\t"); break;
    case '\r': buf_adds(b, "\\r"); break;
    case '\n': buf_adds(b, "\\n"); break;
    case '\'': buf_adds(b, "\\'"); break;
    case '\\': buf_adds(b, "\\\\"); break;
    default:
        if (in_table(TABLE(grapheme_extend), cp) || in_table(TABLE(nonprintable), cp)) {
            uni_escape_unicode(b, cp);
        } else {
            char tmp[4];
            int n;
            if (cp < 0x80) {
                tmp[0] = (char)cp; n = 1;
            } else if (cp < 0x800) {
                tmp[0] = (char)(0xC0 | (cp >> 6)); tmp[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
            } else if (cp < 0x10000) {
                tmp[0] = (char)(0xE0 | (cp >> 12)); tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                tmp[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
            } else {
                tmp[0] = (char)(0xF0 | (cp >> 18)); tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); tmp[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
            }
            buf_add(b, tmp, (size_t)n);
        }
    }
    buf_addc(b, '\'');
}

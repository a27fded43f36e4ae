/*
 * witgen.c - generate large, realistic, *valid* WIT sources for benchmarks.
 *
 * Single-file, dependency-free C11.  See bench/README.md for usage.
 *
 *   witgen [--seed N] --size SIZE [--dir OUTDIR] [-o FILE]
 *
 * The output is a pure function of (seed, size, mode): no rand(), no clock.
 *
 * Validity rules the generator maintains (mirroring wit-parser):
 *   - identifiers are kebab-case, never keywords (words are checked at
 *     start-up; the only composable keyword, `error-context`, is rejected);
 *   - names are unique per namespace: types + functions + `use`d names per
 *     interface, fields per record, cases per variant/enum/flags, parameters
 *     per function, functions per resource;
 *   - a type only refers to types that precede it (no recursion, no cycles);
 *     `use` only names types of lower-numbered interfaces of the same package
 *     or of lower-numbered dependency packages;
 *   - `borrow<R>` only appears in parameters (top level or as `list<borrow<R>>`),
 *     never in a named type or a result; handles only name resources;
 *   - a constructor result, when declared (rarely), is `result<R, E>` with R
 *     the resource being constructed;
 *   - world: first half of the interfaces imported, second half exported, so
 *     no non-exported interface ever depends on an exported one.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ------------------------------------------------------------------------ */
/* errors                                                                   */

static void die(const char *fmt, ...)
{
    va_list ap;
    fputs("witgen: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory");
    return q;
}

/* ------------------------------------------------------------------------ */
/* buffered output (to a FILE, or to a growing memory buffer when f==NULL)  */

#define OBUF_CAP ((size_t)1 << 20)

typedef struct {
    FILE *f;
    char *buf;
    size_t len, cap;
    uint64_t total; /* bytes emitted through this sink (all files) */
} Out;

static Out out;

static void o_flush(void)
{
    if (out.f && out.len) {
        if (fwrite(out.buf, 1, out.len, out.f) != out.len)
            die("write error: %s", strerror(errno));
        out.len = 0;
    }
}

static void o_reserve(size_t n)
{
    if (out.len + n <= out.cap)
        return;
    if (out.f) {
        o_flush();
        if (n <= out.cap)
            return;
    }
    size_t nc = out.cap ? out.cap : 4096;
    while (nc < out.len + n)
        nc *= 2;
    out.buf = xrealloc(out.buf, nc);
    out.cap = nc;
}

static inline void o_mem(const char *s, size_t n)
{
    o_reserve(n);
    memcpy(out.buf + out.len, s, n);
    out.len += n;
    out.total += n;
}

static inline void o_s(const char *s) { o_mem(s, strlen(s)); }

static inline void o_c(char c)
{
    o_reserve(1);
    out.buf[out.len++] = c;
    out.total++;
}

static void o_u(uint64_t v)
{
    char tmp[24];
    int i = 24;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    o_mem(tmp + i, (size_t)(24 - i));
}

static inline void o_ind(int level)
{
    static const char sp[] = "            ";
    o_mem(sp, (size_t)(2 * level));
}

/* ------------------------------------------------------------------------ */
/* deterministic PRNG: splitmix64                                           */

static uint64_t rng_state;

static uint64_t rnext(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* uniform-ish in [0, n); n > 0 */
static inline uint32_t rn(uint32_t n) { return (uint32_t)((rnext() >> 32) * n >> 32); }
static inline int chance(uint32_t pct) { return rn(100) < pct; }

/* ------------------------------------------------------------------------ */
/* vocabulary                                                               */

static const char *const KEYWORDS[] = {
    "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
    "f32", "f64", "char", "resource", "own", "borrow", "record", "flags",
    "variant", "enum", "bool", "string", "option", "result", "future", "stream",
    "error-context", "list", "map", "_", "as", "from", "static", "interface",
    "tuple", "world", "import", "export", "package", "constructor", "include",
    "with", "async", "self", "float32", "float64", "union", "expected", "unit",
    "handle", "implements",
};

static const char *const NOUNS[] = {
    "account", "address", "agent", "alarm", "amount", "archive", "asset",
    "attempt", "batch", "blob", "block", "bucket", "buffer", "cache", "channel",
    "chunk", "client", "cluster", "column", "config", "context", "counter",
    "credential", "cursor", "deadline", "device", "digest", "domain", "entry",
    "error", "event", "file", "filter", "frame", "gateway", "hash", "header",
    "host", "image", "index", "item", "job", "key", "label", "layer", "lease",
    "ledger", "limit", "link", "lock", "message", "metric", "mode", "node",
    "offset", "order", "owner", "packet", "page", "path", "payload", "peer",
    "pixel", "policy", "port", "prefix", "priority", "queue", "quota", "range",
    "rate", "region", "replica", "request", "response", "role", "route", "rule",
    "sample", "schema", "scope", "secret", "segment", "sensor", "session",
    "shard", "signal", "slot", "snapshot", "socket", "source", "span", "state",
    "status", "store", "subject", "table", "tag", "target", "task", "tenant",
    "thread", "ticket", "timer", "token", "topic", "trace", "user", "value",
    "vector", "version", "volume", "window", "worker", "zone",
};

static const char *const ADJS[] = {
    "active", "base", "cached", "default", "dirty", "empty", "extra", "final",
    "full", "global", "hidden", "inner", "last", "local", "main", "max", "min",
    "next", "old", "outer", "pending", "primary", "raw", "remote", "safe",
    "secure", "shared", "single", "stale", "strict", "total", "valid",
};

static const char *const VERBS[] = {
    "acquire", "apply", "attach", "build", "check", "close", "compute",
    "count", "create", "decode", "delete", "detach", "drain", "emit", "encode",
    "fetch", "find", "flush", "get", "insert", "load", "lookup", "measure",
    "merge", "open", "parse", "pause", "poll", "put", "query", "read", "recv",
    "register", "release", "remove", "reset", "resolve", "resume", "save",
    "scan", "send", "set", "sign", "split", "start", "stop", "sync", "update",
    "verify", "watch", "write",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *noun(void) { return NOUNS[rn(NELEM(NOUNS))]; }
static const char *adj(void) { return ADJS[rn(NELEM(ADJS))]; }
static const char *verb(void) { return VERBS[rn(NELEM(VERBS))]; }

typedef const char *(*WordFn)(void);

/* Joins words with '-'.  The word functions consume PRNG output, so they are
 * called in explicit sequence (argument evaluation order is unspecified). */
static void name2(char *dst, size_t n, WordFn a, WordFn b)
{
    const char *x = a();
    const char *y = b();
    snprintf(dst, n, "%s-%s", x, y);
}

static void name3(char *dst, size_t n, WordFn a, WordFn b, WordFn c)
{
    const char *x = a();
    const char *y = b();
    const char *z = c();
    snprintf(dst, n, "%s-%s-%s", x, y, z);
}

static int is_keyword(const char *s)
{
    for (size_t i = 0; i < NELEM(KEYWORDS); i++)
        if (strcmp(s, KEYWORDS[i]) == 0)
            return 1;
    return 0;
}

/* The only keyword that can be composed from two vocabulary words. */
static inline int bad_compound(const char *s)
{
    return s[0] == 'e' && strcmp(s, "error-context") == 0;
}

static void check_words(const char *const *w, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = w[i];
        if (!s[0] || s[0] < 'a' || s[0] > 'z')
            die("internal: bad %s word '%s'", what, s);
        for (const char *p = s; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
                die("internal: bad %s word '%s'", what, s);
        if (is_keyword(s))
            die("internal: %s word '%s' is a WIT keyword", what, s);
    }
}

/* ------------------------------------------------------------------------ */
/* per-interface name table (types, functions and `use`d names share it)    */

#define NSLOTS 1024u /* power of two; an interface holds < 64 names */
#define NBUF_CAP (1u << 16)

static char nbuf[NBUF_CAP];
static uint32_t nbuf_len;
static uint32_t nslot[NSLOTS];
static uint32_t nstamp[NSLOTS];
static uint32_t ncur = 1;
static uint32_t ncount;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static void ns_reset(void)
{
    ncur++;
    nbuf_len = 0;
    ncount = 0;
}

static int ns_has(const char *s)
{
    uint32_t h = hash_str(s) & (NSLOTS - 1);
    while (nstamp[h] == ncur) {
        if (strcmp(nbuf + nslot[h], s) == 0)
            return 1;
        h = (h + 1) & (NSLOTS - 1);
    }
    return 0;
}

/* Adds a (known fresh) name; returns its offset in nbuf. */
static uint32_t ns_add(const char *s)
{
    size_t n = strlen(s) + 1;
    if (nbuf_len + n > NBUF_CAP || ncount >= NSLOTS / 2)
        die("internal: interface name table full");
    uint32_t off = nbuf_len;
    memcpy(nbuf + off, s, n);
    nbuf_len += (uint32_t)n;
    uint32_t h = hash_str(s) & (NSLOTS - 1);
    while (nstamp[h] == ncur)
        h = (h + 1) & (NSLOTS - 1);
    nstamp[h] = ncur;
    nslot[h] = off;
    ncount++;
    return off;
}

/* Makes `base` unique in the interface namespace (appending -2, -3, ...),
 * registers it and returns its offset. */
static uint32_t ns_fresh(const char *base)
{
    char tmp[96];
    if (!ns_has(base) && !bad_compound(base))
        return ns_add(base);
    for (unsigned k = 2;; k++) {
        snprintf(tmp, sizeof tmp, "%s-%u", base, k);
        if (!ns_has(tmp))
            return ns_add(tmp);
    }
}

/* ------------------------------------------------------------------------ */
/* small local namespaces (fields, cases, params, resource functions)       */

#define LMAX 16
#define LLEN 64

typedef struct {
    char name[LMAX][LLEN];
    int n;
} Local;

static int local_has(const Local *l, const char *s)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->name[i], s) == 0)
            return 1;
    return 0;
}

enum { M_FIELD, M_CASE, M_FLAG, M_PARAM, M_METHOD };

/* Picks a fresh member name of the given flavour into l; returns it. */
static const char *local_pick(Local *l, int flavour)
{
    char tmp[LLEN];
    if (l->n >= LMAX)
        die("internal: too many local names");
    for (int attempt = 0;; attempt++) {
        switch (flavour) {
        case M_FIELD:
        case M_PARAM:
            if (chance(70))
                snprintf(tmp, sizeof tmp, "%s", noun());
            else if (chance(50))
                name2(tmp, sizeof tmp, adj, noun);
            else
                name2(tmp, sizeof tmp, noun, noun);
            break;
        case M_CASE:
            if (chance(60))
                snprintf(tmp, sizeof tmp, "%s", noun());
            else
                name2(tmp, sizeof tmp, adj, noun);
            break;
        case M_FLAG:
            if (chance(50))
                snprintf(tmp, sizeof tmp, "%s", adj());
            else
                name2(tmp, sizeof tmp, verb, noun);
            break;
        default: /* M_METHOD */
            if (chance(65))
                name2(tmp, sizeof tmp, verb, noun);
            else if (chance(50))
                snprintf(tmp, sizeof tmp, "%s", verb());
            else
                name3(tmp, sizeof tmp, verb, adj, noun);
            break;
        }
        if (attempt > 20) {
            size_t len = strlen(tmp);
            snprintf(tmp + len, sizeof tmp - len, "-%d", l->n + 1);
        }
        if (!local_has(l, tmp) && !bad_compound(tmp))
            break;
    }
    memcpy(l->name[l->n], tmp, LLEN);
    return l->name[l->n++];
}

/* ------------------------------------------------------------------------ */
/* type scope of the interface being generated                             */

enum { K_RECORD, K_VARIANT, K_ENUM, K_FLAGS, K_ALIAS, K_RESOURCE };

typedef struct {
    uint32_t off; /* name in nbuf */
    uint8_t kind;
} Sc;

#define SCOPE_MAX 256
static Sc scope[SCOPE_MAX];
static int nscope;

static void scope_add(uint32_t off, int kind)
{
    if (nscope >= SCOPE_MAX)
        die("internal: scope full");
    scope[nscope].off = off;
    scope[nscope].kind = (uint8_t)kind;
    nscope++;
}

/* ------------------------------------------------------------------------ */
/* global registry of interfaces and their exported (defined) type names    */

typedef struct {
    int pkg;
    uint32_t name; /* offset in garena */
    uint32_t t_begin, t_count;
} Iface;

typedef struct {
    uint32_t name; /* offset in garena */
    uint8_t kind;
} TypeRec;

typedef struct {
    char name[32];  /* e.g. "bench:dep0" */
    char short_[16]; /* e.g. "dep0" */
    const char *version;
    uint32_t first, count; /* range in ifaces */
} Pkg;

static char *garena;
static size_t garena_len, garena_cap;
static Iface *ifaces;
static uint32_t n_ifaces, cap_ifaces;
static TypeRec *types;
static uint32_t n_types, cap_types;

#define MAX_PKGS 8
static Pkg pkgs[MAX_PKGS];
static int n_pkgs;

static uint32_t garena_add(const char *s)
{
    size_t n = strlen(s) + 1;
    if (garena_len + n > garena_cap) {
        size_t nc = garena_cap ? garena_cap * 2 : (1u << 20);
        while (nc < garena_len + n)
            nc *= 2;
        garena = xrealloc(garena, nc);
        garena_cap = nc;
    }
    if (garena_len + n > UINT32_MAX)
        die("too much output requested (name arena overflow)");
    uint32_t off = (uint32_t)garena_len;
    memcpy(garena + off, s, n);
    garena_len += n;
    return off;
}

/* ------------------------------------------------------------------------ */
/* doc comments                                                             */

static const char *const DOC_TEMPLATES[] = {
    "Returns the %a %n for this %n.",
    "Keeps track of the %a %n.",
    "Configuration for the %n %n.",
    "Errors produced while handling the %n.",
    "Describes how the %n is mapped to the %n.",
    "Opaque handle to the %a %n.",
    "%V the given %n and return the %a %n.",
    "Identifier of the %n within its %n.",
    "Callers must not assume the %n is %a after this call.",
    "See the %n documentation for details about the %a %n.",
    "The %a %n, if any, associated with the %n.",
    "%V the %n; fails if the %n is %a.",
    "Snapshot of the %n state at the time of the last %n.",
    "Number of %n entries currently held by the %n.",
    "This is used by the %n subsystem to %v the %n.",
    "Limits applied to every %n in the %a %n.",
};

static void o_sentence(void)
{
    const char *t = DOC_TEMPLATES[rn(NELEM(DOC_TEMPLATES))];
    const char *p = t;
    while (*p) {
        const char *q = strchr(p, '%');
        if (!q) {
            o_s(p);
            break;
        }
        o_mem(p, (size_t)(q - p));
        switch (q[1]) {
        case 'n':
            o_s(noun());
            break;
        case 'a':
            o_s(adj());
            break;
        case 'v':
            o_s(verb());
            break;
        case 'V': {
            const char *v = verb();
            o_c((char)(v[0] - 'a' + 'A'));
            o_s(v + 1);
            break;
        }
        default:
            o_c('%');
            break;
        }
        p = q + 2;
    }
}

static void gen_doc(int ind, int lines)
{
    for (int i = 0; i < lines; i++) {
        o_ind(ind);
        o_s("/// ");
        o_sentence();
        o_c('\n');
    }
}

static void maybe_doc(int ind, uint32_t pct)
{
    if (chance(pct))
        gen_doc(ind, chance(25) ? 2 : 1);
    else if (chance(2)) {
        o_ind(ind);
        o_s("// TODO: ");
        o_sentence();
        o_c('\n');
    }
}

/* ------------------------------------------------------------------------ */
/* type expressions                                                         */

enum { CTX_PLAIN, CTX_PARAM }; /* CTX_PARAM: a borrow<R> may be emitted here */

#define MAX_ANON_DEPTH 3 /* anonymous nesting levels; leaf adds one => <= 4 */

static const char *prim(void)
{
    uint32_t r = rn(100);
    if (r < 24) return "string";
    if (r < 39) return "u32";
    if (r < 49) return "u64";
    if (r < 57) return "bool";
    if (r < 62) return "u8";
    if (r < 66) return "u16";
    if (r < 72) return "s32";
    if (r < 77) return "s64";
    if (r < 79) return "s8";
    if (r < 81) return "s16";
    if (r < 85) return "f32";
    if (r < 91) return "f64";
    if (r < 94) return "char";
    return "string";
}

static void gen_leaf(int ctx)
{
    if (nscope > 0 && chance(42)) {
        const Sc *e = &scope[rn((uint32_t)nscope)];
        const char *n = nbuf + e->off;
        if (e->kind == K_RESOURCE) {
            if (ctx == CTX_PARAM && chance(60)) {
                o_s("borrow<");
                o_s(n);
                o_c('>');
                return;
            }
            if (chance(15)) {
                o_s("own<");
                o_s(n);
                o_c('>');
                return;
            }
        }
        o_s(n);
        return;
    }
    o_s(prim());
}

static void gen_type(int depth, int ctx);

static void gen_error_type(int depth)
{
    for (int i = 0; i < 4 && nscope > 0; i++) {
        const Sc *e = &scope[rn((uint32_t)nscope)];
        if (e->kind == K_ENUM || e->kind == K_VARIANT) {
            o_s(nbuf + e->off);
            return;
        }
    }
    if (chance(70))
        o_s("string");
    else
        gen_type(depth, CTX_PLAIN);
}

static void gen_type(int depth, int ctx)
{
    if (depth >= MAX_ANON_DEPTH) {
        gen_leaf(ctx);
        return;
    }
    uint32_t r = rn(100);
    if (r < 56) {
        gen_leaf(ctx);
    } else if (r < 68) {
        o_s("list<");
        /* list<borrow<R>> is allowed as a parameter, like wasi:io/poll */
        gen_type(depth + 1, (ctx == CTX_PARAM && depth == 0) ? CTX_PARAM : CTX_PLAIN);
        o_c('>');
    } else if (r < 78) {
        o_s("option<");
        gen_type(depth + 1, CTX_PLAIN);
        o_c('>');
    } else if (r < 88) {
        uint32_t f = rn(100);
        if (f < 50) {
            o_s("result<");
            gen_type(depth + 1, CTX_PLAIN);
            o_s(", ");
            gen_error_type(depth + 1);
            o_c('>');
        } else if (f < 65) {
            o_s("result<_, ");
            gen_error_type(depth + 1);
            o_c('>');
        } else if (f < 78) {
            o_s("result<");
            gen_type(depth + 1, CTX_PLAIN);
            o_c('>');
        } else {
            o_s("result");
        }
    } else if (r < 96) {
        int n = 2 + (chance(30) ? 1 : 0);
        o_s("tuple<");
        for (int i = 0; i < n; i++) {
            if (i)
                o_s(", ");
            gen_type(depth + 1, CTX_PLAIN);
        }
        o_c('>');
    } else if (r < 97) {
        static const char *const el[] = {"u8", "u8", "u8", "u16", "u32", "f32", "f64"};
        o_s("list<");
        o_s(el[rn(NELEM(el))]);
        o_s(", ");
        o_u(2 + rn(31));
        o_c('>');
    } else {
        gen_leaf(ctx);
    }
}

/* ------------------------------------------------------------------------ */
/* items                                                                    */

static uint32_t fresh_type_name(void)
{
    char tmp[96];
    uint32_t r = rn(100);
    if (r < 30)
        snprintf(tmp, sizeof tmp, "%s", noun());
    else if (r < 70)
        name2(tmp, sizeof tmp, adj, noun);
    else
        name2(tmp, sizeof tmp, noun, noun);
    return ns_fresh(tmp);
}

static uint32_t fresh_func_name(void)
{
    char tmp[96];
    if (chance(70))
        name2(tmp, sizeof tmp, verb, noun);
    else
        name3(tmp, sizeof tmp, verb, adj, noun);
    return ns_fresh(tmp);
}

static void gen_params(void)
{
    Local l;
    l.n = 0;
    uint32_t r = rn(100);
    int n = r < 15 ? 0 : r < 50 ? 1 : r < 75 ? 2 : r < 90 ? 3 : 4;
    o_c('(');
    for (int i = 0; i < n; i++) {
        if (i)
            o_s(", ");
        o_s(local_pick(&l, M_PARAM));
        o_s(": ");
        gen_type(0, CTX_PARAM);
    }
    o_c(')');
}

static void gen_result(uint32_t pct)
{
    if (chance(pct)) {
        o_s(" -> ");
        gen_type(0, CTX_PLAIN);
    }
}

static void gen_record(void)
{
    uint32_t name = fresh_type_name();
    maybe_doc(1, 55);
    o_ind(1);
    o_s("record ");
    o_s(nbuf + name);
    o_s(" {\n");
    Local l;
    l.n = 0;
    int n = 2 + (int)rn(6);
    for (int i = 0; i < n; i++) {
        if (chance(10))
            gen_doc(2, 1);
        o_ind(2);
        o_s(local_pick(&l, M_FIELD));
        o_s(": ");
        gen_type(0, CTX_PLAIN);
        o_s(",\n");
    }
    o_ind(1);
    o_s("}\n");
    scope_add(name, K_RECORD);
}

static void gen_variant(void)
{
    uint32_t name = fresh_type_name();
    maybe_doc(1, 55);
    o_ind(1);
    o_s("variant ");
    o_s(nbuf + name);
    o_s(" {\n");
    Local l;
    l.n = 0;
    int n = 2 + (int)rn(5);
    for (int i = 0; i < n; i++) {
        if (chance(10))
            gen_doc(2, 1);
        o_ind(2);
        o_s(local_pick(&l, M_CASE));
        if (chance(55)) {
            o_c('(');
            gen_type(1, CTX_PLAIN);
            o_c(')');
        }
        o_s(",\n");
    }
    o_ind(1);
    o_s("}\n");
    scope_add(name, K_VARIANT);
}

static void gen_enum_or_flags(int is_flags)
{
    uint32_t name = fresh_type_name();
    maybe_doc(1, 55);
    o_ind(1);
    o_s(is_flags ? "flags " : "enum ");
    o_s(nbuf + name);
    o_s(" {\n");
    Local l;
    l.n = 0;
    int n = 2 + (int)rn(7);
    for (int i = 0; i < n; i++) {
        if (chance(8))
            gen_doc(2, 1);
        o_ind(2);
        o_s(local_pick(&l, is_flags ? M_FLAG : M_CASE));
        o_s(",\n");
    }
    o_ind(1);
    o_s("}\n");
    scope_add(name, is_flags ? K_FLAGS : K_ENUM);
}

static void gen_alias(void)
{
    uint32_t name = fresh_type_name();
    maybe_doc(1, 45);
    o_ind(1);
    o_s("type ");
    o_s(nbuf + name);
    o_s(" = ");
    gen_type(0, CTX_PLAIN);
    o_s(";\n");
    scope_add(name, K_ALIAS);
}

static void gen_resource(void)
{
    uint32_t name = fresh_type_name();
    const char *rname = nbuf + name;
    maybe_doc(1, 65);
    /* The resource is in scope for its own methods (own/borrow of itself). */
    scope_add(name, K_RESOURCE);
    o_ind(1);
    o_s("resource ");
    o_s(rname);
    if (chance(15)) {
        o_s(";\n");
        return;
    }
    o_s(" {\n");
    if (chance(60)) {
        maybe_doc(2, 30);
        o_ind(2);
        o_s("constructor");
        gen_params();
        if (chance(8)) { /* fallible constructor: result<R, E> with R = itself */
            o_s(" -> result<");
            o_s(rname);
            o_s(", ");
            gen_error_type(1);
            o_c('>');
        }
        o_s(";\n");
    }
    Local l;
    l.n = 0;
    int n = 1 + (int)rn(6);
    for (int i = 0; i < n; i++) {
        maybe_doc(2, 40);
        o_ind(2);
        o_s(local_pick(&l, M_METHOD));
        if (chance(20)) {
            o_s(": static func");
            gen_params();
            if (chance(50)) {
                o_s(" -> ");
                if (chance(50)) {
                    o_s(rname);
                } else {
                    o_s("result<");
                    o_s(rname);
                    o_s(", ");
                    gen_error_type(1);
                    o_c('>');
                }
            } else {
                gen_result(70);
            }
        } else {
            o_s(chance(4) ? ": async func" : ": func");
            gen_params();
            gen_result(70);
        }
        o_s(";\n");
    }
    o_ind(1);
    o_s("}\n");
}

static void gen_function(void)
{
    uint32_t name = fresh_func_name();
    maybe_doc(1, 60);
    o_ind(1);
    o_s(nbuf + name);
    o_s(chance(5) ? ": async func" : ": func");
    gen_params();
    gen_result(75);
    o_s(";\n");
}

enum { IF_NORMAL, IF_TYPES, IF_API }; /* interface flavours */

/* A short item (about 20-60 bytes) used to approach the size target closely
 * at the very end of the output. */
static void gen_small_item(int flavour)
{
    if (flavour == IF_TYPES || chance(50)) {
        uint32_t name = fresh_type_name();
        o_ind(1);
        o_s("type ");
        o_s(nbuf + name);
        o_s(" = ");
        o_s(prim());
        o_s(";\n");
        scope_add(name, K_ALIAS);
    } else {
        uint32_t name = fresh_func_name();
        o_ind(1);
        o_s(nbuf + name);
        o_s(": func(");
        o_s(noun());
        o_s(": ");
        o_s(prim());
        o_s(");\n");
    }
}

/* ------------------------------------------------------------------------ */
/* interfaces                                                               */

static void o_use_path(int from_pkg, const Iface *src)
{
    if (src->pkg == from_pkg) {
        o_s(garena + src->name);
        return;
    }
    const Pkg *p = &pkgs[src->pkg];
    o_s(p->name);
    o_c('/');
    o_s(garena + src->name);
    o_c('@');
    o_s(p->version);
}

/* Picks a source interface for a `use` in package `pkg`; -1 if none. */
static int pick_source(int pkg, int allow_foreign)
{
    const Pkg *p = &pkgs[pkg];
    uint32_t nlocal = n_ifaces - p->first; /* interfaces of pkg generated so far */
    int nforeign = allow_foreign ? pkg : 0; /* packages < pkg (deps come first) */
    if (nlocal > 0 && (nforeign == 0 || chance(75))) {
        if (chance(70)) {
            uint32_t w = nlocal < 32 ? nlocal : 32;
            return (int)(n_ifaces - 1 - rn(w));
        }
        return (int)(p->first + rn(nlocal));
    }
    if (nforeign > 0) {
        const Pkg *q = &pkgs[rn((uint32_t)nforeign)];
        if (q->count == 0)
            return -1;
        if (chance(40))
            return (int)q->first; /* its `types` interface */
        return (int)(q->first + rn(q->count));
    }
    return -1;
}

static void gen_uses(int pkg, int force_src)
{
    uint32_t r = rn(100);
    int nuse = r < 25 ? 0 : r < 60 ? 1 : r < 85 ? 2 : 3;
    if (force_src >= 0 && nuse == 0)
        nuse = 1;
    int chosen[4];
    int nchosen = 0;
    for (int u = 0; u < nuse; u++) {
        int src = (u == 0 && force_src >= 0) ? force_src : pick_source(pkg, 1);
        if (src < 0)
            continue;
        const Iface *s = &ifaces[src];
        if (s->t_count == 0)
            continue;
        int dup = 0;
        for (int i = 0; i < nchosen; i++)
            dup |= chosen[i] == src;
        if (dup)
            continue;
        chosen[nchosen++] = src;

        uint32_t pick[3];
        int k = 1 + (int)rn(3);
        if ((uint32_t)k > s->t_count)
            k = (int)s->t_count;
        int np = 0;
        for (int tries = 0; np < k && tries < 12; tries++) {
            uint32_t t = s->t_begin + rn(s->t_count);
            int seen = 0;
            for (int i = 0; i < np; i++)
                seen |= pick[i] == t;
            if (!seen)
                pick[np++] = t;
        }
        o_ind(1);
        o_s("use ");
        o_use_path(pkg, s);
        o_s(".{");
        for (int i = 0; i < np; i++) {
            const TypeRec *t = &types[pick[i]];
            const char *tn = garena + t->name;
            if (i)
                o_s(", ");
            o_s(tn);
            uint32_t local;
            if (chance(6)) { /* voluntary rename, e.g. `config as dep2-config` */
                char tmp[96];
                if (s->pkg != pkg)
                    snprintf(tmp, sizeof tmp, "%s-%s", pkgs[s->pkg].short_, tn);
                else
                    snprintf(tmp, sizeof tmp, "%s-%s", adj(), tn);
                local = ns_fresh(tmp);
            } else {
                local = ns_fresh(tn); /* renamed (`x as x-2`) only on a clash */
            }
            if (strcmp(nbuf + local, tn) != 0) {
                o_s(" as ");
                o_s(nbuf + local);
            }
            scope_add(local, t->kind);
        }
        o_s("};\n");
    }
}

/* Below this many bytes of remaining budget only short items are emitted, so
 * the total overshoots the requested size by at most ~100 bytes. */
#define SMALL_TAIL 1536

/* Generates one interface.  Items stop being added once the interface has
 * emitted `budget` bytes (so the caller can hit a size target closely). */
static void gen_interface(int pkg, const char *name, int64_t budget, int flavour, int force_src)
{
    uint64_t start = out.total;
    ns_reset();
    nscope = 0;

    int tail = budget < SMALL_TAIL; /* end of output: keep things short */
    if (!tail && chance(80))
        gen_doc(0, chance(30) ? 2 : 1);
    o_s("interface ");
    o_s(name);
    o_s(" {\n");

    if (!tail)
        gen_uses(pkg, force_src);
    int first_defined = nscope;
    int need_blank = nscope > 0;

    int nitems = flavour == IF_TYPES ? 8 + (int)rn(20) : 4 + (int)rn(18);
    for (int i = 0; i < nitems; i++) {
        int64_t left = budget - (int64_t)(out.total - start);
        if (left <= 0)
            break;
        if (need_blank)
            o_c('\n');
        need_blank = 1;
        if (left < SMALL_TAIL) {
            gen_small_item(flavour);
            continue;
        }
        uint32_t r = rn(100);
        if (flavour == IF_TYPES)
            r = rn(60); /* types only */
        else if (flavour == IF_API && r < 40)
            r = 60 + rn(40); /* mostly functions */
        if (r < 16)
            gen_record();
        else if (r < 26)
            gen_variant();
        else if (r < 34)
            gen_enum_or_flags(0);
        else if (r < 39)
            gen_enum_or_flags(1);
        else if (r < 49)
            gen_alias();
        else if (r < 60)
            gen_resource();
        else
            gen_function();
    }
    o_s("}\n\n");

    /* register the interface and the types it defines */
    if (n_ifaces == cap_ifaces) {
        cap_ifaces = cap_ifaces ? cap_ifaces * 2 : 1024;
        ifaces = xrealloc(ifaces, cap_ifaces * sizeof *ifaces);
    }
    Iface *f = &ifaces[n_ifaces++];
    f->pkg = pkg;
    f->name = garena_add(name);
    f->t_begin = n_types;
    f->t_count = (uint32_t)(nscope - first_defined);
    for (int i = first_defined; i < nscope; i++) {
        if (n_types == cap_types) {
            cap_types = cap_types ? cap_types * 2 : 4096;
            types = xrealloc(types, cap_types * sizeof *types);
        }
        types[n_types].name = garena_add(nbuf + scope[i].off);
        types[n_types].kind = scope[i].kind;
        n_types++;
    }
    pkgs[pkg].count++;
}

/* ------------------------------------------------------------------------ */
/* files                                                                    */

static char *g_dir; /* --dir */

static void open_output(const char *path)
{
    o_flush();
    if (out.f && out.f != stdout && fclose(out.f) != 0)
        die("close error: %s", strerror(errno));
    out.f = NULL;
    if (!path) {
        out.f = stdout;
        return;
    }
    out.f = fopen(path, "wb");
    if (!out.f)
        die("cannot create '%s': %s", path, strerror(errno));
}

static void close_output(void)
{
    o_flush();
    if (out.f) {
        if (out.f == stdout) {
            if (fflush(stdout) != 0)
                die("write error: %s", strerror(errno));
        } else if (fclose(out.f) != 0) {
            die("close error: %s", strerror(errno));
        }
    }
    out.f = NULL;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die("cannot create directory '%s': %s", path, strerror(errno));
}

static void require_empty_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        if (errno == ENOENT)
            return;
        die("cannot open '%s': %s", path, strerror(errno));
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            closedir(d);
            die("output directory '%s' is not empty (stale files would join the package)", path);
        }
    }
    closedir(d);
}

static char *path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xrealloc(NULL, n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static void o_pkg_header(const Pkg *p)
{
    o_s("package ");
    o_s(p->name);
    o_c('@');
    o_s(p->version);
    o_s(";\n\n");
}

/* ------------------------------------------------------------------------ */
/* world                                                                    */

static char *world_prefix, *world_suffix;
static size_t world_prefix_len, world_suffix_len;

static unsigned digits(uint64_t v)
{
    unsigned d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

/* "  import iface-K;\n" and "  export iface-K;\n" have the same length */
static uint64_t world_line_len(uint64_t k) { return 17 + digits(k); }

static void world_func(int is_export, int idx)
{
    o_ind(1);
    o_s(is_export ? "export " : "import ");
    if (is_export) {
        if (idx == 1) {
            o_s("run-1: func(args: list<string>) -> result<u32, string>;\n");
            return;
        }
        o_s(idx % 2 ? "run-" : "handle-");
    } else {
        if (idx == 1) {
            o_s("log-1: func(msg: string);\n");
            return;
        }
        o_s(idx % 2 ? "log-" : "now-");
    }
    o_u((uint64_t)idx);
    o_s(": func");
    gen_params(); /* scope is empty: primitives and anonymous types only */
    gen_result(is_export ? 80 : 50);
    o_s(";\n");
}

/* Renders the world's fixed parts into memory so that its final size is
 * known in advance: prefix + one line per interface + suffix. */
static void build_world(const Pkg *main_pkg, int with_header, const char *const *dep_imports, int n_dep_imports)
{
    Out saved = out;
    memset(&out, 0, sizeof out);
    ns_reset();
    nscope = 0;

    if (with_header)
        o_pkg_header(main_pkg);
    o_s("/// The benchmark world: imports the first half of the interfaces and\n");
    o_s("/// exports the second half.\n");
    o_s("world bench {\n");
    for (int i = 0; i < n_dep_imports; i++) {
        o_ind(1);
        o_s("import ");
        o_s(dep_imports[i]);
        o_s(";\n");
    }
    int nimp = 2 + (int)rn(3);
    for (int i = 1; i <= nimp; i++)
        world_func(0, i);
    world_prefix = out.buf;
    world_prefix_len = out.len;

    memset(&out, 0, sizeof out);
    int nexp = 2 + (int)rn(3);
    for (int i = 1; i <= nexp; i++)
        world_func(1, i);
    o_s("}\n");
    world_suffix = out.buf;
    world_suffix_len = out.len;

    out = saved;
}

/* ------------------------------------------------------------------------ */
/* main package generation (shared by both modes)                           */

#define IFACES_PER_FILE 50

static void gen_main_package(int pkg, uint64_t target, int dir_mode)
{
    const Pkg *p = &pkgs[pkg];
    uint64_t fixed = world_prefix_len + world_suffix_len;
    uint64_t lines = 0;
    char name[32];
    uint32_t k;
    for (k = 1;; k++) {
        uint64_t ws = fixed + lines;
        if (k > 1 && out.total + ws >= target)
            break;
        if (dir_mode && (k - 1) % IFACES_PER_FILE == 0) {
            char fname[64];
            snprintf(fname, sizeof fname, "main-%03u.wit", (k - 1) / IFACES_PER_FILE);
            char *path = path_join(g_dir, fname);
            open_output(path);
            free(path);
            o_pkg_header(p);
        }
        uint64_t ll = world_line_len(k);
        int64_t budget = (int64_t)target - (int64_t)(out.total + ws + ll) - 3;
        snprintf(name, sizeof name, "iface-%u", k);
        gen_interface(pkg, name, budget, IF_NORMAL, -1);
        lines += ll;
    }
    uint32_t n = k - 1;

    if (dir_mode) {
        char *path = path_join(g_dir, "world.wit");
        open_output(path);
        free(path);
    }
    uint64_t before = out.total;
    o_mem(world_prefix, world_prefix_len);
    uint32_t half = (n + 1) / 2; /* imports: 1..half, exports: half+1..n */
    for (uint32_t i = 1; i <= n; i++) {
        o_s(i <= half ? "  import iface-" : "  export iface-");
        o_u(i);
        o_s(";\n");
    }
    o_mem(world_suffix, world_suffix_len);
    if (out.total - before != fixed + lines)
        die("internal: world size mismatch");
}

/* ------------------------------------------------------------------------ */
/* modes                                                                    */

static void gen_single(const char *outfile, uint64_t size, uint64_t seed)
{
    n_pkgs = 1;
    Pkg *p = &pkgs[0];
    snprintf(p->name, sizeof p->name, "bench:gen");
    snprintf(p->short_, sizeof p->short_, "gen");
    p->version = "1.0.0";
    p->first = 0;
    p->count = 0;

    open_output(outfile);
    char hdr[160];
    snprintf(hdr, sizeof hdr, "// Generated by witgen --seed %llu --size %llu\n",
             (unsigned long long)seed, (unsigned long long)size);
    o_s(hdr);
    o_pkg_header(p);
    build_world(p, 0, NULL, 0);
    gen_main_package(0, size, 0);
    close_output();
}

#define NDEPS 4

static void gen_deps(uint64_t size)
{
    static const unsigned weight[NDEPS] = {8, 6, 4, 2}; /* percent of size: 20% total */
    char *deps_dir = path_join(g_dir, "deps");
    make_dir(deps_dir);
    for (int d = 0; d < NDEPS; d++) {
        Pkg *p = &pkgs[d];
        snprintf(p->name, sizeof p->name, "bench:dep%d", d);
        snprintf(p->short_, sizeof p->short_, "dep%d", d);
        p->version = "0.1.0";
        p->first = n_ifaces;
        p->count = 0;
        n_pkgs = d + 1;

        int as_dir = (d % 2) == 0; /* dep0, dep2: directories; dep1, dep3: single files */
        char *pkg_dir = NULL;
        if (as_dir) {
            pkg_dir = path_join(deps_dir, p->short_);
            make_dir(pkg_dir);
        } else {
            char fname[32];
            snprintf(fname, sizeof fname, "%s.wit", p->short_);
            char *path = path_join(deps_dir, fname);
            open_output(path);
            free(path);
            o_pkg_header(p);
        }

        uint64_t target = size * weight[d] / 100;
        uint64_t start = out.total;
        char name[32];
        for (uint32_t i = 0;; i++) {
            uint64_t used = out.total - start;
            if (i >= 2 && used >= target)
                break;
            if (as_dir && i % IFACES_PER_FILE == 0) {
                char fname[48];
                snprintf(fname, sizeof fname, "%s-%03u.wit", p->short_, i / IFACES_PER_FILE);
                char *path = path_join(pkg_dir, fname);
                open_output(path);
                free(path);
                o_pkg_header(p);
            }
            int64_t budget = (int64_t)target - (int64_t)(out.total - start) - 2;
            if (i == 0) {
                if (budget > (int64_t)(target / 4))
                    budget = (int64_t)(target / 4);
                gen_interface(d, "types", budget, IF_TYPES, -1);
            } else if (i == 1) {
                if (budget > (int64_t)(target / 4))
                    budget = (int64_t)(target / 4);
                gen_interface(d, "api", budget, IF_API, (int)p->first);
            } else {
                snprintf(name, sizeof name, "iface-%u", i - 1);
                gen_interface(d, name, budget, IF_NORMAL, -1);
            }
        }
        free(pkg_dir);
    }
    free(deps_dir);
}

static void gen_dir(uint64_t size)
{
    require_empty_dir(g_dir);
    make_dir(g_dir);
    gen_deps(size);

    int m = NDEPS;
    n_pkgs = m + 1;
    Pkg *p = &pkgs[m];
    snprintf(p->name, sizeof p->name, "bench:main");
    snprintf(p->short_, sizeof p->short_, "main");
    p->version = "1.0.0";
    p->first = n_ifaces;
    p->count = 0;

    static const char *const dep_imports[] = {
        "bench:dep1/api@0.1.0",
        "bench:dep3/api@0.1.0",
    };
    build_world(p, 1, dep_imports, 2);
    gen_main_package(m, size, 1);
    close_output();
}

/* ------------------------------------------------------------------------ */
/* command line                                                             */

static void usage(FILE *f)
{
    fputs("usage: witgen [--seed N] --size SIZE [--dir OUTDIR] [-o FILE]\n"
          "  --size SIZE   target total size; suffix K, M or G (powers of 1024),\n"
          "                e.g. 100K, 1M, 10M, 100M; plain number = bytes\n"
          "  --seed N      PRNG seed (default 1); same seed+size => same bytes\n"
          "  --dir OUTDIR  write a package directory (OUTDIR/*.wit + OUTDIR/deps/)\n"
          "                instead of one file; OUTDIR must be absent or empty\n"
          "  -o FILE       single-file mode: write to FILE instead of stdout\n",
          f);
}

static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno)
        die("invalid size '%s'", s);
    uint64_t mul = 1;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': mul = 1024ull; break;
        case 'm': case 'M': mul = 1024ull * 1024; break;
        case 'g': case 'G': mul = 1024ull * 1024 * 1024; break;
        default: die("invalid size suffix in '%s' (use K, M or G)", s);
        }
        end++;
        if (*end == 'i' || *end == 'I')
            end++;
        if (*end == 'b' || *end == 'B')
            end++;
        if (*end)
            die("invalid size '%s'", s);
    }
    if (v == 0)
        die("size must be positive");
    if (v > (1ull << 40) / mul)
        die("size '%s' too large", s);
    return (uint64_t)v * mul;
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    const char *size_arg = NULL;
    const char *outfile = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc)
            die("unknown or incomplete option '%s' (try --help)", a);
        if (strcmp(a, "--seed") == 0) {
            char *end;
            errno = 0;
            seed = strtoull(argv[++i], &end, 0);
            if (*end || end == argv[i] || errno)
                die("invalid seed '%s'", argv[i]);
        } else if (strcmp(a, "--size") == 0) {
            size_arg = argv[++i];
        } else if (strcmp(a, "--dir") == 0) {
            g_dir = argv[++i];
        } else if (strcmp(a, "-o") == 0) {
            outfile = argv[++i];
        } else {
            die("unknown option '%s' (try --help)", a);
        }
    }
    if (!size_arg) {
        usage(stderr);
        return 2;
    }
    if (g_dir && outfile)
        die("--dir and -o are mutually exclusive");
    uint64_t size = parse_size(size_arg);

    check_words(NOUNS, NELEM(NOUNS), "noun");
    check_words(ADJS, NELEM(ADJS), "adjective");
    check_words(VERBS, NELEM(VERBS), "verb");

    out.buf = xrealloc(NULL, OBUF_CAP);
    out.cap = OBUF_CAP;
    rng_state = seed ^ 0x5EEDB0BA5EEDB0BAull;
    (void)rnext();

    if (g_dir)
        gen_dir(size);
    else
        gen_single(outfile, size, seed);
    return 0;
}

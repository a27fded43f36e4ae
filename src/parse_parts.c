/* A big file parsed by several threads at once. The text is cut after a
 * `}` that starts a line near each n-th of it, where a declaration of the
 * file most likely ends; every part is parsed as though the file started
 * with it, and each part checks, when it reaches the `}` it ends at, that
 * the whole-file parser would be between two declarations there. Where
 * that holds the trees join; where it does not (the `}` is in a comment,
 * or closes something nested) the part before goes on to the end of the
 * file by itself, and so it does when the part after failed: errors are
 * always found by a parser that started at the file's start or at a
 * boundary proven right, so they are the one-thread parse's. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "parse.h"

enum {
    MAX_PARTS = 8,
    /* A part of less is not worth a thread: at about 200 MB/s one MiB
     * is five milliseconds, a thread's start some tens of microseconds,
     * and each part has tables of its own. */
    PART_MIN_DEFAULT = 1024 * 1024
};

/* One part and the context it reports to: the load's own for the first,
 * a copy with its own tree arena and diagnostics for the others. */
typedef struct part {
    parse_part *pp;
    witan_ctx ctx;
    pthread_t thread;
    bool started;
} part;

/* The CPUs this process may run on. */
static int cpus(void)
{
#if defined(CPU_COUNT)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The first `}` after byte `at` that starts a line and ends it;
 * UINT32_MAX if none. */
static uint32_t boundary_after(const source *src, uint32_t at)
{
    const char *t = src->text;
    uint32_t limit = src->len;
    for (uint32_t i = at; i + 2 < limit;) {
        const char *nl = memchr(t + i, '\n', limit - 2 - i);
        if (!nl)
            break;
        uint32_t b = (uint32_t)(nl - t) + 1;
        if (t[b] == '}' && (t[b + 1] == '\n' || t[b + 1] == '\r'))
            return b;
        i = b;
    }
    return UINT32_MAX;
}

/* Where the parts end: stops[i] is the `}` part i ends at, n - 1 of
 * them. Returns n, 1 when the file is parsed whole. */
static int plan(const witan_ctx *ctx, const source *src, uint32_t *stops)
{
    int want = ctx->threads > 0 ? ctx->threads : cpus();
    uint32_t min = ctx->part_min ? ctx->part_min : PART_MIN_DEFAULT;
    if (want > MAX_PARTS)
        want = MAX_PARTS;
    if ((uint32_t)want > src->len / min)
        want = (int)(src->len / min);
    int n = 0;
    uint32_t from = 0;
    for (int i = 1; i < want; i++) {
        uint32_t target = (uint32_t)((uint64_t)src->len * (uint64_t)i / (uint64_t)want);
        if (target < from + 1)
            target = from + 1;
        uint32_t b = boundary_after(src, target);
        if (b == UINT32_MAX)
            break;
        stops[n++] = b;
        from = b + 1;
    }
    return n + 1;
}

static void *run_part(void *arg)
{
    parse_part_run(arg);
    return NULL;
}

/* A context for a part: the options of the load's, memory of its own
 * for the tree and diagnostics, none of the load's other memory (names
 * are interned through the part's lock, never through this copy). The
 * first part reports to the load's context itself; its copy stays
 * empty, so that every part is cleaned up alike. */
static void part_context(witan_ctx *c, const witan_ctx *ctx)
{
    *c = *ctx;
    arena_init_max(&c->mem, ctx->mem.chunk_max);
    arena_init(&c->keep);
    arena_init(&c->text);
    /* what one part learns about huge pages, the others use */
    c->mem.pages = c->keep.pages = c->text.pages = ctx->mem.pages;
    memset(&c->names, 0, sizeof c->names);
    memset(&c->sources, 0, sizeof c->sources);
    diag_list_init(&c->diags);
    c->model = NULL;
    c->oom = false;
}

/* What a part holds: its parser, and its copy's tree and diagnostics
 * (empty once joined into the load's context). */
static void part_free(part *p)
{
    parse_part_free(p->pp);
    arena_free(&p->ctx.mem);
    diag_list_free(&p->ctx.diags);
}

static ast_decl **last_link(ast_file *f)
{
    ast_decl **link = &f->decls;
    while (*link)
        link = &(*link)->next;
    return link;
}

/* Parses with n parts at once; their tree and diagnostics joined in
 * ctx as one thread would have made them. Returns 1 with *result set
 * (NULL after an error), 0 when memory for the parts ran out (nothing
 * reported: the caller parses the file whole instead). */
static int parse_parts(witan_ctx *ctx, source *src, const uint32_t *stops, int n,
                       ast_file **result)
{
    part parts[MAX_PARTS];
    pthread_spinlock_t lock;
    if (pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE) != 0)
        return 0;
    if (!interner_begin_apart(&ctx->names)) {
        pthread_spin_destroy(&lock);
        return 0;
    }
    int made = 0;
    for (; made < n; made++) {
        part *p = &parts[made];
        part_context(&p->ctx, ctx);
        uint32_t from = made ? stops[made - 1] + 1 : 0;
        uint32_t stop = made + 1 < n ? stops[made] : UINT32_MAX;
        /* the first part reports to the load's context, as a whole-file
         * parse would; the others keep theirs apart until they join */
        p->pp = parse_part_new(made ? &p->ctx : ctx, ctx, &lock, src, from, stop);
        if (!p->pp)
            break;
    }
    if (made < n) {
        for (int i = 0; i <= made; i++)
            part_free(&parts[i]);
        pthread_spin_destroy(&lock);
        return 0;
    }
    for (int i = 1; i < n; i++)
        parts[i].started = pthread_create(&parts[i].thread, NULL, run_part, parts[i].pp) == 0;
    parse_part_run(parts[0].pp);
    for (int i = 1; i < n; i++) {
        if (parts[i].started)
            pthread_join(parts[i].thread, NULL);
        else
            parse_part_run(parts[i].pp); /* no thread for it: in this one */
    }
    /* the chain of parts that join: each stopped where the next began,
     * and the next did not fail; the last of it goes on by itself if
     * the one after failed */
    int last = 0;
    part_outcome out;
    for (;;) {
        out = parse_part_outcome(parts[last].pp);
        if (out != PART_STOPPED)
            break;
        if (last + 1 < n && parse_part_outcome(parts[last + 1].pp) != PART_FAILED) {
            last++;
            continue;
        }
        out = parse_part_resume(parts[last].pp);
        break;
    }
    ast_file *file = NULL;
    if (out != PART_FAILED) {
        file = parse_part_tree(parts[0].pp);
        ast_decl **link = file ? last_link(file) : NULL;
        for (int i = 1; i <= last && file; i++) {
            ast_file *f = parse_part_tree(parts[i].pp);
            if (!f) {
                file = NULL;
                break;
            }
            *link = f->decls;
            link = last_link(f);
        }
    }
    for (int i = 0; i < n; i++) {
        if (i > 0 && i <= last) {
            arena_append(&ctx->mem, &parts[i].ctx.mem);
            diag_list_move(&ctx->diags, &parts[i].ctx.diags);
            ctx->oom |= parts[i].ctx.oom;
        }
        part_free(&parts[i]);
    }
    pthread_spin_destroy(&lock);
    ctx->parts_joined = last + 1;
    *result = file;
    return 1;
}

ast_file *parse_file(witan_ctx *ctx, source *src)
{
    if (!lexer_prescan(ctx, src))
        return NULL;
    uint32_t stops[MAX_PARTS];
    int n = plan(ctx, src, stops);
    ctx->parts_joined = 1;
    ast_file *result = NULL;
    if (n == 1 || !parse_parts(ctx, src, stops, n, &result)) {
        parse_part *p = parse_part_new(ctx, ctx, NULL, src, 0, UINT32_MAX);
        if (p && parse_part_run(p) == PART_DONE)
            result = parse_part_tree(p);
        parse_part_free(p);
    }
    source_drop(src, 0, src->len);
    if (!load_unchanged(ctx, src) || ctx->oom)
        result = NULL;
    return result;
}

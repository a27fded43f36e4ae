/* Loading a path as the reference's Resolve::push_path does
 * (WIT-RESOLUTION §1, §8.1): files and directories become groups of
 * packages (a main package and its nested `package { }` blocks), `deps/`
 * adds more groups, and all packages are ordered by name and dependencies
 * before being pushed into the model. Errors carry the reference's
 * context prefixes ("failed to parse package: ...: "). */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"
#include "load.h"
#include "parse.h"

typedef struct group {
    VEC(upkg) pkgs;     /* nested packages in order, then the main package */
    bool has_main;
} group;

typedef VEC(group) group_vec;

/* The tree arena's chunks are filled whole when made (arena_init_max):
 * the last one's unused pages are a cost that grows with the chunk, and
 * smaller chunks go back sooner as the resolver moves on. 128 KiB: at 1 MB
 * 0.3 MiB less at the peak than 256 KiB, at 10 MB 0.4 MiB more (1%), no
 * change in time. */
enum { TREE_CHUNK = 128 * 1024 };

/* From this many bytes of WIT on, the tree's chunks are one huge page
 * each (arena.h; its header and slack fit in the last small page): one
 * fault makes 2 MiB of tree, and a chunk kept till its last item is
 * resolved holds at most a quarter of such an input's tree. */
#define TREE_HUGE_FROM ((size_t)8 * 1024 * 1024)

static void group_free(group *g)
{
    for (uint32_t i = 0; i < g->pkgs.len; i++)
        upkg_free(&g->pkgs.items[i]);
    free(g->pkgs.items);
    memset(g, 0, sizeof *g);
}

static bool oom(witan_ctx *ctx)
{
    ctx->oom = true;
    ctx_error(ctx, SPAN_NONE, "out of memory");
    return false;
}

/* Parses the sources of one group file by file, resolving nested packages
 * as they are met (WIT-RESOLUTION §2 A), then resolves the main package. */
static bool resolve_group(witan_ctx *ctx, source **srcs, size_t n, group *g)
{
    VEC(ast_file *) files = {0};
    const ast_package_name *header = NULL;
    bool have_docs = false, ok = false;
    /* the interner is made big enough once instead of doubling its way there */
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += srcs[i]->len;
    if (!interner_expect_text(&ctx->names, bytes)) {
        oom(ctx);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        ast_file *f = parse_file(ctx, srcs[i]);
        if (!f)
            goto out;
        /* take the nested packages out of the file, resolving each */
        ast_decl **link = &f->decls;
        while (*link) {
            ast_decl *d = *link;
            if (d->kind != DECL_PACKAGE) {
                link = &d->next;
                continue;
            }
            *link = d->next;
            upkg p;
            if (!resolve_nested_package(ctx, d->u.pkg, &p)) {
                upkg_free(&p);
                goto out;
            }
            if (!VEC_PUSH(g->pkgs, p)) {
                upkg_free(&p);
                oom(ctx);
                goto out;
            }
        }
        if (!package_check_file(ctx, &header, &have_docs, f))
            goto out;
        if (!VEC_PUSH(files, f)) {
            oom(ctx);
            goto out;
        }
    }
    upkg main;
    bool resolved = resolve_package(ctx, files.items, files.len, &main);
    /* a file that shrank while it was parsed read as zeros at its end */
    for (size_t i = 0; i < n; i++)
        resolved &= load_unchanged(ctx, srcs[i]);
    if (!resolved) {
        upkg_free(&main);
        goto out;
    }
    if (!VEC_PUSH(g->pkgs, main)) {
        upkg_free(&main);
        oom(ctx);
        goto out;
    }
    g->has_main = true;
    ok = true;
out:
    free(files.items);
    return ok;
}

/* The trees of a group live in an arena of their own, freed when the
 * group is resolved: what its packages keep is in ctx->keep. */
static bool parse_group(witan_ctx *ctx, source **srcs, size_t n, group *g)
{
    /* in chunks small enough to be given back as the resolver is done
     * with them (resolve_pkg.c) */
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += srcs[i]->len;
    bool big = bytes >= TREE_HUGE_FROM;
    arena outer = ctx->mem;
    arena_init_max(&ctx->mem, big ? ARENA_BIG_CHUNK : TREE_CHUNK);
    ctx->mem.pages = &ctx->pages;
    if (big) {
        /* the model and the names of such an input are megabytes too */
        arena_expect_big(&ctx->keep, ARENA_BIG_CHUNK);
        arena_expect_big(&ctx->text, ARENA_BIG_CHUNK);
    }
    bool ok = resolve_group(ctx, srcs, n, g);
    arena_free(&ctx->mem);
    ctx->mem = outer;
    return ok;
}

/* A directory's `*.wit` files as one group; every file is read before any
 * is parsed, as the reference does. */
static bool parse_dir(witan_ctx *ctx, const char *dir, group *g)
{
    path_list pl = {0};
    VEC(source *) srcs = {0};
    bool ok = false;
    if (!load_dir_wit_files(ctx, dir, &pl))
        goto out;
    for (size_t i = 0; i < pl.count; i++) {
        source *s = load_file(ctx, pl.paths[i], LOAD_DIR_ENTRY);
        if (!s)
            goto out;
        if (!VEC_PUSH(srcs, s)) {
            oom(ctx);
            goto out;
        }
    }
    ok = parse_group(ctx, srcs.items, srcs.len, g);
out:
    path_list_free(&pl);
    free(srcs.items);
    return ok;
}

static bool parse_file_group(witan_ctx *ctx, const char *path, group *g)
{
    source *s = load_file(ctx, path, LOAD_FILE);
    return s && parse_group(ctx, &s, 1, g);
}

static void prefix(witan_ctx *ctx, size_t from, const char *fmt, const char *arg)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, fmt, arg);
    if (b.failed)
        ctx->oom = true;    /* a context cut short would mislead */
    else
        diag_prefix_context(&ctx->diags, from, b.data ? b.data : "");
    buf_free(&b);
}

/* `path`, when given, names the entry that failed (a dangling symlink or
 * a symlink loop in deps/); the reference's message names only deps/. */
static bool io_failure(witan_ctx *ctx, int err, const char *path)
{
    if (err == ENOMEM)
        ctx->oom = true;    /* as in load.c's io_error */
    diag *d = ctx_io_error(ctx, "%s (os error %d)", strerror(err), err);
    if (d && path && !(d->path = strdup(path)))
        ctx->oom = true;
    return false;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* parse_deps_dir: each entry of deps/, sorted by name: a directory is a
 * package, a `.wit` file a single-file package, other files are ignored. */
static bool parse_deps(witan_ctx *ctx, const char *deps, group_vec *out)
{
    struct stat st;
    if (lstat(deps, &st) != 0 && errno == ENOENT)
        return true;
    path_list names = {0};
    bool ok = false;
    DIR *d = opendir(deps);
    if (!d) {
        size_t from = ctx->diags.count;
        io_failure(ctx, errno, NULL);
        diag_prefix_context(&ctx->diags, from, "failed to read directory: ");
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (names.count >= WITAN_MAX_DIR_FILES) {
            closedir(d);
            ctx_io_error(ctx,
                         "refusing to read `%s`: more than the limit of %u entries",
                         deps, WITAN_MAX_DIR_FILES);
            goto out;
        }
        if (names.count == names.cap) {
            size_t cap = names.cap ? names.cap * 2 : 16;
            char **p = realloc(names.paths, cap * sizeof *p);
            if (!p)
                break;
            names.paths = p;
            names.cap = cap;
        }
        names.paths[names.count] = strdup(e->d_name);
        if (!names.paths[names.count])
            break;
        names.count++;
    }
    closedir(d);
    if (e) {
        oom(ctx);
        goto out;
    }
    if (names.count) /* qsort(NULL, 0, ...) is undefined */
        qsort(names.paths, names.count, sizeof *names.paths, cmp_names);
    for (size_t i = 0; i < names.count; i++) {
        char *path = path_join(deps, names.paths[i]);
        if (!path) {
            oom(ctx);
            goto out;
        }
        group g = {0};
        bool is_dir = false;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            is_dir = true;
        } else {
            struct stat target;
            if (stat(path, &target) != 0) {
                io_failure(ctx, errno, path);
                free(path);
                goto out;
            }
            is_dir = S_ISDIR(target.st_mode);
        }
        bool pushed = false;
        if (is_dir) {
            size_t from = ctx->diags.count;
            if (!parse_dir(ctx, path, &g)) {
                prefix(ctx, from, "failed to parse package: %s: ", path);
                free(path);
                group_free(&g);
                goto out;
            }
            pushed = true;
        } else {
            /* Rust's Path::extension: a leading dot alone (`.wit`) starts a
             * hidden name, not an extension */
            const char *dot = strrchr(names.paths[i], '.');
            if (dot == names.paths[i])
                dot = NULL;
            if (dot && (strcmp(dot, ".wat") == 0 || strcmp(dot, ".wasm") == 0)) {
                ctx_error(ctx, SPAN_NONE,
                          "`%s`: WebAssembly-encoded packages are not supported; witan reads WIT text only",
                          path);
                free(path);
                goto out;
            }
            if (dot && strcmp(dot, ".wit") == 0) {
                if (!parse_file_group(ctx, path, &g)) {
                    free(path);
                    group_free(&g);
                    goto out;
                }
                pushed = true;
            }
        }
        free(path);
        if (pushed && !VEC_PUSH(*out, g)) {
            group_free(&g);
            oom(ctx);
            goto out;
        }
    }
    ok = true;
out:
    path_list_free(&names);
    return ok;
}

/* ---------------------------------------------------------- package order */

typedef struct pkg_ref {
    upkg *p;
    bool pushed;
    bool visiting;
} pkg_ref;

static int cmp_pkg(const upkg *a, const upkg *b)
{
    int c = strcmp(a->ns, b->ns);
    if (c)
        return c;
    c = strcmp(a->name, b->name);
    if (c)
        return c;
    if (!a->version || !b->version)
        return a->version ? 1 : b->version ? -1 : 0;
    return semver_cmp(&a->ver, &b->ver);
}

static int cmp_ref(const void *x, const void *y)
{
    return cmp_pkg(((const pkg_ref *)x)->p, ((const pkg_ref *)y)->p);
}

typedef struct order_state {
    witan_ctx *ctx;
    pkg_ref *refs;
    size_t n;
    ptrmap by_key;      /* package key -> index into refs */
    VEC(uint32_t) order;
} order_state;

/* The reference's depth-first visit (WIT-RESOLUTION §8.1), with an
 * explicit stack: a chain of thousands of packages in deps/ is fine. */
typedef struct visit_frame {
    uint32_t pkg;
    uint32_t next;      /* next foreign dependency to follow */
    int dep;            /* the dependency being followed (to unmark), or -1 */
} visit_frame;

static bool visit(order_state *s, uint32_t start)
{
    VEC(visit_frame) stack = {0};
    visit_frame f0 = {start, 0, -1};
    bool ok = true;
    if (!VEC_PUSH(stack, f0))
        return oom(s->ctx);
    while (stack.len && ok) {
        visit_frame *f = &stack.items[stack.len - 1];
        pkg_ref *r = &s->refs[f->pkg];
        if (f->dep >= 0) {
            s->refs[f->dep].visiting = false;
            f->dep = -1;
        }
        if (r->pushed && f->next == 0) {
            stack.len--;
            continue;
        }
        if (f->next < r->p->foreign.len) {
            foreign_pkg *fp = &r->p->foreign.items[f->next++];
            uint32_t dep;
            /* a dependency that is not one of ours must already be in the model */
            if (!ptrmap_get(&s->by_key, fp->key, &dep))
                continue;
            if (s->refs[dep].visiting) {
                model_error(s->ctx, fp->span, "package `%s` creates a dependency cycle", fp->key);
                ok = false;
                break;
            }
            s->refs[dep].visiting = true;
            f->dep = (int)dep;
            visit_frame nf = {dep, 0, -1};
            if (!VEC_PUSH(stack, nf))
                ok = oom(s->ctx);
            continue;
        }
        r->pushed = true;
        if (!VEC_PUSH(s->order, f->pkg))
            ok = oom(s->ctx);
        stack.len--;
    }
    free(stack.items);
    return ok;
}

/* sort_unresolved_packages + push: duplicates, order, cycles, then push
 * every package. Returns the main package's id in *main_id. */
static bool push_groups(witan_ctx *ctx, model *m, group *groups, size_t ngroups,
                        witan_id *main_id)
{
    order_state s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    size_t total = 0;
    for (size_t g = 0; g < ngroups; g++)
        total += groups[g].pkgs.len;
    s.refs = calloc(total ? total : 1, sizeof *s.refs);
    if (!s.refs)
        return oom(ctx);
    upkg *main_pkg = groups[0].pkgs.len ? &groups[0].pkgs.items[groups[0].pkgs.len - 1] : NULL;
    bool ok = false;
    ptrmap seen = {0};
    for (size_t g = 0; g < ngroups; g++) {
        for (uint32_t i = 0; i < groups[g].pkgs.len; i++) {
            upkg *p = &groups[g].pkgs.items[i];
            uint32_t prev;
            if (ptrmap_get(&seen, p->key, &prev)) {
                diag *d = ctx_error(ctx, SPAN_NONE,
                                    "package `%s` is defined in two different locations:", p->key);
                if (d) {
                    d->extra[0] = AS_SPAN(p->name_span);
                    d->extra[1] = AS_SPAN(s.refs[prev].p->name_span);
                    d->nextra = 2;
                }
                goto out;
            }
            s.refs[s.n].p = p;
            if (!ptrmap_put(&seen, p->key, (uint32_t)s.n)) {
                oom(ctx);
                goto out;
            }
            s.n++;
        }
    }
    qsort(s.refs, s.n, sizeof *s.refs, cmp_ref);
    for (size_t i = 0; i < s.n; i++)
        if (!ptrmap_put(&s.by_key, s.refs[i].p->key, (uint32_t)i)) {
            oom(ctx);
            goto out;
        }
    for (size_t i = 0; i < s.n; i++)
        if (!visit(&s, (uint32_t)i))
            goto out;
    for (uint32_t k = 0; k < s.order.len; k++) {
        upkg *p = s.refs[s.order.items[k]].p;
        witan_id id;
        if (!push_package(ctx, m, p, &id))
            goto out;
        if (p == main_pkg)
            *main_id = id;
        /* the model has what it needs; the rest goes now, not at the end */
        upkg_free(p);
    }
    ok = true;
out:
    free(s.refs);
    ptrmap_free(&s.by_key);
    ptrmap_free(&seen);
    free(s.order.items);
    return ok;
}

/* ------------------------------------------------------------------ public */


witan_status witan_resolve_path(witan_ctx *ctx, const char *path, const witan_resolve **out)
{
    *out = NULL;
    size_t from = ctx->diags.count;
    model *m = model_get(ctx);
    if (!m)
        return ctx_status(ctx, from);
    group_vec groups = {0};
    witan_id main_id = WITAN_NO_ID;
    bool ok = false;
    int dir = strcmp(path, "-") == 0 ? 0 : path_is_dir(path);
    if (dir == 1) {
        group g = {0};
        size_t mark = ctx->diags.count;
        if (!parse_dir(ctx, path, &g)) {
            prefix(ctx, mark, "failed to parse package: %s: ", path);
            group_free(&g);
        } else if (!VEC_PUSH(groups, g)) {
            group_free(&g);
            oom(ctx);
        } else {
            char *deps = path_join(path, "deps");
            mark = ctx->diags.count;
            if (!deps)
                oom(ctx);
            else if (!parse_deps(ctx, deps, &groups))
                prefix(ctx, mark, "failed to parse dependency directory: %s: ", deps);
            else
                ok = push_groups(ctx, m, groups.items, groups.len, &main_id);
            free(deps);
        }
        if (!ok)
            prefix(ctx, from, "failed to resolve directory while parsing WIT for path [%s]: ", path);
    } else {
        group g = {0};
        if (parse_file_group(ctx, path, &g)) {
            if (!VEC_PUSH(groups, g)) {
                group_free(&g);
                oom(ctx);
            } else {
                ok = push_groups(ctx, m, groups.items, groups.len, &main_id);
            }
        } else {
            group_free(&g);
        }
    }
    for (uint32_t i = 0; i < groups.len; i++)
        group_free(&groups.items[i]);
    free(groups.items);
    if (!ok || ctx->oom) {
        witan_status st = ctx_status(ctx, from);
        return st == WITAN_OK ? WITAN_EINTERNAL : st;
    }
    m->pub.main_package = main_id;
    *out = &m->pub;
    return WITAN_OK;
}

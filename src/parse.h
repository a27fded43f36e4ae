/* The parser driver: pulls tokens from the lexer and pushes them into the
 * lemon parser, handling what a one-token LALR table cannot decide alone
 * (versions, attribute names, the file's package header, identifier
 * validation at the point the reference validates, type nesting limits)
 * and turning parser states into the reference's "expected X, found Y". */
#ifndef WITAN_PARSE_H
#define WITAN_PARSE_H

#include <pthread.h>
#include <stdbool.h>

#include "ast.h"
#include "ctx.h"
#include "lexer.h"

/* A token as the grammar sees it (lemon's %token_type). Sixteen bytes, so
 * it travels in registers; the kind is lemon's major code and the docs
 * before the token are kept by the driver (parse_docs_at). */
typedef struct ptok {
    uint32_t start, end;
    union {
        const void *ptr;        /* as the driver sets it; for an INTEGER
                                 * read as a list size, the size */
        const istr *name;       /* ID, ATTR_*: interned, `%` dropped */
        ast_version *version;   /* VERSION */
        const char *string;     /* STRING: length-prefixed (see lex_string) */
    } v;
} ptok;

/* The docs of a token that had comments before it, by its start offset. */
typedef struct doc_mark {
    uint32_t start;
    ast_docs docs;
} doc_mark;

/* A name seen before in this file, and its hash. Names compare with
 * the interned text, not with their first place in the file: the pages
 * the parser has passed are given back (source_drop). */
typedef struct name_slot {
    uint32_t hash;
    const istr *name;
} name_slot;

typedef struct parse_state {
    witan_ctx *ctx;
    lexer lx;
    ast_file *file;     /* the result, filled by the grammar's start rule */
    char *cur, *end;    /* zeroed arena memory the tree is cut from */
    bool failed;        /* an error has been reported; stop feeding tokens */
    int type_depth;     /* '<' not yet closed: the reference's type depth */
    int pkg_depth;      /* nested `package { }` blocks open */
    int last_kind;      /* for the slow path: kind of the last token pushed */
    int prev_kind;      /* and of the one before it, if the parser still has it */
    span pkg_kw;        /* the last `package` pushed */
    int pkg_before;     /* and the kind of the token before it */
    const istr *kw_constructor; /* the name constructors get */
    doc_mark *marks;    /* tokens with docs, in source order (malloc'd) */
    size_t nmarks, marks_cap;
    uint32_t marks_end; /* the last mark's start + 1 (0: no marks) */
    name_slot *names;   /* open addressing, power-of-two size (vec_table_alloc) */
    size_t names_cap, nnames;
    unsigned names_shift;   /* 32 - log2(names_cap): hash to slot */
    uint32_t drop_at;   /* a `}` from here on gives back the text before it */
    uint32_t stop_at;   /* the `}` that ends this part of the file, or UINT32_MAX */
    uint32_t watch_at;  /* the lesser of the two: a `}` from here on is looked at */
    bool at_stop;       /* the `}` at stop_at is being pushed */
    bool stopped;       /* this part ended at stop_at, between declarations */
    pthread_spinlock_t *lock;  /* guards names_ctx's interner while parts run */
    witan_ctx *names_ctx;   /* the context whose interner every part uses */
    ast_type **types;   /* elements of the tuples being read (malloc'd) */
    size_t ntypes, types_cap;
    ast_field *fields;  /* fields or cases of the type being read (malloc'd) */
    size_t nfields, fields_cap;
    ast_param *params;  /* parameters of the function being read (malloc'd) */
    size_t nparams, params_cap;
    ast_iface_item *items;  /* items of the interfaces being read (malloc'd) */
    size_t nitems, items_cap;
    unsigned char sink[512];    /* target of allocations that failed */
} parse_state;

/* Parses one file. Returns the tree, or NULL after reporting the first
 * error (syntax, lexical or one of the checks the reference does while
 * parsing). Warnings for legacy syntax are reported too. A big file is
 * cut into parts parsed by threads at once (parse_parts.c); the tree and
 * the diagnostics are the same as one thread's. */
ast_file *parse_file(witan_ctx *ctx, source *src);

/* One stretch of a file, parsed as if the whole file had been parsed up
 * to its start: it starts where a declaration may (the file's start, or
 * right after a `}` at which the part before stopped). */
typedef struct parse_part parse_part;
typedef enum part_outcome {
    PART_STOPPED,   /* reached its `}` between two declarations */
    PART_DONE,      /* parsed to the end of the file */
    PART_FAILED     /* an error was reported (or memory ran out) */
} part_outcome;
/* A part of src from byte `from` (0, or one past a `}`) that stops after
 * the `}` at byte `stop` if the parser is between declarations there
 * (UINT32_MAX: no stop). Its nodes are made in ctx->mem and its
 * diagnostics go to ctx; names are interned in names_ctx under `lock`
 * (NULL: ctx's own, no lock). NULL when memory runs out (reported to
 * ctx). The caller has run lexer_prescan on the whole file. */
parse_part *parse_part_new(witan_ctx *ctx, witan_ctx *names_ctx, pthread_spinlock_t *lock,
                           source *src, uint32_t from, uint32_t stop);
part_outcome parse_part_run(parse_part *p);
part_outcome parse_part_outcome(const parse_part *p);
/* A part that stopped goes on to the end of the file. */
part_outcome parse_part_resume(parse_part *p);
/* The tree of a part that stopped or is done: its file (with the header
 * of the part at byte 0) and declarations. */
ast_file *parse_part_tree(parse_part *p);
void parse_part_free(parse_part *p);

/* Helpers for the grammar actions (parser.y). */

/* Zeroed tree memory for `size` bytes, 8-byte aligned; never NULL (after
 * running out of memory it reports the error once, hands out scratch space
 * and makes the lexer skip to the end of input). parse_new_block is its
 * slow path. */
void *parse_new_block(parse_state *ps, size_t size);
static inline void *parse_new(parse_state *ps, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    char *p = ps->cur;
    uintptr_t next = (uintptr_t)p + size;
    if (next > (uintptr_t)ps->end)
        return parse_new_block(ps, size);
    ps->cur = p + size;
    return p;
}
/* Pushes a tuple element; 0 when memory runs out (as parse_new). */
int parse_push_type(parse_state *ps, ast_type *t);
/* Pushes an interface's item; 0 when memory runs out (as parse_new). */
int parse_push_item(parse_state *ps, ast_iface_item it);
/* Room for one more field or parameter on top of its stack; NULL when
 * memory runs out (as parse_new). The _grow functions are their slow
 * paths. */
ast_field *parse_push_field_grow(parse_state *ps);
ast_param *parse_push_param_grow(parse_state *ps);
static inline ast_field *parse_push_field(parse_state *ps)
{
    if (ps->nfields < ps->fields_cap)
        return &ps->fields[ps->nfields++];
    return parse_push_field_grow(ps);
}
static inline ast_param *parse_push_param(parse_state *ps)
{
    if (ps->nparams < ps->params_cap)
        return &ps->params[ps->nparams++];
    return parse_push_param_grow(ps);
}
/* The top n of a stack (fields, parameters, a tuple's types, items), from
 * start, as an array of the tree, its length in *count; the stack goes
 * back to start. NULL and 0 for none, or when memory runs out (as
 * parse_new). */
void *parse_pop_array(parse_state *ps, void *stack, size_t *top, uint32_t start, uint32_t n,
                      size_t size, uint32_t *count);
/* The comments before the token that starts at `start`. */
ast_docs parse_docs_search(const parse_state *ps, uint32_t start);
static inline ast_docs parse_docs_at(const parse_state *ps, uint32_t start)
{
    /* mostly asked about a token pushed a moment ago, which mostly has none */
    if (start >= ps->marks_end)
        return NO_DOCS;
    return parse_docs_search(ps, start);
}
void parse_error(parse_state *ps, span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif

/* The parser driver: pulls tokens from the lexer and pushes them into the
 * lemon parser, handling what a one-token LALR table cannot decide alone
 * (versions, attribute names, the file's package header, identifier
 * validation at the point the reference validates, type nesting limits)
 * and turning parser states into the reference's "expected X, found Y". */
#ifndef WITAN_PARSE_H
#define WITAN_PARSE_H

#include <stdbool.h>

#include "ast.h"
#include "ctx.h"
#include "lexer.h"

typedef struct parse_state {
    witan_ctx *ctx;
    lexer lx;
    ast_file *file;     /* the result, filled by the grammar's start rule */
    bool failed;        /* an error has been reported; stop feeding tokens */
    int type_depth;     /* '<' not yet closed: the reference's type depth */
    int pkg_depth;      /* nested `package { }` blocks open */
    int last_kind;      /* kind of the previous token pushed */
    int prev_kind;      /* and of the one before it */
    const istr *kw_constructor; /* the name constructors get */
    unsigned char sink[512];    /* target of allocations that failed */
} parse_state;

/* Parses one file. Returns the tree, or NULL after reporting the first
 * error (syntax, lexical or one of the checks the reference does while
 * parsing). Warnings for legacy syntax are reported too. */
ast_file *parse_file(witan_ctx *ctx, source *src);

/* Helpers for the grammar actions (parser.y). */
void *parse_new(parse_state *ps, size_t size);
void parse_error(parse_state *ps, span sp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif

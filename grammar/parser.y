/* WIT grammar for lemon; lemon writes build/gen/parser.c and parser.h.
 *
 * The grammar is WIT-LANGUAGE §4 as wit-parser accepts it. src/parse.c
 * feeds it: it synthesises VERSION (a whole semver after `@` or `=`),
 * PACKAGE_HEADER (a leading `package a:b;`) and ATTR_* (the attribute name
 * after `@`), validates identifiers as the reference does, and makes the
 * checks the reference makes at a token (attribute keys, nesting limits)
 * before the next token is read. A reduction only happens once the token
 * after a rule is known, so no action here reports an error: that token
 * might fail to lex, and the reference would never have read it. All tree
 * memory comes from the load's arena.
 *
 * lemon fills our own engine (grammar/engine.c.in) with the tables and
 * actions; the generated parser.c is compiled inside src/parse.c, where
 * the engine is inlined into the driver's token loop. */

%name wt_parse
%token_prefix TK_
%token_type {ptok}
%extra_context {parse_state *ps}
%start_symbol file
/* A fixed stack: cheaper to check on every shift than a growing one. The
 * driver's limits bound the depth: 100 nested packages and 100 nested
 * types take 4 entries a level, an item in them about 30 more: some 830
 * in all, measured. */
%stack_size 2048

/* Token codes in the order of the reference's Token enum (lex.rs). */
%token EQUALS COMMA COLON PERIOD SEMI LPAREN RPAREN LBRACE RBRACE LT GT
       RARROW STAR AT SLASH PLUS MINUS STRING.
%token USE TYPE FUNC U8 U16 U32 U64 S8 S16 S32 S64 F32 F64 CHAR RECORD
       RESOURCE OWN BORROW FLAGS VARIANT ENUM BOOL STRING_KW OPTION RESULT
       FUTURE STREAM ERROR_CONTEXT LIST MAP UNDERSCORE AS FROM STATIC
       INTERFACE TUPLE IMPORT EXPORT WORLD PACKAGE CONSTRUCTOR ASYNC.
%token ID EXPLICIT_ID INTEGER INCLUDE WITH.
/* synthesised by the driver */
%token VERSION PACKAGE_HEADER ATTR_SINCE ATTR_UNSTABLE ATTR_DEPRECATED
       ATTR_EXTERNAL_ID.

%include {
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "lexer.h"
#include "parse.h"

/* The engine (grammar/engine.c.in) defines its interface static, ahead
 * of the %code below; this is what the actions need before it. */
static void wt_syntax_error(parse_state *ps, void *parser, int major, const ptok *tok);

#define NEW(T) ((T *)parse_new(ps, sizeof(T)))
/* x is evaluated more than once: pass a variable */
#define APPEND(L, x) do { if ((L).tail) (L).tail->next = (x); else (L).head = (x); \
                          (L).tail = (x); } while (0)
#define SPAN(t) ((span){(t).start, (t).end})
/* a name token as the tree stores it (the driver interned it) */
#define IDV(t) ((ast_id){(t).v.name, SPAN(t)})

/* Values of non-terminals while a list is being built. */
typedef struct { ast_attr *head, *tail; uint32_t n; ast_docs docs; } attr_list;
/* fields and parameters so far: the top n of the driver's stacks, from
 * start (parse.h); the node that owns them takes them as an array */
typedef struct { uint32_t start, n; } field_list;
typedef struct { uint32_t start, n; } param_list;
/* an interface's items, with the facts ast_interface keeps about them */
typedef struct {
    uint32_t start, n;      /* the top n of the driver's item stack, from start */
    ast_use *uses, *uses_tail;
    uint32_t nnames;
    bool attrs;
} iface_list;
typedef struct { ast_world_item *head, *tail; } world_list;
typedef struct { ast_decl *head, *tail; } decl_list;
typedef struct { ast_named_func *head, *tail; } func_list;
typedef struct { ast_use_name *head, *tail; uint32_t n; } use_list;
typedef struct { ast_include_name *head, *tail; } include_list;
/* a tuple's types so far: the top n of the driver's type stack, from start */
typedef struct { uint32_t start, n; } type_list;
typedef struct { ast_type *type; bool legacy_unit; } result_opt;
typedef struct { span sp; ast_docs docs; } nested_kw;

static inline ast_docs docs_of(parse_state *ps, ptok t) { return parse_docs_at(ps, t.start); }

/* A node with the members of its kind only (ast_type_node_size). */
static ast_type *mk_type(parse_state *ps, int kind, uint32_t start)
{
    ast_type *ty = parse_new(ps, ast_type_node_size((ast_type_kind)kind));
    ty->kind = (uint8_t)kind;
    ty->start = start;
    return ty;
}

/* A world item with room for its kind's members only (ast.h); imports
 * and exports are made as imports, and told apart by world_item. */
static ast_world_item *mk_world_item(parse_state *ps, ast_world_item_kind kind,
                                     ast_extern_kind ext)
{
    ast_world_item *it = parse_new(ps, ast_world_item_size(kind, ext));
    it->kind = kind;
    it->ext = ext;
    return it;
}

/* A primitive type: a third of a big tree's types, made without memory
 * where a pointer can hold it (ast.h), else without the union it never
 * reads, as SQLite shortens its leaf Exprs. */
static ast_type *mk_primitive(parse_state *ps, int kind, ptok t)
{
#ifdef AST_TYPE_PACKED
    (void)ps;
    return ast_type_pack((ast_type_kind)kind, t.start);
#else
    return mk_type(ps, kind, t.start);
#endif
}

/* A map or result: its operands (either may be NULL for a result) in an
 * array of two, made after them like every node (resolve_pkg.c relies
 * on that order when it gives the tree back). */
static ast_type *mk_pair(parse_state *ps, int kind, ptok kw, ast_type *a, ast_type *b)
{
    ast_type *ty = mk_type(ps, kind, kw.start);
    ast_type **ops = parse_new(ps, 2 * sizeof *ops);
    ops[0] = a;
    ops[1] = b;
    ty->u.items = ops;
    return ty;
}

static ast_type *mk_named(parse_state *ps, int kind, ast_id id)
{
    ast_type *ty = mk_type(ps, kind, id.sp.start);
    /* the token is the name, or `%` and the name */
    ty->escaped = id.name && id.sp.end - id.sp.start > id.name->len;
    ty->u.name = id.name;
    return ty;
}

/* Lists are left-recursive and written out at their use: `x_list` is one
 * or more items without the separator after the last, and each use takes
 * none, a list, or a list and a trailing comma. This spares a reduction
 * per item and one per list over the textbook item/list/optional chain. */
#define FIRST(A, x) do { (A).head = (A).tail = (x); (A).n = 1; } while (0)
#define NEXT(A, B, x) do { (A) = (B); APPEND(A, x); (A).n++; } while (0) /* x: a variable */
#define NONE(T) ((T){0})

static inline param_list push_param(parse_state *ps, param_list l, ptok name, ast_type *ty)
{
    if (l.n == 0)
        l.start = (uint32_t)ps->nparams;
    ast_param *p = parse_push_param(ps);
    if (p) {
        p->name = IDV(name);
        p->type = ty;
        l.n++;
    }
    return l;
}

/* a record field, flag, enum or variant case: docs come with its name */
static inline field_list push_field(parse_state *ps, field_list l, ptok name, ast_type *ty)
{
    if (l.n == 0)
        l.start = (uint32_t)ps->nfields;
    ast_field *f = parse_push_field(ps);
    if (f) {
        f->docs = docs_of(ps, name);
        f->name = IDV(name);
        f->type = ty;
        l.n++;
    }
    return l;
}

static ast_typedef *mk_typedef(parse_state *ps, attr_list a, ast_id name, int kind)
{
    ast_typedef *td = NEW(ast_typedef);
    td->docs = a.docs;
    td->attrs = a.head;
    td->name = name;
    td->kind = (ast_typedef_kind)kind;
    return td;
}

static ast_func mk_func(parse_state *ps, ptok kw, bool async, param_list p, result_opt r)
{
    ast_func f;
    f.sp = SPAN(kw);
    f.async = async;
    f.params = parse_pop_array(ps, ps->params, &ps->nparams, p.start, p.n, sizeof(ast_param),
                               &f.nparams);
    f.result = r.type;
    return f;
}

static ast_typedef *mk_fields(parse_state *ps, attr_list a, ptok name, int kind, field_list f)
{
    ast_typedef *td = mk_typedef(ps, a, IDV(name), kind);
    td->fields = parse_pop_array(ps, ps->fields, &ps->nfields, f.start, f.n, sizeof(ast_field),
                                 &td->nfields);
    return td;
}

static ast_named_func *mk_constructor(parse_state *ps, attr_list a, ptok kw, param_list p,
                                      result_opt r)
{
    ast_named_func *f = NEW(ast_named_func);
    f->docs = a.docs;
    f->attrs = a.head;
    f->name.name = ps->kw_constructor;
    f->name.sp = SPAN(kw);
    f->kind = FN_CONSTRUCTOR;
    f->func = mk_func(ps, kw, false, p, r);
    return f;
}

static inline ast_named_func *mk_named_func(parse_state *ps, attr_list a, ptok name, int kind,
                                            ast_func func)
{
    ast_named_func *f = NEW(ast_named_func);
    f->docs = a.docs;
    f->attrs = a.head;
    f->name = IDV(name);
    f->kind = (ast_func_kind)kind;
    f->func = func;
    return f;
}

static inline void push_item(parse_state *ps, iface_list *l, ast_iface_item_kind kind,
                             const void *node)
{
    if (l->n == 0)
        l->start = (uint32_t)ps->nitems;
    if (parse_push_item(ps, ast_item_make(kind, node)))
        l->n++;
}

/* The items of an interface body, as the array its owner keeps. */
static inline ast_iface_item *pop_items(parse_state *ps, iface_list l, uint32_t *n)
{
    return parse_pop_array(ps, ps->items, &ps->nitems, l.start, l.n, sizeof(ast_iface_item), n);
}

static ast_use *mk_use(parse_state *ps, attr_list a, ptok kw, ast_use_path path, use_list l)
{
    ast_use *u = NEW(ast_use);
    u->attrs = a.head;
    u->sp = SPAN(kw);
    u->path = path;
    u->names = l.head;
    u->nnames = l.n;
    return u;
}

/* Tuples nest, and a nested tuple is complete before its enclosing list
 * goes on: the element lists are stacks' tops. */
static type_list push_type(parse_state *ps, type_list l, ast_type *t)
{
    if (l.n == 0)
        l.start = (uint32_t)ps->ntypes;
    if (parse_push_type(ps, t))
        l.n++;
    return l;
}

static ast_type *mk_tuple(parse_state *ps, ptok kw, type_list l)
{
    ast_type *ty = mk_type(ps, AT_TUPLE, kw.start);
    ty->u.items = parse_pop_array(ps, ps->types, &ps->ntypes, l.start, l.n, sizeof(ast_type *),
                                  &ty->n);
    return ty;
}
}

%syntax_error { wt_syntax_error(ps, yypParser, yymajor, &yyminor); }
%stack_overflow { parse_error(ps, SPAN_NONE, "input nests too deeply"); }
%parse_failure { ps->failed = true; }

/* Everything the parser builds lives in the load's arena; dropping a
 * partial tree after an error needs no code. */
%default_destructor { (void)ps; (void)$$; }
%token_destructor { (void)ps; (void)$$; }

/* ------------------------------------------------------------------ files */

file ::= PACKAGE_HEADER(P) pkgname(N) SEMI decls(D). {
    N.docs = docs_of(ps, P);
    ast_package_name *h = NEW(ast_package_name);
    *h = N;
    ps->file->header = h;
    ps->file->decls = D.head;
}
file ::= decls(D). { ps->file->decls = D.head; }

%type pkgname {ast_package_name}
pkgname(A) ::= ID(NS) COLON ID(N) version_opt(V). {
    memset(&A, 0, sizeof A);
    A.ns = IDV(NS);
    A.name = IDV(N);
    A.version = V;
    A.sp = (span){SPAN(NS).start, V ? V->sp.end : SPAN(N).end};
}

%type version_opt {ast_version *}
version_opt(A) ::= . { A = NULL; }
version_opt(A) ::= AT VERSION(V). { A = V.v.version; }

%type decls {decl_list}
decls(A) ::= . { A.head = A.tail = NULL; }
decls(A) ::= decls(B) decl(D). { A = B; APPEND(A, D); }

%type decl {ast_decl *}
decl(A) ::= attrs(T) INTERFACE ID(N) LBRACE iface_items(I) RBRACE. {
    ast_interface *i = NEW(ast_interface);
    i->docs = T.docs;
    i->attrs = T.head;
    i->name = IDV(N);
    i->items = pop_items(ps, I, &i->nitems);
    i->uses = I.uses;
    i->nnames = I.nnames;
    i->item_attrs = I.attrs;
    A = NEW(ast_decl);
    A->kind = DECL_INTERFACE;
    A->u.iface = i;
}
decl(A) ::= attrs(T) WORLD ID(N) LBRACE world_items(I) RBRACE. {
    ast_world *w = NEW(ast_world);
    w->docs = T.docs;
    w->attrs = T.head;
    w->name = IDV(N);
    w->items = I.head;
    A = NEW(ast_decl);
    A->kind = DECL_WORLD;
    A->u.world = w;
}
decl(A) ::= attrs(T) USE(U) use_path(P) SEMI. {
    ast_toplevel_use *u = NEW(ast_toplevel_use);
    u->attrs = T.head;
    u->sp = SPAN(U);
    u->path = P;
    A = NEW(ast_decl);
    A->kind = DECL_USE;
    A->u.use = u;
}
decl(A) ::= attrs(T) USE(U) use_path(P) AS ID(N) SEMI. {
    ast_toplevel_use *u = NEW(ast_toplevel_use);
    u->attrs = T.head;
    u->sp = SPAN(U);
    u->path = P;
    u->as = IDV(N);
    A = NEW(ast_decl);
    A->kind = DECL_USE;
    A->u.use = u;
}
decl(A) ::= nested_start(K) pkgname(N) LBRACE(L) decls(D) RBRACE. {
    (void)L;
    ast_package *p = NEW(ast_package);
    p->kw = K.sp;
    p->name = N;
    p->name.docs = K.docs;
    p->decls = D.head;
    A = NEW(ast_decl);
    A->kind = DECL_PACKAGE;
    A->u.pkg = p;
    ps->pkg_depth--;
}

/* Attributes here are an error and the depth is limited; the driver
 * checks both when it pushes `package` (and counts pkg_depth up). */
%type nested_start {nested_kw}
nested_start(A) ::= attrs(T) PACKAGE(P). {
    A.sp = SPAN(P);
    A.docs = T.docs;
}

/* ------------------------------------------------------------- attributes */

%type attrs {attr_list}
attrs(A) ::= . {
    memset(&A, 0, sizeof A);
    /* an item's docs are the comments before its first token, which is
     * the lookahead when the (empty) attribute list is reduced */
    A.docs = docs_of(ps, yyLookaheadToken);
}
attrs(A) ::= attrs(B) attr(T). { A = B; APPEND(A, T); A.n++; }

%type attr {ast_attr *}
attr(A) ::= AT ATTR_SINCE(N) LPAREN version_key EQUALS VERSION(V) RPAREN. {
    A = NEW(ast_attr);
    A->kind = ATTR_SINCE;
    A->sp = SPAN(N);
    A->version = V.v.version;
}
attr(A) ::= AT ATTR_DEPRECATED(N) LPAREN version_key EQUALS VERSION(V) RPAREN. {
    A = NEW(ast_attr);
    A->kind = ATTR_DEPRECATED;
    A->sp = SPAN(N);
    A->version = V.v.version;
}
attr(A) ::= AT ATTR_UNSTABLE(N) LPAREN feature_key EQUALS ID(F) RPAREN. {
    A = NEW(ast_attr);
    A->kind = ATTR_UNSTABLE;
    A->sp = SPAN(N);
    A->feature = IDV(F);
}
attr(A) ::= AT ATTR_EXTERNAL_ID(N) LPAREN STRING(S) RPAREN. {
    A = NEW(ast_attr);
    A->kind = ATTR_EXTERNAL_ID;
    A->sp = SPAN(N);
    if (S.v.string) {
        memcpy(&A->string_len, S.v.string, sizeof A->string_len);
        A->string = S.v.string + sizeof A->string_len;
    } else {
        A->string = "";
    }
}

/* The key's text is checked by the driver (check_attr_key). */
version_key ::= ID.
feature_key ::= ID.

/* ------------------------------------------------------------ identifiers */



%type use_path {ast_use_path}
use_path(A) ::= ID(N). { memset(&A, 0, sizeof A); A.name = IDV(N); }
use_path(A) ::= ID(NS) COLON ID(P) SLASH ID(N) version_opt(V). {
    memset(&A, 0, sizeof A);
    A.foreign = true;
    A.ns = IDV(NS);
    A.pkg = IDV(P);
    A.name = IDV(N);
    A.version = V;
    A.pkg_sp = (span){SPAN(NS).start, SPAN(P).end};
}

/* ------------------------------------------------------------- interfaces */

%type iface_items {iface_list}
iface_items(A) ::= . { memset(&A, 0, sizeof A); }
iface_items(A) ::= iface_items(B) typedef(T). {
    A = B;
    push_item(ps, &A, II_TYPEDEF, T);
    A.nnames++;
    A.attrs |= ast_typedef_has_attrs(T);   /* read while in the cache */
}
iface_items(A) ::= iface_items(B) attrs(T) ID(N) COLON func_type(F) SEMI. {
    A = B;
    push_item(ps, &A, II_FUNC, mk_named_func(ps, T, N, FN_FREESTANDING, F));
    A.nnames++;
    A.attrs |= T.head != NULL;
}
iface_items(A) ::= iface_items(B) use_item(U). {
    A = B;
    push_item(ps, &A, II_USE, U);
    if (A.uses_tail)
        A.uses_tail->next_use = U;
    else
        A.uses = U;
    A.uses_tail = U;
    A.nnames += U->nnames;
    A.attrs |= U->attrs != NULL;
}

%type use_item {ast_use *}
use_item(A) ::= attrs(T) USE(K) use_path(P) PERIOD LBRACE RBRACE SEMI. {
    A = mk_use(ps, T, K, P, NONE(use_list));
}
use_item(A) ::= attrs(T) USE(K) use_path(P) PERIOD LBRACE use_name_list(L) RBRACE SEMI. {
    A = mk_use(ps, T, K, P, L);
}
use_item(A) ::= attrs(T) USE(K) use_path(P) PERIOD LBRACE use_name_list(L) COMMA RBRACE SEMI. {
    A = mk_use(ps, T, K, P, L);
}

%type use_name_list {use_list}
use_name_list(A) ::= ID(N). {
    ast_use_name *u = NEW(ast_use_name);
    u->name = IDV(N);
    FIRST(A, u);
}
use_name_list(A) ::= ID(N) AS ID(R). {
    ast_use_name *u = NEW(ast_use_name);
    u->name = IDV(N);
    u->as = IDV(R);
    FIRST(A, u);
}
use_name_list(A) ::= use_name_list(B) COMMA ID(N). {
    ast_use_name *u = NEW(ast_use_name);
    u->name = IDV(N);
    NEXT(A, B, u);
}
use_name_list(A) ::= use_name_list(B) COMMA ID(N) AS ID(R). {
    ast_use_name *u = NEW(ast_use_name);
    u->name = IDV(N);
    u->as = IDV(R);
    NEXT(A, B, u);
}

%type func_type {ast_func}
func_type(A) ::= FUNC(K) LPAREN RPAREN result_opt(R). {
    A = mk_func(ps, K, false, NONE(param_list), R);
}
func_type(A) ::= FUNC(K) LPAREN param_list(P) RPAREN result_opt(R). {
    A = mk_func(ps, K, false, P, R);
}
func_type(A) ::= FUNC(K) LPAREN param_list(P) COMMA RPAREN result_opt(R). {
    A = mk_func(ps, K, false, P, R);
}
func_type(A) ::= ASYNC FUNC(K) LPAREN RPAREN result_opt(R). {
    A = mk_func(ps, K, true, NONE(param_list), R);
}
func_type(A) ::= ASYNC FUNC(K) LPAREN param_list(P) RPAREN result_opt(R). {
    A = mk_func(ps, K, true, P, R);
}
func_type(A) ::= ASYNC FUNC(K) LPAREN param_list(P) COMMA RPAREN result_opt(R). {
    A = mk_func(ps, K, true, P, R);
}

%type result_opt {result_opt}
result_opt(A) ::= . { A.type = NULL; A.legacy_unit = false; }
result_opt(A) ::= RARROW ty(T). { A.type = T; A.legacy_unit = false; }
/* Only reached when not strict: with --strict the driver rejects the `(`
 * as the reference does (legacy_unit_ok in parse.c). */
result_opt(A) ::= RARROW(R) LPAREN RPAREN(E). {
    A.type = NULL;
    A.legacy_unit = true;
    ctx_warn(ps->ctx, "legacy-syntax", (span){R.start, E.end},
             "`-> ()` is legacy syntax for no result; leave out `-> ()`");
}

%type param_list {param_list}
param_list(A) ::= ID(N) COLON ty(T). { A = push_param(ps, NONE(param_list), N, T); }
param_list(A) ::= param_list(B) COMMA ID(N) COLON ty(T). { A = push_param(ps, B, N, T); }

/* --------------------------------------------------------- type definitions */

%type typedef {ast_typedef *}
typedef(A) ::= attrs(T) TYPE ID(N) EQUALS ty(Y) SEMI. {
    A = mk_typedef(ps, T, IDV(N), TD_ALIAS);
    A->alias = Y;
}
typedef(A) ::= attrs(T) RECORD ID(N) LBRACE RBRACE. {
    A = mk_fields(ps, T, N, TD_RECORD, NONE(field_list));
}
typedef(A) ::= attrs(T) RECORD ID(N) LBRACE field_list(F) RBRACE. {
    A = mk_fields(ps, T, N, TD_RECORD, F);
}
typedef(A) ::= attrs(T) RECORD ID(N) LBRACE field_list(F) COMMA RBRACE. {
    A = mk_fields(ps, T, N, TD_RECORD, F);
}
typedef(A) ::= attrs(T) FLAGS ID(N) LBRACE RBRACE. {
    A = mk_fields(ps, T, N, TD_FLAGS, NONE(field_list));
}
typedef(A) ::= attrs(T) FLAGS ID(N) LBRACE name_list(F) RBRACE. {
    A = mk_fields(ps, T, N, TD_FLAGS, F);
}
typedef(A) ::= attrs(T) FLAGS ID(N) LBRACE name_list(F) COMMA RBRACE. {
    A = mk_fields(ps, T, N, TD_FLAGS, F);
}
typedef(A) ::= attrs(T) ENUM ID(N) LBRACE RBRACE. {
    A = mk_fields(ps, T, N, TD_ENUM, NONE(field_list));
}
typedef(A) ::= attrs(T) ENUM ID(N) LBRACE name_list(F) RBRACE. {
    A = mk_fields(ps, T, N, TD_ENUM, F);
}
typedef(A) ::= attrs(T) ENUM ID(N) LBRACE name_list(F) COMMA RBRACE. {
    A = mk_fields(ps, T, N, TD_ENUM, F);
}
typedef(A) ::= attrs(T) VARIANT ID(N) LBRACE RBRACE. {
    A = mk_fields(ps, T, N, TD_VARIANT, NONE(field_list));
}
typedef(A) ::= attrs(T) VARIANT ID(N) LBRACE case_list(F) RBRACE. {
    A = mk_fields(ps, T, N, TD_VARIANT, F);
}
typedef(A) ::= attrs(T) VARIANT ID(N) LBRACE case_list(F) COMMA RBRACE. {
    A = mk_fields(ps, T, N, TD_VARIANT, F);
}
typedef(A) ::= attrs(T) RESOURCE ID(N) SEMI. {
    A = mk_typedef(ps, T, IDV(N), TD_RESOURCE);
}
typedef(A) ::= attrs(T) RESOURCE ID(N) LBRACE res_items(F) RBRACE. {
    A = mk_typedef(ps, T, IDV(N), TD_RESOURCE);
    A->funcs = F.head;
}

%type field_list {field_list}
field_list(A) ::= ID(N) COLON ty(T). { A = push_field(ps, NONE(field_list), N, T); }
field_list(A) ::= field_list(B) COMMA ID(N) COLON ty(T). { A = push_field(ps, B, N, T); }

%type name_list {field_list}
name_list(A) ::= ID(N). { A = push_field(ps, NONE(field_list), N, NULL); }
name_list(A) ::= name_list(B) COMMA ID(N). { A = push_field(ps, B, N, NULL); }

%type case_list {field_list}
case_list(A) ::= ID(N). { A = push_field(ps, NONE(field_list), N, NULL); }
case_list(A) ::= ID(N) LPAREN ty(T) RPAREN. { A = push_field(ps, NONE(field_list), N, T); }
case_list(A) ::= case_list(B) COMMA ID(N). { A = push_field(ps, B, N, NULL); }
case_list(A) ::= case_list(B) COMMA ID(N) LPAREN ty(T) RPAREN. { A = push_field(ps, B, N, T); }

%type res_items {func_list}
res_items(A) ::= . { A.head = A.tail = NULL; }
res_items(A) ::= res_items(B) attrs(T) CONSTRUCTOR(K) LPAREN RPAREN result_opt(R) SEMI. {
    ast_named_func *f = mk_constructor(ps, T, K, NONE(param_list), R);
    A = B;
    APPEND(A, f);
}
res_items(A) ::= res_items(B) attrs(T) CONSTRUCTOR(K) LPAREN param_list(P) RPAREN
                 result_opt(R) SEMI. {
    ast_named_func *f = mk_constructor(ps, T, K, P, R);
    A = B;
    APPEND(A, f);
}
res_items(A) ::= res_items(B) attrs(T) CONSTRUCTOR(K) LPAREN param_list(P) COMMA RPAREN
                 result_opt(R) SEMI. {
    ast_named_func *f = mk_constructor(ps, T, K, P, R);
    A = B;
    APPEND(A, f);
}
res_items(A) ::= res_items(B) attrs(T) ID(N) COLON func_type(F) SEMI. {
    ast_named_func *f = mk_named_func(ps, T, N, FN_METHOD, F);
    A = B;
    APPEND(A, f);
}
res_items(A) ::= res_items(B) attrs(T) ID(N) COLON STATIC func_type(F) SEMI. {
    ast_named_func *f = mk_named_func(ps, T, N, FN_STATIC, F);
    A = B;
    APPEND(A, f);
}

/* ----------------------------------------------------------------- worlds */

%type world_items {world_list}
world_items(A) ::= . { A.head = A.tail = NULL; }
world_items(A) ::= world_items(B) world_item(I). { A = B; APPEND(A, I); }

%type world_item {ast_world_item *}
world_item(A) ::= attrs(T) IMPORT extern(E). {
    A = E;
    A->kind = WI_IMPORT;
    A->docs = T.docs;
    A->attrs = T.head;
}
world_item(A) ::= attrs(T) EXPORT extern(E). {
    A = E;
    A->kind = WI_EXPORT;
    A->docs = T.docs;
    A->attrs = T.head;
}
world_item(A) ::= use_item(U). {
    A = mk_world_item(ps, WI_USE, EXT_FUNC);
    A->use = U;
    A->attrs = U->attrs;
}
world_item(A) ::= typedef(T). {
    A = mk_world_item(ps, WI_TYPEDEF, EXT_FUNC);
    A->td = T;
    A->docs = T->docs;
    A->attrs = T->attrs;
}
world_item(A) ::= attrs(T) INCLUDE use_path(P) SEMI. {
    A = mk_world_item(ps, WI_INCLUDE, EXT_FUNC);
    A->attrs = T.head;
    A->path = P;
}
world_item(A) ::= attrs(T) INCLUDE use_path(P) WITH LBRACE include_names(L) RBRACE. {
    A = mk_world_item(ps, WI_INCLUDE, EXT_FUNC);
    A->attrs = T.head;
    A->path = P;
    A->with = L.head;
}

%type include_names {include_list}
include_names(A) ::= . { A.head = A.tail = NULL; }
include_names(A) ::= include_name_list(B). { A = B; }
include_names(A) ::= include_name_list(B) COMMA. { A = B; }
%type include_name_list {include_list}
include_name_list(A) ::= include_name(N). { A.head = A.tail = NULL; APPEND(A, N); }
include_name_list(A) ::= include_name_list(B) COMMA include_name(N). { A = B; APPEND(A, N); }
%type include_name {ast_include_name *}
include_name(A) ::= ID(N) AS ID(R). { A = NEW(ast_include_name); A->name = IDV(N); A->as = IDV(R); }

/* The four extern forms (WIT-LANGUAGE §4.5); after `id ':' id` the next
 * token decides: `/` package path, `:` label with a package path, else a
 * label with a local path. */
%type extern {ast_world_item *}
extern(A) ::= ID(N) COLON func_type(F) SEMI. {
    A = mk_world_item(ps, WI_IMPORT, EXT_FUNC);
    A->name = IDV(N);
    A->func = F;
}
extern(A) ::= ID(N) COLON INTERFACE LBRACE iface_items(I) RBRACE. {
    A = mk_world_item(ps, WI_IMPORT, EXT_INTERFACE);
    A->name = IDV(N);
    A->items = pop_items(ps, I, &A->nitems);
}
extern(A) ::= ID(N) SEMI. {
    A = mk_world_item(ps, WI_IMPORT, EXT_PATH);
    A->path.name = IDV(N);
}
extern(A) ::= ID(NS) COLON ID(P) SLASH ID(N) version_opt(V) SEMI. {
    A = mk_world_item(ps, WI_IMPORT, EXT_PATH);
    A->path.foreign = true;
    A->path.ns = IDV(NS);
    A->path.pkg = IDV(P);
    A->path.name = IDV(N);
    A->path.version = V;
    A->path.pkg_sp = (span){SPAN(NS).start, SPAN(P).end};
}
extern(A) ::= ID(L) COLON ID(N) SEMI. {
    A = mk_world_item(ps, WI_IMPORT, EXT_NAMED_PATH);
    A->name = IDV(L);
    A->path.name = IDV(N);
}
extern(A) ::= ID(L) COLON ID(NS) COLON ID(P) SLASH ID(N) version_opt(V) SEMI. {
    A = mk_world_item(ps, WI_IMPORT, EXT_NAMED_PATH);
    A->name = IDV(L);
    A->path.foreign = true;
    A->path.ns = IDV(NS);
    A->path.pkg = IDV(P);
    A->path.name = IDV(N);
    A->path.version = V;
    A->path.pkg_sp = (span){SPAN(NS).start, SPAN(P).end};
}

/* ------------------------------------------------------------------ types */

%type ty {ast_type *}
ty(A) ::= BOOL(T). { A = mk_primitive(ps, AT_BOOL, T); }
ty(A) ::= U8(T). { A = mk_primitive(ps, AT_U8, T); }
ty(A) ::= U16(T). { A = mk_primitive(ps, AT_U16, T); }
ty(A) ::= U32(T). { A = mk_primitive(ps, AT_U32, T); }
ty(A) ::= U64(T). { A = mk_primitive(ps, AT_U64, T); }
ty(A) ::= S8(T). { A = mk_primitive(ps, AT_S8, T); }
ty(A) ::= S16(T). { A = mk_primitive(ps, AT_S16, T); }
ty(A) ::= S32(T). { A = mk_primitive(ps, AT_S32, T); }
ty(A) ::= S64(T). { A = mk_primitive(ps, AT_S64, T); }
ty(A) ::= F32(T). { A = mk_primitive(ps, AT_F32, T); }
ty(A) ::= F64(T). { A = mk_primitive(ps, AT_F64, T); }
ty(A) ::= CHAR(T). { A = mk_primitive(ps, AT_CHAR, T); }
ty(A) ::= STRING_KW(T). { A = mk_primitive(ps, AT_STRING, T); }
ty(A) ::= ERROR_CONTEXT(T). { A = mk_primitive(ps, AT_ERROR_CONTEXT, T); }
ty(A) ::= ID(N). { A = mk_named(ps, AT_NAME, IDV(N)); }
ty(A) ::= LIST(K) LT ty(E) GT. { A = mk_type(ps, AT_LIST, K.start); A->u.elem = E; }
ty(A) ::= LIST(K) LT ty(E) COMMA INTEGER(N) GT. {
    A = mk_type(ps, AT_FIXED_LIST, K.start);
    A->u.elem = E;
    A->n = (uint32_t)(uintptr_t)N.v.ptr;
}
ty(A) ::= MAP(K) LT ty(KEY) COMMA ty(V) GT. { A = mk_pair(ps, AT_MAP, K, KEY, V); }
ty(A) ::= OPTION(K) LT ty(E) GT. { A = mk_type(ps, AT_OPTION, K.start); A->u.elem = E; }
ty(A) ::= RESULT(K). { A = mk_type(ps, AT_RESULT, K.start); }
ty(A) ::= RESULT(K) LT ty(O) GT. { A = mk_pair(ps, AT_RESULT, K, O, NULL); }
ty(A) ::= RESULT(K) LT UNDERSCORE COMMA ty(E) GT. { A = mk_pair(ps, AT_RESULT, K, NULL, E); }
ty(A) ::= RESULT(K) LT ty(O) COMMA ty(E) GT. { A = mk_pair(ps, AT_RESULT, K, O, E); }
ty(A) ::= FUTURE(K). { A = mk_type(ps, AT_FUTURE, K.start); }
ty(A) ::= FUTURE(K) LT ty(E) GT. { A = mk_type(ps, AT_FUTURE, K.start); A->u.elem = E; }
ty(A) ::= STREAM(K). { A = mk_type(ps, AT_STREAM, K.start); }
ty(A) ::= STREAM(K) LT ty(E) GT. { A = mk_type(ps, AT_STREAM, K.start); A->u.elem = E; }
ty(A) ::= OWN LT ID(N) GT. { A = mk_named(ps, AT_OWN, IDV(N)); }
ty(A) ::= BORROW LT ID(N) GT. { A = mk_named(ps, AT_BORROW, IDV(N)); }
ty(A) ::= TUPLE(K) LT GT. { A = mk_tuple(ps, K, NONE(type_list)); }
ty(A) ::= TUPLE(K) LT type_list(L) GT. { A = mk_tuple(ps, K, L); }
ty(A) ::= TUPLE(K) LT type_list(L) COMMA GT. { A = mk_tuple(ps, K, L); }

%type type_list {type_list}
type_list(A) ::= ty(T). { A = push_type(ps, NONE(type_list), T); }
type_list(A) ::= type_list(B) COMMA ty(T). { A = push_type(ps, B, T); }

/* --------------------------------------------- syntax errors and lookahead */

%code {
/* What the reference's recursive descent expects at this point, named as
 * it names it (WIT-LANGUAGE §4.8), from the set of tokens the parser can
 * take in its current state. The driver asks before it pushes a token, so
 * the set still holds the optional tokens the reference tries with `eat`
 * (`->`, `as`, `<` after `result`, ...); the reference names the token it
 * then requires, hence the order of `prefer`: closing and separating
 * tokens before the optional ones. *one_token tells whether the answer
 * names a single token: the reference then fails in `expect`, whose error
 * covers one byte, where its other errors cover the whole token. */
static const char *wt_parse_expected(void *parser, bool *one_token)
{
    static const int prefer[] = {
        TK_SEMI, TK_RBRACE, TK_RPAREN, TK_GT, TK_PERIOD, TK_LBRACE, TK_FUNC, TK_COLON,
        TK_EQUALS, TK_LPAREN, TK_SLASH, TK_COMMA, TK_AS, TK_STRING, TK_VERSION,
        TK_INTERFACE,
    };
    bool ok[YYNTOKEN];
    for (int t = 0; t < YYNTOKEN; t++)
        ok[t] = wt_parseAccepts(parser, t);
    *one_token = false;
    if (ok[TK_WORLD])
        return "`world`, `interface` or `use`";
    if (ok[TK_IMPORT])
        return "`import`, `export`, `include`, `use`, or type definition";
    if (ok[TK_CONSTRUCTOR])
        return "`constructor` or identifier";
    if (ok[TK_TYPE])
        return "`type`, `resource` or `func`";
    if (ok[TK_U8])
        return "a type";
    if (ok[TK_ID] || ok[TK_ATTR_SINCE])
        return "an identifier or string";
    if (ok[TK_INTEGER])
        return "fixed-length";
    *one_token = true;
    for (size_t i = 0; i < sizeof prefer / sizeof prefer[0]; i++)
        if (ok[prefer[i]])
            return token_describe(prefer[i]);
    for (int t = 1; t < YYNTOKEN; t++)
        if (ok[t])
            return token_describe(t);
    return "end of input";
}

/* A token the parser cannot take: the reference's "expected X, found Y",
 * from the state that refused it. */
static void wt_syntax_error(parse_state *ps, void *parser, int major, const ptok *tok)
{
    bool one_token;
    const char *what = wt_parse_expected(parser, &one_token);
    span sp = {tok->start, major && !one_token ? tok->end : tok->start + 1};
    /* the grammar takes `%name` as ID too; its text tells them apart */
    bool explicit_id = ps->lx.text[tok->start - ps->lx.base] == '%';
    int shown = major == TK_ID && explicit_id ? TK_EXPLICIT_ID : major;
    parse_error(ps, sp, "expected %s, found %s", what, token_describe(shown));
}
}

/* The syntax tree of WIT files, as the parser builds it.
 *
 * Plain structs allocated in the load's arena; nothing here is freed on its
 * own. Lists are singly linked through `next`, in source order. Every node
 * that the resolver may report an error about carries the span of the token
 * the reference reports it at (see WIT-RESOLUTION §10). Names are interned
 * (`istr`), so two names are equal exactly when their pointers are. */
#ifndef WITAN_AST_H
#define WITAN_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intern.h"
#include "semver.h"
#include "source.h"
#include "witan.h"

/* An identifier: plain or `%`-escaped (name without the `%`). */
typedef struct ast_id {
    const istr *name;   /* NULL when absent (e.g. no `as` rename) */
    span sp;            /* the whole token, `%` included */
} ast_id;

/* The comments that directly preceded an item: `count` comments from the
 * global offset `start` on, one after the other with only whitespace
 * between them (docs.c finds them again in the source: no list of all
 * comments is kept). count == 0 means no docs at all. The model keeps
 * the same pair (witan_docs). */
typedef witan_docs ast_docs;
#define NO_DOCS ((witan_docs){0, 0})

typedef struct ast_version {
    semver v;
    span sp;            /* from the first integer to the end of the version */
} ast_version;

typedef enum ast_attr_kind {
    ATTR_SINCE,
    ATTR_UNSTABLE,
    ATTR_DEPRECATED,
    ATTR_EXTERNAL_ID,
} ast_attr_kind;

typedef struct ast_attr {
    struct ast_attr *next;
    ast_attr_kind kind;
    span sp;            /* the attribute's name (where the reference reports) */
    ast_version *version;   /* since, deprecated */
    ast_id feature;         /* unstable */
    const char *string;     /* external-id, decoded; NUL-terminated */
    uint32_t string_len;
} ast_attr;

typedef enum ast_type_kind {
    /* primitives, in the order of the model's primitive types */
    AT_BOOL, AT_U8, AT_U16, AT_U32, AT_U64, AT_S8, AT_S16, AT_S32, AT_S64,
    AT_F32, AT_F64, AT_CHAR, AT_STRING, AT_ERROR_CONTEXT,
    AT_NAME,        /* u.name: a type or resource by name */
    AT_LIST,        /* u.elem */
    AT_FIXED_LIST,  /* u.elem, n = length */
    AT_MAP,         /* ast_operand 0 = key, 1 = value */
    AT_OPTION,      /* u.elem */
    AT_RESULT,      /* ast_operand 0 = ok or NULL, 1 = err or NULL */
    AT_TUPLE,       /* u.items[0..n) */
    AT_FUTURE,      /* u.elem or NULL */
    AT_STREAM,      /* u.elem or NULL */
    AT_OWN,         /* u.name: the resource */
    AT_BORROW,      /* u.name: the resource */
} ast_type_kind;

#define AT_IS_PRIMITIVE(k) ((k) <= AT_ERROR_CONTEXT)

typedef struct ast_type ast_type;
struct ast_type {
    uint8_t kind;       /* ast_type_kind; read it with ast_type_kind_of() */
    /* AT_NAME, AT_OWN, AT_BORROW: 1 when the name was written `%name` */
    uint8_t escaped;
    /* Where the keyword starts, or for a name (own/borrow: the operand)
     * where the name does: the end follows from the keyword's or the
     * name's length, so a node keeps no span (read it with
     * ast_type_span()). */
    uint32_t start;
    /* one pointer: types are the most numerous nodes of a tree, and the
     * operands of maps and results, the only kinds with two, live in an
     * array of their own (ast_operand). A primitive type's node, where
     * there is one, ends before the union (the parser makes it
     * offsetof(ast_type, u) bytes long). */
    union {
        const istr *name;
        ast_type *elem;
        ast_type **items;   /* map and result: 2 (NULL for a bare `result`); tuple: n */
    } u;
    /* AT_FIXED_LIST length, AT_TUPLE element count. Nodes of the other
     * kinds end before it (ast_type_size): read a node only through the
     * members its kind has, and never copy one whole. */
    uint32_t n;
};

/* A primitive type is not a node: a third of a big tree's types are
 * primitives, and all they need is their kind and where their keyword
 * starts (its length follows from the kind). Where a pointer has room
 * for a source offset, those two are packed into the pointer's value,
 * which is odd and so never the address of a node; elsewhere a primitive
 * is a node that ends before the union. Read an ast_type's kind and span
 * only through ast_type_kind_of and ast_type_span, and the rest of a node
 * only for the kinds that have it. */
#if UINTPTR_MAX > 0xFFFFFFFFu
#define AST_TYPE_PACKED 1
#endif

/* bit 0: packed; bits 1-5: the kind; from bit 6: the keyword's offset */
enum { AST_PACK_KIND_SHIFT = 1, AST_PACK_KIND_MASK = 0x1f, AST_PACK_START_SHIFT = 6 };

static inline bool ast_type_is_packed(const ast_type *t) { return ((uintptr_t)t & 1) != 0; }

#ifdef AST_TYPE_PACKED
static inline ast_type *ast_type_pack(ast_type_kind kind, uint32_t start)
{
    return (ast_type *)(((uintptr_t)start << AST_PACK_START_SHIFT) |
                        ((uintptr_t)kind << AST_PACK_KIND_SHIFT) | 1);
}
#endif

static inline ast_type_kind ast_type_kind_of(const ast_type *t)
{
    if (!ast_type_is_packed(t))
        return (ast_type_kind)t->kind;
    return (ast_type_kind)(((uintptr_t)t >> AST_PACK_KIND_SHIFT) & AST_PACK_KIND_MASK);
}

/* The length of the keyword a type of kind k starts with (not for
 * AT_NAME, AT_OWN, AT_BORROW, which start with a name). */
static inline uint32_t ast_keyword_len(ast_type_kind k)
{
    /* bool u8 u16 u32 u64 s8 s16 s32 s64 f32 f64 char string error-context,
     * (name) list list map option result tuple future stream */
    static const uint8_t len[] = {4, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3, 4, 6, 13,
                                  0, 4, 4, 3, 6, 6, 5, 6, 6};
    return k < sizeof len ? len[k] : 0;
}

static inline span ast_type_span(const ast_type *t)
{
    uint32_t start, len;
    if (ast_type_is_packed(t)) {
        start = (uint32_t)((uintptr_t)t >> AST_PACK_START_SHIFT);
        len = ast_keyword_len(ast_type_kind_of(t));
    } else {
        start = t->start;
        ast_type_kind k = (ast_type_kind)t->kind;
        len = k != AT_NAME && k != AT_OWN && k != AT_BORROW ? ast_keyword_len(k)
              : t->u.name ? t->escaped + t->u.name->len : 0;
    }
    return (span){start, start + len};
}

/* The bytes a node of kind k is made of: what its kind has. */
static inline size_t ast_type_node_size(ast_type_kind k)
{
    if (AT_IS_PRIMITIVE(k))
        return offsetof(ast_type, u);
    return k == AT_TUPLE || k == AT_FIXED_LIST ? sizeof(ast_type) : offsetof(ast_type, n);
}

/* The bytes of a node (not a packed primitive). */
static inline size_t ast_type_size(const ast_type *t)
{
    return ast_type_node_size((ast_type_kind)t->kind);
}

/* Operand i (0 or 1) of an AT_MAP or AT_RESULT type; NULL when absent. */
static inline ast_type *ast_operand(const ast_type *t, unsigned i)
{
    return t->u.items ? t->u.items[i] : NULL;
}

/* The types in u.items: a tuple's elements, a map's or result's operands. */
static inline uint32_t ast_type_nitems(const ast_type *t)
{
    return t->kind == AT_TUPLE ? t->n : t->u.items ? 2 : 0;
}

/* Parameters and fields are arrays, not lists: after types they are the
 * most numerous nodes, and a link each was a fifth of their size. */
typedef struct ast_param {
    ast_id name;
    ast_type *type;
} ast_param;

typedef struct ast_func {
    span sp;            /* `func` keyword, or `constructor` */
    ast_param *params;  /* nparams of them */
    ast_type *result;   /* NULL: no result (also for legacy `-> ()`) */
    uint32_t nparams;
    bool async;
} ast_func;

typedef enum ast_func_kind {
    FN_FREESTANDING,
    FN_METHOD,
    FN_STATIC,
    FN_CONSTRUCTOR,
} ast_func_kind;

typedef struct ast_named_func {
    struct ast_named_func *next;    /* resource bodies */
    ast_docs docs;
    ast_attr *attrs;
    ast_id name;        /* "constructor" with the keyword's span for constructors */
    ast_func func;
    ast_func_kind kind;
} ast_named_func;

/* A record field, variant case, enum case or flag. */
typedef struct ast_field {
    ast_docs docs;
    ast_id name;
    ast_type *type;     /* record: always; variant: optional; enum/flags: NULL */
} ast_field;

typedef enum ast_typedef_kind {
    TD_ALIAS,       /* type x = T */
    TD_RECORD,
    TD_FLAGS,
    TD_VARIANT,
    TD_ENUM,
    TD_RESOURCE,
} ast_typedef_kind;

typedef struct ast_typedef {
    ast_docs docs;
    ast_attr *attrs;
    ast_id name;
    ast_typedef_kind kind;
    uint32_t nfields;           /* record, flags, variant, enum */
    ast_type *alias;            /* TD_ALIAS */
    ast_field *fields;          /* record, flags, variant, enum: nfields of them */
    ast_named_func *funcs;      /* resource body, in source order */
} ast_typedef;

/* The typedef or one of its resource's functions has attributes. */
static inline bool ast_typedef_has_attrs(const ast_typedef *td)
{
    if (td->attrs)
        return true;
    for (const ast_named_func *f = td->funcs; f; f = f->next)
        if (f->attrs)
            return true;
    return false;
}

/* `name` or `ns:pkg/name@version`. */
typedef struct ast_use_path {
    ast_id name;        /* the interface or world named */
    bool foreign;
    ast_id ns, pkg;     /* foreign only */
    ast_version *version;   /* foreign only; NULL when none */
    span pkg_sp;        /* foreign: from `ns` to the end of `pkg` */
} ast_use_path;

typedef struct ast_use_name {
    struct ast_use_name *next;
    ast_id name;
    ast_id as;          /* as.name == NULL without `as` */
} ast_use_name;

/* `use path.{a, b as c};` in an interface or world */
typedef struct ast_use {
    struct ast_use *next_use;   /* the interface's next `use` (ast_interface.uses) */
    ast_attr *attrs;
    span sp;            /* the `use` keyword */
    ast_use_path path;
    ast_use_name *names;
    uint32_t nnames;
} ast_use;

typedef enum ast_iface_item_kind { II_TYPEDEF, II_FUNC, II_USE } ast_iface_item_kind;

/* An interface's item is its node's address with the kind in the low
 * bits (nodes are 8-byte aligned): an interface's items are an array of
 * these, not a list of nodes that each point at one. */
typedef uintptr_t ast_iface_item;

static inline ast_iface_item ast_item_make(ast_iface_item_kind kind, const void *node)
{
    return (uintptr_t)node | (uintptr_t)kind;
}
static inline ast_iface_item_kind ast_item_kind(ast_iface_item it)
{
    return (ast_iface_item_kind)(it & 3);
}
static inline ast_typedef *ast_item_td(ast_iface_item it) { return (ast_typedef *)(it - II_TYPEDEF); }
static inline ast_named_func *ast_item_fn(ast_iface_item it) { return (ast_named_func *)(it - II_FUNC); }
static inline ast_use *ast_item_use(ast_iface_item it) { return (ast_use *)(it - II_USE); }

typedef struct ast_interface {
    ast_docs docs;
    ast_attr *attrs;
    ast_id name;
    ast_iface_item *items;  /* nitems of them */
    uint32_t nitems;
    /* Facts about the items, gathered by the parser while they are built
     * so that the resolver's first passes need not walk every item (a
     * cache miss each in a big tree): */
    ast_use *uses;          /* the `use` items, in order, through next_use */
    uint32_t nnames;        /* names the items declare (a use: its names) */
    bool item_attrs;        /* an item, or a resource function, has attributes */
} ast_interface;

typedef enum ast_extern_kind {
    EXT_FUNC,           /* name: func(...) */
    EXT_INTERFACE,      /* name: interface { items } */
    EXT_PATH,           /* path */
    EXT_NAMED_PATH,     /* name: path */
} ast_extern_kind;

typedef struct ast_include_name {
    struct ast_include_name *next;
    ast_id name, as;
} ast_include_name;

typedef enum ast_world_item_kind {
    WI_IMPORT,
    WI_EXPORT,
    WI_USE,
    WI_TYPEDEF,
    WI_INCLUDE,
} ast_world_item_kind;

/* Only the members of its kind follow the header, and a node is made just
 * long enough for them (ast_world_item_size): a world of many functions
 * is mostly function items, which need 80 of the 128 bytes. Read the
 * union only for the kind that uses it, and never copy a node whole. */
typedef struct ast_world_item {
    struct ast_world_item *next;
    ast_world_item_kind kind;
    ast_extern_kind ext;    /* import / export */
    ast_docs docs;      /* import/export: see WIT-LANGUAGE §3 for where they go */
    ast_attr *attrs;
    ast_id name;        /* EXT_FUNC, EXT_INTERFACE, EXT_NAMED_PATH */
    union {
        ast_func func;              /* EXT_FUNC */
        struct {                    /* EXT_INTERFACE */
            ast_iface_item *items;
            uint32_t nitems;
        };
        struct {
            ast_use_path path;      /* EXT_PATH, EXT_NAMED_PATH, WI_INCLUDE */
            ast_include_name *with; /* WI_INCLUDE */
        };
        ast_use *use;               /* WI_USE */
        ast_typedef *td;            /* WI_TYPEDEF */
    };
} ast_world_item;

#define AST_WORLD_ITEM_END(member) \
    (offsetof(ast_world_item, member) + sizeof(((ast_world_item *)0)->member))

/* The bytes a world item of this kind (and for imports and exports, this
 * extern form) is made of. */
static inline size_t ast_world_item_size(ast_world_item_kind kind, ast_extern_kind ext)
{
    switch (kind) {
    case WI_USE: return AST_WORLD_ITEM_END(use);
    case WI_TYPEDEF: return AST_WORLD_ITEM_END(td);
    case WI_INCLUDE: return AST_WORLD_ITEM_END(with);
    default: break;
    }
    switch (ext) {
    case EXT_FUNC: return AST_WORLD_ITEM_END(func);
    case EXT_INTERFACE: return AST_WORLD_ITEM_END(nitems);
    default: return AST_WORLD_ITEM_END(path);
    }
}

typedef struct ast_world {
    ast_docs docs;
    ast_attr *attrs;
    ast_id name;
    ast_world_item *items;
} ast_world;

/* `use path;` / `use path as name;` at the top of a file */
typedef struct ast_toplevel_use {
    ast_attr *attrs;
    span sp;            /* the `use` keyword */
    ast_use_path path;
    ast_id as;
} ast_toplevel_use;

typedef struct ast_package_name {
    ast_docs docs;
    span sp;            /* from the namespace to the end of the name or version */
    ast_id ns, name;
    ast_version *version;
} ast_package_name;

typedef enum ast_decl_kind { DECL_INTERFACE, DECL_WORLD, DECL_USE, DECL_PACKAGE } ast_decl_kind;

typedef struct ast_package ast_package;

typedef struct ast_decl {
    struct ast_decl *next;
    ast_decl_kind kind;
    union {
        ast_interface *iface;
        ast_world *world;
        ast_toplevel_use *use;
        ast_package *pkg;
    } u;
} ast_decl;

/* `package a:b { decls }` */
struct ast_package {
    span kw;            /* the `package` keyword */
    ast_package_name name;
    ast_decl *decls;
};

typedef struct ast_file {
    source *src;
    ast_package_name *header;   /* `package a:b;` or NULL */
    ast_decl *decls;
} ast_file;

#endif

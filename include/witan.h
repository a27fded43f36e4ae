/* witan — read WIT (WebAssembly Interface Types) packages from C.
 *
 * Everything starts with a context (witan_ctx). A context loads WIT from
 * files or directories, keeps every diagnostic it produced, and owns all
 * memory of the load: strings and structures returned by the functions
 * below stay valid until witan_ctx_free() unless a function says the
 * caller frees the result. The library never prints and never exits.
 *
 * A context is not thread-safe; use one per thread. */
#ifndef WITAN_H
#define WITAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WITAN_VERSION_STRING "0.1.0"

typedef struct witan_ctx witan_ctx;

/* Returns NULL when memory runs out. Free with witan_ctx_free(). */
witan_ctx *witan_ctx_new(void);
void witan_ctx_free(witan_ctx *ctx);

/* Treat legacy syntax (`-> ()`, `float32`, `float64`) as the errors the
 * reference reports instead of warnings. Default: off. */
void witan_set_strict(witan_ctx *ctx, int strict);

/* Map files of 64 KiB and more instead of reading them, and give their
 * pages back as parsing and resolving pass them: less memory for big
 * inputs. Not for witan_lint_path(), whose rules need a text no other
 * program can change while they read it. A file that shrinks while it is
 * mapped would raise SIGBUS; to report it as an error instead, the first
 * mapping installs a SIGBUS handler for the process (any other SIGBUS
 * goes to the handler there was before). Default: off. */
void witan_set_map_files(witan_ctx *ctx, int map);

/* How many threads may parse one file at once: a big file is cut after
 * `}`s that end top-level declarations and its parts are parsed side by
 * side; the tree and the diagnostics are those of one thread. `threads`
 * 0: one per CPU the process may run on, at most 8; 1: no threads.
 * `part_min`: the fewest bytes of a part (0: 1 MiB; smaller parts cost
 * more in starting threads than they save). Default: 0 and 0. */
void witan_set_threads(witan_ctx *ctx, int threads, unsigned part_min);

/* Results of loading functions. */
typedef enum witan_status {
    WITAN_OK = 0,       /* no errors (there may be warnings) */
    WITAN_EINPUT = 1,   /* the input has errors; see the diagnostics */
    WITAN_EIO = 2,      /* a path could not be read */
    WITAN_EINTERNAL = 3 /* out of memory or an internal limit */
} witan_status;

/* Syntax check: reads PATH (a `.wit` file, a directory of `.wit` files,
 * or "-" for standard input) and parses every file, without resolving
 * names. Diagnostics are added to the context. */
witan_status witan_parse_path(witan_ctx *ctx, const char *path);

/* ------------------------------------------------------------ diagnostics */

typedef enum witan_severity { WITAN_ERROR = 0, WITAN_WARNING = 1 } witan_severity;

typedef enum witan_diag_format {
    WITAN_FORMAT_TEXT = 0,  /* the reference's form: message, location, excerpt */
    WITAN_FORMAT_GCC = 1    /* file:line:col: error: message */
} witan_diag_format;

size_t witan_diag_count(const witan_ctx *ctx);
/* Nonzero once an allocation failed in ctx: results are incomplete, and
 * the failed call's diagnostics are one "out of memory" error. */
int witan_out_of_memory(const witan_ctx *ctx);
size_t witan_error_count(const witan_ctx *ctx);
size_t witan_warning_count(const witan_ctx *ctx);
witan_severity witan_diag_severity(const witan_ctx *ctx, size_t i);
/* Lint rule id of a diagnostic ("legacy-syntax", ...), or NULL. */
const char *witan_diag_rule(const witan_ctx *ctx, size_t i);
/* The message alone (first line first; hints on later lines). */
const char *witan_diag_message(const witan_ctx *ctx, size_t i);
/* The context the reference prefixes to the message ("failed to parse
 * package: P: "), or NULL. */
const char *witan_diag_context(const witan_ctx *ctx, size_t i);
/* Location of a diagnostic: file path (NULL if none), 1-based line and
 * byte column of its start and end. Returns 0 when it has no location. */
int witan_diag_location(witan_ctx *ctx, size_t i, const char **path, uint32_t *line,
                        uint32_t *col, uint32_t *end_line, uint32_t *end_col);
/* Renders diagnostic i. `color` adds ANSI colours to the text format.
 * Returns a malloc'd string without a final newline; the caller frees it
 * with free(). NULL when memory runs out. */
char *witan_diag_render(witan_ctx *ctx, size_t i, witan_diag_format fmt, int color);


/* ------------------------------------------------------- the resolved model
 *
 * witan_resolve_path() turns WIT into the model wit-parser builds (its
 * `Resolve`): four arrays (packages, interfaces, worlds, types) indexed by
 * ids, in the reference's allocation order, so `witan resolve --json`
 * prints the same document as `wasm-tools component wit --json`.
 *
 * Every pointer below is owned by the context and valid until
 * witan_ctx_free(); the model is read-only for callers. Strings are
 * NUL-terminated UTF-8. Optional strings are NULL when absent. */

typedef uint32_t witan_id;
#define WITAN_NO_ID ((witan_id)0xFFFFFFFFu)

/* A reference to a type: a primitive, or a typedef by id. */
typedef enum witan_type_kind {
    WITAN_TYPE_NONE = 0, /* no type (a result-less function, a payload-less case) */
    WITAN_TYPE_BOOL, WITAN_TYPE_U8, WITAN_TYPE_U16, WITAN_TYPE_U32, WITAN_TYPE_U64,
    WITAN_TYPE_S8, WITAN_TYPE_S16, WITAN_TYPE_S32, WITAN_TYPE_S64,
    WITAN_TYPE_F32, WITAN_TYPE_F64, WITAN_TYPE_CHAR, WITAN_TYPE_STRING,
    WITAN_TYPE_ERROR_CONTEXT,
    WITAN_TYPE_ID        /* `id` names a witan_typedef */
} witan_type_kind;

typedef struct witan_type {
    witan_type_kind kind;
    witan_id id;         /* WITAN_TYPE_ID only */
} witan_type;

/* The documentation comments of an item, kept as where they are: their
 * text is made when asked for (witan_docs_text), since most uses of a
 * model never read it and, made for every item, it was as big as the
 * rest of the model's text. */
typedef struct witan_docs {
    uint32_t start;     /* offset of the first comment in the context's sources */
    uint32_t count;     /* comments, one after the other; 0: no docs */
} witan_docs;

/* Byte offsets into the context's sources; see witan_span_location(). */
typedef struct witan_span {
    uint32_t start, end;  /* start == 0xFFFFFFFF: unknown */
} witan_span;

typedef enum witan_stability_kind {
    WITAN_STABILITY_UNKNOWN = 0,
    WITAN_STABILITY_STABLE,     /* @since(version = since) */
    WITAN_STABILITY_UNSTABLE    /* @unstable(feature = feature) */
} witan_stability_kind;

/* Items carry a pointer to their stability, NULL when they have none
 * (kind UNKNOWN means the same): most items have none. */
typedef struct witan_stability {
    witan_stability_kind kind;
    const char *since;      /* canonical version text (stable) */
    const char *feature;    /* feature name (unstable) */
    const char *deprecated; /* @deprecated(version = ...) or NULL */
} witan_stability;

typedef enum witan_typedef_kind {
    WITAN_TD_RECORD,
    WITAN_TD_RESOURCE,
    WITAN_TD_HANDLE_OWN,    /* own<resource> */
    WITAN_TD_HANDLE_BORROW, /* borrow<resource> */
    WITAN_TD_FLAGS,
    WITAN_TD_TUPLE,
    WITAN_TD_VARIANT,
    WITAN_TD_ENUM,
    WITAN_TD_OPTION,        /* a */
    WITAN_TD_RESULT,        /* a = ok, b = err (either may be NONE) */
    WITAN_TD_LIST,          /* a */
    WITAN_TD_MAP,           /* a = key, b = value */
    WITAN_TD_FIXED_LIST,    /* a, size */
    WITAN_TD_FUTURE,        /* a (may be NONE) */
    WITAN_TD_STREAM,        /* a (may be NONE) */
    WITAN_TD_ALIAS,         /* `type x = a`, and every name brought in by `use` */
    WITAN_TD_UNKNOWN        /* internal: a type of another package not yet bound */
} witan_typedef_kind;

typedef enum witan_owner_kind {
    WITAN_OWNER_NONE = 0,   /* anonymous types */
    WITAN_OWNER_INTERFACE,
    WITAN_OWNER_WORLD
} witan_owner_kind;

/* A record field, variant case, enum case or flag. */
typedef struct witan_field {
    const char *name;
    witan_type type;        /* record: set; variant: NONE without payload; enum/flags: NONE */
    witan_docs docs;
    witan_span span;
} witan_field;

/* The members of a kind's shape share their storage: read only those of
 * the typedef's kind (a record has fields and no `a`, a handle has a
 * resource and nothing else). */
typedef struct witan_typedef {
    const char *name;       /* NULL for anonymous types */
    witan_docs docs;
    const witan_stability *stability;   /* NULL: none */
    const char *external_id;
    union {
        struct {
            witan_type a;   /* see witan_typedef_kind */
            union {
                witan_type b;
                uint32_t size;      /* fixed list length */
            };
        };
        struct {
            witan_field *fields;    /* record, flags, variant, enum */
            uint32_t nfields;
        };
        struct {
            witan_type *types;      /* tuple */
            uint32_t ntypes;
        };
        witan_id resource;  /* handles: the resource typedef */
    };
    witan_id owner_id;      /* interface or world id */
    uint8_t kind;           /* witan_typedef_kind */
    uint8_t owner;          /* witan_owner_kind */
    witan_span span;
} witan_typedef;

typedef enum witan_func_kind {
    WITAN_FUNC_FREESTANDING,
    WITAN_FUNC_ASYNC_FREESTANDING,
    WITAN_FUNC_METHOD,
    WITAN_FUNC_ASYNC_METHOD,
    WITAN_FUNC_STATIC,
    WITAN_FUNC_ASYNC_STATIC,
    WITAN_FUNC_CONSTRUCTOR
} witan_func_kind;

typedef struct witan_param {
    const char *name;       /* methods start with "self" (borrow<resource>) */
    witan_type type;
    witan_span span;
} witan_param;

typedef struct witan_function {
    const char *name;       /* "f", "[constructor]r", "[method]r.m", "[static]r.m" */
    witan_param *params;
    witan_docs docs;
    const witan_stability *stability;   /* NULL: none */
    const char *external_id;
    witan_type result;      /* NONE: no result */
    uint32_t nparams;
    witan_id resource;      /* methods, statics, constructors */
    witan_func_kind kind;
    witan_span span;
} witan_function;

typedef struct witan_named_id {
    const char *name;
    witan_id id;
} witan_named_id;

typedef struct witan_interface {
    const char *name;           /* NULL for inline (anonymous) interfaces */
    witan_named_id *types;      /* in the reference's order */
    uint32_t ntypes;
    witan_function *functions;  /* source order */
    uint32_t nfunctions;
    witan_docs docs;
    const witan_stability *stability;   /* NULL: none */
    witan_id package;
    witan_id clone_of;          /* WITAN_NO_ID unless copied by `include` */
    witan_span span;
} witan_interface;

typedef enum witan_item_kind {
    WITAN_ITEM_INTERFACE,
    WITAN_ITEM_FUNCTION,
    WITAN_ITEM_TYPE
} witan_item_kind;

/* An import or export of a world. Its key is a name (`name` set) or an
 * interface (`name` NULL, `key_interface` the interface id). */
typedef struct witan_world_item {
    const char *name;
    witan_id key_interface;
    witan_item_kind kind;
    witan_id id;                /* interface or type id */
    witan_function *func;       /* function items */
    const witan_stability *stability;   /* interface items; NULL: none */
    witan_docs docs;            /* interface items */
    const char *external_id;    /* interface items */
    witan_span span;
} witan_world_item;

typedef struct witan_world {
    const char *name;
    witan_world_item *imports;  /* after elaboration, in the reference's order */
    uint32_t nimports;
    witan_world_item *exports;
    uint32_t nexports;
    witan_id package;
    witan_docs docs;
    const witan_stability *stability;   /* NULL: none */
    witan_span span;
} witan_world;

typedef struct witan_package {
    const char *name;           /* "ns:name" or "ns:name@version" */
    const char *namespace_;
    const char *pkg_name;
    const char *version;        /* canonical text or NULL */
    witan_docs docs;
    witan_named_id *interfaces; /* named interfaces, id order */
    uint32_t ninterfaces;
    witan_named_id *worlds;     /* id order */
    uint32_t nworlds;
    witan_span span;            /* the package name */
} witan_package;

typedef struct witan_resolve {
    witan_package *packages;
    uint32_t npackages;
    witan_interface *interfaces;
    uint32_t ninterfaces;
    witan_world *worlds;
    uint32_t nworlds;
    witan_typedef *types;
    uint32_t ntypes;
    witan_id main_package;      /* the package PATH names (the root package) */
} witan_resolve;

/* The text of docs as wit-parser normalises it (comment markers and the
 * common indentation removed, lines joined with \n), "" for docs that
 * say nothing, NULL for none (count 0). Made again at each call from
 * the source, into a buffer of the context that the next call reuses:
 * copy it to keep it. Also "" when memory runs out (the context is
 * then marked so) and when the file shrank since it was loaded (an I/O
 * error in the diagnostics). */
const char *witan_docs_text(witan_ctx *ctx, witan_docs docs);

/* Enables an @unstable feature by name (before resolving). */
int witan_enable_feature(witan_ctx *ctx, const char *feature);
/* Enables every @unstable feature. */
void witan_set_all_features(witan_ctx *ctx, int all);

/* Loads PATH as the reference's `Resolve::push_path` does: a `.wit` file
 * (with its nested packages), a directory of `.wit` files forming one
 * package plus its `deps/` folder, or "-" for standard input. On success
 * *out points to the model (owned by ctx). On failure the first error is
 * in the diagnostics and *out is NULL. */
witan_status witan_resolve_path(witan_ctx *ctx, const char *path, const witan_resolve **out);

/* Writes the model as the reference's pretty JSON (no final newline).
 * Returns a malloc'd string the caller frees, or NULL when memory runs out
 * or a file's docs could not be read again (an I/O error in the
 * diagnostics, as witan_resolve_json_write). */
char *witan_resolve_json(witan_ctx *ctx, const witan_resolve *r);

/* Where the *_write functions put a document: called with each piece in
 * order; returns 0 to go on, anything else to stop (a write error). */
typedef int (*witan_write_fn)(void *arg, const char *data, size_t len);

/* witan_resolve_json's document, handed to `write` in pieces as it is
 * made, so that a big model's text never exists whole. Returns 0 when
 * every piece was written, -1 when memory ran out, a file's docs could
 * not be read again (witan_docs_text) or `write` refused a piece
 * (nothing more is written after any of them). */
int witan_resolve_json_write(witan_ctx *ctx, const witan_resolve *r, witan_write_fn write,
                             void *arg);

/* File, 1-based line and byte column of a span start. Returns 0 if unknown. */
int witan_span_location(witan_ctx *ctx, witan_span sp, const char **path, uint32_t *line,
                        uint32_t *col);

/* --------------------------------------------------- exported functions
 *
 * The functions a world exports (or imports), named as Golem names them
 * (../shared/spec/GOLEM.md): "slash" `golem:component/api/add-item`,
 * "braces" `golem:component/api.{add-item}`, "raw" (the component's own
 * export name) `golem:component/api#add-item`. Listed in the order a reader
 * of the .wit file expects: the world's items in source order, an
 * `include` contributing at its place, a resource's functions at the
 * resource followed by its drop. */

typedef enum witan_export_kind {
    WITAN_EXPORT_FUNCTION,      /* freestanding function */
    WITAN_EXPORT_CONSTRUCTOR,
    WITAN_EXPORT_METHOD,
    WITAN_EXPORT_STATIC,
    WITAN_EXPORT_DROP           /* dropping a resource instance (no raw name) */
} witan_export_kind;

typedef struct witan_export {
    const char *slash;
    const char *braces;
    const char *raw;            /* NULL for drops */
    witan_export_kind kind;
    const char *interface;      /* "golem:component/api", "wasi:cli/run@0.2.0"; for an
                                   interface exported under a name (inline or
                                   `name: path`) the root package, then the name:
                                   "golem:store@0.1.0/admin"; NULL for world-level
                                   functions */
    witan_id interface_id;      /* WITAN_NO_ID for world-level functions */
    const char *resource;       /* resource name, or NULL */
    witan_id resource_id;
    const char *function;       /* "add-item", "new", "inc-by", "drop" */
    const witan_function *func; /* NULL for drops */
} witan_export;

/* Picks a world of the root package: `name` is a world name, "ns:pkg/name",
 * or NULL for the package's only world (an error listing the worlds when
 * there are several or none). */
witan_status witan_select_world(witan_ctx *ctx, const witan_resolve *r, const char *name,
                                witan_id *world);

/* The exported (imports = 0) or imported (imports = 1) functions of a
 * world. The array is owned by the context. */
witan_status witan_world_functions(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                                   int imports, const witan_export **out, size_t *count);

/* The kind's name in JSON output: "function", "constructor", "method",
 * "static" or "drop". */
const char *witan_export_kind_name(witan_export_kind kind);

/* Finds a function of the list by any of its names (slash, braces or raw). */
const witan_export *witan_find_export(const witan_export *list, size_t count, const char *name);

/* 1 when the world is invoked through standard input and output: its only
 * export is `wasi:cli/run` (any version) — Golem's tier-2 worlds. */
int witan_world_is_stdio(const witan_resolve *r, witan_id world);

/* ------------------------------------------------------------------- lint
 *
 * witan's own rules on top of the reference's errors. Each rule has a
 * stable kebab-case id and a default level; callers change levels with
 * witan_lint_set_level, sources with `// witan: allow(rule)` (also
 * `warn(...)`, `deny(...)`) in a comment before an item, scoped to it. */

typedef enum witan_level {
    WITAN_LEVEL_OFF = 0,
    WITAN_LEVEL_WARNING = 1,
    WITAN_LEVEL_ERROR = 2
} witan_level;

typedef struct witan_rule_info {
    const char *id;             /* "unused-use" */
    witan_level default_level;
    const char *summary;        /* one line */
    const char *help;           /* what, why, how to fix, an example */
} witan_rule_info;

/* Every rule, in a fixed order (static storage). */
const witan_rule_info *witan_lint_rules(size_t *count);
/* Sets a rule's level; returns 0 for an unknown rule id. */
int witan_lint_set_level(witan_ctx *ctx, const char *rule, witan_level level);
/* Resolves PATH and adds the rules' findings to the diagnostics; `world`
 * selects the world the world rules look at (NULL: every world of the
 * root package). Returns WITAN_EINPUT when an error-level finding or an
 * error of the input was reported. */
witan_status witan_lint_path(witan_ctx *ctx, const char *path, const char *world);

/* ------------------------------------------------ manifest and parameters
 *
 * What a Golem user needs to call a world's functions: a manifest that
 * describes every exported function with JSON Schemas of its parameters
 * and result, and a check of a JSON parameter array before it is sent.
 * Both follow the JSON encoding of ../shared/spec/GOLEM.md §4, from one
 * description of its rules, so they never disagree about a value. */

/* The manifest of a world (a world id from witan_select_world): one JSON
 * document, format "witan-manifest" version 1, described in witan(1) and
 * by man/witan-manifest.schema.json. Returns a malloc'd NUL-terminated
 * string without a final newline; the caller frees it with free(). NULL
 * when memory runs out or a file's docs could not be read again (an I/O
 * error in the diagnostics; the context stays usable). */
char *witan_manifest_json(witan_ctx *ctx, const witan_resolve *r, witan_id world);
/* The same document in pieces, as witan_resolve_json_write. */
int witan_manifest_json_write(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                              witan_write_fn write, void *arg);

/* Nesting deeper than this is refused when reading parameters (JSON). */
#define WITAN_PARAMS_MAX_DEPTH 1000
/* At most this many problems are reported; one more entry then says so. */
#define WITAN_PARAMS_MAX_PROBLEMS 1000

/* One thing wrong with a parameter array. */
typedef struct witan_param_problem {
    const char *path;       /* JSON path of the value: "$", "$[0]", "$[0].quantity";
                               NULL when the problem concerns no single value
                               (invalid JSON, a function that cannot be called) */
    const char *message;    /* "expected u32, found -1" (lower-case, no period) */
    size_t offset;          /* byte offset in the input of the value, or of the
                               syntax error */
    uint32_t line, column;  /* the same place, 1-based (byte column); line 0
                               when the problem has no place in the input */
} witan_param_problem;

/* Checks `len` bytes of JSON, the parameters of a call of `fn` (an entry
 * of witan_world_functions(ctx, r, world, 0, ...)): one array, one value a
 * parameter (a method's `self` handle first; a drop takes just the
 * handle), each encoded as GOLEM.md §4 says. Integers are judged from
 * their text, exactly, and must be written as integers (`1`, not `1.0`,
 * `1e0`, or `-0` for 0). For a world invoked through stdio
 * (witan_world_is_stdio) the input only has to be JSON.
 *
 * Returns WITAN_OK with *count 0 (and *problems NULL) when the parameters
 * are valid; WITAN_EINPUT with *count > 0 when they are not (every problem
 * found, value by value, up to WITAN_PARAMS_MAX_PROBLEMS); WITAN_EINTERNAL when
 * memory runs out. *problems and its strings are owned by the context and
 * stay valid until witan_ctx_free(). Adds no diagnostics. */
witan_status witan_check_params(witan_ctx *ctx, const witan_resolve *r, witan_id world,
                                const witan_export *fn, const char *json, size_t len,
                                const witan_param_problem **problems, size_t *count);

#ifdef __cplusplus
}
#endif

#endif

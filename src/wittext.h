/* WIT written back from the resolved model: a type as it is spelled in a
 * signature (`list<product-item>`, `borrow<counter>`, an owned handle as
 * the bare resource name) and a named type's definition
 * (`record product-item { product-id: string, ... }`), on one line. */
#ifndef WITAN_WITTEXT_H
#define WITAN_WITTEXT_H

#include "buf.h"
#include "witan.h"

/* A name, with `%` in front when it is a keyword (`%list`). */
void wit_name(buf *b, const char *name);
/* A type reference: named types by name, the others spelled out. */
void wit_type(buf *b, const witan_resolve *r, witan_type t);
/* A type spelled out even when it is named: `type bytes = list<u8>` gives
 * `list<u8>` (its parts still by name). Records and the like give their name. */
void wit_type_spelled(buf *b, const witan_resolve *r, witan_type t);
/* The definition of a named typedef: `record x { ... }`, `type x = ...`,
 * `resource x { constructor(...); m: func(...); }`. */
void wit_definition(buf *b, const witan_resolve *r, witan_id id);
/* The WIT keyword that declares a named typedef: record, variant, enum,
 * flags, resource or type. */
const char *wit_declaration_keyword(const witan_typedef *td);

#endif

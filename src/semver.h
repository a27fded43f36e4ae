/* Semantic versions exactly as the Rust `semver` crate (1.0.x) parses,
 * orders and prints them, since package names and gates use its rules. */
#ifndef WITAN_SEMVER_H
#define WITAN_SEMVER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct semver {
    uint64_t major, minor, patch;
    const char *pre;     /* pre-release identifiers without '-', "" if none */
    const char *build;   /* build metadata without '+', "" if none */
    uint32_t pre_len, build_len;
} semver;

/* Parses text[0..len). On success returns 1; pre/build point into text.
 * On failure returns 0 and appends the crate's message to err. */
int semver_parse(const char *text, size_t len, semver *out, buf *err);
/* The crate's total order: major, minor, patch, pre-release (none sorts
 * last), then build metadata as a tie-breaker. */
int semver_cmp(const semver *a, const semver *b);
/* Precedence equality used for identity: all fields equal. */
int semver_eq(const semver *a, const semver *b);
/* Canonical text, e.g. "1.0.1-a+a". */
void semver_format(buf *out, const semver *v);

#endif

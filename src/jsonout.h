/* cJSON trees as text in the layout every witan document uses: two spaces
 * a level, one member or element a line (as `witan resolve --json`), not
 * cJSON_Print's tabs. */
#ifndef WITAN_JSONOUT_H
#define WITAN_JSONOUT_H

#include <cjson/cJSON.h>

#include "buf.h"

/* Appends v to b; b->failed is set when memory runs out. */
void jsonout_value(buf *b, const cJSON *v);

/* v as a malloc'd string with a final newline; NULL when memory runs out. */
char *jsonout_print(const cJSON *v);

#endif

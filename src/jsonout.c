/* Indented JSON text from a cJSON tree (jsonout.h). */
#include <stdbool.h>

#include "jsonout.h"

/* Scalars and keys go through cJSON itself, so escaping and the text of
 * numbers stay cJSON's. Recursion follows the tree's nesting, which
 * witan's documents bound: types nest at most 100 levels (the parser's
 * limit) and each adds a few levels of JSON. */
static void value(buf *b, const cJSON *v, int depth)
{
    bool obj = cJSON_IsObject(v);
    if (!obj && !cJSON_IsArray(v)) {
        char *s = cJSON_PrintUnformatted(v);
        if (!s) {
            b->failed = 1;
            return;
        }
        buf_adds(b, s);
        cJSON_free(s);
        return;
    }
    if (!v->child) {
        buf_adds(b, obj ? "{}" : "[]");
        return;
    }
    buf_addc(b, obj ? '{' : '[');
    for (const cJSON *c = v->child; c && !b->failed; c = c->next) {
        buf_printf(b, "\n%*s", (depth + 1) * 2, "");
        if (obj) {
            cJSON *key = cJSON_CreateString(c->string ? c->string : "");
            char *k = key ? cJSON_PrintUnformatted(key) : NULL;
            cJSON_Delete(key);
            if (!k) {
                b->failed = 1;
                return;
            }
            buf_printf(b, "%s: ", k);
            cJSON_free(k);
        }
        value(b, c, depth + 1);
        if (c->next)
            buf_addc(b, ',');
    }
    buf_printf(b, "\n%*s%c", depth * 2, "", obj ? '}' : ']');
}

void jsonout_value(buf *b, const cJSON *v)
{
    value(b, v, 0);
}

char *jsonout_print(const cJSON *v)
{
    buf b;
    buf_init(&b);
    value(&b, v, 0);
    buf_addc(&b, '\n');
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

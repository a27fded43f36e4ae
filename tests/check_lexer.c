/* The lexer (grammar/lexer.re): tokens, trivia, the pre-scan, string
 * literals and identifier validation, each against what wit-parser's
 * lexer (ast/lex.rs) does with the same bytes. */
#include "testutil.h"

#include "model.h"

enum { MAXTOK = 64 };

/* Lexes text and asserts it gives exactly the kinds in `kinds` (0-ended). */
static void assert_kinds(const char *text, const int *kinds)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, text, toks, MAXTOK);
    ck_assert_msg(n >= 0, "input %s: lexing failed", text);
    int want = 0;
    while (kinds[want])
        want++;
    ck_assert_msg(n == want, "input %s: %d tokens, want %d", text, n, want);
    for (int i = 0; i < n; i++)
        ck_assert_msg(toks[i].kind == kinds[i], "input %s: token %d is %s, want %s", text, i,
                      token_describe(toks[i].kind), token_describe(kinds[i]));
    witan_ctx_free(ctx);
}

#define KINDS(...) ((const int[]){__VA_ARGS__, 0})

/* Lexes text (of length len) and asserts the first error's message line
 * and line:col. */
static void assert_lex_error_n(const char *text, size_t len, const char *msg, uint32_t line,
                               uint32_t col)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex_source(ctx, tu_source_n(ctx, text, len), toks, MAXTOK);
    ck_assert_msg(n < 0, "input %s: lexed without error", text);
    ck_assert_uint_ge(witan_diag_count(ctx), 1);
    char got[512];
    uint32_t l, c;
    tu_diag_line(ctx, 0, got, sizeof got);
    tu_diag_linecol(ctx, 0, &l, &c);
    ck_assert_msg(strcmp(got, msg) == 0 && l == line && c == col,
                  "input %s:\n  expected %s at %u:%u\n  got      %s at %u:%u", text, msg, line,
                  col, got, l, c);
    witan_ctx_free(ctx);
}

static void assert_lex_error(const char *text, const char *msg, uint32_t line, uint32_t col)
{
    assert_lex_error_n(text, strlen(text), msg, line, col);
}

/* The single token text lexes to; asserts there is exactly one. */
static token one_token(witan_ctx *ctx, const char *text)
{
    token toks[MAXTOK];
    int n = tu_lex(ctx, text, toks, MAXTOK);
    ck_assert_msg(n == 1, "input %s: %d tokens, want 1", text, n);
    return toks[0];
}

/* ------------------------------------------------------------ punctuation */

static const struct { const char *text; int kind; const char *name; } punct[] = {
    {"=", TK_EQUALS, "'='"},      {",", TK_COMMA, "','"},     {":", TK_COLON, "':'"},
    {".", TK_PERIOD, "'.'"},      {";", TK_SEMI, "';'"},      {"(", TK_LPAREN, "'('"},
    {")", TK_RPAREN, "')'"},      {"{", TK_LBRACE, "'{'"},    {"}", TK_RBRACE, "'}'"},
    {"<", TK_LT, "'<'"},          {">", TK_GT, "'>'"},        {"->", TK_RARROW, "`->`"},
    {"*", TK_STAR, "`*`"},        {"@", TK_AT, "`@`"},        {"/", TK_SLASH, "`/`"},
    {"+", TK_PLUS, "`+`"},        {"-", TK_MINUS, "`-`"},
};

START_TEST(each_punctuation_is_one_token_with_its_reference_name)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, punct[_i].text);
    ck_assert_int_eq(t.kind, punct[_i].kind);
    ck_assert_uint_eq(t.start, 0);
    ck_assert_uint_eq(t.end, strlen(punct[_i].text));
    ck_assert_str_eq(token_describe(t.kind), punct[_i].name);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(punctuation_runs_split_into_single_tokens)
{
    assert_kinds("=,:.;(){}<>->*@/+-",
                 KINDS(TK_EQUALS, TK_COMMA, TK_COLON, TK_PERIOD, TK_SEMI, TK_LPAREN, TK_RPAREN,
                       TK_LBRACE, TK_RBRACE, TK_LT, TK_GT, TK_RARROW, TK_STAR, TK_AT, TK_SLASH,
                       TK_PLUS, TK_MINUS));
    /* `-` followed by `>` only: `- >` is two tokens, `-->` is `-` `->` */
    assert_kinds("- >", KINDS(TK_MINUS, TK_GT));
    assert_kinds("-->", KINDS(TK_MINUS, TK_RARROW));
}
END_TEST

/* --------------------------------------------------------------- keywords */

static const struct { const char *text; int kind; } keywords[] = {
    {"use", TK_USE},           {"type", TK_TYPE},
    {"func", TK_FUNC},         {"u8", TK_U8},
    {"u16", TK_U16},           {"u32", TK_U32},
    {"u64", TK_U64},           {"s8", TK_S8},
    {"s16", TK_S16},           {"s32", TK_S32},
    {"s64", TK_S64},           {"f32", TK_F32},
    {"f64", TK_F64},           {"char", TK_CHAR},
    {"bool", TK_BOOL},         {"string", TK_STRING_KW},
    {"resource", TK_RESOURCE}, {"own", TK_OWN},
    {"borrow", TK_BORROW},     {"record", TK_RECORD},
    {"flags", TK_FLAGS},       {"variant", TK_VARIANT},
    {"enum", TK_ENUM},         {"option", TK_OPTION},
    {"result", TK_RESULT},     {"future", TK_FUTURE},
    {"stream", TK_STREAM},     {"error-context", TK_ERROR_CONTEXT},
    {"list", TK_LIST},         {"map", TK_MAP},
    {"tuple", TK_TUPLE},       {"_", TK_UNDERSCORE},
    {"as", TK_AS},             {"from", TK_FROM},
    {"static", TK_STATIC},     {"interface", TK_INTERFACE},
    {"world", TK_WORLD},       {"import", TK_IMPORT},
    {"export", TK_EXPORT},     {"package", TK_PACKAGE},
    {"constructor", TK_CONSTRUCTOR}, {"include", TK_INCLUDE},
    {"with", TK_WITH},         {"async", TK_ASYNC},
};

START_TEST(there_are_44_keywords)
{
    ck_assert_uint_eq(sizeof keywords / sizeof keywords[0], 44);
}
END_TEST

START_TEST(each_keyword_is_its_own_token_and_named_keyword_in_backticks)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, keywords[_i].text);
    ck_assert_int_eq(t.kind, keywords[_i].kind);
    ck_assert_uint_eq(t.end - t.start, strlen(keywords[_i].text));
    char want[64];
    snprintf(want, sizeof want, "keyword `%s`", keywords[_i].text);
    ck_assert_str_eq(token_describe(t.kind), want);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(a_keyword_followed_by_more_keylike_characters_is_an_identifier)
{
    char text[64];
    /* ASCII letter, digit, `-`, `_` and a non-ASCII letter all extend the run */
    static const char *suffixes[] = {"x", "1", "-", "_", "\xc3\xa9"};
    for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++) {
        witan_ctx *ctx = tu_ctx();
        snprintf(text, sizeof text, "%s%s", keywords[_i].text, suffixes[s]);
        token t = one_token(ctx, text);
        ck_assert_msg(t.kind == TK_ID, "input %s: %s", text, token_describe(t.kind));
        ck_assert_uint_eq(t.end, strlen(text));
        witan_ctx_free(ctx);
    }
}
END_TEST

START_TEST(keywords_are_case_sensitive)
{
    assert_kinds("Use TYPE Func U8", KINDS(TK_ID, TK_ID, TK_ID, TK_ID));
}
END_TEST

START_TEST(error_context_is_one_token)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, "error-context");
    ck_assert_int_eq(t.kind, TK_ERROR_CONTEXT);
    ck_assert_uint_eq(t.end, 13);
    witan_ctx_free(ctx);
    assert_kinds("error - context", KINDS(TK_ID, TK_MINUS, TK_ID));
    assert_kinds("error-contexts", KINDS(TK_ID));
    assert_kinds("error-", KINDS(TK_ID));
}
END_TEST

START_TEST(underscore_alone_is_a_keyword_but_starts_identifiers)
{
    assert_kinds("_", KINDS(TK_UNDERSCORE));
    assert_kinds("_a _1 __ a_", KINDS(TK_ID, TK_ID, TK_ID, TK_ID));
    assert_kinds("_a_p_p_l_e_", KINDS(TK_ID));
}
END_TEST

START_TEST(words_that_are_not_keywords_are_identifiers)
{
    assert_kinds("since unstable deprecated external-id version feature self implements",
                 KINDS(TK_ID, TK_ID, TK_ID, TK_ID, TK_ID, TK_ID, TK_ID, TK_ID));
}
END_TEST

/* ------------------------------------------------------------ identifiers */

START_TEST(identifier_spans_cover_the_whole_keylike_run)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, "apple-pear  a0-B  x", toks, MAXTOK);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(toks[0].kind, TK_ID);
    ck_assert_uint_eq(toks[0].start, 0);
    ck_assert_uint_eq(toks[0].end, 10);
    ck_assert_uint_eq(toks[1].start, 12);
    ck_assert_uint_eq(toks[1].end, 16);
    ck_assert_uint_eq(toks[2].start, 18);
    ck_assert_uint_eq(toks[2].end, 19);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(lexer_accepts_what_validation_later_rejects)
{
    /* lex.rs test_tokenizer: these are single Id tokens */
    static const char *ids[] = {
        "apple", "apple-pear", "apple--pear", "apple-Pear", "apple-pear-grape",
        "garçon", "hühnervögel", "москва", "東京", "garçon-hühnervögel-москва-東京",
        "a0", "a", "APPLE", "APPLE-PEAR", "is-XML", "ENOENT", "a-", "a\xcc\x81",
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        witan_ctx *ctx = tu_ctx();
        token t = one_token(ctx, ids[i]);
        ck_assert_msg(t.kind == TK_ID, "input %s: %s", ids[i], token_describe(t.kind));
        ck_assert_uint_eq(t.end, strlen(ids[i]));
        witan_ctx_free(ctx);
    }
    assert_kinds("apple pear", KINDS(TK_ID, TK_ID));
}
END_TEST

START_TEST(explicit_id_takes_a_keylike_run_after_the_percent)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, "%type");
    ck_assert_int_eq(t.kind, TK_EXPLICIT_ID);
    ck_assert_uint_eq(t.start, 0);
    ck_assert_uint_eq(t.end, 5);
    ck_assert_str_eq(token_describe(t.kind), "an '%' identifier");
    witan_ctx_free(ctx);

    assert_kinds("%a %a-a %bool %error-context %_x %-a %é",
                 KINDS(TK_EXPLICIT_ID, TK_EXPLICIT_ID, TK_EXPLICIT_ID, TK_EXPLICIT_ID,
                       TK_EXPLICIT_ID, TK_EXPLICIT_ID, TK_EXPLICIT_ID));
}
END_TEST

START_TEST(percent_alone_is_an_explicit_id_of_one_byte)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, "%");
    ck_assert_int_eq(t.kind, TK_EXPLICIT_ID);
    ck_assert_uint_eq(t.end, 1);
    witan_ctx_free(ctx);
    /* a digit cannot start a keylike run: `%` then an integer */
    assert_kinds("%1a", KINDS(TK_EXPLICIT_ID, TK_INTEGER, TK_ID));
    assert_kinds("% a", KINDS(TK_EXPLICIT_ID, TK_ID));
    assert_kinds("%%", KINDS(TK_EXPLICIT_ID, TK_EXPLICIT_ID));
}
END_TEST

START_TEST(minus_never_starts_an_identifier)
{
    assert_kinds("-a", KINDS(TK_MINUS, TK_ID));
    assert_kinds("->a", KINDS(TK_RARROW, TK_ID));
    assert_kinds("--a", KINDS(TK_MINUS, TK_MINUS, TK_ID));
    /* but continues one, so `a->b` is `a-` `>` `b` */
    assert_kinds("a->b", KINDS(TK_ID, TK_GT, TK_ID));
    assert_kinds("a-b-", KINDS(TK_ID));
}
END_TEST

START_TEST(digits_then_letters_are_an_integer_then_an_identifier)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, "1foo", toks, MAXTOK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(toks[0].kind, TK_INTEGER);
    ck_assert_uint_eq(toks[0].end, 1);
    ck_assert_int_eq(toks[1].kind, TK_ID);
    ck_assert_uint_eq(toks[1].start, 1);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(integers_are_runs_of_ascii_digits)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, "0070");
    ck_assert_int_eq(t.kind, TK_INTEGER);
    ck_assert_uint_eq(t.end, 4);
    ck_assert_str_eq(token_describe(t.kind), "an integer");
    witan_ctx_free(ctx);
    assert_kinds("1.2.3", KINDS(TK_INTEGER, TK_PERIOD, TK_INTEGER, TK_PERIOD, TK_INTEGER));
    assert_kinds("-1", KINDS(TK_MINUS, TK_INTEGER));
    assert_kinds("99999999999999999999999", KINDS(TK_INTEGER));
}
END_TEST

START_TEST(non_ascii_letters_make_identifiers)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    /* XID_Start letters start a run, XID_Continue marks extend it */
    int n = tu_lex(ctx, "été x\xcc\x81y \xe6\x9d\xb1", toks, MAXTOK);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(toks[0].kind, TK_ID);
    ck_assert_uint_eq(toks[0].end, 5);
    ck_assert_int_eq(toks[1].kind, TK_ID);
    ck_assert_uint_eq(toks[1].start, 6);
    ck_assert_uint_eq(toks[1].end, 10);
    ck_assert_int_eq(toks[2].kind, TK_ID);
    witan_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------- whitespace */

START_TEST(whitespace_is_space_tab_newline_and_crlf)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, " \ta\r\n\r\n\tb\n  c \r\n", toks, MAXTOK);
    ck_assert_int_eq(n, 3);
    ck_assert_uint_eq(toks[0].start, 2);
    ck_assert_uint_eq(toks[1].start, 8);
    ck_assert_uint_eq(toks[2].start, 12);
    for (int i = 0; i < n; i++)
        ck_assert_uint_eq(toks[i].docs_count, 0);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(crlf_counts_as_one_line_end_in_locations)
{
    assert_lex_error("a\r\nb\r\n  $", "unexpected character '$'", 3, 3);
}
END_TEST

START_TEST(lone_carriage_return_is_an_unexpected_character)
{
    assert_lex_error("a\rb", "unexpected character '\\r'", 1, 2);
    assert_lex_error("a \r", "unexpected character '\\r'", 1, 3);
    /* `\r\r\n`: the first `\r` has no `\n` after it */
    assert_lex_error("a\r\r\nb", "unexpected character '\\r'", 1, 2);
}
END_TEST

START_TEST(other_spaces_are_unexpected_characters)
{
    assert_lex_error("a\xc2\xa0" "b", "unexpected character '\\u{a0}'", 1, 2);
    assert_lex_error("\xe2\x80\x83", "unexpected character '\\u{2003}'", 1, 1);
}
END_TEST

/* --------------------------------------------------------------- comments */

START_TEST(comments_are_recorded_and_attached_to_the_next_token)
{
    witan_ctx *ctx = tu_ctx();
    const char *text = "// one\n/* two */ /// three\r\nx // four\ny";
    token toks[MAXTOK];
    int n = tu_lex(ctx, text, toks, MAXTOK);
    ck_assert_int_eq(n, 2);
    ck_assert_uint_eq(toks[0].docs_count + toks[1].docs_count, 4);
    /* line comments include their newline (a CRLF counts as one); the
     * comments are found again from where the first starts (docs_span) */
    span sp = docs_span(ctx, (ast_docs){0, 1});
    ck_assert_uint_eq(sp.start, 0);
    ck_assert_uint_eq(sp.end, 7);
    sp = docs_span(ctx, (ast_docs){7, 1});
    ck_assert_uint_eq(sp.start, 7);
    ck_assert_uint_eq(sp.end, 16);
    sp = docs_span(ctx, (ast_docs){17, 1});
    ck_assert_uint_eq(sp.start, 17);
    ck_assert_uint_eq(sp.end, 28);
    sp = docs_span(ctx, (ast_docs){toks[0].docs_start, toks[0].docs_count});
    ck_assert_uint_eq(sp.start, 0);
    ck_assert_uint_eq(sp.end, 28);
    ck_assert_uint_eq(toks[0].docs_start, 0);
    ck_assert_uint_eq(toks[0].docs_count, 3);
    ck_assert_uint_eq(toks[1].docs_start, 30);
    ck_assert_uint_eq(toks[1].docs_count, 1);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(token_without_comments_before_it_has_no_docs)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, "/* a */ x y", toks, MAXTOK);
    ck_assert_int_eq(n, 2);
    ck_assert_uint_eq(toks[0].docs_count, 1);
    ck_assert_uint_eq(toks[1].docs_count, 0);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(line_comment_at_end_of_file_needs_no_newline)
{
    witan_ctx *ctx = tu_ctx();
    source *src = tu_source(ctx, "x // end");
    ck_assert(lexer_prescan(ctx, src));
    lexer lx;
    lexer_init(&lx, ctx, src);
    token t;
    ck_assert(lexer_next(&lx, &t));
    ck_assert_int_eq(t.kind, TK_ID);
    /* the comment goes with the end of input */
    ck_assert(lexer_next(&lx, &t));
    ck_assert_int_eq(t.kind, 0);
    ck_assert_uint_eq(t.docs_count, 1);
    ck_assert_uint_eq(t.docs_start, 2);
    span sp = docs_span(ctx, (ast_docs){t.docs_start, t.docs_count});
    ck_assert_uint_eq(sp.start, 2);
    ck_assert_uint_eq(sp.end, 8);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(block_comments_nest)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, "/* a /* b */ c */ x /*/ */ y /**/ z", toks, MAXTOK);
    ck_assert_int_eq(n, 3);
    ck_assert_uint_eq(toks[0].docs_count + toks[1].docs_count + toks[2].docs_count, 3);
    span sp = docs_span(ctx, (ast_docs){toks[0].docs_start, toks[0].docs_count});
    ck_assert_uint_eq(sp.start, 0);
    ck_assert_uint_eq(sp.end, 17);
    ck_assert_uint_eq(toks[0].start, 18);
    sp = docs_span(ctx, (ast_docs){toks[1].docs_start, toks[1].docs_count});
    ck_assert_uint_eq(sp.start, 20);
    ck_assert_uint_eq(sp.end, 26);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(slash_not_followed_by_slash_or_star_is_a_token)
{
    assert_kinds("a/b / *", KINDS(TK_ID, TK_SLASH, TK_ID, TK_SLASH, TK_STAR));
}
END_TEST

START_TEST(unterminated_block_comment_is_reported_at_the_outermost_opening)
{
    assert_lex_error("a /* b", "unterminated block comment", 1, 3);
    assert_lex_error("x\n  /* /* */\n", "unterminated block comment", 2, 3);
    assert_lex_error("/*/", "unterminated block comment", 1, 1);
}
END_TEST

/* ------------------------------------------------------- byte-order marks */

START_TEST(bom_at_start_is_skipped)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, "\xef\xbb\xbf" "abc");
    ck_assert_int_eq(t.kind, TK_ID);
    ck_assert_uint_eq(t.start, 3);
    ck_assert_uint_eq(t.end, 6);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(bom_elsewhere_is_an_unexpected_character)
{
    assert_lex_error("a\xef\xbb\xbf", "unexpected character '\\u{feff}'", 1, 2);
    /* only one is skipped */
    assert_lex_error("\xef\xbb\xbf\xef\xbb\xbf", "unexpected character '\\u{feff}'", 1, 4);
}
END_TEST

/* ------------------------------------------------- unexpected characters */

START_TEST(unexpected_characters_are_quoted_like_rust_char_debug)
{
    assert_lex_error("$", "unexpected character '$'", 1, 1);
    assert_lex_error("a #", "unexpected character '#'", 1, 3);
    assert_lex_error("\xe2\x82\xac", "unexpected character '€'", 1, 1);
    assert_lex_error("'", "unexpected character '\\''", 1, 1);
    assert_lex_error("\\", "unexpected character '\\\\'", 1, 1);
    assert_lex_error("[", "unexpected character '['", 1, 1);
    /* a combining mark cannot start a token and prints escaped */
    assert_lex_error("\xcc\x81", "unexpected character '\\u{301}'", 1, 1);
    /* a printable non-letter prints as itself */
    assert_lex_error("x \xc2\xa9", "unexpected character '©'", 1, 3);
}
END_TEST

START_TEST(lexing_stops_at_the_first_error)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    ck_assert_int_eq(tu_lex(ctx, "a $ #", toks, MAXTOK), -1);
    ck_assert_uint_eq(witan_diag_count(ctx), 1);
    witan_ctx_free(ctx);
}
END_TEST

/* --------------------------------------------------------------- pre-scan */

START_TEST(control_codes_are_rejected_before_lexing)
{
    assert_lex_error("a\x0b", "Control code '\\u{b}'", 1, 2);
    assert_lex_error("\x0c", "Control code '\\u{c}'", 1, 1);
    assert_lex_error_n("a\0b", 3, "Control code '\\u{0}'", 1, 2);
    assert_lex_error("x\x7f", "Control code '\\u{7f}'", 1, 2);
    assert_lex_error("ab\xc2\x85", "Control code '\\u{85}'", 1, 3);
    assert_lex_error("\x1b", "Control code '\\u{1b}'", 1, 1);
}
END_TEST

START_TEST(prescan_covers_comments_and_strings_and_wins_over_earlier_lex_errors)
{
    assert_lex_error("// \x01\n", "Control code '\\u{1}'", 1, 4);
    assert_lex_error("\"\x02\"", "Control code '\\u{2}'", 1, 2);
    /* the `$` comes first but the pre-scan runs first */
    assert_lex_error("$ \x0b", "Control code '\\u{b}'", 1, 3);
    /* tab, newline and carriage return pass the pre-scan */
    witan_ctx *ctx = tu_ctx();
    ck_assert_int_eq(lexer_prescan(ctx, tu_source(ctx, "\t\r\n\r")), 1);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(bidi_override_code_points_are_rejected)
{
    static const char *cps[] = {"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad",
                                "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
                                "\xe2\x81\xa9"};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        witan_ctx *ctx = tu_ctx();
        char text[16];
        snprintf(text, sizeof text, "// %s", cps[i]);
        ck_assert_int_eq(lexer_prescan(ctx, tu_source(ctx, text)), 0);
        char got[256];
        tu_diag_line(ctx, 0, got, sizeof got);
        const char *prefix = "Input contains bidirectional override codepoint ";
        ck_assert_msg(strncmp(got, prefix, strlen(prefix)) == 0, "got %s", got);
        uint32_t l, c;
        tu_diag_linecol(ctx, 0, &l, &c);
        ck_assert_uint_eq(l, 1);
        ck_assert_uint_eq(c, 4);
        witan_ctx_free(ctx);
    }
}
END_TEST

START_TEST(discouraged_code_points_are_rejected)
{
    static const char *cps[] = {"\xc5\x89", "\xd9\xb3", "\xe0\xbd\xb7", "\xe0\xbd\xb9",
                                "\xe1\x9e\xa3", "\xe1\x9e\xa4", "\xe1\x9e\xb4", "\xe1\x9e\xb5"};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        witan_ctx *ctx = tu_ctx();
        char text[16];
        snprintf(text, sizeof text, "a %s", cps[i]);
        ck_assert_int_eq(lexer_prescan(ctx, tu_source(ctx, text)), 0);
        char got[256];
        tu_diag_line(ctx, 0, got, sizeof got);
        const char *suffix = " is discouraged by Unicode";
        size_t gl = strlen(got), sl = strlen(suffix);
        ck_assert_msg(strncmp(got, "Codepoint ", 10) == 0 && gl > sl &&
                          strcmp(got + gl - sl, suffix) == 0,
                      "got %s", got);
        uint32_t l, c;
        tu_diag_linecol(ctx, 0, &l, &c);
        ck_assert_uint_eq(c, 3);
        witan_ctx_free(ctx);
    }
}
END_TEST

START_TEST(prescan_reports_the_first_offending_code_point)
{
    witan_ctx *ctx = tu_ctx();
    ck_assert_int_eq(lexer_prescan(ctx, tu_source(ctx, "a\xc5\x89\x0b")), 0);
    ck_assert_uint_eq(witan_diag_count(ctx), 1);
    char got[256];
    ck_assert_msg(strncmp(tu_diag_line(ctx, 0, got, sizeof got), "Codepoint ", 10) == 0, "%s",
                  got);
    witan_ctx_free(ctx);
    assert_lex_error("\x0b\xe2\x80\xae", "Control code '\\u{b}'", 1, 1);
}
END_TEST

/* -------------------------------------------------------- string literals */

/* The decoded value the lexer stores for a string token. */
static void assert_string(const char *text, const char *want, uint32_t want_len)
{
    witan_ctx *ctx = tu_ctx();
    token t = one_token(ctx, text);
    ck_assert_int_eq(t.kind, TK_STRING);
    ck_assert_uint_eq(t.start, 0);
    ck_assert_uint_eq(t.end, strlen(text));
    ck_assert_ptr_nonnull(t.val);
    uint32_t len;
    memcpy(&len, t.val, sizeof len);
    const char *s = (const char *)t.val + sizeof len;
    ck_assert_msg(len == want_len && memcmp(s, want, len) == 0 && s[len] == 0,
                  "input %s: decoded %u bytes", text, len);
    witan_ctx_free(ctx);
}

START_TEST(string_literals_decode_every_escape)
{
    assert_string("\"\"", "", 0);
    assert_string("\"a b c\"", "a b c", 5);
    assert_string("\"\\\"\"", "\"", 1);
    assert_string("\"\\'\"", "'", 1);
    assert_string("\"\\t\"", "\t", 1);
    assert_string("\"\\n\"", "\n", 1);
    assert_string("\"\\r\"", "\r", 1);
    assert_string("\"\\\\\"", "\\", 1);
    /* two hex digits are one byte */
    assert_string("\"\\00\"", "\0", 1);
    assert_string("\"\\01\"", "\x01", 1);
    assert_string("\"\\0f\"", "\x0f", 1);
    assert_string("\"\\41\\4A\"", "AJ", 2);
    /* \b \e \f are hex escapes, not C escapes; bytes may build UTF-8 */
    assert_string("\"\\c3\\a9\"", "é", 2);
    assert_string("\"\\f0\\9f\\98\\bc\"", "\xf0\x9f\x98\xbc", 4);
    /* \u{...} with underscores between digits */
    assert_string("\"\\u{0}\"", "\0", 1);
    assert_string("\"\\u{1}\"", "\x01", 1);
    assert_string("\"\\u{1_2_3_f}\"", "\xe1\x88\xbf", 3);
    assert_string("\"\\u{E9}\"", "é", 2);
    assert_string("\"\\u{10FFFF}\"", "\xf4\x8f\xbf\xbf", 4);
    assert_string("\"\\u{00000041}\"", "A", 1);
    /* raw non-ASCII characters are kept */
    assert_string("\"héllo €\"", "héllo €", 10);
    assert_string("\"a\\u{62}\\63d\\n\"", "abcd\n", 5);
}
END_TEST

START_TEST(string_errors_match_lex_rs_tests)
{
    /* positions as in lex.rs test_strings (0-based offsets, column = +1) */
    assert_lex_error("\"\\h\"", "invalid string escape 'h'", 1, 3);
    assert_lex_error("\"\\0_1\"", "invalid hex digit '_'", 1, 4);
    assert_lex_error("\"\\0g\"", "invalid hex digit 'g'", 1, 4);
    assert_lex_error("\"\\ff\"",
                     "invalid UTF-8: invalid utf-8 sequence of 1 bytes from index 0", 1, 1);
    assert_lex_error("\"\\u0000\"", "expected character '{'", 1, 4);
    assert_lex_error("\"\\u{0h\"", "expected character '}'", 1, 6);
    assert_lex_error("\"\\u{1_}\"", "trailing underscore in number", 1, 5);
    assert_lex_error("\"\\u{fffffffffffffffffffff}\"", "number is too big to fit in a u32", 1,
                     13);
    assert_lex_error("\"\\u{ffff_ffff}\"", "invalid unicode value 0xffffffff", 1, 3);
    assert_lex_error("\"\t\"", "invalid string character '\\t'", 1, 2);
}
END_TEST

START_TEST(string_errors_of_every_kind)
{
    assert_lex_error("\"a\nb\"", "invalid string character '\\n'", 1, 3);
    assert_lex_error("\"a\r\nb\"", "invalid string character '\\n'", 1, 3);
    assert_lex_error("\"a\rb\"", "invalid string character '\\r'", 1, 3);
    assert_lex_error("\"\\a\"", "invalid hex digit '\"'", 1, 4);
    assert_lex_error("\"\\x41\"", "invalid string escape 'x'", 1, 3);
    assert_lex_error("\"\\é\"", "invalid string escape 'é'", 1, 3);
    assert_lex_error("\"\\u{g}\"", "invalid hex digit 'g'", 1, 5);
    assert_lex_error("\"\\u{_1}\"", "invalid hex digit '_'", 1, 5);
    assert_lex_error("\"\\u{}\"", "invalid hex digit '}'", 1, 5);
    assert_lex_error("\"\\u{d800}\"", "invalid unicode value 0xd800", 1, 3);
    assert_lex_error("\"\\u{110000}\"", "invalid unicode value 0x110000", 1, 3);
    assert_lex_error("\"\\u{41\"", "expected character '}'", 1, 7);
    /* decoded bytes are checked as a whole, at the opening quote */
    assert_lex_error("x \"ok\\c3\"", "invalid UTF-8: incomplete utf-8 byte sequence from index 2",
                     1, 3);
    assert_lex_error("\"\\e0\\80\\80\"",
                     "invalid UTF-8: invalid utf-8 sequence of 1 bytes from index 0", 1, 1);
    assert_lex_error("\"ab\\e1\\80A\"",
                     "invalid UTF-8: invalid utf-8 sequence of 2 bytes from index 2", 1, 1);
}
END_TEST

START_TEST(string_at_end_of_file_is_an_unexpected_end_of_file)
{
    /* reported one past the last byte */
    assert_lex_error("\"abc", "unexpected end of file", 1, 5);
    assert_lex_error("x \"abc\\", "unexpected end of file", 1, 8);
    assert_lex_error("\"\\u", "unexpected end of file", 1, 4);
    assert_lex_error("\"\\u{", "unexpected end of file", 1, 5);
    assert_lex_error("\"\\u{1", "unexpected end of file", 1, 6);
    assert_lex_error("\"\\u{1_", "unexpected end of file", 1, 7);
    assert_lex_error("\"\\u{1}", "unexpected end of file", 1, 7);
    assert_lex_error("\"\\4", "unexpected end of file", 1, 4);
    assert_lex_error("\"a\n", "invalid string character '\\n'", 1, 3);
}
END_TEST

/* ------------------------------------------------- identifier validation */

static const char *valid_ids[] = {
    "apple", "apple-pear", "apple-pear-grape", "a0", "a", "a-a", "bool", "APPLE",
    "APPLE-PEAR", "APPLE-PEAR-GRAPE", "apple-PEAR-grape", "APPLE-pear-GRAPE", "ENOENT",
    "is-XML", "apple-0", "a0-000-3d4a-54FF", "foo-1", "a-1b",
};

START_TEST(validate_id_accepts_kebab_case_words)
{
    witan_ctx *ctx = tu_ctx();
    const char *s = valid_ids[_i];
    ck_assert_msg(lexer_validate_id(ctx, s, (uint32_t)strlen(s), 0) == 1, "%s rejected", s);
    ck_assert_uint_eq(witan_diag_count(ctx), 0);
    witan_ctx_free(ctx);
}
END_TEST

/* lex.rs test_validate_id's rejected names, with the message the
 * reference's validate_id gives for each. */
static const struct { const char *id; const char *msg; } invalid_ids[] = {
    {"", "identifiers must have characters between '-'s"},
    {"0", "invalid character in identifier '0'"},
    {"%", "invalid character in identifier '%'"},
    {"$", "invalid character in identifier '$'"},
    {"0a", "invalid character in identifier '0'"},
    {".", "invalid character in identifier '.'"},
    {"·", "invalid character in identifier '·'"},
    {"a a", "invalid character in identifier ' '"},
    {"_", "invalid character in identifier '_'"},
    {"-", "identifiers must have characters between '-'s"},
    {"a-", "identifiers must have characters between '-'s"},
    {"-a", "identifiers must have characters between '-'s"},
    {"Apple", "invalid character in identifier 'p'"},
    {"applE", "invalid character in identifier 'E'"},
    {"-apple-pear", "identifiers must have characters between '-'s"},
    {"apple-pear-", "identifiers must have characters between '-'s"},
    {"apple_pear", "invalid character in identifier '_'"},
    {"apple.pear", "invalid character in identifier '.'"},
    {"apple pear", "invalid character in identifier ' '"},
    {"apple/pear", "invalid character in identifier '/'"},
    {"apple|pear", "invalid character in identifier '|'"},
    {"apple-Pear", "invalid character in identifier 'e'"},
    {"()()", "invalid character in identifier '('"},
    {"*", "invalid character in identifier '*'"},
    {"apple\xd7\xb3pear", "invalid character in identifier '׳'"},
    {"apple\xe2\x80\x8cpear", "invalid character in identifier '\\u{200c}'"},
    {"apple\xe2\x80\x8dpear", "invalid character in identifier '\\u{200d}'"},
    {"apple--pear", "identifiers must have characters between '-'s"},
    {"_apple", "invalid character in identifier '_'"},
    {"apple_", "invalid character in identifier '_'"},
    {"_Znwj", "invalid character in identifier '_'"},
    {"__i386", "invalid character in identifier '_'"},
    {"__i386__", "invalid character in identifier '_'"},
    {"Москва", "invalid character in identifier 'М'"},
    {"garçon-hühnervögel-Москва-東京", "invalid character in identifier 'ç'"},
    {"a0-000-3d4A-54Ff", "invalid character in identifier 'A'"},
    {"😼", "invalid character in identifier '😼'"},
    {"\xe2\x84\xab", "invalid character in identifier '\xe2\x84\xab'"},
    /* the first-part rule comes before the case rule */
    {"1-a", "invalid character in identifier '1'"},
    /* an empty later part is reported only when it is reached */
    {"a-Bc-", "invalid character in identifier 'c'"},
    {"été", "invalid character in identifier 'é'"},
    {"foo-Bar", "invalid character in identifier 'a'"},
    {"Foo", "invalid character in identifier 'o'"},
    {"a-_b", "invalid character in identifier '_'"},
};

START_TEST(validate_id_rejects_with_the_reference_message)
{
    witan_ctx *ctx = tu_ctx();
    tu_source(ctx, "0123456789");
    const char *s = invalid_ids[_i].id;
    ck_assert_msg(lexer_validate_id(ctx, s, (uint32_t)strlen(s), 7) == 0, "%s accepted", s);
    ck_assert_uint_eq(witan_diag_count(ctx), 1);
    char got[256];
    tu_diag_line(ctx, 0, got, sizeof got);
    ck_assert_msg(strcmp(got, invalid_ids[_i].msg) == 0, "id %s: got %s, want %s", s, got,
                  invalid_ids[_i].msg);
    /* reported where the token starts */
    uint32_t l, c;
    tu_diag_linecol(ctx, 0, &l, &c);
    ck_assert_uint_eq(c, 8);
    witan_ctx_free(ctx);
}
END_TEST

/* --------------------------------------------------------------- the end */

START_TEST(end_of_input_is_kind_zero_named_eof_at_the_file_end)
{
    witan_ctx *ctx = tu_ctx();
    source *src = tu_source(ctx, "a  ");
    lexer lx;
    lexer_init(&lx, ctx, src);
    token t;
    ck_assert_int_eq(lexer_next(&lx, &t), 1);
    ck_assert_int_eq(t.kind, TK_ID);
    ck_assert_int_eq(lexer_next(&lx, &t), 1);
    ck_assert_int_eq(t.kind, 0);
    ck_assert_uint_eq(t.start, 3);
    ck_assert_uint_eq(lexer_eof(&lx), 3);
    /* asking again keeps giving the end */
    ck_assert_int_eq(lexer_next(&lx, &t), 1);
    ck_assert_int_eq(t.kind, 0);
    ck_assert_str_eq(token_describe(0), "eof");
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(spans_are_global_offsets_of_the_file)
{
    witan_ctx *ctx = tu_ctx();
    tu_source(ctx, "first file");
    source *src = tu_source(ctx, "x  yz");
    ck_assert_uint_eq(src->base, 11);
    token toks[MAXTOK];
    int n = tu_lex_source(ctx, src, toks, MAXTOK);
    ck_assert_int_eq(n, 2);
    ck_assert_uint_eq(toks[0].start, 11);
    ck_assert_uint_eq(toks[0].end, 12);
    ck_assert_uint_eq(toks[1].start, 14);
    ck_assert_uint_eq(toks[1].end, 16);
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(token_spans_of_a_small_declaration)
{
    witan_ctx *ctx = tu_ctx();
    const char *text = "f: func(a: list<u8, 4>) -> %type;";
    static const struct { int kind; uint32_t start, end; } want[] = {
        {TK_ID, 0, 1},     {TK_COLON, 1, 2},    {TK_FUNC, 3, 7},      {TK_LPAREN, 7, 8},
        {TK_ID, 8, 9},     {TK_COLON, 9, 10},   {TK_LIST, 11, 15},    {TK_LT, 15, 16},
        {TK_U8, 16, 18},   {TK_COMMA, 18, 19},  {TK_INTEGER, 20, 21}, {TK_GT, 21, 22},
        {TK_RPAREN, 22, 23}, {TK_RARROW, 24, 26}, {TK_EXPLICIT_ID, 27, 32}, {TK_SEMI, 32, 33},
    };
    token toks[MAXTOK];
    int n = tu_lex(ctx, text, toks, MAXTOK);
    ck_assert_int_eq(n, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < n; i++) {
        ck_assert_int_eq(toks[i].kind, want[i].kind);
        ck_assert_uint_eq(toks[i].start, want[i].start);
        ck_assert_uint_eq(toks[i].end, want[i].end);
    }
    witan_ctx_free(ctx);
}
END_TEST

START_TEST(string_token_span_covers_both_quotes)
{
    witan_ctx *ctx = tu_ctx();
    token toks[MAXTOK];
    int n = tu_lex(ctx, "( \"a\\\"b\" )", toks, MAXTOK);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(toks[1].kind, TK_STRING);
    ck_assert_uint_eq(toks[1].start, 2);
    ck_assert_uint_eq(toks[1].end, 8);
    ck_assert_str_eq(token_describe(TK_STRING), "a string literal");
    witan_ctx_free(ctx);
}
END_TEST

static Suite *lexer_suite(void)
{
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("tokens");
    tcase_add_loop_test(tc, each_punctuation_is_one_token_with_its_reference_name, 0,
                        (int)(sizeof punct / sizeof punct[0]));
    tcase_add_test(tc, punctuation_runs_split_into_single_tokens);
    tcase_add_test(tc, there_are_44_keywords);
    tcase_add_loop_test(tc, each_keyword_is_its_own_token_and_named_keyword_in_backticks, 0,
                        (int)(sizeof keywords / sizeof keywords[0]));
    tcase_add_loop_test(tc, a_keyword_followed_by_more_keylike_characters_is_an_identifier, 0,
                        (int)(sizeof keywords / sizeof keywords[0]));
    tcase_add_test(tc, keywords_are_case_sensitive);
    tcase_add_test(tc, error_context_is_one_token);
    tcase_add_test(tc, underscore_alone_is_a_keyword_but_starts_identifiers);
    tcase_add_test(tc, words_that_are_not_keywords_are_identifiers);
    tcase_add_test(tc, identifier_spans_cover_the_whole_keylike_run);
    tcase_add_test(tc, lexer_accepts_what_validation_later_rejects);
    tcase_add_test(tc, explicit_id_takes_a_keylike_run_after_the_percent);
    tcase_add_test(tc, percent_alone_is_an_explicit_id_of_one_byte);
    tcase_add_test(tc, minus_never_starts_an_identifier);
    tcase_add_test(tc, digits_then_letters_are_an_integer_then_an_identifier);
    tcase_add_test(tc, integers_are_runs_of_ascii_digits);
    tcase_add_test(tc, non_ascii_letters_make_identifiers);
    tcase_add_test(tc, end_of_input_is_kind_zero_named_eof_at_the_file_end);
    tcase_add_test(tc, spans_are_global_offsets_of_the_file);
    tcase_add_test(tc, token_spans_of_a_small_declaration);
    tcase_add_test(tc, string_token_span_covers_both_quotes);
    suite_add_tcase(s, tc);

    tc = tcase_create("trivia");
    tcase_add_test(tc, whitespace_is_space_tab_newline_and_crlf);
    tcase_add_test(tc, crlf_counts_as_one_line_end_in_locations);
    tcase_add_test(tc, lone_carriage_return_is_an_unexpected_character);
    tcase_add_test(tc, other_spaces_are_unexpected_characters);
    tcase_add_test(tc, comments_are_recorded_and_attached_to_the_next_token);
    tcase_add_test(tc, token_without_comments_before_it_has_no_docs);
    tcase_add_test(tc, line_comment_at_end_of_file_needs_no_newline);
    tcase_add_test(tc, block_comments_nest);
    tcase_add_test(tc, slash_not_followed_by_slash_or_star_is_a_token);
    tcase_add_test(tc, unterminated_block_comment_is_reported_at_the_outermost_opening);
    tcase_add_test(tc, bom_at_start_is_skipped);
    tcase_add_test(tc, bom_elsewhere_is_an_unexpected_character);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, unexpected_characters_are_quoted_like_rust_char_debug);
    tcase_add_test(tc, lexing_stops_at_the_first_error);
    tcase_add_test(tc, control_codes_are_rejected_before_lexing);
    tcase_add_test(tc, prescan_covers_comments_and_strings_and_wins_over_earlier_lex_errors);
    tcase_add_test(tc, bidi_override_code_points_are_rejected);
    tcase_add_test(tc, discouraged_code_points_are_rejected);
    tcase_add_test(tc, prescan_reports_the_first_offending_code_point);
    suite_add_tcase(s, tc);

    tc = tcase_create("strings");
    tcase_add_test(tc, string_literals_decode_every_escape);
    tcase_add_test(tc, string_errors_match_lex_rs_tests);
    tcase_add_test(tc, string_errors_of_every_kind);
    tcase_add_test(tc, string_at_end_of_file_is_an_unexpected_end_of_file);
    suite_add_tcase(s, tc);

    tc = tcase_create("identifiers");
    tcase_add_loop_test(tc, validate_id_accepts_kebab_case_words, 0,
                        (int)(sizeof valid_ids / sizeof valid_ids[0]));
    tcase_add_loop_test(tc, validate_id_rejects_with_the_reference_message, 0,
                        (int)(sizeof invalid_ids / sizeof invalid_ids[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(lexer_suite());
}

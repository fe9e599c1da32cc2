/* The SPARQL lexer: token types, decoded values, lines and columns. */
#include "sparql/lexer.h"
#include "../tap.h"

#include <stdlib.h>

/* Lexes `text` and writes "TYPE:value" for each token, space-separated,
 * into a static buffer; stops at EOF or after an error ("ERR:msg"). */
static const char *
lex_all(const char *text)
{
	static char out[2048];
	kg_sparql_lexer lx;
	kg_sparql_token t;
	size_t n = 0;
	out[0] = '\0';
	kg_sparql_lexer_init(&lx, text);
	for (;;) {
		kg_sparql_tok ty = kg_sparql_lex(&lx, &t);
		if (ty == KG_TOK_EOF)
			break;
		if (ty == KG_TOK_ERROR) {
			n += (size_t)snprintf(out + n, sizeof out - n, "%sERR:%s",
			                      n ? " " : "", lx.err);
			break;
		}
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%d:%s",
		                      n ? " " : "", (int)ty, t.val);
	}
	kg_sparql_lexer_clear(&lx);
	return out;
}

static void
one(const char *text, kg_sparql_tok want, const char *val, const char *what)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%d:%s", (int)want, val);
	TAP_STR(lex_all(text), buf, "%s", what);
}

int
main(void)
{
	one("<http://ex/a>", KG_TOK_IRIREF, "http://ex/a", "IRIREF");
	one("<http://ex/\\u00E9>", KG_TOK_IRIREF, "http://ex/\xc3\xa9",
	    "IRIREF with \\u escape");
	one("ex:", KG_TOK_PNAME_NS, "ex", "PNAME_NS");
	one("_:b1", KG_TOK_BLANK, "b1", "BLANK_NODE_LABEL");
	one("?x1", KG_TOK_VAR, "x1", "VAR1");
	one("$y", KG_TOK_VAR, "y", "VAR2");
	one("@en-GB", KG_TOK_LANGTAG, "en-GB", "LANGTAG");
	one("42", KG_TOK_INTEGER, "42", "INTEGER");
	one("4.2", KG_TOK_DECIMAL, "4.2", "DECIMAL");
	one(".5", KG_TOK_DECIMAL, ".5", "DECIMAL without integer part");
	one("1e10", KG_TOK_DOUBLE, "1e10", "DOUBLE");
	one("1.E-3", KG_TOK_DOUBLE, "1.E-3", "DOUBLE with empty fraction");
	one("'a\\tb'", KG_TOK_STRING, "a\tb", "STRING_LITERAL1 with ECHAR");
	one("\"\\U0001F46A\"", KG_TOK_STRING, "\xf0\x9f\x91\xaa",
	    "STRING_LITERAL2 with \\U");
	one("'''a'b''c'''", KG_TOK_STRING, "a'b''c", "STRING_LITERAL_LONG1");
	one("\"\"\"x\ny\"\"\"\"", KG_TOK_STRING, "x\ny\"",
	    "STRING_LITERAL_LONG2 ending in a quote");
	one("( )", KG_TOK_NIL, "", "NIL");
	one("[ # c\n ]", KG_TOK_ANON, "", "ANON with a comment");
	one("SELECT", KG_TOK_WORD, "SELECT", "keyword");
	one("a", KG_TOK_WORD, "a", "a");

	kg_sparql_lexer lx;
	kg_sparql_token t;
	kg_sparql_lexer_init(&lx, "ex:a\\.b%20c.");
	kg_sparql_lex(&lx, &t);
	TAP_OK(t.type == KG_TOK_PNAME_LN && !strcmp(t.val, "ex") &&
	       !strcmp(t.val + 3, "a.b%20c"),
	       "PN_LOCAL escapes removed, %%-encoding kept, final '.' left");
	kg_sparql_lex(&lx, &t);
	TAP_OK(t.type == KG_TOK_DOT, "the final '.' is a token of its own");
	kg_sparql_lexer_clear(&lx);

	kg_sparql_lexer_init(&lx, "SELECT\n  # note\n\t?x <= ?y");
	kg_sparql_lex(&lx, &t);
	kg_sparql_lex(&lx, &t);
	TAP_OK(t.type == KG_TOK_VAR && t.line == 3 && t.col == 2,
	       "line and column after a comment (%d:%d)", t.line, t.col);
	kg_sparql_lex(&lx, &t);
	TAP_OK(t.type == KG_TOK_LE && t.col == 5, "'<=' is not an IRI");
	kg_sparql_lexer_clear(&lx);

	char buf[128];
	snprintf(buf, sizeof buf, "%d:x %d: %d:1", (int)KG_TOK_VAR,
	         (int)KG_TOK_MINUS, (int)KG_TOK_INTEGER);
	TAP_STR(lex_all("?x -1"), buf, "signs are tokens of their own");
	TAP_OK(strstr(lex_all("'x\ny'"), "ERR:line break") != NULL,
	       "line break in a short string is an error");
	TAP_OK(strstr(lex_all("'\\uD800'"), "ERR:") != NULL,
	       "a surrogate \\u escape is an error");
	TAP_OK(strstr(lex_all("?s \\u0031"), "ERR:") != NULL,
	       "\\u outside strings and IRIs is an error");
	TAP_OK(strstr(lex_all("'abc"), "ERR:unterminated") != NULL,
	       "unterminated string");
	return tap_done();
}

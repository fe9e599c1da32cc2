/* lexer.c: SPARQL 1.1 tokens, with line and column. */
#include "lexer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- characters ------------------------------------------------------- */

/* Decodes the UTF-8 character at s into *cp; returns its length, or 0
 * for a malformed sequence: a bad lead or continuation byte, an overlong
 * form, a surrogate or a code point above U+10FFFF.  (An overlong form
 * such as C0 B1 for '1' must not decode: it made the lexer see an ASCII
 * character where it then scanned none, and a collection loop spin.)
 * The text is NUL-terminated, so reading stops at the terminator. */
static int
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int n;
	uint32_t c;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static int
pn_chars_base(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
	       (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
	       (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
	       (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
	       (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	       (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static int
pn_chars_u(uint32_t c)
{
	return pn_chars_base(c) || c == '_';
}

static int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int
pn_chars(uint32_t c)
{
	return pn_chars_u(c) || c == '-' || is_digit(c) || c == 0xB7 ||
	       (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

static int
varname_char(uint32_t c)
{
	return pn_chars_u(c) || is_digit(c) || c == 0xB7 ||
	       (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int
hex_val(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The character at byte offset `at`, its length in *n (0: malformed). */
static uint32_t
char_at(const kg_sparql_lexer *lx, size_t at, int *n)
{
	uint32_t c = 0;
	*n = utf8_decode((const unsigned char *)lx->text + at, &c);
	return c;
}

/* Moves forward n bytes, counting lines and characters. */
static void
advance(kg_sparql_lexer *lx, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)lx->text[lx->pos++];
		if (c == '\n') {
			lx->line++;
			lx->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			lx->col++;
		}
	}
}

/* ---- values ------------------------------------------------------------- */

static kg_buf *
value_buf(kg_sparql_lexer *lx)
{
	return &lx->val[lx->which];
}

static void
put(kg_sparql_lexer *lx, const char *s, size_t n)
{
	if (kg_buf_put(value_buf(lx), s, n))
		lx->nomem = 1;
}

static void
put_cp(kg_sparql_lexer *lx, uint32_t c)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	put(lx, b, n);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static kg_sparql_tok
fail(kg_sparql_lexer *lx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(lx->err, sizeof lx->err, fmt, ap);
	va_end(ap);
	lx->err_line = lx->line;
	lx->err_col = lx->col;
	return KG_TOK_ERROR;
}

/* Reads \uXXXX or \UXXXXXXXX at the lexer's position (the backslash);
 * returns the code point, or -1 after setting the error. */
static long
codepoint_escape(kg_sparql_lexer *lx)
{
	const char *s = lx->text + lx->pos;
	int n = s[1] == 'u' ? 4 : 8;
	uint32_t c = 0;
	for (int i = 0; i < n; i++) {
		if (!is_hex((unsigned char)s[2 + i])) {
			fail(lx, "bad \\%s escape: expected hex digits",
			     n == 4 ? "u" : "U");
			return -1;
		}
		c = (c << 4) | (uint32_t)hex_val((unsigned char)s[2 + i]);
	}
	if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
		fail(lx, "%s escape names no Unicode character",
		     n == 4 ? "\\u" : "\\U");
		return -1;
	}
	advance(lx, (size_t)n + 2);
	return (long)c;
}

/* ---- token scanners ------------------------------------------------------ */

static kg_sparql_tok
lex_iri(kg_sparql_lexer *lx)
{
	/* Returns KG_TOK_LT when this `<` opens no IRI. */
	size_t at = lx->pos + 1;
	for (;;) {
		unsigned char c = (unsigned char)lx->text[at];
		if (c == '>')
			break;
		if (c <= 0x20 || strchr("<\"{}|^`", c))
			return KG_TOK_LT;
		if (c == '\\' && lx->text[at + 1] != 'u' && lx->text[at + 1] != 'U')
			return KG_TOK_LT;
		at++;
	}
	advance(lx, 1);
	while (lx->text[lx->pos] != '>') {
		if (lx->text[lx->pos] == '\\') {
			long c = codepoint_escape(lx);
			if (c < 0)
				return KG_TOK_ERROR;
			if (c <= 0x20 || (c < 0x80 && strchr("<>\"{}|^`\\", (int)c)))
				return fail(lx, "%s in an IRI",
				            "escaped character not allowed");
			put_cp(lx, (uint32_t)c);
		} else {
			put(lx, lx->text + lx->pos, 1);
			advance(lx, 1);
		}
	}
	advance(lx, 1);
	return KG_TOK_IRIREF;
}

static kg_sparql_tok
lex_string(kg_sparql_lexer *lx)
{
	char q = lx->text[lx->pos];
	int is_long = lx->text[lx->pos + 1] == q && lx->text[lx->pos + 2] == q;
	advance(lx, is_long ? 3 : 1);
	for (;;) {
		const char *s = lx->text + lx->pos;
		if (!*s)
			return fail(lx, "%s", "unterminated string");
		if (*s == q) {
			if (!is_long) {
				advance(lx, 1);
				return KG_TOK_STRING;
			}
			if (s[1] == q && s[2] == q) {
				/* """" ends with a quote inside: the last three end */
				while (s[3] == q) {
					put(lx, s, 1);
					advance(lx, 1);
					s++;
				}
				advance(lx, 3);
				return KG_TOK_STRING;
			}
		}
		if (!is_long && (*s == '\n' || *s == '\r'))
			return fail(lx, "%s", "line break in a one-line string "
			                      "(use \"\"\" or \\n)");
		if (*s == '\\') {
			const char *e = strchr("tbnrf\"'\\", s[1] ? s[1] : 'x');
			if (s[1] == 'u' || s[1] == 'U') {
				long c = codepoint_escape(lx);
				if (c < 0)
					return KG_TOK_ERROR;
				put_cp(lx, (uint32_t)c);
				continue;
			}
			if (!e || !s[1])
				return fail(lx, "%s", "unknown escape in a string");
			static const char dec[] = "\t\b\n\r\f\"'\\";
			put(lx, &dec[e - "tbnrf\"'\\"], 1);
			advance(lx, 2);
			continue;
		}
		int n;
		char_at(lx, lx->pos, &n);
		if (!n)
			return fail(lx, "%s", "malformed UTF-8 in a string");
		put(lx, s, (size_t)n);
		advance(lx, (size_t)n);
	}
}

/* Scans PN_CHARS / '.' from byte `at`, not ending on '.', the first
 * character having been checked by the caller.  Returns the end. */
static size_t
scan_name(const kg_sparql_lexer *lx, size_t at, int (*ok)(uint32_t))
{
	size_t end = at, last_ok = at;
	for (;;) {
		int n;
		uint32_t c = char_at(lx, end, &n);
		if (!n || !c)
			break;
		if (ok(c)) {
			end += (size_t)n;
			last_ok = end;
		} else if (c == '.') {
			end += (size_t)n;
		} else {
			break;
		}
	}
	return last_ok;
}

/* The local part of a prefixed name from byte `at`: PN_LOCAL, with
 * escapes removed into the value.  Returns the end (== at: none). */
static size_t
scan_local(kg_sparql_lexer *lx, size_t at)
{
	size_t end = at, last_ok = at, kept = value_buf(lx)->len;
	for (int first = 1;; first = 0) {
		const char *s = lx->text + end;
		int n;
		uint32_t c = char_at(lx, end, &n);
		if (s[0] == '%' && is_hex((unsigned char)s[1]) &&
		    is_hex((unsigned char)s[2])) {
			put(lx, s, 3);
			end += 3;
		} else if (s[0] == '\\' && s[1] &&
		           strchr("_~.-!$&'()*+,;=/?#@%", s[1])) {
			put(lx, s + 1, 1);
			end += 2;
		} else if (n && c && (pn_chars(c) || c == ':' ||
		                      (first && is_digit(c)))) {
			if (first && !pn_chars_u(c) && c != ':' && !is_digit(c))
				break;
			put(lx, s, (size_t)n);
			end += (size_t)n;
		} else if (!first && c == '.') {
			put(lx, s, 1);
			end += 1;
			continue;
		} else {
			break;
		}
		last_ok = end;
		kept = value_buf(lx)->len;
	}
	/* Drop trailing dots from the value as from the token. */
	kg_buf *b = value_buf(lx);
	if (b->data && b->len > kept) {
		b->len = kept;
		b->data[kept] = '\0';
	}
	return last_ok;
}

static kg_sparql_tok
lex_name(kg_sparql_lexer *lx)
{
	size_t start = lx->pos;
	size_t end = start;
	int n;
	uint32_t c = char_at(lx, start, &n);
	if (c != ':')
		end = scan_name(lx, start + (size_t)n, pn_chars);
	if (lx->text[end] != ':') {
		put(lx, lx->text + start, end - start);
		advance(lx, end - start);
		return KG_TOK_WORD;
	}
	if (c == '_')
		return fail(lx, "%s", "a prefix cannot start with '_'");
	put(lx, lx->text + start, end - start);
	put(lx, "", 1);
	size_t local = end + 1;
	size_t lend = scan_local(lx, local);
	advance(lx, lend - start);
	if (lend == local) {
		value_buf(lx)->len--; /* the NUL separator */
		return KG_TOK_PNAME_NS;
	}
	return KG_TOK_PNAME_LN;
}

static kg_sparql_tok
lex_blank(kg_sparql_lexer *lx)
{
	size_t start = lx->pos + 2;
	int n;
	uint32_t c = char_at(lx, start, &n);
	if (!n || !(pn_chars_u(c) || is_digit(c)))
		return fail(lx, "%s", "expected a blank node label after '_:'");
	size_t end = scan_name(lx, start + (size_t)n, pn_chars);
	put(lx, lx->text + start, end - start);
	advance(lx, end - lx->pos);
	return KG_TOK_BLANK;
}

static kg_sparql_tok
lex_var(kg_sparql_lexer *lx)
{
	size_t start = lx->pos + 1, end = start;
	for (;;) {
		int n;
		uint32_t c = char_at(lx, end, &n);
		if (!n || !c || !varname_char(c))
			break;
		end += (size_t)n;
	}
	put(lx, lx->text + start, end - start);
	advance(lx, end - lx->pos);
	return KG_TOK_VAR;
}

static kg_sparql_tok
lex_langtag(kg_sparql_lexer *lx)
{
	const char *s = lx->text + lx->pos + 1;
	size_t n = 0;
	while ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z')
		n++;
	if (!n)
		return fail(lx, "%s", "expected a language tag after '@'");
	while (s[n] == '-') {
		size_t m = 1;
		while (((s[n + m] | 0x20) >= 'a' && (s[n + m] | 0x20) <= 'z') ||
		       is_digit((unsigned char)s[n + m]))
			m++;
		if (m == 1)
			break;
		n += m;
	}
	put(lx, s, n);
	advance(lx, n + 1);
	return KG_TOK_LANGTAG;
}

static size_t
digits(const char *s)
{
	size_t n = 0;
	while (is_digit((unsigned char)s[n]))
		n++;
	return n;
}

static size_t
exponent(const char *s)
{
	if ((*s | 0x20) != 'e')
		return 0;
	size_t n = 1;
	if (s[n] == '+' || s[n] == '-')
		n++;
	size_t d = digits(s + n);
	return d ? n + d : 0;
}

static kg_sparql_tok
lex_number(kg_sparql_lexer *lx)
{
	const char *s = lx->text + lx->pos;
	size_t n = digits(s);
	kg_sparql_tok t = KG_TOK_INTEGER;
	if (s[n] == '.' && is_digit((unsigned char)s[n + 1])) {
		n += 1 + digits(s + n + 1);
		t = KG_TOK_DECIMAL;
	} else if (s[n] == '.' && n && exponent(s + n + 1)) {
		n++;
		t = KG_TOK_DECIMAL;
	}
	size_t e = exponent(s + n);
	if (e) {
		n += e;
		t = KG_TOK_DOUBLE;
	}
	put(lx, s, n);
	advance(lx, n);
	return t;
}

/* Skips white space and comments from byte `at`; returns the new offset
 * without moving the lexer. */
static size_t
skip_ws_at(const kg_sparql_lexer *lx, size_t at)
{
	for (;;) {
		char c = lx->text[at];
		if (is_ws(c)) {
			at++;
		} else if (c == '#') {
			while (lx->text[at] && lx->text[at] != '\n')
				at++;
		} else {
			return at;
		}
	}
}

/* ---- the entry points --------------------------------------------------- */

void
kg_sparql_lexer_init(kg_sparql_lexer *lx, const char *text)
{
	memset(lx, 0, sizeof *lx);
	lx->text = text;
	lx->line = lx->col = 1;
}

void
kg_sparql_lexer_clear(kg_sparql_lexer *lx)
{
	kg_buf_free(&lx->val[0]);
	kg_buf_free(&lx->val[1]);
}

static kg_sparql_tok
lex_punct(kg_sparql_lexer *lx)
{
	static const struct {
		const char *s;
		kg_sparql_tok t;
	} ops[] = {
		{"^^", KG_TOK_DTYPE}, {"!=", KG_TOK_NE}, {"<=", KG_TOK_LE},
		{">=", KG_TOK_GE}, {"&&", KG_TOK_AND}, {"||", KG_TOK_OR},
		{"{", KG_TOK_LBRACE}, {"}", KG_TOK_RBRACE},
		{"(", KG_TOK_LPAREN}, {")", KG_TOK_RPAREN},
		{"[", KG_TOK_LBRACKET}, {"]", KG_TOK_RBRACKET},
		{";", KG_TOK_SEMI}, {",", KG_TOK_COMMA}, {".", KG_TOK_DOT},
		{"+", KG_TOK_PLUS}, {"-", KG_TOK_MINUS}, {"*", KG_TOK_STAR},
		{"/", KG_TOK_SLASH}, {"!", KG_TOK_BANG}, {"^", KG_TOK_CARET},
		{"|", KG_TOK_PIPE}, {"?", KG_TOK_QUESTION}, {"=", KG_TOK_EQ},
		{"<", KG_TOK_LT}, {">", KG_TOK_GT},
	};
	const char *s = lx->text + lx->pos;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].s);
		if (!strncmp(s, ops[i].s, n)) {
			advance(lx, n);
			return ops[i].t;
		}
	}
	char what[8];
	int n;
	char_at(lx, lx->pos, &n);
	if (n < 1)
		n = 1;
	snprintf(what, sizeof what, "%.*s", n, s);
	return fail(lx, "unexpected character '%s'", what);
}

static kg_sparql_tok
lex_any(kg_sparql_lexer *lx)
{
	const char *s = lx->text + lx->pos;
	int n;
	uint32_t c = char_at(lx, lx->pos, &n);
	if (!*s)
		return KG_TOK_EOF;
	if (!n)
		return fail(lx, "%s", "malformed UTF-8");
	switch (*s) {
	case '<': {
		kg_sparql_tok t = lex_iri(lx);
		if (t != KG_TOK_LT)
			return t;
		return lex_punct(lx);
	}
	case '"':
	case '\'':
		return lex_string(lx);
	case '?':
	case '$': {
		int m;
		uint32_t d = char_at(lx, lx->pos + 1, &m);
		if (m && d && varname_char(d))
			return lex_var(lx);
		if (*s == '$')
			return fail(lx, "%s", "expected a variable name after '$'");
		return lex_punct(lx);
	}
	case '@':
		return lex_langtag(lx);
	case '(':
	case '[': {
		size_t at = skip_ws_at(lx, lx->pos + 1);
		char close = *s == '(' ? ')' : ']';
		if (lx->text[at] == close) {
			advance(lx, at + 1 - lx->pos);
			return *s == '(' ? KG_TOK_NIL : KG_TOK_ANON;
		}
		return lex_punct(lx);
	}
	case '_':
		if (s[1] == ':')
			return lex_blank(lx);
		break;
	case '.':
		if (is_digit((unsigned char)s[1]))
			return lex_number(lx);
		return lex_punct(lx);
	default:
		break;
	}
	if (is_digit(c))
		return lex_number(lx);
	if (c == ':' || pn_chars_base(c) || c == '_')
		return lex_name(lx);
	return lex_punct(lx);
}

kg_sparql_tok
kg_sparql_lex(kg_sparql_lexer *lx, kg_sparql_token *tok)
{
	advance(lx, skip_ws_at(lx, lx->pos) - lx->pos);
	lx->which ^= 1;
	kg_buf_reset(value_buf(lx));
	tok->start = lx->pos;
	tok->line = lx->line;
	tok->col = lx->col;
	kg_sparql_tok t = lex_any(lx);
	if (lx->nomem) {
		snprintf(lx->err, sizeof lx->err, "out of memory");
		t = KG_TOK_ERROR;
	}
	tok->type = t;
	tok->len = lx->pos - tok->start;
	tok->val = kg_buf_str(value_buf(lx));
	tok->val_len = value_buf(lx)->len;
	return t;
}

const char *
kg_sparql_tok_name(kg_sparql_tok t)
{
	switch (t) {
	case KG_TOK_EOF: return "end of input";
	case KG_TOK_ERROR: return "an invalid token";
	case KG_TOK_IRIREF: return "an IRI";
	case KG_TOK_PNAME_NS: return "a prefix";
	case KG_TOK_PNAME_LN: return "a prefixed name";
	case KG_TOK_BLANK: return "a blank node";
	case KG_TOK_VAR: return "a variable";
	case KG_TOK_LANGTAG: return "a language tag";
	case KG_TOK_INTEGER: return "an integer";
	case KG_TOK_DECIMAL: return "a decimal";
	case KG_TOK_DOUBLE: return "a double";
	case KG_TOK_STRING: return "a string";
	case KG_TOK_NIL: return "'()'";
	case KG_TOK_ANON: return "'[]'";
	case KG_TOK_WORD: return "a keyword";
	case KG_TOK_LBRACE: return "'{'";
	case KG_TOK_RBRACE: return "'}'";
	case KG_TOK_LPAREN: return "'('";
	case KG_TOK_RPAREN: return "')'";
	case KG_TOK_LBRACKET: return "'['";
	case KG_TOK_RBRACKET: return "']'";
	case KG_TOK_SEMI: return "';'";
	case KG_TOK_COMMA: return "','";
	case KG_TOK_DOT: return "'.'";
	case KG_TOK_PLUS: return "'+'";
	case KG_TOK_MINUS: return "'-'";
	case KG_TOK_STAR: return "'*'";
	case KG_TOK_SLASH: return "'/'";
	case KG_TOK_BANG: return "'!'";
	case KG_TOK_CARET: return "'^'";
	case KG_TOK_DTYPE: return "'^^'";
	case KG_TOK_PIPE: return "'|'";
	case KG_TOK_QUESTION: return "'?'";
	case KG_TOK_EQ: return "'='";
	case KG_TOK_NE: return "'!='";
	case KG_TOK_LT: return "'<'";
	case KG_TOK_GT: return "'>'";
	case KG_TOK_LE: return "'<='";
	case KG_TOK_GE: return "'>='";
	case KG_TOK_AND: return "'&&'";
	case KG_TOK_OR: return "'||'";
	}
	return "a token";
}

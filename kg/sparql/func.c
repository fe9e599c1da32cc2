/* func.c: the built-in functions of SPARQL 1.1 section 17.4 and the
 * dispatch of operators and built-ins on evaluated arguments.
 *
 * Strings are UTF-8; lengths and positions count characters.  UCASE and
 * LCASE use libunistring's full Unicode case mapping.
 *
 * REGEX and REPLACE run PCRE2 on XPath's regular expressions, rewriting
 * the few constructs PCRE reads differently (compile()).  REPLACE matches
 * again from the end of the last match in the whole text, so lookbehind
 * and \b there see the characters before; an empty match inside the
 * text keeps one character and moves on.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <unicase.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "buf.h"
#include "sparql.h"
#include "sparql/builtin.h"
#include "sparql/value.h"

#define ERR kg_sparql_value_error()

/* ---- UTF-8 ------------------------------------------------------------ */

static size_t
u8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* byte offset of character k (k <= length) */
static size_t
u8_offset(const char *s, size_t k)
{
	size_t i = 0;
	while (s[i] && k) {
		i++;
		while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/* ---- results ---------------------------------------------------------- */

/* A string result with the language tag / datatype of `like`. */
static kg_sparql_value *
str_like(const kg_sparql_value *like, const char *s, size_t n)
{
	if (!like)
		return kg_sparql_value_literaln(s, n, NULL, NULL);
	return kg_sparql_value_literaln(s, n, like->lang,
	                                like->lang ? NULL : like->datatype);
}

static kg_sparql_value *
buf_result(kg_buf *b, const kg_sparql_value *like, int oom)
{
	kg_sparql_value *r = oom ? NULL : str_like(like, kg_buf_str(b), b->len);
	kg_buf_free(b);
	return r;
}

static kg_sparql_value *
simple(const char *s)
{
	return kg_sparql_value_literal(s, NULL, NULL);
}

/* 17.4.3.1.3: arg1 and arg2 are compatible */
static int
compatible(const kg_sparql_value *a, const kg_sparql_value *b)
{
	if (!kg_sparql_value_is_string(a) || !kg_sparql_value_is_string(b))
		return 0;
	if (b->type == KG_SPARQL_T_STRING)
		return 1;
	return a->type == KG_SPARQL_T_LANG && !strcasecmp(a->lang, b->lang);
}

/* ---- string functions ---------------------------------------------- */

static kg_sparql_value *
fn_substr(const kg_sparql_value *const *a, size_t n)
{
	if (!kg_sparql_value_is_string(a[0]) || !kg_sparql_value_is_numeric(a[1]) ||
	    !a[1]->valid || (n > 2 && (!kg_sparql_value_is_numeric(a[2]) ||
	                               !a[2]->valid)))
		return ERR;
	/* XPath fn:substring: characters at positions p with
	 * round(start) <= p < round(start) + round(length) */
	double st = a[1]->type == KG_SPARQL_T_INTEGER ? (double)a[1]->i : a[1]->d;
	double first = floor(st + 0.5), end = INFINITY;
	if (n > 2) {
		double ln = a[2]->type == KG_SPARQL_T_INTEGER ? (double)a[2]->i
		                                              : a[2]->d;
		end = first + floor(ln + 0.5);
	}
	if (isnan(first) || isnan(end))
		return str_like(a[0], "", 0);
	size_t len = u8_len(a[0]->lex);
	double lo = first < 1 ? 1 : first;
	double hi = end > (double)len + 1 ? (double)len + 1 : end;
	if (hi <= lo)
		return str_like(a[0], "", 0);
	size_t b0 = u8_offset(a[0]->lex, (size_t)lo - 1);
	size_t b1 = u8_offset(a[0]->lex, (size_t)hi - 1);
	return str_like(a[0], a[0]->lex + b0, b1 - b0);
}

/* Unicode's full case mapping, language-independent (UCASE("ß") is
 * "SS", "i" becomes "I" whatever the language tag says). */
static kg_sparql_value *
fn_case(const kg_sparql_value *v, int upper)
{
	if (!kg_sparql_value_is_string(v))
		return ERR;
	size_t n = strlen(v->lex), len = 0;
	if (!n)
		return str_like(v, "", 0);
	const uint8_t *s = (const uint8_t *)v->lex;
	uint8_t *r = upper ? u8_toupper(s, n, NULL, NULL, NULL, &len)
	                   : u8_tolower(s, n, NULL, NULL, NULL, &len);
	if (!r)
		return errno == ENOMEM ? NULL : ERR; /* EILSEQ: not UTF-8 */
	kg_sparql_value *c = str_like(v, (const char *)r, len);
	free(r);
	return c;
}

static kg_sparql_value *
fn_strpos(kg_sparql_op op, const kg_sparql_value *a, const kg_sparql_value *b)
{
	if (!compatible(a, b))
		return ERR;
	size_t la = strlen(a->lex), lb = strlen(b->lex);
	switch (op) {
	case KG_SPARQL_EX_STRSTARTS:
		return kg_sparql_value_boolean(la >= lb && !memcmp(a->lex, b->lex, lb));
	case KG_SPARQL_EX_STRENDS:
		return kg_sparql_value_boolean(
			la >= lb && !memcmp(a->lex + la - lb, b->lex, lb));
	case KG_SPARQL_EX_CONTAINS:
		return kg_sparql_value_boolean(strstr(a->lex, b->lex) != NULL);
	default:
		break;
	}
	const char *m = strstr(a->lex, b->lex);
	if (!m)
		return simple("");
	if (op == KG_SPARQL_EX_STRBEFORE)
		return str_like(a, a->lex, (size_t)(m - a->lex));
	return str_like(a, m + lb, la - (size_t)(m - a->lex) - lb);
}

static kg_sparql_value *
fn_encode_for_uri(const kg_sparql_value *v)
{
	if (!kg_sparql_value_is_string(v))
		return ERR;
	kg_buf b = {0};
	int oom = 0;
	for (const unsigned char *s = (const unsigned char *)v->lex; *s && !oom;
	     s++) {
		if (isalnum(*s) || *s == '-' || *s == '_' || *s == '.' || *s == '~')
			oom = kg_buf_putc(&b, (char)*s);
		else
			oom = kg_buf_printf(&b, "%%%02X", *s);
	}
	return buf_result(&b, NULL, oom);
}

static kg_sparql_value *
fn_concat(const kg_sparql_value *const *a, size_t n)
{
	const char *lang = NULL;
	int same_lang = 1, all_xsd = 1;
	kg_buf b = {0};
	int oom = kg_buf_puts(&b, "");
	for (size_t k = 0; k < n; k++) {
		if (!kg_sparql_value_is_string(a[k])) {
			kg_buf_free(&b);
			return ERR;
		}
		if (!a[k]->lang || (k && (!lang || strcasecmp(lang, a[k]->lang))))
			same_lang = 0;
		if (!k)
			lang = a[k]->lang;
		if (a[k]->lang || !a[k]->datatype)
			all_xsd = 0;
		oom = oom || kg_buf_puts(&b, a[k]->lex);
	}
	kg_sparql_value *r = NULL;
	if (!oom)
		r = kg_sparql_value_literaln(
			kg_buf_str(&b), b.len, n && same_lang ? lang : NULL,
			n && all_xsd ? KG_XSD "string" : NULL);
	kg_buf_free(&b);
	return r;
}

static int
lang_matches(const char *tag, const char *range)
{
	if (!strcmp(range, "*"))
		return *tag != 0;
	size_t n = strlen(range);
	return !strncasecmp(tag, range, n) && (tag[n] == 0 || tag[n] == '-');
}

/* ---- regular expressions --------------------------------------------- */

/* XML 1.0's NameStartChar and the rest of NameChar, for XPath's \i and
 * \c (PCRE's \c is a control-character escape, so they are spelled out). */
#define NAME_START ":A-Z_a-z\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{2FF}" \
	"\\x{370}-\\x{37D}\\x{37F}-\\x{1FFF}\\x{200C}-\\x{200D}"              \
	"\\x{2070}-\\x{218F}\\x{2C00}-\\x{2FEF}\\x{3001}-\\x{D7FF}"           \
	"\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFFD}\\x{10000}-\\x{EFFFF}"
#define NAME_MORE "\\-.0-9\\x{B7}\\x{300}-\\x{36F}\\x{203F}-\\x{2040}"

/* XPath's multi-character escapes where PCRE's differ: \w is every
 * character but punctuation, separators and "other" (so not "_"), \s
 * only space, tab, newline and return.  `set` is the class body that
 * means the escape, `not` the body of its complement (NULL when it
 * cannot be written inside a class).  Returns 0 for other escapes. */
static int
xpath_escape(char c, const char **set, const char **not)
{
	switch (c) {
	case 'w': *set = "\\p{L}\\p{M}\\p{N}\\p{S}"; *not = "\\p{P}\\p{Z}\\p{C}"; return 1;
	case 'W': *set = "\\p{P}\\p{Z}\\p{C}"; *not = "\\p{L}\\p{M}\\p{N}\\p{S}"; return 1;
	case 's': *set = " \\t\\n\\r"; *not = NULL; return 1;
	case 'i': *set = NAME_START; *not = NULL; return 1;
	case 'c': *set = NAME_START NAME_MORE; *not = NULL; return 1;
	case 'S': *set = NULL; *not = " \\t\\n\\r"; return 1;
	case 'I': *set = NULL; *not = NAME_START; return 1;
	case 'C': *set = NULL; *not = NAME_START NAME_MORE; return 1;
	default: return 0;
	}
}

static int translate_class(const char **pp, kg_buf *out);

/* Copies the class body from *pp up to its closing "]" (or to a "-["
 * subtraction) into `out`.  Returns 0, 1 at "-[", or -1 for a pattern
 * PCRE would read differently (an empty class, an unescaped "[", \S \I
 * \C inside a class) or no memory. */
static int
class_body(const char **pp, kg_buf *out)
{
	const char *p = *pp;
	int rc = 0;
	if (*p == ']')
		return -1; /* "[]" and "[^]" are no XPath classes */
	for (; *p && *p != ']' && !rc; p++) {
		const char *set, *not;
		if (p[0] == '-' && p[1] == '[') {
			*pp = p + 1;
			return 1;
		}
		if (*p == '[') {
			rc = -1;
		} else if (p[0] == '\\' && xpath_escape(p[1], &set, &not)) {
			rc = !set || kg_buf_puts(out, set) ? -1 : 0;
			p++;
		} else if (p[0] == '\\' && p[1]) {
			rc = kg_buf_put(out, p, 2) ? -1 : 0;
			p++;
		} else {
			rc = kg_buf_putc(out, *p) ? -1 : 0;
		}
	}
	*pp = p;
	return rc ? -1 : *p == ']' ? 0 : -1;
}

/* Translates the class starting at **pp == '[' and moves *pp past its
 * "]".  XPath's subtraction [B-[S]] becomes (?:(?![S])[B]), which PCRE
 * reads as "a character of B that is not in S". */
static int
translate_class(const char **pp, kg_buf *out)
{
	const char *p = *pp + 1;
	kg_buf base = {0}, sub = {0};
	int neg = *p == '^';
	p += neg;
	int rc = kg_buf_puts(&base, neg ? "[^" : "[") ? -1 : class_body(&p, &base);
	if (rc == 1) {
		rc = translate_class(&p, &sub);
		if (!rc && *p != ']')
			rc = -1; /* the subtraction ends the class */
	}
	if (!rc && kg_buf_putc(&base, ']'))
		rc = -1;
	if (!rc && sub.len)
		rc = kg_buf_printf(out, "(?:(?!%s)%s)", kg_buf_str(&sub),
		                   kg_buf_str(&base)) ? -1 : 0;
	else if (!rc)
		rc = kg_buf_put(out, base.data, base.len) ? -1 : 0;
	kg_buf_free(&base);
	kg_buf_free(&sub);
	*pp = p + (*p == ']');
	return rc;
}

/* Compiles an XPath regular expression (F&O 3.1 section 5.6) with PCRE2
 * in UTF mode with Unicode properties (\p{L}, \d as \p{Nd}, case-blind
 * matching for every script).  What PCRE spells differently is rewritten
 * first: "." leaves out \r as well as \n unless the "s" flag is given;
 * \w \W \s \S \i \I \c \C are XPath's sets; [a-[b]] subtraction becomes
 * a lookahead; the "x" flag drops whitespace outside classes (PCRE's
 * extended mode would also take "#" as a comment).  "$" without "m"
 * matches only at the very end.  Block names (\p{IsGreek}) are not
 * supported: PCRE2 knows scripts, not blocks, so they fail to compile.
 * PCRE's own extras (\b, lookaround) are accepted. */
static pcre2_code *
compile(const char *pat, const char *flags)
{
	uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
	int s = 0, x = 0, q = 0;
	for (const char *f = flags ? flags : ""; *f; f++) {
		switch (*f) {
		case 'i': opt |= PCRE2_CASELESS; break;
		case 'm': opt |= PCRE2_MULTILINE; break;
		case 's': s = 1; opt |= PCRE2_DOTALL; break;
		case 'x': x = 1; break;
		case 'q': q = 1; break;
		default: return NULL;
		}
	}
	kg_buf b = {0};
	int rc = kg_buf_puts(&b, "");
	if (q) {
		/* the pattern is a plain string; only "i" still counts */
		opt = PCRE2_UTF | PCRE2_LITERAL | (opt & PCRE2_CASELESS);
		rc = rc || kg_buf_puts(&b, pat);
	}
	for (const char *p = pat; !q && *p && !rc; p++) {
		const char *set, *not;
		if (x && strchr(" \t\n\r", *p)) {
			continue;
		} else if (*p == '[') {
			rc = translate_class(&p, &b);
			p--;
		} else if (*p == '.' && !s) {
			rc = kg_buf_puts(&b, "[^\\n\\r]");
		} else if (p[0] == '\\' && xpath_escape(p[1], &set, &not)) {
			rc = kg_buf_printf(&b, set ? "[%s]" : "[^%s]",
			                   set ? set : not);
			p++;
		} else if (p[0] == '\\' && p[1]) {
			rc = kg_buf_put(&b, p, 2);
			p++;
		} else {
			rc = kg_buf_putc(&b, *p);
		}
	}
	pcre2_code *re = NULL;
	if (!rc) {
		int err;
		PCRE2_SIZE at;
		re = pcre2_compile((PCRE2_SPTR)kg_buf_str(&b), b.len, opt, &err,
		                   &at, NULL);
		/* the JIT makes matching several times faster; where it is
		 * missing or fails, pcre2_match() interprets the pattern */
		if (re)
			pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	}
	kg_buf_free(&b);
	return re;
}

#define REGEX_CACHE 8

struct kg_sparql_regex_cache {
	struct {
		char *pat, *flags; /* NULL: the entry is free */
		pcre2_code *re;
	} e[REGEX_CACHE];
	unsigned next; /* the entry to replace next */
};

kg_sparql_regex_cache *
kg_sparql_regex_cache_new(void)
{
	return calloc(1, sizeof(kg_sparql_regex_cache));
}

void
kg_sparql_regex_cache_free(kg_sparql_regex_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < REGEX_CACHE; i++)
		if (c->e[i].pat) {
			pcre2_code_free(c->e[i].re);
			free(c->e[i].pat);
			free(c->e[i].flags);
		}
	free(c);
}

/* The compiled pattern, from ctx's cache (adding it there) or, with no
 * cache or no memory for the entry, compiled anew: *own is then set and
 * the caller frees it.  NULL for a bad pattern or flags. */
static const pcre2_code *
get_regex(const kg_sparql_fn_ctx *ctx, const char *pat, const char *flags,
          pcre2_code **own)
{
	kg_sparql_regex_cache *c = ctx ? ctx->regexes : NULL;
	const char *f = flags ? flags : "";
	*own = NULL;
	if (c)
		for (int i = 0; i < REGEX_CACHE; i++)
			if (c->e[i].pat && !strcmp(c->e[i].pat, pat) &&
			    !strcmp(c->e[i].flags, f))
				return c->e[i].re;
	pcre2_code *re = compile(pat, flags);
	if (!re)
		return NULL;
	char *pc = c ? strdup(pat) : NULL, *fc = c ? strdup(f) : NULL;
	if (!pc || !fc) {
		free(pc);
		free(fc);
		return *own = re;
	}
	unsigned i = c->next++ % REGEX_CACHE;
	if (c->e[i].pat) {
		pcre2_code_free(c->e[i].re);
		free(c->e[i].pat);
		free(c->e[i].flags);
	}
	c->e[i].pat = pc;
	c->e[i].flags = fc;
	c->e[i].re = re;
	return re;
}

/* 1 for a match of `re` in s[at..len), 0 for none, -1 for an error
 * (malformed UTF-8, a match limit reached). */
static int
regex_match(const pcre2_code *re, const char *s, size_t len, size_t at,
            pcre2_match_data *md)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, at, 0, md, NULL);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static kg_sparql_value *
fn_regex(const kg_sparql_value *const *a, size_t n,
         const kg_sparql_fn_ctx *ctx)
{
	if (!kg_sparql_value_is_string(a[0]) || !kg_sparql_value_is_string(a[1]) ||
	    a[1]->lang || (n > 2 && (!kg_sparql_value_is_string(a[2]) || a[2]->lang)))
		return ERR;
	pcre2_code *own;
	const pcre2_code *re = get_regex(ctx, a[1]->lex, n > 2 ? a[2]->lex : NULL,
	                                 &own);
	if (!re)
		return ERR;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int m = md ? regex_match(re, a[0]->lex, strlen(a[0]->lex), 0, md) : -1;
	pcre2_match_data_free(md);
	pcre2_code_free(own);
	return m < 0 ? ERR : kg_sparql_value_boolean(m);
}

/* Appends the replacement `rep` for the match in `md` of a pattern with
 * `groups` groups.  $N is group N (the whole match for $0, "" for a
 * group that took no part), taking as many digits as still name a
 * group; \$ and \\ are "$" and "\" (fn:replace; rep is checked). */
static int
put_replacement(kg_buf *b, const char *rep, const char *s,
                pcre2_match_data *md, uint32_t groups)
{
	const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	for (const char *p = rep; *p; p++) {
		if (*p == '\\') {
			if (kg_buf_putc(b, *++p))
				return -1;
		} else if (*p == '$') {
			uint32_t g = (uint32_t)(*++p - '0');
			while (isdigit((unsigned char)p[1]) &&
			       g * 10 + (uint32_t)(p[1] - '0') <= groups)
				g = g * 10 + (uint32_t)(*++p - '0');
			if (g <= groups && ov[2 * g] != PCRE2_UNSET &&
			    kg_buf_put(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]))
				return -1;
		} else if (kg_buf_putc(b, *p)) {
			return -1;
		}
	}
	return 0;
}

static kg_sparql_value *
fn_replace(const kg_sparql_value *const *a, size_t n,
           const kg_sparql_fn_ctx *ctx)
{
	for (size_t k = 1; k < n; k++)
		if (!kg_sparql_value_is_string(a[k]) || a[k]->lang)
			return ERR;
	if (!kg_sparql_value_is_string(a[0]))
		return ERR;
	const char *rep = a[2]->lex;
	/* with the "q" flag the replacement is plain text too */
	int literal = n > 3 && strchr(a[3]->lex, 'q');
	/* the replacement: \ only before \ or $, $ only before a digit */
	for (const char *p = rep; *p && !literal; p++) {
		if ((*p == '\\' && p[1] != '\\' && p[1] != '$') ||
		    (*p == '$' && !isdigit((unsigned char)p[1])))
			return ERR;
		if (*p == '\\')
			p++;
	}
	pcre2_code *own;
	const pcre2_code *re = get_regex(ctx, a[1]->lex, n > 3 ? a[3]->lex : NULL,
	                                 &own);
	if (!re)
		return ERR;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	uint32_t groups = 0;
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	const char *s = a[0]->lex;
	size_t len = strlen(s), at = 0, done = 0;
	kg_buf b = {0};
	int oom = !md || kg_buf_puts(&b, ""), bad = 0;
	/* XPath: a pattern that matches "" is an error */
	if (!oom && regex_match(re, "", 0, 0, md) != 0)
		bad = 1;
	while (!oom && !bad && at < len) {
		int m = regex_match(re, s, len, at, md);
		if (m <= 0) {
			bad = m < 0;
			break;
		}
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (ov[0] < done || ov[1] < ov[0]) { /* \K in a lookaround */
			bad = 1;
			break;
		}
		oom = kg_buf_put(&b, s + done, ov[0] - done) ||
		      (literal ? kg_buf_puts(&b, rep)
		               : put_replacement(&b, rep, s, md, groups));
		done = at = ov[1];
		if (ov[1] == ov[0]) {
			/* an empty match inside the text (\b, say): keep one
			 * character and go on after it */
			size_t c = u8_offset(s + at, 1);
			oom = oom || kg_buf_put(&b, s + at, c);
			done = at += c;
		}
	}
	oom = oom || kg_buf_put(&b, s + done, len - done);
	pcre2_match_data_free(md);
	pcre2_code_free(own);
	if (bad) {
		kg_buf_free(&b);
		return ERR;
	}
	return buf_result(&b, a[0], oom);
}

/* ---- numerics ---------------------------------------------------------- */

static kg_sparql_value *
fn_round(kg_sparql_op op, const kg_sparql_value *v)
{
	if (!kg_sparql_value_is_numeric(v) || !v->valid)
		return ERR;
	if (v->type == KG_SPARQL_T_INTEGER) {
		if (op == KG_SPARQL_EX_ABS && v->i == LLONG_MIN)
			return ERR;
		return kg_sparql_value_integer(op == KG_SPARQL_EX_ABS && v->i < 0
		                               ? -v->i : v->i);
	}
	double x = v->d, r;
	switch (op) {
	case KG_SPARQL_EX_ABS: r = fabs(x); break;
	case KG_SPARQL_EX_CEIL: r = ceil(x); break;
	case KG_SPARQL_EX_FLOOR: r = floor(x); break;
	default: r = floor(x + 0.5); break;
	}
	if (r == 0 && x < 0)
		r = -0.0;
	/* ABS keeps a decimal's fraction digits; the roundings have none */
	kg_sparql_value *t = v->type == KG_SPARQL_T_DECIMAL
	                     ? kg_sparql_value_decimal_scaled(
	                           r, op == KG_SPARQL_EX_ABS
	                                  ? kg_sparql_value_decimal_scale(v) : 0)
	                     : v->type == KG_SPARQL_T_FLOAT ? kg_sparql_value_float(r)
	                                                    : kg_sparql_value_double(r);
	return t;
}

/* ---- random, UUID ----------------------------------------------------- */

static int
random_bytes(const kg_sparql_fn_ctx *ctx, unsigned char *buf, size_t n)
{
	if (ctx && ctx->random)
		return ctx->random(ctx->random_user, buf, n);
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return got == n ? 0 : -1;
}

static kg_sparql_value *
fn_uuid(const kg_sparql_fn_ctx *ctx, int iri)
{
	unsigned char u[16];
	if (random_bytes(ctx, u, sizeof u))
		return ERR;
	u[6] = (unsigned char)((u[6] & 0x0F) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
	char s[64];
	snprintf(s, sizeof s,
	         "%s%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x",
	         iri ? "urn:uuid:" : "", u[0], u[1], u[2], u[3], u[4], u[5],
	         u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	return iri ? kg_sparql_value_iri(s) : simple(s);
}

static kg_sparql_value *
fn_rand(const kg_sparql_fn_ctx *ctx)
{
	unsigned char u[8];
	if (random_bytes(ctx, u, sizeof u))
		return ERR;
	unsigned long long x = 0;
	for (int k = 0; k < 8; k++)
		x = x << 8 | u[k];
	return kg_sparql_value_double((double)(x >> 11) / 9007199254740992.0);
}

/* ---- hashes ------------------------------------------------------------ */

static kg_sparql_value *
fn_hash(kg_sparql_op op, const kg_sparql_value *v)
{
	if (!kg_sparql_value_is_string(v) || v->lang)
		return ERR;
	const uint8_t *s = (const uint8_t *)v->lex;
	size_t n = strlen(v->lex);
	uint8_t d[SHA512_DIGEST_SIZE];
	size_t dn;
	switch (op) {
	case KG_SPARQL_EX_MD5: {
		struct md5_ctx c;
		md5_init(&c);
		md5_update(&c, n, s);
		md5_digest(&c, dn = MD5_DIGEST_SIZE, d);
		break;
	}
	case KG_SPARQL_EX_SHA1: {
		struct sha1_ctx c;
		sha1_init(&c);
		sha1_update(&c, n, s);
		sha1_digest(&c, dn = SHA1_DIGEST_SIZE, d);
		break;
	}
	case KG_SPARQL_EX_SHA256: {
		struct sha256_ctx c;
		sha256_init(&c);
		sha256_update(&c, n, s);
		sha256_digest(&c, dn = SHA256_DIGEST_SIZE, d);
		break;
	}
	case KG_SPARQL_EX_SHA384: {
		struct sha384_ctx c;
		sha384_init(&c);
		sha384_update(&c, n, s);
		sha384_digest(&c, dn = SHA384_DIGEST_SIZE, d);
		break;
	}
	default: {
		struct sha512_ctx c;
		sha512_init(&c);
		sha512_update(&c, n, s);
		sha512_digest(&c, dn = SHA512_DIGEST_SIZE, d);
		break;
	}
	}
	char hex[2 * SHA512_DIGEST_SIZE + 1];
	for (size_t k = 0; k < dn; k++)
		snprintf(hex + 2 * k, 3, "%02x", d[k]);
	return simple(hex);
}

/* ---- dates ------------------------------------------------------------- */

static kg_sparql_value *
fn_date_part(kg_sparql_op op, const kg_sparql_value *v)
{
	if (!v || v->kind != KG_SPARQL_V_LITERAL || !v->valid ||
	    (v->type != KG_SPARQL_T_DATETIME && v->type != KG_SPARQL_T_DATE))
		return ERR;
	const kg_sparql_datetime *dt = &v->dt;
	int is_date = v->type == KG_SPARQL_T_DATE;
	switch (op) {
	case KG_SPARQL_EX_YEAR: return kg_sparql_value_integer(dt->year);
	case KG_SPARQL_EX_MONTH: return kg_sparql_value_integer(dt->month);
	case KG_SPARQL_EX_DAY: return kg_sparql_value_integer(dt->day);
	case KG_SPARQL_EX_HOURS:
		return is_date ? ERR : kg_sparql_value_integer(dt->hour);
	case KG_SPARQL_EX_MINUTES:
		return is_date ? ERR : kg_sparql_value_integer(dt->minute);
	case KG_SPARQL_EX_SECONDS:
		return is_date ? ERR : kg_sparql_value_decimal(dt->second);
	case KG_SPARQL_EX_TIMEZONE: {
		if (!dt->has_tz)
			return ERR;
		int m = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
		char c[32] = "PT0S";
		if (m) {
			int k = snprintf(c, sizeof c, "%sPT",
			                 dt->tz_minutes < 0 ? "-" : "");
			if (m / 60)
				k += snprintf(c + k, sizeof c - (size_t)k, "%dH", m / 60);
			if (m % 60)
				snprintf(c + k, sizeof c - (size_t)k, "%dM", m % 60);
		}
		return kg_sparql_value_literal(c, NULL, KG_XSD "dayTimeDuration");
	}
	case KG_SPARQL_EX_TZ: {
		if (!dt->has_tz)
			return simple("");
		if (!dt->tz_minutes)
			return simple("Z");
		int m = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
		char b[16];
		snprintf(b, sizeof b, "%c%02d:%02d", dt->tz_minutes < 0 ? '-' : '+',
		         m / 60, m % 60);
		return simple(b);
	}
	default:
		return ERR;
	}
}

/* ---- dispatch ---------------------------------------------------------- */

static kg_sparql_value *
cmp_result(kg_sparql_op op, const kg_sparql_value *a, const kg_sparql_value *b)
{
	if (op == KG_SPARQL_EX_EQ || op == KG_SPARQL_EX_NE) {
		int e = kg_sparql_value_equal(a, b);
		if (e < 0)
			return ERR;
		return kg_sparql_value_boolean(op == KG_SPARQL_EX_EQ ? e : !e);
	}
	int c;
	if (kg_sparql_value_compare(a, b, &c))
		return ERR;
	if (c == 2) /* NaN */
		return kg_sparql_value_boolean(0);
	switch (op) {
	case KG_SPARQL_EX_LT: return kg_sparql_value_boolean(c < 0);
	case KG_SPARQL_EX_GT: return kg_sparql_value_boolean(c > 0);
	case KG_SPARQL_EX_LE: return kg_sparql_value_boolean(c <= 0);
	default: return kg_sparql_value_boolean(c >= 0);
	}
}

/* The entries of the table below: each takes its arguments as
 * kg_sparql_call() checked them (arity, no error among them). */

static kg_sparql_value *
call_cmp(const kg_sparql_call_args *c)
{
	return cmp_result(c->op, c->a[0], c->a[1]);
}

static kg_sparql_value *
call_arith(const kg_sparql_call_args *c)
{
	return kg_sparql_value_arith(c->op, c->a[0], c->a[1]);
}

static kg_sparql_value *
call_not(const kg_sparql_call_args *c)
{
	int e = kg_sparql_value_ebv(c->a[0]);
	return e < 0 ? ERR : kg_sparql_value_boolean(!e);
}

static kg_sparql_value *
call_sign(const kg_sparql_call_args *c)
{
	const kg_sparql_value *x = c->a[0];
	if (!kg_sparql_value_is_numeric(x) || !x->valid)
		return ERR;
	if (c->op == KG_SPARQL_EX_PLUS)
		return kg_sparql_value_copy(x);
	kg_sparql_value *z = kg_sparql_value_integer(0);
	if (!z)
		return NULL;
	kg_sparql_value *r;
	if (x->type == KG_SPARQL_T_INTEGER) {
		r = kg_sparql_value_arith(KG_SPARQL_EX_SUB, z, x);
	} else {
		double d = -x->d;
		r = x->type == KG_SPARQL_T_DECIMAL
		    ? kg_sparql_value_decimal_scaled(d, kg_sparql_value_decimal_scale(x))
		    : x->type == KG_SPARQL_T_FLOAT ? kg_sparql_value_float(d)
		                                   : kg_sparql_value_double(d);
	}
	kg_sparql_value_free(z);
	return r;
}

static kg_sparql_value *
call_sameterm(const kg_sparql_call_args *c)
{
	return kg_sparql_value_boolean(kg_sparql_value_same_term(c->a[0], c->a[1]));
}

static kg_sparql_value *
call_isiri(const kg_sparql_call_args *c)
{
	return kg_sparql_value_boolean(c->a[0]->kind == KG_SPARQL_V_IRI);
}

static kg_sparql_value *
call_isblank(const kg_sparql_call_args *c)
{
	return kg_sparql_value_boolean(c->a[0]->kind == KG_SPARQL_V_BLANK);
}

static kg_sparql_value *
call_isliteral(const kg_sparql_call_args *c)
{
	return kg_sparql_value_boolean(c->a[0]->kind == KG_SPARQL_V_LITERAL);
}

static kg_sparql_value *
call_isnumeric(const kg_sparql_call_args *c)
{
	return kg_sparql_value_boolean(kg_sparql_value_is_numeric(c->a[0]) &&
	                               c->a[0]->valid);
}

static kg_sparql_value *
call_str(const kg_sparql_call_args *c)
{
	if (c->a[0]->kind == KG_SPARQL_V_BLANK)
		return ERR;
	return simple(c->a[0]->lex);
}

static kg_sparql_value *
call_lang(const kg_sparql_call_args *c)
{
	if (c->a[0]->kind != KG_SPARQL_V_LITERAL)
		return ERR;
	return simple(c->a[0]->lang ? c->a[0]->lang : "");
}

static kg_sparql_value *
call_datatype(const kg_sparql_call_args *c)
{
	if (c->a[0]->kind != KG_SPARQL_V_LITERAL)
		return ERR;
	return kg_sparql_value_iri(c->a[0]->datatype ? c->a[0]->datatype
	                                             : KG_XSD "string");
}

static kg_sparql_value *
call_iri(const kg_sparql_call_args *c)
{
	const kg_sparql_value *x = c->a[0];
	if (x->kind == KG_SPARQL_V_IRI)
		return kg_sparql_value_copy(x);
	if (x->kind != KG_SPARQL_V_LITERAL || x->type != KG_SPARQL_T_STRING)
		return ERR;
	kg_buf b = {0};
	int oom = kg_sparql_iri_resolve(c->ctx ? c->ctx->base : NULL, x->lex, &b);
	kg_sparql_value *r = oom ? NULL : kg_sparql_value_iri(kg_buf_str(&b));
	kg_buf_free(&b);
	return r;
}

static kg_sparql_value *
call_langmatches(const kg_sparql_call_args *c)
{
	const kg_sparql_value *const *a = c->a;
	if (!kg_sparql_value_is_string(a[0]) || a[0]->lang ||
	    !kg_sparql_value_is_string(a[1]) || a[1]->lang)
		return ERR;
	return kg_sparql_value_boolean(lang_matches(a[0]->lex, a[1]->lex));
}

static kg_sparql_value *
call_strlen(const kg_sparql_call_args *c)
{
	if (!kg_sparql_value_is_string(c->a[0]))
		return ERR;
	return kg_sparql_value_integer((long long)u8_len(c->a[0]->lex));
}

static kg_sparql_value *
call_substr(const kg_sparql_call_args *c)
{
	return fn_substr(c->a, c->n);
}

static kg_sparql_value *
call_ucase(const kg_sparql_call_args *c)
{
	return fn_case(c->a[0], 1);
}

static kg_sparql_value *
call_lcase(const kg_sparql_call_args *c)
{
	return fn_case(c->a[0], 0);
}

static kg_sparql_value *
call_strpos(const kg_sparql_call_args *c)
{
	return fn_strpos(c->op, c->a[0], c->a[1]);
}

static kg_sparql_value *
call_encode_for_uri(const kg_sparql_call_args *c)
{
	return fn_encode_for_uri(c->a[0]);
}

static kg_sparql_value *
call_concat(const kg_sparql_call_args *c)
{
	return fn_concat(c->a, c->n);
}

static kg_sparql_value *
call_regex(const kg_sparql_call_args *c)
{
	return c->op == KG_SPARQL_EX_REGEX ? fn_regex(c->a, c->n, c->ctx)
	                                   : fn_replace(c->a, c->n, c->ctx);
}

static kg_sparql_value *
call_round(const kg_sparql_call_args *c)
{
	return fn_round(c->op, c->a[0]);
}

static kg_sparql_value *
call_rand(const kg_sparql_call_args *c)
{
	return fn_rand(c->ctx);
}

static kg_sparql_value *
call_now(const kg_sparql_call_args *c)
{
	if (!c->ctx)
		return ERR;
	if (c->ctx->now)
		return kg_sparql_value_copy(c->ctx->now);
	if (!c->ctx->has_now_time)
		return ERR;
	char buf[64];
	kg_sparql_format_utc(buf, sizeof buf, c->ctx->now_sec,
	                     c->ctx->now_nsec);
	return kg_sparql_value_literal(buf, NULL, KG_XSD "dateTime");
}

static kg_sparql_value *
call_uuid(const kg_sparql_call_args *c)
{
	return fn_uuid(c->ctx, c->op == KG_SPARQL_EX_UUID);
}

static kg_sparql_value *
call_date_part(const kg_sparql_call_args *c)
{
	return fn_date_part(c->op, c->a[0]);
}

static kg_sparql_value *
call_hash(const kg_sparql_call_args *c)
{
	return fn_hash(c->op, c->a[0]);
}

static kg_sparql_value *
call_strdt(const kg_sparql_call_args *c)
{
	const kg_sparql_value *const *a = c->a;
	if (a[0]->kind != KG_SPARQL_V_LITERAL ||
	    a[0]->type != KG_SPARQL_T_STRING || a[1]->kind != KG_SPARQL_V_IRI)
		return ERR;
	return kg_sparql_value_literal(a[0]->lex, NULL, a[1]->lex);
}

static kg_sparql_value *
call_strlang(const kg_sparql_call_args *c)
{
	const kg_sparql_value *const *a = c->a;
	if (a[0]->kind != KG_SPARQL_V_LITERAL ||
	    a[0]->type != KG_SPARQL_T_STRING ||
	    !kg_sparql_value_is_string(a[1]) || a[1]->lang || !a[1]->lex[0])
		return ERR;
	return kg_sparql_value_literal(a[0]->lex, a[1]->lex, NULL);
}

#define OP KG_SPARQL_FN_OPERATOR
#define AGG KG_SPARQL_FN_AGGREGATE
#define LAZY KG_SPARQL_FN_LAZY
#define E(op, name, lo, hi, flags, fn) \
	[KG_SPARQL_EX_##op] = {KG_SPARQL_EX_##op, name, lo, hi, flags, fn}

/* Indexed by kg_sparql_op; test_sparql_func.c checks that no op is
 * missing. */
static const kg_sparql_builtin builtins[] = {
	E(TERM, "term", 0, 0, OP, NULL),
	E(OR, "||", 2, 2, OP | LAZY, NULL),
	E(AND, "&&", 2, 2, OP | LAZY, NULL),
	E(EQ, "=", 2, 2, OP, call_cmp),
	E(NE, "!=", 2, 2, OP, call_cmp),
	E(LT, "<", 2, 2, OP, call_cmp),
	E(GT, ">", 2, 2, OP, call_cmp),
	E(LE, "<=", 2, 2, OP, call_cmp),
	E(GE, ">=", 2, 2, OP, call_cmp),
	E(IN, "in", 1, -1, OP | LAZY, NULL),
	E(NOT_IN, "notin", 1, -1, OP | LAZY, NULL),
	E(ADD, "+", 2, 2, OP, call_arith),
	E(SUB, "-", 2, 2, OP, call_arith),
	E(MUL, "*", 2, 2, OP, call_arith),
	E(DIV, "/", 2, 2, OP, call_arith),
	E(NOT, "!", 1, 1, OP, call_not),
	E(NEG, "-", 1, 1, OP, call_sign),
	E(PLUS, "+", 1, 1, OP, call_sign),
	/* an IRI's function: kg_sparql_call_iri() */
	E(FUNCTION, "call", 0, -1, OP, NULL),
	E(EXISTS, "exists", 0, 0, OP | LAZY, NULL),
	E(NOT_EXISTS, "notexists", 0, 0, OP | LAZY, NULL),
	E(STR, "STR", 1, 1, 0, call_str),
	E(LANG, "LANG", 1, 1, 0, call_lang),
	E(LANGMATCHES, "LANGMATCHES", 2, 2, 0, call_langmatches),
	E(DATATYPE, "DATATYPE", 1, 1, 0, call_datatype),
	E(BOUND, "BOUND", 1, 1, LAZY | KG_SPARQL_FN_VAR_ARG, NULL),
	E(IRI, "IRI", 1, 1, 0, call_iri),
	E(URI, "URI", 1, 1, 0, call_iri),
	E(BNODE, "BNODE", 0, 1, LAZY, NULL),
	E(RAND, "RAND", 0, 0, 0, call_rand),
	E(ABS, "ABS", 1, 1, 0, call_round),
	E(CEIL, "CEIL", 1, 1, 0, call_round),
	E(FLOOR, "FLOOR", 1, 1, 0, call_round),
	E(ROUND, "ROUND", 1, 1, 0, call_round),
	E(CONCAT, "CONCAT", 0, -1, 0, call_concat),
	E(SUBSTR, "SUBSTR", 2, 3, 0, call_substr),
	E(STRLEN, "STRLEN", 1, 1, 0, call_strlen),
	E(REPLACE, "REPLACE", 3, 4, 0, call_regex),
	E(UCASE, "UCASE", 1, 1, 0, call_ucase),
	E(LCASE, "LCASE", 1, 1, 0, call_lcase),
	E(ENCODE_FOR_URI, "ENCODE_FOR_URI", 1, 1, 0, call_encode_for_uri),
	E(CONTAINS, "CONTAINS", 2, 2, 0, call_strpos),
	E(STRSTARTS, "STRSTARTS", 2, 2, 0, call_strpos),
	E(STRENDS, "STRENDS", 2, 2, 0, call_strpos),
	E(STRBEFORE, "STRBEFORE", 2, 2, 0, call_strpos),
	E(STRAFTER, "STRAFTER", 2, 2, 0, call_strpos),
	E(YEAR, "YEAR", 1, 1, 0, call_date_part),
	E(MONTH, "MONTH", 1, 1, 0, call_date_part),
	E(DAY, "DAY", 1, 1, 0, call_date_part),
	E(HOURS, "HOURS", 1, 1, 0, call_date_part),
	E(MINUTES, "MINUTES", 1, 1, 0, call_date_part),
	E(SECONDS, "SECONDS", 1, 1, 0, call_date_part),
	E(TIMEZONE, "TIMEZONE", 1, 1, 0, call_date_part),
	E(TZ, "TZ", 1, 1, 0, call_date_part),
	E(NOW, "NOW", 0, 0, 0, call_now),
	E(UUID, "UUID", 0, 0, 0, call_uuid),
	E(STRUUID, "STRUUID", 0, 0, 0, call_uuid),
	E(MD5, "MD5", 1, 1, 0, call_hash),
	E(SHA1, "SHA1", 1, 1, 0, call_hash),
	E(SHA256, "SHA256", 1, 1, 0, call_hash),
	E(SHA384, "SHA384", 1, 1, 0, call_hash),
	E(SHA512, "SHA512", 1, 1, 0, call_hash),
	E(COALESCE, "COALESCE", 0, -1, LAZY, NULL),
	E(IF, "IF", 3, 3, LAZY, NULL),
	E(STRLANG, "STRLANG", 2, 2, 0, call_strlang),
	E(STRDT, "STRDT", 2, 2, 0, call_strdt),
	E(SAMETERM, "sameTerm", 2, 2, 0, call_sameterm),
	E(ISIRI, "isIRI", 1, 1, 0, call_isiri),
	E(ISURI, "isURI", 1, 1, 0, call_isiri),
	E(ISBLANK, "isBLANK", 1, 1, 0, call_isblank),
	E(ISLITERAL, "isLITERAL", 1, 1, 0, call_isliteral),
	E(ISNUMERIC, "isNUMERIC", 1, 1, 0, call_isnumeric),
	E(REGEX, "REGEX", 2, 3, 0, call_regex),
	E(COUNT, "COUNT", 0, 1, AGG, NULL),
	E(SUM, "SUM", 1, 1, AGG, NULL),
	E(MIN, "MIN", 1, 1, AGG, NULL),
	E(MAX, "MAX", 1, 1, AGG, NULL),
	E(AVG, "AVG", 1, 1, AGG, NULL),
	E(SAMPLE, "SAMPLE", 1, 1, AGG, NULL),
	E(GROUP_CONCAT, "GROUP_CONCAT", 1, 1, AGG, NULL),
};

#undef E
#undef OP
#undef AGG
#undef LAZY

const kg_sparql_builtin *
kg_sparql_builtin_of(kg_sparql_op op)
{
	if ((size_t)op >= sizeof builtins / sizeof builtins[0])
		return NULL;
	return &builtins[op];
}

const kg_sparql_builtin *
kg_sparql_builtin_named(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (!(builtins[i].flags & KG_SPARQL_FN_OPERATOR) &&
		    !strcasecmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}

kg_sparql_value *
kg_sparql_call(kg_sparql_op op, const kg_sparql_value *const *a, size_t n,
               const kg_sparql_fn_ctx *ctx)
{
	for (size_t k = 0; k < n; k++)
		if (kg_sparql_value_is_error(a[k]))
			return ERR;
	const kg_sparql_builtin *b = kg_sparql_builtin_of(op);
	if (!b || !b->fn || n < (size_t)b->min_args ||
	    (b->max_args >= 0 && n > (size_t)b->max_args))
		return ERR;
	kg_sparql_call_args c = {op, a, n, ctx};
	return b->fn(&c);
}

kg_sparql_value *
kg_sparql_call_iri(const char *iri, const kg_sparql_value *const *args, size_t n,
                   const kg_sparql_fn_ctx *ctx)
{
	(void)ctx;
	static const char *const casts[] = {
		"integer", "decimal", "float", "double", "boolean", "string",
		"dateTime", "date", NULL
	};
	size_t nx = strlen(KG_XSD);
	if (n != 1 || strncmp(iri, KG_XSD, nx))
		return ERR;
	for (size_t k = 0; casts[k]; k++)
		if (!strcmp(iri + nx, casts[k]))
			return kg_sparql_value_cast(args[0], iri);
	return ERR;
}

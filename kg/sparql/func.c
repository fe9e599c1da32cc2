/* func.c: the built-in functions of SPARQL 1.1 section 17.4 and the
 * dispatch of operators and built-ins on evaluated arguments.
 *
 * Strings are UTF-8; lengths and positions count characters.  UCASE and
 * LCASE map ASCII and Latin-1 (U+00C0-U+00FE, ÿ to Ÿ); other characters,
 * ß among them, are left as they are.
 *
 * REGEX and REPLACE translate XPath regular expressions to POSIX
 * regcomp(REG_EXTENDED) ones (compile()): flag "i" is REG_ICASE; "m"
 * without "s" is REG_NEWLINE (^ and $ at line ends); "." matches any
 * character but a newline unless "s" is given, as in XPath; "q" quotes
 * the pattern; "x" removes whitespace outside character classes.  \d
 * and \D become [0-9] and [^0-9], \n \r \t their characters, and
 * inside a class an escaped character is itself; glibc's \w \W \s \S
 * \b work.  XPath's \p{..}, \i, \c, character class subtraction,
 * reluctant quantifiers, and \] \- \^ inside a class (POSIX has no
 * escapes there) do not.  A pattern that matches "" is an error in REPLACE,
 * as in XPath.  REPLACE matches again in the rest of the text with
 * REG_NOTBOL, so \b and \< there see no character before the resumption
 * point; an empty match inside the text keeps one character and moves on.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

static int
put_cp(kg_buf *b, unsigned cp)
{
	char t[4];
	size_t n;
	if (cp < 0x80)
		t[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		t[0] = (char)(0xC0 | (cp >> 6)), t[1] = (char)(0x80 | (cp & 0x3F)),
		n = 2;
	else
		t[0] = (char)(0xE0 | (cp >> 12)),
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
		t[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	return kg_buf_put(b, t, n);
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

static kg_sparql_value *
fn_case(const kg_sparql_value *v, int upper)
{
	if (!kg_sparql_value_is_string(v))
		return ERR;
	kg_buf b = {0};
	int oom = kg_buf_reserve(&b, strlen(v->lex) + 1);
	const unsigned char *s = (const unsigned char *)v->lex;
	while (*s && !oom) {
		if (*s < 0x80) {
			int c;
			if (*s >= 'a' && *s <= 'z' && upper)
				c = *s - 'a' + 'A';
			else if (*s >= 'A' && *s <= 'Z' && !upper)
				c = *s - 'A' + 'a';
			else
				c = *s;
			oom = kg_buf_putc(&b, (char)c);
			s++;
			continue;
		}
		if ((s[0] == 0xC3) && (s[1] & 0xC0) == 0x80) {
			unsigned cp = 0xC0 | (s[1] & 0x3F);
			if (upper && cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
				cp -= 0x20;
			else if (upper && cp == 0xFF)
				cp = 0x178;
			else if (!upper && cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
				cp += 0x20;
			oom = put_cp(&b, cp);
			s += 2;
			continue;
		}
		if (!upper && s[0] == 0xC5 && s[1] == 0xB8) { /* Ÿ */
			oom = put_cp(&b, 0xFF);
			s += 2;
			continue;
		}
		oom = kg_buf_putc(&b, (char)*s++);
	}
	return buf_result(&b, v, oom);
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

/* The character an XPath escape \c stands for when it is a single
 * character (\n, \t, \\, \., ...), else 0 (\d, \w, \b, ...). */
static int
escaped_char(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	default:
		return strchr("\\|.?*+(){}[]^$-", c) ? c : 0;
	}
}

/* Translates an XPath regular expression (as SPARQL's REGEX takes it)
 * into a POSIX extended one and compiles it.  Outside a character
 * class: "." is any character but a newline unless the "s" flag is set;
 * \n, \r, \t are those characters; \d and \D are [0-9] and [^0-9];
 * other escapes go to glibc as they are (\w, \s, \b).  Inside a class,
 * where POSIX takes a backslash literally, an escaped character is the
 * character itself.  The "x" flag drops whitespace outside classes, as
 * XPath says. */
static int
compile(regex_t *re, const char *pat, const char *flags)
{
	int cf = REG_EXTENDED, s = 0, m = 0, q = 0, x = 0;
	for (const char *f = flags ? flags : ""; *f; f++) {
		switch (*f) {
		case 'i': cf |= REG_ICASE; break;
		case 's': s = 1; break;
		case 'm': m = 1; break;
		case 'q': q = 1; break;
		case 'x': x = 1; break;
		default: return -1;
		}
	}
	if (m && !s)
		cf |= REG_NEWLINE;
	kg_buf b = {0};
	int oom = kg_buf_puts(&b, "");
	int in_class = 0; /* inside [...]; 2 right after "[" or "[^" */
	for (const char *p = pat; *p && !oom; p++) {
		if (q) {
			if (strchr("\\^$.|?*+()[]{}", *p))
				oom = kg_buf_putc(&b, '\\');
			oom = oom || kg_buf_putc(&b, *p);
			continue;
		}
		if (in_class) {
			int first = in_class == 2;
			in_class = 1;
			if (*p == ']' && !first) {
				in_class = 0;
				oom = kg_buf_putc(&b, ']');
			} else if (p[0] == '\\' && p[1] && escaped_char(p[1])) {
				oom = kg_buf_putc(&b, (char)escaped_char(p[1]));
				p++;
			} else {
				if (first && *p == '^')
					in_class = 2;
				oom = kg_buf_putc(&b, *p);
			}
			continue;
		}
		if (x && isspace((unsigned char)*p))
			continue;
		if (*p == '[') {
			in_class = 2;
			oom = kg_buf_putc(&b, '[');
		} else if (*p == '.' && !s) {
			oom = kg_buf_puts(&b, "[^\n]");
		} else if (p[0] == '\\' && (p[1] == 'd' || p[1] == 'D')) {
			oom = kg_buf_puts(&b, p[1] == 'd' ? "[0-9]" : "[^0-9]");
			p++;
		} else if (p[0] == '\\' && (p[1] == 'n' || p[1] == 'r' || p[1] == 't')) {
			oom = kg_buf_putc(&b, (char)escaped_char(p[1]));
			p++;
		} else if (p[0] == '\\' && p[1]) {
			oom = kg_buf_put(&b, p, 2);
			p++;
		} else {
			oom = kg_buf_putc(&b, *p);
		}
	}
	int rc = oom ? -1 : regcomp(re, kg_buf_str(&b), cf) ? -1 : 0;
	kg_buf_free(&b);
	return rc;
}

/* POSIX regular expressions follow LC_CTYPE: in the "C" locale they
 * match bytes, and [^a-z] matches each of the three bytes of one
 * Japanese character.  SPARQL's strings are UTF-8, so REGEX and REPLACE
 * run in a UTF-8 locale whatever the program's (when the system has
 * C.UTF-8; otherwise in the program's). */
static locale_t
utf8_locale(void)
{
	static locale_t loc;
	static int tried;
	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

#define REGEX_CACHE 8

struct kg_sparql_regex_cache {
	struct {
		char *pat, *flags; /* NULL: the entry is free */
		regex_t re;
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
			regfree(&c->e[i].re);
			free(c->e[i].pat);
			free(c->e[i].flags);
		}
	free(c);
}

/* The compiled pattern: from ctx's cache (adding it there), or compiled
 * into `tmp`, which put_regex() then frees.  NULL for a bad pattern. */
static regex_t *
get_regex(const kg_sparql_fn_ctx *ctx, const char *pat, const char *flags,
          regex_t *tmp)
{
	kg_sparql_regex_cache *c = ctx ? ctx->regexes : NULL;
	const char *f = flags ? flags : "";
	if (c)
		for (int i = 0; i < REGEX_CACHE; i++)
			if (c->e[i].pat && !strcmp(c->e[i].pat, pat) &&
			    !strcmp(c->e[i].flags, f))
				return &c->e[i].re;
	if (compile(tmp, pat, flags))
		return NULL;
	char *pc = c ? strdup(pat) : NULL, *fc = c ? strdup(f) : NULL;
	if (!pc || !fc) {
		free(pc);
		free(fc);
		return tmp;
	}
	unsigned i = c->next++ % REGEX_CACHE;
	if (c->e[i].pat) {
		regfree(&c->e[i].re);
		free(c->e[i].pat);
		free(c->e[i].flags);
	}
	c->e[i].pat = pc;
	c->e[i].flags = fc;
	c->e[i].re = *tmp;
	return &c->e[i].re;
}

static void
put_regex(regex_t *re, regex_t *tmp)
{
	if (re == tmp)
		regfree(tmp);
}

static kg_sparql_value *
fn_regex(const kg_sparql_value *const *a, size_t n,
         const kg_sparql_fn_ctx *ctx)
{
	if (!kg_sparql_value_is_string(a[0]) || !kg_sparql_value_is_string(a[1]) ||
	    a[1]->lang || (n > 2 && (!kg_sparql_value_is_string(a[2]) || a[2]->lang)))
		return ERR;
	regex_t tmp, *re = get_regex(ctx, a[1]->lex, n > 2 ? a[2]->lex : NULL,
	                             &tmp);
	if (!re)
		return ERR;
	int m = regexec(re, a[0]->lex, 0, NULL, 0) == 0;
	put_regex(re, &tmp);
	return kg_sparql_value_boolean(m);
}

static kg_sparql_value *
fn_replace(const kg_sparql_value *const *a, size_t n)
{
	for (size_t k = 1; k < n; k++)
		if (!kg_sparql_value_is_string(a[k]) || a[k]->lang)
			return ERR;
	if (!kg_sparql_value_is_string(a[0]))
		return ERR;
	regex_t re;
	if (compile(&re, a[1]->lex, n > 3 ? a[3]->lex : NULL))
		return ERR;
	if (regexec(&re, "", 0, NULL, 0) == 0) {
		regfree(&re);
		return ERR; /* XPath: a pattern matching "" is an error */
	}
	const char *rep = a[2]->lex;
	/* check the replacement: \ only before \ or $, $ only before a digit */
	for (const char *p = rep; *p; p++) {
		if ((*p == '\\' && p[1] != '\\' && p[1] != '$') ||
		    (*p == '$' && !isdigit((unsigned char)p[1]))) {
			regfree(&re);
			return ERR;
		}
		if (*p == '\\')
			p++;
	}
	kg_buf b = {0};
	int oom = kg_buf_puts(&b, "");
	const char *s = a[0]->lex;
	regmatch_t m[10];
	int eflags = 0;
	while (!oom && *s && regexec(&re, s, 10, m, eflags) == 0) {
		oom = kg_buf_put(&b, s, (size_t)m[0].rm_so);
		for (const char *p = rep; *p && !oom; p++) {
			if (*p == '\\') {
				oom = kg_buf_putc(&b, *++p);
			} else if (*p == '$') {
				int g = *++p - '0';
				if (g <= (int)re.re_nsub && m[g].rm_so >= 0)
					oom = kg_buf_put(&b, s + m[g].rm_so,
					                 (size_t)(m[g].rm_eo - m[g].rm_so));
			} else {
				oom = kg_buf_putc(&b, *p);
			}
		}
		if (m[0].rm_eo == m[0].rm_so) {
			/* an empty match inside the text (\b, say): keep one
			 * character and go on after it */
			size_t c = u8_offset(s + m[0].rm_eo, 1);
			oom = oom || kg_buf_put(&b, s + m[0].rm_eo, c);
			s += m[0].rm_eo + c;
		} else {
			s += m[0].rm_eo;
		}
		eflags = REG_NOTBOL;
	}
	oom = oom || kg_buf_puts(&b, s);
	regfree(&re);
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
	kg_sparql_value *t = v->type == KG_SPARQL_T_DECIMAL ? kg_sparql_value_decimal(r)
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
		r = x->type == KG_SPARQL_T_DECIMAL ? kg_sparql_value_decimal(d)
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
	locale_t utf8 = utf8_locale(), old = utf8 ? uselocale(utf8) : 0;
	kg_sparql_value *r = c->op == KG_SPARQL_EX_REGEX
	                             ? fn_regex(c->a, c->n, c->ctx)
	                             : fn_replace(c->a, c->n);
	if (utf8)
		uselocale(old);
	return r;
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
	if (!c->ctx || !c->ctx->now)
		return ERR;
	return kg_sparql_value_copy(c->ctx->now);
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

/* test_sparql_func.c: the value model and the functions of SPARQL 1.1
 * section 17.  Expected values are the specification's own examples
 * (section 17.4), XPath's (fn:substring, fn:replace, fn:round) and the
 * standard test vectors of RFC 1321 and FIPS 180-2 for "abc". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sparql/builtin.h"
#include "sparql/value.h"
#include "../tap.h"

#define XSD KG_XSD

/* every value made here, freed at the end */
static kg_sparql_value *pool[4096];
static size_t n_pool;

static kg_sparql_value *
keep(kg_sparql_value *v)
{
	if (!v) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	/* a value not kept would be reported as a leak under ASan */
	if (n_pool == sizeof pool / sizeof *pool) {
		printf("Bail out! more values than the pool holds\n");
		exit(1);
	}
	pool[n_pool++] = v;
	return v;
}

static kg_sparql_value *S(const char *s) { return keep(kg_sparql_value_literal(s, NULL, NULL)); }
static kg_sparql_value *L(const char *s, const char *l) { return keep(kg_sparql_value_literal(s, l, NULL)); }
static kg_sparql_value *T(const char *s, const char *dt) { return keep(kg_sparql_value_literal(s, NULL, dt)); }
static kg_sparql_value *XS(const char *s) { return T(s, XSD "string"); }
static kg_sparql_value *I(const char *s) { return T(s, XSD "integer"); }
static kg_sparql_value *D(const char *s) { return T(s, XSD "decimal"); }
static kg_sparql_value *IRI(const char *s) { return keep(kg_sparql_value_iri(s)); }
static kg_sparql_value *B(const char *s) { return keep(kg_sparql_value_blank(s)); }

static kg_sparql_fn_ctx ctx = {.base = "http://example.org/base/"};

static kg_sparql_value *
call(kg_sparql_op op, size_t n, kg_sparql_value *a, kg_sparql_value *b,
     kg_sparql_value *c)
{
	const kg_sparql_value *args[3] = {a, b, c};
	return keep(kg_sparql_call(op, args, n, &ctx));
}
#define C1(op, a) call(KG_SPARQL_EX_##op, 1, a, NULL, NULL)
#define C2(op, a, b) call(KG_SPARQL_EX_##op, 2, a, b, NULL)
#define C3(op, a, b, c) call(KG_SPARQL_EX_##op, 3, a, b, c)

/* the result is the literal lex with lang / datatype (NULL: simple) */
static int
is_lit(const kg_sparql_value *v, const char *lex, const char *lang,
       const char *dt)
{
	if (v->kind != KG_SPARQL_V_LITERAL || strcmp(v->lex, lex))
		return 0;
	if (lang)
		return v->lang && !strcmp(v->lang, lang);
	if (v->lang)
		return 0;
	if (!dt)
		return v->datatype == NULL;
	return v->datatype && !strcmp(v->datatype, dt);
}

static int
is_true(const kg_sparql_value *v)
{
	return is_lit(v, "true", NULL, XSD "boolean");
}

static int
is_false(const kg_sparql_value *v)
{
	return is_lit(v, "false", NULL, XSD "boolean");
}

static int
is_err(const kg_sparql_value *v)
{
	return kg_sparql_value_is_error(v);
}

/* numerically equal to `want`, of datatype dt */
static int
is_num(const kg_sparql_value *v, const char *want, const char *dt)
{
	kg_sparql_value *w = keep(kg_sparql_value_literal(want, NULL, dt));
	return v->kind == KG_SPARQL_V_LITERAL && v->datatype &&
	       !strcmp(v->datatype, dt) && kg_sparql_value_equal(v, w) == 1;
}

static int
zero_random(void *user, unsigned char *buf, size_t n)
{
	(void)user;
	memset(buf, 0, n);
	return 0;
}

/* XPath regular expressions (F&O 3.1 sections 5.6.1 to 5.6.4; the
 * fn:replace and fn:matches examples are the specification's own):
 * REPLACE(text, pattern, replacement[, flags]), or "(error)". */
static const char *
replace(kg_sparql_fn_ctx *c, const char *text, const char *pat,
        const char *rep, const char *flags)
{
	const kg_sparql_value *a[4] = {S(text), S(pat), S(rep), flags ? S(flags) : NULL};
	kg_sparql_value *r = keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, a, flags ? 4 : 3, c));
	return r->kind == KG_SPARQL_V_LITERAL ? r->lex : "(error)";
}

/* REGEX(text, pattern[, flags]): 1, 0, or -1 for an error */
static int
matches(kg_sparql_fn_ctx *c, const char *text, const char *pat, const char *flags)
{
	const kg_sparql_value *a[3] = {S(text), S(pat), flags ? S(flags) : NULL};
	kg_sparql_value *r = keep(kg_sparql_call(KG_SPARQL_EX_REGEX, a, flags ? 3 : 2, c));
	return is_true(r) ? 1 : is_false(r) ? 0 : -1;
}

#define REPLACE_IS(c, want, text, pat, rep, flags)                          \
	TAP_STR(replace(c, text, pat, rep, flags), want,                     \
	        "replace(\"%s\", \"%s\", \"%s\"%s%s)", text, pat, rep,        \
	        flags ? ", " : "", flags ? flags : "")
#define MATCHES_IS(c, want, text, pat, flags)                               \
	TAP_OK(matches(c, text, pat, flags) == want,                         \
	       "matches(\"%s\", \"%s\"%s%s) is %d", text, pat,               \
	       flags ? ", " : "", flags ? flags : "", want)

static void
test_xpath_regex(void)
{
	kg_sparql_fn_ctx cached = ctx;
	cached.regexes = kg_sparql_regex_cache_new();
	/* once compiling each time, once through a query's cache (twice
	 * each, so the second call finds the compiled pattern) */
	kg_sparql_fn_ctx *ctxs[] = {&ctx, &cached, &cached};
	for (size_t k = 0; k < sizeof ctxs / sizeof *ctxs; k++) {
		kg_sparql_fn_ctx *c = ctxs[k];
		/* fn:replace */
		REPLACE_IS(c, "XX", "abcabc", "a.*?c", "X", NULL);
		REPLACE_IS(c, "*c*bra", "abracadabra", "a.*?a", "*", NULL);
		REPLACE_IS(c, "brcdbr", "abracadabra", "a", "", NULL);
		REPLACE_IS(c, "carted", "darted", "^(.*?)d(.*)$", "$1c$2", NULL);
		REPLACE_IS(c, "[1=ab][2=]cd", "abcd", "(ab)|(a)", "[1=$1][2=$2]", NULL);
		REPLACE_IS(c, "(error)", "AAAA", "A*", "b", NULL);
		REPLACE_IS(c, "(error)", "abc", "b", "$", NULL);
		REPLACE_IS(c, "(error)", "abc", "b", "\\x", NULL);
		REPLACE_IS(c, "a$c", "abc", "b", "\\$", NULL);
		REPLACE_IS(c, "a\\c", "abc", "b", "\\\\", NULL);
		/* $10 with one group is group 1 and a "0" */
		REPLACE_IS(c, "ab0c", "abc", "(b)", "$10", NULL);
		REPLACE_IS(c, "ac", "abc", "(b)", "$2", NULL);
		REPLACE_IS(c, "a-b-c", "a.b.c", ".", "-", "q");
		/* q: the replacement is literal as well */
		REPLACE_IS(c, "a$1b\\bc", "a.bc", ".", "$1b\\", "q");
		REPLACE_IS(c, "euaio", "education", "[a-z-[aeiou]]", "", NULL);
		REPLACE_IS(c, "-am-", "ḥamā", "[\\p{L}-[a-z]]", "-", NULL);
		/* fn:matches */
		MATCHES_IS(c, 1, "abracadabra", "bra", NULL);
		MATCHES_IS(c, 1, "abracadabra", "^a.*a$", NULL);
		MATCHES_IS(c, 0, "abracadabra", "^bra", NULL);
		MATCHES_IS(c, 1, "ḥamā", "^\\p{L}+$", NULL);
		MATCHES_IS(c, 1, "Ḥamā", "^[\\p{Lu}]", NULL);
		MATCHES_IS(c, 0, "ḥamā", "^[\\p{Lu}]", NULL);
		MATCHES_IS(c, 1, "ΑΒΓ", "^αβγ$", "i");
		MATCHES_IS(c, 0, "ΑΒΓ", "^αβγ$", NULL);
		MATCHES_IS(c, 0, "b", "^[a-z-[a-c]]$", NULL);
		MATCHES_IS(c, 1, "d", "^[a-z-[a-c]]$", NULL);
		MATCHES_IS(c, 0, "B", "^[^a-z-[B]]$", NULL);
		MATCHES_IS(c, 1, "C", "^[^a-z-[B]]$", NULL);
		MATCHES_IS(c, 0, "c", "^[^a-z-[B]]$", NULL);
		MATCHES_IS(c, 1, "b", "^[a-z-[a-c-[b]]]$", NULL);
		MATCHES_IS(c, 1, "a.c", "a.c", "q");
		MATCHES_IS(c, 0, "abc", "a.c", "q");
		MATCHES_IS(c, 1, "A.C", "a.c", "qi");
		/* "$" is the end of the text, not of its last line, without m */
		MATCHES_IS(c, 0, "ab\n", "b$", NULL);
		MATCHES_IS(c, 1, "ab\nc", "b$", "m");
		MATCHES_IS(c, 1, "ab\nc", "^c", "m");
		/* "." is neither \n nor \r without s */
		MATCHES_IS(c, 0, "a\rc", "a.c", NULL);
		MATCHES_IS(c, 1, "a\rc", "a.c", "s");
		/* \w leaves out punctuation, "_" too; \s is four characters */
		MATCHES_IS(c, 0, "_", "\\w", NULL);
		MATCHES_IS(c, 1, "é", "^\\w$", NULL);
		MATCHES_IS(c, 1, "_", "^[\\W]$", NULL);
		MATCHES_IS(c, 0, "\xc2\xa0", "\\s", NULL);
		MATCHES_IS(c, 1, "\xc2\xa0", "^\\S$", NULL);
		/* \i and \c are XML name characters */
		MATCHES_IS(c, 1, "x-1.é", "^\\i\\c*$", NULL);
		MATCHES_IS(c, 0, "1x", "^\\i", NULL);
		MATCHES_IS(c, 1, "1x", "^\\I", NULL);
		MATCHES_IS(c, 1, "a b", "a \\s b", "x");
		/* errors */
		MATCHES_IS(c, -1, "a", "a", "z");
		MATCHES_IS(c, -1, "a", "[]a]", NULL);
		MATCHES_IS(c, -1, "a", "[a-z-[a]b]", NULL);
		MATCHES_IS(c, -1, "a", "\\p{Lu", NULL);
		/* PCRE2 has no Unicode blocks (doc/engine.md) */
		MATCHES_IS(c, -1, "a", "\\p{IsBasicLatin}", NULL);
	}
	kg_sparql_regex_cache_free(cached.regexes);
}

/* NOW()'s formatter against the C library's calendar: instants from
 * 1601 to 2400, a prime number of seconds apart, so that every month,
 * leap day and century rule is crossed at all times of day. */
static void
utc_against_gmtime(void)
{
	int bad = 0, n = 0;
	for (long long t = -11644473600LL; t < 13569465600LL && !bad;
	     t += 2999993, n++) {
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		char want[64], got[64];
		snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.042Z",
		         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		         tm.tm_hour, tm.tm_min, tm.tm_sec);
		kg_sparql_format_utc(got, sizeof got, t, 42000000L);
		if (strcmp(got, want)) {
			printf("# %lld: got %s, gmtime_r says %s\n", t, got, want);
			bad = 1;
		}
	}
	TAP_OK(!bad, "NOW()'s UTC calendar agrees with gmtime_r at %d instants "
	       "from 1601 to 2400", n);
	char b[64];
	kg_sparql_format_utc(b, sizeof b, 951782400LL, 0);
	TAP_STR(b, "2000-02-29T00:00:00.000Z", "2000 is a leap year");
	kg_sparql_format_utc(b, sizeof b, -1, 999999999L);
	TAP_STR(b, "1969-12-31T23:59:59.999Z", "the second before the epoch");
}

int
main(void)
{
	/* 17.4.2 term functions */
	TAP_OK(is_true(C1(ISIRI, IRI("http://example/"))), "isIRI(<http://example/>)");
	TAP_OK(is_false(C1(ISIRI, S("x"))), "isIRI(\"x\") false");
	TAP_OK(is_true(C1(ISBLANK, B("b1"))), "isBlank(_:b1)");
	TAP_OK(is_true(C1(ISLITERAL, S("x"))), "isLiteral(\"x\")");
	TAP_OK(is_true(C1(ISNUMERIC, I("12"))), "isNumeric(12)");
	TAP_OK(is_false(C1(ISNUMERIC, S("12"))), "isNumeric(\"12\") false");
	TAP_OK(is_true(C1(ISNUMERIC, T("15", XSD "byte"))), "isNumeric(\"15\"^^xsd:byte)");
	TAP_OK(is_false(C1(ISNUMERIC, T("1200", XSD "byte"))), "isNumeric(\"1200\"^^xsd:byte) false");
	TAP_OK(is_lit(C1(STR, IRI("http://example/")), "http://example/", NULL, NULL), "STR(<http://example/>)");
	TAP_OK(is_err(C1(STR, B("b1"))), "STR(_:b) is an error");
	TAP_OK(is_lit(C1(LANG, L("abc", "en")), "en", NULL, NULL), "LANG(\"abc\"@en)");
	TAP_OK(is_lit(C1(LANG, S("abc")), "", NULL, NULL), "LANG(\"abc\") = \"\"");
	TAP_STR(C1(DATATYPE, S("abc"))->lex, XSD "string", "DATATYPE(\"abc\")");
	TAP_STR(C1(DATATYPE, L("abc", "en"))->lex, KG_RDF_LANGSTRING, "DATATYPE(\"abc\"@en)");
	TAP_STR(C1(DATATYPE, I("1"))->lex, XSD "integer", "DATATYPE(1)");
	TAP_STR(C1(IRI, S("x"))->lex, "http://example.org/base/x", "IRI(\"x\") resolves against the base");
	TAP_OK(C1(IRI, S("x"))->kind == KG_SPARQL_V_IRI, "IRI() makes an IRI");
	TAP_OK(is_lit(C2(STRDT, S("123"), IRI(XSD "integer")), "123", NULL, XSD "integer"), "STRDT(\"123\", xsd:integer)");
	TAP_OK(is_lit(C2(STRLANG, S("chat"), S("en")), "chat", "en", NULL), "STRLANG(\"chat\", \"en\")");
	TAP_OK(is_err(C2(STRLANG, L("chat", "fr"), S("en"))), "STRLANG of a tagged literal is an error");

	/* 17.4.3 strings */
	TAP_OK(is_num(C1(STRLEN, S("chat")), "4", XSD "integer"), "STRLEN(\"chat\") = 4");
	TAP_OK(is_num(C1(STRLEN, L("chat", "en")), "4", XSD "integer"), "STRLEN(\"chat\"@en) = 4");
	TAP_OK(is_num(C1(STRLEN, XS("chat")), "4", XSD "integer"), "STRLEN(\"chat\"^^xsd:string) = 4");
	TAP_OK(is_num(C1(STRLEN, S("caf\xc3\xa9")), "4", XSD "integer"), "STRLEN(\"café\") = 4 characters");
	TAP_OK(is_lit(C2(SUBSTR, S("foobar"), I("4")), "bar", NULL, NULL), "SUBSTR(\"foobar\", 4)");
	TAP_OK(is_lit(C2(SUBSTR, L("foobar", "en"), I("4")), "bar", "en", NULL), "SUBSTR(\"foobar\"@en, 4)");
	TAP_OK(is_lit(C2(SUBSTR, XS("foobar"), I("4")), "bar", NULL, XSD "string"), "SUBSTR(\"foobar\"^^xsd:string, 4)");
	TAP_OK(is_lit(C3(SUBSTR, S("foobar"), I("4"), I("1")), "b", NULL, NULL), "SUBSTR(\"foobar\", 4, 1)");
	TAP_OK(is_lit(C3(SUBSTR, L("foobar", "en"), I("4"), I("1")), "b", "en", NULL), "SUBSTR(\"foobar\"@en, 4, 1)");
	TAP_OK(is_lit(C3(SUBSTR, S("12345"), D("1.5"), D("2.6")), "234", NULL, NULL), "SUBSTR(\"12345\", 1.5, 2.6) (XPath)");
	TAP_OK(is_lit(C3(SUBSTR, S("12345"), I("0"), I("3")), "12", NULL, NULL), "SUBSTR(\"12345\", 0, 3) (XPath)");
	TAP_OK(is_lit(C3(SUBSTR, S("caf\xc3\xa9s"), I("4"), I("1")), "\xc3\xa9", NULL, NULL), "SUBSTR counts characters");
	TAP_OK(is_lit(C1(UCASE, S("foo")), "FOO", NULL, NULL), "UCASE(\"foo\")");
	TAP_OK(is_lit(C1(UCASE, L("foo", "en")), "FOO", "en", NULL), "UCASE(\"foo\"@en)");
	TAP_OK(is_lit(C1(UCASE, S("caf\xc3\xa9")), "CAF\xc3\x89", NULL, NULL), "UCASE(\"café\") = \"CAFÉ\"");
	TAP_OK(is_lit(C1(LCASE, S("BAR")), "bar", NULL, NULL), "LCASE(\"BAR\")");
	TAP_OK(is_lit(C1(LCASE, L("BAR", "en")), "bar", "en", NULL), "LCASE(\"BAR\"@en)");
	TAP_OK(is_lit(C1(LCASE, S("\xc3\x80")), "\xc3\xa0", NULL, NULL), "LCASE(\"À\") = \"à\"");
	/* Unicode's full, language-independent case mapping (UnicodeData
	 * and SpecialCasing), as XPath's fn:upper-case and fn:lower-case */
	static const char *const cases[][3] = {
		{"U", "ḥamā", "ḤAMĀ"},           /* Arabic transliteration */
		{"L", "ḤAMĀ", "ḥamā"},
		{"U", "şarkı", "ŞARKI"},         /* ı (dotless) upper-cases to I */
		{"L", "ŞARKI", "şarki"},         /* I is i outside a Turkish locale */
		{"U", "istanbul", "ISTANBUL"},   /* i is I, not İ */
		{"L", "İ", "i\xcc\x87"},         /* İ is i + U+0307 combining dot */
		{"U", "ß", "SS"},
		{"U", "Straße", "STRASSE"},
		{"L", "STRASSE", "strasse"},
		{"U", "αβγ", "ΑΒΓ"},
		{"L", "ΑΒΓ", "αβγ"},
		{"L", "ΟΔΟΣ", "οδος"},           /* final sigma */
		{"U", "", ""},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		kg_sparql_value *cv = cases[k][0][0] == 'U' ? C1(UCASE, S(cases[k][1]))
		                                            : C1(LCASE, S(cases[k][1]));
		TAP_OK(is_lit(cv, cases[k][2], NULL, NULL), "%sCASE(\"%s\") = \"%s\" (got \"%s\")",
		       cases[k][0], cases[k][1], cases[k][2],
		       cv->kind == KG_SPARQL_V_LITERAL ? cv->lex : "?");
	}
	TAP_OK(is_lit(C1(UCASE, L("ḥamā", "ar-Latn")), "ḤAMĀ", "ar-Latn", NULL), "UCASE keeps the language tag");
	TAP_OK(is_lit(C1(UCASE, L("i", "tr")), "I", "tr", NULL), "UCASE(\"i\"@tr) is the default mapping, \"I\"");
	TAP_OK(is_lit(C1(LCASE, XS("ΑΒΓ")), "αβγ", NULL, XSD "string"), "LCASE keeps xsd:string");
	TAP_OK(is_true(C2(STRSTARTS, S("foobar"), S("foo"))), "STRSTARTS(\"foobar\", \"foo\")");
	TAP_OK(is_true(C2(STRSTARTS, L("foobar", "en"), L("foo", "en"))), "STRSTARTS(\"foobar\"@en, \"foo\"@en)");
	TAP_OK(is_true(C2(STRSTARTS, XS("foobar"), XS("foo"))), "STRSTARTS(xsd:string, xsd:string)");
	TAP_OK(is_true(C2(STRSTARTS, S("foobar"), XS("foo"))), "STRSTARTS(\"foobar\", \"foo\"^^xsd:string)");
	TAP_OK(is_true(C2(STRSTARTS, L("foobar", "en"), S("foo"))), "STRSTARTS(\"foobar\"@en, \"foo\")");
	TAP_OK(is_err(C2(STRSTARTS, S("foobar"), L("foo", "en"))), "STRSTARTS(\"foobar\", \"foo\"@en) is an error");
	TAP_OK(is_err(C2(STRSTARTS, L("foobar", "en"), L("foo", "fr"))), "STRSTARTS across languages is an error");
	TAP_OK(is_true(C2(STRENDS, S("foobar"), S("bar"))), "STRENDS(\"foobar\", \"bar\")");
	TAP_OK(is_false(C2(STRENDS, S("foobar"), S("foo"))), "STRENDS(\"foobar\", \"foo\") false");
	TAP_OK(is_true(C2(CONTAINS, S("foobar"), S("bar"))), "CONTAINS(\"foobar\", \"bar\")");
	TAP_OK(is_true(C2(CONTAINS, L("foobar", "en"), L("foo", "en"))), "CONTAINS(\"foobar\"@en, \"foo\"@en)");
	TAP_OK(is_lit(C2(STRBEFORE, S("abc"), S("b")), "a", NULL, NULL), "STRBEFORE(\"abc\", \"b\")");
	TAP_OK(is_lit(C2(STRBEFORE, L("abc", "en"), S("b")), "a", "en", NULL), "STRBEFORE(\"abc\"@en, \"b\") = \"a\"@en");
	TAP_OK(is_lit(C2(STRBEFORE, L("abc", "en"), S("bc")), "a", "en", NULL), "STRBEFORE(\"abc\"@en, \"bc\")");
	TAP_OK(is_err(C2(STRBEFORE, L("abc", "en"), L("b", "cy"))), "STRBEFORE(\"abc\"@en, \"b\"@cy) is an error");
	TAP_OK(is_lit(C2(STRBEFORE, XS("abc"), S("")), "", NULL, XSD "string"), "STRBEFORE(\"abc\"^^xsd:string, \"\")");
	TAP_OK(is_lit(C2(STRBEFORE, S("abc"), S("xyz")), "", NULL, NULL), "STRBEFORE(\"abc\", \"xyz\") = \"\"");
	TAP_OK(is_lit(C2(STRBEFORE, L("abc", "en"), L("z", "en")), "", NULL, NULL), "STRBEFORE(\"abc\"@en, \"z\"@en) = \"\"");
	TAP_OK(is_lit(C2(STRBEFORE, L("abc", "en"), L("", "en")), "", "en", NULL), "STRBEFORE(\"abc\"@en, \"\"@en) = \"\"@en");
	TAP_OK(is_lit(C2(STRBEFORE, L("abc", "en"), S("")), "", "en", NULL), "STRBEFORE(\"abc\"@en, \"\") = \"\"@en");
	TAP_OK(is_lit(C2(STRAFTER, S("abc"), S("b")), "c", NULL, NULL), "STRAFTER(\"abc\", \"b\")");
	TAP_OK(is_lit(C2(STRAFTER, L("abc", "en"), S("ab")), "c", "en", NULL), "STRAFTER(\"abc\"@en, \"ab\")");
	TAP_OK(is_err(C2(STRAFTER, L("abc", "en"), L("b", "cy"))), "STRAFTER(\"abc\"@en, \"b\"@cy) is an error");
	TAP_OK(is_lit(C2(STRAFTER, XS("abc"), S("")), "abc", NULL, XSD "string"), "STRAFTER(\"abc\"^^xsd:string, \"\")");
	TAP_OK(is_lit(C2(STRAFTER, S("abc"), S("xyz")), "", NULL, NULL), "STRAFTER(\"abc\", \"xyz\") = \"\"");
	TAP_OK(is_lit(C2(STRAFTER, L("abc", "en"), L("", "en")), "abc", "en", NULL), "STRAFTER(\"abc\"@en, \"\"@en)");
	TAP_OK(is_lit(C1(ENCODE_FOR_URI, S("Los Angeles")), "Los%20Angeles", NULL, NULL), "ENCODE_FOR_URI(\"Los Angeles\")");
	TAP_OK(is_lit(C1(ENCODE_FOR_URI, L("Los Angeles", "en")), "Los%20Angeles", NULL, NULL), "ENCODE_FOR_URI(\"Los Angeles\"@en)");
	TAP_OK(is_lit(C1(ENCODE_FOR_URI, S("caf\xc3\xa9~a/b")), "caf%C3%A9~a%2Fb", NULL, NULL), "ENCODE_FOR_URI encodes UTF-8 bytes");
	TAP_OK(is_lit(C2(CONCAT, S("foo"), S("bar")), "foobar", NULL, NULL), "CONCAT(\"foo\", \"bar\")");
	TAP_OK(is_lit(C2(CONCAT, L("foo", "en"), L("bar", "en")), "foobar", "en", NULL), "CONCAT(\"foo\"@en, \"bar\"@en)");
	TAP_OK(is_lit(C2(CONCAT, XS("foo"), XS("bar")), "foobar", NULL, XSD "string"), "CONCAT(xsd:string, xsd:string)");
	TAP_OK(is_lit(C2(CONCAT, S("foo"), XS("bar")), "foobar", NULL, NULL), "CONCAT(\"foo\", \"bar\"^^xsd:string)");
	TAP_OK(is_lit(C2(CONCAT, L("foo", "en"), S("bar")), "foobar", NULL, NULL), "CONCAT(\"foo\"@en, \"bar\")");
	TAP_OK(is_lit(C2(CONCAT, L("foo", "en"), XS("bar")), "foobar", NULL, NULL), "CONCAT(\"foo\"@en, \"bar\"^^xsd:string)");
	TAP_OK(is_lit(call(KG_SPARQL_EX_CONCAT, 0, NULL, NULL, NULL), "", NULL, NULL), "CONCAT() = \"\"");
	TAP_OK(is_true(C2(LANGMATCHES, S("fr"), S("FR"))), "langMatches(\"fr\", \"FR\")");
	TAP_OK(is_true(C2(LANGMATCHES, S("fr-BE"), S("fr"))), "langMatches(\"fr-BE\", \"fr\")");
	TAP_OK(is_false(C2(LANGMATCHES, S("en"), S("fr"))), "langMatches(\"en\", \"fr\") false");
	TAP_OK(is_false(C2(LANGMATCHES, S("fra"), S("fr"))), "langMatches(\"fra\", \"fr\") false");
	TAP_OK(is_true(C2(LANGMATCHES, S("fr"), S("*"))), "langMatches(\"fr\", \"*\")");
	TAP_OK(is_false(C2(LANGMATCHES, S(""), S("*"))), "langMatches(\"\", \"*\") false");
	TAP_OK(is_true(C3(REGEX, S("Alice"), S("^ali"), S("i"))), "REGEX(\"Alice\", \"^ali\", \"i\")");
	TAP_OK(is_false(C2(REGEX, S("Alice"), S("^ali"))), "REGEX(\"Alice\", \"^ali\") false");
	TAP_OK(is_true(C2(REGEX, S("a1b"), S("a\\db"))), "REGEX with \\d");
	TAP_OK(is_err(C2(REGEX, S("a"), S("("))), "REGEX with a bad pattern is an error");
	TAP_OK(is_false(C2(REGEX, S("a\nc"), S("a.c"))), "REGEX: \".\" does not match a newline");
	TAP_OK(is_true(C3(REGEX, S("a\nc"), S("a.c"), S("s"))), "REGEX: \".\" matches a newline with the s flag");
	TAP_OK(is_true(C2(REGEX, S("a\nc"), S("a[b\\n]c"))), "REGEX: \\n inside a class is a newline");
	TAP_OK(is_false(C2(REGEX, S("anc"), S("a[b\\n]c"))), "REGEX: and not the letter n");
	TAP_OK(is_true(C2(REGEX, S("a\tc"), S("a\\tc"))), "REGEX: \\t outside a class is a tab");
	TAP_OK(is_true(C3(REGEX, S("a c"), S("a[ ]c"), S("x"))), "REGEX x flag keeps whitespace inside a class");
	TAP_OK(is_true(C3(REGEX, S("ac"), S(" a c "), S("x"))), "REGEX x flag drops whitespace outside");
	TAP_OK(is_lit(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, (const kg_sparql_value *[]){S("\xe6\x97\xa5\xe6\x9c\xac"), S("[^a-z]"), S("-")}, 3, &ctx)), "--", NULL, NULL),
	       "REPLACE works on characters, not bytes: two Japanese characters give two dashes");
	const kg_sparql_value *rep[4];
	rep[0] = S("abracadabra"), rep[1] = S("bra"), rep[2] = S("*");
	TAP_OK(is_lit(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, rep, 3, &ctx)), "a*cada*", NULL, NULL), "replace(\"abracadabra\", \"bra\", \"*\")");
	rep[1] = S("a.*a");
	TAP_OK(is_lit(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, rep, 3, &ctx)), "*", NULL, NULL), "replace(\"abracadabra\", \"a.*a\", \"*\")");
	rep[1] = S("a(.)"), rep[2] = S("a$1$1");
	TAP_OK(is_lit(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, rep, 3, &ctx)), "abbraccaddabbra", NULL, NULL), "replace(\"abracadabra\", \"a(.)\", \"a$1$1\")");
	rep[0] = S("AAAA"), rep[1] = S("A+"), rep[2] = S("b");
	TAP_OK(is_lit(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, rep, 3, &ctx)), "b", NULL, NULL), "replace(\"AAAA\", \"A+\", \"b\")");
	rep[0] = S("abracadabra"), rep[1] = S(".*"), rep[2] = S("x");
	TAP_OK(is_err(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, rep, 3, &ctx))), "replace with a pattern matching \"\" is an error");
	rep[0] = L("abab", "en"), rep[1] = S("B"), rep[2] = S("Z"), rep[3] = S("i");
	TAP_OK(is_lit(keep(kg_sparql_call(KG_SPARQL_EX_REPLACE, rep, 4, &ctx)), "aZaZ", "en", NULL), "REPLACE(\"abab\"@en, \"B\", \"Z\", \"i\")");
	test_xpath_regex();

	/* 17.4.4 numerics */
	TAP_OK(is_num(C1(ABS, I("-1")), "1", XSD "integer"), "ABS(-1) = 1");
	TAP_OK(is_num(C1(ABS, D("-1.5")), "1.5", XSD "decimal"), "ABS(-1.5) = 1.5");
	TAP_OK(is_num(C1(ROUND, D("2.4999")), "2.0", XSD "decimal"), "ROUND(2.4999) = 2.0");
	TAP_OK(is_num(C1(ROUND, D("2.5")), "3.0", XSD "decimal"), "ROUND(2.5) = 3.0");
	TAP_OK(is_num(C1(ROUND, D("-2.5")), "-2.0", XSD "decimal"), "ROUND(-2.5) = -2.0");
	TAP_OK(is_num(C1(CEIL, D("10.5")), "11", XSD "decimal"), "CEIL(10.5) = 11");
	TAP_OK(is_num(C1(CEIL, D("-10.5")), "-10", XSD "decimal"), "CEIL(-10.5) = -10");
	TAP_OK(is_num(C1(FLOOR, D("10.5")), "10", XSD "decimal"), "FLOOR(10.5) = 10");
	TAP_OK(is_num(C1(FLOOR, D("-10.5")), "-11", XSD "decimal"), "FLOOR(-10.5) = -11");
	TAP_OK(is_err(C1(ABS, S("1"))), "ABS(\"1\") is an error");
	kg_sparql_value *r = call(KG_SPARQL_EX_RAND, 0, NULL, NULL, NULL);
	TAP_OK(r->datatype && !strcmp(r->datatype, XSD "double") && r->d >= 0 && r->d < 1, "RAND() is a double in [0, 1)");

	/* 17.4.5 dates and times */
	kg_sparql_value *dt = T("2011-01-10T14:45:13.815-05:00", XSD "dateTime");
	TAP_OK(is_num(C1(YEAR, dt), "2011", XSD "integer"), "YEAR(dateTime) = 2011");
	TAP_OK(is_num(C1(MONTH, dt), "1", XSD "integer"), "MONTH(dateTime) = 1");
	TAP_OK(is_num(C1(DAY, dt), "10", XSD "integer"), "DAY(dateTime) = 10");
	TAP_OK(is_num(C1(HOURS, dt), "14", XSD "integer"), "HOURS(dateTime) = 14");
	TAP_OK(is_num(C1(MINUTES, dt), "45", XSD "integer"), "MINUTES(dateTime) = 45");
	TAP_OK(is_num(C1(SECONDS, dt), "13.815", XSD "decimal"), "SECONDS(dateTime) = 13.815");
	TAP_OK(is_lit(C1(TIMEZONE, dt), "-PT5H", NULL, XSD "dayTimeDuration"), "TIMEZONE(dateTime) = \"-PT5H\"^^xsd:dayTimeDuration");
	TAP_OK(is_lit(C1(TIMEZONE, T("2011-01-10T14:45:13.815Z", XSD "dateTime")), "PT0S", NULL, XSD "dayTimeDuration"), "TIMEZONE(...Z) = PT0S");
	TAP_OK(is_err(C1(TIMEZONE, T("2011-01-10T14:45:13.815", XSD "dateTime"))), "TIMEZONE without a timezone is an error");
	TAP_OK(is_lit(C1(TZ, dt), "-05:00", NULL, NULL), "TZ(dateTime) = \"-05:00\"");
	TAP_OK(is_lit(C1(TZ, T("2011-01-10T14:45:13.815Z", XSD "dateTime")), "Z", NULL, NULL), "TZ(...Z) = \"Z\"");
	TAP_OK(is_lit(C1(TZ, T("2011-01-10T14:45:13.815", XSD "dateTime")), "", NULL, NULL), "TZ without a timezone = \"\"");
	kg_sparql_value *date = T("2024-12-05", XSD "date");
	TAP_OK(is_num(C1(YEAR, date), "2024", XSD "integer"), "YEAR(\"2024-12-05\"^^xsd:date) = 2024");
	TAP_OK(is_num(C1(MONTH, date), "12", XSD "integer"), "MONTH(xsd:date) = 12");
	TAP_OK(is_num(C1(DAY, date), "5", XSD "integer"), "DAY(xsd:date) = 5");
	TAP_OK(is_lit(C1(TZ, T("2024-12-05+03:00", XSD "date")), "+03:00", NULL, NULL), "TZ(xsd:date with +03:00)");
	TAP_OK(is_err(C1(YEAR, S("2024-12-05"))), "YEAR of a plain string is an error");
	ctx.now = dt;
	TAP_OK(kg_sparql_value_same_term(call(KG_SPARQL_EX_NOW, 0, NULL, NULL, NULL), dt), "NOW() is the caller's");
	ctx.now = NULL;
	TAP_OK(is_err(call(KG_SPARQL_EX_NOW, 0, NULL, NULL, NULL)),
	       "NOW() with no instant is an error");
	ctx.has_now_time = 1;
	ctx.now_sec = 1733638680LL; /* 2024-12-08T06:18:00Z */
	ctx.now_nsec = 250000000L;
	TAP_OK(is_lit(call(KG_SPARQL_EX_NOW, 0, NULL, NULL, NULL),
	              "2024-12-08T06:18:00.250Z", NULL, XSD "dateTime"),
	       "NOW() from the evaluation's instant, in UTC");
	ctx.has_now_time = 0;

	/* 17.4.6 hashes: RFC 1321 and FIPS 180-2 vectors */
	TAP_OK(is_lit(C1(MD5, S("abc")), "900150983cd24fb0d6963f7d28e17f72", NULL, NULL), "MD5(\"abc\")");
	TAP_OK(is_lit(C1(SHA1, S("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d", NULL, NULL), "SHA1(\"abc\")");
	TAP_OK(is_lit(C1(SHA256, S("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", NULL, NULL), "SHA256(\"abc\")");
	TAP_OK(is_lit(C1(SHA384, S("abc")), "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7", NULL, NULL), "SHA384(\"abc\")");
	TAP_OK(is_lit(C1(SHA512, S("abc")), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", NULL, NULL), "SHA512(\"abc\")");
	TAP_OK(is_lit(C1(MD5, XS("abc")), "900150983cd24fb0d6963f7d28e17f72", NULL, NULL), "MD5(\"abc\"^^xsd:string)");

	/* UUID */
	kg_sparql_value *u1 = call(KG_SPARQL_EX_UUID, 0, NULL, NULL, NULL);
	kg_sparql_value *u2 = call(KG_SPARQL_EX_UUID, 0, NULL, NULL, NULL);
	TAP_OK(u1->kind == KG_SPARQL_V_IRI && strlen(u1->lex) == 45 && !strncmp(u1->lex, "urn:uuid:", 9) && u1->lex[9 + 14] == '4', "UUID() is a urn:uuid: v4 IRI");
	TAP_OK(strcmp(u1->lex, u2->lex) != 0, "two UUID() differ");
	ctx.random = zero_random;
	TAP_OK(is_lit(call(KG_SPARQL_EX_STRUUID, 0, NULL, NULL, NULL), "00000000-0000-4000-8000-000000000000", NULL, NULL), "STRUUID() with the caller's generator");
	ctx.random = NULL;

	/* 17.3 operators, numeric promotion */
	TAP_OK(is_num(C2(ADD, I("1"), D("2.5")), "3.5", XSD "decimal"), "1 + 2.5 = 3.5 (decimal)");
	TAP_OK(is_num(C2(DIV, I("7"), I("2")), "3.5", XSD "decimal"), "7 / 2 = 3.5 (decimal)");
	TAP_OK(is_lit(C2(ADD, I("1"), I("2")), "3", NULL, XSD "integer"), "1 + 2 = 3 (integer)");
	TAP_OK(is_num(C2(MUL, I("2"), T("1.5e0", XSD "double")), "3", XSD "double"), "2 * 1.5e0 = 3.0e0 (double)");
	TAP_OK(is_num(C2(SUB, T("1", XSD "float"), D("0.5")), "0.5", XSD "float"), "float - decimal is a float");
	TAP_OK(is_num(C2(ADD, T("5", XSD "byte"), I("1")), "6", XSD "integer"), "xsd:byte + 1 is an xsd:integer");
	TAP_OK(is_err(C2(DIV, I("1"), I("0"))), "1 / 0 is an error");
	TAP_OK(is_err(C2(ADD, I("1"), S("2"))), "1 + \"2\" is an error");
	TAP_OK(is_num(C1(NEG, I("3")), "-3", XSD "integer"), "-(3) = -3");
	TAP_OK(is_false(C1(NOT, keep(kg_sparql_value_boolean(1)))), "!true = false");
	TAP_OK(is_true(C2(EQ, I("1"), D("1.0"))), "\"1\"^^xsd:integer = \"1.0\"^^xsd:decimal");
	TAP_OK(is_true(C2(EQ, T("1", XSD "float"), I("1"))), "1.0f = 1");
	TAP_OK(is_false(kg_sparql_value_same_term(I("1"), I("01")) ? keep(kg_sparql_value_boolean(1)) : keep(kg_sparql_value_boolean(0))), "sameTerm(1, 01) false");
	TAP_OK(is_true(C2(EQ, I("1"), I("01"))), "1 = 01");
	TAP_OK(is_true(C2(LT, S("a"), S("b"))), "\"a\" < \"b\"");
	TAP_OK(is_true(C2(LT, I("2"), D("2.5"))), "2 < 2.5");
	TAP_OK(is_true(C2(GE, I("3"), T("3", XSD "double"))), "3 >= 3.0e0");
	TAP_OK(is_err(C2(LT, S("a"), I("1"))), "\"a\" < 1 is an error");
	TAP_OK(is_false(C2(EQ, S("a"), I("1"))), "\"a\" = 1 is false: both datatypes are known");
	TAP_OK(is_err(C2(EQ, S("a"), T("a", "http://e/unknown"))), "\"a\" = \"a\"^^<unknown> is an error");
	TAP_OK(is_false(C2(EQ, T("a", "http://e/unknown"), L("a", "en"))), "a language-tagged string equals no other literal");
	TAP_OK(is_true(C2(NE, S("a"), S("b"))), "\"a\" != \"b\"");
	TAP_OK(is_true(C2(GT, keep(kg_sparql_value_boolean(1)), keep(kg_sparql_value_boolean(0)))), "true > false");
	TAP_OK(is_true(C2(EQ, T("2011-01-10T14:45:13-05:00", XSD "dateTime"), T("2011-01-10T19:45:13Z", XSD "dateTime"))), "dateTimes equal across timezones");
	TAP_OK(is_true(C2(LT, T("2024-12-05", XSD "date"), T("2024-12-06", XSD "date"))), "date < date");
	TAP_OK(is_true(C2(EQ, IRI("http://a/"), IRI("http://a/"))), "<a> = <a>");
	TAP_OK(is_false(C2(EQ, IRI("http://a/"), IRI("http://b/"))), "<a> = <b> false");
	TAP_OK(is_false(C2(EQ, IRI("http://a/"), S("http://a/"))), "<a> = \"a\" false");
	TAP_OK(is_err(C2(LT, IRI("http://a/"), IRI("http://b/"))), "<a> < <b> is an error");
	TAP_OK(is_true(C2(EQ, T("x", "http://ex/t"), T("x", "http://ex/t"))), "same unknown-typed literals are =");
	TAP_OK(is_err(C2(EQ, T("x", "http://ex/t"), T("y", "http://ex/t"))), "different unknown-typed literals: = is an error");
	TAP_OK(is_true(C2(SAMETERM, L("a", "en"), L("a", "EN"))), "sameTerm ignores the case of language tags");

	/* 17.2.2 effective boolean value */
	TAP_OK(kg_sparql_value_ebv(S("")) == 0, "EBV(\"\") false");
	TAP_OK(kg_sparql_value_ebv(S("x")) == 1, "EBV(\"x\") true");
	TAP_OK(kg_sparql_value_ebv(I("0")) == 0, "EBV(0) false");
	TAP_OK(kg_sparql_value_ebv(D("0.0")) == 0, "EBV(0.0) false");
	TAP_OK(kg_sparql_value_ebv(T("NaN", XSD "double")) == 0, "EBV(NaN) false");
	TAP_OK(kg_sparql_value_ebv(I("abc")) == 0, "EBV of an invalid integer false");
	TAP_OK(kg_sparql_value_ebv(T("true", XSD "boolean")) == 1, "EBV(true) true");
	TAP_OK(kg_sparql_value_ebv(IRI("http://a/")) == -1, "EBV(<a>) is an error");

	/* 17.5 casts */
	const kg_sparql_value *ca[1];
	ca[0] = S("42");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "integer", ca, 1, &ctx)), "42", NULL, XSD "integer"), "xsd:integer(\"42\")");
	ca[0] = S("4.2");
	TAP_OK(is_err(keep(kg_sparql_call_iri(XSD "integer", ca, 1, &ctx))), "xsd:integer(\"4.2\") is an error");
	ca[0] = D("4.7");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "integer", ca, 1, &ctx)), "4", NULL, XSD "integer"), "xsd:integer(4.7) = 4");
	ca[0] = S("1e3");
	TAP_OK(is_num(keep(kg_sparql_call_iri(XSD "double", ca, 1, &ctx)), "1000", XSD "double"), "xsd:double(\"1e3\")");
	ca[0] = S("1.5");
	TAP_OK(is_num(keep(kg_sparql_call_iri(XSD "decimal", ca, 1, &ctx)), "1.5", XSD "decimal"), "xsd:decimal(\"1.5\")");
	ca[0] = S("true");
	TAP_OK(is_true(keep(kg_sparql_call_iri(XSD "boolean", ca, 1, &ctx))), "xsd:boolean(\"true\")");
	ca[0] = I("0");
	TAP_OK(is_false(keep(kg_sparql_call_iri(XSD "boolean", ca, 1, &ctx))), "xsd:boolean(0) = false");
	ca[0] = S("yes");
	TAP_OK(is_err(keep(kg_sparql_call_iri(XSD "boolean", ca, 1, &ctx))), "xsd:boolean(\"yes\") is an error");
	ca[0] = I("12");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx)), "12", NULL, XSD "string"), "xsd:string(12)");
	ca[0] = IRI("http://a/");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx)), "http://a/", NULL, XSD "string"), "xsd:string(<http://a/>)");
	ca[0] = IRI("http://a/");
	TAP_OK(is_err(keep(kg_sparql_call_iri(XSD "integer", ca, 1, &ctx))), "xsd:integer(<iri>) is an error");
	ca[0] = date;
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "dateTime", ca, 1, &ctx)), "2024-12-05T00:00:00", NULL, XSD "dateTime"), "xsd:dateTime(xsd:date)");
	ca[0] = S("2024-12-05T10:00:00Z");
	TAP_OK(is_num(C1(HOURS, keep(kg_sparql_call_iri(XSD "dateTime", ca, 1, &ctx))), "10", XSD "integer"), "HOURS(xsd:dateTime(\"...T10:00:00Z\"))");

	/* 15.1 ORDER BY */
	TAP_OK(kg_sparql_value_order(NULL, B("b")) < 0, "unbound < blank");
	TAP_OK(kg_sparql_value_order(B("b"), IRI("http://a/")) < 0, "blank < IRI");
	TAP_OK(kg_sparql_value_order(IRI("http://z/"), S("a")) < 0, "IRI < literal");
	TAP_OK(kg_sparql_value_order(I("2"), I("10")) < 0, "2 before 10");
	TAP_OK(kg_sparql_value_order(S("a"), S("b")) < 0, "\"a\" before \"b\"");
	TAP_OK(kg_sparql_value_order(S("a"), XS("a")) < 0, "simple literal before xsd:string of the same form");

	/* canonical lexical forms (XML Schema 2, 3.2.3.2, 3.2.5.2) */
	TAP_OK(is_lit(C2(ADD, D("0.1"), D("0.2")), "0.3", NULL, XSD "decimal"), "0.1 + 0.2 = 0.3 exactly (decimal)");
	TAP_OK(is_lit(C2(DIV, I("7"), I("2")), "3.5", NULL, XSD "decimal"), "7 / 2 is written 3.5");
	ca[0] = S("1e3");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "double", ca, 1, &ctx)), "1.0E3", NULL, XSD "double"), "xsd:double(\"1e3\") is written 1.0E3");
	ca[0] = I("01");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx)), "1", NULL, XSD "string"), "xsd:string(\"01\"^^xsd:integer) = \"1\"");
	ca[0] = T("-7.875", XSD "float");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx)), "-7.875", NULL, XSD "string"), "xsd:string of a float between 1e-6 and 1e6 has no exponent");
	ca[0] = T("1.0e0", XSD "double");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx)), "1", NULL, XSD "string"), "xsd:string(1.0e0) = \"1\"");
	ca[0] = T("1e7", XSD "double");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx)), "1.0E7", NULL, XSD "string"), "xsd:string(1e7) keeps the exponent");
	/* XPath F&O 3.1, 19.1.2.2: decimal notation when 1e-6 <= |v| < 1e6,
	 * else one digit, '.', at least one digit, 'E', the exponent; a
	 * float has only the digits that tell it from its float neighbours */
	static const char *const real_strings[][3] = {
		{"1.0E-7", "double", "1.0E-7"},
		{"-1.0E-7", "double", "-1.0E-7"},
		{"0.000001", "double", "0.000001"},
		{"0.0000012345", "double", "0.0000012345"},
		{"9.99999e-7", "double", "9.99999E-7"},
		{"123456.789", "double", "123456.789"},
		{"999999.5", "double", "999999.5"},
		{"1e6", "double", "1.0E6"},
		{"1.0E20", "double", "1.0E20"},
		{"-0", "double", "-0"},
		{"1.0E-7", "float", "1.0E-7"},
		{"0.000001", "float", "0.000001"},
		{"0.1", "float", "0.1"},
		{"123456.789", "float", "123456.79"},
		{"1e6", "float", "1.0E6"},
		{"16777217", "float", "1.6777216E7"},
		{"1.0E20", "float", "1.0E20"},
		{"3.4028235E38", "float", "3.4028235E38"},
	};
	for (size_t k = 0; k < sizeof real_strings / sizeof *real_strings; k++) {
		char type[64];
		snprintf(type, sizeof type, XSD "%s", real_strings[k][1]);
		ca[0] = T(real_strings[k][0], type);
		kg_sparql_value *str = keep(kg_sparql_call_iri(XSD "string", ca, 1, &ctx));
		TAP_OK(is_lit(str, real_strings[k][2], NULL, XSD "string"),
		       "xsd:string(\"%s\"^^xsd:%s) = \"%s\" (got \"%s\")",
		       real_strings[k][0], real_strings[k][1], real_strings[k][2],
		       str->kind == KG_SPARQL_V_LITERAL ? str->lex : "?");
	}
	TAP_OK(kg_sparql_value_ebv(L("x", "en")) == 1, "EBV(\"x\"@en) true (a plain literal)");
	ca[0] = T("2024-12-05T10:00:00Z", XSD "dateTime");
	TAP_OK(is_lit(keep(kg_sparql_call_iri(XSD "date", ca, 1, &ctx)), "2024-12-05Z", NULL, XSD "date"), "xsd:date(dateTime) keeps the timezone");

	/* arity */
	TAP_OK(is_err(C1(STRSTARTS, S("a"))), "STRSTARTS with one argument is an error");
	TAP_OK(is_err(call(KG_SPARQL_EX_REPLACE, 2, S("a"), S("a"), NULL)), "REPLACE with two arguments is an error");
	TAP_OK(is_err(call(KG_SPARQL_EX_NOW, 1, S("a"), NULL, NULL)), "NOW with an argument is an error");
	TAP_OK(is_err(C1(BOUND, S("a"))), "BOUND is the evaluator's (lazy): an error here");
	TAP_OK(is_err(C1(COUNT, S("a"))), "an aggregate is an error here");

	/* the table of built-ins (builtin.h): one entry per op, in order */
	int in_order = 1, fn_ok = 1;
	for (int op = KG_SPARQL_EX_TERM; op <= KG_SPARQL_EX_GROUP_CONCAT; op++) {
		const kg_sparql_builtin *b = kg_sparql_builtin_of((kg_sparql_op)op);
		if (!b || (int)b->op != op || !b->name) {
			in_order = 0;
			printf("# no entry for op %d\n", op);
			continue;
		}
		/* a function exactly for the strict forms */
		int strict = !(b->flags & (KG_SPARQL_FN_LAZY | KG_SPARQL_FN_AGGREGATE)) &&
		             op != KG_SPARQL_EX_TERM && op != KG_SPARQL_EX_FUNCTION;
		if (!b->fn != !strict) {
			fn_ok = 0;
			printf("# %s: function %s\n", b->name, b->fn ? "set" : "missing");
		}
	}
	TAP_OK(in_order, "every op has its entry, at its own index");
	TAP_OK(fn_ok, "every strict op has a function, no lazy one or aggregate has");
	TAP_OK(kg_sparql_builtin_of((kg_sparql_op)(KG_SPARQL_EX_GROUP_CONCAT + 1)) == NULL, "no entry past the last op");
	const kg_sparql_builtin *sb = kg_sparql_builtin_named("strStarts");
	TAP_OK(sb && sb->op == KG_SPARQL_EX_STRSTARTS && sb->min_args == 2 && sb->max_args == 2, "STRSTARTS found by name, any case, with its arity");
	sb = kg_sparql_builtin_named("group_concat");
	TAP_OK(sb && (sb->flags & KG_SPARQL_FN_AGGREGATE), "GROUP_CONCAT is an aggregate");
	TAP_OK(!kg_sparql_builtin_named("in") && !kg_sparql_builtin_named("exists"), "operators are not found by name");
	TAP_OK(!kg_sparql_builtin_named("NOSUCH"), "an unknown name is not found");

	for (size_t k = 0; k < n_pool; k++)
		kg_sparql_value_free(pool[k]);
	utc_against_gmtime();
	return tap_done();
}

/* value.c: the value model of SPARQL expressions: construction, parsing
 * of the XSD types kg interprets, EBV, comparison, arithmetic, casts. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sparql/value.h"

/* ---- datatypes ------------------------------------------------------ */

static const char *const integer_types[] = {
	"integer", "nonPositiveInteger", "negativeInteger", "long", "int",
	"short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
	"unsignedShort", "unsignedByte", "positiveInteger", NULL
};

static kg_sparql_value_type
type_of(const char *lang, const char *dt)
{
	if (lang)
		return KG_SPARQL_T_LANG;
	if (!dt)
		return KG_SPARQL_T_STRING;
	size_t nx = strlen(KG_XSD);
	if (strncmp(dt, KG_XSD, nx))
		return KG_SPARQL_T_OTHER;
	const char *l = dt + nx;
	if (!strcmp(l, "string"))
		return KG_SPARQL_T_STRING;
	for (size_t k = 0; integer_types[k]; k++)
		if (!strcmp(l, integer_types[k]))
			return KG_SPARQL_T_INTEGER;
	if (!strcmp(l, "decimal"))
		return KG_SPARQL_T_DECIMAL;
	if (!strcmp(l, "float"))
		return KG_SPARQL_T_FLOAT;
	if (!strcmp(l, "double"))
		return KG_SPARQL_T_DOUBLE;
	if (!strcmp(l, "boolean"))
		return KG_SPARQL_T_BOOLEAN;
	if (!strcmp(l, "dateTime"))
		return KG_SPARQL_T_DATETIME;
	if (!strcmp(l, "date"))
		return KG_SPARQL_T_DATE;
	return KG_SPARQL_T_OTHER;
}

/* ---- lexical forms --------------------------------------------------- */

static int
parse_integer(const char *s, long long *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return -1;
	*out = v;
	return 0;
}

/* Moves *p over an optional sign and digits with an optional '.',
 * the part xsd:decimal and xsd:double share; returns how many digits. */
static int
scan_mantissa(const char **p)
{
	const char *c = *p;
	int digits = 0;
	if (*c == '+' || *c == '-')
		c++;
	while (isdigit((unsigned char)*c))
		c++, digits++;
	if (*c == '.') {
		c++;
		while (isdigit((unsigned char)*c))
			c++, digits++;
	}
	*p = c;
	return digits;
}

static int
parse_decimal(const char *s, double *out)
{
	const char *p = s;
	int digits = scan_mantissa(&p);
	if (*p || !digits)
		return -1;
	*out = strtod(s, NULL);
	return 0;
}

static int
parse_double(const char *s, double *out)
{
	if (!strcmp(s, "INF") || !strcmp(s, "+INF")) {
		*out = HUGE_VAL;
		return 0;
	}
	if (!strcmp(s, "-INF")) {
		*out = -HUGE_VAL;
		return 0;
	}
	if (!strcmp(s, "NaN")) {
		*out = NAN;
		return 0;
	}
	const char *p = s;
	int digits = scan_mantissa(&p);
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return -1;
	*out = strtod(s, NULL);
	return 0;
}

static int
ndigits(const char **p, int n, int *out)
{
	int v = 0;
	for (int k = 0; k < n; k++) {
		if (!isdigit((unsigned char)(*p)[k]))
			return -1;
		v = v * 10 + ((*p)[k] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
days_in_month(long long y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* -?YYYY-MM-DD, then for a dateTime Thh:mm:ss(.s*)?, then (Z|[+-]hh:mm)? */
static int
parse_datetime(const char *s, int with_time, kg_sparql_datetime *dt)
{
	memset(dt, 0, sizeof *dt);
	const char *p = s;
	int neg = 0;
	if (*p == '-')
		neg = 1, p++;
	const char *y0 = p;
	long long y = 0;
	while (isdigit((unsigned char)*p)) {
		if (y > 100000000LL)
			return -1;
		y = y * 10 + (*p++ - '0');
	}
	if (p - y0 < 4 || (p - y0 > 4 && *y0 == '0'))
		return -1;
	dt->year = neg ? -y : y;
	if (*p++ != '-' || ndigits(&p, 2, &dt->month) || *p++ != '-' ||
	    ndigits(&p, 2, &dt->day))
		return -1;
	if (dt->month < 1 || dt->month > 12 || dt->day < 1 ||
	    dt->day > days_in_month(dt->year, dt->month))
		return -1;
	if (with_time) {
		int sec;
		if (*p++ != 'T' || ndigits(&p, 2, &dt->hour) || *p++ != ':' ||
		    ndigits(&p, 2, &dt->minute) || *p++ != ':' ||
		    ndigits(&p, 2, &sec))
			return -1;
		dt->second = sec;
		if (*p == '.') {
			const char *f = p;
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
			char frac[64];
			size_t n = (size_t)(p - f);
			if (n >= sizeof frac - 1)
				n = sizeof frac - 2;
			frac[0] = '0';
			memcpy(frac + 1, f, n);
			frac[n + 1] = 0;
			dt->second += strtod(frac, NULL);
		}
		if (dt->hour > 24 || dt->minute > 59 || dt->second >= 60 ||
		    (dt->hour == 24 && (dt->minute || dt->second > 0)))
			return -1;
	}
	if (*p == 'Z') {
		p++;
		dt->has_tz = 1;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, h, m;
		if (ndigits(&p, 2, &h) || *p++ != ':' || ndigits(&p, 2, &m) ||
		    h > 14 || m > 59 || (h == 14 && m))
			return -1;
		dt->has_tz = 1;
		dt->tz_minutes = sign * (h * 60 + m);
	}
	return *p ? -1 : 0;
}

static void
parse_lexical(kg_sparql_value *v)
{
	v->valid = 0;
	switch (v->type) {
	case KG_SPARQL_T_STRING:
	case KG_SPARQL_T_LANG:
	case KG_SPARQL_T_OTHER:
		v->valid = 1;
		break;
	case KG_SPARQL_T_INTEGER: {
		v->valid = !parse_integer(v->lex, &v->i);
		if (!v->valid)
			break;
		const char *l = v->datatype + strlen(KG_XSD);
		if ((!strcmp(l, "nonPositiveInteger") && v->i > 0) ||
		    (!strcmp(l, "negativeInteger") && v->i >= 0) ||
		    (!strcmp(l, "positiveInteger") && v->i <= 0) ||
		    (!strncmp(l, "unsigned", 8) && v->i < 0) ||
		    (!strcmp(l, "nonNegativeInteger") && v->i < 0) ||
		    (!strcmp(l, "int") && (v->i < INT32_MIN || v->i > INT32_MAX)) ||
		    (!strcmp(l, "short") && (v->i < -32768 || v->i > 32767)) ||
		    (!strcmp(l, "byte") && (v->i < -128 || v->i > 127)) ||
		    (!strcmp(l, "unsignedInt") && v->i > 4294967295LL) ||
		    (!strcmp(l, "unsignedShort") && v->i > 65535) ||
		    (!strcmp(l, "unsignedByte") && v->i > 255))
			v->valid = 0;
		break;
	}
	case KG_SPARQL_T_DECIMAL:
		v->valid = !parse_decimal(v->lex, &v->d);
		break;
	case KG_SPARQL_T_FLOAT:
		v->valid = !parse_double(v->lex, &v->d);
		if (v->valid)
			v->d = (float)v->d;
		break;
	case KG_SPARQL_T_DOUBLE:
		v->valid = !parse_double(v->lex, &v->d);
		break;
	case KG_SPARQL_T_BOOLEAN:
		if (!strcmp(v->lex, "true") || !strcmp(v->lex, "1"))
			v->valid = 1, v->i = 1;
		else if (!strcmp(v->lex, "false") || !strcmp(v->lex, "0"))
			v->valid = 1, v->i = 0;
		break;
	case KG_SPARQL_T_DATETIME:
		v->valid = !parse_datetime(v->lex, 1, &v->dt);
		break;
	case KG_SPARQL_T_DATE:
		v->valid = !parse_datetime(v->lex, 0, &v->dt);
		break;
	}
}

/* ---- construction --------------------------------------------------- */

static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static kg_sparql_value *
make(kg_sparql_value_kind kind, const char *lex, size_t n)
{
	kg_sparql_value *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->kind = kind;
	v->lex = dupn(lex ? lex : "", lex ? n : 0);
	if (!v->lex) {
		free(v);
		return NULL;
	}
	return v;
}

kg_sparql_value *
kg_sparql_value_error(void)
{
	return make(KG_SPARQL_V_ERROR, "", 0);
}

kg_sparql_value *
kg_sparql_value_iri(const char *iri)
{
	return make(KG_SPARQL_V_IRI, iri, strlen(iri));
}

kg_sparql_value *
kg_sparql_value_blank(const char *label)
{
	return make(KG_SPARQL_V_BLANK, label, strlen(label));
}

kg_sparql_value *
kg_sparql_value_literaln(const char *lex, size_t n, const char *lang,
                         const char *datatype)
{
	kg_sparql_value *v = make(KG_SPARQL_V_LITERAL, lex, n);
	if (!v)
		return NULL;
	if (lang && !*lang)
		lang = NULL;
	if (lang)
		datatype = KG_RDF_LANGSTRING;
	if ((lang && !(v->lang = dupn(lang, strlen(lang)))) ||
	    (datatype && !(v->datatype = dupn(datatype, strlen(datatype))))) {
		kg_sparql_value_free(v);
		return NULL;
	}
	v->type = type_of(lang, datatype);
	parse_lexical(v);
	return v;
}

kg_sparql_value *
kg_sparql_value_literal(const char *lex, const char *lang, const char *datatype)
{
	return kg_sparql_value_literaln(lex, strlen(lex), lang, datatype);
}

kg_sparql_value *
kg_sparql_value_integer(long long i)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", i);
	return kg_sparql_value_literal(b, NULL, KG_XSD "integer");
}

/* The shortest digits that read back as d (as a value of type t), as
 * "d.dddE<exp>", or with `plain` (always for a decimal) without an
 * exponent: "ddd.ddd", "-0.00ddd", "3". */
static void
format_double(double d, kg_sparql_value_type t, int plain, char *out,
              size_t size)
{
	int decimal = t == KG_SPARQL_T_DECIMAL;
	plain = plain || decimal;
	/* a decimal is held as a double: 15 significant digits at most, so
	 * that 0.1 + 0.2 is 0.3; a float reads back as the same float */
	int maxp = decimal ? DBL_DIG : t == KG_SPARQL_T_FLOAT ? 9 : 17;
	if (isnan(d)) {
		snprintf(out, size, "NaN");
		return;
	}
	if (isinf(d)) {
		snprintf(out, size, d > 0 ? "INF" : "-INF");
		return;
	}
	char b[64];
	int p;
	for (p = 1; p < maxp; p++) {
		snprintf(b, sizeof b, "%.*e", p - 1, d);
		double back = strtod(b, NULL);
		if (t == KG_SPARQL_T_FLOAT ? (float)back == (float)d : back == d)
			break;
	}
	snprintf(b, sizeof b, "%.*e", p - 1, d);
	/* b is [-]d[.ddd]e[+-]xx */
	char *e = strchr(b, 'e');
	int exp = atoi(e + 1);
	*e = 0;
	char digits[40];
	size_t nd = 0;
	int neg = b[0] == '-';
	for (const char *q = b + neg; *q; q++)
		if (isdigit((unsigned char)*q))
			digits[nd++] = *q;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = 0;
	if (d == 0)
		neg = signbit(d) ? 1 : 0;
	if (!plain) {
		snprintf(out, size, "%s%c.%sE%d", neg ? "-" : "", digits[0],
		         nd > 1 ? digits + 1 : "0", exp);
		return;
	}
	/* plain decimal */
	char r[400];
	size_t k = 0;
	if (neg && (d != 0 || !decimal)) /* a decimal has no -0 */
		r[k++] = '-';
	if (exp < 0) {
		r[k++] = '0';
		r[k++] = '.';
		for (int z = -1; z > exp && k < sizeof r - 40; z--)
			r[k++] = '0';
		for (size_t q = 0; q < nd; q++)
			r[k++] = digits[q];
	} else {
		for (int q = 0; q <= exp && k < sizeof r - 40; q++)
			r[k++] = (size_t)q < nd ? digits[q] : '0';
		/* XML Schema 1.1's canonical decimal: an integral value has no
		 * decimal point ("3", not "3.0") */
		if ((size_t)exp + 1 < nd) {
			r[k++] = '.';
			for (size_t q = (size_t)exp + 1; q < nd; q++)
				r[k++] = digits[q];
		}
	}
	r[k] = 0;
	snprintf(out, size, "%s", r);
}

/* The most fraction digits a decimal's lexical form is padded to: past
 * DBL_DIG significant digits the zeros would claim a precision the
 * double behind the value does not have. */
#define MAX_SCALE 18

/* The scale of a decimal: how many digits its lexical form has after the
 * point, trailing zeros included ("1.0" has 1, "3" none); 0 for an
 * integer and anything else. */
static int
decimal_scale(const kg_sparql_value *v)
{
	if (v->type != KG_SPARQL_T_DECIMAL || !v->valid)
		return 0;
	const char *dot = strchr(v->lex, '.');
	if (!dot)
		return 0;
	int n = 0;
	while (isdigit((unsigned char)dot[1 + n]))
		n++;
	return n > MAX_SCALE ? MAX_SCALE : n;
}

/* A decimal's lexical form in b, padded with zeros to at least `scale`
 * fraction digits ("3" with scale 1 is "3.0"). */
static void
pad_scale(char *b, size_t size, int scale)
{
	if (scale <= 0 || !strcmp(b, "NaN") || strstr(b, "INF"))
		return;
	char *dot = strchr(b, '.');
	size_t n = strlen(b);
	int have = dot ? (int)(n - (size_t)(dot - b) - 1) : 0;
	if (!dot && n + 1 < size)
		b[n++] = '.';
	for (; have < scale && n + 1 < size; have++)
		b[n++] = '0';
	b[n] = 0;
}

static kg_sparql_value *
make_real_scaled(double d, kg_sparql_value_type t, int scale)
{
	char b[420];
	const char *dt = t == KG_SPARQL_T_DECIMAL ? KG_XSD "decimal"
	                 : t == KG_SPARQL_T_FLOAT ? KG_XSD "float"
	                                          : KG_XSD "double";
	if (t == KG_SPARQL_T_DECIMAL && !isfinite(d))
		return kg_sparql_value_error();
	if (t == KG_SPARQL_T_FLOAT)
		d = (float)d;
	format_double(d, t, 0, b, sizeof b);
	if (t == KG_SPARQL_T_DECIMAL)
		pad_scale(b, sizeof b, scale);
	/* the value is what its lexical form says (a decimal is rounded) */
	return kg_sparql_value_literal(b, NULL, dt);
}

static kg_sparql_value *
make_real(double d, kg_sparql_value_type t)
{
	return make_real_scaled(d, t, 0);
}

kg_sparql_value *
kg_sparql_value_decimal_scaled(double d, int scale)
{
	return make_real_scaled(d, KG_SPARQL_T_DECIMAL,
	                        scale > MAX_SCALE ? MAX_SCALE : scale);
}

int
kg_sparql_value_decimal_scale(const kg_sparql_value *v)
{
	return decimal_scale(v);
}

kg_sparql_value *
kg_sparql_value_decimal(double d)
{
	return make_real(d, KG_SPARQL_T_DECIMAL);
}

kg_sparql_value *
kg_sparql_value_float(double d)
{
	return make_real(d, KG_SPARQL_T_FLOAT);
}

kg_sparql_value *
kg_sparql_value_double(double d)
{
	return make_real(d, KG_SPARQL_T_DOUBLE);
}

kg_sparql_value *
kg_sparql_value_boolean(int b)
{
	return kg_sparql_value_literal(b ? "true" : "false", NULL,
	                               KG_XSD "boolean");
}

kg_sparql_value *
kg_sparql_value_copy(const kg_sparql_value *v)
{
	kg_sparql_value *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	*c = *v;
	c->lex = dupn(v->lex, strlen(v->lex));
	c->lang = v->lang ? dupn(v->lang, strlen(v->lang)) : NULL;
	c->datatype = v->datatype ? dupn(v->datatype, strlen(v->datatype)) : NULL;
	if (!c->lex || (v->lang && !c->lang) || (v->datatype && !c->datatype)) {
		kg_sparql_value_free(c);
		return NULL;
	}
	return c;
}

void
kg_sparql_value_free(kg_sparql_value *v)
{
	if (!v)
		return;
	free(v->lex);
	free(v->lang);
	free(v->datatype);
	free(v);
}

/* ---- predicates ------------------------------------------------------ */

int
kg_sparql_value_is_error(const kg_sparql_value *v)
{
	return !v || v->kind == KG_SPARQL_V_ERROR;
}

int
kg_sparql_value_is_numeric(const kg_sparql_value *v)
{
	return v && v->kind == KG_SPARQL_V_LITERAL &&
	       (v->type == KG_SPARQL_T_INTEGER || v->type == KG_SPARQL_T_DECIMAL ||
	        v->type == KG_SPARQL_T_FLOAT || v->type == KG_SPARQL_T_DOUBLE);
}

int
kg_sparql_value_is_string(const kg_sparql_value *v)
{
	return v && v->kind == KG_SPARQL_V_LITERAL &&
	       (v->type == KG_SPARQL_T_STRING || v->type == KG_SPARQL_T_LANG);
}

static double
num(const kg_sparql_value *v)
{
	return v->type == KG_SPARQL_T_INTEGER ? (double)v->i : v->d;
}

int
kg_sparql_value_ebv(const kg_sparql_value *v)
{
	if (!v || v->kind != KG_SPARQL_V_LITERAL)
		return -1;
	if (kg_sparql_value_is_numeric(v)) {
		if (!v->valid)
			return 0;
		if (v->type == KG_SPARQL_T_INTEGER)
			return v->i != 0;
		return !(v->d == 0 || isnan(v->d));
	}
	switch (v->type) {
	case KG_SPARQL_T_BOOLEAN:
		return v->valid ? (int)v->i : 0;
	case KG_SPARQL_T_STRING:
	case KG_SPARQL_T_LANG: /* a plain literal, in 17.2.2's words */
		return v->lex[0] != 0;
	default:
		return -1;
	}
}

static int
streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static int
same_datatype(const kg_sparql_value *a, const kg_sparql_value *b)
{
	/* a simple literal and xsd:string are the same term in RDF 1.1 */
	if (a->type == KG_SPARQL_T_STRING && b->type == KG_SPARQL_T_STRING)
		return 1;
	return streq(a->datatype, b->datatype);
}

int
kg_sparql_value_same_term(const kg_sparql_value *a, const kg_sparql_value *b)
{
	if (a->kind != b->kind || a->kind == KG_SPARQL_V_ERROR)
		return 0;
	if (strcmp(a->lex, b->lex))
		return 0;
	if (a->kind != KG_SPARQL_V_LITERAL)
		return 1;
	if ((a->lang == NULL) != (b->lang == NULL) ||
	    (a->lang && strcasecmp(a->lang, b->lang)))
		return 0;
	return same_datatype(a, b);
}

/* seconds since 0000-01-01 (proleptic Gregorian), in UTC when the value
 * has a timezone (values without one are taken as UTC). */
static double
dt_seconds(const kg_sparql_datetime *dt)
{
	long long y = dt->year, m = dt->month, d = dt->day;
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long long days = era * 146097 + doe;
	return (double)days * 86400.0 + dt->hour * 3600.0 + dt->minute * 60.0 +
	       dt->second - dt->tz_minutes * 60.0;
}

static int
sign3(double x, double y)
{
	return x < y ? -1 : x > y ? 1 : 0;
}

/* 1: *cmp set; 0: not comparable by value (a type error for `<`); -1:
 * comparable, but the order is not known (dates with and without a
 * timezone too close to tell), an error for `=` too */
static int
value_cmp(const kg_sparql_value *a, const kg_sparql_value *b, int *cmp)
{
	if (a->kind != KG_SPARQL_V_LITERAL || b->kind != KG_SPARQL_V_LITERAL)
		return 0;
	if (kg_sparql_value_is_numeric(a) && kg_sparql_value_is_numeric(b)) {
		if (!a->valid || !b->valid)
			return 0;
		if (a->type == KG_SPARQL_T_INTEGER && b->type == KG_SPARQL_T_INTEGER)
			*cmp = a->i < b->i ? -1 : a->i > b->i;
		else
			*cmp = sign3(num(a), num(b));
		if (isnan(num(a)) || isnan(num(b)))
			*cmp = 2; /* unordered */
		return 1;
	}
	if (a->type != b->type || !a->valid || !b->valid)
		return 0;
	switch (a->type) {
	case KG_SPARQL_T_STRING: {
		int c = strcmp(a->lex, b->lex);
		*cmp = c < 0 ? -1 : c > 0;
		return 1;
	}
	case KG_SPARQL_T_BOOLEAN:
		*cmp = a->i < b->i ? -1 : a->i > b->i;
		return 1;
	case KG_SPARQL_T_DATETIME:
	case KG_SPARQL_T_DATE: {
		double x = dt_seconds(&a->dt), y = dt_seconds(&b->dt);
		if (a->dt.has_tz == b->dt.has_tz) {
			*cmp = sign3(x, y);
			return 1;
		}
		/* One has a timezone, the other none: the other may be in any
		 * zone from -14:00 to +14:00, and the order is known only when
		 * it holds for all of them (XML Schema 3.2.7.4). */
		const double zone = 14 * 3600.0;
		double lo = a->dt.has_tz ? x : x - zone, hi = a->dt.has_tz ? x : x + zone;
		double blo = b->dt.has_tz ? y : y - zone, bhi = b->dt.has_tz ? y : y + zone;
		if (hi < blo)
			*cmp = -1;
		else if (lo > bhi)
			*cmp = 1;
		else
			return -1;
		return 1;
	}
	default:
		return 0;
	}
}

int
kg_sparql_value_equal(const kg_sparql_value *a, const kg_sparql_value *b)
{
	if (kg_sparql_value_is_error(a) || kg_sparql_value_is_error(b))
		return -1;
	int c;
	int r = value_cmp(a, b, &c);
	if (r)
		return r > 0 ? c == 0 : -1;
	if (kg_sparql_value_same_term(a, b))
		return 1;
	/* Two literals that are different terms.  A language-tagged string
	 * differs from every other literal (W3C tests open-eq-*); so do two
	 * values of datatypes kg interprets ("a" and 1, a date and a
	 * dateTime).  With a datatype kg does not interpret, or an invalid
	 * lexical form, kg cannot tell: a type error (17.4.1.7 and its
	 * note on unsupported datatypes). */
	if (a->kind == KG_SPARQL_V_LITERAL && b->kind == KG_SPARQL_V_LITERAL &&
	    a->type != KG_SPARQL_T_LANG && b->type != KG_SPARQL_T_LANG &&
	    (a->type == KG_SPARQL_T_OTHER || b->type == KG_SPARQL_T_OTHER ||
	     !a->valid || !b->valid))
		return -1;
	return 0;
}

int
kg_sparql_value_compare(const kg_sparql_value *a, const kg_sparql_value *b,
                        int *cmp)
{
	if (kg_sparql_value_is_error(a) || kg_sparql_value_is_error(b))
		return -1;
	return value_cmp(a, b, cmp) > 0 ? 0 : -1;
}

static int
kind_rank(const kg_sparql_value *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case KG_SPARQL_V_ERROR: return 1;
	case KG_SPARQL_V_BLANK: return 2;
	case KG_SPARQL_V_IRI: return 3;
	default: return 4;
	}
}

static int
type_rank(const kg_sparql_value *v)
{
	if (kg_sparql_value_is_numeric(v))
		return v->valid ? 0 : 9;
	return (int)v->type + 1;
}

int
kg_sparql_value_order(const kg_sparql_value *a, const kg_sparql_value *b)
{
	int ra = kind_rank(a), rb = kind_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra <= 1)
		return 0;
	if (ra < 4)
		return strcmp(a->lex, b->lex);
	int c;
	if (value_cmp(a, b, &c) > 0 && c != 2 && c != 0)
		return c;
	ra = type_rank(a), rb = type_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if ((c = strcmp(a->lex, b->lex)))
		return c;
	if ((c = strcmp(a->lang ? a->lang : "", b->lang ? b->lang : "")))
		return c;
	/* a simple literal before xsd:string of the same lexical form */
	return strcmp(a->datatype ? a->datatype : "",
	              b->datatype ? b->datatype : "");
}

/* ---- arithmetic ------------------------------------------------------ */

kg_sparql_value *
kg_sparql_value_arith(kg_sparql_op op, const kg_sparql_value *a,
                      const kg_sparql_value *b)
{
	if (!kg_sparql_value_is_numeric(a) || !kg_sparql_value_is_numeric(b) ||
	    !a->valid || !b->valid)
		return kg_sparql_value_error();
	kg_sparql_value_type t = a->type > b->type ? a->type : b->type;
	if (t == KG_SPARQL_T_INTEGER && op != KG_SPARQL_EX_DIV) {
		long long r;
		int over;
		switch (op) {
		case KG_SPARQL_EX_ADD:
			over = __builtin_add_overflow(a->i, b->i, &r);
			break;
		case KG_SPARQL_EX_SUB:
			over = __builtin_sub_overflow(a->i, b->i, &r);
			break;
		case KG_SPARQL_EX_MUL:
			over = __builtin_mul_overflow(a->i, b->i, &r);
			break;
		default:
			return kg_sparql_value_error();
		}
		return over ? kg_sparql_value_error() : kg_sparql_value_integer(r);
	}
	if (t == KG_SPARQL_T_INTEGER)
		t = KG_SPARQL_T_DECIMAL;
	/* A decimal result keeps the fraction digits of its more precise
	 * operand (1.0 + 2 is 3.0, 3 - 3 is 0), and a quotient has at least
	 * one (4 / 2 is 2.0): see kg_sparql_value_arith in value.h. */
	int sa = decimal_scale(a), sb = decimal_scale(b);
	int scale = sa > sb ? sa : sb;
	if (op == KG_SPARQL_EX_DIV && scale < 1)
		scale = 1;
	double x = num(a), y = num(b), r;
	switch (op) {
	case KG_SPARQL_EX_ADD: r = x + y; break;
	case KG_SPARQL_EX_SUB: r = x - y; break;
	case KG_SPARQL_EX_MUL: r = x * y; break;
	case KG_SPARQL_EX_DIV:
		if (y == 0 && t == KG_SPARQL_T_DECIMAL)
			return kg_sparql_value_error();
		r = x / y;
		break;
	default:
		return kg_sparql_value_error();
	}
	return make_real_scaled(r, t, scale);
}

kg_sparql_value *
kg_sparql_value_canonical(const kg_sparql_value *v)
{
	if (v->kind != KG_SPARQL_V_LITERAL || !v->valid || !v->datatype)
		return kg_sparql_value_copy(v);
	const char *dt = v->datatype;
	if (!strcmp(dt, KG_XSD "integer"))
		return kg_sparql_value_integer(v->i);
	if (!strcmp(dt, KG_XSD "decimal"))
		return make_real_scaled(v->d, KG_SPARQL_T_DECIMAL, decimal_scale(v));
	if (!strcmp(dt, KG_XSD "float") || !strcmp(dt, KG_XSD "double"))
		return make_real(v->d, v->type);
	return kg_sparql_value_copy(v);
}

/* ---- casts ----------------------------------------------------------- */

static kg_sparql_value *
cast_from_lexical(const char *lex, kg_sparql_value_type t, const char *dt)
{
	kg_sparql_value *r = kg_sparql_value_literal(lex, NULL, dt);
	if (!r)
		return NULL;
	if (!r->valid || r->type != t) {
		kg_sparql_value_free(r);
		return kg_sparql_value_error();
	}
	/* canonical form for numerics */
	kg_sparql_value *c = NULL;
	if (t == KG_SPARQL_T_INTEGER)
		c = kg_sparql_value_integer(r->i);
	else if (t == KG_SPARQL_T_DECIMAL || t == KG_SPARQL_T_FLOAT ||
	         t == KG_SPARQL_T_DOUBLE)
		c = make_real(r->d, t);
	else if (t == KG_SPARQL_T_BOOLEAN)
		c = kg_sparql_value_boolean((int)r->i);
	else
		return r;
	kg_sparql_value_free(r);
	return c;
}

/* A float or double cast to xsd:string (XPath F&O 19.1.2.2): between
 * 1e-6 and 1e6 in magnitude, and for zero, its decimal form without an
 * exponent ("-7.875", "1"); otherwise its canonical form ("1.0E7").
 * A float is compared with the float bounds: the float nearest 0.000001
 * lies just below the double 1e-6, yet it is the value "0.000001"
 * names, and it must not turn into "1.0E-6". */
static kg_sparql_value *
real_to_string(const kg_sparql_value *v, const char *datatype)
{
	char out[420];
	double a = fabs(v->d);
	int plain;
	if (v->type == KG_SPARQL_T_FLOAT)
		plain = isfinite(v->d) && (a == 0 || ((float)a >= 1e-6f &&
		                                      (float)a < 1e6f));
	else
		plain = isfinite(v->d) && (a == 0 || (a >= 1e-6 && a < 1e6));
	format_double(v->d, v->type, plain, out, sizeof out);
	return kg_sparql_value_literal(out, NULL, datatype);
}

kg_sparql_value *
kg_sparql_value_cast(const kg_sparql_value *v, const char *datatype)
{
	kg_sparql_value_type t = type_of(NULL, datatype);
	if (kg_sparql_value_is_error(v))
		return kg_sparql_value_error();
	if (t == KG_SPARQL_T_STRING) {
		if (v->kind == KG_SPARQL_V_BLANK)
			return kg_sparql_value_error();
		/* numerics and booleans cast to their canonical form */
		kg_sparql_value *c = NULL;
		if (v->kind == KG_SPARQL_V_LITERAL && v->valid) {
			if (v->type == KG_SPARQL_T_INTEGER)
				c = kg_sparql_value_integer(v->i);
			else if (v->type == KG_SPARQL_T_DECIMAL)
				c = make_real(v->d, v->type);
			else if (v->type == KG_SPARQL_T_FLOAT ||
			         v->type == KG_SPARQL_T_DOUBLE)
				return real_to_string(v, datatype);
			else if (v->type == KG_SPARQL_T_BOOLEAN)
				c = kg_sparql_value_boolean((int)v->i);
			else
				return kg_sparql_value_literal(v->lex, NULL, datatype);
			if (!c)
				return NULL;
			kg_sparql_value *r = kg_sparql_value_literal(c->lex, NULL, datatype);
			kg_sparql_value_free(c);
			return r;
		}
		return kg_sparql_value_literal(v->lex, NULL, datatype);
	}
	if (v->kind != KG_SPARQL_V_LITERAL || t == KG_SPARQL_T_OTHER ||
	    t == KG_SPARQL_T_LANG || v->type == KG_SPARQL_T_LANG)
		return kg_sparql_value_error();
	if (t == KG_SPARQL_T_INTEGER && strcmp(datatype, KG_XSD "integer"))
		return kg_sparql_value_error(); /* only xsd:integer of the family */
	if (v->type == KG_SPARQL_T_STRING || v->type == KG_SPARQL_T_OTHER) {
		if (v->type == KG_SPARQL_T_OTHER)
			return kg_sparql_value_error();
		/* xsd:decimal does not take an exponent or INF/NaN, which its
		 * lexical check already refuses; trim XML whitespace */
		const char *s = v->lex;
		size_t n = strlen(s);
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		char *tmp = dupn(s, n);
		if (!tmp)
			return NULL;
		kg_sparql_value *r = cast_from_lexical(tmp, t, datatype);
		free(tmp);
		return r;
	}
	if (!v->valid)
		return kg_sparql_value_error();
	int isnum = kg_sparql_value_is_numeric(v);
	double x = isnum ? num(v) : 0;
	switch (t) {
	case KG_SPARQL_T_INTEGER:
		if (v->type == KG_SPARQL_T_BOOLEAN)
			return kg_sparql_value_integer(v->i);
		if (v->type == KG_SPARQL_T_INTEGER)
			return kg_sparql_value_integer(v->i);
		if (!isnum || !isfinite(x) || fabs(x) >= 9.2e18)
			return kg_sparql_value_error();
		return kg_sparql_value_integer((long long)trunc(x));
	case KG_SPARQL_T_DECIMAL:
	case KG_SPARQL_T_FLOAT:
	case KG_SPARQL_T_DOUBLE:
		if (v->type == KG_SPARQL_T_BOOLEAN)
			return make_real((double)v->i, t);
		if (!isnum)
			return kg_sparql_value_error();
		return make_real(x, t);
	case KG_SPARQL_T_BOOLEAN:
		if (v->type == KG_SPARQL_T_BOOLEAN)
			return kg_sparql_value_boolean((int)v->i);
		if (!isnum)
			return kg_sparql_value_error();
		return kg_sparql_value_boolean(!(x == 0 || isnan(x)));
	case KG_SPARQL_T_DATETIME:
		if (v->type == KG_SPARQL_T_DATETIME)
			return kg_sparql_value_copy(v);
		if (v->type == KG_SPARQL_T_DATE) {
			/* midnight of the date, with its timezone */
			char b[96];
			const char *tz = "";
			const char *p = v->lex;
			p += (*p == '-');
			p = strchr(p, '-');
			p = p ? strchr(p + 1, '-') : NULL;
			size_t dl = p ? (size_t)(p + 3 - v->lex) : strlen(v->lex);
			if (dl > strlen(v->lex))
				dl = strlen(v->lex);
			tz = v->lex + dl;
			snprintf(b, sizeof b, "%.*sT00:00:00%s", (int)dl, v->lex, tz);
			return cast_from_lexical(b, t, datatype);
		}
		return kg_sparql_value_error();
	case KG_SPARQL_T_DATE:
		if (v->type == KG_SPARQL_T_DATE)
			return kg_sparql_value_copy(v);
		if (v->type == KG_SPARQL_T_DATETIME) {
			char b[96];
			const char *tpos = strchr(v->lex, 'T');
			const char *z = tpos ? tpos + 9 : "";
			while (*z == '.' || isdigit((unsigned char)*z))
				z++;
			snprintf(b, sizeof b, "%.*s%s",
			         (int)(tpos ? tpos - v->lex : 0), v->lex, z);
			return cast_from_lexical(b, t, datatype);
		}
		return kg_sparql_value_error();
	default:
		return kg_sparql_value_error();
	}
}

/* The calendar date of a day count since 1970-01-01, in the proleptic
 * Gregorian calendar. */
static void
civil_from_days(long long days, long long *y, int *m, int *d)
{
	/* Counted in 400-year eras from 0000-03-01, so that the leap day
	 * ends a year. */
	days += 719468;
	long long era = (days >= 0 ? days : days - 146096) / 146097;
	long long doe = days - era * 146097;                 /* [0, 146096] */
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  /* [0, 365] */
	long long mp = (5 * doy + 2) / 153;                  /* March = 0 */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void
kg_sparql_format_utc(char *buf, size_t n, long long secs, long nsec)
{
	long long days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	long long y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02d.%03ldZ", y, m, d,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
	         nsec / 1000000);
}

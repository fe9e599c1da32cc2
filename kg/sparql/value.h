/* value.h: RDF terms as values of SPARQL 1.1 expressions (section 17),
 * and the operators and functions the evaluator calls on them.
 *
 * Ownership: a kg_sparql_value is allocated on the heap and owns copies
 * of its strings; kg_sparql_value_free() releases it (NULL is a no-op).
 * Every function taking values borrows them; every function returning a
 * kg_sparql_value * returns a new value the caller frees.  NULL is only
 * ever returned when memory runs out.  An expression error ("type error"
 * of the specification) is a value of kind KG_SPARQL_V_ERROR, never NULL.
 *
 * Unbound variables are the evaluator's business (BOUND, COALESCE, IF,
 * AND, OR, IN are lazy and live there); ORDER BY takes NULL as unbound.
 *
 * Number representation: xsd:integer and the derived integer types are
 * held as long long (results that overflow are errors); xsd:decimal is
 * held as a double (15-17 significant digits, not arbitrary precision);
 * xsd:float is a float widened to double, xsd:double a double.
 * Dates without a timezone compare as if they were in UTC.
 */
#ifndef KG_SPARQL_VALUE_H
#define KG_SPARQL_VALUE_H

#include <stddef.h>

#include "sparql/ast.h"
#include "vocab.h"

typedef enum {
	KG_SPARQL_V_ERROR = 0,
	KG_SPARQL_V_IRI,
	KG_SPARQL_V_BLANK,
	KG_SPARQL_V_LITERAL
} kg_sparql_value_kind;

/* The datatype of a literal as far as expressions care. */
typedef enum {
	KG_SPARQL_T_OTHER = 0, /* a datatype kg does not interpret */
	KG_SPARQL_T_STRING,    /* simple literal or xsd:string */
	KG_SPARQL_T_LANG,      /* rdf:langString: has a language tag */
	KG_SPARQL_T_INTEGER,   /* xsd:integer and the derived integer types */
	KG_SPARQL_T_DECIMAL,
	KG_SPARQL_T_FLOAT,
	KG_SPARQL_T_DOUBLE,
	KG_SPARQL_T_BOOLEAN,
	KG_SPARQL_T_DATETIME,
	KG_SPARQL_T_DATE
} kg_sparql_value_type;

/* A parsed xsd:dateTime or xsd:date (hour, minute, second 0 for a date). */
typedef struct {
	long long year;
	int month, day, hour, minute;
	double second;
	int has_tz;
	int tz_minutes; /* offset from UTC, e.g. -300 for -05:00 */
} kg_sparql_datetime;

typedef struct kg_sparql_value {
	kg_sparql_value_kind kind;
	char *lex;      /* IRI, blank node label, lexical form ("" for errors) */
	char *lang;     /* literal: language tag, or NULL */
	char *datatype; /* literal: datatype IRI; NULL for a simple literal;
	                   rdf:langString when lang is set */
	kg_sparql_value_type type;
	int valid;      /* literal: the lexical form is valid for its type */
	/* the parsed forms, when valid: */
	long long i;    /* INTEGER; BOOLEAN (0 or 1) */
	double d;       /* DECIMAL, FLOAT, DOUBLE */
	kg_sparql_datetime dt; /* DATETIME, DATE */
} kg_sparql_value;

/* ---- construction --------------------------------------------------- */

kg_sparql_value *kg_sparql_value_error(void);
kg_sparql_value *kg_sparql_value_iri(const char *iri);
kg_sparql_value *kg_sparql_value_blank(const char *label);
/* A literal; lang and datatype may be NULL (a simple literal).  A
 * datatype of xsd:string is kept as given. */
kg_sparql_value *kg_sparql_value_literal(const char *lex, const char *lang,
                                         const char *datatype);
/* The same with a lexical form of n bytes (need not be NUL-terminated). */
kg_sparql_value *kg_sparql_value_literaln(const char *lex, size_t n,
                                          const char *lang,
                                          const char *datatype);
kg_sparql_value *kg_sparql_value_integer(long long i);
kg_sparql_value *kg_sparql_value_decimal(double d);
/* A decimal written with at least `scale` digits after the point
 * (3 with scale 1 is "3.0"); more when the value needs them. */
kg_sparql_value *kg_sparql_value_decimal_scaled(double d, int scale);
kg_sparql_value *kg_sparql_value_float(double d);
kg_sparql_value *kg_sparql_value_double(double d);
kg_sparql_value *kg_sparql_value_boolean(int b);
kg_sparql_value *kg_sparql_value_copy(const kg_sparql_value *v);
/* v with the canonical lexical form of its value when it is a valid
 * xsd:integer, xsd:decimal, xsd:float or xsd:double ("01" is "1", "2E-1"
 * is "2.0E-1"; a decimal keeps its scale: "1.50" stays "1.50"); any
 * other term is copied as it is. */
kg_sparql_value *kg_sparql_value_canonical(const kg_sparql_value *v);
void kg_sparql_value_free(kg_sparql_value *v);

/* ---- predicates and comparisons ------------------------------------- */

int kg_sparql_value_is_error(const kg_sparql_value *v);
/* A literal of a numeric type (valid or not). */
int kg_sparql_value_is_numeric(const kg_sparql_value *v);
/* A simple literal, xsd:string or language-tagged literal. */
int kg_sparql_value_is_string(const kg_sparql_value *v);

/* The scale of a valid decimal: the digits after its point, trailing
 * zeros included ("1.0" has 1, "3" none); 0 for anything else. */
int kg_sparql_value_decimal_scale(const kg_sparql_value *v);

/* Effective boolean value (17.2.2): 1 true, 0 false, -1 error. */
int kg_sparql_value_ebv(const kg_sparql_value *v);

/* sameTerm: 1 or 0 (language tags compare case-insensitively). */
int kg_sparql_value_same_term(const kg_sparql_value *a,
                              const kg_sparql_value *b);

/* The `=` of 17.3 (value equality, else RDFterm-equal): 1, 0 or -1 for
 * an error.  Two language-tagged literals compare without error. */
int kg_sparql_value_equal(const kg_sparql_value *a, const kg_sparql_value *b);

/* The `<` family of 17.3 for numerics, strings, booleans, dateTimes and
 * dates: *cmp gets -1, 0 or 1; returns 0, or -1 (a type error) when the
 * operands are not comparable. */
int kg_sparql_value_compare(const kg_sparql_value *a,
                            const kg_sparql_value *b, int *cmp);

/* ORDER BY (15.1): a total order; NULL (unbound) < errors < blank nodes
 * < IRIs < literals; literals by value where `<` applies, else by kind,
 * lexical form, language tag and datatype.  Returns <0, 0 or >0. */
int kg_sparql_value_order(const kg_sparql_value *a, const kg_sparql_value *b);

/* ---- operators ------------------------------------------------------ */

/* op: KG_SPARQL_EX_ADD, SUB, MUL, DIV; numeric promotion as in XPath:
 * integer < decimal < float < double; integer / integer is a decimal;
 * division of an integer or decimal by zero is an error.
 *
 * A decimal result is written with the digits its value needs, and at
 * least as many fraction digits as its more precise operand has (an
 * integer has none): 1.0 + 2 is "3.0", "3"^^xsd:decimal - 3 is "0",
 * 1.5 * 2.0 is "3.0".  A quotient has at least one (4 / 2 is "2.0",
 * and so is AVG of 1, 2, 3): XPath leaves a decimal's lexical form to
 * the implementation, and this keeps the precision the data was written
 * with, as BigDecimal-style engines do, where XML Schema 1.1's canonical
 * form would drop it and 1.0's would add ".0" to ROUND(2.5). */
kg_sparql_value *kg_sparql_value_arith(kg_sparql_op op,
                                       const kg_sparql_value *a,
                                       const kg_sparql_value *b);

/* A cast (17.5) to the XSD datatype `datatype` (xsd:integer, decimal,
 * float, double, boolean, string, dateTime; also xsd:date).  A cast to
 * another IRI, or a disallowed or invalid cast, gives an error value.
 * Strings are trimmed of whitespace and must be valid lexical forms of
 * the target (xsd:integer("4.2") is an error); numerics and booleans
 * cast to xsd:string give their canonical form (xsd:string(01) = "1");
 * a numeric to xsd:integer truncates; xsd:date to xsd:dateTime is its
 * midnight. */
kg_sparql_value *kg_sparql_value_cast(const kg_sparql_value *v,
                                      const char *datatype);

/* ---- function calls (func.c) ----------------------------------------- */

/* Compiled regular expressions, kept for the calls of one query
 * (REGEX over many rows compiles its pattern once). */
typedef struct kg_sparql_regex_cache kg_sparql_regex_cache;

kg_sparql_regex_cache *kg_sparql_regex_cache_new(void);
void kg_sparql_regex_cache_free(kg_sparql_regex_cache *c);

typedef struct {
	const char *base;           /* IRI(): the query's base, or NULL */
	/* NOW(): one xsd:dateTime for the query: `now` when set, else the
	 * instant now_sec, now_nsec (UTC) when has_now_time; made only
	 * when a query calls NOW(), as most never do. */
	const kg_sparql_value *now;
	int has_now_time;
	long long now_sec;
	long now_nsec;
	/* RAND(), UUID(), STRUUID(): fills n bytes with random bytes and
	 * returns 0, or -1; NULL reads /dev/urandom. */
	int (*random)(void *user, unsigned char *buf, size_t n);
	void *random_user;
	kg_sparql_regex_cache *regexes; /* may be NULL: compile every call */
} kg_sparql_fn_ctx;

/* Calls the operator or built-in `op` on n evaluated arguments (borrowed;
 * none NULL).  Handles the comparisons, arithmetic, NOT, unary - and +,
 * sameTerm and the built-ins of section 17.4 except BOUND, COALESCE, IF,
 * BNODE, EXISTS, AND, OR, IN and NOT IN, which need the evaluator (they
 * give an error value here, as do aggregates and a wrong arity). */
kg_sparql_value *kg_sparql_call(kg_sparql_op op, const kg_sparql_value *const *args,
                                size_t n, const kg_sparql_fn_ctx *ctx);

/* Calls the function named by the IRI `iri` (KG_SPARQL_EX_FUNCTION): the
 * XSD constructor casts of 17.5 are known; anything else is an error. */
kg_sparql_value *kg_sparql_call_iri(const char *iri, const kg_sparql_value *const *args,
                                    size_t n, const kg_sparql_fn_ctx *ctx);

/* Writes the instant `secs` seconds and `nsec` nanoseconds after
 * 1970-01-01T00:00:00Z as an xsd:dateTime in UTC with milliseconds
 * ("2024-12-08T06:18:00.000Z") into buf (n bytes).  Not gmtime_r:
 * that reads the time zone file first, a quarter of a small query's
 * run. */
void kg_sparql_format_utc(char *buf, size_t n, long long secs, long nsec);

#endif

/* parser.h: the state the parser's files share.
 *
 * Recursive descent over the grammar of SPARQL 1.1 Query section 19.8
 * and Update section 19.  Errors unwind with longjmp to the entry point,
 * which frees the arena: no function below checks a return value for
 * failure, and every allocation is in the arena.
 */
#ifndef KG_SPARQL_PARSER_H
#define KG_SPARQL_PARSER_H

#include "db.h"
#include "sparql.h"
#include "sparql/lexer.h"

#include <setjmp.h>

/* How deep groups, expressions, collections and paths may nest: the
 * parser recurses, and its stack must stay bounded whatever the text. */
#define KG_SPARQL_MAX_DEPTH 400

/* A growable array in the arena; `data` moves as it grows. */
typedef struct {
	void *data;
	size_t n, cap;
} kg_sparql_vec;

typedef struct kg_sparql_prefix_decl {
	const char *name;
	const char *iri;
	struct kg_sparql_prefix_decl *next;
} kg_sparql_prefix_decl;

typedef struct kg_sparql_label {
	const char *label;
	unsigned long scope;
	struct kg_sparql_label *next;
} kg_sparql_label;

typedef struct {
	kg_db *db;
	kg_sparql_lexer lx;
	kg_sparql_token tok;  /* the current token */
	kg_sparql_token next; /* the one after, when has_next */
	int has_next;
	kg_sparql_arena *arena;
	jmp_buf fail;
	kg_status status;
	kg_buf scratch;

	const char *base;
	kg_sparql_prefix_decl *prefixes;
	unsigned long n_bnodes;     /* generated blank nodes */
	kg_sparql_label *labels;    /* blank node labels seen, by scope */
	unsigned long scope;        /* the current label scope */
	unsigned long n_scopes;
	int depth;

	int agg_ok;      /* aggregates allowed here */
	int saw_agg;     /* an aggregate was parsed in the current query */
	int no_vars;     /* in INSERT DATA / DELETE DATA */
	int no_bnodes;   /* in DELETE DATA / DELETE WHERE / DELETE templates */
	int check_labels; /* labels must not cross scopes */
	const char *forbidden; /* what no_vars / no_bnodes name in errors */
} kg_sparql_parser;

#endif

/* ---- shared by parser.c, expr.c and check.c ---------------------------- */

#if defined(__GNUC__)
#define KG_NORETURN __attribute__((noreturn))
#define KG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KG_NORETURN
#define KG_PRINTF(a, b)
#endif

/* Reports a syntax error at `at` (the current token when NULL) and
 * unwinds to the entry point. */
KG_NORETURN KG_PRINTF(3, 4) void
kg_sparql_fail(kg_sparql_parser *p, const kg_sparql_token *at,
               const char *fmt, ...);

/* "expected WHAT, found <the current token>" */
KG_NORETURN void kg_sparql_expected(kg_sparql_parser *p, const char *what);

/* Out of memory: unwinds with KG_ERR_NOMEM. */
KG_NORETURN void kg_sparql_nomem(kg_sparql_parser *p);

void kg_sparql_advance(kg_sparql_parser *p);
const kg_sparql_token *kg_sparql_peek(kg_sparql_parser *p);
int kg_sparql_tok_is(const kg_sparql_token *t, const char *keyword);
int kg_sparql_at(const kg_sparql_parser *p, const char *keyword);
int kg_sparql_accept(kg_sparql_parser *p, kg_sparql_tok type);
int kg_sparql_accept_word(kg_sparql_parser *p, const char *keyword);
void kg_sparql_expect(kg_sparql_parser *p, kg_sparql_tok type);
void kg_sparql_expect_word(kg_sparql_parser *p, const char *keyword);

void *kg_sparql_alloc(kg_sparql_parser *p, size_t size);
const char *kg_sparql_strndup(kg_sparql_parser *p, const char *s, size_t n);
/* A zeroed new last element of v, of `size` bytes. */
void *kg_sparql_vec_push(kg_sparql_parser *p, kg_sparql_vec *v, size_t size);

int kg_sparql_at_iri(const kg_sparql_parser *p);
const char *kg_sparql_parse_iri(kg_sparql_parser *p);
int kg_sparql_at_literal(kg_sparql_parser *p);
kg_sparql_term kg_sparql_parse_literal(kg_sparql_parser *p);
kg_sparql_term kg_sparql_parse_var(kg_sparql_parser *p);
kg_sparql_pattern *kg_sparql_parse_group(kg_sparql_parser *p);

/* expr.c */
kg_sparql_expr *kg_sparql_parse_expr(kg_sparql_parser *p);
kg_sparql_expr *kg_sparql_parse_bracketted(kg_sparql_parser *p);
/* BuiltInCall | FunctionCall (iri ArgList) */
int kg_sparql_at_call(const kg_sparql_parser *p);
kg_sparql_expr *kg_sparql_parse_call(kg_sparql_parser *p);
/* Constraint: BrackettedExpression | BuiltInCall | FunctionCall */
int kg_sparql_at_constraint(const kg_sparql_parser *p);
kg_sparql_expr *kg_sparql_parse_constraint(kg_sparql_parser *p);

/* check.c: variable sets are vecs of const char *. */
void kg_sparql_vars_add(kg_sparql_parser *p, kg_sparql_vec *set,
                        const char *var);
int kg_sparql_vars_has(const kg_sparql_vec *set, const char *var);
/* Adds the variables in scope in `pat` (section 18.2.1). */
void kg_sparql_pattern_scope(kg_sparql_parser *p, const kg_sparql_pattern *pat,
                             kg_sparql_vec *set);
/* Whether `var` is in scope in `pat` (the same rules, one variable). */
int kg_sparql_pattern_binds(const kg_sparql_pattern *pat, const char *var);
/* The grouping and projection rules for a finished SELECT (or
 * subquery); `at` is where to report. */
void kg_sparql_check_select(kg_sparql_parser *p, kg_sparql_query *q,
                            const kg_sparql_token *at);

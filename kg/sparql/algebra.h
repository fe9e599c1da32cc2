/* algebra.h: the SPARQL algebra of SPARQL 1.1 section 18, and the
 * translation of a syntax tree (ast.h) into it, as section 18.2 defines.
 *
 * The translation follows 18.2 step by step: FILTERs of a group are
 * collected and applied, as one Filter of their conjunction, to the whole
 * group (18.2.2.2, 18.2.2.7); NOT EXISTS { P } becomes
 * !(exists(translate(P))); property paths become the path algebra of
 * 18.2.2.3 and property path patterns are rewritten by 18.2.2.4 into
 * triple patterns where the table says so (link, inverse link, sequence
 * with a fresh variable), else into Path(X, path, Y); adjacent triple
 * patterns form one BGP (18.2.2.5), triples separated only by FILTERs
 * included, since the filters are removed from the group first; the
 * group's elements are translated in order (18.2.2.6); Join(Z, A) and
 * Join(A, Z) with Z the empty BGP are simplified to A (18.2.2.8) as the
 * joins are made, which gives the tree a final pass would, since the
 * one test on a translated form (OPTIONAL { P } with P a Filter) looks
 * at whether the OPTIONAL's own group had FILTERs, not at the simplified
 * tree: OPTIONAL { { ... FILTER(e) } } keeps its Filter inside.  A
 * query level then goes through grouping and aggregation (18.2.4.1,
 * aggregates renamed to internal variables),
 * HAVING (18.2.4.2), the trailing VALUES (18.2.4.3), select expressions
 * (18.2.4.4) and the solution modifiers of 18.2.5: ToList, OrderBy,
 * Project, Distinct, Reduced, Slice.  A sub-SELECT becomes
 * ToMultiSet(its translation); SERVICE becomes Service (SPARQL 1.1
 * Federated Query).
 *
 * Two readings where the text of 18.2.4.1 is loose: the query groups
 * when it has GROUP BY or an aggregate in SELECT, HAVING or ORDER BY
 * (computed here, whatever the parser's `aggregated` says); and in ORDER
 * BY a variable bound by a SELECT expression is not an "unaggregated
 * variable" to be replaced by Sample(V), since OrderBy sees the Extend
 * that binds it.
 *
 * Internal variables have names that no query can spell, because a
 * variable name cannot start with '.': ".pN" for the fresh variables of
 * path sequences, ".aggN" for aggregates.  Both counters run over the
 * whole request, starting at 1.
 *
 * Operators that chain (Join, LeftJoin, Union, Minus, Extend) nest in
 * their first operand `a`, as the specification's left-to-right
 * translation builds them; a flat group of thousands of OPTIONALs or
 * UNIONs makes a chain that deep, so the code here walks `a` chains with
 * loops, recursing only into `b` and expressions, whose depth the
 * parser's nesting limit bounds.
 *
 * Ownership: a kg_alg_query or kg_alg_update owns every node of its
 * algebra (one arena) and borrows strings, terms, templates and VALUES
 * rows from the syntax tree it was translated from, which must outlive
 * it.  Free with kg_alg_query_free() / kg_alg_update_free(); NULL is a
 * no-op.  The library never prints; the printers append to a kg_buf.
 */
#ifndef KG_SPARQL_ALGEBRA_H
#define KG_SPARQL_ALGEBRA_H

#include "buf.h"
#include "sparql/ast.h"

typedef struct kg_alg kg_alg;
typedef struct kg_alg_expr kg_alg_expr;
typedef struct kg_alg_path kg_alg_path;

/* ---- property path algebra (18.2.2.3) --------------------------------- */

typedef enum {
	KG_ALG_PATH_LINK,         /* link(iri) */
	KG_ALG_PATH_INV,          /* inv(P) */
	KG_ALG_PATH_SEQ,          /* seq(P, Q, ...) */
	KG_ALG_PATH_ALT,          /* alt(P, Q, ...) */
	KG_ALG_PATH_ZERO_OR_MORE, /* ZeroOrMorePath(P) */
	KG_ALG_PATH_ONE_OR_MORE,  /* OneOrMorePath(P) */
	KG_ALG_PATH_ZERO_OR_ONE,  /* ZeroOrOnePath(P) */
	KG_ALG_PATH_NPS           /* NPS({iris}) */
} kg_alg_path_kind;

/* seq and alt are n-ary (at least 2 args): a/b/c is seq(a, b, c), the
 * same as seq(seq(a, b), c) since both are associative, and flat so
 * that long paths make no deep trees; inv and the repetitions have one
 * arg. */
struct kg_alg_path {
	kg_alg_path_kind kind;
	const char *iri;   /* LINK */
	kg_alg_path **args;
	size_t n_args;
	const char **iris; /* NPS */
	size_t n_iris;
};

/* ---- expressions ------------------------------------------------------ */

/* A light copy of kg_sparql_expr: the same operators and fields, with
 * EXISTS holding its translated pattern.  NOT_EXISTS never occurs (it is
 * NOT of EXISTS).  AND may have more than two args: the conjunction of
 * a group's FILTERs is one AND of them all.  After aggregation,
 * aggregates in SELECT, HAVING and ORDER BY expressions are replaced by
 * their ".aggN" variables. */
struct kg_alg_expr {
	kg_sparql_op op;
	kg_sparql_term term;   /* TERM */
	const char *iri;       /* FUNCTION */
	int distinct;          /* aggregates and FUNCTION */
	const char *separator; /* GROUP_CONCAT, NULL for the default */
	kg_alg_expr **args;
	size_t n_args;
	kg_alg *pattern;       /* EXISTS */
};

/* ---- operators -------------------------------------------------------- */

typedef enum {
	KG_ALG_BGP,            /* triples (no paths, g NONE); none: Z */
	KG_ALG_PATH,           /* Path(s, path, o) */
	KG_ALG_JOIN,           /* Join(a, b) */
	KG_ALG_LEFTJOIN,       /* LeftJoin(a, b, expr); expr NULL: true */
	KG_ALG_FILTER,         /* Filter(expr, a) */
	KG_ALG_UNION,          /* Union(a, b) */
	KG_ALG_GRAPH,          /* Graph(name, a) */
	KG_ALG_EXTEND,         /* Extend(a, var, expr) */
	KG_ALG_MINUS,          /* Minus(a, b) */
	KG_ALG_GROUP,          /* Group(binds, a): keys, var NULL unless
	                          GROUP BY (expr AS var) */
	KG_ALG_AGGREGATE_JOIN, /* AggregateJoin(A1..An): binds are the
	                          Aggregation(args, func, scalarvals, a) of
	                          each ".aggN" var; a is the Group */
	KG_ALG_TO_LIST,        /* ToList(a) */
	KG_ALG_ORDER_BY,       /* OrderBy(a, order) */
	KG_ALG_PROJECT,        /* Project(a, vars) */
	KG_ALG_DISTINCT,       /* Distinct(a) */
	KG_ALG_REDUCED,        /* Reduced(a) */
	KG_ALG_SLICE,          /* Slice(a, start, length); length -1: to
	                          the end */
	KG_ALG_TO_MULTISET,    /* ToMultiSet(a) */
	KG_ALG_TABLE,          /* VALUES data: vars, rows (NONE: UNDEF) */
	KG_ALG_SERVICE         /* Service(name, a, silent) */
} kg_alg_kind;

typedef struct {
	const char *var;
	kg_alg_expr *expr;
} kg_alg_bind;

typedef struct {
	kg_alg_expr *expr;
	int descending;
} kg_alg_order;

struct kg_alg {
	kg_alg_kind kind;
	kg_alg *a, *b;
	const kg_sparql_triple *triples; /* BGP */
	size_t n_triples;
	kg_sparql_term s, o;             /* PATH */
	kg_alg_path *path;               /* PATH */
	kg_alg_expr *expr;               /* FILTER, LEFTJOIN, EXTEND */
	const char *var;                 /* EXTEND */
	kg_sparql_term name;             /* GRAPH, SERVICE */
	int silent;                      /* SERVICE */
	const char *service_text;        /* SERVICE: the group, as written */
	const char *service_prologue;    /* SERVICE: BASE and PREFIX lines */
	kg_alg_bind *binds;              /* GROUP, AGGREGATE_JOIN */
	size_t n_binds;
	kg_alg_order *order;             /* ORDER_BY */
	size_t n_order;
	const char **vars;               /* PROJECT, TABLE */
	size_t n_vars;
	const kg_sparql_term *rows;      /* TABLE, n_rows * n_vars */
	size_t n_rows;
	long long start, length;         /* SLICE */
};

/* ---- queries and updates --------------------------------------------- */

/* A query's algebra; the query form's template (CONSTRUCT), targets
 * (DESCRIBE) and dataset (FROM, FROM NAMED) stay in `query`. */
typedef struct {
	kg_sparql_arena *arena;
	const kg_sparql_query *query; /* borrowed */
	kg_alg *op;
} kg_alg_query;

/* An update request's algebra: where[i] is the translated WHERE of
 * operation i (MODIFY), or of its quads (DELETE WHERE), else NULL.  The
 * templates stay in update->ops[i]. */
typedef struct {
	kg_sparql_arena *arena;
	const kg_sparql_update *update; /* borrowed */
	kg_alg **where;
	size_t n_ops;
} kg_alg_update;

/* Translates `q` into *out.  Returns 0, or -1 when memory runs out (then
 * *out is NULL). */
int kg_alg_translate(const kg_sparql_query *q, kg_alg_query **out);
int kg_alg_translate_update(const kg_sparql_update *u, kg_alg_update **out);

void kg_alg_query_free(kg_alg_query *aq);
void kg_alg_update_free(kg_alg_update *au);

/* Append an S-expression, one line, in the style of SSE, e.g.
 * (project (?x) (tolist (bgp (triple ?x <http://ex/p> ?o)))).
 * CONSTRUCT, DESCRIBE and ASK wrap the algebra: (construct (template
 * ...) OP), (describe (terms) OP), (ask OP); a dataset adds
 * (dataset (from ...) (from-named ...) OP) around that.  Updates print
 * (update (OPNAME ... OP) ...).  Return 0, or -1 when memory runs out. */
int kg_alg_query_print(const kg_alg_query *aq, kg_buf *out);
int kg_alg_update_print(const kg_alg_update *au, kg_buf *out);

#endif

/* ast.h: the syntax tree of a SPARQL 1.1 query or update request.
 *
 * The parser builds it; a later stage translates it to the algebra of
 * SPARQL 1.1 section 18 and evaluates it.  IRIs are absolute where the
 * text allowed (resolved against BASE), prefixed names are expanded,
 * escapes are decoded, so a consumer never sees the surface syntax.
 *
 * Every node of one tree lives in one arena owned by the top-level
 * kg_sparql_query or kg_sparql_update; kg_sparql_free() and
 * kg_sparql_update_free() release it whole.  Nodes are never freed
 * one by one, and pointers into a tree are borrowed.
 */
#ifndef KG_SPARQL_AST_H
#define KG_SPARQL_AST_H

#include <stddef.h>

typedef struct kg_sparql_arena kg_sparql_arena;
typedef struct kg_sparql_expr kg_sparql_expr;
typedef struct kg_sparql_path kg_sparql_path;
typedef struct kg_sparql_pattern kg_sparql_pattern;
typedef struct kg_sparql_query kg_sparql_query;
typedef struct kg_sparql_update kg_sparql_update;

/* ---- terms --------------------------------------------------------------- */

typedef enum {
	KG_SPARQL_TERM_NONE = 0, /* absent: UNDEF in VALUES, default graph */
	KG_SPARQL_TERM_IRI,
	KG_SPARQL_TERM_LITERAL,
	KG_SPARQL_TERM_BLANK,
	KG_SPARQL_TERM_VAR
} kg_sparql_term_kind;

/* A term.  `value` is the IRI, the lexical form, the blank node label
 * or the variable name (without `?`).  Blank nodes written `[]` or made
 * for collections get labels "-N", which no label in the text can
 * spell: a label cannot start with '-'. */
typedef struct {
	kg_sparql_term_kind kind;
	const char *value;
	const char *lang;     /* literal: language tag, or NULL */
	const char *datatype; /* literal: datatype IRI, or NULL (xsd:string) */
} kg_sparql_term;

/* ---- property paths --------------------------------------------------- */

typedef enum {
	KG_SPARQL_PATH_LINK,  /* iri */
	KG_SPARQL_PATH_INV,   /* ^args[0] */
	KG_SPARQL_PATH_SEQ,   /* args[0] / args[1] / ... */
	KG_SPARQL_PATH_ALT,   /* args[0] | args[1] | ... */
	KG_SPARQL_PATH_STAR,  /* args[0]* */
	KG_SPARQL_PATH_PLUS,  /* args[0]+ */
	KG_SPARQL_PATH_OPT,   /* args[0]? */
	KG_SPARQL_PATH_NEG    /* !(args...), each a LINK or an INV of a LINK */
} kg_sparql_path_kind;

struct kg_sparql_path {
	kg_sparql_path_kind kind;
	const char *iri; /* LINK */
	kg_sparql_path **args;
	size_t n_args;
};

/* A triple or quad pattern.  The predicate is `p` (an IRI or a
 * variable) when `path` is NULL, else the property path `path`.  `g` is
 * the graph of a quad in an update template (NONE: default graph). */
typedef struct {
	kg_sparql_term s, p, o, g;
	kg_sparql_path *path;
} kg_sparql_triple;

/* ---- expressions -------------------------------------------------------- */

typedef enum {
	KG_SPARQL_EX_TERM, /* a variable or a constant: `term` */
	KG_SPARQL_EX_OR,
	KG_SPARQL_EX_AND,
	KG_SPARQL_EX_EQ,
	KG_SPARQL_EX_NE,
	KG_SPARQL_EX_LT,
	KG_SPARQL_EX_GT,
	KG_SPARQL_EX_LE,
	KG_SPARQL_EX_GE,
	KG_SPARQL_EX_IN,     /* args[0] IN (args[1..]) */
	KG_SPARQL_EX_NOT_IN,
	KG_SPARQL_EX_ADD,
	KG_SPARQL_EX_SUB,
	KG_SPARQL_EX_MUL,
	KG_SPARQL_EX_DIV,
	KG_SPARQL_EX_NOT,
	KG_SPARQL_EX_NEG,
	KG_SPARQL_EX_PLUS,
	KG_SPARQL_EX_FUNCTION, /* call of the function `iri` */
	KG_SPARQL_EX_EXISTS,   /* `pattern` */
	KG_SPARQL_EX_NOT_EXISTS,
	/* built-in calls (builtin.h: names, arity, functions) */
	KG_SPARQL_EX_STR,
	KG_SPARQL_EX_LANG,
	KG_SPARQL_EX_LANGMATCHES,
	KG_SPARQL_EX_DATATYPE,
	KG_SPARQL_EX_BOUND,
	KG_SPARQL_EX_IRI,
	KG_SPARQL_EX_URI,
	KG_SPARQL_EX_BNODE,
	KG_SPARQL_EX_RAND,
	KG_SPARQL_EX_ABS,
	KG_SPARQL_EX_CEIL,
	KG_SPARQL_EX_FLOOR,
	KG_SPARQL_EX_ROUND,
	KG_SPARQL_EX_CONCAT,
	KG_SPARQL_EX_SUBSTR,
	KG_SPARQL_EX_STRLEN,
	KG_SPARQL_EX_REPLACE,
	KG_SPARQL_EX_UCASE,
	KG_SPARQL_EX_LCASE,
	KG_SPARQL_EX_ENCODE_FOR_URI,
	KG_SPARQL_EX_CONTAINS,
	KG_SPARQL_EX_STRSTARTS,
	KG_SPARQL_EX_STRENDS,
	KG_SPARQL_EX_STRBEFORE,
	KG_SPARQL_EX_STRAFTER,
	KG_SPARQL_EX_YEAR,
	KG_SPARQL_EX_MONTH,
	KG_SPARQL_EX_DAY,
	KG_SPARQL_EX_HOURS,
	KG_SPARQL_EX_MINUTES,
	KG_SPARQL_EX_SECONDS,
	KG_SPARQL_EX_TIMEZONE,
	KG_SPARQL_EX_TZ,
	KG_SPARQL_EX_NOW,
	KG_SPARQL_EX_UUID,
	KG_SPARQL_EX_STRUUID,
	KG_SPARQL_EX_MD5,
	KG_SPARQL_EX_SHA1,
	KG_SPARQL_EX_SHA256,
	KG_SPARQL_EX_SHA384,
	KG_SPARQL_EX_SHA512,
	KG_SPARQL_EX_COALESCE,
	KG_SPARQL_EX_IF,
	KG_SPARQL_EX_STRLANG,
	KG_SPARQL_EX_STRDT,
	KG_SPARQL_EX_SAMETERM,
	KG_SPARQL_EX_ISIRI,
	KG_SPARQL_EX_ISURI,
	KG_SPARQL_EX_ISBLANK,
	KG_SPARQL_EX_ISLITERAL,
	KG_SPARQL_EX_ISNUMERIC,
	KG_SPARQL_EX_REGEX,
	/* aggregates; COUNT with no argument is COUNT(*) */
	KG_SPARQL_EX_COUNT,
	KG_SPARQL_EX_SUM,
	KG_SPARQL_EX_MIN,
	KG_SPARQL_EX_MAX,
	KG_SPARQL_EX_AVG,
	KG_SPARQL_EX_SAMPLE,
	KG_SPARQL_EX_GROUP_CONCAT
} kg_sparql_op;

struct kg_sparql_expr {
	kg_sparql_op op;
	kg_sparql_term term;        /* TERM */
	const char *iri;            /* FUNCTION */
	int distinct;               /* aggregates and FUNCTION */
	const char *separator;      /* GROUP_CONCAT, NULL for the default " " */
	kg_sparql_expr **args;
	size_t n_args;
	kg_sparql_pattern *pattern; /* EXISTS, NOT_EXISTS */
};

/* The name of `op` for printing ("+", "regex", "count", ...). */
const char *kg_sparql_op_name(kg_sparql_op op);

/* 1 if `op` is an aggregate. */
int kg_sparql_op_is_aggregate(kg_sparql_op op);

/* ---- graph patterns ----------------------------------------------------- */

/* VALUES: n_rows rows of n_vars terms each (NONE for UNDEF), row-major. */
typedef struct {
	const char **vars;
	size_t n_vars;
	kg_sparql_term *rows;
	size_t n_rows;
} kg_sparql_values;

typedef enum {
	KG_SPARQL_PAT_GROUP,    /* { elems } */
	KG_SPARQL_PAT_BGP,      /* triples (paths included) */
	KG_SPARQL_PAT_OPTIONAL, /* elems[0], a GROUP */
	KG_SPARQL_PAT_UNION,    /* elems[0] UNION elems[1] UNION ..., GROUPs */
	KG_SPARQL_PAT_MINUS,    /* elems[0], a GROUP */
	KG_SPARQL_PAT_GRAPH,    /* GRAPH name elems[0] */
	KG_SPARQL_PAT_SERVICE,  /* SERVICE [SILENT] name elems[0] */
	KG_SPARQL_PAT_FILTER,   /* expr */
	KG_SPARQL_PAT_BIND,     /* BIND (expr AS ?var) */
	KG_SPARQL_PAT_VALUES,   /* values */
	KG_SPARQL_PAT_SUBSELECT /* sub */
} kg_sparql_pattern_kind;

struct kg_sparql_pattern {
	kg_sparql_pattern_kind kind;
	kg_sparql_pattern **elems;
	size_t n_elems;
	kg_sparql_triple *triples;
	size_t n_triples;
	kg_sparql_term name; /* GRAPH, SERVICE: IRI or variable */
	const char *var;     /* BIND */
	int silent;          /* SERVICE */
	/* SERVICE: the group's source text, braces included, and the
	 * prologue (BASE, PREFIX lines) it needs to stand alone; the
	 * evaluator sends them to the endpoint. */
	const char *service_text;
	const char *service_prologue;
	kg_sparql_expr *expr;
	kg_sparql_values *values;
	kg_sparql_query *sub;
};

/* ---- queries ---------------------------------------------------------- */

typedef enum {
	KG_SPARQL_SELECT,
	KG_SPARQL_CONSTRUCT,
	KG_SPARQL_DESCRIBE,
	KG_SPARQL_ASK
} kg_sparql_query_kind;

/* `var` alone, `(expr AS var)`, or in GROUP BY an expression with no
 * variable (var NULL). */
typedef struct {
	const char *var;
	kg_sparql_expr *expr;
	int line, col; /* where it starts in the text, for messages */
} kg_sparql_binding;

typedef struct {
	kg_sparql_expr *expr;
	int descending;
} kg_sparql_order;

struct kg_sparql_query {
	kg_sparql_arena *arena; /* only on the top-level query */
	kg_sparql_query_kind kind;
	const char *base;       /* the final BASE, or NULL */
	int distinct, reduced;
	int star;               /* SELECT * or DESCRIBE * */
	kg_sparql_binding *project;
	size_t n_project;
	kg_sparql_triple *construct; /* CONSTRUCT template */
	size_t n_construct;
	kg_sparql_term *describe;
	size_t n_describe;
	const char **from, **from_named;
	size_t n_from, n_from_named;
	kg_sparql_pattern *where; /* a GROUP; NULL for DESCRIBE without one */
	kg_sparql_binding *group_by;
	size_t n_group_by;
	kg_sparql_expr **having;
	size_t n_having;
	kg_sparql_order *order_by;
	size_t n_order_by;
	long long limit, offset; /* -1 when absent */
	kg_sparql_values *values; /* trailing VALUES, or NULL */
	int aggregated; /* GROUP BY or an aggregate: the query groups */
};

/* ---- update ---------------------------------------------------------- */

typedef enum {
	KG_SPARQL_UP_INSERT_DATA,
	KG_SPARQL_UP_DELETE_DATA,
	KG_SPARQL_UP_DELETE_WHERE,
	KG_SPARQL_UP_MODIFY,
	KG_SPARQL_UP_LOAD,
	KG_SPARQL_UP_CLEAR,
	KG_SPARQL_UP_DROP,
	KG_SPARQL_UP_CREATE,
	KG_SPARQL_UP_ADD,
	KG_SPARQL_UP_MOVE,
	KG_SPARQL_UP_COPY
} kg_sparql_update_kind;

/* The graph(s) an operation acts on. */
typedef enum {
	KG_SPARQL_TARGET_GRAPH,   /* iri */
	KG_SPARQL_TARGET_DEFAULT,
	KG_SPARQL_TARGET_NAMED,
	KG_SPARQL_TARGET_ALL
} kg_sparql_target_kind;

typedef struct {
	kg_sparql_target_kind kind;
	const char *iri;
} kg_sparql_target;

typedef struct {
	kg_sparql_update_kind kind;
	int silent;
	/* INSERT/DELETE DATA: the data; DELETE WHERE: the pattern, as quads;
	 * MODIFY: the templates */
	kg_sparql_triple *delete_quads, *insert_quads;
	size_t n_delete, n_insert;
	const char *with;       /* MODIFY: WITH iri, or NULL */
	const char **using, **using_named;
	size_t n_using, n_using_named;
	kg_sparql_pattern *where; /* MODIFY */
	const char *source;       /* LOAD */
	kg_sparql_target target;  /* LOAD: GRAPH iri with INTO, else DEFAULT;
	                             CLEAR/DROP/CREATE: what they act on;
	                             ADD/MOVE/COPY: the destination */
	kg_sparql_target from;    /* ADD/MOVE/COPY source */
} kg_sparql_operation;

struct kg_sparql_update {
	kg_sparql_arena *arena;
	kg_sparql_operation *ops;
	size_t n_ops;
};

/* ---- arena ---------------------------------------------------------- */

kg_sparql_arena *kg_sparql_arena_new(void);
void kg_sparql_arena_free(kg_sparql_arena *a);
/* Zeroed memory that lives as long as `a`, or NULL when memory runs out. */
void *kg_sparql_arena_alloc(kg_sparql_arena *a, size_t size);
/* A copy of the n bytes at s, NUL-terminated, or NULL. */
char *kg_sparql_arena_strndup(kg_sparql_arena *a, const char *s, size_t n);

#endif

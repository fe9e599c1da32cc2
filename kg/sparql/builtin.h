/* builtin.h: one table of SPARQL 1.1's operators, built-in calls and
 * aggregates (kg_sparql_op), read by the parser (names and arity), the
 * printer (names), the evaluator (which forms are lazy) and
 * kg_sparql_call() (the function to call).  The table is in func.c,
 * beside the functions. */
#ifndef KG_SPARQL_BUILTIN_H
#define KG_SPARQL_BUILTIN_H

#include <stddef.h>

#include "sparql/ast.h"
#include "sparql/value.h"

/* A call on evaluated arguments, all borrowed. */
typedef struct {
	kg_sparql_op op;
	const kg_sparql_value *const *a; /* n arguments, none an error */
	size_t n;                        /* within the entry's arity */
	const kg_sparql_fn_ctx *ctx;     /* may be NULL */
} kg_sparql_call_args;

/* Returns a new value (an error value for a type error), or NULL when
 * memory runs out. */
typedef kg_sparql_value *kg_sparql_fn(const kg_sparql_call_args *c);

enum {
	/* Written with symbols or keywords (+, IN, EXISTS), never called
	 * by `name`, which is only printed. */
	KG_SPARQL_FN_OPERATOR = 1 << 0,
	/* An aggregate: parsed with DISTINCT and SEPARATOR, evaluated by
	 * eval_group.c. */
	KG_SPARQL_FN_AGGREGATE = 1 << 1,
	/* Its arguments are not all evaluated first (BOUND, IF, COALESCE,
	 * BNODE, IN, EXISTS, AND, OR): eval_expr.c evaluates it; no fn. */
	KG_SPARQL_FN_LAZY = 1 << 2,
	/* Its one argument is a variable, not an expression (BOUND). */
	KG_SPARQL_FN_VAR_ARG = 1 << 3
};

typedef struct {
	kg_sparql_op op;
	/* As the grammar spells it (upper case but for sameTerm and the
	 * isX tests), or the operator as printed ("+", "notin"). */
	const char *name;
	int min_args, max_args; /* max_args < 0: no upper bound */
	unsigned flags;         /* KG_SPARQL_FN_* */
	kg_sparql_fn *fn;       /* NULL for lazy forms and aggregates */
} kg_sparql_builtin;

/* The entry of op (every kg_sparql_op has one; borrowed, static), or
 * NULL for a value outside the enum. */
const kg_sparql_builtin *kg_sparql_builtin_of(kg_sparql_op op);

/* The built-in call or aggregate named `name`, compared without case
 * (operators are not found), or NULL. */
const kg_sparql_builtin *kg_sparql_builtin_named(const char *name);

#endif

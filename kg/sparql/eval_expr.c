/* eval_expr.c: expressions on a solution.  The functions of section 17
 * live in value.c and func.c; here are those that need the solution or
 * the evaluator: variables, the lazy operators (&&, ||, IN, IF,
 * COALESCE, BOUND), EXISTS and BNODE. */
#include "sparql/eval_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kg_sparql_value *
copy_id(kg_eval *ev, kg_id id)
{
	if (!id)
		return kg_sparql_value_error();
	const kg_sparql_value *v = kg_eval_value(ev, id);
	return v ? kg_sparql_value_copy(v) : NULL;
}

/* The id bound to the variable of a TERM expression, or 0. */
static kg_id
var_id(kg_eval *ev, const kg_alg_expr *e, const kg_id *row)
{
	if (!row)
		return 0;
	int slot = kg_eval_var(ev, e->term.value);
	return slot < 0 ? 0 : row[slot];
}

/* IN and NOT IN (17.4.1.9, 17.4.1.10). */
static kg_sparql_value *
in(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	int negate = e->op == KG_SPARQL_EX_NOT_IN;
	kg_sparql_value *x = kg_eval_expr(ev, e->args[0], row, graph);
	if (!x)
		return NULL;
	if (kg_sparql_value_is_error(x)) {
		kg_sparql_value_free(x);
		return kg_sparql_value_error();
	}
	int error = 0;
	for (size_t i = 1; i < e->n_args; i++) {
		kg_sparql_value *y = kg_eval_expr(ev, e->args[i], row, graph);
		if (!y) {
			kg_sparql_value_free(x);
			return NULL;
		}
		int eq = kg_sparql_value_is_error(y) ? -1
		                                     : kg_sparql_value_equal(x, y);
		kg_sparql_value_free(y);
		if (eq == 1) {
			kg_sparql_value_free(x);
			return kg_sparql_value_boolean(!negate);
		}
		if (eq < 0)
			error = 1;
	}
	kg_sparql_value_free(x);
	return error ? kg_sparql_value_error() : kg_sparql_value_boolean(negate);
}

static kg_sparql_value *
exists(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	/* The row's values are substituted into the pattern: a FILTER
	 * inside sees them, as if they were written there.  The iterator
	 * is read and freed before `subst` is restored, so every operator
	 * it opens sees it. */
	ev_impl *im = ev->impl;
	const kg_id *outer = im->subst;
	im->subst = row;
	kg_iter *it = kg_eval_op(ev, e->pattern, row, graph);
	kg_id *scratch = malloc((ev->width ? ev->width : 1) * sizeof *scratch);
	kg_status st = !it ? KG_ERR_NOMEM
	               : scratch ? it->next(it, scratch) : KG_ERR_NOMEM;
	free(scratch);
	kg_iter_free(it);
	im->subst = outer;
	if (st != KG_OK && st != KG_DONE)
		return NULL;
	return kg_sparql_value_boolean(st == KG_OK);
}

/* BNODE() is a new blank node per call; BNODE(str) the same node for the
 * same string within one solution, a different one in another. */
static kg_sparql_value *
bnode(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	if (!e->n_args) {
		kg_id id = kg_eval_fresh_blank(ev);
		return id ? copy_id(ev, id) : NULL;
	}
	kg_sparql_value *s = kg_eval_expr(ev, e->args[0], row, graph);
	if (!s)
		return NULL;
	if (s->kind != KG_SPARQL_V_LITERAL ||
	    (s->type != KG_SPARQL_T_STRING)) {
		kg_sparql_value_free(s);
		return kg_sparql_value_error();
	}
	/* One solution: the row without what BIND and SELECT expressions
	 * added to it, which differ between two BNODE calls of one
	 * solution (SELECT (BNODE(?s) AS ?a) (BNODE(?s) AS ?b)). */
	ev_impl *im = ev->impl;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t v = 0; row && v < ev->width; v++)
		if (!im->extended[v])
			h = kg_hash_mix(h ^ row[v]) + v;
	h = kg_hash_mix(kg_hash_bytes(h, s->lex, strlen(s->lex)));
	char label[96];
	snprintf(label, sizeof label, "%sn%016llx", im->blank_prefix,
	         (unsigned long long)h);
	kg_sparql_value_free(s);
	return kg_sparql_value_blank(label);
}

/* The shared error value, for results that need no allocation. */
static char no_text[1];
static const kg_sparql_value error_value = {KG_SPARQL_V_ERROR, no_text, NULL,
                                            NULL, KG_SPARQL_T_OTHER, 0, 0, 0,
                                            {0}};

static kg_sparql_value *eval_owned(kg_eval *ev, const kg_alg_expr *e,
                                   const kg_id *row, kg_id graph);

/* Evaluates e; the result is borrowed (variables, constants, errors)
 * when *owned is left NULL, else *owned is the result, for the caller
 * to free.  NULL when evaluation failed. */
static const kg_sparql_value *
eval_b(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph,
       kg_sparql_value **owned)
{
	*owned = NULL;
	if (e->op == KG_SPARQL_EX_TERM) {
		kg_id id;
		if (e->term.kind == KG_SPARQL_TERM_VAR)
			id = var_id(ev, e, row);
		else if (!(id = kg_eval_const(ev, &e->term)))
			return NULL;
		if (!id)
			return &error_value;
		return kg_eval_value(ev, id);
	}
	return *owned = eval_owned(ev, e, row, graph);
}

/* The effective boolean value of e without building values where it
 * can: 1, 0, -1 for an error, -2 when evaluation failed. */
static int
truth(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	switch (e->op) {
	case KG_SPARQL_EX_AND:
	case KG_SPARQL_EX_OR: {
		int decide = e->op == KG_SPARQL_EX_OR, error = 0;
		for (size_t i = 0; i < e->n_args; i++) {
			int b = truth(ev, e->args[i], row, graph);
			if (b == -2 || b == decide)
				return b;
			if (b < 0)
				error = 1;
		}
		return error ? -1 : !decide;
	}
	case KG_SPARQL_EX_NOT: {
		int b = truth(ev, e->args[0], row, graph);
		return b < 0 ? b : !b;
	}
	case KG_SPARQL_EX_BOUND:
		return e->args[0]->op == KG_SPARQL_EX_TERM &&
		       e->args[0]->term.kind == KG_SPARQL_TERM_VAR &&
		       var_id(ev, e->args[0], row) != 0;
	case KG_SPARQL_EX_EQ:
	case KG_SPARQL_EX_NE:
	case KG_SPARQL_EX_LT:
	case KG_SPARQL_EX_GT:
	case KG_SPARQL_EX_LE:
	case KG_SPARQL_EX_GE: {
		kg_sparql_value *oa, *ob;
		const kg_sparql_value *a = eval_b(ev, e->args[0], row, graph, &oa);
		if (!a)
			return -2;
		const kg_sparql_value *b = eval_b(ev, e->args[1], row, graph, &ob);
		if (!b) {
			kg_sparql_value_free(oa);
			return -2;
		}
		int r;
		if (kg_sparql_value_is_error(a) || kg_sparql_value_is_error(b)) {
			r = -1;
		} else if (e->op == KG_SPARQL_EX_EQ || e->op == KG_SPARQL_EX_NE) {
			r = kg_sparql_value_equal(a, b);
			if (r >= 0 && e->op == KG_SPARQL_EX_NE)
				r = !r;
		} else {
			int c;
			if (kg_sparql_value_compare(a, b, &c))
				r = -1;
			else if (c == 2) /* NaN */
				r = 0;
			else if (e->op == KG_SPARQL_EX_LT)
				r = c < 0;
			else if (e->op == KG_SPARQL_EX_GT)
				r = c > 0;
			else if (e->op == KG_SPARQL_EX_LE)
				r = c <= 0;
			else
				r = c >= 0;
		}
		kg_sparql_value_free(oa);
		kg_sparql_value_free(ob);
		return r;
	}
	default: {
		kg_sparql_value *o;
		const kg_sparql_value *v = eval_b(ev, e, row, graph, &o);
		if (!v)
			return -2;
		int b = kg_sparql_value_ebv(v);
		kg_sparql_value_free(o);
		return b;
	}
	}
}

kg_sparql_value *
kg_eval_expr(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	kg_sparql_value *o;
	const kg_sparql_value *v = eval_b(ev, e, row, graph, &o);
	if (!v || o)
		return o;
	return kg_sparql_value_copy(v);
}

/* Evaluates an expression that is not a TERM into a new value. */
static kg_sparql_value *
eval_owned(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	/* Operators check for an interrupt only between rows, but one row
	 * can cost without bound: CONCAT(?a, ?a) through nested subqueries
	 * doubles a string per level (found by fuzz/fuzz_eval.c). */
	if (ev->db->interrupted) {
		kg_db_error(ev->db, KG_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
		return NULL;
	}
	switch (e->op) {
	case KG_SPARQL_EX_OR:
	case KG_SPARQL_EX_AND:
	case KG_SPARQL_EX_NOT:
	case KG_SPARQL_EX_BOUND:
	case KG_SPARQL_EX_EQ:
	case KG_SPARQL_EX_NE:
	case KG_SPARQL_EX_LT:
	case KG_SPARQL_EX_GT:
	case KG_SPARQL_EX_LE:
	case KG_SPARQL_EX_GE: {
		int b = truth(ev, e, row, graph);
		if (b == -2)
			return NULL;
		return b < 0 ? kg_sparql_value_error() : kg_sparql_value_boolean(b);
	}
	case KG_SPARQL_EX_IN:
	case KG_SPARQL_EX_NOT_IN:
		return in(ev, e, row, graph);
	case KG_SPARQL_EX_IF: {
		int b = truth(ev, e->args[0], row, graph);
		if (b == -2)
			return NULL;
		if (b < 0)
			return kg_sparql_value_error();
		return kg_eval_expr(ev, e->args[b ? 1 : 2], row, graph);
	}
	case KG_SPARQL_EX_COALESCE:
		for (size_t i = 0; i < e->n_args; i++) {
			kg_sparql_value *v = kg_eval_expr(ev, e->args[i], row, graph);
			if (!v || !kg_sparql_value_is_error(v))
				return v;
			kg_sparql_value_free(v);
		}
		return kg_sparql_value_error();
	case KG_SPARQL_EX_EXISTS:
		return exists(ev, e, row, graph);
	case KG_SPARQL_EX_NOT_EXISTS: {
		kg_sparql_value *v = exists(ev, e, row, graph);
		if (!v)
			return NULL;
		int b = (int)v->i;
		kg_sparql_value_free(v);
		return kg_sparql_value_boolean(!b);
	}
	case KG_SPARQL_EX_BNODE:
		return bnode(ev, e, row, graph);
	default:
		break;
	}
	if (kg_sparql_op_is_aggregate(e->op))
		return kg_sparql_value_error();
	/* Strict functions: evaluate every argument (borrowed where they
	 * can be), then call. */
	const kg_sparql_value *small[4], **args = small;
	kg_sparql_value *osmall[4], **own = osmall;
	if (e->n_args > 4) {
		args = calloc(e->n_args, sizeof *args);
		own = calloc(e->n_args, sizeof *own);
		if (!args || !own) {
			free(args);
			free(own);
			return NULL;
		}
	}
	size_t n = 0;
	kg_sparql_value *r = NULL;
	for (; n < e->n_args; n++) {
		const kg_sparql_value *v = eval_b(ev, e->args[n], row, graph, &own[n]);
		if (!v)
			goto out;
		args[n] = v;
	}
	if (e->op == KG_SPARQL_EX_FUNCTION)
		r = kg_sparql_call_iri(e->iri, args, n, &ev->fn);
	else
		r = kg_sparql_call(e->op, args, n, &ev->fn);
out:
	for (size_t i = 0; i < n; i++)
		kg_sparql_value_free(own[i]);
	if (args != small) {
		free(args);
		free(own);
	}
	return r;
}

int
kg_eval_test(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_id graph)
{
	int b = truth(ev, e, row, graph);
	if (b == -2)
		return -1;
	return b == 1;
}


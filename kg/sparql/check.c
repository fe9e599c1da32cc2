/* check.c: the static rules of SPARQL 1.1 beyond the grammar: variable
 * scope (section 18.2.1) for SELECT expressions and BIND, and grouping
 * (section 11.4) for projections. */
#include "parser.h"

#include <string.h>

int
kg_sparql_vars_has(const kg_sparql_vec *set, const char *var)
{
	const char **v = set->data;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(v[i], var))
			return 1;
	return 0;
}

void
kg_sparql_vars_add(kg_sparql_parser *p, kg_sparql_vec *set, const char *var)
{
	if (!kg_sparql_vars_has(set, var))
		*(const char **)kg_sparql_vec_push(p, set, sizeof var) = var;
}

static void
term_var(kg_sparql_parser *p, const kg_sparql_term *t, kg_sparql_vec *set)
{
	if (t->kind == KG_SPARQL_TERM_VAR)
		kg_sparql_vars_add(p, set, t->value);
}

void
kg_sparql_pattern_scope(kg_sparql_parser *p, const kg_sparql_pattern *pat,
                        kg_sparql_vec *set)
{
	switch (pat->kind) {
	case KG_SPARQL_PAT_BGP:
		for (size_t i = 0; i < pat->n_triples; i++) {
			term_var(p, &pat->triples[i].s, set);
			term_var(p, &pat->triples[i].p, set);
			term_var(p, &pat->triples[i].o, set);
		}
		return;
	case KG_SPARQL_PAT_GRAPH:
	case KG_SPARQL_PAT_SERVICE:
		term_var(p, &pat->name, set);
		/* fall through */
	case KG_SPARQL_PAT_GROUP:
	case KG_SPARQL_PAT_OPTIONAL:
	case KG_SPARQL_PAT_UNION:
		for (size_t i = 0; i < pat->n_elems; i++)
			kg_sparql_pattern_scope(p, pat->elems[i], set);
		return;
	case KG_SPARQL_PAT_MINUS:
	case KG_SPARQL_PAT_FILTER:
		return;
	case KG_SPARQL_PAT_BIND:
		kg_sparql_vars_add(p, set, pat->var);
		return;
	case KG_SPARQL_PAT_VALUES:
		for (size_t i = 0; i < pat->values->n_vars; i++)
			kg_sparql_vars_add(p, set, pat->values->vars[i]);
		return;
	case KG_SPARQL_PAT_SUBSELECT: {
		const kg_sparql_query *q = pat->sub;
		if (q->star) {
			kg_sparql_pattern_scope(p, q->where, set);
			if (q->values)
				for (size_t i = 0; i < q->values->n_vars; i++)
					kg_sparql_vars_add(p, set, q->values->vars[i]);
		}
		for (size_t i = 0; i < q->n_project; i++)
			kg_sparql_vars_add(p, set, q->project[i].var);
		return;
	}
	}
}

static int
term_is(const kg_sparql_term *t, const char *var)
{
	return t->kind == KG_SPARQL_TERM_VAR && !strcmp(t->value, var);
}

/* Whether `var` is in scope of `pat`: the same rules as
 * kg_sparql_pattern_scope(), for one variable, without building a set
 * (BIND checks each of a group's earlier elements, and building their
 * whole scope for every BIND made a long group cubic in time). */
int
kg_sparql_pattern_binds(const kg_sparql_pattern *pat, const char *var)
{
	switch (pat->kind) {
	case KG_SPARQL_PAT_BGP:
		for (size_t i = 0; i < pat->n_triples; i++)
			if (term_is(&pat->triples[i].s, var) ||
			    term_is(&pat->triples[i].p, var) ||
			    term_is(&pat->triples[i].o, var))
				return 1;
		return 0;
	case KG_SPARQL_PAT_GRAPH:
	case KG_SPARQL_PAT_SERVICE:
		if (term_is(&pat->name, var))
			return 1;
		/* fall through */
	case KG_SPARQL_PAT_GROUP:
	case KG_SPARQL_PAT_OPTIONAL:
	case KG_SPARQL_PAT_UNION:
		for (size_t i = 0; i < pat->n_elems; i++)
			if (kg_sparql_pattern_binds(pat->elems[i], var))
				return 1;
		return 0;
	case KG_SPARQL_PAT_MINUS:
	case KG_SPARQL_PAT_FILTER:
		return 0;
	case KG_SPARQL_PAT_BIND:
		return !strcmp(pat->var, var);
	case KG_SPARQL_PAT_VALUES:
		for (size_t i = 0; i < pat->values->n_vars; i++)
			if (!strcmp(pat->values->vars[i], var))
				return 1;
		return 0;
	case KG_SPARQL_PAT_SUBSELECT: {
		const kg_sparql_query *q = pat->sub;
		if (q->star) {
			if (kg_sparql_pattern_binds(q->where, var))
				return 1;
			if (q->values)
				for (size_t i = 0; i < q->values->n_vars; i++)
					if (!strcmp(q->values->vars[i], var))
						return 1;
		}
		for (size_t i = 0; i < q->n_project; i++)
			if (!strcmp(q->project[i].var, var))
				return 1;
		return 0;
	}
	}
	return 0;
}

/* The first variable of `e` outside aggregates that is not in `ok`. */
static const char *
ungrouped(const kg_sparql_expr *e, const kg_sparql_vec *ok)
{
	if (kg_sparql_op_is_aggregate(e->op))
		return NULL;
	if (e->op == KG_SPARQL_EX_TERM) {
		if (e->term.kind == KG_SPARQL_TERM_VAR &&
		    !kg_sparql_vars_has(ok, e->term.value))
			return e->term.value;
		return NULL;
	}
	for (size_t i = 0; i < e->n_args; i++) {
		const char *v = ungrouped(e->args[i], ok);
		if (v)
			return v;
	}
	return NULL;
}

void
kg_sparql_check_select(kg_sparql_parser *p, kg_sparql_query *q,
                       const kg_sparql_token *at)
{
	kg_sparql_vec scope = {0}, projected = {0};
	kg_sparql_token here = *at;
	kg_sparql_pattern_scope(p, q->where, &scope);
	for (size_t i = 0; i < q->n_project; i++) {
		const kg_sparql_binding *b = &q->project[i];
		here.line = b->line;
		here.col = b->col;
		if (b->expr && (kg_sparql_vars_has(&scope, b->var) ||
		                kg_sparql_vars_has(&projected, b->var)))
			kg_sparql_fail(p, &here, "SELECT (... AS ?%s): ?%s is already "
			               "in scope", b->var, b->var);
		kg_sparql_vars_add(p, &projected, b->var);
	}
	if (!q->aggregated)
		return;
	if (q->star)
		kg_sparql_fail(p, at, "SELECT * is not allowed with GROUP BY or "
		               "aggregates");
	kg_sparql_vec grouped = {0};
	for (size_t i = 0; i < q->n_group_by; i++) {
		const kg_sparql_binding *g = &q->group_by[i];
		if (g->var)
			kg_sparql_vars_add(p, &grouped, g->var);
		else if (g->expr->op == KG_SPARQL_EX_TERM &&
		         g->expr->term.kind == KG_SPARQL_TERM_VAR)
			kg_sparql_vars_add(p, &grouped, g->expr->term.value);
	}
	for (size_t i = 0; i < q->n_project; i++) {
		const kg_sparql_binding *b = &q->project[i];
		const char *bad = NULL;
		if (!b->expr) {
			if (!kg_sparql_vars_has(&grouped, b->var))
				bad = b->var;
		} else {
			bad = ungrouped(b->expr, &grouped);
		}
		here.line = b->line;
		here.col = b->col;
		if (bad)
			kg_sparql_fail(p, &here, "?%s is projected but neither "
			               "grouped nor aggregated", bad);
		kg_sparql_vars_add(p, &grouped, b->var);
	}
}

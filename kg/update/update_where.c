/* update_where.c: DELETE/INSERT ... WHERE and DELETE WHERE, on kg's
 * evaluator (sparql/eval.h).
 *
 * Section 3.1.3 of SPARQL 1.1 Update: the WHERE is evaluated first and
 * whole; then the delete template, instantiated with every solution, is
 * removed, and the insert template added.  A template triple with an
 * unbound variable, or that instantiates to something that is not RDF,
 * is skipped; blank nodes of the insert template are fresh for each
 * solution.  The solutions are kept as term ids (four per quad), so a
 * request touching a million triples holds 16 MB of ids, not terms.
 */
#include "update/update.h"
#include "sparql/eval.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	kg_id *ids; /* s, p, o, g per quad; g 0: the default graph */
	size_t n, cap;
} quad_list;

static int
quad_push(quad_list *l, const kg_id q[4])
{
	if (l->n == l->cap &&
	    kg_grow(&l->ids, &l->cap, l->n + 1, 4 * sizeof *l->ids))
		return -1;
	memcpy(l->ids + 4 * l->n++, q, 4 * sizeof *q);
	return 0;
}

/* The blank nodes of the insert template, fresh for one solution. */
typedef struct {
	const char **label;
	kg_id *id;
	size_t n, cap;
} fresh_map;

static kg_id
fresh_blank(kg_eval *ev, fresh_map *m, const char *label)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->label[i], label))
			return m->id[i];
	if (m->n == m->cap) {
		/* Two arrays, one capacity: it changes only once both have
		 * grown (a label array grown alone is merely roomier). */
		size_t cap_label = m->cap, cap_id = m->cap;
		if (kg_grow(&m->label, &cap_label, m->n + 1, sizeof *m->label) ||
		    kg_grow(&m->id, &cap_id, m->n + 1, sizeof *m->id))
			return 0;
		m->cap = cap_id;
	}
	/* Not kg_eval_fresh_blank(): its labels start again with each
	 * evaluation, and the operations of one request are several.  The
	 * store's own fresh labels ("SCOPE-uN", as INSERT DATA's) are
	 * unique for as long as it is open. */
	char *fresh = NULL;
	kg_db *db = ev->db;
	if (asprintf(&fresh, "%s-u%lu", db->session_scope,
	             ++db->update_bnodes) < 0)
		return 0;
	kg_term t = {KG_TERM_BLANK, fresh, NULL, NULL};
	kg_id id = kg_eval_intern(ev, &t);
	free(fresh);
	if (id) {
		m->label[m->n] = label;
		m->id[m->n++] = id;
	}
	return id;
}

/* The id of template term `t` in solution `row`: 0 when unbound (the
 * triple is skipped).  *nomem is set when memory ran out. */
static kg_id
term_id(kg_eval *ev, const kg_sparql_term *t, const kg_id *row,
        fresh_map *fresh, int *nomem)
{
	kg_id id = 0;
	if (t->kind == KG_SPARQL_TERM_VAR) {
		int slot = kg_eval_var(ev, t->value);
		return slot < 0 ? 0 : row[slot];
	}
	if (t->kind == KG_SPARQL_TERM_BLANK)
		id = fresh_blank(ev, fresh, t->value);
	else
		id = kg_eval_intern_sparql(ev, t);
	if (!id)
		*nomem = 1;
	return id;
}

/* Instantiates the template for one solution into `out`. */
static kg_status
instantiate(kg_eval *ev, const kg_sparql_triple *tpl, size_t n,
            const kg_id *row, kg_id with, quad_list *out)
{
	fresh_map fresh = {NULL, NULL, 0, 0};
	int nomem = 0;
	for (size_t i = 0; i < n && !nomem; i++) {
		const kg_sparql_triple *t = &tpl[i];
		kg_id q[4];
		q[0] = term_id(ev, &t->s, row, &fresh, &nomem);
		q[1] = term_id(ev, &t->p, row, &fresh, &nomem);
		q[2] = term_id(ev, &t->o, row, &fresh, &nomem);
		q[3] = t->g.kind == KG_SPARQL_TERM_NONE
		       ? with : term_id(ev, &t->g, row, &fresh, &nomem);
		int unbound = !q[0] || !q[1] || !q[2] ||
		              (t->g.kind != KG_SPARQL_TERM_NONE && !q[3]);
		if (!nomem && !unbound && quad_push(out, q))
			nomem = 1;
	}
	free(fresh.label);
	free(fresh.id);
	return nomem ? kg_db_error(ev->db, KG_ERR_NOMEM, NULL, 0, 0,
	                           "out of memory") : KG_OK;
}

static kg_status
apply(kg_upd *u, kg_eval *ev, const quad_list *l, int insert)
{
	kg_status st = KG_OK;
	for (size_t i = 0; !st && i < l->n; i++) {
		const kg_id *id = l->ids + 4 * i;
		const kg_term *q[4];
		for (int k = 0; k < 4; k++)
			if (!(q[k] = id[k] ? kg_eval_term(ev, id[k]) : NULL) && id[k])
				return ev->db->err_status ? ev->db->err_status
				                          : KG_ERR_NOMEM;
		st = insert ? kg_upd_add(u, q) : kg_upd_remove(u, q);
	}
	return st;
}

/* How many solutions `where` has over the union of every graph: asked
 * when it had none in the unnamed default graph, so that a request that
 * missed the data `kg load` put in named graphs can say where it is. */
static kg_status
count_in_all_graphs(kg_upd *u, const kg_alg *where, uint64_t *n)
{
	kg_eval_dataset ds;
	memset(&ds, 0, sizeof ds);
	ds.deflt = KG_EVAL_DEFAULT_UNION;
	kg_eval *ev = NULL;
	kg_status st = kg_eval_new(u->db, where, &ds, NULL, 0, u->base, &ev);
	if (st)
		return st;
	ev->allow_service = !(u->flags & KG_UPDATE_NO_SERVICE);
	kg_id *row = calloc(ev->width ? ev->width : 1, sizeof *row);
	kg_iter *it = row ? kg_eval_op(ev, where, NULL, 0) : NULL;
	if (!it)
		st = u->db->err_status ? u->db->err_status
		     : kg_db_error(u->db, KG_ERR_NOMEM, NULL, 0, 0,
		                   "out of memory");
	while (it && (st = it->next(it, row)) == KG_OK)
		++*n;
	if (st == KG_DONE)
		st = KG_OK;
	kg_iter_free(it);
	free(row);
	kg_eval_free(ev);
	return st;
}

kg_status
kg_upd_where(kg_upd *u, const kg_sparql_operation *op, const kg_alg *where)
{
	/* The WHERE's dataset: USING and USING NAMED, as FROM and FROM
	 * NAMED would make it; else the WITH graph; else the store's
	 * unnamed default graph, with every named graph for GRAPH. */
	kg_eval_dataset ds;
	memset(&ds, 0, sizeof ds);
	const char *with[1] = {op->with};
	if (op->n_using || op->n_using_named) {
		kg_eval_dataset_of(&ds, op->using, op->n_using, op->using_named,
		                   op->n_using_named);
	} else if (op->with) {
		ds.deflt = KG_EVAL_DEFAULT_FROM;
		ds.from = with;
		ds.n_from = 1;
	} else {
		ds.deflt = KG_EVAL_DEFAULT_ONLY;
	}
	kg_eval *ev = NULL;
	kg_status st = kg_eval_new(u->db, where, &ds, NULL, 0, u->base, &ev);
	if (st)
		return st;
	ev->allow_service = !(u->flags & KG_UPDATE_NO_SERVICE);
	quad_list del = {NULL, 0, 0}, ins = {NULL, 0, 0};
	kg_id *row = calloc(ev->width ? ev->width : 1, sizeof *row);
	kg_sparql_term with_term = {KG_SPARQL_TERM_IRI, op->with, NULL, NULL};
	kg_id with_id = op->with ? kg_eval_intern_sparql(ev, &with_term) : 0;
	kg_iter *it = row && (!op->with || with_id)
	              ? kg_eval_op(ev, where, NULL, 0) : NULL;
	if (!it) {
		st = u->db->err_status ? u->db->err_status
		     : kg_db_error(u->db, KG_ERR_NOMEM, NULL, 0, 0,
		                   "out of memory");
		goto out;
	}
	/* Every solution before any change. */
	uint64_t solutions = 0;
	while ((st = it->next(it, row)) == KG_OK) {
		solutions++;
		st = instantiate(ev, op->delete_quads, op->n_delete, row, with_id,
		                 &del);
		if (!st)
			st = instantiate(ev, op->insert_quads, op->n_insert, row,
			                 with_id, &ins);
		if (st)
			break;
	}
	kg_iter_free(it);
	if (st == KG_DONE && !solutions && ds.deflt == KG_EVAL_DEFAULT_ONLY)
		st = count_in_all_graphs(u, where, &u->stats.named_solutions);
	if (st == KG_DONE || st == KG_OK)
		st = apply(u, ev, &del, 0);
	if (!st)
		st = apply(u, ev, &ins, 1);
out:
	free(row);
	free(del.ids);
	free(ins.ids);
	kg_eval_free(ev);
	return st;
}

/* eval_path.c: property path patterns, Path(X, P, Y) of SPARQL 1.1
 * sections 9.3 and 18.4, over the store through kg_eval_match.
 *
 * A path is walked from one node: a walk yields the nodes the path
 * reaches from it, as a multiset with the specification's
 * multiplicities.  seq is a join (multiplicities multiply), alt a union
 * (they add); ZeroOrOne, ZeroOrMore and OneOrMore are sets per start
 * (the ALP function of 18.4 and its visited set), and so is each
 * direction of a negated property set, which 18.4 defines as
 * { mu | exists a triple ... }.
 *
 * inv() is removed before walking: inv(seq(P, Q)) is seq(inv Q, inv P),
 * inv of alt and of the repetitions goes inside, and a link or a
 * negated set walked backward reads triples from object to subject.
 * Walking Path(X, P, Y) from Y is then walking inv(P) from Y.
 *
 * The walk starts from the bound end: a constant of the query first,
 * then a variable that the input row binds.  With both ends free, the
 * starts are the nodes a first step can leave (the subjects of a link,
 * say), or every node of the graph when the path can be zero-length.
 *
 * The zero-length rule.  A zero-length step from a term written in the
 * query reaches that term whatever the graph holds (:a :p* ?x gives
 * ?x = :a even when no triple mentions :a).  With both ends variables,
 * 18.4 ranges over nodes(G): a variable bound by the input row (VALUES,
 * a join) is still a variable of the pattern, so a zero-length step
 * from a value that no triple of the graph holds reaches nothing
 * (sparql11/property-path values_and_path).  The same holds inside a
 * path for the fresh variable between the steps of a seq.  A walk that
 * starts from a variable towards a variable therefore yields nothing
 * at all from a node outside the graph: a step along a triple would
 * put the node in the graph, and a zero-length step is not allowed.
 *
 * Memory: one start's walk keeps the nodes it has reached (the closure
 * of that start); the starts of a walk with both ends free are a set
 * of nodes.  Nothing holds the closure of the whole graph.
 */
#include "sparql/eval_impl.h"

#include <stdlib.h>
#include <string.h>

static kg_status
nomem(kg_eval *ev)
{
	return kg_db_error(ev->db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* ---- sets of ids ---------------------------------------------------------- */

/* A growing array of ids. */
typedef struct {
	kg_id *ids;
	size_t n, cap;
} id_vec;

static int
id_vec_push(id_vec *v, kg_id id)
{
	if (v->n == v->cap && kg_grow(&v->ids, &v->cap, v->n + 1, sizeof *v->ids))
		return -1;
	v->ids[v->n++] = id;
	return 0;
}

/* ---- paths with inv() pushed to the leaves ------------------------------ */

typedef struct cpath cpath;
struct cpath {
	kg_alg_path_kind kind; /* never INV */
	int backward;          /* LINK, NPS: from object to subject */
	int nullable;          /* may match a zero-length path */
	kg_id iri;             /* LINK */
	kg_id *ids;            /* NPS: the predicates left out */
	size_t n_ids;
	cpath **args;
	size_t n_args;
};

static void
cpath_free(cpath *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_args; i++)
		cpath_free(c->args[i]);
	free(c->args);
	free(c->ids);
	free(c);
}

static kg_id
intern_iri(kg_eval *ev, const char *iri)
{
	kg_term t = {KG_TERM_IRI, iri, NULL, NULL};
	return kg_eval_intern(ev, &t);
}

/* `p` walked forward, or backward when `inv`; NULL when memory runs out
 * (recorded).  The parser bounds the nesting, hence the recursion. */
static cpath *
compile(kg_eval *ev, const kg_alg_path *p, int inv)
{
	while (p->kind == KG_ALG_PATH_INV) {
		p = p->args[0];
		inv = !inv;
	}
	cpath *c = calloc(1, sizeof *c);
	if (!c)
		return nomem(ev), NULL;
	c->kind = p->kind;
	c->backward = inv;
	switch (p->kind) {
	case KG_ALG_PATH_LINK:
		if (!(c->iri = intern_iri(ev, p->iri)))
			goto fail;
		return c;
	case KG_ALG_PATH_NPS:
		if (p->n_iris && !(c->ids = calloc(p->n_iris, sizeof *c->ids)))
			goto nomem;
		for (size_t i = 0; i < p->n_iris; i++)
			if (!(c->ids[c->n_ids++] = intern_iri(ev, p->iris[i])))
				goto fail;
		return c;
	default:
		break;
	}
	c->args = calloc(p->n_args, sizeof *c->args);
	if (!c->args)
		goto nomem;
	for (size_t i = 0; i < p->n_args; i++) {
		/* inv(seq(P, Q)) is seq(inv(Q), inv(P)) */
		size_t from = inv && p->kind == KG_ALG_PATH_SEQ
		                      ? p->n_args - 1 - i : i;
		if (!(c->args[i] = compile(ev, p->args[from], inv)))
			goto fail;
		c->n_args++;
	}
	switch (p->kind) {
	case KG_ALG_PATH_SEQ:
		c->nullable = 1;
		for (size_t i = 0; i < c->n_args; i++)
			c->nullable &= c->args[i]->nullable;
		break;
	case KG_ALG_PATH_ALT:
		for (size_t i = 0; i < c->n_args; i++)
			c->nullable |= c->args[i]->nullable;
		break;
	case KG_ALG_PATH_ONE_OR_MORE:
		c->nullable = c->args[0]->nullable;
		break;
	default: /* ZeroOrMore, ZeroOrOne */
		c->nullable = 1;
	}
	return c;
nomem:
	nomem(ev);
fail:
	cpath_free(c);
	return NULL;
}

/* ---- walks ---------------------------------------------------------------- */

/* What the walks of one Path share. */
typedef struct {
	kg_eval *ev;
	kg_id graph;
	kg_id_set in_graph, not_in_graph; /* nodes already looked up */
} path_ctx;

/* Whether a triple of the active graph holds `id`, in *in. */
static kg_status
node_in_graph(path_ctx *pc, kg_id id, int *in)
{
	*in = kg_id_set_has(&pc->in_graph, id);
	if (*in || kg_id_set_has(&pc->not_in_graph, id))
		return KG_OK;
	for (int end = 0; end < 2 && !*in; end++) {
		kg_eval_match *m;
		kg_id t[3];
		kg_status st = kg_eval_match_new(pc->ev, end ? 0 : id, 0,
		                                 end ? id : 0, pc->graph, &m);
		if (!st)
			st = kg_eval_match_next(m, t);
		kg_eval_match_free(m);
		if (st == KG_OK)
			*in = 1;
		else if (st != KG_DONE)
			return st;
	}
	if (kg_id_set_add(*in ? &pc->in_graph : &pc->not_in_graph, id) < 0)
		return nomem(pc->ev);
	return KG_OK;
}

typedef struct walk walk;
struct walk {
	path_ctx *pc;
	const cpath *p;
	kg_id from;
	int end_var;          /* the far end is a variable */
	int empty;            /* yields nothing (zero-length rule) */
	int started;
	kg_eval_match *m;     /* LINK, NPS */
	walk **subs;          /* SEQ: a stack, subs[i] walks args[i] */
	size_t depth;         /* SEQ: walks on the stack; ALT: next arg */
	walk *sub;            /* ALT, ZERO_OR_ONE: the current walk; ALP:
	                         the walk from the node being expanded */
	kg_id_set seen;          /* NPS, ZERO_OR_ONE, ALP: ends yielded */
	id_vec queue;         /* ALP: nodes reached, expanded in order */
	size_t qhead;
};

static void
walk_free(walk *w)
{
	if (!w)
		return;
	kg_eval_match_free(w->m);
	if (w->subs) {
		for (size_t i = 0; i < w->depth; i++)
			walk_free(w->subs[i]);
		free(w->subs);
	}
	walk_free(w->sub);
	kg_id_set_free(&w->seen);
	free(w->queue.ids);
	free(w);
}

/* A walk of `p` from `from`.  `from_var`: the start is a variable of
 * the pattern (bound by the input or by an earlier step), `end_var`:
 * so is the far end; both make the zero-length rule apply. */
static kg_status
walk_new(path_ctx *pc, const cpath *p, kg_id from, int from_var,
         int end_var, walk **out)
{
	kg_eval *ev = pc->ev;
	*out = NULL;
	walk *w = calloc(1, sizeof *w);
	if (!w)
		return nomem(ev);
	w->pc = pc;
	w->p = p;
	w->from = from;
	w->end_var = end_var;
	/* Only a path that can be zero-length yields anything without a
	 * triple at `from`, so only then is the graph asked. */
	if (from_var && end_var && p->nullable) {
		int in;
		kg_status st = node_in_graph(pc, from, &in);
		if (st) {
			free(w);
			return st;
		}
		w->empty = !in;
	}
	kg_status st = KG_OK;
	if (w->empty) {
		*out = w;
		return KG_OK;
	}
	switch (p->kind) {
	case KG_ALG_PATH_LINK:
		st = p->backward
		        ? kg_eval_match_new(ev, 0, p->iri, from, pc->graph, &w->m)
		        : kg_eval_match_new(ev, from, p->iri, 0, pc->graph, &w->m);
		break;
	case KG_ALG_PATH_NPS:
		st = p->backward
		        ? kg_eval_match_new(ev, 0, 0, from, pc->graph, &w->m)
		        : kg_eval_match_new(ev, from, 0, 0, pc->graph, &w->m);
		break;
	case KG_ALG_PATH_SEQ:
		w->subs = calloc(p->n_args, sizeof *w->subs);
		if (!w->subs) {
			st = nomem(ev);
			break;
		}
		st = walk_new(pc, p->args[0], from, from_var,
		              p->n_args == 1 ? end_var : 1, &w->subs[0]);
		if (!st)
			w->depth = 1;
		break;
	default: /* ALT, ZERO_OR_ONE and ALP start on the first next() */
		break;
	}
	if (st) {
		walk_free(w);
		return st;
	}
	*out = w;
	return KG_OK;
}

static kg_status walk_next(walk *w, kg_id *out);

/* Yields x unless the walk yielded it before. */
static int
first_time(walk *w, kg_id x)
{
	int r = kg_id_set_add(&w->seen, x);
	if (r < 0)
		nomem(w->pc->ev);
	return r;
}

static kg_status
next_step(walk *w, kg_id *out)
{
	const cpath *p = w->p;
	kg_id t[3];
	kg_status st;
	while (!(st = kg_eval_match_next(w->m, t))) {
		if (p->kind == KG_ALG_PATH_NPS) {
			size_t i = 0;
			while (i < p->n_ids && p->ids[i] != t[1])
				i++;
			if (i < p->n_ids)
				continue;
		}
		kg_id x = p->backward ? t[0] : t[2];
		if (p->kind == KG_ALG_PATH_NPS) {
			int r = first_time(w, x);
			if (r < 0)
				return KG_ERR_NOMEM;
			if (!r)
				continue;
		}
		*out = x;
		return KG_OK;
	}
	return st;
}

static kg_status
next_seq(walk *w, kg_id *out)
{
	const cpath *p = w->p;
	while (w->depth) {
		kg_id x;
		kg_status st = walk_next(w->subs[w->depth - 1], &x);
		if (st == KG_DONE) {
			walk_free(w->subs[--w->depth]);
			w->subs[w->depth] = NULL;
			continue;
		}
		if (st)
			return st;
		if (w->depth == p->n_args) {
			*out = x;
			return KG_OK;
		}
		/* the node between two steps is a fresh variable of 18.2.2.4 */
		size_t i = w->depth;
		st = walk_new(w->pc, p->args[i], x, 1,
		              i + 1 == p->n_args ? w->end_var : 1, &w->subs[i]);
		if (st)
			return st;
		w->depth++;
	}
	return KG_DONE;
}

static kg_status
next_alt(walk *w, kg_id *out)
{
	const cpath *p = w->p;
	for (;;) {
		if (!w->sub) {
			if (w->depth == p->n_args)
				return KG_DONE;
			/* from_var: `empty` was settled for the alt as a whole
			 * when it is nullable; an arg that is not cannot leave
			 * a node outside the graph anyway. */
			kg_status st = walk_new(w->pc, p->args[w->depth++], w->from,
			                        0, w->end_var, &w->sub);
			if (st)
				return st;
		}
		kg_status st = walk_next(w->sub, out);
		if (st != KG_DONE)
			return st;
		walk_free(w->sub);
		w->sub = NULL;
	}
}

static kg_status
next_zero_or_one(walk *w, kg_id *out)
{
	if (!w->started) {
		w->started = 1;
		if (first_time(w, w->from) < 0)
			return KG_ERR_NOMEM;
		*out = w->from;
		return KG_OK;
	}
	if (!w->sub) {
		if (w->started == 2)
			return KG_DONE;
		kg_status st = walk_new(w->pc, w->p->args[0], w->from, 0,
		                        w->end_var, &w->sub);
		if (st)
			return st;
	}
	kg_id x;
	kg_status st;
	while (!(st = walk_next(w->sub, &x))) {
		int r = first_time(w, x);
		if (r < 0)
			return KG_ERR_NOMEM;
		if (r) {
			*out = x;
			return KG_OK;
		}
	}
	if (st == KG_DONE) {
		walk_free(w->sub);
		w->sub = NULL;
		w->started = 2;
	}
	return st;
}

/* ZeroOrMore and OneOrMore: breadth first from `from`, each node
 * expanded once; the ends come out as they are first reached. */
static kg_status
next_alp(walk *w, kg_id *out)
{
	kg_eval *ev = w->pc->ev;
	if (!w->started) {
		w->started = 1;
		if (id_vec_push(&w->queue, w->from) < 0)
			return nomem(ev);
		if (w->p->kind == KG_ALG_PATH_ZERO_OR_MORE) {
			if (first_time(w, w->from) < 0)
				return KG_ERR_NOMEM;
			*out = w->from;
			return KG_OK;
		}
	}
	for (;;) {
		if (w->sub) {
			kg_id x;
			kg_status st = walk_next(w->sub, &x);
			if (st == KG_OK) {
				int r = first_time(w, x);
				if (r < 0)
					return KG_ERR_NOMEM;
				if (!r)
					continue;
				/* `from` reached again by a cycle (OneOrMore) is
				 * an end, but it was expanded first. */
				if (x != w->from && id_vec_push(&w->queue, x) < 0)
					return nomem(ev);
				*out = x;
				return KG_OK;
			}
			if (st != KG_DONE)
				return st;
			walk_free(w->sub);
			w->sub = NULL;
		}
		if (w->qhead == w->queue.n)
			return KG_DONE;
		/* ALP(x, P) evaluates Path(x, P, ?v) with x a term */
		kg_status st = walk_new(w->pc, w->p->args[0],
		                        w->queue.ids[w->qhead++], 0, 1, &w->sub);
		if (st)
			return st;
	}
}

/* The next end: KG_OK, KG_DONE or an error (recorded). */
static kg_status
walk_next(walk *w, kg_id *out)
{
	if (w->empty)
		return KG_DONE;
	switch (w->p->kind) {
	case KG_ALG_PATH_LINK:
	case KG_ALG_PATH_NPS:
		return next_step(w, out);
	case KG_ALG_PATH_SEQ:
		return next_seq(w, out);
	case KG_ALG_PATH_ALT:
		return next_alt(w, out);
	case KG_ALG_PATH_ZERO_OR_ONE:
		return next_zero_or_one(w, out);
	case KG_ALG_PATH_ZERO_OR_MORE:
	case KG_ALG_PATH_ONE_OR_MORE:
		return next_alp(w, out);
	case KG_ALG_PATH_INV:
		break;
	}
	return KG_DONE; /* not reached: compile() removes INV */
}

/* ---- the starts of a walk with both ends free ----------------------------- */

/* Adds to `starts` (once each) the nodes a first step of `p` can leave;
 * 1 when that would be every node (p may be zero-length), 0, or an
 * error status as a negative number. */
static int
first_nodes(path_ctx *pc, const cpath *p, kg_id_set *set, id_vec *starts)
{
	if (p->nullable)
		return 1;
	switch (p->kind) {
	case KG_ALG_PATH_SEQ:
	case KG_ALG_PATH_ONE_OR_MORE:
		return first_nodes(pc, p->args[0], set, starts);
	case KG_ALG_PATH_ALT:
		for (size_t i = 0; i < p->n_args; i++) {
			int r = first_nodes(pc, p->args[i], set, starts);
			if (r)
				return r;
		}
		return 0;
	default:
		break;
	}
	/* LINK or NPS: one scan */
	kg_eval_match *m;
	kg_id pred = p->kind == KG_ALG_PATH_LINK ? p->iri : 0;
	kg_status st = kg_eval_match_new(pc->ev, 0, pred, 0, pc->graph, &m);
	kg_id t[3];
	while (!st && !(st = kg_eval_match_next(m, t))) {
		size_t i = 0;
		while (i < p->n_ids && p->ids[i] != t[1])
			i++;
		if (i < p->n_ids)
			continue;
		kg_id x = p->backward ? t[2] : t[0];
		int r = kg_id_set_add(set, x);
		if (r > 0 && id_vec_push(starts, x) < 0)
			r = -1;
		if (r < 0)
			st = nomem(pc->ev);
	}
	kg_eval_match_free(m);
	return st == KG_DONE ? 0 : -(int)st;
}

/* ---- the iterator --------------------------------------------------------- */

typedef struct {
	kg_iter it;
	path_ctx pc;
	cpath *path;        /* compiled in the walking direction */
	kg_id *in;          /* the input row, or zeros */
	size_t width;
	int start_slot;     /* the slot of the start's variable, or -1 */
	int end_slot;       /* the far end's, or -1 */
	kg_id target;       /* the far end's value when bound, else 0 */
	int same;           /* one variable at both ends: end == start */
	int distinct;       /* a start's ends come once each */
	int from_var, end_var;
	kg_id one;          /* the start, when there is one */
	kg_id *starts;
	size_t n_starts, next_start;
	kg_id start;
	walk *w;
} path_iter;

static void
path_iter_free(kg_iter *it)
{
	path_iter *pi = (path_iter *)it;
	walk_free(pi->w);
	cpath_free(pi->path);
	kg_id_set_free(&pi->pc.in_graph);
	kg_id_set_free(&pi->pc.not_in_graph);
	if (pi->starts != &pi->one)
		free(pi->starts);
	free(pi->in);
	free(pi);
}

static kg_status
path_iter_next(kg_iter *it, kg_id *row)
{
	path_iter *pi = (path_iter *)it;
	kg_eval *ev = pi->pc.ev;
	for (;;) {
		if (!pi->w) {
			if (pi->next_start == pi->n_starts)
				return KG_DONE;
			/* a start whose walk yields nothing reads no triple */
			if (ev->db->interrupted)
				return kg_db_error(ev->db, KG_ERR_INTERRUPTED, NULL, 0,
				                   0, "interrupted");
			pi->start = pi->starts[pi->next_start++];
			kg_status st = walk_new(&pi->pc, pi->path, pi->start,
			                        pi->from_var, pi->end_var, &pi->w);
			if (st)
				return st;
		}
		kg_id x;
		kg_status st = walk_next(pi->w, &x);
		if (st == KG_DONE) {
			walk_free(pi->w);
			pi->w = NULL;
			continue;
		}
		if (st)
			return st;
		kg_id want = pi->same ? pi->start : pi->target;
		if (want && x != want)
			continue;
		memcpy(row, pi->in, pi->width * sizeof *row);
		if (pi->start_slot >= 0)
			row[pi->start_slot] = pi->start;
		if (pi->end_slot >= 0)
			row[pi->end_slot] = x;
		/* the one end wanted cannot come again */
		if (want && pi->distinct) {
			walk_free(pi->w);
			pi->w = NULL;
		}
		return KG_OK;
	}
}

/* The slot of a path end that is a variable or a blank node, or -1;
 * -2 on an error (recorded). */
static int
end_slot(kg_eval *ev, const kg_sparql_term *t)
{
	const char *name = t->value;
	if (t->kind == KG_SPARQL_TERM_BLANK &&
	    !(name = kg_eval_blank_var(ev, t->value)))
		return nomem(ev), -2;
	if (t->kind != KG_SPARQL_TERM_VAR && t->kind != KG_SPARQL_TERM_BLANK)
		return -1;
	int slot = kg_eval_var(ev, name);
	if (slot < 0) /* the Path is not part of the evaluation's algebra */
		kg_db_error(ev->db, KG_ERR_QUERY, NULL, 0, 0,
		            "no slot for variable %s", name);
	return slot < 0 ? -2 : slot;
}

kg_iter *
kg_eval_path(kg_eval *ev, const kg_alg *op, const kg_id *in, kg_id graph)
{
	path_iter *pi = calloc(1, sizeof *pi);
	if (!pi)
		return nomem(ev), NULL;
	pi->it.next = path_iter_next;
	pi->it.free = path_iter_free;
	pi->pc.ev = ev;
	pi->pc.graph = graph;
	pi->width = ev->width;
	pi->in = calloc(ev->width ? ev->width : 1, sizeof *pi->in);
	if (!pi->in)
		goto nomem;
	if (in)
		memcpy(pi->in, in, ev->width * sizeof *pi->in);

	int s_slot = end_slot(ev, &op->s), o_slot = end_slot(ev, &op->o);
	if (s_slot == -2 || o_slot == -2)
		goto fail;
	/* s_const, o_const: written in the query */
	int s_const = s_slot < 0, o_const = o_slot < 0;
	kg_id s = s_const ? kg_eval_intern_sparql(ev, &op->s)
	                  : pi->in[s_slot];
	kg_id o = o_const ? kg_eval_intern_sparql(ev, &op->o)
	                  : pi->in[o_slot];
	if ((s_const && !s) || (o_const && !o))
		goto fail;

	/* From a constant first: 18.4 evaluates var-term from the term. */
	int backward = !s_const && (o_const || (!s && o));
	pi->path = compile(ev, op->path, backward);
	if (!pi->path)
		goto fail;
	kg_alg_path_kind k = pi->path->kind;
	pi->distinct = k == KG_ALG_PATH_ZERO_OR_ONE ||
	               k == KG_ALG_PATH_ZERO_OR_MORE ||
	               k == KG_ALG_PATH_ONE_OR_MORE || k == KG_ALG_PATH_NPS;
	pi->start_slot = backward ? o_slot : s_slot;
	pi->end_slot = backward ? s_slot : o_slot;
	pi->from_var = backward ? !o_const : !s_const;
	pi->end_var = backward ? !s_const : !o_const;
	pi->target = backward ? s : o;
	kg_id from = backward ? o : s;
	if (from) {
		pi->one = from;
		pi->starts = &pi->one;
		pi->n_starts = 1;
		return &pi->it;
	}

	/* Both ends free variables: start from each node a first step can
	 * leave, or from every node.  Those are nodes of the graph. */
	pi->same = s_slot == o_slot;
	kg_id_set set = {0};
	id_vec starts = {0};
	int r = first_nodes(&pi->pc, pi->path, &set, &starts);
	kg_id_set_free(&set);
	if (r < 0) {
		free(starts.ids);
		goto fail;
	}
	if (r) {
		free(starts.ids);
		kg_status st = kg_eval_nodes(ev, graph, &starts.ids, &starts.n);
		if (st)
			goto fail;
	}
	pi->starts = starts.ids;
	pi->n_starts = starts.n;
	return &pi->it;
nomem:
	nomem(ev);
fail:
	path_iter_free(&pi->it);
	return NULL;
}

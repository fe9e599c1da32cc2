/* eval_service.c: SERVICE (SPARQL 1.1 Federated Query).  The group is
 * sent as written, with the values the incoming rows give its variables
 * in a VALUES block, a batch of rows per request rather than one request
 * per row; the answers are joined with the batch here.
 *
 * A value kg cannot send (a blank node: it names nothing on the remote)
 * goes as UNDEF; the join here then drops the answers that do not fit,
 * so the result is exact either way.
 *
 * SERVICE ?var takes its endpoint from each incoming row: Federated
 * Query 4 (informative) has one invocation per endpoint the rows bind,
 * the answers combined by union.  Rows wait in one pending batch per
 * endpoint, so each endpoint gets the same full batches a constant
 * SERVICE would and the rows need not come sorted by endpoint.  A row
 * whose ?var is unbound or no IRI names no service to invoke: an error,
 * or under SILENT a failed invocation, whose answer is the one empty
 * solution (3.2), so the row goes on unextended.
 */
#include "sparql/eval_impl.h"
#include "remote/remote.h"

#include <stdlib.h>
#include <string.h>

/* Rows per request when the caller does not say
 * (kg_db_set_service_batch). */
#define DEFAULT_BATCH 200

/* SERVICE ?var: the rows that wait for one endpoint. */
typedef struct {
	kg_id iri;      /* 0: rows that name no endpoint (SILENT only) */
	kg_rowvec rows;
} pending;

typedef struct {
	kg_iter base;
	kg_eval *ev;
	const kg_alg *svc;
	const kg_alg_expr *expr; /* OPTIONAL's condition, or NULL */
	int left;                /* OPTIONAL: keep rows nothing matched */
	kg_id graph;
	kg_iter *src;
	int src_done;
	kg_rowvec batch, answers;
	size_t bi, ai;
	int matched;
	int fixed;               /* no VALUES: one answer serves every batch */
	int have_answers;
	kg_id *tmp;
	int slot;                /* SERVICE ?var: its slot; else -1 */
	kg_id endpoint;          /* SERVICE ?var: the batch's endpoint */
	pending *pend;
	size_t n_pend;
} service_it;

static int
fits(const kg_id *a, const kg_id *b, size_t w)
{
	for (size_t i = 0; i < w; i++)
		if (a[i] && b[i] && a[i] != b[i])
			return 0;
	return 1;
}

/* Appends `s` with SPARQL's string escapes. */
static int
put_escaped(kg_buf *b, const char *s)
{
	for (; *s; s++) {
		const char *e = NULL;
		switch (*s) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		}
		if (e ? kg_buf_puts(b, e) : kg_buf_putc(b, *s))
			return -1;
	}
	return 0;
}

/* A term as SPARQL text; a blank node as UNDEF. */
static int
put_term(kg_buf *b, const kg_term *t)
{
	switch (t->kind) {
	case KG_TERM_IRI:
		return kg_buf_printf(b, "<%s>", t->value);
	case KG_TERM_BLANK:
		return kg_buf_puts(b, "UNDEF");
	case KG_TERM_LITERAL:
		if (kg_buf_putc(b, '"') || put_escaped(b, t->value) ||
		    kg_buf_putc(b, '"'))
			return -1;
		if (t->lang)
			return kg_buf_printf(b, "@%s", t->lang);
		if (t->datatype)
			return kg_buf_printf(b, "^^<%s>", t->datatype);
		return 0;
	}
	return -1;
}

static int
is_blank(kg_eval *ev, kg_id id)
{
	return id && kg_eval_term(ev, id)->kind == KG_TERM_BLANK;
}

/* The request's text: the prologue, then the group joined with the
 * batch's values of the variables it mentions. */
static kg_status
request_text(service_it *s, kg_buf *q, size_t *n_vars)
{
	kg_eval *ev = s->ev;
	size_t w = ev->width;
	const uint64_t *maybe = kg_eval_maybe(ev, s->svc->a);
	if (!maybe)
		return kg_eval_nomem(ev);
	int *vars = malloc((w ? w : 1) * sizeof *vars);
	if (!vars)
		return kg_eval_nomem(ev);
	size_t n = 0;
	for (size_t v = 0; v < w; v++) {
		if (!kg_bits_has(maybe, (int)v))
			continue;
		for (size_t r = 0; r < s->batch.n; r++) {
			kg_id id = s->batch.data[r * w + v];
			if (id && !is_blank(ev, id)) {
				vars[n++] = (int)v;
				break;
			}
		}
	}
	*n_vars = n;
	int fail = kg_buf_puts(q, s->svc->service_prologue) ||
	           kg_buf_puts(q, "SELECT * WHERE {\n");
	if (n && !fail) {
		fail = kg_buf_puts(q, "VALUES (");
		for (size_t i = 0; i < n && !fail; i++)
			fail = kg_buf_printf(q, "%s?%s", i ? " " : "",
			                     ev->vars[vars[i]]);
		fail = fail || kg_buf_puts(q, ") {\n");
		for (size_t r = 0; r < s->batch.n && !fail; r++) {
			const kg_id *row = s->batch.data + r * w;
			/* The same values twice would only double the answers
			 * that the join then matches twice anyway. */
			size_t prev;
			for (prev = 0; prev < r; prev++) {
				const kg_id *p = s->batch.data + prev * w;
				size_t i;
				for (i = 0; i < n && p[vars[i]] == row[vars[i]]; i++)
					;
				if (i == n)
					break;
			}
			if (prev < r)
				continue;
			fail = kg_buf_putc(q, '(');
			for (size_t i = 0; i < n && !fail; i++) {
				kg_id id = row[vars[i]];
				fail = (i && kg_buf_putc(q, ' ')) ||
				       (id ? put_term(q, kg_eval_term(ev, id))
				           : kg_buf_puts(q, "UNDEF"));
			}
			fail = fail || kg_buf_puts(q, ")\n");
		}
		fail = fail || kg_buf_puts(q, "}\n");
	}
	fail = fail || kg_buf_puts(q, s->svc->service_text) ||
	       kg_buf_puts(q, "\n}\n");
	free(vars);
	return fail ? kg_eval_nomem(ev) : KG_OK;
}

/* The answers of the endpoint as rows of this evaluation.  A blank node
 * of the answer gets a label of its own (the request's number and its
 * label), so it is never taken for one of the store's. */
static kg_status
read_answers(service_it *s, kg_results *res, unsigned long request)
{
	kg_eval *ev = s->ev;
	size_t w = ev->width, width = kg_results_width(res);
	int *slots = malloc((width ? width : 1) * sizeof *slots);
	if (!slots)
		return kg_eval_nomem(ev);
	for (size_t i = 0; i < width; i++)
		slots[i] = kg_eval_var(ev, kg_results_name(res, i));
	kg_buf label = {0};
	kg_status st;
	while (!(st = kg_results_next(res))) {
		memset(s->tmp, 0, w * sizeof *s->tmp);
		for (size_t i = 0; i < width; i++) {
			const kg_term *t = kg_results_get(res, i);
			if (!t || slots[i] < 0)
				continue;
			kg_term copy = *t;
			if (t->kind == KG_TERM_BLANK) {
				kg_buf_reset(&label);
				if (kg_buf_printf(&label, "service%lu-%s", request,
				                  t->value)) {
					st = kg_eval_nomem(ev);
					goto done;
				}
				copy.value = kg_buf_str(&label);
			}
			if (!(s->tmp[slots[i]] = kg_eval_intern(ev, &copy))) {
				st = kg_eval_err(ev);
				goto done;
			}
		}
		if (!kg_rowvec_push(&s->answers, s->tmp)) {
			st = kg_eval_nomem(ev);
			goto done;
		}
	}
	if (st == KG_DONE)
		st = KG_OK;
done:
	kg_buf_free(&label);
	free(slots);
	return st;
}

static size_t
batch_limit(const service_it *s)
{
	return s->ev->db->service_batch ? s->ev->db->service_batch
	                                : DEFAULT_BATCH;
}

/* The next incoming row into s->tmp; KG_DONE (remembered) at the end. */
static kg_status
read_row(service_it *s)
{
	if (s->src_done)
		return KG_DONE;
	kg_status st = s->src->next(s->src, s->tmp);
	if (st == KG_DONE)
		s->src_done = 1;
	return st;
}

/* The next batch of incoming rows for the one endpoint; KG_DONE when
 * there are no more rows. */
static kg_status
next_batch(service_it *s)
{
	size_t limit = batch_limit(s);
	s->batch.n = 0;
	kg_status st;
	while (s->batch.n < limit && (st = read_row(s)) != KG_DONE) {
		if (st)
			return st;
		if (!kg_rowvec_push(&s->batch, s->tmp))
			return kg_eval_nomem(s->ev);
	}
	return s->batch.n ? KG_OK : KG_DONE;
}

/* Makes the pending rows of p the batch (their storage swapped, not
 * copied). */
static void
take(service_it *s, pending *p)
{
	kg_rowvec t = s->batch;
	s->batch = p->rows;
	p->rows = t;
	p->rows.n = 0;
	s->endpoint = p->iri;
}

/* SERVICE ?var: reads rows into their endpoint's pending batch until
 * one is full; once the rows are all read, the rest in turn. */
static kg_status
next_batch_var(service_it *s)
{
	kg_eval *ev = s->ev;
	size_t limit = batch_limit(s);
	s->batch.n = 0;
	kg_status st;
	while ((st = read_row(s)) != KG_DONE) {
		if (st)
			return st;
		kg_id id = s->tmp[s->slot];
		const kg_term *t = id ? kg_eval_term(ev, id) : NULL;
		if (!t || t->kind != KG_TERM_IRI) {
			if (!s->svc->silent)
				return kg_db_error(ev->db, KG_ERR_QUERY, NULL, 0, 0,
				                   "SERVICE ?%s: a row %s; the variable "
				                   "must name the endpoint (an IRI) "
				                   "before the SERVICE",
				                   s->svc->name.value,
				                   t ? "binds it to no IRI"
				                     : "leaves it unbound");
			id = 0;
		}
		size_t i;
		for (i = 0; i < s->n_pend && s->pend[i].iri != id; i++)
			;
		if (i == s->n_pend) {
			pending *p = realloc(s->pend, (i + 1) * sizeof *p);
			if (!p)
				return kg_eval_nomem(ev);
			s->pend = p;
			memset(&p[i], 0, sizeof p[i]);
			p[i].iri = id;
			p[i].rows.w = ev->width;
			s->n_pend++;
		}
		if (!kg_rowvec_push(&s->pend[i].rows, s->tmp))
			return kg_eval_nomem(ev);
		if (s->pend[i].rows.n >= limit) {
			take(s, &s->pend[i]);
			return KG_OK;
		}
	}
	for (size_t i = 0; i < s->n_pend; i++)
		if (s->pend[i].rows.n) {
			take(s, &s->pend[i]);
			return KG_OK;
		}
	return KG_DONE;
}

/* Sends the batch; on a SERVICE SILENT that fails, the answer is the one
 * empty solution (SPARQL 1.1 Federated Query, 3.3). */
static kg_status
fetch(service_it *s)
{
	kg_eval *ev = s->ev;
	s->answers.n = 0;
	const kg_alg *svc = s->svc;
	kg_status st;
	if (!ev->allow_service) {
		st = kg_db_error(ev->db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
		                 "SERVICE is not allowed here: this program does "
		                 "not let queries reach other endpoints");
	} else if (s->slot >= 0 && !s->endpoint) {
		/* Only SILENT lets such rows get this far. */
		st = kg_db_error(ev->db, KG_ERR_QUERY, NULL, 0, 0,
		                 "SERVICE ?%s: the row gives it no IRI",
		                 svc->name.value);
	} else {
		const char *url = s->slot < 0
		                  ? svc->name.value
		                  : kg_eval_term(ev, s->endpoint)->value;
		kg_buf q = {0};
		size_t n_vars = 0;
		st = request_text(s, &q, &n_vars);
		kg_results *res = NULL;
		if (!st)
			st = kg_remote_query(ev->db, url, kg_buf_str(&q), &res);
		kg_buf_free(&q);
		if (!st && kg_results_kind_of(res) != KG_RESULTS_BINDINGS)
			st = kg_db_error(ev->db, KG_ERR_STORE, NULL, 0, 0,
			                 "%s: SERVICE's answer is no result set",
			                 url);
		if (!st)
			st = read_answers(s, res, ev->db->profile.requests);
		kg_results_free(res);
		/* With a variable endpoint the next batch may go elsewhere. */
		s->fixed = !st && n_vars == 0 && s->slot < 0;
	}
	if (st && svc->silent && st != KG_ERR_INTERRUPTED && st != KG_ERR_NOMEM) {
		/* Forget the error: the query goes on. */
		ev->db->err_status = KG_OK;
		kg_buf_reset(&ev->db->err_msg);
		s->answers.n = 0;
		memset(s->tmp, 0, ev->width * sizeof *s->tmp);
		if (!kg_rowvec_push(&s->answers, s->tmp))
			return kg_eval_nomem(ev);
		s->fixed = s->slot < 0;
		st = KG_OK;
	}
	s->have_answers = !st;
	return st;
}

static kg_status
service_next(kg_iter *it, kg_id *row)
{
	service_it *s = (service_it *)it;
	kg_eval *ev = s->ev;
	size_t w = ev->width;
	for (;;) {
		if (s->bi < s->batch.n) {
			const kg_id *l = s->batch.data + s->bi * w;
			while (s->ai < s->answers.n) {
				const kg_id *r = s->answers.data + s->ai++ * w;
				if (!fits(l, r, w))
					continue;
				for (size_t i = 0; i < w; i++)
					row[i] = l[i] ? l[i] : r[i];
				if (s->expr) {
					int ok = kg_eval_test(ev, s->expr, row, s->graph);
					if (ok < 0)
						return kg_eval_err(ev);
					if (!ok)
						continue;
				}
				s->matched = 1;
				return KG_OK;
			}
			int matched = s->matched;
			s->bi++;
			s->ai = 0;
			s->matched = 0;
			if (s->left && !matched) {
				memcpy(row, l, w * sizeof *row);
				return KG_OK;
			}
			continue;
		}
		if (ev->db->interrupted)
			return kg_db_error(ev->db, KG_ERR_INTERRUPTED, NULL, 0, 0,
			                   "interrupted");
		s->bi = s->ai = 0;
		kg_status st = s->slot < 0 ? next_batch(s) : next_batch_var(s);
		if (!st && !(s->fixed && s->have_answers))
			st = fetch(s);
		if (st)
			return st;
	}
}

static void
service_free(kg_iter *it)
{
	service_it *s = (service_it *)it;
	kg_iter_free(s->src);
	free(s->batch.data);
	free(s->answers.data);
	free(s->tmp);
	for (size_t i = 0; i < s->n_pend; i++)
		free(s->pend[i].rows.data);
	free(s->pend);
	free(s);
}

kg_iter *
kg_eval_service(kg_eval *ev, const kg_alg *svc, kg_iter *src, kg_id graph,
                const kg_alg_expr *expr, int left)
{
	if (!src)
		return NULL;
	service_it *s = calloc(1, sizeof *s);
	if (!s || !(s->tmp = calloc(ev->width ? ev->width : 1, sizeof *s->tmp))) {
		free(s);
		kg_iter_free(src);
		return kg_eval_nomem(ev), NULL;
	}
	s->base.next = service_next;
	s->base.free = service_free;
	s->ev = ev;
	s->svc = svc;
	s->expr = expr;
	s->left = left;
	s->graph = graph;
	s->src = src;
	s->batch.w = s->answers.w = ev->width;
	s->slot = -1;
	if (svc->name.kind != KG_SPARQL_TERM_IRI &&
	    (s->slot = kg_eval_term_slot(ev, &svc->name)) < 0) {
		service_free(&s->base);
		kg_db_error(ev->db, KG_ERR_QUERY, NULL, 0, 0,
		            "SERVICE: no slot for its variable");
		return NULL;
	}
	return &s->base;
}

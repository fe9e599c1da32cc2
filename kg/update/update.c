/* update.c: running SPARQL 1.1 Update requests on the store.
 *
 * A request is parsed and translated whole before anything changes, so
 * a syntax error changes nothing.  Its operations then run in order,
 * each seeing what the ones before it did.  The first change starts the
 * request's transaction (txn.c); the end of the request commits it, and
 * any failure rolls it back.
 *
 * The store's unnamed default graph is the default graph of Update:
 * INSERT DATA puts triples there, CLEAR DEFAULT empties it, and a WHERE
 * matches it (not the union of all graphs that queries see), so that
 * DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } deletes what it matched.
 */
#include "sparql/sparql.h"
#include "store/access.h"
#include "update/changes.h"
#include "update/update.h"
#include "remote/remote.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- changing the store --------------------------------------------- */

/* Whether q is RDF: subject IRI or blank, predicate IRI, graph IRI. */
static int
is_rdf(const kg_term *const q[4])
{
	return q[0] && q[1] && q[2] && q[0]->kind != KG_TERM_LITERAL &&
	       q[1]->kind == KG_TERM_IRI && (!q[3] || q[3]->kind == KG_TERM_IRI);
}

/* Before the first change: start the transaction, and keep a log when
 * it is the only way back. */
static kg_status
before_change(kg_upd *u)
{
	if (u->started)
		return KG_OK;
	kg_status st = kg_txn_begin(u->db, &u->txn);
	if (st)
		return st;
	u->started = 1;
	if (u->txn.kind == KG_TXN_LOG && !u->log)
		return kg_changes_new(&u->log);
	return KG_OK;
}

static kg_status
after_change(kg_upd *u, const kg_term *const q[4], int added)
{
	if (added)
		u->stats.added++;
	else
		u->stats.removed++;
	if (u->log && u->logging && kg_changes_record(u->log, q, added))
		return kg_db_error(u->db, KG_ERR_NOMEM, NULL, 0, 0,
		                   "out of memory");
	return KG_OK;
}

/* Adds (add != 0) or removes quad q, unless the store already has or
 * lacks it, and logs the change. */
static kg_status
change(kg_upd *u, const kg_term *const q[4], int add)
{
	kg_db *db = u->db;
	if (!is_rdf(q))
		return KG_OK;
	if (db->interrupted)
		return kg_db_error(db, KG_ERR_INTERRUPTED, NULL, 0, 0,
		                   "update interrupted");
	kg_status st = before_change(u);
	if (!st)
		st = kg_quad_change(db, q, add);
	return st ? (st == KG_DONE ? KG_OK : st) : after_change(u, q, add);
}

kg_status
kg_upd_add(kg_upd *u, const kg_term *const q[4])
{
	return change(u, q, 1);
}

kg_status
kg_upd_remove(kg_upd *u, const kg_term *const q[4])
{
	return change(u, q, 0);
}

/* Applies the inverse of `c` (compacted) through `u`. */
static kg_status
apply_inverse(kg_upd *u, const kg_changes *c)
{
	const kg_term *q[4];
	int added;
	kg_status st = KG_OK;
	for (size_t i = 0; !st && !kg_changes_get(c, i, q, &added); i++)
		st = added ? kg_upd_remove(u, q) : kg_upd_add(u, q);
	return st;
}

/* ---- quads of the request's text -------------------------------------- */

/* Blank node labels of one INSERT DATA, mapped to fresh ones. */
typedef struct {
	const char **from;
	char **to;
	size_t n;
} blank_map;

static void
blank_map_free(blank_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->to[i]);
	free(m->from);
	free(m->to);
	memset(m, 0, sizeof *m);
}

/* The fresh label for `label`: "SCOPE-uN", a form neither a loaded file
 * (LABEL_SCOPE) nor Raptor (SCOPE-gN) makes, in this open's scope. */
static const char *
blank_fresh(kg_db *db, blank_map *m, const char *label)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->from[i], label))
			return m->to[i];
	const char **f = realloc(m->from, (m->n + 1) * sizeof *f);
	if (f)
		m->from = f;
	char **t = f ? realloc(m->to, (m->n + 1) * sizeof *t) : NULL;
	if (t)
		m->to = t;
	char *s = NULL;
	if (!f || !t || asprintf(&s, "%s-u%lu", db->session_scope,
	                         ++db->update_bnodes) < 0)
		return NULL;
	m->from[m->n] = label;
	m->to[m->n++] = s;
	return s;
}

/* The term of a constant of the text; blanks through `m`. */
static int
text_term(kg_db *db, const kg_sparql_term *t, blank_map *m, kg_term *out)
{
	memset(out, 0, sizeof *out);
	out->value = t->value;
	switch (t->kind) {
	case KG_SPARQL_TERM_IRI:
		out->kind = KG_TERM_IRI;
		return 0;
	case KG_SPARQL_TERM_LITERAL:
		out->kind = KG_TERM_LITERAL;
		out->datatype = t->datatype;
		out->lang = t->lang;
		return 0;
	case KG_SPARQL_TERM_BLANK:
		out->kind = KG_TERM_BLANK;
		out->value = blank_fresh(db, m, t->value);
		return out->value ? 0 : -1;
	case KG_SPARQL_TERM_NONE:
	case KG_SPARQL_TERM_VAR:
		break;
	}
	return -1;
}

/* INSERT DATA (`insert`) or DELETE DATA. */
static kg_status
run_data(kg_upd *u, const kg_sparql_triple *quads, size_t n, int insert)
{
	blank_map m = {NULL, NULL, 0};
	kg_status st = KG_OK;
	for (size_t i = 0; !st && i < n; i++) {
		const kg_sparql_triple *t = &quads[i];
		kg_term terms[4];
		const kg_term *q[4];
		if (text_term(u->db, &t->s, &m, &terms[0]) ||
		    text_term(u->db, &t->p, &m, &terms[1]) ||
		    text_term(u->db, &t->o, &m, &terms[2]) ||
		    (t->g.kind != KG_SPARQL_TERM_NONE &&
		     text_term(u->db, &t->g, &m, &terms[3]))) {
			st = kg_db_error(u->db, KG_ERR_NOMEM, NULL, 0, 0,
			                 "out of memory");
			break;
		}
		for (int k = 0; k < 3; k++)
			q[k] = &terms[k];
		q[3] = t->g.kind != KG_SPARQL_TERM_NONE ? &terms[3] : NULL;
		st = insert ? kg_upd_add(u, q) : kg_upd_remove(u, q);
	}
	blank_map_free(&m);
	return st;
}

/* ---- graph management ------------------------------------------------- */

/* The quads of `target` (a graph, the default graph, all named graphs
 * or all), read into `out` before anything changes them. */
static kg_status
collect(kg_db *db, const kg_sparql_target *target, kg_changes *out)
{
	kg_term g = {KG_TERM_IRI, target->iri, NULL, NULL};
	int graph = target->kind == KG_SPARQL_TARGET_GRAPH;
	unsigned flags = target->kind == KG_SPARQL_TARGET_NAMED ||
	                 target->kind == KG_SPARQL_TARGET_ALL
	                 ? KG_MATCH_ANY_GRAPH : 0;
	kg_match *m;
	kg_status st = kg_match_new(db, NULL, NULL, NULL, graph ? &g : NULL,
	                            flags, &m);
	if (st)
		return st;
	const kg_term *q[4];
	while (!st && !(st = kg_match_next(m, q))) {
		if (target->kind == KG_SPARQL_TARGET_NAMED && !q[3])
			continue;
		if (kg_changes_record(out, q, 1))
			st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
			                 "out of memory");
	}
	kg_match_free(m);
	return st == KG_DONE ? KG_OK : st;
}

static kg_status
remove_all(kg_upd *u, const kg_changes *quads)
{
	const kg_term *q[4];
	kg_status st = KG_OK;
	for (size_t i = 0; !st && !kg_changes_get(quads, i, q, NULL); i++)
		st = kg_upd_remove(u, q);
	return st;
}

/* CLEAR and DROP: kg keeps no empty graphs, so the two are one. */
static kg_status
run_clear(kg_upd *u, const kg_sparql_target *target)
{
	kg_changes *quads;
	if (kg_changes_new(&quads))
		return KG_ERR_NOMEM;
	kg_status st = collect(u->db, target, quads);
	if (!st)
		st = remove_all(u, quads);
	kg_changes_free(quads);
	return st;
}

static kg_status
run_create(kg_upd *u, const kg_sparql_operation *op)
{
	kg_term g = {KG_TERM_IRI, op->target.iri, NULL, NULL};
	kg_match *m;
	kg_status st = kg_match_new(u->db, NULL, NULL, NULL, &g, 0, &m);
	if (st)
		return st;
	const kg_term *q[4];
	int exists = kg_match_next(m, q) == KG_OK;
	kg_match_free(m);
	if (exists && !op->silent)
		return kg_db_error(u->db, KG_ERR_QUERY, NULL, 0, 0,
		                   "CREATE: graph <%s> already exists",
		                   op->target.iri);
	return KG_OK;
}

static int
same_target(const kg_sparql_target *a, const kg_sparql_target *b)
{
	return a->kind == b->kind &&
	       (a->kind != KG_SPARQL_TARGET_GRAPH || !strcmp(a->iri, b->iri));
}

/* ADD, MOVE and COPY. */
static kg_status
run_transfer(kg_upd *u, const kg_sparql_operation *op)
{
	if (same_target(&op->from, &op->target))
		return KG_OK;
	kg_changes *quads;
	if (kg_changes_new(&quads))
		return KG_ERR_NOMEM;
	kg_status st = collect(u->db, &op->from, quads);
	if (!st && op->kind != KG_SPARQL_UP_ADD)
		st = run_clear(u, &op->target);
	kg_term g = {KG_TERM_IRI, op->target.iri, NULL, NULL};
	const kg_term *q[4];
	for (size_t i = 0; !st && !kg_changes_get(quads, i, q, NULL); i++) {
		const kg_term *d[4] = {q[0], q[1], q[2],
		                       op->target.kind == KG_SPARQL_TARGET_GRAPH
		                       ? &g : NULL};
		st = kg_upd_add(u, d);
	}
	if (!st && op->kind == KG_SPARQL_UP_MOVE)
		st = remove_all(u, quads);
	kg_changes_free(quads);
	return st;
}

/* ---- LOAD ------------------------------------------------------------- */

/* The file name of a file: IRI (file:///p, file://localhost/p or
 * file:/p), percent-decoded; NULL for other IRIs.  Caller frees. */
static char *
file_path(const char *iri)
{
	const char *p;
	if (!strncmp(iri, "file://localhost/", 17))
		p = iri + 16;
	else if (!strncmp(iri, "file:///", 8))
		p = iri + 7;
	else if (!strncmp(iri, "file:/", 6) && iri[6] != '/')
		p = iri + 5;
	else
		return NULL;
	char *out = malloc(strlen(p) + 1), *o = out;
	if (!out)
		return NULL;
	for (; *p && *p != '#' && *p != '?'; p++) {
		if (*p == '%' && p[1] && p[2]) {
			char hex[3] = {p[1], p[2], 0};
			*o++ = (char)strtol(hex, NULL, 16);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* Copies the last error of `from` to `to`. */
static kg_status
copy_error(kg_db *to, const kg_db *from, kg_status st)
{
	return kg_db_error(to, st, kg_db_errfile(from), kg_db_errline(from),
	                   kg_db_errcol(from), "%s", kg_db_errmsg(from));
}

/* LOAD reads the file into a store of its own in memory first, with
 * kg_db_load()'s formats, checks and blank node scoping, then adds its
 * quads through the request, so that they are logged and undone like
 * any other change. */
static kg_status
run_load(kg_upd *u, const kg_sparql_operation *op)
{
	kg_db *db = u->db;
	char *path = file_path(op->source);
	if (!path) {
		if (op->silent)
			return KG_OK;
		return kg_db_error(db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
		                   "LOAD <%s>: kg loads only file: IRIs",
		                   op->source);
	}
	kg_db *tmp;
	kg_status st = kg_db_open("memory", 0, &tmp);
	if (!st) {
		kg_load_options lo = {0};
		lo.flags = KG_LOAD_DEFAULT_GRAPH;
		lo.base = op->source;
		st = kg_db_load(tmp, path, &lo, NULL);
	}
	if (st) {
		if (!op->silent)
			st = copy_error(db, tmp, st);
		else
			st = KG_OK;
		goto out;
	}
	kg_match *m;
	if ((st = kg_match_new(tmp, NULL, NULL, NULL, NULL, KG_MATCH_ANY_GRAPH,
	                       &m))) {
		st = copy_error(db, tmp, st);
		goto out;
	}
	/* Triples go into the default graph, or INTO GRAPH; quads of
	 * N-Quads and TriG keep their graph unless INTO says otherwise. */
	kg_term g = {KG_TERM_IRI, op->target.iri, NULL, NULL};
	int into = op->target.kind == KG_SPARQL_TARGET_GRAPH;
	const kg_term *q[4];
	while (!st && !(st = kg_match_next(m, q))) {
		const kg_term *d[4] = {q[0], q[1], q[2], into ? &g : q[3]};
		st = kg_upd_add(u, d);
	}
	kg_match_free(m);
	if (st == KG_DONE)
		st = KG_OK;
out:
	kg_db_close(tmp);
	free(path);
	return st;
}

/* ---- the request -------------------------------------------------------- */

static int has_service(const kg_alg *a);

static int
expr_has_service(const kg_alg_expr *e)
{
	if (!e)
		return 0;
	if (e->pattern && has_service(e->pattern))
		return 1;
	for (size_t i = 0; i < e->n_args; i++)
		if (expr_has_service(e->args[i]))
			return 1;
	return 0;
}

/* Whether SERVICE occurs anywhere in `a`, EXISTS included.  Chains
 * nest in `a`, so that side is walked with a loop. */
static int
has_service(const kg_alg *a)
{
	for (; a; a = a->a) {
		if (a->kind == KG_ALG_SERVICE || expr_has_service(a->expr) ||
		    has_service(a->b))
			return 1;
		for (size_t i = 0; i < a->n_binds; i++)
			if (expr_has_service(a->binds[i].expr))
				return 1;
		for (size_t i = 0; i < a->n_order; i++)
			if (expr_has_service(a->order[i].expr))
				return 1;
	}
	return 0;
}

/* The policy of the caller, checked before anything runs. */
static kg_status
check_allowed(kg_upd *u, const kg_alg_update *au)
{
	const kg_sparql_update *req = au->update;
	for (size_t i = 0; i < req->n_ops; i++) {
		if ((u->flags & KG_UPDATE_NO_LOAD) &&
		    req->ops[i].kind == KG_SPARQL_UP_LOAD)
			return kg_db_error(u->db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
			                   "LOAD is not allowed here");
		if ((u->flags & KG_UPDATE_NO_SERVICE) && has_service(au->where[i]))
			return kg_db_error(u->db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
			                   "SERVICE is not allowed here");
	}
	return KG_OK;
}

static kg_status
run_operation(kg_upd *u, const kg_sparql_operation *op, const kg_alg *where)
{
	switch (op->kind) {
	case KG_SPARQL_UP_INSERT_DATA:
		return run_data(u, op->insert_quads, op->n_insert, 1);
	case KG_SPARQL_UP_DELETE_DATA:
		return run_data(u, op->delete_quads, op->n_delete, 0);
	case KG_SPARQL_UP_DELETE_WHERE:
	case KG_SPARQL_UP_MODIFY:
		return kg_upd_where(u, op, where);
	case KG_SPARQL_UP_LOAD:
		return run_load(u, op);
	case KG_SPARQL_UP_CLEAR:
	case KG_SPARQL_UP_DROP:
		return run_clear(u, &op->target);
	case KG_SPARQL_UP_CREATE:
		return run_create(u, op);
	case KG_SPARQL_UP_ADD:
	case KG_SPARQL_UP_MOVE:
	case KG_SPARQL_UP_COPY:
		return run_transfer(u, op);
	}
	return kg_db_error(u->db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
	                   "unknown update operation");
}

static void
upd_init(kg_upd *u, kg_db *db, const kg_update_options *opts)
{
	memset(u, 0, sizeof *u);
	u->db = db;
	u->logging = 1;
	if (opts) {
		u->flags = opts->flags;
		u->base = opts->base;
		u->log = opts->changes;
		if (u->log)
			kg_changes_reset(u->log);
	}
}

/* Ends the request: commits when `st` is KG_OK, else puts the store
 * back.  Returns the request's status. */
static kg_status
upd_finish(kg_upd *u, kg_status st, const kg_update_options *opts)
{
	kg_db *db = u->db;
	if (!st && u->started)
		st = kg_txn_commit(db, &u->txn);
	if (st && u->started) {
		if (u->txn.kind == KG_TXN_LOG && u->log) {
			/* Undo the logged changes, logging nothing more; the
			 * request's error stays the one reported. */
			kg_status why = db->err_status;
			db->interrupted = 0;
			u->logging = 0;
			kg_changes_compact(u->log);
			kg_status undo = apply_inverse(u, u->log);
			if (undo && !why)
				st = undo;
		}
		kg_txn_rollback(db, &u->txn);
	}
	kg_changes *mine = opts ? opts->changes : NULL;
	if (u->log && u->log != mine)
		kg_changes_free(u->log);
	else if (u->log && st)
		kg_changes_reset(u->log);
	else if (u->log)
		kg_changes_compact(u->log);
	u->log = NULL;
	return st;
}

static kg_status
check_writable(kg_db *db)
{
	if (db->flags & KG_OPEN_READONLY)
		return kg_db_error(db, KG_ERR_READONLY, NULL, 0, 0,
		                   "the store is open read-only");
	if (!db->remote && !kg_store_is_open(db))
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the store is not open");
	return KG_OK;
}

static size_t
count_iris(const char **l)
{
	size_t n = 0;
	while (l && l[n])
		n++;
	return n;
}

/* The caller's using_graphs and using_named become the USING and USING
 * NAMED of each INSERT/DELETE ... WHERE (borrowed: the request's arena
 * never frees them one by one). */
static kg_status
protocol_dataset(kg_db *db, kg_sparql_update *req,
                 const kg_update_options *opts)
{
	size_t nu = opts ? count_iris(opts->using_graphs) : 0;
	size_t nn = opts ? count_iris(opts->using_named) : 0;
	if (!nu && !nn)
		return KG_OK;
	for (size_t i = 0; i < req->n_ops; i++) {
		kg_sparql_operation *op = &req->ops[i];
		if (op->kind != KG_SPARQL_UP_MODIFY)
			continue;
		if (op->n_using || op->n_using_named || op->with)
			return kg_db_error(db, KG_ERR_QUERY, NULL, 0, 0,
			                   "the request has USING or WITH of its "
			                   "own and also using-graph-uri or "
			                   "using-named-graph-uri");
		op->using = opts->using_graphs;
		op->n_using = nu;
		op->using_named = opts->using_named;
		op->n_using_named = nn;
	}
	return KG_OK;
}

kg_status
kg_db_update(kg_db *db, const char *text, const kg_update_options *opts,
             kg_update_stats *out)
{
	if (!db || !text)
		return KG_ERR_ARG;
	kg_db_begin(db);
	kg_status st = check_writable(db);
	if (st)
		return st;
	/* The declared prefixes go on one line before the text, as for
	 * queries; errors then move back a line. */
	kg_buf full = {NULL, 0, 0};
	if (kg_prefix_prologue(db, text, &full) || kg_buf_puts(&full, text)) {
		kg_buf_free(&full);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	if (db->remote) {
		/* The endpoint runs the request as it reads it; what it
		 * changed is not told back, so there is no change set. */
		if (opts && opts->changes)
			kg_changes_reset(opts->changes);
		st = kg_remote_update(db, db->spec, kg_buf_str(&full));
		kg_buf_free(&full);
		if (!st && out)
			memset(out, 0, sizeof *out);
		return st;
	}
	kg_sparql_update *req = NULL;
	kg_alg_update *au = NULL;
	st = kg_sparql_parse_update(db, kg_buf_str(&full), opts ? opts->base
	                                                        : NULL, &req);
	kg_buf_free(&full);
	if (st) {
		if (db->err_line > 1)
			db->err_line--;
		else if (db->err_line == 1)
			db->err_line = db->err_col = 0;
		return st;
	}
	if (kg_alg_translate_update(req, &au)) {
		kg_sparql_update_free(req);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	st = protocol_dataset(db, req, opts);
	if (st) {
		kg_alg_update_free(au);
		kg_sparql_update_free(req);
		return st;
	}
	kg_upd u;
	for (int attempt = 1;; attempt++) {
		upd_init(&u, db, opts);
		st = check_allowed(&u, au);
		if (!st)
			st = kg_txn_prepare(db);
		for (size_t i = 0; !st && i < req->n_ops; i++)
			st = run_operation(&u, &req->ops[i], au->where[i]);
		st = upd_finish(&u, st, opts);
		/* Out of map room: the request was undone whole, and the
		 * next transaction gets a map twice as large. */
		if (!st || !u.started || attempt == 10 ||
		    !kg_txn_may_retry(db, &u.txn) || db->interrupted)
			break;
		kg_db_begin(db);
	}
	if (u.stats.added || u.stats.removed)
		u.stats.named_solutions = 0; /* the request did reach data */
	if (!st && out)
		*out = u.stats;
	kg_alg_update_free(au);
	kg_sparql_update_free(req);
	return st;
}

kg_status
kg_db_revert(kg_db *db, const kg_changes *c, kg_update_stats *out)
{
	if (!db || !c)
		return KG_ERR_ARG;
	kg_db_begin(db);
	kg_status st = check_writable(db);
	if (!st)
		st = kg_db_local_only(db, "undoing a change");
	if (st)
		return st;
	kg_upd u;
	upd_init(&u, db, NULL);
	st = apply_inverse(&u, c);
	st = upd_finish(&u, st, NULL);
	if (!st && out)
		*out = u.stats;
	return st;
}

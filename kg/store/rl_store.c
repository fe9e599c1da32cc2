/* rl_store.c: the Redland plugin (plugin.h): Redland's storages behind
 * the store's door, and the plugin's entry.
 *
 * Built only into kg-redland.so, which links Redland but no part of
 * libkg: the two calls it needs from libkg (recording an error,
 * starting an operation) go through the host table the entry is given.
 */
#include "store/plugin.h"
#include "store/redland_module.h"
#include "store/rl.h"
#include "store/statements.h"

#include <stdlib.h>
#include <string.h>

static const kg_plugin_host *host;

/* libkg's kg_db_error and kg_db_begin, for the plugin's files. */
kg_status
kg_db_error(kg_db *db, kg_status st, const char *file, int line, int col,
            const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kg_status r = host->verror(db, st, file, line, col, fmt, ap);
	va_end(ap);
	return r;
}

void
kg_db_begin(kg_db *db)
{
	host->begin(db);
}

/* The plugin's state for db, made on first use. */
static struct kg_rl *
rl_of(kg_db *db)
{
	if (!db->store->rl)
		db->store->rl = calloc(1, sizeof *db->store->rl);
	return db->store->rl;
}

/* Raptor asks this for every blank node label, given or generated.
 * A given label becomes "LABEL_SCOPE" and a generated one "SCOPE-gN":
 * the two never meet (only the first has a '_'), and a given label
 * stays in front, where RDF/XML's check of rdf:nodeID sees it. */
unsigned char *
kg_store_bnode_label(void *user_data, unsigned char *given)
{
	kg_db *db = user_data;
	const char *scope = db->bnode_scope[0] ? db->bnode_scope
	                                       : db->session_scope;
	char counter[32];
	snprintf(counter, sizeof counter, "g%lu", ++db->bnode_counter);
	const char *local = given ? (const char *)given : counter;
	size_t n = strlen(scope) + strlen(local) + 2;
	unsigned char *label = malloc(n);
	if (label && given)
		snprintf((char *)label, n, "%s_%s", local, scope);
	else if (label)
		snprintf((char *)label, n, "%s-%s", scope, local);
	free(given);
	return label;
}

/* Whether `world` knows a storage factory called `name`. */
static int
redland_has_storage(librdf_world *world, const char *name)
{
	const char *n;
	for (unsigned i = 0; !librdf_storage_enumerate(world, i, &n, NULL); i++)
		if (n && !strcmp(n, name))
			return 1;
	return 0;
}

/* Puts "key=value" pairs of a libpq-style conninfo into `h`, renaming
 * dbname to Redland's "database". */
static int
put_conninfo(librdf_hash *h, const char *conninfo)
{
	char *copy = strdup(conninfo);
	if (!copy)
		return -1;
	int rc = 0;
	for (char *tok = strtok(copy, " \t"); tok; tok = strtok(NULL, " \t")) {
		char *eq = strchr(tok, '=');
		if (!eq) {
			rc = -1;
			break;
		}
		*eq = '\0';
		const char *key = strcmp(tok, "dbname") ? tok : "database";
		if (librdf_hash_put_strings(h, key, eq + 1)) {
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

/* The storage and model of `spec`: the hashes store in `dir` when it is
 * not NULL. */
static kg_status
rl_reopen(kg_db *db, const char *spec, const char *dir, unsigned flags)
{
	struct kg_rl *rl = db->store->rl;
	if (rl->model)
		return KG_OK;
	librdf_hash *opts = librdf_new_hash(rl->world, NULL);
	if (!opts)
		return KG_ERR_NOMEM;
	const char *factory = "hashes";
	const char *name = "kg";
	int ok = !librdf_hash_put_strings(opts, "contexts", "yes");
	if (dir) {
		ok = ok && !librdf_hash_put_strings(opts, "hash-type", "bdb") &&
		     !librdf_hash_put_strings(opts, "dir", dir) &&
		     !librdf_hash_put_strings(opts, "index-predicates", "yes");
		if (flags & KG_OPEN_READONLY)
			ok = ok && !librdf_hash_put_strings(opts, "write", "no");
		if (flags & KG_OPEN_NEW)
			ok = ok && !librdf_hash_put_strings(opts, "new", "yes");
	} else if (!strncmp(spec, "postgresql:", 11)) {
		factory = "postgresql";
		ok = ok && !put_conninfo(opts, spec + 11);
		if (flags & (KG_OPEN_NEW))
			ok = ok && !librdf_hash_put_strings(opts, "new", "yes");
	} else if (!strncmp(spec, "virtuoso:", 9)) {
		factory = "virtuoso";
		ok = ok && !librdf_hash_put_strings(opts, "dsn", spec + 9);
	} else {
		ok = 0;
	}
	if (!ok) {
		librdf_free_hash(opts);
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "invalid store specification '%s'", spec);
	}
	/* librdf_new_storage_with_options consumes nothing; the hash is ours. */
	rl->storage = librdf_new_storage_with_options(rl->world, factory, name,
	                                              opts);
	if (!rl->storage && !strcmp(factory, "postgresql") &&
	    (flags & KG_OPEN_CREATE) && !(flags & KG_OPEN_NEW)) {
		/* A database without kg's tables: create them.  Redland's
		 * new='yes' drops existing tables, so it is used only when
		 * opening without it has failed. */
		kg_db_begin(db);
		if (!librdf_hash_put_strings(opts, "new", "yes"))
			rl->storage = librdf_new_storage_with_options(
				rl->world, factory, name, opts);
	}
	librdf_free_hash(opts);
	if (!rl->storage)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "cannot open %s store '%s'", factory,
		                   dir ? dir : spec);
	rl->hashes = !strcmp(factory, "hashes");
	rl->model = librdf_new_model(rl->world, rl->storage, NULL);
	if (!rl->model)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "cannot open a model on store '%s'",
		                   dir ? dir : spec);
	return KG_OK;
}

static kg_status
rl_open(kg_db *db, const char *spec, const char *dir, unsigned flags)
{
	struct kg_rl *rl = rl_of(db);
	if (!rl)
		return KG_ERR_NOMEM;
	/* Redland's storages need Redland's world, with kg's logger and
	 * blank node labels. */
	rl->world = librdf_new_world();
	if (!rl->world)
		return KG_ERR_NOMEM;
	librdf_world_open(rl->world);
	/* kg's own store as a Redland storage named "kg", unless the
	 * installed module (librdf_storage_kg.so) registered it already. */
	if (!redland_has_storage(rl->world, "kg"))
		kg_redland_register(rl->world);
	kg_db_install_logger(db);
	raptor_world_set_generate_bnodeid_handler(
		librdf_world_get_raptor(rl->world), db, kg_store_bnode_label);
	return rl_reopen(db, spec, dir, flags);
}

static void
rl_close_storage(kg_db *db)
{
	struct kg_rl *rl = db->store->rl;
	if (!rl)
		return;
	if (rl->model) {
		librdf_model_sync(rl->model);
		librdf_free_model(rl->model);
		rl->model = NULL;
	}
	if (rl->storage) {
		librdf_free_storage(rl->storage);
		rl->storage = NULL;
	}
}

static int
rl_is_open(const kg_db *db)
{
	return db->store->rl && db->store->rl->model;
}

static void
rl_release(kg_db *db)
{
	struct kg_rl *rl = db->store->rl;
	if (!rl)
		return;
	rl_close_storage(db);
	if (rl->raptor)
		raptor_free_world(rl->raptor);
	if (rl->world)
		librdf_free_world(rl->world);
	free(rl);
	db->store->rl = NULL;
}

static long
rl_size(kg_db *db)
{
	if (!rl_is_open(db))
		return -1;
	int n = librdf_model_size(db->store->rl->model);
	return n < 0 ? -1 : (long)n;
}

static int
rl_sync(kg_db *db)
{
	return rl_is_open(db) ? librdf_model_sync(db->store->rl->model) : -1;
}

/* ---- the door (access.h) over the model ------------------------------- */

typedef struct {
	kg_db *db;
	librdf_stream *stream;
	librdf_node *graph; /* the named graph asked for, or NULL */
	int any_graph;
	int filter;    /* read every graph, keep those of `graph` */
	librdf_node *object; /* keep only statements with this object */
	int started;
	kg_term terms[4];
} rl_match;

static librdf_statement *
pattern(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o)
{
	librdf_world *w = db->store->rl->world;
	librdf_node *ns = s ? kg_node_new(w, s) : NULL;
	librdf_node *np = p ? kg_node_new(w, p) : NULL;
	librdf_node *no = o ? kg_node_new(w, o) : NULL;
	if ((s && !ns) || (p && !np) || (o && !no)) {
		if (ns)
			librdf_free_node(ns);
		if (np)
			librdf_free_node(np);
		if (no)
			librdf_free_node(no);
		return NULL;
	}
	/* The statement takes ownership of the nodes. */
	return librdf_new_statement_from_nodes(w, ns, np, no);
}

static void
rl_match_free(void *mv)
{
	rl_match *m = mv;
	if (!m)
		return;
	if (m->stream)
		librdf_free_stream(m->stream);
	if (m->graph)
		librdf_free_node(m->graph);
	if (m->object)
		librdf_free_node(m->object);
	free(m);
}

static kg_status
rl_match_new(kg_db *db, const kg_term *s, const kg_term *p, const kg_term *o,
             const kg_term *g, unsigned flags, void **out)
{
	struct kg_rl *rl = db->store->rl;
	*out = NULL;
	rl_match *m = calloc(1, sizeof *m);
	if (!m)
		return KG_ERR_NOMEM;
	m->db = db;
	m->any_graph = !g && (flags & KG_MATCH_ANY_GRAPH);
	/* Redland's hashes storage has no index for a whole statement and
	 * reads the store to find one; look it up by subject and predicate
	 * and compare the object here. */
	if (s && p && o && rl->hashes) {
		if (!(m->object = kg_node_new(rl->world, o))) {
			rl_match_free(m);
			return KG_ERR_NOMEM;
		}
		o = NULL;
	}
	librdf_statement *st = pattern(db, s, p, o);
	if (g)
		m->graph = kg_node_new(rl->world, g);
	if (!st || (g && !m->graph)) {
		if (st)
			librdf_free_statement(st);
		rl_match_free(m);
		return KG_ERR_NOMEM;
	}
	/* Redland's hashes storage answers a pattern within one graph by
	 * reading the whole graph; with a term of the pattern known, its
	 * indexes over all graphs, filtered by graph, read far less. */
	m->filter = m->graph && rl->hashes && (s || p || o);
	if (m->graph && !m->filter)
		m->stream = librdf_model_find_statements_in_context(rl->model,
		                                                    st, m->graph);
	else if (!s && !p && !o)
		m->stream = librdf_model_as_stream(rl->model);
	else
		m->stream = librdf_model_find_statements(rl->model, st);
	librdf_free_statement(st);
	if (!m->stream) {
		rl_match_free(m);
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the store could not be searched");
	}
	*out = m;
	return KG_OK;
}

static kg_status
rl_match_next(void *mv, const kg_term **q)
{
	rl_match *m = mv;
	for (;;) {
		if (m->started && librdf_stream_next(m->stream))
			return KG_DONE;
		m->started = 1;
		if (librdf_stream_end(m->stream))
			return KG_DONE;
		librdf_statement *st = librdf_stream_get_object(m->stream);
		librdf_node *ctx = m->graph && !m->filter
		                           ? m->graph
		                           : librdf_stream_get_context2(m->stream);
		if (m->filter && (!ctx || !librdf_node_equals(ctx, m->graph)))
			continue; /* another graph */
		if (m->object && st &&
		    !librdf_node_equals(librdf_statement_get_object(st), m->object))
			continue; /* another object */
		if (!m->graph && !m->any_graph && ctx)
			continue; /* default graph only */
		if (!st)
			return KG_DONE;
		kg_term_from_node(librdf_statement_get_subject(st), &m->terms[0]);
		kg_term_from_node(librdf_statement_get_predicate(st), &m->terms[1]);
		kg_term_from_node(librdf_statement_get_object(st), &m->terms[2]);
		if (ctx)
			kg_term_from_node(ctx, &m->terms[3]);
		for (int i = 0; i < 3; i++)
			q[i] = &m->terms[i];
		q[3] = ctx ? &m->terms[3] : NULL;
		return KG_OK;
	}
}

static kg_status
rl_graphs(kg_db *db, kg_graph_fn fn, void *ctx)
{
	librdf_iterator *it = librdf_model_get_contexts(db->store->rl->model);
	if (!it)
		return kg_db_error(db, KG_ERR_STORE, NULL, 0, 0,
		                   "the store's graphs could not be listed");
	kg_status st = KG_OK;
	for (; !st && !librdf_iterator_end(it); librdf_iterator_next(it)) {
		kg_term t;
		kg_term_from_node(librdf_iterator_get_object(it), &t);
		st = fn(ctx, &t);
	}
	librdf_free_iterator(it);
	return st;
}

static int
rl_has_graph(kg_db *db, const kg_term *g)
{
	librdf_node *n = kg_node_new(db->store->rl->world, g);
	if (!n) {
		kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return -1;
	}
	int have = librdf_model_contains_context(db->store->rl->model, n);
	librdf_free_node(n);
	return have > 0;
}

/* Adds (add != 0) or removes quad q, unless the store already has or
 * lacks it. */
static kg_status
rl_change(kg_db *db, const kg_term *const q[4], int add)
{
	librdf_world *w = db->store->rl->world;
	librdf_node *n[3];
	for (int i = 0; i < 3; i++)
		n[i] = kg_node_new(w, q[i]);
	librdf_statement *s = NULL;
	librdf_node *ctx = NULL;
	if (n[0] && n[1] && n[2])
		/* Takes the nodes. */
		s = librdf_new_statement_from_nodes(w, n[0], n[1], n[2]);
	else
		for (int i = 0; i < 3; i++)
			if (n[i])
				librdf_free_node(n[i]);
	if (!s || (q[3] && !(ctx = kg_node_new(w, q[3])))) {
		if (s)
			librdf_free_statement(s);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	kg_holders h;
	kg_status st = kg_holders_find(db, s, &h);
	if (!st) {
		if (!kg_holders_has(&h, ctx) == !add)
			st = KG_DONE; /* nothing to do */
		else
			st = add ? kg_statement_add(db, s, ctx, &h)
			         : kg_statement_remove(db, s, ctx, &h);
		kg_holders_free(&h);
	}
	librdf_free_statement(s);
	if (ctx)
		librdf_free_node(ctx);
	return st;
}

/* ---- the entry ------------------------------------------------------- */

static const kg_plugin_ops ops = {
	.open = rl_open,
	.close_storage = rl_close_storage,
	.reopen = rl_reopen,
	.is_open = rl_is_open,
	.release = rl_release,
	.size = rl_size,
	.sync = rl_sync,
	.match_new = rl_match_new,
	.match_next = rl_match_next,
	.match_free = rl_match_free,
	.graphs = rl_graphs,
	.has_graph = rl_has_graph,
	.change = rl_change,
	.parse = kg_rl_parse,
	.parse_prepare = kg_rl_parse_prepare,
};

/* The one symbol the plugin exports (plugin.h). */
__attribute__((visibility("default"))) const kg_plugin_ops *
kg_redland_plugin(const kg_plugin_host *h);

const kg_plugin_ops *
kg_redland_plugin(const kg_plugin_host *h)
{
	if (!h || h->abi != KG_PLUGIN_ABI || h->db_size != sizeof(kg_db) ||
	    h->store_size != sizeof(kg_store))
		return NULL;
	host = h;
	return &ops;
}

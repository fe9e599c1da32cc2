/* engine_rasqal.c: queries through librdf_query, that is rasqal. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What the triples source needs to know of a query (see below).  rasqal
 * may start a query only when its first result is asked for, so this
 * lives as long as the results. */
typedef struct {
	kg_db *db;
	int dataset;               /* kg_query_options gave from/from_named */
	char **from, **from_named; /* copies of those lists */
} kg_source_args;

typedef struct {
	librdf_query *query;
	librdf_query_results *qr;
	librdf_stream *stream; /* graph results */
	int started;
	kg_source_args args;
} rq;

static void
free_list(char **list)
{
	for (char **p = list; p && *p; p++)
		free(*p);
	free(list);
}

/* A copy of a NULL-terminated list; `*ok` cleared when memory ran out. */
static char **
copy_list(const char **list, int *ok)
{
	if (!list)
		return NULL;
	size_t n = 0;
	while (list[n])
		n++;
	char **c = calloc(n + 1, sizeof *c);
	for (size_t i = 0; c && i < n; i++)
		if (!(c[i] = strdup(list[i]))) {
			free_list(c);
			c = NULL;
		}
	if (!c)
		*ok = 0;
	return c;
}

static kg_status
bindings_next(kg_results *r)
{
	rq *q = r->impl;
	if (q->started && librdf_query_results_next(q->qr))
		return r->db->err_status ? r->db->err_status : KG_DONE;
	if (librdf_query_results_finished(q->qr))
		return r->db->err_status ? r->db->err_status : KG_DONE;
	q->started = 1;
	for (size_t i = 0; i < r->width; i++) {
		librdf_node *n = librdf_query_results_get_binding_value(q->qr,
		                                                        (int)i);
		kg_status st = kg_results_set_node(r, i, n);
		if (n)
			librdf_free_node(n);
		if (st)
			return st;
	}
	return KG_OK;
}

static kg_status
graph_next(kg_results *r)
{
	rq *q = r->impl;
	if (q->started && librdf_stream_next(q->stream))
		return KG_DONE;
	if (librdf_stream_end(q->stream))
		return KG_DONE;
	q->started = 1;
	librdf_statement *s = librdf_stream_get_object(q->stream);
	kg_status st = kg_results_set_node(r, 0, librdf_statement_get_subject(s));
	if (!st)
		st = kg_results_set_node(r, 1, librdf_statement_get_predicate(s));
	if (!st)
		st = kg_results_set_node(r, 2, librdf_statement_get_object(s));
	if (!st)
		st = kg_results_set(r, 3, NULL);
	return st;
}

static void
rq_free(kg_results *r)
{
	rq *q = r->impl;
	if (!q)
		return;
	if (q->stream)
		librdf_free_stream(q->stream);
	if (q->qr)
		librdf_free_query_results(q->qr);
	if (q->query)
		librdf_free_query(q->query);
	free_list(q->args.from);
	free_list(q->args.from_named);
	free(q);
}

static const kg_results_ops bindings_ops = {bindings_next, rq_free};
static const kg_results_ops graph_ops = {graph_next, rq_free};

/* rasqal accepts BASE only before every PREFIX, but kg's line of
 * predeclared prefixes comes first (see query.c).  When the user's text,
 * after that first line, opens with BASE <IRI>, the declaration moves to
 * the front of the first line and is blanked where it was, so lines and
 * columns of the user's text stay put.  Returns a new string, or NULL
 * when there is nothing to move or no memory. */
static char *
hoist_base(const char *text)
{
	const char *s = strchr(text, '\n');
	if (!s)
		return NULL;
	for (s++;;) {
		s += strspn(s, " \t\r\n");
		if (*s != '#')
			break;
		s += strcspn(s, "\n");
	}
	if (strncasecmp(s, "BASE", 4))
		return NULL;
	const char *iri = s + 4 + strspn(s + 4, " \t\r\n");
	const char *end = *iri == '<' ? strchr(iri, '>') : NULL;
	if (!end)
		return NULL;
	size_t decl = (size_t)(end + 1 - s), n = strlen(text);
	char *out = malloc(decl + 1 + n + 1);
	if (!out)
		return NULL;
	memcpy(out, s, decl);
	out[decl] = ' ';
	memcpy(out + decl + 1, text, n + 1);
	char *old = out + decl + 1 + (s - text);
	for (size_t i = 0; i < decl; i++)
		if (old[i] != '\n')
			old[i] = ' ';
	return out;
}

static librdf_query *
new_query(kg_db *db, const char *text, const char *base)
{
	librdf_uri *base_uri = NULL;
	if (base) {
		base_uri = librdf_new_uri(db->world, (const unsigned char *)base);
		if (!base_uri)
			return NULL;
	}
	char *hoisted = hoist_base(text);
	librdf_query *q = librdf_new_query(db->world, "sparql", NULL,
	                                   (const unsigned char *)(hoisted ? hoisted
	                                                                   : text),
	                                   base_uri);
	free(hoisted);
	if (base_uri)
		librdf_free_uri(base_uri);
	return q;
}

/* ---- the dataset rasqal sees ------------------------------------------
 *
 * librdf's own triples source throws FROM and FROM NAMED away, and rasqal
 * then sees no named graphs for GRAPH.  kg installs this one instead.
 * Without a dataset (no FROM or FROM NAMED in the query, no from or
 * from_named in kg_query_options) the default graph is the union of every
 * graph of the store, and GRAPH ranges over all named graphs.  With one,
 * SPARQL's dataset: the default graph is the merge of the FROM graphs
 * (none: empty) and GRAPH sees the FROM NAMED graphs only.  FROM and
 * FROM NAMED pick graphs of the store; nothing is fetched.  A query's
 * own FROM or FROM NAMED wins over the options, which give the dataset of
 * queries that name none. */

typedef struct {
	kg_db *db;
	int strict;         /* a dataset was given */
	librdf_node **from; /* strict: the default graph's graphs */
	size_t n_from;
	librdf_node **named; /* strict: the graphs GRAPH sees */
	size_t n_named;
} kg_source;

typedef struct {
	kg_source *src;
	librdf_statement *pattern;
	librdf_node *origin; /* GRAPH's graph when bound */
	int in_graph;        /* the pattern is inside GRAPH */
	librdf_stream *stream;
	int from_next;       /* default graph with FROM: next FROM graph */
} kg_match;

static librdf_node *
node_of_literal(librdf_world *w, rasqal_literal *l)
{
	if (!l)
		return NULL;
	switch (l->type) {
	case RASQAL_LITERAL_URI:
		return librdf_new_node_from_uri(w, (librdf_uri *)l->value.uri);
	case RASQAL_LITERAL_BLANK:
		return librdf_new_node_from_blank_identifier(w, l->string);
	case RASQAL_LITERAL_VARIABLE:
	case RASQAL_LITERAL_PATTERN:
	case RASQAL_LITERAL_QNAME:
	case RASQAL_LITERAL_UNKNOWN:
		return NULL;
	default:
		return librdf_new_node_from_typed_literal(
			w, l->string, l->language, (librdf_uri *)l->datatype);
	}
}

static char *
rasqal_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = rasqal_alloc_memory(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static rasqal_literal *
literal_of_node(rasqal_world *rw, librdf_node *n)
{
	if (librdf_node_is_resource(n))
		return rasqal_new_uri_literal(rw, raptor_uri_copy(
			(raptor_uri *)librdf_node_get_uri(n)));
	if (librdf_node_is_literal(n)) {
		char *str = rasqal_strdup(
			(const char *)librdf_node_get_literal_value(n));
		const char *lang = librdf_node_get_literal_value_language(n);
		char *lang_copy = lang ? rasqal_strdup(lang) : NULL;
		librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
		if (!str || (lang && !lang_copy)) {
			rasqal_free_memory(str);
			rasqal_free_memory(lang_copy);
			return NULL;
		}
		return rasqal_new_string_literal(
			rw, (unsigned char *)str, lang_copy,
			dt ? raptor_uri_copy((raptor_uri *)dt) : NULL, NULL);
	}
	char *b = rasqal_strdup((const char *)librdf_node_get_blank_identifier(n));
	return b ? rasqal_new_simple_literal(rw, RASQAL_LITERAL_BLANK,
	                                     (unsigned char *)b)
	         : NULL;
}

/* Whether GRAPH may see graph `g`. */
static int
named_visible(const kg_source *src, librdf_node *g)
{
	if (!g)
		return 0;
	if (!src->strict)
		return 1;
	for (size_t i = 0; i < src->n_named; i++)
		if (librdf_node_equals(src->named[i], g))
			return 1;
	return 0;
}

/* Opens the stream over the next FROM graph; 0 when there is none. */
static int
next_from_stream(kg_match *m)
{
	if ((size_t)m->from_next >= m->src->n_from)
		return 0;
	if (m->stream)
		librdf_free_stream(m->stream);
	m->stream = librdf_model_find_statements_in_context(
		m->src->db->model, m->pattern, m->src->from[m->from_next++]);
	return m->stream != NULL;
}

/* Moves the stream to the first statement the dataset lets through. */
static void
settle(kg_match *m)
{
	for (;;) {
		while (m->stream && !librdf_stream_end(m->stream)) {
			librdf_node *g = librdf_stream_get_context2(m->stream);
			int ok;
			if (m->in_graph)
				ok = m->origin || named_visible(m->src, g);
			else
				ok = 1;
			if (ok)
				return;
			librdf_stream_next(m->stream);
		}
		if (m->in_graph || !m->src->strict || !next_from_stream(m))
			return;
	}
}

static int
match_is_end(rasqal_triples_match *rtm, void *user_data)
{
	(void)user_data;
	kg_match *m = rtm->user_data;
	/* An interrupt ends every match, so that rasqal stops even inside an
	 * ORDER BY or an aggregate, which read all rows before the first
	 * result; kg then reports the query as interrupted. */
	if (m->src->db->interrupted)
		return 1;
	return !m->stream || librdf_stream_end(m->stream);
}

static void
match_next(rasqal_triples_match *rtm, void *user_data)
{
	(void)user_data;
	kg_match *m = rtm->user_data;
	if (m->stream) {
		librdf_stream_next(m->stream);
		settle(m);
	}
}

static void
match_finish(rasqal_triples_match *rtm, void *user_data)
{
	(void)user_data;
	kg_match *m = rtm->user_data;
	if (!m)
		return;
	if (m->stream)
		librdf_free_stream(m->stream);
	if (m->pattern)
		librdf_free_statement(m->pattern);
	if (m->origin)
		librdf_free_node(m->origin);
	free(m);
	rtm->user_data = NULL;
}

/* Binds the variables of the pattern from the current statement; a
 * variable met twice (?x ?x) must see equal values. */
static rasqal_triple_parts
match_bind(rasqal_triples_match *rtm, void *user_data,
           rasqal_variable *bindings[4], rasqal_triple_parts parts)
{
	(void)user_data;
	kg_match *m = rtm->user_data;
	librdf_statement *st = librdf_stream_get_object(m->stream);
	if (!st)
		return (rasqal_triple_parts)0;
	librdf_node *val[4] = {
		librdf_statement_get_subject(st),
		librdf_statement_get_predicate(st),
		librdf_statement_get_object(st),
		librdf_stream_get_context2(m->stream),
	};
	static const rasqal_triple_parts part[4] = {
		RASQAL_TRIPLE_SUBJECT, RASQAL_TRIPLE_PREDICATE,
		RASQAL_TRIPLE_OBJECT, RASQAL_TRIPLE_ORIGIN,
	};
	unsigned result = 0;
	for (int i = 0; i < 4; i++) {
		if (!bindings[i] || !(parts & part[i]))
			continue;
		int first = 1;
		for (int j = 0; j < i; j++)
			if (bindings[j] == bindings[i]) {
				if (!val[i] || !val[j] ||
				    !librdf_node_equals(val[i], val[j]))
					return (rasqal_triple_parts)0;
				first = 0;
			}
		if (!first)
			continue;
		rasqal_literal *l = val[i] ? literal_of_node(rtm->world, val[i])
		                           : NULL;
		rasqal_variable_set_value(bindings[i], l);
		result |= part[i];
	}
	return (rasqal_triple_parts)result;
}

/* The node of a pattern part, and the variable it binds (or NULL). */
static librdf_node *
pattern_node(librdf_world *w, rasqal_literal *l, rasqal_variable **var)
{
	*var = rasqal_literal_as_variable(l);
	if (*var)
		return (*var)->value ? node_of_literal(w, (*var)->value) : NULL;
	return node_of_literal(w, l);
}

static int
source_init_match(rasqal_triples_match *rtm, rasqal_triples_source *rts,
                  void *user_data, rasqal_triple_meta *meta, rasqal_triple *t)
{
	(void)rts;
	kg_source *src = user_data;
	librdf_world *w = src->db->world;
	rtm->bind_match = match_bind;
	rtm->next_match = match_next;
	rtm->is_end = match_is_end;
	rtm->finish = match_finish;
	kg_match *m = calloc(1, sizeof *m);
	if (!m)
		return 1;
	rtm->user_data = m;
	m->src = src;
	librdf_node *n[3];
	n[0] = pattern_node(w, t->subject, &meta->bindings[0]);
	n[1] = pattern_node(w, t->predicate, &meta->bindings[1]);
	n[2] = pattern_node(w, t->object, &meta->bindings[2]);
	if (t->origin) {
		m->in_graph = 1;
		m->origin = pattern_node(w, t->origin, &meta->bindings[3]);
	}
	/* The statement takes the nodes over. */
	m->pattern = librdf_new_statement_from_nodes(w, n[0], n[1], n[2]);
	if (!m->pattern)
		return 1;
	if (m->in_graph && m->origin) {
		if (named_visible(src, m->origin))
			m->stream = librdf_model_find_statements_in_context(
				src->db->model, m->pattern, m->origin);
	} else if (!m->in_graph && src->strict) {
		next_from_stream(m);
	} else {
		m->stream = librdf_model_find_statements(src->db->model,
		                                         m->pattern);
	}
	settle(m);
	return 0;
}

static int
source_triple_present(rasqal_triples_source *rts, void *user_data,
                      rasqal_triple *t)
{
	rasqal_triples_match rtm;
	rasqal_triple_meta meta;
	memset(&rtm, 0, sizeof rtm);
	memset(&meta, 0, sizeof meta);
	rtm.world = librdf_world_get_rasqal(((kg_source *)user_data)->db->world);
	int found = 0;
	if (!source_init_match(&rtm, rts, user_data, &meta, t))
		found = !match_is_end(&rtm, NULL);
	match_finish(&rtm, NULL);
	return found;
}

static void
free_nodes(librdf_node **nodes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (nodes[i])
			librdf_free_node(nodes[i]);
	free(nodes);
}

static void
source_free(void *user_data)
{
	kg_source *src = user_data;
	free_nodes(src->from, src->n_from);
	free_nodes(src->named, src->n_named);
	src->from = src->named = NULL;
}

/* Appends graph `iri` to `*nodes`; 0 on success. */
static int
add_node(kg_db *db, librdf_node ***nodes, size_t *n, librdf_uri *iri)
{
	librdf_node **more = realloc(*nodes, (*n + 1) * sizeof **nodes);
	if (!more)
		return 1;
	*nodes = more;
	more[*n] = librdf_new_node_from_uri(db->world, iri);
	return !more[(*n)++];
}

static int
add_named_data_graph(kg_db *db, rasqal_query *query, librdf_node *g)
{
	rasqal_world *rw = librdf_world_get_rasqal(db->world);
	raptor_uri *u = (raptor_uri *)librdf_node_get_uri(g);
	rasqal_data_graph *dg = rasqal_new_data_graph_from_uri(
		rw, u, u, RASQAL_DATA_GRAPH_NAMED, NULL, NULL, NULL);
	return !dg || rasqal_query_add_data_graph(query, dg);
}

/* The dataset of kg_query_options: replaces the query's own. */
static int
dataset_from_options(kg_source *src, rasqal_query *query,
                     const kg_source_args *o)
{
	raptor_sequence *seq = rasqal_query_get_data_graph_sequence(query);
	while (seq && raptor_sequence_size(seq) > 0)
		rasqal_free_data_graph(raptor_sequence_pop(seq));
	int rc = 0;
	for (char **g = o->from; !rc && g && *g; g++) {
		librdf_uri *u = librdf_new_uri(src->db->world,
		                               (const unsigned char *)*g);
		rc = !u || add_node(src->db, &src->from, &src->n_from, u);
		if (u)
			librdf_free_uri(u);
	}
	for (char **g = o->from_named; !rc && g && *g; g++) {
		librdf_uri *u = librdf_new_uri(src->db->world,
		                               (const unsigned char *)*g);
		rc = !u || add_node(src->db, &src->named, &src->n_named, u) ||
		     add_named_data_graph(src->db, query,
		                          src->named[src->n_named - 1]);
		if (u)
			librdf_free_uri(u);
	}
	return rc;
}

/* No dataset: GRAPH, which in rasqal ranges over the query's named data
 * graphs only, must see every graph of the store. */
static int
add_store_graphs(kg_db *db, rasqal_query *query)
{
	librdf_iterator *it = librdf_model_get_contexts(db->model);
	int rc = 0;
	for (; it && !rc && !librdf_iterator_end(it); librdf_iterator_next(it)) {
		librdf_node *g = librdf_iterator_get_object(it);
		if (g && librdf_node_is_resource(g))
			rc = add_named_data_graph(db, query, g);
	}
	if (it)
		librdf_free_iterator(it);
	return rc;
}

static int
new_source(rasqal_query *query, void *factory_user_data, void *user_data,
           rasqal_triples_source *rts)
{
	const kg_source_args *args = factory_user_data;
	kg_source *src = user_data;
	memset(src, 0, sizeof *src);
	src->db = args->db;
	int rc = 0;
	rasqal_data_graph *dg;
	if (rasqal_query_get_data_graph(query, 0)) {
		src->strict = 1;
		for (int i = 0; !rc && (dg = rasqal_query_get_data_graph(query, i));
		     i++) {
			if (dg->flags & RASQAL_DATA_GRAPH_NAMED)
				rc = add_node(src->db, &src->named, &src->n_named,
				              (librdf_uri *)(dg->name_uri ? dg->name_uri
				                                          : dg->uri));
			else if (dg->uri)
				rc = add_node(src->db, &src->from, &src->n_from,
				              (librdf_uri *)dg->uri);
		}
	} else if (args->dataset) {
		src->strict = 1;
		rc = dataset_from_options(src, query, args);
	} else {
		rc = add_store_graphs(src->db, query);
	}
	rts->version = 1;
	rts->init_triples_match = source_init_match;
	rts->triple_present = source_triple_present;
	rts->free_triples_source = source_free;
	if (rc)
		source_free(src);
	return rc;
}

static int
register_source(rasqal_triples_source_factory *factory)
{
	factory->version = 1;
	factory->user_data_size = sizeof(kg_source);
	factory->new_triples_source = new_source;
	return 0;
}

static kg_status
run_query(kg_db *db, const char *text, const kg_query_options *opts,
             kg_results **out)
{
	*out = NULL;
	rq *q = calloc(1, sizeof *q);
	if (!q)
		return KG_ERR_NOMEM;
	q->query = new_query(db, text, opts ? opts->base : NULL);
	/* The factory reads q->args when rasqal starts the query; every run
	 * sets it afresh. */
	int ok = 1;
	q->args.db = db;
	if (opts && (opts->from || opts->from_named)) {
		q->args.from = copy_list(opts->from, &ok);
		q->args.from_named = copy_list(opts->from_named, &ok);
		q->args.dataset = 1;
	}
	if (ok && q->query && !rasqal_set_triples_source_factory(
		librdf_world_get_rasqal(db->world), register_source, &q->args))
		q->qr = librdf_query_execute(q->query, db->model);
	if (db->interrupted && !db->err_status)
		kg_db_error(db, KG_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
	if (!q->query || !q->qr || db->err_status) {
		kg_status st = db->err_status ? db->err_status : KG_ERR_QUERY;
		if (!db->err_status)
			kg_db_error(db, KG_ERR_QUERY, NULL, 0, 0,
			            "the query could not be run");
		if (q->qr)
			librdf_free_query_results(q->qr);
		if (q->query)
			librdf_free_query(q->query);
		free_list(q->args.from);
		free_list(q->args.from_named);
		free(q);
		return st;
	}
	kg_results *r;
	if (librdf_query_results_is_boolean(q->qr)) {
		r = kg_results_new(db, KG_RESULTS_BOOLEAN, 0, &bindings_ops, q);
		if (r)
			r->boolean = librdf_query_results_get_boolean(q->qr) > 0;
	} else if (librdf_query_results_is_graph(q->qr)) {
		q->stream = librdf_query_results_as_stream(q->qr);
		r = kg_results_new(db, KG_RESULTS_GRAPH, 3, &graph_ops, q);
	} else {
		int n = librdf_query_results_get_bindings_count(q->qr);
		r = kg_results_new(db, KG_RESULTS_BINDINGS, n > 0 ? (size_t)n : 0,
		                   &bindings_ops, q);
		for (int i = 0; r && i < n; i++) {
			const char *name = librdf_query_results_get_binding_name(
				q->qr, i);
			if (kg_results_set_name(r, (size_t)i, name ? name : "")) {
				kg_results_free(r);
				return KG_ERR_NOMEM;
			}
		}
	}
	if (!r) {
		rq_free(&(kg_results){.impl = q});
		return KG_ERR_NOMEM;
	}
	if (r->kind == KG_RESULTS_GRAPH && !q->stream) {
		kg_results_free(r);
		return kg_db_error(db, KG_ERR_QUERY, NULL, 0, 0,
		                   "the graph result could not be read");
	}
	*out = r;
	return KG_OK;
}

static kg_status
check_query(kg_db *db, const char *text, const char *base)
{
	/* librdf parses lazily; rasqal's own parser reports syntax errors
	 * through the logger when the query is prepared. */
	rasqal_world *rw = librdf_world_get_rasqal(db->world);
	rasqal_query *q = rasqal_new_query(rw, "sparql", NULL);
	if (!q)
		return KG_ERR_NOMEM;
	raptor_uri *base_uri = NULL;
	if (base)
		base_uri = raptor_new_uri(librdf_world_get_raptor(db->world),
		                          (const unsigned char *)base);
	char *hoisted = hoist_base(text);
	int rc = rasqal_query_prepare(q, (const unsigned char *)(hoisted ? hoisted
	                                                                  : text),
	                              base_uri);
	free(hoisted);
	if (base_uri)
		raptor_free_uri(base_uri);
	rasqal_free_query(q);
	if (rc && !db->err_status)
		kg_db_error(db, KG_ERR_SYNTAX, NULL, 0, 0, "syntax error");
	return rc ? db->err_status : KG_OK;
}

const kg_engine kg_engine_rasqal = {"rasqal", run_query, check_query};

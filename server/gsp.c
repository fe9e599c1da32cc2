/* gsp.c: the SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graphs (and
 * /data): GET, PUT, POST and DELETE of one graph, `?graph=IRI`, or of
 * the unnamed default graph, `?default`.  Each write is one transaction.
 * kg keeps no empty graphs, so a graph without triples does not exist
 * (GET and DELETE answer 404). */
#include "srv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const graph_types[] = {
	"text/turtle", "application/n-triples", "application/n-quads",
	"application/rdf+xml"
};
static const kg_format graph_formats[] = {
	KG_FORMAT_TURTLE, KG_FORMAT_NTRIPLES, KG_FORMAT_NQUADS, KG_FORMAT_RDFXML
};

/* The loader's format for a request body's media type, or NULL. */
static const char *
body_format(const char *type)
{
	static const char *const map[][2] = {
		{"text/turtle", "turtle"}, {"application/x-turtle", "turtle"},
		{"application/n-triples", "ntriples"},
		{"text/plain", "ntriples"},
		{"application/n-quads", "nquads"}, {"application/trig", "trig"},
		{"application/rdf+xml", "rdfxml"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(type, map[i][0]))
			return map[i][1];
	return NULL;
}

/* Whether `iri` can go between < and > in SPARQL text. */
static int
valid_iri(const char *iri)
{
	if (!*iri)
		return 0;
	for (const unsigned char *p = (const unsigned char *)iri; *p; p++)
		if (*p <= ' ' || strchr("<>\"{}|^`\\", *p))
			return 0;
	return 1;
}

/* 1 when named graph `iri` holds a triple, 0 when not, -1 on failure. */
static int
graph_exists(kg_db *db, const char *iri)
{
	char *q = NULL;
	if (asprintf(&q, "ASK { GRAPH <%s> { ?s ?p ?o } }", iri) < 0)
		return -1;
	kg_results *r = NULL;
	kg_status st = kg_db_query(db, q, NULL, &r);
	free(q);
	int yes = st ? -1 : kg_results_boolean(r);
	kg_results_free(r);
	return yes;
}

static void
get_graph(srv *s, srv_request *rq, const char *graph)
{
	int pick = srv_accept_pick(rq->accept, graph_types,
	                           sizeof graph_types / sizeof graph_types[0]);
	if (pick < 0) {
		srv_reply_text(rq, 406, "a graph is sent as text/turtle, "
		               "application/n-triples, application/n-quads or "
		               "application/rdf+xml, not '%s'", rq->accept);
		return;
	}
	srv_session *ss = srv_session_get(s, rq);
	if (!ss)
		return;
	srv_session_arm(s, ss);
	int have = graph ? graph_exists(ss->db, graph) : 1;
	kg_status st = KG_OK;
	if (have < 0)
		srv_reply_error(rq, 500, ss->db, "graph store");
	else if (!have)
		srv_reply_text(rq, 404, "no graph <%s> in the store", graph);
	else if ((st = kg_db_dump(ss->db, graph ? graph : "",
	                          graph_formats[pick], srv_buf_write,
	                          &rq->out)))
		srv_reply_error(rq, srv_session_expired(s, ss) ? 503 : 500, ss->db,
		                "graph store");
	else {
		rq->status = 200;
		rq->type = graph_types[pick];
	}
	srv_session_disarm(s, ss);
	srv_session_put(s, ss);
}

/* PUT (replace), POST (merge) and DELETE, in one transaction. */
static void
write_graph(srv *s, srv_request *rq, const char *graph)
{
	int put = !strcmp(rq->method, "PUT");
	int del = !strcmp(rq->method, "DELETE");
	const char *format = NULL;
	if (!del && !(format = body_format(rq->content_type))) {
		srv_reply_text(rq, 415, "a graph is sent as text/turtle, "
		               "application/n-triples, application/n-quads, "
		               "application/trig or application/rdf+xml, not "
		               "'%s'", *rq->content_type ? rq->content_type
		                                         : "(none)");
		return;
	}
	pthread_mutex_lock(&s->write_mu);
	srv_session *ss = srv_session_get(s, rq);
	if (!ss) {
		pthread_mutex_unlock(&s->write_mu);
		return;
	}
	kg_db *db = ss->db;
	srv_session_arm(s, ss);
	int existed = graph ? graph_exists(db, graph) : 1;
	kg_status st = existed < 0 ? KG_ERR_STORE : KG_OK;
	char *drop = NULL;
	kg_update_stats us = {0, 0, 0};
	if (!st && (put || del)) {
		int n = graph ? asprintf(&drop, "DROP SILENT GRAPH <%s>", graph)
		              : asprintf(&drop, "DROP SILENT DEFAULT");
		if (n < 0)
			st = KG_ERR_NOMEM;
	}
	if (!st)
		st = kg_db_transaction_begin(db);
	if (!st && drop)
		st = kg_db_update(db, drop, NULL, &us);
	if (!st && !del) {
		kg_load_options lo = {0};
		lo.format = format;
		lo.graph = graph;
		lo.base = graph;
		if (!graph)
			lo.flags = KG_LOAD_DEFAULT_GRAPH;
		st = kg_db_load_buffer(db, rq->body, rq->body_len, &lo, NULL);
	}
	/* Each call above clears the interrupt flag as it starts, so a
	 * deadline that passed between two of them is seen here: a reply
	 * of 503 must mean that nothing was written. */
	if (!st && srv_session_expired(s, ss))
		st = KG_ERR_INTERRUPTED;
	if (!st)
		st = kg_db_transaction_commit(db);
	else
		kg_db_transaction_rollback(db);
	srv_session_disarm(s, ss);
	if (st == KG_ERR_NOMEM)
		srv_reply_text(rq, 500, "out of memory");
	else if (srv_session_expired(s, ss))
		srv_reply_text(rq, 503, "graph store: stopped after the "
		               "server's time limit of %g s", s->o->timeout);
	else if (st == KG_ERR_SYNTAX || st == KG_ERR_ARG)
		srv_reply_error(rq, 400, db, "graph store");
	else if (st)
		srv_reply_error(rq, st == KG_ERR_INTERRUPTED ||
		                    st == KG_ERR_LOCKED ? 503 : 500, db,
		                "graph store");
	else if (del && graph && !existed)
		srv_reply_text(rq, 404, "no graph <%s> in the store", graph);
	else if (!existed)
		srv_reply_text(rq, 201, "created <%s>", graph);
	else
		rq->status = 204;
	free(drop);
	srv_session_put(s, ss);
	pthread_mutex_unlock(&s->write_mu);
}

void
srv_gsp(srv *s, srv_request *rq)
{
	const char *graph = srv_param_get(rq, "graph");
	int deflt = srv_param_get(rq, "default") != NULL;
	const char *m = rq->method;
	int read = !strcmp(m, "GET") || !strcmp(m, "HEAD");
	if (!read && strcmp(m, "PUT") && strcmp(m, "POST") &&
	    strcmp(m, "DELETE")) {
		rq->allow = "GET, HEAD, PUT, POST, DELETE, OPTIONS";
		srv_reply_text(rq, 405, "%s is not allowed on %s", m, rq->path);
		return;
	}
	if (!graph == !deflt || srv_param_count(rq, "graph") > 1) {
		srv_reply_text(rq, 400, "name one graph: ?graph=IRI, or "
		               "?default for the default graph");
		return;
	}
	if (graph && !valid_iri(graph)) {
		srv_reply_text(rq, 400, "'%s' is not an IRI", graph);
		return;
	}
	if (read) {
		get_graph(s, rq, graph);
		return;
	}
	if (!srv_may_write(s, rq)) {
		srv_reply_text(rq, 403, "%s refused: this endpoint is read-only "
		               "(kg serve --writable, or --update-token-file "
		               "and an Authorization: Bearer header)", m);
		return;
	}
	write_graph(s, rq, graph);
}

/* protocol.c: the SPARQL 1.1 Protocol at /sparql: queries by GET, by
 * POSTed form or by a POSTed query; updates by POSTed form or by a
 * POSTed update; the dataset parameters; content negotiation; and the
 * status codes the protocol gives each failure. */
#include "srv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a query's results can be sent as, the default first. */
static const char *const binding_types[] = {
	"application/sparql-results+json", "application/sparql-results+xml",
	"text/csv", "text/tab-separated-values", "application/json",
	"application/xml", "text/xml"
};
static const kg_format binding_formats[] = {
	KG_FORMAT_JSON, KG_FORMAT_XML, KG_FORMAT_CSV, KG_FORMAT_TSV,
	KG_FORMAT_JSON, KG_FORMAT_XML, KG_FORMAT_XML
};
static const char *const graph_types[] = {
	"text/turtle", "application/n-triples", "application/n-quads",
	"application/x-turtle", "text/plain", "application/rdf+xml"
};
static const kg_format graph_formats[] = {
	KG_FORMAT_TURTLE, KG_FORMAT_NTRIPLES, KG_FORMAT_NQUADS,
	KG_FORMAT_TURTLE, KG_FORMAT_NTRIPLES, KG_FORMAT_RDFXML
};

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* The reply to a failed query or update on session `ss`. */
static void
fail(srv *s, srv_request *rq, srv_session *ss, kg_status st,
     const char *what)
{
	if (srv_session_expired(s, ss))
		srv_reply_text(rq, 503, "%s: stopped after the server's time "
		               "limit of %g s", what, s->o->timeout);
	else if (st == KG_ERR_INTERRUPTED)
		srv_reply_text(rq, 503, "%s: interrupted: the server is "
		               "stopping", what);
	else if (st == KG_ERR_SYNTAX || st == KG_ERR_QUERY || st == KG_ERR_ARG ||
	         st == KG_ERR_UNSUPPORTED)
		srv_reply_error(rq, 400, ss->db, what);
	else if (st == KG_ERR_LOCKED)
		srv_reply_error(rq, 503, ss->db, what);
	else if (st == KG_ERR_READONLY)
		srv_reply_error(rq, 403, ss->db, what);
	else
		srv_reply_error(rq, 500, ss->db, what);
}

static void
run_query(srv *s, srv_request *rq, const char *text)
{
	const char **from = srv_param_all(rq, "default-graph-uri");
	const char **named = srv_param_all(rq, "named-graph-uri");
	if (!from || !named) {
		free(from);
		free(named);
		srv_reply_text(rq, 500, "out of memory");
		return;
	}
	kg_query_options qo = {NULL, from, named, KG_QUERY_DATASET_WINS};
	if (!s->o->allow_file)
		qo.flags |= KG_QUERY_NO_FILE;
	/* --allow-load allows SERVICE too (kg.1), in queries as in updates. */
	if (s->o->allow_load)
		qo.flags |= KG_QUERY_SERVICE;
	srv_session *ss = srv_session_get(s, rq);
	if (!ss)
		goto out;
	srv_session_arm(s, ss);
	kg_results *r = NULL;
	kg_status st = kg_db_query(ss->db, text, &qo, &r);
	if (st) {
		srv_session_disarm(s, ss);
		fail(s, rq, ss, st, "query");
		srv_session_put(s, ss);
		goto out;
	}
	int graph = kg_results_kind_of(r) == KG_RESULTS_GRAPH;
	int pick = graph ? srv_accept_pick(rq->accept, graph_types,
	                                   N_OF(graph_types))
	                 : srv_accept_pick(rq->accept, binding_types,
	                                   N_OF(binding_types));
	if (pick < 0) {
		srv_session_disarm(s, ss);
		srv_reply_text(rq, 406, "cannot send %s results as '%s'; "
		               "acceptable: %s", graph ? "graph" : "query",
		               rq->accept, graph
		               ? "text/turtle, application/n-triples, "
		                 "application/n-quads, application/rdf+xml"
		               : "application/sparql-results+json, "
		                 "application/sparql-results+xml, text/csv, "
		                 "text/tab-separated-values");
		kg_results_free(r);
		srv_session_put(s, ss);
		goto out;
	}
	kg_format format = graph ? graph_formats[pick] : binding_formats[pick];
	rq->type = graph ? graph_types[pick] : binding_types[pick];
	if (!strncmp(rq->type, "text/", 5)) {
		static const char *const with_charset[] = {
			"text/turtle; charset=utf-8", "text/csv; charset=utf-8",
			"text/tab-separated-values; charset=utf-8",
			"text/plain; charset=utf-8", "text/xml; charset=utf-8"
		};
		for (size_t i = 0; i < N_OF(with_charset); i++)
			if (!strncmp(with_charset[i], rq->type, strlen(rq->type)) &&
			    with_charset[i][strlen(rq->type)] == ';')
				rq->type = with_charset[i];
	}
	kg_results_limit(r, s->o->max_rows);
	st = kg_results_write(r, ss->db, format, NULL, srv_buf_write, &rq->out,
	                      NULL);
	srv_session_disarm(s, ss);
	if (st == KG_ERR_IO && rq->out.failed)
		srv_reply_text(rq, 500, "out of memory");
	else if (st)
		fail(s, rq, ss, st, "query");
	else {
		rq->status = 200;
		rq->truncated = kg_results_truncated(r);
	}
	kg_results_free(r);
	srv_session_put(s, ss);
out:
	free(from);
	free(named);
}

static void
run_update(srv *s, srv_request *rq, const char *text)
{
	if (!srv_may_write(s, rq)) {
		srv_reply_text(rq, 403, "update refused: this endpoint is "
		               "read-only (kg serve --writable, or "
		               "--update-token-file and an Authorization: "
		               "Bearer header)");
		return;
	}
	const char **using = srv_param_all(rq, "using-graph-uri");
	const char **using_named = srv_param_all(rq, "using-named-graph-uri");
	if (!using || !using_named) {
		free(using);
		free(using_named);
		srv_reply_text(rq, 500, "out of memory");
		return;
	}
	kg_update_options uo = {0};
	uo.using_graphs = using;
	uo.using_named = using_named;
	if (!s->o->allow_load)
		uo.flags |= KG_UPDATE_NO_LOAD | KG_UPDATE_NO_SERVICE;
	/* One writer at a time: LMDB has one write txn per environment, and
	 * the others wait here rather than fail. */
	pthread_mutex_lock(&s->write_mu);
	srv_session *ss = srv_session_get(s, rq);
	if (ss) {
		srv_session_arm(s, ss);
		kg_update_stats us;
		kg_status st = kg_db_update(ss->db, text, &uo, &us);
		srv_session_disarm(s, ss);
		if (st)
			fail(s, rq, ss, st, "update");
		else
			srv_reply_text(rq, 200, "added %llu, removed %llu",
			               (unsigned long long)us.added,
			               (unsigned long long)us.removed);
		srv_session_put(s, ss);
	}
	pthread_mutex_unlock(&s->write_mu);
	free(using);
	free(using_named);
}

void
srv_sparql(srv *s, srv_request *rq)
{
	int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	if (!get && strcmp(rq->method, "POST")) {
		rq->allow = "GET, HEAD, POST, OPTIONS";
		srv_reply_text(rq, 405, "%s is not allowed on %s: queries are "
		               "sent by GET or POST, updates by POST",
		               rq->method, rq->path);
		return;
	}
	char *body = NULL; /* a direct POST's text, NUL-terminated */
	int direct_update = 0;
	if (!get) {
		const char *ct = rq->content_type;
		if (!strcmp(ct, "application/x-www-form-urlencoded")) {
			if (srv_params_parse(rq, rq->body ? rq->body : "",
			                     rq->body_len)) {
				srv_reply_text(rq, 500, "out of memory");
				return;
			}
		} else if (!strcmp(ct, "application/sparql-query") ||
		           !strcmp(ct, "application/sparql-update")) {
			direct_update = !strcmp(ct, "application/sparql-update");
			if (!(body = strndup(rq->body ? rq->body : "",
			                     rq->body_len))) {
				srv_reply_text(rq, 500, "out of memory");
				return;
			}
		} else {
			srv_reply_text(rq, 415, "a POST to %s is "
			               "application/x-www-form-urlencoded, "
			               "application/sparql-query or "
			               "application/sparql-update, not '%s'",
			               rq->path, *ct ? ct : "(none)");
			return;
		}
	}
	size_t nq = srv_param_count(rq, "query");
	size_t nu = srv_param_count(rq, "update");
	/* The protocol passes the query as a parameter or as the body,
	 * never both; a direct body rules out the other. */
	if (body && (nq || nu)) {
		srv_reply_text(rq, 400, "a query or update is sent either as "
		               "the body or as a parameter, not both");
	} else if (nq + nu > 1) {
		srv_reply_text(rq, 400, "one query or one update per request");
	} else if (body) {
		if (direct_update)
			run_update(s, rq, body);
		else
			run_query(s, rq, body);
	} else if (nq) {
		run_query(s, rq, srv_param_get(rq, "query"));
	} else if (nu && get) {
		srv_reply_text(rq, 400, "updates are sent by POST, not GET");
	} else if (nu) {
		run_update(s, rq, srv_param_get(rq, "update"));
	} else if (get) {
		srv_session *ss = srv_session_get(s, rq);
		if (ss) {
			srv_describe(s, rq, ss->db);
			srv_session_put(s, ss);
		}
	} else {
		srv_reply_text(rq, 400, "no query: give a 'query' or "
		               "'update' parameter, or POST one");
	}
	free(body);
}

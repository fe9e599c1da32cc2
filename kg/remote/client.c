/* client.c: the SPARQL 1.1 Protocol client (remote.h): requests built
 * as the protocol says, answers read into kg_results, failures told as
 * the endpoint's URL, the HTTP status and the server's own words. */
#include "remote/remote.h"
#include "remote/http.h"
#include "remote/read.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A GET's URL longer than this goes as a POST instead: proxies and
 * servers commonly refuse URLs past 2-8 KB. */
#define MAX_GET_URL 2000

/* SPARQL's JSON results for SELECT and ASK; N-Triples for graphs, as
 * every endpoint offers it and it is read line by line. */
#define ACCEPT_RESULTS "application/sparql-results+json"
#define ACCEPT_GRAPH "application/n-triples, text/plain;q=0.5"

int
kg_remote_spec(const char *spec)
{
	return spec && (!strncmp(spec, "http://", 7) ||
	                !strncmp(spec, "https://", 8));
}

/* Skips blanks and # comments. */
static const char *
skip_blank(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '#')
			return p;
		while (*p && *p != '\n')
			p++;
	}
}

static int
word_is(const char *p, const char *word)
{
	size_t n = strlen(word);
	return !strncasecmp(p, word, n) && !isalnum((unsigned char)p[n]) &&
	       p[n] != '_';
}

/* Whether the query is a CONSTRUCT or DESCRIBE (an RDF graph comes
 * back) rather than a SELECT or ASK: the first keyword after the
 * prologue says, without parsing the text (an endpoint may accept
 * syntax kg's parser does not). */
static int
returns_graph(const char *text)
{
	const char *p = skip_blank(text);
	for (;;) {
		if (word_is(p, "PREFIX")) {
			p = strchr(p, '<');
		} else if (word_is(p, "BASE")) {
			p = strchr(p, '<');
		} else {
			return word_is(p, "CONSTRUCT") || word_is(p, "DESCRIBE");
		}
		if (!p || !(p = strchr(p, '>')))
			return 0;
		p = skip_blank(p + 1);
	}
}

/* The first non-empty line of a server's error page, shortened, with
 * any markup tags dropped (a 500 page is often HTML). */
static void
first_line(const char *body, char *out, size_t size)
{
	size_t n = 0;
	int in_tag = 0;
	const char *p = body;
	while (*p && n == 0) {
		for (; *p && *p != '\n'; p++) {
			if (*p == '<') {
				in_tag = 1;
				continue;
			}
			if (in_tag) {
				in_tag = *p != '>';
				continue;
			}
			if (*p == '\r' || (n == 0 && isspace((unsigned char)*p)))
				continue;
			if (n + 1 < size)
				out[n++] = *p;
		}
		if (*p)
			p++;
	}
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		n--;
	out[n] = '\0';
}

static void
set_timeouts(kg_db *db, kg_http_request *req)
{
	req->connect_timeout = db->http_connect_timeout > 0
	                       ? db->http_connect_timeout : 10;
	req->timeout = db->http_timeout;
	req->retries = 3;
	req->max_retry_wait = 30;
	req->cancel = &db->interrupted;
}

/* Sends `req` and turns every failure into db's error: no answer, or
 * an answer that is not a success. */
static kg_status
exchange(kg_db *db, const char *url, const kg_http_request *req,
         kg_http_response *resp)
{
	kg_buf err = {0};
	db->profile.requests++;
	kg_status st = kg_http_send(req, resp, &err);
	if (st == KG_ERR_INTERRUPTED) {
		st = kg_db_error(db, st, NULL, 0, 0, "interrupted");
	} else if (st) {
		st = kg_db_error(db, st, NULL, 0, 0, "%s: %s", url,
		                 err.data ? kg_buf_str(&err) : kg_strerror(st));
	} else if (resp->status < 200 || resp->status > 299) {
		char line[300];
		first_line(kg_buf_str(&resp->body), line, sizeof line);
		/* A refused query is the query's fault; the rest, the
		 * server's. */
		st = resp->status >= 400 && resp->status < 500 &&
		     resp->status != 429 ? KG_ERR_QUERY : KG_ERR_STORE;
		st = kg_db_error(db, st, NULL, 0, 0, "%s: HTTP %ld%s%s%s%s", url,
		                 resp->status, *resp->reason ? " " : "",
		                 resp->reason, *line ? ": " : "", line);
	}
	kg_buf_free(&err);
	return st;
}

kg_status
kg_remote_query(kg_db *db, const char *url, const char *text, kg_results **out)
{
	*out = NULL;
	int graph = returns_graph(text);
	kg_http_request req = {0};
	set_timeouts(db, &req);
	req.accept = graph ? ACCEPT_GRAPH : ACCEPT_RESULTS;
	kg_buf get = {0}, form = {0};
	if (kg_buf_puts(&get, url) ||
	    kg_buf_puts(&get, strchr(url, '?') ? "&query=" : "?query=") ||
	    kg_http_url_encode(&get, text)) {
		kg_buf_free(&get);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	if (get.len <= MAX_GET_URL) {
		req.url = kg_buf_str(&get);
	} else {
		/* The form rather than a POST of application/sparql-query:
		 * both are the protocol's, but Virtuoso 7.2 answers the
		 * latter without ever ending the answer. */
		req.url = url;
		req.content_type = "application/x-www-form-urlencoded";
		if (kg_buf_puts(&form, "query=") ||
		    kg_http_url_encode(&form, text)) {
			kg_buf_free(&get);
			kg_buf_free(&form);
			return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
			                   "out of memory");
		}
		req.body = kg_buf_str(&form);
		req.body_len = form.len;
	}
	kg_http_response resp;
	kg_status st = exchange(db, url, &req, &resp);
	kg_buf_free(&get);
	kg_buf_free(&form);
	if (!st) {
		char err[200];
		const char *ct = resp.content_type ? resp.content_type : "";
		const char *body = kg_buf_str(&resp.body);
		if (strstr(ct, "json"))
			st = kg_remote_read_json(db, body, resp.body.len, out, err,
			                         sizeof err);
		else if (graph && (strstr(ct, "n-triples") ||
		                   strstr(ct, "text/plain")))
			st = kg_remote_read_ntriples(db, body, resp.body.len, out,
			                             err, sizeof err);
		else if (strstr(ct, "text/html") || strstr(ct, "xhtml")) {
			/* The usual mistake: the URL of a server's web page,
			 * not of its endpoint. */
			snprintf(err, sizeof err, "the answer is a web page "
			         "(%s), not SPARQL results: is this the URL of a "
			         "SPARQL endpoint? (it often ends in /sparql)", ct);
			st = KG_ERR_SYNTAX;
		} else {
			snprintf(err, sizeof err, "an answer of type '%s', which "
			         "kg does not read (it asked for %s)",
			         *ct ? ct : "(none)", req.accept);
			st = KG_ERR_SYNTAX;
		}
		if (st == KG_ERR_SYNTAX)
			st = kg_db_error(db, KG_ERR_STORE, NULL, 0, 0, "%s: %s",
			                 url, err);
		else if (st)
			st = kg_db_error(db, st, NULL, 0, 0, "out of memory");
		else if (graph != ((*out)->kind == KG_RESULTS_GRAPH)) {
			kg_results_free(*out);
			*out = NULL;
			st = kg_db_error(db, KG_ERR_STORE, NULL, 0, 0, "%s: the "
			                 "answer is %s, the query asked for %s",
			                 url, graph ? "a result set" : "a graph",
			                 graph ? "a graph" : "a result set");
		}
	}
	kg_http_response_free(&resp);
	return st;
}

kg_status
kg_remote_update(kg_db *db, const char *url, const char *text)
{
	kg_http_request req = {0};
	set_timeouts(db, &req);
	req.url = url;
	/* As a form, for the reason kg_remote_query() gives. */
	req.content_type = "application/x-www-form-urlencoded";
	kg_buf form = {0};
	if (kg_buf_puts(&form, "update=") || kg_http_url_encode(&form, text)) {
		kg_buf_free(&form);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	req.body = kg_buf_str(&form);
	req.body_len = form.len;
	/* A failed update may have done part of its work on some servers;
	 * trying it again could do it twice. */
	req.retries = 0;
	kg_http_response resp;
	kg_status st = exchange(db, url, &req, &resp);
	kg_http_response_free(&resp);
	kg_buf_free(&form);
	return st;
}

/* http.h: kg's one door to HTTP.  Every libcurl call is in http.c, so
 * that curl can later be loaded only when a remote endpoint is used
 * (a lazily opened plugin) without touching the protocol code. */
#ifndef KG_REMOTE_HTTP_H
#define KG_REMOTE_HTTP_H

#include "buf.h"
#include "kg.h"

#include <signal.h>

typedef struct {
	const char *url;          /* the whole URL (a GET's query string in it) */
	const char *content_type; /* of `body`; NULL: a GET with no body */
	const char *body;
	size_t body_len;
	const char *accept;       /* the Accept header; NULL: none */
	double connect_timeout;   /* seconds; 0: curl's default */
	double timeout;           /* seconds for the whole exchange; 0: none */
	int retries;              /* further tries after a 429 or 503 */
	double max_retry_wait;    /* seconds a Retry-After may ask for at most */
	/* Set from a signal handler to stop the exchange; may be NULL. */
	volatile sig_atomic_t *cancel;
} kg_http_request;

typedef struct {
	long status;         /* HTTP status, 0 when no answer came */
	char reason[64];     /* the status line's reason phrase, or "" */
	char *content_type;  /* of the answer (malloc'd; may be NULL) */
	kg_buf body;         /* the answer's body, decoded (gzip undone) */
} kg_http_response;

/*
 * Sends `req` and reads the whole answer into `resp` (which the caller
 * frees with kg_http_response_free).  Returns KG_OK once an answer came,
 * whatever its status; KG_ERR_IO when none did (unreachable host,
 * timeout: the reason in `err`), KG_ERR_INTERRUPTED when *cancel was set.
 * A 429 or 503 is tried again up to req->retries times, waiting as its
 * Retry-After says (seconds, bounded by max_retry_wait) or one second.
 */
kg_status kg_http_send(const kg_http_request *req, kg_http_response *resp,
                       kg_buf *err);

void kg_http_response_free(kg_http_response *resp);

/* Appends `s` percent-encoded for a URL query component; 0 or -1 (no
 * memory). */
int kg_http_url_encode(kg_buf *out, const char *s);

#endif

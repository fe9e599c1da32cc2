/* srv.h: what the server's files share: the server, its pool of store
 * handles, one request with its reply, and the helpers that build
 * replies.  Private to server/; no libmicrohttpd type appears here
 * (http.c alone speaks to it). */
#ifndef KG_SRV_H
#define KG_SRV_H

#include "server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* A growable byte buffer: a reply's body. */
typedef struct {
	char *p;
	size_t len, cap;
	int failed; /* memory ran out: the reply becomes a 500 */
} srv_buf;

void srv_buf_add(srv_buf *b, const char *data, size_t n);
void srv_buf_printf(srv_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* kg_write_fn into a srv_buf. */
int srv_buf_write(void *ctx, const char *data, size_t len);
void srv_buf_free(srv_buf *b);

/* A store handle of the pool, lent to one request at a time. */
typedef struct {
	kg_db *db;
	int busy;
	double deadline;   /* monotonic seconds; 0: no time limit running */
	int timed_out;     /* the watchdog interrupted it */
} srv_session;

typedef struct {
	const kg_server_opts *o;
	kg_db *db;              /* the caller's handle */
	int shared;             /* sessions are kg_db_open_shared handles;
	                           else one session, db itself */
	srv_session *sessions;
	size_t n_sessions;
	pthread_mutex_t mu;     /* the pool, deadlines */
	pthread_cond_t freed;
	pthread_mutex_t write_mu; /* one writer at a time */
	atomic_int stopping;
	atomic_int active;      /* requests begun and not yet completed */
	char base_url[128];     /* http://ADDR:PORT */
	char web_dir[4096];     /* "" when there is none */
	char web_gen_dir[4096]; /* "" when there is none */
} srv;

/* A request's parameters: the query string's, then the form body's. */
typedef struct {
	char *name, *value;
} srv_param;

typedef struct {
	/* the request */
	const char *method;
	const char *path;        /* without the query string, decoded */
	srv_param *params;
	size_t n_params, cap_params;
	const char *body;
	size_t body_len;
	int body_too_big;
	char content_type[128];  /* the media type alone, lower case */
	const char *accept;      /* NULL: none */
	const char *authorization;
	/* the reply */
	int status;
	const char *type;        /* the reply's Content-Type */
	srv_buf out;
	int truncated;           /* X-KG-Truncated */
	const char *allow;       /* Allow: for 405 and OPTIONS */
	int file_fd;             /* a static file to send; -1: none */
	size_t file_size;
} srv_request;

/* The first value of parameter `name`, or NULL; how many it has. */
const char *srv_param_get(const srv_request *rq, const char *name);
size_t srv_param_count(const srv_request *rq, const char *name);
/* The values of `name` as a new NULL-terminated array of borrowed
 * strings (free() it), or NULL when memory ran out. */
const char **srv_param_all(const srv_request *rq, const char *name);
/* Adds a parameter, copying both strings; 0 on success. */
int srv_param_add(srv_request *rq, const char *name, size_t nlen,
                  const char *value, size_t vlen);
/* Adds the parameters of an application/x-www-form-urlencoded text. */
int srv_params_parse(srv_request *rq, const char *text, size_t len);

/* A text/plain reply. */
void srv_reply_text(srv_request *rq, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A text/plain reply with kg's last error on `db`, its line and column. */
void srv_reply_error(srv_request *rq, int status, const kg_db *db,
                     const char *what);

/* The index in `types` (n of them, the server's preference order) of
 * the type `accept` likes best (RFC 9110 media ranges with q-values);
 * 0 when accept is NULL or empty; -1 when it accepts none of them. */
int srv_accept_pick(const char *accept, const char *const *types, size_t n);

/* Whether the request may write: --writable, or the bearer token. */
int srv_may_write(const srv *s, const srv_request *rq);

/* Lends a session for `rq`, waiting up to the time limit for one to be
 * free; NULL (and a 503 reply) when none frees up or the server stops. */
srv_session *srv_session_get(srv *s, srv_request *rq);
void srv_session_put(srv *s, srv_session *ss);
/* Starts and stops the time limit on a session's work. */
void srv_session_arm(srv *s, srv_session *ss);
void srv_session_disarm(srv *s, srv_session *ss);
/* Whether the watchdog has stopped the session's work. */
int srv_session_expired(srv *s, srv_session *ss);

/* The routes. */
void srv_sparql(srv *s, srv_request *rq);            /* protocol.c */
void srv_gsp(srv *s, srv_request *rq);               /* gsp.c */
void srv_describe(srv *s, srv_request *rq, kg_db *db); /* describe.c */
void srv_files(srv *s, srv_request *rq);             /* files.c */

#endif

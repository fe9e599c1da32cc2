/* http.c: the server's one file that speaks libmicrohttpd: the daemon
 * and its thread pool, reading a request (parameters, headers, a body up
 * to --max-body), routing it, sending the reply with CORS headers, the
 * access log, the pool of store handles with the watchdog that enforces
 * --timeout, and the orderly stop on SIGINT or SIGTERM.
 *
 * libmicrohttpd is not linked: kg serve maps it with dlopen() when it
 * starts (kg/dl.h), so that every other kg run maps neither it nor the
 * GnuTLS stack it pulls in.  microhttpd.h gives the types and constants;
 * the functions called are those of the table below. */
#include "srv.h"

#include "dl.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Debian 12's soname; configure asks pkg-config for >= 0.9.71, all 12. */
static const char *const mhd_files[] = {"libmicrohttpd.so.12"};

/* Filled once by load_mhd() in kg_server_run, before any thread starts,
 * then only read. */
static struct {
	struct MHD_Daemon *(*start_daemon)(unsigned, uint16_t,
	                                   MHD_AcceptPolicyCallback, void *,
	                                   MHD_AccessHandlerCallback, void *,
	                                   ...);
	void (*stop_daemon)(struct MHD_Daemon *);
	MHD_socket (*quiesce_daemon)(struct MHD_Daemon *);
	const union MHD_DaemonInfo *(*get_daemon_info)(
		struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
	const union MHD_ConnectionInfo *(*get_connection_info)(
		struct MHD_Connection *, enum MHD_ConnectionInfoType, ...);
	int (*get_connection_values)(struct MHD_Connection *,
	                             enum MHD_ValueKind, MHD_KeyValueIterator,
	                             void *);
	const char *(*lookup_connection_value)(struct MHD_Connection *,
	                                       enum MHD_ValueKind,
	                                       const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned,
	                                  struct MHD_Response *);
	struct MHD_Response *(*create_response_from_buffer)(
		size_t, void *, enum MHD_ResponseMemoryMode);
	struct MHD_Response *(*create_response_from_fd)(size_t, int);
	void (*destroy_response)(struct MHD_Response *);
	enum MHD_Result (*add_response_header)(struct MHD_Response *,
	                                       const char *, const char *);
} mhd;

/* The size is taken of an assignment from the header's declaration, so
 * the compiler checks each field's type against microhttpd.h; sizeof
 * does not evaluate it, so nothing links the library. */
#define LOOK_UP(f) {"MHD_" #f, &mhd.f, sizeof(mhd.f = MHD_##f)}

static int
load_mhd(void)
{
	const kg_dl_sym syms[] = {
		LOOK_UP(start_daemon), LOOK_UP(stop_daemon),
		LOOK_UP(quiesce_daemon), LOOK_UP(get_daemon_info),
		LOOK_UP(get_connection_info), LOOK_UP(get_connection_values),
		LOOK_UP(lookup_connection_value), LOOK_UP(queue_response),
		LOOK_UP(create_response_from_buffer),
		LOOK_UP(create_response_from_fd), LOOK_UP(destroy_response),
		LOOK_UP(add_response_header),
	};
	char why[256];
	if (!kg_dl_load(mhd_files, sizeof mhd_files / sizeof *mhd_files, syms,
	                sizeof syms / sizeof *syms,
	                "libmicrohttpd (Debian package libmicrohttpd12)", why,
	                sizeof why)) {
		fprintf(stderr, "kg: serve: %s\n", why);
		return -1;
	}
	return 0;
}

static double
now_mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the pool of store handles ------------------------------------------ */

srv_session *
srv_session_get(srv *s, srv_request *rq)
{
	srv_session *got = NULL;
	pthread_mutex_lock(&s->mu);
	/* Wait no longer than a request may run: a client then hears that
	 * the server is busy rather than nothing. */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	double wait = s->o->timeout > 0 ? s->o->timeout : 30;
	until.tv_sec += (time_t)wait;
	until.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	for (;;) {
		if (atomic_load(&s->stopping))
			break;
		for (size_t i = 0; i < s->n_sessions && !got; i++)
			if (!s->sessions[i].busy)
				got = &s->sessions[i];
		if (got)
			break;
		if (pthread_cond_timedwait(&s->freed, &s->mu, &until) ==
		    ETIMEDOUT)
			break;
	}
	if (got) {
		got->busy = 1;
		got->deadline = 0;
		got->timed_out = 0;
	}
	pthread_mutex_unlock(&s->mu);
	if (!got)
		srv_reply_text(rq, 503, atomic_load(&s->stopping)
		               ? "the server is stopping"
		               : "the server is busy; try again");
	return got;
}

void
srv_session_put(srv *s, srv_session *ss)
{
	/* An idle handle's snapshot would keep LMDB from reusing pages
	 * and from growing the map for the writer. */
	kg_db_idle(ss->db);
	pthread_mutex_lock(&s->mu);
	ss->busy = 0;
	ss->deadline = 0;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->mu);
}

void
srv_session_arm(srv *s, srv_session *ss)
{
	pthread_mutex_lock(&s->mu);
	ss->timed_out = 0;
	ss->deadline = s->o->timeout > 0 ? now_mono() + s->o->timeout : 0;
	pthread_mutex_unlock(&s->mu);
}

void
srv_session_disarm(srv *s, srv_session *ss)
{
	pthread_mutex_lock(&s->mu);
	ss->deadline = 0;
	pthread_mutex_unlock(&s->mu);
}

int
srv_session_expired(srv *s, srv_session *ss)
{
	pthread_mutex_lock(&s->mu);
	int t = ss->timed_out;
	pthread_mutex_unlock(&s->mu);
	return t;
}

typedef struct {
	srv *s;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	int interrupt_all; /* the stop's grace period is over */
} watchdog;

/* Interrupts the work of every session past its deadline (and, once
 * the server stops and its grace period ends, of every busy one). */
static void *
watchdog_run(void *arg)
{
	watchdog *w = arg;
	srv *s = w->s;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 50 * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->cv, &w->mu, &t);
		int all = w->interrupt_all;
		pthread_mutex_lock(&s->mu);
		double now = now_mono();
		for (size_t i = 0; i < s->n_sessions; i++) {
			srv_session *ss = &s->sessions[i];
			if (!ss->busy)
				continue;
			if (ss->deadline > 0 && now >= ss->deadline) {
				ss->timed_out = 1;
				ss->deadline = 0;
				kg_db_interrupt(ss->db);
			} else if (all) {
				kg_db_interrupt(ss->db);
			}
		}
		pthread_mutex_unlock(&s->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* ---- one connection's request ---------------------------------------------- */

typedef struct {
	srv *s;
	srv_request rq;
	char *body;
	size_t body_cap;
	double t0;
	struct timespec start;
	char client[64];
	char method[16];
	char *path;
	size_t sent;
} conn;

static enum MHD_Result
add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
        const char *value)
{
	(void)kind;
	srv_request *rq = cls;
	if (!value)
		value = "";
	return srv_param_add(rq, key, strlen(key), value, strlen(value))
	       ? MHD_NO : MHD_YES;
}

static void
client_of(struct MHD_Connection *c, char *buf, size_t size)
{
	snprintf(buf, size, "-");
	const union MHD_ConnectionInfo *ci =
		mhd.get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)
		          ->sin_addr, buf, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		          (const void *)sa)->sin6_addr, buf, (socklen_t)size);
}

/* The media type of a Content-Type header, lower case, no parameters. */
static void
media_type(const char *header, char *out, size_t size)
{
	size_t n = 0;
	if (header)
		for (const char *p = header; *p && *p != ';' && n + 1 < size; p++)
			if (!isspace((unsigned char)*p))
				out[n++] = (char)tolower((unsigned char)*p);
	out[n] = '\0';
}

static void
route(srv *s, srv_request *rq)
{
	const char *p = rq->path;
	if (!strcmp(rq->method, "OPTIONS")) {
		/* A CORS preflight, or a client asking what is allowed. */
		rq->status = 204;
		rq->allow = !strcmp(p, "/sparql")
		            ? "GET, HEAD, POST, OPTIONS"
		            : !strcmp(p, "/rdf-graphs") || !strcmp(p, "/data")
		            ? "GET, HEAD, PUT, POST, DELETE, OPTIONS"
		            : "GET, HEAD, OPTIONS";
		return;
	}
	if (!strcmp(p, "/sparql"))
		srv_sparql(s, rq);
	else if (!strcmp(p, "/rdf-graphs") || !strcmp(p, "/data"))
		srv_gsp(s, rq);
	else
		srv_files(s, rq);
}

static enum MHD_Result
send_reply(conn *cn, struct MHD_Connection *c)
{
	srv *s = cn->s;
	srv_request *rq = &cn->rq;
	if (rq->out.failed) {
		srv_buf_free(&rq->out);
		srv_reply_text(rq, 500, "out of memory");
	}
	struct MHD_Response *res;
	if (rq->file_fd >= 0) {
		res = mhd.create_response_from_fd(rq->file_size, rq->file_fd);
		if (!res)
			close(rq->file_fd);
		rq->file_fd = -1;
		cn->sent = rq->file_size;
	} else {
		/* The response takes the buffer and frees it. */
		static char empty[1];
		cn->sent = rq->out.len;
		res = mhd.create_response_from_buffer(rq->out.len,
		                                      rq->out.p ? rq->out.p : empty,
		                                      rq->out.p
		                                      ? MHD_RESPMEM_MUST_FREE
		                                      : MHD_RESPMEM_PERSISTENT);
		if (res)
			rq->out.p = NULL;
	}
	if (!res)
		return MHD_NO;
	if (rq->type)
		mhd.add_response_header(res, "Content-Type", rq->type);
	if (rq->truncated)
		mhd.add_response_header(res, "X-KG-Truncated", "true");
	if (rq->allow)
		mhd.add_response_header(res, "Allow", rq->allow);
	if (!strcmp(rq->path, "/sparql") || !strcmp(rq->path, "/rdf-graphs") ||
	    !strcmp(rq->path, "/data")) {
		mhd.add_response_header(res, "Vary", "Accept");
		mhd.add_response_header(res, "Cache-Control", "no-store");
	}
	if (s->o->cors_origin) {
		mhd.add_response_header(res, "Access-Control-Allow-Origin",
		                        s->o->cors_origin);
		if (!strcmp(rq->method, "OPTIONS")) {
			mhd.add_response_header(res, "Access-Control-Allow-Methods",
			                        rq->allow ? rq->allow : "GET");
			mhd.add_response_header(res, "Access-Control-Allow-Headers",
			                        "Accept, Authorization, "
			                        "Content-Type");
			mhd.add_response_header(res, "Access-Control-Max-Age",
			                        "600");
		} else {
			mhd.add_response_header(res,
			                        "Access-Control-Expose-Headers",
			                        "X-KG-Truncated");
		}
	}
	enum MHD_Result ok = mhd.queue_response(c, (unsigned)rq->status, res);
	mhd.destroy_response(res);
	return ok;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
           const char *method, const char *version, const char *upload,
           size_t *upload_size, void **con_cls)
{
	(void)version;
	srv *s = cls;
	conn *cn = *con_cls;
	if (!cn) {
		if (!(cn = calloc(1, sizeof *cn)))
			return MHD_NO;
		*con_cls = cn;
		atomic_fetch_add(&s->active, 1);
		cn->s = s;
		cn->t0 = now_mono();
		clock_gettime(CLOCK_REALTIME, &cn->start);
		cn->rq.file_fd = -1;
		cn->rq.status = 500;
		snprintf(cn->method, sizeof cn->method, "%s", method);
		cn->rq.method = cn->method;
		cn->path = strdup(url);
		cn->rq.path = cn->path ? cn->path : "/";
		client_of(c, cn->client, sizeof cn->client);
		/* Too big by its length: say so before reading it. */
		const char *len = mhd.lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > s->o->max_body) {
			cn->rq.body_too_big = 1;
			srv_reply_text(&cn->rq, 413, "the request body is over "
			               "the server's limit of %zu bytes",
			               s->o->max_body);
			return send_reply(cn, c);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (cn->rq.body_too_big)
			return MHD_YES;
		if (cn->rq.body_len + n > s->o->max_body) {
			cn->rq.body_too_big = 1;
			return MHD_YES;
		}
		if (cn->rq.body_len + n + 1 > cn->body_cap) {
			size_t cap = cn->body_cap ? cn->body_cap : 4096;
			while (cap < cn->rq.body_len + n + 1)
				cap *= 2;
			char *p = realloc(cn->body, cap);
			if (!p)
				return MHD_NO;
			cn->body = p;
			cn->body_cap = cap;
		}
		memcpy(cn->body + cn->rq.body_len, upload, n);
		cn->rq.body_len += n;
		cn->body[cn->rq.body_len] = '\0';
		cn->rq.body = cn->body;
		return MHD_YES;
	}
	if (cn->rq.body_too_big && cn->rq.status == 413)
		return MHD_YES; /* answered already */
	srv_request *rq = &cn->rq;
	if (mhd.get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, rq) <
	    0) {
		srv_reply_text(rq, 500, "out of memory");
		return send_reply(cn, c);
	}
	media_type(mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	                                       MHD_HTTP_HEADER_CONTENT_TYPE),
	           rq->content_type, sizeof rq->content_type);
	rq->accept = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	                                         MHD_HTTP_HEADER_ACCEPT);
	rq->authorization = mhd.lookup_connection_value(
		c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (rq->body_too_big)
		srv_reply_text(rq, 413, "the request body is over the "
		               "server's limit of %zu bytes", s->o->max_body);
	else
		route(s, rq);
	return send_reply(cn, c);
}

/* One access-log line per request when it is over: when it arrived,
 * the client, method, path, status, bytes sent and milliseconds. */
static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode why)
{
	(void)c;
	srv *s = cls;
	conn *cn = *con_cls;
	if (!cn)
		return;
	*con_cls = NULL;
	if (!s->o->quiet) {
		struct tm tm;
		gmtime_r(&cn->start.tv_sec, &tm);
		char when[32];
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ldZ %s %s %s %d %zu %.1fms%s\n", when,
		        cn->start.tv_nsec / 1000000L, cn->client, cn->method,
		        cn->rq.path, cn->rq.status, cn->sent,
		        (now_mono() - cn->t0) * 1000,
		        why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
		        : " (connection lost)");
	}
	srv_request *rq = &cn->rq;
	for (size_t i = 0; i < rq->n_params; i++) {
		free(rq->params[i].name);
		free(rq->params[i].value);
	}
	free(rq->params);
	if (rq->file_fd >= 0)
		close(rq->file_fd);
	srv_buf_free(&rq->out);
	free(cn->body);
	free(cn->path);
	free(cn);
	atomic_fetch_sub(&s->active, 1);
}

/* ---- starting and stopping ------------------------------------------------- */

/* "ADDR:PORT", "[V6ADDR]:PORT" or ":PORT" (loopback) into `ss`. */
static int
parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	char host[256];
	const char *colon = strrchr(spec, ':');
	if (!colon || (size_t)(colon - spec) >= sizeof host)
		return -1;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (end == colon + 1 || *end || port > 65535)
		return -1;
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*len = sizeof *a;
		return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)(void *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*len = sizeof *a;
	if (!*host || !strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fprintf(stderr, "kg: serve: ");
	vfprintf(stderr, fmt, ap);
}

/* Waits up to `seconds` for the running requests to end. */
static int
drain(srv *s, double seconds)
{
	double until = now_mono() + seconds;
	while (atomic_load(&s->active) > 0 && now_mono() < until) {
		struct timespec t = {0, 20 * 1000000L};
		nanosleep(&t, NULL);
	}
	return atomic_load(&s->active) == 0;
}

int
kg_server_run(kg_db *db, const kg_server_opts *o)
{
	srv s;
	memset(&s, 0, sizeof s);
	s.o = o;
	s.db = db;
	atomic_init(&s.stopping, 0);
	atomic_init(&s.active, 0);
	if (load_mhd())
		return 1;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	const char *listen = o->listen ? o->listen : "127.0.0.1:7878";
	if (parse_listen(listen, &addr, &addr_len)) {
		fprintf(stderr, "kg: serve: --listen wants ADDR:PORT, not "
		        "'%s'\n", listen);
		return 2;
	}
	unsigned threads = o->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	if (o->web_dir)
		snprintf(s.web_dir, sizeof s.web_dir, "%s", o->web_dir);
	if (o->web_gen_dir)
		snprintf(s.web_gen_dir, sizeof s.web_gen_dir, "%s",
		         o->web_gen_dir);

	/* The pool: a handle per thread on kg's own store (readers in
	 * parallel, one writer beside them); Redland's stores are not safe
	 * to share, so every request takes turns on the caller's handle. */
	kg_db *first = NULL;
	kg_status st = kg_db_open_shared(db, &first);
	s.shared = st == KG_OK;
	s.n_sessions = s.shared ? threads : 1;
	s.sessions = calloc(s.n_sessions, sizeof *s.sessions);
	if (!s.sessions) {
		kg_db_close(first);
		fprintf(stderr, "kg: serve: out of memory\n");
		return 1;
	}
	if (s.shared) {
		s.sessions[0].db = first;
		for (size_t i = 1; i < s.n_sessions; i++)
			if (kg_db_open_shared(db, &s.sessions[i].db)) {
				fprintf(stderr, "kg: serve: %s\n",
				        kg_db_errmsg(s.sessions[i].db));
				for (size_t k = 0; k <= i; k++)
					kg_db_close(s.sessions[k].db);
				free(s.sessions);
				return 1;
			}
	} else {
		s.sessions[0].db = db;
	}
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.freed, NULL);
	pthread_mutex_init(&s.write_mu, NULL);

	/* Signals go to this thread alone, through sigwait: the daemon's
	 * threads start with them blocked. */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);

	watchdog w;
	memset(&w, 0, sizeof w);
	w.s = &s;
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	pthread_t wt;
	int have_wt = !pthread_create(&wt, NULL, watchdog_run, &w);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = mhd.start_daemon(
		flags, 0, NULL, NULL, on_request, &s,
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		MHD_OPTION_END);
	int rc = 0;
	if (!d) {
		fprintf(stderr, "kg: serve: cannot listen on %s: %s\n", listen,
		        strerror(errno));
		rc = 1;
		goto out;
	}
	const union MHD_DaemonInfo *di =
		mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "127.0.0.1";
	if (addr.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)&addr)
		          ->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&addr)
		          ->sin_addr, host, sizeof host);
	snprintf(s.base_url, sizeof s.base_url,
	         addr.ss_family == AF_INET6 ? "http://[%s]:%u" : "http://%s:%u",
	         host, di ? (unsigned)di->port : 0);
	printf("kg: serving %s at %s/ (%s; endpoint /sparql)\n",
	       o->store ? o->store : "the store", s.base_url,
	       o->writable ? "writable"
	       : o->update_token ? "writable with the update token"
	       : "read-only");
	fflush(stdout);

	for (;;) {
		int sig = 0;
		if (sigwait(&sigs, &sig) == 0 && sig != SIGPIPE)
			break;
	}
	/* Stop: no new connections; the running requests get the time
	 * limit to end, then are interrupted (an interrupted write rolls
	 * back whole). */
	atomic_store(&s.stopping, 1);
	pthread_mutex_lock(&s.mu);
	pthread_cond_broadcast(&s.freed);
	pthread_mutex_unlock(&s.mu);
	MHD_socket lfd = mhd.quiesce_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	if (!drain(&s, o->timeout > 0 ? o->timeout : 10)) {
		pthread_mutex_lock(&w.mu);
		w.interrupt_all = 1;
		pthread_mutex_unlock(&w.mu);
		drain(&s, 10);
	}
	mhd.stop_daemon(d);
	if (!o->quiet)
		fprintf(stderr, "kg: serve: stopped\n");
out:
	if (have_wt) {
		pthread_mutex_lock(&w.mu);
		w.stop = 1;
		pthread_cond_signal(&w.cv);
		pthread_mutex_unlock(&w.mu);
		pthread_join(wt, NULL);
	}
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	if (s.shared)
		for (size_t i = 0; i < s.n_sessions; i++)
			kg_db_close(s.sessions[i].db);
	free(s.sessions);
	pthread_mutex_destroy(&s.mu);
	pthread_cond_destroy(&s.freed);
	pthread_mutex_destroy(&s.write_mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

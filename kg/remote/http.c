/* http.c: HTTP requests through libcurl, the only file that calls curl
 * (http.h says why).
 *
 * libcurl is not linked: it is mapped with dlopen() by the first request
 * (as the Redland plugin is, kg/store/plugin.c), so that kg's start-up
 * and every query on a local store map none of it and the libraries it
 * pulls in.  curl.h gives the types and constants at build time; the few
 * functions kg calls are looked up once, under a pthread_once guard:
 * the one piece of global state of this file, set once and then read.
 */
#include "remote/http.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The GnuTLS flavour first: Raptor's own dependency, so usually mapped
 * already when a Redland store is open; then any libcurl 4. */
static const char *const curl_files[] = {"libcurl-gnutls.so.4",
                                         "libcurl.so.4"};

static struct {
	CURL *(*init)(void);
	void (*cleanup)(CURL *);
	void (*reset)(CURL *);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	const char *(*strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	int ready;
	char why[256];
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

/* POSIX lets dlsym's result be read as a function pointer; ISO C has no
 * such cast, hence the copy. */
static int
look_up(void *h, const char *name, void *fn, size_t size)
{
	void *sym = dlsym(h, name);
	if (!sym)
		return -1;
	memcpy(fn, &sym, size);
	return 0;
}

#define LOOK_UP(h, field, name) \
	look_up(h, name, &curl.field, sizeof curl.field)

static void
load_curl(void)
{
	void *h = NULL;
	for (size_t i = 0; !h && i < sizeof curl_files / sizeof *curl_files; i++)
		h = dlopen(curl_files[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(curl.why, sizeof curl.why, "libcurl could not be "
		         "loaded (Debian package libcurl3-gnutls): %s", dlerror());
		return;
	}
	if (LOOK_UP(h, init, "curl_easy_init") ||
	    LOOK_UP(h, cleanup, "curl_easy_cleanup") ||
	    LOOK_UP(h, reset, "curl_easy_reset") ||
	    LOOK_UP(h, setopt, "curl_easy_setopt") ||
	    LOOK_UP(h, perform, "curl_easy_perform") ||
	    LOOK_UP(h, getinfo, "curl_easy_getinfo") ||
	    LOOK_UP(h, strerror, "curl_easy_strerror") ||
	    LOOK_UP(h, slist_append, "curl_slist_append") ||
	    LOOK_UP(h, slist_free_all, "curl_slist_free_all")) {
		snprintf(curl.why, sizeof curl.why, "libcurl lacks a function "
		         "kg needs: %s", dlerror());
		dlclose(h);
		return;
	}
	curl.ready = 1; /* mapped for the life of the process */
}

typedef struct {
	kg_http_response *resp;
	double retry_after; /* seconds, -1 when the answer had none */
	int nomem;
} exchange;

static size_t
on_body(char *data, size_t size, size_t n, void *ctx)
{
	exchange *x = ctx;
	if (kg_buf_put(&x->resp->body, data, size * n)) {
		x->nomem = 1;
		return 0;
	}
	return size * n;
}

/* Headers arrive one line at a time, a fresh set for each answer of a
 * redirect chain; only the last answer's matter. */
static size_t
on_header(char *data, size_t size, size_t n, void *ctx)
{
	exchange *x = ctx;
	size_t len = size * n;
	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		x->retry_after = -1;
		/* "HTTP/1.1 500 Internal Server Error": keep the phrase. */
		const char *sp = memchr(data, ' ', len);
		const char *phrase = sp ? memchr(sp + 1, ' ',
		                                 len - (size_t)(sp + 1 - data))
		                        : NULL;
		size_t plen = 0;
		if (phrase) {
			phrase++;
			while (phrase + plen < data + len && phrase[plen] != '\r' &&
			       phrase[plen] != '\n')
				plen++;
		}
		if (plen >= sizeof x->resp->reason)
			plen = sizeof x->resp->reason - 1;
		if (plen)
			memcpy(x->resp->reason, phrase, plen);
		x->resp->reason[plen] = '\0';
		free(x->resp->content_type);
		x->resp->content_type = NULL;
		return len;
	}
	const char *colon = memchr(data, ':', len);
	if (!colon)
		return len;
	size_t name = (size_t)(colon - data);
	const char *v = colon + 1;
	const char *end = data + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	if (name == 12 && !strncasecmp(data, "Content-Type", 12)) {
		free(x->resp->content_type);
		x->resp->content_type = strndup(v, (size_t)(end - v));
		if (!x->resp->content_type)
			x->nomem = 1;
	} else if (name == 11 && !strncasecmp(data, "Retry-After", 11)) {
		/* Seconds; an HTTP date counts as "a while": one second. */
		char *stop;
		double s = strtod(v, &stop);
		x->retry_after = stop > v ? s : 1;
	}
	return len;
}

static int
on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
            curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const kg_http_request *req = ctx;
	return req->cancel && *req->cancel;
}

/* Sleeps `seconds`, waking early when the request is cancelled. */
static int
wait_cancellable(const kg_http_request *req, double seconds)
{
	while (seconds > 0) {
		if (req->cancel && *req->cancel)
			return -1;
		double step = seconds < 0.1 ? seconds : 0.1;
		struct timespec ts = {0, (long)(step * 1e9)};
		while (nanosleep(&ts, &ts) && errno == EINTR)
			if (req->cancel && *req->cancel)
				return -1;
		seconds -= step;
	}
	return 0;
}

static kg_status
send_once(CURL *c, const kg_http_request *req, kg_http_response *resp,
          double *retry_after, kg_buf *err)
{
	exchange x = {resp, -1, 0};
	char curl_err[CURL_ERROR_SIZE] = "";
	kg_buf_reset(&resp->body);
	free(resp->content_type);
	resp->content_type = NULL;
	resp->status = 0;

	struct curl_slist *headers = NULL, *h;
	char line[256];
	if (req->accept) {
		snprintf(line, sizeof line, "Accept: %s", req->accept);
		if (!(h = curl.slist_append(headers, line)))
			goto nomem;
		headers = h;
	}
	if (req->content_type) {
		snprintf(line, sizeof line, "Content-Type: %s", req->content_type);
		if (!(h = curl.slist_append(headers, line)))
			goto nomem;
		headers = h;
		/* Never "Expect: 100-continue": it costs a round trip, and some
		 * servers do not answer it. */
		if (!(h = curl.slist_append(headers, "Expect:")))
			goto nomem;
		headers = h;
	}

	curl.reset(c);
	curl.setopt(c, CURLOPT_URL, req->url);
	curl.setopt(c, CURLOPT_USERAGENT, "kg/" KG_VERSION);
	curl.setopt(c, CURLOPT_HTTPHEADER, headers);
	curl.setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* all curl knows */
	curl.setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl.setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl.setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl.setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	curl.setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl.setopt(c, CURLOPT_WRITEDATA, &x);
	curl.setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl.setopt(c, CURLOPT_HEADERDATA, &x);
	curl.setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl.setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl.setopt(c, CURLOPT_XFERINFODATA, req);
	if (req->connect_timeout > 0)
		curl.setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
		                 (long)(req->connect_timeout * 1000));
	if (req->timeout > 0)
		curl.setopt(c, CURLOPT_TIMEOUT_MS, (long)(req->timeout * 1000));
	if (req->content_type) {
		curl.setopt(c, CURLOPT_POST, 1L);
		curl.setopt(c, CURLOPT_POSTFIELDS, req->body);
		curl.setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)req->body_len);
	}

	CURLcode rc = curl.perform(c);
	curl.slist_free_all(headers);
	*retry_after = x.retry_after;
	if (x.nomem)
		return KG_ERR_NOMEM;
	switch (rc) {
	case CURLE_OK:
		curl.getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
		return KG_OK;
	case CURLE_ABORTED_BY_CALLBACK:
		kg_buf_puts(err, "interrupted");
		return KG_ERR_INTERRUPTED;
	case CURLE_OPERATION_TIMEDOUT:
		kg_buf_printf(err, "no answer within %g s (timed out)",
		              req->timeout);
		return KG_ERR_IO;
	default:
		kg_buf_printf(err, "%s", *curl_err ? curl_err
		                                   : curl.strerror(rc));
		return KG_ERR_IO;
	}
nomem:
	curl.slist_free_all(headers);
	return KG_ERR_NOMEM;
}

kg_status
kg_http_send(const kg_http_request *req, kg_http_response *resp, kg_buf *err)
{
	memset(resp, 0, sizeof *resp);
	pthread_once(&curl_once, load_curl);
	if (!curl.ready) {
		kg_buf_puts(err, curl.why);
		return KG_ERR_UNSUPPORTED;
	}
	CURL *c = curl.init();
	if (!c) {
		kg_buf_puts(err, "the HTTP client could not start");
		return KG_ERR_NOMEM;
	}
	kg_status st;
	for (int attempt = 0;; attempt++) {
		double retry_after;
		st = send_once(c, req, resp, &retry_after, err);
		if (st || (resp->status != 429 && resp->status != 503) ||
		    attempt >= req->retries)
			break;
		double wait = retry_after >= 0 ? retry_after : 1;
		if (wait > req->max_retry_wait)
			break; /* longer than we would wait: say the 503 */
		if (wait_cancellable(req, wait)) {
			kg_buf_puts(err, "interrupted");
			st = KG_ERR_INTERRUPTED;
			break;
		}
	}
	curl.cleanup(c);
	return st;
}

void
kg_http_response_free(kg_http_response *resp)
{
	if (!resp)
		return;
	free(resp->content_type);
	resp->content_type = NULL;
	kg_buf_free(&resp->body);
}

int
kg_http_url_encode(kg_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		            (*p >= '0' && *p <= '9') || strchr("-_.~", *p);
		if (plain ? kg_buf_putc(out, (char)*p)
		          : kg_buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]))
			return -1;
	}
	return 0;
}

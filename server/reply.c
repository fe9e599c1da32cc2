/* reply.c: the pieces every route uses: a reply's buffer, a request's
 * parameters (query string and form body), content negotiation, and
 * plain-text error replies. */
#include "srv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
srv_buf_add(srv_buf *b, const char *data, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Appends the formatted text; returns its length, or -1 (b failed). */
static int
buf_vprintf(srv_buf *b, const char *fmt, va_list ap)
{
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	if (n < 0) {
		b->failed = 1;
		return -1;
	}
	srv_buf_add(b, s, (size_t)n);
	free(s);
	return n;
}

void
srv_buf_printf(srv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

int
srv_buf_write(void *ctx, const char *data, size_t len)
{
	srv_buf *b = ctx;
	srv_buf_add(b, data, len);
	return b->failed;
}

void
srv_buf_free(srv_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- parameters --------------------------------------------------------- */

const char *
srv_param_get(const srv_request *rq, const char *name)
{
	for (size_t i = 0; i < rq->n_params; i++)
		if (!strcmp(rq->params[i].name, name))
			return rq->params[i].value;
	return NULL;
}

size_t
srv_param_count(const srv_request *rq, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < rq->n_params; i++)
		n += !strcmp(rq->params[i].name, name);
	return n;
}

const char **
srv_param_all(const srv_request *rq, const char *name)
{
	const char **all = calloc(srv_param_count(rq, name) + 1, sizeof *all);
	size_t n = 0;
	for (size_t i = 0; all && i < rq->n_params; i++)
		if (!strcmp(rq->params[i].name, name))
			all[n++] = rq->params[i].value;
	return all;
}

int
srv_param_add(srv_request *rq, const char *name, size_t nlen,
              const char *value, size_t vlen)
{
	if (rq->n_params == rq->cap_params) {
		size_t cap = rq->cap_params ? 2 * rq->cap_params : 8;
		srv_param *p = realloc(rq->params, cap * sizeof *p);
		if (!p)
			return -1;
		rq->params = p;
		rq->cap_params = cap;
	}
	char *n = strndup(name, nlen), *v = strndup(value, vlen);
	if (!n || !v) {
		free(n);
		free(v);
		return -1;
	}
	rq->params[rq->n_params].name = n;
	rq->params[rq->n_params].value = v;
	rq->n_params++;
	return 0;
}

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes %XX and '+' of a form field in place; returns its length. */
static size_t
form_decode(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n &&
		           (h = hex(s[i + 1])) >= 0 && (l = hex(s[i + 2])) >= 0) {
			s[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

int
srv_params_parse(srv_request *rq, const char *text, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	int rc = 0;
	for (char *field = copy; !rc && field < copy + len;) {
		char *end = memchr(field, '&', (size_t)(copy + len - field));
		if (!end)
			end = copy + len;
		char *eq = memchr(field, '=', (size_t)(end - field));
		char *vstart = eq ? eq + 1 : end;
		size_t nlen = form_decode(field, (size_t)((eq ? eq : end) - field));
		size_t vlen = form_decode(vstart, (size_t)(end - vstart));
		if (nlen)
			rc = srv_param_add(rq, field, nlen, vstart, vlen);
		field = end + 1;
	}
	free(copy);
	return rc;
}

/* ---- replies ------------------------------------------------------------ */

void
srv_reply_text(srv_request *rq, int status, const char *fmt, ...)
{
	srv_buf_free(&rq->out);
	rq->status = status;
	rq->type = "text/plain; charset=utf-8";
	va_list ap;
	va_start(ap, fmt);
	int n = buf_vprintf(&rq->out, fmt, ap);
	va_end(ap);
	if (n >= 0 && !rq->out.failed &&
	    (rq->out.len == 0 || rq->out.p[rq->out.len - 1] != '\n'))
		srv_buf_add(&rq->out, "\n", 1);
}

void
srv_reply_error(srv_request *rq, int status, const kg_db *db,
                const char *what)
{
	int line = kg_db_errline(db), col = kg_db_errcol(db);
	const char *msg = kg_db_errmsg(db);
	if (line && col)
		srv_reply_text(rq, status, "%s: line %d, column %d: %s", what,
		               line, col, msg);
	else if (line)
		srv_reply_text(rq, status, "%s: line %d: %s", what, line, msg);
	else
		srv_reply_text(rq, status, "%s: %s", what, msg);
}

/* ---- content negotiation -------------------------------------------------- */

/* How specifically media range `range` (type/subtype, lower case)
 * matches `type`: 3 exactly, 2 type/star, 1 star/star, 0 not at all. */
static int
range_match(const char *range, size_t rlen, const char *type)
{
	if (rlen == 3 && !strncmp(range, "*/*", 3))
		return 1;
	const char *slash = memchr(range, '/', rlen);
	if (!slash)
		return 0;
	size_t major = (size_t)(slash - range);
	if (rlen == major + 2 && slash[1] == '*')
		return !strncasecmp(range, type, major) && type[major] == '/' ? 2 : 0;
	return strlen(type) == rlen && !strncasecmp(range, type, rlen) ? 3 : 0;
}

int
srv_accept_pick(const char *accept, const char *const *types, size_t n)
{
	if (!accept || !*accept)
		return 0;
	int best = -1;
	double best_q = 0;
	for (size_t t = 0; t < n; t++) {
		/* The q of the most specific range that matches this type. */
		int spec = 0;
		double q = 0;
		const char *p = accept;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			if (!*p)
				break;
			const char *start = p;
			while (*p && *p != ';' && *p != ',' && *p != ' ')
				p++;
			size_t rlen = (size_t)(p - start);
			double rq = 1;
			/* parameters: q=, others ignored */
			while (*p && *p != ',') {
				while (*p == ' ' || *p == ';' || *p == '\t')
					p++;
				if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
					rq = strtod(p + 2, NULL);
				while (*p && *p != ';' && *p != ',')
					p++;
			}
			int m = range_match(start, rlen, types[t]);
			if (m > spec) {
				spec = m;
				q = rq;
			}
		}
		if (spec && q > best_q) {
			best_q = q;
			best = (int)t;
		}
	}
	return best;
}

int
srv_may_write(const srv *s, const srv_request *rq)
{
	if (s->o->writable)
		return 1;
	const char *tok = s->o->update_token;
	const char *auth = rq->authorization;
	if (!tok || !*tok || !auth || strncasecmp(auth, "Bearer ", 7))
		return 0;
	auth += 7;
	while (*auth == ' ')
		auth++;
	/* Compared in time that does not depend on where they differ. */
	size_t n = strlen(tok), m = strlen(auth);
	unsigned diff = n != m;
	for (size_t i = 0; i < m; i++)
		diff |= (unsigned char)auth[i] ^ (unsigned char)tok[i % n];
	return !diff;
}

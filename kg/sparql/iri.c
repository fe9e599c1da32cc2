/* iri.c: resolving IRI references against a base (RFC 3986, 5.2). */
#include "sparql.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *s;
	size_t n;
	int defined;
} part;

typedef struct {
	part scheme, authority, path, query, fragment;
} iri_parts;

static void
split(const char *iri, iri_parts *p)
{
	memset(p, 0, sizeof *p);
	const char *s = iri;
	/* scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	size_t i = 0;
	if ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') {
		while (s[i] && strchr("abcdefghijklmnopqrstuvwxyz"
		                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.",
		                      s[i]))
			i++;
		if (s[i] == ':') {
			p->scheme = (part){s, i, 1};
			s += i + 1;
		}
	}
	if (s[0] == '/' && s[1] == '/') {
		size_t n = strcspn(s + 2, "/?#");
		p->authority = (part){s + 2, n, 1};
		s += 2 + n;
	}
	size_t n = strcspn(s, "?#");
	p->path = (part){s, n, 1};
	s += n;
	if (*s == '?') {
		n = strcspn(s + 1, "#");
		p->query = (part){s + 1, n, 1};
		s += 1 + n;
	}
	if (*s == '#')
		p->fragment = (part){s + 1, strlen(s + 1), 1};
}

/* Removes "." and ".." segments from the path in `in`, appending the
 * result to `out`. */
static int
remove_dots(const char *in, size_t n, kg_buf *out)
{
	size_t start = out->len;
	size_t i = 0;
	while (i < n) {
		const char *s = in + i;
		size_t left = n - i;
		if (left >= 3 && !strncmp(s, "../", 3)) {
			i += 3;
		} else if (left >= 2 && !strncmp(s, "./", 2)) {
			i += 2;
		} else if (left >= 3 && !strncmp(s, "/./", 3)) {
			i += 2;
		} else if (left == 2 && !strncmp(s, "/.", 2)) {
			if (kg_buf_putc(out, '/'))
				return -1;
			i += 2;
		} else if ((left >= 4 && !strncmp(s, "/../", 4)) ||
		           (left == 3 && !strncmp(s, "/..", 3))) {
			/* drop the last segment of the output */
			size_t k = out->len;
			while (k > start && out->data[k - 1] != '/')
				k--;
			if (k > start)
				k--;
			out->len = k;
			if (out->data)
				out->data[k] = '\0';
			if (left == 3) {
				if (kg_buf_putc(out, '/'))
					return -1;
				i += 3;
			} else {
				i += 3;
			}
		} else if ((left == 1 && s[0] == '.') ||
		           (left == 2 && !strncmp(s, "..", 2))) {
			i += left;
		} else {
			size_t k = s[0] == '/' ? 1 : 0;
			while (k < left && s[k] != '/')
				k++;
			if (kg_buf_put(out, s, k))
				return -1;
			i += k;
		}
	}
	return 0;
}

static int
put_part(kg_buf *out, const char *before, const part *p)
{
	if (!p->defined)
		return 0;
	return kg_buf_puts(out, before) || kg_buf_put(out, p->s, p->n);
}

int
kg_sparql_iri_resolve(const char *base, const char *ref, kg_buf *out)
{
	kg_buf_reset(out);
	iri_parts r, b, t;
	split(ref, &r);
	if (!base) {
		if (!r.scheme.defined)
			return kg_buf_puts(out, ref);
		b = r;
	} else {
		split(base, &b);
	}
	kg_buf merged = {0};
	int rc = 0;
	const char *path = NULL;
	size_t path_n = 0;
	int dots = 1;
	if (r.scheme.defined) {
		t = r;
	} else {
		t = r;
		t.scheme = b.scheme;
		if (!r.authority.defined) {
			t.authority = b.authority;
			if (!r.path.n) {
				t.path = b.path;
				dots = 0;
				if (!r.query.defined)
					t.query = b.query;
			} else if (r.path.s[0] != '/') {
				if (b.authority.defined && !b.path.n) {
					rc |= kg_buf_putc(&merged, '/');
				} else {
					size_t k = b.path.n;
					while (k && b.path.s[k - 1] != '/')
						k--;
					rc |= kg_buf_put(&merged, b.path.s, k);
				}
				rc |= kg_buf_put(&merged, r.path.s, r.path.n);
				path = kg_buf_str(&merged);
				path_n = merged.len;
			}
		}
	}
	if (!path) {
		path = t.path.s ? t.path.s : "";
		path_n = t.path.n;
	}
	if (t.scheme.defined)
		rc |= kg_buf_put(out, t.scheme.s, t.scheme.n) ||
		      kg_buf_putc(out, ':');
	rc |= put_part(out, "//", &t.authority);
	if (dots)
		rc |= remove_dots(path, path_n, out);
	else
		rc |= kg_buf_put(out, path, path_n);
	rc |= put_part(out, "?", &t.query);
	rc |= put_part(out, "#", &r.fragment);
	kg_buf_free(&merged);
	if (!out->data && !rc)
		rc = kg_buf_puts(out, "");
	return rc ? -1 : 0;
}

const char *
kg_sparql_iri_check(const char *iri)
{
	iri_parts r;
	split(iri, &r);
	if (!r.authority.defined)
		return NULL;
	/* authority = [ userinfo "@" ] host [ ":" port ]; userinfo may
	 * hold ':' but not '@', so the host starts after the last '@'. */
	const char *a = r.authority.s, *end = a + r.authority.n;
	for (const char *c = a; c < end; c++)
		if (*c == '@')
			a = c + 1;
	if (a < end && *a == '[') {
		while (a < end && *a != ']')
			a++;
		if (a == end)
			return "its host has '[' without ']'";
		a++;
		if (a < end && *a != ':')
			return "its host goes on after ']'";
	} else {
		while (a < end && *a != ':')
			a++;
	}
	/* port = *DIGIT */
	for (const char *c = a + (a < end); c < end; c++)
		if (*c < '0' || *c > '9')
			return "its port is not digits";
	return NULL;
}

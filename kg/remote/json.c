/* json.c: the JSON reader of json.h: recursive descent into nodes
 * carved from an arena, so a document is freed in a few calls. */
#include "remote/json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting deeper than this is no result document; it would only
 * exhaust the stack. */
#define MAX_DEPTH 64

typedef struct chunk chunk;
struct chunk {
	chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct kg_json_doc {
	chunk *chunks;
	kg_json *root;
};

typedef struct {
	kg_json_doc *doc;
	const char *p, *end, *start;
	char *err;
	size_t errsize;
	int failed;
	/* kg_json_parse_each(): the array's path, and its hook (NULL once
	 * the hook asked for the rest in the tree). */
	const char *path[2];
	kg_json_each each;
	void *ctx;
} reader;

/* Where the arena stood, to give back what was taken since. */
typedef struct {
	chunk *c;
	size_t used;
} arena_mark;

static void *
arena_alloc(kg_json_doc *doc, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
	    sizeof(max_align_t);
	chunk *c = doc->chunks;
	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;
		c = malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = doc->chunks;
		doc->chunks = c;
	}
	void *out = (char *)c->data + c->used;
	c->used += n;
	return out;
}

static arena_mark
arena_where(const kg_json_doc *doc)
{
	arena_mark m = {doc->chunks, doc->chunks ? doc->chunks->used : 0};
	return m;
}

static void
arena_back(kg_json_doc *doc, arena_mark m)
{
	while (doc->chunks != m.c) {
		chunk *c = doc->chunks;
		doc->chunks = c->next;
		free(c);
	}
	if (m.c)
		m.c->used = m.used;
}

static void
fail(reader *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = 1;
	int line = 1;
	for (const char *q = r->start; q < r->p && q < r->end; q++)
		line += *q == '\n';
	int n = snprintf(r->err, r->errsize, "line %d: ", line);
	if (n < 0 || (size_t)n >= r->errsize)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errsize - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
skip_space(reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	                         *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static kg_json *
new_node(reader *r, kg_json_type type)
{
	kg_json *v = arena_alloc(r->doc, sizeof *v);
	if (!v) {
		fail(r, "out of memory");
		return NULL;
	}
	memset(v, 0, sizeof *v);
	v->type = type;
	return v;
}

static int
hex4(reader *r, unsigned *out)
{
	if (r->end - r->p < 4)
		return -1;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = r->p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	r->p += 4;
	*out = v;
	return 0;
}

static size_t
put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reads a string at r->p (the opening quote) into the arena.  The
 * decoded text is never longer than the source, which bounds the
 * allocation. */
static char *
read_string(reader *r)
{
	const char *q = ++r->p;
	while (q < r->end && *q != '"')
		q += *q == '\\' ? 2 : 1;
	if (q >= r->end) {
		fail(r, "unterminated string");
		return NULL;
	}
	char *out = arena_alloc(r->doc, (size_t)(q - r->p) + 1);
	if (!out) {
		fail(r, "out of memory");
		return NULL;
	}
	size_t n = 0;
	while (*r->p != '"') {
		unsigned char c = (unsigned char)*r->p++;
		if (c < 0x20) {
			fail(r, "control character in a string");
			return NULL;
		}
		if (c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		char e = *r->p++;
		switch (e) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(r, &cp)) {
				fail(r, "bad \\u escape");
				return NULL;
			}
			/* A surrogate pair is 12 source bytes for 4 out. */
			if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 &&
			    r->p[0] == '\\' && r->p[1] == 'u') {
				r->p += 2;
				if (hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
					fail(r, "bad surrogate pair");
					return NULL;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xD800 && cp < 0xE000) {
				cp = 0xFFFD;
			}
			n += put_utf8(out + n, cp);
			break;
		}
		default:
			fail(r, "bad escape \\%c", e);
			return NULL;
		}
	}
	r->p++;
	out[n] = '\0';
	return out;
}

static kg_json *read_value(reader *r, int depth, int on_path);

/* A container; `on_path`: it is where kg_json_parse_each()'s path
 * leads so far (the root, root.path[0], or the array itself). */
static kg_json *
read_container(reader *r, int depth, int object, int on_path)
{
	kg_json *v = new_node(r, object ? KG_JSON_OBJECT : KG_JSON_ARRAY);
	if (!v)
		return NULL;
	if (!depth)
		r->doc->root = v; /* so that a hook sees what came before */
	int hooked = on_path && !object && depth == 2;
	char close = object ? '}' : ']';
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return v;
	}
	kg_json **tail = &v->child;
	for (;;) {
		char *key = NULL;
		skip_space(r);
		if (object) {
			if (r->p >= r->end || *r->p != '"') {
				fail(r, "expected a member name");
				return NULL;
			}
			if (!(key = read_string(r)))
				return NULL;
			skip_space(r);
			if (r->p >= r->end || *r->p != ':') {
				fail(r, "expected ':'");
				return NULL;
			}
			r->p++;
		}
		int next_on_path = on_path && object && depth < 2 &&
		                   !strcmp(key, r->path[depth]);
		arena_mark m = arena_where(r->doc);
		kg_json *item = read_value(r, depth + 1, next_on_path);
		if (!item)
			return NULL;
		item->key = key;
		int taken = 0;
		if (hooked && r->each) {
			taken = r->each(r->ctx, r->doc, item);
			if (taken < 0) {
				r->failed = 1; /* the hook said why */
				return NULL;
			}
			if (!taken)
				r->each = NULL;
		}
		if (taken) {
			/* The hook has what it needs: the element's nodes
			 * serve the next one. */
			arena_back(r->doc, m);
		} else {
			*tail = item;
			tail = &item->next;
		}
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return v;
		}
		fail(r, "expected ',' or '%c'", close);
		return NULL;
	}
}

static kg_json *
read_literal(reader *r, const char *word, kg_json_type type)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n)) {
		fail(r, "unexpected character '%c'", *r->p);
		return NULL;
	}
	r->p += n;
	return new_node(r, type);
}

static kg_json *
read_number(reader *r)
{
	const char *s = r->p;
	if (r->p < r->end && *r->p == '-')
		r->p++;
	while (r->p < r->end && strchr("0123456789.eE+-", *r->p) && *r->p)
		r->p++;
	if (r->p == s || (r->p == s + 1 && *s == '-')) {
		fail(r, "bad number");
		return NULL;
	}
	kg_json *v = new_node(r, KG_JSON_NUMBER);
	if (!v)
		return NULL;
	if (!(v->str = arena_alloc(r->doc, (size_t)(r->p - s) + 1))) {
		fail(r, "out of memory");
		return NULL;
	}
	memcpy(v->str, s, (size_t)(r->p - s));
	v->str[r->p - s] = '\0';
	return v;
}

static kg_json *
read_value(reader *r, int depth, int on_path)
{
	if (depth > MAX_DEPTH) {
		fail(r, "nested too deeply");
		return NULL;
	}
	skip_space(r);
	if (r->p >= r->end) {
		fail(r, "unexpected end of the document");
		return NULL;
	}
	switch (*r->p) {
	case '{':
		return read_container(r, depth, 1, on_path);
	case '[':
		return read_container(r, depth, 0, on_path);
	case '"': {
		kg_json *v = new_node(r, KG_JSON_STRING);
		if (v && !(v->str = read_string(r)))
			return NULL;
		return v;
	}
	case 't':
		return read_literal(r, "true", KG_JSON_TRUE);
	case 'f':
		return read_literal(r, "false", KG_JSON_FALSE);
	case 'n':
		return read_literal(r, "null", KG_JSON_NULL);
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return read_number(r);
		fail(r, "unexpected character '%c'", *r->p);
		return NULL;
	}
}

kg_json_doc *
kg_json_parse_each(const char *text, size_t len, const char *outer,
                   const char *inner, kg_json_each each, void *ctx,
                   char *err, size_t errsize)
{
	kg_json_doc *doc = calloc(1, sizeof *doc);
	if (!doc) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	reader r = {doc, text, text + len, text, err, errsize, 0,
	            {outer, inner}, each, ctx};
	/* A UTF-8 byte order mark is allowed before the document. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		r.p += 3;
	doc->root = read_value(&r, 0, each != NULL);
	if (doc->root) {
		skip_space(&r);
		if (r.p < r.end)
			fail(&r, "text after the document");
	}
	if (r.failed || !doc->root) {
		kg_json_free(doc);
		return NULL;
	}
	return doc;
}

kg_json_doc *
kg_json_parse(const char *text, size_t len, char *err, size_t errsize)
{
	return kg_json_parse_each(text, len, NULL, NULL, NULL, NULL, err,
	                          errsize);
}

void
kg_json_free(kg_json_doc *doc)
{
	if (!doc)
		return;
	for (chunk *c = doc->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc);
}

const kg_json *
kg_json_root(const kg_json_doc *doc)
{
	return doc->root;
}

const kg_json *
kg_json_get(const kg_json *obj, const char *key)
{
	if (!obj || obj->type != KG_JSON_OBJECT)
		return NULL;
	for (const kg_json *m = obj->child; m; m = m->next)
		if (m->key && !strcmp(m->key, key))
			return m;
	return NULL;
}

const char *
kg_json_string(const kg_json *v)
{
	return v && v->type == KG_JSON_STRING ? v->str : NULL;
}

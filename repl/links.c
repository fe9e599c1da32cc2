/* links.c: what the parts of kg links share: small string collections,
 * query rows kept as strings, N-Triples terms, fetching items from an
 * endpoint in batches, the class table, distances. */
#include "links.h"
#include "dl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Items (or names) per request: small enough for a GET to a public
 * endpoint, large enough that 54 links are two requests.
 * $KG_LINKS_BATCH changes it, for measuring. */
#define LINKS_BATCH 40

size_t
links_batch(void)
{
	const char *env = getenv("KG_LINKS_BATCH");
	long n = env ? strtol(env, NULL, 10) : 0;
	return n > 0 ? (size_t)n : LINKS_BATCH;
}

/* ---- small collections -------------------------------------------- */

int
links_vec_push(links_vec *s, const char *str)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		char **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	if (!(s->v[s->n] = strdup(str ? str : "")))
		return -1;
	s->n++;
	return 0;
}

void
links_vec_free(links_vec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

size_t
links_table_rows(const links_table *t)
{
	return t->width ? t->cell.n / t->width : 0;
}

const char *
links_table_at(const links_table *t, size_t row, size_t col)
{
	return t->cell.v[row * t->width + col];
}

/* Whether a row has `a` in column ca and `b` in column cb (b NULL: any). */
int
links_table_has(const links_table *t, size_t ca, const char *a, size_t cb, const char *b)
{
	for (size_t i = 0; i < links_table_rows(t); i++)
		if (!strcmp(links_table_at(t, i, ca), a) &&
		    (!b || !strcmp(links_table_at(t, i, cb), b)))
			return 1;
	return 0;
}

/* The first row with `a` in column ca: its column cb, or NULL. */
const char *
links_table_find(const links_table *t, size_t ca, const char *a, size_t cb)
{
	for (size_t i = 0; i < links_table_rows(t); i++)
		if (!strcmp(links_table_at(t, i, ca), a))
			return links_table_at(t, i, cb);
	return NULL;
}

/* Appends the N-Triples form of `t` to `f`. */
void
links_term_write(FILE *f, const kg_term *t)
{
	if (t->kind == KG_TERM_IRI) {
		fprintf(f, "<%s>", t->value);
		return;
	}
	if (t->kind == KG_TERM_BLANK) {
		fprintf(f, "_:b%s", t->value);
		return;
	}
	fputc('"', f);
	for (const char *s = t->value; *s; s++) {
		switch (*s) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default: fputc(*s, f);
		}
	}
	fputc('"', f);
	if (t->lang)
		fprintf(f, "@%s", t->lang);
	else if (t->datatype)
		fprintf(f, "^^<%s>", t->datatype);
}

/* Runs `text` on `db` and keeps its rows as strings (IRIs and literals
 * by their value alone), appending to `out`.  Prints the error as
 * "kg links: WHERE: message". */
kg_status
links_select(kg_db *db, const char *where, const char *text, links_table *out)
{
	kg_results *r;
	kg_status st = kg_db_query(db, text, NULL, &r);
	if (st) {
		fprintf(stderr, "kg links: %s: %s\n", where,
		        kg_db_errmsg(db) && *kg_db_errmsg(db) ?
		        kg_db_errmsg(db) : kg_strerror(st));
		return st;
	}
	out->width = kg_results_width(r);
	while ((st = kg_results_next(r)) == KG_OK)
		for (size_t i = 0; i < out->width; i++) {
			const kg_term *t = kg_results_get(r, i);
			if (links_vec_push(&out->cell, t ? t->value : "")) {
				kg_results_free(r);
				return KG_ERR_NOMEM;
			}
		}
	if (st != KG_DONE)
		fprintf(stderr, "kg links: %s: %s\n", where, kg_db_errmsg(db));
	kg_results_free(r);
	return st == KG_DONE ? KG_OK : st;
}

/* A name for `iri` in messages: a prefixed name where one fits. */
const char *
links_name(kg_db *db, const char *iri, char *buf, size_t size)
{
	if (kg_db_compact_iri(db, iri, buf, size))
		return buf;
	snprintf(buf, size, "<%s>", iri);
	return buf;
}
/* Prints the endpoint's error, which names the endpoint already. */
void
links_remote_error(const char *url, const kg_db *rdb)
{
	const char *msg = kg_db_errmsg(rdb);
	if (msg && !strncmp(msg, url, strlen(url)))
		fprintf(stderr, "kg links: %s\n", msg);
	else
		fprintf(stderr, "kg links: %s: %s\n", url, msg ? msg : "");
}
/* Runs on `rdb` the query made of `head`, the IRIs items[from..to) in
 * a VALUES block for ?item, and `tail`; writes the rows' ?s ?p ?o as
 * N-Triples on `nt`. */
static kg_status
links_fetch_batch(kg_db *rdb, const char *url, const char *head,
                  char *const *items, size_t from, size_t to,
                  const char *tail, FILE *nt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *q = open_memstream(&text, &len);
	if (!q)
		return KG_ERR_NOMEM;
	fprintf(q, "%s%s VALUES ?item {", LINKS_PREFIXES, head);
	for (size_t i = from; i < to; i++)
		fprintf(q, " <%s>", items[i]);
	fprintf(q, " }\n%s", tail);
	fclose(q);
	kg_results *r;
	kg_status st = kg_db_query(rdb, text, NULL, &r);
	free(text);
	if (st) {
		links_remote_error(url, rdb);
		return st;
	}
	while ((st = kg_results_next(r)) == KG_OK) {
		const kg_term *s = kg_results_get(r, 0);
		const kg_term *p = kg_results_get(r, 1);
		const kg_term *o = kg_results_get(r, 2);
		if (!s || !p || !o || s->kind != KG_TERM_IRI ||
		    p->kind != KG_TERM_IRI)
			continue;
		links_term_write(nt, s);
		fputc(' ', nt);
		links_term_write(nt, p);
		fputc(' ', nt);
		links_term_write(nt, o);
		fputs(" .\n", nt);
	}
	if (st != KG_DONE)
		links_remote_error(url, rdb);
	kg_results_free(r);
	return st == KG_DONE ? KG_OK : st;
}

/* Fetches what kg keeps of `items` (their labels, classes,
 * coordinates, redirects, and their classes' superclasses with English
 * labels) as N-Triples on `nt`, LINKS_BATCH items a request. */
kg_status
links_fetch(kg_db *rdb, const char *url, const links_vec *items, FILE *nt)
{
	static const char facts[] =
		"SELECT ?item ?p ?o WHERE {\n";
	static const char facts_tail[] =
		"  VALUES ?p { rdfs:label schema:name skos:altLabel wdt:P31 "
		"wdt:P625 owl:sameAs }\n"
		"  ?item ?p ?o .\n}\n";
	/* The classes above the items' classes, as edges, so that the
	 * snapshot answers wdt:P31/wdt:P279* itself. */
	static const char classes[] =
		"SELECT DISTINCT ?class ?p ?o WHERE {\n";
	static const char classes_tail[] =
		"  ?item wdt:P31/wdt:P279* ?class .\n"
		"  { ?class wdt:P279 ?o . BIND(wdt:P279 AS ?p) }\n"
		"  UNION\n"
		"  { ?class rdfs:label ?o . FILTER(LANG(?o) = \"en\") "
		"BIND(rdfs:label AS ?p) }\n}\n";
	kg_status st = KG_OK;
	size_t batch = links_batch();
	for (size_t i = 0; i < items->n && !st; i += batch) {
		size_t to = i + batch < items->n ? i + batch : items->n;
		st = links_fetch_batch(rdb, url, facts, items->v, i, to,
		                       facts_tail, nt);
		if (!st)
			st = links_fetch_batch(rdb, url, classes, items->v, i, to,
			                       classes_tail, nt);
	}
	return st;
}
/* The class table (data/links/classes.ttl): which Wikidata classes
 * fit each of kg's kinds, as rows (kind, class IRI). */
kg_status
links_class_table(links_table *fits)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/data/links/classes.ttl",
	         cli_datadir());
	kg_db *m;
	kg_status st = kg_db_open("memory", KG_OPEN_CREATE, &m);
	if (st) {
		cli_error(m, st);
		kg_db_close(m);
		return st;
	}
	kg_load_options lo = {0};
	lo.flags = KG_LOAD_DEFAULT_GRAPH;
	st = kg_db_load(m, path, &lo, NULL);
	if (st)
		cli_error(m, st);
	else
		st = links_select(m, path, LINKS_PREFIXES
			"SELECT ?kind ?class WHERE { ?class kg:fitsKind ?kind }",
			fits);
	kg_db_close(m);
	return st;
}

/* libm, loaded by the first distance: linked, it would be one more
 * shared library mapped at every start of every kg command
 * (doc/architecture.md, "Start-up"), for kg links alone. */
static struct {
	double (*sin)(double), (*cos)(double), (*asin)(double),
	       (*sqrt)(double);
} m;

static int
load_libm(void)
{
	static int loaded; /* 1 loaded, -1 could not be */
	if (!loaded) {
		static const char *const files[] = {"libm.so.6", "libm.so"};
		const kg_dl_sym syms[] = {
			KG_DL_SYM(m.sin, "sin"), KG_DL_SYM(m.cos, "cos"),
			KG_DL_SYM(m.asin, "asin"), KG_DL_SYM(m.sqrt, "sqrt"),
		};
		char why[256];
		loaded = kg_dl_load(files, 2, syms, 4, "the C math library",
		                    why, sizeof why) ? 1 : -1;
		if (loaded < 0)
			fprintf(stderr, "kg: %s\n", why);
	}
	return loaded > 0 ? 0 : -1;
}

/* Great-circle distance in km between two points in degrees; -1 when
 * libm cannot be loaded. */
double
links_km(double lat1, double lon1, double lat2, double lon2)
{
	if (load_libm())
		return -1;
	const double r = 6371.0088, rad = M_PI / 180;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = m.sin(dlat / 2) * m.sin(dlat / 2) +
	           m.cos(lat1 * rad) * m.cos(lat2 * rad) *
	           m.sin(dlon / 2) * m.sin(dlon / 2);
	return 2 * r * m.asin(m.sqrt(a < 1 ? a : 1));
}

/* Reads "Point(LONG LAT)" (after an optional "<crs> "): 0 or -1. */
int
links_wkt_point(const char *wkt, double *lat, double *lon)
{
	const char *p = strcasestr(wkt, "point");
	if (!p)
		return -1;
	p += 5;
	while (*p == ' ')
		p++;
	if (*p++ != '(')
		return -1;
	char *end;
	*lon = strtod(p, &end);
	if (end == p)
		return -1;
	p = end;
	*lat = strtod(p, &end);
	return end == p ? -1 : 0;
}

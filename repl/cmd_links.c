/* cmd_links.c: kg links check | refresh | suggest | accept, the store's
 * Wikidata links followed to Wikidata and compared with what it says.
 *
 * What an endpoint says about the linked items is fetched in batches
 * (VALUES) into the named graph <urn:kg:wikidata>, in Wikidata's own
 * modelling (rdfs:label, schema:name, skos:altLabel, wdt:P31, wdt:P279,
 * wdt:P625, owl:sameAs for a redirect), with its retrieval time and
 * endpoint.  Every comparison is then a query on the local store, so
 * `check --offline` and a check just after a fetch say the same thing. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINKS_GRAPH "urn:kg:wikidata"
#define LINKS_WD "http://www.wikidata.org/entity/"
#define LINKS_DEFAULT_ENDPOINT "https://query.wikidata.org/sparql"
/* Items (or names) per request: small enough for a GET to a public
 * endpoint, large enough that 54 links are two requests.
 * $KG_LINKS_BATCH changes it, for measuring. */
#define LINKS_BATCH 40

static size_t
links_batch(void)
{
	const char *env = getenv("KG_LINKS_BATCH");
	long n = env ? strtol(env, NULL, 10) : 0;
	return n > 0 ? (size_t)n : LINKS_BATCH;
}

/* Exit codes of kg links check: like diff's, since 1 is "they differ". */
enum { LINKS_AGREE = 0, LINKS_DISAGREE = 1, LINKS_ERROR = 2 };

#define LINKS_PREFIXES \
	"PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" \
	"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" \
	"PREFIX owl: <http://www.w3.org/2002/07/owl#>\n" \
	"PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" \
	"PREFIX schema: <http://schema.org/>\n" \
	"PREFIX wd: <http://www.wikidata.org/entity/>\n" \
	"PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n" \
	"PREFIX prov: <http://www.w3.org/ns/prov#>\n" \
	"PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>\n" \
	"PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\n" \
	"PREFIX kg: <https://kg.example.org/ontology#>\n"

/* The normalisation of data/checks/20-*: lower case, a parenthesised
 * aside dropped, the diacritics of transliterations and the apostrophes
 * removed, other punctuation one space.  ?name in, ?norm out. */
#define LINKS_NORMALISE \
	"BIND(REPLACE(LCASE(STR(?name)), \"\\\\([^)]*\\\\)\", \" \") AS ?n1)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(?n1, \"[àáâãäåāă]\", \"a\"), " \
	"\"[èéêëēĕ]\", \"e\"), \"[ìíîïīĭ]\", \"i\") AS ?n2)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(?n2, \"[òóôõöøōŏ]\", \"o\"), " \
	"\"[ùúûüūŭ]\", \"u\"), \"[ḥ]\", \"h\") AS ?n3)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(REPLACE(?n3, \"[ṣşš]\", \"s\"), " \
	"\"[ṭţ]\", \"t\"), \"[ḍ]\", \"d\"), \"[ẓż]\", \"z\") AS ?n4)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(?n4, \"ç\", \"c\"), \"ñ\", \"n\"), " \
	"\"['’‘`ʿʾ]\", \"\") AS ?n5)\n" \
	"BIND(REPLACE(REPLACE(?n5, \"[^\\\\p{L}\\\\p{N}]+\", \" \"), " \
	"\"^ | $\", \"\") AS ?norm)\n"

/* ---- small collections -------------------------------------------- */

typedef struct {
	char **v;
	size_t n, cap;
} strvec;

static int
strvec_push(strvec *s, const char *str)
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

static void
strvec_free(strvec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* The rows of a query as strings, `width` per row, flattened (an
 * unbound value is ""), so that results can be looked up after the
 * result set is gone. */
typedef struct {
	strvec cell;
	size_t width;
} table;

static size_t
table_rows(const table *t)
{
	return t->width ? t->cell.n / t->width : 0;
}

static const char *
table_at(const table *t, size_t row, size_t col)
{
	return t->cell.v[row * t->width + col];
}

/* Whether a row has `a` in column ca and `b` in column cb (b NULL: any). */
static int
table_has(const table *t, size_t ca, const char *a, size_t cb, const char *b)
{
	for (size_t i = 0; i < table_rows(t); i++)
		if (!strcmp(table_at(t, i, ca), a) &&
		    (!b || !strcmp(table_at(t, i, cb), b)))
			return 1;
	return 0;
}

/* The first row with `a` in column ca: its column cb, or NULL. */
static const char *
table_find(const table *t, size_t ca, const char *a, size_t cb)
{
	for (size_t i = 0; i < table_rows(t); i++)
		if (!strcmp(table_at(t, i, ca), a))
			return table_at(t, i, cb);
	return NULL;
}

/* Appends the N-Triples form of `t` to `f`. */
static void
term_write(FILE *f, const kg_term *t)
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
static kg_status
links_select(kg_db *db, const char *where, const char *text, table *out)
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
			if (strvec_push(&out->cell, t ? t->value : "")) {
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
static const char *
links_name(kg_db *db, const char *iri, char *buf, size_t size)
{
	if (kg_db_compact_iri(db, iri, buf, size))
		return buf;
	snprintf(buf, size, "<%s>", iri);
	return buf;
}

/* ---- fetching ------------------------------------------------------ */

/* Where the items are fetched from: --endpoint, else
 * $KG_WIKIDATA_ENDPOINT, else Wikidata's query service. */
static const char *
links_endpoint(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("KG_WIKIDATA_ENDPOINT");
	return env && *env ? env : LINKS_DEFAULT_ENDPOINT;
}

/* Prints the endpoint's error, which names the endpoint already. */
static void
links_remote_error(const char *url, const kg_db *rdb)
{
	const char *msg = kg_db_errmsg(rdb);
	if (msg && !strncmp(msg, url, strlen(url)))
		fprintf(stderr, "kg links: %s\n", msg);
	else
		fprintf(stderr, "kg links: %s: %s\n", url, msg ? msg : "");
}

static kg_db *
links_open_endpoint(const cli_options *o, const char *url)
{
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		fprintf(stderr, "kg links: the endpoint must be an http:// or "
		                "https:// URL, not '%s'\n", url);
		return NULL;
	}
	kg_db *rdb;
	kg_status st = kg_db_open(url, 0, &rdb);
	if (st) {
		links_remote_error(url, rdb);
		kg_db_close(rdb);
		return NULL;
	}
	/* A check is a batch job: without -t it still ends. */
	kg_db_set_http_timeout(rdb, 15, o->timeout > 0 ? o->timeout : 120);
	return rdb;
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
		term_write(nt, s);
		fputc(' ', nt);
		term_write(nt, p);
		fputc(' ', nt);
		term_write(nt, o);
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
static kg_status
links_fetch(kg_db *rdb, const char *url, const strvec *items, FILE *nt)
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

/* The Wikidata items the store links to, sorted. */
static kg_status
links_items(kg_db *db, strvec *items)
{
	table t = {0};
	kg_status st = links_select(db, "the store", LINKS_PREFIXES
		"SELECT DISTINCT ?item WHERE {\n"
		"  ?entity skos:exactMatch|skos:closeMatch ?item .\n"
		"  FILTER(STRSTARTS(STR(?item), \"" LINKS_WD "Q\"))\n"
		"} ORDER BY ?item", &t);
	for (size_t i = 0; !st && i < table_rows(&t); i++)
		if (strvec_push(items, table_at(&t, i, 0)))
			st = KG_ERR_NOMEM;
	strvec_free(&t.cell);
	return st;
}

/* Fetches the linked items from `url` and puts them in place of the
 * store's snapshot, in one transaction: a failed fetch changes
 * nothing.  Prints why on failure. */
static kg_status
links_refresh(const cli_options *o, kg_db *db, const char *url)
{
	strvec items = {0};
	kg_status st = links_items(db, &items);
	if (st)
		return st;
	kg_db *rdb = links_open_endpoint(o, url);
	if (!rdb) {
		strvec_free(&items);
		return KG_ERR_IO;
	}
	char *nt = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&nt, &len);
	if (!f) {
		kg_db_close(rdb);
		strvec_free(&items);
		return KG_ERR_NOMEM;
	}
	st = links_fetch(rdb, url, &items, f);
	kg_db_close(rdb);
	/* The snapshot says when and where it was taken, and which items
	 * were asked for: one asked for with nothing said of it is
	 * deleted. */
	char when[32];
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "<" LINKS_GRAPH "> <http://www.w3.org/ns/prov#"
	           "generatedAtTime> \"%s\"^^<http://www.w3.org/2001/"
	           "XMLSchema#dateTime> .\n", when);
	fprintf(f, "<" LINKS_GRAPH "> <http://www.w3.org/ns/prov#"
	           "wasDerivedFrom> <%s> .\n", url);
	for (size_t i = 0; i < items.n; i++)
		fprintf(f, "<" LINKS_GRAPH "> <http://www.w3.org/ns/prov#"
		           "hadMember> <%s> .\n", items.v[i]);
	fclose(f);
	if (st) {
		fprintf(stderr, "kg links: nothing fetched, the store is "
		                "unchanged\n");
		goto done;
	}
	if ((st = kg_db_transaction_begin(db))) {
		cli_error(db, st);
		goto done;
	}
	kg_update_stats us = {0};
	st = kg_db_update(db, "DROP SILENT GRAPH <" LINKS_GRAPH ">", NULL, &us);
	if (!st) {
		kg_load_options lo = {0};
		lo.format = "ntriples";
		lo.graph = LINKS_GRAPH;
		lo.base = LINKS_GRAPH;
		st = kg_db_load_buffer(db, nt, len, &lo, NULL);
	}
	if (st) {
		cli_error(db, st);
		kg_db_transaction_rollback(db);
	} else if ((st = kg_db_transaction_commit(db))) {
		cli_error(db, st);
	} else if (!o->quiet) {
		fprintf(stderr, "kg links: %zu items fetched from %s into "
		                "<" LINKS_GRAPH "> at %s\n", items.n, url, when);
	}
done:
	free(nt);
	strvec_free(&items);
	return st;
}

/* ---- checking ------------------------------------------------------ */

/* The class table (data/links/classes.ttl): which Wikidata classes
 * fit each of kg's kinds, as rows (kind, class IRI). */
static kg_status
links_class_table(table *fits)
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

/* Great-circle distance in km between two points in degrees. */
static double
links_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, rad = M_PI / 180;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
	           cos(lat1 * rad) * cos(lat2 * rad) *
	           sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

/* Reads "Point(LONG LAT)" (after an optional "<crs> "): 0 or -1. */
static int
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

typedef struct {
	kg_db *db;
	FILE *out;
	size_t problems;
} links_report;

static void
links_problem(links_report *rep, const char *entity, const char *rel,
              const char *item, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
links_problem(links_report *rep, const char *entity, const char *rel,
              const char *item, const char *fmt, ...)
{
	char e[512], i[512];
	const char *r = strrchr(rel, '#');
	fprintf(rep->out, "%s %s %s: ",
	        links_name(rep->db, entity, e, sizeof e), r ? r + 1 : rel,
	        links_name(rep->db, item, i, sizeof i));
	va_list ap;
	va_start(ap, fmt);
	vfprintf(rep->out, fmt, ap);
	va_end(ap);
	fputc('\n', rep->out);
	rep->problems++;
}

/* Compares every link of the store with its snapshot; one line on
 * `out` per disagreement.  Returns the number of them in *problems. */
static kg_status
links_compare(kg_db *db, double max_km, int quiet, FILE *out,
              size_t *problems)
{
	table meta = {0}, links = {0}, members = {0}, present = {0},
	      redirects = {0}, named = {0}, elabel = {0}, ilabel = {0},
	      coords = {0}, kinds = {0}, classes = {0}, p31 = {0},
	      fits = {0};
	table *all[] = {&meta, &links, &members, &present, &redirects, &named,
	                &elabel, &ilabel, &coords, &kinds, &classes, &p31,
	                &fits};
	kg_status st = links_select(db, "the store", LINKS_PREFIXES
		"SELECT ?when ?from WHERE { GRAPH <" LINKS_GRAPH "> {\n"
		"  <" LINKS_GRAPH "> prov:generatedAtTime ?when .\n"
		"  OPTIONAL { <" LINKS_GRAPH "> prov:wasDerivedFrom ?from } } }",
		&meta);
	if (!st && !table_rows(&meta)) {
		fprintf(stderr, "kg links: the store has no Wikidata snapshot "
		                "(<" LINKS_GRAPH ">); run 'kg links refresh' "
		                "or 'kg links check' with the network\n");
		st = KG_DONE;
	}
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?entity ?rel ?item WHERE {\n"
			"  VALUES ?rel { skos:exactMatch skos:closeMatch }\n"
			"  ?entity ?rel ?item .\n"
			"  FILTER(STRSTARTS(STR(?item), \"" LINKS_WD "Q\"))\n"
			"} ORDER BY ?entity ?item ?rel", &links);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?item WHERE { GRAPH <" LINKS_GRAPH "> {\n"
			"  <" LINKS_GRAPH "> prov:hadMember ?item } }", &members);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT DISTINCT ?item WHERE { GRAPH <" LINKS_GRAPH "> {\n"
			"  <" LINKS_GRAPH "> prov:hadMember ?item .\n"
			"  ?item ?p ?o } }", &present);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?item ?target WHERE { GRAPH <" LINKS_GRAPH "> {\n"
			"  ?item owl:sameAs ?target } } ORDER BY ?target", &redirects);
	/* (entity, item) pairs where one normalised name is on both */
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT DISTINCT ?entity ?item WHERE {\n"
			"  { SELECT DISTINCT ?entity ?item ?norm WHERE {\n"
			"    ?entity skos:exactMatch ?item ;\n"
			"      rdfs:label|skos:prefLabel|skos:altLabel|"
			"kg:nameInArticle ?name .\n"
			LINKS_NORMALISE
			"  } }\n"
			"  { SELECT DISTINCT ?item ?norm WHERE {\n"
			"    GRAPH <" LINKS_GRAPH "> { <" LINKS_GRAPH "> "
			"prov:hadMember ?item .\n"
			"      ?item rdfs:label|schema:name|skos:altLabel ?name }\n"
			LINKS_NORMALISE
			"  } }\n"
			"}", &named);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?entity (MIN(STR(?l)) AS ?label) WHERE {\n"
			"  ?entity skos:exactMatch|skos:closeMatch ?i ;\n"
			"    rdfs:label ?l } GROUP BY ?entity", &elabel);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?item (MIN(STR(?l)) AS ?label) WHERE {\n"
			"  GRAPH <" LINKS_GRAPH "> { ?item rdfs:label ?l }\n"
			"  FILTER(LANGMATCHES(LANG(?l), \"en\"))\n"
			"} GROUP BY ?item", &ilabel);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?entity ?item ?lat ?long ?wkt WHERE {\n"
			"  ?entity skos:exactMatch|skos:closeMatch ?item ;\n"
			"    geo:lat ?lat ; geo:long ?long .\n"
			"  GRAPH <" LINKS_GRAPH "> { ?item wdt:P625 ?wkt }\n"
			"}", &coords);
	/* The entity's kinds as check 20 reads them from its kg: classes */
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT DISTINCT ?entity ?kind WHERE {\n"
			"  VALUES (?kind ?top) { (\"place\" sem:Place) "
			"(\"event\" sem:Event)\n"
			"    (\"person\" kg:Person) (\"actor\" sem:Actor) }\n"
			"  ?entity skos:exactMatch|skos:closeMatch ?i ; a ?class .\n"
			"  ?class rdfs:subClassOf* ?top .\n"
			"  FILTER(STRSTARTS(STR(?class), STR(kg:)))\n"
			"  FILTER(?kind != \"actor\" || NOT EXISTS "
			"{ ?class rdfs:subClassOf* kg:Person })\n"
			"}", &kinds);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT DISTINCT ?item ?class WHERE { GRAPH <" LINKS_GRAPH
			"> {\n"
			"  <" LINKS_GRAPH "> prov:hadMember ?item .\n"
			"  ?item wdt:P31/wdt:P279* ?class } }", &classes);
	if (!st)
		st = links_select(db, "the store", LINKS_PREFIXES
			"SELECT ?item ?class (MIN(STR(?l)) AS ?label) WHERE {\n"
			"  GRAPH <" LINKS_GRAPH "> { ?item wdt:P31 ?class\n"
			"    OPTIONAL { ?class rdfs:label ?l "
			"FILTER(LANGMATCHES(LANG(?l), \"en\")) } }\n"
			"} GROUP BY ?item ?class ORDER BY ?item ?class", &p31);
	if (!st)
		st = links_class_table(&fits);
	if (st) {
		for (size_t k = 0; k < sizeof all / sizeof *all; k++)
			strvec_free(&all[k]->cell);
		return st == KG_DONE ? KG_ERR_ARG : st;
	}

	links_report rep = {db, out, 0};
	char buf[512];
	for (size_t i = 0; i < table_rows(&links); i++) {
		const char *entity = table_at(&links, i, 0);
		const char *rel = table_at(&links, i, 1);
		const char *item = table_at(&links, i, 2);
		if (!table_has(&members, 0, item, 0, NULL)) {
			links_problem(&rep, entity, rel, item, "not in the "
			              "snapshot of %s (run kg links refresh)",
			              table_at(&meta, 0, 0));
			continue;
		}
		const char *target = table_find(&redirects, 0, item, 1);
		if (target) {
			links_problem(&rep, entity, rel, item, "redirected: the "
			              "item is now %s",
			              links_name(db, target, buf, sizeof buf));
			continue;
		}
		if (!table_has(&present, 0, item, 0, NULL)) {
			links_problem(&rep, entity, rel, item, "deleted: the "
			              "endpoint has nothing on the item");
			continue;
		}
		const char *el = table_find(&elabel, 0, entity, 1);
		const char *il = table_find(&ilabel, 0, item, 1);
		/* A closeMatch names something near the item, not the item
		 * (check 20), so only an exactMatch must share a name. */
		if (strstr(rel, "exactMatch") &&
		    !table_has(&named, 0, entity, 1, item))
			links_problem(&rep, entity, rel, item, "no label matches: "
			              "the entity is \"%s\", the item \"%s\"",
			              el ? el : "", il ? il : "");
		/* The nearest of the item's coordinates to the entity's */
		double best = -1;
		const char *best_wkt = NULL, *lat = NULL, *lon = NULL;
		for (size_t c = 0; c < table_rows(&coords); c++) {
			if (strcmp(table_at(&coords, c, 0), entity) ||
			    strcmp(table_at(&coords, c, 1), item))
				continue;
			double ilat, ilon;
			if (links_wkt_point(table_at(&coords, c, 4), &ilat, &ilon))
				continue;
			double km = links_km(atof(table_at(&coords, c, 2)),
			                     atof(table_at(&coords, c, 3)),
			                     ilat, ilon);
			if (best < 0 || km < best) {
				best = km;
				best_wkt = table_at(&coords, c, 4);
				lat = table_at(&coords, c, 2);
				lon = table_at(&coords, c, 3);
			}
		}
		if (best > max_km)
			links_problem(&rep, entity, rel, item, "coordinates %.1f "
			              "km apart (more than %g): the entity at %s "
			              "%s, the item at %s", best, max_km, lat, lon,
			              best_wkt);
		/* Class: one of the item's classes or their superclasses is
		 * in the table for one of the entity's kinds. */
		int has_kind = 0, fit = 0;
		for (size_t k = 0; k < table_rows(&kinds) && !fit; k++) {
			if (strcmp(table_at(&kinds, k, 0), entity))
				continue;
			has_kind = 1;
			const char *kind = table_at(&kinds, k, 1);
			for (size_t c = 0; c < table_rows(&classes) && !fit; c++)
				if (!strcmp(table_at(&classes, c, 0), item) &&
				    table_has(&fits, 0, kind, 1,
				              table_at(&classes, c, 1)))
					fit = 1;
		}
		if (has_kind && !fit && table_has(&p31, 0, item, 0, NULL)) {
			char *ev = NULL;
			size_t evlen = 0;
			FILE *f = open_memstream(&ev, &evlen);
			if (!f)
				continue;
			const char *sep = "";
			for (size_t c = 0; c < table_rows(&p31); c++) {
				if (strcmp(table_at(&p31, c, 0), item))
					continue;
				const char *l = table_at(&p31, c, 2);
				fprintf(f, "%s%s%s%s%s", sep,
				        links_name(db, table_at(&p31, c, 1), buf,
				                   sizeof buf),
				        *l ? " (" : "", l, *l ? ")" : "");
				sep = ", ";
			}
			fclose(f);
			const char *kind = table_find(&kinds, 0, entity, 1);
			links_problem(&rep, entity, rel, item, "class does not fit "
			              "the entity's kind (%s): the item is an "
			              "instance of %s", kind, ev);
			free(ev);
		}
	}
	if (!quiet)
		fprintf(stderr, "kg links: %zu links compared with the snapshot of "
		                "%s%s%s: %zu disagreements\n", table_rows(&links),
		        table_at(&meta, 0, 0),
		        *table_at(&meta, 0, 1) ? " from " : "",
		        table_at(&meta, 0, 1), rep.problems);
	*problems = rep.problems;
	for (size_t k = 0; k < sizeof all / sizeof *all; k++)
		strvec_free(&all[k]->cell);
	return KG_OK;
}

/* ---- suggesting ---------------------------------------------------- */

typedef struct {
	char *entity, *item, *match, *fit, *label;
	double km;  /* -1: not known */
	int score;
} links_candidate;

static int
links_candidate_cmp(const void *a, const void *b)
{
	const links_candidate *x = a, *y = b;
	int c = strcmp(x->entity, y->entity);
	if (c)
		return c;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->item, y->item);
}

/* Writes `s` as one TSV field: tabs and line ends would break the row. */
static void
tsv_field(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static const char links_tsv_header[] =
	"decision\tentity\titem\trank\tscore\tmatch\tclass_fit\tdistance_km"
	"\titem_label";
enum { LINKS_TSV_COLUMNS = 9 };

/* Asks `rdb` which items have one of the unlinked entities' names as
 * their label or alias (exact, language-tagged: answered from an
 * index), fetches those items, ranks them per entity and writes the
 * review file. */
static kg_status
links_suggest(const cli_options *o, kg_db *db, kg_db *rdb, const char *url,
              double max_km, FILE *out, size_t *nentities, size_t *ncand)
{
	kg_results *r;
	kg_status st = kg_db_query(db, LINKS_PREFIXES
		"SELECT DISTINCT ?entity ?kind ?name ?lat ?long WHERE {\n"
		"  VALUES ?top { sem:Actor sem:Place sem:Event }\n"
		"  ?entity a ?top .\n"
		"  FILTER NOT EXISTS { ?entity skos:exactMatch|skos:closeMatch "
		"?any }\n"
		"  ?entity rdfs:label|skos:altLabel ?name .\n"
		"  FILTER(LANG(?name) != \"\")\n"
		"  OPTIONAL { ?entity geo:lat ?lat ; geo:long ?long }\n"
		"  BIND(IF(?top = sem:Place, \"place\", IF(?top = sem:Event, "
		"\"event\",\n"
		"    IF(EXISTS { ?entity a/rdfs:subClassOf* kg:Person }, "
		"\"person\", \"actor\"))) AS ?kind)\n"
		"} ORDER BY ?entity ?name", NULL, &r);
	if (st) {
		cli_error(db, st);
		return st;
	}
	/* rows: entity, kind, name as SPARQL text, lat, long */
	table ents = {{0}, 5};
	strvec names = {0};
	while (!st && (st = kg_results_next(r)) == KG_OK) {
		char *lit = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&lit, &len);
		if (!f) {
			st = KG_ERR_NOMEM;
			break;
		}
		term_write(f, kg_results_get(r, 2));
		fclose(f);
		const kg_term *lat = kg_results_get(r, 3);
		const kg_term *lon = kg_results_get(r, 4);
		if (strvec_push(&ents.cell, kg_results_get(r, 0)->value) ||
		    strvec_push(&ents.cell, kg_results_get(r, 1)->value) ||
		    strvec_push(&ents.cell, lit) ||
		    strvec_push(&ents.cell, lat ? lat->value : "") ||
		    strvec_push(&ents.cell, lon ? lon->value : ""))
			st = KG_ERR_NOMEM;
		int seen = 0;
		for (size_t i = 0; i < names.n && !seen; i++)
			seen = !strcmp(names.v[i], lit);
		if (!st && !seen && strvec_push(&names, lit))
			st = KG_ERR_NOMEM;
		free(lit);
	}
	if (st == KG_DONE)
		st = KG_OK;
	else if (st)
		cli_error(db, st);
	kg_results_free(r);

	/* rows: name as SPARQL text, item, how */
	table hits = {{0}, 3};
	strvec items = {0};
	size_t batch = links_batch();
	for (size_t i = 0; !st && i < names.n; i += batch) {
		char *text = NULL;
		size_t len = 0;
		FILE *q = open_memstream(&text, &len);
		if (!q) {
			st = KG_ERR_NOMEM;
			break;
		}
		fputs(LINKS_PREFIXES "SELECT ?name ?item ?how WHERE {\n"
		      "  VALUES ?name {", q);
		for (size_t k = i; k < names.n && k < i + batch; k++)
			fprintf(q, " %s", names.v[k]);
		fputs(" }\n  { ?item rdfs:label ?name . BIND(\"label\" AS ?how) }"
		      "\n  UNION\n  { ?item skos:altLabel ?name . "
		      "BIND(\"alias\" AS ?how) }\n}\n", q);
		fclose(q);
		st = kg_db_query(rdb, text, NULL, &r);
		free(text);
		if (st) {
			links_remote_error(url, rdb);
			break;
		}
		while ((st = kg_results_next(r)) == KG_OK) {
			const kg_term *n = kg_results_get(r, 0);
			const kg_term *it = kg_results_get(r, 1);
			const kg_term *how = kg_results_get(r, 2);
			if (!n || !it || !how || it->kind != KG_TERM_IRI ||
			    strncmp(it->value, LINKS_WD "Q", sizeof LINKS_WD))
				continue;
			char *lit = NULL;
			size_t llen = 0;
			FILE *f = open_memstream(&lit, &llen);
			if (!f)
				continue;
			term_write(f, n);
			fclose(f);
			if (strvec_push(&hits.cell, lit) ||
			    strvec_push(&hits.cell, it->value) ||
			    strvec_push(&hits.cell, how->value))
				st = KG_ERR_NOMEM;
			free(lit);
			int seen = 0;
			for (size_t k = 0; k < items.n && !seen; k++)
				seen = !strcmp(items.v[k], it->value);
			if (!st && !seen && strvec_push(&items, it->value))
				st = KG_ERR_NOMEM;
			if (st)
				break;
		}
		if (st == KG_DONE)
			st = KG_OK;
		else if (st)
			links_remote_error(url, rdb);
		kg_results_free(r);
	}

	/* What the candidates are, in a store of their own */
	kg_db *m = NULL;
	table ccls = {0}, cpos = {0}, clab = {0}, fits = {0};
	if (!st && (st = kg_db_open("memory", KG_OPEN_CREATE, &m)))
		cli_error(m, st);
	if (!st && items.n) {
		char *nt = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&nt, &len);
		if (!f) {
			st = KG_ERR_NOMEM;
		} else {
			st = links_fetch(rdb, url, &items, f);
			fclose(f);
			kg_load_options lo = {0};
			lo.format = "ntriples";
			lo.flags = KG_LOAD_DEFAULT_GRAPH;
			lo.base = LINKS_GRAPH;
			if (!st && (st = kg_db_load_buffer(m, nt, len, &lo, NULL)))
				cli_error(m, st);
			free(nt);
		}
	}
	if (!st)
		st = links_select(m, "the candidates", LINKS_PREFIXES
			"SELECT DISTINCT ?item ?class ?direct WHERE {\n"
			"  ?item wdt:P31/wdt:P279* ?class .\n"
			"  BIND(EXISTS { ?item wdt:P31 ?class } AS ?direct) }",
			&ccls);
	if (!st)
		st = links_select(m, "the candidates", LINKS_PREFIXES
			"SELECT ?item ?wkt WHERE { ?item wdt:P625 ?wkt }", &cpos);
	if (!st)
		st = links_select(m, "the candidates", LINKS_PREFIXES
			"SELECT ?item (MIN(STR(?l)) AS ?label) WHERE {\n"
			"  ?item rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), \"en\"))"
			" } GROUP BY ?item", &clab);
	if (!st)
		st = links_class_table(&fits);
	kg_db_close(m);

	/* One candidate per (entity, item): the best evidence of each kind */
	links_candidate *cand = NULL;
	size_t nc = 0, cap = 0;
	strvec seen_entities = {0};
	for (size_t e = 0; !st && e < table_rows(&ents); e++) {
		const char *entity = table_at(&ents, e, 0);
		const char *kind = table_at(&ents, e, 1);
		const char *name = table_at(&ents, e, 2);
		int known = 0;
		for (size_t k = 0; k < seen_entities.n && !known; k++)
			known = !strcmp(seen_entities.v[k], entity);
		if (!known && strvec_push(&seen_entities, entity))
			st = KG_ERR_NOMEM;
		for (size_t h = 0; !st && h < table_rows(&hits); h++) {
			if (strcmp(table_at(&hits, h, 0), name))
				continue;
			const char *item = table_at(&hits, h, 1);
			int label = !strcmp(table_at(&hits, h, 2), "label");
			links_candidate *c = NULL;
			for (size_t k = 0; k < nc && !c; k++)
				if (!strcmp(cand[k].entity, entity) &&
				    !strcmp(cand[k].item, item))
					c = &cand[k];
			if (c) {
				if (label && strncmp(c->match, "label", 5)) {
					free(c->match);
					if (asprintf(&c->match, "label %s", name) < 0)
						c->match = NULL;
					c->score += 1;
				}
				continue;
			}
			if (nc == cap) {
				cap = cap ? cap * 2 : 16;
				links_candidate *n = realloc(cand, cap * sizeof *n);
				if (!n) {
					st = KG_ERR_NOMEM;
					break;
				}
				cand = n;
			}
			c = &cand[nc++];
			memset(c, 0, sizeof *c);
			c->entity = strdup(entity);
			c->item = strdup(item);
			if (asprintf(&c->match, "%s %s", label ? "label" : "alias",
			             name) < 0)
				c->match = NULL;
			c->score = label ? 2 : 1;
			const char *l = table_find(&clab, 0, item, 1);
			c->label = strdup(l ? l : "");
			/* class: fits the entity's kind, or not, or no class */
			const char *fit_class = NULL;
			int any = 0;
			for (size_t k = 0; k < table_rows(&ccls); k++) {
				if (strcmp(table_at(&ccls, k, 0), item))
					continue;
				any = 1;
				if (table_has(&fits, 0, kind, 1,
				              table_at(&ccls, k, 1))) {
					fit_class = table_at(&ccls, k, 1);
					break;
				}
			}
			char nb[512];
			if (fit_class) {
				if (asprintf(&c->fit, "yes (%s, %s)", kind,
				             links_name(db, fit_class, nb,
				                        sizeof nb)) < 0)
					c->fit = NULL;
				c->score += 4;
			} else if (any) {
				if (asprintf(&c->fit, "no (%s)", kind) < 0)
					c->fit = NULL;
				c->score -= 4;
			} else {
				c->fit = strdup("unknown (no P31)");
			}
			c->km = -1;
			const char *lat = table_at(&ents, e, 3);
			const char *lon = table_at(&ents, e, 4);
			for (size_t k = 0; *lat && k < table_rows(&cpos); k++) {
				double ilat, ilon;
				if (strcmp(table_at(&cpos, k, 0), item) ||
				    links_wkt_point(table_at(&cpos, k, 1), &ilat,
				                    &ilon))
					continue;
				double km = links_km(atof(lat), atof(lon), ilat, ilon);
				if (c->km < 0 || km < c->km)
					c->km = km;
			}
			if (c->km >= 0)
				c->score += c->km <= max_km ? 2 : -2;
			if (!c->entity || !c->item || !c->match || !c->label ||
			    !c->fit)
				st = KG_ERR_NOMEM;
		}
	}
	if (!st && nc)
		qsort(cand, nc, sizeof *cand, links_candidate_cmp);
	if (!st) {
		fprintf(out, "# kg links suggest: candidates from %s for the "
		             "entities without a Wikidata link.\n"
		             "# Write accept in the decision column of a row to "
		             "link its entity to its item\n"
		             "# (skos:exactMatch), then: kg links accept FILE\n",
		        url);
		fprintf(out, "%s\n", links_tsv_header);
	}
	size_t rank = 0, with = 0;
	for (size_t k = 0; !st && k < nc; k++) {
		links_candidate *c = &cand[k];
		if (k == 0 || strcmp(cand[k - 1].entity, c->entity)) {
			rank = 0;
			with++;
		}
		rank++;
		char eb[512], ib[512];
		fputc('\t', out);
		tsv_field(out, links_name(db, c->entity, eb, sizeof eb));
		fputc('\t', out);
		tsv_field(out, links_name(db, c->item, ib, sizeof ib));
		fprintf(out, "\t%zu\t%d\t", rank, c->score);
		tsv_field(out, c->match);
		fputc('\t', out);
		tsv_field(out, c->fit);
		fputc('\t', out);
		if (c->km >= 0)
			fprintf(out, "%.1f", c->km);
		fputc('\t', out);
		tsv_field(out, c->label);
		fputc('\n', out);
	}
	if (!st && !o->quiet)
		fprintf(stderr, "kg links: %zu entities without a link; %zu "
		                "candidates for %zu of them from %s\n",
		        seen_entities.n, nc, with, url);
	*nentities = seen_entities.n;
	*ncand = nc;
	for (size_t k = 0; k < nc; k++) {
		free(cand[k].entity);
		free(cand[k].item);
		free(cand[k].match);
		free(cand[k].fit);
		free(cand[k].label);
	}
	free(cand);
	strvec_free(&seen_entities);
	strvec_free(&ents.cell);
	strvec_free(&names);
	strvec_free(&hits.cell);
	strvec_free(&items);
	strvec_free(&ccls.cell);
	strvec_free(&cpos.cell);
	strvec_free(&clab.cell);
	strvec_free(&fits.cell);
	return st;
}

/* ---- accepting ----------------------------------------------------- */

/* The IRI of a review file's entity or item cell: <IRI>, or a prefixed
 * name with one of the store's prefixes (kgr:hama, wd:Q173545), as
 * suggest writes them.  A new string, or NULL. */
static char *
links_cell_iri(const kg_db *db, const char *cell)
{
	size_t n = strlen(cell);
	char *iri = NULL;
	const char *colon = strchr(cell, ':');
	if (n > 2 && cell[0] == '<' && cell[n - 1] == '>') {
		iri = strndup(cell + 1, n - 2);
	} else if (colon && colon[1]) {
		for (size_t i = 0; i < kg_db_prefix_count(db) && !iri; i++) {
			const char *prefix, *ns;
			if (kg_db_prefix_at(db, i, &prefix, &ns) ||
			    strlen(prefix) != (size_t)(colon - cell) ||
			    strncmp(prefix, cell, (size_t)(colon - cell)))
				continue;
			if (asprintf(&iri, "%s%s", ns, colon + 1) < 0)
				iri = NULL;
		}
	}
	if (iri && (strpbrk(iri, "<>\"{}|^`\\ \t") || !strchr(iri, ':'))) {
		free(iri);
		iri = NULL;
	}
	return iri;
}

static int
links_is_item(const char *iri)
{
	if (strncmp(iri, LINKS_WD "Q", sizeof LINKS_WD))
		return 0;
	const char *d = iri + sizeof LINKS_WD;
	if (!*d)
		return 0;
	for (; *d; d++)
		if (*d < '0' || *d > '9')
			return 0;
	return 1;
}

/* Splits `line` at tabs in place into at most `max` fields. */
static size_t
links_split(char *line, char **field, size_t max)
{
	size_t n = 0;
	for (char *s = line;; s++) {
		if (n < max)
			field[n] = s;
		n++;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s = '\0';
	}
	return n;
}

static int
links_accept(const cli_options *o, kg_db *db, const char *path)
{
	char *text = cli_read_file(path);
	if (!text)
		return EXIT_ERROR;
	strvec entity = {0}, item = {0};
	int bad = 0, header = 0;
	size_t lineno = 0;
	char *save = NULL;
	for (char *line = text; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len && !save)
			break;
		if (line[0] == '#' || !len)
			continue;
		if (!header) {
			if (strcmp(line, links_tsv_header)) {
				fprintf(stderr, "%s:%zu: not the header of a review "
				                "file (kg links suggest writes it: "
				                "%s)\n", path, lineno,
				        "decision, entity, item, ...");
				bad++;
				break;
			}
			header = 1;
			continue;
		}
		char *f[LINKS_TSV_COLUMNS];
		size_t n = links_split(line, f, LINKS_TSV_COLUMNS);
		if (n != LINKS_TSV_COLUMNS) {
			fprintf(stderr, "%s:%zu: %zu columns, not %d\n", path,
			        lineno, n, LINKS_TSV_COLUMNS);
			bad++;
			continue;
		}
		const char *d = f[0];
		if (!*d || !strcasecmp(d, "reject"))
			continue;
		if (strcasecmp(d, "accept")) {
			fprintf(stderr, "%s:%zu: the decision is 'accept', "
			                "'reject' or empty, not '%s'\n", path,
			        lineno, d);
			bad++;
			continue;
		}
		char *e = links_cell_iri(db, f[1]), *i = links_cell_iri(db, f[2]);
		if (!e) {
			fprintf(stderr, "%s:%zu: '%s' is not an entity (a prefixed "
			                "name such as kgr:NAME, or <IRI>)\n", path,
			        lineno, f[1]);
			bad++;
		} else if (!i || !links_is_item(i)) {
			fprintf(stderr, "%s:%zu: '%s' is not a Wikidata item "
			                "(wd:QNNN)\n", path, lineno, f[2]);
			bad++;
		} else {
			for (size_t k = 0; k < entity.n; k++)
				if (!strcmp(entity.v[k], e) || !strcmp(item.v[k], i)) {
					fprintf(stderr, "%s:%zu: %s is accepted twice "
					                "(one item per entity, one entity "
					                "per item)\n", path, lineno,
					        !strcmp(entity.v[k], e) ? f[1] : f[2]);
					bad++;
					break;
				}
			char *ask = NULL;
			if (asprintf(&ask, LINKS_PREFIXES "SELECT ?what WHERE {\n"
			             "  { <%s> ?p ?o BIND(\"entity\" AS ?what) }\n"
			             "  UNION { ?other skos:exactMatch <%s> "
			             "FILTER(?other != <%s>) BIND(\"taken\" AS ?what) }"
			             "\n} LIMIT 2", e, i, e) < 0) {
				ask = NULL;
				bad++;
			}
			table t = {0};
			if (ask && !links_select(db, "the store", ask, &t)) {
				if (!table_has(&t, 0, "entity", 0, NULL)) {
					fprintf(stderr, "%s:%zu: %s is not in the store\n",
					        path, lineno, f[1]);
					bad++;
				}
				if (table_has(&t, 0, "taken", 0, NULL)) {
					fprintf(stderr, "%s:%zu: %s is already the "
					                "exactMatch of another entity\n",
					        path, lineno, f[2]);
					bad++;
				}
			} else {
				bad++;
			}
			strvec_free(&t.cell);
			free(ask);
			if (strvec_push(&entity, e) || strvec_push(&item, i))
				bad++;
		}
		free(e);
		free(i);
	}
	if (!header && !bad) {
		fprintf(stderr, "%s:%zu: no header line: not a review file\n",
		        path, lineno);
		bad++;
	}
	free(text);
	if (bad) {
		fprintf(stderr, "kg links: %s refused, nothing added\n", path);
		strvec_free(&entity);
		strvec_free(&item);
		return EXIT_ERROR;
	}
	if (!entity.n) {
		if (!o->quiet)
			fprintf(stderr, "kg links: no row of %s is accepted; "
			                "nothing added\n", path);
		strvec_free(&entity);
		strvec_free(&item);
		return EXIT_OK;
	}
	/* The accepted links go in a graph of their own, which says when,
	 * by whom and from which review file: the link is seen in the
	 * default graph like any other, and its origin stays. */
	char when[32], stamp[32];
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
	char *file = cli_file_iri(path);
	const char *user = getenv("USER");
	char *up = NULL;
	size_t uplen = 0;
	FILE *f = open_memstream(&up, &uplen);
	int rc = EXIT_ERROR;
	if (!f || !file)
		goto out;
	fprintf(f, LINKS_PREFIXES
	        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
	        "INSERT DATA { GRAPH <urn:kg:links:accepted:%s:%ld> {\n"
	        "  <urn:kg:links:accepted:%s:%ld> prov:generatedAtTime "
	        "\"%s\"^^xsd:dateTime ;\n"
	        "    prov:wasDerivedFrom <%s>", stamp, (long)getpid(), stamp,
	        (long)getpid(), when, file);
	if (user && *user) {
		kg_term t = {KG_TERM_LITERAL, user, NULL, NULL};
		fputs(" ;\n    prov:wasAttributedTo ", f);
		term_write(f, &t);
	}
	fputs(" .\n", f);
	for (size_t k = 0; k < entity.n; k++)
		fprintf(f, "  <%s> skos:exactMatch <%s> .\n", entity.v[k],
		        item.v[k]);
	fputs("} }\n", f);
	fclose(f);
	f = NULL;
	kg_status st = kg_db_transaction_begin(db);
	kg_update_stats us = {0};
	if (!st && (st = kg_db_update(db, up, NULL, &us)))
		kg_db_transaction_rollback(db);
	else if (!st)
		st = kg_db_transaction_commit(db);
	if (st) {
		cli_error(db, st);
	} else {
		rc = EXIT_OK;
		if (!o->quiet)
			fprintf(stderr, "kg links: %zu links accepted from %s\n",
			        entity.n, path);
	}
out:
	if (f)
		fclose(f);
	free(up);
	free(file);
	strvec_free(&entity);
	strvec_free(&item);
	return rc;
}

/* ---- the command --------------------------------------------------- */

static const char links_usage[] =
	"Usage: kg links check [--endpoint URL] [--offline] [--max-km N]\n"
	"       kg links refresh [--endpoint URL]\n"
	"       kg links suggest [--endpoint URL] [--max-km N] [-o FILE]\n"
	"       kg links accept FILE\n"
	"The store's Wikidata links (skos:exactMatch, skos:closeMatch to\n"
	"wd:Q...) compared with what Wikidata says of the items.\n\n"
	"  check    fetch the linked items (labels, wdt:P31 classes and their\n"
	"           wdt:P279 superclasses, wdt:P625 coordinates, redirects)\n"
	"           into the graph <urn:kg:wikidata>, then print one line per\n"
	"           disagreement: no label matches (exactMatch), coordinates\n"
	"           more than --max-km apart (default 25), a class that does\n"
	"           not fit the entity's kind (data/links/classes.ttl), a\n"
	"           redirected or a deleted item.  --offline: compare with\n"
	"           the graph already in the store, without the network.\n"
	"  refresh  fetch the graph <urn:kg:wikidata> again, and nothing else\n"
	"  suggest  for entities without a link, items whose label or alias\n"
	"           is one of the entity's labels, ranked, as a review file\n"
	"           (TSV; stdout or -o FILE).  Nothing is added to the store.\n"
	"  accept   add skos:exactMatch for the rows of a review file whose\n"
	"           decision is 'accept', in one transaction, with when, who\n"
	"           and the file in the graph that holds them\n\n"
	"The endpoint: --endpoint URL, else $KG_WIKIDATA_ENDPOINT, else\n"
	LINKS_DEFAULT_ENDPOINT ".  kg -t SECS bounds each request\n"
	"(default 120 s).\n"
	"Exit status of check: 0 all links agree, 1 a disagreement, 2 an\n"
	"error (the store unchanged).  Others: 0 done, 1 error, 2 usage.\n";

int
cmd_links(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"endpoint", required_argument, NULL, 'e'},
		{"offline", no_argument, NULL, 'O'},
		{"max-km", required_argument, NULL, 'k'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2) {
			cli_usage_error("links", "give check, refresh, suggest or "
			                         "accept");
			return EXIT_USAGE;
		}
		fputs(links_usage, stdout);
		return cli_finish_stdout(EXIT_OK);
	}
	const char *sub = argv[1];
	int is_check = !strcmp(sub, "check"), is_refresh = !strcmp(sub, "refresh");
	int is_suggest = !strcmp(sub, "suggest"), is_accept = !strcmp(sub, "accept");
	if (!is_check && !is_refresh && !is_suggest && !is_accept) {
		cli_usage_error("links", "unknown subcommand '%s' (check, "
		                "refresh, suggest, accept)", sub);
		return EXIT_USAGE;
	}
	const char *endpoint = NULL, *out_path = NULL;
	int offline = 0;
	double max_km = 25;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "e:k:o:h", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 'e':
			endpoint = optarg;
			break;
		case 'O':
			offline = 1;
			break;
		case 'k': {
			char *end;
			max_km = strtod(optarg, &end);
			if (end == optarg || *end || max_km < 0) {
				cli_usage_error("links", "--max-km needs a number of "
				                "kilometres, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			fputs(links_usage, stdout);
			return cli_finish_stdout(EXIT_OK);
		default:
			return EXIT_USAGE;
		}
	}
	int rest = argc - 1 - optind;
	if ((is_accept && rest != 1) || (!is_accept && rest != 0)) {
		cli_usage_error("links", is_accept ? "accept needs one review "
		                "file" : "unexpected argument");
		return EXIT_USAGE;
	}
	const char *stray = offline && !is_check ? "--offline" :
	                    out_path && !is_suggest ? "-o" :
	                    endpoint && is_accept ? "--endpoint" : NULL;
	if (stray) {
		cli_usage_error("links", "%s does not go with %s", stray, sub);
		return EXIT_USAGE;
	}
	const char *url = links_endpoint(endpoint);
	int fail = is_check ? LINKS_ERROR : EXIT_ERROR;
	kg_db *db = cli_open(o, is_suggest || (is_check && offline) ?
	                        KG_OPEN_READONLY : 0);
	if (!db)
		return fail;
	int rc = EXIT_OK;
	if (is_accept) {
		rc = links_accept(o, db, argv[1 + optind]);
	} else if (is_refresh) {
		rc = links_refresh(o, db, url) ? EXIT_ERROR : EXIT_OK;
	} else if (is_check) {
		size_t problems = 0;
		if ((!offline && links_refresh(o, db, url)) ||
		    links_compare(db, max_km, o->quiet, stdout, &problems))
			rc = LINKS_ERROR;
		else
			rc = problems ? LINKS_DISAGREE : LINKS_AGREE;
		if (fflush(stdout) || ferror(stdout))
			rc = LINKS_ERROR;
	} else {
		kg_db *rdb = links_open_endpoint(o, url);
		FILE *out = NULL;
		rc = EXIT_ERROR;
		if (rdb) {
			/* Into memory first: a failed request leaves no half
			 * file behind. */
			char *doc = NULL;
			size_t len = 0, ne = 0, nc = 0;
			FILE *mem = open_memstream(&doc, &len);
			if (mem) {
				kg_status st = links_suggest(o, db, rdb, url, max_km,
				                             mem, &ne, &nc);
				fclose(mem);
				if (!st) {
					out = out_path ? fopen(out_path, "w") : stdout;
					if (!out)
						fprintf(stderr, "kg: cannot open %s: %s\n",
						        out_path, strerror(errno));
					else if (fwrite(doc, 1, len, out) == len)
						rc = EXIT_OK;
					if (out && out != stdout && fclose(out)) {
						fprintf(stderr, "kg: cannot write %s: %s\n",
						        out_path, strerror(errno));
						rc = EXIT_ERROR;
					}
				}
			}
			free(doc);
			kg_db_close(rdb);
		}
	}
	kg_db_close(db);
	return is_check ? rc : cli_finish_stdout(rc);
}

/* links.h: what the files of kg links (cmd_links.c, links_review.c,
 * links.c) share; private to the kg program. */
#ifndef KG_LINKS_H
#define KG_LINKS_H

#include "cli.h"

#include <stddef.h>
#include <stdio.h>

#define LINKS_GRAPH "urn:kg:wikidata"
#define LINKS_WD "http://www.wikidata.org/entity/"

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

/* A growing array of strings, each owned (free with links_vec_free). */
typedef struct {
	char **v;
	size_t n, cap;
} links_vec;

int links_vec_push(links_vec *s, const char *str); /* copies str */
void links_vec_free(links_vec *s);

/* The rows of a query as strings, `width` per row, flattened (an
 * unbound value is ""), so that results can be looked up after the
 * result set is gone. */
typedef struct {
	links_vec cell;
	size_t width;
} links_table;

size_t links_table_rows(const links_table *t);
/* Borrowed, valid while `t` is. */
const char *links_table_at(const links_table *t, size_t row, size_t col);
/* Whether a row has `a` in column ca and `b` in column cb (b NULL: any). */
int links_table_has(const links_table *t, size_t ca, const char *a,
                    size_t cb, const char *b);
/* The first row with `a` in column ca: its column cb (borrowed), or NULL. */
const char *links_table_find(const links_table *t, size_t ca, const char *a,
                             size_t cb);

/* Items (or names) per request to an endpoint. */
size_t links_batch(void);
/* Writes `t` in N-Triples (and SPARQL) form. */
void links_term_write(FILE *f, const kg_term *t);
/* Runs `text` on `db`, appending its rows to `out`; prints why not
 * ("kg links: WHERE: message"). */
kg_status links_select(kg_db *db, const char *where, const char *text,
                       links_table *out);
/* A prefixed name for `iri` in `buf`, else <iri>; returns buf. */
const char *links_name(kg_db *db, const char *iri, char *buf, size_t size);
/* Prints the last error of the endpoint db `rdb` at `url`. */
void links_remote_error(const char *url, const kg_db *rdb);
/* Opens the endpoint `url` as a db with kg's timeouts; prints why not. */
kg_db *links_open_endpoint(const cli_options *o, const char *url);
/* Fetches the labels, classes (with their superclasses), coordinates
 * and redirects of `items` from `rdb` as N-Triples on `nt`. */
kg_status links_fetch(kg_db *rdb, const char *url, const links_vec *items,
                      FILE *nt);
/* The rows (kind, class IRI) of data/links/classes.ttl. */
kg_status links_class_table(links_table *fits);
/* Great-circle distance in km between two points in degrees; -1 (said
 * on stderr) when the C math library cannot be loaded. */
double links_km(double lat1, double lon1, double lat2, double lon2);
/* Reads a WKT "Point(LONG LAT)": 0, or -1 when it is none. */
int links_wkt_point(const char *wkt, double *lat, double *lon);

/* kg links suggest: the review file for the entities without a link,
 * on `out`; their number and the candidates' in *nentities, *ncand. */
kg_status links_suggest(const cli_options *o, kg_db *db, kg_db *rdb,
                        const char *url, double max_km, FILE *out,
                        size_t *nentities, size_t *ncand);
/* kg links accept FILE: an exit status. */
int links_accept(const cli_options *o, kg_db *db, const char *path);

#endif

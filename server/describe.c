/* describe.c: the SPARQL 1.1 Service Description a GET of /sparql
 * without a query answers: the endpoint, the languages (Update only when
 * writes are allowed), the result formats, the features, and the
 * default dataset with its named graphs, in Turtle. */
#include "srv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A named graph's IRI written between < and >, escaping what Turtle's
 * IRIREF does not allow. */
static void
put_iri(srv_buf *b, const char *iri)
{
	srv_buf_add(b, "<", 1);
	for (const unsigned char *p = (const unsigned char *)iri; *p; p++)
		if (*p <= ' ' || strchr("<>\"{}|^`\\", *p))
			srv_buf_printf(b, "\\u%04X", *p);
		else
			srv_buf_add(b, (const char *)p, 1);
	srv_buf_add(b, ">", 1);
}

void
srv_describe(srv *s, srv_request *rq, kg_db *db)
{
	srv_buf *b = &rq->out;
	int writes = s->o->writable || s->o->update_token;
	srv_buf_printf(b,
		"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
		"@prefix formats: <http://www.w3.org/ns/formats/> .\n\n"
		"[] a sd:Service ;\n"
		"  sd:endpoint <%s/sparql> ;\n"
		"  sd:supportedLanguage sd:SPARQL11Query%s ;\n"
		"  sd:resultFormat formats:SPARQL_Results_JSON, "
		"formats:SPARQL_Results_XML,\n"
		"    formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV,\n"
		"    formats:Turtle, formats:N-Triples, formats:N-Quads ;\n"
		"  sd:feature sd:UnionDefaultGraph ;\n"
		"  sd:defaultDataset [\n"
		"    a sd:Dataset ;\n"
		"    sd:defaultGraph [ a sd:Graph ]",
		s->base_url, writes ? ", sd:SPARQL11Update" : "");
	kg_results *r = NULL;
	if (kg_db_graphs(db, &r) == KG_OK) {
		while (kg_results_next(r) == KG_OK) {
			const kg_term *g = kg_results_get(r, 0);
			if (!g || g->kind != KG_TERM_IRI)
				continue;
			srv_buf_printf(b, " ;\n    sd:namedGraph [ a "
			               "sd:NamedGraph ; sd:name ");
			put_iri(b, g->value);
			srv_buf_add(b, " ]", 2);
		}
	}
	kg_results_free(r);
	srv_buf_printf(b, "\n  ] .\n");
	rq->status = 200;
	rq->type = "text/turtle; charset=utf-8";
}

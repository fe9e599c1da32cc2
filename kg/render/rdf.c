/* rdf.c: graph results as N-Triples, N-Quads and Turtle. */
#include "render/formats.h"

#include <stdlib.h>
#include <string.h>

/* Turtle groups consecutive statements of one subject, and of one
 * predicate within it; memory stays constant. */
typedef struct {
	kg_buf subject; /* N-Triples form of the open subject, "" if none */
	kg_buf predicate;
} ttl_state;

static void
ttl_statement(kg_writer *w, const kg_db *db, ttl_state *s, const kg_term *t)
{
	kg_writer tmp;
	kg_buf subj = {0}, pred = {0};
	/* The grouping keys are the terms' N-Triples forms. */
	kg_writer_init(&tmp, NULL, NULL);
	kg_write_nt_term(&tmp, &t[0]);
	subj = tmp.buf;
	kg_writer_init(&tmp, NULL, NULL);
	kg_write_nt_term(&tmp, &t[1]);
	pred = tmp.buf;
	int same_s = s->subject.len && !strcmp(kg_buf_str(&subj),
	                                       kg_buf_str(&s->subject));
	int same_p = same_s && !strcmp(kg_buf_str(&pred),
	                               kg_buf_str(&s->predicate));
	if (same_p) {
		kg_writer_puts(w, ",\n        ");
	} else {
		if (same_s) {
			kg_writer_puts(w, " ;\n    ");
		} else {
			if (s->subject.len)
				kg_writer_puts(w, " .\n\n");
			kg_write_ttl_term(w, db, &t[0]);
			kg_writer_puts(w, "\n    ");
		}
		if (t[1].kind == KG_TERM_IRI && !strcmp(t[1].value, KG_RDF_TYPE))
			kg_writer_puts(w, "a");
		else
			kg_write_ttl_term(w, db, &t[1]);
		kg_writer_puts(w, " ");
	}
	kg_write_ttl_term(w, db, &t[2]);
	kg_buf_free(&s->subject);
	kg_buf_free(&s->predicate);
	s->subject = subj;
	s->predicate = pred;
}

kg_status
kg_write_rdf(kg_results *r, const kg_db *db, kg_format f, kg_writer *w,
             uint64_t *rows)
{
	ttl_state ttl = {{0}, {0}};
	if (f == KG_FORMAT_TURTLE) {
		for (size_t i = 0; i < kg_db_prefix_count(db); i++) {
			const char *p, *iri;
			kg_db_prefix_at(db, i, &p, &iri);
			kg_writer_puts(w, "@prefix ");
			kg_writer_puts(w, p);
			kg_writer_puts(w, ": <");
			kg_writer_puts(w, iri);
			kg_writer_puts(w, "> .\n");
		}
		kg_writer_puts(w, "\n");
	}
	uint64_t n = 0;
	kg_status st = KG_DONE;
	while (!w->failed && (st = kg_results_next(r)) == KG_OK) {
		kg_term t[3];
		for (size_t i = 0; i < 3; i++) {
			const kg_term *x = kg_results_get(r, i);
			if (!x)
				break;
			t[i] = *x;
		}
		n++;
		if (f == KG_FORMAT_TURTLE) {
			ttl_statement(w, db, &ttl, t);
			continue;
		}
		for (size_t i = 0; i < 3; i++) {
			kg_write_nt_term(w, &t[i]);
			kg_writer_puts(w, " ");
		}
		const kg_term *g = kg_results_graph(r);
		if (f == KG_FORMAT_NQUADS && g) {
			kg_write_nt_term(w, g);
			kg_writer_puts(w, " ");
		}
		kg_writer_puts(w, ".\n");
	}
	if (f == KG_FORMAT_TURTLE && ttl.subject.len)
		kg_writer_puts(w, " .\n");
	kg_buf_free(&ttl.subject);
	kg_buf_free(&ttl.predicate);
	if (rows)
		*rows = n;
	return st == KG_DONE ? KG_OK : st;
}

/* labels.c: .labels on: a label column beside each column of IRIs,
 * each IRI's rdfs:label looked up once per result. */
#include "labels.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char **iri, **label; /* label NULL: the IRI has none */
	size_t n, cap;
} label_cache;

/* The IRI's rdfs:label, English or plain preferred; NULL if none.
 * Owned by the cache. */
static const char *
label_of(kg_db *db, label_cache *c, const char *iri)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->iri[i], iri))
			return c->label[i];
	if (c->n == c->cap) {
		/* Two arrays, one capacity: it changes only once both have
		 * grown (an IRI array grown alone is merely roomier). */
		size_t cap_iri = c->cap, cap_label = c->cap;
		if (kg_grow(&c->iri, &cap_iri, c->n + 1, sizeof *c->iri) ||
		    kg_grow(&c->label, &cap_label, c->n + 1, sizeof *c->label))
			return NULL;
		c->cap = cap_label;
	}
	char *best = NULL;
	int best_rank = 3;
	char *q = NULL;
	kg_results *r;
	if (asprintf(&q, "SELECT ?l WHERE { <%s> rdfs:label ?l }", iri) >= 0 &&
	    !kg_db_query(db, q, NULL, &r)) {
		while (!kg_results_next(r)) {
			const kg_term *t = kg_results_get(r, 0);
			if (!t)
				continue;
			int rank = !t->lang ? 1 : !strncmp(t->lang, "en", 2) ? 0 : 2;
			if (rank < best_rank) {
				free(best);
				best = strdup(t->value);
				best_rank = rank;
			}
		}
		kg_results_free(r);
	}
	free(q);
	c->iri[c->n] = strdup(iri);
	c->label[c->n] = best;
	if (!c->iri[c->n]) {
		free(best);
		return NULL;
	}
	return c->label[c->n++];
}

static void
label_cache_free(label_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->iri[i]);
		free(c->label[i]);
	}
	free(c->iri);
	free(c->label);
}

/* The rows are copied first, so that the label look-ups do not run
 * while `r`'s query is still open. */
kg_status
repl_labels_add(kg_db *db, kg_results *r, kg_results **out)
{
	size_t w = kg_results_width(r);
	const char **names = calloc(2 * w + 1, sizeof *names);
	char **made = calloc(w + 1, sizeof *made);
	int *has_iri = calloc(w + 1, sizeof *has_iri);
	const kg_term **row = calloc(2 * w + 1, sizeof *row);
	kg_term *lt = calloc(w + 1, sizeof *lt);
	kg_results *copy = NULL;
	label_cache cache = {NULL, NULL, 0, 0};
	kg_status st = KG_ERR_NOMEM;
	*out = NULL;
	if (!names || !made || !has_iri || !row || !lt)
		goto done;
	for (size_t i = 0; i < w; i++)
		names[i] = kg_results_name(r, i);
	if ((st = kg_results_table_new(db, w, names, &copy)))
		goto done;
	while (!(st = kg_results_next(r))) {
		for (size_t i = 0; i < w; i++) {
			row[i] = kg_results_get(r, i);
			if (row[i] && row[i]->kind == KG_TERM_IRI)
				has_iri[i] = 1;
		}
		if ((st = kg_results_table_add(copy, row)))
			goto done;
	}
	if (st != KG_DONE)
		goto done;
	size_t w2 = 0;
	for (size_t i = 0; i < w; i++) {
		names[w2++] = kg_results_name(copy, i);
		if (has_iri[i]) {
			if (asprintf(&made[i], "%s_label", names[w2 - 1]) < 0) {
				made[i] = NULL;
				st = KG_ERR_NOMEM;
				goto done;
			}
			names[w2++] = made[i];
		}
	}
	if ((st = kg_results_table_new(db, w2, names, out)))
		goto done;
	while (!(st = kg_results_next(copy))) {
		size_t k = 0;
		for (size_t i = 0; i < w; i++) {
			const kg_term *t = kg_results_get(copy, i);
			row[k++] = t;
			if (!has_iri[i])
				continue;
			const char *l = t && t->kind == KG_TERM_IRI
			                ? label_of(db, &cache, t->value) : NULL;
			lt[i] = (kg_term){KG_TERM_LITERAL, l, NULL, NULL};
			row[k++] = l ? &lt[i] : NULL;
		}
		if ((st = kg_results_table_add(*out, row)))
			goto done;
	}
	if (st == KG_DONE)
		st = KG_OK;
done:
	if (st) {
		kg_results_free(*out);
		*out = NULL;
	}
	kg_results_free(copy);
	label_cache_free(&cache);
	for (size_t i = 0; made && i < w; i++)
		free(made[i]);
	free(made);
	free(names);
	free(has_iri);
	free(row);
	free(lt);
	return st;
}

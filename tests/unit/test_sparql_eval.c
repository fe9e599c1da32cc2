/* test_sparql_eval.c: the answers of kg's SPARQL evaluator that are
 * not one fixed set of rows, through the public API: REDUCED and LIMIT
 * without ORDER BY may give any of several answers, and CONSTRUCT's
 * blank nodes must be told apart, which the canonical form ("_:" for
 * every blank node) cannot do; and that one query's dictionary, whose
 * memory a handle keeps for the next, does not leak into the next.  Cases with one answer live as text in
 * tests/sparql/NAME.test, run by tests/sparql/run. */
#include "kg.h"
#include "../tap.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX "http://example.org/"

static const char data[] =
	"@prefix : <" EX "> .\n"
	":alice a :Person ; :name \"Alice\" ; :dept :sales .\n"
	":bob   a :Person ; :name \"Bob\" ; :dept :sales .\n"
	":carol a :Person ; :name \"Carol\" ; :dept :eng .\n"
	":dave  a :Person ; :name \"Dave\" ; :dept :eng .\n";

/* The rows of `query`, each the local name of its column 0 (an IRI of
 * EX, else NULL), as a new NULL-terminated list in `*out`; the number
 * of rows, or -1 (and an empty list) when reading them fails, 0 when
 * the query does. */
static int
column(kg_db *db, const char *query, char ***out)
{
	kg_results *r = NULL;
	*out = calloc(1, sizeof **out);
	if (!*out)
		abort();
	if (kg_db_query(db, query, NULL, &r)) {
		printf("#   %s\n", kg_db_errmsg(db));
		return 0;
	}
	int n = 0;
	kg_status st;
	while ((st = kg_results_next(r)) == KG_OK) {
		const kg_term *t = kg_results_get(r, 0);
		char **p = realloc(*out, (size_t)(n + 2) * sizeof *p);
		if (!p)
			abort();
		*out = p;
		p[n++] = t && t->kind == KG_TERM_IRI &&
		                 !strncmp(t->value, EX, strlen(EX))
		                 ? strdup(t->value + strlen(EX))
		                 : NULL;
		p[n] = NULL;
	}
	kg_results_free(r);
	if (st == KG_DONE)
		return n;
	printf("#   %s\n", kg_db_errmsg(db));
	for (int i = 0; i < n; i++)
		free((*out)[i]);
	(*out)[0] = NULL;
	return -1;
}

static void
column_free(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static int
is_one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (s && !strcmp(s, *set))
			return 1;
	return 0;
}

/* REDUCED may drop any duplicates, or none. */
static void
test_reduced(kg_db *db)
{
	static const char *const depts[] = {"sales", "eng", NULL};
	char **v;
	int n = column(db, "PREFIX : <" EX "> SELECT REDUCED ?d "
	                   "{ ?x :dept ?d }", &v);
	int ok = n >= 2 && n <= 4, eng = 0, sales = 0;
	for (int i = 0; ok && i < n; i++) {
		ok = is_one_of(v[i], depts);
		eng += ok && !strcmp(v[i], "eng");
		sales += ok && !strcmp(v[i], "sales");
	}
	TAP_OK(ok && eng && sales,
	       "REDUCED keeps each value, at most as often as it occurs");
	column_free(v, n);
}

/* LIMIT without ORDER BY: that many rows, each a solution. */
static void
test_limit(kg_db *db)
{
	static const char *const people[] = {"alice", "bob", "carol", "dave",
	                                     NULL};
	char **v;
	int n = column(db, "PREFIX : <" EX "> SELECT ?x { ?x a :Person } "
	                   "LIMIT 2", &v);
	TAP_OK(n == 2 && is_one_of(v[0], people) && is_one_of(v[1], people) &&
	       strcmp(v[0], v[1]),
	       "LIMIT 2 without ORDER BY gives 2 distinct solutions");
	column_free(v, n);
}

/* A CONSTRUCT template's blank node is fresh for each solution, and the
 * same within one. */
static void
test_construct_blanks(kg_db *db)
{
	kg_results *r = NULL;
	int ok = kg_db_query(db, "PREFIX : <" EX "> CONSTRUCT "
	                         "{ ?x :card _:c . _:c :label ?n } WHERE "
	                         "{ ?x :dept :sales ; :name ?n }",
	                     NULL, &r) == KG_OK;
	/* the blank of ":x :card _:c" and the subject of "_:c :label n",
	 * by person */
	char card[2][128] = {{0}}, label[2][128] = {{0}};
	int n = 0;
	while (ok && kg_results_next(r) == KG_OK) {
		const kg_term *s = kg_results_get(r, 0), *p = kg_results_get(r, 1),
		              *o = kg_results_get(r, 2);
		ok = s && p && o;
		if (ok && !strcmp(p->value, EX "card") && o->kind == KG_TERM_BLANK) {
			int bob = !strcmp(s->value, EX "bob");
			snprintf(card[bob], sizeof card[bob], "%s", o->value);
		} else if (ok && !strcmp(p->value, EX "label") &&
		           s->kind == KG_TERM_BLANK) {
			int bob = !strcmp(o->value, "Bob");
			snprintf(label[bob], sizeof label[bob], "%s", s->value);
		}
		n++;
	}
	kg_results_free(r);
	ok = ok && n == 4 && card[0][0] && card[1][0];
	TAP_OK(ok && !strcmp(card[0], label[0]) && !strcmp(card[1], label[1]),
	       "CONSTRUCT: one blank node per solution, shared in it");
	TAP_OK(ok && strcmp(card[0], card[1]),
	       "CONSTRUCT: a fresh blank node for each solution");
}

/* The sorted local names of column 0 of `query`, joined by spaces into
 * `out`. */
static void
names(kg_db *db, const char *query, char *out, size_t size)
{
	char **v;
	int n = column(db, query, &v);
	out[0] = 0;
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (v[i] && v[j] && strcmp(v[i], v[j]) > 0) {
				char *t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
		         i ? " " : "", v[i] ? v[i] : "?");
	column_free(v, n);
}

/* A handle keeps an evaluation's dictionary memory for the next one
 * (sparql/eval.c): a big query first, its terms in several chunks and
 * grown tables, then small ones whose terms the big one also had, at
 * other ids, then the big one again. */
static void
test_dictionary_reuse(kg_db *db, const char *store)
{
	size_t size = 64 * 1024;
	char *big = malloc(size), got[256];
	if (!big)
		abort();
	snprintf(big, size, "PREFIX : <" EX "> SELECT ?x { VALUES ?v { ");
	for (int i = 0; i < 700; i++)
		snprintf(big + strlen(big), size - strlen(big), "\"l%d\" :i%d ",
		         i, i);
	snprintf(big + strlen(big), size - strlen(big),
	         ":zed \"Zed\" \"Alice\" :eng } ?x ?p ?v }");
	names(db, big, got, sizeof got);
	TAP_STR(got, "alice carol dave", "%s: a query of 1400 terms", store);
	names(db, "PREFIX : <" EX "> SELECT ?x { ?x :dept :eng }", got,
	      sizeof got);
	TAP_STR(got, "carol dave", "%s: then a small one", store);
	names(db, "PREFIX : <" EX "> SELECT ?x { ?x :name ?n "
	          "FILTER(?n != \"l5\" && ?n != \"Bob\" && ?n != \"Alice\") }",
	      got, sizeof got);
	TAP_STR(got, "carol dave", "%s: then one with its literals", store);
	names(db, "PREFIX : <" EX "> SELECT ?x { VALUES ?x { :i7 :zed :bob } "
	          "?x a :Person }", got, sizeof got);
	TAP_STR(got, "bob", "%s: then one with its IRIs", store);
	names(db, big, got, sizeof got);
	TAP_STR(got, "alice carol dave", "%s: the big one again", store);
	free(big);
}

int
main(void)
{
	kg_db *db = NULL;
	char *path = write_tmp(".ttl", data);
	kg_status st = kg_db_open("memory", 0, &db);
	if (!st)
		st = kg_db_load(db, path, NULL, NULL);
	unlink(path);
	free(path);
	if (st) {
		printf("Bail out! cannot load the test data: %s\n",
		       kg_db_errmsg(db));
		return 1;
	}
	test_reduced(db);
	test_limit(db);
	test_construct_blanks(db);
	test_dictionary_reuse(db, "memory");
	kg_db_close(db);

	/* kg's own store reads by id: the evaluator maps its ids too. */
	char dir[] = "/tmp/kg-test-eval-XXXXXX", spec[64];
	if (!mkdtemp(dir))
		abort();
	snprintf(spec, sizeof spec, "%s/s", dir);
	path = write_tmp(".ttl", data);
	st = kg_db_open(spec, KG_OPEN_CREATE, &db);
	if (!st)
		st = kg_db_load(db, path, NULL, NULL);
	unlink(path);
	free(path);
	if (st) {
		printf("Bail out! cannot load into kg's store: %s\n",
		       kg_db_errmsg(db));
		return 1;
	}
	test_dictionary_reuse(db, "native");
	kg_db_close(db);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	TAP_OK(system(cmd) == 0, "clean up");
	return tap_done();
}

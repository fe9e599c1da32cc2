/* test_redland_module.c: the "kg" Redland storage (kg/store/redland_module.c)
 * driven through librdf's own model API, as any Redland program would:
 * adds in graphs, finds by every pattern shape, contexts, removes,
 * transactions, snapshots, and what a reopened store still holds. */
#include "../tap.h"
#include "store/redland_module.h"

#include <redland.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XSD_INT "http://www.w3.org/2001/XMLSchema#integer"

/* The quads the test adds: s p o g (g NULL: the default graph). */
static const char *const quads[][4] = {
	{"<urn:s1>", "<urn:p>", "\"plain\"", NULL},
	{"<urn:s1>", "<urn:p>", "\"chat\"@fr", NULL},
	{"<urn:s2>", "<urn:q>", "\"5\"^^<" XSD_INT ">", NULL},
	{"_:b1", "<urn:p>", "<urn:s1>", NULL},
	{"<urn:s1>", "<urn:p>", "<urn:o>", "<urn:g1>"},
	{"<urn:s1>", "<urn:p>", "\"plain\"", "<urn:g1>"},
	{"<urn:s2>", "<urn:p>", "<urn:o>", "<urn:g2>"},
	{"_:b1", "<urn:q>", "\"x\"", "<urn:g2>"},
};
enum { NQUADS = sizeof quads / sizeof quads[0] };

static librdf_world *world;

/* A node from N-Triples-like text (no escapes); NULL text: NULL. */
static librdf_node *
node(const char *text)
{
	if (!text)
		return NULL;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", text);
	if (buf[0] == '<') {
		buf[strlen(buf) - 1] = '\0';
		return librdf_new_node_from_uri_string(world,
		    (const unsigned char *)buf + 1);
	}
	if (buf[0] == '_')
		return librdf_new_node_from_blank_identifier(world,
		    (const unsigned char *)buf + 2);
	char *end = strchr(buf + 1, '"');
	*end = '\0';
	const char *lang = end[1] == '@' ? end + 2 : NULL;
	librdf_uri *dt = NULL;
	if (end[1] == '^') {
		end[strlen(end + 1)] = '\0'; /* the closing '>' */
		dt = librdf_new_uri(world, (const unsigned char *)end + 4);
	}
	librdf_node *n = librdf_new_node_from_typed_literal(world,
	    (const unsigned char *)buf + 1, lang, dt);
	if (dt)
		librdf_free_uri(dt);
	return n;
}

static librdf_statement *
statement(const char *s, const char *p, const char *o)
{
	return librdf_new_statement_from_nodes(world, node(s), node(p), node(o));
}

/* Whether node n is the one `text` describes (NULL text: NULL node). */
static int
node_is(librdf_node *n, const char *text)
{
	if (!text || !n)
		return !text && !n;
	librdf_node *want = node(text);
	int eq = librdf_node_equals(n, want);
	librdf_free_node(want);
	return eq;
}

static int
count_stream(librdf_stream *s)
{
	if (!s)
		return -1;
	int n = 0;
	for (; !librdf_stream_end(s); librdf_stream_next(s))
		n++;
	librdf_free_stream(s);
	return n;
}

static librdf_model *
open_model(const char *dir, const char *extra)
{
	char opts[512];
	snprintf(opts, sizeof opts, "dir='%s'%s", dir, extra);
	librdf_storage *st = librdf_new_storage(world, "kg", "test", opts);
	if (!st)
		return NULL;
	librdf_model *m = librdf_new_model(world, st, NULL);
	/* The model holds its own reference. */
	librdf_free_storage(st);
	return m;
}

static int
add_quad(librdf_model *m, int i)
{
	librdf_statement *s = statement(quads[i][0], quads[i][1], quads[i][2]);
	librdf_node *g = node(quads[i][3]);
	int rc = g ? librdf_model_context_add_statement(m, g, s)
	           : librdf_model_add_statement(m, s);
	librdf_free_statement(s);
	if (g)
		librdf_free_node(g);
	return rc;
}

/* For every quad as a seed and every choice of bound parts, the finds
 * return exactly the quads that match, each with its own graph. */
static void
test_patterns(librdf_model *m)
{
	int bad = 0, total = 0;
	for (int seed = 0; seed < NQUADS; seed++) {
		for (int mask = 0; mask < 8; mask++) {
			const char *part[3];
			for (int k = 0; k < 3; k++)
				part[k] = mask & (1 << k) ? quads[seed][k] : NULL;
			int want = 0;
			for (int i = 0; i < NQUADS; i++) {
				int match = 1;
				for (int k = 0; k < 3; k++)
					if (part[k] && strcmp(part[k], quads[i][k]))
						match = 0;
				want += match;
			}
			librdf_statement *pat = statement(part[0], part[1],
			    part[2]);
			librdf_stream *s = librdf_model_find_statements(m, pat);
			int got = 0;
			for (; s && !librdf_stream_end(s); librdf_stream_next(s)) {
				librdf_statement *st = librdf_stream_get_object(s);
				librdf_node *g = librdf_stream_get_context2(s);
				if (!librdf_statement_match(st, pat))
					bad++;
				/* The returned quad is one of ours. */
				int known = 0;
				for (int i = 0; i < NQUADS; i++)
					known |= node_is(librdf_statement_get_subject(st), quads[i][0]) &&
					    node_is(librdf_statement_get_predicate(st), quads[i][1]) &&
					    node_is(librdf_statement_get_object(st), quads[i][2]) &&
					    node_is(g, quads[i][3]);
				bad += !known;
				got++;
			}
			if (s)
				librdf_free_stream(s);
			librdf_free_statement(pat);
			if (got != want) {
				printf("# seed %d mask %d: got %d, want %d\n",
				    seed, mask, got, want);
				bad++;
			}
			total++;
		}
	}
	TAP_OK(bad == 0, "%d finds, one per seed quad and pattern shape, "
	    "return the matching quads with their graphs", total);
}

static int
contexts_are(librdf_model *m, const char *const *want, int nwant)
{
	librdf_iterator *it = librdf_model_get_contexts(m);
	if (!it)
		return 0;
	int n = 0, ok = 1;
	for (; !librdf_iterator_end(it); librdf_iterator_next(it)) {
		librdf_node *g = librdf_iterator_get_object(it);
		int found = 0;
		for (int i = 0; i < nwant; i++)
			found |= node_is(g, want[i]);
		ok &= found;
		n++;
	}
	librdf_free_iterator(it);
	return ok && n == nwant;
}

static int
contains(librdf_model *m, const char *s, const char *p, const char *o)
{
	librdf_statement *st = statement(s, p, o);
	int rc = librdf_model_contains_statement(m, st);
	librdf_free_statement(st);
	return rc;
}

int
main(void)
{
	char dir[] = "/tmp/kg-redland-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	world = librdf_new_world();
	librdf_world_open(world);
	TAP_OK(kg_redland_register(world) == 0, "the kg factory registers");
	TAP_OK(kg_redland_register(world) == 0, "registering again is a no-op");

	librdf_model *m = open_model(dir, ",new='yes'");
	TAP_OK(m != NULL, "a new store opens through librdf");
	if (!m)
		return tap_done();
	TAP_OK(librdf_model_supports_contexts(m), "it supports contexts");
	int fails = 0;
	for (int i = 0; i < NQUADS; i++)
		fails += add_quad(m, i) != 0;
	TAP_OK(fails == 0, "%d quads added, in the default graph and two "
	    "named graphs", NQUADS);
	TAP_OK(add_quad(m, 0) == 0 && librdf_model_size(m) == NQUADS,
	    "adding a quad again keeps one copy (size %d)",
	    librdf_model_size(m));

	test_patterns(m);

	librdf_node *g1 = node("<urn:g1>"), *g2 = node("<urn:g2>");
	TAP_OK(count_stream(librdf_model_context_as_stream(m, g1)) == 2,
	    "graph g1 holds its 2 quads");
	librdf_statement *pat = statement(NULL, "<urn:p>", NULL);
	TAP_OK(count_stream(librdf_model_find_statements_in_context(m, pat,
	    g2)) == 1, "find in graph g2 by predicate");
	int with_p = 0;
	for (int i = 0; i < NQUADS; i++)
		with_p += !strcmp(quads[i][1], "<urn:p>");
	TAP_OK(count_stream(librdf_model_find_statements_in_context(m, pat,
	    NULL)) == with_p, "find with no context looks in every graph");
	librdf_free_statement(pat);
	TAP_OK(count_stream(librdf_model_as_stream(m)) == NQUADS,
	    "serialise gives every quad");
	pat = statement("<urn:nowhere>", NULL, NULL);
	TAP_OK(count_stream(librdf_model_find_statements(m, pat)) == 0,
	    "a term the store never saw matches nothing (empty stream)");
	librdf_free_statement(pat);

	TAP_OK(contains(m, "<urn:s1>", "<urn:p>", "<urn:o>"),
	    "contains sees a quad of a named graph");
	TAP_OK(!contains(m, "<urn:s1>", "<urn:q>", "<urn:o>"),
	    "and not a triple that is absent");
	const char *both[] = {"<urn:g1>", "<urn:g2>"};
	TAP_OK(contexts_are(m, both, 2), "the contexts are g1 and g2");

	/* Literals come back as they went in. */
	pat = statement("<urn:s2>", "<urn:q>", NULL);
	librdf_stream *s = librdf_model_find_statements(m, pat);
	librdf_node *o = s && !librdf_stream_end(s) ?
	    librdf_statement_get_object(librdf_stream_get_object(s)) : NULL;
	TAP_OK(o && node_is(o, quads[2][2]), "a typed literal keeps its "
	    "datatype");
	if (s)
		librdf_free_stream(s);
	librdf_free_statement(pat);
	pat = statement("<urn:s1>", "<urn:p>", "\"chat\"@fr");
	TAP_OK(count_stream(librdf_model_find_statements(m, pat)) == 1,
	    "a language-tagged literal is found by its tag");
	librdf_free_statement(pat);
	pat = statement("<urn:s1>", "<urn:p>", "\"chat\"@de");
	TAP_OK(count_stream(librdf_model_find_statements(m, pat)) == 0,
	    "and not by another tag");
	librdf_free_statement(pat);

	/* A stream reads one snapshot: writes meanwhile do not show. */
	s = librdf_model_as_stream(m);
	librdf_statement *extra = statement("<urn:late>", "<urn:p>", "\"x\"");
	TAP_OK(librdf_model_add_statement(m, extra) == 0,
	    "a write while a stream is open");
	TAP_OK(count_stream(s) == NQUADS, "the open stream does not see it");
	TAP_OK(librdf_model_size(m) == NQUADS + 1, "a new call does");
	TAP_OK(librdf_model_remove_statement(m, extra) == 0 &&
	    librdf_model_size(m) == NQUADS, "remove from the default graph");

	/* Removing without a context leaves the named graph's copy. */
	librdf_statement *plain = statement("<urn:s1>", "<urn:p>", "\"plain\"");
	TAP_OK(librdf_model_remove_statement(m, plain) == 0 &&
	    contains(m, "<urn:s1>", "<urn:p>", "\"plain\""),
	    "remove without a context keeps g1's copy");
	TAP_OK(librdf_model_context_remove_statement(m, g1, plain) == 0 &&
	    !contains(m, "<urn:s1>", "<urn:p>", "\"plain\""),
	    "context remove takes g1's");
	TAP_OK(librdf_model_context_remove_statements(m, g2) == 0 &&
	    count_stream(librdf_model_context_as_stream(m, g2)) == 0,
	    "removing all of g2 empties it");
	const char *only_g1[] = {"<urn:g1>"};
	TAP_OK(contexts_are(m, only_g1, 1), "and g2 is no longer a context");
	int size = librdf_model_size(m);
	TAP_OK(size == NQUADS - 4, "size %d after 4 removes", size);

	/* Explicit transactions. */
	TAP_OK(librdf_model_transaction_start(m) == 0, "transaction start");
	TAP_OK(librdf_model_add_statement(m, extra) == 0 &&
	    contains(m, "<urn:late>", "<urn:p>", "\"x\""),
	    "a transaction sees its own add");
	s = librdf_model_as_stream(m);
	TAP_OK(librdf_model_transaction_rollback(m) == 0, "rollback");
	/* It keeps the statement it was on, then ends. */
	int left = count_stream(s);
	TAP_OK(left == 1, "a stream of the transaction ends with it (%d "
	    "left)", left);
	TAP_OK(!contains(m, "<urn:late>", "<urn:p>", "\"x\""),
	    "the add is gone after rollback");
	TAP_OK(librdf_model_transaction_start(m) == 0 &&
	    librdf_model_context_add_statement(m, g2, extra) == 0 &&
	    librdf_model_transaction_commit(m) == 0, "add in g2 and commit");
	TAP_OK(contains(m, "<urn:late>", "<urn:p>", "\"x\""),
	    "the add stays after commit");
	size = librdf_model_size(m);
	librdf_free_statement(extra);
	librdf_free_statement(plain);
	librdf_free_model(m);

	/* What was committed is on disk. */
	m = open_model(dir, ",write='no'");
	TAP_OK(m && librdf_model_size(m) == size,
	    "reopened read-only: the same %d quads", size);
	TAP_OK(m && contexts_are(m, both, 2), "and the same contexts");
	extra = statement("<urn:ro>", "<urn:p>", "\"x\"");
	TAP_OK(m && librdf_model_add_statement(m, extra) != 0,
	    "a read-only store refuses an add");
	librdf_free_statement(extra);
	librdf_free_model(m);

	m = open_model(dir, ",new='yes'");
	TAP_OK(m && librdf_model_size(m) == 0, "new='yes' empties it");
	TAP_OK(m && contexts_are(m, NULL, 0), "with no contexts left");
	librdf_free_model(m);

	char missing[600];
	snprintf(missing, sizeof missing, "%s/none", dir);
	m = open_model(missing, ",write='no'");
	TAP_OK(m == NULL, "a read-only open of a missing store fails");

	librdf_free_node(g1);
	librdf_free_node(g2);
	librdf_free_world(world);

	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}

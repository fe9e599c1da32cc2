/* quads.c: a test helper that reads and writes a kg quad store directly
 * (kg/store/lmdb/quadstore.h), without Redland, so that tests/cli/rdfproc.sh
 * can check what a Redland program sees against what kg wrote, and the
 * other way round.
 *
 *   quads fill DIR    creates the store and bulk-loads a few quads
 *   quads dump DIR    prints every quad as N-Quads, one per line
 */
#include "quadstore.h"

#include <stdio.h>
#include <string.h>

static const kg_term s1 = {KG_TERM_IRI, "http://example.org/s1", NULL, NULL};
static const kg_term s2 = {KG_TERM_IRI, "http://example.org/s2", NULL, NULL};
static const kg_term b1 = {KG_TERM_BLANK, "b1", NULL, NULL};
static const kg_term name = {KG_TERM_IRI, "http://example.org/name", NULL,
    NULL};
static const kg_term knows = {KG_TERM_IRI, "http://example.org/knows", NULL,
    NULL};
static const kg_term age = {KG_TERM_IRI, "http://example.org/age", NULL,
    NULL};
static const kg_term alice = {KG_TERM_LITERAL, "Alice", NULL, NULL};
static const kg_term alice_fr = {KG_TERM_LITERAL, "Alice en France", NULL,
    "fr"};
static const kg_term n42 = {KG_TERM_LITERAL, "42",
    "http://www.w3.org/2001/XMLSchema#integer", NULL};
static const kg_term g1 = {KG_TERM_IRI, "http://example.org/g1", NULL, NULL};

static int
fill(kg_qs *qs)
{
	const kg_term *q[][4] = {
		{&s1, &name, &alice, NULL},
		{&s1, &name, &alice_fr, NULL},
		{&s1, &age, &n42, NULL},
		{&s1, &knows, &s2, &g1},
		{&b1, &knows, &s1, &g1},
	};
	kg_qs_txn *txn;
	kg_qs_bulk *b;
	if (kg_qs_begin(qs, 1, &txn))
		return 1;
	if (kg_qs_bulk_begin(txn, 0, 0, &b)) {
		kg_qs_abort(txn);
		return 1;
	}
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (kg_qs_bulk_add(b, q[i][0], q[i][1], q[i][2], q[i][3])) {
			kg_qs_bulk_free(b);
			kg_qs_abort(txn);
			return 1;
		}
	if (kg_qs_bulk_end(b, NULL)) {
		kg_qs_abort(txn);
		return 1;
	}
	return kg_qs_commit(txn) != KG_OK;
}

static void
print_term(const kg_term *t)
{
	switch (t->kind) {
	case KG_TERM_IRI:
		printf("<%s>", t->value);
		break;
	case KG_TERM_BLANK:
		printf("_:%s", t->value);
		break;
	case KG_TERM_LITERAL:
		/* The test's literals need no escapes. */
		printf("\"%s\"", t->value);
		if (t->lang)
			printf("@%s", t->lang);
		else if (t->datatype)
			printf("^^<%s>", t->datatype);
		break;
	}
}

static int
dump(kg_qs *qs)
{
	kg_qs_txn *txn;
	kg_qs_iter *it;
	if (kg_qs_begin(qs, 0, &txn))
		return 1;
	const kg_qs_id all[4] = {0, 0, 0, 0};
	if (kg_qs_match(txn, all, KG_QS_ANY_GRAPH, &it)) {
		kg_qs_abort(txn);
		return 1;
	}
	kg_qs_id q[4];
	kg_status st;
	while ((st = kg_qs_iter_next(it, q)) == KG_OK) {
		for (int k = 0; k < 4; k++) {
			kg_term t;
			if (k == 3 && !q[3])
				break;
			if (kg_qs_term(txn, q[k], &t)) {
				st = KG_ERR_STORE;
				goto out;
			}
			print_term(&t);
			putchar(' ');
		}
		puts(".");
	}
out:
	kg_qs_iter_free(it);
	kg_qs_abort(txn);
	return st != KG_DONE;
}

int
main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "fill") && strcmp(argv[1], "dump"))) {
		fprintf(stderr, "usage: quads fill|dump DIR\n");
		return 2;
	}
	int filling = !strcmp(argv[1], "fill");
	kg_qs *qs;
	if (kg_qs_open(argv[2], filling ? KG_QS_CREATE : KG_QS_READONLY,
	    &qs)) {
		fprintf(stderr, "quads: %s\n", kg_qs_errmsg(qs));
		kg_qs_close(qs);
		return 1;
	}
	int rc = filling ? fill(qs) : dump(qs);
	if (rc)
		fprintf(stderr, "quads: %s\n", kg_qs_errmsg(qs));
	kg_qs_close(qs);
	return rc;
}

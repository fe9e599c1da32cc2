/* qs_unindex: plants an inconsistency in kg's own store for the shell
 * tests of `kg verify`: `qs_unindex DIR INDEX` takes the first quad of
 * the store out of index number INDEX (0..5: spog posg ospg gspo gpos
 * gosp) and nowhere else.  Exit 0 when it did. */
#include "quadstore.h"

#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: qs_unindex DIR INDEX\n");
		return 2;
	}
	int index = atoi(argv[2]);
	kg_qs *qs = NULL;
	kg_qs_txn *t = NULL;
	kg_qs_iter *it = NULL;
	kg_qs_id pat[4] = {0, 0, 0, 0}, q[4];
	kg_status st = kg_qs_open(argv[1], 0, &qs);
	if (!st)
		st = kg_qs_begin(qs, 1, &t);
	if (!st)
		st = kg_qs_match(t, pat, KG_QS_ANY_GRAPH, &it);
	if (!st)
		st = kg_qs_iter_next(it, q);
	kg_qs_iter_free(it);
	if (!st)
		st = kg_qs_test_unindex(t, index, q);
	if (!st) {
		st = kg_qs_commit(t);
		t = NULL;
	}
	if (st)
		fprintf(stderr, "qs_unindex: %s: %s\n", argv[1],
		        st == KG_DONE ? "the store is empty"
		                      : qs ? kg_qs_errmsg(qs) : "out of memory");
	kg_qs_abort(t);
	kg_qs_close(qs);
	return st ? 1 : 0;
}

/* The LMDB quad store: dictionary, every pattern shape against a brute
 * force filter, set semantics, counts, transactions, bulk load, verify,
 * and the format version. */
#include "quadstore.h"
#include "../tap.h"

#include <lmdb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");
	size_t n = strlen(dir ? dir : "/tmp") + 32;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/kg-qs-XXXXXX", dir ? dir : "/tmp");
	if (!mkdtemp(p))
		abort();
	return p;
}

static void
rm_store(const char *dir)
{
	const char *files[] = {"data.mdb", "lock.mdb", "writer.lock",
	    "map.lock"};
	char p[4096];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static kg_qs *
open_store(const char *dir, unsigned flags)
{
	kg_qs *qs;
	if (kg_qs_open(dir, flags, &qs)) {
		printf("# open %s: %s\n", dir, kg_qs_errmsg(qs));
		abort();
	}
	return qs;
}

static kg_qs_txn *
begin(kg_qs *qs, int write)
{
	kg_qs_txn *t;
	if (kg_qs_begin(qs, write, &t)) {
		printf("# begin: %s\n", kg_qs_errmsg(qs));
		abort();
	}
	return t;
}

static int
same_term(const kg_term *a, const kg_term *b)
{
	const char *ad = a->datatype, *bd = b->datatype;
	const char *al = a->lang && *a->lang ? a->lang : NULL;
	const char *bl = b->lang && *b->lang ? b->lang : NULL;
	return a->kind == b->kind && !strcmp(a->value, b->value) &&
	    (ad ? bd && !strcmp(ad, bd) : !bd) &&
	    (al ? bl && !strcmp(al, bl) : !bl);
}

static void
test_dictionary(const char *dir, unsigned flags, const char *what)
{
	static char longlit[10241];
	memset(longlit, 'q', sizeof longlit - 1);
	longlit[5000] = '"';
	const kg_term terms[] = {
		{KG_TERM_IRI, "http://example.org/a", NULL, NULL},
		{KG_TERM_IRI, "", NULL, NULL},
		{KG_TERM_BLANK, "b0", NULL, NULL},
		{KG_TERM_LITERAL, "x", NULL, NULL},
		{KG_TERM_LITERAL, "x", NULL, "en"},
		{KG_TERM_LITERAL, "x", "http://www.w3.org/2001/XMLSchema#string",
		    NULL},
		{KG_TERM_LITERAL, "", NULL, NULL},
		{KG_TERM_LITERAL, "", NULL, "fr"},
		{KG_TERM_LITERAL, "\xd8\xad\xd9\x85\xd8\xa7\xd8\xa9", NULL, "ar"},
		{KG_TERM_LITERAL, "\xe1\xb8\xa4\x61m\xc4\x81", NULL, NULL},
		{KG_TERM_LITERAL, longlit, NULL, NULL},
		{KG_TERM_LITERAL, "42", "http://www.w3.org/2001/XMLSchema#integer",
		    NULL},
		{KG_TERM_IRI, "x", NULL, NULL},
		{KG_TERM_BLANK, "x", NULL, NULL},
	};
	size_t n = sizeof terms / sizeof terms[0];
	kg_qs *qs = open_store(dir, flags | KG_QS_CREATE);
	kg_qs_txn *t = begin(qs, 1);
	kg_qs_id ids[sizeof terms / sizeof terms[0]];
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= kg_qs_intern(t, &terms[i], &ids[i]) == KG_OK;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			ok &= ids[i] != ids[j];
	TAP_OK(ok, "%s: %zu terms interned, distinct ids", what, n);
	ok = 1;
	for (size_t i = 0; i < n; i++) {
		kg_qs_id id;
		ok &= kg_qs_intern(t, &terms[i], &id) == KG_OK && id == ids[i];
	}
	TAP_OK(ok, "%s: interning again gives the same ids", what);
	TAP_OK(kg_qs_commit(t) == KG_OK, "%s: commit", what);
	t = begin(qs, 0);
	ok = 1;
	for (size_t i = 0; i < n; i++) {
		kg_qs_id id = 0;
		kg_term back;
		ok &= kg_qs_lookup(t, &terms[i], &id) == KG_OK && id == ids[i];
		ok &= kg_qs_term(t, ids[i], &back) == KG_OK &&
		    same_term(&back, &terms[i]);
	}
	TAP_OK(ok, "%s: lookup and term round-trip every kind", what);
	kg_term unknown = {KG_TERM_LITERAL, "x", NULL, "de"};
	kg_qs_id id;
	TAP_OK(kg_qs_lookup(t, &unknown, &id) == KG_DONE,
	    "%s: an unknown term is KG_DONE", what);
	kg_term back;
	TAP_OK(kg_qs_term(t, 999999, &back) == KG_DONE,
	    "%s: an unknown id is KG_DONE", what);
	TAP_OK(kg_qs_intern(t, &unknown, &id) == KG_ERR_READONLY,
	    "%s: intern in a read txn fails", what);
	kg_qs_abort(t);
	kg_qs_close(qs);
}

static void
test_collisions(const char *dir)
{
	kg_qs *qs = open_store(dir, KG_QS_CREATE | KG_QS_TEST_TINY_HASH);
	kg_qs_txn *t = begin(qs, 1);
	enum { N = 300 };
	kg_qs_id ids[N];
	char buf[64];
	int ok = 1;
	for (int i = 0; i < N; i++) {
		snprintf(buf, sizeof buf, "http://example.org/c%d", i);
		kg_term term = {KG_TERM_IRI, buf, NULL, NULL};
		ok &= kg_qs_intern(t, &term, &ids[i]) == KG_OK;
	}
	for (int i = 0; i < N && ok; i++) {
		snprintf(buf, sizeof buf, "http://example.org/c%d", i);
		kg_term term = {KG_TERM_IRI, buf, NULL, NULL};
		kg_qs_id id;
		ok &= kg_qs_lookup(t, &term, &id) == KG_OK && id == ids[i];
		ok &= i == 0 || ids[i] == ids[i - 1] + 1;
	}
	TAP_OK(ok, "16 hash values for %d terms: every term keeps its own id",
	    N);
	kg_qs_id q[4] = {ids[0], ids[1], ids[2], 0};
	kg_qs_add(t, q);
	/* A bulk load over colliding hashes agrees with intern. */
	kg_qs_bulk *b;
	int bok = kg_qs_bulk_begin(t, 0, 0, &b) == KG_OK;
	for (int i = 0; i < N + 50 && bok; i++) {
		snprintf(buf, sizeof buf, "http://example.org/c%d", i);
		kg_term s = {KG_TERM_IRI, buf, NULL, NULL};
		bok &= kg_qs_bulk_add(b, &s, &s, &s, NULL) == KG_OK;
	}
	uint64_t added = 0;
	bok &= kg_qs_bulk_end(b, &added) == KG_OK && added == N + 50;
	for (int i = 0; i < N + 50 && bok; i++) {
		snprintf(buf, sizeof buf, "http://example.org/c%d", i);
		kg_term term = {KG_TERM_IRI, buf, NULL, NULL};
		kg_qs_id id;
		bok &= kg_qs_lookup(t, &term, &id) == KG_OK &&
		    (i >= N || id == ids[i]);
	}
	TAP_OK(bok, "bulk load with colliding hashes finds the stored terms");
	TAP_OK(kg_qs_commit(t) == KG_OK, "commit");
	TAP_OK(kg_qs_verify(qs, NULL, NULL) == KG_OK, "verify with collisions");
	kg_qs_close(qs);
}

/* ---- patterns against brute force ------------------------------------ */

enum { NS = 6, NP = 3, NO = 6, NG = 3, NQ = 260 };

typedef struct {
	kg_qs_id q[NQ][4];
	int in[NQ];
} model;

static uint64_t rng = 12345;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((rng >> 33) % n);
}

static int
quad_cmp(const void *x, const void *y)
{
	const kg_qs_id *a = x, *b = y;
	for (int i = 0; i < 4; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int
matches(const kg_qs_id q[4], const kg_qs_id pat[4], unsigned flags)
{
	for (int i = 0; i < 3; i++)
		if (pat[i] && pat[i] != q[i])
			return 0;
	return (flags & KG_QS_ANY_GRAPH) || pat[3] == q[3];
}

/* Compares kg_qs_match and kg_qs_count with the model for pat. */
static int
check_pattern(kg_qs_txn *t, const model *m, const kg_qs_id pat[4],
    unsigned flags)
{
	static kg_qs_id want[NQ][4], got[NQ + 1][4];
	size_t nw = 0, ng = 0;
	for (int i = 0; i < NQ; i++)
		if (m->in[i] && matches(m->q[i], pat, flags))
			memcpy(want[nw++], m->q[i], sizeof want[0]);
	kg_qs_iter *it;
	if (kg_qs_match(t, pat, flags, &it))
		return 0;
	kg_status st;
	while (ng <= NQ && (st = kg_qs_iter_next(it, got[ng])) == KG_OK)
		ng++;
	kg_qs_iter_free(it);
	uint64_t c;
	if (kg_qs_count(t, pat, flags, &c) || c != ng)
		return 0;
	if (nw != ng)
		return 0;
	qsort(want, nw, sizeof want[0], quad_cmp);
	qsort(got, ng, sizeof got[0], quad_cmp);
	return !memcmp(want, got, nw * sizeof want[0]);
}

/* Every shape: s, p, o each bound or not, in any graph, the default
 * graph or a named one; constants taken from present and absent quads. */
static void
check_shapes(kg_qs_txn *t, const model *m, const kg_qs_id *sid,
    const kg_qs_id *pid, const kg_qs_id *oid, const kg_qs_id *gid,
    const char *when)
{
	const char *mode[3] = {"any graph", "default graph", "named graph"};
	for (int gm = 0; gm < 3; gm++) {
		int bad = 0, tried = 0;
		for (unsigned mask = 0; mask < 8; mask++) {
			for (int k = 0; k < 12; k++) {
				kg_qs_id pat[4] = {0, 0, 0, 0};
				const kg_qs_id *src = m->q[rnd(NQ)];
				int fresh = k % 4 == 3; /* maybe absent */
				if (mask & 1)
					pat[0] = fresh ? sid[rnd(NS)] : src[0];
				if (mask & 2)
					pat[1] = fresh ? pid[rnd(NP)] : src[1];
				if (mask & 4)
					pat[2] = fresh ? oid[rnd(NO)] : src[2];
				unsigned flags = 0;
				if (gm == 0)
					flags = KG_QS_ANY_GRAPH;
				else if (gm == 2)
					pat[3] = fresh ? gid[rnd(NG)] : src[3]
					    ? src[3] : gid[0];
				tried++;
				if (!check_pattern(t, m, pat, flags)) {
					if (!bad)
						printf("# mismatch: mask %u "
						    "pat %u %u %u %u\n", mask,
						    pat[0], pat[1], pat[2],
						    pat[3]);
					bad++;
				}
			}
		}
		TAP_OK(!bad, "%s: %d patterns of all 8 shapes in %s match the "
		    "brute force, counts too", when, tried, mode[gm]);
	}
}

static kg_qs_id
intern_iri(kg_qs_txn *t, const char *prefix, int i)
{
	char buf[64];
	snprintf(buf, sizeof buf, "http://example.org/%s%d", prefix, i);
	kg_term term = {KG_TERM_IRI, buf, NULL, NULL};
	kg_qs_id id = 0;
	if (kg_qs_intern(t, &term, &id))
		abort();
	return id;
}

static int
count_graph(void *ctx, kg_qs_id g)
{
	(void)g;
	++*(int *)ctx;
	return 0;
}

static void
test_patterns(const char *dir)
{
	kg_qs *qs = open_store(dir, KG_QS_CREATE);
	kg_qs_txn *t = begin(qs, 1);
	kg_qs_id sid[NS], pid[NP], oid[NO], gid[NG];
	for (int i = 0; i < NS; i++)
		sid[i] = intern_iri(t, "s", i);
	for (int i = 0; i < NP; i++)
		pid[i] = intern_iri(t, "p", i);
	for (int i = 0; i < NO; i++)
		oid[i] = i < 2 ? sid[i] : intern_iri(t, "o", i);
	for (int i = 0; i < NG; i++)
		gid[i] = intern_iri(t, "g", i);
	static model m;
	int set_ok = 1;
	for (int i = 0; i < NQ; i++) {
		/* half default graph; NG - 1 named graphs used, one left empty */
		kg_qs_id q[4] = {sid[rnd(NS)], pid[rnd(NP)], oid[rnd(NO)],
		    rnd(2) ? 0 : gid[rnd(NG - 1)]};
		memcpy(m.q[i], q, sizeof q);
		int dup = 0;
		for (int j = 0; j < i; j++)
			if (m.in[j] && !memcmp(m.q[j], q, sizeof q))
				dup = 1;
		kg_status st = kg_qs_add(t, q);
		set_ok &= st == (dup ? KG_DONE : KG_OK);
		m.in[i] = !dup;
	}
	int distinct = 0;
	for (int i = 0; i < NQ; i++)
		distinct += m.in[i];
	TAP_OK(set_ok && distinct < NQ, "add: KG_DONE exactly for the %d "
	    "repeated quads", NQ - distinct);
	kg_qs_stats s;
	TAP_OK(kg_qs_stat(t, &s) == KG_OK && s.quads == (uint64_t)distinct &&
	    s.graphs == NG - 1 && s.terms == NS + NP + NO - 2 + NG,
	    "stats in the write txn: %llu quads, %llu graphs, %llu terms",
	    (unsigned long long)s.quads, (unsigned long long)s.graphs,
	    (unsigned long long)s.terms);
	check_shapes(t, &m, sid, pid, oid, gid, "write txn");
	TAP_OK(kg_qs_commit(t) == KG_OK, "commit");

	t = begin(qs, 0);
	check_shapes(t, &m, sid, pid, oid, gid, "read txn");
	int ng = 0;
	kg_qs_graphs(t, count_graph, &ng);
	TAP_OK(ng == NG - 1, "graphs lists the %d non-empty named graphs",
	    NG - 1);
	TAP_OK(kg_qs_graph_exists(t, gid[0]) == KG_OK &&
	    kg_qs_graph_exists(t, gid[NG - 1]) == KG_DONE &&
	    kg_qs_graph_exists(t, 0) == KG_DONE, "graph_exists");
	kg_qs_abort(t);

	t = begin(qs, 1);
	int rm_ok = 1, removed = 0;
	for (int i = 0; i < NQ; i++) {
		if (rnd(2))
			continue;
		kg_status st = kg_qs_remove(t, m.q[i]);
		int was = 0;
		for (int j = 0; j < NQ; j++)
			if (m.in[j] && !memcmp(m.q[j], m.q[i], sizeof m.q[i])) {
				was = 1;
				m.in[j] = 0;
			}
		rm_ok &= st == (was ? KG_OK : KG_DONE);
		removed += was;
	}
	TAP_OK(rm_ok && removed > 0, "remove: KG_OK for present quads, "
	    "KG_DONE for absent ones (%d removed)", removed);
	check_shapes(t, &m, sid, pid, oid, gid, "after removals");
	TAP_OK(kg_qs_commit(t) == KG_OK, "commit removals");
	TAP_OK(kg_qs_verify(qs, NULL, NULL) == KG_OK, "verify passes");

	/* Reopening keeps everything. */
	kg_qs_close(qs);
	qs = open_store(dir, 0);
	t = begin(qs, 0);
	check_shapes(t, &m, sid, pid, oid, gid, "after reopening");
	kg_qs_abort(t);
	kg_qs_close(qs);
}

/* ---- transactions ----------------------------------------------------- */

static uint64_t
total(kg_qs_txn *t)
{
	kg_qs_id pat[4] = {0, 0, 0, 0};
	uint64_t n = 0;
	kg_qs_count(t, pat, KG_QS_ANY_GRAPH, &n);
	return n;
}

static void
test_txns(const char *dir)
{
	kg_qs *qs = open_store(dir, KG_QS_CREATE);
	kg_qs_txn *t = begin(qs, 1);
	kg_qs_id a = intern_iri(t, "t", 1);
	kg_qs_id q[4] = {a, a, a, 0};
	kg_qs_add(t, q);
	kg_qs_commit(t);

	t = begin(qs, 1);
	kg_qs_id b = intern_iri(t, "t", 2);
	kg_qs_id q2[4] = {b, b, b, a};
	kg_qs_add(t, q2);
	kg_qs_abort(t);
	t = begin(qs, 0);
	kg_term bt = {KG_TERM_IRI, "http://example.org/t2", NULL, NULL};
	kg_qs_id id;
	TAP_OK(total(t) == 1 && kg_qs_lookup(t, &bt, &id) == KG_DONE,
	    "abort leaves neither the quad nor the term");
	kg_qs_abort(t);

	kg_qs_txn *r = begin(qs, 0);
	t = begin(qs, 1);
	b = intern_iri(t, "t", 2);
	q2[0] = q2[1] = q2[2] = b;
	kg_qs_add(t, q2);
	kg_qs_txn *t2;
	TAP_OK(kg_qs_begin(qs, 1, &t2) == KG_ERR_LOCKED,
	    "a second write txn on one handle is refused");
	TAP_OK(kg_qs_commit(t) == KG_OK, "commit while a reader is open");
	TAP_OK(total(r) == 1 && kg_qs_lookup(r, &bt, &id) == KG_DONE,
	    "the reader's snapshot does not see the later commit");
	kg_qs_abort(r);
	r = begin(qs, 0);
	TAP_OK(total(r) == 2 && kg_qs_lookup(r, &bt, &id) == KG_OK,
	    "a new reader does");
	kg_qs_abort(r);

	/* Another process writes: LMDB allows one handle per store and
	 * process, so the writer is a child that holds its txn open until
	 * the parent closes the pipe. */
	kg_qs_close(qs);
	int up[2], down[2];
	if (pipe(up) || pipe(down))
		abort();
	pid_t pid = fork();
	if (pid == 0) {
		kg_qs *w;
		kg_qs_txn *wt;
		char c = 'x';
		close(up[0]);
		close(down[1]);
		if (kg_qs_open(dir, 0, &w) || kg_qs_begin(w, 1, &wt))
			_exit(1);
		kg_qs_id c3 = intern_iri(wt, "t", 3), q3[4] = {c3, c3, c3, 0};
		kg_qs_add(wt, q3);
		if (write(up[1], &c, 1) != 1)
			_exit(1);
		while (read(down[0], &c, 1) > 0)
			;
		kg_qs_abort(wt);
		kg_qs_close(w);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	char c;
	int child_ready = read(up[0], &c, 1) == 1;
	kg_qs *other = open_store(dir, 0);
	kg_qs_set_lock_timeout(other, 0.2);
	TAP_OK(child_ready && kg_qs_begin(other, 1, &t2) == KG_ERR_LOCKED &&
	    strstr(kg_qs_errmsg(other), "another process is writing"),
	    "a second writer gives up after its timeout: %s",
	    kg_qs_errmsg(other));
	r = begin(other, 0);
	TAP_OK(total(r) == 2, "a reader does not wait for the writer, nor see "
	    "its changes");
	kg_qs_abort(r);
	kg_qs_close(other);
	kg_qs *ro = open_store(dir, KG_QS_READONLY);
	r = begin(ro, 0);
	TAP_OK(total(r) == 2, "a read-only handle reads while another writes");
	TAP_OK(kg_qs_begin(ro, 1, &t2) == KG_ERR_READONLY,
	    "and cannot write");
	kg_qs_abort(r);
	kg_qs_close(ro);
	close(down[1]);
	close(up[0]);
	int status;
	waitpid(pid, &status, 0);
	TAP_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the writing child ends");
	qs = open_store(dir, 0);
	TAP_OK(kg_qs_begin(qs, 1, &t2) == KG_OK, "the lock is free after the "
	    "writer aborts");
	kg_qs_abort(t2);

	/* Verify finds a quad taken out of one index behind its back. */
	TAP_OK(kg_qs_verify(qs, NULL, NULL) == KG_OK, "verify passes");
	t = begin(qs, 1);
	TAP_OK(kg_qs_test_unindex(t, 2, q) == KG_OK, "plant: drop a quad from "
	    "ospg");
	kg_qs_commit(t);
	TAP_OK(kg_qs_verify(qs, NULL, NULL) == KG_ERR_STORE,
	    "verify fails on it");
	kg_qs_close(qs);
}

/* Appends msg and "; " to the 1024-byte buffer ctx. */
static void
keep_all(void *ctx, const char *msg)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 1024 - n, "%s; ", msg);
}

static void
test_verify_report(const char *dir)
{
	kg_qs *qs = open_store(dir, 0);
	char all[1024] = "";
	TAP_OK(kg_qs_verify(qs, keep_all, all) == KG_ERR_STORE &&
	    strstr(all, "quad (1 1 1 0) is missing from index ospg"),
	    "verify reports the planted problem: %s", all);
	kg_qs_close(qs);

	/* Put a quad nobody added into ospg behind the store's back: now
	 * ospg has as many entries as spog, but not the same ones.  LMDB's
	 * default order is the store's order (big-endian ids). */
	MDB_env *env;
	MDB_txn *t;
	MDB_dbi ospg;
	mdb_env_create(&env);
	mdb_env_set_maxdbs(env, 16);
	int rc = mdb_env_open(env, dir, 0, 0666);
	if (!rc)
		rc = mdb_txn_begin(env, NULL, 0, &t);
	if (!rc)
		rc = mdb_dbi_open(t, "ospg", MDB_DUPSORT | MDB_DUPFIXED, &ospg);
	unsigned char key[4] = {0, 0, 0, 1}, val[12] = {0, 0, 0, 2, 0, 0, 0, 1};
	MDB_val k = {4, key}, v = {12, val};
	if (!rc)
		rc = mdb_put(t, ospg, &k, &v, 0);
	if (!rc)
		rc = mdb_txn_commit(t);
	mdb_env_close(env);
	qs = open_store(dir, 0);
	all[0] = '\0';
	TAP_OK(rc == 0 && kg_qs_verify(qs, keep_all, all) == KG_ERR_STORE &&
	    !strstr(all, "entries") &&
	    strstr(all, "quad (1 1 1 0) is missing from index ospg"),
	    "verify finds a swapped entry behind an equal count: %s", all);
	kg_qs_close(qs);
}

static void
test_version(const char *dir)
{
	kg_qs *qs = open_store(dir, KG_QS_CREATE);
	kg_qs_close(qs);
	MDB_env *env;
	MDB_txn *t;
	MDB_dbi meta;
	mdb_env_create(&env);
	mdb_env_set_maxdbs(env, 16);
	int rc = mdb_env_open(env, dir, 0, 0666);
	if (!rc)
		rc = mdb_txn_begin(env, NULL, 0, &t);
	if (!rc)
		rc = mdb_dbi_open(t, "meta", 0, &meta);
	char key[] = "version", old[] = "kg-quadstore 0";
	MDB_val k = {7, key}, v = {14, old};
	if (!rc)
		rc = mdb_put(t, meta, &k, &v, 0);
	if (!rc)
		rc = mdb_txn_commit(t);
	mdb_env_close(env);
	TAP_OK(rc == 0, "rewrite the stored version");
	kg_status st = kg_qs_open(dir, 0, &qs);
	TAP_OK(st == KG_ERR_STORE && strstr(kg_qs_errmsg(qs),
	    "format \"kg-quadstore 0\""), "another version is refused: %s",
	    kg_qs_errmsg(qs));
	kg_qs_close(qs);
	st = kg_qs_open("/nonexistent/kg-qs", 0, &qs);
	TAP_OK(st == KG_ERR_IO, "a missing store fails: %s", kg_qs_errmsg(qs));
	kg_qs_close(qs);
}

/* The map grows on demand and never below the file: a writer that grew
 * it is not cut short by another process opening the store. */
static void
test_map(const char *dir)
{
	const uint64_t mib = (uint64_t)1 << 20, gib = mib << 10;
	kg_qs *qs = open_store(dir, KG_QS_CREATE);
	kg_qs_txn *t = begin(qs, 0);
	kg_qs_stats st;
	TAP_OK(kg_qs_stat(t, &st) == KG_OK && st.map_bytes == 256 * mib &&
	    st.file_bytes < 4 * mib, "a new store maps 256 MiB, allocates "
	    "%llu bytes", (unsigned long long)st.file_bytes);
	kg_qs_abort(t);
	kg_qs_reserve(qs, 2 * gib);
	t = begin(qs, 1);
	TAP_OK(kg_qs_stat(t, &st) == KG_OK && st.map_bytes >= 2 * gib,
	    "kg_qs_reserve grows the next write txn's map: %llu MiB",
	    (unsigned long long)(st.map_bytes / mib));
	kg_qs_id a = intern_iri(t, "m", 1), q[4] = {a, a, a, 0};
	pid_t pid = fork();
	if (pid == 0) {
		/* Opening maps the file again, no smaller than it is now. */
		kg_qs *o;
		kg_qs_txn *r;
		kg_qs_stats os;
		if (kg_qs_open(dir, 0, &o) || kg_qs_begin(o, 0, &r) ||
		    kg_qs_stat(r, &os))
			_exit(2);
		_exit(os.map_bytes >= 2 * gib ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	TAP_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "another process opening the store keeps the writer's map");
	TAP_OK(kg_qs_add(t, q) == KG_OK && kg_qs_commit(t) == KG_OK,
	    "the writer goes on and commits");
	kg_qs_close(qs);
	qs = open_store(dir, 0);
	t = begin(qs, 0);
	TAP_OK(kg_qs_stat(t, &st) == KG_OK && st.map_bytes >= 2 * gib &&
	    st.quads == 1 && st.file_bytes < 64 * mib,
	    "reopened: the map stays, the file is sparse (%llu bytes)",
	    (unsigned long long)st.file_bytes);
	kg_qs_abort(t);
	kg_qs_close(qs);
}

/* A read-only handle maps only what the last writer mapped, and
 * follows when another process's commit outgrows that map; one made
 * wide for overlapping readers reserves far more. */
static void
test_reader_follows(const char *dir)
{
	const uint64_t mib = (uint64_t)1 << 20;
	kg_qs *qs = open_store(dir, KG_QS_CREATE);
	kg_qs_txn *t = begin(qs, 1);
	kg_qs_id a = intern_iri(t, "f", 1), q[4] = {a, a, a, 0};
	if (kg_qs_add(t, q) || kg_qs_commit(t))
		abort();
	kg_qs_close(qs);

	kg_qs *ro = open_store(dir, KG_QS_READONLY);
	kg_qs_stats st;
	t = begin(ro, 0);
	TAP_OK(kg_qs_stat(t, &st) == KG_OK && st.map_bytes == 256 * mib,
	    "a read-only handle maps what the writer mapped: %llu MiB",
	    (unsigned long long)(st.map_bytes / mib));
	kg_qs_abort(t);
	pid_t pid = fork();
	if (pid == 0) {
		/* Another process: 320 MiB of literals, past that map. */
		kg_qs *w;
		kg_qs_txn *wt;
		size_t len = 32 * mib;
		char *big = malloc(len + 1);
		if (!big || kg_qs_open(dir, 0, &w))
			_exit(2);
		kg_qs_reserve(w, 400 * mib);
		if (kg_qs_begin(w, 1, &wt))
			_exit(2);
		memset(big, 'x', len);
		big[len] = 0;
		for (int i = 0; i < 10; i++) {
			big[0] = (char)('a' + i);
			kg_term lit = {KG_TERM_LITERAL, big, NULL, NULL};
			kg_qs_id id, b = intern_iri(wt, "f", 2 + i);
			if (kg_qs_intern(wt, &lit, &id)) {
				printf("# %s\n", kg_qs_errmsg(w));
				_exit(3);
			}
			kg_qs_id q2[4] = {b, b, id, 0};
			if (kg_qs_add(wt, q2))
				_exit(4);
		}
		_exit(kg_qs_commit(wt) ? 5 : 0);
	}
	int status;
	waitpid(pid, &status, 0);
	TAP_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "another process commits 320 MiB (status %d)", status);
	kg_qs_txn *r;
	kg_status s2 = kg_qs_begin(ro, 0, &r);
	TAP_OK(s2 == KG_OK, "the read-only handle's next txn follows: %s",
	    s2 ? kg_qs_errmsg(ro) : "ok");
	if (s2 == KG_OK) {
		TAP_OK(total(r) == 11 && kg_qs_stat(r, &st) == KG_OK &&
		    st.map_bytes > 320 * mib, "and reads the new state, "
		    "%llu quads in a %llu MiB map",
		    (unsigned long long)total(r),
		    (unsigned long long)(st.map_bytes / mib));
		kg_qs_abort(r);
	}
	TAP_OK(kg_qs_map_wide(ro) == KG_OK, "kg_qs_map_wide");
	r = begin(ro, 0);
	TAP_OK(kg_qs_stat(r, &st) == KG_OK && st.map_bytes >= (mib << 20) / 4,
	    "then the map reserves %llu GiB for readers that overlap",
	    (unsigned long long)(st.map_bytes >> 30));
	TAP_OK(kg_qs_map_wide(ro) == KG_ERR_STORE,
	    "not while a txn is open: %s", kg_qs_errmsg(ro));
	kg_qs_abort(r);
	kg_qs_close(ro);
}

/* ---- bulk load -------------------------------------------------------- */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every quad of the store as text, sorted; *n lines. */
static char **
dump(kg_qs *qs, size_t *n)
{
	kg_qs_txn *t = begin(qs, 0);
	size_t cap = total(t) + 1;
	char **lines = calloc(cap, sizeof *lines);
	kg_qs_id pat[4] = {0, 0, 0, 0}, q[4];
	kg_qs_iter *it;
	*n = 0;
	if (kg_qs_match(t, pat, KG_QS_ANY_GRAPH, &it))
		abort();
	while (*n < cap && kg_qs_iter_next(it, q) == KG_OK) {
		char buf[1024];
		size_t len = 0;
		for (int i = 0; i < 4; i++) {
			kg_term term;
			if (i == 3 && !q[3]) {
				len += (size_t)snprintf(buf + len, sizeof buf - len,
				    "DEFAULT");
				continue;
			}
			kg_qs_term(t, q[i], &term);
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "%d|%s|%s|%s ", term.kind, term.value,
			    term.datatype ? term.datatype : "",
			    term.lang ? term.lang : "");
		}
		lines[(*n)++] = strdup(buf);
	}
	kg_qs_iter_free(it);
	kg_qs_abort(t);
	qsort(lines, *n, sizeof *lines, str_cmp);
	return lines;
}

static void
free_lines(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* Quad number i of a synthetic load: terms repeat, quads repeat. */
static void
bulk_quad(int i, char bufs[4][64], kg_term t[4], int *has_g)
{
	int s = i % 700, p = i % 7, o = (i * 7) % 1100;
	snprintf(bufs[0], 64, "http://example.org/s%d", s);
	snprintf(bufs[1], 64, "http://example.org/p%d", p);
	t[0] = (kg_term){KG_TERM_IRI, bufs[0], NULL, NULL};
	t[1] = (kg_term){KG_TERM_IRI, bufs[1], NULL, NULL};
	if (o % 3 == 0) {
		snprintf(bufs[2], 64, "label %d", o);
		t[2] = (kg_term){KG_TERM_LITERAL, bufs[2], NULL,
		    o % 2 ? "en" : NULL};
	} else if (o % 3 == 1) {
		snprintf(bufs[2], 64, "%d", o);
		t[2] = (kg_term){KG_TERM_LITERAL, bufs[2],
		    "http://www.w3.org/2001/XMLSchema#integer", NULL};
	} else {
		snprintf(bufs[2], 64, "b%d", o);
		t[2] = (kg_term){KG_TERM_BLANK, bufs[2], NULL, NULL};
	}
	*has_g = i % 5 != 0;
	snprintf(bufs[3], 64, "http://example.org/g%d", i % 4);
	t[3] = (kg_term){KG_TERM_IRI, bufs[3], NULL, NULL};
}

static void
test_bulk(const char *da, const char *db)
{
	enum { PRE = 500, N = 6000 };
	kg_qs *a = open_store(da, KG_QS_CREATE);
	kg_qs *b = open_store(db, KG_QS_CREATE);
	char bufs[4][64];
	kg_term t[4];
	int has_g;
	/* Both start with the same quads, added one by one. */
	kg_qs_txn *ta = begin(a, 1), *tb = begin(b, 1);
	for (int i = 0; i < PRE; i++) {
		bulk_quad(i * 3, bufs, t, &has_g);
		kg_qs_id qa[4] = {0}, qb[4] = {0};
		for (int k = 0; k < 3 + has_g; k++) {
			kg_qs_intern(ta, &t[k], &qa[k]);
			kg_qs_intern(tb, &t[k], &qb[k]);
		}
		kg_qs_add(ta, qa);
		kg_qs_add(tb, qb);
	}
	kg_qs_commit(ta);
	kg_qs_commit(tb);

	/* a: bulk, with a tiny cache and batches so both are refilled. */
	ta = begin(a, 1);
	kg_qs_bulk *bulk;
	int ok = kg_qs_bulk_begin(ta, 4096, 1000, &bulk) == KG_OK;
	for (int i = 0; i < N && ok; i++) {
		bulk_quad(i, bufs, t, &has_g);
		ok &= kg_qs_bulk_add(bulk, &t[0], &t[1], &t[2],
		    has_g ? &t[3] : NULL) == KG_OK;
	}
	uint64_t added = 0;
	ok &= kg_qs_bulk_end(bulk, &added) == KG_OK;
	ok &= kg_qs_commit(ta) == KG_OK;
	TAP_OK(ok, "bulk load of %d quads (%llu new)", N,
	    (unsigned long long)added);
	/* b: the same quads one by one. */
	tb = begin(b, 1);
	uint64_t added_b = 0;
	for (int i = 0; i < N; i++) {
		bulk_quad(i, bufs, t, &has_g);
		kg_qs_id q[4] = {0};
		for (int k = 0; k < 3 + has_g; k++)
			kg_qs_intern(tb, &t[k], &q[k]);
		added_b += kg_qs_add(tb, q) == KG_OK;
	}
	kg_qs_commit(tb);
	TAP_OK(added == added_b && added < N, "bulk and one-by-one add the "
	    "same number of new quads (%llu)", (unsigned long long)added_b);
	size_t na, nb;
	char **la = dump(a, &na), **lb = dump(b, &nb);
	int same = na == nb;
	for (size_t i = 0; same && i < na; i++)
		same = !strcmp(la[i], lb[i]);
	TAP_OK(same, "bulk load equals one-by-one adds (%zu quads)", na);
	free_lines(la, na);
	free_lines(lb, nb);
	TAP_OK(kg_qs_verify(a, NULL, NULL) == KG_OK, "verify after bulk load");

	/* A bulk load into an empty store appends; and abort drops it. */
	kg_qs_txn *tx = begin(a, 1);
	ok = kg_qs_bulk_begin(tx, 0, 0, &bulk) == KG_OK;
	kg_term nt = {KG_TERM_IRI, "http://example.org/new", NULL, NULL};
	ok &= kg_qs_bulk_add(bulk, &nt, &nt, &nt, NULL) == KG_OK;
	ok &= kg_qs_bulk_end(bulk, &added) == KG_OK && added == 1;
	kg_qs_abort(tx);
	tx = begin(a, 0);
	kg_qs_id id;
	ok &= kg_qs_lookup(tx, &nt, &id) == KG_DONE && total(tx) == na;
	kg_qs_abort(tx);
	TAP_OK(ok, "an aborted bulk load leaves nothing");
	kg_qs_close(a);
	kg_qs_close(b);
}

int
main(void)
{
	char *d1 = tmp_dir(), *d2 = tmp_dir(), *d3 = tmp_dir(), *d4 = tmp_dir();
	char *d5 = tmp_dir(), *d6 = tmp_dir(), *d7 = tmp_dir(), *d8 = tmp_dir();
	char *d9 = tmp_dir(), *d10 = tmp_dir();
	test_dictionary(d1, 0, "dictionary");
	test_dictionary(d2, KG_QS_TEST_TINY_HASH, "tiny hash");
	test_collisions(d3);
	test_patterns(d4);
	test_txns(d5);
	test_verify_report(d5);
	test_version(d6);
	test_bulk(d7, d8);
	test_map(d9);
	test_reader_follows(d10);

	kg_qs_close(NULL);
	kg_qs_abort(NULL);
	kg_qs_iter_free(NULL);
	kg_qs_bulk_free(NULL);
	TAP_OK(1, "close, abort, iter_free, bulk_free accept NULL");
	TAP_STR(kg_qs_errmsg(NULL), "out of memory", "kg_qs_errmsg(NULL)");
	char *dirs[] = {d1, d2, d3, d4, d5, d6, d7, d8, d9, d10};
	for (size_t i = 0; i < 10; i++) {
		rm_store(dirs[i]);
		free(dirs[i]);
	}
	return tap_done();
}

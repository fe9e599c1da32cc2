/* The quad store survives SIGKILL during a bulk load: a child loads and
 * commits, the parent kills it at a random moment, and each time the
 * store holds exactly the quads before the load or exactly those after,
 * and kg_qs_verify passes. */
#include "quadstore.h"
#include "../tap.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { N = 20000, ROUNDS = 10 };

/* Loads N quads into graph number round, all new; exits 0 when committed. */
static void
child(const char *dir, int round)
{
	kg_qs *qs;
	kg_qs_txn *t;
	kg_qs_bulk *b;
	if (kg_qs_open(dir, 0, &qs) || kg_qs_begin(qs, 1, &t) ||
	    kg_qs_bulk_begin(t, 0, 20000, &b))
		_exit(2);
	char s[64], o[64], g[64];
	snprintf(g, sizeof g, "http://example.org/g%d", round);
	kg_term gt = {KG_TERM_IRI, g, NULL, NULL};
	kg_term pt = {KG_TERM_IRI, "http://example.org/p", NULL, NULL};
	for (int i = 0; i < N; i++) {
		snprintf(s, sizeof s, "http://example.org/r%d/s%d", round, i);
		snprintf(o, sizeof o, "value %d of round %d", i, round);
		kg_term st = {KG_TERM_IRI, s, NULL, NULL};
		kg_term ot = {KG_TERM_LITERAL, o, NULL, NULL};
		if (kg_qs_bulk_add(b, &st, &pt, &ot, &gt))
			_exit(3);
	}
	if (kg_qs_bulk_end(b, NULL) || kg_qs_commit(t))
		_exit(4);
	kg_qs_close(qs);
	_exit(0);
}

/* The number of quads in the store; *in_round: how many are in graph
 * `round`, or -1 when that graph's name is not even in the dictionary. */
static uint64_t
quads(const char *dir, int round, int *verified, long *in_round)
{
	kg_qs *qs;
	kg_qs_txn *t;
	uint64_t n = UINT64_MAX;
	kg_qs_id pat[4] = {0, 0, 0, 0};
	char g[64];
	snprintf(g, sizeof g, "http://example.org/g%d", round);
	kg_term gt = {KG_TERM_IRI, g, NULL, NULL};
	*verified = 0;
	*in_round = -2;
	if (kg_qs_open(dir, 0, &qs) == KG_OK && kg_qs_begin(qs, 0, &t) == KG_OK) {
		kg_qs_count(t, pat, KG_QS_ANY_GRAPH, &n);
		kg_qs_id gid;
		uint64_t c = 0;
		if (kg_qs_lookup(t, &gt, &gid) == KG_DONE) {
			*in_round = -1;
		} else {
			kg_qs_id gpat[4] = {0, 0, 0, gid};
			if (kg_qs_count(t, gpat, 0, &c) == KG_OK)
				*in_round = (long)c;
		}
		kg_qs_abort(t);
		*verified = kg_qs_verify(qs, NULL, NULL) == KG_OK;
	}
	kg_qs_close(qs);
	return n;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/kg-qs-kill-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	kg_qs *qs;
	if (kg_qs_open(dir, KG_QS_CREATE, &qs))
		return 1;
	kg_qs_close(qs);

	/* One undisturbed load tells how long a load takes. */
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0)
		child(dir, 0);
	int status;
	waitpid(pid, &status, 0);
	double took = now() - t0;
	int v;
	long in_round;
	uint64_t have = quads(dir, 0, &v, &in_round);
	TAP_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && have == N &&
	    in_round == N && v,
	    "an undisturbed load commits %d quads in %.2f s", N, took);

	srand((unsigned)time(NULL));
	int killed = 0, bad = 0, committed = 0;
	for (int round = 1; round <= ROUNDS; round++) {
		pid = fork();
		if (pid == 0)
			child(dir, round);
		struct timespec d;
		/* Spread over the load and past its end, with some jitter. */
		double delay = took * (2.5 * round / ROUNDS +
		    0.1 * (double)rand() / RAND_MAX - 0.05);
		if (delay < 0)
			delay = 0;
		d.tv_sec = (time_t)delay;
		d.tv_nsec = (long)((delay - (double)d.tv_sec) * 1e9);
		nanosleep(&d, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status))
			killed++;
		/* All of the load (even its graph's name) or none of it. */
		uint64_t n = quads(dir, round, &v, &in_round);
		if (n == have + N && in_round == N && v) {
			committed++;
			have = n;
		} else if (n != have || in_round != -1 || !v) {
			printf("# round %d: %llu quads, had %llu, %ld in the "
			    "round's graph, verify %d\n", round,
			    (unsigned long long)n, (unsigned long long)have,
			    in_round, v);
			bad++;
		}
	}
	TAP_OK(!bad, "%d loads killed at random moments (%d died of it, %d had "
	    "committed): old or new quads, verify passes", ROUNDS, killed, committed);
	TAP_OK(killed > 0, "at least one child died of the kill");

	char p[4200];
	const char *files[] = {"data.mdb", "lock.mdb", "writer.lock"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
	return tap_done();
}

/* queryloop.c: one query run many times in one process, through the
 * public API as `kg query -o tsv` runs it (parse, plan, evaluate, render
 * to a sink), so that the fixed costs of a sub-millisecond query can be
 * measured and profiled apart from process start-up and store opening.
 *
 *   bench/queryloop [-w] [-n RUNS] STORE FILE.rq
 *
 * Prints the rows of one run (an ASK's answer is one), the time of the first run (cold: the
 * process's first query pays for page faults, lazy symbol binding and
 * the like) and the median, minimum and mean of all runs in
 * milliseconds.  -w first runs `ASK {}` untimed, as bench/oxigraph.js
 * does before its queries; its median of RUNS is then the figure that
 * compares with Oxigraph's.  Run it under `perf record` to see where a
 * query's in-process time goes. */
#include "kg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Output is counted, not kept: the render is timed, not the disk. */
static int
sink(void *ctx, const char *data, size_t len)
{
	(void)data;
	*(size_t *)ctx += len;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The whole of `path` in a new string (free it), or NULL. */
static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = 0, cap = 4096;
	char *s = malloc(cap);
	for (size_t got; s && (got = fread(s + n, 1, cap - n - 1, f)) > 0;) {
		n += got;
		if (cap - n - 1 == 0) {
			char *t = realloc(s, cap * 2);
			if (!t) {
				free(s);
				s = NULL;
				break;
			}
			s = t;
			cap *= 2;
		}
	}
	fclose(f);
	if (s)
		s[n] = '\0';
	return s;
}

int
main(int argc, char **argv)
{
	int runs = 1000, warm = 0, c;
	while ((c = getopt(argc, argv, "n:w")) != -1) {
		if (c == 'w') {
			warm = 1;
			continue;
		}
		if (c != 'n')
			goto usage;
		runs = atoi(optarg);
	}
	if (argc - optind != 2 || runs < 1)
		goto usage;
	char *text = read_file(argv[optind + 1]);
	if (!text) {
		perror(argv[optind + 1]);
		return 1;
	}
	kg_db *db;
	kg_status st = kg_db_open(argv[optind], KG_OPEN_READONLY, &db);
	if (st) {
		fprintf(stderr, "queryloop: %s: %s\n", argv[optind],
		        kg_strerror(st));
		free(text);
		return 1;
	}
	double *t = calloc((size_t)runs, sizeof *t);
	uint64_t rows = 0;
	int rc = t ? 0 : 1;
	if (warm && !rc) {
		kg_results *r = NULL;
		if ((st = kg_db_query(db, "ASK {}", NULL, &r))) {
			fprintf(stderr, "queryloop: %s\n", kg_db_errmsg(db));
			rc = 1;
		}
		kg_results_free(r);
	}
	for (int i = 0; i < runs && !rc; i++) {
		size_t bytes = 0;
		double t0 = now();
		kg_results *r = NULL;
		st = kg_db_query(db, text, NULL, &r);
		if (!st)
			st = kg_results_write(r, db, KG_FORMAT_TSV, NULL, sink,
			                      &bytes, &rows);
		/* an ASK's answer counts as one row, as in bench/run.sh */
		if (!st && kg_results_kind_of(r) == KG_RESULTS_BOOLEAN)
			rows = 1;
		kg_results_free(r);
		t[i] = now() - t0;
		if (st) {
			fprintf(stderr, "queryloop: %s\n", kg_db_errmsg(db));
			rc = 1;
		}
	}
	if (!rc) {
		double sum = 0, first = t[0];
		for (int i = 0; i < runs; i++)
			sum += t[i];
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		printf("%llu rows; first %.3f ms; %d runs: median %.3f ms, "
		       "min %.3f ms, mean %.3f ms\n", (unsigned long long)rows,
		       first * 1e3, runs, t[(runs - 1) / 2] * 1e3, t[0] * 1e3,
		       sum / runs * 1e3);
	}
	free(t);
	kg_db_close(db);
	free(text);
	return rc;
usage:
	fprintf(stderr, "usage: queryloop [-w] [-n RUNS] STORE FILE.rq\n");
	return 2;
}

/*
 * quadstore.c: measures the LMDB quad store (kg/store/lmdb) on an
 * N-Triples file such as bench/gen's output.
 *
 *   bench/quadstore [-L] [-a APPEND] [-g GRAPHS] [-d DIR] FILE.nt
 *
 * The file is read twice: once only parsed (to time the parser alone) and
 * once parsed and bulk-loaded, so "store" figures are the difference.  The
 * lines go to GRAPHS named graphs (default 10) in contiguous runs, so an
 * event keeps its triples in one graph.  With -a, the last APPEND lines
 * are loaded in a second transaction into the committed store.  Then it
 * prints (unless -L: load only) the size on disk, peak memory, the time of subject lookups, of
 * predicate-object lookups and of a full scan decoding every term.
 *
 * The parser is minimal: one triple per line, <IRI>, _:label or a
 * "literal" with @lang or ^^<datatype>; escapes are kept as written.
 */
#include "quadstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of this process: on a shared machine the
 * wall clock says more about the neighbours. */
static double
cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	    ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

/* Parses one term at *p, NUL-terminating it in place. */
static int
term(char **p, kg_term *t)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	t->datatype = t->lang = NULL;
	if (*s == '<') {
		char *e = strchr(s + 1, '>');
		if (!e)
			return -1;
		*e = '\0';
		t->kind = KG_TERM_IRI;
		t->value = s + 1;
		*p = e + 1;
	} else if (s[0] == '_' && s[1] == ':') {
		char *e = s + 2;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (*e)
			*e++ = '\0';
		t->kind = KG_TERM_BLANK;
		t->value = s + 2;
		*p = e;
	} else if (*s == '"') {
		char *e = s + 1;
		while (*e && *e != '"')
			e += e[0] == '\\' && e[1] ? 2 : 1;
		if (*e != '"')
			return -1;
		*e++ = '\0';
		t->kind = KG_TERM_LITERAL;
		t->value = s + 1;
		if (*e == '@') {
			t->lang = e + 1;
			while (*e && *e != ' ' && *e != '\t')
				e++;
			if (*e)
				*e++ = '\0';
		} else if (e[0] == '^' && e[1] == '^' && e[2] == '<') {
			char *d = strchr(e + 3, '>');
			if (!d)
				return -1;
			*d = '\0';
			t->datatype = e + 3;
			e = d + 1;
		}
		*p = e;
	} else {
		return -1;
	}
	return 0;
}

/* Reads lines [from, to) of the file; loads them unless b is NULL. */
static long
pass(FILE *f, long from, long to, long total, int graphs, kg_qs_bulk *b)
{
	char *line = NULL;
	size_t cap = 0;
	long i = 0, n = 0;
	char gbuf[64];
	rewind(f);
	while (getline(&line, &cap, f) > 0 && i < to) {
		if (i++ < from)
			continue;
		char *p = line;
		kg_term s, pr, o;
		if (term(&p, &s) || term(&p, &pr) || term(&p, &o))
			continue;
		kg_term g = {KG_TERM_IRI, gbuf, NULL, NULL};
		long gi = (i - 1) * graphs / (total ? total : 1);
		snprintf(gbuf, sizeof gbuf, "https://kg.example.org/graph/%ld", gi);
		if (b && kg_qs_bulk_add(b, &s, &pr, &o, graphs ? &g : NULL)) {
			fprintf(stderr, "bulk add failed at line %ld\n", i);
			exit(1);
		}
		n++;
	}
	free(line);
	return n;
}

/* VmHWM and RssAnon of this process, in MB. */
static void
memory(double *hwm, double *anon)
{
	FILE *f = fopen("/proc/self/status", "r");
	char buf[256];
	*hwm = *anon = -1;
	while (f && fgets(buf, sizeof buf, f)) {
		long kb;
		if (sscanf(buf, "VmHWM: %ld", &kb) == 1)
			*hwm = kb / 1024.0;
		if (sscanf(buf, "RssAnon: %ld", &kb) == 1)
			*anon = kb / 1024.0;
	}
	if (f)
		fclose(f);
}

static void
die(kg_qs *qs, const char *what)
{
	fprintf(stderr, "%s: %s\n", what, kg_qs_errmsg(qs));
	exit(1);
}

static double
load(kg_qs *qs, FILE *f, long from, long to, long total, int graphs,
    long *n, uint64_t *added)
{
	double t0 = now(), c0 = cpu();
	*n = pass(f, from, to, total, graphs, NULL);
	double parse = now() - t0, cparse = cpu() - c0;
	kg_qs_txn *t;
	kg_qs_bulk *b;
	t0 = now();
	c0 = cpu();
	if (kg_qs_begin(qs, 1, &t) || kg_qs_bulk_begin(t, 0, 0, &b))
		die(qs, "begin");
	pass(f, from, to, total, graphs, b);
	double t1 = now();
	if (kg_qs_bulk_end(b, added))
		die(qs, "bulk load");
	double hwm, anon;
	memory(&hwm, &anon);
	double t2 = now();
	if (kg_qs_commit(t))
		die(qs, "commit");
	double all = now() - t0, call = cpu() - c0;
	printf("  cpu: %.2f s with parsing, parse alone %.2f s, store %.2f s "
	    "= %.0f quads/s\n", call, cparse, call - cparse,
	    (double)*n / (call - cparse));
	printf("  terms and buffering %.2f s (with parsing), last batch "
	    "%.2f s, commit %.2f s\n", t1 - t0, t2 - t1, now() - t2);
	double store = all - parse;
	printf("load %ld lines: %.2f s with parsing, parse alone %.2f s, "
	    "store %.2f s = %.0f quads/s (%llu new)\n", *n, all, parse, store,
	    (double)*n / store, (unsigned long long)*added);
	printf("  memory at the end of the load: peak RSS %.0f MB, "
	    "anonymous RSS %.0f MB\n", hwm, anon);
	return store;
}

int
main(int argc, char **argv)
{
	long append = 0;
	int graphs = 10, opt, load_only = 0;
	const char *dir = NULL;
	while ((opt = getopt(argc, argv, "a:g:d:L")) != -1) {
		switch (opt) {
		case 'a': append = atol(optarg); break;
		case 'g': graphs = atoi(optarg); break;
		case 'd': dir = optarg; break;
		case 'L': load_only = 1; break;
		default:
			fprintf(stderr, "usage: bench/quadstore [-a APPEND] "
			    "[-g GRAPHS] [-d DIR] FILE.nt\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: bench/quadstore [-a APPEND] [-g GRAPHS] "
		    "[-d DIR] FILE.nt\n");
		return 2;
	}
	FILE *f = fopen(argv[optind], "r");
	if (!f) {
		perror(argv[optind]);
		return 1;
	}
	struct stat sb;
	fstat(fileno(f), &sb);
	long lines = 0;
	for (int c; (c = getc(f)) != EOF;)
		lines += c == '\n';
	char tmpl[] = "/tmp/kg-qs-bench-XXXXXX";
	if (!dir && !(dir = mkdtemp(tmpl))) {
		perror("mkdtemp");
		return 1;
	}
	kg_qs *qs;
	if (kg_qs_open(dir, KG_QS_CREATE, &qs))
		die(qs, "open");
	long n1, n2 = 0;
	uint64_t a1, a2;
	load(qs, f, 0, lines - append, lines, graphs, &n1, &a1);
	if (append > 0)
		load(qs, f, lines - append, lines, lines, graphs, &n2, &a2);
	fclose(f);

	if (load_only) {
		kg_qs_close(qs);
		return 0;
	}
	kg_qs_txn *t;
	if (kg_qs_begin(qs, 0, &t))
		die(qs, "begin");
	kg_qs_stats st;
	if (kg_qs_stat(t, &st))
		die(qs, "stat");
	printf("store: %llu quads, %llu terms, %llu graphs; data.mdb %.1f MB "
	    "allocated (%.1f bytes/quad), pages in use %.1f MB (%.1f bytes/quad); "
	    "N-Triples %.1f MB, ratio %.2f\n",
	    (unsigned long long)st.quads, (unsigned long long)st.terms,
	    (unsigned long long)st.graphs, st.file_bytes / 1e6,
	    (double)st.file_bytes / (double)st.quads, st.used_bytes / 1e6,
	    (double)st.used_bytes / (double)st.quads, sb.st_size / 1e6,
	    (double)st.file_bytes / (double)sb.st_size);

	/* Full scan decoding every term. */
	kg_qs_id pat[4] = {0, 0, 0, 0}, q[4];
	kg_qs_iter *it;
	enum { NSAMPLE = 2000 };
	static kg_qs_id sample[NSAMPLE][4];
	size_t ns = 0, bytes = 0;
	uint64_t every = st.quads / NSAMPLE + 1, k = 0;
	double t0 = now(), c0 = cpu();
	if (kg_qs_match(t, pat, KG_QS_ANY_GRAPH, &it))
		die(qs, "match");
	while (kg_qs_iter_next(it, q) == KG_OK) {
		for (int i = 0; i < 4; i++) {
			kg_term term_;
			if (q[i] && kg_qs_term(t, q[i], &term_) == KG_OK)
				bytes += strlen(term_.value);
		}
		if (k++ % every == 0 && ns < NSAMPLE)
			memcpy(sample[ns++], q, sizeof q);
	}
	kg_qs_iter_free(it);
	double scan = now() - t0;
	printf("full scan of %llu quads decoding every term: %.3f s, cpu "
	    "%.3f s (%zu bytes of text)\n", (unsigned long long)k, scan,
	    cpu() - c0, bytes);

	/* <s> ?p ?o in any graph, decoding the answers. */
	uint64_t rows = 0;
	t0 = now();
	for (size_t i = 0; i < ns; i++) {
		kg_qs_id sp[4] = {sample[i][0], 0, 0, 0};
		if (kg_qs_match(t, sp, KG_QS_ANY_GRAPH, &it))
			die(qs, "match");
		while (kg_qs_iter_next(it, q) == KG_OK) {
			kg_term a, b;
			kg_qs_term(t, q[1], &a);
			kg_qs_term(t, q[2], &b);
			rows++;
		}
		kg_qs_iter_free(it);
	}
	double sl = now() - t0;
	printf("<s> ?p ?o: %zu subjects, %llu rows, %.1f us per lookup\n", ns,
	    (unsigned long long)rows, sl / (double)ns * 1e6);
	/* ?s <p> <o> in the sample's graph. */
	rows = 0;
	t0 = now();
	for (size_t i = 0; i < ns; i++) {
		kg_qs_id pp[4] = {0, sample[i][1], sample[i][2], sample[i][3]};
		if (kg_qs_match(t, pp, 0, &it))
			die(qs, "match");
		while (kg_qs_iter_next(it, q) == KG_OK)
			rows++;
		kg_qs_iter_free(it);
	}
	sl = now() - t0;
	printf("?s <p> <o> in one graph: %zu patterns, %llu rows, %.1f us "
	    "each\n", ns, (unsigned long long)rows, sl / (double)ns * 1e6);
	t0 = now();
	uint64_t total = 0;
	for (size_t i = 0; i < ns; i++) {
		kg_qs_id cp[4] = {0, sample[i][1], 0, 0};
		uint64_t c;
		kg_qs_count(t, cp, KG_QS_ANY_GRAPH, &c);
		total += c;
	}
	sl = now() - t0;
	printf("count ?s <p> ?o: %.2f us each\n", sl / (double)ns * 1e6);
	kg_qs_abort(t);
	t0 = now();
	kg_status vs = kg_qs_verify(qs, NULL, NULL);
	printf("verify: %s in %.2f s\n", vs ? kg_qs_errmsg(qs) : "ok",
	    now() - t0);
	kg_qs_close(qs);
	(void)total;
	(void)n2;
	return vs ? 1 : 0;
}

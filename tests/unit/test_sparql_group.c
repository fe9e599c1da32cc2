/* Grouping and aggregates (SPARQL 1.1 sections 18.2.4.1 and 18.5):
 * kg_eval_group fed with rows built by hand, so that only the query's
 * translation and the dictionary are needed, not the evaluation of
 * patterns.  Each case gives the query, the input solutions and the
 * expected groups, worked out from the definitions of 18.5.1. */
#include "db.h"
#include "sparql/sparql.h"
#include "sparql/algebra.h"
#include "sparql/eval.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>

static kg_db *db;

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* A term written as in a test: "" unbound, <iri>, _:label, "lex",
 * "lex"@lang, "lex"^^<dt>, or a bare number (integer, decimal with a
 * '.', double with an exponent). */
static kg_id
cell(kg_eval *ev, const char *s, char *scratch)
{
	kg_term t = {0};
	size_t n = strlen(s);
	if (!n)
		return 0;
	if (s[0] == '<') {
		t.kind = KG_TERM_IRI;
		memcpy(scratch, s + 1, n - 2);
		scratch[n - 2] = 0;
		t.value = scratch;
	} else if (s[0] == '_') {
		t.kind = KG_TERM_BLANK;
		t.value = s + 2;
	} else if (s[0] == '"') {
		const char *end = strrchr(s, '"');
		t.kind = KG_TERM_LITERAL;
		memcpy(scratch, s + 1, (size_t)(end - s - 1));
		scratch[end - s - 1] = 0;
		t.value = scratch;
		char *rest = scratch + (end - s);
		strcpy(rest, end + 1);
		if (rest[0] == '@')
			t.lang = rest + 1;
		else if (rest[0] == '^') {
			rest[strlen(rest) - 1] = 0;
			t.datatype = rest + 3;
		}
	} else {
		t.kind = KG_TERM_LITERAL;
		t.value = s;
		t.datatype = strpbrk(s, "eE") ? XSD "double"
		             : strchr(s, '.') ? XSD "decimal"
		                              : XSD "integer";
	}
	return kg_eval_intern(ev, &t);
}

static void
put_term(kg_buf *out, const kg_term *t)
{
	switch (t->kind) {
	case KG_TERM_IRI:
		kg_buf_printf(out, "<%s>", t->value);
		break;
	case KG_TERM_BLANK:
		kg_buf_printf(out, "_:%s", t->value);
		break;
	default:
		if (t->datatype && !strcmp(t->datatype, XSD "integer"))
			kg_buf_puts(out, t->value);
		else if (t->datatype && !strncmp(t->datatype, XSD, strlen(XSD)))
			kg_buf_printf(out, "\"%s\"^^%s", t->value,
			              t->datatype + strlen(XSD));
		else if (t->lang)
			kg_buf_printf(out, "\"%s\"@%s", t->value, t->lang);
		else
			kg_buf_printf(out, "\"%s\"", t->value);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A row as "name=term ..." over its bound variables, by name. */
static char *
row_str(kg_eval *ev, const kg_id *row)
{
	char **parts = calloc(ev->width + 1, sizeof *parts);
	size_t n = 0;
	for (size_t i = 0; i < ev->width; i++) {
		if (!row[i])
			continue;
		kg_buf b = {0};
		kg_buf_printf(&b, "%s=", ev->vars[i]);
		put_term(&b, kg_eval_term(ev, row[i]));
		parts[n++] = b.data;
	}
	qsort(parts, n, sizeof *parts, cmp_str);
	kg_buf all = {0};
	kg_buf_puts(&all, "");
	for (size_t i = 0; i < n; i++) {
		kg_buf_printf(&all, "%s%s", i ? " " : "", parts[i]);
		free(parts[i]);
	}
	free(parts);
	return all.data;
}

static const kg_alg *
find_aggregate_join(const kg_alg *a)
{
	for (; a; a = a->a)
		if (a->kind == KG_ALG_AGGREGATE_JOIN)
			return a;
	return NULL;
}

/* An input that fails with `fail` after `n` empty rows. */
typedef struct {
	kg_iter it;
	int n;
	size_t width;
	kg_status fail;
} failing_iter;

static kg_status
failing_next(kg_iter *it, kg_id *row)
{
	failing_iter *f = (failing_iter *)it;
	if (f->n-- > 0) {
		memset(row, 0, f->width * sizeof *row);
		return KG_OK;
	}
	return kg_db_error(db, f->fail, NULL, 0, 0, "stopped");
}

static void
failing_free(kg_iter *it)
{
	free(it);
}

/* Groups the rows (n_rows rows of the variables `vars`, separated by
 * spaces; cells as cell() reads them) by the query's GROUP BY and
 * returns the output rows, sorted, joined by " | "; "NULL" when
 * kg_eval_group fails (the status then in *st). */
static char *
group_rows(const char *query, const char *vars, const char *const *cells,
           size_t n_rows, int fail_after, kg_status *st)
{
	kg_db_begin(db);
	kg_sparql_query *q = NULL;
	kg_alg_query *aq = NULL;
	kg_eval *ev = NULL;
	kg_buf out = {0};
	kg_buf_puts(&out, "");
	if (kg_sparql_parse(db, query, NULL, &q) || kg_alg_translate(q, &aq) ||
	    kg_eval_new(db, aq->op, NULL, NULL, 0, NULL, &ev)) {
		kg_buf_printf(&out, "ERROR %s", kg_db_errmsg(db));
		goto done;
	}
	const kg_alg *aj = find_aggregate_join(aq->op);
	if (!aj) {
		kg_buf_puts(&out, "ERROR no aggregate join");
		goto done;
	}
	/* the input */
	char names[256], scratch[256];
	snprintf(names, sizeof names, "%s", vars);
	int slots[16];
	size_t n_vars = 0;
	for (char *v = strtok(names, " "); v; v = strtok(NULL, " "))
		slots[n_vars++] = kg_eval_var(ev, v);
	size_t w = ev->width;
	kg_id *rows = calloc(n_rows * w + 1, sizeof *rows);
	for (size_t r = 0; r < n_rows; r++)
		for (size_t i = 0; i < n_vars; i++)
			if (slots[i] >= 0)
				rows[r * w + (size_t)slots[i]] =
					cell(ev, cells[r * n_vars + i], scratch);
	kg_iter *input;
	if (fail_after >= 0) {
		failing_iter *f = calloc(1, sizeof *f);
		f->it.next = failing_next;
		f->it.free = failing_free;
		f->n = fail_after;
		f->width = w;
		f->fail = KG_ERR_INTERRUPTED;
		input = &f->it;
	} else {
		input = kg_iter_rows(ev, rows, n_rows);
	}
	free(rows);

	kg_iter *it = kg_eval_group(ev, aj, input, 0);
	*st = it ? KG_OK : db->err_status;
	if (!it) {
		kg_buf_puts(&out, "NULL");
		goto done;
	}
	kg_id *row = calloc(w + 1, sizeof *row);
	char **lines = NULL;
	size_t n = 0;
	kg_status s;
	while ((s = it->next(it, row)) == KG_OK) {
		lines = realloc(lines, (n + 1) * sizeof *lines);
		lines[n++] = row_str(ev, row);
	}
	if (s != KG_DONE)
		kg_buf_puts(&out, "ERROR in next");
	if (n)
		qsort(lines, n, sizeof *lines, cmp_str);
	for (size_t i = 0; i < n; i++) {
		kg_buf_printf(&out, "%s%s", i ? " | " : "", lines[i]);
		free(lines[i]);
	}
	free(lines);
	free(row);
	kg_iter_free(it);
done:
	kg_eval_free(ev);
	kg_alg_query_free(aq);
	kg_sparql_free(q);
	return out.data;
}

#define N(a) (sizeof(a) / sizeof *(a))
#define G(query, vars, cells, want)                                      \
	do {                                                              \
		kg_status st_;                                            \
		char *got_ = group_rows(query, vars, cells, N(cells) /     \
		                        group_nvars(vars), -1, &st_);     \
		TAP_STR(got_, want, "%s", query);                         \
		free(got_);                                               \
	} while (0)
/* the same over no rows */
#define G0(query, want)                                                  \
	do {                                                              \
		kg_status st_;                                            \
		char *got_ = group_rows(query, "", NULL, 0, -1, &st_);    \
		TAP_STR(got_, want, "%s (no rows)", query);              \
		free(got_);                                               \
	} while (0)

static size_t
group_nvars(const char *vars)
{
	size_t n = 0;
	for (const char *p = vars; *p; p++)
		if (*p != ' ' && (p == vars || p[-1] == ' '))
			n++;
	return n;
}

#define EX "PREFIX : <http://e/> "

static void
test_count(void)
{
	static const char *const rows[] = {
		"<http://e/a>", "1",
		"<http://e/a>", "1",
		"<http://e/a>", "2",
		"<http://e/a>", "",
		"<http://e/b>", "\"x\"",
	};
	G(EX "SELECT ?s (COUNT(*) AS ?n) { ?s :p ?o } GROUP BY ?s", "s o",
	  rows, ".agg1=1 .agg2=<http://e/b> s=<http://e/b> | "
	        ".agg1=4 .agg2=<http://e/a> s=<http://e/a>");
	/* COUNT(expr) drops unbound; DISTINCT counts values */
	G(EX "SELECT (COUNT(?o) AS ?n) (COUNT(DISTINCT ?o) AS ?d) { ?s :p ?o } "
	     "GROUP BY ?s",
	  "s o", rows,
	  ".agg1=1 .agg2=1 s=<http://e/b> | .agg1=3 .agg2=2 s=<http://e/a>");
	/* COUNT(DISTINCT *): distinct solutions, the unbound one included */
	G(EX "SELECT (COUNT(DISTINCT *) AS ?n) { ?s :p ?o }", "s o", rows,
	  ".agg1=4");
	/* an error is dropped: ?o + 1 fails on "x" */
	G(EX "SELECT (COUNT(?o + 1) AS ?n) { ?s :p ?o }", "s o", rows,
	  ".agg1=3");
}

static void
test_sum_avg(void)
{
	static const char *const ints[] = {
		"<http://e/a>", "1", "<http://e/a>", "2",
		"<http://e/a>", "2", "<http://e/b>", "1.5",
		"<http://e/b>", "2", "<http://e/c>", "1.0e0",
		"<http://e/c>", "3",
	};
	G(EX "SELECT ?s (SUM(?o) AS ?n) { ?s :p ?o } GROUP BY ?s", "s o", ints,
	  ".agg1=\"3.5\"^^decimal .agg2=<http://e/b> s=<http://e/b> | "
	  ".agg1=\"4.0E0\"^^double .agg2=<http://e/c> s=<http://e/c> | "
	  ".agg1=5 .agg2=<http://e/a> s=<http://e/a>");
	G(EX "SELECT (SUM(DISTINCT ?o) AS ?n) (AVG(DISTINCT ?o) AS ?a) "
	     "{ ?s :p ?o } GROUP BY ?s",
	  "s o", ints,
	  ".agg1=\"3.5\"^^decimal .agg2=\"1.75\"^^decimal s=<http://e/b> | "
	  ".agg1=\"4.0E0\"^^double .agg2=\"2.0E0\"^^double s=<http://e/c> | "
	  ".agg1=3 .agg2=\"1.5\"^^decimal s=<http://e/a>");
	/* AVG of integers is a decimal (integer division) */
	G(EX "SELECT (AVG(?o) AS ?a) { ?s :p ?o } GROUP BY ?s", "s o", ints,
	  ".agg1=\"1.66666666666667\"^^decimal s=<http://e/a> | "
	  ".agg1=\"1.75\"^^decimal s=<http://e/b> | "
	  ".agg1=\"2.0E0\"^^double s=<http://e/c>");

	/* one error, non-numeric or unbound, makes the aggregate an error */
	static const char *const bad[] = {
		"<http://e/a>", "1", "<http://e/a>", "\"2\"",
		"<http://e/b>", "1", "<http://e/b>", "",
		"<http://e/c>", "_:z", "<http://e/d>", "7",
	};
	G(EX "SELECT (SUM(?o) AS ?n) (AVG(?o) AS ?a) (COUNT(?o) AS ?c) "
	     "{ ?s :p ?o } GROUP BY ?s",
	  "s o", bad,
	  ".agg1=7 .agg2=\"7.0\"^^decimal .agg3=1 s=<http://e/d> | "
	  ".agg3=1 s=<http://e/b> | .agg3=1 s=<http://e/c> | "
	  ".agg3=2 s=<http://e/a>");
}

static void
test_min_max_sample(void)
{
	static const char *const rows[] = {
		"<http://e/a>", "3", "<http://e/a>", "1.5",
		"<http://e/a>", "", "<http://e/a>", "10",
		"<http://e/b>", "\"b\"", "<http://e/b>", "<http://e/i>",
		"<http://e/b>", "_:k", "<http://e/b>", "2",
		"<http://e/c>", "",
	};
	/* ORDER BY's order: blank < IRI < literal; unbound skipped; no
	 * value left, an error */
	G(EX "SELECT ?s (MIN(?o) AS ?lo) (MAX(?o) AS ?hi) { ?s :p ?o } "
	     "GROUP BY ?s",
	  "s o", rows,
	  ".agg1=\"1.5\"^^decimal .agg2=10 .agg3=<http://e/a> s=<http://e/a> | "
	  ".agg1=_:k .agg2=\"b\" .agg3=<http://e/b> s=<http://e/b> | "
	  ".agg3=<http://e/c> s=<http://e/c>");
	G(EX "SELECT (MIN(DISTINCT ?o) AS ?lo) (MAX(DISTINCT ?o) AS ?hi) "
	     "{ ?s :p ?o } GROUP BY ?s",
	  "s o", rows,
	  ".agg1=\"1.5\"^^decimal .agg2=10 s=<http://e/a> | "
	  ".agg1=_:k .agg2=\"b\" s=<http://e/b> | s=<http://e/c>");
	/* SAMPLE: some value of the group, never an unbound one when there
	 * is a value */
	static const char *const one[] = {
		"<http://e/a>", "", "<http://e/a>", "4",
		"<http://e/a>", "", "<http://e/b>", "",
	};
	G(EX "SELECT (SAMPLE(?o) AS ?x) (SAMPLE(DISTINCT ?o) AS ?y) "
	     "{ ?s :p ?o } GROUP BY ?s",
	  "s o", one, ".agg1=4 .agg2=4 s=<http://e/a> | s=<http://e/b>");
	/* MIN + MAX over computed values (1.5 * 2 keeps 1.5's fraction
	 * digit: "3.0") */
	G(EX "SELECT (MIN(?o * 2) + MAX(?o) AS ?x) { ?s :p ?o } GROUP BY ?s",
	  "s o", rows,
	  ".agg1=\"3.0\"^^decimal .agg2=10 s=<http://e/a> | "
	  ".agg1=4 .agg2=\"b\" s=<http://e/b> | s=<http://e/c>");
}

static void
test_group_concat(void)
{
	static const char *const rows[] = {
		"<http://e/a>", "\"x\"", "<http://e/a>", "\"y\"@en",
		"<http://e/a>", "\"x\"", "<http://e/b>", "12",
		"<http://e/b>", "<http://e/i>", "<http://e/b>", "\"z\"@fr",
		"<http://e/c>", "\"ok\"", "<http://e/c>", "_:k",
		"<http://e/d>", "\"ok\"", "<http://e/d>", "",
	};
	/* STR of each value; language tags dropped; blank nodes and
	 * unbound values are errors */
	G(EX "SELECT (GROUP_CONCAT(?o) AS ?g) { ?s :p ?o } GROUP BY ?s",
	  "s o", rows,
	  ".agg1=\"12 http://e/i z\" s=<http://e/b> | "
	  ".agg1=\"x y x\" s=<http://e/a> | s=<http://e/c> | s=<http://e/d>");
	G(EX "SELECT (GROUP_CONCAT(DISTINCT ?o; SEPARATOR=\", \") AS ?g) "
	     "{ ?s :p ?o } GROUP BY ?s",
	  "s o", rows,
	  ".agg1=\"12, http://e/i, z\" s=<http://e/b> | "
	  ".agg1=\"x, y\" s=<http://e/a> | s=<http://e/c> | s=<http://e/d>");
	G(EX "SELECT (GROUP_CONCAT(?o; SEPARATOR=\"\") AS ?g) { ?s :p ?o } "
	     "GROUP BY ?s",
	  "s o", rows,
	  ".agg1=\"12http://e/iz\" s=<http://e/b> | "
	  ".agg1=\"xyx\" s=<http://e/a> | s=<http://e/c> | s=<http://e/d>");
}

/* No GROUP BY: one group, even over no rows; with GROUP BY, no rows
 * give no groups. */
static void
test_empty(void)
{
	G0(EX "SELECT (COUNT(*) AS ?c) (COUNT(?o) AS ?d) (SUM(?o) AS ?t) "
	      "(AVG(?o) AS ?a) (GROUP_CONCAT(?o) AS ?g) (MIN(?o) AS ?lo) "
	      "(MAX(?o) AS ?hi) (SAMPLE(?o) AS ?x) (COUNT(DISTINCT *) AS ?e) "
	      "{ ?s :p ?o }",
	   ".agg1=0 .agg2=0 .agg3=0 .agg4=0 .agg5=\"\" .agg9=0");
	G0(EX "SELECT (COUNT(*) AS ?c) { ?s :p ?o } GROUP BY ?s", "");
	G0(EX "SELECT ?s { ?s :p ?o } GROUP BY ?s", "");
	/* HAVING alone makes the query group */
	G0(EX "SELECT (1 AS ?one) { ?s :p ?o } HAVING (COUNT(*) = 0)",
	   ".agg1=0");
}

static void
test_keys(void)
{
	static const char *const rows[] = {
		"<http://e/a>", "1", "\"x\"",
		"<http://e/a>", "2", "\"x\"",
		"<http://e/a>", "3", "\"y\"",
		"<http://e/b>", "4", "\"x\"",
		"", "5", "\"x\"",
		"", "6", "",
		"<http://e/c>", "\"s\"", "",
	};
	/* several keys; an unbound key is a group of its own */
	G(EX "SELECT ?s ?l (SUM(?o) AS ?n) { ?s :p ?o OPTIONAL { ?s :l ?l } } "
	     "GROUP BY ?s ?l",
	  "s o l", rows,
	  ".agg1=3 .agg2=<http://e/a> .agg3=\"x\" l=\"x\" s=<http://e/a> | "
	  ".agg1=3 .agg2=<http://e/a> .agg3=\"y\" l=\"y\" s=<http://e/a> | "
	  ".agg1=4 .agg2=<http://e/b> .agg3=\"x\" l=\"x\" s=<http://e/b> | "
	  ".agg1=5 .agg3=\"x\" l=\"x\" | .agg1=6 | "
	  ".agg2=<http://e/c> s=<http://e/c>");
	/* GROUP BY (expr AS ?v) binds ?v; a key that is an error ("s" > 2)
	 * is the component "unbound": a group that leaves ?k unbound */
	G(EX "SELECT ?k (COUNT(*) AS ?n) { ?s :p ?o } GROUP BY ((?o > 2) AS ?k)",
	  "s o l", rows,
	  ".agg1=1 | .agg1=2 .agg2=\"false\"^^boolean k=\"false\"^^boolean | "
	  ".agg1=4 .agg2=\"true\"^^boolean k=\"true\"^^boolean");
	/* the aggregates see ?v bound, as if by Extend under the Group
	 * (SAMPLE(?k) above; W3C agg08b orders by it) */
	G(EX "SELECT (SUM(?d) AS ?n) (COUNT(?d) AS ?c) { ?s :p ?o } "
	     "GROUP BY ((?o * 2) AS ?d)",
	  "s o l", rows,
	  ".agg1=10 .agg2=1 d=10 | .agg1=12 .agg2=1 d=12 | .agg1=2 .agg2=1 d=2 | "
	  ".agg1=4 .agg2=1 d=4 | .agg1=6 .agg2=1 d=6 | .agg1=8 .agg2=1 d=8 | "
	  ".agg2=0");
	/* a key expression without AS binds nothing */
	G(EX "SELECT (COUNT(*) AS ?n) { ?s :p ?o } GROUP BY (?o > 2)",
	  "s o l", rows, ".agg1=1 | .agg1=2 | .agg1=4");
	/* a function call as key; STR of unbound is an error, and the two
	 * rows without ?l are one group */
	G(EX "SELECT (COUNT(*) AS ?n) { ?s :p ?o } GROUP BY STR(?l)",
	  "s o l", rows, ".agg1=1 | .agg1=2 | .agg1=4");
}

/* The input's errors come out of kg_eval_group. */
static void
test_errors(void)
{
	kg_status st = KG_OK;
	char *got = group_rows(EX "SELECT (COUNT(*) AS ?n) { ?s :p ?o }", "",
	                       NULL, 0, 3, &st);
	TAP_STR(got, "NULL", "an interrupted input fails the group");
	TAP_OK(st == KG_ERR_INTERRUPTED, "with the input's status");
	free(got);
	got = group_rows(EX "SELECT (COUNT(*) AS ?n) { ?s :p ?o }", "", NULL,
	                 0, 0, &st);
	TAP_STR(got, "NULL", "even before the first row");
	free(got);
}

int
main(void)
{
	if (kg_db_open("memory", 0, &db)) {
		printf("Bail out! cannot open a memory store\n");
		return 1;
	}
	test_count();
	test_sum_avg();
	test_min_max_sample();
	test_group_concat();
	test_empty();
	test_keys();
	test_errors();
	kg_db_close(db);
	return tap_done();
}

/* Property path patterns (kg_eval_path), SPARQL 1.1 sections 9.3 and
 * 18.4: each Path evaluated on its own over a small graph, its (start,
 * end) pairs compared as a sorted multiset with answers worked out by
 * hand from the specification: link and inverse, seq as a join and alt
 * as a union (duplicates kept), the repetitions as sets with cycles cut,
 * the zero-length rule for terms outside the graph and for variables
 * bound by an input row, `?x P ?x`, both ends bound, negated property
 * sets with inverse members, blank nodes as variables, a named graph. */
#include "db.h"
#include "sparql/sparql.h"
#include "sparql/algebra.h"
#include "sparql/eval.h"
#include "../tap.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NS "http://e/"

static kg_db *db;
static const char *graph_iri; /* the active graph, NULL: default */

/* The first Path of the algebra, depth first. */
static const kg_alg *
find_path(const kg_alg *a)
{
	for (; a; a = a->a) {
		if (a->kind == KG_ALG_PATH)
			return a;
		const kg_alg *p = find_path(a->b);
		if (p)
			return p;
	}
	return NULL;
}

/* A term for the output: IRIs in NS lose NS, blank nodes are "_". */
static void
put_term(kg_buf *b, const kg_term *t)
{
	if (!t)
		kg_buf_puts(b, "UNBOUND");
	else if (t->kind == KG_TERM_BLANK)
		kg_buf_puts(b, "_");
	else if (!strncmp(t->value, NS, strlen(NS)))
		kg_buf_puts(b, t->value + strlen(NS));
	else
		kg_buf_puts(b, t->value);
}

/* The value of one end of the path in a row. */
static const kg_term *
end_term(kg_eval *ev, const kg_sparql_term *t, const kg_id *row)
{
	if (t->kind == KG_SPARQL_TERM_VAR || t->kind == KG_SPARQL_TERM_BLANK) {
		const char *name = t->kind == KG_SPARQL_TERM_VAR
		                           ? t->value
		                           : kg_eval_blank_var(ev, t->value);
		return kg_eval_term(ev, row[kg_eval_var(ev, name)]);
	}
	return kg_eval_term(ev, kg_eval_intern_sparql(ev, t));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Binds variable `var` of `row` to the IRI NS`name`. */
static void
bind(kg_eval *ev, kg_id *row, const char *var, const char *name)
{
	char iri[64];
	snprintf(iri, sizeof iri, NS "%s", name);
	kg_term t = {KG_TERM_IRI, iri, NULL, NULL};
	int slot = kg_eval_var(ev, var);
	if (slot >= 0)
		row[slot] = kg_eval_intern(ev, &t);
}

/* Evaluates the Path `op` (root of the variables: `root`) with the
 * input `binds` ("var=name var=name", may be NULL) and gives its rows as
 * "start end" sorted and joined by ",", or "ERROR ...". */
static const char *
eval_path(const kg_alg *root, const kg_alg *op, const char *binds)
{
	static kg_buf out;
	kg_buf_reset(&out);
	kg_db_begin(db);
	kg_eval *ev = NULL;
	if (kg_eval_new(db, root, NULL, NULL, 0, NULL, &ev)) {
		kg_buf_printf(&out, "ERROR %s", kg_db_errmsg(db));
		return kg_buf_str(&out);
	}
	kg_id *in = NULL;
	if (binds) {
		in = calloc(ev->width + 1, sizeof *in);
		char copy[128];
		snprintf(copy, sizeof copy, "%s", binds);
		for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
			char *eq = strchr(tok, '=');
			*eq = '\0';
			bind(ev, in, tok, eq + 1);
		}
	}
	kg_id g = 0;
	if (graph_iri) {
		kg_term t = {KG_TERM_IRI, graph_iri, NULL, NULL};
		g = kg_eval_intern(ev, &t);
	}
	kg_iter *it = kg_eval_path(ev, op, in, g);
	char **lines = NULL;
	size_t n = 0;
	kg_status st = it ? KG_OK : db->err_status;
	kg_id *row = calloc(ev->width + 1, sizeof *row);
	while (it && !(st = it->next(it, row))) {
		kg_buf b = {0};
		put_term(&b, end_term(ev, &op->s, row));
		kg_buf_puts(&b, " ");
		put_term(&b, end_term(ev, &op->o, row));
		/* the input's other bindings come through unchanged */
		for (size_t i = 0; in && i < ev->width; i++)
			if (in[i] && row[i] != in[i])
				kg_buf_puts(&b, " CHANGED");
		lines = realloc(lines, (n + 1) * sizeof *lines);
		lines[n++] = strdup(kg_buf_str(&b));
		kg_buf_free(&b);
	}
	if (st != KG_DONE)
		kg_buf_printf(&out, "ERROR %d %s", (int)st, kg_db_errmsg(db));
	if (n)
		qsort(lines, n, sizeof *lines, cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (st == KG_DONE)
			kg_buf_printf(&out, "%s%s", i ? "," : "", lines[i]);
		free(lines[i]);
	}
	free(lines);
	free(row);
	free(in);
	if (it)
		it->free(it);
	kg_eval_free(ev);
	return kg_buf_str(&out);
}

/* The rows of the first Path of `where` (a group graph pattern). */
static const char *
path_rows(const char *where, const char *binds)
{
	static kg_buf text;
	kg_buf_reset(&text);
	kg_buf_printf(&text, "PREFIX : <" NS "> SELECT * %s", where);
	kg_sparql_query *q = NULL;
	kg_alg_query *aq = NULL;
	const char *r;
	if (kg_sparql_parse(db, kg_buf_str(&text), NULL, &q))
		r = kg_db_errmsg(db);
	else if (kg_alg_translate(q, &aq))
		r = "ERROR translate";
	else if (!find_path(aq->op))
		r = "ERROR no Path";
	else
		r = eval_path(aq->op, find_path(aq->op), binds);
	kg_alg_query_free(aq);
	kg_sparql_free(q);
	return r;
}

static void
t(const char *where, const char *want)
{
	TAP_STR(path_rows(where, NULL), want, "%s", where);
}

static void
t_in(const char *where, const char *binds, const char *want)
{
	TAP_STR(path_rows(where, binds), want, "%s given %s", where, binds);
}

static kg_sparql_term
iri(const char *name)
{
	static char buf[8][64];
	static int next;
	char *s = buf[next++ % 8];
	snprintf(s, 64, NS "%s", name);
	return (kg_sparql_term){KG_SPARQL_TERM_IRI, s, NULL, NULL};
}

static kg_sparql_term
var(const char *name)
{
	return (kg_sparql_term){KG_SPARQL_TERM_VAR, name, NULL, NULL};
}

/* Path(s, link(p), o) and Path(s, inv(link(p)), o), which the
 * translation turns into triple patterns, built by hand. */
static void
test_link(void)
{
	kg_alg_path link = {KG_ALG_PATH_LINK, NS "p", NULL, 0, NULL, 0};
	kg_alg_path *args[] = {&link};
	kg_alg_path inv = {KG_ALG_PATH_INV, NULL, args, 1, NULL, 0};
	kg_alg op = {0};
	op.kind = KG_ALG_PATH;
	op.path = &link;

	op.s = iri("a");
	op.o = var("x");
	TAP_STR(eval_path(&op, &op, NULL), "a b", "link from a constant");
	op.s = var("x");
	op.o = iri("a");
	TAP_STR(eval_path(&op, &op, NULL), "c a", "link to a constant");
	op.o = var("y");
	TAP_STR(eval_path(&op, &op, NULL), "a b,b c,c a", "link, both free");
	op.o = var("x");
	TAP_STR(eval_path(&op, &op, NULL), "", "link ?x :p ?x: no loop");
	op.s = iri("a");
	op.o = iri("b");
	TAP_STR(eval_path(&op, &op, NULL), "a b", "link, both bound");
	op.o = iri("c");
	TAP_STR(eval_path(&op, &op, NULL), "", "link, both bound, no triple");

	op.path = &inv;
	op.s = iri("a");
	op.o = var("x");
	TAP_STR(eval_path(&op, &op, NULL), "a c", "inverse from a constant");
	op.s = var("x");
	op.o = iri("a");
	TAP_STR(eval_path(&op, &op, NULL), "b a", "inverse to a constant");
	op.o = var("y");
	TAP_STR(eval_path(&op, &op, NULL), "a c,b a,c b", "inverse, both free");
}

int
main(void)
{
	TAP_OK(kg_db_open("memory", 0, &db) == KG_OK, "open memory store");
	/* a p-cycle a -> b -> c -> a; a q-chain c -> d -> e; a self loop
	 * on e; two predicates from f to g. */
	char *ttl = write_tmp(".ttl",
		"@prefix : <" NS "> .\n"
		":a :p :b . :b :p :c . :c :p :a .\n"
		":c :q :d . :d :q :e .\n"
		":e :r :e .\n"
		":f :s :g . :f :t :g .\n");
	TAP_OK(kg_db_load(db, ttl, NULL, NULL) == KG_OK, "load turtle");

	test_link();

	/* seq is a join: inv(seq(p, p)) walks two p backwards */
	t("{ :a ^(:p/:p) ?x }", "a b");
	t("{ ?s ^(:p/:q) ?o }", "d b");
	t("{ :d ^((:p|:p)/:q) ?x }", "d b,d b");
	t("{ :a (:p/:p)* ?x }", "a a,a b,a c");

	/* alt is a union: duplicates stay */
	t("{ :c (:p|:q) ?x }", "c a,c d");
	t("{ :a (:p|:p) ?x }", "a b,a b");
	t("{ ?x (:q|^:q) :d }", "c d,e d");

	/* ZeroOrMore and OneOrMore: sets, cycles cut */
	t("{ :a :p* ?x }", "a a,a b,a c");
	t("{ :a :p+ ?x }", "a a,a b,a c");
	t("{ :c :q* ?x }", "c c,c d,c e");
	t("{ :c :q+ ?x }", "c d,c e");
	t("{ ?x :q+ :e }", "c e,d e");
	t("{ ?x :q* :e }", "c e,d e,e e");
	t("{ :e :r+ ?x }", "e e");
	t("{ :a (:p|:p)* ?x }", "a a,a b,a c");
	t("{ :c (:q|^:q)+ ?x }", "c c,c d,c e");
	t("{ ?s :q+ ?o }", "c d,c e,d e");
	t("{ ?s :q* ?o }", "a a,b b,c c,c d,c e,d d,d e,e e,f f,g g");
	t("{ :a ^:p+ ?x }", "a a,a b,a c");

	/* ZeroOrOne: a set too */
	t("{ :c :q? ?x }", "c c,c d");
	t("{ :a (:p|:p)? ?x }", "a a,a b");
	t("{ :e :r? ?x }", "e e");
	t("{ ?s :q? ?o }", "a a,b b,c c,c d,d d,d e,e e,f f,g g");

	/* the zero-length path from a term of the query outside the graph */
	t("{ :zz :p* ?x }", "zz zz");
	t("{ ?x :p* :zz }", "zz zz");
	t("{ :zz :p* :zz }", "zz zz");
	t("{ :zz :p? ?x }", "zz zz");
	t("{ :zz :p+ ?x }", "");
	t("{ :zz :p* :a }", "");
	t("{ \"lit\" :p* ?x }", "lit lit");

	/* one variable at both ends */
	t("{ ?x :p+ ?x }", "a a,b b,c c");
	t("{ ?x :q+ ?x }", "");
	t("{ ?x :r+ ?x }", "e e");
	t("{ ?x :p* ?x }", "a a,b b,c c,d d,e e,f f,g g");
	t("{ ?x ^(:p/:p/:p) ?x }", "a a,b b,c c");
	t("{ ?x ^(:p/:p) ?x }", "");

	/* both ends bound */
	t("{ :a :p+ :c }", "a c");
	t("{ :a :p* :a }", "a a");
	t("{ :a :q* :e }", "");
	t("{ :c :q+ :e }", "c e");
	t("{ :c ^(^:q/(^:q|^:q)) :e }", "c e,c e");
	t("{ :a ^(^:p/(^:p|^:p)) :c }", "a c,a c");

	/* negated property sets: each direction a set, inverse members
	 * read backwards, both directions a union */
	t("{ :f !:p ?x }", "f g");
	t("{ :f !:s ?x }", "f g");
	t("{ :f !(:s|:t) ?x }", "");
	t("{ ?x !(:q|^:p) :c }", "b c,d c");
	t("{ :a !^:r ?x }", "a c");
	t("{ ?x !^:p ?y }", "d c,e d,e e,g f");
	t("{ ?x !(:p|:q|:r|:s|^:p|^:q|^:r) ?y }", "f g,g f");
	t("{ ?x !(:p|:q|:r|:s|:t) ?y }", "");
	t("{ :a !:q+ ?x }", "a a,a b,a c");

	/* a blank node is a variable */
	t("{ _:b :p+ :c }", "a c,b c,c c");
	t("{ [] :q+ ?x }", "c d,c e,d e");
	t("{ _:b :p ?x . _:b ^:r+ ?y }", "e e");

	/* variables bound by the input row are variables of the pattern:
	 * with both ends variables the zero-length step stays in the graph
	 * (18.4, sparql11/property-path values_and_path) */
	t_in("{ ?x :p* ?y }", "x=a", "a a,a b,a c");
	t_in("{ ?x :p* ?y }", "x=zz", "");
	t_in("{ ?v :p? ?v }", "v=zz", "");
	t_in("{ ?v :p? ?v }", "v=a", "a a");
	t_in("{ ?v :q+ ?v }", "v=c", "");
	t_in("{ ?x :q+ ?y }", "y=e", "c e,d e");
	t_in("{ ?x :q+ ?y }", "x=c y=e", "c e");
	t_in("{ ?x :q* :zz }", "x=zz", "zz zz");
	t_in("{ :zz :q* ?y }", "y=zz", "zz zz");
	t_in("{ ?x (:p|:p) ?y }", "y=b other=c", "a b,a b");
	t_in("{ ?x :p+ ?y . ?x :q ?other }", "other=d", "a a,a b,a c,b a,b b,"
	     "b c,c a,c b,c c");

	/* the active graph is a named graph */
	char *g2 = write_tmp(".ttl", "@prefix : <" NS "> .\n"
	                             ":a :p :h . :h :p :i .\n");
	kg_load_options lo = {0};
	lo.graph = NS "g2";
	TAP_OK(kg_db_load(db, g2, &lo, NULL) == KG_OK, "load a named graph");
	t("{ :a :p+ ?x }", "a a,a b,a c,a h,a i");
	graph_iri = NS "g2";
	t("{ :a :p+ ?x }", "a h,a i");
	t("{ ?x :p* ?y }", "a a,a h,a i,h h,h i,i i");
	t("{ :b :p* ?x }", "b b");
	t_in("{ ?x :p* ?y }", "x=b", "");
	graph_iri = NULL;

	/* an interrupt stops a walk */
	kg_db_begin(db);
	db->interrupted = 1;
	kg_sparql_query *q = NULL;
	kg_alg_query *aq = NULL;
	kg_sparql_parse(db, "PREFIX : <" NS "> SELECT * { ?s :p* ?o }", NULL,
	                &q);
	kg_alg_translate(q, &aq);
	kg_eval *ev = NULL;
	kg_eval_new(db, aq->op, NULL, NULL, 0, NULL, &ev);
	db->interrupted = 1;
	kg_iter *it = ev ? kg_eval_path(ev, find_path(aq->op), NULL, 0) : NULL;
	kg_id row[8];
	kg_status st = it ? KG_OK : db->err_status;
	while (it && !(st = it->next(it, row)))
		;
	TAP_OK(st == KG_ERR_INTERRUPTED, "interrupted (status %d)", (int)st);
	if (it)
		it->free(it);
	kg_eval_free(ev);
	kg_alg_query_free(aq);
	kg_sparql_free(q);
	db->interrupted = 0;

	/* and one that comes within a row stops its expressions: CONCAT of
	 * a string with itself through nested subqueries costs without bound
	 * in one row, and ran out of memory before (fuzz/fuzz_eval.c) */
	kg_db_begin(db);
	q = NULL;
	aq = NULL;
	ev = NULL;
	kg_sparql_parse(db, "SELECT * { BIND(CONCAT(\"a\", \"b\") AS ?x) }",
	                NULL, &q);
	kg_alg_translate(q, &aq);
	const kg_alg *ext = aq ? aq->op : NULL;
	while (ext && ext->kind != KG_ALG_EXTEND)
		ext = ext->a;
	kg_eval_new(db, aq->op, NULL, NULL, 0, NULL, &ev);
	memset(row, 0, sizeof row);
	db->interrupted = 1;
	kg_sparql_value *v = ev && ext ? kg_eval_expr(ev, ext->expr, row, 0)
	                               : NULL;
	TAP_OK(ext && !v && db->err_status == KG_ERR_INTERRUPTED,
	       "an interrupted expression fails (status %d)",
	       (int)db->err_status);
	kg_sparql_value_free(v);
	kg_eval_free(ev);
	kg_alg_query_free(aq);
	kg_sparql_free(q);
	db->interrupted = 0;

	kg_db_close(db);
	unlink(ttl);
	unlink(g2);
	free(ttl);
	free(g2);
	return tap_done();
}

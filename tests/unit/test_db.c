/* The library end to end on an in-memory store: open, load, query,
 * results, errors, dump, graphs. */
#include "kg.h"
#include "../tap.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
to_buf(void *ctx, const char *data, size_t len)
{
	strncat(ctx, data, len);
	return 0;
}

/* Appends each problem and "\n" to the 1024-byte buffer ctx. */
static void
keep_problem(void *ctx, const char *msg)
{
	char *buf = ctx;
	strncat(buf, msg, 1024 - strlen(buf) - 2);
	strcat(buf, "\n");
}

/* kg's own store in a new directory: verify, and what it reports. */
static void
test_native(const char *ttl, const char *bad)
{
	char dir[] = "/tmp/kg-test-db-XXXXXX";
	if (!mkdtemp(dir))
		abort();
	char store[64];
	snprintf(store, sizeof store, "%s/s", dir);
	kg_db *db;
	TAP_OK(kg_db_open(store, KG_OPEN_CREATE, &db) == KG_OK,
	       "open kg's own store");
	TAP_OK(kg_db_load(db, ttl, NULL, NULL) == KG_OK, "load into it");
	char problems[1024] = "";
	TAP_OK(kg_db_verify(db, keep_problem, problems) == KG_OK &&
	       !problems[0], "verify: consistent, no problem reported");
	kg_store_stats ss;
	TAP_OK(kg_db_stats(db, &ss) == KG_OK && ss.triples == 3 &&
	       ss.graphs == 1 && (long)ss.triples == kg_db_size(db),
	       "stats: 3 triples in 1 graph");
	/* ex:hama ex:label "Hama"@en ; ex:pop 996000 . ex:homs ex:label
	 * "حمص"@ar: 7 terms, and the graph's IRI. */
	TAP_OK(ss.terms == 8, "stats: 8 distinct terms");
	TAP_OK(ss.file_bytes > 0 && ss.used_bytes > 0 &&
	       ss.used_bytes <= ss.file_bytes, "stats: bytes on disk and in use");

	/* Transactions: loads and updates inside one go together. */
	kg_load_options lo = {0};
	lo.graph = "http://example.org/t";
	const char *ins = "INSERT DATA { <http://example.org/a> "
	                  "<http://example.org/b> 1 }";
	TAP_OK(kg_db_transaction_begin(db) == KG_OK, "begin");
	TAP_OK(kg_db_transaction_begin(db) != KG_OK, "a second begin fails");
	TAP_OK(kg_db_load(db, ttl, &lo, NULL) == KG_OK &&
	       kg_db_update(db, ins, NULL, NULL) == KG_OK &&
	       kg_db_size(db) == 7, "a load and an update inside it");
	TAP_OK(kg_db_transaction_rollback(db) == KG_OK && kg_db_size(db) == 3,
	       "rollback drops both");
	TAP_OK(kg_db_transaction_begin(db) == KG_OK &&
	       kg_db_load(db, ttl, &lo, NULL) == KG_OK &&
	       kg_db_update(db, ins, NULL, NULL) == KG_OK &&
	       kg_db_transaction_commit(db) == KG_OK && kg_db_size(db) == 7,
	       "commit keeps both");
	TAP_OK(kg_db_transaction_begin(db) == KG_OK &&
	       kg_db_update(db, "CLEAR ALL", NULL, NULL) == KG_OK &&
	       kg_db_load(db, bad, NULL, NULL) == KG_ERR_SYNTAX &&
	       kg_db_transaction_commit(db) == KG_ERR_STORE &&
	       kg_db_size(db) == 7,
	       "after a failed load the commit fails and changes nothing");
	TAP_OK(kg_db_transaction_commit(db) == KG_OK &&
	       kg_db_transaction_rollback(db) == KG_OK,
	       "commit and rollback without a transaction do nothing");
	TAP_OK(kg_db_verify(db, NULL, NULL) == KG_OK, "verify after them");
	kg_db_close(db);
	const char *files[] = {"data.mdb", "lock.mdb", "writer.lock"};
	for (size_t i = 0; i < 3; i++) {
		char path[96];
		snprintf(path, sizeof path, "%s/%s", store, files[i]);
		unlink(path);
	}
	rmdir(store);
	rmdir(dir);
}

int
main(void)
{
	kg_db *db;
	TAP_OK(kg_db_open("memory", 0, &db) == KG_OK, "open memory store");

	char *ttl = write_tmp(".ttl",
		"@prefix ex: <http://example.org/> .\n"
		"ex:hama ex:label \"Hama\"@en ; ex:pop 996000 .\n"
		"ex:homs ex:label \"حمص\"@ar .\n");
	kg_load_progress p;
	TAP_OK(kg_db_load(db, ttl, NULL, &p) == KG_OK, "load turtle");
	TAP_OK(p.triples == 3 && p.added == 3, "3 triples read, 3 added");
	TAP_OK(kg_db_load(db, ttl, NULL, &p) == KG_OK && p.added == 0,
	       "loading again adds nothing (graphs are sets)");
	TAP_OK(kg_db_size(db) == 3, "size is 3");

	char *bad = write_tmp(".ttl", "@prefix ex: <http://example.org/> .\n"
	                              "ex:a ex:b ex:c .\nex:d ex:e \"open .\n");
	kg_status st = kg_db_load(db, bad, NULL, NULL);
	TAP_OK(st == KG_ERR_SYNTAX, "syntax error reported (%s)",
	       kg_strerror(st));
	TAP_OK(kg_db_errline(db) == 3, "error on line 3 (got %d)",
	       kg_db_errline(db));
	TAP_STR(kg_db_errfile(db), bad, "error names the file");
	TAP_OK(kg_db_size(db) == 3, "failed load added nothing");

	TAP_OK(count(db, "SELECT ?s WHERE { ?s ex:label ?l }") == -1,
	       "undeclared prefix is an error");
	TAP_OK(count(db, "PREFIX ex: <http://example.org/> "
	                 "SELECT ?s WHERE { ?s ex:label ?l }") == 2,
	       "query with its own prefix");

	kg_results *r;
	TAP_OK(kg_db_query(db, "SELECT ?x ?y WHERE {\n ?x ?p ?y .\n"
	                       " FILTER(?y = ) }", NULL, &r) == KG_ERR_SYNTAX,
	       "query syntax error");
	TAP_OK(kg_db_errline(db) == 3, "query error on line 3 (got %d)",
	       kg_db_errline(db));

	TAP_OK(kg_db_query(db, "ASK { ?s ?p 996000 }", NULL, &r) == KG_OK &&
	       kg_results_kind_of(r) == KG_RESULTS_BOOLEAN &&
	       kg_results_boolean(r), "ASK is true");
	kg_results_free(r);

	TAP_OK(kg_db_query(db, "SELECT ?l WHERE { ?s rdfs:label|<http://"
	                       "example.org/label> ?l } ORDER BY ?l", NULL,
	                   &r) != KG_OK || 1, "engine answers or refuses paths");
	kg_results_free(r);

	TAP_OK(kg_db_query(db, "SELECT ?l WHERE { ?s <http://example.org/label>"
	                       " ?l FILTER(lang(?l) = 'ar') }", NULL, &r) == KG_OK,
	       "select with filter");
	TAP_OK(kg_results_width(r) == 1 && !strcmp(kg_results_name(r, 0), "l"),
	       "one column named l");
	TAP_OK(kg_results_next(r) == KG_OK, "one row");
	const kg_term *t = kg_results_get(r, 0);
	TAP_OK(t && t->kind == KG_TERM_LITERAL && !strcmp(t->value, "حمص") &&
	       t->lang && !strcmp(t->lang, "ar"), "Arabic literal with tag");
	TAP_OK(kg_results_next(r) == KG_DONE, "then done");
	kg_results_free(r);

	static char out[8192];
	out[0] = '\0';
	TAP_OK(kg_db_dump(db, NULL, KG_FORMAT_NQUADS, to_buf, out) == KG_OK,
	       "dump");
	TAP_OK(strstr(out, "\"Hama\"@en") != NULL, "dump has the literal");

	TAP_OK(kg_db_graphs(db, &r) == KG_OK && kg_results_next(r) == KG_OK &&
	       kg_results_get(r, 1) &&
	       !strcmp(kg_results_get(r, 1)->value, "3"), "one graph of 3");
	kg_results_free(r);

	TAP_OK(kg_db_prefix_set(db, "bad prefix", "http://x/") == KG_ERR_ARG,
	       "invalid prefix refused");
	TAP_OK(kg_db_prefix_set(db, "ex", "http://example.org/") == KG_OK,
	       "prefix declared");
	TAP_OK(count(db, "SELECT ?s WHERE { ?s ex:label ?l }") == 2,
	       "declared prefix usable");
	char name[64];
	TAP_OK(kg_db_compact_iri(db, "http://example.org/hama", name,
	                         sizeof name) && !strcmp(name, "ex:hama"),
	       "compact IRI");

	kg_db_close(db);

	/* Redland's Berkeley DB store, named hashes:DIR. */
	char hdir[] = "/tmp/kg-test-hashes-XXXXXX";
	if (!mkdtemp(hdir))
		abort();
	char hspec[64];
	snprintf(hspec, sizeof hspec, "hashes:%s/s", hdir);
	TAP_OK(kg_db_open(hspec, KG_OPEN_CREATE, &db) == KG_OK &&
	       kg_db_load(db, ttl, NULL, NULL) == KG_OK, "a hashes: store");
	kg_store_stats ms;
	TAP_OK(kg_db_stats(db, &ms) == KG_OK && ms.triples == 3 &&
	       ms.graphs == 1 && ms.terms == -1 && ms.file_bytes == -1,
	       "stats on Redland's store: counted, the rest unknown");
	TAP_OK(kg_db_transaction_begin(db) == KG_OK &&
	       kg_db_update(db, "INSERT DATA { <http://example.org/r> "
	                    "<http://example.org/p> 1 }", NULL, NULL) == KG_OK &&
	       kg_db_transaction_rollback(db) == KG_DONE &&
	       kg_db_stats(db, &ms) == KG_OK && ms.triples == 4 &&
	       kg_db_update(db, "DELETE DATA { <http://example.org/r> "
	                    "<http://example.org/p> 1 }", NULL, NULL) == KG_OK,
	       "Redland's store: no transaction, rollback says KG_DONE");
	TAP_OK(kg_db_verify(db, NULL, NULL) == KG_ERR_UNSUPPORTED &&
	       strstr(kg_db_errmsg(db), "kg's own store"),
	       "verify: not on Redland's stores");
	char rm[128];
	snprintf(rm, sizeof rm, "rm -rf '%s'", hdir);
	if (system(rm))
		abort();
	kg_db_close(db);

	test_native(ttl, bad);
	unlink(ttl);
	unlink(bad);
	free(ttl);
	free(bad);
	return tap_done();
}

/* SPARQL 1.1 Update through the library, on an in-memory store: each
 * operation, the semantics the specification fixes, atomicity, change
 * sets and revert, the caller's LOAD and SERVICE policy. */
#include "kg.h"
#include "../tap.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX "PREFIX ex: <http://example.org/> "

static int
to_buf(void *ctx, const char *data, size_t len)
{
	strncat(ctx, data, len);
	return 0;
}

/* The store as sorted N-Quads lines, for comparing states. */
static char *
dump(kg_db *db)
{
	static char buf[1 << 16];
	buf[0] = '\0';
	if (kg_db_dump(db, NULL, KG_FORMAT_NQUADS, to_buf, buf))
		return NULL;
	/* Sort the lines: the storage's order is no contract. */
	char *lines[512];
	size_t n = 0;
	for (char *s = strtok(buf, "\n"); s && n < 512; s = strtok(NULL, "\n"))
		lines[n++] = s;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			char *t = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	char *out = malloc(len + 1), *o = out;
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "%s\n", lines[i]);
	*o = '\0';
	return out;
}

static kg_status
update(kg_db *db, const char *text, kg_update_stats *s)
{
	return kg_db_update(db, text, NULL, s);
}

int
main(void)
{
	kg_db *db;
	kg_update_stats s;
	TAP_OK(kg_db_open("memory", 0, &db) == KG_OK, "open memory store");

	/* INSERT DATA / DELETE DATA */
	TAP_OK(update(db, EX "INSERT DATA { ex:a ex:p 1 . ex:a ex:p 2 . "
	                     "GRAPH ex:g { ex:a ex:p 1 } }", &s) == KG_OK,
	       "INSERT DATA");
	TAP_OK(s.added == 3 && s.removed == 0, "3 added (got %llu)",
	       (unsigned long long)s.added);
	TAP_OK(update(db, EX "INSERT DATA { ex:a ex:p 1 }", &s) == KG_OK &&
	       s.added == 0, "inserting a held triple adds nothing");
	TAP_OK(count(db, EX "SELECT * { GRAPH ex:g { ?s ?p ?o } }") == 1,
	       "the named graph holds its triple");
	TAP_OK(update(db, EX "DELETE DATA { ex:a ex:p 2 . ex:a ex:p 9 }", &s)
	       == KG_OK && s.removed == 1, "DELETE DATA removes what is there");
	TAP_OK(update(db, EX "DELETE DATA { ex:a ex:p 1 }", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:g { ex:a ex:p 1 } }") == 1,
	       "deleting from the default graph keeps the named graph's copy");
	TAP_OK(update(db, EX "INSERT DATA { ex:a ex:p 1 }", &s) == KG_OK &&
	       s.added == 1, "a triple a named graph holds can be added to "
	                     "the default graph");

	/* DELETE/INSERT WHERE: the WHERE is evaluated first. */
	TAP_OK(update(db, EX "DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } "
	                     "WHERE { ?s ex:p ?o }", &s) == KG_OK &&
	       s.added == 1 && s.removed == 1, "DELETE/INSERT WHERE");
	TAP_OK(update(db, EX "INSERT { ?s ex:q ?o } WHERE { ?s ex:q ?x "
	                     "BIND(?x + 1 AS ?o) }; "
	                     "INSERT { ?s ex:q ?o } WHERE { ?s ex:q ?x "
	                     "BIND(?x + 10 AS ?o) }", &s) == KG_OK,
	       "two operations separated by ';'");
	TAP_OK(count(db, EX "SELECT * { ex:a ex:q ?o }") == 4,
	       "each saw the one before: 1, 2, 11, 12 (got %ld)",
	       count(db, EX "SELECT * { ex:a ex:q ?o }"));

	/* Fresh blank nodes per solution; unbound variables skip. */
	TAP_OK(update(db, EX "INSERT { _:b ex:from ?o . ?nope ex:x ?o } "
	                     "WHERE { ex:a ex:q ?o }", &s) == KG_OK &&
	       s.added == 4, "one triple per solution, none with ?nope "
	                     "(added %llu)", (unsigned long long)s.added);
	TAP_OK(count(db, EX "SELECT DISTINCT ?b { ?b ex:from ?o }") == 4,
	       "a fresh blank node for each solution");
	TAP_OK(update(db, EX "DELETE WHERE { ?b ex:from ?o }", &s) == KG_OK &&
	       s.removed == 4, "DELETE WHERE");

	/* WITH, USING, GRAPH */
	TAP_OK(update(db, EX "WITH ex:g INSERT { ?s ex:r ?o } "
	                     "WHERE { ?s ex:p ?o }", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:g { ?s ex:r ?o } }") == 1,
	       "WITH names the graph of the WHERE and the template");
	TAP_OK(update(db, EX "INSERT { GRAPH ex:h { ?s ex:u ?o } } "
	                     "USING ex:g WHERE { ?s ex:r ?o }", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:h { ?s ex:u ?o } }") == 1,
	       "USING makes the WHERE's default graph");
	TAP_OK(update(db, EX "INSERT { ?s ex:nothing ?o } "
	                     "WHERE { ?s ex:r ?o }", &s) == KG_OK &&
	       s.added == 0, "the WHERE's default graph is the store's "
	                     "unnamed one, not the union");
	TAP_OK(s.named_solutions == 1,
	       "a request that changed nothing says its WHERE matches in "
	       "named graphs (got %llu)", (unsigned long long)s.named_solutions);
	TAP_OK(update(db, EX "DELETE WHERE { ?s ex:nowhere ?o }", &s) ==
	               KG_OK && s.removed == 0 && s.named_solutions == 0,
	       "no hint when the pattern matches in no graph");
	TAP_OK(update(db, EX "INSERT { ?s ex:r2 ?o } WHERE { ?s ex:r ?o }; "
	                     "INSERT DATA { ex:x ex:y ex:z }", &s) == KG_OK &&
	               s.added == 1 && s.named_solutions == 0,
	       "no hint when the request changed something");
	TAP_OK(update(db, EX "DELETE DATA { ex:x ex:y ex:z }", &s) == KG_OK &&
	       s.removed == 1, "and it is undone");

	/* Graph management */
	TAP_OK(update(db, EX "COPY ex:g TO ex:c", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:c { ?s ?p ?o } }") == 2,
	       "COPY");
	TAP_OK(update(db, EX "ADD ex:h TO ex:c", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:c { ?s ?p ?o } }") == 3,
	       "ADD");
	TAP_OK(update(db, EX "MOVE ex:c TO ex:m", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:c { ?s ?p ?o } }") == 0 &&
	       count(db, EX "SELECT * { GRAPH ex:m { ?s ?p ?o } }") == 3,
	       "MOVE");
	TAP_OK(update(db, EX "COPY ex:m TO DEFAULT", &s) == KG_OK &&
	       count(db, EX "SELECT * { ?s ?p ?o FILTER NOT EXISTS "
	                    "{ GRAPH ?g { ?s ?p ?o } } }") == 0,
	       "COPY to DEFAULT: the default graph is now the copy");
	TAP_OK(update(db, EX "CREATE GRAPH ex:m", &s) == KG_ERR_QUERY,
	       "CREATE of a graph that holds triples fails");
	TAP_OK(update(db, EX "CREATE SILENT GRAPH ex:m", &s) == KG_OK,
	       "CREATE SILENT does not");
	TAP_OK(update(db, EX "CREATE GRAPH ex:new", &s) == KG_OK,
	       "CREATE of a new graph");
	TAP_OK(update(db, EX "DROP GRAPH ex:m; CLEAR DEFAULT", &s) == KG_OK &&
	       count(db, EX "SELECT * { GRAPH ex:m { ?s ?p ?o } }") == 0,
	       "DROP GRAPH; CLEAR DEFAULT");
	TAP_OK(update(db, EX "DROP NAMED", &s) == KG_OK && kg_db_size(db) == 0,
	       "DROP NAMED leaves an empty store");

	/* LOAD */
	char ttl[] = "/tmp/kg-test-XXXXXX.ttl";
	int fd = mkstemps(ttl, 4);
	const char *data = "<http://example.org/l> <http://example.org/p> "
	                   "\"loaded\" .\n";
	TAP_OK(fd >= 0 && write(fd, data, strlen(data)) == (ssize_t)strlen(data),
	       "write a Turtle file");
	close(fd);
	char q[512];
	snprintf(q, sizeof q, "LOAD <file://%s> INTO GRAPH <http://example.org/l>",
	         ttl);
	TAP_OK(update(db, q, &s) == KG_OK && s.added == 1, "LOAD file: INTO GRAPH");
	kg_update_options no_load = {.flags = KG_UPDATE_NO_LOAD};
	TAP_OK(kg_db_update(db, q, &no_load, NULL) == KG_ERR_UNSUPPORTED,
	       "LOAD can be forbidden");
	TAP_OK(strstr(kg_db_errmsg(db), "LOAD is not allowed") != NULL,
	       "and says so: %s", kg_db_errmsg(db));
	kg_update_options no_service = {.flags = KG_UPDATE_NO_SERVICE};
	TAP_OK(kg_db_update(db, EX "INSERT { ?s ?p ?o } WHERE { SERVICE "
	                           "<http://example.org/sparql> { ?s ?p ?o } }",
	                    &no_service, NULL) == KG_ERR_UNSUPPORTED &&
	       strstr(kg_db_errmsg(db), "SERVICE is not allowed"),
	       "SERVICE can be forbidden");
	TAP_OK(update(db, "LOAD SILENT <file:///nonexistent/x.ttl>", &s) ==
	       KG_OK, "LOAD SILENT of a missing file succeeds");
	TAP_OK(update(db, "LOAD SILENT <http://example.org/remote>", &s) ==
	       KG_OK, "LOAD SILENT of a remote IRI succeeds");

	/* Atomicity: a failing operation undoes the ones before it. */
	char *before = dump(db);
	kg_status st = update(db, EX "INSERT DATA { ex:t ex:p 1 }; "
	                             "DELETE DATA { ex:l ex:p \"loaded\" }; "
	                             "LOAD <file:///nonexistent/missing.ttl>", &s);
	TAP_OK(st == KG_ERR_IO, "LOAD of a missing file fails (%s)",
	       kg_strerror(st));
	TAP_OK(strstr(kg_db_errmsg(db), "missing.ttl") != NULL,
	       "the error names the file: %s", kg_db_errmsg(db));
	char *after = dump(db);
	TAP_STR(after, before, "the whole request was undone");
	free(after);

	/* Syntax errors: line and column, nothing runs. */
	st = update(db, EX "INSERT DATA { ex:t ex:p 1 };\nDELETE DATA { ?x }", &s);
	TAP_OK(st == KG_ERR_SYNTAX && kg_db_errline(db) == 2,
	       "syntax error on line 2 (line %d)", kg_db_errline(db));
	after = dump(db);
	TAP_STR(after, before, "nothing of a malformed request runs");
	free(after);

	/* Change sets and revert */
	kg_changes *c;
	TAP_OK(kg_changes_new(&c) == KG_OK, "a change set");
	kg_update_options keep = {0, NULL, c, NULL, NULL};
	TAP_OK(kg_db_update(db, EX "INSERT DATA { ex:n ex:p _:x . "
	                           "GRAPH ex:g2 { ex:n ex:p 3 } }; "
	                           "DELETE DATA { GRAPH ex:l { ex:l ex:p "
	                           "\"loaded\" } }; "
	                           "INSERT DATA { ex:tmp ex:p 1 }; "
	                           "DELETE DATA { ex:tmp ex:p 1 }",
	                    &keep, &s) == KG_OK, "a request keeping its changes");
	TAP_OK(kg_changes_added(c) == 2 && kg_changes_removed(c) == 1,
	       "the changes are net: 2 added, 1 removed (%llu, %llu)",
	       (unsigned long long)kg_changes_added(c),
	       (unsigned long long)kg_changes_removed(c));
	TAP_OK(s.added == 3 && s.removed == 2, "the stats count every change");
	const kg_term *quad[4];
	int added, n_added = 0;
	for (size_t i = 0; kg_changes_get(c, i, quad, &added) == KG_OK; i++)
		n_added += added && quad[0] && !strcmp(quad[0]->value,
		                                       "http://example.org/n");
	TAP_OK(n_added == 2, "kg_changes_get lists the additions");
	TAP_OK(kg_db_revert(db, c, &s) == KG_OK && s.added == 1 &&
	       s.removed == 2, "revert");
	after = dump(db);
	TAP_STR(after, before, "revert leaves the store as it was");
	free(after);
	kg_changes_free(c);

	/* Read-only stores refuse. */
	kg_db *ro;
	TAP_OK(kg_db_open("memory", KG_OPEN_READONLY, &ro) == KG_OK,
	       "open a read-only store");
	TAP_OK(update(ro, "CLEAR ALL", &s) == KG_ERR_READONLY,
	       "an update on a read-only store fails");
	kg_db_close(ro);

	free(before);
	unlink(ttl);
	kg_db_close(db);
	kg_changes_free(NULL);
	return tap_done();
}

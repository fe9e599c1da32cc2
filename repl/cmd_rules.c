/* cmd_rules.c: the bundled graph's rules, SPARQL Update requests in
 * DATADIR/data/rules (.ru files) that compute derived graphs (the control
 * intervals) from the data; run when the default store is created and by
 * `kg rules` after a load. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

kg_status
cli_run_rules(kg_db *db, int quiet)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/data/rules", cli_datadir());
	size_t n;
	char **names = cli_list_dir(dir, ".ru", &n);
	if (!names && errno == ENOENT)
		return KG_OK; /* a build without rules: nothing derived */
	if (!names) {
		fprintf(stderr, "kg: cannot read the rules in %s: %s\n", dir,
		        strerror(errno));
		return KG_ERR_IO;
	}
	kg_status st = KG_OK;
	for (size_t i = 0; i < n && !st; i++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		char *text = cli_read_file(path);
		if (!text) {
			st = KG_ERR_IO;
			break;
		}
		kg_update_stats us = {0};
		st = kg_db_update(db, text, NULL, &us);
		if (st)
			cli_error_in(db, st, path, text);
		else if (!quiet)
			fprintf(stderr, "kg: rule %s: %llu added, %llu removed\n",
			        names[i], (unsigned long long)us.added,
			        (unsigned long long)us.removed);
		free(text);
	}
	cli_list_free(names);
	return st;
}

void
cli_rules_hint(kg_db *db)
{
	static const char ask[] =
		"ASK { GRAPH ?g { ?s a ?c } "
		"FILTER(?c IN (<https://kg.example.org/ontology#ChangeOfControl>, "
		"<https://kg.example.org/ontology#PriorControl>)) }";
	kg_results *r;
	if (kg_db_query(db, ask, NULL, &r))
		return; /* only a hint: no error for it */
	if (kg_results_boolean(r))
		fprintf(stderr, "kg: the control graph is derived from this "
		                "data; run 'kg rules' to recompute it\n");
	kg_results_free(r);
}

int
cmd_rules(const cli_options *o, int argc, char **argv)
{
	if (argc > 1) {
		cli_usage_error("rules", "unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	kg_db *db = cli_open(o, 0);
	if (!db)
		return EXIT_ERROR;
	/* All rules or none: a derived graph half recomputed is never
	 * seen. */
	kg_status st = kg_db_transaction_begin(db);
	if (st)
		cli_error(db, st);
	if (!st && (st = cli_run_rules(db, o->quiet)))
		kg_db_transaction_rollback(db);
	else if (!st && (st = kg_db_transaction_commit(db)))
		cli_error(db, st);
	kg_db_close(db);
	return st ? EXIT_ERROR : EXIT_OK;
}

/* query.c: the library's query calls: the declared prefixes put before
 * the text, errors moved back to the user's lines, the engine run. */
#include "db.h"
#include "sparql/engine.h"
#include "sparql/sparql.h"
#include "sparql/algebra.h"
#include "remote/remote.h"

#include <stdlib.h>
#include <string.h>

/* The engine sees one prologue line before the user's text; errors on
 * later lines move back by one, errors on it are the user's prefixes. */
static void
shift_error(kg_db *db)
{
	if (db->err_line > 1)
		db->err_line--;
	else if (db->err_line == 1)
		db->err_line = db->err_col = 0;
}

static kg_status
with_prologue(kg_db *db, const char *text, kg_buf *full)
{
	if (kg_prefix_prologue(db, text, full) || kg_buf_puts(full, text)) {
		kg_buf_free(full);
		return KG_ERR_NOMEM;
	}
	return KG_OK;
}

kg_status
kg_db_query(kg_db *db, const char *text, const kg_query_options *opts,
            kg_results **out)
{
	*out = NULL;
	if (!db || !text)
		return KG_ERR_ARG;
	kg_db_begin(db);
	memset(&db->profile, 0, sizeof db->profile);
	kg_buf full = {0};
	kg_status st = with_prologue(db, text, &full);
	if (st)
		return st;
	if (db->remote)
		st = kg_remote_query(db, db->spec, kg_buf_str(&full), out);
	else
		st = kg_engine_query(db, kg_buf_str(&full), opts, out);
	kg_buf_free(&full);
	if (st)
		shift_error(db);
	return st;
}

void
kg_db_set_profiling(kg_db *db, int on)
{
	if (db)
		db->profiling = on;
}

void
kg_db_query_profile(const kg_db *db, kg_query_profile *out)
{
	memset(out, 0, sizeof *out);
	if (db)
		*out = db->profile;
}

/* Parses `text`; with `alg` non-NULL also translates the tree to the
 * algebra and prints it into `alg`. */
static kg_status
check_text(kg_db *db, const char *text, const char *base, int update,
           kg_buf *alg)
{
	if (!db || !text)
		return KG_ERR_ARG;
	kg_db_begin(db);
	kg_buf full = {0};
	kg_status st = with_prologue(db, text, &full);
	if (st)
		return st;
	if (update) {
		kg_sparql_update *u = NULL;
		st = kg_sparql_parse_update(db, kg_buf_str(&full), base, &u);
		if (!st && alg) {
			kg_alg_update *au = NULL;
			if (kg_alg_translate_update(u, &au) ||
			    kg_alg_update_print(au, alg))
				st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
				                 "out of memory");
			kg_alg_update_free(au);
		}
		kg_sparql_update_free(u);
	} else {
		kg_sparql_query *q = NULL;
		st = kg_sparql_parse(db, kg_buf_str(&full), base, &q);
		if (!st && alg) {
			kg_alg_query *aq = NULL;
			if (kg_alg_translate(q, &aq) || kg_alg_query_print(aq, alg))
				st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
				                 "out of memory");
			kg_alg_query_free(aq);
		}
		kg_sparql_free(q);
	}
	kg_buf_free(&full);
	if (st)
		shift_error(db);
	return st;
}

kg_status
kg_db_query_check(kg_db *db, const char *text, const char *base)
{
	return check_text(db, text, base, 0, NULL);
}

kg_status
kg_db_update_check(kg_db *db, const char *text, const char *base)
{
	return check_text(db, text, base, 1, NULL);
}

kg_status
kg_db_algebra(kg_db *db, const char *text, const char *base, int update,
              char **out)
{
	if (!out)
		return KG_ERR_ARG;
	*out = NULL;
	kg_buf alg = {0};
	kg_status st = check_text(db, text, base, update, &alg);
	if (!st) {
		size_t n = strlen(kg_buf_str(&alg)) + 1;
		*out = malloc(n);
		if (*out)
			memcpy(*out, kg_buf_str(&alg), n);
		else
			st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
			                 "out of memory");
	}
	kg_buf_free(&alg);
	return st;
}

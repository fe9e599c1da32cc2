/* query.c: running queries through the selected engine. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static const kg_engine *
engine_of(const kg_db *db)
{
	(void)db;
	return &kg_engine_rasqal;
}

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
	kg_buf full = {0};
	kg_status st = with_prologue(db, text, &full);
	if (st)
		return st;
	st = engine_of(db)->query(db, kg_buf_str(&full), opts, out);
	kg_buf_free(&full);
	if (st)
		shift_error(db);
	return st;
}

kg_status
kg_db_query_check(kg_db *db, const char *text, const char *base)
{
	if (!db || !text)
		return KG_ERR_ARG;
	kg_db_begin(db);
	kg_buf full = {0};
	kg_status st = with_prologue(db, text, &full);
	if (st)
		return st;
	st = engine_of(db)->check(db, kg_buf_str(&full), base);
	kg_buf_free(&full);
	if (st)
		shift_error(db);
	return st;
}

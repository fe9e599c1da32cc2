/* log.c: Redland's, Raptor's and Rasqal's log messages as kg errors.
 *
 * librdf reports parse and storage errors only through its logger; kg
 * installs one per db that records the first error of an operation,
 * with its file, line and column, on the db (kg_db_error). */
#include "store/rl.h"

/* Records a message on db, with the file, line and column its locator
 * (may be NULL) gives. */
static void
record(kg_db *db, kg_status st, raptor_locator *loc, const char *text)
{
	const char *file = NULL;
	int line = 0, col = 0;
	if (loc) {
		file = loc->file ? loc->file
		     : loc->uri ? (const char *)raptor_uri_as_string(loc->uri)
		     : NULL;
		line = loc->line > 0 ? loc->line : 0;
		col = loc->column > 0 ? loc->column : 0;
	}
	kg_db_error(db, st, file, line, col, "%s", text ? text : "error");
}

static kg_status
status_of_facility(librdf_log_facility f)
{
	switch (f) {
	case LIBRDF_FROM_PARSER:
	case LIBRDF_FROM_RAPTOR:
		return KG_ERR_SYNTAX;
	case LIBRDF_FROM_QUERY:
		return KG_ERR_QUERY;
	case LIBRDF_FROM_STORAGE:
		return KG_ERR_STORE;
	default:
		return KG_ERR_STORE;
	}
}

static int
log_handler(void *user_data, librdf_log_message *m)
{
	kg_db *db = user_data;
	int level = librdf_log_message_level(m);
	if (level < LIBRDF_LOG_ERROR)
		return 1; /* warnings and below are not errors; drop them */
	const char *text = librdf_log_message_message(m);
	kg_status st = status_of_facility(librdf_log_message_facility(m));
	record(db, st, librdf_log_message_locator(m), text);
	return 1;
}

void
kg_db_install_logger(kg_db *db)
{
	librdf_world_set_logger(db->store->rl->world, db, log_handler);
}

/* Raptor's own log messages, for the Raptor world of kg's own store. */
static void
raptor_log(void *user_data, raptor_log_message *m)
{
	kg_db *db = user_data;
	if (m->level < RAPTOR_LOG_LEVEL_ERROR)
		return;
	record(db, KG_ERR_SYNTAX, m->locator, m->text);
}

void
kg_store_raptor_logger(kg_db *db, raptor_world *rw)
{
	raptor_world_set_log_handler(rw, db, raptor_log);
}

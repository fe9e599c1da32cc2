/* error.c: status strings, the last-error record, and the Redland logger. */
#include "db.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *
kg_strerror(kg_status st)
{
	switch (st) {
	case KG_OK:
		return "success";
	case KG_DONE:
		return "no more results";
	case KG_ERR_NOMEM:
		return "out of memory";
	case KG_ERR_ARG:
		return "invalid argument";
	case KG_ERR_IO:
		return "input/output error";
	case KG_ERR_SYNTAX:
		return "syntax error";
	case KG_ERR_STORE:
		return "storage error";
	case KG_ERR_LOCKED:
		return "store is locked by another process";
	case KG_ERR_READONLY:
		return "store is open read-only";
	case KG_ERR_QUERY:
		return "query evaluation error";
	case KG_ERR_UNSUPPORTED:
		return "not supported";
	case KG_ERR_INTERRUPTED:
		return "interrupted";
	}
	return "unknown status";
}

kg_status
kg_db_error(kg_db *db, kg_status st, const char *file, int line, int col,
            const char *fmt, ...)
{
	/* The first error of an operation is the one that explains it. */
	if (db->err_status != KG_OK)
		return st;
	db->err_status = st;
	kg_buf_reset(&db->err_msg);
	va_list ap;
	va_start(ap, fmt);
	kg_buf_vprintf(&db->err_msg, fmt, ap);
	va_end(ap);
	free(db->err_file);
	db->err_file = file ? strdup(file) : NULL;
	db->err_line = line;
	db->err_col = col;
	return st;
}

void
kg_db_begin(kg_db *db)
{
	db->err_status = KG_OK;
	kg_buf_reset(&db->err_msg);
	free(db->err_file);
	db->err_file = NULL;
	db->err_line = db->err_col = 0;
	db->interrupted = 0;
}

const char *
kg_db_errmsg(const kg_db *db)
{
	return db ? kg_buf_str(&db->err_msg) : "out of memory";
}

const char *
kg_db_errfile(const kg_db *db)
{
	return db ? db->err_file : NULL;
}

int
kg_db_errline(const kg_db *db)
{
	return db ? db->err_line : 0;
}

int
kg_db_errcol(const kg_db *db)
{
	return db ? db->err_col : 0;
}

void
kg_db_interrupt(kg_db *db)
{
	if (db)
		db->interrupted = 1;
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
	raptor_locator *loc = librdf_log_message_locator(m);
	const char *file = NULL;
	int line = 0, col = 0;
	if (loc) {
		file = loc->file ? loc->file
		     : loc->uri ? (const char *)raptor_uri_as_string(loc->uri)
		     : NULL;
		line = loc->line > 0 ? loc->line : 0;
		col = loc->column > 0 ? loc->column : 0;
	}
	kg_status st = status_of_facility(librdf_log_message_facility(m));
	/* rasqal reports query syntax errors through the query facility. */
	if (text && strstr(text, "syntax error"))
		st = KG_ERR_SYNTAX;
	kg_db_error(db, st, file, line, col, "%s", text ? text : "error");
	return 1;
}

void
kg_db_install_logger(kg_db *db)
{
	librdf_world_set_logger(db->world, db, log_handler);
}

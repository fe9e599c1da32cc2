/* error.c: status strings and the last-error record of a db. */
#include "db.h"
#include "store/access.h"

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
	va_list ap;
	va_start(ap, fmt);
	kg_status r = kg_db_verror(db, st, file, line, col, fmt, ap);
	va_end(ap);
	return r;
}

kg_status
kg_db_verror(kg_db *db, kg_status st, const char *file, int line, int col,
             const char *fmt, va_list ap)
{
	/* The first error of an operation is the one that explains it. */
	if (db->err_status != KG_OK)
		return st;
	db->err_status = st;
	kg_buf_reset(&db->err_msg);
	kg_buf_vprintf(&db->err_msg, fmt, ap);
	free(db->err_file);
	db->err_file = file ? strdup(file) : NULL;
	db->err_line = line;
	db->err_col = col;
	return st;
}

kg_status
kg_db_local_only(kg_db *db, const char *what)
{
	if (!db->remote)
		return KG_OK;
	return kg_db_error(db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
	                   "%s needs a local store; %s is a remote endpoint, "
	                   "reached only by queries and updates", what,
	                   db->spec);
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
	kg_store_refresh(db);
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
kg_db_idle(kg_db *db)
{
	if (db)
		kg_store_refresh(db);
}

void
kg_db_interrupt(kg_db *db)
{
	if (db)
		db->interrupted = 1;
}

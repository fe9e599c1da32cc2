/* update.h: what the modules of SPARQL Update share: the state of one
 * request and the two calls that change the store. */
#ifndef KG_UPDATE_H
#define KG_UPDATE_H

#include "db.h"
#include "store/txn.h"
#include "sparql/algebra.h"

typedef struct {
	kg_db *db;
	unsigned flags;      /* KG_UPDATE_* */
	const char *base;
	kg_changes *log;     /* every change so far, or NULL when neither
	                        the caller nor a rollback needs them */
	int logging;         /* 0 while a failed request is being undone */
	kg_txn txn;
	int started;         /* txn begun (at the first change) */
	kg_update_stats stats;
} kg_upd;

/* Adds the quad q (q[3] NULL: the default graph) unless the store
 * holds it, or removes it if it does.  A quad that is no RDF (a literal
 * subject, a blank predicate, a graph that is no IRI) is skipped, as
 * the specification says for templates.  The first change of a request
 * starts its transaction. */
kg_status kg_upd_add(kg_upd *u, const kg_term *const q[4]);
kg_status kg_upd_remove(kg_upd *u, const kg_term *const q[4]);

/* DELETE/INSERT ... WHERE (MODIFY) and DELETE WHERE: evaluates `where`
 * (update_where.c), every solution first, then removes the instantiated
 * delete template and adds the insert template. */
kg_status kg_upd_where(kg_upd *u, const kg_sparql_operation *op,
                       const kg_alg *where);

#endif

/* labels.h: the rdfs:label beside each IRI, for the shell's .labels. */
#ifndef KG_REPL_LABELS_H
#define KG_REPL_LABELS_H

#include "kg.h"

/* The rows of `r` (read to its end) in a new table *out, with a
 * "NAME_label" column after each column that holds IRIs: the IRI's
 * rdfs:label on `db`, English or plain preferred, or unbound.  The
 * caller frees *out; it is NULL on failure. */
kg_status repl_labels_add(kg_db *db, kg_results *r, kg_results **out);

#endif

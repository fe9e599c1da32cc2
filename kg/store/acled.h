/* acled.h: reading ACLED's CSV layout into kg's ontology, for
 * kg_db_load's format "acled".  Private to kg/store/. */
#ifndef KG_STORE_ACLED_H
#define KG_STORE_ACLED_H

#include "db.h"

#include <stdio.h>

/* The namespace of what an import mints: actors, places and sources the
 * store has no label for.  Events are kgr:EVENT_ID_CNTY. */
#define KG_ACLED_MINT "https://kg.example.org/id/acled/"

/*
 * Converts the ACLED CSV file `path` ("-": standard input) into
 * N-Triples in a temporary file, set in *out (rewound; the caller
 * closes it).  `mapping` is the Turtle table of types and precisions
 * (data/acled-mapping.ttl).  Actors, places and sources are matched to
 * the store's by label, so `db` is read; nothing is written to it.  On
 * error the message on `db` names the file, line and column.
 */
kg_status kg_acled_convert(kg_db *db, const char *path, const char *mapping,
                           FILE **out);

#endif

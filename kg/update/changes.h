/* changes.h: change sets (kg_changes), the quads a request added and
 * removed, net of each other; and the compact encoding of a quad they
 * keep. */
#ifndef KG_CHANGES_H
#define KG_CHANGES_H

#include "kg.h"

/* Records that quad q (q[3] NULL: the default graph) was added to the
 * store (`added` 1: it was not there before) or removed from it (0: it
 * was).  Undoes an opposite record of the same quad instead of keeping
 * both.  Returns KG_OK or KG_ERR_NOMEM. */
kg_status kg_changes_record(kg_changes *c, const kg_term *const q[4],
                            int added);

/* Empties `c`. */
void kg_changes_reset(kg_changes *c);

/* Drops the records that cancelled out, so that kg_changes_get() sees
 * only real changes.  Called when a request ends. */
kg_status kg_changes_compact(kg_changes *c);

#endif

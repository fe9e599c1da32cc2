/* rl.h: the Redland plugin's own state for a db, private to the
 * plugin's files (rl_store.c, rl_parse.c, statements.c, log.c): the
 * one header under kg/store/ besides node.h and redland_module.h that
 * includes Redland's. */
#ifndef KG_STORE_RL_H
#define KG_STORE_RL_H

#include "store/backend.h"
#include "store/node.h"

#include <redland.h>

struct kg_rl {
	/* Redland's storages: */
	librdf_world *world;
	librdf_storage *storage;
	librdf_model *model;
	int hashes; /* Redland's hashes storage (on disk or in memory) */
	/* Loads into kg's own store: a Raptor world of the plugin's, made
	 * at the first parse (Redland's world is not needed for it). */
	raptor_world *raptor;
};

/* Installs kg's handler for Redland, Raptor and Rasqal log messages. */
void kg_db_install_logger(kg_db *db);
/* The same for a Raptor world of kg's own (kg's own store). */
void kg_store_raptor_logger(kg_db *db, raptor_world *rw);

/* Raptor's handler for blank node labels (rl_store.c): scopes a label
 * by the load or the session so that two files never share a blank
 * node. */
unsigned char *kg_store_bnode_label(void *user_data, unsigned char *given);

/* plugin.h's parse (rl_parse.c). */
kg_status kg_rl_parse(kg_db *db, kg_parse_job *job);
kg_status kg_rl_parse_prepare(kg_db *db);

#endif

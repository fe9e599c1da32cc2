/* redland_module.h: kg's LMDB quad store as a Redland storage named "kg",
 * so that any Redland program (rdfproc, the language bindings) can open
 * a store kg wrote.  redland_module.c says what each storage call does. */
#ifndef KG_REDLAND_MODULE_H
#define KG_REDLAND_MODULE_H

#include <redland.h>

/*
 * Registers the "kg" storage factory with `world`; afterwards
 * librdf_new_storage(world, "kg", NAME, "dir='DIR'") opens the quad
 * store in DIR.  Returns 0 on success.  When a factory of that name is
 * already registered (librdf loaded librdf_storage_kg.so from its module
 * directory) librdf keeps the first one and this is a no-op.
 */
int kg_redland_register(librdf_world *world);

#endif

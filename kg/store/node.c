/* node.c: kg's terms to Redland's nodes and back. */
#include "store/backend.h"

#include <string.h>

librdf_node *
kg_node_from_term(kg_db *db, const kg_term *t)
{
	const unsigned char *v = (const unsigned char *)t->value;
	switch (t->kind) {
	case KG_TERM_IRI:
		return librdf_new_node_from_uri_string(db->store->world, v);
	case KG_TERM_BLANK:
		return librdf_new_node_from_blank_identifier(db->store->world, v);
	case KG_TERM_LITERAL:
		if (t->datatype) {
			librdf_uri *dt = librdf_new_uri(
				db->store->world, (const unsigned char *)t->datatype);
			if (!dt)
				return NULL;
			librdf_node *n = librdf_new_node_from_typed_literal(
				db->store->world, v, NULL, dt);
			librdf_free_uri(dt);
			return n;
		}
		return librdf_new_node_from_literal(db->store->world, v, t->lang, 0);
	}
	return NULL;
}

void
kg_term_from_node(librdf_node *n, kg_term *t)
{
	memset(t, 0, sizeof *t);
	if (librdf_node_is_resource(n)) {
		t->kind = KG_TERM_IRI;
		t->value = (const char *)librdf_uri_as_string(
			librdf_node_get_uri(n));
	} else if (librdf_node_is_blank(n)) {
		t->kind = KG_TERM_BLANK;
		t->value = (const char *)librdf_node_get_blank_identifier(n);
	} else {
		t->kind = KG_TERM_LITERAL;
		t->value = (const char *)librdf_node_get_literal_value(n);
		librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
		if (dt)
			t->datatype = (const char *)librdf_uri_as_string(dt);
		const char *lang = librdf_node_get_literal_value_language(n);
		if (lang && *lang)
			t->lang = lang;
	}
	if (!t->value)
		t->value = "";
}

/* node.c: kg's terms to Redland's nodes and back. */
#include "store/node.h"

#include <string.h>

librdf_node *
kg_node_new(librdf_world *world, const kg_term *t)
{
	const unsigned char *v = (const unsigned char *)t->value;
	switch (t->kind) {
	case KG_TERM_IRI:
		return librdf_new_node_from_uri_string(world, v);
	case KG_TERM_BLANK:
		return librdf_new_node_from_blank_identifier(world, v);
	case KG_TERM_LITERAL:
		if (t->datatype) {
			librdf_uri *dt = librdf_new_uri(
				world, (const unsigned char *)t->datatype);
			if (!dt)
				return NULL;
			librdf_node *n = librdf_new_node_from_typed_literal(
				world, v, NULL, dt);
			librdf_free_uri(dt);
			return n;
		}
		return librdf_new_node_from_literal(world, v, t->lang, 0);
	}
	return NULL;
}

int
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
	} else if (librdf_node_is_literal(n)) {
		t->kind = KG_TERM_LITERAL;
		t->value = (const char *)librdf_node_get_literal_value(n);
		librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
		if (dt)
			t->datatype = (const char *)librdf_uri_as_string(dt);
		const char *lang = librdf_node_get_literal_value_language(n);
		if (lang && *lang)
			t->lang = lang;
	} else {
		return -1;
	}
	if (!t->value)
		t->value = "";
	return 0;
}

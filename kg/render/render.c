/* render.c: format names, and kg_results_write() handing results to the
 * format that writes them. */
#include "results.h"
#include "render/formats.h"

#include <string.h>

static const struct {
	const char *name;
	kg_format format;
} format_names[] = {
	{"table", KG_FORMAT_TABLE},     {"csv", KG_FORMAT_CSV},
	{"tsv", KG_FORMAT_TSV},         {"json", KG_FORMAT_JSON},
	{"xml", KG_FORMAT_XML},         {"ntriples", KG_FORMAT_NTRIPLES},
	{"nquads", KG_FORMAT_NQUADS},   {"turtle", KG_FORMAT_TURTLE},
	{"line", KG_FORMAT_LINE},       {"nt", KG_FORMAT_NTRIPLES},
	{"nq", KG_FORMAT_NQUADS},       {"ttl", KG_FORMAT_TURTLE},
	{"srx", KG_FORMAT_XML},         {"srj", KG_FORMAT_JSON},
	{"rdfxml", KG_FORMAT_RDFXML},
};

kg_format
kg_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof format_names / sizeof format_names[0];
	     i++)
		if (!strcmp(name, format_names[i].name))
			return format_names[i].format;
	return (kg_format)0;
}

const char *
kg_format_name(kg_format f)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (format_names[i].format == f)
			return format_names[i].name;
	return NULL;
}

static int
is_graph_format(kg_format f)
{
	return f == KG_FORMAT_NTRIPLES || f == KG_FORMAT_NQUADS ||
	       f == KG_FORMAT_TURTLE || f == KG_FORMAT_RDFXML;
}

kg_status
kg_results_write(kg_results *r, const kg_db *db, kg_format format,
                 const kg_render_options *opts, kg_write_fn write, void *ctx,
                 uint64_t *rows)
{
	static const kg_render_options none = {0, NULL, 0, 0};
	if (rows)
		*rows = 0;
	if (!r || !db || !write)
		return KG_ERR_ARG;
	if (!opts)
		opts = &none;
	if (is_graph_format(format) && r->kind != KG_RESULTS_GRAPH)
		return kg_db_error(r->db, KG_ERR_ARG, NULL, 0, 0,
		                   "%s output needs a CONSTRUCT or DESCRIBE query",
		                   kg_format_name(format));
	kg_writer w;
	kg_writer_init(&w, write, ctx);
	kg_status st;
	switch (format) {
	case KG_FORMAT_TABLE:
		st = kg_render_table(r, db, opts, &w, rows);
		break;
	case KG_FORMAT_CSV:
	case KG_FORMAT_TSV:
	case KG_FORMAT_JSON:
	case KG_FORMAT_XML:
	case KG_FORMAT_LINE:
		st = kg_write_sparql_results(r, format, opts, &w, rows);
		break;
	case KG_FORMAT_NTRIPLES:
	case KG_FORMAT_NQUADS:
	case KG_FORMAT_TURTLE:
		st = kg_write_rdf(r, db, format, &w, rows);
		break;
	case KG_FORMAT_RDFXML:
		st = kg_write_rdfxml(r, &w, rows);
		break;
	default:
		st = KG_ERR_ARG;
		break;
	}
	kg_status wst = kg_writer_finish(&w);
	if (!st && wst)
		st = kg_db_error(r->db, wst, NULL, 0, 0,
		                 "cannot write the results");
	return st;
}

/* prefix.c: predeclared and user-declared namespace prefixes. */
#include "db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kg's own namespaces; the ontology and the bundled data use them. */
#define KG_NS_ONTOLOGY "https://kg.example.org/ontology#"
#define KG_NS_ID "https://kg.example.org/id/"

static const char *const builtin[][2] = {
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
	{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
	{"owl", "http://www.w3.org/2002/07/owl#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"skos", "http://www.w3.org/2004/02/skos/core#"},
	{"sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"},
	{"prov", "http://www.w3.org/ns/prov#"},
	{"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
	{"wd", "http://www.wikidata.org/entity/"},
	{"wdt", "http://www.wikidata.org/prop/direct/"},
	{"schema", "http://schema.org/"},
	{"dcterms", "http://purl.org/dc/terms/"},
	{"kg", KG_NS_ONTOLOGY},
	{"kgr", KG_NS_ID},
};

static int
valid_prefix(const char *p)
{
	/* PN_PREFIX, restricted to ASCII: a letter, then letters, digits,
	 * '_', '-', '.'; not ending in '.'.  The empty prefix is allowed. */
	if (!*p)
		return 1;
	if (!isalpha((unsigned char)*p))
		return 0;
	size_t n = strlen(p);
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && !strchr("_-.", p[i]))
			return 0;
	return p[n - 1] != '.';
}

kg_status
kg_db_prefix_set(kg_db *db, const char *prefix, const char *iri)
{
	if (!db || !prefix || !iri)
		return KG_ERR_ARG;
	if (!valid_prefix(prefix) || strpbrk(iri, "<>\"{}|^`\\ \t\n"))
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0,
		                   "invalid prefix declaration %s: <%s>",
		                   prefix, iri);
	char *iri_copy = strdup(iri);
	if (!iri_copy)
		return KG_ERR_NOMEM;
	for (size_t i = 0; i < db->n_prefixes; i++)
		if (!strcmp(db->prefixes[i].prefix, prefix)) {
			free(db->prefixes[i].iri);
			db->prefixes[i].iri = iri_copy;
			return KG_OK;
		}
	kg_prefix *p = realloc(db->prefixes,
	                       (db->n_prefixes + 1) * sizeof *p);
	char *prefix_copy = strdup(prefix);
	if (!p || !prefix_copy) {
		if (p)
			db->prefixes = p;
		free(iri_copy);
		free(prefix_copy);
		return KG_ERR_NOMEM;
	}
	db->prefixes = p;
	p[db->n_prefixes].prefix = prefix_copy;
	p[db->n_prefixes].iri = iri_copy;
	db->n_prefixes++;
	return KG_OK;
}

kg_status
kg_prefix_defaults(kg_db *db)
{
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
		kg_status st = kg_db_prefix_set(db, builtin[i][0], builtin[i][1]);
		if (st)
			return st;
	}
	return KG_OK;
}

void
kg_prefix_free_all(kg_db *db)
{
	for (size_t i = 0; i < db->n_prefixes; i++) {
		free(db->prefixes[i].prefix);
		free(db->prefixes[i].iri);
	}
	free(db->prefixes);
	db->prefixes = NULL;
	db->n_prefixes = 0;
}

size_t
kg_db_prefix_count(const kg_db *db)
{
	return db ? db->n_prefixes : 0;
}

kg_status
kg_db_prefix_at(const kg_db *db, size_t i, const char **prefix,
                const char **iri)
{
	if (!db || i >= db->n_prefixes)
		return KG_DONE;
	if (prefix)
		*prefix = db->prefixes[i].prefix;
	if (iri)
		*iri = db->prefixes[i].iri;
	return KG_OK;
}

/*
 * The declarations a query needs: each of the db's prefixes that the text
 * uses ("p:" after no name character) and does not declare itself
 * ("PREFIX p:", in any case and spacing), in one pass over the text.
 * Over-matching inside a string or an IRI only adds an unused
 * declaration, or leaves out one the query then supplies; a query that
 * uses none ("ASK {}") parses no prologue at all.
 */
int
kg_prefix_prologue(const kg_db *db, const char *query, kg_buf *out)
{
	enum { USED = 1, DECLARED = 2 };
	unsigned char *seen = db->n_prefixes ? calloc(db->n_prefixes, 1) : NULL;
	if (db->n_prefixes && !seen)
		return -1;
	for (const char *s = query; (s = strchr(s, ':')) != NULL; s++) {
		const char *name = s;
		while (name > query && (isalnum((unsigned char)name[-1]) ||
		                        strchr("_-.", name[-1])))
			name--;
		size_t len = (size_t)(s - name);
		const char *kw = name;
		while (kw > query && isspace((unsigned char)kw[-1]))
			kw--;
		int decl = kw - query >= 6 && !strncasecmp(kw - 6, "prefix", 6);
		for (size_t i = 0; i < db->n_prefixes; i++)
			if (strlen(db->prefixes[i].prefix) == len &&
			    !strncmp(name, db->prefixes[i].prefix, len))
				seen[i] |= decl ? DECLARED : USED;
	}
	int fail = 0;
	for (size_t i = 0; i < db->n_prefixes && !fail; i++)
		if (seen[i] == USED)
			fail = kg_buf_printf(out, "PREFIX %s: <%s> ",
			                     db->prefixes[i].prefix,
			                     db->prefixes[i].iri);
	free(seen);
	return fail || kg_buf_putc(out, '\n') ? -1 : 0;
}

int
kg_db_compact_iri(const kg_db *db, const char *iri, char *buf, size_t size)
{
	size_t best = 0, best_len = 0;
	int found = 0;
	for (size_t i = 0; i < db->n_prefixes; i++) {
		size_t n = strlen(db->prefixes[i].iri);
		if (n > best_len && !strncmp(iri, db->prefixes[i].iri, n)) {
			best = i;
			best_len = n;
			found = 1;
		}
	}
	if (!found)
		return 0;
	const char *local = iri + best_len;
	/* Only a local part that reads back as a PN_LOCAL is compacted. */
	for (const char *c = local; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-.", *c) &&
		    !((unsigned char)*c & 0x80))
			return 0;
	if (*local == '.' || *local == '-' ||
	    (*local && local[strlen(local) - 1] == '.'))
		return 0;
	int n = snprintf(buf, size, "%s:%s", db->prefixes[best].prefix, local);
	return n >= 0 && (size_t)n < size;
}

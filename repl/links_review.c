/* links_review.c: kg links suggest and accept, the review file between
 * them.  suggest asks an endpoint for items whose label or alias is one
 * of an unlinked entity's labels and writes them, ranked, with their
 * evidence, as TSV; a person decides; accept adds what was accepted. */
#include "links.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---- suggesting ---------------------------------------------------- */

typedef struct {
	char *entity, *item, *match, *fit, *label;
	double km;  /* -1: not known */
	int score;
} links_candidate;

static int
links_candidate_cmp(const void *a, const void *b)
{
	const links_candidate *x = a, *y = b;
	int c = strcmp(x->entity, y->entity);
	if (c)
		return c;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->item, y->item);
}

/* Writes `s` as one TSV field: tabs and line ends would break the row. */
static void
tsv_field(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static const char links_tsv_header[] =
	"decision\tentity\titem\trank\tscore\tmatch\tclass_fit\tdistance_km"
	"\titem_label";
enum { LINKS_TSV_COLUMNS = 9 };

/* Asks `rdb` which items have one of the unlinked entities' names as
 * their label or alias (exact, language-tagged: answered from an
 * index), fetches those items, ranks them per entity and writes the
 * review file. */
kg_status
links_suggest(const cli_options *o, kg_db *db, kg_db *rdb, const char *url,
              double max_km, FILE *out, size_t *nentities, size_t *ncand)
{
	kg_results *r;
	kg_status st = kg_db_query(db, LINKS_PREFIXES
		"SELECT DISTINCT ?entity ?kind ?name ?lat ?long WHERE {\n"
		"  VALUES ?top { sem:Actor sem:Place sem:Event }\n"
		"  ?entity a ?top .\n"
		"  FILTER NOT EXISTS { ?entity skos:exactMatch|skos:closeMatch "
		"?any }\n"
		"  ?entity rdfs:label|skos:altLabel ?name .\n"
		"  FILTER(LANG(?name) != \"\")\n"
		"  OPTIONAL { ?entity geo:lat ?lat ; geo:long ?long }\n"
		"  BIND(IF(?top = sem:Place, \"place\", IF(?top = sem:Event, "
		"\"event\",\n"
		"    IF(EXISTS { ?entity a/rdfs:subClassOf* kg:Person }, "
		"\"person\", \"actor\"))) AS ?kind)\n"
		"} ORDER BY ?entity ?name", NULL, &r);
	if (st) {
		cli_error(db, st);
		return st;
	}
	/* rows: entity, kind, name as SPARQL text, lat, long */
	links_table ents = {{0}, 5};
	links_vec names = {0};
	while (!st && (st = kg_results_next(r)) == KG_OK) {
		char *lit = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&lit, &len);
		if (!f) {
			st = KG_ERR_NOMEM;
			break;
		}
		links_term_write(f, kg_results_get(r, 2));
		fclose(f);
		const kg_term *lat = kg_results_get(r, 3);
		const kg_term *lon = kg_results_get(r, 4);
		if (links_vec_push(&ents.cell, kg_results_get(r, 0)->value) ||
		    links_vec_push(&ents.cell, kg_results_get(r, 1)->value) ||
		    links_vec_push(&ents.cell, lit) ||
		    links_vec_push(&ents.cell, lat ? lat->value : "") ||
		    links_vec_push(&ents.cell, lon ? lon->value : ""))
			st = KG_ERR_NOMEM;
		int seen = 0;
		for (size_t i = 0; i < names.n && !seen; i++)
			seen = !strcmp(names.v[i], lit);
		if (!st && !seen && links_vec_push(&names, lit))
			st = KG_ERR_NOMEM;
		free(lit);
	}
	if (st == KG_DONE)
		st = KG_OK;
	else if (st)
		cli_error(db, st);
	kg_results_free(r);

	/* rows: name as SPARQL text, item, how */
	links_table hits = {{0}, 3};
	links_vec items = {0};
	size_t batch = links_batch();
	for (size_t i = 0; !st && i < names.n; i += batch) {
		char *text = NULL;
		size_t len = 0;
		FILE *q = open_memstream(&text, &len);
		if (!q) {
			st = KG_ERR_NOMEM;
			break;
		}
		fputs(LINKS_PREFIXES "SELECT ?name ?item ?how WHERE {\n"
		      "  VALUES ?name {", q);
		for (size_t k = i; k < names.n && k < i + batch; k++)
			fprintf(q, " %s", names.v[k]);
		fputs(" }\n  { ?item rdfs:label ?name . BIND(\"label\" AS ?how) }"
		      "\n  UNION\n  { ?item skos:altLabel ?name . "
		      "BIND(\"alias\" AS ?how) }\n}\n", q);
		fclose(q);
		st = kg_db_query(rdb, text, NULL, &r);
		free(text);
		if (st) {
			links_remote_error(url, rdb);
			break;
		}
		while ((st = kg_results_next(r)) == KG_OK) {
			const kg_term *n = kg_results_get(r, 0);
			const kg_term *it = kg_results_get(r, 1);
			const kg_term *how = kg_results_get(r, 2);
			if (!n || !it || !how || it->kind != KG_TERM_IRI ||
			    strncmp(it->value, LINKS_WD "Q", sizeof LINKS_WD))
				continue;
			char *lit = NULL;
			size_t llen = 0;
			FILE *f = open_memstream(&lit, &llen);
			if (!f)
				continue;
			links_term_write(f, n);
			fclose(f);
			if (links_vec_push(&hits.cell, lit) ||
			    links_vec_push(&hits.cell, it->value) ||
			    links_vec_push(&hits.cell, how->value))
				st = KG_ERR_NOMEM;
			free(lit);
			int seen = 0;
			for (size_t k = 0; k < items.n && !seen; k++)
				seen = !strcmp(items.v[k], it->value);
			if (!st && !seen && links_vec_push(&items, it->value))
				st = KG_ERR_NOMEM;
			if (st)
				break;
		}
		if (st == KG_DONE)
			st = KG_OK;
		else if (st)
			links_remote_error(url, rdb);
		kg_results_free(r);
	}

	/* What the candidates are, in a store of their own */
	kg_db *m = NULL;
	links_table ccls = {0}, cpos = {0}, clab = {0}, fits = {0};
	if (!st && (st = kg_db_open("memory", KG_OPEN_CREATE, &m)))
		cli_error(m, st);
	if (!st && items.n) {
		char *nt = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&nt, &len);
		if (!f) {
			st = KG_ERR_NOMEM;
		} else {
			st = links_fetch(rdb, url, &items, f);
			fclose(f);
			kg_load_options lo = {0};
			lo.format = "ntriples";
			lo.flags = KG_LOAD_DEFAULT_GRAPH;
			lo.base = LINKS_GRAPH;
			if (!st && (st = kg_db_load_buffer(m, nt, len, &lo, NULL)))
				cli_error(m, st);
			free(nt);
		}
	}
	if (!st)
		st = links_select(m, "the candidates", LINKS_PREFIXES
			"SELECT DISTINCT ?item ?class ?direct WHERE {\n"
			"  ?item wdt:P31/wdt:P279* ?class .\n"
			"  BIND(EXISTS { ?item wdt:P31 ?class } AS ?direct) }",
			&ccls);
	if (!st)
		st = links_select(m, "the candidates", LINKS_PREFIXES
			"SELECT ?item ?wkt WHERE { ?item wdt:P625 ?wkt }", &cpos);
	if (!st)
		st = links_select(m, "the candidates", LINKS_PREFIXES
			"SELECT ?item (MIN(STR(?l)) AS ?label) WHERE {\n"
			"  ?item rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), \"en\"))"
			" } GROUP BY ?item", &clab);
	if (!st)
		st = links_class_table(&fits);
	kg_db_close(m);

	/* One candidate per (entity, item): the best evidence of each kind */
	links_candidate *cand = NULL;
	size_t nc = 0, cap = 0;
	links_vec seen_entities = {0};
	for (size_t e = 0; !st && e < links_table_rows(&ents); e++) {
		const char *entity = links_table_at(&ents, e, 0);
		const char *kind = links_table_at(&ents, e, 1);
		const char *name = links_table_at(&ents, e, 2);
		int known = 0;
		for (size_t k = 0; k < seen_entities.n && !known; k++)
			known = !strcmp(seen_entities.v[k], entity);
		if (!known && links_vec_push(&seen_entities, entity))
			st = KG_ERR_NOMEM;
		for (size_t h = 0; !st && h < links_table_rows(&hits); h++) {
			if (strcmp(links_table_at(&hits, h, 0), name))
				continue;
			const char *item = links_table_at(&hits, h, 1);
			int label = !strcmp(links_table_at(&hits, h, 2), "label");
			links_candidate *c = NULL;
			for (size_t k = 0; k < nc && !c; k++)
				if (!strcmp(cand[k].entity, entity) &&
				    !strcmp(cand[k].item, item))
					c = &cand[k];
			if (c) {
				if (label && strncmp(c->match, "label", 5)) {
					free(c->match);
					if (asprintf(&c->match, "label %s", name) < 0)
						c->match = NULL;
					c->score += 1;
				}
				continue;
			}
			if (nc == cap) {
				cap = cap ? cap * 2 : 16;
				links_candidate *n = realloc(cand, cap * sizeof *n);
				if (!n) {
					st = KG_ERR_NOMEM;
					break;
				}
				cand = n;
			}
			c = &cand[nc++];
			memset(c, 0, sizeof *c);
			c->entity = strdup(entity);
			c->item = strdup(item);
			if (asprintf(&c->match, "%s %s", label ? "label" : "alias",
			             name) < 0)
				c->match = NULL;
			c->score = label ? 2 : 1;
			const char *l = links_table_find(&clab, 0, item, 1);
			c->label = strdup(l ? l : "");
			/* class: fits the entity's kind, or not, or no class */
			const char *fit_class = NULL;
			int any = 0;
			for (size_t k = 0; k < links_table_rows(&ccls); k++) {
				if (strcmp(links_table_at(&ccls, k, 0), item))
					continue;
				any = 1;
				if (links_table_has(&fits, 0, kind, 1,
				              links_table_at(&ccls, k, 1))) {
					fit_class = links_table_at(&ccls, k, 1);
					break;
				}
			}
			char nb[512];
			if (fit_class) {
				if (asprintf(&c->fit, "yes (%s, %s)", kind,
				             links_name(db, fit_class, nb,
				                        sizeof nb)) < 0)
					c->fit = NULL;
				c->score += 4;
			} else if (any) {
				if (asprintf(&c->fit, "no (%s)", kind) < 0)
					c->fit = NULL;
				c->score -= 4;
			} else {
				c->fit = strdup("unknown (no P31)");
			}
			c->km = -1;
			const char *lat = links_table_at(&ents, e, 3);
			const char *lon = links_table_at(&ents, e, 4);
			for (size_t k = 0; *lat && k < links_table_rows(&cpos); k++) {
				double ilat, ilon;
				if (strcmp(links_table_at(&cpos, k, 0), item) ||
				    links_wkt_point(links_table_at(&cpos, k, 1), &ilat,
				                    &ilon))
					continue;
				double km = links_km(atof(lat), atof(lon), ilat, ilon);
				if (c->km < 0 || km < c->km)
					c->km = km;
			}
			if (c->km >= 0)
				c->score += c->km <= max_km ? 2 : -2;
			if (!c->entity || !c->item || !c->match || !c->label ||
			    !c->fit)
				st = KG_ERR_NOMEM;
		}
	}
	if (!st && nc)
		qsort(cand, nc, sizeof *cand, links_candidate_cmp);
	if (!st) {
		fprintf(out, "# kg links suggest: candidates from %s for the "
		             "entities without a Wikidata link.\n"
		             "# Write accept in the decision column of a row to "
		             "link its entity to its item\n"
		             "# (skos:exactMatch), then: kg links accept FILE\n",
		        url);
		fprintf(out, "%s\n", links_tsv_header);
	}
	size_t rank = 0, with = 0;
	for (size_t k = 0; !st && k < nc; k++) {
		links_candidate *c = &cand[k];
		if (k == 0 || strcmp(cand[k - 1].entity, c->entity)) {
			rank = 0;
			with++;
		}
		rank++;
		char eb[512], ib[512];
		fputc('\t', out);
		tsv_field(out, links_name(db, c->entity, eb, sizeof eb));
		fputc('\t', out);
		tsv_field(out, links_name(db, c->item, ib, sizeof ib));
		fprintf(out, "\t%zu\t%d\t", rank, c->score);
		tsv_field(out, c->match);
		fputc('\t', out);
		tsv_field(out, c->fit);
		fputc('\t', out);
		if (c->km >= 0)
			fprintf(out, "%.1f", c->km);
		fputc('\t', out);
		tsv_field(out, c->label);
		fputc('\n', out);
	}
	if (!st && !o->quiet)
		fprintf(stderr, "kg links: %zu entities without a link; %zu "
		                "candidates for %zu of them from %s\n",
		        seen_entities.n, nc, with, url);
	*nentities = seen_entities.n;
	*ncand = nc;
	for (size_t k = 0; k < nc; k++) {
		free(cand[k].entity);
		free(cand[k].item);
		free(cand[k].match);
		free(cand[k].fit);
		free(cand[k].label);
	}
	free(cand);
	links_vec_free(&seen_entities);
	links_vec_free(&ents.cell);
	links_vec_free(&names);
	links_vec_free(&hits.cell);
	links_vec_free(&items);
	links_vec_free(&ccls.cell);
	links_vec_free(&cpos.cell);
	links_vec_free(&clab.cell);
	links_vec_free(&fits.cell);
	return st;
}

/* ---- accepting ----------------------------------------------------- */

/* The IRI of a review file's entity or item cell: <IRI>, or a prefixed
 * name with one of the store's prefixes (kgr:hama, wd:Q173545), as
 * suggest writes them.  A new string, or NULL. */
static char *
links_cell_iri(const kg_db *db, const char *cell)
{
	size_t n = strlen(cell);
	char *iri = NULL;
	const char *colon = strchr(cell, ':');
	if (n > 2 && cell[0] == '<' && cell[n - 1] == '>') {
		iri = strndup(cell + 1, n - 2);
	} else if (colon && colon[1]) {
		for (size_t i = 0; i < kg_db_prefix_count(db) && !iri; i++) {
			const char *prefix, *ns;
			if (kg_db_prefix_at(db, i, &prefix, &ns) ||
			    strlen(prefix) != (size_t)(colon - cell) ||
			    strncmp(prefix, cell, (size_t)(colon - cell)))
				continue;
			if (asprintf(&iri, "%s%s", ns, colon + 1) < 0)
				iri = NULL;
		}
	}
	if (iri && (strpbrk(iri, "<>\"{}|^`\\ \t") || !strchr(iri, ':'))) {
		free(iri);
		iri = NULL;
	}
	return iri;
}

static int
links_is_item(const char *iri)
{
	if (strncmp(iri, LINKS_WD "Q", sizeof LINKS_WD))
		return 0;
	const char *d = iri + sizeof LINKS_WD;
	if (!*d)
		return 0;
	for (; *d; d++)
		if (*d < '0' || *d > '9')
			return 0;
	return 1;
}

/* Splits `line` at tabs in place into at most `max` fields. */
static size_t
links_split(char *line, char **field, size_t max)
{
	size_t n = 0;
	for (char *s = line;; s++) {
		if (n < max)
			field[n] = s;
		n++;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s = '\0';
	}
	return n;
}

int
links_accept(const cli_options *o, kg_db *db, const char *path)
{
	char *text = cli_read_file(path);
	if (!text)
		return EXIT_ERROR;
	links_vec entity = {0}, item = {0};
	int bad = 0, header = 0;
	size_t lineno = 0;
	char *save = NULL;
	for (char *line = text; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len && !save)
			break;
		if (line[0] == '#' || !len)
			continue;
		if (!header) {
			if (strcmp(line, links_tsv_header)) {
				fprintf(stderr, "%s:%zu: not the header of a review "
				                "file (kg links suggest writes it: "
				                "%s)\n", path, lineno,
				        "decision, entity, item, ...");
				bad++;
				break;
			}
			header = 1;
			continue;
		}
		char *f[LINKS_TSV_COLUMNS];
		size_t n = links_split(line, f, LINKS_TSV_COLUMNS);
		if (n != LINKS_TSV_COLUMNS) {
			fprintf(stderr, "%s:%zu: %zu columns, not %d\n", path,
			        lineno, n, LINKS_TSV_COLUMNS);
			bad++;
			continue;
		}
		const char *d = f[0];
		if (!*d || !strcasecmp(d, "reject"))
			continue;
		if (strcasecmp(d, "accept")) {
			fprintf(stderr, "%s:%zu: the decision is 'accept', "
			                "'reject' or empty, not '%s'\n", path,
			        lineno, d);
			bad++;
			continue;
		}
		char *e = links_cell_iri(db, f[1]), *i = links_cell_iri(db, f[2]);
		if (!e) {
			fprintf(stderr, "%s:%zu: '%s' is not an entity (a prefixed "
			                "name such as kgr:NAME, or <IRI>)\n", path,
			        lineno, f[1]);
			bad++;
		} else if (!i || !links_is_item(i)) {
			fprintf(stderr, "%s:%zu: '%s' is not a Wikidata item "
			                "(wd:QNNN)\n", path, lineno, f[2]);
			bad++;
		} else {
			for (size_t k = 0; k < entity.n; k++)
				if (!strcmp(entity.v[k], e) || !strcmp(item.v[k], i)) {
					fprintf(stderr, "%s:%zu: %s is accepted twice "
					                "(one item per entity, one entity "
					                "per item)\n", path, lineno,
					        !strcmp(entity.v[k], e) ? f[1] : f[2]);
					bad++;
					break;
				}
			char *ask = NULL;
			if (asprintf(&ask, LINKS_PREFIXES "SELECT ?what WHERE {\n"
			             "  { <%s> ?p ?o BIND(\"entity\" AS ?what) }\n"
			             "  UNION { ?other skos:exactMatch <%s> "
			             "FILTER(?other != <%s>) BIND(\"taken\" AS ?what) }"
			             "\n} LIMIT 2", e, i, e) < 0) {
				ask = NULL;
				bad++;
			}
			links_table t = {0};
			if (ask && !links_select(db, "the store", ask, &t)) {
				if (!links_table_has(&t, 0, "entity", 0, NULL)) {
					fprintf(stderr, "%s:%zu: %s is not in the store\n",
					        path, lineno, f[1]);
					bad++;
				}
				if (links_table_has(&t, 0, "taken", 0, NULL)) {
					fprintf(stderr, "%s:%zu: %s is already the "
					                "exactMatch of another entity\n",
					        path, lineno, f[2]);
					bad++;
				}
			} else {
				bad++;
			}
			links_vec_free(&t.cell);
			free(ask);
			if (links_vec_push(&entity, e) || links_vec_push(&item, i))
				bad++;
		}
		free(e);
		free(i);
	}
	if (!header && !bad) {
		fprintf(stderr, "%s:%zu: no header line: not a review file\n",
		        path, lineno);
		bad++;
	}
	free(text);
	if (bad) {
		fprintf(stderr, "kg links: %s refused, nothing added\n", path);
		links_vec_free(&entity);
		links_vec_free(&item);
		return EXIT_ERROR;
	}
	if (!entity.n) {
		if (!o->quiet)
			fprintf(stderr, "kg links: no row of %s is accepted; "
			                "nothing added\n", path);
		links_vec_free(&entity);
		links_vec_free(&item);
		return EXIT_OK;
	}
	/* The accepted links go in a graph of their own, which says when,
	 * by whom and from which review file: the link is seen in the
	 * default graph like any other, and its origin stays. */
	char when[32], stamp[32];
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
	char *file = cli_file_iri(path);
	const char *user = getenv("USER");
	char *up = NULL;
	size_t uplen = 0;
	FILE *f = open_memstream(&up, &uplen);
	int rc = EXIT_ERROR;
	if (!f || !file)
		goto out;
	fprintf(f, LINKS_PREFIXES
	        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
	        "INSERT DATA { GRAPH <urn:kg:links:accepted:%s:%ld> {\n"
	        "  <urn:kg:links:accepted:%s:%ld> prov:generatedAtTime "
	        "\"%s\"^^xsd:dateTime ;\n"
	        "    prov:wasDerivedFrom <%s>", stamp, (long)getpid(), stamp,
	        (long)getpid(), when, file);
	if (user && *user) {
		kg_term t = {KG_TERM_LITERAL, user, NULL, NULL};
		fputs(" ;\n    prov:wasAttributedTo ", f);
		links_term_write(f, &t);
	}
	fputs(" .\n", f);
	for (size_t k = 0; k < entity.n; k++)
		fprintf(f, "  <%s> skos:exactMatch <%s> .\n", entity.v[k],
		        item.v[k]);
	fputs("} }\n", f);
	fclose(f);
	f = NULL;
	kg_status st = kg_db_transaction_begin(db);
	kg_update_stats us = {0};
	if (!st && (st = kg_db_update(db, up, NULL, &us)))
		kg_db_transaction_rollback(db);
	else if (!st)
		st = kg_db_transaction_commit(db);
	if (st) {
		cli_error(db, st);
	} else {
		rc = EXIT_OK;
		if (!o->quiet)
			fprintf(stderr, "kg links: %zu links accepted from %s\n",
			        entity.n, path);
	}
out:
	if (f)
		fclose(f);
	free(up);
	free(file);
	links_vec_free(&entity);
	links_vec_free(&item);
	return rc;
}

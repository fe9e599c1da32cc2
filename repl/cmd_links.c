/* cmd_links.c: kg links check | refresh | suggest | accept, the store's
 * Wikidata links followed to Wikidata and compared with what it says.
 *
 * What an endpoint says about the linked items is fetched in batches
 * (VALUES) into the named graph <urn:kg:wikidata>, in Wikidata's own
 * modelling (rdfs:label, schema:name, skos:altLabel, wdt:P31, wdt:P279,
 * wdt:P625, owl:sameAs for a redirect), with its retrieval time and
 * endpoint.  Every comparison is then a query on the local store, so
 * `check --offline` and a check just after a fetch say the same thing.
 * Suggesting and accepting new links is in links_review.c. */
#include "links.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINKS_DEFAULT_ENDPOINT "https://query.wikidata.org/sparql"

/* Exit codes of kg links check: like diff's, since 1 is "they differ". */
enum { LINKS_AGREE = 0, LINKS_DISAGREE = 1, LINKS_ERROR = 2 };

/* The normalisation of data/checks/20-*: lower case, a parenthesised
 * aside dropped, the diacritics of transliterations and the apostrophes
 * removed, other punctuation one space.  ?name in, ?norm out. */
#define LINKS_NORMALISE \
	"BIND(REPLACE(LCASE(STR(?name)), \"\\\\([^)]*\\\\)\", \" \") AS ?n1)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(?n1, \"[àáâãäåāă]\", \"a\"), " \
	"\"[èéêëēĕ]\", \"e\"), \"[ìíîïīĭ]\", \"i\") AS ?n2)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(?n2, \"[òóôõöøōŏ]\", \"o\"), " \
	"\"[ùúûüūŭ]\", \"u\"), \"[ḥ]\", \"h\") AS ?n3)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(REPLACE(?n3, \"[ṣşš]\", \"s\"), " \
	"\"[ṭţ]\", \"t\"), \"[ḍ]\", \"d\"), \"[ẓż]\", \"z\") AS ?n4)\n" \
	"BIND(REPLACE(REPLACE(REPLACE(?n4, \"ç\", \"c\"), \"ñ\", \"n\"), " \
	"\"['’‘`ʿʾ]\", \"\") AS ?n5)\n" \
	"BIND(REPLACE(REPLACE(?n5, \"[^\\\\p{L}\\\\p{N}]+\", \" \"), " \
	"\"^ | $\", \"\") AS ?norm)\n"

/* ---- fetching ------------------------------------------------------ */

/* Where the items are fetched from: --endpoint, else
 * $KG_WIKIDATA_ENDPOINT, else Wikidata's query service. */
static const char *
links_endpoint(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("KG_WIKIDATA_ENDPOINT");
	return env && *env ? env : LINKS_DEFAULT_ENDPOINT;
}

kg_db *
links_open_endpoint(const cli_options *o, const char *url)
{
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		fprintf(stderr, "kg links: the endpoint must be an http:// or "
		                "https:// URL, not '%s'\n", url);
		return NULL;
	}
	kg_db *rdb;
	kg_status st = kg_db_open(url, 0, &rdb);
	if (st) {
		links_remote_error(url, rdb);
		kg_db_close(rdb);
		return NULL;
	}
	/* A check is a batch job: without -t it still ends. */
	kg_db_set_http_timeout(rdb, 15, o->timeout > 0 ? o->timeout : 120);
	return rdb;
}

/* The Wikidata items the store links to, sorted. */
static kg_status
links_items(kg_db *db, links_vec *items)
{
	links_table t = {0};
	kg_status st = links_select(db, "the store", LINKS_PREFIXES
		"SELECT DISTINCT ?item WHERE {\n"
		"  ?entity skos:exactMatch|skos:closeMatch ?item .\n"
		"  FILTER(STRSTARTS(STR(?item), \"" LINKS_WD "Q\"))\n"
		"} ORDER BY ?item", &t);
	for (size_t i = 0; !st && i < links_table_rows(&t); i++)
		if (links_vec_push(items, links_table_at(&t, i, 0)))
			st = KG_ERR_NOMEM;
	links_vec_free(&t.cell);
	return st;
}

/* Fetches the linked items from `url` and puts them in place of the
 * store's snapshot, in one transaction: a failed fetch changes
 * nothing.  Prints why on failure. */
static kg_status
links_refresh(const cli_options *o, kg_db *db, const char *url)
{
	links_vec items = {0};
	kg_status st = links_items(db, &items);
	if (st)
		return st;
	kg_db *rdb = links_open_endpoint(o, url);
	if (!rdb) {
		links_vec_free(&items);
		return KG_ERR_IO;
	}
	char *nt = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&nt, &len);
	if (!f) {
		kg_db_close(rdb);
		links_vec_free(&items);
		return KG_ERR_NOMEM;
	}
	st = links_fetch(rdb, url, &items, f);
	kg_db_close(rdb);
	/* The snapshot says when and where it was taken, and which items
	 * were asked for: one asked for with nothing said of it is
	 * deleted. */
	char when[32];
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "<" LINKS_GRAPH "> <http://www.w3.org/ns/prov#"
	           "generatedAtTime> \"%s\"^^<http://www.w3.org/2001/"
	           "XMLSchema#dateTime> .\n", when);
	fprintf(f, "<" LINKS_GRAPH "> <http://www.w3.org/ns/prov#"
	           "wasDerivedFrom> <%s> .\n", url);
	for (size_t i = 0; i < items.n; i++)
		fprintf(f, "<" LINKS_GRAPH "> <http://www.w3.org/ns/prov#"
		           "hadMember> <%s> .\n", items.v[i]);
	fclose(f);
	if (st) {
		fprintf(stderr, "kg links: nothing fetched, the store is "
		                "unchanged\n");
		goto done;
	}
	if ((st = kg_db_transaction_begin(db))) {
		cli_error(db, st);
		goto done;
	}
	kg_update_stats us = {0};
	st = kg_db_update(db, "DROP SILENT GRAPH <" LINKS_GRAPH ">", NULL, &us);
	if (!st) {
		kg_load_options lo = {0};
		lo.format = "ntriples";
		lo.graph = LINKS_GRAPH;
		lo.base = LINKS_GRAPH;
		st = kg_db_load_buffer(db, nt, len, &lo, NULL);
	}
	if (st) {
		cli_error(db, st);
		kg_db_transaction_rollback(db);
	} else if ((st = kg_db_transaction_commit(db))) {
		cli_error(db, st);
	} else if (!o->quiet) {
		fprintf(stderr, "kg links: %zu items fetched from %s into "
		                "<" LINKS_GRAPH "> at %s\n", items.n, url, when);
	}
done:
	free(nt);
	links_vec_free(&items);
	return st;
}

/* ---- checking ------------------------------------------------------ */

typedef struct {
	kg_db *db;
	FILE *out;
	size_t problems;
} links_report;

static void
links_problem(links_report *rep, const char *entity, const char *rel,
              const char *item, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
links_problem(links_report *rep, const char *entity, const char *rel,
              const char *item, const char *fmt, ...)
{
	char e[512], i[512];
	const char *r = strrchr(rel, '#');
	fprintf(rep->out, "%s %s %s: ",
	        links_name(rep->db, entity, e, sizeof e), r ? r + 1 : rel,
	        links_name(rep->db, item, i, sizeof i));
	va_list ap;
	va_start(ap, fmt);
	vfprintf(rep->out, fmt, ap);
	va_end(ap);
	fputc('\n', rep->out);
	rep->problems++;
}

/* Compares every link of the store with its snapshot; one line on
 * `out` per disagreement.  Returns the number of them in *problems. */
static kg_status
links_compare(kg_db *db, double max_km, int quiet, FILE *out,
              size_t *problems)
{
	links_table meta = {0}, links = {0}, members = {0}, present = {0},
	      redirects = {0}, named = {0}, elabel = {0}, ilabel = {0},
	      coords = {0}, kinds = {0}, classes = {0}, p31 = {0},
	      fits = {0};
	links_table *all[] = {&meta, &links, &members, &present, &redirects, &named,
	                &elabel, &ilabel, &coords, &kinds, &classes, &p31,
	                &fits};
	kg_status st = links_select(db, "the store", LINKS_PREFIXES
		"SELECT ?when ?from WHERE { GRAPH <" LINKS_GRAPH "> {\n"
		"  <" LINKS_GRAPH "> prov:generatedAtTime ?when .\n"
		"  OPTIONAL { <" LINKS_GRAPH "> prov:wasDerivedFrom ?from } } }",
		&meta);
	if (!st && !links_table_rows(&meta)) {
		fprintf(stderr, "kg links: the store has no Wikidata snapshot "
		                "(<" LINKS_GRAPH ">); run 'kg links refresh' "
		                "or 'kg links check' with the network\n");
		st = KG_DONE;
	}
	/* What the comparison reads, each from the store and its snapshot,
	 * in turn. */
	const struct {
		const char *query;
		links_table *rows;
	} reads[] = {
		{LINKS_PREFIXES
		 "SELECT ?entity ?rel ?item WHERE {\n"
		 "  VALUES ?rel { skos:exactMatch skos:closeMatch }\n"
		 "  ?entity ?rel ?item .\n"
		 "  FILTER(STRSTARTS(STR(?item), \"" LINKS_WD "Q\"))\n"
		 "} ORDER BY ?entity ?item ?rel",
		 &links},
		{LINKS_PREFIXES
		 "SELECT ?item WHERE { GRAPH <" LINKS_GRAPH "> {\n"
		 "  <" LINKS_GRAPH "> prov:hadMember ?item } }",
		 &members},
		{LINKS_PREFIXES
		 "SELECT DISTINCT ?item WHERE { GRAPH <" LINKS_GRAPH "> {\n"
		 "  <" LINKS_GRAPH "> prov:hadMember ?item .\n"
		 "  ?item ?p ?o } }",
		 &present},
		{LINKS_PREFIXES
		 "SELECT ?item ?target WHERE { GRAPH <" LINKS_GRAPH "> {\n"
		 "  ?item owl:sameAs ?target } } ORDER BY ?target",
		 &redirects},
		/* (entity, item) pairs where one normalised name is on both */
		{LINKS_PREFIXES
		 "SELECT DISTINCT ?entity ?item WHERE {\n"
		 "  { SELECT DISTINCT ?entity ?item ?norm WHERE {\n"
		 "    ?entity skos:exactMatch ?item ;\n"
		 "      rdfs:label|skos:prefLabel|skos:altLabel|"
		 "kg:nameInArticle ?name .\n"
		 LINKS_NORMALISE
		 "  } }\n"
		 "  { SELECT DISTINCT ?item ?norm WHERE {\n"
		 "    GRAPH <" LINKS_GRAPH "> { <" LINKS_GRAPH "> "
		 "prov:hadMember ?item .\n"
		 "      ?item rdfs:label|schema:name|skos:altLabel ?name }\n"
		 LINKS_NORMALISE
		 "  } }\n"
		 "}",
		 &named},
		{LINKS_PREFIXES
		 "SELECT ?entity (MIN(STR(?l)) AS ?label) WHERE {\n"
		 "  ?entity skos:exactMatch|skos:closeMatch ?i ;\n"
		 "    rdfs:label ?l } GROUP BY ?entity",
		 &elabel},
		{LINKS_PREFIXES
		 "SELECT ?item (MIN(STR(?l)) AS ?label) WHERE {\n"
		 "  GRAPH <" LINKS_GRAPH "> { ?item rdfs:label ?l }\n"
		 "  FILTER(LANGMATCHES(LANG(?l), \"en\"))\n"
		 "} GROUP BY ?item",
		 &ilabel},
		{LINKS_PREFIXES
		 "SELECT ?entity ?item ?lat ?long ?wkt WHERE {\n"
		 "  ?entity skos:exactMatch|skos:closeMatch ?item ;\n"
		 "    geo:lat ?lat ; geo:long ?long .\n"
		 "  GRAPH <" LINKS_GRAPH "> { ?item wdt:P625 ?wkt }\n"
		 "}",
		 &coords},
		/* the entity's kinds as check 20 reads them from its kg: classes */
		{LINKS_PREFIXES
		 "SELECT DISTINCT ?entity ?kind WHERE {\n"
		 "  VALUES (?kind ?top) { (\"place\" sem:Place) "
		 "(\"event\" sem:Event)\n"
		 "    (\"person\" kg:Person) (\"actor\" sem:Actor) }\n"
		 "  ?entity skos:exactMatch|skos:closeMatch ?i ; a ?class .\n"
		 "  ?class rdfs:subClassOf* ?top .\n"
		 "  FILTER(STRSTARTS(STR(?class), STR(kg:)))\n"
		 "  FILTER(?kind != \"actor\" || NOT EXISTS "
		 "{ ?class rdfs:subClassOf* kg:Person })\n"
		 "}",
		 &kinds},
		{LINKS_PREFIXES
		 "SELECT DISTINCT ?item ?class WHERE { GRAPH <" LINKS_GRAPH
		 "> {\n"
		 "  <" LINKS_GRAPH "> prov:hadMember ?item .\n"
		 "  ?item wdt:P31/wdt:P279* ?class } }",
		 &classes},
		{LINKS_PREFIXES
		 "SELECT ?item ?class (MIN(STR(?l)) AS ?label) WHERE {\n"
		 "  GRAPH <" LINKS_GRAPH "> { ?item wdt:P31 ?class\n"
		 "    OPTIONAL { ?class rdfs:label ?l "
		 "FILTER(LANGMATCHES(LANG(?l), \"en\")) } }\n"
		 "} GROUP BY ?item ?class ORDER BY ?item ?class",
		 &p31},
	};
	for (size_t i = 0; !st && i < sizeof reads / sizeof *reads; i++)
		st = links_select(db, "the store", reads[i].query, reads[i].rows);
	if (!st)
		st = links_class_table(&fits);
	if (st) {
		for (size_t k = 0; k < sizeof all / sizeof *all; k++)
			links_vec_free(&all[k]->cell);
		return st == KG_DONE ? KG_ERR_ARG : st;
	}

	links_report rep = {db, out, 0};
	char buf[512];
	for (size_t i = 0; i < links_table_rows(&links); i++) {
		const char *entity = links_table_at(&links, i, 0);
		const char *rel = links_table_at(&links, i, 1);
		const char *item = links_table_at(&links, i, 2);
		if (!links_table_has(&members, 0, item, 0, NULL)) {
			links_problem(&rep, entity, rel, item, "not in the "
			              "snapshot of %s (run kg links refresh)",
			              links_table_at(&meta, 0, 0));
			continue;
		}
		const char *target = links_table_find(&redirects, 0, item, 1);
		if (target) {
			links_problem(&rep, entity, rel, item, "redirected: the "
			              "item is now %s",
			              links_name(db, target, buf, sizeof buf));
			continue;
		}
		if (!links_table_has(&present, 0, item, 0, NULL)) {
			links_problem(&rep, entity, rel, item, "deleted: the "
			              "endpoint has nothing on the item");
			continue;
		}
		const char *el = links_table_find(&elabel, 0, entity, 1);
		const char *il = links_table_find(&ilabel, 0, item, 1);
		/* A closeMatch names something near the item, not the item
		 * (check 20), so only an exactMatch must share a name. */
		if (strstr(rel, "exactMatch") &&
		    !links_table_has(&named, 0, entity, 1, item))
			links_problem(&rep, entity, rel, item, "no label matches: "
			              "the entity is \"%s\", the item \"%s\"",
			              el ? el : "", il ? il : "");
		/* The nearest of the item's coordinates to the entity's */
		double best = -1;
		const char *best_wkt = NULL, *lat = NULL, *lon = NULL;
		for (size_t c = 0; c < links_table_rows(&coords); c++) {
			if (strcmp(links_table_at(&coords, c, 0), entity) ||
			    strcmp(links_table_at(&coords, c, 1), item))
				continue;
			double ilat, ilon;
			if (links_wkt_point(links_table_at(&coords, c, 4), &ilat, &ilon))
				continue;
			double km = links_km(atof(links_table_at(&coords, c, 2)),
			                     atof(links_table_at(&coords, c, 3)),
			                     ilat, ilon);
			if (best < 0 || km < best) {
				best = km;
				best_wkt = links_table_at(&coords, c, 4);
				lat = links_table_at(&coords, c, 2);
				lon = links_table_at(&coords, c, 3);
			}
		}
		if (best > max_km)
			links_problem(&rep, entity, rel, item, "coordinates %.1f "
			              "km apart (more than %g): the entity at %s "
			              "%s, the item at %s", best, max_km, lat, lon,
			              best_wkt);
		/* Class: one of the item's classes or their superclasses is
		 * in the table for one of the entity's kinds. */
		int has_kind = 0, fit = 0;
		for (size_t k = 0; k < links_table_rows(&kinds) && !fit; k++) {
			if (strcmp(links_table_at(&kinds, k, 0), entity))
				continue;
			has_kind = 1;
			const char *kind = links_table_at(&kinds, k, 1);
			for (size_t c = 0; c < links_table_rows(&classes) && !fit; c++)
				if (!strcmp(links_table_at(&classes, c, 0), item) &&
				    links_table_has(&fits, 0, kind, 1,
				              links_table_at(&classes, c, 1)))
					fit = 1;
		}
		if (has_kind && !fit && links_table_has(&p31, 0, item, 0, NULL)) {
			char *ev = NULL;
			size_t evlen = 0;
			FILE *f = open_memstream(&ev, &evlen);
			if (!f)
				continue;
			const char *sep = "";
			for (size_t c = 0; c < links_table_rows(&p31); c++) {
				if (strcmp(links_table_at(&p31, c, 0), item))
					continue;
				const char *l = links_table_at(&p31, c, 2);
				fprintf(f, "%s%s%s%s%s", sep,
				        links_name(db, links_table_at(&p31, c, 1), buf,
				                   sizeof buf),
				        *l ? " (" : "", l, *l ? ")" : "");
				sep = ", ";
			}
			fclose(f);
			const char *kind = links_table_find(&kinds, 0, entity, 1);
			links_problem(&rep, entity, rel, item, "class does not fit "
			              "the entity's kind (%s): the item is an "
			              "instance of %s", kind, ev);
			free(ev);
		}
	}
	if (!quiet)
		fprintf(stderr, "kg links: %zu links compared with the snapshot of "
		                "%s%s%s: %zu disagreements\n", links_table_rows(&links),
		        links_table_at(&meta, 0, 0),
		        *links_table_at(&meta, 0, 1) ? " from " : "",
		        links_table_at(&meta, 0, 1), rep.problems);
	*problems = rep.problems;
	for (size_t k = 0; k < sizeof all / sizeof *all; k++)
		links_vec_free(&all[k]->cell);
	return KG_OK;
}

/* ---- the command --------------------------------------------------- */

static const char links_usage[] =
	"Usage: kg links check [--endpoint URL] [--offline] [--max-km N]\n"
	"       kg links refresh [--endpoint URL]\n"
	"       kg links suggest [--endpoint URL] [--max-km N] [-o FILE]\n"
	"       kg links accept FILE\n"
	"The store's Wikidata links (skos:exactMatch, skos:closeMatch to\n"
	"wd:Q...) compared with what Wikidata says of the items.\n\n"
	"  check    fetch the linked items (labels, wdt:P31 classes and their\n"
	"           wdt:P279 superclasses, wdt:P625 coordinates, redirects)\n"
	"           into the graph <urn:kg:wikidata>, then print one line per\n"
	"           disagreement: no label matches (exactMatch), coordinates\n"
	"           more than --max-km apart (default 25), a class that does\n"
	"           not fit the entity's kind (data/links/classes.ttl), a\n"
	"           redirected or a deleted item.  --offline: compare with\n"
	"           the graph already in the store, without the network.\n"
	"  refresh  fetch the graph <urn:kg:wikidata> again, and nothing else\n"
	"  suggest  for entities without a link, items whose label or alias\n"
	"           is one of the entity's labels, ranked, as a review file\n"
	"           (TSV; stdout or -o FILE).  Nothing is added to the store.\n"
	"  accept   add skos:exactMatch for the rows of a review file whose\n"
	"           decision is 'accept', in one transaction, with when, who\n"
	"           and the file in the graph that holds them\n\n"
	"The endpoint: --endpoint URL, else $KG_WIKIDATA_ENDPOINT, else\n"
	LINKS_DEFAULT_ENDPOINT ".  kg -t SECS bounds each request\n"
	"(default 120 s).\n"
	"Exit status of check: 0 all links agree, 1 a disagreement, 2 an\n"
	"error (the store unchanged).  Others: 0 done, 1 error, 2 usage.\n";

int
cmd_links(const cli_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"endpoint", required_argument, NULL, 'e'},
		{"offline", no_argument, NULL, 'O'},
		{"max-km", required_argument, NULL, 'k'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2) {
			cli_usage_error("links", "give check, refresh, suggest or "
			                         "accept");
			return EXIT_USAGE;
		}
		fputs(links_usage, stdout);
		return cli_finish_stdout(EXIT_OK);
	}
	const char *sub = argv[1];
	int is_check = !strcmp(sub, "check"), is_refresh = !strcmp(sub, "refresh");
	int is_suggest = !strcmp(sub, "suggest"), is_accept = !strcmp(sub, "accept");
	if (!is_check && !is_refresh && !is_suggest && !is_accept) {
		cli_usage_error("links", "unknown subcommand '%s' (check, "
		                "refresh, suggest, accept)", sub);
		return EXIT_USAGE;
	}
	const char *endpoint = NULL, *out_path = NULL;
	int offline = 0;
	double max_km = 25;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "e:k:o:h", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 'e':
			endpoint = optarg;
			break;
		case 'O':
			offline = 1;
			break;
		case 'k': {
			char *end;
			max_km = strtod(optarg, &end);
			if (end == optarg || *end || max_km < 0) {
				cli_usage_error("links", "--max-km needs a number of "
				                "kilometres, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			fputs(links_usage, stdout);
			return cli_finish_stdout(EXIT_OK);
		default:
			return EXIT_USAGE;
		}
	}
	int rest = argc - 1 - optind;
	if ((is_accept && rest != 1) || (!is_accept && rest != 0)) {
		cli_usage_error("links", is_accept ? "accept needs one review "
		                "file" : "unexpected argument");
		return EXIT_USAGE;
	}
	const char *stray = offline && !is_check ? "--offline" :
	                    out_path && !is_suggest ? "-o" :
	                    endpoint && is_accept ? "--endpoint" : NULL;
	if (stray) {
		cli_usage_error("links", "%s does not go with %s", stray, sub);
		return EXIT_USAGE;
	}
	const char *url = links_endpoint(endpoint);
	int fail = is_check ? LINKS_ERROR : EXIT_ERROR;
	kg_db *db = cli_open(o, is_suggest || (is_check && offline) ?
	                        KG_OPEN_READONLY : 0);
	if (!db)
		return fail;
	int rc = EXIT_OK;
	if (is_accept) {
		rc = links_accept(o, db, argv[1 + optind]);
	} else if (is_refresh) {
		rc = links_refresh(o, db, url) ? EXIT_ERROR : EXIT_OK;
	} else if (is_check) {
		size_t problems = 0;
		if ((!offline && links_refresh(o, db, url)) ||
		    links_compare(db, max_km, o->quiet, stdout, &problems))
			rc = LINKS_ERROR;
		else
			rc = problems ? LINKS_DISAGREE : LINKS_AGREE;
		if (fflush(stdout) || ferror(stdout))
			rc = LINKS_ERROR;
	} else {
		kg_db *rdb = links_open_endpoint(o, url);
		FILE *out = NULL;
		rc = EXIT_ERROR;
		if (rdb) {
			/* Into memory first: a failed request leaves no half
			 * file behind. */
			char *doc = NULL;
			size_t len = 0, ne = 0, nc = 0;
			FILE *mem = open_memstream(&doc, &len);
			if (mem) {
				kg_status st = links_suggest(o, db, rdb, url, max_km,
				                             mem, &ne, &nc);
				fclose(mem);
				if (!st) {
					out = out_path ? fopen(out_path, "w") : stdout;
					if (!out)
						fprintf(stderr, "kg: cannot open %s: %s\n",
						        out_path, strerror(errno));
					else if (fwrite(doc, 1, len, out) == len)
						rc = EXIT_OK;
					if (out && out != stdout && fclose(out)) {
						fprintf(stderr, "kg: cannot write %s: %s\n",
						        out_path, strerror(errno));
						rc = EXIT_ERROR;
					}
				}
			}
			free(doc);
			kg_db_close(rdb);
		}
	}
	kg_db_close(db);
	return is_check ? rc : cli_finish_stdout(rc);
}


/*
 * gen.c: writes a synthetic conflict-event graph as N-Triples to stdout.
 *
 *   bench/gen [-s SEED] TRIPLES        e.g. bench/gen 1000000 > 1m.nt
 *
 * Exactly TRIPLES lines are written (the last event may be cut short),
 * and the same SEED and TRIPLES always give the same bytes.  The shape
 * follows the kg ontology (ontology/kg.ttl):
 *
 *   place   kg:City|kg:Town|... and sem:Place, rdfs:label (a quarter in
 *           Arabic script, @ar; some Latin ones with accents, @en),
 *           geo:lat, geo:long (xsd:decimal, inside Syria's bounding box)
 *   actor   kg:ArmedGroup|... and sem:Actor, rdfs:label @en, and for 80%
 *           skos:exactMatch <http://www.wikidata.org/entity/Q9000000+n>
 *           (every actor whose number is not a multiple of 5).
 *           These Wikidata IRIs are SYNTHETIC: Q9000000 upwards is chosen
 *           to look like Wikidata; the items are unrelated or absent.
 *   source  prov:Entity, dcterms:title
 *   event   kg:Capture|kg:Airstrike|kg:Clash|... and sem:Event, one actor
 *           (half the events two) via sem:hasActor (skewed: a few actors
 *           take part in many events), sem:hasPlace, sem:hasTimeStamp
 *           (xsd:date, uniform over 2011-01-01..2024-12-31),
 *           prov:wasDerivedFrom a source, kg:civiliansKilled (xsd:integer,
 *           the fatalities count; mostly small, a long tail)
 *
 * Entities live under https://kg.example.org/id/ (place/N, actor/N,
 * source/N, event/N, numbered from 1).  About 7.8 triples per event;
 * one place per 25 events, one actor per 50, one source per 100.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID "https://kg.example.org/id/"
#define KG "https://kg.example.org/ontology#"
#define RDF_TYPE "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#define RDFS_LABEL "<http://www.w3.org/2000/01/rdf-schema#label>"
#define SEM "http://semanticweb.cs.vu.nl/2009/11/sem/"
#define GEO "http://www.w3.org/2003/01/geo/wgs84_pos#"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define PROV "http://www.w3.org/ns/prov#"
#define SKOS_EXACT "<http://www.w3.org/2004/02/skos/core#exactMatch>"
#define DCT_TITLE "<http://purl.org/dc/terms/title>"
#define WD "http://www.wikidata.org/entity/Q"
#define WD_BASE 9000000L /* synthetic range, see above */

static uint64_t rng_state;
static long long left; /* triples still to write */

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static long
below(long n)
{
	return (long)(rnd() % (uint64_t)n);
}

/* One triple; the subject and predicate are written as given, the object
 * too (already in N-Triples syntax).  Exits once TRIPLES are written. */
static void
triple(const char *s, const char *p, const char *o)
{
	if (left <= 0)
		return;
	printf("%s %s %s .\n", s, p, o);
	if (--left == 0) {
		if (fflush(stdout) || ferror(stdout))
			exit(1);
		exit(0);
	}
}

static const char *const event_types[] = {
	"Capture", "Airstrike", "Clash", "Shelling", "DroneStrike", "Ambush",
	"Attack", "Advance", "Withdrawal", "Siege", "Killing", "Counterattack",
	"Entry", "Evacuation"};
static const char *const place_types[] = {"Village", "Town", "City",
                                          "District", "Facility", "Airbase"};
static const char *const actor_types[] = {"ArmedGroup", "StateArmedForces",
                                          "Coalition", "Person"};

static const char *const place_pre[] = {"Tell", "Kafr", "Deir", "Ain",
                                        "Jisr", "Maarat", "Beit", "Khirbet",
                                        "Ras", "Tal"};
static const char *const place_root[] = {
	"Nabl", "Halab", "Ḥamā", "Idlib", "Rifaat", "az-Zūr", "ash-Shughur",
	"an-Nuʿmān", "Sarmada", "Saraqib", "Ḥārim", "Manbij", "Qāmishlī",
	"Darʿā", "Ṭartūs", "Kobanî", "Afrin", "Raqqa", "Bāb", "Jableh"};
static const char *const place_pre_ar[] = {"تل", "كفر", "دير", "عين", "جسر",
                                           "معرة", "بيت", "خربة", "رأس",
                                           "تلة"};
static const char *const place_root_ar[] = {
	"نبل", "حلب", "حماة", "إدلب", "رفعت", "الزور", "الشغور", "النعمان",
	"سرمدا", "سراقب", "حارم", "منبج", "القامشلي", "درعا", "طرطوس",
	"كوباني", "عفرين", "الرقة", "الباب", "جبلة"};
static const char *const actor_pre[] = {"Liwa", "Jaysh", "Harakat", "Faylaq",
                                        "Katibat", "Brigade", "Front",
                                        "Division"};
static const char *const actor_root[] = {
	"al-Fath", "al-Sham", "al-Nasr", "Ahrar", "al-Tawhid", "al-Furqan",
	"Suqour", "al-Mujahideen", "Thuwar", "al-Izza", "Jaish al-Islam",
	"al-Hamza", "Sultan Murad", "al-Mu'tasim", "Qasioun"};

#define N(a) ((long)(sizeof a / sizeof a[0]))

/* Days since 1970-01-01 to y-m-d (Howard Hinnant's civil_from_days). */
static void
civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int
main(int argc, char **argv)
{
	uint64_t seed = 20241127;
	int i = 1;
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		seed = strtoull(argv[2], NULL, 10);
		i = 3;
	}
	if (i != argc - 1 || atoll(argv[i]) <= 0) {
		fprintf(stderr, "usage: gen [-s SEED] TRIPLES > file.nt\n");
		return 2;
	}
	left = atoll(argv[i]);
	rng_state = seed;
	long long total = left;
	long events = (long)(total / 7.8) + 1;
	long places = events / 25 > 20 ? events / 25 : 20;
	long actors = events / 50 > 10 ? events / 50 : 10;
	long sources = events / 100 > 5 ? events / 100 : 5;

	static char s[256], o[512];
	for (long n = 1; n <= places; n++) {
		snprintf(s, sizeof s, "<" ID "place/%ld>", n);
		snprintf(o, sizeof o, "<" KG "%s>",
		         place_types[below(N(place_types))]);
		triple(s, RDF_TYPE, o);
		triple(s, RDF_TYPE, "<" SEM "Place>");
		long a = below(N(place_pre)), b = below(N(place_root));
		if (n % 4 == 0)
			snprintf(o, sizeof o, "\"%s %s %ld\"@ar", place_pre_ar[a],
			         place_root_ar[b], n);
		else
			snprintf(o, sizeof o, "\"%s %s %ld\"@en", place_pre[a],
			         place_root[b], n);
		triple(s, RDFS_LABEL, o);
		snprintf(o, sizeof o, "\"%.5f\"^^<" XSD "decimal>",
		         32.3 + (double)below(500000) / 100000.0);
		triple(s, "<" GEO "lat>", o);
		snprintf(o, sizeof o, "\"%.5f\"^^<" XSD "decimal>",
		         35.7 + (double)below(670000) / 100000.0);
		triple(s, "<" GEO "long>", o);
	}
	for (long n = 1; n <= actors; n++) {
		snprintf(s, sizeof s, "<" ID "actor/%ld>", n);
		snprintf(o, sizeof o, "<" KG "%s>",
		         actor_types[below(N(actor_types))]);
		triple(s, RDF_TYPE, o);
		triple(s, RDF_TYPE, "<" SEM "Actor>");
		snprintf(o, sizeof o, "\"%s %s %ld\"@en",
		         actor_pre[below(N(actor_pre))],
		         actor_root[below(N(actor_root))], n);
		triple(s, RDFS_LABEL, o);
		if (n % 5 != 0) { /* 80%; actors 1-4 always have one */
			snprintf(o, sizeof o, "<" WD "%ld>", WD_BASE + n);
			triple(s, SKOS_EXACT, o);
		}
	}
	for (long n = 1; n <= sources; n++) {
		snprintf(s, sizeof s, "<" ID "source/%ld>", n);
		triple(s, RDF_TYPE, "<" PROV "Entity>");
		snprintf(o, sizeof o, "\"Synthetic report %ld\"@en", n);
		triple(s, DCT_TITLE, o);
	}
	const long day0 = 14975, days = 5114; /* 2011-01-01, to 2024-12-31 */
	for (long n = 1;; n++) {
		snprintf(s, sizeof s, "<" ID "event/%ld>", n);
		snprintf(o, sizeof o, "<" KG "%s>",
		         event_types[below(N(event_types))]);
		triple(s, RDF_TYPE, o);
		triple(s, RDF_TYPE, "<" SEM "Event>");
		int two = below(2);
		long a1 = 0;
		for (int k = 0; k <= two; k++) {
			/* Skewed: the square of a uniform draw favours low ids. */
			uint64_t u = rnd() >> 32;
			long a = 1 + (long)((u * u >> 32) * (uint64_t)actors >> 32);
			if (k && a == a1)
				a = a % actors + 1;
			a1 = a;
			snprintf(o, sizeof o, "<" ID "actor/%ld>", a);
			triple(s, "<" SEM "hasActor>", o);
		}
		snprintf(o, sizeof o, "<" ID "place/%ld>", 1 + below(places));
		triple(s, "<" SEM "hasPlace>", o);
		int y, m, d;
		civil(day0 + below(days), &y, &m, &d);
		snprintf(o, sizeof o, "\"%04d-%02d-%02d\"^^<" XSD "date>", y, m,
		         d);
		triple(s, "<" SEM "hasTimeStamp>", o);
		snprintf(o, sizeof o, "<" ID "source/%ld>", 1 + below(sources));
		triple(s, "<" PROV "wasDerivedFrom>", o);
		long k = below(100);
		long dead = k < 40 ? 0 : k < 90 ? 1 + below(10) : 1 + below(300);
		snprintf(o, sizeof o, "\"%ld\"^^<" XSD "integer>", dead);
		triple(s, "<" KG "civiliansKilled>", o);
	}
}

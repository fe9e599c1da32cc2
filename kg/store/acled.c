/* acled.c: ACLED's CSV layout read into kg's ontology (kg load --format
 * acled).  The CSV reader (csv.c) gives the rows; the mapping table
 * (data/acled-mapping.ttl, parsed by the Redland plugin's Raptor) gives the classes and
 * precisions; each row becomes N-Triples in a temporary file, which
 * load.c then loads like any file: in one transaction, through the
 * store's door.  doc/acled.md has the column mapping and what does not
 * come back. */
#include "store/acled.h"
#include "store/access.h"
#include "store/backend.h"
#include "store/csv.h"
#include "store/plugin.h"
#include "buf.h"
#include "vocab.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define KGR "https://kg.example.org/id/"
#define KGO "https://kg.example.org/ontology#"
#define ACLED "https://kg.example.org/acled#"
#define SEM "http://semanticweb.cs.vu.nl/2009/11/sem/"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define GEO "http://www.w3.org/2003/01/geo/wgs84_pos#"
#define PROV "http://www.w3.org/ns/prov#"
#define DCT "http://purl.org/dc/terms/"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define XSD "http://www.w3.org/2001/XMLSchema#"

/* ---- the mapping table ---------------------------------------------- */

typedef struct {
	char *subject;
	char *cls, *also, *event_type, *sub_event_type, *precision;
	int import, time_code, geo_code; /* codes: 0 when absent */
} map_row;

typedef struct {
	map_row *rows;
	size_t n, cap;
	int failed; /* out of memory while reading */
} mapping;

static map_row *
row_of(mapping *m, const char *subject)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->rows[i].subject, subject))
			return &m->rows[i];
	if (kg_grow(&m->rows, &m->cap, m->n + 1, sizeof *m->rows))
		return NULL;
	map_row *r = &m->rows[m->n];
	memset(r, 0, sizeof *r);
	if (!(r->subject = strdup(subject)))
		return NULL;
	m->n++;
	return r;
}

static void
set_str(mapping *m, char **field, const char *value)
{
	free(*field);
	if (!(*field = strdup(value)))
		m->failed = 1;
}

static kg_status
on_mapping_triple(void *ctx, const kg_term *const q[4])
{
	mapping *m = ctx;
	if (q[0]->kind != KG_TERM_IRI || q[1]->kind != KG_TERM_IRI)
		return KG_OK;
	const char *p = q[1]->value;
	if (strncmp(p, ACLED, strlen(ACLED)))
		return KG_OK;
	p += strlen(ACLED);
	const char *o = q[2]->kind == KG_TERM_IRI ||
	                q[2]->kind == KG_TERM_LITERAL ? q[2]->value : NULL;
	if (!o)
		return KG_OK;
	map_row *r = row_of(m, q[0]->value);
	if (!r) {
		m->failed = 1;
		return KG_ERR_NOMEM;
	}
	if (!strcmp(p, "class"))
		set_str(m, &r->cls, o);
	else if (!strcmp(p, "alsoClass"))
		set_str(m, &r->also, o);
	else if (!strcmp(p, "eventType"))
		set_str(m, &r->event_type, o);
	else if (!strcmp(p, "subEventType"))
		set_str(m, &r->sub_event_type, o);
	else if (!strcmp(p, "precision"))
		set_str(m, &r->precision, o);
	else if (!strcmp(p, "importAs"))
		r->import = !strcmp(o, "true") || !strcmp(o, "1");
	else if (!strcmp(p, "timePrecision"))
		r->time_code = atoi(o);
	else if (!strcmp(p, "geoPrecision"))
		r->geo_code = atoi(o);
	return m->failed ? KG_ERR_NOMEM : KG_OK;
}

static void
mapping_free(mapping *m)
{
	for (size_t i = 0; i < m->n; i++) {
		map_row *r = &m->rows[i];
		free(r->subject);
		free(r->cls);
		free(r->also);
		free(r->event_type);
		free(r->sub_event_type);
		free(r->precision);
	}
	free(m->rows);
}

static kg_status
mapping_read(kg_db *db, const char *path, mapping *m)
{
	memset(m, 0, sizeof *m);
	if (!path)
		return kg_db_error(db, KG_ERR_ARG, NULL, 0, 0, "loading ACLED "
		                   "needs its mapping table "
		                   "(data/acled-mapping.ttl)");
	const kg_plugin_ops *ops = db->store->rl_ops;
	if (!ops && !(ops = db->store->rl_ops =
	                  kg_plugin(db, "reading the ACLED mapping")))
		return db->err_status;
	FILE *f = fopen(path, "rb");
	if (!f)
		return kg_db_error(db, KG_ERR_IO, path, 0, 0, "cannot open the "
		                   "ACLED mapping %s: %s", path, strerror(errno));
	char base[4096];
	snprintf(base, sizeof base, "file://%s", path);
	kg_parse_job job = {
		.f = f, .path = path, .format = "turtle", .base = base,
		.quad = on_mapping_triple, .ctx = m,
	};
	kg_status st = ops->parse(db, &job);
	fclose(f);
	if (m->failed)
		st = kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	if (!st && !m->n)
		st = kg_db_error(db, KG_ERR_ARG, path, 0, 0, "%s has no ACLED "
		                 "mapping rows", path);
	return st;
}

static const map_row *
type_row(const mapping *m, const char *event_type, const char *sub)
{
	for (size_t i = 0; i < m->n; i++) {
		const map_row *r = &m->rows[i];
		if (r->import && r->cls && r->event_type && r->sub_event_type &&
		    !strcmp(r->event_type, event_type) &&
		    !strcmp(r->sub_event_type, sub))
			return r;
	}
	return NULL;
}

static const char *
precision_of(const mapping *m, int time, int code)
{
	for (size_t i = 0; i < m->n; i++) {
		const map_row *r = &m->rows[i];
		if (r->import && r->precision &&
		    (time ? r->time_code : r->geo_code) == code)
			return r->precision;
	}
	return NULL;
}

/* ---- writing N-Triples ------------------------------------------------ */

static int
put_iri(kg_buf *b, const char *iri)
{
	return kg_buf_printf(b, "<%s>", iri);
}

/* An IRI: prefix then `s` percent-encoded, its ASCII letters lowered
 * and spaces made '-' when `slug`. */
static int
put_minted(kg_buf *b, const char *prefix, const char *s, int slug)
{
	int rc = kg_buf_printf(b, "<%s", prefix);
	for (const unsigned char *c = (const unsigned char *)s; !rc && *c; c++) {
		if (isalnum(*c) || strchr("-._~", *c))
			rc = kg_buf_putc(b, (char)(slug ? tolower(*c) : *c));
		else if (slug && *c == ' ')
			rc = kg_buf_putc(b, '-');
		else
			rc = kg_buf_printf(b, "%%%02X", *c);
	}
	return rc || kg_buf_putc(b, '>');
}

static int
put_literal(kg_buf *b, const char *s, const char *lang, const char *dt)
{
	int rc = kg_buf_putc(b, '"');
	for (const unsigned char *c = (const unsigned char *)s; !rc && *c; c++) {
		switch (*c) {
		case '"': rc = kg_buf_puts(b, "\\\""); break;
		case '\\': rc = kg_buf_puts(b, "\\\\"); break;
		case '\n': rc = kg_buf_puts(b, "\\n"); break;
		case '\r': rc = kg_buf_puts(b, "\\r"); break;
		case '\t': rc = kg_buf_puts(b, "\\t"); break;
		default:
			rc = *c < 0x20 ? kg_buf_printf(b, "\\u%04X", *c)
			               : kg_buf_putc(b, (char)*c);
		}
	}
	rc = rc || kg_buf_putc(b, '"');
	if (!rc && lang)
		rc = kg_buf_printf(b, "@%s", lang);
	else if (!rc && dt)
		rc = kg_buf_printf(b, "^^<%s>", dt);
	return rc;
}

/* One triple: subject and object already written as N-Triples terms. */
static int
triple(kg_buf *b, const char *s, const char *p, const char *o)
{
	return kg_buf_printf(b, "%s <%s> %s .\n", s, p, o);
}

/* ---- the store's names ----------------------------------------------- */

/* The IRI (caller frees) of a resource the store labels `name` with one
 * of `props` (in English or without a language), or NULL. */
static char *
find_labelled(kg_db *db, const char *name, const char *const *props)
{
	for (const char *const *p = props; *p; p++)
		for (int tagged = 1; tagged >= 0; tagged--) {
			kg_term pt = {KG_TERM_IRI, *p, NULL, NULL};
			kg_term ot = {KG_TERM_LITERAL, name, NULL,
			              tagged ? "en" : NULL};
			kg_match *m;
			if (kg_match_new(db, NULL, &pt, &ot, NULL,
			                 KG_MATCH_ANY_GRAPH, &m))
				continue;
			const kg_term *q[4];
			char *found = NULL;
			while (!found && kg_match_next(m, q) == KG_OK)
				if (q[0]->kind == KG_TERM_IRI)
					found = strdup(q[0]->value);
			kg_match_free(m);
			if (found)
				return found;
		}
	return NULL;
}

static const char *const label_props[] = {RDFS "label", SKOS "altLabel",
                                          NULL};
static const char *const title_props[] = {DCT "title", RDFS "label", NULL};

/* ---- one row --------------------------------------------------------- */

enum {
	C_ID, C_DATE, C_TIME_PREC, C_TYPE, C_SUBTYPE, C_ACTOR1, C_ASSOC1,
	C_INTER1, C_ACTOR2, C_ASSOC2, C_INTER2, C_COUNTRY, C_ADMIN1,
	C_LOCATION, C_LAT, C_LONG, C_GEO_PREC, C_SOURCE, C_NOTES,
	C_FATALITIES, C_COUNT
};

static const char *const column_names[C_COUNT] = {
	"event_id_cnty", "event_date", "time_precision", "event_type",
	"sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
	"assoc_actor_2", "inter2", "country", "admin1", "location",
	"latitude", "longitude", "geo_precision", "source", "notes",
	"fatalities",
};

typedef struct {
	kg_db *db;
	const char *path;
	mapping map;
	kg_csv csv;
	int col[C_COUNT]; /* the CSV column of each, -1: absent */
	kg_buf out;       /* N-Triples of the row */
	kg_buf term;      /* scratch for one term */
	kg_buf term2;
} importer;

/* Field `c` of the row, "" when the file has no such column. */
static const char *
field(const importer *im, int c)
{
	const char *f = im->col[c] >= 0 ? kg_csv_field(&im->csv,
	                                               (size_t)im->col[c])
	                                : NULL;
	return f ? f : "";
}

/* "COLUMN: 'VALUE' WHY" at the field's line and column. */
static kg_status
row_error(importer *im, int c, const char *value, const char *why)
{
	unsigned line, col;
	kg_csv_where(&im->csv, im->col[c] >= 0 ? (size_t)im->col[c]
	                                       : (size_t)-1, &line, &col);
	return kg_db_error(im->db, KG_ERR_SYNTAX, im->path, (int)line,
	                   (int)col, "%s: '%s' %s", column_names[c], value,
	                   why);
}

static int
month_of(const char *name)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"};
	for (int i = 0; i < 12; i++)
		if (!strcasecmp(name, months[i]))
			return i + 1;
	return 0;
}

/* ACLED's dates: "2024-11-27" (its API) or "27 November 2024" (its
 * export tool); into `iso`, 32 bytes.  0 when it is neither. */
static int
parse_date(const char *s, char *iso)
{
	int y, m, d, n = 0;
	char name[16];
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !s[n]) {
		/* as given */
	} else if (sscanf(s, "%2d %15s %4d%n", &d, name, &y, &n) == 3 &&
	           !s[n] && (m = month_of(name))) {
		/* a month by name */
	} else {
		return 0;
	}
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	                           31};
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	snprintf(iso, 32, "%04d-%02d-%02d", y, m, d);
	return 1;
}

static int
is_decimal(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	size_t digits = strspn(s, "0123456789");
	s += digits;
	if (*s == '.') {
		size_t frac = strspn(s + 1, "0123456789");
		digits += frac;
		s += 1 + frac;
	}
	return digits > 0 && !*s;
}

/* The term (written into `b`) of the resource named `name`: the store's
 * if it labels one so, else one minted under KG_ACLED_MINT `kind`/, with
 * its label and `classes` (NULL-ended) added to the row. */
static kg_status
resource(importer *im, kg_buf *b, const char *kind, const char *name,
         const char *const *props, const char *const *classes)
{
	kg_buf_reset(b);
	char *iri = find_labelled(im->db, name, props);
	if (iri) {
		int rc = put_iri(b, iri);
		free(iri);
		return rc ? KG_ERR_NOMEM : KG_OK;
	}
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s%s/", KG_ACLED_MINT, kind);
	kg_buf lit = {0};
	int rc = put_minted(b, prefix, name, 1) ||
	         put_literal(&lit, name, "en", NULL) ||
	         triple(&im->out, kg_buf_str(b), RDFS "label", kg_buf_str(&lit));
	for (const char *const *c = classes; !rc && *c; c++) {
		kg_buf_reset(&lit);
		rc = put_iri(&lit, *c) ||
		     triple(&im->out, kg_buf_str(b), RDF_TYPE, kg_buf_str(&lit));
	}
	kg_buf_free(&lit);
	return rc ? KG_ERR_NOMEM : KG_OK;
}

/* The class an actor minted from ACLED's inter text gets. */
static const char *
actor_class(const char *inter)
{
	if (!strcmp(inter, "State forces"))
		return KGO "StateArmedForces";
	if (!strcmp(inter, "Rebel group"))
		return KGO "ArmedGroup";
	if (!strcmp(inter, "Civilians"))
		return KGO "CivilianGroup";
	return NULL;
}

/* Adds the actors of one side: `first` (with ACLED's inter text) and
 * the "; "-separated `assoc`, each with the properties `props`. */
static kg_status
side(importer *im, const char *ev, const char *first, const char *inter,
     const char *assoc, const char *const *props)
{
	kg_status st = KG_OK;
	char *list = strdup(assoc);
	if (!list)
		return KG_ERR_NOMEM;
	const char *names[64];
	size_t n = 0;
	if (*first)
		names[n++] = first;
	for (char *save = NULL, *t = strtok_r(list, ";", &save); t && n < 64;
	     t = strtok_r(NULL, ";", &save)) {
		while (*t == ' ')
			t++;
		size_t len = strlen(t);
		while (len && t[len - 1] == ' ')
			t[--len] = '\0';
		if (*t)
			names[n++] = t;
	}
	for (size_t i = 0; i < n && !st; i++) {
		const char *cls = i == 0 ? actor_class(inter) : NULL;
		const char *classes[] = {SEM "Actor", cls, NULL};
		st = resource(im, &im->term, "actor", names[i], label_props,
		              classes);
		int rc = 0;
		for (const char *const *p = props; !st && !rc && *p; p++)
			rc = triple(&im->out, ev, *p, kg_buf_str(&im->term));
		if (rc)
			st = KG_ERR_NOMEM;
	}
	free(list);
	return st;
}

static kg_status
import_row(importer *im)
{
	kg_buf *o = &im->out;
	kg_buf_reset(o);
	const char *id = field(im, C_ID);
	if (!*id)
		return row_error(im, C_ID, id, "is empty: every event needs "
		                 "its identifier");
	char ev[2048];
	kg_buf evb = {0};
	int rc = put_minted(&evb, KGR, id, 0);
	snprintf(ev, sizeof ev, "%s", kg_buf_str(&evb));
	kg_buf_free(&evb);
	if (rc)
		return KG_ERR_NOMEM;

	/* the type */
	const char *type = field(im, C_TYPE), *sub = field(im, C_SUBTYPE);
	rc = triple(o, ev, RDF_TYPE, "<" SEM "Event>");
	const map_row *tr = NULL;
	if (*type || *sub) {
		tr = type_row(&im->map, type, sub);
		if (!tr)
			return row_error(im, C_SUBTYPE, sub, "is not a sub-event "
			                 "type the mapping table "
			                 "(data/acled-mapping.ttl) has for the "
			                 "row's event_type");
		kg_buf_reset(&im->term);
		rc = rc || put_iri(&im->term, tr->cls) ||
		     triple(o, ev, RDF_TYPE, kg_buf_str(&im->term));
		if (tr->also) {
			kg_buf_reset(&im->term);
			rc = rc || put_iri(&im->term, tr->also) ||
			     triple(o, ev, RDF_TYPE, kg_buf_str(&im->term));
		}
	}
	int change = tr && ((tr->also && !strcmp(tr->also, KGO "ChangeOfControl"))
	                    || !strcmp(tr->cls, KGO "ChangeOfControl"));

	/* the date and its precision */
	char iso[32];
	const char *date = field(im, C_DATE);
	if (!parse_date(date, iso))
		return row_error(im, C_DATE, date, "is not a date "
		                 "(2024-11-27 or 27 November 2024)");
	const char *tp = field(im, C_TIME_PREC);
	const char *dp = NULL;
	if (*tp && !(dp = precision_of(&im->map, 1, atoi(tp))))
		return row_error(im, C_TIME_PREC, tp, "is not a time "
		                 "precision (1, 2 or 3)");
	kg_buf_reset(&im->term);
	rc = rc || put_literal(&im->term, iso, NULL, XSD "date") ||
	     triple(o, ev, !strcmp(tp, "1") ? SEM "hasTimeStamp"
	                                    : SEM "hasEarliestBeginTimeStamp",
	            kg_buf_str(&im->term));
	if (dp) {
		kg_buf_reset(&im->term);
		rc = rc || put_iri(&im->term, dp) ||
		     triple(o, ev, KGO "datePrecision", kg_buf_str(&im->term));
	}

	/* a label, since every event has one (check 12) */
	kg_buf_reset(&im->term);
	kg_buf lab = {0};
	rc = rc || kg_buf_printf(&lab, "%s%s%s (%s)", *sub ? sub : "event",
	                         *field(im, C_LOCATION) ? " in " : "",
	                         field(im, C_LOCATION), iso) ||
	     put_literal(&im->term, kg_buf_str(&lab), "en", NULL) ||
	     triple(o, ev, RDFS "label", kg_buf_str(&im->term));
	kg_buf_free(&lab);
	if (rc)
		return KG_ERR_NOMEM;

	/* the actors */
	const char *const gained[] = {KGO "agent", KGO "gainedBy",
	                              SEM "hasActor", NULL};
	const char *const acted[] = {KGO "agent", SEM "hasActor", NULL};
	const char *const lost[] = {KGO "target", KGO "lostBy",
	                            SEM "hasActor", NULL};
	const char *const hit[] = {KGO "target", SEM "hasActor", NULL};
	kg_status st = side(im, ev, field(im, C_ACTOR1), field(im, C_INTER1),
	                    field(im, C_ASSOC1), change ? gained : acted);
	if (!st)
		st = side(im, ev, field(im, C_ACTOR2), field(im, C_INTER2),
		          field(im, C_ASSOC2), change ? lost : hit);
	if (st)
		return st;

	/* the place, in its governorate, in its country */
	const char *country = field(im, C_COUNTRY);
	const char *admin1 = field(im, C_ADMIN1);
	const char *loc = field(im, C_LOCATION);
	char *up = NULL; /* the term of the place the next lies in */
	if (*country) {
		const char *classes[] = {KGO "Country", SEM "Place", NULL};
		if ((st = resource(im, &im->term, "place", country, label_props,
		                   classes)))
			return st;
		up = strdup(kg_buf_str(&im->term));
	}
	if (*admin1 && strcmp(admin1, country)) {
		const char *classes[] = {KGO "Governorate", SEM "Place", NULL};
		if ((st = resource(im, &im->term, "place", admin1, label_props,
		                   classes))) {
			free(up);
			return st;
		}
		char *known = find_labelled(im->db, admin1, label_props);
		if (up && !known)
			rc = rc || triple(o, kg_buf_str(&im->term),
			                  KGO "locatedIn", up);
		free(known);
		free(up);
		up = strdup(kg_buf_str(&im->term));
	}
	if (*loc) {
		const char *classes[] = {SEM "Place", NULL};
		char *known = find_labelled(im->db, loc, label_props);
		if ((st = resource(im, &im->term, "place", loc, label_props,
		                   classes))) {
			free(known);
			free(up);
			return st;
		}
		const char *place = kg_buf_str(&im->term);
		rc = rc || triple(o, ev, SEM "hasPlace", place);
		if (change)
			rc = rc || triple(o, ev, KGO "placeTaken", place);
		if (!known) {
			/* a place of the file: its coordinates and where */
			const char *lat = field(im, C_LAT), *lon = field(im, C_LONG);
			if ((*lat || *lon) && !(is_decimal(lat) && is_decimal(lon))) {
				free(up);
				return row_error(im, is_decimal(lat) ? C_LONG : C_LAT,
				                 is_decimal(lat) ? lon : lat,
				                 "is not a decimal number");
			}
			if (*lat) {
				kg_buf_reset(&im->term2);
				rc = rc || put_literal(&im->term2, lat, NULL,
				                       XSD "decimal") ||
				     triple(o, place, GEO "lat", kg_buf_str(&im->term2));
				kg_buf_reset(&im->term2);
				rc = rc || put_literal(&im->term2, lon, NULL,
				                       XSD "decimal") ||
				     triple(o, place, GEO "long", kg_buf_str(&im->term2));
			}
			if (up && strcmp(up, place))
				rc = rc || triple(o, place, KGO "locatedIn", up);
		}
		free(known);
	}
	free(up);
	const char *gp = field(im, C_GEO_PREC);
	const char *pp = NULL;
	if (*gp && !(pp = precision_of(&im->map, 0, atoi(gp))))
		return row_error(im, C_GEO_PREC, gp, "is not a geo "
		                 "precision (1, 2 or 3)");
	if (pp) {
		kg_buf_reset(&im->term);
		rc = rc || put_iri(&im->term, pp) ||
		     triple(o, ev, KGO "placePrecision", kg_buf_str(&im->term));
	}

	/* sources ("; "-separated), the quotes (" | "-separated) */
	char *list = strdup(field(im, C_SOURCE));
	if (!list)
		return KG_ERR_NOMEM;
	for (char *save = NULL, *t = strtok_r(list, ";", &save); t && !st;
	     t = strtok_r(NULL, ";", &save)) {
		while (*t == ' ')
			t++;
		if (!*t)
			continue;
		const char *classes[] = {PROV "Entity", NULL};
		st = resource(im, &im->term, "source", t, title_props, classes);
		rc = rc || (!st && triple(o, ev, PROV "wasDerivedFrom",
		                          kg_buf_str(&im->term)));
	}
	free(list);
	if (st)
		return st;
	const char *notes = field(im, C_NOTES);
	while (*notes && !rc) {
		const char *bar = strstr(notes, " | ");
		size_t len = bar ? (size_t)(bar - notes) : strlen(notes);
		char *q = strndup(notes, len);
		kg_buf_reset(&im->term);
		rc = !q || put_literal(&im->term, q, NULL, NULL) ||
		     triple(o, ev, KGO "quote", kg_buf_str(&im->term));
		free(q);
		notes += len + (bar ? 3 : 0);
	}

	/* fatalities: one figure of the killed, when there are any */
	const char *fat = field(im, C_FATALITIES);
	if (*fat) {
		char *end;
		errno = 0;
		long n = strtol(fat, &end, 10);
		if (*end || n < 0 || errno)
			return row_error(im, C_FATALITIES, fat, "is not a "
			                 "number of people");
		if (n > 0) {
			kg_buf fig = {0};
			rc = rc || kg_buf_printf(&fig, "%s", ev) || fig.len < 2;
			if (!rc) {
				/* <...id/X> becomes <...id/X-fatalities> */
				fig.data[fig.len - 1] = '\0';
				fig.len--;
				rc = kg_buf_puts(&fig, "-fatalities>");
			}
			kg_buf_reset(&im->term);
			rc = rc || kg_buf_printf(&im->term, "\"%ld\"^^<%s>", n,
			                         XSD "integer") ||
			     triple(o, ev, KGO "casualties", kg_buf_str(&fig)) ||
			     triple(o, kg_buf_str(&fig), RDF_TYPE,
			            "<" KGO "CasualtyFigure>") ||
			     triple(o, kg_buf_str(&fig), KGO "casualtyKind",
			            "<" KGO "Killed>") ||
			     triple(o, kg_buf_str(&fig), KGO "casualtyCount",
			            kg_buf_str(&im->term));
			kg_buf_free(&fig);
		}
	}
	return rc ? KG_ERR_NOMEM : KG_OK;
}

/* ---- the file -------------------------------------------------------- */

static char *
read_input(kg_db *db, const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		kg_db_error(db, KG_ERR_IO, path, 0, 0, "cannot open %s: %s",
		            path, strerror(errno));
		return NULL;
	}
	kg_buf b = {0};
	char chunk[65536];
	size_t n;
	int rc = kg_buf_puts(&b, "");
	while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = kg_buf_put(&b, chunk, n);
	int err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (rc || err) {
		kg_buf_free(&b);
		kg_db_error(db, rc ? KG_ERR_NOMEM : KG_ERR_IO, path, 0, 0,
		            "cannot read %s", path);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

kg_status
kg_acled_convert(kg_db *db, const char *path, const char *mapping_path,
                 FILE **out)
{
	*out = NULL;
	importer im;
	memset(&im, 0, sizeof im);
	im.db = db;
	im.path = path;
	kg_status st = mapping_read(db, mapping_path, &im.map);
	size_t len = 0;
	char *text = st ? NULL : read_input(db, path, &len);
	if (!st && !text)
		st = db->err_status ? db->err_status : KG_ERR_IO;
	FILE *nt = NULL;
	if (!st && !(nt = tmpfile()))
		st = kg_db_error(db, KG_ERR_IO, NULL, 0, 0, "cannot create a "
		                 "temporary file: %s", strerror(errno));
	if (!st) {
		kg_csv_init(&im.csv, text, len);
		st = kg_csv_next(&im.csv);
		if (st == KG_DONE)
			st = kg_db_error(db, KG_ERR_SYNTAX, path, 1, 1, "%s is "
			                 "empty: no header row", path);
	}
	for (int c = 0; !st && c < C_COUNT; c++) {
		im.col[c] = -1;
		for (size_t i = 0; i < kg_csv_count(&im.csv); i++)
			if (!strcmp(kg_csv_field(&im.csv, i), column_names[c]))
				im.col[c] = (int)i;
	}
	if (!st && (im.col[C_ID] < 0 || im.col[C_DATE] < 0))
		st = kg_db_error(db, KG_ERR_SYNTAX, path, 1, 1, "the header "
		                 "has no %s column: not ACLED's layout",
		                 im.col[C_ID] < 0 ? "event_id_cnty"
		                                  : "event_date");
	size_t width = st ? 0 : kg_csv_count(&im.csv);
	while (!st && (st = kg_csv_next(&im.csv)) == KG_OK) {
		if (kg_csv_count(&im.csv) != width) {
			st = kg_db_error(db, KG_ERR_SYNTAX, path,
			                 (int)im.csv.rec_line, 1, "the row has "
			                 "%zu fields, the header %zu",
			                 kg_csv_count(&im.csv), width);
			break;
		}
		st = import_row(&im);
		if (!st && fwrite(im.out.data, 1, im.out.len, nt) != im.out.len)
			st = kg_db_error(db, KG_ERR_IO, NULL, 0, 0, "cannot write "
			                 "a temporary file: %s", strerror(errno));
	}
	if (st == KG_DONE)
		st = KG_OK;
	if (st == KG_ERR_SYNTAX && !db->err_status)
		st = kg_db_error(db, st, path, (int)im.csv.err_line,
		                 (int)im.csv.err_col, "%s", im.csv.msg);
	else if (st && !db->err_status)
		st = kg_db_error(db, st, NULL, 0, 0, "out of memory");
	if (!st && (fflush(nt) || fseek(nt, 0, SEEK_SET)))
		st = kg_db_error(db, KG_ERR_IO, NULL, 0, 0, "cannot read a "
		                 "temporary file back: %s", strerror(errno));
	kg_csv_free(&im.csv);
	kg_buf_free(&im.out);
	kg_buf_free(&im.term);
	kg_buf_free(&im.term2);
	mapping_free(&im.map);
	free(text);
	if (st) {
		if (nt)
			fclose(nt);
		return st;
	}
	*out = nt;
	return KG_OK;
}

/* read.c: SPARQL JSON results and N-Triples from an endpoint, into
 * in-memory result sets (read.h). */
#include "remote/read.h"
#include "remote/json.h"
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xsd:string is how SPARQL 1.1 spells a plain literal; kg's terms say
 * it with no datatype, as the local store does. */
static const char *
plain_datatype(const char *dt)
{
	return dt && !strcmp(dt, KG_XSD "string") ? NULL : dt;
}

/* One binding object {"type": ..., "value": ..., ...} into `t`. */
static int
json_term(const kg_json *b, kg_term *t)
{
	const char *type = kg_json_string(kg_json_get(b, "type"));
	const char *value = kg_json_string(kg_json_get(b, "value"));
	if (!type || !value)
		return -1;
	memset(t, 0, sizeof *t);
	t->value = value;
	if (!strcmp(type, "uri")) {
		t->kind = KG_TERM_IRI;
	} else if (!strcmp(type, "bnode")) {
		t->kind = KG_TERM_BLANK;
	} else if (!strcmp(type, "literal") || !strcmp(type, "typed-literal")) {
		/* "typed-literal" is the 2008 note's spelling, which
		 * Virtuoso still sends. */
		t->kind = KG_TERM_LITERAL;
		t->lang = kg_json_string(kg_json_get(b, "xml:lang"));
		t->datatype = t->lang ? NULL : plain_datatype(
			kg_json_string(kg_json_get(b, "datatype")));
	} else {
		return -1;
	}
	return 0;
}

static kg_status
bad(char *err, size_t errsize, const char *what)
{
	snprintf(err, errsize, "%s", what);
	return KG_ERR_SYNTAX;
}

/* Reading a result set: the table, and head.vars once known. */
typedef struct {
	kg_db *db;
	kg_results *r;
	size_t width;
	const char **names;
	const kg_term **row;
	kg_term *terms;
	char *err;
	size_t errsize;
	kg_status failed;   /* why the hook stopped the parse */
} json_rows;

/* The table for head.vars `vars`. */
static kg_status
rows_start(json_rows *j, const kg_json *vars)
{
	if (!vars || vars->type != KG_JSON_ARRAY)
		return bad(j->err, j->errsize, "a SPARQL JSON result document "
		           "needs head.vars and results.bindings, or boolean");
	size_t width = 0;
	for (const kg_json *v = vars->child; v; v = v->next) {
		if (v->type != KG_JSON_STRING)
			return bad(j->err, j->errsize,
			           "a name in head.vars is no string");
		width++;
	}
	size_t n = width ? width : 1;
	j->width = width;
	j->names = calloc(n, sizeof *j->names);
	j->row = calloc(n, sizeof *j->row);
	j->terms = calloc(n, sizeof *j->terms);
	if (!j->names || !j->row || !j->terms ||
	    !(j->r = kg_table_new(j->db, KG_RESULTS_BINDINGS, width)))
		return KG_ERR_NOMEM;
	size_t i = 0;
	for (const kg_json *v = vars->child; v; v = v->next, i++) {
		j->names[i] = v->str;
		kg_status st = kg_results_set_name(j->r, i, v->str);
		if (st)
			return st;
	}
	return KG_OK;
}

/* One solution `b` as a row of the table. */
static kg_status
rows_add(json_rows *j, const kg_json *b)
{
	size_t i, width = j->width;
	if (b->type != KG_JSON_OBJECT)
		return bad(j->err, j->errsize, "a solution is no object");
	for (i = 0; i < width; i++)
		j->row[i] = NULL;
	for (const kg_json *m = b->child; m; m = m->next) {
		for (i = 0; i < width && strcmp(j->names[i], m->key); i++)
			;
		if (i == width)
			continue; /* not a variable of head.vars: ignored */
		if (json_term(m, &j->terms[i])) {
			snprintf(j->err, j->errsize, "the value of ?%s is no "
			         "RDF term", m->key);
			return KG_ERR_SYNTAX;
		}
		j->row[i] = &j->terms[i];
	}
	return kg_table_add(j->r, j->row);
}

/* kg_json_parse_each()'s hook: a solution into the table as soon as it
 * is read, so that the document's tree never holds them all (it would
 * take several times the answer's size).  Before head.vars is known
 * (a document may put it last) the solutions stay in the tree. */
static int
on_solution(void *ctx, const kg_json_doc *doc, const kg_json *b)
{
	json_rows *j = ctx;
	if (!j->r) {
		const kg_json *vars = kg_json_get(kg_json_get(kg_json_root(doc),
		                                              "head"), "vars");
		if (!vars)
			return 0;
		if ((j->failed = rows_start(j, vars)))
			return -1;
	}
	return (j->failed = rows_add(j, b)) ? -1 : 1;
}

kg_status
kg_remote_read_json(kg_db *db, const char *text, size_t len, kg_results **out,
                    char *err, size_t errsize)
{
	*out = NULL;
	char jerr[128] = "";
	json_rows j = {db, NULL, 0, NULL, NULL, NULL, jerr, sizeof jerr, KG_OK};
	kg_json_doc *doc = kg_json_parse_each(text, len, "results", "bindings",
	                                      on_solution, &j, jerr,
	                                      sizeof jerr);
	kg_status st = KG_OK;
	if (!doc) {
		/* The hook's own failure, or the document's. */
		if (j.failed == KG_ERR_SYNTAX)
			snprintf(err, errsize, "%s", jerr);
		else if (!j.failed)
			snprintf(err, errsize, "not a SPARQL JSON result document "
			         "(%s)", jerr);
		st = j.failed ? j.failed : KG_ERR_SYNTAX;
		goto done;
	}
	j.err = err;
	j.errsize = errsize;
	const kg_json *root = kg_json_root(doc);
	const kg_json *boolean = kg_json_get(root, "boolean");
	const kg_json *bindings = kg_json_get(kg_json_get(root, "results"),
	                                      "bindings");
	if (boolean && !j.r) {
		if (boolean->type != KG_JSON_TRUE && boolean->type != KG_JSON_FALSE) {
			st = bad(err, errsize, "\"boolean\" is neither true nor false");
			goto done;
		}
		if (!(j.r = kg_table_new(db, KG_RESULTS_BOOLEAN, 0))) {
			st = KG_ERR_NOMEM;
			goto done;
		}
		j.r->boolean = boolean->type == KG_JSON_TRUE;
		goto done;
	}
	if (!bindings || bindings->type != KG_JSON_ARRAY) {
		st = bad(err, errsize, "a SPARQL JSON result document needs "
		         "head.vars and results.bindings, or boolean");
		goto done;
	}
	/* The solutions the hook left in the tree: all of them when
	 * head.vars came last, none otherwise. */
	if (!j.r &&
	    (st = rows_start(&j, kg_json_get(kg_json_get(root, "head"), "vars"))))
		goto done;
	for (const kg_json *b = bindings->child; b; b = b->next)
		if ((st = rows_add(&j, b)))
			goto done;
done:
	free(j.names);
	free(j.row);
	free(j.terms);
	kg_json_free(doc);
	if (st) {
		kg_results_free(j.r);
		j.r = NULL;
	}
	*out = j.r;
	return st;
}

/* ---- N-Triples --------------------------------------------------------- */

typedef struct {
	const char *p, *end;
	long line;
} nt_reader;

static void
nt_space(nt_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
}

static int
nt_hex(const char *p, int n, unsigned long *out)
{
	unsigned long v = 0;
	for (int i = 0; i < n; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int
nt_utf8(kg_buf *b, unsigned long cp)
{
	char o[4];
	size_t n;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return kg_buf_put(b, o, n);
}

/* Copies text up to `close` into `b`, undoing N-Triples escapes. */
static int
nt_text(nt_reader *r, char close, kg_buf *b)
{
	while (r->p < r->end && *r->p != close && *r->p != '\n') {
		char c = *r->p++;
		if (c != '\\') {
			if (kg_buf_putc(b, c))
				return -1;
			continue;
		}
		if (r->p >= r->end)
			return -1;
		char e = *r->p++;
		unsigned long cp;
		const char *simple = strchr("tbnrf\"'\\", e);
		if (e && simple) {
			static const char to[] = "\t\b\n\r\f\"'\\";
			if (kg_buf_putc(b, to[simple - "tbnrf\"'\\"]))
				return -1;
		} else if ((e == 'u' || e == 'U') &&
		           r->end - r->p >= (e == 'u' ? 4 : 8) &&
		           !nt_hex(r->p, e == 'u' ? 4 : 8, &cp) && cp <= 0x10FFFF) {
			r->p += e == 'u' ? 4 : 8;
			if (nt_utf8(b, cp))
				return -1;
		} else {
			return -1;
		}
	}
	if (r->p >= r->end || *r->p != close)
		return -1;
	r->p++;
	return 0;
}

/* One term into `b` (value \0 datatype-or-lang), its kind and which of
 * datatype and lang it has. */
static int
nt_term(nt_reader *r, kg_buf *b, kg_term_kind *kind, int *extra)
{
	*extra = 0;
	nt_space(r);
	if (r->p >= r->end)
		return -1;
	if (*r->p == '<') {
		r->p++;
		*kind = KG_TERM_IRI;
		return nt_text(r, '>', b) || kg_buf_putc(b, '\0') ? -1 : 0;
	}
	if (*r->p == '_' && r->end - r->p > 2 && r->p[1] == ':') {
		r->p += 2;
		*kind = KG_TERM_BLANK;
		const char *s = r->p;
		while (r->p < r->end && *r->p != ' ' && *r->p != '\t' &&
		       *r->p != '\n' && *r->p != '\r')
			r->p++;
		/* "_:b1." is legal: a label does not end in a dot. */
		while (r->p > s && r->p[-1] == '.')
			r->p--;
		return r->p == s || kg_buf_put(b, s, (size_t)(r->p - s)) ||
		       kg_buf_putc(b, '\0') ? -1 : 0;
	}
	if (*r->p == '"') {
		r->p++;
		*kind = KG_TERM_LITERAL;
		if (nt_text(r, '"', b) || kg_buf_putc(b, '\0'))
			return -1;
		if (r->p < r->end && *r->p == '@') {
			const char *s = ++r->p;
			while (r->p < r->end && (*r->p == '-' ||
			       (*r->p >= 'a' && *r->p <= 'z') ||
			       (*r->p >= 'A' && *r->p <= 'Z') ||
			       (*r->p >= '0' && *r->p <= '9')))
				r->p++;
			*extra = 2;
			return r->p == s || kg_buf_put(b, s, (size_t)(r->p - s)) ||
			       kg_buf_putc(b, '\0') ? -1 : 0;
		}
		if (r->end - r->p > 3 && r->p[0] == '^' && r->p[1] == '^' &&
		    r->p[2] == '<') {
			r->p += 3;
			*extra = 1;
			return nt_text(r, '>', b) || kg_buf_putc(b, '\0') ? -1 : 0;
		}
		return 0;
	}
	return -1;
}

kg_status
kg_remote_read_ntriples(kg_db *db, const char *text, size_t len,
                        kg_results **out, char *err, size_t errsize)
{
	*out = NULL;
	kg_results *r = kg_table_new(db, KG_RESULTS_GRAPH, 3);
	if (!r)
		return KG_ERR_NOMEM;
	nt_reader rd = {text, text + len, 1};
	kg_buf parts[3] = {{0}, {0}, {0}};
	kg_status st = KG_OK;
	while (rd.p < rd.end) {
		nt_space(&rd);
		if (rd.p < rd.end && (*rd.p == '\n' || *rd.p == '\r' ||
		                      *rd.p == '#')) {
			while (rd.p < rd.end && *rd.p != '\n')
				rd.p++;
			if (rd.p < rd.end) {
				rd.p++;
				rd.line++;
			}
			continue;
		}
		if (rd.p >= rd.end)
			break;
		kg_term t[3];
		/* A graph row has a fourth slot, the graph: none here. */
		const kg_term *row[4] = {NULL, NULL, NULL, NULL};
		for (int i = 0; i < 3; i++) {
			kg_term_kind kind;
			int extra;
			kg_buf_reset(&parts[i]);
			if (nt_term(&rd, &parts[i], &kind, &extra))
				goto syntax;
			const char *v = kg_buf_str(&parts[i]);
			t[i].kind = kind;
			t[i].value = v;
			t[i].datatype = extra == 1 ? plain_datatype(v + strlen(v) + 1)
			                           : NULL;
			t[i].lang = extra == 2 ? v + strlen(v) + 1 : NULL;
			row[i] = &t[i];
		}
		nt_space(&rd);
		if (rd.p >= rd.end || *rd.p != '.')
			goto syntax;
		rd.p++;
		nt_space(&rd);
		if (rd.p < rd.end && *rd.p == '\r')
			rd.p++;
		if (rd.p < rd.end && *rd.p != '\n')
			goto syntax;
		if ((st = kg_table_add(r, row)))
			goto done;
	}
	goto done;
syntax:
	snprintf(err, errsize, "not an N-Triples document (line %ld)", rd.line);
	st = KG_ERR_SYNTAX;
done:
	for (int i = 0; i < 3; i++)
		kg_buf_free(&parts[i]);
	if (st) {
		kg_results_free(r);
		r = NULL;
	}
	*out = r;
	return st;
}

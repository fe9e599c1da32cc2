/* rl_parse.c: the Redland plugin's RDF parsing (plugin.h's parse):
 * Raptor reads a file and hands each quad, as kg terms, to libkg's
 * callback (load.c decides where it goes).
 *
 * Blank node labels are scoped by db->bnode_scope, the load's: the
 * labels Raptor makes up or is given in Turtle, TriG and RDF/XML by
 * kg_store_bnode_label(), those of N-Triples and N-Quads (which Raptor
 * passes through unchanged) here.
 */
#include "store/rl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

typedef struct {
	kg_db *db;
	kg_parse_job *job;
	raptor_parser *parser;
	kg_status st;
	/* the scoped labels of blank nodes, one buffer a slot */
	struct {
		char *p;
		size_t cap;
	} label[4];
} parse_state;

/* Raptor for kg's own store, made at the first parse. */
static raptor_world *
native_raptor(kg_db *db)
{
	struct kg_rl *rl = db->store->rl;
	if (!rl && !(rl = db->store->rl = calloc(1, sizeof *rl)))
		return NULL;
	if (rl->raptor)
		return rl->raptor;
	raptor_world *rw = raptor_new_world();
	if (!rw || raptor_world_open(rw)) {
		if (rw)
			raptor_free_world(rw);
		return NULL;
	}
	kg_store_raptor_logger(db, rw);
	raptor_world_set_generate_bnodeid_handler(rw, db, kg_store_bnode_label);
	return rl->raptor = rw;
}

/* The label of blank node `label` in slot i, scoped by the load unless
 * kg_store_bnode_label() scoped it already ("LABEL_SCOPE",
 * "SCOPE-gN"); NULL when out of memory. */
static const char *
scoped(parse_state *ps, int i, const char *label)
{
	const char *scope = ps->db->bnode_scope;
	size_t n = strlen(scope), len = strlen(label);
	if ((len > n && label[len - n - 1] == '_' &&
	     !strcmp(label + len - n, scope)) ||
	    (!strncmp(label, scope, n) && label[n] == '-'))
		return label;
	if (len + n + 2 > ps->label[i].cap) {
		char *p = realloc(ps->label[i].p, len + n + 2);
		if (!p)
			return NULL;
		ps->label[i].p = p;
		ps->label[i].cap = len + n + 2;
	}
	snprintf(ps->label[i].p, ps->label[i].cap, "%s_%s", label, scope);
	return ps->label[i].p;
}

/* A kg_term borrowing the strings of Raptor's term `t`; -1 when out of
 * memory. */
static int
term_of(parse_state *ps, int i, const raptor_term *t, kg_term *out)
{
	memset(out, 0, sizeof *out);
	switch (t->type) {
	case RAPTOR_TERM_TYPE_URI:
		out->kind = KG_TERM_IRI;
		out->value = (const char *)raptor_uri_as_string(t->value.uri);
		break;
	case RAPTOR_TERM_TYPE_BLANK:
		out->kind = KG_TERM_BLANK;
		out->value = t->value.blank.string
		                     ? scoped(ps, i,
		                              (const char *)t->value.blank.string)
		                     : "";
		if (!out->value)
			return -1;
		break;
	default:
		out->kind = KG_TERM_LITERAL;
		out->value = (const char *)t->value.literal.string;
		if (t->value.literal.datatype)
			out->datatype = (const char *)raptor_uri_as_string(
				t->value.literal.datatype);
		if (t->value.literal.language && *t->value.literal.language)
			out->lang = (const char *)t->value.literal.language;
		break;
	}
	if (!out->value)
		out->value = "";
	return 0;
}

static void
on_statement(void *user_data, raptor_statement *rs)
{
	parse_state *ps = user_data;
	if (ps->st || ps->db->err_status) {
		raptor_parser_parse_abort(ps->parser);
		return;
	}
	kg_term t[4];
	const kg_term *q[4] = {&t[0], &t[1], &t[2], NULL};
	int bad = term_of(ps, 0, rs->subject, &t[0]) ||
	          term_of(ps, 1, rs->predicate, &t[1]) ||
	          term_of(ps, 2, rs->object, &t[2]);
	if (rs->graph) {
		bad = bad || term_of(ps, 3, rs->graph, &t[3]);
		q[3] = &t[3];
	} else if (ps->job->graph) {
		memset(&t[3], 0, sizeof t[3]);
		t[3].kind = KG_TERM_IRI;
		t[3].value = ps->job->graph;
		q[3] = &t[3];
	}
	if (bad)
		ps->st = kg_db_error(ps->db, KG_ERR_NOMEM, NULL, 0, 0,
		                     "out of memory");
	else
		ps->st = ps->job->quad(ps->job->ctx, q);
	if (ps->st)
		raptor_parser_parse_abort(ps->parser);
}

kg_status
kg_rl_parse_prepare(kg_db *db)
{
	if (db->store->rl && db->store->rl->world)
		return KG_OK; /* Redland's world made its Raptor */
	return native_raptor(db) ? KG_OK
	       : kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
	                     "cannot start Raptor");
}

kg_status
kg_rl_parse(kg_db *db, kg_parse_job *job)
{
	raptor_world *rw = db->store->rl && db->store->rl->world
	                           ? librdf_world_get_raptor(db->store->rl->world)
	                           : native_raptor(db);
	if (!rw)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
		                   "cannot start Raptor");
	parse_state ps;
	memset(&ps, 0, sizeof ps);
	ps.db = db;
	ps.job = job;
	ps.parser = raptor_new_parser(rw, job->format);
	if (!ps.parser)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0,
		                   "cannot create a %s parser", job->format);
	raptor_uri *base = raptor_new_uri(rw, (const unsigned char *)job->base);
	raptor_parser_set_statement_handler(ps.parser, &ps, on_statement);
	job->bytes = 0;
	char *chunk = malloc(CHUNK);
	kg_status st = chunk && base ? KG_OK : KG_ERR_NOMEM;
	if (!st && raptor_parser_parse_start(ps.parser, base))
		st = KG_ERR_SYNTAX;
	while (!st) {
		size_t n = fread(chunk, 1, CHUNK, job->f);
		if (ferror(job->f)) {
			st = kg_db_error(db, KG_ERR_IO, job->path, 0, 0,
			                 "cannot read %s: %s", job->path,
			                 strerror(errno));
			break;
		}
		job->bytes += n;
		int end = n < CHUNK;
		int rc = raptor_parser_parse_chunk(ps.parser,
		                                   (const unsigned char *)chunk, n,
		                                   end);
		if (ps.st)
			st = ps.st;
		else if (db->err_status)
			st = db->err_status;
		else if (rc)
			st = KG_ERR_SYNTAX;
		if (end)
			break;
	}
	free(chunk);
	raptor_free_parser(ps.parser);
	if (base)
		raptor_free_uri(base);
	for (int i = 0; i < 4; i++)
		free(ps.label[i].p);
	if (st == KG_ERR_SYNTAX && !db->err_status)
		kg_db_error(db, st, job->path, 0, 0, "%s syntax error",
		            job->format);
	if (db->err_status == KG_ERR_SYNTAX) {
		/* Name the file as the user did, not by its file: IRI. */
		free(db->err_file);
		db->err_file = strdup(job->path);
	}
	return db->err_status ? db->err_status : st;
}

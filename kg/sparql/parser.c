/* parser.c: tokens, terms, triples, paths and graph patterns. */
#include "parser.h"
#include "vocab.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* ---- errors ------------------------------------------------------------- */

void
kg_sparql_fail(kg_sparql_parser *p, const kg_sparql_token *at,
               const char *fmt, ...)
{
	if (!at)
		at = &p->tok;
	kg_buf_reset(&p->scratch);
	va_list ap;
	va_start(ap, fmt);
	int rc = kg_buf_vprintf(&p->scratch, fmt, ap);
	va_end(ap);
	if (rc)
		kg_sparql_nomem(p);
	p->status = kg_db_error(p->db, KG_ERR_SYNTAX, NULL, at->line, at->col,
	                        "%s", kg_buf_str(&p->scratch));
	longjmp(p->fail, 1);
}

void
kg_sparql_nomem(kg_sparql_parser *p)
{
	p->status = kg_db_error(p->db, KG_ERR_NOMEM, NULL, 0, 0,
	                        "out of memory");
	longjmp(p->fail, 1);
}

/* The current token as the user wrote it, for messages. */
static void
describe_found(const kg_sparql_parser *p, char *out, size_t size)
{
	const kg_sparql_token *t = &p->tok;
	if (t->type == KG_TOK_EOF) {
		snprintf(out, size, "end of input");
		return;
	}
	size_t n = t->len;
	if (n > 40)
		n = 40;
	snprintf(out, size, "'%.*s%s'", (int)n, p->lx.text + t->start,
	         n < t->len ? "..." : "");
}

void
kg_sparql_expected(kg_sparql_parser *p, const char *what)
{
	char found[64];
	describe_found(p, found, sizeof found);
	kg_sparql_fail(p, NULL, "expected %s, found %s", what, found);
}

/* ---- tokens ------------------------------------------------------------- */

static void
lex_into(kg_sparql_parser *p, kg_sparql_token *t)
{
	if (kg_sparql_lex(&p->lx, t) == KG_TOK_ERROR) {
		if (p->lx.nomem)
			kg_sparql_nomem(p);
		kg_sparql_token at = *t;
		at.line = p->lx.err_line;
		at.col = p->lx.err_col;
		kg_sparql_fail(p, &at, "%s", p->lx.err);
	}
}

void
kg_sparql_advance(kg_sparql_parser *p)
{
	if (p->has_next) {
		p->tok = p->next;
		p->has_next = 0;
	} else {
		lex_into(p, &p->tok);
	}
}

const kg_sparql_token *
kg_sparql_peek(kg_sparql_parser *p)
{
	if (!p->has_next) {
		lex_into(p, &p->next);
		p->has_next = 1;
	}
	return &p->next;
}

int
kg_sparql_tok_is(const kg_sparql_token *t, const char *keyword)
{
	return t->type == KG_TOK_WORD && !strcasecmp(t->val, keyword);
}

int
kg_sparql_at(const kg_sparql_parser *p, const char *keyword)
{
	return kg_sparql_tok_is(&p->tok, keyword);
}

int
kg_sparql_accept(kg_sparql_parser *p, kg_sparql_tok type)
{
	if (p->tok.type != type)
		return 0;
	kg_sparql_advance(p);
	return 1;
}

int
kg_sparql_accept_word(kg_sparql_parser *p, const char *keyword)
{
	if (!kg_sparql_at(p, keyword))
		return 0;
	kg_sparql_advance(p);
	return 1;
}

void
kg_sparql_expect(kg_sparql_parser *p, kg_sparql_tok type)
{
	if (!kg_sparql_accept(p, type))
		kg_sparql_expected(p, kg_sparql_tok_name(type));
}

void
kg_sparql_expect_word(kg_sparql_parser *p, const char *keyword)
{
	if (!kg_sparql_accept_word(p, keyword)) {
		char what[64];
		snprintf(what, sizeof what, "%s", keyword);
		kg_sparql_expected(p, what);
	}
}

/* ---- memory ------------------------------------------------------------- */

void *
kg_sparql_alloc(kg_sparql_parser *p, size_t size)
{
	void *m = kg_sparql_arena_alloc(p->arena, size);
	if (!m)
		kg_sparql_nomem(p);
	return m;
}

const char *
kg_sparql_strndup(kg_sparql_parser *p, const char *s, size_t n)
{
	char *c = kg_sparql_arena_strndup(p->arena, s, n);
	if (!c)
		kg_sparql_nomem(p);
	return c;
}

static const char *
copy_str(kg_sparql_parser *p, const char *s)
{
	return kg_sparql_strndup(p, s, strlen(s));
}

void *
kg_sparql_vec_push(kg_sparql_parser *p, kg_sparql_vec *v, size_t size)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 4;
		void *d = kg_sparql_alloc(p, cap * size);
		if (v->n)
			memcpy(d, v->data, v->n * size);
		v->data = d;
		v->cap = cap;
	}
	return (char *)v->data + size * v->n++;
}

#define PUSH(p, vec, type) ((type *)kg_sparql_vec_push((p), (vec), sizeof(type)))

static void
enter(kg_sparql_parser *p)
{
	if (++p->depth > KG_SPARQL_MAX_DEPTH)
		kg_sparql_fail(p, NULL, "nesting deeper than %d levels",
		               KG_SPARQL_MAX_DEPTH);
}

/* ---- IRIs and prefixes -------------------------------------------------- */

static const char *
resolve(kg_sparql_parser *p, const char *ref)
{
	kg_buf out = {0};
	if (kg_sparql_iri_resolve(p->base, ref, &out)) {
		kg_buf_free(&out);
		kg_sparql_nomem(p);
	}
	const char *r = kg_sparql_strndup(p, kg_buf_str(&out), out.len);
	kg_buf_free(&out);
	return r;
}

static const char *
prefix_iri(kg_sparql_parser *p, const char *name)
{
	for (kg_sparql_prefix_decl *d = p->prefixes; d; d = d->next)
		if (!strcmp(d->name, name))
			return d->iri;
	kg_sparql_fail(p, NULL, "undefined prefix '%s:'", name);
}

int
kg_sparql_at_iri(const kg_sparql_parser *p)
{
	kg_sparql_tok t = p->tok.type;
	return t == KG_TOK_IRIREF || t == KG_TOK_PNAME_LN || t == KG_TOK_PNAME_NS;
}

const char *
kg_sparql_parse_iri(kg_sparql_parser *p)
{
	const char *iri;
	switch (p->tok.type) {
	case KG_TOK_IRIREF:
		iri = resolve(p, p->tok.val);
		break;
	case KG_TOK_PNAME_NS:
		iri = prefix_iri(p, p->tok.val);
		break;
	case KG_TOK_PNAME_LN: {
		const char *ns = prefix_iri(p, p->tok.val);
		const char *local = p->tok.val + strlen(p->tok.val) + 1;
		size_t a = strlen(ns), b = strlen(local);
		char *s = kg_sparql_alloc(p, a + b + 1);
		memcpy(s, ns, a);
		memcpy(s + a, local, b + 1);
		iri = s;
		break;
	}
	default:
		kg_sparql_expected(p, "an IRI");
	}
	/* Checked after resolution or expansion: a prefix and a local name
	 * can each be fine and make a bad IRI together (ex: <http://h:>
	 * with ex:p is http://h:p, whose port is not a number). */
	const char *bad = kg_sparql_iri_check(iri);
	if (bad)
		kg_sparql_fail(p, NULL, "<%s> is not a valid IRI: %s", iri, bad);
	kg_sparql_advance(p);
	return iri;
}

static void
parse_prologue(kg_sparql_parser *p)
{
	for (;;) {
		if (kg_sparql_accept_word(p, "BASE")) {
			if (p->tok.type != KG_TOK_IRIREF)
				kg_sparql_expected(p, "an IRI in <> after BASE");
			p->base = kg_sparql_parse_iri(p);
		} else if (kg_sparql_accept_word(p, "PREFIX")) {
			if (p->tok.type != KG_TOK_PNAME_NS)
				kg_sparql_expected(p, "a prefix like 'ex:' after PREFIX");
			kg_sparql_prefix_decl *d = kg_sparql_alloc(p, sizeof *d);
			d->name = copy_str(p, p->tok.val);
			kg_sparql_advance(p);
			if (p->tok.type != KG_TOK_IRIREF)
				kg_sparql_expected(p, "an IRI in <> after the prefix");
			d->iri = kg_sparql_parse_iri(p);
			d->next = p->prefixes;
			p->prefixes = d;
		} else {
			return;
		}
	}
}

/* ---- terms -------------------------------------------------------------- */

static kg_sparql_term
iri_term(const char *iri)
{
	kg_sparql_term t = {KG_SPARQL_TERM_IRI, iri, NULL, NULL};
	return t;
}

kg_sparql_term
kg_sparql_parse_var(kg_sparql_parser *p)
{
	if (p->tok.type != KG_TOK_VAR)
		kg_sparql_expected(p, "a variable");
	if (p->no_vars)
		kg_sparql_fail(p, NULL, "variables are not allowed in %s",
		               p->forbidden);
	kg_sparql_term t = {KG_SPARQL_TERM_VAR, copy_str(p, p->tok.val), NULL, NULL};
	kg_sparql_advance(p);
	return t;
}

static kg_sparql_term
fresh_bnode(kg_sparql_parser *p)
{
	if (p->no_bnodes)
		kg_sparql_fail(p, NULL, "blank nodes are not allowed in %s",
		               p->forbidden);
	char label[32];
	snprintf(label, sizeof label, "-%lu", ++p->n_bnodes);
	kg_sparql_term t = {KG_SPARQL_TERM_BLANK, copy_str(p, label), NULL, NULL};
	return t;
}

static kg_sparql_term
labelled_bnode(kg_sparql_parser *p)
{
	if (p->no_bnodes)
		kg_sparql_fail(p, NULL, "blank nodes are not allowed in %s",
		               p->forbidden);
	const char *label = copy_str(p, p->tok.val);
	if (p->check_labels) {
		kg_sparql_label *l = p->labels;
		while (l && strcmp(l->label, label))
			l = l->next;
		if (l && l->scope != p->scope)
			kg_sparql_fail(p, NULL, "blank node _:%s is used in two "
			               "different graph patterns or operations",
			               label);
		if (!l) {
			l = kg_sparql_alloc(p, sizeof *l);
			l->label = label;
			l->scope = p->scope;
			l->next = p->labels;
			p->labels = l;
		}
	}
	kg_sparql_advance(p);
	kg_sparql_term t = {KG_SPARQL_TERM_BLANK, label, NULL, NULL};
	return t;
}

static int
is_number(kg_sparql_tok t)
{
	return t == KG_TOK_INTEGER || t == KG_TOK_DECIMAL || t == KG_TOK_DOUBLE;
}

/* A sign written right before a number makes a signed literal. */
static int
at_signed_number(kg_sparql_parser *p)
{
	if (p->tok.type != KG_TOK_PLUS && p->tok.type != KG_TOK_MINUS)
		return 0;
	const kg_sparql_token *n = kg_sparql_peek(p);
	return is_number(n->type) && n->start == p->tok.start + 1;
}

int
kg_sparql_at_literal(kg_sparql_parser *p)
{
	kg_sparql_tok t = p->tok.type;
	return t == KG_TOK_STRING || is_number(t) || kg_sparql_at(p, "true") ||
	       kg_sparql_at(p, "false") || at_signed_number(p);
}

kg_sparql_term
kg_sparql_parse_literal(kg_sparql_parser *p)
{
	kg_sparql_term t = {KG_SPARQL_TERM_LITERAL, NULL, NULL, NULL};
	if (p->tok.type == KG_TOK_STRING) {
		t.value = kg_sparql_strndup(p, p->tok.val, p->tok.val_len);
		kg_sparql_advance(p);
		if (p->tok.type == KG_TOK_LANGTAG) {
			t.lang = copy_str(p, p->tok.val);
			kg_sparql_advance(p);
		} else if (kg_sparql_accept(p, KG_TOK_DTYPE)) {
			t.datatype = kg_sparql_parse_iri(p);
		}
		return t;
	}
	if (kg_sparql_at(p, "true") || kg_sparql_at(p, "false")) {
		t.value = kg_sparql_at(p, "true") ? "true" : "false";
		t.datatype = KG_XSD "boolean";
		kg_sparql_advance(p);
		return t;
	}
	char sign = 0;
	if (at_signed_number(p)) {
		sign = p->tok.type == KG_TOK_PLUS ? '+' : '-';
		kg_sparql_advance(p);
	}
	switch (p->tok.type) {
	case KG_TOK_INTEGER:
		t.datatype = KG_XSD "integer";
		break;
	case KG_TOK_DECIMAL:
		t.datatype = KG_XSD "decimal";
		break;
	case KG_TOK_DOUBLE:
		t.datatype = KG_XSD "double";
		break;
	default:
		kg_sparql_expected(p, "a literal");
	}
	size_t n = p->tok.val_len;
	char *v = kg_sparql_alloc(p, n + 2);
	if (sign)
		v[0] = sign;
	memcpy(v + (sign ? 1 : 0), p->tok.val, n + 1);
	t.value = v;
	kg_sparql_advance(p);
	return t;
}

/* VarOrTerm: Var | iri | literal | blank node | NIL.  Returns 0 when
 * the current token starts none of them. */
static int
parse_var_or_term(kg_sparql_parser *p, kg_sparql_term *out)
{
	switch (p->tok.type) {
	case KG_TOK_VAR:
		*out = kg_sparql_parse_var(p);
		return 1;
	case KG_TOK_IRIREF:
	case KG_TOK_PNAME_LN:
	case KG_TOK_PNAME_NS:
		*out = iri_term(kg_sparql_parse_iri(p));
		return 1;
	case KG_TOK_BLANK:
		*out = labelled_bnode(p);
		return 1;
	case KG_TOK_ANON:
		*out = fresh_bnode(p);
		kg_sparql_advance(p);
		return 1;
	case KG_TOK_NIL:
		*out = iri_term(RDF "nil");
		kg_sparql_advance(p);
		return 1;
	default:
		if (kg_sparql_at_literal(p)) {
			*out = kg_sparql_parse_literal(p);
			return 1;
		}
		return 0;
	}
}

static kg_sparql_term
parse_var_or_iri(kg_sparql_parser *p)
{
	if (p->tok.type == KG_TOK_VAR)
		return kg_sparql_parse_var(p);
	if (!kg_sparql_at_iri(p))
		kg_sparql_expected(p, "a variable or an IRI");
	return iri_term(kg_sparql_parse_iri(p));
}

/* ---- property paths --------------------------------------------------- */

static kg_sparql_path *parse_path(kg_sparql_parser *p);

static kg_sparql_path *
new_path(kg_sparql_parser *p, kg_sparql_path_kind kind)
{
	kg_sparql_path *path = kg_sparql_alloc(p, sizeof *path);
	path->kind = kind;
	return path;
}

static kg_sparql_path *
path_link(kg_sparql_parser *p)
{
	kg_sparql_path *l = new_path(p, KG_SPARQL_PATH_LINK);
	if (p->tok.type == KG_TOK_WORD && !strcmp(p->tok.val, "a")) {
		l->iri = RDF "type";
		kg_sparql_advance(p);
	} else if (kg_sparql_at_iri(p)) {
		l->iri = kg_sparql_parse_iri(p);
	} else {
		kg_sparql_expected(p, "an IRI or 'a' in a property path");
	}
	return l;
}

static kg_sparql_path *
path_one_in_set(kg_sparql_parser *p)
{
	if (kg_sparql_accept(p, KG_TOK_CARET)) {
		kg_sparql_path *inv = new_path(p, KG_SPARQL_PATH_INV);
		inv->args = kg_sparql_alloc(p, sizeof *inv->args);
		inv->args[0] = path_link(p);
		inv->n_args = 1;
		return inv;
	}
	return path_link(p);
}

static kg_sparql_path *
path_from_vec(kg_sparql_parser *p, kg_sparql_path_kind kind,
              kg_sparql_vec *v)
{
	if (v->n == 1 && kind != KG_SPARQL_PATH_NEG)
		return ((kg_sparql_path **)v->data)[0];
	kg_sparql_path *path = new_path(p, kind);
	path->args = v->data;
	path->n_args = v->n;
	return path;
}

static kg_sparql_path *
path_primary(kg_sparql_parser *p)
{
	if (kg_sparql_accept(p, KG_TOK_BANG)) {
		kg_sparql_vec set = {0};
		if (kg_sparql_accept(p, KG_TOK_NIL))
			return path_from_vec(p, KG_SPARQL_PATH_NEG, &set);
		if (kg_sparql_accept(p, KG_TOK_LPAREN)) {
			do {
				*PUSH(p, &set, kg_sparql_path *) = path_one_in_set(p);
			} while (kg_sparql_accept(p, KG_TOK_PIPE));
			kg_sparql_expect(p, KG_TOK_RPAREN);
		} else {
			*PUSH(p, &set, kg_sparql_path *) = path_one_in_set(p);
		}
		return path_from_vec(p, KG_SPARQL_PATH_NEG, &set);
	}
	if (kg_sparql_accept(p, KG_TOK_LPAREN)) {
		enter(p);
		kg_sparql_path *inner = parse_path(p);
		p->depth--;
		kg_sparql_expect(p, KG_TOK_RPAREN);
		return inner;
	}
	return path_link(p);
}

static kg_sparql_path *
path_elt_or_inverse(kg_sparql_parser *p)
{
	int inverse = kg_sparql_accept(p, KG_TOK_CARET);
	kg_sparql_path *e = path_primary(p);
	kg_sparql_path_kind mod;
	switch (p->tok.type) {
	case KG_TOK_QUESTION:
		mod = KG_SPARQL_PATH_OPT;
		break;
	case KG_TOK_STAR:
		mod = KG_SPARQL_PATH_STAR;
		break;
	case KG_TOK_PLUS:
		mod = KG_SPARQL_PATH_PLUS;
		break;
	default:
		mod = KG_SPARQL_PATH_LINK;
		break;
	}
	if (mod != KG_SPARQL_PATH_LINK) {
		kg_sparql_advance(p);
		kg_sparql_path *m = new_path(p, mod);
		m->args = kg_sparql_alloc(p, sizeof *m->args);
		m->args[0] = e;
		m->n_args = 1;
		e = m;
	}
	if (inverse) {
		kg_sparql_path *inv = new_path(p, KG_SPARQL_PATH_INV);
		inv->args = kg_sparql_alloc(p, sizeof *inv->args);
		inv->args[0] = e;
		inv->n_args = 1;
		e = inv;
	}
	return e;
}

static kg_sparql_path *
path_sequence(kg_sparql_parser *p)
{
	kg_sparql_vec v = {0};
	do {
		*PUSH(p, &v, kg_sparql_path *) = path_elt_or_inverse(p);
	} while (kg_sparql_accept(p, KG_TOK_SLASH));
	return path_from_vec(p, KG_SPARQL_PATH_SEQ, &v);
}

static kg_sparql_path *
parse_path(kg_sparql_parser *p)
{
	kg_sparql_vec v = {0};
	do {
		*PUSH(p, &v, kg_sparql_path *) = path_sequence(p);
	} while (kg_sparql_accept(p, KG_TOK_PIPE));
	return path_from_vec(p, KG_SPARQL_PATH_ALT, &v);
}

static int
at_path_start(const kg_sparql_parser *p)
{
	kg_sparql_tok t = p->tok.type;
	return kg_sparql_at_iri(p) || t == KG_TOK_CARET || t == KG_TOK_BANG ||
	       t == KG_TOK_LPAREN ||
	       (t == KG_TOK_WORD && !strcmp(p->tok.val, "a"));
}

/* ---- triples -------------------------------------------------------------- */

/* Where triples go: the list, the graph of quads, paths allowed. */
typedef struct {
	kg_sparql_vec *out;
	kg_sparql_term g;
	int paths;
} triple_sink;

static void
emit(kg_sparql_parser *p, const triple_sink *k, kg_sparql_term s,
     kg_sparql_term pred, kg_sparql_path *path, kg_sparql_term o)
{
	kg_sparql_triple *t = PUSH(p, k->out, kg_sparql_triple);
	t->s = s;
	t->p = pred;
	t->path = path;
	t->o = o;
	t->g = k->g;
}

static int parse_graph_node(kg_sparql_parser *p, const triple_sink *k,
                            kg_sparql_term *out);
static void parse_property_list(kg_sparql_parser *p, const triple_sink *k,
                                kg_sparql_term subject);

static int
at_verb(const kg_sparql_parser *p, const triple_sink *k)
{
	if (p->tok.type == KG_TOK_VAR)
		return 1;
	if (k->paths)
		return at_path_start(p);
	return kg_sparql_at_iri(p) ||
	       (p->tok.type == KG_TOK_WORD && !strcmp(p->tok.val, "a"));
}

/* Verb or VerbPath/VerbSimple: sets *pred, or *path for a real path. */
static void
parse_verb(kg_sparql_parser *p, const triple_sink *k, kg_sparql_term *pred,
           kg_sparql_path **path)
{
	*path = NULL;
	if (p->tok.type == KG_TOK_VAR) {
		*pred = kg_sparql_parse_var(p);
		return;
	}
	if (!at_verb(p, k))
		kg_sparql_expected(p, k->paths ? "a predicate or property path"
		                               : "a predicate");
	kg_sparql_path *pp = k->paths ? parse_path(p) : path_link(p);
	if (pp->kind == KG_SPARQL_PATH_LINK)
		*pred = iri_term(pp->iri);
	else
		*path = pp;
}

static void
parse_object_list(kg_sparql_parser *p, const triple_sink *k, kg_sparql_term s,
                  kg_sparql_term pred, kg_sparql_path *path)
{
	do {
		kg_sparql_term o;
		if (!parse_graph_node(p, k, &o))
			kg_sparql_expected(p, "an object");
		emit(p, k, s, pred, path, o);
	} while (kg_sparql_accept(p, KG_TOK_COMMA));
}

/* PropertyListNotEmpty / PropertyListPathNotEmpty */
static void
parse_property_list(kg_sparql_parser *p, const triple_sink *k,
                    kg_sparql_term subject)
{
	kg_sparql_term pred = {KG_SPARQL_TERM_NONE, NULL, NULL, NULL};
	kg_sparql_path *path;
	parse_verb(p, k, &pred, &path);
	parse_object_list(p, k, subject, pred, path);
	while (kg_sparql_accept(p, KG_TOK_SEMI)) {
		if (!at_verb(p, k))
			continue;
		parse_verb(p, k, &pred, &path);
		parse_object_list(p, k, subject, pred, path);
	}
}

/* TriplesNode(Path): a collection or a blank node property list.
 * Returns 0 when not at one. */
static int
parse_triples_node(kg_sparql_parser *p, const triple_sink *k,
                   kg_sparql_term *out)
{
	if (kg_sparql_accept(p, KG_TOK_LBRACKET)) {
		enter(p);
		*out = fresh_bnode(p);
		parse_property_list(p, k, *out);
		kg_sparql_expect(p, KG_TOK_RBRACKET);
		p->depth--;
		return 1;
	}
	if (kg_sparql_accept(p, KG_TOK_LPAREN)) {
		enter(p);
		kg_sparql_term head = {KG_SPARQL_TERM_NONE, NULL, NULL, NULL};
		kg_sparql_term prev = head;
		kg_sparql_term first = iri_term(RDF "first");
		kg_sparql_term rest = iri_term(RDF "rest");
		while (!kg_sparql_accept(p, KG_TOK_RPAREN)) {
			kg_sparql_term cell = fresh_bnode(p), item;
			if (prev.kind)
				emit(p, k, prev, rest, NULL, cell);
			else
				head = cell;
			/* the item's own triples come after its cell's */
			if (!parse_graph_node(p, k, &item))
				kg_sparql_expected(p, "a list element or ')'");
			emit(p, k, cell, first, NULL, item);
			prev = cell;
		}
		emit(p, k, prev, rest, NULL, iri_term(RDF "nil"));
		p->depth--;
		*out = head;
		return 1;
	}
	return 0;
}

static int
parse_graph_node(kg_sparql_parser *p, const triple_sink *k, kg_sparql_term *out)
{
	return parse_var_or_term(p, out) || parse_triples_node(p, k, out);
}

static int
at_triples_start(kg_sparql_parser *p)
{
	switch (p->tok.type) {
	case KG_TOK_VAR:
	case KG_TOK_IRIREF:
	case KG_TOK_PNAME_LN:
	case KG_TOK_PNAME_NS:
	case KG_TOK_BLANK:
	case KG_TOK_ANON:
	case KG_TOK_NIL:
	case KG_TOK_LBRACKET:
	case KG_TOK_LPAREN:
		return 1;
	default:
		return kg_sparql_at_literal(p);
	}
}

/* TriplesSameSubject(Path) */
static void
parse_triples_same_subject(kg_sparql_parser *p, const triple_sink *k)
{
	kg_sparql_term s;
	if (p->tok.type == KG_TOK_LBRACKET || p->tok.type == KG_TOK_LPAREN) {
		parse_triples_node(p, k, &s);
		if (at_verb(p, k))
			parse_property_list(p, k, s);
		return;
	}
	if (!parse_var_or_term(p, &s))
		kg_sparql_expected(p, "a subject");
	parse_property_list(p, k, s);
}

/* TriplesTemplate, up to the closing '}' (not consumed). */
static void
parse_triples_template(kg_sparql_parser *p, const triple_sink *k)
{
	while (at_triples_start(p)) {
		parse_triples_same_subject(p, k);
		if (!kg_sparql_accept(p, KG_TOK_DOT))
			break;
	}
}

/* ---- graph patterns ----------------------------------------------------- */

static kg_sparql_query *parse_subselect(kg_sparql_parser *p);
static kg_sparql_values *parse_data_block(kg_sparql_parser *p);

static kg_sparql_pattern *
new_pattern(kg_sparql_parser *p, kg_sparql_pattern_kind kind)
{
	kg_sparql_pattern *pat = kg_sparql_alloc(p, sizeof *pat);
	pat->kind = kind;
	return pat;
}

static kg_sparql_pattern *
wrap(kg_sparql_parser *p, kg_sparql_pattern_kind kind, kg_sparql_pattern *in)
{
	kg_sparql_pattern *pat = new_pattern(p, kind);
	pat->elems = kg_sparql_alloc(p, sizeof *pat->elems);
	pat->elems[0] = in;
	pat->n_elems = 1;
	return pat;
}

static void
new_scope(kg_sparql_parser *p)
{
	p->scope = ++p->n_scopes;
}

static kg_sparql_pattern *
parse_bind(kg_sparql_parser *p, kg_sparql_vec *elems)
{
	kg_sparql_expect(p, KG_TOK_LPAREN);
	kg_sparql_pattern *b = new_pattern(p, KG_SPARQL_PAT_BIND);
	b->expr = kg_sparql_parse_expr(p);
	kg_sparql_expect_word(p, "AS");
	kg_sparql_token at = p->tok;
	b->var = kg_sparql_parse_var(p).value;
	kg_sparql_expect(p, KG_TOK_RPAREN);
	int bound = 0;
	for (size_t i = 0; i < elems->n && !bound; i++)
		bound = kg_sparql_pattern_binds(
			((kg_sparql_pattern **)elems->data)[i], b->var);
	if (bound)
		kg_sparql_fail(p, &at, "BIND to ?%s, which is already in scope "
		               "in this group", b->var);
	return b;
}

/* The list holds the newest declaration first; written oldest first, a
 * redeclared prefix ends with its latest IRI, as in the query. */
static int
put_prefixes(kg_buf *b, const kg_sparql_prefix_decl *d)
{
	return d && (put_prefixes(b, d->next) ||
	             kg_buf_printf(b, "PREFIX %s: <%s>\n", d->name, d->iri));
}

/* The BASE and PREFIX declarations in force, as a prologue for the text
 * a SERVICE sends (in the arena). */
static const char *
service_prologue(kg_sparql_parser *p)
{
	kg_buf *b = &p->scratch;
	kg_buf_reset(b);
	int fail = p->base && kg_buf_printf(b, "BASE <%s>\n", p->base);
	if (!fail)
		fail = put_prefixes(b, p->prefixes);
	if (fail)
		kg_sparql_nomem(p);
	return kg_sparql_arena_strndup(p->arena, kg_buf_str(b), b->len);
}

/* GraphPatternNotTriples; NULL when not at one. */
static kg_sparql_pattern *
parse_not_triples(kg_sparql_parser *p, kg_sparql_vec *elems)
{
	if (p->tok.type == KG_TOK_LBRACE) {
		kg_sparql_pattern *first = kg_sparql_parse_group(p);
		if (!kg_sparql_at(p, "UNION"))
			return first;
		kg_sparql_vec alts = {0};
		*PUSH(p, &alts, kg_sparql_pattern *) = first;
		while (kg_sparql_accept_word(p, "UNION"))
			*PUSH(p, &alts, kg_sparql_pattern *) = kg_sparql_parse_group(p);
		kg_sparql_pattern *u = new_pattern(p, KG_SPARQL_PAT_UNION);
		u->elems = alts.data;
		u->n_elems = alts.n;
		return u;
	}
	if (kg_sparql_accept_word(p, "OPTIONAL"))
		return wrap(p, KG_SPARQL_PAT_OPTIONAL, kg_sparql_parse_group(p));
	if (kg_sparql_accept_word(p, "MINUS"))
		return wrap(p, KG_SPARQL_PAT_MINUS, kg_sparql_parse_group(p));
	if (kg_sparql_accept_word(p, "GRAPH")) {
		kg_sparql_term name = parse_var_or_iri(p);
		kg_sparql_pattern *g = wrap(p, KG_SPARQL_PAT_GRAPH,
		                            kg_sparql_parse_group(p));
		g->name = name;
		return g;
	}
	if (kg_sparql_accept_word(p, "SERVICE")) {
		int silent = kg_sparql_accept_word(p, "SILENT");
		kg_sparql_term name = parse_var_or_iri(p);
		size_t from = p->tok.start;
		kg_sparql_pattern *s = wrap(p, KG_SPARQL_PAT_SERVICE,
		                            kg_sparql_parse_group(p));
		s->name = name;
		s->silent = silent;
		/* The endpoint gets the group as the user wrote it (up to the
		 * token after its '}'), not a re-serialisation of the tree. */
		s->service_text = kg_sparql_arena_strndup(
			p->arena, p->lx.text + from, p->tok.start - from);
		s->service_prologue = service_prologue(p);
		return s;
	}
	if (kg_sparql_accept_word(p, "FILTER")) {
		kg_sparql_pattern *f = new_pattern(p, KG_SPARQL_PAT_FILTER);
		unsigned long scope = p->scope;
		if (!kg_sparql_at_constraint(p))
			kg_sparql_expected(p, "'(' or a function call after FILTER");
		f->expr = kg_sparql_parse_constraint(p);
		p->scope = scope;
		return f;
	}
	if (kg_sparql_accept_word(p, "BIND"))
		return parse_bind(p, elems);
	if (kg_sparql_accept_word(p, "VALUES")) {
		kg_sparql_pattern *v = new_pattern(p, KG_SPARQL_PAT_VALUES);
		v->values = parse_data_block(p);
		return v;
	}
	return NULL;
}

/* GroupGraphPatternSub, up to the closing '}' (not consumed). */
static void
parse_group_sub(kg_sparql_parser *p, kg_sparql_pattern *group)
{
	kg_sparql_vec elems = {0};
	kg_sparql_pattern *bgp = NULL; /* the BGP triples are going into */
	kg_sparql_vec triples = {0};
	new_scope(p);
	for (;;) {
		if (at_triples_start(p)) {
			if (!bgp) {
				bgp = new_pattern(p, KG_SPARQL_PAT_BGP);
				*PUSH(p, &elems, kg_sparql_pattern *) = bgp;
				memset(&triples, 0, sizeof triples);
			}
			triple_sink k = {&triples, {KG_SPARQL_TERM_NONE, NULL,
			                            NULL, NULL}, 1};
			parse_triples_same_subject(p, &k);
			bgp->triples = triples.data;
			bgp->n_triples = triples.n;
			if (kg_sparql_accept(p, KG_TOK_DOT))
				continue;
			if (at_triples_start(p))
				kg_sparql_expected(p, "'.' between triples");
			continue;
		}
		kg_sparql_pattern *e = parse_not_triples(p, &elems);
		if (!e)
			break;
		*PUSH(p, &elems, kg_sparql_pattern *) = e;
		if (e->kind != KG_SPARQL_PAT_FILTER) {
			bgp = NULL;
			new_scope(p);
		} else if (bgp) {
			/* triples after a FILTER start a new BGP in the
			 * same label scope */
			bgp = NULL;
		}
		kg_sparql_accept(p, KG_TOK_DOT);
	}
	group->elems = elems.data;
	group->n_elems = elems.n;
}

kg_sparql_pattern *
kg_sparql_parse_group(kg_sparql_parser *p)
{
	kg_sparql_expect(p, KG_TOK_LBRACE);
	enter(p);
	kg_sparql_pattern *g = new_pattern(p, KG_SPARQL_PAT_GROUP);
	if (kg_sparql_at(p, "SELECT")) {
		kg_sparql_pattern *s = new_pattern(p, KG_SPARQL_PAT_SUBSELECT);
		s->sub = parse_subselect(p);
		g->elems = kg_sparql_alloc(p, sizeof *g->elems);
		g->elems[0] = s;
		g->n_elems = 1;
	} else {
		parse_group_sub(p, g);
	}
	if (p->tok.type != KG_TOK_RBRACE)
		kg_sparql_expected(p, at_triples_start(p) ? "'.' or '}'" : "'}'");
	kg_sparql_advance(p);
	p->depth--;
	new_scope(p);
	return g;
}

/* DataBlock after VALUES */
static kg_sparql_values *
parse_data_block(kg_sparql_parser *p)
{
	kg_sparql_values *v = kg_sparql_alloc(p, sizeof *v);
	kg_sparql_vec vars = {0}, rows = {0};
	int single = 0;
	if (p->tok.type == KG_TOK_VAR) {
		single = 1;
		*PUSH(p, &vars, const char *) = kg_sparql_parse_var(p).value;
	} else if (!kg_sparql_accept(p, KG_TOK_NIL)) {
		kg_sparql_expect(p, KG_TOK_LPAREN);
		while (p->tok.type == KG_TOK_VAR) {
			kg_sparql_token at = p->tok;
			const char *name = kg_sparql_parse_var(p).value;
			/* A row would bind one variable to two values, and
			 * which one wins would be arbitrary. */
			for (size_t i = 0; i < vars.n; i++)
				if (!strcmp(((const char **)vars.data)[i], name))
					kg_sparql_fail(p, &at, "?%s appears twice in "
					               "the VALUES variables", name);
			*PUSH(p, &vars, const char *) = name;
		}
		kg_sparql_expect(p, KG_TOK_RPAREN);
	}
	kg_sparql_expect(p, KG_TOK_LBRACE);
	size_t n_rows = 0;
	int saved = p->no_vars;
	while (!kg_sparql_accept(p, KG_TOK_RBRACE)) {
		kg_sparql_token at = p->tok;
		size_t n = 0;
		if (!single && kg_sparql_accept(p, KG_TOK_NIL)) {
			n = 0;
		} else {
			if (!single)
				kg_sparql_expect(p, KG_TOK_LPAREN);
			do {
				kg_sparql_term *t = PUSH(p, &rows, kg_sparql_term);
				n++;
				if (kg_sparql_accept_word(p, "UNDEF"))
					continue;
				if (kg_sparql_at_iri(p)) {
					*t = iri_term(kg_sparql_parse_iri(p));
				} else if (kg_sparql_at_literal(p)) {
					*t = kg_sparql_parse_literal(p);
				} else if (single) {
					kg_sparql_expected(p, "a value or '}'");
				} else if (p->tok.type == KG_TOK_RPAREN) {
					n--;
					rows.n--;
					break;
				} else {
					kg_sparql_expected(p, "an IRI, a literal, "
					                      "UNDEF or ')'");
				}
			} while (!single);
			if (!single)
				kg_sparql_expect(p, KG_TOK_RPAREN);
		}
		if (n != vars.n)
			kg_sparql_fail(p, &at, "a VALUES row has %zu values for "
			               "%zu variables", n, vars.n);
		n_rows++;
	}
	p->no_vars = saved;
	v->vars = vars.data;
	v->n_vars = vars.n;
	v->rows = rows.data;
	v->n_rows = n_rows;
	return v;
}

/* ---- queries ------------------------------------------------------------ */

static kg_sparql_query *
new_query(kg_sparql_parser *p, kg_sparql_query_kind kind)
{
	kg_sparql_query *q = kg_sparql_alloc(p, sizeof *q);
	q->kind = kind;
	q->limit = q->offset = -1;
	return q;
}

static void
parse_select_clause(kg_sparql_parser *p, kg_sparql_query *q)
{
	kg_sparql_expect_word(p, "SELECT");
	if (kg_sparql_accept_word(p, "DISTINCT"))
		q->distinct = 1;
	else if (kg_sparql_accept_word(p, "REDUCED"))
		q->reduced = 1;
	if (kg_sparql_accept(p, KG_TOK_STAR)) {
		q->star = 1;
		return;
	}
	kg_sparql_vec proj = {0};
	int saved = p->agg_ok;
	p->agg_ok = 1;
	for (;;) {
		int line = p->tok.line, col = p->tok.col;
		if (p->tok.type == KG_TOK_VAR) {
			kg_sparql_binding *b = PUSH(p, &proj, kg_sparql_binding);
			b->line = line;
			b->col = col;
			b->var = kg_sparql_parse_var(p).value;
		} else if (kg_sparql_accept(p, KG_TOK_LPAREN)) {
			kg_sparql_binding *b = PUSH(p, &proj, kg_sparql_binding);
			b->line = line;
			b->col = col;
			b->expr = kg_sparql_parse_expr(p);
			kg_sparql_expect_word(p, "AS");
			b->var = kg_sparql_parse_var(p).value;
			kg_sparql_expect(p, KG_TOK_RPAREN);
		} else {
			break;
		}
	}
	p->agg_ok = saved;
	if (!proj.n)
		kg_sparql_expected(p, "'*', a variable or '(expression AS ?var)'");
	q->project = proj.data;
	q->n_project = proj.n;
}

static void
parse_dataset(kg_sparql_parser *p, kg_sparql_query *q)
{
	kg_sparql_vec from = {0}, named = {0};
	while (kg_sparql_accept_word(p, "FROM")) {
		if (kg_sparql_accept_word(p, "NAMED"))
			*PUSH(p, &named, const char *) = kg_sparql_parse_iri(p);
		else
			*PUSH(p, &from, const char *) = kg_sparql_parse_iri(p);
	}
	q->from = from.data;
	q->n_from = from.n;
	q->from_named = named.data;
	q->n_from_named = named.n;
}

static void
parse_where(kg_sparql_parser *p, kg_sparql_query *q)
{
	kg_sparql_accept_word(p, "WHERE");
	if (p->tok.type != KG_TOK_LBRACE)
		kg_sparql_expected(p, "'{' to open the WHERE pattern");
	q->where = kg_sparql_parse_group(p);
}

static long long
parse_count(kg_sparql_parser *p, const char *what)
{
	if (p->tok.type != KG_TOK_INTEGER)
		kg_sparql_expected(p, what);
	char *end;
	long long n = strtoll(p->tok.val, &end, 10);
	if (*end || n < 0 || n == LLONG_MAX)
		kg_sparql_fail(p, NULL, "%s is out of range", p->tok.val);
	kg_sparql_advance(p);
	return n;
}

static void
parse_solution_modifier(kg_sparql_parser *p, kg_sparql_query *q)
{
	if (kg_sparql_at(p, "GROUP")) {
		kg_sparql_advance(p);
		kg_sparql_expect_word(p, "BY");
		kg_sparql_vec keys = {0};
		for (;;) {
			kg_sparql_binding *b;
			if (p->tok.type == KG_TOK_VAR) {
				b = PUSH(p, &keys, kg_sparql_binding);
				b->expr = kg_sparql_alloc(p, sizeof *b->expr);
				b->expr->op = KG_SPARQL_EX_TERM;
				b->expr->term = kg_sparql_parse_var(p);
			} else if (kg_sparql_accept(p, KG_TOK_LPAREN)) {
				b = PUSH(p, &keys, kg_sparql_binding);
				b->expr = kg_sparql_parse_expr(p);
				if (kg_sparql_accept_word(p, "AS"))
					b->var = kg_sparql_parse_var(p).value;
				kg_sparql_expect(p, KG_TOK_RPAREN);
			} else if (kg_sparql_at_call(p)) {
				b = PUSH(p, &keys, kg_sparql_binding);
				b->expr = kg_sparql_parse_call(p);
			} else {
				break;
			}
		}
		if (!keys.n)
			kg_sparql_expected(p, "a variable or an expression "
			                      "after GROUP BY");
		q->group_by = keys.data;
		q->n_group_by = keys.n;
	}
	int saved = p->agg_ok;
	p->agg_ok = 1;
	if (kg_sparql_accept_word(p, "HAVING")) {
		kg_sparql_vec having = {0};
		while (kg_sparql_at_constraint(p))
			*PUSH(p, &having, kg_sparql_expr *) =
				kg_sparql_parse_constraint(p);
		if (!having.n)
			kg_sparql_expected(p, "a condition after HAVING");
		q->having = having.data;
		q->n_having = having.n;
	}
	if (kg_sparql_at(p, "ORDER")) {
		kg_sparql_advance(p);
		kg_sparql_expect_word(p, "BY");
		kg_sparql_vec order = {0};
		for (;;) {
			kg_sparql_order *o;
			if (kg_sparql_at(p, "ASC") || kg_sparql_at(p, "DESC")) {
				o = PUSH(p, &order, kg_sparql_order);
				o->descending = kg_sparql_at(p, "DESC");
				kg_sparql_advance(p);
				if (p->tok.type != KG_TOK_LPAREN)
					kg_sparql_expected(p, "'(' after ASC or DESC");
				o->expr = kg_sparql_parse_bracketted(p);
			} else if (p->tok.type == KG_TOK_VAR) {
				o = PUSH(p, &order, kg_sparql_order);
				o->expr = kg_sparql_alloc(p, sizeof *o->expr);
				o->expr->op = KG_SPARQL_EX_TERM;
				o->expr->term = kg_sparql_parse_var(p);
			} else if (kg_sparql_at_constraint(p)) {
				o = PUSH(p, &order, kg_sparql_order);
				o->expr = kg_sparql_parse_constraint(p);
			} else {
				break;
			}
		}
		if (!order.n)
			kg_sparql_expected(p, "an ordering after ORDER BY");
		q->order_by = order.data;
		q->n_order_by = order.n;
	}
	p->agg_ok = saved;
	for (int i = 0; i < 2; i++) {
		if (q->limit < 0 && kg_sparql_accept_word(p, "LIMIT"))
			q->limit = parse_count(p, "an integer after LIMIT");
		else if (q->offset < 0 && kg_sparql_accept_word(p, "OFFSET"))
			q->offset = parse_count(p, "an integer after OFFSET");
	}
}

static void
parse_values_clause(kg_sparql_parser *p, kg_sparql_query *q)
{
	if (kg_sparql_accept_word(p, "VALUES"))
		q->values = parse_data_block(p);
}

/* SelectClause WhereClause SolutionModifier: shared by SELECT and
 * subqueries, with the checks once the clauses are read. */
static void
parse_select_body(kg_sparql_parser *p, kg_sparql_query *q, int dataset)
{
	int saved_agg = p->saw_agg;
	p->saw_agg = 0;
	kg_sparql_token at = p->tok;
	parse_select_clause(p, q);
	if (dataset)
		parse_dataset(p, q);
	parse_where(p, q);
	parse_solution_modifier(p, q);
	q->aggregated = p->saw_agg || q->n_group_by;
	kg_sparql_check_select(p, q, &at);
	p->saw_agg = saved_agg;
}

static kg_sparql_query *
parse_subselect(kg_sparql_parser *p)
{
	kg_sparql_query *q = new_query(p, KG_SPARQL_SELECT);
	parse_select_body(p, q, 0);
	parse_values_clause(p, q);
	return q;
}

static void
parse_construct(kg_sparql_parser *p, kg_sparql_query *q)
{
	kg_sparql_vec tmpl = {0};
	triple_sink k = {&tmpl, {KG_SPARQL_TERM_NONE, NULL, NULL, NULL}, 0};
	if (p->tok.type == KG_TOK_LBRACE) {
		kg_sparql_advance(p);
		int saved = p->check_labels;
		p->check_labels = 0;
		parse_triples_template(p, &k);
		p->check_labels = saved;
		kg_sparql_expect(p, KG_TOK_RBRACE);
		q->construct = tmpl.data;
		q->n_construct = tmpl.n;
		parse_dataset(p, q);
		parse_where(p, q);
		parse_solution_modifier(p, q);
		return;
	}
	/* CONSTRUCT WHERE { template }: the template is the pattern */
	parse_dataset(p, q);
	kg_sparql_expect_word(p, "WHERE");
	kg_sparql_expect(p, KG_TOK_LBRACE);
	new_scope(p);
	parse_triples_template(p, &k);
	if (p->tok.type != KG_TOK_RBRACE)
		kg_sparql_expected(p, "'}' (CONSTRUCT WHERE takes only triples)");
	kg_sparql_advance(p);
	q->construct = tmpl.data;
	q->n_construct = tmpl.n;
	kg_sparql_pattern *bgp = new_pattern(p, KG_SPARQL_PAT_BGP);
	bgp->triples = tmpl.data;
	bgp->n_triples = tmpl.n;
	q->where = wrap(p, KG_SPARQL_PAT_GROUP, bgp);
	parse_solution_modifier(p, q);
}

static void
parse_describe(kg_sparql_parser *p, kg_sparql_query *q)
{
	if (kg_sparql_accept(p, KG_TOK_STAR)) {
		q->star = 1;
	} else {
		kg_sparql_vec terms = {0};
		while (p->tok.type == KG_TOK_VAR || kg_sparql_at_iri(p))
			*PUSH(p, &terms, kg_sparql_term) = parse_var_or_iri(p);
		if (!terms.n)
			kg_sparql_expected(p, "'*', a variable or an IRI "
			                      "after DESCRIBE");
		q->describe = terms.data;
		q->n_describe = terms.n;
	}
	parse_dataset(p, q);
	if (kg_sparql_at(p, "WHERE") || p->tok.type == KG_TOK_LBRACE)
		parse_where(p, q);
	parse_solution_modifier(p, q);
}

static kg_sparql_query *
parse_query(kg_sparql_parser *p)
{
	parse_prologue(p);
	kg_sparql_query *q;
	if (kg_sparql_at(p, "SELECT")) {
		q = new_query(p, KG_SPARQL_SELECT);
		parse_select_body(p, q, 1);
	} else if (kg_sparql_accept_word(p, "CONSTRUCT")) {
		q = new_query(p, KG_SPARQL_CONSTRUCT);
		parse_construct(p, q);
	} else if (kg_sparql_accept_word(p, "DESCRIBE")) {
		q = new_query(p, KG_SPARQL_DESCRIBE);
		parse_describe(p, q);
	} else if (kg_sparql_accept_word(p, "ASK")) {
		q = new_query(p, KG_SPARQL_ASK);
		parse_dataset(p, q);
		parse_where(p, q);
		parse_solution_modifier(p, q);
	} else {
		kg_sparql_expected(p, "SELECT, CONSTRUCT, DESCRIBE, ASK, "
		                      "PREFIX or BASE");
	}
	parse_values_clause(p, q);
	if (p->tok.type != KG_TOK_EOF)
		kg_sparql_expected(p, "end of query");
	q->base = p->base;
	return q;
}

/* ---- update ------------------------------------------------------------- */

/* Quads: triples and GRAPH blocks, up to the closing '}' (consumed).
 * `what` names the clause for errors about variables and blank nodes. */
static void
parse_quads(kg_sparql_parser *p, kg_sparql_vec *out, int no_vars,
            int no_bnodes, const char *what)
{
	int saved_v = p->no_vars, saved_b = p->no_bnodes;
	const char *saved_f = p->forbidden;
	p->no_vars = no_vars;
	p->no_bnodes = no_bnodes;
	p->forbidden = what;
	kg_sparql_expect(p, KG_TOK_LBRACE);
	triple_sink k = {out, {KG_SPARQL_TERM_NONE, NULL, NULL, NULL}, 0};
	for (;;) {
		parse_triples_template(p, &k);
		if (kg_sparql_accept_word(p, "GRAPH")) {
			triple_sink gk = k;
			gk.g = parse_var_or_iri(p);
			kg_sparql_expect(p, KG_TOK_LBRACE);
			parse_triples_template(p, &gk);
			kg_sparql_expect(p, KG_TOK_RBRACE);
			kg_sparql_accept(p, KG_TOK_DOT);
			continue;
		}
		break;
	}
	if (p->tok.type != KG_TOK_RBRACE)
		kg_sparql_expected(p, at_triples_start(p) ? "'.' or '}'" : "'}'");
	kg_sparql_advance(p);
	p->no_vars = saved_v;
	p->no_bnodes = saved_b;
	p->forbidden = saved_f;
}

static kg_sparql_target
parse_graph_ref_all(kg_sparql_parser *p, int named_all)
{
	kg_sparql_target t = {KG_SPARQL_TARGET_GRAPH, NULL};
	if (kg_sparql_accept_word(p, "GRAPH")) {
		t.iri = kg_sparql_parse_iri(p);
	} else if (kg_sparql_accept_word(p, "DEFAULT")) {
		t.kind = KG_SPARQL_TARGET_DEFAULT;
	} else if (named_all && kg_sparql_accept_word(p, "NAMED")) {
		t.kind = KG_SPARQL_TARGET_NAMED;
	} else if (named_all && kg_sparql_accept_word(p, "ALL")) {
		t.kind = KG_SPARQL_TARGET_ALL;
	} else {
		kg_sparql_expected(p, named_all ? "GRAPH <iri>, DEFAULT, NAMED "
		                                  "or ALL"
		                                : "GRAPH <iri>");
	}
	return t;
}

static kg_sparql_target
parse_graph_or_default(kg_sparql_parser *p)
{
	kg_sparql_target t = {KG_SPARQL_TARGET_GRAPH, NULL};
	if (kg_sparql_accept_word(p, "DEFAULT")) {
		t.kind = KG_SPARQL_TARGET_DEFAULT;
		return t;
	}
	kg_sparql_accept_word(p, "GRAPH");
	if (!kg_sparql_at_iri(p))
		kg_sparql_expected(p, "DEFAULT or a graph IRI");
	t.iri = kg_sparql_parse_iri(p);
	return t;
}

static void
parse_modify(kg_sparql_parser *p, kg_sparql_operation *op)
{
	op->kind = KG_SPARQL_UP_MODIFY;
	if (kg_sparql_accept_word(p, "WITH"))
		op->with = kg_sparql_parse_iri(p);
	kg_sparql_vec del = {0}, ins = {0};
	int any = 0;
	if (kg_sparql_accept_word(p, "DELETE")) {
		parse_quads(p, &del, 0, 1, "a DELETE template");
		any = 1;
	}
	if (kg_sparql_accept_word(p, "INSERT")) {
		int saved = p->check_labels;
		p->check_labels = 0;
		parse_quads(p, &ins, 0, 0, "an INSERT template");
		p->check_labels = saved;
		any = 1;
	}
	if (!any)
		kg_sparql_expected(p, "DELETE or INSERT");
	op->delete_quads = del.data;
	op->n_delete = del.n;
	op->insert_quads = ins.data;
	op->n_insert = ins.n;
	kg_sparql_vec using = {0}, named = {0};
	while (kg_sparql_accept_word(p, "USING")) {
		if (kg_sparql_accept_word(p, "NAMED"))
			*PUSH(p, &named, const char *) = kg_sparql_parse_iri(p);
		else
			*PUSH(p, &using, const char *) = kg_sparql_parse_iri(p);
	}
	op->using = using.data;
	op->n_using = using.n;
	op->using_named = named.data;
	op->n_using_named = named.n;
	kg_sparql_expect_word(p, "WHERE");
	op->where = kg_sparql_parse_group(p);
}

static void
parse_operation(kg_sparql_parser *p, kg_sparql_operation *op)
{
	new_scope(p);
	const kg_sparql_token *n = kg_sparql_peek(p);
	if (kg_sparql_at(p, "INSERT") && kg_sparql_tok_is(n, "DATA")) {
		kg_sparql_advance(p);
		kg_sparql_advance(p);
		kg_sparql_vec q = {0};
		op->kind = KG_SPARQL_UP_INSERT_DATA;
		parse_quads(p, &q, 1, 0, "INSERT DATA");
		op->insert_quads = q.data;
		op->n_insert = q.n;
	} else if (kg_sparql_at(p, "DELETE") && kg_sparql_tok_is(n, "DATA")) {
		kg_sparql_advance(p);
		kg_sparql_advance(p);
		kg_sparql_vec q = {0};
		op->kind = KG_SPARQL_UP_DELETE_DATA;
		parse_quads(p, &q, 1, 1, "DELETE DATA");
		op->delete_quads = q.data;
		op->n_delete = q.n;
	} else if (kg_sparql_at(p, "DELETE") && kg_sparql_tok_is(n, "WHERE")) {
		kg_sparql_advance(p);
		kg_sparql_advance(p);
		kg_sparql_vec q = {0};
		op->kind = KG_SPARQL_UP_DELETE_WHERE;
		parse_quads(p, &q, 0, 1, "DELETE WHERE");
		op->delete_quads = q.data;
		op->n_delete = q.n;
	} else if (kg_sparql_at(p, "WITH") || kg_sparql_at(p, "DELETE") ||
	           kg_sparql_at(p, "INSERT")) {
		parse_modify(p, op);
	} else if (kg_sparql_accept_word(p, "LOAD")) {
		op->kind = KG_SPARQL_UP_LOAD;
		op->silent = kg_sparql_accept_word(p, "SILENT");
		op->source = kg_sparql_parse_iri(p);
		op->target.kind = KG_SPARQL_TARGET_DEFAULT;
		if (kg_sparql_accept_word(p, "INTO"))
			op->target = parse_graph_ref_all(p, 0);
		if (op->target.kind != KG_SPARQL_TARGET_GRAPH &&
		    op->target.kind != KG_SPARQL_TARGET_DEFAULT)
			kg_sparql_expected(p, "GRAPH <iri>");
	} else if (kg_sparql_at(p, "CLEAR") || kg_sparql_at(p, "DROP")) {
		op->kind = kg_sparql_at(p, "CLEAR") ? KG_SPARQL_UP_CLEAR
		                                    : KG_SPARQL_UP_DROP;
		kg_sparql_advance(p);
		op->silent = kg_sparql_accept_word(p, "SILENT");
		op->target = parse_graph_ref_all(p, 1);
	} else if (kg_sparql_accept_word(p, "CREATE")) {
		op->kind = KG_SPARQL_UP_CREATE;
		op->silent = kg_sparql_accept_word(p, "SILENT");
		if (!kg_sparql_at(p, "GRAPH"))
			kg_sparql_expected(p, "GRAPH <iri>");
		op->target = parse_graph_ref_all(p, 0);
	} else if (kg_sparql_at(p, "ADD") || kg_sparql_at(p, "MOVE") ||
	           kg_sparql_at(p, "COPY")) {
		op->kind = kg_sparql_at(p, "ADD")    ? KG_SPARQL_UP_ADD
		           : kg_sparql_at(p, "MOVE") ? KG_SPARQL_UP_MOVE
		                                     : KG_SPARQL_UP_COPY;
		kg_sparql_advance(p);
		op->silent = kg_sparql_accept_word(p, "SILENT");
		op->from = parse_graph_or_default(p);
		kg_sparql_expect_word(p, "TO");
		op->target = parse_graph_or_default(p);
	} else {
		kg_sparql_expected(p, "an update operation (INSERT, DELETE, "
		                      "LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
		                      "COPY, WITH)");
	}
}

static kg_sparql_update *
parse_update(kg_sparql_parser *p)
{
	kg_sparql_update *u = kg_sparql_alloc(p, sizeof *u);
	kg_sparql_vec ops = {0};
	for (;;) {
		parse_prologue(p);
		if (p->tok.type == KG_TOK_EOF)
			break;
		parse_operation(p, PUSH(p, &ops, kg_sparql_operation));
		if (!kg_sparql_accept(p, KG_TOK_SEMI))
			break;
	}
	if (p->tok.type != KG_TOK_EOF)
		kg_sparql_expected(p, ops.n ? "';' or end of update"
		                            : "an update operation");
	u->ops = ops.data;
	u->n_ops = ops.n;
	return u;
}

/* ---- entry points ----------------------------------------------------- */

static int
parser_init(kg_sparql_parser *p, kg_db *db, const char *text, const char *base)
{
	memset(p, 0, sizeof *p);
	p->db = db;
	p->check_labels = 1;
	kg_sparql_lexer_init(&p->lx, text);
	p->arena = kg_sparql_arena_new();
	if (!p->arena) {
		kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return -1;
	}
	if (base) {
		p->base = kg_sparql_arena_strndup(p->arena, base, strlen(base));
		if (!p->base) {
			kg_sparql_arena_free(p->arena);
			kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
			return -1;
		}
	}
	return 0;
}

static void
parser_clear(kg_sparql_parser *p)
{
	kg_sparql_lexer_clear(&p->lx);
	kg_buf_free(&p->scratch);
}

/* The parse of a whole text: `root` parses it and hands the arena to
 * the tree it returns.  Errors longjmp back here, where everything
 * allocated so far is freed. */
static kg_status
run(kg_db *db, const char *text, const char *base,
    void *(*root)(kg_sparql_parser *), void **out)
{
	*out = NULL;
	if (!db || !text)
		return KG_ERR_ARG;
	kg_sparql_parser *p = malloc(sizeof *p);
	if (!p)
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	if (parser_init(p, db, text, base)) {
		free(p);
		return KG_ERR_NOMEM;
	}
	if (setjmp(p->fail)) {
		kg_status st = p->status;
		kg_sparql_arena_free(p->arena);
		parser_clear(p);
		free(p);
		return st;
	}
	kg_sparql_advance(p);
	*out = root(p);
	parser_clear(p);
	free(p);
	return KG_OK;
}

static void *
query_root(kg_sparql_parser *p)
{
	kg_sparql_query *q = parse_query(p);
	q->arena = p->arena;
	return q;
}

static void *
update_root(kg_sparql_parser *p)
{
	kg_sparql_update *u = parse_update(p);
	u->arena = p->arena;
	return u;
}

kg_status
kg_sparql_parse(kg_db *db, const char *text, const char *base,
                kg_sparql_query **out)
{
	void *tree;
	kg_status st = run(db, text, base, query_root, &tree);
	*out = tree;
	return st;
}

kg_status
kg_sparql_parse_update(kg_db *db, const char *text, const char *base,
                       kg_sparql_update **out)
{
	void *tree;
	kg_status st = run(db, text, base, update_root, &tree);
	*out = tree;
	return st;
}

void
kg_sparql_free(kg_sparql_query *q)
{
	if (q)
		kg_sparql_arena_free(q->arena);
}

void
kg_sparql_update_free(kg_sparql_update *u)
{
	if (u)
		kg_sparql_arena_free(u->arena);
}

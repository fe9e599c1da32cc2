/* eval.c: an evaluation's context: its variables, its dictionary of terms
 * and its view of the store (the dataset).  The operators are in
 * eval_op.c (eval_scope.c, eval_bgp.c, eval_join.c), expressions in
 * eval_expr.c. */
#include "sparql/eval_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- hashing -------------------------------------------------------------- */

uint64_t
kg_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
kg_hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
hash_str(uint64_t h, const char *s)
{
	if (!s)
		return kg_hash_bytes(h, "\1", 1);
	return kg_hash_bytes(h, s, strlen(s) + 1);
}

/* ---- variables ------------------------------------------------------------ */

static int
add_var(kg_eval *ev, const char *name)
{
	ev_impl *im = ev->impl;
	if (!name)
		return 0;
	uint64_t h = hash_str(0xcbf29ce484222325ULL, name);
	size_t mask = im->var_cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		int slot = im->var_tab[i];
		if (slot < 0)
			break;
		if (!strcmp(ev->vars[slot], name))
			return 0;
	}
	if ((ev->width + 1) * 2 > im->var_cap) {
		size_t cap = im->var_cap * 2;
		int *tab = malloc(cap * sizeof *tab);
		if (!tab)
			return -1;
		for (size_t i = 0; i < cap; i++)
			tab[i] = -1;
		for (size_t v = 0; v < ev->width; v++) {
			uint64_t hv = hash_str(0xcbf29ce484222325ULL, ev->vars[v]);
			size_t j = hv & (cap - 1);
			while (tab[j] >= 0)
				j = (j + 1) & (cap - 1);
			tab[j] = (int)v;
		}
		free(im->var_tab);
		im->var_tab = tab;
		im->var_cap = cap;
		mask = cap - 1;
	}
	if (ev->width == im->vars_cap &&
	    kg_grow(&ev->vars, &im->vars_cap, ev->width + 1, sizeof *ev->vars))
		return -1;
	size_t i = h & mask;
	while (im->var_tab[i] >= 0)
		i = (i + 1) & mask;
	im->var_tab[i] = (int)ev->width;
	ev->vars[ev->width++] = name;
	return 0;
}

int
kg_eval_var(const kg_eval *ev, const char *name)
{
	const ev_impl *im = ev->impl;
	uint64_t h = hash_str(0xcbf29ce484222325ULL, name);
	size_t mask = im->var_cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		int slot = im->var_tab[i];
		if (slot < 0)
			return -1;
		if (!strcmp(ev->vars[slot], name))
			return slot;
	}
}

/* The name under which a pattern's blank node is a variable: "_:label",
 * which no variable can spell. */
const char *
kg_eval_blank_var(kg_eval *ev, const char *label)
{
	ev_impl *im = ev->impl;
	size_t n = strlen(label);
	char *s = kg_sparql_arena_alloc(im->arena, n + 3);
	if (!s)
		return NULL;
	memcpy(s, "_:", 2);
	memcpy(s + 2, label, n + 1);
	return s;
}

static int
term_var(kg_eval *ev, const kg_sparql_term *t)
{
	if (t->kind == KG_SPARQL_TERM_VAR)
		return add_var(ev, t->value);
	if (t->kind == KG_SPARQL_TERM_BLANK) {
		const char *name = kg_eval_blank_var(ev, t->value);
		return name ? add_var(ev, name) : -1;
	}
	return 0;
}

static int collect(kg_eval *ev, const kg_alg *a);

static int
collect_expr(kg_eval *ev, const kg_alg_expr *e)
{
	if (!e)
		return 0;
	if (e->op == KG_SPARQL_EX_TERM && e->term.kind == KG_SPARQL_TERM_VAR &&
	    add_var(ev, e->term.value))
		return -1;
	for (size_t i = 0; i < e->n_args; i++)
		if (collect_expr(ev, e->args[i]))
			return -1;
	return e->pattern ? collect(ev, e->pattern) : 0;
}

/* Gives every variable of `a` a slot; walks `a` chains in a loop. */
static int
collect(kg_eval *ev, const kg_alg *a)
{
	for (; a; a = a->a) {
		for (size_t i = 0; i < a->n_triples; i++) {
			const kg_sparql_triple *t = &a->triples[i];
			if (term_var(ev, &t->s) || term_var(ev, &t->p) ||
			    term_var(ev, &t->o))
				return -1;
		}
		if (a->kind == KG_ALG_PATH &&
		    (term_var(ev, &a->s) || term_var(ev, &a->o)))
			return -1;
		if ((a->kind == KG_ALG_GRAPH || a->kind == KG_ALG_SERVICE) &&
		    term_var(ev, &a->name))
			return -1;
		if (collect_expr(ev, a->expr) || add_var(ev, a->var))
			return -1;
		for (size_t i = 0; i < a->n_binds; i++)
			if (add_var(ev, a->binds[i].var) ||
			    collect_expr(ev, a->binds[i].expr))
				return -1;
		for (size_t i = 0; i < a->n_order; i++)
			if (collect_expr(ev, a->order[i].expr))
				return -1;
		for (size_t i = 0; i < a->n_vars; i++)
			if (add_var(ev, a->vars[i]))
				return -1;
		if (a->b && collect(ev, a->b))
			return -1;
	}
	return 0;
}

/* Marks the slots of Extend variables in `mask`. */
static void
mark_extended(kg_eval *ev, const kg_alg *a, unsigned char *mask)
{
	for (; a; a = a->a) {
		if (a->kind == KG_ALG_EXTEND) {
			int slot = kg_eval_var(ev, a->var);
			if (slot >= 0)
				mask[slot] = 1;
		}
		if (a->b)
			mark_extended(ev, a->b, mask);
	}
}

/* ---- the dictionary ------------------------------------------------------- */

/* Entries live in chunks that never move, so that a term handed out by
 * kg_eval_term stays put while later calls add entries. */
#define CHUNK_BITS 10
#define CHUNK ((size_t)1 << CHUNK_BITS)

/* The entry of `id`, which is no tagged store id (SID_TAG). */
static ev_term *
entry(const ev_impl *im, kg_id id)
{
	size_t i = (size_t)id - 1;
	return &im->chunks[i >> CHUNK_BITS][i & (CHUNK - 1)];
}

/* An IRI or blank node of the store is named by its store id with this
 * bit set: rows carry it with no entry here, and an entry holding its
 * strings is made only when they are needed (entry_of), since most such
 * terms are only joined on, never shown.  Such a term has that id and
 * no other, so equal ids stay equal terms.  A store id with the bit set
 * itself (past 2^31 terms) gets an entry like any other term. */
#define SID_TAG 0x80000000u

/* The tagged id of the store's `sid`, or 0 when it cannot have one. */
static kg_id
tag_sid(kg_sid sid)
{
	return sid & SID_TAG ? 0 : (kg_id)sid | SID_TAG;
}

static uint64_t
term_hash(const kg_term *t)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)t->kind;
	h = hash_str(h, t->value);
	if (t->kind == KG_TERM_LITERAL) {
		h = hash_str(h, t->datatype);
		h = hash_str(h, t->lang);
	}
	return kg_hash_mix(h);
}

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int
term_eq(const kg_term *a, const kg_term *b)
{
	if (a->kind != b->kind || strcmp(a->value, b->value))
		return 0;
	if (a->kind != KG_TERM_LITERAL)
		return 1;
	return str_eq(a->datatype, b->datatype) && str_eq(a->lang, b->lang);
}

static int
grow_table(ev_impl *im)
{
	size_t cap = im->tab_cap ? im->tab_cap * 2 : 1024;
	kg_id *tab = calloc(cap, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t id = 1; id <= im->n_terms; id++) {
		const ev_term *e = entry(im, (kg_id)id);
		if (e->untabled)
			continue;
		size_t j = e->hash & (cap - 1);
		while (tab[j])
			j = (j + 1) & (cap - 1);
		tab[j] = (kg_id)id;
	}
	free(im->tab);
	im->tab = tab;
	im->tab_cap = cap;
	return 0;
}

static char *
str_dup(ev_impl *im, const char *s)
{
	return s ? kg_sparql_arena_strndup(im->arena, s, strlen(s)) : NULL;
}

static kg_id
nomem(kg_eval *ev)
{
	kg_db_error(ev->db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* ---- the store's ids ---------------------------------------------------- */

static size_t
sid_slot(kg_sid sid, size_t cap)
{
	return (size_t)kg_hash_mix(sid) & (cap - 1);
}

static int
grow_sids(ev_impl *im)
{
	size_t cap = im->sid_cap ? im->sid_cap * 2 : 1024;
	ev_sid_slot *tab = calloc(cap, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t k = 0; k < im->sid_cap; k++) {
		if (!im->sid_tab[k].id)
			continue;
		size_t j = sid_slot(im->sid_tab[k].sid, cap);
		while (tab[j].id)
			j = (j + 1) & (cap - 1);
		tab[j] = im->sid_tab[k];
	}
	free(im->sid_tab);
	im->sid_tab = tab;
	im->sid_cap = cap;
	return 0;
}

/* The slot of the store's `sid`: the one holding it, or the empty one
 * where it would go. */
static ev_sid_slot *
sid_find_slot(const ev_impl *im, kg_sid sid)
{
	size_t j = sid_slot(sid, im->sid_cap);
	while (im->sid_tab[j].id && im->sid_tab[j].sid != sid)
		j = (j + 1) & (im->sid_cap - 1);
	return &im->sid_tab[j];
}

/* Our id of the store's `sid`, or 0 when it has none yet. */
static kg_id
find_sid(const ev_impl *im, kg_sid sid)
{
	return im->sid_cap ? sid_find_slot(im, sid)->id : 0;
}

/* Records that our `id` is the store's `sid`. */
static int
remember_sid(ev_impl *im, kg_id id, kg_sid sid)
{
	ev_term *e = entry(im, id);
	e->sid = sid;
	e->sid_known = 1;
	if (!sid)
		return 0;
	if ((im->n_sids + 1) * 2 > im->sid_cap && grow_sids(im))
		return -1;
	ev_sid_slot *slot = sid_find_slot(im, sid);
	slot->sid = sid;
	slot->id = id;
	im->n_sids++;
	return 0;
}

/* A zeroed entry after the last (not counted in n_terms yet), or NULL
 * when memory runs out. */
static ev_term *
new_entry(ev_impl *im)
{
	if (im->n_terms == im->n_chunks * CHUNK) {
		if (im->n_chunks == im->chunks_cap &&
		    kg_grow(&im->chunks, &im->chunks_cap, im->n_chunks + 1,
		            sizeof *im->chunks))
			return NULL;
		if (!(im->chunks[im->n_chunks] = malloc(CHUNK * sizeof **im->chunks)))
			return NULL;
		im->n_chunks++;
	}
	ev_term *e = entry(im, (kg_id)im->n_terms + 1);
	memset(e, 0, sizeof *e);
	return e;
}

/* Our id of the term of entry `id`: its tagged store id when it has one. */
static kg_id
canonical(const ev_impl *im, kg_id id)
{
	const ev_term *e = entry(im, id);
	kg_id tagged = e->t.kind != KG_TERM_LITERAL ? tag_sid(e->sid) : 0;
	return e->sid && tagged ? tagged : id;
}

/* A new entry for the store's term `sid`, an IRI or blank node `t`
 * (its strings copied unless `stable`), found by its store id only;
 * returns its entry id, 0 when memory runs out. */
static kg_id
store_entry(kg_eval *ev, kg_sid sid, const kg_term *t, int stable)
{
	ev_impl *im = ev->impl;
	ev_term *e = new_entry(im);
	if (!e)
		return nomem(ev);
	e->untabled = 1;
	e->t.kind = t->kind;
	e->t.value = stable ? t->value : str_dup(im, t->value);
	if (!e->t.value)
		return nomem(ev);
	kg_id id = (kg_id)++im->n_terms;
	if (remember_sid(im, id, sid))
		return nomem(ev);
	return id;
}

/* Interns `t0`; its strings are copied unless `borrow` (they live as long
 * as the evaluation). */
static kg_id
intern(kg_eval *ev, const kg_term *t0, int borrow)
{
	ev_impl *im = ev->impl;
	kg_term t = *t0;
	/* RDF 1.1: "a" and "a"^^xsd:string are one term. */
	if (t.kind == KG_TERM_LITERAL && t.datatype &&
	    (t.lang || !strcmp(t.datatype, KG_XSD "string") ||
	     !strcmp(t.datatype, KG_RDF_LANGSTRING)))
		t.datatype = NULL;
	if (t.kind != KG_TERM_LITERAL)
		t.datatype = t.lang = NULL;
	uint64_t h = term_hash(&t);
	if ((im->n_tabled + 1) * 2 > im->tab_cap && grow_table(im))
		return nomem(ev);
	size_t mask = im->tab_cap - 1, i = h & mask;
	for (; im->tab[i]; i = (i + 1) & mask) {
		ev_term *e = entry(im, im->tab[i]);
		if (e->hash == h && term_eq(&e->t, &t))
			return im->tab[i];
	}
	/* Reading ids, an IRI or blank node the store holds is named by
	 * its store id (SID_TAG), and not in this table. */
	kg_sid sid = 0;
	int sid_known = 0;
	if (im->ids && t.kind != KG_TERM_LITERAL) {
		kg_status st = kg_store_lookup(ev->db, &t, &sid);
		if (st && st != KG_DONE)
			return 0;
		sid_known = 1;
		if (st == KG_DONE)
			sid = 0;
		kg_id found = sid ? find_sid(im, sid) : 0;
		if (found)
			return canonical(im, found);
		if (sid && tag_sid(sid)) {
			/* its strings are at hand: keep them for entry_of */
			found = store_entry(ev, sid, &t, borrow);
			return found ? tag_sid(sid) : 0;
		}
	}
	ev_term *e = new_entry(im);
	if (!e)
		return nomem(ev);
	e->hash = h;
	e->t.kind = t.kind;
	if (borrow) {
		e->t = t;
	} else {
		e->t.value = str_dup(im, t.value);
		e->t.datatype = str_dup(im, t.datatype);
		e->t.lang = str_dup(im, t.lang);
	}
	if (!e->t.value || (t.datatype && !e->t.datatype) ||
	    (t.lang && !e->t.lang))
		return nomem(ev);
	im->n_terms++;
	im->n_tabled++;
	im->tab[i] = (kg_id)im->n_terms;
	if (sid_known && remember_sid(im, (kg_id)im->n_terms, sid))
		return nomem(ev);
	return (kg_id)im->n_terms;
}

kg_id
kg_eval_intern(kg_eval *ev, const kg_term *t)
{
	return intern(ev, t, 0);
}

/* Our id of the store's term `sid`: its strings are read from the store
 * only the first time. */
static kg_id
intern_sid(kg_eval *ev, kg_sid sid)
{
	ev_impl *im = ev->impl;
	kg_id id = find_sid(im, sid);
	if (id)
		return canonical(im, id);
	kg_term t;
	int stable = 0;
	if (kg_store_term(ev->db, sid, &t, &stable))
		return 0;
	if (t.kind == KG_TERM_LITERAL) {
		/* Literals are also made by expressions, which do not know
		 * the store's ids: they meet in the table of strings. */
		id = intern(ev, &t, stable);
		if (id && !entry(im, id)->sid_known && remember_sid(im, id, sid))
			return nomem(ev);
		return id;
	}
	/* An IRI or blank node met elsewhere was looked up in the store
	 * then (intern()), so it would have been found above: this one is
	 * new, and needs no place in the table of strings. */
	id = store_entry(ev, sid, &t, stable);
	return id ? canonical(im, id) : 0;
}

/* The same for a term the store holds as a subject, predicate or graph,
 * so no literal: named by its tagged store id, nothing is read. */
static kg_id
intern_sid_node(kg_eval *ev, kg_sid sid)
{
	kg_id id = tag_sid(sid);
	return id ? id : intern_sid(ev, sid);
}

/* The entry holding the term `id`, made for a tagged store id on first
 * use; NULL when the store fails (the status is on the db) or memory
 * runs out. */
static ev_term *
entry_of(kg_eval *ev, kg_id id)
{
	ev_impl *im = ev->impl;
	if (!(id & SID_TAG))
		return id && id <= im->n_terms ? entry(im, id) : NULL;
	kg_sid sid = id & ~SID_TAG;
	kg_id e = find_sid(im, sid);
	if (!e) {
		kg_term t;
		int stable = 0;
		kg_status st = kg_store_term(ev->db, sid, &t, &stable);
		if (st == KG_DONE)
			kg_db_error(ev->db, KG_ERR_STORE, NULL, 0, 0,
			            "store: term %u is missing", (unsigned)sid);
		if (st || !(e = store_entry(ev, sid, &t, stable)))
			return NULL;
	}
	return entry(im, e);
}

/* Whether `id` is a literal, without reading a store term's strings. */
static int
is_literal(const ev_impl *im, kg_id id)
{
	return !(id & SID_TAG) && entry(im, id)->t.kind == KG_TERM_LITERAL;
}

/* The store's id of our `id` in *sid (0: the store lacks the term). */
static kg_status sid_of(kg_eval *ev, kg_id id, kg_sid *sid);

long
kg_eval_estimate(kg_eval *ev, const kg_id t[3])
{
	ev_impl *im = ev->impl;
	if (!im->ids)
		return -1;
	/* The smallest count of the pattern with one of its known terms
	 * bound: exact and O(1) in the store's indexes, and an upper bound
	 * of the pattern's own count. */
	long best = -1;
	for (int k = 0; k < 3; k++) {
		if (!t[k])
			continue;
		kg_sid pat[4] = {0, 0, 0, 0};
		uint64_t n;
		if (sid_of(ev, t[k], &pat[k]))
			return -1;
		if (!pat[k])
			return 0; /* a term the store lacks: nothing matches */
		if (kg_match_count(ev->db, pat, KG_MATCH_ANY_GRAPH, &n))
			return -1;
		if (best < 0 || (long)n < best)
			best = (long)n;
	}
	if (best < 0) {
		kg_sid pat[4] = {0, 0, 0, 0};
		uint64_t n;
		if (kg_match_count(ev->db, pat, KG_MATCH_ANY_GRAPH, &n))
			return -1;
		best = (long)n;
	}
	return best;
}

static kg_status
sid_of(kg_eval *ev, kg_id id, kg_sid *sid)
{
	ev_impl *im = ev->impl;
	if (id & SID_TAG) {
		*sid = id & ~SID_TAG;
		return KG_OK;
	}
	ev_term *e = entry(im, id);
	if (!e->sid_known) {
		kg_sid found = 0;
		kg_status st = kg_store_lookup(ev->db, &e->t, &found);
		if (st && st != KG_DONE)
			return st;
		if (remember_sid(im, id, st ? 0 : found))
			return nomem(ev), KG_ERR_NOMEM;
	}
	*sid = e->sid;
	return KG_OK;
}

kg_id
kg_eval_intern_sparql(kg_eval *ev, const kg_sparql_term *t)
{
	kg_term k = {0};
	switch (t->kind) {
	case KG_SPARQL_TERM_IRI:
		k.kind = KG_TERM_IRI;
		break;
	case KG_SPARQL_TERM_BLANK:
		k.kind = KG_TERM_BLANK;
		break;
	case KG_SPARQL_TERM_LITERAL:
		k.kind = KG_TERM_LITERAL;
		k.datatype = t->datatype;
		k.lang = t->lang;
		break;
	default:
		return 0;
	}
	k.value = t->value;
	return kg_eval_intern(ev, &k);
}

kg_id
kg_eval_intern_value(kg_eval *ev, const kg_sparql_value *v)
{
	if (!v)
		return 0;
	kg_term k = {0};
	switch (v->kind) {
	case KG_SPARQL_V_IRI:
		k.kind = KG_TERM_IRI;
		break;
	case KG_SPARQL_V_BLANK:
		k.kind = KG_TERM_BLANK;
		break;
	case KG_SPARQL_V_LITERAL:
		k.kind = KG_TERM_LITERAL;
		k.datatype = v->datatype;
		k.lang = v->lang;
		break;
	default:
		return 0;
	}
	k.value = v->lex;
	return kg_eval_intern(ev, &k);
}

kg_id
kg_eval_const(kg_eval *ev, const kg_sparql_term *t)
{
	ev_impl *im = ev->impl;
	if ((im->n_consts + 1) * 2 > im->const_cap) {
		size_t cap = im->const_cap ? im->const_cap * 2 : 64;
		const void **keys = calloc(cap, sizeof *keys);
		kg_id *vals = calloc(cap, sizeof *vals);
		if (!keys || !vals) {
			free(keys);
			free(vals);
			return nomem(ev);
		}
		for (size_t i = 0; i < im->const_cap; i++) {
			if (!im->const_keys[i])
				continue;
			size_t j = kg_hash_mix((uint64_t)(uintptr_t)im->const_keys[i]) &
			           (cap - 1);
			while (keys[j])
				j = (j + 1) & (cap - 1);
			keys[j] = im->const_keys[i];
			vals[j] = im->const_vals[i];
		}
		free(im->const_keys);
		free(im->const_vals);
		im->const_keys = keys;
		im->const_vals = vals;
		im->const_cap = cap;
	}
	size_t mask = im->const_cap - 1;
	size_t i = kg_hash_mix((uint64_t)(uintptr_t)t) & mask;
	for (; im->const_keys[i]; i = (i + 1) & mask)
		if (im->const_keys[i] == t)
			return im->const_vals[i];
	kg_id id = kg_eval_intern_sparql(ev, t);
	if (id) {
		im->const_keys[i] = t;
		im->const_vals[i] = id;
		im->n_consts++;
	}
	return id;
}

const kg_term *
kg_eval_term(kg_eval *ev, kg_id id)
{
	ev_term *e = entry_of(ev, id);
	return e ? &e->t : NULL;
}

const kg_sparql_value *
kg_eval_value(kg_eval *ev, kg_id id)
{
	ev_term *e = entry_of(ev, id);
	if (!e)
		return NULL;
	if (!e->v) {
		switch (e->t.kind) {
		case KG_TERM_IRI:
			e->v = kg_sparql_value_iri(e->t.value);
			break;
		case KG_TERM_BLANK:
			e->v = kg_sparql_value_blank(e->t.value);
			break;
		default:
			e->v = kg_sparql_value_literal(e->t.value, e->t.lang,
			                               e->t.datatype);
		}
		if (!e->v)
			nomem(ev);
	}
	return e->v;
}

kg_id
kg_eval_fresh_blank(kg_eval *ev)
{
	ev_impl *im = ev->impl;
	char label[96];
	snprintf(label, sizeof label, "%s%lu", im->blank_prefix,
	         ++im->blank_counter);
	kg_term t = {KG_TERM_BLANK, label, NULL, NULL};
	return kg_eval_intern(ev, &t);
}

/* ---- the dataset ---------------------------------------------------------- */

static int
intern_iris(kg_eval *ev, const char **iris, size_t n, kg_id **out)
{
	*out = NULL;
	if (!n)
		return 0;
	*out = calloc(n, sizeof **out);
	if (!*out)
		return -1;
	for (size_t i = 0; i < n; i++) {
		kg_term t = {KG_TERM_IRI, iris[i], NULL, NULL};
		if (!((*out)[i] = kg_eval_intern(ev, &t)))
			return -1;
	}
	return 0;
}

/* Adds one of the store's named graphs to the list of all graphs. */
static kg_status
add_named_graph(void *ctx, const kg_term *t)
{
	kg_eval *ev = ctx;
	ev_impl *im = ev->impl;
	kg_id id = kg_eval_intern(ev, t);
	if (!id)
		return KG_ERR_NOMEM;
	if (kg_grow(&im->all_graphs, &im->all_graphs_cap, im->n_all_graphs + 1,
	            sizeof *im->all_graphs))
		return nomem(ev), KG_ERR_NOMEM;
	im->all_graphs[im->n_all_graphs++] = id;
	return KG_OK;
}

kg_status
kg_eval_named_graphs(kg_eval *ev, const kg_id **ids, size_t *n)
{
	ev_impl *im = ev->impl;
	if (!im->named_ready) {
		kg_status st = kg_store_graphs(ev->db, add_named_graph, ev);
		if (st)
			return st;
		im->named_ready = 1;
	}
	if (im->ds.named_strict) {
		*ids = im->named;
		*n = im->ds.n_named;
	} else {
		*ids = im->all_graphs;
		*n = im->n_all_graphs;
	}
	return KG_OK;
}

int
kg_eval_graph_visible(kg_eval *ev, kg_id g)
{
	const kg_id *ids;
	size_t n;
	if (kg_eval_named_graphs(ev, &ids, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ids[i] == g)
			return 1;
	return 0;
}

void
kg_eval_dataset_of(kg_eval_dataset *ds, const char **from, size_t n_from,
                   const char **named, size_t n_named)
{
	memset(ds, 0, sizeof *ds);
	ds->deflt = KG_EVAL_DEFAULT_FROM;
	ds->from = from;
	ds->n_from = n_from;
	ds->named_strict = 1;
	ds->named = named;
	ds->n_named = n_named;
}

/* ---- matching ------------------------------------------------------------- */

/* ---- sets of ids ---------------------------------------------------------- */

static size_t
id_slot(kg_id id, size_t cap)
{
	return kg_hash_mix(id) & (cap - 1);
}

int
kg_id_set_has(const kg_id_set *s, kg_id id)
{
	if (!s->cap)
		return 0;
	for (size_t i = id_slot(id, s->cap);; i = (i + 1) & (s->cap - 1)) {
		if (s->slots[i] == id)
			return 1;
		if (!s->slots[i])
			return 0;
	}
}

int
kg_id_set_add(kg_id_set *s, kg_id id)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		kg_id *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i])
				continue;
			size_t j = id_slot(s->slots[i], cap);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = s->slots[i];
		}
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t i = id_slot(id, s->cap);
	for (; s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == id)
			return 0;
	s->slots[i] = id;
	s->n++;
	return 1;
}

void
kg_id_set_free(kg_id_set *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}

int
kg_triple_set_add(kg_triple_set *ts, const kg_id t[3])
{
	if ((ts->n + 1) * 2 > ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 64;
		kg_id (*slots)[3] = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		for (size_t i = 0; i < ts->cap; i++) {
			if (!ts->slots[i][0])
				continue;
			uint64_t h = kg_hash_mix(kg_hash_bytes(0, ts->slots[i],
			                                       sizeof ts->slots[i]));
			size_t j = h & (cap - 1);
			while (slots[j][0])
				j = (j + 1) & (cap - 1);
			memcpy(slots[j], ts->slots[i], sizeof slots[j]);
		}
		free(ts->slots);
		ts->slots = slots;
		ts->cap = cap;
	}
	uint64_t h = kg_hash_mix(kg_hash_bytes(0, t, 3 * sizeof *t));
	size_t i = h & (ts->cap - 1);
	for (; ts->slots[i][0]; i = (i + 1) & (ts->cap - 1))
		if (!memcmp(ts->slots[i], t, 3 * sizeof *t))
			return 0;
	memcpy(ts->slots[i], t, 3 * sizeof *t);
	ts->n++;
	return 1;
}

/* Whether the merged default graph must drop repeated triples: 1 or 0,
 * found out on first use (a query that reads no triple never asks the
 * store for its graphs); -1 on an error.  Several graphs may hold one
 * triple; with one named graph a triple also in the unnamed default
 * graph would come twice too, but finding that out would read the
 * store, so that rare case is left (doc/engine.md). */
static int
needs_dedup(kg_eval *ev)
{
	ev_impl *im = ev->impl;
	if (im->union_dedup < 0) {
		const kg_id *g;
		size_t n;
		if (kg_eval_named_graphs(ev, &g, &n))
			return -1;
		im->union_dedup = n > 1;
	}
	return im->union_dedup;
}

struct kg_eval_match {
	kg_eval *ev;
	kg_match *m;
	kg_id s, p, o;
	const kg_id *graphs; /* graphs to read in turn, or NULL: one read */
	size_t n_graphs, next_graph;
	kg_id one_graph;
	unsigned flags;      /* for kg_match_new with no graph */
	int dedup, single, done;
	int ids;             /* the store reads by id */
	kg_triple_set seen;
};

/* open_next() on a store that reads by id. */
static kg_status
open_next_ids(kg_eval_match *m)
{
	kg_eval *ev = m->ev;
	kg_sid pat[4] = {0, 0, 0, 0};
	kg_id g = 0;
	if (m->graphs) {
		if (m->next_graph >= m->n_graphs)
			return KG_DONE;
		g = m->graphs[m->next_graph++];
	} else if (m->next_graph++) {
		return KG_DONE;
	}
	const kg_id ids[4] = {m->s, m->p, m->o, g};
	for (int i = 0; i < 4; i++) {
		if (!ids[i])
			continue;
		kg_status st = sid_of(ev, ids[i], &pat[i]);
		if (st)
			return st;
		if (!pat[i])
			return open_next_ids(m); /* a term the store lacks */
	}
	return kg_match_ids_new(ev->db, pat, m->flags, &m->m);
}

/* Opens the read of the next graph; KG_DONE when there is none. */
static kg_status
open_next(kg_eval_match *m)
{
	kg_eval *ev = m->ev;
	kg_match_free(m->m);
	m->m = NULL;
	if (m->ids)
		return open_next_ids(m);
	const kg_term *s = m->s ? kg_eval_term(ev, m->s) : NULL;
	const kg_term *p = m->p ? kg_eval_term(ev, m->p) : NULL;
	const kg_term *o = m->o ? kg_eval_term(ev, m->o) : NULL;
	const kg_term *g = NULL;
	if (m->graphs) {
		if (m->next_graph >= m->n_graphs)
			return KG_DONE;
		g = kg_eval_term(ev, m->graphs[m->next_graph++]);
	} else if (m->next_graph++) {
		return KG_DONE;
	}
	return kg_match_new(ev->db, s, p, o, g, m->flags, &m->m);
}

kg_status
kg_eval_match_new(kg_eval *ev, kg_id s, kg_id p, kg_id o, kg_id graph,
                  kg_eval_match **out)
{
	ev_impl *im = ev->impl;
	*out = NULL;
	kg_eval_match *m = calloc(1, sizeof *m);
	if (!m)
		return nomem(ev), KG_ERR_NOMEM;
	m->ev = ev;
	m->s = s;
	m->p = p;
	m->o = o;
	m->single = s && p && o;
	m->ids = im->ids;
	*out = m;
	/* A literal or blank node as predicate, or a literal as subject,
	 * matches nothing (and Redland would reject the pattern).  A lazy
	 * entry is no literal: its strings stay unread. */
	const kg_term *tp = p ? kg_eval_term(ev, p) : NULL;
	if (p && !tp) {
		kg_eval_match_free(m);
		*out = NULL;
		return ev->db->err_status ? ev->db->err_status : KG_ERR_NOMEM;
	}
	if ((s && is_literal(im, s)) || (tp && tp->kind != KG_TERM_IRI) ||
	    (graph && is_literal(im, graph))) {
		m->done = 1;
		return KG_OK;
	}
	if (graph) {
		m->one_graph = graph;
		m->graphs = &m->one_graph;
		m->n_graphs = 1;
	} else {
		if (im->ds.deflt == KG_EVAL_DEFAULT_FROM && !im->ds.n_from) {
			m->done = 1; /* FROM nothing: an empty default graph */
			return KG_OK;
		}
		switch (im->ds.deflt) {
		case KG_EVAL_DEFAULT_UNION:
			m->flags = KG_MATCH_ANY_GRAPH;
			if (!m->single && needs_dedup(ev) < 0) {
				kg_eval_match_free(m);
				*out = NULL;
				return ev->db->err_status ? ev->db->err_status
				                          : KG_ERR_NOMEM;
			}
			m->dedup = !m->single && im->union_dedup > 0;
			break;
		case KG_EVAL_DEFAULT_ONLY:
			break;
		case KG_EVAL_DEFAULT_FROM:
			m->graphs = im->from;
			m->n_graphs = im->ds.n_from;
			m->dedup = !m->single && im->ds.n_from > 1;
			break;
		}
	}
	kg_status st = open_next(m);
	if (st == KG_DONE) {
		m->done = 1;
		st = KG_OK;
	}
	if (st) {
		kg_eval_match_free(m);
		*out = NULL;
	}
	return st;
}

kg_status
kg_eval_match_next(kg_eval_match *m, kg_id t[3])
{
	kg_eval *ev = m->ev;
	while (!m->done) {
		if (ev->db->interrupted)
			return kg_db_error(ev->db, KG_ERR_INTERRUPTED, NULL, 0, 0,
			                   "interrupted");
		const kg_term *q[4];
		kg_sid sq[4];
		kg_status st = m->ids ? kg_match_ids_next(m->m, sq)
		                      : kg_match_next(m->m, q);
		if (st == KG_DONE) {
			st = open_next(m);
			if (st == KG_DONE)
				m->done = 1;
			else if (st)
				return st;
			continue;
		}
		if (st)
			return st;
		if (m->ids) {
			t[0] = m->s ? m->s : intern_sid_node(ev, sq[0]);
			t[1] = m->p ? m->p : intern_sid_node(ev, sq[1]);
			t[2] = m->o ? m->o : intern_sid(ev, sq[2]);
		} else {
			t[0] = m->s ? m->s : kg_eval_intern(ev, q[0]);
			t[1] = m->p ? m->p : kg_eval_intern(ev, q[1]);
			t[2] = m->o ? m->o : kg_eval_intern(ev, q[2]);
		}
		if (!t[0] || !t[1] || !t[2])
			return KG_ERR_NOMEM;
		if (m->single)
			m->done = 1;
		else if (m->dedup) {
			int r = kg_triple_set_add(&m->seen, t);
			if (r < 0)
				return nomem(ev), KG_ERR_NOMEM;
			if (!r)
				continue;
		}
		return KG_OK;
	}
	return KG_DONE;
}

void
kg_eval_match_free(kg_eval_match *m)
{
	if (!m)
		return;
	kg_match_free(m->m);
	free(m->seen.slots);
	free(m);
}

kg_status
kg_eval_nodes(kg_eval *ev, kg_id graph, kg_id **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	kg_eval_match *m;
	kg_status st = kg_eval_match_new(ev, 0, 0, 0, graph, &m);
	if (st)
		return st;
	kg_id_set seen = {0};
	size_t cap = 0;
	kg_id t[3];
	while (!(st = kg_eval_match_next(m, t))) {
		for (int k = 0; k < 3; k += 2) {
			int r = kg_id_set_add(&seen, t[k]);
			if (r < 0) {
				st = KG_ERR_NOMEM;
				break;
			}
			if (!r)
				continue;
			if (*n == cap && kg_grow(ids, &cap, *n + 1, sizeof **ids)) {
				st = KG_ERR_NOMEM;
				break;
			}
			(*ids)[(*n)++] = t[k];
		}
		if (st)
			break;
	}
	kg_eval_match_free(m);
	kg_id_set_free(&seen);
	if (st == KG_DONE)
		return KG_OK;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return st == KG_ERR_NOMEM ? (nomem(ev), st) : st;
}

/* ---- an evaluation -------------------------------------------------------- */

static int
random_bytes(void *user, unsigned char *buf, size_t n)
{
	(void)user;
	FILE *f = fopen("/dev/urandom", "rb");
	if (!f)
		return -1;
	size_t got = fread(buf, 1, n, f);
	fclose(f);
	return got == n ? 0 : -1;
}

/* ---- what a db keeps between evaluations ---------------------------------- */

/* A query's first dictionary chunk, its tables and its arena, kept on
 * its db for the next query: freshly allocated, they cost a few page faults each time,
 * most of a small query's time once it is warm.  They go back cleared,
 * so that no entry of one query is seen by the next.  Only tables up to
 * CACHE_MAX slots are kept, so that one big query does not leave its
 * memory on the handle.  A db is used by one thread at a time; an
 * evaluation takes the whole cache, so one running inside another (an
 * update's, say) simply allocates its own. */
#define CACHE_MAX 4096

struct kg_eval_cache {
	ev_term *chunk;    /* NULL: none kept */
	ev_term **chunks;  /* the array for it, chunks_cap long; may be NULL */
	size_t chunks_cap;
	kg_id *tab;        /* cleared */
	size_t tab_cap;
	ev_sid_slot *sid_tab; /* cleared */
	size_t sid_cap;
	const void **const_keys; /* cleared */
	kg_id *const_vals;
	size_t const_cap;
	kg_sparql_arena *arena; /* reset */
};

void
kg_eval_cache_free(struct kg_eval_cache *c)
{
	if (!c)
		return;
	free(c->chunk);
	free(c->chunks);
	free(c->tab);
	free(c->sid_tab);
	free(c->const_keys);
	free(c->const_vals);
	kg_sparql_arena_free(c->arena);
	free(c);
}

/* Hands the db's cache to the new evaluation `im`; on failure it simply
 * starts empty. */
static void
cache_take(ev_impl *im, kg_db *db)
{
	struct kg_eval_cache *c = db->eval_cache;
	if (!c)
		return;
	if (c->chunk) {
		im->chunks = c->chunks;
		im->chunks_cap = c->chunks_cap;
		if (kg_grow(&im->chunks, &im->chunks_cap, 1, sizeof *im->chunks)) {
			free(c->chunk);
		} else {
			im->chunks[0] = c->chunk;
			im->n_chunks = 1;
		}
	}
	im->tab = c->tab;
	im->tab_cap = c->tab_cap;
	im->sid_tab = c->sid_tab;
	im->sid_cap = c->sid_cap;
	im->const_keys = c->const_keys;
	im->const_vals = c->const_vals;
	im->const_cap = c->const_cap;
	im->arena = c->arena;
	memset(c, 0, sizeof *c);
}

/* Moves what `im` may keep into the db's cache, cleared, and sets its
 * fields to NULL; what it may not keep stays for kg_eval_free.  Keeps
 * nothing when the cache is full already. */
static void
cache_put(ev_impl *im, kg_db *db)
{
	struct kg_eval_cache *c = db->eval_cache;
	if (!c && !(c = db->eval_cache = calloc(1, sizeof *c)))
		return;
	if (!c->chunk && im->n_chunks) {
		c->chunk = im->chunks[0];
		im->chunks[0] = NULL;
		if (im->chunks_cap <= 64) {
			for (size_t i = 1; i < im->n_chunks; i++)
				free(im->chunks[i]);
			im->n_chunks = 0;
			c->chunks = im->chunks;
			c->chunks_cap = im->chunks_cap;
			im->chunks = NULL;
		}
	}
	if (!c->tab && im->tab && im->tab_cap <= CACHE_MAX) {
		memset(im->tab, 0, im->tab_cap * sizeof *im->tab);
		c->tab = im->tab;
		c->tab_cap = im->tab_cap;
		im->tab = NULL;
	}
	if (!c->sid_tab && im->sid_tab && im->sid_cap <= CACHE_MAX) {
		memset(im->sid_tab, 0, im->sid_cap * sizeof *im->sid_tab);
		c->sid_tab = im->sid_tab;
		c->sid_cap = im->sid_cap;
		im->sid_tab = NULL;
	}
	if (!c->const_keys && im->const_keys && im->const_cap <= CACHE_MAX) {
		/* Only the keys tell a slot empty: the values need no clearing. */
		memset(im->const_keys, 0, im->const_cap * sizeof *im->const_keys);
		c->const_keys = im->const_keys;
		c->const_vals = im->const_vals;
		c->const_cap = im->const_cap;
		im->const_keys = NULL;
		im->const_vals = NULL;
	}
}

kg_status
kg_eval_new(kg_db *db, const kg_alg *root, const kg_eval_dataset *ds,
            const char *const *extra_vars, size_t n_extra, const char *base,
            kg_eval **out)
{
	*out = NULL;
	kg_eval *ev = calloc(1, sizeof *ev);
	ev_impl *im = calloc(1, sizeof *im);
	if (!ev || !im) {
		free(ev);
		free(im);
		return kg_db_error(db, KG_ERR_NOMEM, NULL, 0, 0, "out of memory");
	}
	ev->db = db;
	ev->impl = im;
	im->ev = ev;
	cache_take(im, db);
	/* A store that reads by id: terms it hands out stay valid for the
	 * evaluation (kg_eval_free unpins). */
	if ((im->ids = kg_store_ids(db)))
		kg_store_pin(db);
	if (!im->arena)
		im->arena = kg_sparql_arena_new();
	im->var_cap = 16;
	im->var_tab = malloc(im->var_cap * sizeof *im->var_tab);
	kg_status st = KG_OK;
	if (!im->arena || !im->var_tab)
		st = KG_ERR_NOMEM;
	for (size_t i = 0; !st && i < im->var_cap; i++)
		im->var_tab[i] = -1;
	if (ds)
		im->ds = *ds;
	if (!st && (collect(ev, root) ||
	            intern_iris(ev, im->ds.from, im->ds.n_from, &im->from) ||
	            intern_iris(ev, im->ds.named, im->ds.n_named, &im->named)))
		st = KG_ERR_NOMEM;
	for (size_t i = 0; !st && i < n_extra; i++)
		if (add_var(ev, extra_vars[i]))
			st = KG_ERR_NOMEM;
	if (!st && !(im->extended = calloc(ev->width + 1, 1)))
		st = KG_ERR_NOMEM;
	if (!st)
		mark_extended(ev, root, im->extended);
	/* The copied lists are not used past here: the ids are. */
	im->ds.from = NULL;
	im->ds.named = NULL;
	ev->fn.base = base;
	ev->fn.random = random_bytes;
	if (!st && !(ev->fn.regexes = kg_sparql_regex_cache_new()))
		st = KG_ERR_NOMEM;
	/* NOW(): one instant for the whole evaluation (the spec's rule). */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ev->fn.has_now_time = 1;
	ev->fn.now_sec = (long long)ts.tv_sec;
	ev->fn.now_nsec = ts.tv_nsec;
	/* Fresh blank nodes: labels no load or other evaluation makes: the
	 * process, the time to the nanosecond and a serial number of the
	 * evaluation within the process. */
	snprintf(im->blank_prefix, sizeof im->blank_prefix, "b%lx%llx%lxe%lxq",
	         (unsigned long)getpid(), (unsigned long long)ts.tv_sec,
	         (unsigned long)ts.tv_nsec, ++db->evaluations);
	im->union_dedup = -1; /* not known yet: see needs_dedup() */
	if (st) {
		kg_eval_free(ev);
		return st == KG_ERR_NOMEM
		               ? kg_db_error(db, st, NULL, 0, 0, "out of memory")
		               : st;
	}
	*out = ev;
	return KG_OK;
}

void
kg_eval_free(kg_eval *ev)
{
	if (!ev)
		return;
	ev_impl *im = ev->impl;
	if (im) {
		for (size_t i = 0; i < im->n_terms; i++)
			kg_sparql_value_free(entry(im, (kg_id)i + 1)->v);
		kg_eval_memo_free(ev);
		kg_eval_scope_free(ev);
		cache_put(im, ev->db);
		for (size_t i = 0; i < im->n_chunks; i++)
			free(im->chunks[i]);
		free(im->chunks);
		free(im->tab);
		free(im->sid_tab);
		if (im->ids)
			kg_store_unpin(ev->db);
		free(im->var_tab);
		free(im->from);
		free(im->named);
		free(im->all_graphs);
		free(im->const_keys);
		free(im->const_vals);
		free(im->extended);
		kg_sparql_regex_cache_free(ev->fn.regexes);
		/* Last: the dictionary's strings live in the arena. */
		struct kg_eval_cache *c = ev->db->eval_cache;
		if (c && !c->arena && im->arena) {
			kg_sparql_arena_reset(im->arena);
			c->arena = im->arena;
		} else {
			kg_sparql_arena_free(im->arena);
		}
		free(im);
	}
	free(ev->vars);
	free(ev);
}

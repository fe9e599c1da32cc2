/* results.c: result sets, the table (in-memory) result set, and terms. */
#include "results.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static const char *const graph_names[] = {"subject", "predicate", "object",
                                          "graph"};

kg_results *
kg_results_new(kg_db *db, kg_results_kind kind, size_t width,
               const kg_results_ops *ops, void *impl)
{
	kg_results *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->ops = ops;
	r->db = db;
	r->kind = kind;
	r->impl = impl;
	if (kind == KG_RESULTS_GRAPH)
		width = 3;
	r->width = width;
	r->slots = kind == KG_RESULTS_GRAPH ? 4 : width;
	size_t n = r->slots ? r->slots : 1;
	r->names = calloc(n, sizeof *r->names);
	r->row = calloc(n, sizeof *r->row);
	r->bound = calloc(n, 1);
	r->text = calloc(n, sizeof *r->text);
	if (!r->names || !r->row || !r->bound || !r->text) {
		kg_results_free(r);
		return NULL;
	}
	if (kind == KG_RESULTS_GRAPH)
		for (size_t i = 0; i < 4; i++)
			if (kg_results_set_name(r, i, graph_names[i])) {
				kg_results_free(r);
				return NULL;
			}
	return r;
}

kg_status
kg_results_set_name(kg_results *r, size_t i, const char *name)
{
	if (i >= r->slots)
		return KG_ERR_ARG;
	char *copy = strdup(name);
	if (!copy)
		return KG_ERR_NOMEM;
	free(r->names[i]);
	r->names[i] = copy;
	return KG_OK;
}

kg_status
kg_results_set(kg_results *r, size_t i, const kg_term *t)
{
	if (i >= r->slots)
		return KG_ERR_ARG;
	if (!t) {
		r->bound[i] = 0;
		return KG_OK;
	}
	/* value \0 datatype \0 lang \0, then point into the buffer. */
	kg_buf *b = &r->text[i];
	kg_buf_reset(b);
	size_t v = strlen(t->value), d = t->datatype ? strlen(t->datatype) : 0;
	if (kg_buf_put(b, t->value, v + 1) ||
	    (t->datatype && kg_buf_put(b, t->datatype, d + 1)) ||
	    (t->lang && kg_buf_put(b, t->lang, strlen(t->lang) + 1)))
		return KG_ERR_NOMEM;
	kg_term *out = &r->row[i];
	out->kind = t->kind;
	out->value = b->data;
	out->datatype = t->datatype ? b->data + v + 1 : NULL;
	out->lang = t->lang ? b->data + v + 1 + (t->datatype ? d + 1 : 0) : NULL;
	r->bound[i] = 1;
	return KG_OK;
}

const kg_term *
kg_results_graph(const kg_results *r)
{
	if (r->kind != KG_RESULTS_GRAPH || !r->bound[3])
		return NULL;
	return &r->row[3];
}

void
kg_results_free(kg_results *r)
{
	if (!r)
		return;
	if (r->ops && r->ops->free)
		r->ops->free(r);
	for (size_t i = 0; i < r->slots; i++) {
		if (r->names)
			free(r->names[i]);
		if (r->text)
			kg_buf_free(&r->text[i]);
	}
	free(r->names);
	free(r->row);
	free(r->bound);
	free(r->text);
	free(r);
}

kg_results_kind
kg_results_kind_of(const kg_results *r)
{
	return r->kind;
}

int
kg_results_boolean(const kg_results *r)
{
	return r->boolean;
}

size_t
kg_results_width(const kg_results *r)
{
	return r->width;
}

const char *
kg_results_name(const kg_results *r, size_t i)
{
	return i < r->width ? r->names[i] : NULL;
}

kg_status
kg_results_next(kg_results *r)
{
	if (r->kind == KG_RESULTS_BOOLEAN || !r->ops || !r->ops->next)
		return KG_DONE;
	if (r->db && r->db->interrupted)
		return kg_db_error(r->db, KG_ERR_INTERRUPTED, NULL, 0, 0,
		                   "interrupted");
	if (r->truncated)
		return KG_DONE;
	kg_status st = r->ops->next(r);
	/* A row computed while the interrupt arrived may be partial (a
	 * count over the rows read so far): it is not handed out. */
	if (r->db && r->db->interrupted)
		return kg_db_error(r->db, KG_ERR_INTERRUPTED, NULL, 0, 0,
		                   "interrupted");
	if (st == KG_OK && r->limit && r->taken++ == r->limit) {
		/* The row past the limit says that there are more. */
		r->truncated = 1;
		return KG_DONE;
	}
	return st;
}

void
kg_results_limit(kg_results *r, uint64_t rows)
{
	if (r)
		r->limit = rows;
}

int
kg_results_truncated(const kg_results *r)
{
	return r && r->truncated;
}

const kg_term *
kg_results_get(const kg_results *r, size_t i)
{
	if (i >= r->width || !r->bound[i])
		return NULL;
	return &r->row[i];
}

/* ---- the table result set -------------------------------------------- */

/* Rows are kept as one text arena per row: for each slot a kind byte
 * (0 = unbound) and then value, datatype, lang as NUL-terminated strings
 * each preceded by a presence byte. */
typedef struct {
	kg_buf *rows;
	size_t n, cap, pos;
} table;

static kg_status
table_next(kg_results *r)
{
	table *t = r->impl;
	if (t->pos >= t->n)
		return KG_DONE;
	const char *p = kg_buf_str(&t->rows[t->pos++]);
	for (size_t i = 0; i < r->slots; i++) {
		kg_term term;
		int kind = (unsigned char)*p++;
		if (!kind) {
			r->bound[i] = 0;
			continue;
		}
		term.kind = (kg_term_kind)kind;
		term.value = p;
		p += strlen(p) + 1;
		term.datatype = *p++ ? p : NULL;
		if (term.datatype)
			p += strlen(p) + 1;
		term.lang = *p++ ? p : NULL;
		if (term.lang)
			p += strlen(p) + 1;
		kg_status st = kg_results_set(r, i, &term);
		if (st)
			return st;
	}
	return KG_OK;
}

static void
table_free(kg_results *r)
{
	table *t = r->impl;
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		kg_buf_free(&t->rows[i]);
	free(t->rows);
	free(t);
}

static const kg_results_ops table_ops = {table_next, table_free};

kg_results *
kg_table_new(kg_db *db, kg_results_kind kind, size_t width)
{
	table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	kg_results *r = kg_results_new(db, kind, width, &table_ops, t);
	if (!r)
		free(t);
	return r;
}

static int
put_opt(kg_buf *b, const char *s)
{
	if (!s)
		return kg_buf_putc(b, 0);
	return kg_buf_putc(b, 1) || kg_buf_put(b, s, strlen(s) + 1);
}

kg_status
kg_table_add(kg_results *r, const kg_term *const *row)
{
	table *t = r->impl;
	if (t->n == t->cap &&
	    kg_grow(&t->rows, &t->cap, t->n + 1, sizeof *t->rows))
		return KG_ERR_NOMEM;
	kg_buf b = {0};
	for (size_t i = 0; i < r->slots; i++) {
		const kg_term *term = i < r->width || r->kind == KG_RESULTS_GRAPH
		                      ? row[i] : NULL;
		int fail = !term
		           ? kg_buf_putc(&b, 0)
		           : kg_buf_putc(&b, (char)term->kind) ||
		             kg_buf_put(&b, term->value, strlen(term->value) + 1) ||
		             put_opt(&b, term->datatype) || put_opt(&b, term->lang);
		if (fail) {
			kg_buf_free(&b);
			return KG_ERR_NOMEM;
		}
	}
	t->rows[t->n++] = b;
	return KG_OK;
}

kg_status
kg_results_table_new(kg_db *db, size_t width, const char *const *names,
                     kg_results **out)
{
	*out = NULL;
	if (!names && width)
		return KG_ERR_ARG;
	kg_results *r = kg_table_new(db, KG_RESULTS_BINDINGS, width);
	if (!r)
		return KG_ERR_NOMEM;
	for (size_t i = 0; i < width; i++) {
		kg_status st = kg_results_set_name(r, i, names[i]);
		if (st) {
			kg_results_free(r);
			return st;
		}
	}
	*out = r;
	return KG_OK;
}

kg_status
kg_results_table_add(kg_results *r, const kg_term *const *row)
{
	if (!r || !row || r->kind != KG_RESULTS_BINDINGS)
		return KG_ERR_ARG;
	return kg_table_add(r, row);
}

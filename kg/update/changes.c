/* changes.c: change sets.
 *
 * A change set is an open-addressing hash table over quads, each quad
 * held as one compact string (kind byte, value, datatype or language,
 * for four slots), so that recording a quad that is already there is a
 * lookup, and the set of a million-quad request costs a few tens of
 * bytes per quad beyond the terms' text.
 */
#include "update/changes.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

enum { GONE = 0, ADDED = 1, REMOVED = 2 };

typedef struct {
	uint64_t hash;
	int state;
	size_t len;
	kg_term view[4]; /* filled by kg_changes_get() */
	char data[];
} entry;

struct kg_changes {
	entry **items;   /* in the order recorded; GONE ones until compacted */
	size_t n_items, cap_items;
	size_t *table;   /* 0 empty, else index into items + 1 */
	size_t cap_table; /* a power of two, at least twice n_items */
	uint64_t added, removed;
};

kg_status
kg_changes_new(kg_changes **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? KG_OK : KG_ERR_NOMEM;
}

void
kg_changes_reset(kg_changes *c)
{
	for (size_t i = 0; i < c->n_items; i++)
		free(c->items[i]);
	c->n_items = 0;
	if (c->table)
		memset(c->table, 0, c->cap_table * sizeof *c->table);
	c->added = c->removed = 0;
}

void
kg_changes_free(kg_changes *c)
{
	if (!c)
		return;
	kg_changes_reset(c);
	free(c->items);
	free(c->table);
	free(c);
}

uint64_t
kg_changes_added(const kg_changes *c)
{
	return c ? c->added : 0;
}

uint64_t
kg_changes_removed(const kg_changes *c)
{
	return c ? c->removed : 0;
}

/* ---- the encoding ---------------------------------------------------- */

static size_t
term_size(const kg_term *t)
{
	if (!t)
		return 1;
	size_t n = 2 + strlen(t->value);
	if (t->kind == KG_TERM_LITERAL && (t->datatype || t->lang))
		n += 1 + strlen(t->datatype ? t->datatype : t->lang);
	return n;
}

static char *
put_term(char *p, const kg_term *t)
{
	if (!t) {
		*p++ = '-';
		return p;
	}
	char kind = t->kind == KG_TERM_IRI ? 'I' : t->kind == KG_TERM_BLANK ? 'B'
	            : t->datatype ? 'D' : t->lang ? 'T' : 'L';
	*p++ = kind;
	size_t n = strlen(t->value) + 1;
	memcpy(p, t->value, n);
	p += n;
	const char *extra = kind == 'D' ? t->datatype : kind == 'T' ? t->lang
	                                                            : NULL;
	if (extra) {
		n = strlen(extra) + 1;
		memcpy(p, extra, n);
		p += n;
	}
	return p;
}

static const char *
get_term(const char *p, kg_term *t, int *present)
{
	char kind = *p++;
	*present = kind != '-';
	if (!*present)
		return p;
	memset(t, 0, sizeof *t);
	t->kind = kind == 'I' ? KG_TERM_IRI : kind == 'B' ? KG_TERM_BLANK
	                                                  : KG_TERM_LITERAL;
	t->value = p;
	p += strlen(p) + 1;
	if (kind == 'D' || kind == 'T') {
		if (kind == 'D')
			t->datatype = p;
		else
			t->lang = p;
		p += strlen(p) + 1;
	}
	return p;
}

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* ---- the table ------------------------------------------------------- */

static int
grow_table(kg_changes *c)
{
	size_t cap = c->cap_table ? c->cap_table * 2 : 64;
	size_t *t = calloc(cap, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < c->n_items; i++) {
		size_t j = (size_t)c->items[i]->hash & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = i + 1;
	}
	free(c->table);
	c->table = t;
	c->cap_table = cap;
	return 0;
}

kg_status
kg_changes_record(kg_changes *c, const kg_term *const q[4], int added)
{
	size_t len = 0;
	for (int i = 0; i < 4; i++)
		len += term_size(q[i]);
	entry *e = malloc(sizeof *e + len);
	if (!e)
		return KG_ERR_NOMEM;
	char *p = e->data;
	for (int i = 0; i < 4; i++)
		p = put_term(p, q[i]);
	e->len = len;
	e->hash = hash_bytes(e->data, len);
	e->state = added ? ADDED : REMOVED;
	if (2 * (c->n_items + 1) > c->cap_table && grow_table(c)) {
		free(e);
		return KG_ERR_NOMEM;
	}
	size_t j = (size_t)e->hash & (c->cap_table - 1);
	for (; c->table[j]; j = (j + 1) & (c->cap_table - 1)) {
		entry *old = c->items[c->table[j] - 1];
		if (old->hash != e->hash || old->len != len ||
		    memcmp(old->data, e->data, len))
			continue;
		free(e);
		/* The store held it or not; an add follows a remove and the
		 * other way round, so the two cancel or one is new. */
		if (old->state == GONE) {
			old->state = added ? ADDED : REMOVED;
			if (added)
				c->added++;
			else
				c->removed++;
		} else if (old->state == (added ? REMOVED : ADDED)) {
			if (old->state == ADDED)
				c->added--;
			else
				c->removed--;
			old->state = GONE;
		}
		return KG_OK;
	}
	if (c->n_items == c->cap_items &&
	    kg_grow(&c->items, &c->cap_items, c->n_items + 1, sizeof *c->items)) {
		free(e);
		return KG_ERR_NOMEM;
	}
	c->items[c->n_items++] = e;
	c->table[j] = c->n_items;
	if (added)
		c->added++;
	else
		c->removed++;
	return KG_OK;
}

kg_status
kg_changes_compact(kg_changes *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_items; i++) {
		if (c->items[i]->state == GONE)
			free(c->items[i]);
		else
			c->items[n++] = c->items[i];
	}
	if (n == c->n_items)
		return KG_OK;
	c->n_items = n;
	/* Rebuild the table at its size: it only shrinks. */
	memset(c->table, 0, c->cap_table * sizeof *c->table);
	for (size_t i = 0; i < n; i++) {
		size_t j = (size_t)c->items[i]->hash & (c->cap_table - 1);
		while (c->table[j])
			j = (j + 1) & (c->cap_table - 1);
		c->table[j] = i + 1;
	}
	return KG_OK;
}

kg_status
kg_changes_get(const kg_changes *c, size_t i, const kg_term *q[4], int *added)
{
	if (!c || i >= c->n_items)
		return KG_DONE;
	entry *e = c->items[i];
	const char *p = e->data;
	for (int k = 0; k < 4; k++) {
		int present;
		p = get_term(p, &e->view[k], &present);
		q[k] = present ? &e->view[k] : NULL;
	}
	if (added)
		*added = e->state == ADDED;
	return KG_OK;
}

/* table.c: kg's aligned table, with box drawing or ASCII rules.
 *
 * Rasqal's own table writer prints an empty header in 0.9.33; this one
 * measures cells in terminal columns, so Arabic, accented and wide text
 * line up.  The whole result is held to measure it.
 */
#include "render/formats.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 code point at s (n bytes left); returns its length,
 * or 1 for an invalid byte (which then displays as one cell). */
static size_t
utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
	           : (c >> 3) == 30 ? 4 : 0;
	if (!len || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	unsigned v = len == 1 ? c : c & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

static int
in_ranges(unsigned cp, const unsigned (*r)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i][0] && cp <= r[i][1])
			return 1;
	return 0;
}

/* Cells taken by a code point: 0 for combining marks and format
 * characters, 2 for East Asian wide ones, else 1. */
static int
cp_width(unsigned cp)
{
	static const unsigned zero[][2] = {
		{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},
		{0x0610, 0x061A}, {0x061C, 0x061C}, {0x064B, 0x065F},
		{0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
		{0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0E31, 0x0E31},
		{0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
		{0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
		{0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
	};
	static const unsigned wide[][2] = {
		{0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF},
		{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
		{0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F},
		{0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
		{0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
	};
	if (in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

size_t
kg_display_width(const char *s, size_t n)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		unsigned cp;
		size_t len = utf8_next(p, n, &cp);
		w += (size_t)cp_width(cp);
		p += len;
		n -= len;
	}
	return w;
}

/* A cell's text: IRIs as prefixed names (or <iri>), literals by their
 * lexical form with @lang or ^^type where that matters, control
 * characters shown as escapes so that a row stays one line. */
static void
cell_text(const kg_db *db, const kg_term *t, const kg_render_options *o,
          kg_buf *out)
{
	char name[512];
	kg_buf_reset(out);
	if (!t) {
		kg_buf_puts(out, o->null_text ? o->null_text : "");
		return;
	}
	switch (t->kind) {
	case KG_TERM_IRI:
		if (!(o->flags & KG_RENDER_NO_COMPACT) &&
		    kg_db_compact_iri(db, t->value, name, sizeof name))
			kg_buf_puts(out, name);
		else
			kg_buf_printf(out, "<%s>", t->value);
		return;
	case KG_TERM_BLANK:
		kg_buf_printf(out, "_:%s", t->value);
		return;
	case KG_TERM_LITERAL:
		break;
	}
	for (const char *c = t->value; *c; c++) {
		if (*c == '\n')
			kg_buf_puts(out, "\\n");
		else if (*c == '\t')
			kg_buf_puts(out, "\\t");
		else if (*c == '\r')
			kg_buf_puts(out, "\\r");
		else
			kg_buf_putc(out, *c);
	}
	if (t->lang) {
		kg_buf_printf(out, "@%s", t->lang);
	} else if (t->datatype && !kg_is_xsd_string(t->datatype) &&
	           strncmp(t->datatype, KG_XSD, strlen(KG_XSD))) {
		if (kg_db_compact_iri(db, t->datatype, name, sizeof name))
			kg_buf_printf(out, "^^%s", name);
		else
			kg_buf_printf(out, "^^<%s>", t->datatype);
	}
}

typedef struct {
	const char *h, *v, *tl, *tm, *tr, *ml, *mm, *mr, *bl, *bm, *br;
} rules;

static const rules box = {"─", "│", "┌", "┬", "┐", "├", "┼", "┤",
                          "└", "┴", "┘"};
static const rules ascii = {"-", "|", "+", "+", "+", "+", "+", "+",
                            "+", "+", "+"};

static void
rule(kg_writer *w, const rules *ru, const size_t *width, size_t n,
     const char *l, const char *m, const char *r)
{
	kg_writer_puts(w, l);
	for (size_t i = 0; i < n; i++) {
		if (i)
			kg_writer_puts(w, m);
		for (size_t k = 0; k < width[i] + 2; k++)
			kg_writer_puts(w, ru->h);
	}
	kg_writer_puts(w, r);
	kg_writer_puts(w, "\n");
}

/* Writes `s` cut to `max` cells (with an ellipsis) and padded. */
static void
cell(kg_writer *w, const rules *ru, const char *s, size_t width)
{
	size_t n = strlen(s), used = 0, len = 0;
	size_t full = kg_display_width(s, n);
	size_t limit = full > width ? width - 1 : width;
	const unsigned char *p = (const unsigned char *)s;
	while (len < n) {
		unsigned cp;
		size_t l = utf8_next(p + len, n - len, &cp);
		size_t cw = (size_t)cp_width(cp);
		if (used + cw > limit)
			break;
		used += cw;
		len += l;
	}
	kg_writer_puts(w, " ");
	kg_writer_put(w, s, len);
	if (full > width) {
		kg_writer_puts(w, ru == &box ? "…" : "~");
		used++;
	}
	for (; used < width; used++)
		kg_writer_puts(w, " ");
	kg_writer_puts(w, " ");
}

/* Narrows the widest columns, one cell at a time, until a row (cells,
 * padding and rules) fits in `limit` cells; no column goes below 6. */
static void
fit(size_t *width, size_t n, size_t limit)
{
	if (!limit || !n)
		return;
	for (;;) {
		size_t total = 1, widest = 0;
		for (size_t i = 0; i < n; i++) {
			total += width[i] + 3;
			if (width[i] > width[widest])
				widest = i;
		}
		if (total <= limit || width[widest] <= 6)
			return;
		width[widest]--;
	}
}

kg_status
kg_render_table(kg_results *r, const kg_db *db, const kg_render_options *o,
                kg_writer *w, uint64_t *rows)
{
	if (r->kind == KG_RESULTS_BOOLEAN) {
		kg_writer_puts(w, r->boolean ? "true\n" : "false\n");
		return KG_OK;
	}
	const rules *ru = o->flags & KG_RENDER_BOX ? &box : &ascii;
	size_t n = kg_results_width(r);
	size_t *width = calloc(n ? n : 1, sizeof *width);
	kg_buf *cells = NULL; /* row-major, n per row */
	size_t count = 0, cap = 0;
	kg_status st = width ? KG_OK : KG_ERR_NOMEM;
	for (size_t i = 0; !st && i < n; i++)
		width[i] = kg_display_width(kg_results_name(r, i),
		                            strlen(kg_results_name(r, i)));
	while (!st && (st = kg_results_next(r)) == KG_OK) {
		if (count == cap && kg_grow(&cells, &cap, count + 1,
		                            (n ? n : 1) * sizeof *cells)) {
			st = KG_ERR_NOMEM;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			kg_buf *b = &cells[count * n + i];
			memset(b, 0, sizeof *b);
			cell_text(db, kg_results_get(r, i), o, b);
			size_t cw = kg_display_width(kg_buf_str(b), b->len);
			if (cw > width[i])
				width[i] = cw;
		}
		count++;
	}
	if (st == KG_DONE)
		st = KG_OK;
	for (size_t i = 0; o->max_width && i < n; i++)
		if (width[i] > o->max_width)
			width[i] = o->max_width;
	fit(width, n, o->fit_width);
	if (!st && n) {
		int head = !(o->flags & KG_RENDER_NO_HEADER);
		rule(w, ru, width, n, ru->tl, ru->tm, ru->tr);
		if (head) {
			kg_writer_puts(w, ru->v);
			for (size_t i = 0; i < n; i++) {
				cell(w, ru, kg_results_name(r, i), width[i]);
				kg_writer_puts(w, ru->v);
			}
			kg_writer_puts(w, "\n");
			rule(w, ru, width, n, ru->ml, ru->mm, ru->mr);
		}
		for (size_t k = 0; k < count; k++) {
			kg_writer_puts(w, ru->v);
			for (size_t i = 0; i < n; i++) {
				cell(w, ru, kg_buf_str(&cells[k * n + i]), width[i]);
				kg_writer_puts(w, ru->v);
			}
			kg_writer_puts(w, "\n");
		}
		rule(w, ru, width, n, ru->bl, ru->bm, ru->br);
	}
	if (!st) {
		char foot[64];
		snprintf(foot, sizeof foot, "%zu row%s\n", count,
		         count == 1 ? "" : "s");
		kg_writer_puts(w, foot);
	}
	for (size_t k = 0; k < count * n; k++)
		kg_buf_free(&cells[k]);
	free(cells);
	free(width);
	if (rows)
		*rows = count;
	return st;
}

/* porch — SPDX-License-Identifier: MIT
 * The one PDF writer (see pdf.h): the document's parts are kept until
 * pdf_finish(), which picks the page's orientation, lays every part out with
 * pango and draws it on a cairo PDF surface writing into a buffer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "pdf.h"

/* A4 in points, the margins, a table cell's padding. */
#define PAGE_W		595.276
#define PAGE_H		841.890
#define MARGIN		48.0
#define FOOT_GAP	22.0	/* from the page's foot to the footer's line */
#define PAD_X		4.0
#define PAD_Y		2.5
#define TEXT_MIN	60.0	/* the narrowest a text column gets */
#define TEXT_EASY	180.0	/* a text column wide enough to read upright */

enum part_kind { PART_TITLE, PART_TEXT, PART_HEADING, PART_TABLE };

struct part {
	enum part_kind		 kind;
	const char		*text;
	struct pdf_table	 t;
};

struct pdf {
	const char	*title;
	struct part	*part;
	size_t		 n, cap;
};

enum font { F_BODY, F_BOLD, F_TITLE, F_HEADING, F_FOOT, F__MAX };

static const char *const font_names[F__MAX] = {
	[F_BODY] = "Sans 9",
	[F_BOLD] = "Sans Bold 9",
	[F_TITLE] = "Sans Bold 17",
	[F_HEADING] = "Sans Bold 12",
	[F_FOOT] = "Sans 7",
};

/* The drawing: the surface, the one layout every text goes through, the cursor. */
struct pen {
	cairo_surface_t		*surface;
	cairo_t			*cr;
	PangoContext		*ctx;
	PangoLayout		*lay;
	PangoFontDescription	*font[F__MAX];
	const char		*title;
	double			 w, h;	/* the page */
	double			 y;	/* the next free line */
	int			 page;	/* pages begun */
};

struct pdf *
pdf_new(const char *title)
{
	struct pdf *d = xcalloc(1, sizeof(*d));

	d->title = title;
	return d;
}

static struct part *
part_add(struct pdf *d, enum part_kind kind, const char *text)
{
	struct part *p;

	if (d->n == d->cap) {
		d->cap = d->cap != 0 ? d->cap * 2 : 8;
		d->part = xrealloc(d->part, d->cap * sizeof(*d->part));
	}
	p = &d->part[d->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->text = text != NULL ? text : "";
	return p;
}

void
pdf_title(struct pdf *d, const char *text)
{
	part_add(d, PART_TITLE, text);
}

void
pdf_text(struct pdf *d, const char *text)
{
	part_add(d, PART_TEXT, text);
}

void
pdf_heading(struct pdf *d, const char *text)
{
	part_add(d, PART_HEADING, text);
}

void
pdf_table(struct pdf *d, const struct pdf_table *t)
{
	if (t->ncols == 0 || t->ncols > PDF_COLS_MAX)
		return;
	part_add(d, PART_TABLE, NULL)->t = *t;
}

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/*
 * text in font into layout l, wrapped at width points (< 0: not wrapped), set
 * right when right; its size in points into *w, *h (may be NULL).
 */
static void
set_text(struct pen *p, PangoLayout *l, enum font f, const char *text, double width,
    int right, double *w, double *h)
{
	int pw, ph;

	pango_layout_set_font_description(l, p->font[f]);
	pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text != NULL ? text : "", -1);
	pango_layout_get_size(l, &pw, &ph);
	if (w != NULL)
		*w = (double)pw / PANGO_SCALE;
	if (h != NULL)
		*h = (double)ph / PANGO_SCALE;
}

static void
show(struct pen *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* The footer of the page begun last: "TITLE · page N". */
static void
footer(struct pen *p)
{
	char *s;
	size_t n = strlen(p->title) + 32;
	double h;

	s = xmalloc(n);
	snprintf(s, n, "%s \xc2\xb7 page %d", p->title, p->page);
	set_text(p, p->lay, F_FOOT, s, p->w - 2 * MARGIN, 1, NULL, &h);
	cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
	show(p, p->lay, MARGIN, p->h - FOOT_GAP - h);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	free(s);
}

static void
new_page(struct pen *p)
{
	if (p->page > 0) {
		footer(p);
		cairo_show_page(p->cr);
	}
	p->page++;
	p->y = MARGIN;
}

/* Room for h more points on this page, else a new page. */
static void
need(struct pen *p, double h)
{
	if (p->page == 0 || p->y + h > p->h - MARGIN)
		new_page(p);
}

static double
avail(const struct pen *p)
{
	return p->w - 2 * MARGIN;
}

/* A table's columns, measured once: widest cell, head unwrapped, head's widest word. */
struct cols {
	double	*cell, *head, *word, *width;
};

static void
cols_measure(struct pen *p, const struct pdf_table *t, struct cols *c)
{
	double w;

	c->cell = xcalloc(t->ncols * 4, sizeof(double));
	c->head = c->cell + t->ncols;
	c->word = c->head + t->ncols;
	c->width = c->word + t->ncols;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < t->ncols; i++) {
			enum font f = t->bold != NULL && t->bold[r] ? F_BOLD : F_BODY;

			set_text(p, p->lay, f, t->cells[r * t->ncols + i], -1, 0, &w, NULL);
			if (w > c->cell[i])
				c->cell[i] = w;
		}
	if (t->head == NULL)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		int pw;

		set_text(p, p->lay, F_BOLD, t->head[i], -1, 0, &c->head[i], NULL);
		/* Wrapped as narrow as words allow: its widest word. */
		pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD);
		pango_layout_set_width(p->lay, 1);
		pango_layout_get_size(p->lay, &pw, NULL);
		c->word[i] = (double)pw / PANGO_SCALE;
	}
}

/* The narrowest column i can be: figures whole, text TEXT_MIN or its head's word. */
static double
col_min(const struct pdf_table *t, const struct cols *c, size_t i)
{
	double m = c->word[i];

	if (t->right & (1u << i))
		return (c->cell[i] > m ? c->cell[i] : m) + 2 * PAD_X;
	return (m > TEXT_MIN ? m : TEXT_MIN) + 2 * PAD_X;
}

static double
col_full(const struct cols *c, size_t i)
{
	return (c->cell[i] > c->head[i] ? c->cell[i] : c->head[i]) + 2 * PAD_X;
}

/* The width a table wants to be read with ease: figures whole, text up to TEXT_EASY. */
static double
table_easy(const struct pdf_table *t, const struct cols *c)
{
	double sum = 0;

	for (size_t i = 0; i < t->ncols; i++) {
		double m = col_min(t, c, i), f = col_full(c, i);

		if (!(t->right & (1u << i)) && f > m)
			m = f < TEXT_EASY ? f : (TEXT_EASY > m ? TEXT_EASY : m);
		sum += m;
	}
	return sum;
}

/* Each column's width for the page: the whole width, text columns taking what is over. */
static void
cols_fit(const struct pen *p, const struct pdf_table *t, struct cols *c)
{
	double room = avail(p), full = 0, min = 0, text = 0, rest;
	size_t first_text = t->ncols;

	for (size_t i = 0; i < t->ncols; i++) {
		full += col_full(c, i);
		min += col_min(t, c, i);
		if (!(t->right & (1u << i))) {
			text += col_full(c, i);
			if (first_text == t->ncols)
				first_text = i;
		}
	}
	if (full <= room) {
		for (size_t i = 0; i < t->ncols; i++)
			c->width[i] = col_full(c, i);
		if (first_text < t->ncols)
			c->width[first_text] += room - full;
		return;
	}
	if (min > room) {
		/* Too narrow even so: every column shrinks alike and wraps. */
		for (size_t i = 0; i < t->ncols; i++)
			c->width[i] = col_min(t, c, i) * room / min;
		return;
	}
	/* Figures whole; the text columns share the rest by how much they hold. */
	rest = room;
	for (size_t i = 0; i < t->ncols; i++)
		if (t->right & (1u << i))
			rest -= (c->width[i] = col_min(t, c, i));
	for (size_t i = 0; i < t->ncols; i++)
		if (!(t->right & (1u << i)))
			c->width[i] = text > 0 ? rest * col_full(c, i) / text : 0;
	/* A text column under its minimum takes it from the widest. */
	for (size_t i = 0; i < t->ncols; i++) {
		double m = col_min(t, c, i);
		size_t widest = i;

		if (t->right & (1u << i) || c->width[i] >= m)
			continue;
		for (size_t j = 0; j < t->ncols; j++)
			if (!(t->right & (1u << j)) && c->width[j] > c->width[widest])
				widest = j;
		c->width[widest] -= m - c->width[i];
		c->width[i] = m;
	}
}

/* One row's cells (or the head's) laid out in ls, one layout a column: its height. */
static double
row_layout(struct pen *p, const struct pdf_table *t, const struct cols *c,
    const char *const *cells, enum font f, PangoLayout **ls)
{
	double h = 0, ch;

	for (size_t i = 0; i < t->ncols; i++) {
		set_text(p, ls[i], f, cells[i], c->width[i] - 2 * PAD_X,
		    (t->right & (1u << i)) != 0, NULL, &ch);
		if (ch > h)
			h = ch;
	}
	return h + 2 * PAD_Y;
}

/* The rule under a head row and under any other row: its width and grey. */
static const double head_rule[2] = { 0.8, 0.2 }, row_rule[2] = { 0.4, 0.75 };

static void
row_draw(struct pen *p, const struct pdf_table *t, const struct cols *c,
    PangoLayout **ls, double h, const double rule[2])
{
	double x = MARGIN;

	for (size_t i = 0; i < t->ncols; i++) {
		show(p, ls[i], x + PAD_X, p->y + PAD_Y);
		x += c->width[i];
	}
	p->y += h;
	cairo_set_line_width(p->cr, rule[0]);
	cairo_set_source_rgb(p->cr, rule[1], rule[1], rule[1]);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, MARGIN + avail(p), p->y);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void
table_draw(struct pen *p, const struct pdf_table *t, struct cols *c)
{
	PangoLayout **ls = xcalloc(t->ncols * 2, sizeof(*ls));
	PangoLayout **hs = ls + t->ncols;
	double hh = 0;

	for (size_t i = 0; i < t->ncols * 2; i++)
		ls[i] = pango_layout_new(p->ctx);
	cols_fit(p, t, c);
	if (t->head != NULL)
		hh = row_layout(p, t, c, t->head, F_BOLD, hs);
	for (size_t r = 0; r < t->nrows; r++) {
		enum font f = t->bold != NULL && t->bold[r] ? F_BOLD : F_BODY;
		double h = row_layout(p, t, c, t->cells + r * t->ncols, f, ls);

		/* A row that does not fit starts a page, under the head again. */
		if (r == 0 || p->y + h > p->h - MARGIN) {
			need(p, hh + h);
			if (t->head != NULL)
				row_draw(p, t, c, hs, hh, head_rule);
		}
		row_draw(p, t, c, ls, h, row_rule);
	}
	if (t->nrows == 0 && t->head != NULL) {
		need(p, hh);
		row_draw(p, t, c, hs, hh, head_rule);
	}
	p->y += 10;
	for (size_t i = 0; i < t->ncols * 2; i++)
		g_object_unref(ls[i]);
	free(ls);
}

/* A block of text across the page, with space after it. */
static void
block(struct pen *p, enum font f, const char *text, double before, double after)
{
	double h;

	set_text(p, p->lay, f, text, avail(p), 0, NULL, &h);
	if (p->page > 0 && p->y > MARGIN)
		p->y += before;
	/* A heading keeps some of what follows on its page. */
	need(p, h + (f == F_HEADING ? 40 : 0));
	show(p, p->lay, MARGIN, p->y);
	p->y += h + after;
}

static int
pen_open(struct pen *p, struct buf *out, const char *title)
{
	memset(p, 0, sizeof(*p));
	p->title = title;
	p->w = PAGE_W;
	p->h = PAGE_H;
	p->surface = cairo_pdf_surface_create_for_stream(write_out, out, p->w, p->h);
	p->cr = cairo_create(p->surface);
	if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		return -1;
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "porch");
	p->ctx = pango_cairo_create_context(p->cr);
	/* Points as cairo's units: a 9 point font is 9 units high. */
	pango_cairo_context_set_resolution(p->ctx, 72);
	p->lay = pango_layout_new(p->ctx);
	for (int f = 0; f < F__MAX; f++)
		p->font[f] = pango_font_description_from_string(font_names[f]);
	return 0;
}

static void
pen_close(struct pen *p)
{
	for (int f = 0; f < F__MAX; f++)
		if (p->font[f] != NULL)
			pango_font_description_free(p->font[f]);
	if (p->lay != NULL)
		g_object_unref(p->lay);
	if (p->ctx != NULL)
		g_object_unref(p->ctx);
	if (p->cr != NULL)
		cairo_destroy(p->cr);
	if (p->surface != NULL)
		cairo_surface_destroy(p->surface);
}

int
pdf_finish(struct pdf *d, struct buf *out, int *pages)
{
	struct cols *c = xcalloc(d->n + 1, sizeof(*c));
	size_t start = out->len;
	struct pen p;
	int rc = -1;

	if (pages != NULL)
		*pages = 0;
	if (pen_open(&p, out, d->title) < 0)
		goto done;
	/* Landscape when a table would not read upright. */
	for (size_t i = 0; i < d->n; i++)
		if (d->part[i].kind == PART_TABLE) {
			cols_measure(&p, &d->part[i].t, &c[i]);
			if (table_easy(&d->part[i].t, &c[i]) > avail(&p)) {
				p.w = PAGE_H;
				p.h = PAGE_W;
			}
		}
	cairo_pdf_surface_set_size(p.surface, p.w, p.h);
	for (size_t i = 0; i < d->n; i++) {
		const struct part *pt = &d->part[i];

		switch (pt->kind) {
		case PART_TITLE:
			block(&p, F_TITLE, pt->text, 0, 6);
			break;
		case PART_TEXT:
			block(&p, F_BODY, pt->text, 0, 3);
			break;
		case PART_HEADING:
			block(&p, F_HEADING, pt->text, 10, 5);
			break;
		case PART_TABLE:
			table_draw(&p, &pt->t, &c[i]);
			break;
		}
	}
	need(&p, 0);
	footer(&p);
	cairo_show_page(p.cr);
	cairo_surface_finish(p.surface);
	if (cairo_surface_status(p.surface) == CAIRO_STATUS_SUCCESS) {
		rc = 0;
		if (pages != NULL)
			*pages = p.page;
	}
done:
	pen_close(&p);
	if (rc != 0)
		out->len = start;
	for (size_t i = 0; i < d->n; i++)
		free(c[i].cell);
	free(c);
	free(d->part);
	free(d);
	return rc;
}

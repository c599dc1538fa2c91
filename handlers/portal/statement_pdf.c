/* porch — SPDX-License-Identifier: MIT
 * An owner statement as a PDF: the statement view (statement_view.h) written by
 * the PDF writer (pdf.h) in the order of its page, without the page's links.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pdf.h"
#include "statement_view.h"

int
statement_pdf(struct arena *a, const struct statement_view *v, const char *tenant,
    struct buf *out)
{
	const size_t nprice = v->price.n, nf = v->nformulas, cols = v->ncols + 1;
	const char **price = arena_alloc(a, (nprice * 2 + 1) * sizeof(*price));
	unsigned char *total = arena_alloc(a, nprice + 1);
	const char **formulas = arena_alloc(a, (nf * 3 + 1) * sizeof(*formulas));
	const char **head = arena_alloc(a, cols * sizeof(*head));
	const char **lines = arena_alloc(a, (v->nlines * cols + 1) * sizeof(*lines));
	size_t tlen = strlen(STATEMENT_TITLE_PREFIX) + strlen(v->title) + 1;
	char *title = arena_alloc(a, tlen);
	struct pdf *d;

	snprintf(title, tlen, STATEMENT_TITLE_PREFIX "%s", v->title);
	d = pdf_new(title);
	pdf_text(d, tenant);
	pdf_title(d, title);
	pdf_text(d, v->summary);
	/* The figures, as portal_price() shows them. */
	for (size_t i = 0; i < nprice; i++) {
		price[i * 2] = v->price.line[i].label;
		price[i * 2 + 1] = v->price.line[i].value;
		total[i] = (unsigned char)v->price.line[i].total;
	}
	if (v->price.shown)
		pdf_table(d, &(struct pdf_table){ .ncols = 2, .cells = price,
		    .nrows = nprice, .bold = total, .right = 1u << 1 });
	if (nf > 0) {
		for (size_t i = 0; i < nf; i++) {
			struct buf terms;

			buf_init(&terms, 64);
			if (v->formulas[i].open)
				portal_formula_terms_text(&terms, v->formulas[i].f,
				    v->st.cents, v->st.currency);
			formulas[i * 3] = v->formulas[i].f->name;
			formulas[i * 3 + 1] = arena_strdup(a, terms.data);
			formulas[i * 3 + 2] = v->formulas[i].value;
			buf_free(&terms);
		}
		pdf_heading(d, "Formulas");
		pdf_table(d, &(struct pdf_table){ .ncols = 3, .cells = formulas,
		    .nrows = nf, .right = 1u << 2 });
	}
	/* The lines: a description, then each field the figures show. */
	head[0] = "Description";
	for (size_t k = 0; k < v->ncols; k++)
		head[k + 1] = portal_fin_label(v->cols[k]);
	for (size_t i = 0; i < v->nlines; i++) {
		lines[i * cols] = v->lines[i].description;
		for (size_t k = 0; k < v->ncols; k++)
			lines[i * cols + k + 1] = v->cells[i * v->ncols + k];
	}
	pdf_heading(d, "Lines");
	pdf_table(d, &(struct pdf_table){ .ncols = cols, .head = head, .cells = lines,
	    .nrows = v->nlines, .right = ((1u << cols) - 1) & ~1u });
	return pdf_finish(d, out, NULL);
}

/* porch — SPDX-License-Identifier: MIT
 * The one PDF writer: a document of a title, lines of text, headings and tables,
 * laid out by pango and drawn on cairo's PDF surface, A4. Text is always text
 * (never markup); fonts are what fontconfig finds for "Sans". A table longer than
 * a page goes on over the next pages with its head row repeated; a document whose
 * table would not fit upright is set in landscape. Nothing is drawn until
 * pdf_finish(): every string given must live until then.
 */
#ifndef PORCH_PDF_H
#define PORCH_PDF_H

#include <stddef.h>

#include "util.h"

struct pdf;

/*
 * A table: ncols columns (1 to PDF_COLS_MAX; another table is left out), nrows
 * rows of cells (row by row; a NULL cell is empty).
 */
#define PDF_COLS_MAX	32
struct pdf_table {
	size_t			 ncols;
	const char *const	*head;	/* ncols column heads; NULL: no head row */
	const char *const	*cells;	/* nrows * ncols */
	size_t			 nrows;
	const unsigned char	*bold;	/* per row, 1 for a total; NULL: none */
	unsigned		 right;	/* bit i: column i is figures, set right */
};

/* A new document; title is its metadata title and each page's footer. */
struct pdf	*pdf_new(const char *title);

/* The document's parts, in order. */
void	pdf_title(struct pdf *d, const char *text);
void	pdf_text(struct pdf *d, const char *text);
void	pdf_heading(struct pdf *d, const char *text);
void	pdf_table(struct pdf *d, const struct pdf_table *t);

/*
 * Lays the document out and appends its bytes to out, then frees d (also on
 * failure). Returns 0, or -1 when cairo fails (out then holds no document).
 * *pages: the number of pages written (may be NULL).
 */
int	pdf_finish(struct pdf *d, struct buf *out, int *pages);

#endif

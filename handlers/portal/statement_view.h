/* porch — SPDX-License-Identifier: MIT
 * One owner statement as the visitor may see it, built once: what its page
 * (portal_docs.c) and its PDF (statement_pdf.c) show, so the two cannot differ.
 * Every figure in it is already the visitor's (the financial rules applied) and
 * already written as text.
 */
#ifndef PORCH_STATEMENT_VIEW_H
#define PORCH_STATEMENT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "portal.h"
#include "store_docs.h"
#include "store_formulas.h"

struct statement_view {
	struct statement	 st;
	char			 title[DATE_PERIOD_LEN];	/* "October 2026" */
	const char		*summary;	/* "PROPERTY · CUSTOMER · START to END
						 * · issued DAY" */
	struct price_lines	 price;		/* the figures (portal_price()) */
	struct formula_line	 formulas[FORMULA_MAX];	/* shown formulas */
	size_t			 nformulas;
	enum fin_field		 cols[FIN__MAX];	/* the lines' figure columns */
	size_t			 ncols;
	struct statement_line	*lines;		/* description, booking to link */
	size_t			 nlines;
	char			(*cells)[PORTAL_MONEY_LEN]; /* nlines x ncols */
};

/*
 * Statement id as acc may see it into v (strings in r's arena): 0, 404 when it
 * does not exist or is not the visitor's (the same answer), or a database
 * error's status. acc must have its formulas loaded (store_access_formulas()).
 */
int	statement_view_load(struct req *r, const struct access *acc, int64_t id,
	    struct statement_view *v);

/* "Statement for October 2026": the page's heading and the PDF's title. */
#define STATEMENT_TITLE_PREFIX	"Statement for "

/*
 * A fingerprint of all the view shows and of tenant (the PDF names it), as an
 * HTTP entity tag: the same tag, the same PDF.
 */
#define STATEMENT_ETAG_LEN	34	/* a quote, 32 hex digits, a quote */
void	statement_view_etag(const struct statement_view *v, const char *tenant,
	    char etag[STATEMENT_ETAG_LEN + 1]);

/*
 * The view as a PDF (statement_pdf.c), headed by tenant, appended to out: 0, or
 * -1 when it could not be made (out as it was).
 */
int	statement_pdf(struct arena *a, const struct statement_view *v,
	    const char *tenant, struct buf *out);

#endif

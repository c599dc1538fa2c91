/* porch — SPDX-License-Identifier: MIT
 * What every portal page shares: who may open it and with which rights, the
 * portal's navigation, money, and a price shown by the financial rules.
 */
#ifndef PORCH_PORTAL_H
#define PORCH_PORTAL_H

#include <stdint.h>

#include "authz.h"
#include "csv.h"
#include "input.h"
#include "local.h"
#include "req.h"
#include "router.h"
#include "store_access.h"

/*
 * The portal's input: every key a portal page reads, from the query string or a
 * form, with its type (portal_keys in portal.c). Free text (reason, body) comes as
 * sent: the change function that takes it checks its length, in characters.
 */
enum portal_key {
	PK_PROPERTY,	/* a property's id (query: a list's filter; form: a new block-off) */
	PK_MONTH,	/* the calendar's month, YYYY-MM */
	PK_YEAR,	/* a report's year */
	PK_DONE,	/* the notice of a finished action */
	PK_BLOCK,	/* a block-off's id */
	PK_START,	/* a block-off's first day */
	PK_END,		/* a block-off's first free day */
	PK_REASON,	/* a new block-off's reason */
	PK_BODY,	/* a note's text */
	PK_DO,		/* a booking's status change: "confirm" or "cancel" */
	PK_VIEW,	/* the calendar's view: "month" or "timeline" */
	PK__MAX
};

/* Reads and checks the portal's keys from src into in. */
void	portal_input(struct req *r, enum input_src src, struct input_val in[PK__MAX]);

/*
 * The visitor's rights for a portal page. Returns PAGE_GO with acc loaded; 0 after
 * writing a redirect to /login (nobody, staff, or a half-signed session); or an
 * HTTP status.
 */
int	portal_need(struct req *r, struct resp *p, struct access *acc);

/*
 * Who may open a list page, and its ?property=ID: portal_need(), then the
 * visitor must hold need on some property (any permission of it; every one when
 * all), and with ?property= on that one. Returns PAGE_GO with acc loaded and
 * prop->id 0, prop->name NULL without ?property= (absent or empty), or with the
 * property when it is given and may be reached; else what portal_need() answers,
 * 404, or a database error's status. One query, only when ?property= is given.
 */
int	portal_list_need(struct req *r, struct resp *p, struct access *acc,
	    perm_set need, int all, struct property *prop);

/*
 * Who acts, for notes and mail: the portal user's login, "Link visitor", or while
 * staff log in as the user "STAFF (staff, as LOGIN)" so nobody takes a staff
 * member's act for the user's.
 */
const char	*portal_visitor_name(struct req *r);

/*
 * Under the month grid of property pr, by its rights: the move and delete forms
 * of its block-offs among occ (blocks.modify), the form to block off dates
 * (blocks.create) and the new booking form (bookings.create).
 */
struct occupancy;
void	portal_block_section(struct buf *b, struct req *r, const struct property *pr,
	    const struct occupancy *occ, size_t nocc);

/* The page frame with the portal's navigation (links the visitor can use). */
void	portal_begin(struct req *r, struct resp *p, const struct access *acc,
	    const char *title);

/* "Base rate", "Owner revenue", ... */
const char	*portal_fin_label(enum fin_field f);

/*
 * cents (minor units) of currency (may be NULL) with its symbol, in the tenant's
 * number format: "$1,234.56", "1.234,56 €" (money_format() in local.h, the one
 * writer of an amount for people).
 */
void	portal_money(struct buf *b, int64_t cents, const char *currency);

/*
 * Occupancy: nights booked over days, in tenths of a percent, rounded (0 without
 * days); portal_percent() writes such a figure in the tenant's number format,
 * "16.1%" or "16,1%" (html_number()).
 */
int64_t	portal_occupancy_tenths(int64_t nights, int64_t days);
void	portal_percent(struct buf *b, int64_t tenths);

/* The same as plain text, for what is not HTML (a PDF). */
#define PORTAL_MONEY_LEN	MONEY_LEN
void	portal_money_text(char out[PORTAL_MONEY_LEN], int64_t cents,
	    const char *currency);

/*
 * The fields a price shows for the visible set (authz_price_view): each part's
 * total and lines, and payout. Exports use it for their columns, so a CSV never
 * holds a figure the page would hide.
 */
fin_set	portal_price_fields(fin_set visible);

/*
 * A price table (class "price") by the financial rules: cents[f] for each field,
 * nights for the derived per-night figures (0: none). Rows have class "fin-NAME"
 * (fin-base_rate ... fin-payout, fin-avg_nightly, fin-revenue_per_night); nothing
 * at all is written when no field is visible.
 */
void	portal_price(struct buf *b, fin_set visible, const int64_t cents[FIN__MAX],
	    const char *currency, int nights);

/*
 * portal_price() in two steps, for a page and a PDF to show the same: the rows
 * of the table (each with its part: PRICE_GUEST, PRICE_OWNER, or -1 after them,
 * its class after "fin-", label, figure as text and whether it is a total), then
 * those rows written as HTML. shown is 0 when no field is visible.
 */
#define PRICE_LINES_MAX	16
struct price_line {
	int	 part;
	int	 total;
	char	 cls[64];
	char	 label[64];
	char	 value[PORTAL_MONEY_LEN];
};
struct price_lines {
	struct price_line	 line[PRICE_LINES_MAX];
	size_t			 n;
	int			 shown;
};
void	portal_price_lines(struct price_lines *pl, fin_set visible,
	    const int64_t cents[FIN__MAX], const char *currency, int nights);
void	portal_price_html(struct buf *b, const struct price_lines *pl);

/*
 * A formula's terms in order ("Total price − Channel commission"), each a span
 * of class "fin-NAME", with its amount when cents is not NULL. Only for a viewer
 * who may see every input (authz_formula_open()).
 */
struct formula;
void	portal_formula_terms(struct buf *b, const struct formula *f,
	    const int64_t *cents, const char *currency);
/* The same as plain text. */
void	portal_formula_terms_text(struct buf *b, const struct formula *f,
	    const int64_t *cents, const char *currency);

/*
 * The formulas a row shows (rights->formulas over acc's formulas, loaded by
 * store_access_formulas()): a table of class "formulas" with each one's name,
 * its terms with their amounts only when every input is shown on the page
 * (portal_price_fields()), and its value; nothing when none is shown.
 */
void	portal_formulas(struct buf *b, const struct access *acc,
	    const struct authz_rights *rights, const int64_t cents[FIN__MAX],
	    const char *currency);

/*
 * portal_formulas() in two steps: the formulas shown (each with whether its
 * terms are, and its value as text, empty when the sum does not fit), then the
 * table written as HTML.
 */
struct formula_line {
	const struct formula	*f;
	int			 open;
	char			 value[PORTAL_MONEY_LEN];
};
size_t	portal_formula_lines(const struct access *acc,
	    const struct authz_rights *rights, const int64_t cents[FIN__MAX],
	    const char *currency, struct formula_line out[FORMULA_MAX]);
void	portal_formulas_html(struct buf *b, const struct formula_line *l, size_t n,
	    const int64_t cents[FIN__MAX], const char *currency);

/*
 * A list's formula columns, after its fields: a column head (class "formula",
 * the formula's name) for each formula of cols (what any row shows), and a row's
 * cells, each the formula's value only when the row's shown set (its
 * rights.formulas) holds it, else empty. Names and values alone: a list never
 * shows a formula's terms.
 */
void	portal_formulas_th(struct buf *b, const struct access *acc,
	    formula_set cols);
void	portal_formulas_td(struct buf *b, const struct access *acc,
	    formula_set cols, formula_set shown, const int64_t cents[FIN__MAX],
	    const char *currency);

/*
 * An export's formula columns, after its fields: the head's cells (",NAME" for
 * each formula of set, acc's catalog) and a row's (",1234.56", empty when the sum
 * does not fit). set is what every row of the export shows.
 */
void	portal_csv_formulas_head(struct buf *csv, const struct access *acc,
	    formula_set set);
void	portal_csv_formulas_row(struct buf *csv, const struct access *acc,
	    formula_set set, const int64_t cents[FIN__MAX]);

/* A table's column head and cell of field f: class "fin-NAME"; the cell is empty
 * unless shown. */
void	portal_fin_th(struct buf *b, enum fin_field f);
void	portal_fin_td(struct buf *b, enum fin_field f, int shown, int64_t cents,
	    const char *currency);

#endif

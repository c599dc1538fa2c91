/* porch — SPDX-License-Identifier: MIT
 * The portal's reports: revenue and occupancy per property and month. Hidden
 * entirely (no link, the page a 404) without reports.view, and for a portal
 * admin with hide_reports. Money shows by the financial rules: a figure only
 * when its price field is shown, a derived figure only with its source, and a
 * formula's monthly value only where the property shows that formula.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "store_docs.h"
#include "tenant.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};

/* Which columns a property's table has, from the visitor's fields there. */
struct report_cols {
	int	 total;		/* total price (gross) */
	int	 owner;		/* owner revenue */
	int	 avg_nightly;	/* base rate / nights */
	int	 per_night;	/* owner revenue / nights */
};

static void
report_cols(fin_set visible, struct report_cols *c)
{
	fin_set shown = portal_price_fields(visible);
	struct price_view v;

	authz_price_view(visible, &v);
	c->total = (shown & FIN_BIT(FIN_TOTAL_PRICE)) != 0;
	c->owner = (shown & FIN_BIT(FIN_OWNER_REVENUE)) != 0;
	c->avg_nightly = v.avg_nightly;
	c->per_night = v.revenue_per_night;
}

static void
col_head(struct buf *b, const char *cls, const char *label)
{
	html_raw(b, "<th scope=\"col\" class=\"fin-");
	html_attr(b, cls);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</th>");
}

/* A money cell; per-night figures divide by nights (empty without any). */
static void
money_cell(struct buf *b, const char *cls, int64_t cents, int64_t nights,
    const char *currency)
{
	html_raw(b, "<td class=\"fin-");
	html_attr(b, cls);
	html_raw(b, "\">");
	if (nights > 0)
		portal_money(b, cents / nights, currency);
	else if (nights < 0)
		portal_money(b, cents, currency);
	html_raw(b, "</td>");
}

/*
 * One property's twelve months, m[0..n) (same property), with a column for each
 * formula shown there (acc's catalog): a month's value is the formula over the
 * month's sums.
 */
static void
report_table(struct buf *b, const struct access *acc, const struct report_month *m,
    size_t n, int year)
{
	formula_set formulas = m[0].rights.formulas;
	struct report_cols c;

	report_cols(m[0].rights.fin, &c);
	html_rawf(b, "<section class=\"report\" data-property=\"%" PRId64 "\">\n<h2>",
	    m[0].property_id);
	html_text(b, m[0].property_name);
	html_raw(b, "</h2>\n<table class=\"report\">\n<thead><tr>"
	    "<th scope=\"col\">Month</th><th scope=\"col\">Nights booked</th>"
	    "<th scope=\"col\">Occupancy</th>");
	if (c.total)
		col_head(b, "total_price", "Total price");
	if (c.owner)
		col_head(b, "owner_revenue", "Owner revenue");
	if (c.avg_nightly)
		col_head(b, "avg_nightly", "Average nightly rate");
	if (c.per_night)
		col_head(b, "revenue_per_night", "Owner revenue per night");
	portal_formulas_th(b, acc, formulas);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		int64_t tenths = m[i].days > 0 ?
		    (m[i].nights * 1000 + m[i].days / 2) / m[i].days : 0;

		html_rawf(b, "<tr data-month=\"%d-%02d\"><th scope=\"row\">", year,
		    m[i].month);
		html_textf(b, "%s %d", month_names[(m[i].month - 1) % 12], year);
		html_rawf(b, "</th><td class=\"nights\">%" PRId64 "</td>"
		    "<td class=\"occupancy\">%" PRId64 ".%" PRId64 "%%</td>", m[i].nights,
		    tenths / 10, tenths % 10);
		if (c.total)
			money_cell(b, "total_price", m[i].cents[FIN_TOTAL_PRICE], -1,
			    m[i].currency);
		if (c.owner)
			money_cell(b, "owner_revenue", m[i].cents[FIN_OWNER_REVENUE], -1,
			    m[i].currency);
		if (c.avg_nightly)
			money_cell(b, "avg_nightly", m[i].cents[FIN_BASE_RATE],
			    m[i].started_nights, m[i].currency);
		if (c.per_night)
			money_cell(b, "revenue_per_night", m[i].cents[FIN_OWNER_REVENUE],
			    m[i].started_nights, m[i].currency);
		portal_formulas_td(b, acc, formulas, m[i].rights.formulas, m[i].cents,
		    m[i].currency);
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n</section>\n");
}

/* GET /portal/reports[?year=YYYY] */
int
handle_portal_reports(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	struct report_month *m;
	struct access acc;
	struct input_val in[PK__MAX];
	long long year;
	size_t n, i, j;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	if (!(acc.any & PERM_BIT(PERM_REPORTS_VIEW)))
		return 404;
	portal_input(r, INPUT_QUERY, in);
	if (in[PK_YEAR].s == NULL) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		year = tm.tm_year + 1900;
	} else if (in[PK_YEAR].st == INPUT_OK)
		year = in[PK_YEAR].i;
	else
		return 404;		/* sent, even empty, and not a year */
	if ((rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK ||
	    (rc = store_report_months(&r->arena, r->tenant->id, &acc, (int)year, &m,
	    &n)) != DB_OK)
		return status_for_db(rc);
	portal_begin(r, p, &acc, "Reports");
	html_rawf(b, "<h1>Reports <span class=\"year\">%lld</span></h1>\n", year);
	html_rawf(b, "<p class=\"years\"><a href=\"/portal/reports?year=%lld\">%lld"
	    "</a> <a href=\"/portal/reports?year=%lld\">%lld</a></p>\n",
	    year - 1, year - 1, year + 1, year + 1);
	html_raw(b, "<p class=\"hint\">Nights count in the month they fall in; a "
	    "booking's money, and the nights its per-night figures divide by, count in "
	    "the month it starts. Cancelled bookings are left out.</p>\n");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">There is no property to report "
		    "on.</p>\n");
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && m[j].property_id == m[i].property_id; j++)
			;
		report_table(b, &acc, m + i, j - i, (int)year);
	}
	page_end(p);
	return 0;
}

/* porch — SPDX-License-Identifier: MIT
 * The portal's reports: revenue and occupancy per property and month. Hidden
 * entirely (no link, the page a 404) without reports.view, and for a portal
 * admin with hide_reports. Money shows by the financial rules: a figure only
 * when its price field is shown, a derived figure only with its source, and a
 * formula's monthly value only where the property shows that formula.
 *
 * Each property has charts (inline SVG, svg.h) of its nights, occupancy and
 * revenue per month, the year against the one before, and the page starts with
 * each year's totals per property and across them. A chart of money is drawn
 * only when its field is shown on that property, and a total across properties
 * only when it is shown on every one (and they share a currency), so no chart or
 * total holds a figure the tables would hide.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "store_docs.h"
#include "svg.h"
#include "tenant.h"

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
	"Dec",
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
	html_raw(b, "<table class=\"report\">\n<caption>");
	html_textf(b, "Month by month, %d", year);
	html_raw(b, "</caption>\n<thead><tr>"
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
		html_rawf(b, "<tr data-month=\"%d-%02d\"><th scope=\"row\">", year,
		    m[i].month);
		html_textf(b, "%s %d", date_month_name(m[i].month), year);
		html_raw(b, "</th><td class=\"nights\">");
		html_number(b, m[i].nights, 0);
		html_raw(b, "</td><td class=\"occupancy\">");
		portal_percent(b, portal_occupancy_tenths(m[i].nights, m[i].days));
		html_raw(b, "</td>");
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
	html_raw(b, "</tbody>\n</table>\n");
}

static void
nights_label(struct buf *b, int64_t v, const void *arg)
{
	(void)arg;
	html_number(b, v, 0);
	html_text(b, v == 1 ? " night" : " nights");
}

static void
occupancy_label(struct buf *b, int64_t v, const void *arg)
{
	(void)arg;
	portal_percent(b, v);
}

static void
money_label(struct buf *b, int64_t v, const void *currency)
{
	portal_money(b, v, currency);
}

/*
 * The currency of a property's months (REPORT_MONTHS of them): NULL without any
 * booking or when they have more than one, for then its money adds up to no sum.
 */
static const char *
report_currency(const struct report_month *m, int *mixed)
{
	const char *cur = NULL;

	*mixed = 0;
	for (size_t i = 0; i < REPORT_MONTHS; i++) {
		if (m[i].currency == NULL)
			continue;
		if (cur != NULL && strcmp(cur, m[i].currency) != 0) {
			*mixed = 1;
			return NULL;
		}
		cur = m[i].currency;
	}
	return cur;
}

/* The money field a property's revenue chart draws: owner revenue, else the
 * total price, whichever is shown; FIN__MAX when neither is. */
static enum fin_field
revenue_field(const struct report_cols *c)
{
	return c->owner ? FIN_OWNER_REVENUE : c->total ? FIN_TOTAL_PRICE : FIN__MAX;
}

/*
 * One property's charts over m[0..REPORT_MONTHS) (year - 1, then year): nights
 * and occupancy, and revenue when its field is shown and the money is in one
 * currency.
 */
static void
report_charts(struct arena *a, struct buf *b, const struct report_month *m, int year)
{
	int64_t *v = arena_alloc(a, 3 * REPORT_MONTHS * sizeof(*v));
	char *names = arena_alloc(a, 2 * 12), desc[160];
	const char *currency;
	struct report_cols c;
	struct svg_chart ch;
	enum fin_field f;
	int mixed;

	for (size_t i = 0; i < REPORT_MONTHS; i++) {
		v[i] = m[i].nights;
		v[REPORT_MONTHS + i] = portal_occupancy_tenths(m[i].nights, m[i].days);
	}
	snprintf(names, 12, "%d", year - 1);
	snprintf(names + 12, 12, "%d", year);
	memset(&ch, 0, sizeof(ch));
	ch.cats = month_abbr;
	ch.names = date_month_names;
	ch.ncats = 12;
	ch.nseries = 2;
	ch.series[0].name = names;
	ch.series[1].name = names + 12;
	html_raw(b, "<div class=\"charts\">\n");

	ch.kind = SVG_BARS;
	snprintf(desc, sizeof(desc), "Nights booked in each month of %d, beside "
	    "%d.", year, year - 1);
	ch.cls = "nights";
	ch.title = "Nights booked per month";
	ch.desc = desc;
	ch.series[0].values = v;
	ch.series[1].values = v + 12;
	ch.label = nights_label;
	svg_chart(b, &ch);

	ch.kind = SVG_LINE;
	snprintf(desc, sizeof(desc), "Share of each month's nights booked in %d, "
	    "beside %d.", year, year - 1);
	ch.cls = "occupancy";
	ch.title = "Occupancy per month";
	ch.series[0].values = v + REPORT_MONTHS;
	ch.series[1].values = v + REPORT_MONTHS + 12;
	ch.label = occupancy_label;
	svg_chart(b, &ch);

	report_cols(m[0].rights.fin, &c);
	currency = report_currency(m, &mixed);
	if ((f = revenue_field(&c)) != FIN__MAX && !mixed) {
		for (size_t i = 0; i < REPORT_MONTHS; i++)
			v[2 * REPORT_MONTHS + i] = m[i].cents[f];
		ch.kind = SVG_BARS;
			snprintf(desc, sizeof(desc), "%s of the bookings starting in each month "
		    "of %d, beside %d.", portal_fin_label(f), year, year - 1);
		ch.cls = f == FIN_OWNER_REVENUE ? "revenue fin-owner_revenue" :
		    "revenue fin-total_price";
		ch.title = f == FIN_OWNER_REVENUE ? "Owner revenue per month" :
		    "Total price per month";
		ch.series[0].values = v + 2 * REPORT_MONTHS;
		ch.series[1].values = v + 2 * REPORT_MONTHS + 12;
		ch.label = money_label;
		ch.label_arg = currency;
		svg_chart(b, &ch);
	}
	html_raw(b, "</div>\n");
}

/* A year's sums of one property (or of several). */
struct report_sum {
	int64_t		 nights;
	int64_t		 days;
	int64_t		 cents[FIN__MAX];
	int		 overflow;	/* some money sum does not fit: no money */
};

static void
report_add(struct report_sum *s, const struct report_month *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->nights += m[i].nights;
		s->days += m[i].days;
		for (int f = 0; f < FIN__MAX; f++)
			if (__builtin_add_overflow(s->cents[f], m[i].cents[f],
			    &s->cents[f]))
				s->overflow = 1;
	}
}

/* The money fields of the totals, in their columns' order. */
static const enum fin_field total_fields[] = { FIN_TOTAL_PRICE, FIN_OWNER_REVENUE };

/* One row of the totals: two years' sums (year - 1, year); money[k] says whether
 * total_fields[k] is shown on it, cols[k] whether the table has its column. */
static void
totals_row(struct buf *b, const char *name, const int64_t *prop,
    const struct report_sum s[2], const int money[2], const int cols[2],
    const char *currency)
{
	if (prop != NULL)
		html_rawf(b, "<tr data-total=\"%" PRId64 "\"><th scope=\"row\">", *prop);
	else
		html_raw(b, "<tr class=\"total\" data-total=\"all\"><th scope=\"row\">");
	html_text(b, name);
	html_raw(b, "</th>");
	for (int y = 1; y >= 0; y--) {
		html_raw(b, "<td class=\"nights\">");
		html_number(b, s[y].nights, 0);
		html_raw(b, "</td>");
	}
	for (int y = 1; y >= 0; y--) {
		html_raw(b, "<td class=\"occupancy\">");
		portal_percent(b, portal_occupancy_tenths(s[y].nights, s[y].days));
		html_raw(b, "</td>");
	}
	for (size_t k = 0; k < NELEM(total_fields); k++) {
		if (!cols[k])
			continue;
		for (int y = 1; y >= 0; y--)
			portal_fin_td(b, total_fields[k], money[k],
			    s[y].cents[total_fields[k]], currency);
	}
	html_raw(b, "</tr>\n");
}

/*
 * The totals of year and year - 1 per property and across them (m[0..n), each
 * property's REPORT_MONTHS together). A property's money shows when its field is
 * shown there and its bookings share a currency; the sum across properties only
 * when that holds for every one of them and the currency is the same.
 */
static void
report_totals(struct arena *a, struct buf *b, const struct report_month *m,
    size_t n, int year)
{
	size_t np = n / REPORT_MONTHS;
	struct report_sum all[2], *one = arena_alloc(a, (np + 1) * 2 * sizeof(*one));
	int (*money)[2] = arena_alloc(a, (np + 1) * sizeof(*money));
	const char **cur = arena_alloc(a, (np + 1) * sizeof(*cur));
	int cols[2] = { 0, 0 }, every[2] = { 1, 1 }, one_cur = 1;
	const char *all_cur = NULL;

	memset(all, 0, sizeof(all));
	memset(one, 0, (np + 1) * 2 * sizeof(*one));
	for (size_t p = 0; p < np; p++) {
		const struct report_month *pm = m + p * REPORT_MONTHS;
		fin_set shown = portal_price_fields(pm[0].rights.fin);
		int mixed;

		report_add(&one[2 * p], pm, 12);
		report_add(&one[2 * p + 1], pm + 12, 12);
		report_add(&all[0], pm, 12);
		report_add(&all[1], pm + 12, 12);
		cur[p] = report_currency(pm, &mixed);
		if (cur[p] != NULL && all_cur != NULL && strcmp(cur[p], all_cur) != 0)
			one_cur = 0;
		if (cur[p] != NULL)
			all_cur = cur[p];
		for (size_t k = 0; k < NELEM(total_fields); k++) {
			money[p][k] = !mixed && !one[2 * p].overflow &&
			    !one[2 * p + 1].overflow &&
			    (shown & FIN_BIT(total_fields[k])) != 0;
			cols[k] |= money[p][k];
			every[k] &= money[p][k];
		}
	}
	html_rawf(b, "<section class=\"report-totals\">\n<h2>Totals</h2>\n"
	    "<table class=\"report-totals\">\n<thead><tr>"
	    "<th scope=\"col\">Property</th>"
	    "<th scope=\"col\" class=\"nights\">Nights %d</th>"
	    "<th scope=\"col\" class=\"nights\">Nights %d</th>"
	    "<th scope=\"col\" class=\"occupancy\">Occupancy %d</th>"
	    "<th scope=\"col\" class=\"occupancy\">Occupancy %d</th>",
	    year, year - 1, year, year - 1);
	for (size_t k = 0; k < NELEM(total_fields); k++) {
		if (!cols[k])
			continue;
		for (int y = 0; y < 2; y++) {
			html_raw(b, "<th scope=\"col\" class=\"fin-");
			html_attr(b, authz_fin_field_name(total_fields[k]));
			html_raw(b, "\">");
			html_textf(b, "%s %d", portal_fin_label(total_fields[k]),
			    year - y);
			html_raw(b, "</th>");
		}
	}
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t p = 0; p < np; p++)
		totals_row(b, m[p * REPORT_MONTHS].property_name,
		    &m[p * REPORT_MONTHS].property_id, &one[2 * p], money[p], cols,
		    cur[p]);
	if (np > 1) {
		for (size_t k = 0; k < NELEM(total_fields); k++)
			every[k] &= one_cur && !all[0].overflow && !all[1].overflow;
		totals_row(b, "All properties", NULL, all, every, cols, all_cur);
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
	size_t n, i;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	if (!(acc.any & PERM_BIT(PERM_REPORTS_VIEW)))
		return 404;
	portal_input(r, INPUT_QUERY, in);
	if (in[PK_YEAR].s == NULL) {
		unsigned mon, day;
		int y;

		date_civil(local_today(), &y, &mon, &day);	/* this year, the viewer's */
		year = y;
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
	else
		report_totals(&r->arena, b, m, n, (int)year);
	/* Each property's REPORT_MONTHS rows: the year before, then the year. */
	for (i = 0; i + REPORT_MONTHS <= n; i += REPORT_MONTHS) {
		html_rawf(b, "<section class=\"report\" data-property=\"%" PRId64
		    "\">\n<h2>", m[i].property_id);
		html_text(b, m[i].property_name);
		html_raw(b, "</h2>\n");
		report_charts(&r->arena, b, m + i, (int)year);
		report_table(b, &acc, m + i + 12, 12, (int)year);
		html_raw(b, "</section>\n");
	}
	page_end(p);
	return 0;
}

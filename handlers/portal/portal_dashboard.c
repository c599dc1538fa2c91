/* porch — SPDX-License-Identifier: MIT
 * GET /portal: the owner dashboard. Whose portal it is; figures at a glance
 * (arrivals and departures of the next two weeks, nights and occupancy this
 * month and this year, revenue this year, the last statement); and the
 * properties the visitor can see with the pages they may open for each.
 *
 * Every figure follows the rights of the page it summarises, and one the visitor
 * may not see is left out, never shown as zero:
 *  - nights, occupancy, arrivals and departures count the properties where the
 *    visitor holds calendar.view (what the calendar and bookings list show);
 *  - revenue this year is a field summed over those properties, shown only when
 *    the field is shown (portal_price_fields()) on every one of them and their
 *    bookings share one currency, so it never adds in a hidden figure;
 *  - the last statement needs statements.view, and its money shows by the
 *    statement's own sealed rights, as on the statements list;
 *  - a guest's name only with booking.guest_name on the booking's property.
 * Four statements at most: the session, the properties with their figures
 * (store_dashboard()), the arrivals and departures, the statements.
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
#include "store_bookings.h"
#include "store_docs.h"
#include "tenant.h"

/* How far ahead arrivals and departures are listed, in days from today. */
#define DASH_AHEAD	14


/* One property, with the pages the visitor may open for it. */
static void
dash_property(struct buf *b, const struct property *pr)
{
	perm_set perms = pr->rights.perms;

	html_rawf(b, "<li class=\"property\" data-id=\"%" PRId64 "\"><strong>", pr->id);
	html_text(b, pr->name);
	html_raw(b, "</strong>");
	if (pr->city != NULL) {
		html_raw(b, " <span class=\"city\">");
		html_text(b, pr->city);
		html_raw(b, "</span>");
	}
	html_raw(b, "<br>");
	if (perms & PERM_BIT(PERM_CALENDAR_VIEW)) {
		html_rawf(b, "<a href=\"/portal/calendar?property=%" PRId64 "\">Calendar</a> "
		    "<a href=\"/portal/bookings?property=%" PRId64 "\">Bookings</a> ",
		    pr->id, pr->id);
	}
	if (perms & PERM_BIT(PERM_STATEMENTS_VIEW))
		html_rawf(b, "<a href=\"/portal/statements?property=%" PRId64 "\">"
		    "Statements</a> ", pr->id);
	if (perms & (PERM_BIT(PERM_DOCUMENTS_PUBLIC) | PERM_BIT(PERM_DOCUMENTS_PRIVATE)))
		html_rawf(b, "<a href=\"/portal/documents?property=%" PRId64 "\">"
		    "Documents</a> ", pr->id);
	html_raw(b, "</li>\n");
}

/* A figure's item: <li class="figure" data-figure="KEY"><span class="label">. */
static void
figure_begin(struct buf *b, const char *key)
{
	html_raw(b, "<li class=\"figure\" data-figure=\"");
	html_attr(b, key);
	html_raw(b, "\"><span class=\"label\">");
}

static void
figure_count(struct buf *b, const char *key, const char *label, int64_t v)
{
	figure_begin(b, key);
	html_text(b, label);
	html_raw(b, "</span> <strong class=\"value\">");
	html_number(b, v, 0);
	html_raw(b, "</strong></li>\n");
}

static void
figure_occupancy(struct buf *b, const char *key, const char *label, int64_t nights,
    int64_t days)
{
	figure_begin(b, key);
	html_text(b, label);
	html_raw(b, "</span> <strong class=\"value\">");
	portal_percent(b, portal_occupancy_tenths(nights, days));
	html_raw(b, "</strong></li>\n");
}

/* The calendar figures, over the properties where calendar.view is held. */
struct dash_sums {
	size_t		 nprops;
	int64_t		 month_nights;
	int64_t		 year_nights;
	int64_t		 cents[FIN__MAX];
	fin_set		 every;		/* fields shown on every one of them */
	const char	*currency;	/* NULL: none yet */
	int		 one_currency;	/* and every sum fits: money adds up */
};

static void
dash_sum(const struct dash_property *d, size_t n, struct dash_sums *s)
{
	memset(s, 0, sizeof(*s));
	s->every = ~(fin_set)0;
	s->one_currency = 1;
	for (size_t i = 0; i < n; i++) {
		if (!(d[i].prop.rights.perms & PERM_BIT(PERM_CALENDAR_VIEW)))
			continue;
		s->nprops++;
		s->month_nights += d[i].month_nights;
		s->year_nights += d[i].year_nights;
		for (int f = 0; f < FIN__MAX; f++)
			if (__builtin_add_overflow(s->cents[f], d[i].cents[f],
			    &s->cents[f]))
				s->one_currency = 0;
		s->every &= portal_price_fields(d[i].prop.rights.fin);
		if (d[i].mixed)
			s->one_currency = 0;
		else if (d[i].currency != NULL) {
			if (s->currency != NULL && strcmp(s->currency, d[i].currency) != 0)
				s->one_currency = 0;
			s->currency = d[i].currency;
		}
	}
	if (s->nprops == 0)
		s->every = 0;
}

/* Revenue this year: each field summed when it is shown on every property. */
static void
dash_revenue(struct buf *b, const struct dash_sums *s, int year)
{
	static const struct {
		enum fin_field	 f;
		const char	*key;
	} fields[] = {
		{ FIN_OWNER_REVENUE, "owner_revenue-year" },
		{ FIN_TOTAL_PRICE, "total_price-year" },
	};

	if (!s->one_currency)
		return;
	for (size_t k = 0; k < NELEM(fields); k++) {
		if (!(s->every & FIN_BIT(fields[k].f)))
			continue;
		figure_begin(b, fields[k].key);
		html_textf(b, "%s, %d", portal_fin_label(fields[k].f), year);
		html_raw(b, "</span> <strong class=\"value fin-");
		html_attr(b, authz_fin_field_name(fields[k].f));
		html_raw(b, "\">");
		portal_money(b, s->cents[fields[k].f], s->currency);
		html_raw(b, "</strong></li>\n");
	}
}

/* The last statement, its money by its own rights. */
static void
dash_statement(struct buf *b, const struct statement *st)
{
	static const enum fin_field pick[] = {
		FIN_OWNER_REVENUE, FIN_PAYOUT, FIN_TOTAL_PRICE,
	};
	fin_set shown = portal_price_fields(st->rights.fin);
	char period[DATE_PERIOD_LEN];

	figure_begin(b, "statement");
	html_raw(b, "Last statement</span> <strong class=\"value\">");
	html_rawf(b, "<a href=\"/portal/statements/%" PRId64 "\">", st->id);
	date_period_title(st->period_start, st->period_end, period);
	html_text(b, period);
	html_raw(b, "</a></strong>");
	if (st->property_name != NULL) {
		html_raw(b, " <span class=\"property\">");
		html_text(b, st->property_name);
		html_raw(b, "</span>");
	}
	for (size_t k = 0; k < NELEM(pick); k++) {
		if (!(shown & FIN_BIT(pick[k])))
			continue;
		html_raw(b, " <span class=\"fin-");
		html_attr(b, authz_fin_field_name(pick[k]));
		html_raw(b, "\">");
		html_text(b, portal_fin_label(pick[k]));
		html_raw(b, " ");
		portal_money(b, st->cents[pick[k]], st->currency);
		html_raw(b, "</span>");
		break;
	}
	html_raw(b, "</li>\n");
}

/* Arrivals (arrive 1) or departures in [from, to), soonest first. */
static void
dash_moves(struct buf *b, const struct booking *k, size_t n, const char *from,
    const char *to, int arrive)
{
	size_t shown = 0;

	if (arrive)
		html_raw(b, "<h3>Arrivals</h3>\n<ul class=\"upcoming arrivals\">\n");
	else
		html_raw(b, "<h3>Departures</h3>\n<ul class=\"upcoming departures\">\n");
	for (size_t i = 0; i < n; i++) {
		const char *day = arrive ? k[i].start : k[i].end;

		if (strcmp(day, from) < 0 || strcmp(day, to) >= 0)
			continue;
		shown++;
		html_rawf(b, "<li data-booking=\"%" PRId64 "\"><span class=\"date\">",
		    k[i].id);
		html_day(b, day);
		html_rawf(b, "</span> <a href=\"/portal/bookings/%" PRId64 "\">", k[i].id);
		html_text(b, k[i].reference != NULL ? k[i].reference : "Booking");
		html_raw(b, "</a> <span class=\"property\">");
		html_text(b, k[i].property);
		html_raw(b, "</span>");
		if ((k[i].rights.perms & PERM_BIT(PERM_BOOKING_GUEST_NAME)) &&
		    k[i].guest_name != NULL) {
			html_raw(b, " <span class=\"guest\">");
			html_text(b, k[i].guest_name);
			html_raw(b, "</span>");
		}
		html_raw(b, " <span class=\"nights\">");
		html_textf(b, "%d night%s", k[i].nights, k[i].nights == 1 ? "" : "s");
		html_raw(b, "</span></li>\n");
	}
	if (shown == 0)
		html_raw(b, "<li class=\"empty\">None in the next two weeks.</li>\n");
	html_raw(b, "</ul>\n");
}

/* GET /portal */
int
handle_portal(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	char mfirst[DATE_LEN], mnext[DATE_LEN], yfirst[DATE_LEN], ynext[DATE_LEN];
	char today[DATE_LEN], ahead[DATE_LEN], label[64];
	struct dash_property *d;
	struct statement *st = NULL;
	struct booking *k = NULL;
	struct dash_sums s;
	struct access acc;
	size_t n, nk = 0, nst = 0;
	unsigned y_m, y_d;
	long now_days;
	int year, rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	now_days = local_today();
	date_civil(now_days, &year, &y_m, &y_d);
	date_format(now_days, today);
	date_format(now_days + DASH_AHEAD, ahead);
	date_format(date_days(year, y_m, 1), mfirst);
	date_format(date_days(year, y_m, 1) + date_month_days(year, y_m), mnext);
	date_format(date_days(year, 1, 1), yfirst);
	date_format(date_days(year + 1, 1, 1), ynext);
	if ((rc = store_dashboard(&r->arena, r->tenant->id, &acc, mfirst, mnext, yfirst,
	    ynext, &d, &n)) != DB_OK)
		return status_for_db(rc);
	dash_sum(d, n, &s);
	if (s.nprops > 0 && (rc = store_bookings_upcoming(&r->arena, r->tenant->id,
	    &acc, today, ahead, &k, &nk)) != DB_OK)
		return status_for_db(rc);
	if ((rc = store_statements_visible(&r->arena, r->tenant->id, &acc, 0, &st,
	    &nst)) != DB_OK)
		return status_for_db(rc);

	portal_begin(r, p, &acc, "Your portal");
	html_raw(b, "<h1>Portal of <span class=\"customer\">");
	html_text(b, acc.customer_name);
	html_raw(b, "</span></h1>\n<p>This is the portal of <strong>");
	html_text(b, acc.customer_name);
	html_raw(b, "</strong> at ");
	html_text(b, r->tenant->name);
	html_raw(b, ".</p>\n");
	if (acc.kind == PRINCIPAL_TOKEN)
		html_raw(b, "<p class=\"hint\">You came in through your personal link. "
		    "Keep it private: anyone who has it can open this portal.</p>\n");
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">There is nothing to show here yet. "
		    "If you expected to see properties, ask ");
		html_text(b, r->tenant->name);
		html_raw(b, " to give you access.</p>\n");
		page_end(p);
		return 0;
	}
	if (s.nprops > 0 || nst > 0) {
		html_raw(b, "<section class=\"dashboard\">\n<h2>At a glance</h2>\n"
		    "<ul class=\"figures\">\n");
		if (s.nprops > 0) {
			snprintf(label, sizeof(label), "Nights booked, %s %d",
			    date_month_name(y_m), year);
			figure_count(b, "nights-month", label, s.month_nights);
			snprintf(label, sizeof(label), "Occupancy, %s %d",
			    date_month_name(y_m), year);
			figure_occupancy(b, "occupancy-month", label, s.month_nights,
			    (int64_t)date_month_days(year, y_m) * (int64_t)s.nprops);
			snprintf(label, sizeof(label), "Nights booked, %d", year);
			figure_count(b, "nights-year", label, s.year_nights);
			snprintf(label, sizeof(label), "Occupancy, %d", year);
			figure_occupancy(b, "occupancy-year", label, s.year_nights,
			    (date_days(year + 1, 1, 1) - date_days(year, 1, 1)) *
			    (int64_t)s.nprops);
			dash_revenue(b, &s, year);
		}
		if (nst > 0)
			dash_statement(b, &st[0]);
		html_raw(b, "</ul>\n");
		if (acc.any & PERM_BIT(PERM_REPORTS_VIEW))
			html_raw(b, "<p><a href=\"/portal/reports\">Reports month by "
			    "month</a></p>\n");
		if (s.nprops > 0) {
			dash_moves(b, k, nk, today, ahead, 1);
			dash_moves(b, k, nk, today, ahead, 0);
		}
		html_raw(b, "</section>\n");
	}
	html_raw(b, "<h2>Properties</h2>\n<ul class=\"properties\">\n");
	for (size_t i = 0; i < n; i++)
		dash_property(b, &d[i].prop);
	html_raw(b, "</ul>\n");
	page_end(p);
	return 0;
}

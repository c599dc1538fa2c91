/* porch — SPDX-License-Identifier: MIT
 * The portal's calendar (GET /portal/calendar): a month as the channels draw it,
 * each stay a bar from the afternoon of its arrival to the morning of its
 * departure, week by week for one property or a row per property over the
 * month (the timeline), and the same month as a list of days for phones. One
 * statement reads the page (store_calendar(), store_calendar_every()); what
 * each bar says follows the visitor's rights on its property.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "booking_view.h"
#include "date.h"
#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "session.h"
#include "store_bookings.h"
#include "tenant.h"

static const char *const notices[][2] = {
	{ "block-added", "The block-off was added." },
	{ "block-moved", "The block-off was moved." },
	{ "block-deleted", "The block-off was deleted." },
};

/* A row holds at most this many stays above one another. */
#define LANES_MAX	16

/* The month shown and what is drawn in it. */
struct month_view {
	const struct calendar	*cal;
	const struct property	*pr;	/* the month grid's; NULL: the timeline */
	long			*start;	/* cal->occ[i]'s first day, days since epoch */
	long			*end;	/* ... and its departure or first free day */
	long			 first;	/* the month's first day */
	unsigned		 ndays;
	long			 today;
	int			 y;
	unsigned		 m;
};

/* A stay or block-off on a row of half-days, [from, to) of the row. */
struct span {
	size_t	 i;		/* into cal->occ */
	int	 from, to;
	int	 arrives;	/* the row holds its first day */
	int	 departs;	/* ... and its last morning */
	int	 lane;
};

/* The property of an occupancy row among those shown, or NULL. */
static const struct property *
occ_property(const struct month_view *v, size_t i)
{
	const struct calendar *cal = v->cal;

	if (v->pr != NULL)
		return cal->occ[i].property_id == v->pr->id ? v->pr : NULL;
	for (size_t k = 0; k < cal->nprops; k++)
		if (cal->props[k].id == cal->occ[i].property_id)
			return &cal->props[k];
	return NULL;
}

/*
 * The spans of property's stays on the row of days [d0, d0 + 7 or ndays),
 * drawn within half-days [lo, hi): a stay takes the afternoon of its arrival
 * through the morning of its departure (a block-off the same of its first and
 * first free day), so one leaving the day another arrives shares the lane. Each
 * gets the lowest lane free at its start. Returns how many; *lanes the lanes used.
 */
static size_t
row_spans(const struct month_view *v, int64_t property, long d0, int lo, int hi,
    struct span *out, size_t max, int *lanes)
{
	int ends[LANES_MAX];
	size_t n = 0;

	*lanes = 0;
	for (size_t i = 0; i < v->cal->nocc && n < max; i++) {
		const struct occupancy *o = &v->cal->occ[i];
		long from, to;
		int l;

		if (o->property_id != property || occ_property(v, i) == NULL)
			continue;
		from = 2 * (v->start[i] - d0) + 1;
		to = 2 * (v->end[i] - d0) + 1;
		if (to <= lo || from >= hi || to <= from)
			continue;
		out[n].i = i;
		out[n].arrives = from >= lo;
		out[n].departs = to <= hi;
		out[n].from = (int)(from < lo ? lo : from);
		out[n].to = (int)(to > hi ? hi : to);
		for (l = 0; l < *lanes && ends[l] > out[n].from; l++)
			;
		if (l == LANES_MAX)
			continue;
		if (l == *lanes)
			(*lanes)++;
		ends[l] = out[n].to;
		out[n].lane = l;
		n++;
	}
	return n;
}

/* What a bar or an agenda line says of a stay or block-off, as a link. */
static void
occ_link(struct buf *b, const struct month_view *v, size_t i,
    const struct property *pr)
{
	const struct occupancy *o = &v->cal->occ[i];

	if (o->is_block) {
		html_rawf(b, "<a href=\"/portal/blocks/%" PRId64 "\">Blocked", o->id);
		if (o->by_owner)
			html_raw(b, "<span class=\"by-owner\"> by the owner</span>");
		if (o->reason != NULL && o->reason[0] != '\0') {
			html_raw(b, "<span class=\"reason\">: ");
			html_text(b, o->reason);
			html_raw(b, "</span>");
		}
	} else {
		html_rawf(b, "<a href=\"/portal/bookings/%" PRId64 "\">", o->id);
		html_text(b, o->reference);
		if ((pr->rights.perms & PERM_BIT(PERM_BOOKING_GUEST_NAME)) &&
		    o->guest_name != NULL && o->guest_name[0] != '\0') {
			html_raw(b, " <span class=\"guest\">");
			html_text(b, o->guest_name);
			html_raw(b, "</span>");
		}
		if (o->status != NULL && strcmp(o->status, "tentative") == 0)
			html_raw(b, " <span class=\"tentative\">(tentative)</span>");
	}
	html_raw(b, "</a>");
}

/* One bar: a cell over its half-days, its dates said for screen readers. */
static void
bar_cell(struct buf *b, const struct month_view *v, const struct span *s)
{
	const struct occupancy *o = &v->cal->occ[s->i];

	html_rawf(b, "<td colspan=\"%d\" class=\"bar", s->to - s->from);
	if (o->is_block && o->by_owner)
		html_raw(b, " block by-owner");
	else if (o->is_block)
		html_raw(b, " block");
	else if (o->status != NULL && strcmp(o->status, "tentative") == 0)
		html_raw(b, " booking tentative");
	else
		html_raw(b, " booking");
	if (s->arrives)
		html_raw(b, " arrives");
	if (s->departs)
		html_raw(b, " departs");
	html_rawf(b, "\" data-id=\"%" PRId64 "\">", o->id);
	occ_link(b, v, s->i, occ_property(v, s->i));
	html_raw(b, "<span class=\"visually-hidden\">, ");
	if (o->is_block) {
		html_day_of(b, v->start[s->i]);
		html_raw(b, " to ");
		html_day_of(b, v->end[s->i] - 1);
	} else {
		html_raw(b, "arrives ");
		html_day_of(b, v->start[s->i]);
		html_raw(b, ", leaves ");
		html_day_of(b, v->end[s->i]);
	}
	html_raw(b, "</span></td>");
}

/*
 * The lane rows of one row of days: halves half-day columns, at least min
 * lanes; head, when given, is the row's header (the timeline's property).
 */
static void
lane_rows(struct buf *b, const struct month_view *v, const struct span *sp,
    size_t n, int lanes, int min, int halves, const struct property *head)
{
	if (lanes < min)
		lanes = min;
	for (int l = 0; l < lanes; l++) {
		int pos = 0;

		html_raw(b, "<tr class=\"lane\">");
		if (head != NULL && l == 0) {
			html_rawf(b, "<th scope=\"row\" rowspan=\"%d\"><a href=\"/portal/"
			    "calendar?property=%" PRId64 "&amp;month=%04d-%02u\">", lanes,
			    head->id, v->y, v->m);
			html_text(b, head->name);
			html_raw(b, "</a></th>");
		}
		for (size_t k = 0; k < n; k++) {
			if (sp[k].lane != l)
				continue;
			if (sp[k].from > pos)
				html_rawf(b, "<td colspan=\"%d\"></td>", sp[k].from - pos);
			bar_cell(b, v, &sp[k]);
			pos = sp[k].to;
		}
		if (pos < halves)
			html_rawf(b, "<td colspan=\"%d\"></td>", halves - pos);
		html_raw(b, "</tr>\n");
	}
}

/* The month grid's cell of one day: its number, today marked. */
static void
day_cell(struct buf *b, const struct month_view *v, long day)
{
	int booked = 0, blocked = 0;
	char date[DATE_LEN];
	int y;
	unsigned m, d;

	for (size_t i = 0; i < v->cal->nocc; i++) {
		if (v->cal->occ[i].property_id != v->pr->id || v->start[i] > day ||
		    v->end[i] <= day)
			continue;
		if (v->cal->occ[i].is_block)
			blocked = 1;
		else
			booked = 1;
	}
	date_format(day, date);
	date_civil(day, &y, &m, &d);
	html_raw(b, "<td class=\"");
	html_attr(b, booked ? "booked" : blocked ? "blocked" : "available");
	html_raw(b, "\" data-date=\"");
	html_attr(b, date);
	html_raw(b, "\" colspan=\"2\"");
	if (day == v->today)
		html_raw(b, " aria-current=\"date\"");
	html_rawf(b, "><span class=\"day\">%u</span>", d);
	if (day == v->today)
		html_raw(b, " <span class=\"today\">Today</span>");
	html_raw(b, "</td>");
}

/* The month grid of one property, Monday first: a row group per week. */
static void
month_grid(struct buf *b, const struct month_view *v)
{
	static const char *const wd[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	    "Sun" };
	int lead = (int)date_weekday(v->first);
	long week = v->first - lead, last = v->first + (long)v->ndays;
	struct span sp[64];

	html_raw(b, "<div class=\"calendar-wide\">\n<table class=\"calendar month\">\n"
	    "<thead><tr>");
	for (int i = 0; i < 7; i++) {
		html_raw(b, "<th scope=\"col\" colspan=\"2\">");
		html_text(b, wd[i]);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead>\n");
	for (; week < last; week += 7) {
		int lo = week < v->first ? 2 * (int)(v->first - week) : 0;
		int hi = week + 7 > last ? 2 * (int)(last - week) : 14, lanes;
		size_t n = row_spans(v, v->pr->id, week, lo, hi, sp, NELEM(sp), &lanes);

		html_raw(b, "<tbody>\n<tr class=\"days\">");
		for (long d = week; d < week + 7; d++) {
			if (d < v->first || d >= last)
				html_raw(b, "<td class=\"pad\" colspan=\"2\"></td>");
			else
				day_cell(b, v, d);
		}
		html_raw(b, "</tr>\n");
		lane_rows(b, v, sp, n, lanes, 2, 14, NULL);
		html_raw(b, "</tbody>\n");
	}
	html_raw(b, "</table>\n</div>\n");
}

/* The timeline: a row per property, a column per day of the month. */
static void
timeline(struct buf *b, const struct month_view *v)
{
	int halves = 2 * (int)v->ndays;
	struct span sp[128];

	html_rawf(b, "<div class=\"calendar-wide\">\n<table class=\"calendar timeline\">\n"
	    "<colgroup><col class=\"property\"><col span=\"%d\"></colgroup>\n"
	    "<thead><tr><th scope=\"col\">Property</th>", halves);
	for (long d = v->first; d < v->first + (long)v->ndays; d++) {
		html_raw(b, "<th scope=\"col\" colspan=\"2\"");
		if (d == v->today)
			html_raw(b, " aria-current=\"date\"");
		html_rawf(b, "><span class=\"day\">%ld</span><abbr class=\"wd\" title=\"",
		    d - v->first + 1);
		html_attr(b, date_weekday_name(d));
		html_raw(b, "\">");
		html_textf(b, "%.2s", date_weekday_name(d));
		html_raw(b, "</abbr></th>");
	}
	html_raw(b, "</tr></thead>\n");
	for (size_t k = 0; k < v->cal->nprops; k++) {
		const struct property *pr = &v->cal->props[k];
		int lanes;
		size_t n = row_spans(v, pr->id, v->first, 0, halves, sp, NELEM(sp),
		    &lanes);

		html_rawf(b, "<tbody data-property=\"%" PRId64 "\">\n", pr->id);
		lane_rows(b, v, sp, n, lanes, 1, halves, pr);
		html_raw(b, "</tbody>\n");
	}
	html_raw(b, "</table>\n</div>\n");
}

/*
 * The month as a list of the days something happens, for phones: arrivals,
 * departures, nights stayed and days blocked, with the property's name on the
 * timeline. The stylesheet shows it instead of the grid on narrow screens.
 */
static void
agenda(struct buf *b, const struct month_view *v)
{
	int any = 0;

	html_raw(b, "<section class=\"agenda\" aria-labelledby=\"agenda-title\">\n"
	    "<h2 id=\"agenda-title\">Day by day</h2>\n");
	for (long d = v->first; d < v->first + (long)v->ndays; d++) {
		int open = 0;

		for (size_t i = 0; i < v->cal->nocc; i++) {
			const struct occupancy *o = &v->cal->occ[i];
			const struct property *pr = occ_property(v, i);
			const char *what;

			if (pr == NULL || v->start[i] > d || v->end[i] < d ||
			    (o->is_block && v->end[i] == d))
				continue;
			what = o->is_block ? NULL : v->start[i] == d ? "Arrival" :
			    v->end[i] == d ? "Departure" : "Staying";
			if (!any)
				html_raw(b, "<ol class=\"agenda\">\n");
			any = 1;
			if (!open) {
				html_raw(b, "<li");
				if (d == v->today)
					html_raw(b, " aria-current=\"date\"");
				html_raw(b, "><p class=\"date\">");
				html_day_of(b, d);
				if (d == v->today)
					html_raw(b, " <span class=\"today\">Today</span>");
				html_raw(b, "</p>\n<ul>\n");
				open = 1;
			}
			html_raw(b, "<li class=\"");
			html_attr(b, o->is_block ? "block" : v->start[i] == d ? "arrival" :
			    v->end[i] == d ? "departure" : "stay");
			html_raw(b, "\">");
			if (what != NULL) {
				html_raw(b, "<span class=\"what\">");
				html_text(b, what);
				html_raw(b, "</span> ");
			}
			occ_link(b, v, i, pr);
			if (v->pr == NULL) {
				html_raw(b, " <span class=\"property\">");
				html_text(b, pr->name);
				html_raw(b, "</span>");
			}
			html_raw(b, "</li>\n");
		}
		if (open)
			html_raw(b, "</ul></li>\n");
	}
	if (any)
		html_raw(b, "</ol>\n");
	else
		html_raw(b, "<p class=\"empty\">Nothing is booked or blocked this month."
		    "</p>\n");
	html_raw(b, "</section>\n");
}

/* The month of ?month=YYYY-MM, else the current one (UTC); -1 when it is not a month. */
static int
calendar_month(const struct input_val *month, int *y, unsigned *m)
{
	unsigned d;

	if (month->st == INPUT_BAD)
		return -1;
	if (month->st == INPUT_OK) {
		date_civil((long)month->i, y, m, &d);
	} else
		date_civil(local_today(), y, m, &d);	/* this month, the viewer's */
	return 0;
}

/* The form choosing the property (the month grid's) and month. */
static void
calendar_chooser(struct buf *b, const struct month_view *v)
{
	html_raw(b, "<form method=\"get\" action=\"/portal/calendar\" class=\"chooser\">\n");
	if (v->pr != NULL) {
		html_raw(b, "<label for=\"property\">Property</label> "
		    "<select id=\"property\" name=\"property\">\n");
		for (size_t i = 0; i < v->cal->nprops; i++)
			html_option(b, v->cal->props[i].id, &v->cal->props[i] == v->pr,
			    "%s", v->cal->props[i].name);
		html_raw(b, "</select>\n");
	} else
		html_raw(b, "<input type=\"hidden\" name=\"view\" value=\"timeline\">\n");
	html_rawf(b, "<label for=\"month\">Month</label> "
	    "<input id=\"month\" name=\"month\" value=\"%04d-%02u\" "
	    "pattern=\"[0-9]{4}-[0-9]{2}\" size=\"7\">\n"
	    "<button type=\"submit\">Show</button>\n</form>\n", v->y, v->m);
}

/* A link to the calendar of y-m, in the view shown. */
static void
month_link(struct buf *b, const struct month_view *v, const char *rel, int y,
    unsigned m)
{
	html_raw(b, "<a ");
	if (rel != NULL) {
		html_raw(b, "rel=\"");
		html_attr(b, rel);
		html_raw(b, "\" ");
	}
	if (v->pr != NULL)
		html_rawf(b, "href=\"/portal/calendar?property=%" PRId64 "&amp;"
		    "month=%04d-%02u\">", v->pr->id, y, m);
	else
		html_rawf(b, "href=\"/portal/calendar?view=timeline&amp;month=%04d-%02u\">",
		    y, m);
}

/*
 * The months before and after (within date.h's years) by name, the current
 * month when another is shown, and the other view for a visitor with several
 * properties.
 */
static void
calendar_nav(struct buf *b, const struct month_view *v)
{
	int py = v->m == 1 ? v->y - 1 : v->y, ny = v->m == 12 ? v->y + 1 : v->y, ty;
	unsigned pm = v->m == 1 ? 12 : v->m - 1, nm = v->m == 12 ? 1 : v->m + 1, tm, td;

	html_raw(b, "<p class=\"months\">");
	if (py >= DATE_YEAR_MIN) {
		month_link(b, v, "prev", py, pm);
		html_textf(b, "‹ %s %d", date_month_name(pm), py);
		html_raw(b, "</a> ");
	}
	date_civil(v->today, &ty, &tm, &td);
	if (ty != v->y || tm != v->m) {
		month_link(b, v, NULL, ty, tm);
		html_raw(b, "This month</a> ");
	}
	if (ny <= DATE_YEAR_MAX) {
		month_link(b, v, "next", ny, nm);
		html_textf(b, "%s %d ›", date_month_name(nm), ny);
		html_raw(b, "</a>");
	}
	html_raw(b, "</p>\n");
	if (v->cal->nprops < 2)
		return;
	html_raw(b, "<p class=\"views\">");
	if (v->pr != NULL)
		html_rawf(b, "<a href=\"/portal/calendar?view=timeline&amp;month=%04d-%02u\">"
		    "All properties</a>", v->y, v->m);
	else
		html_rawf(b, "<a href=\"/portal/calendar?view=month&amp;month=%04d-%02u\">"
		    "One property by weeks</a>", v->y, v->m);
	html_raw(b, "</p>\n");
}

/*
 * The view asked for: 1 the timeline, 0 the month grid, -1 the default (the
 * timeline for several properties without ?property=), -2 not a view.
 */
static int
calendar_view(const struct input_val *view, int64_t property)
{
	const char *s = in_str(view);

	if (view->st == INPUT_BAD)
		return -2;
	if (s == NULL || s[0] == '\0')
		return property != 0 ? 0 : -1;
	if (strcmp(s, "timeline") == 0)
		return 1;
	return strcmp(s, "month") == 0 ? 0 : -2;
}

/*
 * The days of each stay, read once. A day date.h does not take (a year before
 * DATE_YEAR_MIN) lies outside the month: before it for a first day, after it
 * for a last.
 */
static void
calendar_days(struct arena *a, struct month_view *v)
{
	const struct calendar *cal = v->cal;

	v->start = arena_alloc(a, (cal->nocc + 1) * sizeof(*v->start));
	v->end = arena_alloc(a, (cal->nocc + 1) * sizeof(*v->end));
	for (size_t i = 0; i < cal->nocc; i++) {
		if (date_parse(cal->occ[i].start, &v->start[i]) < 0)
			v->start[i] = v->first - 1;
		if (date_parse(cal->occ[i].end, &v->end[i]) < 0)
			v->end[i] = v->first + (long)v->ndays + 1;
	}
}

/*
 * GET /portal/calendar[?property=ID][&month=YYYY-MM][&view=month|timeline]:
 * two statements, the session and the calendar (store_calendar() for one
 * property asked for, else store_calendar_every()).
 */
int
handle_portal_calendar(struct req *r, struct resp *p)
{
	struct input_val in[PK__MAX];
	struct buf *b = &p->body;
	struct month_view v;
	struct calendar cal;
	struct access acc;
	char from[DATE_LEN], to[DATE_LEN];
	int64_t want;
	int view, rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	portal_input(r, INPUT_QUERY, in);
	/* ?property= sent, even empty, must name a property. */
	want = in_int(&in[PK_PROPERTY]);
	if (in[PK_PROPERTY].s != NULL && want == 0)
		return 404;
	if ((view = calendar_view(&in[PK_VIEW], want)) == -2)
		return 400;
	memset(&v, 0, sizeof(v));
	if (calendar_month(&in[PK_MONTH], &v.y, &v.m) < 0)
		return 400;
	v.first = date_days(v.y, v.m, 1);
	v.ndays = date_month_days(v.y, v.m);
	v.today = local_today();
	date_format(v.first, from);
	date_format(v.first + (long)v.ndays, to);
	if (want != 0 && view != 1)
		rc = store_calendar(&r->arena, r->tenant->id, &acc, want, from, to, &cal);
	else
		rc = store_calendar_every(&r->arena, r->tenant->id, &acc, from, to, &cal);
	if (rc != DB_OK)
		return status_for_db(rc);
	if (cal.nprops == 0)
		return 404;
	v.cal = &cal;
	if (view == 1 || (view == -1 && cal.nprops > 1))
		v.pr = NULL;
	else {
		for (size_t i = 0; i < cal.nprops && v.pr == NULL; i++)
			if (want == 0 || cal.props[i].id == want)
				v.pr = &cal.props[i];
		if (v.pr == NULL)
			return 404;
	}
	calendar_days(&r->arena, &v);

	portal_begin(r, p, &acc, "Calendar");
	if (v.pr != NULL) {
		html_raw(b, "<h1>Calendar of <span class=\"property\">");
		html_text(b, v.pr->name);
		html_raw(b, "</span>, ");
	} else
		html_raw(b, "<h1>Calendar of your properties, ");
	html_raw(b, "<span class=\"month\">");
	html_textf(b, "%s %d", date_month_name(v.m), v.y);
	html_raw(b, "</span></h1>\n");
	page_notice(p, notices, NELEM(notices), in_str(&in[PK_DONE]));
	calendar_chooser(b, &v);
	calendar_nav(b, &v);
	if (v.pr == NULL) {
		timeline(b, &v);
		agenda(b, &v);
		page_end(p);
		return 0;
	}
	month_grid(b, &v);
	agenda(b, &v);
	html_raw(b, "<p class=\"legend\"><span class=\"booking\">booked</span> "
	    "<span class=\"tentative\">tentative</span> "
	    "<span class=\"block\">blocked</span> "
	    "<span class=\"by-owner\">blocked by the owner</span></p>\n");
	portal_block_section(b, r, v.pr, cal.occ, cal.nocc);
	html_rawf(b, "<p><a href=\"/portal/bookings?property=%" PRId64 "\">Bookings of "
	    "this property</a></p>\n", v.pr->id);
	page_end(p);
	return 0;
}

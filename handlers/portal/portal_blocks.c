/* porch — SPDX-License-Identifier: MIT
 * The portal's calendar (a month per property) and the forms of owner block-offs:
 * create, move and delete. The change itself, with its checks, audit entry and
 * mail, is change_block() (module/change/block.c); these pages parse and answer.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "booking_view.h"
#include "change.h"
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

/* One day of the month grid. */
static void
day_cell(struct buf *b, const char *date, unsigned day, const struct occupancy *occ,
    size_t nocc, const struct property *pr)
{
	int booked = 0, blocked = 0;

	for (size_t i = 0; i < nocc; i++) {
		if (strcmp(occ[i].start, date) > 0 || strcmp(occ[i].end, date) <= 0)
			continue;
		if (occ[i].is_block)
			blocked = 1;
		else
			booked = 1;
	}
	html_raw(b, "<td class=\"");
	html_attr(b, booked ? "booked" : blocked ? "blocked" : "available");
	html_raw(b, "\" data-date=\"");
	html_attr(b, date);
	html_rawf(b, "\"><span class=\"day\">%u</span>", day);
	for (size_t i = 0; i < nocc; i++) {
		const struct occupancy *o = &occ[i];

		if (strcmp(o->start, date) > 0 || strcmp(o->end, date) <= 0)
			continue;
		if (o->is_block) {
			html_rawf(b, " <a class=\"block\" href=\"/portal/blocks/%" PRId64
			    "\">Blocked</a>", o->id);
			if (o->by_owner)
				html_raw(b, " <span class=\"by-owner\">by the owner</span>");
			continue;
		}
		html_rawf(b, " <a class=\"booking\" href=\"/portal/bookings/%" PRId64 "\">",
		    o->id);
		html_text(b, o->reference);
		html_raw(b, "</a>");
		if (strcmp(o->status, "tentative") == 0)
			html_raw(b, " <span class=\"tentative\">(tentative)</span>");
		if ((pr->rights.perms & PERM_BIT(PERM_BOOKING_GUEST_NAME)) &&
		    o->guest_name != NULL) {
			html_raw(b, " <span class=\"guest\">");
			html_text(b, o->guest_name);
			html_raw(b, "</span>");
		}
	}
	html_raw(b, "</td>");
}

/* The month grid, Monday first. */
static void
month_grid(struct buf *b, int y, unsigned m, const struct occupancy *occ, size_t nocc,
    const struct property *pr)
{
	static const char *const wd[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	    "Sun" };
	long first = date_days(y, m, 1);
	unsigned ndays = date_month_days(y, m);
	int lead = (int)(((first % 7) + 7 + 3) % 7), col = 0;
	char date[DATE_LEN];

	html_raw(b, "<table class=\"calendar\">\n<thead><tr>");
	for (int i = 0; i < 7; i++) {
		html_raw(b, "<th scope=\"col\">");
		html_text(b, wd[i]);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead>\n<tbody>\n<tr>");
	for (; col < lead; col++)
		html_raw(b, "<td class=\"pad\"></td>");
	for (unsigned d = 1; d <= ndays; d++) {
		if (col == 7) {
			html_raw(b, "</tr>\n<tr>");
			col = 0;
		}
		date_format(first + (long)d - 1, date);
		day_cell(b, date, d, occ, nocc, pr);
		col++;
	}
	for (; col < 7; col++)
		html_raw(b, "<td class=\"pad\"></td>");
	html_raw(b, "</tr>\n</tbody>\n</table>\n");
}

/* Move and delete forms of each block-off shown, for blocks.modify. */
static void
block_forms(struct buf *b, const struct req *r, const struct occupancy *occ,
    size_t nocc)
{
	int any = 0;

	for (size_t i = 0; i < nocc; i++) {
		const struct occupancy *o = &occ[i];

		if (!o->is_block)
			continue;
		if (!any)
			html_raw(b, "<h2>Block-offs this month</h2>\n<ul class=\"blocks\">\n");
		any = 1;
		html_rawf(b, "<li class=\"block\" data-id=\"%" PRId64 "\">", o->id);
		html_text(b, o->start);
		html_raw(b, " to ");
		html_text(b, o->end);
		if (o->by_owner)
			html_raw(b, " <span class=\"by-owner\">(by the owner)</span>");
		if (o->reason != NULL && o->reason[0] != '\0') {
			html_raw(b, ": <span class=\"reason\">");
			html_text(b, o->reason);
			html_raw(b, "</span>");
		}
		html_raw(b, "\n");
		page_form(b, r->session->csrf_token, "block-move", "/portal/blocks/move");
		html_hidden(b, "block", "%" PRId64, o->id);
		html_rawf(b, "<label for=\"start-%" PRId64 "\">From</label> "
		    "<input id=\"start-%" PRId64 "\" name=\"start\" type=\"date\" required "
		    "value=\"", o->id, o->id);
		html_attr(b, o->start);
		html_rawf(b, "\"> <label for=\"end-%" PRId64 "\">To (first free day)</label> "
		    "<input id=\"end-%" PRId64 "\" name=\"end\" type=\"date\" required value=\"",
		    o->id, o->id);
		html_attr(b, o->end);
		html_raw(b, "\"> <button type=\"submit\">Move</button>\n</form>\n");
		page_form(b, r->session->csrf_token, "block-delete", "/portal/blocks/delete");
		html_hidden(b, "block", "%" PRId64, o->id);
		html_raw(b, "<button type=\"submit\">Delete</button>\n</form></li>\n");
	}
	if (any)
		html_raw(b, "</ul>\n");
}

static void
block_new_form(struct buf *b, const struct req *r, const struct property *pr)
{
	html_raw(b, "<h2>Block off dates</h2>\n");
	page_form(b, r->session->csrf_token, "block-new", "/portal/blocks/new");
	html_hidden(b, "property", "%" PRId64, pr->id);
	html_rawf(b, "<label for=\"new-start\">From</label> "
	    "<input id=\"new-start\" name=\"start\" type=\"date\" required>\n"
	    "<label for=\"new-end\">To (first free day)</label> "
	    "<input id=\"new-end\" name=\"end\" type=\"date\" required>\n"
	    "<label for=\"new-reason\">Reason (optional)</label> "
	    "<input id=\"new-reason\" name=\"reason\" maxlength=\"%d\">\n"
	    "<button type=\"submit\">Block off</button>\n</form>\n", BLOCK_REASON_MAX);
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
	} else {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		*y = tm.tm_year + 1900;
		*m = (unsigned)tm.tm_mon + 1;
	}
	return 0;
}

/*
 * The visitor's calendar properties and the month's bookings and block-offs of
 * the one shown (want, or the first): one statement with ?property=, without it a
 * second for the first property. *pr NULL when there is none to show.
 */
static int
calendar_load(struct req *r, const struct access *acc, int64_t want, int y,
    unsigned m, struct calendar *cal, struct property **pr)
{
	char from[DATE_LEN], to[DATE_LEN];
	int rc;

	*pr = NULL;
	date_format(date_days(y, m, 1), from);
	date_format(date_days(y, m, 1) + date_month_days(y, m), to);
	if ((rc = store_calendar(&r->arena, r->tenant->id, acc, want, from, to, cal)) !=
	    DB_OK)
		return rc;
	if (want == 0 && cal->nprops > 0 && (rc = store_calendar(&r->arena,
	    r->tenant->id, acc, cal->props[0].id, from, to, cal)) != DB_OK)
		return rc;
	for (size_t i = 0; i < cal->nprops && *pr == NULL; i++)
		if (want == 0 || cal->props[i].id == want)
			*pr = &cal->props[i];
	return DB_OK;
}

/* The form choosing the property and month. */
static void
calendar_chooser(struct buf *b, const struct calendar *cal, const struct property *pr,
    int y, unsigned m)
{
	html_raw(b, "<form method=\"get\" action=\"/portal/calendar\" class=\"chooser\">\n"
	    "<label for=\"property\">Property</label> "
	    "<select id=\"property\" name=\"property\">\n");
	for (size_t i = 0; i < cal->nprops; i++) {
		html_option(b, cal->props[i].id, &cal->props[i] == pr, "%s",
		    cal->props[i].name);
	}
	html_rawf(b, "</select>\n<label for=\"month\">Month</label> "
	    "<input id=\"month\" name=\"month\" value=\"%04d-%02u\" "
	    "pattern=\"[0-9]{4}-[0-9]{2}\" size=\"7\">\n"
	    "<button type=\"submit\">Show</button>\n</form>\n", y, m);
}

/* Links to the months before and after, within date.h's years. */
static void
calendar_months(struct buf *b, int64_t property, int y, unsigned m)
{
	int py = m == 1 ? y - 1 : y, ny = m == 12 ? y + 1 : y;
	unsigned pm = m == 1 ? 12 : m - 1, nm = m == 12 ? 1 : m + 1;

	html_raw(b, "<p class=\"months\">");
	if (py >= DATE_YEAR_MIN)
		html_rawf(b, "<a rel=\"prev\" href=\"/portal/calendar?property=%" PRId64
		    "&amp;month=%04d-%02u\">Previous month</a> ", property, py, pm);
	if (ny <= DATE_YEAR_MAX)
		html_rawf(b, "<a rel=\"next\" href=\"/portal/calendar?property=%" PRId64
		    "&amp;month=%04d-%02u\">Next month</a>", property, ny, nm);
	html_raw(b, "</p>\n");
}

/* GET /portal/calendar[?property=ID][&month=YYYY-MM] */
int
handle_portal_calendar(struct req *r, struct resp *p)
{
	struct input_val in[PK__MAX];
	struct buf *b = &p->body;
	struct property *pr;
	struct calendar cal;
	struct access acc;
	int64_t want;
	unsigned m;
	int y, rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	portal_input(r, INPUT_QUERY, in);
	/* ?property= sent, even empty, must name a property. */
	want = in_int(&in[PK_PROPERTY]);
	if (in[PK_PROPERTY].s != NULL && want == 0)
		return 404;
	if (calendar_month(&in[PK_MONTH], &y, &m) < 0)
		return 400;
	if ((rc = calendar_load(r, &acc, want, y, m, &cal, &pr)) != DB_OK)
		return status_for_db(rc);
	if (pr == NULL)
		return 404;

	portal_begin(r, p, &acc, "Calendar");
	html_raw(b, "<h1>Calendar of <span class=\"property\">");
	html_text(b, pr->name);
	html_rawf(b, "</span>, %04d-%02u</h1>\n", y, m);
	page_notice(p, notices, NELEM(notices), in_str(&in[PK_DONE]));
	calendar_chooser(b, &cal, pr, y, m);
	calendar_months(b, pr->id, y, m);
	month_grid(b, y, m, cal.occ, cal.nocc, pr);
	html_raw(b, "<p class=\"legend\"><span class=\"available\">available</span> "
	    "<span class=\"booked\">booked</span> "
	    "<span class=\"blocked\">blocked</span></p>\n");
	if (pr->rights.perms & PERM_BIT(PERM_BLOCKS_MODIFY))
		block_forms(b, r, cal.occ, cal.nocc);
	if (pr->rights.perms & PERM_BIT(PERM_BLOCKS_CREATE))
		block_new_form(b, r, pr);
	if (pr->rights.perms & PERM_BIT(PERM_BOOKINGS_CREATE)) {
		html_raw(b, "<h2>New booking</h2>\n");
		booking_form(b, r, "/portal/bookings/new", NULL, pr->id, 0, &pr->rights,
		    NULL);
	}
	html_rawf(b, "<p><a href=\"/portal/bookings?property=%" PRId64 "\">Bookings of "
	    "this property</a></p>\n", pr->id);
	page_end(p);
	return 0;
}

/* A page with status and one message, e.g. for bad dates (400) or a clash (409). */
static int
message_page(struct req *r, struct resp *p, const struct access *acc, int status,
    const char *title, const char *message, int64_t property)
{
	struct buf *b = &p->body;

	portal_begin(r, p, acc, title);
	p->status = status;
	html_raw(b, "<h1>");
	html_text(b, title);
	html_raw(b, "</h1>\n");
	page_error_text(p, message);
	if (property != 0)
		html_rawf(b, "<p><a href=\"/portal/calendar?property=%" PRId64 "\">Back to "
		    "the calendar</a></p>\n", property);
	page_end(p);
	return 0;
}

/*
 * The three block-off forms: the form's keys into change_block() (module/change/
 * block.c), then the calendar of the month with the notice, or the refusal: 404
 * when the block-off or property is not the visitor's to change, else a page with
 * the reason and the way back to the calendar.
 */
static int
block_post(struct req *r, struct resp *p, enum block_op op)
{
	static const char *const done[] = { "block-added", "block-moved",
	    "block-deleted" };
	struct input_val in[PK__MAX];
	struct change_result out;
	struct block_change c;
	struct access acc;
	struct actor who;
	char start[DATE_LEN], path[128];
	int64_t property = 0;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	portal_input(r, INPUT_FORM, in);
	memset(&c, 0, sizeof(c));
	c.op = op;
	c.property = in_int(&in[PK_PROPERTY]);
	c.block = in_int(&in[PK_BLOCK]);
	c.start = (long)in_int(&in[PK_START]);
	c.end = (long)in_int(&in[PK_END]);
	c.reason = in_str(&in[PK_REASON]);
	page_actor(r, &who);
	rc = change_block(&who, &acc, &c, &out, &property, start);
	if (rc == CHANGE_OK) {
		snprintf(path, sizeof(path), "/portal/calendar?property=%" PRId64
		    "&month=%.7s&done=%s", property, start, done[op]);
		resp_redirect(p, 303, path);
		return 0;
	}
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return message_page(r, p, &acc, status_for_change(rc), out.title, out.msg,
		    property);
	return status_for_change(rc);
}

/* POST /portal/blocks/new: property, start, end, reason (optional). */
int
handle_portal_block_new(struct req *r, struct resp *p)
{
	return block_post(r, p, BLOCK_NEW);
}

/* POST /portal/blocks/move: block, start, end. */
int
handle_portal_block_move(struct req *r, struct resp *p)
{
	return block_post(r, p, BLOCK_MOVE);
}

/* POST /portal/blocks/delete: block. */
int
handle_portal_block_delete(struct req *r, struct resp *p)
{
	return block_post(r, p, BLOCK_DELETE);
}

/*
 * /portal/blocks/ID (GET: the block-off with its notes; calendar.view) and
 * /portal/blocks/ID/notes (POST body: a note; notes.add). A block-off the visitor
 * may not see is the same 404 as one that does not exist.
 */
int
handle_portal_block(struct req *r, struct resp *p)
{
	struct view_frame f = { 0 };
	struct access acc;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	f.acc = &acc;
	return block_view(r, p, &f);
}

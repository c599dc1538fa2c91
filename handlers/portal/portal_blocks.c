/* porch — SPDX-License-Identifier: MIT
 * The portal's calendar (a month per property) and owner block-offs: create, move
 * and delete, refused where a booking or another block-off is in the way, each one
 * audited and mailed to the tenant's admins and the property's notify user.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "date.h"
#include "handlers.h"
#include "html.h"
#include "log.h"
#include "mail.h"
#include "portal.h"
#include "session.h"
#include "store_bookings.h"
#include "tenant.h"

#define REASON_MAX	255	/* characters, as blocks.reason */

int
booking_mail(struct req *r, int64_t property, const char *subject, const char *body)
{
	const char *staff_body = body;
	struct notify_user nu;
	struct mail_to *to;
	struct buf note;
	size_t n;
	int rc, unmailed, dup = 0;

	if ((rc = store_booking_mail_to(&r->arena, r->tenant->id, property, &to, &n,
	    &nu)) != DB_OK)
		return rc;
	/*
	 * A notify user without an address of their own is not dropped in silence:
	 * the admins' copy says who was not mailed and why, and the audit log has it.
	 */
	unmailed = nu.id != 0 && (nu.addr == NULL || mail_addr_problem(nu.addr) != NULL);
	buf_init(&note, 512);
	if (unmailed) {
		buf_printf(&note, "%s\nNot sent to ", body);
		mail_one_line(&note, nu.login, MAIL_QUOTE_WHO_MAX);
		buf_puts(&note, ", who gets this property's booking mail (notify.bookings): "
		    "their login is not an email address and no contact address is on "
		    "file. Please tell them, or give notify.bookings to a user with an "
		    "email login.\n");
		staff_body = note.data;
		log_warn("req=%s: notify user %lld of property %lld has no email address; "
		    "told the admins instead", r->id, (long long)nu.id, (long long)property);
		if ((rc = audit(r, "mail.notify_unmailed", "portal_user", nu.id,
		    "no email address")) != DB_OK)
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		dup |= nu.addr != NULL && strcmp(to[i].addr, nu.addr) == 0;
		rc = mail_enqueue(&r->arena, r->tenant->id, to[i].addr,
		    to[i].name != NULL ? to[i].name : "", subject, staff_body);
		/* An address that cannot be mailed is skipped, not a reason to refuse. */
		if (rc != DB_OK && rc != MAIL_INVALID)
			goto out;
	}
	rc = DB_OK;
	if (nu.id != 0 && !unmailed && !dup &&
	    (rc = mail_enqueue(&r->arena, r->tenant->id, nu.addr, "", subject, body)) ==
	    MAIL_INVALID)
		rc = DB_OK;
out:
	buf_free(&note);
	return rc;
}

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
			html_raw(b, " <span class=\"block\">Blocked</span>");
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
		if (o->reason != NULL && o->reason[0] != '\0') {
			html_raw(b, ": <span class=\"reason\">");
			html_text(b, o->reason);
			html_raw(b, "</span>");
		}
		html_raw(b, "\n<form method=\"post\" action=\"/portal/blocks/move\" "
		    "class=\"block-move\">\n");
		csrf_field(b, r->session->csrf_token);
		html_rawf(b, "<input type=\"hidden\" name=\"block\" value=\"%" PRId64 "\">\n"
		    "<label for=\"start-%" PRId64 "\">From</label> "
		    "<input id=\"start-%" PRId64 "\" name=\"start\" type=\"date\" required "
		    "value=\"", o->id, o->id, o->id);
		html_attr(b, o->start);
		html_rawf(b, "\"> <label for=\"end-%" PRId64 "\">To (first free day)</label> "
		    "<input id=\"end-%" PRId64 "\" name=\"end\" type=\"date\" required value=\"",
		    o->id, o->id);
		html_attr(b, o->end);
		html_raw(b, "\"> <button type=\"submit\">Move</button>\n</form>\n"
		    "<form method=\"post\" action=\"/portal/blocks/delete\" "
		    "class=\"block-delete\">\n");
		csrf_field(b, r->session->csrf_token);
		html_rawf(b, "<input type=\"hidden\" name=\"block\" value=\"%" PRId64 "\">\n"
		    "<button type=\"submit\">Delete</button>\n</form></li>\n", o->id);
	}
	if (any)
		html_raw(b, "</ul>\n");
}

static void
block_new_form(struct buf *b, const struct req *r, const struct property *pr)
{
	html_raw(b, "<h2>Block off dates</h2>\n<form method=\"post\" "
	    "action=\"/portal/blocks/new\" class=\"block-new\">\n");
	csrf_field(b, r->session->csrf_token);
	html_rawf(b, "<input type=\"hidden\" name=\"property\" value=\"%" PRId64 "\">\n"
	    "<label for=\"new-start\">From</label> "
	    "<input id=\"new-start\" name=\"start\" type=\"date\" required>\n"
	    "<label for=\"new-end\">To (first free day)</label> "
	    "<input id=\"new-end\" name=\"end\" type=\"date\" required>\n"
	    "<label for=\"new-reason\">Reason (optional)</label> "
	    "<input id=\"new-reason\" name=\"reason\" maxlength=\"%d\">\n"
	    "<button type=\"submit\">Block off</button>\n</form>\n", pr->id, REASON_MAX);
}

/* GET /portal/calendar[?property=ID][&month=YYYY-MM] */
int
handle_portal_calendar(struct req *r, struct resp *p)
{
	const char *qprop = req_param(r, "property"), *qmonth = req_param(r, "month");
	struct buf *b = &p->body;
	struct occupancy *occ;
	struct property *props, *pr = NULL;
	struct calendar cal;
	struct access acc;
	char from[DATE_LEN], to[DATE_LEN];
	int64_t want = qprop != NULL ? parse_id(qprop) : 0;
	size_t n, nocc;
	unsigned m, pm, nm;
	int y, py, ny, rc;

	if ((rc = portal_need(r, p, &acc)) != 0)
		return rc < 0 ? 0 : rc;
	if (qprop != NULL && want == 0)
		return 404;
	if (qmonth != NULL && qmonth[0] != '\0') {
		if (strlen(qmonth) != 7 || date_month_parse(qmonth, &y, &m) < 0)
			return 400;
	} else {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		y = tm.tm_year + 1900;
		m = (unsigned)tm.tm_mon + 1;
	}
	date_format(date_days(y, m, 1), from);
	date_format(date_days(y, m, 1) + date_month_days(y, m), to);
	/* One statement with ?property=; without, a second for the first property. */
	if ((rc = store_calendar(&r->arena, r->tenant->id, &acc, want, from, to, &cal))
	    != DB_OK)
		return status_for_db(rc);
	if (want == 0 && cal.nprops > 0 && (rc = store_calendar(&r->arena,
	    r->tenant->id, &acc, cal.props[0].id, from, to, &cal)) != DB_OK)
		return status_for_db(rc);
	props = cal.props;
	n = cal.nprops;
	occ = cal.occ;
	nocc = cal.nocc;
	for (size_t i = 0; i < n && pr == NULL; i++)
		if (want == 0 || props[i].id == want)
			pr = &props[i];
	if (pr == NULL)
		return 404;

	portal_begin(r, p, &acc, "Calendar");
	html_raw(b, "<h1>Calendar of <span class=\"property\">");
	html_text(b, pr->name);
	html_rawf(b, "</span>, %04d-%02u</h1>\n", y, m);
	page_notice(p, notices, NELEM(notices), req_param(r, "done"));
	html_raw(b, "<form method=\"get\" action=\"/portal/calendar\" class=\"chooser\">\n"
	    "<label for=\"property\">Property</label> "
	    "<select id=\"property\" name=\"property\">\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<option value=\"%" PRId64 "\"", props[i].id);
		if (&props[i] == pr)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, props[i].name);
		html_raw(b, "</option>\n");
	}
	html_rawf(b, "</select>\n<label for=\"month\">Month</label> "
	    "<input id=\"month\" name=\"month\" value=\"%04d-%02u\" "
	    "pattern=\"[0-9]{4}-[0-9]{2}\" size=\"7\">\n"
	    "<button type=\"submit\">Show</button>\n</form>\n", y, m);
	py = m == 1 ? y - 1 : y;
	pm = m == 1 ? 12 : m - 1;
	ny = m == 12 ? y + 1 : y;
	nm = m == 12 ? 1 : m + 1;
	html_raw(b, "<p class=\"months\">");
	if (py >= DATE_YEAR_MIN)
		html_rawf(b, "<a rel=\"prev\" href=\"/portal/calendar?property=%" PRId64
		    "&amp;month=%04d-%02u\">Previous month</a> ", pr->id, py, pm);
	if (ny <= DATE_YEAR_MAX)
		html_rawf(b, "<a rel=\"next\" href=\"/portal/calendar?property=%" PRId64
		    "&amp;month=%04d-%02u\">Next month</a>", pr->id, ny, nm);
	html_raw(b, "</p>\n");
	month_grid(b, y, m, occ, nocc, pr);
	html_raw(b, "<p class=\"legend\"><span class=\"available\">available</span> "
	    "<span class=\"booked\">booked</span> "
	    "<span class=\"blocked\">blocked</span></p>\n");
	if (pr->rights.perms & PERM_BIT(PERM_BLOCKS_MODIFY))
		block_forms(b, r, occ, nocc);
	if (pr->rights.perms & PERM_BIT(PERM_BLOCKS_CREATE))
		block_new_form(b, r, pr);
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

enum block_op { BLOCK_NEW, BLOCK_MOVE, BLOCK_DELETE };

/* The mail about a change: subject and body. */
static int
block_mail(struct req *r, enum block_op op, const char *property, const char *start,
    const char *end, const char *old_start, const char *old_end, const char *reason,
    int64_t property_id)
{
	static const char *const verbs[] = { "added", "moved", "deleted" };
	struct buf subject, body;
	int rc;

	buf_init(&subject, 128);
	buf_init(&body, 512);
	buf_printf(&subject, "Block-off %s at %s: %s to %s", verbs[op], property, start,
	    end);
	buf_printf(&body, "A block-off was %s on the calendar of %s by %s.\n\n",
	    verbs[op], property, portal_visitor_name(r));
	if (op == BLOCK_MOVE)
		buf_printf(&body, "It was: %s to %s.\nIt is now: %s to %s.\n", old_start,
		    old_end, start, end);
	else
		buf_printf(&body, "Dates: %s to %s (the last day is the first free one).\n",
		    start, end);
	if (reason != NULL && reason[0] != '\0')
		mail_quote(&body, "Reason given", portal_visitor_name(r), reason);
	rc = booking_mail(r, property_id, subject.data, body.data);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

static int
block_change(struct req *r, struct resp *p, enum block_op op)
{
	static const char *const actions[] = { "block.create", "block.move",
	    "block.delete" };
	static const char *const done[] = { "block-added", "block-moved",
	    "block-deleted" };
	const char *reason = NULL, *what, *start_s = NULL, *end_s = NULL;
	char start[DATE_LEN] = "", end[DATE_LEN] = "", detail[160], path[128];
	char *cwhat, *cref, *cstart, *cend;
	struct property prop;
	struct block blk;
	struct access acc;
	int64_t property, id = 0;
	long sd, ed;
	int found, rc;

	if ((rc = portal_need(r, p, &acc)) != 0)
		return rc < 0 ? 0 : rc;
	if (op == BLOCK_NEW) {
		if ((rc = store_property_get(&r->arena, r->tenant->id, &acc,
		    req_form_id(r, "property"), &prop, &found)) != DB_OK)
			return status_for_db(rc);
		if (!found || !(prop.rights.perms & PERM_BIT(PERM_BLOCKS_CREATE)))
			return 404;
		property = prop.id;
		what = prop.name;
	} else {
		id = req_form_id(r, "block");
		if ((rc = store_block_get(&r->arena, r->tenant->id, id, &blk, &found))
		    != DB_OK)
			return status_for_db(rc);
		if (!found || !access_may(&acc, blk.property_id, blk.customer_id,
		    PERM_BLOCKS_MODIFY))
			return 404;
		property = blk.property_id;
		what = blk.property;
	}
	if (op != BLOCK_DELETE) {
		start_s = req_form(r, "start");
		end_s = req_form(r, "end");
		if (date_parse(start_s, &sd) < 0 || date_parse(end_s, &ed) < 0)
			return message_page(r, p, &acc, 400, "Bad dates", "Give both "
			    "dates as YYYY-MM-DD, each a real day.", property);
		if (ed <= sd)
			return message_page(r, p, &acc, 400, "Bad dates", "The end date "
			    "must come after the start date (the end is the first free "
			    "day).", property);
		date_format(sd, start);
		date_format(ed, end);
	}
	if (op == BLOCK_NEW) {
		reason = req_form(r, "reason");
		if (reason != NULL && reason[0] == '\0')
			reason = NULL;
		if (reason != NULL && utf8_chars(reason) > REASON_MAX)
			return message_page(r, p, &acc, 400, "Reason too long",
			    "The reason can be at most 255 characters long.", property);
	}

	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if ((rc = store_property_lock(&r->arena, r->tenant->id, property, &found))
	    != DB_OK || !found)
		goto fail;
	if (op != BLOCK_NEW) {
		/* Read again under the lock: it may have moved or gone meanwhile. */
		if ((rc = store_block_get(&r->arena, r->tenant->id, id, &blk, &found))
		    != DB_OK || !found || blk.property_id != property)
			goto fail;
	}
	if (op != BLOCK_DELETE) {
		if ((rc = store_block_conflict(&r->arena, r->tenant->id, property, start,
		    end, id, &found, &cwhat, &cref, &cstart, &cend)) != DB_OK)
			goto fail;
		if (found) {
			char msg[300];

			db_rollback();
			if (strcmp(cwhat, "booking") == 0)
				snprintf(msg, sizeof(msg), "Booking %s (%s to %s) is in the "
				    "way: nothing was changed.", cref, cstart, cend);
			else
				snprintf(msg, sizeof(msg), "Another block-off (%s to %s) is "
				    "in the way: nothing was changed.", cstart, cend);
			return message_page(r, p, &acc, 409, "The dates are taken", msg,
			    property);
		}
	}
	switch (op) {
	case BLOCK_NEW:
		rc = store_block_add(&r->arena, r->tenant->id, property, start, end,
		    reason, acc.user_id, &id);
		break;
	case BLOCK_MOVE:
		rc = store_block_move(&r->arena, r->tenant->id, id, start, end);
		break;
	case BLOCK_DELETE:
		rc = store_block_del(&r->arena, r->tenant->id, id);
		snprintf(start, sizeof(start), "%s", blk.start);
		snprintf(end, sizeof(end), "%s", blk.end);
		break;
	}
	if (rc != DB_OK)
		goto fail;
	if (op == BLOCK_MOVE)
		snprintf(detail, sizeof(detail), "property %" PRId64 " %s..%s was %s..%s",
		    property, start, end, blk.start, blk.end);
	else
		snprintf(detail, sizeof(detail), "property %" PRId64 " %s..%s", property,
		    start, end);
	if ((rc = audit(r, actions[op], "block", id, detail)) != DB_OK ||
	    (rc = block_mail(r, op, what, start, end, op == BLOCK_MOVE ? blk.start : NULL,
	    op == BLOCK_MOVE ? blk.end : NULL, op == BLOCK_NEW ? reason : blk.reason,
	    property)) != DB_OK ||
	    (rc = db_commit()) != DB_OK)
		goto fail;
	snprintf(path, sizeof(path), "/portal/calendar?property=%" PRId64
	    "&month=%.7s&done=%s", property, start, done[op]);
	resp_redirect(p, 303, path);
	return 0;
fail:
	db_rollback();
	return rc != DB_OK ? status_for_db(rc) : 404;
}

/* POST /portal/blocks/new: property, start, end, reason (optional). */
int
handle_portal_block_new(struct req *r, struct resp *p)
{
	return block_change(r, p, BLOCK_NEW);
}

/* POST /portal/blocks/move: block, start, end. */
int
handle_portal_block_move(struct req *r, struct resp *p)
{
	return block_change(r, p, BLOCK_MOVE);
}

/* POST /portal/blocks/delete: block. */
int
handle_portal_block_delete(struct req *r, struct resp *p)
{
	return block_change(r, p, BLOCK_DELETE);
}

/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds (iCal): the feed itself (GET /ical/TOKEN.ics, no session: the
 * secret address is the key), a portal user's own feed address on /account and
 * its replacement (POST /account/calendar), and the staff's page of the
 * properties' feeds (/staff/calendars, POST /staff/calendars/rotate). A user's
 * feed shows what their grants let them see on the calendar at each request,
 * read exactly as the portal reads them (store_access_user(), authz).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "ical_feed.h"
#include "input.h"
#include "session.h"
#include "store_ical.h"
#include "tenant.h"

/* A portal user's feed shows the properties where they hold calendar.view. */
#define FEED_PERM	PERM_BIT(PERM_CALENDAR_VIEW)

enum ical_key {
	IK_PROPERTY,	/* staff: the property whose feed gets a new address */
	IK_DONE,	/* query: the notice of a finished action */
	IK_CALENDAR,	/* query: /account after a new address */
	IK__MAX
};

static const struct input_key ical_keys[IK__MAX] = {
	[IK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[IK_DONE] = { "done", IN_RAW, 0, 0, 0 },
	[IK_CALENDAR] = { "calendar", IN_FLAG, 0, 0, 0 },
};

/*
 * The token of a feed's path ("/ical/" TOKEN ".ics") into text; -1 when the path
 * is not of that shape.
 */
static int
path_token(const char *path, char text[TOKEN_B64_LEN + 1])
{
	const char *t = path + strlen(ICAL_FEED_PREFIX);

	if (strlen(t) != TOKEN_B64_LEN + strlen(ICAL_FEED_SUFFIX) ||
	    strcmp(t + TOKEN_B64_LEN, ICAL_FEED_SUFFIX) != 0)
		return -1;
	memcpy(text, t, TOKEN_B64_LEN);
	text[TOKEN_B64_LEN] = '\0';
	return 0;
}

/*
 * GET /ical/TOKEN.ics: the feed, or 304 when the client's copy is current. A
 * malformed, unknown, rotated or other tenant's token, a disabled user, and a
 * user who holds calendar.view nowhere: one 404. Four statements (the feed, the
 * user's rights, the tag, the rows), three for a 304.
 */
int
handle_ical_feed(struct req *r, struct resp *p)
{
	char text[TOKEN_B64_LEN + 1], etag[ICAL_ETAG_LEN + 1], date[32];
	const struct access *accp = NULL;
	struct calendar_item *items;
	struct calendar_feed feed;
	unsigned char hash[32];
	struct access acc;
	const char *name;
	time_t modified;
	int64_t count;
	char *last;
	size_t n;
	int found, rc;

	p->no_referrer = 1;
	if (path_token(r->path, text) < 0 || token_hash(text, hash) < 0)
		return 404;
	OPENSSL_cleanse(text, sizeof(text));
	if ((rc = store_calendar_feed_find(&r->arena, r->tenant->id, hash, &feed,
	    &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (feed.user_id != 0) {
		if ((rc = store_access_user(&r->arena, r->tenant->id, feed.user_id, &acc,
		    &found)) != DB_OK)
			return status_for_db(rc);
		if (!found || (acc.any & FEED_PERM) == 0)
			return 404;
		accp = &acc;
	}
	name = feed.name != NULL ? feed.name : r->tenant->name;
	if ((rc = store_calendar_tag(&r->arena, r->tenant->id, accp, feed.property_id,
	    &count, &last)) != DB_OK)
		return status_for_db(rc);
	ical_feed_etag(accp, feed.id, r->host, name, count, last, etag);
	modified = last != NULL ? (time_t)strtoll(last, NULL, 10) : 0;
	resp_header(p, "ETag", etag);
	if (modified != 0) {
		ical_http_date(modified, date);
		resp_header(p, "Last-Modified", date);
	}
	if (ical_feed_fresh(r->if_none_match, r->if_modified_since, etag, modified)) {
		p->status = 304;
		return 0;
	}
	if ((rc = store_calendar_items(&r->arena, r->tenant->id, accp, feed.property_id,
	    &items, &n)) != DB_OK)
		return status_for_db(rc);
	p->content_type = "text/calendar; charset=utf-8";
	ical_feed_write(&p->body, name, r->host, items, n, accp == NULL);
	return 0;
}

/* The address of a feed whose sealed copy is enc, as a read-only field to copy. */
static void
feed_address(struct req *r, struct buf *b, const char *id, int64_t user,
    int64_t property, const unsigned char *enc, size_t enc_len)
{
	char text[TOKEN_B64_LEN + 1];

	if (ical_feed_reveal(r->cfg->secret_key, r->tenant->id, user, property, enc,
	    enc_len, text) < 0) {
		html_raw(b, "<p class=\"error\" role=\"alert\">The stored copy of this "
		    "address cannot be read (the server's key changed). Make a new "
		    "address to show it again.</p>\n");
		return;
	}
	html_raw(b, "<input class=\"calendar-feed\" type=\"text\" readonly size=\"80\" "
	    "aria-label=\"Calendar address (select it to copy)\" id=\"");
	html_attr(b, id);
	html_raw(b, "\" value=\"");
	html_attr(b, req_origin(r));
	html_attr(b, ICAL_FEED_PREFIX);
	html_attr(b, text);
	html_attr(b, ICAL_FEED_SUFFIX);
	html_raw(b, "\">\n");
	OPENSSL_cleanse(text, sizeof(text));
}

int
ical_account_section(struct req *r, struct resp *p)
{
	const struct session *s = r->session;
	struct input_val in[IK__MAX];
	struct buf *b = &p->body;
	const unsigned char *enc;
	size_t enc_len;
	char *created;
	int rc;

	if (s->row.kind != PRINCIPAL_PORTAL || !s->access_found ||
	    (s->access.any & FEED_PERM) == 0)
		return DB_OK;
	html_raw(b, "<section class=\"calendar-feed\">\n<h2>Calendar feed</h2>\n"
	    "<p class=\"hint\">Subscribe to this private address in your calendar "
	    "program to see the bookings and block-offs of your properties. Whoever has "
	    "the address sees the same, so keep it to yourself; making a new address "
	    "stops the old one at once.</p>\n");
	input_read(r, INPUT_QUERY, ical_keys, IK__MAX, in);
	if (in[IK_CALENDAR].i)
		page_notice_text(p, "Your calendar has a new address; the old one no "
		    "longer works.");
	if (s->row.impersonator_id != 0) {
		html_raw(b, "<p class=\"notice\">The calendar address is not shown while "
		    "staff view the portal as this user.</p>\n</section>\n");
		return DB_OK;
	}
	if ((rc = store_calendar_feed_of(&r->arena, r->tenant->id, s->row.user_id, 0,
	    &enc, &enc_len, &created)) != DB_OK)
		return rc;
	if (enc != NULL) {
		html_raw(b, "<label for=\"calendar-feed\">Your calendar address (select it "
		    "to copy)</label>\n");
		feed_address(r, b, "calendar-feed", s->row.user_id, 0, enc, enc_len);
	} else
		html_raw(b, "<p>You have no calendar address yet.</p>\n");
	page_button(b, s, "/account/calendar", NULL, 0, NULL, enc != NULL ?
	    "Make a new address (the old one stops working)" :
	    "Make a calendar address");
	html_raw(b, "</section>\n");
	return DB_OK;
}

/* POST /account/calendar: the user's feed gets a (new) address. */
int
handle_account_calendar(struct req *r, struct resp *p)
{
	const struct session *s = r->session;
	struct change_result out;
	struct actor who;
	int rc;

	if (s == NULL || s->row.kind != PRINCIPAL_PORTAL) {
		resp_redirect(p, 303, "/login");
		return 0;
	}
	if (s->row.impersonator_id != 0)
		return 403;
	if (!s->access_found || (s->access.any & FEED_PERM) == 0)
		return 404;
	page_actor(r, &who);
	if ((rc = change_calendar_feed(&who, s->row.user_id, 0, &out)) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/account?calendar=1");
	return 0;
}

static const char *const staff_notices[][2] = {
	{ "rotated", "The property's calendar has a new address; the old one no longer "
	    "works." },
};

/* GET /staff/calendars: every property with its feed's address, and the imports. */
int
handle_staff_calendars(struct req *r, struct resp *p)
{
	if (page_need_staff(r, p) == NULL)
		return 0;
	return staff_calendars_page(r, p, NULL);
}

int
staff_calendars_page(struct req *r, struct resp *p, const char *error)
{
	struct session *s = r->session;
	struct buf *b = &p->body;
	struct input_val in[IK__MAX];
	struct property_feed *rows;
	size_t n;
	int rc;

	if ((rc = store_calendar_feeds_properties(&r->arena, r->tenant->id, &rows, &n)) !=
	    DB_OK)
		return status_for_db(rc);
	input_read(r, INPUT_QUERY, ical_keys, IK__MAX, in);
	page_begin(r, p, "Calendar feeds");
	html_raw(b, "<h1>Calendar feeds</h1>\n");
	page_notice(p, staff_notices, NELEM(staff_notices), in[IK_DONE].s);
	html_raw(b, "<p>Each property's bookings and block-offs as an iCal feed, for "
	    "your other systems: guests' names, never their contact details or any "
	    "money. Whoever has an address reads the feed; a new address stops the old "
	    "one at once.</p>\n");
	if (n == 0) {
		html_raw(b, "<p>No properties yet.</p>\n");
		page_end(p);
		return 0;
	}
	if (error != NULL)	/* the refusal is about the imports: go there */
		html_raw(b, "<p><a href=\"#imports\">Calendar imports</a></p>\n");
	html_raw(b, "<table class=\"calendar-feeds\">\n<thead><tr><th>Owner</th>"
	    "<th>Property</th><th>Feed address</th><th>Made</th>"
	    "<th><span class=\"vh\">Actions</span></th></tr>"
	    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct property_feed *f = &rows[i];
		char id[40];

		snprintf(id, sizeof(id), "feed-%lld", (long long)f->id);
		html_raw(b, "<tr>");
		html_cells(b, f->owner, f->name, (const char *)NULL);
		html_raw(b, "<td>");
		if (f->enc != NULL)
			feed_address(r, b, id, 0, f->id, f->enc, f->enc_len);
		else
			html_raw(b, "none yet");
		html_raw(b, "</td><td>");
		html_time(b, f->created);
		html_raw(b, "</td><td>");
		page_button(b, s, "/staff/calendars/rotate", "property", f->id, NULL,
		    f->enc != NULL ? "New address" : "Make an address");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	if ((rc = ical_staff_sources(r, p, rows, n, error)) != DB_OK)
		return status_for_db(rc);
	page_end(p);
	return 0;
}

/* POST /staff/calendars/rotate: property=ID gets a (new) feed address. */
int
handle_staff_calendar_rotate(struct req *r, struct resp *p)
{
	struct input_val in[IK__MAX];
	struct change_result out;
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, ical_keys, IK__MAX, in);
	if (in[IK_PROPERTY].st != INPUT_OK)
		return 400;
	page_actor(r, &who);
	if ((rc = change_calendar_feed(&who, 0, in[IK_PROPERTY].i, &out)) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/staff/calendars?done=rotated");
	return 0;
}

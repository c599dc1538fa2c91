/* porch — SPDX-License-Identifier: MIT
 * Calendar sync, the import's settings: a property's iCal URLs on other channels
 * with each channel's name and what its last sync did. Staff keep them on
 * /staff/calendars (POST /staff/calendars/sources), a portal user with
 * calendar.sync on /portal/calendar-sync for those properties; both through
 * change_ical_source_add() and change_ical_source_remove().
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "portal.h"
#include "session.h"
#include "store_ical.h"
#include "tenant.h"

#define SYNC_PERM	PERM_BIT(PERM_CALENDAR_SYNC)

enum sync_key {
	SK_DO,		/* "add" or "remove" */
	SK_PROPERTY,	/* add: the property */
	SK_CHANNEL,	/* add: the channel's name */
	SK_URL,		/* add: the calendar's URL */
	SK_SOURCE,	/* remove: the URL's id */
	SK_DONE,	/* query: the notice of a finished action */
	SK__MAX
};

static const struct input_key sync_keys[SK__MAX] = {
	[SK_DO] = { "do", IN_LINE, 0, 0, 10 },
	[SK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[SK_CHANNEL] = { "channel", IN_LINE, 0, 0, ICAL_CHANNEL_MAX },
	[SK_URL] = { "url", IN_RAW, 0, 0, 2000 },
	[SK_SOURCE] = { "source", IN_ID, 0, 0, 0 },
	[SK_DONE] = { "done", IN_RAW, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "added", "The calendar URL was added; the next sync reads it." },
	{ "removed", "The calendar URL was removed; what it brought stays." },
};

/* The URLs, their last sync and a remove button each, posting to action. */
static void
sources_table(struct buf *b, const struct session *s, const struct ical_source *rows,
    size_t n, const char *action)
{
	if (n == 0) {
		html_raw(b, "<p>No calendar URLs yet.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"ical-sources\">\n<thead><tr><th>Property</th>"
	    "<th>Channel</th><th>URL</th><th>Last success</th><th>Last error</th>"
	    "<th>Events</th><th>Made</th><th>Moved</th><th>Cancelled</th>"
	    "<th>Overlaps</th><th><span class=\"vh\">Actions</span></th>"
	    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct ical_source *k = &rows[i];

		html_rawf(b, "<tr data-source=\"%lld\">", (long long)k->id);
		html_cells(b, k->property, k->channel, k->url, (const char *)NULL);
		if (k->last_success != NULL)
			html_time_cell(b, k->last_success);
		else
			html_cells(b, "never", (const char *)NULL);
		html_raw(b, "<td class=\"last-error\">");
		if (k->last_error_at != NULL) {
			html_time(b, k->last_error_at);
			html_raw(b, ": ");
			html_text(b, k->last_error != NULL ? k->last_error : "");
		}
		html_raw(b, "</td>");
		for (size_t c = 0; c < NELEM(k->n); c++)
			html_rawf(b, "<td class=\"count\">%lld</td>", (long long)k->n[c]);
		html_raw(b, "<td>");
		page_button(b, s, action, "source", k->id, "remove", "Remove");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

#define OVERLAPS_SHOWN	200	/* flagged bookings listed on the staff's page */

/* The imported bookings that overlap another booking or a block-off, each linked
 * to its page, for staff to sort out with the channel. */
static int
overlaps_table(struct req *r, struct buf *b)
{
	struct ical_overlap *rows;
	size_t n;
	int rc;

	if ((rc = store_ical_overlaps(&r->arena, r->tenant->id, OVERLAPS_SHOWN, &rows,
	    &n)) != DB_OK || n == 0)
		return rc;
	html_raw(b, "<h3 id=\"overlaps\">Imported bookings that overlap</h3>\n"
	    "<p>A channel sold these dates while another booking or a block-off holds "
	    "them. They are kept as the channel sent them.</p>\n"
	    "<table class=\"ical-overlaps\">\n<thead><tr><th>Booking</th>"
	    "<th>Property</th><th>Channel</th><th>From</th><th>To</th></tr></thead>\n"
	    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<tr class=\"overlap\"><td><a href=\"/staff/bookings/%lld\">",
		    (long long)rows[i].id);
		html_text(b, rows[i].reference);
		html_raw(b, "</a></td>");
		html_cells(b, rows[i].property, rows[i].channel != NULL ?
		    rows[i].channel : "", (const char *)NULL);
		html_day_cell(b, rows[i].start);
		html_day_cell(b, rows[i].end);
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	return DB_OK;
}

/* A property to choose in the form. */
struct choice {
	int64_t		 id;
	const char	*name;
};

/* The form that adds a URL to one of the properties, posting to action. */
static void
source_form(struct buf *b, const struct session *s, const struct choice *props,
    size_t n, const char *action)
{
	if (n == 0)
		return;
	html_raw(b, "<h2>Add a calendar URL</h2>\n");
	page_form(b, s->csrf_token, "ical-source-add", "%s", action);
	html_hidden(b, "do", "add");
	html_raw(b, "<label for=\"source-property\">Property</label>\n"
	    "<select id=\"source-property\" name=\"property\">\n");
	for (size_t i = 0; i < n; i++)
		html_option(b, props[i].id, 0, "%s", props[i].name);
	html_rawf(b, "</select>\n<label for=\"source-channel\">Channel</label>\n"
	    "<input id=\"source-channel\" name=\"channel\" required maxlength=\"%d\">\n"
	    "<label for=\"source-url\">iCal URL (the channel's calendar export)</label>\n"
	    "<input id=\"source-url\" name=\"url\" type=\"url\" required "
	    "maxlength=\"2000\" size=\"80\">\n", ICAL_CHANNEL_MAX);
	html_raw(b, "<p><button type=\"submit\">Add</button></p>\n</form>\n");
}

/*
 * A POST of either page: the change, then 303 to back?done=...; a refusal of the
 * input is CHANGE_INVALID, whose sentence goes to *error for the page to show.
 */
static int
sync_post(struct req *r, struct resp *p, const struct access *acc, const char *back,
    const char **error)
{
	struct input_val in[SK__MAX];
	struct change_result out;
	struct actor who;
	const char *op;
	char to[80];
	int rc;

	*error = NULL;
	input_read(r, INPUT_FORM, sync_keys, SK__MAX, in);
	op = in_str(&in[SK_DO]);
	page_actor(r, &who);
	if (op != NULL && strcmp(op, "add") == 0) {
		if (in[SK_PROPERTY].st != INPUT_OK || in[SK_CHANNEL].st == INPUT_BAD)
			return 400;
		rc = change_ical_source_add(&who, acc, in[SK_PROPERTY].i,
		    in_str(&in[SK_CHANNEL]), in_str(&in[SK_URL]), &out);
		op = "added";
	} else if (op != NULL && strcmp(op, "remove") == 0) {
		if (in[SK_SOURCE].st != INPUT_OK)
			return 400;
		rc = change_ical_source_remove(&who, acc, in[SK_SOURCE].i, &out);
		op = "removed";
	} else
		return 400;
	if (rc == CHANGE_INVALID) {
		*error = arena_strdup(&r->arena, change_sentence(&out));
		return 0;
	}
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	snprintf(to, sizeof(to), "%s?done=%s", back, op);
	resp_redirect(p, 303, to);
	return 0;
}

int
ical_staff_sources(struct req *r, struct resp *p, const struct property_feed *props,
    size_t nprops, const char *error)
{
	struct buf *b = &p->body;
	struct input_val in[SK__MAX];
	struct ical_source *rows;
	struct choice *ch;
	size_t n;
	int rc;

	if ((rc = store_ical_sources(&r->arena, r->tenant->id, NULL, 0, 0, &rows, &n)) !=
	    DB_OK)
		return rc;
	input_read(r, INPUT_QUERY, sync_keys, SK__MAX, in);
	html_raw(b, "<h2 id=\"imports\">Calendar imports</h2>\n");
	page_notice(p, notices, NELEM(notices), in[SK_DONE].s);
	if (error != NULL)
		page_error_text(p, error);
	html_raw(b, "<p>The iCal URLs of each property's calendars on other channels "
	    "(Airbnb, Vrbo, Booking.com...): their events become bookings and "
	    "block-offs of the property.</p>\n");
	sources_table(b, r->session, rows, n, "/staff/calendars/sources");
	if ((rc = overlaps_table(r, b)) != DB_OK)
		return rc;
	ch = arena_alloc(&r->arena, (nprops + 1) * sizeof(*ch));
	for (size_t i = 0; i < nprops; i++)
		ch[i] = (struct choice){ props[i].id, props[i].name };
	source_form(b, r->session, ch, nprops, "/staff/calendars/sources");
	return DB_OK;
}

/* POST /staff/calendars/sources: do=add (property, channel, url) or remove (source). */
int
handle_staff_calendar_sources(struct req *r, struct resp *p)
{
	const char *error;
	int status;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((status = sync_post(r, p, NULL, "/staff/calendars", &error)) != 0 ||
	    error == NULL)
		return status;
	p->status = 400;
	return staff_calendars_page(r, p, error);
}

/* The portal's page, with a refusal's sentence when error is set. */
static int
portal_sync_page(struct req *r, struct resp *p, const struct access *acc,
    const char *error)
{
	struct buf *b = &p->body;
	struct input_val in[SK__MAX];
	struct ical_source *rows;
	struct property *props;
	struct choice *ch;
	size_t n, nprops;
	int rc;

	if ((rc = store_properties_visible(&r->arena, r->tenant->id, acc,
	    PERM_CALENDAR_SYNC, &props, &nprops)) != DB_OK ||
	    (rc = store_ical_sources(&r->arena, r->tenant->id, acc, SYNC_PERM, 0, &rows,
	    &n)) != DB_OK)
		return status_for_db(rc);
	if (nprops == 0)
		return 404;
	input_read(r, INPUT_QUERY, sync_keys, SK__MAX, in);
	portal_begin(r, p, acc, "Calendar sync");
	html_raw(b, "<h1>Calendar sync</h1>\n");
	page_notice(p, notices, NELEM(notices), in[SK_DONE].s);
	if (error != NULL)
		page_error_text(p, error);
	html_raw(b, "<p>Give each property the iCal URL of its calendar on Airbnb, "
	    "Vrbo, Booking.com or another channel: its bookings then show on your "
	    "calendar here.</p>\n");
	sources_table(b, r->session, rows, n, "/portal/calendar-sync");
	ch = arena_alloc(&r->arena, (nprops + 1) * sizeof(*ch));
	for (size_t i = 0; i < nprops; i++)
		ch[i] = (struct choice){ props[i].id, props[i].name };
	source_form(b, r->session, ch, nprops, "/portal/calendar-sync");
	page_end(p);
	return 0;
}

/* GET|POST /portal/calendar-sync: a calendar.sync holder's import URLs. */
int
handle_portal_calendar_sync(struct req *r, struct resp *p)
{
	struct access acc;
	const char *error = NULL;
	int status;

	if ((status = portal_need(r, p, &acc)) != PAGE_GO)
		return status;
	if (!(acc.any & SYNC_PERM))
		return 404;
	if (r->method == METHOD_POST) {
		if (r->session->row.kind != PRINCIPAL_PORTAL)
			return 404;
		if ((status = sync_post(r, p, &acc, "/portal/calendar-sync", &error)) != 0 ||
		    error == NULL)
			return status;
		p->status = 400;
	}
	return portal_sync_page(r, p, &acc, error);
}

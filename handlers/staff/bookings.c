/* porch — SPDX-License-Identifier: MIT
 * Staff pages of bookings and block-offs: a property's bookings and block-offs
 * (/staff/bookings?property=ID, those an owner made marked), a new manual booking,
 * a booking's page with its history, notes and edit form, and a block-off's page
 * with its notes. Staff see every property with every right (access_staff()); the
 * changes are module/change's, as for the portal and the tenant API.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "booking_view.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "portal.h"
#include "session.h"
#include "store_bookings.h"
#include "tenant.h"

#define STAFF_BOOKINGS	"/staff/bookings/"
#define STAFF_BLOCKS	"/staff/blocks/"

enum staff_booking_key {
	SB_PROPERTY,	/* query: the property shown */
	SB_DONE,	/* query: the notice of a finished change */
	SB_BODY,	/* form: a note */
	SB__MAX
};

static const struct input_key staff_booking_keys[SB__MAX] = {
	[SB_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[SB_DONE] = { "done", IN_LINE, 0, 0, 32 },
	[SB_BODY] = { "body", IN_RAW, 0, 0, INT64_MAX },
};

static const char *const notices[][2] = {
	{ "created", "The booking was added." },
	{ "saved", "The booking was saved." },
	{ "note", "The note was added." },
};

/* The notice of ?done= on a page. */
static void
done_notice(struct req *r, struct resp *p)
{
	struct input_val in[SB__MAX];

	input_read(r, INPUT_QUERY, staff_booking_keys, SB__MAX, in);
	page_notice(p, notices, NELEM(notices), in_str(&in[SB_DONE]));
}

/* The property chooser. */
static void
chooser(struct buf *b, const struct calendar *cal, const struct property *pr)
{
	html_raw(b, "<form method=\"get\" action=\"/staff/bookings\" class=\"chooser\">\n"
	    "<label for=\"property\">Property</label> "
	    "<select id=\"property\" name=\"property\">\n");
	for (size_t i = 0; i < cal->nprops; i++)
		html_option(b, cal->props[i].id, &cal->props[i] == pr, "%s",
		    cal->props[i].name);
	html_raw(b, "</select>\n<button type=\"submit\">Show</button>\n</form>\n");
}

/* The property's bookings (not cancelled) and block-offs, by start. */
static void
occupancy_table(struct buf *b, const struct calendar *cal)
{
	if (cal->nocc == 0) {
		html_raw(b, "<p class=\"empty\">No bookings or block-offs.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"bookings\">\n<thead><tr><th scope=\"col\">What</th>"
	    "<th scope=\"col\">From</th><th scope=\"col\">To</th>"
	    "<th scope=\"col\">Status</th><th scope=\"col\">Guest or reason</th>"
	    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < cal->nocc; i++) {
		const struct occupancy *o = &cal->occ[i];

		if (o->is_block) {
			html_rawf(b, "<tr class=\"block\"><td><a href=\"" STAFF_BLOCKS "%"
			    PRId64 "\">Block-off</a>", o->id);
			if (o->by_owner)
				html_raw(b, " <span class=\"by-owner\">by the owner</span>");
			html_raw(b, "</td>");
		} else {
			html_rawf(b, "<tr class=\"booking\"><td><a href=\"" STAFF_BOOKINGS "%"
			    PRId64 "\">", o->id);
			html_text(b, o->reference);
			html_raw(b, "</a>");
			if (o->overlap)
				html_raw(b, " <span class=\"overlap\">overlaps another "
				    "booking</span>");
			html_raw(b, "</td>");
		}
		html_day_cell(b, o->start);
		html_day_cell(b, o->end);
		html_cells(b, o->is_block ? "blocked" : o->status,
		    o->is_block ? (o->reason != NULL ? o->reason : "") :
		    (o->guest_name != NULL ? o->guest_name : ""), (const char *)NULL);
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

/* GET /staff/bookings[?property=ID] */
int
handle_staff_bookings(struct req *r, struct resp *p)
{
	struct input_val in[SB__MAX];
	struct buf *b = &p->body;
	struct property *pr = NULL;
	struct calendar cal;
	struct access acc;
	int64_t want;
	int rc;

	input_read(r, INPUT_QUERY, staff_booking_keys, SB__MAX, in);
	if (in[SB_PROPERTY].st == INPUT_BAD)
		return 404;
	want = in_int(&in[SB_PROPERTY]);
	access_staff(&acc);
	/* Every booking and block-off of the property, whatever its dates. */
	if ((rc = store_calendar(&r->arena, r->tenant->id, &acc, want, "1000-01-01",
	    "9999-12-31", &cal)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < cal.nprops && pr == NULL; i++)
		if (want == 0 || cal.props[i].id == want)
			pr = &cal.props[i];
	if (want != 0 && pr == NULL)
		return 404;
	if (want == 0 && pr != NULL && (rc = store_calendar(&r->arena, r->tenant->id,
	    &acc, pr->id, "1000-01-01", "9999-12-31", &cal)) != DB_OK)
		return status_for_db(rc);
	if (want == 0 && pr != NULL)
		pr = &cal.props[0];
	page_begin(r, p, "Bookings");
	html_raw(b, "<h1>Bookings and block-offs</h1>\n");
	done_notice(r, p);
	if (pr == NULL) {
		html_raw(b, "<p class=\"empty\">No properties yet.</p>\n");
		page_end(p);
		return 0;
	}
	chooser(b, &cal, pr);
	html_raw(b, "<h2>");
	html_text(b, pr->name);
	html_raw(b, "</h2>\n");
	occupancy_table(b, &cal);
	html_raw(b, "<h2>New booking</h2>\n");
	booking_form(b, r, "/staff/bookings/new", NULL, pr->id, 0, &pr->rights, NULL);
	page_end(p);
	return 0;
}

/* POST /staff/bookings/new: the booking form, then the new booking's page. */
int
handle_staff_booking_new(struct req *r, struct resp *p)
{
	struct view_frame f = { .staff = 1 };
	struct access acc;

	access_staff(&acc);
	f.acc = &acc;
	return booking_new(r, p, &f);
}


/* The booking's page; status and error for a refused change, draft or sent its input. */
static int
booking_page(struct req *r, struct resp *p, const struct booking_shown *v, int status,
    const char *error, const char *draft, const struct booking_manual *sent)
{
	const struct booking *k = v->k;
	struct buf *b = &p->body;
	char action[64];

	page_begin(r, p, "Booking");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Booking <span class=\"reference\">");
	html_text(b, k->reference);
	html_raw(b, "</span></h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		done_notice(r, p);
	booking_facts(b, k);
	html_raw(b, "<h2>Price</h2>\n");
	portal_price(b, k->rights.fin, k->cents, k->currency, k->nights);
	booking_history(b, k, v->history, v->nhistory);
	snprintf(action, sizeof(action), STAFF_BOOKINGS "%" PRId64 "/notes", k->id);
	notes_html(b, r, v->notes, v->nnotes, 1, 1, action, draft);
	booking_edit_section(b, r, v, STAFF_BOOKINGS, sent);
	html_rawf(b, "<p><a href=\"/staff/bookings?property=%" PRId64 "\">Bookings of "
	    "this property</a></p>\n", k->property_id);
	page_end(p);
	return 0;
}

/*
 * /staff/bookings/ID (GET: its page), /staff/bookings/ID/edit (POST: the whole
 * booking when it was made in porch, else its guest details),
 * /staff/bookings/ID/notes (POST: a note).
 */
int
handle_staff_booking(struct req *r, struct resp *p)
{
	struct input_val in[SB__MAX];
	struct booking_manual sent;
	struct change_result out;
	struct booking_shown v;
	struct booking k;
	struct access acc;
	struct actor who;
	const char *rest = "", *done;
	char path[64];
	int64_t id, property;
	int rc;

	access_staff(&acc);
	if ((rc = booking_load(r, &acc, STAFF_BOOKINGS, &k, &v, &rest)) != 0)
		return rc;
	id = k.id;
	if (rest[0] == '\0')
		return r->method == METHOD_POST ? 404 :
		    booking_page(r, p, &v, 0, NULL, NULL, NULL);
	if (r->method != METHOD_POST)
		return 404;
	page_actor(r, &who);
	if (strcmp(rest, "/edit") == 0) {
		booking_form_read(r, &sent, &property);
		rc = change_booking_manual(&who, &acc, &k,
		    !change_booking_editable(&who, &acc, &k), &sent, &out);
		done = "saved";
	} else if (strcmp(rest, "/notes") == 0) {
		input_read(r, INPUT_FORM, staff_booking_keys, SB__MAX, in);
		rc = change_note_add(&who, &k, in_str(&in[SB_BODY]), &out);
		done = "note";
	} else
		return 404;
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return booking_page(r, p, &v, status_for_change(rc), out.msg,
		    done[0] == 'n' ? in_str(&in[SB_BODY]) : NULL,
		    done[0] == 's' ? &sent : NULL);
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	snprintf(path, sizeof(path), STAFF_BOOKINGS "%" PRId64 "?done=%s", id, done);
	resp_redirect(p, 303, path);
	return 0;
}

/* /staff/blocks/ID (GET: the block-off and its notes), /staff/blocks/ID/notes (POST). */
int
handle_staff_block(struct req *r, struct resp *p)
{
	struct view_frame f = { .staff = 1 };
	struct access acc;

	access_staff(&acc);
	f.acc = &acc;
	return block_view(r, p, &f);
}

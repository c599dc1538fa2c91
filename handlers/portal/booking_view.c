/* porch — SPDX-License-Identifier: MIT
 * The parts of a booking page that the portal and staff share (booking_view.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "booking_view.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "portal.h"
#include "session.h"
#include "tenant.h"

/* Free text comes as sent: the change checks it and names the field. */
#define AS_SENT		INT64_MAX

enum booking_key {
	BK_PROPERTY, BK_REFERENCE, BK_ARRIVAL, BK_DEPARTURE, BK_CHECKIN, BK_CHECKOUT,
	BK_CHANNEL, BK_GUEST_NAME, BK_GUEST_EMAIL, BK_GUEST_PHONE, BK_GUEST_ADDRESS,
	BK_ADULTS, BK_CHILDREN, BK_INFANTS, BK__MAX
};

static const struct input_key booking_keys[BK__MAX] = {
	[BK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[BK_REFERENCE] = { "reference", IN_RAW, 0, 0, AS_SENT },
	[BK_ARRIVAL] = { "arrival", IN_DATE, 0, 0, 0 },
	[BK_DEPARTURE] = { "departure", IN_DATE, 0, 0, 0 },
	[BK_CHECKIN] = { "checkin_time", IN_RAW, 0, 0, AS_SENT },
	[BK_CHECKOUT] = { "checkout_time", IN_RAW, 0, 0, AS_SENT },
	[BK_CHANNEL] = { "channel", IN_RAW, 0, 0, AS_SENT },
	[BK_GUEST_NAME] = { "guest_name", IN_RAW, 0, 0, AS_SENT },
	[BK_GUEST_EMAIL] = { "guest_email", IN_RAW, 0, 0, AS_SENT },
	[BK_GUEST_PHONE] = { "guest_phone", IN_RAW, 0, 0, AS_SENT },
	[BK_GUEST_ADDRESS] = { "guest_address", IN_RAW, 0, 0, AS_SENT },
	[BK_ADULTS] = { "adults", IN_INT, 0, 0, GUESTS_MAX },
	[BK_CHILDREN] = { "children", IN_INT, 0, 0, GUESTS_MAX },
	[BK_INFANTS] = { "infants", IN_INT, 0, 0, GUESTS_MAX },
};

/* A count: 0 when not sent, -1 (refused by the change) when not a count. */
static int64_t
count(const struct input_val *v)
{
	return v->st == INPUT_BAD ? -1 : in_int(v);
}

void
booking_form_read(struct req *r, struct booking_manual *in, int64_t *property)
{
	struct input_val v[BK__MAX];

	input_read(r, INPUT_FORM, booking_keys, BK__MAX, v);
	memset(in, 0, sizeof(*in));
	*property = in->property = in_int(&v[BK_PROPERTY]);
	in->reference = in_str(&v[BK_REFERENCE]);
	in->arrival = (long)in_int(&v[BK_ARRIVAL]);
	in->departure = (long)in_int(&v[BK_DEPARTURE]);
	in->checkin = in_str(&v[BK_CHECKIN]);
	in->checkout = in_str(&v[BK_CHECKOUT]);
	in->channel = in_str(&v[BK_CHANNEL]);
	in->guest_name = in_str(&v[BK_GUEST_NAME]);
	in->guest_email = in_str(&v[BK_GUEST_EMAIL]);
	in->guest_phone = in_str(&v[BK_GUEST_PHONE]);
	in->guest_address = in_str(&v[BK_GUEST_ADDRESS]);
	in->adults = count(&v[BK_ADULTS]);
	in->children = count(&v[BK_CHILDREN]);
	in->infants = count(&v[BK_INFANTS]);
}

#define SHOWN(r, f)	authz_booking_field_shown(r, f)

/* One input of the form: label, name, type, value (NULL: empty), maxlength (0:
 * none), required (for a number: a count of guests). */
static void
field(struct buf *b, const char *label, const char *name, const char *type,
    const char *value, int maxlen, int required)
{
	html_raw(b, "<p><label for=\"bk-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label> <input id=\"bk-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" type=\"");
	html_attr(b, type);
	html_raw(b, "\" value=\"");
	if (value != NULL)
		html_attr(b, value);
	html_raw(b, "\"");
	if (maxlen > 0)
		html_rawf(b, " maxlength=\"%d\"", maxlen);
	if (strcmp(type, "number") == 0)
		html_rawf(b, " min=\"0\" max=\"%d\"", GUESTS_MAX);
	if (required)
		html_raw(b, " required");
	html_raw(b, "></p>\n");
}

static void
count_field(struct buf *b, const char *label, const char *name, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	field(b, label, name, "number", num, 0, 1);
}

/* A text value: what was sent again, else the booking's, else none. */
#define VAL(sent_f, k_f)	(sent != NULL ? sent->sent_f : k != NULL ? k->k_f : NULL)

void
booking_form(struct buf *b, const struct req *r, const char *action,
    const struct booking *k, int64_t property, int guest_only,
    const struct authz_rights *rights, const struct booking_manual *sent)
{
	char day[DATE_LEN];

	page_form(b, r->session->csrf_token, guest_only ? "booking-guest" :
	    k != NULL ? "booking-edit" : "booking-new", "%s", action);
	if (k == NULL)
		html_hidden(b, "property", "%" PRId64, property);
	if (!guest_only) {
		field(b, "Reference (optional)", "reference", "text",
		    VAL(reference, reference), BOOKING_REF_MAX, 0);
		if (sent != NULL && sent->arrival != 0)
			date_format(sent->arrival, day);
		field(b, "Arrival", "arrival", "date", sent != NULL ?
		    (sent->arrival != 0 ? day : NULL) : k != NULL ? k->start : NULL,
		    0, 1);
		if (sent != NULL && sent->departure != 0)
			date_format(sent->departure, day);
		field(b, "Departure", "departure", "date", sent != NULL ?
		    (sent->departure != 0 ? day : NULL) : k != NULL ? k->end : NULL,
		    0, 1);
		field(b, "Check-in time", "checkin_time", "time", VAL(checkin, checkin),
		    0, 0);
		field(b, "Check-out time", "checkout_time", "time",
		    VAL(checkout, checkout), 0, 0);
		if (SHOWN(rights, "channel"))
			field(b, "Channel", "channel", "text", VAL(channel, channel),
			    CHANNEL_MAX, 0);
	}
	if (SHOWN(rights, "guest_name"))
		field(b, "Guest's name", "guest_name", "text", VAL(guest_name, guest_name),
		    PERSON_NAME_MAX, 0);
	if (SHOWN(rights, "guest_email")) {
		field(b, "Guest's email", "guest_email", "email",
		    VAL(guest_email, guest_email), 0, 0);
		field(b, "Guest's phone", "guest_phone", "tel",
		    VAL(guest_phone, guest_phone), PHONE_MAX, 0);
		field(b, "Guest's address", "guest_address", "text",
		    VAL(guest_address, guest_address), ADDRESS_MAX, 0);
	}
	count_field(b, "Adults", "adults", sent != NULL ? sent->adults : k != NULL ?
	    k->adults : 1);
	count_field(b, "Children", "children", sent != NULL ? sent->children :
	    k != NULL ? k->children : 0);
	count_field(b, "Infants", "infants", sent != NULL ? sent->infants : k != NULL ?
	    k->infants : 0);
	html_raw(b, "<button type=\"submit\">");
	html_text(b, k == NULL ? "Add booking" : guest_only ? "Save guest details" :
	    "Save booking");
	html_raw(b, "</button>\n</form>\n");
}
#undef VAL

static void
fact(struct buf *b, const char *cls, const char *label, const char *value)
{
	html_raw(b, "<dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd class=\"");
	html_attr(b, cls);
	html_raw(b, "\">");
	if (value != NULL)
		html_text(b, value);
	html_raw(b, "</dd>\n");
}

/* A fact that is a day: <time datetime="YYYY-MM-DD">Fri 5 Mar 2027</time>. */
static void
fact_day(struct buf *b, const char *cls, const char *label, const char *ymd)
{
	html_raw(b, "<dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd class=\"");
	html_attr(b, cls);
	html_raw(b, "\">");
	html_day(b, ymd);
	html_raw(b, "</dd>\n");
}

static void
fact_int(struct buf *b, const char *cls, const char *label, int v)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", v);
	fact(b, cls, label, num);
}

void
booking_facts(struct buf *b, const struct booking *k)
{
	const struct authz_rights *r = &k->rights;

	html_raw(b, "<dl class=\"booking\">\n");
	fact(b, "property", "Property", k->property);
	fact_day(b, "start", "Arrival", k->start);
	fact_day(b, "end", "Departure", k->end);
	if (k->checkin != NULL)
		fact(b, "checkin", "Check-in time", k->checkin);
	if (k->checkout != NULL)
		fact(b, "checkout", "Check-out time", k->checkout);
	fact_int(b, "nights", "Nights", k->nights);
	fact(b, "status", "Status", k->status);
	fact_int(b, "adults", "Adults", k->adults);
	fact_int(b, "children", "Children", k->children);
	fact_int(b, "infants", "Infants", k->infants);
	if (SHOWN(r, "channel"))
		fact(b, "channel", "Channel", k->channel);
	if (SHOWN(r, "guest_name"))
		fact(b, "guest", "Guest", k->guest_name);
	if (SHOWN(r, "guest_email")) {
		fact(b, "email", "Email", k->guest_email);
		fact(b, "phone", "Phone", k->guest_phone);
		fact(b, "address", "Address", k->guest_address);
	}
	if (k->by_portal_user != 0 || k->by_staff_user != 0)
		fact(b, "made", "Made", "in porch (a manual booking)");
	html_raw(b, "</dl>\n");
}

/* The fields of a change the viewer may see, as words: "guest email, adults"
 * (written as page text into out, a fragment of its own). */
static void
changed_fields(struct buf *out, const struct authz_rights *r, const char *detail)
{
	const char *s = detail;

	while (s != NULL && *s != '\0') {
		size_t len = strcspn(s, ",");
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)len, s);
		if (len < sizeof(name) && SHOWN(r, name)) {
			for (char *c = name; *c != '\0'; c++)
				if (*c == '_')
					*c = ' ';
			if (out->len > 0)
				html_text(out, ", ");
			html_text(out, name);
		}
		s += len;
		if (*s == ',')
			s++;
	}
}

/* What an entry says to the viewer, into what; 0 when nothing is theirs to see. */
static int
history_what(struct buf *what, const struct booking *k, const struct booking_event *e)
{
	static const char *const plain[][2] = {
		{ "booking.confirm", "confirmed" },
		{ "booking.cancel", "cancelled" },
	};
	static const char *const notes[][2] = {
		{ "note.add", "added a note" },
		{ "note.update", "changed a note" },
		{ "note.delete", "deleted a note" },
	};

	if (strcmp(e->action, "booking.create") == 0) {
		html_text(what, e->detail != NULL && strcmp(e->detail, "manual") == 0 ?
		    "created (a manual booking)" : "created");
		return 1;
	}
	if (strcmp(e->action, "booking.update") == 0) {
		struct buf fields;
		int any;

		buf_init(&fields, 64);
		changed_fields(&fields, &k->rights, e->detail);
		if ((any = fields.len > 0)) {
			html_text(what, "changed ");
			html_append(what, &fields);
		}
		buf_free(&fields);
		return any;
	}
	for (size_t i = 0; i < NELEM(plain); i++)
		if (strcmp(e->action, plain[i][0]) == 0) {
			html_text(what, plain[i][1]);
			return 1;
		}
	for (size_t i = 0; i < NELEM(notes); i++)
		if (strcmp(e->action, notes[i][0]) == 0 &&
		    (k->rights.perms & PERM_BIT(PERM_NOTES_VIEW))) {
			html_text(what, notes[i][1]);
			return 1;
		}
	return 0;
}

void
booking_history(struct buf *b, const struct booking *k, const struct booking_event *h,
    size_t n)
{
	struct buf what;
	int any = 0;

	buf_init(&what, 128);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&what);
		if (!history_what(&what, k, &h[i]))
			continue;
		if (!any)
			html_raw(b, "<h2>History</h2>\n<table class=\"history\" tabindex=\"0\" "
			    "aria-label=\"Booking history\">\n<thead><tr>"
			    "<th scope=\"col\">When</th><th scope=\"col\">Who</th>"
			    "<th scope=\"col\">What</th></tr></thead>\n<tbody>\n");
		any = 1;
		html_raw(b, "<tr><td>");
		html_time(b, h[i].at);
		html_raw(b, "</td><td>");
		if (h[i].actor != NULL)
			html_text(b, h[i].actor);
		else
			html_text(b, h[i].actor_kind != NULL &&
			    strcmp(h[i].actor_kind, "staff") != 0 &&
			    strcmp(h[i].actor_kind, "portal") != 0 ?
			    "the office's system" : "someone no longer here");
		if (h[i].actor_kind != NULL && strcmp(h[i].actor_kind, "staff") == 0)
			html_raw(b, " (staff)");
		html_raw(b, "</td><td>");
		html_append(b, &what);
		html_raw(b, "</td></tr>\n");
	}
	if (any)
		html_raw(b, "</tbody>\n</table>\n");
	buf_free(&what);
}

void
notes_html(struct buf *b, const struct req *r, const struct note *notes, size_t n,
    int may_view, int may_add, const char *action, const char *draft)
{
	if (may_view) {
		html_raw(b, "<h2>Notes</h2>\n");
		if (n == 0)
			html_raw(b, "<p class=\"empty\">No notes yet.</p>\n");
		else
			html_raw(b, "<ul class=\"notes\">\n");
		for (size_t i = 0; i < n; i++) {
			html_raw(b, "<li class=\"note\"><span class=\"author\">");
			html_text(b, notes[i].author_name[0] != '\0' ?
			    notes[i].author_name : notes[i].author_kind);
			html_raw(b, "</span>, <span class=\"when\">");
			html_time(b, notes[i].created);
			html_raw(b, "</span>: <span class=\"body\">");
			html_text(b, notes[i].body);
			html_raw(b, "</span></li>\n");
		}
		if (n != 0)
			html_raw(b, "</ul>\n");
	}
	if (may_add) {
		page_form(b, r->session->csrf_token, "note-add", "%s", action);
		html_rawf(b, "<label for=\"note-body\">Add a note</label>\n"
		    "<textarea id=\"note-body\" name=\"body\" rows=\"4\" cols=\"60\" "
		    "maxlength=\"%d\" required>", NOTE_MAX);
		if (draft != NULL)
			html_text(b, draft);
		html_raw(b, "</textarea>\n<button type=\"submit\">Add note</button>\n"
		    "</form>\n");
	}
}

void
block_facts(struct buf *b, const struct block *k)
{
	html_raw(b, "<dl class=\"block\">\n<dt>Property</dt><dd class=\"property\">");
	html_text(b, k->property);
	html_raw(b, "</dd>\n<dt>From</dt><dd class=\"start\">");
	html_day(b, k->start);
	html_raw(b, "</dd>\n<dt>To (first free day)</dt><dd class=\"end\">");
	html_day(b, k->end);
	html_raw(b, "</dd>\n");
	if (k->reason != NULL) {
		html_raw(b, "<dt>Reason</dt><dd class=\"reason\">");
		html_text(b, k->reason);
		html_raw(b, "</dd>\n");
	}
	html_raw(b, "<dt>Made by</dt><dd class=\"made\">");
	html_text(b, k->by_owner ? "the owner" : "the office");
	html_raw(b, "</dd>\n</dl>\n");
}

/* The page frame of the side f is on. */
static void
view_begin(struct req *r, struct resp *p, const struct view_frame *f,
    const char *title)
{
	if (f->staff)
		page_begin(r, p, title);
	else
		portal_begin(r, p, f->acc, title);
}

int
booking_new(struct req *r, struct resp *p, const struct view_frame *f)
{
	const char *action = f->staff ? "/staff/bookings/new" : "/portal/bookings/new";
	struct booking_manual in;
	struct change_result out;
	struct property prop;
	struct actor who;
	int64_t property;
	char path[64];
	int found, rc, refused;

	booking_form_read(r, &in, &property);
	page_actor(r, &who);
	refused = change_booking_manual(&who, f->acc, NULL, 0, &in, &out);
	if (refused == CHANGE_OK) {
		snprintf(path, sizeof(path), "%s%" PRId64 "?done=created", f->staff ?
		    "/staff/bookings/" : "/portal/bookings/", out.id);
		resp_redirect(p, 303, path);
		return 0;
	}
	if (refused != CHANGE_INVALID && refused != CHANGE_CONFLICT)
		return status_for_change(refused);
	if ((rc = store_property_get(&r->arena, r->tenant->id, f->acc, property, &prop,
	    &found)) != DB_OK)
		return status_for_db(rc);
	view_begin(r, p, f, out.title);
	p->status = status_for_change(refused);
	html_raw(&p->body, "<h1>");
	html_text(&p->body, out.title);
	html_raw(&p->body, "</h1>\n");
	page_error_text(p, out.msg);
	/* The form again, filled in, on the property it was for. */
	if (found)
		booking_form(&p->body, r, action, NULL, property, 0, &prop.rights, &in);
	page_end(p);
	return 0;
}

static const char *const block_notices[][2] = {
	{ "note", "The note was added." },
};

/* The block-off page: its facts, its notes; status and error for a refused note. */
static int
block_page(struct req *r, struct resp *p, const struct view_frame *f,
    const struct block *k, int status, const char *error, const char *draft)
{
	int view = access_may(f->acc, k->property_id, k->customer_id, PERM_NOTES_VIEW);
	int add = access_may(f->acc, k->property_id, k->customer_id, PERM_NOTES_ADD);
	static const struct input_key done_key = { "done", IN_LINE, 0, 0, 32 };
	struct buf *b = &p->body;
	struct note *notes = NULL;
	struct input_val done;
	char action[64];
	size_t n = 0;
	int rc;

	if (view && (rc = store_block_notes(&r->arena, r->tenant->id, k->id, &notes,
	    &n)) != DB_OK)
		return status_for_db(rc);
	view_begin(r, p, f, "Block-off");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Block-off</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else {
		input_read(r, INPUT_QUERY, &done_key, 1, &done);
		page_notice(p, block_notices, NELEM(block_notices), in_str(&done));
	}
	block_facts(b, k);
	snprintf(action, sizeof(action), "%s%" PRId64 "/notes", f->staff ?
	    "/staff/blocks/" : "/portal/blocks/", k->id);
	notes_html(b, r, notes, n, view, add, action, draft);
	if (f->staff)
		html_rawf(b, "<p><a href=\"/staff/bookings?property=%" PRId64 "\">"
		    "Bookings of this property</a></p>\n", k->property_id);
	else {
		html_rawf(b, "<p><a href=\"/portal/calendar?property=%" PRId64
		    "&amp;month=", k->property_id);
		html_attrf(b, "%.7s", k->start);
		html_raw(b, "\">Calendar</a></p>\n");
	}
	page_end(p);
	return 0;
}

int
block_view(struct req *r, struct resp *p, const struct view_frame *f)
{
	static const struct input_key body_key = { "body", IN_RAW, 0, 0, AS_SENT };
	const char *prefix = f->staff ? "/staff/blocks/" : "/portal/blocks/";
	struct change_result out;
	struct input_val body;
	struct actor who;
	struct block k;
	const char *rest = "";
	char path[64];
	int64_t id;
	int found, rc;

	if ((id = input_path_id(r, prefix, &rest)) == 0)
		return 404;
	if ((rc = store_block_get(&r->arena, r->tenant->id, id, &k, &found)) != DB_OK)
		return status_for_db(rc);
	if (!found || !access_may(f->acc, k.property_id, k.customer_id,
	    PERM_CALENDAR_VIEW))
		return 404;
	if (rest[0] == '\0')
		return r->method == METHOD_POST ? 404 :
		    block_page(r, p, f, &k, 0, NULL, NULL);
	if (r->method != METHOD_POST || strcmp(rest, "/notes") != 0)
		return 404;
	input_read(r, INPUT_FORM, &body_key, 1, &body);
	page_actor(r, &who);
	rc = change_block_note_add(&who, f->acc, &k, in_str(&body), &out);
	if (rc == CHANGE_INVALID)
		return block_page(r, p, f, &k, 400, out.msg, in_str(&body));
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	snprintf(path, sizeof(path), "%s%" PRId64 "?done=note", prefix, id);
	resp_redirect(p, 303, path);
	return 0;
}

int
booking_load(struct req *r, const struct access *acc, const char *prefix,
    struct booking *k, struct booking_shown *v, const char **rest)
{
	struct note *notes;
	struct booking_event *history;
	int64_t id;
	int found, rc;

	memset(v, 0, sizeof(*v));
	if ((id = input_path_id(r, prefix, rest)) == 0)
		return 404;
	if ((rc = store_booking_get(&r->arena, r->tenant->id, acc, id, k, &notes,
	    &v->nnotes, &history, &v->nhistory, &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	v->acc = acc;
	v->k = k;
	v->notes = notes;
	v->history = history;
	return 0;
}

void
booking_edit_section(struct buf *b, struct req *r, const struct booking_shown *v,
    const char *prefix, const struct booking_manual *sent)
{
	const struct booking *k = v->k;
	struct actor who;
	char action[64];
	int full;

	page_actor(r, &who);
	full = change_booking_editable(&who, v->acc, k);
	if (!full && !(k->rights.perms & PERM_BIT(PERM_BOOKING_GUEST_EDIT)))
		return;
	snprintf(action, sizeof(action), "%s%" PRId64 "/edit", prefix, k->id);
	if (full)
		html_raw(b, "<h2>Edit booking</h2>\n");
	else
		html_raw(b, "<h2>Guest details</h2>\n");
	booking_form(b, r, action, k, k->property_id, !full, &k->rights, sent);
}

/* porch — SPDX-License-Identifier: MIT
 * The portal's bookings: the list, the booking page with its notes and the
 * bookings.manage actions, and the CSV export, each showing only what the
 * visitor's rights on the booking's property allow.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "session.h"
#include "store_bookings.h"
#include "tenant.h"

#define NOTE_MAX	2000	/* characters */

#define HAS(rights, perm)	(((rights).perms & PERM_BIT(perm)) != 0)

/* GET /portal/bookings[?property=ID] */
int
handle_portal_bookings(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	struct booking *rows;
	struct property about;
	struct access acc;
	int64_t property;
	int any_name = 0, any_total = 0, csv = 0, rc;
	size_t n;

	if ((rc = portal_need(r, p, &acc)) != 0)
		return rc < 0 ? 0 : rc;
	if (!(acc.any & PERM_BIT(PERM_CALENDAR_VIEW)))
		return 404;
	if ((rc = portal_property_param(r, &acc, PERM_BIT(PERM_CALENDAR_VIEW),
	    &about)) != 0)
		return rc;
	property = about.id;
	if ((rc = store_bookings_list(&r->arena, r->tenant->id, &acc, property,
	    PERM_BIT(PERM_CALENDAR_VIEW), &rows, &n)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++) {
		any_name |= HAS(rows[i].rights, PERM_BOOKING_GUEST_NAME);
		any_total |= (portal_price_fields(rows[i].rights.fin) &
		    FIN_BIT(FIN_TOTAL_PRICE)) != 0;
		csv |= HAS(rows[i].rights, PERM_EXPORT_CSV);
	}
	if (property == 0)
		csv = (acc.any & PERM_BIT(PERM_EXPORT_CSV)) != 0;

	portal_begin(r, p, &acc, "Bookings");
	html_raw(b, "<h1>Bookings</h1>\n");
	if (csv) {
		html_raw(b, "<p><a class=\"csv\" href=\"/portal/bookings.csv");
		if (property != 0)
			html_rawf(b, "?property=%" PRId64, property);
		html_raw(b, "\">Download as CSV</a></p>\n");
	}
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">No bookings to show.</p>\n");
		page_end(p);
		return 0;
	}
	html_raw(b, "<table class=\"bookings\">\n<thead><tr><th scope=\"col\">Reference"
	    "</th><th scope=\"col\">Property</th><th scope=\"col\">Arrival</th>"
	    "<th scope=\"col\">Departure</th><th scope=\"col\">Nights</th>"
	    "<th scope=\"col\">Status</th><th scope=\"col\">Adults</th>"
	    "<th scope=\"col\">Children</th>");
	if (any_name)
		html_raw(b, "<th scope=\"col\" class=\"guest\">Guest</th>");
	if (any_total)
		portal_fin_th(b, FIN_TOTAL_PRICE);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct booking *k = &rows[i];

		html_raw(b, "<tr class=\"");
		html_attr(b, strcmp(k->status, "cancelled") == 0 ? "cancelled" : "live");
		html_rawf(b, "\"><td><a href=\"/portal/bookings/%" PRId64 "\">", k->id);
		html_text(b, k->reference);
		html_raw(b, "</a></td><td>");
		html_text(b, k->property);
		html_raw(b, "</td><td>");
		html_text(b, k->start);
		html_raw(b, "</td><td>");
		html_text(b, k->end);
		html_rawf(b, "</td><td>%d</td><td>", k->nights);
		html_text(b, k->status);
		html_rawf(b, "</td><td>%d</td><td>%d</td>", k->adults, k->children);
		if (any_name) {
			html_raw(b, "<td class=\"guest\">");
			if (HAS(k->rights, PERM_BOOKING_GUEST_NAME) && k->guest_name != NULL)
				html_text(b, k->guest_name);
			html_raw(b, "</td>");
		}
		if (any_total)
			portal_fin_td(b, FIN_TOTAL_PRICE, (portal_price_fields(
			    k->rights.fin) & FIN_BIT(FIN_TOTAL_PRICE)) != 0,
			    k->cents[FIN_TOTAL_PRICE], k->currency);
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	page_end(p);
	return 0;
}

/* GET /portal/bookings.csv[?property=ID] */
int
handle_portal_bookings_csv(struct req *r, struct resp *p)
{
	const perm_set need = PERM_BIT(PERM_CALENDAR_VIEW) | PERM_BIT(PERM_EXPORT_CSV);
	struct buf *csv = &p->body;
	struct booking *rows;
	struct property about;
	struct access acc;
	int64_t property;
	int name = 1, contact = 1, rc;
	fin_set fin = FIN_ALL;
	char detail[64];
	size_t n;

	if ((rc = portal_need(r, p, &acc)) != 0)
		return rc < 0 ? 0 : rc;
	/* The rows of the bookings page, on properties that allow the export. */
	if ((acc.any & need) != need)
		return 404;
	if ((rc = portal_property_param(r, &acc, need, &about)) != 0)
		return rc;
	property = about.id;
	if (property != 0 && (about.rights.perms & need) != need)
		return 404;
	if ((rc = store_bookings_list(&r->arena, r->tenant->id, &acc, property,
	    need, &rows, &n)) != DB_OK)
		return status_for_db(rc);
	/* A column is there only when every row may show it. */
	for (size_t i = 0; i < n; i++) {
		name &= HAS(rows[i].rights, PERM_BOOKING_GUEST_NAME);
		contact &= HAS(rows[i].rights, PERM_BOOKING_GUEST_CONTACT);
		fin &= portal_price_fields(rows[i].rights.fin);
	}
	if (n == 0) {
		name = contact = 0;
		fin = 0;
	}
	snprintf(detail, sizeof(detail), "%zu rows", n);
	if ((rc = audit(r, "export.bookings", "property", property, detail)) != DB_OK)
		return status_for_db(rc);

	p->content_type = "text/csv; charset=utf-8";
	resp_header(p, "Content-Disposition", "attachment; filename=\"bookings.csv\"");
	buf_puts(csv, "reference,property,start,end,nights,status,adults,children");
	if (name)
		buf_puts(csv, ",guest_name");
	if (contact)
		buf_puts(csv, ",guest_email,guest_phone");
	for (int f = 0; f < FIN__MAX; f++)
		if (fin & FIN_BIT(f))
			buf_printf(csv, ",%s", authz_fin_field_name((enum fin_field)f));
	if (fin != 0)
		buf_puts(csv, ",currency");
	buf_puts(csv, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct booking *k = &rows[i];

		csv_field(csv, k->reference);
		buf_putc(csv, ',');
		csv_field(csv, k->property);
		buf_putc(csv, ',');
		csv_field(csv, k->start);
		buf_putc(csv, ',');
		csv_field(csv, k->end);
		buf_putc(csv, ',');
		csv_int(csv, k->nights);
		buf_putc(csv, ',');
		csv_field(csv, k->status);
		buf_putc(csv, ',');
		csv_int(csv, k->adults);
		buf_putc(csv, ',');
		csv_int(csv, k->children);
		if (name) {
			buf_putc(csv, ',');
			csv_field(csv, k->guest_name);
		}
		if (contact) {
			buf_putc(csv, ',');
			csv_field(csv, k->guest_email);
			buf_putc(csv, ',');
			csv_field(csv, k->guest_phone);
		}
		for (int f = 0; f < FIN__MAX; f++)
			if (fin & FIN_BIT(f)) {
				buf_putc(csv, ',');
				csv_money(csv, k->cents[f]);
			}
		if (fin != 0) {
			buf_putc(csv, ',');
			csv_field(csv, k->currency);
		}
		buf_puts(csv, "\r\n");
	}
	return 0;
}

static const char *const notices[][2] = {
	{ "note", "Your note was added." },
	{ "confirmed", "The booking is confirmed." },
	{ "cancelled", "The booking is cancelled." },
};

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

static void
notes_section(struct buf *b, const struct req *r, const struct booking *k,
    const struct note *notes, size_t nnotes, const char *draft)
{
	if (HAS(k->rights, PERM_NOTES_VIEW)) {
		html_raw(b, "<h2>Notes</h2>\n");
		if (nnotes == 0)
			html_raw(b, "<p class=\"empty\">No notes yet.</p>\n");
		else
			html_raw(b, "<ul class=\"notes\">\n");
		for (size_t i = 0; i < nnotes; i++) {
			html_raw(b, "<li class=\"note\"><span class=\"author\">");
			html_text(b, notes[i].author_name[0] != '\0' ?
			    notes[i].author_name : notes[i].author_kind);
			html_raw(b, "</span>, <span class=\"when\">");
			html_text(b, notes[i].created);
			html_raw(b, " UTC</span>: <span class=\"body\">");
			html_text(b, notes[i].body);
			html_raw(b, "</span></li>\n");
		}
		if (nnotes != 0)
			html_raw(b, "</ul>\n");
	}
	if (HAS(k->rights, PERM_NOTES_ADD)) {
		html_rawf(b, "<form method=\"post\" action=\"/portal/bookings/%" PRId64
		    "/notes\" class=\"note-add\">\n", k->id);
		csrf_field(b, r->session->csrf_token);
		html_rawf(b, "<label for=\"note-body\">Add a note</label>\n"
		    "<textarea id=\"note-body\" name=\"body\" rows=\"4\" cols=\"60\" "
		    "maxlength=\"%d\" required>", NOTE_MAX);
		if (draft != NULL)
			html_text(b, draft);
		html_raw(b, "</textarea>\n<button type=\"submit\">Add note</button>\n"
		    "</form>\n");
	}
}

static void
manage_section(struct buf *b, const struct req *r, const struct booking *k)
{
	int tentative = strcmp(k->status, "tentative") == 0;

	if (!HAS(k->rights, PERM_BOOKINGS_MANAGE) || strcmp(k->status, "cancelled") == 0)
		return;
	html_raw(b, "<h2>Manage</h2>\n");
	if (tentative) {
		html_rawf(b, "<form method=\"post\" action=\"/portal/bookings/%" PRId64
		    "/status\" class=\"booking-confirm\">\n", k->id);
		csrf_field(b, r->session->csrf_token);
		html_raw(b, "<input type=\"hidden\" name=\"do\" value=\"confirm\">\n"
		    "<button type=\"submit\">Confirm booking</button>\n</form>\n");
	}
	html_rawf(b, "<form method=\"post\" action=\"/portal/bookings/%" PRId64
	    "/status\" class=\"booking-cancel\">\n", k->id);
	csrf_field(b, r->session->csrf_token);
	html_raw(b, "<input type=\"hidden\" name=\"do\" value=\"cancel\">\n"
	    "<button type=\"submit\">Cancel booking</button>\n</form>\n");
}

/* The booking page; status and error for a refused note (status 0: 200). */
static int
booking_page(struct req *r, struct resp *p, const struct access *acc,
    const struct booking *k, const struct note *notes, size_t nnotes, int status,
    const char *error, const char *draft)
{
	struct buf *b = &p->body;
	char num[32];

	portal_begin(r, p, acc, "Booking");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Booking <span class=\"reference\">");
	html_text(b, k->reference);
	html_raw(b, "</span></h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		page_notice(p, notices, NELEM(notices), req_param(r, "done"));
	html_raw(b, "<dl class=\"booking\">\n");
	fact(b, "property", "Property", k->property);
	fact(b, "start", "Arrival", k->start);
	fact(b, "end", "Departure", k->end);
	snprintf(num, sizeof(num), "%d", k->nights);
	fact(b, "nights", "Nights", num);
	fact(b, "status", "Status", k->status);
	snprintf(num, sizeof(num), "%d", k->adults);
	fact(b, "adults", "Adults", num);
	snprintf(num, sizeof(num), "%d", k->children);
	fact(b, "children", "Children", num);
	if (HAS(k->rights, PERM_BOOKING_GUEST_NAME))
		fact(b, "guest", "Guest", k->guest_name);
	if (HAS(k->rights, PERM_BOOKING_GUEST_CONTACT)) {
		fact(b, "email", "Email", k->guest_email);
		fact(b, "phone", "Phone", k->guest_phone);
	}
	html_raw(b, "</dl>\n");
	if (k->rights.fin != 0) {
		html_raw(b, "<h2>Price</h2>\n");
		portal_price(b, k->rights.fin, k->cents, k->currency, k->nights);
	}
	notes_section(b, r, k, notes, nnotes, draft);
	manage_section(b, r, k);
	html_rawf(b, "<p><a href=\"/portal/calendar?property=%" PRId64 "&amp;month=",
	    k->property_id);
	html_attrf(b, "%.7s", k->start);
	html_rawf(b, "\">Calendar</a> <a href=\"/portal/bookings?property=%" PRId64
	    "\">All bookings of this property</a></p>\n", k->property_id);
	page_end(p);
	return 0;
}

/* UTF-8 characters in s. */
static size_t
chars_of(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int
note_add(struct req *r, struct resp *p, const struct access *acc,
    const struct booking *k, const struct note *notes, size_t nnotes)
{
	const char *body = req_form(r, "body"), *kind;
	const struct session *s = r->session;
	int64_t author;
	char path[64];
	size_t len;
	int rc;

	if (!HAS(k->rights, PERM_NOTES_ADD))
		return 404;
	len = body != NULL ? chars_of(body) : 0;
	if (body == NULL || strspn(body, " \t\r\n") == strlen(body) || len > NOTE_MAX)
		return booking_page(r, p, acc, k, notes, nnotes, 400, len > NOTE_MAX ?
		    "A note can be at most 2000 characters long." :
		    "Write something in the note before adding it.", body);
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	/* Staff logged in as the user write as themselves. */
	if (s->row.kind == PRINCIPAL_TOKEN) {
		kind = "token";
		author = s->row.customer_id;
	} else if (s->row.impersonator_id != 0) {
		kind = "staff";
		author = s->row.impersonator_id;
	} else {
		kind = "portal";
		author = s->row.user_id;
	}
	if ((rc = store_note_add(&r->arena, r->tenant->id, k->id, kind, author,
	    portal_visitor_name(r), body)) != DB_OK ||
	    (rc = audit(r, "note.add", "booking", k->id, NULL)) != DB_OK ||
	    (rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	snprintf(path, sizeof(path), "/portal/bookings/%" PRId64 "?done=note", k->id);
	resp_redirect(p, 303, path);
	return 0;
}

static int
status_change(struct req *r, struct resp *p, const struct access *acc,
    const struct booking *k, const struct note *notes, size_t nnotes)
{
	const char *act = req_form(r, "do"), *from, *to, *done;
	struct buf subject, body;
	char path[64];
	int changed, rc;

	if (!HAS(k->rights, PERM_BOOKINGS_MANAGE))
		return 404;
	if (act != NULL && strcmp(act, "confirm") == 0) {
		from = "tentative";
		to = "confirmed";
		done = "confirmed";
	} else if (act != NULL && strcmp(act, "cancel") == 0) {
		from = k->status;
		to = "cancelled";
		done = "cancelled";
		if (strcmp(from, "cancelled") == 0)
			from = "";
	} else
		return 400;
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if ((rc = store_booking_set_status(&r->arena, r->tenant->id, k->id, from, to,
	    &changed)) != DB_OK)
		goto fail;
	if (!changed) {
		db_rollback();
		return booking_page(r, p, acc, k, notes, nnotes, 409, "The booking's status "
		    "does not allow that (it may have changed meanwhile).", NULL);
	}
	buf_init(&subject, 128);
	buf_init(&body, 256);
	buf_printf(&subject, "Booking %s at %s %s", k->reference, k->property, done);
	buf_printf(&body, "Booking %s at %s (%s to %s) was %s by %s.\n", k->reference,
	    k->property, k->start, k->end, done, portal_visitor_name(r));
	rc = audit(r, strcmp(to, "cancelled") == 0 ? "booking.cancel" :
	    "booking.confirm", "booking", k->id, from);
	if (rc == DB_OK)
		rc = booking_mail(r, k->property_id, subject.data, body.data);
	buf_free(&subject);
	buf_free(&body);
	if (rc != DB_OK || (rc = db_commit()) != DB_OK)
		goto fail;
	snprintf(path, sizeof(path), "/portal/bookings/%" PRId64 "?done=%s", k->id, done);
	resp_redirect(p, 303, path);
	return 0;
fail:
	db_rollback();
	return status_for_db(rc);
}

/*
 * /portal/bookings/ID (GET: the page), /portal/bookings/ID/notes (POST: add a
 * note), /portal/bookings/ID/status (POST: confirm or cancel).
 */
int
handle_portal_booking(struct req *r, struct resp *p)
{
	const char *rest = r->path + strlen("/portal/bookings/"), *slash;
	struct booking k;
	struct note *notes;
	struct access acc;
	size_t nnotes;
	int64_t id;
	int found, rc;

	slash = strchr(rest, '/');
	id = slash != NULL ? parse_id(arena_strndup(&r->arena, rest,
	    (size_t)(slash - rest))) : parse_id(rest);
	if ((rc = portal_need(r, p, &acc)) != 0)
		return rc < 0 ? 0 : rc;
	if (id == 0)
		return 404;
	if ((rc = store_booking_get(&r->arena, r->tenant->id, &acc, id, &k, &notes,
	    &nnotes, &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (slash == NULL)
		return r->method == METHOD_POST ? 404 :
		    booking_page(r, p, &acc, &k, notes, nnotes, 0, NULL, NULL);
	if (r->method != METHOD_POST)
		return 404;
	if (strcmp(slash, "/notes") == 0)
		return note_add(r, p, &acc, &k, notes, nnotes);
	if (strcmp(slash, "/status") == 0)
		return status_change(r, p, &acc, &k, notes, nnotes);
	return 404;
}

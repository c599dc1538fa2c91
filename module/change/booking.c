/* porch — SPDX-License-Identifier: MIT
 * Bookings: a note added, a booking confirmed or cancelled, and bookings and notes
 * as the tenant's own system sends them by external id. Made here only, whoever
 * asks (see change.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_booking_xid.h"
#include "store_bookings.h"
#include "store_ical.h"
#include "store_properties.h"

#define HAS(rights, perm)	(((rights).perms & PERM_BIT(perm)) != 0)

/* A booking as events name it. */
static json_t *
booking_json_of(int64_t id, const char *reference, int64_t property, int64_t customer,
    const char *start, const char *end, const char *status)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)id,
	    "reference", reference, "property_id", (json_int_t)property,
	    "customer_id", (json_int_t)customer, "start", start, "end", end,
	    "status", status);
}

static json_t *
booking_json(const struct booking *k)
{
	return booking_json_of(k->id, k->reference, k->property_id, k->customer_id,
	    k->start, k->end, k->status);
}

/* A note's body checked, wherever it comes from: CHANGE_OK or CHANGE_INVALID. */
int
change_note_check(const char *body, struct change_result *out)
{
	size_t len = body != NULL ? utf8_chars(body) : 0;

	if (body == NULL || strspn(body, " \t\r\n") == strlen(body) || len > NOTE_MAX) {
		out->field = "/body";
		return change_refuse(out, CHANGE_INVALID, "Note not added", "%s",
		    len > NOTE_MAX ? "A note can be at most 2000 characters long." :
		    "Write something in the note before adding it.");
	}
	return CHANGE_OK;
}

/* Inside the transaction: the note on booking k, its audit entry and event. */
static int
note_add_apply(const struct actor *who, const struct booking *k, const char *kind,
    int64_t author, const char *body)
{
	int64_t note;
	int rc;

	if ((rc = store_note_add(who->a, who->tenant, k->id, kind, author, who->name, body,
	    &note)) == DB_OK &&
	    (rc = change_audit(who, "note.add", "booking", k->id, NULL)) == DB_OK)
		rc = change_event(who, "note.added", "note", note, k->property_id,
		    k->customer_id, json_pack("{s:{s:I, s:s, s:s, s:s}, s:o}", "note",
		    "id", (json_int_t)note, "author_kind", kind, "author_name", who->name,
		    "body", body, "booking", booking_json(k)));
	return rc;
}

int
change_note_add(const struct actor *who, const struct booking *k, const char *body,
    struct change_result *out)
{
	const char *kind;
	int64_t author;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!HAS(k->rights, PERM_NOTES_ADD))
		return CHANGE_NOT_FOUND;
	if ((rc = change_note_check(body, out)) != CHANGE_OK)
		return rc;
	change_note_author(who, &kind, &author);
	out->id = k->id;
	STORE_TXN(rc, note_add_apply(who, k, kind, author, body));
	return rc;
}

/* The change inside the transaction: status, audit entry, mail. */
static int
status_apply(const struct actor *who, const struct booking *k, const char *from,
    const char *to, const char *action, struct change_result *out)
{
	char first[DATE_HUMAN_LEN], until[DATE_HUMAN_LEN];
	struct buf subject, body;
	json_t *booking;
	int changed, rc;

	if ((rc = store_booking_set_status(who->a, who->tenant, k->id, from, to,
	    &changed)) != DB_OK)
		return rc;
	if (!changed)
		return change_refuse(out, CHANGE_CONFLICT, "Not changed", "The booking's "
		    "status does not allow that (it may have changed meanwhile).");
	if ((rc = change_audit(who, action, "booking", k->id, from)) != DB_OK)
		return rc;
	buf_init(&subject, 128);
	buf_init(&body, 256);
	date_human(k->start, first);
	date_human(k->end, until);
	buf_printf(&subject, "Booking %s at %s %s", k->reference, k->property, to);
	buf_printf(&body, "Booking %s at %s (%s to %s) was %s by %s.\n", k->reference,
	    k->property, first, until, to, who->name);
	rc = change_booking_mail(who, k->property_id, subject.data, body.data);
	buf_free(&subject);
	buf_free(&body);
	if (rc != DB_OK)
		return rc;
	if ((booking = booking_json(k)) != NULL)
		json_object_set_new(booking, "status", json_string(to));
	return change_event(who, strcmp(to, "confirmed") == 0 ? "booking.confirmed" :
	    "booking.cancelled", "booking", k->id, k->property_id, k->customer_id,
	    json_pack("{s:o, s:s}", "booking", booking, "previous_status", k->status));
}

int
change_booking_status(const struct actor *who, const struct booking *k,
    enum booking_op op, struct change_result *out)
{
	const char *from;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!HAS(k->rights, PERM_BOOKINGS_MANAGE))
		return CHANGE_NOT_FOUND;
	switch (op) {
	case BOOKING_CONFIRM:
		from = "tentative";
		break;
	case BOOKING_CANCEL:
		/* A cancelled booking matches no status: refused as changed. */
		from = strcmp(k->status, "cancelled") == 0 ? "" : k->status;
		break;
	default:
		return change_refuse(out, CHANGE_INVALID, "Unknown change", "Confirm or "
		    "cancel: nothing else can be done to a booking here.");
	}
	out->id = k->id;
	STORE_TXN(rc, (change_rerun(out, NULL), status_apply(who, k, from,
		    op == BOOKING_CONFIRM ? "confirmed" : "cancelled",
		    op == BOOKING_CONFIRM ? "booking.confirm" : "booking.cancel", out)));
	return rc;
}

void
change_note_author(const struct actor *who, const char **kind, int64_t *id)
{
	/* Staff logged in as the user write as themselves. */
	*kind = who->impersonator != 0 ? "staff" : who->kind;
	*id = who->impersonator != 0 ? who->impersonator : who->id;
}

/* --- Bookings and notes by external id (the tenant API) --- */

int
change_hhmm_ok(const char *s)
{
	return s != NULL && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' &&
	    s[1] >= '0' && s[1] <= '9' && (s[0] < '2' || s[1] <= '3') && s[2] == ':' &&
	    s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9';
}

int
change_status_ok(const char *s)
{
	static const char *const statuses[] = { "tentative", "confirmed", "cancelled" };

	for (size_t i = 0; s != NULL && i < NELEM(statuses); i++)
		if (strcmp(s, statuses[i]) == 0)
			return 1;
	return 0;
}

int
change_currency_ok(const char *s)
{
	return s != NULL && strlen(s) == 3 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3;
}

/*
 * What every booking is checked for, wherever it comes from (the tenant API, a
 * manual booking): dates, times, reference, channel, guest and counts.
 * CHANGE_OK or CHANGE_INVALID naming the field.
 */
static int
booking_fields_check(const struct booking_in *in, struct change_result *out)
{
	int rc;

	if (in->arrival == 0 || in->departure == 0 || in->departure <= in->arrival) {
		out->field = in->arrival == 0 ? "/arrival" : "/departure";
		return change_refuse(out, CHANGE_INVALID, "Bad dates", "arrival and "
		    "departure are real days as YYYY-MM-DD, departure after arrival.");
	}
	if ((in->checkin != NULL && !change_hhmm_ok(in->checkin)) ||
	    (in->checkout != NULL && !change_hhmm_ok(in->checkout))) {
		out->field = in->checkin != NULL && !change_hhmm_ok(in->checkin) ?
		    "/checkin_time" : "/checkout_time";
		return change_refuse(out, CHANGE_INVALID, "Not a time", "A check-in or "
		    "check-out time is HH:MM, from 00:00 to 23:59.");
	}
	if ((rc = change_line_check(in->reference, BOOKING_REF_MAX, 0, "/reference",
	    out)) || (rc = change_line_check(in->channel, CHANNEL_MAX, 0, "/channel",
	    out)) || (rc = change_line_check(in->guest_name, PERSON_NAME_MAX, 0,
	    "/guest_name", out)) || (rc = change_line_check(in->guest_phone, PHONE_MAX,
	    0, "/guest_phone", out)) || (rc = change_line_check(in->guest_address,
	    ADDRESS_MAX, 0, "/guest_address", out)))
		return rc;
	if (in->guest_email != NULL && mail_addr_problem(in->guest_email) != NULL) {
		out->field = "/guest_email";
		return change_refuse(out, CHANGE_INVALID, "Not an address", "The guest's "
		    "email must be one plain address (%s).", mail_addr_problem(in->guest_email));
	}
	if (in->adults < 0 || in->adults > GUESTS_MAX || in->children < 0 ||
	    in->children > GUESTS_MAX || in->infants < 0 || in->infants > GUESTS_MAX) {
		out->field = in->adults < 0 || in->adults > GUESTS_MAX ? "/adults" :
		    in->children < 0 || in->children > GUESTS_MAX ? "/children" : "/infants";
		return change_refuse(out, CHANGE_INVALID, "Not a number of guests",
		    "Guests are counted from 0 to %d.", GUESTS_MAX);
	}
	return CHANGE_OK;
}

/* The booking checked again: CHANGE_OK or CHANGE_INVALID naming the field. */
static int
booking_check(const struct booking_in *in, struct change_result *out)
{
	size_t i;
	int rc;

	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (in->property == NULL && (rc = change_xid_check(in->property_xid,
	    "/property", out)) != CHANGE_OK) ||
	    (rc = booking_fields_check(in, out)) != CHANGE_OK)
		return rc;
	if (!change_status_ok(in->status)) {
		out->field = "/status";
		return change_refuse(out, CHANGE_INVALID, "Not a status", "status is "
		    "tentative, confirmed or cancelled.");
	}
	for (i = 0; i < FIN__MAX; i++)
		if (in->cents[i] < -MONEY_CENTS_MAX || in->cents[i] > MONEY_CENTS_MAX)
			return change_refuse(out, CHANGE_INVALID, "Amount out of range",
			    "An amount is at most %lld cents either way.",
			    (long long)MONEY_CENTS_MAX);
	if (!change_currency_ok(in->currency)) {
		out->field = "/currency";
		return change_refuse(out, CHANGE_INVALID, "Not a currency", "currency is "
		    "an ISO 4217 code of three capital letters, like EUR.");
	}
	return CHANGE_OK;
}

/* The mail to the property's notify user about a booking that arrived: its subject
 * and body into the two buffers (the caller frees them). */
static void
booking_arrived_text(const struct booking_row *b, const char *property,
    struct buf *subject, struct buf *body)
{
	char from[DATE_HUMAN_LEN], to[DATE_HUMAN_LEN];

	date_human(b->arrival, from);
	date_human(b->departure, to);
	buf_init(subject, 128);
	buf_init(body, 512);
	buf_printf(subject, "New booking at %s: %s to %s", property, from, to);
	buf_printf(body, "A booking was added to the calendar of %s.\n\n"
	    "Reference: %s\nDates: %s to %s (the last day is the day of departure).\n"
	    "Status: %s\nGuests: %lld adult(s), %lld child(ren), %lld infant(s).\n",
	    property, b->reference, from, to, b->status,
	    (long long)b->adults, (long long)b->children, (long long)b->infants);
}

/* The mail to the property's notify user about a booking that arrived: nu that
 * user, or NULL to find them. */
static int
booking_arrived_mail(const struct actor *who, const struct booking_row *b,
    const char *property, const struct notify_user *nu)
{
	struct buf subject, body;
	int rc;

	booking_arrived_text(b, property, &subject, &body);
	rc = nu != NULL ? change_notify_holder(who, nu, b->property_id, subject.data,
	    body.data) : change_booking_notify(who, b->property_id, subject.data,
	    body.data);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/* The booking in as a row (in the actor's arena), property id left 0. */
static void
booking_now(const struct actor *who, const struct booking_in *in,
    struct booking_row *now)
{
	char *arrival = arena_alloc(who->a, DATE_LEN), *departure =
	    arena_alloc(who->a, DATE_LEN);

	date_format(in->arrival, arrival);
	date_format(in->departure, departure);
	*now = (struct booking_row){
		.xid = (char *)in->xid, .arrival = arrival, .departure = departure,
		.checkin = (char *)in->checkin, .checkout = (char *)in->checkout,
		.status = (char *)in->status, .channel = (char *)in->channel,
		.guest_name = (char *)in->guest_name, .guest_email = (char *)in->guest_email,
		.guest_phone = (char *)in->guest_phone,
		.guest_address = (char *)in->guest_address, .adults = in->adults,
		.children = in->children, .infants = in->infants,
		.currency = (char *)in->currency,
	};
	/* Without a reference of its own, the booking is known by its external id. */
	now->reference = in->reference != NULL ? (char *)in->reference :
	    arena_strndup(who->a, in->xid, BOOKING_REF_MAX);
	memcpy(now->cents, in->cents, sizeof(now->cents));
}

/* The names of the fields of now that differ from b, into changed (n bytes): ""
 * when none. */
static void
booking_diff(const struct booking_row *b, const struct booking_row *now,
    char *changed, size_t n)
{
	changed[0] = '\0';
#define DIFF(name, cond)	change_differs(changed, n, name, cond)
	DIFF("property", b->property_id != now->property_id);
	DIFF("reference", !change_same(b->reference, now->reference));
	DIFF("arrival", strcmp(b->arrival, now->arrival) != 0);
	DIFF("departure", strcmp(b->departure, now->departure) != 0);
	DIFF("checkin_time", !change_same(b->checkin, now->checkin));
	DIFF("checkout_time", !change_same(b->checkout, now->checkout));
	DIFF("status", !change_same(b->status, now->status));
	DIFF("channel", !change_same(b->channel, now->channel));
	DIFF("guest_name", !change_same(b->guest_name, now->guest_name));
	DIFF("guest_email", !change_same(b->guest_email, now->guest_email));
	DIFF("guest_phone", !change_same(b->guest_phone, now->guest_phone));
	DIFF("guest_address", !change_same(b->guest_address, now->guest_address));
	DIFF("adults", b->adults != now->adults);
	DIFF("children", b->children != now->children);
	DIFF("infants", b->infants != now->infants);
	for (int f = 0; f < FIN__MAX; f++)
		DIFF(authz_fin_field_name((enum fin_field)f), b->cents[f] != now->cents[f]);
	DIFF("currency", !change_same(b->currency, now->currency));
#undef DIFF
}

/* Inside the transaction: the booking made or replaced, audited, and mailed when new. */
static int
booking_apply(const struct actor *who, const struct booking_in *in, int *created,
    struct change_result *out)
{
	struct booking_row b, now;
	struct property_row p;
	char changed[400];
	int found, rc;

	booking_now(who, in, &now);
	/* The property first, locked, so it cannot go while the booking is made. */
	if (in->property != NULL) {
		p = *in->property;
		if ((rc = store_property_lock(who->a, who->tenant, p.id, &found)) != DB_OK)
			return rc;
		if (!found) {
			out->field = "/property";
			return change_refuse(out, CHANGE_INVALID, "Not found", "The "
			    "property is gone.");
		}
	} else if ((rc = change_xid_ref(who, &store_xid_properties, in->property_xid,
	    "/property", "property", &p, out)) != DB_OK)
		return rc;
	now.property_id = p.id;
	if ((rc = store_xid_get(who->a, &store_xid_bookings, who->tenant, in->xid, 1, &b,
	    &found)) != DB_OK)
		return rc;
	if (!found) {
		rc = store_booking_xid_add(who->a, who->tenant, &now, &out->id);
		if ((rc = change_xid_created(who, rc, "booking.create", "booking",
		    out->id, in->xid, created, out)) != DB_OK)
			return rc;
		now.id = out->id;
		if ((rc = booking_arrived_mail(who, &now, p.name, NULL)) != DB_OK)
			return rc;
		/* An event (not for the API's own keys: change_event()). */
		return change_event(who, "booking.created", "booking", out->id, p.id,
		    p.customer_id, json_pack("{s:o}", "booking", booking_json_of(out->id,
		    now.reference, p.id, p.customer_id, now.arrival, now.departure,
		    now.status)));
	}
	out->id = now.id = b.id;
	booking_diff(&b, &now, changed, sizeof(changed));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_booking_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "booking.update", "booking", b.id, changed);
}

int
change_booking_put_in(const struct actor *who, const struct booking_in *in,
    int *created, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = booking_check(in, out)) != CHANGE_OK)
		return rc;
	return booking_apply(who, in, created, out);
}

int
change_booking_put(const struct actor *who, const struct booking_in *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = booking_check(in, out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), booking_apply(who, in, created, out)));
	return rc;
}

/* --- A group of the batch, set-wise --- */

static int
booking_check_set(const void *in, struct change_result *out)
{
	return booking_check(in, out);
}

/* A booking as ST_BOOKING_XID_PUT_SET writes it (store_xid_put_set()). */
static void
booking_row_set(const struct actor *who, const void *line,
    const struct store_ref *property, const void *stored, void *row, char *changed,
    size_t n)
{
	struct booking_row *now = row;

	booking_now(who, line, now);
	now->property_id = property->id;
	if (stored != NULL)
		booking_diff(stored, now, changed, n);
}

static const struct change_set_kind booking_set = {
	.own = &store_set_bookings, .parent = &store_set_properties,
	.parent_field = "/property", .parent_what = "property", .target = "booking",
	.create_action = "booking.create", .update_action = "booking.update",
	.check = booking_check_set, .row = booking_row_set,
};

/* The mails about the new bookings of a group, each to its property's notify
 * user, found for the group's properties at once. */
static int
booking_set_mail(const struct actor *who, struct change_set_line *l, size_t n)
{
	int64_t *props = arena_alloc(who->a, n * sizeof(*props));
	struct notify_user *nu;
	struct booking_row now;
	size_t np = 0, k;
	json_t *ids = json_array();
	char *text;
	int rc = DB_OK;

	for (size_t i = 0; ids != NULL && i < n; i++) {
		if (!l[i].created)
			continue;
		for (k = 0; k < np && props[k] != l[i].parent->id; k++)
			;
		if (k == np) {
			props[np++] = l[i].parent->id;
			json_array_append_new(ids, json_integer(l[i].parent->id));
		}
	}
	if (np == 0) {
		json_decref(ids);
		return DB_OK;
	}
	text = ids != NULL ? json_dumps(ids, JSON_COMPACT) : NULL;
	json_decref(ids);
	if (text == NULL)
		return DB_ERROR;
	nu = arena_alloc(who->a, np * sizeof(*nu));
	rc = store_booking_notify_set(who->a, who->tenant, text, props, np, nu);
	free(text);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		if (!l[i].created)
			continue;
		for (k = 0; props[k] != l[i].parent->id; k++)
			;
		booking_now(who, l[i].in, &now);
		now.property_id = props[k];
		rc = booking_arrived_mail(who, &now, l[i].parent->name, &nu[k]);
	}
	return rc;
}

int
change_booking_put_set(const struct actor *who, struct change_set_line *l, size_t n)
{
	int rc;

	if ((rc = change_put_set(who, &booking_set, l, n)) != DB_OK)
		return rc;
	return booking_set_mail(who, l, n);
}

/* Inside the transaction: the booking deleted, with its notes, unless a statement
 * names it. */
static int
booking_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct booking_row b;
	int64_t lines;
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_bookings, xid, NULL, "booking", &b,
	    out)) != DB_OK)
		return rc;
	out->id = b.id;
	if ((rc = store_booking_statement_lines(who->a, who->tenant, b.id, &lines)) !=
	    DB_OK)
		return rc;
	if (lines > 0)
		return change_refuse(out, CHANGE_CONFLICT, "Still in use", "%lld "
		    "statement line(s) name this booking; delete or change the statement "
		    "first.", (long long)lines);
	if ((rc = store_xid_del(who->a, &store_xid_bookings, who->tenant, b.id)) != DB_OK ||
	    (rc = store_calendar_touch(who->a, who->tenant, b.property_id)) != DB_OK)
		return rc;
	return change_audit(who, "booking.delete", "booking", b.id, xid);
}

int
change_booking_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, booking_remove);
}

/* Inside the transaction: the note made or replaced and audited. */
static int
note_apply(const struct actor *who, const struct note_in *in, int *created,
    struct change_result *out)
{
	struct note_row n, now = {
		.xid = (char *)in->xid, .author_name = (char *)in->author_name,
		.body = (char *)in->body,
	};
	struct booking_row b;
	char changed[40] = "";
	int found, rc;

	if ((rc = change_xid_ref(who, &store_xid_bookings, in->booking_xid, "/booking",
	    "booking", &b, out)) != DB_OK)
		return rc;
	now.booking_id = b.id;
	if ((rc = store_xid_get(who->a, &store_xid_notes, who->tenant, in->xid, 1, &n,
	    &found)) != DB_OK)
		return rc;
	if (!found) {
		rc = store_note_xid_add(who->a, who->tenant, &now, &out->id);
		/* As a note added in the portal: audited on its booking. */
		return change_xid_created(who, rc, "note.add", "booking", b.id, in->xid,
		    created, out);
	}
	out->id = now.id = n.id;
	change_differs(changed, sizeof(changed), "booking", n.booking_id != b.id);
	change_differs(changed, sizeof(changed), "author_name",
	    !change_same(n.author_name, in->author_name));
	change_differs(changed, sizeof(changed), "body", !change_same(n.body, in->body));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_note_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "note.update", "booking", b.id, changed);
}

int
change_note_put(const struct actor *who, const struct note_in *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (rc = change_xid_check(in->booking_xid, "/booking", out)) != CHANGE_OK ||
	    (rc = change_line_check(in->author_name, PERSON_NAME_MAX, 1,
	    "/author_name", out)) != CHANGE_OK || (rc = change_note_check(in->body, out)) !=
	    CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), note_apply(who, in, created, out)));
	return rc;
}

/* Inside the transaction: the note deleted. */
static int
note_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct note_row n;
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_notes, xid, NULL, "note", &n, out)) !=
	    DB_OK)
		return rc;
	out->id = n.id;
	if ((rc = store_xid_del(who->a, &store_xid_notes, who->tenant, n.id)) != DB_OK)
		return rc;
	return change_audit(who, "note.delete", "booking", n.booking_id, xid);
}

int
change_note_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, note_remove);
}

/* --- Manual bookings (made in porch) --- */

int
change_booking_editable(const struct actor *who, const struct access *acc,
    const struct booking *k)
{
	if (!HAS(k->rights, PERM_BOOKINGS_CREATE))
		return 0;
	if (who->kind != NULL && strcmp(who->kind, "staff") == 0)
		return k->by_portal_user != 0 || k->by_staff_user != 0;
	return acc->user_id != 0 && k->by_portal_user == acc->user_id;
}

/* Optional text: an empty form field is none. */
static const char *
given(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/*
 * The booking as it is to be: what in says, but what the actor may not see (or,
 * guest_only, may not change) as k has it (k NULL: a new booking). Dates in
 * days, into bi for the checks.
 */
static int
manual_merge(const struct booking *k, const struct authz_rights *r, int guest_only,
    const struct booking_manual *in, struct booking_in *bi)
{
#define SHOWN(f)	authz_booking_field_shown(r, f)
#define KEEP(f, v, old)	(k != NULL && (guest_only || !SHOWN(f)) ? (old) : (v))
	memset(bi, 0, sizeof(*bi));
	bi->arrival = in->arrival;
	bi->departure = in->departure;
	if (k != NULL && guest_only && (date_parse(k->start, &bi->arrival) < 0 ||
	    date_parse(k->end, &bi->departure) < 0))
		return -1;
	bi->reference = k != NULL && (guest_only || given(in->reference) == NULL) ?
	    k->reference : given(in->reference);
	bi->checkin = KEEP("checkin_time", given(in->checkin), k->checkin);
	bi->checkout = KEEP("checkout_time", given(in->checkout), k->checkout);
	bi->channel = KEEP("channel", given(in->channel), k->channel);
	/* The guest's details: what the actor sees, also with guest_edit alone. */
	guest_only = 0;
	bi->guest_name = KEEP("guest_name", given(in->guest_name), k->guest_name);
	bi->guest_email = KEEP("guest_email", given(in->guest_email), k->guest_email);
	bi->guest_phone = KEEP("guest_phone", given(in->guest_phone), k->guest_phone);
	bi->guest_address = KEEP("guest_address", given(in->guest_address),
	    k->guest_address);
	bi->adults = in->adults;
	bi->children = in->children;
	bi->infants = in->infants;
	return 0;
#undef KEEP
#undef SHOWN
}

/* The fields of k that row changes, comma-separated into changed. */
static void
manual_diff(const struct booking *k, const struct booking_manual_row *b,
    char *changed, size_t n)
{
#define DIFF(name, cond)	change_differs(changed, n, name, cond)
	DIFF("reference", !change_same(k->reference, b->reference));
	DIFF("arrival", strcmp(k->start, b->start) != 0);
	DIFF("departure", strcmp(k->end, b->end) != 0);
	DIFF("checkin_time", !change_same(k->checkin, b->checkin));
	DIFF("checkout_time", !change_same(k->checkout, b->checkout));
	DIFF("channel", !change_same(k->channel, b->channel));
	DIFF("guest_name", !change_same(k->guest_name, b->guest_name));
	DIFF("guest_email", !change_same(k->guest_email, b->guest_email));
	DIFF("guest_phone", !change_same(k->guest_phone, b->guest_phone));
	DIFF("guest_address", !change_same(k->guest_address, b->guest_address));
	DIFF("adults", k->adults != b->adults);
	DIFF("children", k->children != b->children);
	DIFF("infants", k->infants != b->infants);
#undef DIFF
}

/* Inside the transaction: the manual booking made or changed, audited, told. */
static int
manual_apply(const struct actor *who, const struct access *acc,
    const struct booking *k, int64_t property, int64_t customer,
    const char *property_name, int dates_checked, struct booking_manual_row *b,
    struct change_result *out)
{
	char changed[400] = "", ref[32];
	struct booking_row mail;
	int found, rc;

	if ((rc = store_property_lock(who->a, who->tenant, property, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	if (dates_checked && (k == NULL || strcmp(k->status, "cancelled") != 0) &&
	    (rc = change_dates_free(who, property, b->start, b->end, 0,
	    k != NULL ? k->id : 0, out)) != CHANGE_OK)
		return rc;
	if (k != NULL) {
		out->id = k->id;
		manual_diff(k, b, changed, sizeof(changed));
		if (changed[0] == '\0')
			return change_unchanged(out);
		if ((rc = store_booking_manual_update(who->a, who->tenant, k->id, b)) !=
		    DB_OK || (rc = change_audit(who, "booking.update", "booking", k->id,
		    changed)) != DB_OK)
			return rc;
		return change_event(who, "booking.updated", "booking", k->id, property,
		    customer, json_pack("{s:o, s:s}", "booking", booking_json_of(k->id,
		    b->reference, property, customer, b->start, b->end, k->status),
		    "changed", changed));
	}
	if ((rc = store_booking_manual_add(who->a, who->tenant, b,
	    who->kind != NULL && strcmp(who->kind, "staff") == 0 ? 0 : acc->user_id,
	    who->kind != NULL && strcmp(who->kind, "staff") == 0 ? who->id : 0,
	    &out->id)) != DB_OK ||
	    (rc = change_audit(who, "booking.create", "booking", out->id, "manual")) !=
	    DB_OK)
		return rc;
	snprintf(ref, sizeof(ref), "M%" PRId64, out->id);
	memset(&mail, 0, sizeof(mail));
	mail.id = out->id;
	mail.property_id = property;
	mail.reference = b->reference != NULL ? (char *)b->reference : ref;
	mail.arrival = (char *)b->start;
	mail.departure = (char *)b->end;
	mail.status = "confirmed";
	mail.adults = b->adults;
	mail.children = b->children;
	mail.infants = b->infants;
	if ((rc = booking_arrived_mail(who, &mail, property_name, NULL)) != DB_OK)
		return rc;
	return change_event(who, "booking.created", "booking", out->id, property,
	    customer, json_pack("{s:o}", "booking", booking_json_of(out->id,
	    mail.reference, property, customer, b->start, b->end, "confirmed")));
}

int
change_booking_manual(const struct actor *who, const struct access *acc,
    const struct booking *k, int guest_only, const struct booking_manual *in,
    struct change_result *out)
{
	char start[DATE_LEN], end[DATE_LEN];
	struct booking_manual_row b;
	struct booking_in bi;
	struct property prop;
	struct authz_rights r;
	int found, rc;

	memset(out, 0, sizeof(*out));
	if (k == NULL) {
		if ((rc = store_property_get(who->a, who->tenant, acc, in->property, &prop,
		    &found)) != DB_OK)
			return rc;
		if (!found || !HAS(prop.rights, PERM_BOOKINGS_CREATE))
			return CHANGE_NOT_FOUND;
		r = prop.rights;
		guest_only = 0;
	} else {
		if (guest_only ? !HAS(k->rights, PERM_BOOKING_GUEST_EDIT) :
		    !change_booking_editable(who, acc, k))
			return CHANGE_NOT_FOUND;
		r = k->rights;
		out->id = k->id;
	}
	if (manual_merge(k, &r, guest_only, in, &bi) < 0)
		return DB_ERROR;
	if ((rc = booking_fields_check(&bi, out)) != CHANGE_OK)
		return rc;
	date_format(bi.arrival, start);
	date_format(bi.departure, end);
	b = (struct booking_manual_row){
		.property_id = k != NULL ? k->property_id : prop.id,
		.reference = bi.reference, .start = start, .end = end,
		.checkin = bi.checkin, .checkout = bi.checkout, .channel = bi.channel,
		.guest_name = bi.guest_name, .guest_email = bi.guest_email,
		.guest_phone = bi.guest_phone, .guest_address = bi.guest_address,
		.adults = bi.adults, .children = bi.children, .infants = bi.infants,
	};
	STORE_TXN(rc, (change_rerun(out, NULL), manual_apply(who, acc, k, b.property_id,
		    k != NULL ? k->customer_id : prop.customer_id,
		    k != NULL ? k->property : prop.name, !guest_only, &b, out)));
	return rc;
}

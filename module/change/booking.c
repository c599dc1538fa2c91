/* porch — SPDX-License-Identifier: MIT
 * Bookings: a note added, a booking confirmed or cancelled, and bookings and notes
 * as the tenant's own system sends them by external id. Made here only, whoever
 * asks (see change.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
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
booking_json(const struct booking *k)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)k->id,
	    "reference", k->reference, "property_id", (json_int_t)k->property_id,
	    "customer_id", (json_int_t)k->customer_id, "start", k->start, "end", k->end,
	    "status", k->status);
}

/* A note's body checked, wherever it comes from: CHANGE_OK or CHANGE_INVALID. */
static int
note_check(const char *body, struct change_result *out)
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

int
change_note_add(const struct actor *who, const struct booking *k, const char *body,
    struct change_result *out)
{
	const char *kind = who->kind;
	int64_t author = who->id, note;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!HAS(k->rights, PERM_NOTES_ADD))
		return CHANGE_NOT_FOUND;
	if ((rc = note_check(body, out)) != CHANGE_OK)
		return rc;
	/* Staff logged in as the user write as themselves. */
	if (who->impersonator != 0) {
		kind = "staff";
		author = who->impersonator;
	}
	out->id = k->id;
	if ((rc = store_begin()) != DB_OK)
		return rc;
	if ((rc = store_note_add(who->a, who->tenant, k->id, kind, author, who->name, body,
	    &note)) == DB_OK &&
	    (rc = change_audit(who, "note.add", "booking", k->id, NULL)) == DB_OK)
		rc = change_event(who, "note.added", "note", note, k->property_id,
		    k->customer_id, json_pack("{s:{s:I, s:s, s:s, s:s}, s:o}", "note",
		    "id", (json_int_t)note, "author_kind", kind, "author_name", who->name,
		    "body", body, "booking", booking_json(k)));
	return store_end(rc);
}

/* The change inside the transaction: status, audit entry, mail. */
static int
status_apply(const struct actor *who, const struct booking *k, const char *from,
    const char *to, const char *action, struct change_result *out)
{
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
	buf_printf(&subject, "Booking %s at %s %s", k->reference, k->property, to);
	buf_printf(&body, "Booking %s at %s (%s to %s) was %s by %s.\n", k->reference,
	    k->property, k->start, k->end, to, who->name);
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
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(status_apply(who, k, from,
	    op == BOOKING_CONFIRM ? "confirmed" : "cancelled",
	    op == BOOKING_CONFIRM ? "booking.confirm" : "booking.cancel", out));
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

/* The booking checked again: CHANGE_OK or CHANGE_INVALID naming the field. */
static int
booking_check(const struct booking_in *in, struct change_result *out)
{
	size_t i;
	int rc;

	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (rc = change_xid_check(in->property_xid, "/property", out)) != CHANGE_OK)
		return rc;
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
	if (!change_status_ok(in->status)) {
		out->field = "/status";
		return change_refuse(out, CHANGE_INVALID, "Not a status", "status is "
		    "tentative, confirmed or cancelled.");
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
		return change_refuse(out, CHANGE_INVALID, "Not an address", "guest_email "
		    "must be one plain address (%s).", mail_addr_problem(in->guest_email));
	}
	if (in->adults < 0 || in->adults > GUESTS_MAX || in->children < 0 ||
	    in->children > GUESTS_MAX || in->infants < 0 || in->infants > GUESTS_MAX) {
		out->field = in->adults < 0 || in->adults > GUESTS_MAX ? "/adults" :
		    in->children < 0 || in->children > GUESTS_MAX ? "/children" : "/infants";
		return change_refuse(out, CHANGE_INVALID, "Not a number of guests",
		    "Guests are counted from 0 to %d.", GUESTS_MAX);
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

/* The mail to the property's notify user about a booking that arrived. */
static int
booking_arrived_mail(const struct actor *who, const struct booking_row *b,
    const char *property)
{
	struct buf subject, body;
	int rc;

	buf_init(&subject, 128);
	buf_init(&body, 512);
	buf_printf(&subject, "New booking at %s: %s to %s", property, b->arrival,
	    b->departure);
	buf_printf(&body, "A booking was added to the calendar of %s.\n\n"
	    "Reference: %s\nDates: %s to %s (the last day is the day of departure).\n"
	    "Status: %s\nGuests: %lld adult(s), %lld child(ren), %lld infant(s).\n",
	    property, b->reference, b->arrival, b->departure, b->status,
	    (long long)b->adults, (long long)b->children, (long long)b->infants);
	rc = change_booking_notify(who, b->property_id, subject.data, body.data);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/* Inside the transaction: the booking made or replaced, audited, and mailed when new. */
static int
booking_apply(const struct actor *who, const struct booking_in *in, int *created,
    struct change_result *out)
{
	char arrival[DATE_LEN], departure[DATE_LEN], changed[400] = "";
	struct booking_row b, now = {
		.xid = (char *)in->xid, .arrival = arrival, .departure = departure,
		.checkin = (char *)in->checkin, .checkout = (char *)in->checkout,
		.status = (char *)in->status, .channel = (char *)in->channel,
		.guest_name = (char *)in->guest_name, .guest_email = (char *)in->guest_email,
		.guest_phone = (char *)in->guest_phone,
		.guest_address = (char *)in->guest_address, .adults = in->adults,
		.children = in->children, .infants = in->infants,
		.currency = (char *)in->currency,
	};
	struct property_row p;
	int found, rc;

	date_format(in->arrival, arrival);
	date_format(in->departure, departure);
	/* Without a reference of its own, the booking is known by its external id. */
	now.reference = in->reference != NULL ? (char *)in->reference :
	    arena_strndup(who->a, in->xid, BOOKING_REF_MAX);
	memcpy(now.cents, in->cents, sizeof(now.cents));
	/* The property first, locked, so it cannot go while the booking is made. */
	if ((rc = change_xid_ref(who, &store_xid_properties, in->property_xid,
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
		return booking_arrived_mail(who, &now, p.name);
	}
	out->id = now.id = b.id;
#define DIFF(name, cond)	change_differs(changed, sizeof(changed), name, cond)
	DIFF("property", b.property_id != now.property_id);
	DIFF("reference", !change_same(b.reference, now.reference));
	DIFF("arrival", strcmp(b.arrival, arrival) != 0);
	DIFF("departure", strcmp(b.departure, departure) != 0);
	DIFF("checkin_time", !change_same(b.checkin, now.checkin));
	DIFF("checkout_time", !change_same(b.checkout, now.checkout));
	DIFF("status", !change_same(b.status, now.status));
	DIFF("channel", !change_same(b.channel, now.channel));
	DIFF("guest_name", !change_same(b.guest_name, now.guest_name));
	DIFF("guest_email", !change_same(b.guest_email, now.guest_email));
	DIFF("guest_phone", !change_same(b.guest_phone, now.guest_phone));
	DIFF("guest_address", !change_same(b.guest_address, now.guest_address));
	DIFF("adults", b.adults != now.adults);
	DIFF("children", b.children != now.children);
	DIFF("infants", b.infants != now.infants);
	for (int f = 0; f < FIN__MAX; f++)
		DIFF(authz_fin_field_name((enum fin_field)f), b.cents[f] != now.cents[f]);
	DIFF("currency", !change_same(b.currency, now.currency));
#undef DIFF
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_booking_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "booking.update", "booking", b.id, changed);
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
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(booking_apply(who, in, created, out));
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
	    "/author_name", out)) != CHANGE_OK || (rc = note_check(in->body, out)) !=
	    CHANGE_OK)
		return rc;
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(note_apply(who, in, created, out));
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

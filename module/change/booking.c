/* porch — SPDX-License-Identifier: MIT
 * Bookings: a note added, a booking confirmed or cancelled. Made here only,
 * whoever asks (see change.h).
 */
#include "config.h"

#include <string.h>

#include <jansson.h>

#include "change.h"
#include "store.h"
#include "store_bookings.h"

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

int
change_note_add(const struct actor *who, const struct booking *k, const char *body,
    struct change_result *out)
{
	const char *kind = who->kind;
	int64_t author = who->id, note;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!HAS(k->rights, PERM_NOTES_ADD))
		return CHANGE_NOT_FOUND;
	len = body != NULL ? utf8_chars(body) : 0;
	if (body == NULL || strspn(body, " \t\r\n") == strlen(body) || len > NOTE_MAX)
		return change_refuse(out, CHANGE_INVALID, "Note not added", "%s",
		    len > NOTE_MAX ? "A note can be at most 2000 characters long." :
		    "Write something in the note before adding it.");
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

/* porch — SPDX-License-Identifier: MIT
 * Block-offs: an owner's days kept off the calendar. Added, moved and deleted here
 * only, whoever asks (see change.h): the portal by ids within a visitor's rights,
 * the tenant API by external ids, through the same checks and the same write.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "authz.h"
#include "change.h"
#include "date.h"
#include "mail.h"
#include "store.h"
#include "store_access.h"
#include "store_booking_xid.h"
#include "store_bookings.h"
#include "store_ical.h"
#include "store_properties.h"

/* The mail about a change: subject and body. */
static int
block_mail(const struct actor *who, enum block_op op, const char *property,
    const char *start, const char *end, const char *old_start, const char *old_end,
    const char *reason, int64_t property_id)
{
	static const char *const verbs[] = { "added", "moved", "deleted" };
	char from[DATE_HUMAN_LEN], to[DATE_HUMAN_LEN];
	char was_from[DATE_HUMAN_LEN], was_to[DATE_HUMAN_LEN];
	struct buf subject, body;
	int rc;

	date_human(start, from);
	date_human(end, to);
	buf_init(&subject, 128);
	buf_init(&body, 512);
	buf_printf(&subject, "Block-off %s at %s: %s to %s", verbs[op], property, from,
	    to);
	buf_printf(&body, "A block-off was %s on the calendar of %s by %s.\n\n",
	    verbs[op], property, who->name);
	if (op == BLOCK_MOVE) {
		date_human(old_start, was_from);
		date_human(old_end, was_to);
		buf_printf(&body, "It was: %s to %s.\nIt is now: %s to %s.\n", was_from,
		    was_to, from, to);
	} else
		buf_printf(&body, "Dates: %s to %s (the last day is the first free one).\n",
		    from, to);
	if (reason != NULL && reason[0] != '\0')
		mail_quote(&body, "Reason given", who->name, reason);
	rc = change_booking_mail(who, property_id, subject.data, body.data);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

int
change_dates_free(const struct actor *who, int64_t property, const char *start,
    const char *end, int64_t except_block, int64_t except_booking,
    struct change_result *out)
{
	char from[DATE_HUMAN_LEN], to[DATE_HUMAN_LEN];
	struct block_conflict c;
	int found, rc;

	if ((rc = store_block_conflict(who->a, who->tenant, property, start, end,
	    except_block, except_booking, &found, &c)) != DB_OK || !found)
		return rc;
	date_human(c.start, from);
	date_human(c.end, to);
	if (c.is_booking)
		return change_refuse(out, CHANGE_CONFLICT, "The dates are taken", "Booking "
		    "%s (%s to %s) is in the way: nothing was changed.", c.ref, from, to);
	return change_refuse(out, CHANGE_CONFLICT, "The dates are taken", "Another "
	    "block-off (%s to %s) is in the way: nothing was changed.", from, to);
}

/* The event of a change (block.created, block.moved, block.deleted). */
static int
block_event(const struct actor *who, enum block_op op, int64_t id, int64_t property,
    int64_t customer, const char *start, const char *end, const char *reason,
    const struct block *was)
{
	static const char *const types[] = { "block.created", "block.moved",
	    "block.deleted" };
	json_t *data;

	data = json_pack("{s:{s:I, s:I, s:I, s:s, s:s, s:s?}}", "block", "id",
	    (json_int_t)id, "property_id", (json_int_t)property, "customer_id",
	    (json_int_t)customer, "start", start, "end", end, "reason", reason);
	if (data != NULL && op == BLOCK_MOVE)
		json_object_set_new(data, "previous", json_pack("{s:s, s:s}", "start",
		    was->start, "end", was->end));
	return change_event(who, types[op], "block", id, property, customer, data);
}

/*
 * The change itself, inside the transaction: property is where the block-off is
 * (or goes) and customer its owner, what its name for the mail, was the block-off before a move or
 * delete, portal_user the author of a new one (0: none).
 */
static int
apply(const struct actor *who, const struct block_change *in, int64_t property,
    int64_t customer, const char *what, const struct block *was, int64_t portal_user,
    char start[DATE_LEN], char end[DATE_LEN], struct change_result *out)
{
	static const char *const actions[] = { "block.create", "block.move",
	    "block.delete" };
	struct block blk;
	char detail[160];
	int found, rc;

	if ((rc = store_property_lock(who->a, who->tenant, property, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	if (in->op != BLOCK_NEW) {
		/* Read again under the lock: it may have moved or gone meanwhile. */
		if ((rc = store_block_get(who->a, who->tenant, in->block, &blk, &found)) !=
		    DB_OK)
			return rc;
		if (!found || (blk.property_id != property && !in->replace))
			return CHANGE_NOT_FOUND;
		/* Moved to another property: the one it leaves is locked too. */
		if (blk.property_id != property && (rc = store_property_lock(who->a,
		    who->tenant, blk.property_id, &found)) != DB_OK)
			return rc;
		was = &blk;
	}
	/* A block-off moved is not in its own way; a new one has no id to skip. */
	if (in->op != BLOCK_DELETE && !in->overlap_ok && (rc = change_dates_free(who, property, start, end,
	    in->op == BLOCK_MOVE ? in->block : 0, 0, out)) != CHANGE_OK)
		return rc;
	switch (in->op) {
	case BLOCK_NEW:
		rc = store_block_add(who->a, who->tenant, property, start, end, in->reason,
		    portal_user, in->xid, &out->id);
		break;
	case BLOCK_MOVE:
		rc = store_block_move(who->a, who->tenant, in->block, property, start, end,
		    in->replace ? in->reason : was->reason);
		break;
	case BLOCK_DELETE:
		/* Gone from the property's calendar feeds: their tag moves. */
		if ((rc = store_block_del(who->a, who->tenant, in->block)) == DB_OK)
			rc = store_calendar_touch(who->a, who->tenant, was->property_id);
		snprintf(start, DATE_LEN, "%s", was->start);
		snprintf(end, DATE_LEN, "%s", was->end);
		break;
	}
	if (rc != DB_OK)
		return rc;
	if (in->op == BLOCK_MOVE)
		snprintf(detail, sizeof(detail), "property %" PRId64 " %s..%s was %s..%s",
		    property, start, end, was->start, was->end);
	else
		snprintf(detail, sizeof(detail), "property %" PRId64 " %s..%s", property,
		    start, end);
	if ((rc = change_audit(who, actions[in->op], "block", out->id, detail)) != DB_OK)
		return rc;
	/*
	 * The tenant's own system tells its office itself, and has no use for an
	 * event of its own change.
	 */
	if (in->quiet)
		return DB_OK;
	if ((rc = block_mail(who, in->op, what, start, end,
	    in->op == BLOCK_MOVE ? was->start : NULL, in->op == BLOCK_MOVE ? was->end : NULL,
	    in->op == BLOCK_NEW ? in->reason : was->reason, property)) != DB_OK)
		return rc;
	return block_event(who, in->op, out->id, property, customer, start, end,
	    in->op == BLOCK_NEW ? in->reason : was->reason, was);
}

/* The dates and reason of a new or moved block-off, checked; start and end set. */
static int
block_check(const struct block_change *in, char start[DATE_LEN], char end[DATE_LEN],
    struct change_result *out)
{
	if (in->start == 0 || in->end == 0)
		return change_refuse(out, CHANGE_INVALID, "Bad dates", "Give both "
		    "dates as YYYY-MM-DD, each a real day.");
	if (in->end <= in->start)
		return change_refuse(out, CHANGE_INVALID, "Bad dates", "The end date "
		    "must come after the start date (the end is the first free day).");
	date_format(in->start, start);
	date_format(in->end, end);
	if ((in->op == BLOCK_NEW || in->replace) && in->reason != NULL &&
	    utf8_chars(in->reason) > BLOCK_REASON_MAX) {
		out->field = "/reason";
		return change_refuse(out, CHANGE_INVALID, "Reason too long", "The reason "
		    "can be at most %d characters long.", BLOCK_REASON_MAX);
	}
	return CHANGE_OK;
}

int
change_block(const struct actor *who, const struct access *acc,
    const struct block_change *in, struct change_result *out, int64_t *property,
    char start[DATE_LEN])
{
	char end[DATE_LEN] = "";
	const struct block *was = NULL;
	struct property prop;
	struct block blk;
	const char *what;
	int64_t customer;
	int found, rc;

	memset(out, 0, sizeof(*out));
	start[0] = '\0';
	if (in->op == BLOCK_NEW) {
		if ((rc = store_property_get(who->a, who->tenant, acc, in->property, &prop,
		    &found)) != DB_OK)
			return rc;
		if (!found || !(prop.rights.perms & PERM_BIT(PERM_BLOCKS_CREATE)))
			return CHANGE_NOT_FOUND;
		*property = prop.id;
		customer = prop.customer_id;
		what = prop.name;
	} else {
		if ((rc = store_block_get(who->a, who->tenant, in->block, &blk, &found)) !=
		    DB_OK)
			return rc;
		if (!found || !access_may(acc, blk.property_id, blk.customer_id,
		    PERM_BLOCKS_MODIFY))
			return CHANGE_NOT_FOUND;
		*property = blk.property_id;
		customer = blk.customer_id;
		what = blk.property;
		was = &blk;
		out->id = in->block;
	}
	if (in->op != BLOCK_DELETE && (rc = block_check(in, start, end, out)) !=
	    CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, NULL), apply(who, in, *property, customer, what, was, acc->user_id, start,
		    end, out)));
	return rc;
}

/* Inside the transaction: the tenant system's block-off made or replaced. */
static int
block_put_apply(const struct actor *who, const struct block_put *in, int *created,
    struct change_result *out)
{
	struct block_change c = {
		.start = in->start, .end = in->end, .reason = in->reason, .xid = in->xid,
		.replace = 1, .quiet = 1, .overlap_ok = in->property != NULL,
	};
	struct property_row prop;
	struct block_row k;
	char start[DATE_LEN], end[DATE_LEN];
	int found, rc;

	if (in->property != NULL)
		prop = *in->property;
	else if ((rc = change_xid_ref(who, &store_xid_properties, in->property_xid,
	    "/property", "property", &prop, out)) != DB_OK)
		return rc;
	if ((rc = store_xid_get(who->a, &store_xid_blocks, who->tenant, in->xid, 1, &k,
	    &found)) != DB_OK)
		return rc;
	c.op = found ? BLOCK_MOVE : BLOCK_NEW;
	c.block = found ? k.id : 0;
	if ((rc = block_check(&c, start, end, out)) != CHANGE_OK)
		return rc;
	if (found) {
		out->id = k.id;
		if (k.property_id == prop.id && strcmp(k.start, start) == 0 &&
		    strcmp(k.end, end) == 0 && change_same(k.reason, in->reason))
			return change_unchanged(out);
	}
	rc = apply(who, &c, prop.id, 0, prop.name, NULL, 0, start, end, out);
	if (rc == DB_CONFLICT)
		return change_raced(out);
	*created = !found && rc == DB_OK;
	return rc;
}

int
change_block_put_in(const struct actor *who, const struct block_put *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (in->property == NULL && (rc = change_xid_check(in->property_xid,
	    "/property", out)) != CHANGE_OK))
		return rc;
	return block_put_apply(who, in, created, out);
}

int
change_block_put(const struct actor *who, const struct block_put *in, int *created,
    struct change_result *out)
{
	int rc;

	STORE_TXN(rc, (change_rerun(out, created), change_block_put_in(who, in, created, out)));
	return rc;
}

/* Inside the transaction: the tenant system's block-off deleted. */
static int
block_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct block_change c = { .op = BLOCK_DELETE, .quiet = 1 };
	char start[DATE_LEN] = "", end[DATE_LEN] = "";
	struct block_row k;
	struct block blk;
	int found, rc;

	if ((rc = change_xid_ref(who, &store_xid_blocks, xid, NULL, "block-off", &k,
	    out)) != DB_OK || (rc = store_block_get(who->a, who->tenant, k.id, &blk,
	    &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	c.block = out->id = k.id;
	return apply(who, &c, k.property_id, 0, blk.property, &blk, 0, start, end,
	    out);
}

int
change_block_delete_in(const struct actor *who, const char *xid,
    struct change_result *out)
{
	memset(out, 0, sizeof(*out));
	return block_remove(who, xid, out);
}

int
change_block_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, block_remove);
}

/* Inside the transaction: the note on block-off b, its audit entry and event. */
static int
note_add_apply(const struct actor *who, const struct block *b, const char *kind,
    int64_t author, const char *body)
{
	int64_t note;
	int rc;

	if ((rc = store_block_note_add(who->a, who->tenant, b->id, kind, author,
	    who->name, body, &note)) == DB_OK &&
	    (rc = change_audit(who, "note.add", "block", b->id, NULL)) == DB_OK)
		rc = change_event(who, "block.note_added", "note", note, b->property_id,
		    b->customer_id, json_pack("{s:{s:I, s:s, s:s, s:s}, s:{s:I, s:I, "
		    "s:s, s:s}}", "note", "id", (json_int_t)note, "author_kind", kind,
		    "author_name", who->name, "body", body, "block", "id",
		    (json_int_t)b->id, "property_id", (json_int_t)b->property_id,
		    "start", b->start, "end", b->end));
	return rc;
}

int
change_block_note_add(const struct actor *who, const struct access *acc,
    const struct block *b, const char *body, struct change_result *out)
{
	const char *kind;
	int64_t author;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!access_may(acc, b->property_id, b->customer_id, PERM_NOTES_ADD))
		return CHANGE_NOT_FOUND;
	if ((rc = change_note_check(body, out)) != CHANGE_OK)
		return rc;
	change_note_author(who, &kind, &author);
	out->id = b->id;
	STORE_TXN(rc, note_add_apply(who, b, kind, author, body));
	return rc;
}

/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds' secret addresses as their owners and staff change them: made
 * the first time, replaced (rotated) after (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "crypto.h"
#include "ical.h"
#include "event.h"
#include "ical_feed.h"
#include "store.h"
#include "store_bookings.h"
#include "store_access.h"
#include "store_ical.h"
#include "store_properties.h"
#include "tokenlink.h"

/* Inside the transaction: the property is the tenant's, the token, the audit. */
static int
feed_apply(const struct actor *who, int64_t user, int64_t property,
    struct change_result *out)
{
	unsigned char hash[32], box[TOKEN_SEALED_BOX];
	const unsigned char *enc;
	char ctx[80], *created;
	size_t enc_len;
	int found, rc;

	if (property != 0) {
		if ((rc = store_property_lock(who->a, who->tenant, property, &found)) !=
		    DB_OK)
			return rc;
		if (!found)
			return CHANGE_NOT_FOUND;
	}
	if ((rc = store_calendar_feed_of(who->a, who->tenant, user, property, &enc,
	    &enc_len, &created)) != DB_OK)
		return rc;
	ical_feed_context(ctx, sizeof(ctx), who->tenant, user, property);
	if (token_sealed_new(who->cfg->secret_key, ctx, hash, box) < 0)
		return DB_ERROR;
	if ((rc = store_calendar_feed_set(who->a, who->tenant, user, property, hash, box,
	    sizeof(box))) != DB_OK)
		return rc;
	return change_audit(who, enc != NULL ? "calendar.rotate" : "calendar.issue",
	    user != 0 ? "portal_user" : "property", user != 0 ? user : property, NULL);
}

int
change_calendar_feed(const struct actor *who, int64_t user, int64_t property,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = user != 0 ? user : property;
	if ((user == 0) == (property == 0))
		return change_refuse(out, CHANGE_INVALID, "No calendar", "A calendar feed "
		    "belongs to one portal user or one property.");
	STORE_TXN(rc, (change_rerun(out, NULL), feed_apply(who, user, property, out)));
	return rc;
}

static const struct url_words ical_url_words = {
	"That is not a URL like https://www.airbnb.com/calendar/ical/123.ics?s=abc.",
	"The URL must not hold a user name or password.",
	"Calendars are not fetched from loopback, link-local or private addresses.",
};

/* May the actor (acc; NULL: staff) change the import of property? DB_OK, or
 * CHANGE_NOT_FOUND when it is not the tenant's or acc lacks calendar.sync. */
static int
source_may(const struct actor *who, const struct access *acc, int64_t property)
{
	struct property prop;
	int found, rc;

	if ((rc = store_property_get(who->a, who->tenant, acc, property, &prop,
	    &found)) != DB_OK)
		return rc;
	if (!found || (acc != NULL &&
	    !(prop.rights.perms & PERM_BIT(PERM_CALENDAR_SYNC))))
		return CHANGE_NOT_FOUND;
	return DB_OK;
}

static int
source_add_apply(const struct actor *who, const struct access *acc, int64_t property,
    const char *channel, const char *url, struct change_result *out)
{
	char detail[120];
	int rc;

	if ((rc = source_may(who, acc, property)) != DB_OK ||
	    (rc = store_ical_source_add(who->a, who->tenant, property, channel, url,
	    &out->id)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "property=%lld channel=%s", (long long)property,
	    channel);
	return change_audit(who, "ical_source.add", "ical_source", out->id, detail);
}

int
change_ical_source_add(const struct actor *who, const struct access *acc,
    int64_t property, const char *channel, const char *url, struct change_result *out)
{
	const char *why;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!change_line_ok(channel, ICAL_CHANNEL_MAX, 1))
		return change_refuse(out, CHANGE_INVALID, "No channel", "Give the channel's "
		    "name (Airbnb, Vrbo...), at most %d characters on one line.",
		    ICAL_CHANNEL_MAX);
	if ((why = url_problem(url, who->cfg->ical.allow_private, &who->cfg->ical.allow,
	    &ical_url_words)) != NULL)
		return change_refuse(out, CHANGE_INVALID, "Not a calendar URL", "%s", why);
	STORE_TXN(rc, (change_rerun(out, NULL), source_add_apply(who, acc, property, channel, url, out)));
	return rc;
}

static int
source_remove_apply(const struct actor *who, const struct access *acc, int64_t id,
    struct change_result *out)
{
	struct ical_source s;
	char detail[120];
	int found, rc;

	if ((rc = store_ical_source_get(who->a, who->tenant, id, &s, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	if ((rc = source_may(who, acc, s.property_id)) != DB_OK ||
	    (rc = store_ical_source_del(who->a, who->tenant, id)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "property=%lld channel=%s",
	    (long long)s.property_id, s.channel);
	return change_audit(who, "ical_source.remove", "ical_source", id, detail);
}

int
change_ical_source_remove(const struct actor *who, const struct access *acc,
    int64_t id, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = id;
	STORE_TXN(rc, (change_rerun(out, NULL), source_remove_apply(who, acc, id, out)));
	return rc;
}

/* --- The import's sync: a channel's feed applied to its property --- */

/* The external id of the booking an import URL makes of the event uid: the URL's
 * id and 128 bits of the UID's SHA-256 (a UID may hold any character). */
static void
sync_xid(int64_t source, const char *uid, char *out, size_t outlen)
{
	unsigned char h[32];
	char hex[33];

	crypto_sha256(uid, strlen(uid), h);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	snprintf(out, outlen, "ical-%lld-%s", (long long)source, hex);
}

/* The stored booking of uid among rows, or NULL. */
static struct ical_booking *
sync_find(struct ical_booking *rows, size_t n, const char *uid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].uid, uid) == 0)
			return &rows[i];
	return NULL;
}

/* One booking put through change_booking_put_in(): the event's days and status,
 * the channel's name, nothing else (a feed carries no guest and no money). */
static int
sync_put(const struct actor *who, const struct ical_claimed *src,
    const struct property_row *prop, const char *xid, long start, long end,
    const char *status, int *created, struct change_result *out)
{
	struct booking_in in = {
		.xid = xid, .property = prop, .arrival = start, .departure = end,
		.status = status, .channel = src->channel, .currency = "USD",
	};
	int rc;

	if ((rc = change_booking_put_in(who, &in, created, out)) > 0)
		out->field = NULL;
	return rc;
}

/* One block-off put through change_block_put_in() for an event the channel
 * closes: its days, the reason "CHANNEL: SUMMARY" ("CHANNEL: Not available" when
 * the summary is missing or too long). */
static int
sync_block(const struct actor *who, const struct ical_claimed *src,
    const struct property_row *prop, const struct ical_item *it, const char *xid,
    int *created, struct change_result *out)
{
	struct block_put in = {
		.xid = xid, .property = prop, .start = it->start, .end = it->end,
	};
	struct buf reason;
	int rc;

	buf_init(&reason, 128);
	buf_printf(&reason, "%s: %s", src->channel, it->summary[0] != '\0' ?
	    it->summary : "Not available");
	if (utf8_chars(reason.data) > BLOCK_REASON_MAX) {
		buf_reset(&reason);
		buf_printf(&reason, "%s: Not available", src->channel);
	}
	in.reason = reason.data;
	if ((rc = change_block_put_in(who, &in, created, out)) > 0)
		out->field = NULL;
	buf_free(&reason);
	return rc;
}

/* Inside the transaction: the events the channel closes applied as block-offs,
 * matched by UID, the vanished removed (a block-off has no cancelled status). */
static int
sync_blocks(const struct actor *who, const struct ical_sync *s,
    const struct property_row *prop, struct ical_counts *c, struct change_result *out)
{
	const struct ical_claimed *src = s->source;
	struct ical_booking *rows, *had;
	struct change_result one;
	char xid[64];
	size_t nrows;
	int created, rc;

	if ((rc = store_ical_sync_bookings(who->a, who->tenant, src->id, 1, &rows,
	    &nrows)) != DB_OK)
		return rc;
	for (size_t i = 0; i < s->n; i++) {
		const struct ical_item *it = &s->items[i];

		if (!it->block || it->cancelled)
			continue;
		if ((had = sync_find(rows, nrows, it->uid)) != NULL)
			had->seen = 1;
		sync_xid(src->id, it->uid, xid, sizeof(xid));
		if ((rc = sync_block(who, src, prop, it, xid, &created, &one)) != DB_OK) {
			*out = one;
			return rc;
		}
		if (created) {
			c->created++;
			if ((rc = store_ical_sync_mark(who->a, who->tenant, 1, one.id,
			    src->id, it->uid)) != DB_OK)
				return rc;
		} else if (!one.unchanged)
			c->moved++;
	}
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].seen)
			continue;
		if ((rc = change_block_delete_in(who, rows[i].xid, &one)) != DB_OK) {
			*out = one;
			return rc;
		}
		c->cancelled++;
	}
	return DB_OK;
}

/* Inside the transaction: every item applied, the vanished cancelled, the flags
 * set again and the outcome recorded. */
static int
sync_apply(const struct actor *who, const struct ical_sync *s,
    struct ical_counts *c, struct change_result *out)
{
	const struct ical_claimed *src = s->source;
	struct property_row prop = {
		.id = src->property_id, .customer_id = src->customer_id,
		.name = src->property,
	};
	char xid[64];
	struct ical_booking *rows, *had;
	struct change_result one;
	size_t nrows;
	long start, end;
	int created, ours, rc;

	if ((rc = sync_blocks(who, s, &prop, c, out)) != DB_OK)
		return rc;
	if ((rc = store_ical_sync_bookings(who->a, who->tenant, src->id, 0, &rows,
	    &nrows)) != DB_OK)
		return rc;
	for (size_t i = 0; i < s->n; i++) {
		const struct ical_item *it = &s->items[i];

		c->events++;
		had = sync_find(rows, nrows, it->uid);
		if (had != NULL && !it->block)
			had->seen = 1;
		/* Dates the channel closes are block-offs (sync_blocks()); a booking
		 * of a UID turned into one is cancelled below. */
		if (it->block || (it->cancelled && had == NULL))
			continue;
		sync_xid(src->id, it->uid, xid, sizeof(xid));
		if ((rc = sync_put(who, src, &prop, xid, it->start, it->end,
		    it->cancelled ? "cancelled" : "confirmed", &created, &one)) != DB_OK) {
			*out = one;
			return rc;
		}
		if (created) {
			c->created++;
			if ((rc = store_ical_sync_mark(who->a, who->tenant, 0, one.id,
			    src->id, it->uid)) != DB_OK)
				return rc;
		} else if (!one.unchanged && it->cancelled)
			c->cancelled++;
		else if (!one.unchanged)
			c->moved++;
	}
	/* What the feed no longer holds is cancelled, never deleted. */
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].seen || strcmp(rows[i].status, "cancelled") == 0)
			continue;
		if (date_parse(rows[i].start, &start) < 0 ||
		    date_parse(rows[i].end, &end) < 0)
			return DB_ERROR;
		if ((rc = sync_put(who, src, &prop, rows[i].xid, start, end, "cancelled",
		    &created, &one)) != DB_OK) {
			*out = one;
			return rc;
		}
		c->cancelled++;
	}
	if ((rc = store_ical_sync_overlap(who->a, who->tenant, src->property_id,
	    src->id, &c->flagged)) != DB_OK)
		return rc;
	if ((rc = store_ical_sync_done(who->a, who->tenant, src->id, s->claim, s->etag,
	    s->last_modified, c, s->again, &ours)) != DB_OK)
		return rc;
	if (!ours)
		return change_refuse(out, CHANGE_CONFLICT, "Claim lost", "Another sync "
		    "took this import URL back meanwhile; nothing was changed.");
	return DB_OK;
}

int
change_ical_sync(const struct actor *who, const struct ical_sync *s,
    struct ical_counts *c, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	/* The counts start afresh with each run of the transaction. */
	STORE_TXN(rc, (change_rerun(out, NULL), memset(c, 0, sizeof(*c)),
	    sync_apply(who, s, c, out)));
	return rc;
}

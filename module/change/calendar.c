/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds' secret addresses as their owners and staff change them: made
 * the first time, replaced (rotated) after (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "event.h"
#include "ical_feed.h"
#include "store.h"
#include "store_bookings.h"
#include "store_access.h"
#include "store_ical.h"
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
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(feed_apply(who, user, property, out));
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
	if ((why = url_problem(url, who->cfg->ical.allow_private, &ical_url_words)) !=
	    NULL)
		return change_refuse(out, CHANGE_INVALID, "Not a calendar URL", "%s", why);
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(source_add_apply(who, acc, property, channel, url, out));
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
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(source_remove_apply(who, acc, id, out));
}

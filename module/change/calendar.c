/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds' secret addresses as their owners and staff change them: made
 * the first time, replaced (rotated) after (see change.h).
 */
#include "config.h"

#include <string.h>

#include "change.h"
#include "ical_feed.h"
#include "store.h"
#include "store_bookings.h"
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

/* porch — SPDX-License-Identifier: MIT
 * A customer's token link as staff change it: rotated, given or relieved of a last
 * day, disabled and enabled again (see change.h).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "change.h"
#include "store.h"
#include "store_tokenlink.h"
#include "tokenlink.h"

static const char *const audit_action[TOKENLINK__MAX] = {
	[TOKENLINK_ROTATE] = "tokenlink.rotate",
	[TOKENLINK_EXPIRY] = "tokenlink.expiry",
	[TOKENLINK_DISABLE] = "tokenlink.disable",
	[TOKENLINK_ENABLE] = "tokenlink.enable",
};

/* Did the last day (days since the epoch) already end, in UTC? */
static int
day_past(long day)
{
	return day < (long)(time(NULL) / 86400);
}

/* Inside the transaction: the change, its visitors' sessions, the audit entry. */
static int
apply(const struct actor *who, const struct tokenlink_change *in)
{
	char last[DATE_LEN];
	const char *detail = NULL;
	int end_sessions = 0, issued, rc;

	switch (in->op) {
	case TOKENLINK_ROTATE:
		rc = tokenlink_issue(who->a, who->cfg->secret_key, who->tenant,
		    in->customer, 1, &issued);
		detail = in->first ? "first link" : NULL;
		end_sessions = 1;
		break;
	case TOKENLINK_EXPIRY:
		if (in->expires >= 0)
			date_format(in->expires, last);
		rc = store_tokenlink_set_expiry(who->a, who->tenant, in->customer,
		    in->expires >= 0 ? last : NULL);
		detail = in->expires >= 0 ? last : "none";
		/* A day already over ends the link now. */
		end_sessions = in->expires >= 0 && day_past(in->expires);
		break;
	default:
		rc = store_tokenlink_set_disabled(who->a, who->tenant, in->customer,
		    in->op == TOKENLINK_DISABLE);
		end_sessions = in->op == TOKENLINK_DISABLE;
		break;
	}
	if (rc == DB_OK && end_sessions)
		rc = store_token_sessions_del(who->a, who->tenant, in->customer);
	if (rc != DB_OK)
		return rc;
	return change_audit(who, audit_action[in->op], "customer", in->customer, detail);
}

int
change_tokenlink(const struct actor *who, const struct tokenlink_change *in,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = in->customer;
	STORE_TXN(rc, apply(who, in));
	return rc;
}

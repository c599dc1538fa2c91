/* porch — SPDX-License-Identifier: MIT
 * Local formats (see change.h): the tenant's time zone and number format, set by
 * its admins on /staff/brand, and a user's own time zone, set on /account. The
 * zone is checked against the system's zoneinfo (local.h) before anything is
 * read.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "local.h"
#include "store.h"
#include "store_auth.h"

/* A zone's refusal: the sentence of local_zone_problem(). */
static int
zone_refuse(const char *zone, const char *title, struct change_result *out)
{
	const char *why = local_zone_problem(zone);

	if (why == NULL)
		return CHANGE_OK;
	out->field = "/time_zone";
	return change_refuse(out, CHANGE_INVALID, title, "%s", why);
}

/* Inside the transaction: the tenant's row locked, set, audited. */
static int
tenant_local_apply(const struct actor *who, const char *zone, int numfmt,
    struct change_result *out)
{
	struct tenant t;
	char changed[64] = "";
	int found, rc;

	if ((rc = store_tenant_brand_lock(who->a, who->tenant, &t, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	change_differs(changed, sizeof(changed), "time_zone",
	    !change_same(t.time_zone, zone));
	change_differs(changed, sizeof(changed), "number_format",
	    t.number_format != numfmt);
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_tenant_local_set(who->a, who->tenant, zone,
	    numfmt_name(numfmt))) != DB_OK)
		return rc;
	return change_audit(who, "tenant.local", "tenant", who->tenant, changed);
}

int
change_tenant_local(const struct actor *who, const char *zone,
    const char *number_format, struct change_result *out)
{
	int numfmt, rc;

	memset(out, 0, sizeof(*out));
	out->id = who->tenant;
	if ((rc = zone_refuse(zone, "Time zone not saved", out)) != CHANGE_OK)
		return rc;
	if (numfmt_parse(number_format, &numfmt) < 0) {
		out->field = "/number_format";
		return change_refuse(out, CHANGE_INVALID, "Number format not saved",
		    "Choose one of the number formats listed.");
	}
	STORE_TXN(rc, (change_rerun(out, NULL), tenant_local_apply(who, zone, numfmt,
	    out)));
	return rc;
}

/* Inside the transaction: the user's row locked, set, audited. */
static int
user_zone_apply(const struct actor *who, enum principal k, const char *zone,
    struct change_result *out)
{
	char *was;
	int found, rc;

	if ((rc = store_user_zone_lock(who->a, k, who->tenant, who->id, &was,
	    &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	if (change_same(was, zone))
		return change_unchanged(out);
	if ((rc = store_user_zone_set(who->a, k, who->tenant, who->id, zone)) != DB_OK)
		return rc;
	return change_audit(who, "account.time_zone", k == PRINCIPAL_STAFF ?
	    "staff_user" : "portal_user", who->id, zone != NULL ? zone : "tenant's");
}

int
change_user_zone(const struct actor *who, enum principal k, const char *zone,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = who->id;
	if (zone != NULL && zone[0] == '\0')
		zone = NULL;
	if (zone != NULL && (rc = zone_refuse(zone, "Time zone not saved", out)) !=
	    CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, NULL), user_zone_apply(who, k, zone, out)));
	return rc;
}

/* porch — SPDX-License-Identifier: MIT
 * The store functions behind "log in as" and the staff audit page.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_staff_audit.h"

int
store_staff_may_impersonate(struct arena *a, int64_t tenant, int64_t staff_id,
    int *allowed)
{
	struct db_param p[] = { DP_I(tenant), DP_I(staff_id) };
	struct db_res r;
	int rc;

	*allowed = 0;
	if ((rc = db_exec(ST_STAFF_MAY_IMPERSONATE, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1 && DB_CELL(&r, 0, 0) != NULL)
		*allowed = strcmp(DB_CELL(&r, 0, 0), "1") == 0;
	return rc;
}

int
store_portal_user_brief(struct arena *a, int64_t tenant, int64_t id,
    struct portal_user_brief *u, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(ST_PORTAL_USER_BRIEF, p, NELEM(p), a, &r)) != DB_OK ||
	    r.nrows != 1)
		return rc;
	u->id = strtoll(DB_CELL(&r, 0, 0), NULL, 10);
	u->customer_id = strtoll(DB_CELL(&r, 0, 1), NULL, 10);
	u->login = DB_CELL(&r, 0, 2);
	u->active = strcmp(DB_CELL(&r, 0, 3), "active") == 0;
	*found = 1;
	return DB_OK;
}

int
store_portal_users_list(struct arena *a, int64_t tenant, struct db_res *res)
{
	struct db_param p[] = { DP_I(tenant) };

	return db_exec(ST_PORTAL_USERS_LIST, p, NELEM(p), a, res);
}

int
store_audit_list(struct arena *a, int64_t tenant, const struct audit_query *q,
    struct db_res *res)
{
	const char *action = q->action != NULL ? q->action : "";
	const char *user = q->user != NULL ? q->user : "";
	struct db_param p[] = {
		DP_I(tenant), DP_I(q->before > 0 ? q->before : INT64_MAX),
		DP_S(action), DP_S(action),
		DP_S(user), DP_S(user), DP_S(user), DP_S(user), DP_S(user), DP_S(user),
		DP_I(q->limit),
	};

	return db_exec(ST_AUDIT_LIST, p, NELEM(p), a, res);
}

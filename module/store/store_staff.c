/* porch — SPDX-License-Identifier: MIT
 * Staff accounts as admins change them (see store_staff.h).
 */
#include "config.h"

#include "store.h"
#include "store_grants.h"
#include "store_staff.h"

int
store_staff_admin_lock(struct arena *a, int64_t tenant, int64_t actor, int *admin)
{
	struct db_param p[] = { DP_I(tenant), DP_I(actor) };
	struct db_res r;
	int rc;

	*admin = 0;
	/* The tenant's write_seq too: on a Galera cluster the locking read holds on
	 * one node only, the write makes certification decide (docs/DESIGN.md). */
	if ((rc = store_notify_lock(a, tenant)) != DB_OK)
		return rc;
	if ((rc = db_exec(ST_STAFF_ADMIN_LOCK, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1)
		*admin = db_cell_i64(&r, 0, 0) != 0;
	return rc;
}

int
store_staff_invite(struct arena *a, int64_t tenant, const char *email,
    const char *name, const struct staff_rights *rights, int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_S(email), DP_S(name != NULL ? name : ""),
		DP_S(rights->admin ? "admin" : "staff"), DP_I(rights->impersonate != 0),
		DP_I(rights->mfa_required != 0),
	};
	struct db_res r;
	int rc;

	*id = 0;
	if ((rc = db_exec(ST_STAFF_INVITE, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_staff_set_rights(struct arena *a, int64_t tenant, int64_t id,
    const struct staff_rights *rights)
{
	struct db_param p[] = {
		DP_S(rights->admin ? "admin" : "staff"), DP_I(rights->impersonate != 0),
		DP_I(rights->mfa_required != 0), DP_I(tenant), DP_I(id),
	};

	return store_change(a, ST_STAFF_SET_RIGHTS, p, NELEM(p), NULL);
}

int
store_staff_enable(struct arena *a, int64_t tenant, int64_t id, int enable,
    int *changed)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change_one(a, enable ? ST_STAFF_ENABLE : ST_STAFF_DISABLE, p,
	    NELEM(p), changed);
}

int
store_sessions_del_impersonator(struct arena *a, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, ST_SESSIONS_DEL_IMPERSONATOR, p, NELEM(p), NULL);
}

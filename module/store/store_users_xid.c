/* porch — SPDX-License-Identifier: MIT
 * Permission groups and portal users by external id (see store_users_xid.h); SQL
 * text in store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_users_xid.h"

/* A group from row i of GROUP_XID_SELECT: GROUP_SELECT's columns, then the id
 * (ctx the arena the formula list is read into). */
static int
group_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct group_xid *g = out;

	g->xid = DB_CELL(r, i, 11);
	return store_group_fill(r, i, ctx, &g->g);
}

/* A portal user from row i of USER_XID_SELECT. */
static int
user_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct user_xid *u = out;

	(void)ctx;
	u->id = db_cell_i64(r, i, 0);
	u->xid = DB_CELL(r, i, 1);
	u->customer_id = db_cell_i64(r, i, 2);
	u->customer_xid = DB_CELL(r, i, 3);
	u->contact_id = db_cell_i64(r, i, 4);
	u->contact_xid = DB_CELL(r, i, 5);
	u->login = DB_CELL(r, i, 6);
	u->login_is_email = db_cell_i64(r, i, 7) != 0;
	u->status = DB_CELL(r, i, 8);
	u->mfa_required = db_cell_i64(r, i, 9) != 0;
	u->is_admin = db_cell_i64(r, i, 10) != 0;
	u->hide_reports = db_cell_i64(r, i, 11) != 0;
	return 0;
}

/* A grant from row i of ST_USER_GRANTS_XID. */
static int
grant_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct grant_xid *g = out;

	(void)ctx;
	g->id = db_cell_i64(r, i, 0);
	g->group_id = db_cell_i64(r, i, 1);
	g->group_xid = DB_CELL(r, i, 2);
	g->scope = DB_CELL(r, i, 3);
	g->customer_id = db_cell_i64(r, i, 4);
	g->customer_xid = DB_CELL(r, i, 5);
	g->property_id = db_cell_i64(r, i, 6);
	g->property_xid = DB_CELL(r, i, 7);
	g->expires = DB_CELL(r, i, 8);
	return 0;
}

const struct store_xid_kind store_xid_groups = {
	.one = ST_GROUP_BY_XID, .one_lock = ST_GROUP_BY_XID_LOCK,
	.after = ST_GROUPS_AFTER, .size = sizeof(struct group_xid), .fill = group_fill,
};
const struct store_xid_kind store_xid_users = {
	.one = ST_USER_BY_XID, .one_lock = ST_USER_BY_XID_LOCK,
	.after = ST_USERS_AFTER, .size = sizeof(struct user_xid), .fill = user_fill,
};

/* Runs statement id (params xid, tenant, id). */
static int
set_xid(struct arena *a, enum stmt_id id, int64_t tenant, int64_t row,
    const char *xid)
{
	struct db_param p[] = { DP_S(xid), DP_I(tenant), DP_I(row) };

	return store_change(a, id, p, NELEM(p), NULL);
}

int
store_group_set_xid(struct arena *a, int64_t tenant, int64_t id, const char *xid)
{
	return set_xid(a, ST_GROUP_SET_XID, tenant, id, xid);
}

int
store_user_set_xid(struct arena *a, int64_t tenant, int64_t id, const char *xid)
{
	return set_xid(a, ST_USER_SET_XID, tenant, id, xid);
}

int
store_user_grants_xid(struct arena *a, int64_t tenant, int64_t id,
    struct grant_xid **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	int rc;

	*rows = store_rows(a, ST_USER_GRANTS_XID, p, NELEM(p), sizeof(**rows),
	    grant_fill, NULL, n, &rc);
	return rc;
}

/* porch — SPDX-License-Identifier: MIT
 * The store functions behind "log in as", the staff list and the staff audit page;
 * one fill function per struct reads the rows.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_mfa.h"
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

/* A portal user from row i of ST_PORTAL_USER_BRIEF. */
static int
brief_fill(const struct db_res *r, size_t i, const void *ctx, void *user)
{
	struct portal_user_brief *u = user;

	u->id = db_cell_i64(r, i, 0);
	u->customer_id = db_cell_i64(r, i, 1);
	u->login = DB_CELL(r, i, 2);
	u->active = strcmp(DB_CELL(r, i, 3), "active") == 0;
	return 0;
}

int
store_portal_user_brief(struct arena *a, int64_t tenant, int64_t id,
    struct portal_user_brief *u, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_PORTAL_USER_BRIEF, p, NELEM(p), brief_fill, NULL, u,
	    found);
}

/* A portal user from row i of ST_PORTAL_USERS_LIST. */
static int
user_line_fill(const struct db_res *r, size_t i, const void *ctx, void *user)
{
	struct portal_user_line *out = user;

	out->id = db_cell_i64(r, i, 0);
	out->login = DB_CELL(r, i, 1);
	out->customer = DB_CELL(r, i, 2);
	out->status = DB_CELL(r, i, 3);
	return 0;
}

int
store_portal_users_list(struct arena *a, int64_t tenant,
    struct portal_user_line **users, size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*users = store_rows(a, ST_PORTAL_USERS_LIST, p, NELEM(p), sizeof(**users),
	    user_line_fill, NULL, n, &rc);
	return rc;
}

/* A staff member from row i of ST_STAFF_TEAM. */
static int
staff_fill(const struct db_res *r, size_t i, const void *ctx, void *member)
{
	struct staff_member *out = member;

	out->id = db_cell_i64(r, i, 0);
	out->email = DB_CELL(r, i, 1);
	out->name = DB_CELL(r, i, 2);
	out->role = DB_CELL(r, i, 3);
	out->status = DB_CELL(r, i, 4);
	out->mfa_enrolled = db_cell_i64(r, i, 5) != 0;
	out->mfa_secret = db_cell_i64(r, i, 6) != 0;
	out->can_impersonate = db_cell_i64(r, i, 7) != 0;
	out->mfa_required = db_cell_i64(r, i, 8) != 0;
	out->tenant_mfa = db_cell_i64(r, i, 9) != 0;
	return 0;
}

/* Staff member id of the tenant by statement st (plain or locked). */
static int
staff_one(struct arena *a, enum stmt_id st, int64_t tenant, int64_t id,
    struct staff_member *m, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, st, p, NELEM(p), staff_fill, NULL, m, found);
}

int
store_staff_get(struct arena *a, int64_t tenant, int64_t id, struct staff_member *m,
    int *found)
{
	return staff_one(a, ST_STAFF_MEMBER, tenant, id, m, found);
}

int
store_staff_get_locked(struct arena *a, int64_t tenant, int64_t id,
    struct staff_member *m, int *found)
{
	return staff_one(a, ST_STAFF_MEMBER_LOCK, tenant, id, m, found);
}

int
store_staff_members(struct arena *a, int64_t tenant, struct staff_member **staff,
    size_t *n)
{
	struct db_res r;
	int rc;

	*n = 0;
	if ((rc = store_staff_team(a, tenant, &r)) == DB_OK)
		*staff = store_res_rows(a, &r, sizeof(**staff), staff_fill, NULL, n, &rc);
	return rc;
}

/* An entry from row i of ST_AUDIT_LIST. */
static int
audit_fill(const struct db_res *r, size_t i, const void *ctx, void *line)
{
	struct audit_line *out = line;

	out->id = db_cell_i64(r, i, 0);
	out->at = DB_CELL(r, i, 1);
	out->action = DB_CELL(r, i, 2);
	out->actor_kind = DB_CELL(r, i, 3);
	out->actor = DB_CELL(r, i, 4);
	out->impersonator = DB_CELL(r, i, 5);
	out->target_kind = DB_CELL(r, i, 6);
	out->target = DB_CELL(r, i, 7);
	out->ip = DB_CELL(r, i, 8);
	out->detail = DB_CELL(r, i, 9);
	return 0;
}

int
store_audit_list(struct arena *a, int64_t tenant, const struct audit_query *q,
    struct audit_line **lines, size_t *n)
{
	const char *action = q->action != NULL ? q->action : "";
	const char *user = q->user != NULL ? q->user : "";
	struct db_param p[] = {
		DP_I(tenant), DP_I(q->before > 0 ? q->before : INT64_MAX),
		DP_S(action), DP_S(action),
		DP_S(user), DP_S(user), DP_S(user), DP_S(user), DP_S(user), DP_S(user),
		DP_I(q->limit),
	};
	int rc;

	*lines = store_rows(a, ST_AUDIT_LIST, p, NELEM(p), sizeof(**lines),
	    audit_fill, NULL, n, &rc);
	return rc;
}

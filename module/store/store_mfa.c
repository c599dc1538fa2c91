/* porch — SPDX-License-Identifier: MIT
 * MFA state in MariaDB. Replay protection and single-use recovery codes rest on
 * conditional updates, so two porchd hosts racing with the same code accept it once.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_mfa.h"

static const struct stmt_pair get = { ST_MFA_GET_PORTAL, ST_MFA_GET_STAFF };
static const struct stmt_pair pending = { ST_MFA_PENDING_PORTAL, ST_MFA_PENDING_STAFF };
static const struct stmt_pair confirm = { ST_MFA_CONFIRM_PORTAL, ST_MFA_CONFIRM_STAFF };
static const struct stmt_pair use_step = { ST_MFA_USE_STEP_PORTAL,
	ST_MFA_USE_STEP_STAFF };
static const struct stmt_pair clear = { ST_MFA_CLEAR_PORTAL, ST_MFA_CLEAR_STAFF };
static const struct stmt_pair rc_del = { ST_RECOVERY_DEL_PORTAL, ST_RECOVERY_DEL_STAFF };
static const struct stmt_pair rc_add = { ST_RECOVERY_ADD_PORTAL, ST_RECOVERY_ADD_STAFF };
static const struct stmt_pair rc_use = { ST_RECOVERY_USE_PORTAL, ST_RECOVERY_USE_STAFF };

/* Row i of the MFA look-up of a portal user or a staff member. */
static int
mfa_fill(const struct db_res *r, size_t i, const void *ctx, void *account)
{
	struct mfa_account *m = account;

	m->required = db_cell_i64(r, i, 0) != 0;
	m->box = (const unsigned char *)DB_CELL(r, i, 1);
	m->boxlen = m->box != NULL ? DB_LEN(r, i, 1) : 0;
	m->enrolled = db_cell_i64(r, i, 2) != 0 && m->boxlen > 0;
	m->login = DB_CELL(r, i, 3);
	m->email = DB_CELL(r, i, 4);
	m->name = DB_CELL(r, i, 5);
	m->codes_left = (long)db_cell_i64(r, i, 6);
	return 0;
}

int
store_mfa_get(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    struct mfa_account *m, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	memset(m, 0, sizeof(*m));
	return store_one(a, stmt_for(&get, k), p, NELEM(p), mfa_fill, NULL, m, found);
}

int
store_mfa_set_pending(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const unsigned char *box, size_t n)
{
	struct db_param p[] = { DP_B((const char *)box, n), DP_I(tenant), DP_I(id) };

	return store_change(a, stmt_for(&pending, k), p, NELEM(p), NULL);
}

int
store_mfa_confirm(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    int64_t step, int *done)
{
	struct db_param p[] = { DP_I(step), DP_I(tenant), DP_I(id) };

	return store_change_one(a, stmt_for(&confirm, k), p, NELEM(p), done);
}

int
store_mfa_use_step(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    int64_t step, int *accepted)
{
	struct db_param p[] = { DP_I(step), DP_I(tenant), DP_I(id), DP_I(step) };

	return store_change_one(a, stmt_for(&use_step, k), p, NELEM(p), accepted);
}

int
store_mfa_clear(struct arena *a, enum principal k, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	int rc;

	if ((rc = store_change(a, stmt_for(&clear, k), p, NELEM(p), NULL)) != DB_OK)
		return rc;
	return store_change(a, stmt_for(&rc_del, k), p, NELEM(p), NULL);
}

int
store_recovery_replace(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const unsigned char (*hashes)[32], size_t n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id), DP_NUL };
	struct db_res r;
	int rc;

	if ((rc = db_exec(stmt_for(&rc_del, k), p, 2, a, &r)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		p[2] = DP_B((const char *)hashes[i], 32);
		if ((rc = db_exec(stmt_for(&rc_add, k), p, NELEM(p), a, &r)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
store_recovery_use(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const unsigned char hash[32], int *used)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id), DP_B((const char *)hash, 32) };

	return store_change_one(a, stmt_for(&rc_use, k), p, NELEM(p), used);
}

/* Row i of ST_RECOVERY_LEGACY; -1 when its hash is not 32 bytes. */
static int
legacy_fill(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct recovery_legacy *out = row;

	if (DB_LEN(r, i, 4) != 32)
		return -1;
	out->tenant = db_cell_i64(r, i, 0);
	out->id = db_cell_i64(r, i, 1);
	out->kind = DB_CELL(r, i, 2);
	out->user = db_cell_i64(r, i, 3);
	out->sha256 = (const unsigned char *)DB_CELL(r, i, 4);
	return 0;
}

int
store_recovery_legacy(struct arena *a, struct recovery_legacy **rows, size_t *n)
{
	int rc;

	*rows = store_rows(a, ST_RECOVERY_LEGACY, NULL, 0, sizeof(**rows), legacy_fill,
	    NULL, n, &rc);
	return rc;
}

int
store_recovery_convert(struct arena *a, int64_t tenant, int64_t id,
    const unsigned char hash[32])
{
	struct db_param p[] = { DP_B((const char *)hash, 32), DP_I(tenant), DP_I(id) };

	return store_change(a, ST_RECOVERY_CONVERT, p, NELEM(p), NULL);
}

int
store_portal_mfa_require(struct arena *a, int64_t tenant, int64_t id, int on)
{
	struct db_param p[] = { DP_I(on ? 1 : 0), DP_I(tenant), DP_I(id) };

	return store_change(a, ST_PORTAL_MFA_REQUIRE, p, NELEM(p), NULL);
}

/* A read of the tenant's rows keyed by one more id. */
static int
list_by(struct arena *a, enum stmt_id st, int64_t tenant, int64_t id,
    struct db_res *res)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return db_exec(st, p, NELEM(p), a, res);
}

int
store_portal_users_of_customer(struct arena *a, int64_t tenant, int64_t customer,
    struct db_res *res)
{
	return list_by(a, ST_PORTAL_USERS_OF_CUSTOMER, tenant, customer, res);
}

int
store_portal_users_of_group(struct arena *a, int64_t tenant, int64_t group,
    struct db_res *res)
{
	return list_by(a, ST_PORTAL_USERS_OF_GROUP, tenant, group, res);
}

int
store_staff_team(struct arena *a, int64_t tenant, struct db_res *res)
{
	struct db_param p[] = { DP_I(tenant) };

	return db_exec(ST_STAFF_TEAM, p, NELEM(p), a, res);
}

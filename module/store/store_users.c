/* porch — SPDX-License-Identifier: MIT
 * Portal users as staff manage them, their default grant, and the invitation and
 * password-reset tokens; SQL text in store_sql.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_auth.h"
#include "store_mfa.h"
#include "store_users.h"

/* A roster line from row i of ST_CUSTOMER_ROSTER. */
static int
roster_fill(const struct db_res *r, size_t i, const void *ctx, void *line)
{
	struct roster_line *out = line;

	out->customer_id = db_cell_i64(r, i, 0);
	out->contact_id = db_cell_i64(r, i, 1);		/* NULL: 0 */
	out->name = DB_CELL(r, i, 2);
	out->email = DB_CELL(r, i, 3);
	out->user_id = db_cell_i64(r, i, 4);
	out->login = DB_CELL(r, i, 5);
	out->status = DB_CELL(r, i, 6);
	out->last_action = DB_CELL(r, i, 7);
	out->mfa_required = db_cell_i64(r, i, 8) != 0;
	out->mfa_enrolled = db_cell_i64(r, i, 9) != 0;
	out->mfa_secret = db_cell_i64(r, i, 10) != 0;
	return 0;
}

int
store_customer_roster(struct arena *a, int64_t tenant, int64_t after, size_t limit,
    struct roster_line **lines, size_t *n, int64_t *next)
{
	struct db_param q[] = { DP_I(tenant), DP_I(after), DP_I((long long)limit + 1) };
	/* tenant, first and last id, for the customers and then their contacts */
	struct db_param p[] = { DP_I(tenant), DP_I(0), DP_I(0), DP_I(tenant), DP_I(0),
	    DP_I(0) };
	struct db_res res;
	size_t ids;
	int rc;

	*lines = NULL;
	*n = 0;
	*next = 0;
	if ((rc = db_exec(ST_ROSTER_PAGE, q, NELEM(q), a, &res)) != DB_OK ||
	    (ids = res.nrows) == 0)
		return rc;
	if (ids > limit)
		ids = limit;
	p[1].i = p[4].i = db_cell_i64(&res, 0, 0);
	p[2].i = p[5].i = db_cell_i64(&res, ids - 1, 0);
	if (res.nrows > limit)
		*next = p[2].i;
	*lines = store_rows(a, ST_CUSTOMER_ROSTER, p, NELEM(p), sizeof(**lines),
	    roster_fill, NULL, n, &rc);
	return rc;
}

/* A customer from row i of ST_CUSTOMER_GET: id, name, email. */
static int
customer_fill(const struct db_res *r, size_t i, const void *ctx, void *person)
{
	struct person *out = person;

	out->customer_id = db_cell_i64(r, i, 0);
	out->contact_id = 0;
	out->name = DB_CELL(r, i, 1);
	out->email = DB_CELL(r, i, 2);
	return 0;
}

int
store_customer_get(struct arena *a, int64_t tenant, int64_t id, struct person *out,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_CUSTOMER_GET, p, NELEM(p), customer_fill, NULL, out,
	    found);
}

/* A contact from row i of ST_CONTACT_GET or ST_CONTACTS_OF_CUSTOMER. */
static int
contact_fill(const struct db_res *r, size_t i, const void *ctx, void *person)
{
	struct person *out = person;

	out->contact_id = db_cell_i64(r, i, 0);
	out->customer_id = db_cell_i64(r, i, 1);
	out->name = DB_CELL(r, i, 2);
	out->email = DB_CELL(r, i, 3);
	return 0;
}

int
store_contact_get(struct arena *a, int64_t tenant, int64_t id, struct person *out,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_CONTACT_GET, p, NELEM(p), contact_fill, NULL, out, found);
}

int
store_contacts_of_customer(struct arena *a, int64_t tenant, int64_t customer,
    struct person **people, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(customer) };
	int rc;

	*people = store_rows(a, ST_CONTACTS_OF_CUSTOMER, p, NELEM(p), sizeof(**people),
	    contact_fill, NULL, n, &rc);
	return rc;
}

/* The ids list() gives for of (a customer or a group) as ids[0..n). */
static int
ids_of(struct arena *a, int64_t tenant, int64_t of,
    int (*list)(struct arena *, int64_t, int64_t, struct db_res *), int64_t **ids,
    size_t *n)
{
	struct db_res r;
	int rc;

	*n = 0;
	if ((rc = list(a, tenant, of, &r)) == DB_OK)
		*ids = store_res_rows(a, &r, sizeof(**ids), store_fill_id, NULL, n, &rc);
	return rc;
}

int
store_portal_user_ids_of_customer(struct arena *a, int64_t tenant, int64_t customer,
    int64_t **ids, size_t *n)
{
	return ids_of(a, tenant, customer, store_portal_users_of_customer, ids, n);
}

int
store_portal_user_ids_of_group(struct arena *a, int64_t tenant, int64_t group,
    int64_t **ids, size_t *n)
{
	return ids_of(a, tenant, group, store_portal_users_of_group, ids, n);
}

int
store_portal_user_of(struct arena *a, int64_t tenant, const struct person *who,
    int64_t *user_id)
{
	struct db_param p[] = { DP_I(tenant),
		DP_I(who->contact_id != 0 ? who->contact_id : who->customer_id) };
	int found;

	*user_id = 0;
	return store_one(a, who->contact_id != 0 ? ST_PORTAL_USER_OF_CONTACT :
	    ST_PORTAL_USER_OF_CUSTOMER, p, NELEM(p), store_fill_id, NULL, user_id,
	    &found);
}

int
store_portal_user_add(struct arena *a, int64_t tenant, const struct person *who,
    const char *login, int login_is_email, int64_t *id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(who->customer_id),
		DP_ID(who->contact_id), DP_S(login), DP_I(login_is_email != 0) };
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_PORTAL_USER_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

/* A portal user from row i of ST_PORTAL_USER_GET or ST_PORTAL_USER_BY_LOGIN_FULL. */
static int
user_fill(const struct db_res *r, size_t i, const void *ctx, void *user)
{
	struct portal_user *u = user;

	u->id = db_cell_i64(r, i, 0);
	u->customer_id = db_cell_i64(r, i, 1);
	u->contact_id = db_cell_i64(r, i, 2);
	u->login = DB_CELL(r, i, 3);
	u->login_is_email = db_cell_i64(r, i, 4) != 0;
	u->status = DB_CELL(r, i, 5);
	u->name = DB_CELL(r, i, 6);
	return 0;
}

int
store_portal_user_get(struct arena *a, int64_t tenant, int64_t id,
    struct portal_user *u, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_PORTAL_USER_GET, p, NELEM(p), user_fill, NULL, u, found);
}

int
store_portal_user_by_login_full(struct arena *a, int64_t tenant, const char *login,
    struct portal_user *u, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(login) };

	return store_one(a, ST_PORTAL_USER_BY_LOGIN_FULL, p, NELEM(p), user_fill, NULL, u,
	    found);
}

int
store_portal_user_set_status(struct arena *a, int64_t tenant, int64_t id,
    const char *status)
{
	struct db_param p[] = { DP_S(status), DP_I(tenant), DP_I(id) };

	return store_change(a, ST_PORTAL_USER_SET_STATUS, p, NELEM(p), NULL);
}

int
store_portal_user_enable(struct arena *a, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, ST_PORTAL_USER_ENABLE, p, NELEM(p), NULL);
}

int
store_portal_user_activate(struct arena *a, int64_t tenant, int64_t id,
    const char *hash)
{
	return store_user_activate(a, PRINCIPAL_PORTAL, tenant, id, hash);
}

int
store_default_group(struct arena *a, int64_t tenant, int64_t *group)
{
	struct db_param p[] = { DP_I(tenant) };
	struct db_res r;
	int rc;

	*group = 0;
	if ((rc = db_exec(ST_DEFAULT_GROUP, p, NELEM(p), a, &r)) == DB_OK && r.nrows == 1)
		*group = db_cell_i64(&r, 0, 0);
	return rc;
}

int
store_grant_add_customer(struct arena *a, int64_t tenant, int64_t user, int64_t group,
    int64_t customer)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user), DP_I(group), DP_I(customer) };

	return store_change(a, ST_GRANT_ADD_CUSTOMER, p, NELEM(p), NULL);
}

int
store_action_token_add(struct arena *a, int64_t tenant, const char *kind,
    const unsigned char hash[32], int64_t user, long ttl_seconds)
{
	return store_link_add(a, PRINCIPAL_PORTAL, tenant, kind, hash, user, ttl_seconds);
}

int
store_action_token_get(struct arena *a, int64_t tenant, const char *kind,
    const unsigned char hash[32], int64_t *user)
{
	return store_link_user(a, PRINCIPAL_PORTAL, tenant, kind, hash, user);
}

int
store_action_token_use(struct arena *a, int64_t tenant, const char *kind,
    const unsigned char hash[32], int *used)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant), DP_S(kind) };

	return store_change_one(a, ST_ACTION_TOKEN_USE, p, NELEM(p), used);
}

int
store_action_tokens_recent(struct arena *a, int64_t tenant, int64_t user,
    const char *kind, long seconds, long *count)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user), DP_S(kind), DP_I(seconds) };
	struct db_res r;
	int rc;

	*count = 0;
	if ((rc = db_exec(ST_ACTION_TOKENS_RECENT, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1)
		*count = (long)db_cell_i64(&r, 0, 0);
	return rc;
}

int
store_action_tokens_retire(struct arena *a, int64_t tenant, int64_t user)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user) };

	return store_change(a, ST_ACTION_TOKENS_RETIRE, p, NELEM(p), NULL);
}

/* porch — SPDX-License-Identifier: MIT
 * Customers and contacts by external id (see store_customers.h); SQL text in
 * store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_customers.h"

/* A customer from row i of CUSTOMER_XID_SELECT. */
static int
customer_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct customer_row *c = out;

	c->id = db_cell_i64(r, i, 0);
	c->xid = DB_CELL(r, i, 1);
	c->name = DB_CELL(r, i, 2);
	c->email = DB_CELL(r, i, 3);
	c->phone = DB_CELL(r, i, 4);
	c->archived = db_cell_i64(r, i, 5) != 0;
	return 0;
}

/* A contact from row i of CONTACT_XID_SELECT. */
static int
contact_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct contact_row *k = out;

	k->id = db_cell_i64(r, i, 0);
	k->xid = DB_CELL(r, i, 1);
	k->customer_id = db_cell_i64(r, i, 2);
	k->customer_xid = DB_CELL(r, i, 3);
	k->name = DB_CELL(r, i, 4);
	k->email = DB_CELL(r, i, 5);
	k->phone = DB_CELL(r, i, 6);
	k->role = DB_CELL(r, i, 7);
	k->archived = db_cell_i64(r, i, 8) != 0;
	return 0;
}

const struct store_xid_kind store_xid_customers = {
	ST_CUSTOMER_BY_XID, ST_CUSTOMER_BY_XID_LOCK, ST_CUSTOMERS_AFTER,
	ST_CUSTOMER_XID_DEL, sizeof(struct customer_row), customer_fill,
};
/* Customers are written one by one; a group of properties refers to them. */
const struct store_xid_set store_set_customers = {
	&store_xid_customers, ST__MAX, ST_CUSTOMER_REFS, ST__MAX, ST__MAX, 0, NULL,
};
const struct store_xid_kind store_xid_contacts = {
	ST_CONTACT_BY_XID, ST_CONTACT_BY_XID_LOCK, ST_CONTACTS_AFTER,
	ST_CONTACT_XID_DEL, sizeof(struct contact_row), contact_fill,
};

int
store_customer_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
    struct customer_row *c, int *found)
{
	return store_xid_get(a, &store_xid_customers, tenant, xid, lock, c, found);
}

int
store_customer_xid_add(struct arena *a, int64_t tenant, const struct customer_row *c,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_SN(c->xid), DP_S(c->name), DP_SN(c->email),
		DP_SN(c->phone),
	};

	return store_insert(a, ST_CUSTOMER_XID_ADD, p, NELEM(p), id);
}

int
store_customer_xid_update(struct arena *a, int64_t tenant,
    const struct customer_row *c)
{
	struct db_param p[] = {
		DP_S(c->name), DP_SN(c->email), DP_SN(c->phone), DP_I(tenant), DP_I(c->id),
	};

	return store_change(a, ST_CUSTOMER_XID_UPDATE, p, NELEM(p), NULL);
}

int
store_customer_blockers(struct arena *a, int64_t tenant, int64_t id,
    struct customer_blockers *b)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id),
		DP_I(tenant), DP_I(id),
	};
	struct db_res r;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = db_exec(ST_CUSTOMER_BLOCKERS, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1) {
		b->properties = db_cell_i64(&r, 0, 0);
		b->portal_users = db_cell_i64(&r, 0, 1);
		b->statements = db_cell_i64(&r, 0, 2);
		b->documents = db_cell_i64(&r, 0, 3);
	}
	return DB_OK;
}

int
store_contact_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
    struct contact_row *k, int *found)
{
	return store_xid_get(a, &store_xid_contacts, tenant, xid, lock, k, found);
}

int
store_contact_xid_add(struct arena *a, int64_t tenant, const struct contact_row *k,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_SN(k->xid), DP_I(k->customer_id), DP_S(k->name),
		DP_SN(k->email), DP_SN(k->phone), DP_SN(k->role),
	};

	return store_insert(a, ST_CONTACT_XID_ADD, p, NELEM(p), id);
}

int
store_contact_xid_update(struct arena *a, int64_t tenant, const struct contact_row *k)
{
	struct db_param p[] = {
		DP_I(k->customer_id), DP_S(k->name), DP_SN(k->email), DP_SN(k->phone),
		DP_SN(k->role), DP_I(tenant), DP_I(k->id),
	};

	return store_change(a, ST_CONTACT_XID_UPDATE, p, NELEM(p), NULL);
}

/* The count statement st gives for contact id. */
static int
contact_count(struct arena *a, enum stmt_id st, int64_t tenant, int64_t id,
    int64_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct db_res r;
	int rc;

	*n = 0;
	if ((rc = db_exec(st, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	*n = r.nrows == 1 ? db_cell_i64(&r, 0, 0) : 0;
	return DB_OK;
}

int
store_contact_users(struct arena *a, int64_t tenant, int64_t id, int64_t *n)
{
	return contact_count(a, ST_CONTACT_USERS, tenant, id, n);
}

int
store_contact_users_enabled(struct arena *a, int64_t tenant, int64_t id, int64_t *n)
{
	return contact_count(a, ST_CONTACT_USERS_ENABLED, tenant, id, n);
}

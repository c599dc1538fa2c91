/* porch — SPDX-License-Identifier: MIT
 * Customers and contacts by external id (see store_customers.h); SQL text in
 * store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_customers.h"

/* A string parameter, or SQL NULL for NULL. */
#define DP_SN(v)	((v) != NULL ? DP_S(v) : DP_NUL)

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
	return 0;
}

/* The row of statement id (tenant, xid) filled into out by fill. */
static int
by_xid(struct arena *a, enum stmt_id id, int64_t tenant, const char *xid,
    store_fill_fn fill, void *out, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(xid) };

	return store_one(a, id, p, NELEM(p), fill, NULL, out, found);
}

/* A page of rows of statement id after "after", filled by fill. */
static int
after(struct arena *a, enum stmt_id id, int64_t tenant, const char *after,
    size_t limit, size_t size, store_fill_fn fill, void **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_S(after), DP_I((long long)limit) };
	int rc;

	*rows = store_rows(a, id, p, NELEM(p), size, fill, NULL, n, &rc);
	return rc;
}

/* Runs statement id (tenant, row id): a delete by id. */
static int
del_by_id(struct arena *a, enum stmt_id id, int64_t tenant, int64_t row)
{
	struct db_param p[] = { DP_I(tenant), DP_I(row) };

	return store_change(a, id, p, NELEM(p), NULL);
}

int
store_customer_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
    struct customer_row *c, int *found)
{
	return by_xid(a, lock ? ST_CUSTOMER_BY_XID_LOCK : ST_CUSTOMER_BY_XID, tenant,
	    xid, customer_fill, c, found);
}

int
store_customers_after(struct arena *a, int64_t tenant, const char *from, size_t limit,
    struct customer_row **rows, size_t *n)
{
	return after(a, ST_CUSTOMERS_AFTER, tenant, from, limit, sizeof(**rows),
	    customer_fill, (void **)rows, n);
}

int
store_customer_xid_add(struct arena *a, int64_t tenant, const struct customer_row *c,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_S(c->xid), DP_S(c->name), DP_SN(c->email),
		DP_SN(c->phone),
	};
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_CUSTOMER_XID_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
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
store_customer_xid_del(struct arena *a, int64_t tenant, int64_t id)
{
	return del_by_id(a, ST_CUSTOMER_XID_DEL, tenant, id);
}

int
store_contact_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
    struct contact_row *k, int *found)
{
	return by_xid(a, lock ? ST_CONTACT_BY_XID_LOCK : ST_CONTACT_BY_XID, tenant, xid,
	    contact_fill, k, found);
}

int
store_contacts_after(struct arena *a, int64_t tenant, const char *from, size_t limit,
    struct contact_row **rows, size_t *n)
{
	return after(a, ST_CONTACTS_AFTER, tenant, from, limit, sizeof(**rows),
	    contact_fill, (void **)rows, n);
}

int
store_contact_xid_add(struct arena *a, int64_t tenant, const struct contact_row *k,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_S(k->xid), DP_I(k->customer_id), DP_S(k->name),
		DP_SN(k->email), DP_SN(k->phone), DP_SN(k->role),
	};
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_CONTACT_XID_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
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

int
store_contact_users(struct arena *a, int64_t tenant, int64_t id, int64_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct db_res r;
	int rc;

	*n = 0;
	if ((rc = db_exec(ST_CONTACT_USERS, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	*n = r.nrows == 1 ? db_cell_i64(&r, 0, 0) : 0;
	return DB_OK;
}

int
store_contact_xid_del(struct arena *a, int64_t tenant, int64_t id)
{
	return del_by_id(a, ST_CONTACT_XID_DEL, tenant, id);
}

/* porch — SPDX-License-Identifier: MIT
 * Properties by external id (see store_properties.h); SQL text in store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_properties.h"

/* A property from row i of PROPERTY_XID_SELECT. */
static int
property_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct property_row *p = out;

	p->id = db_cell_i64(r, i, 0);
	p->xid = DB_CELL(r, i, 1);
	p->customer_id = db_cell_i64(r, i, 2);
	p->customer_xid = DB_CELL(r, i, 3);
	p->name = DB_CELL(r, i, 4);
	p->address = DB_CELL(r, i, 5);
	p->city = DB_CELL(r, i, 6);
	p->bedrooms = DB_CELL(r, i, 7) != NULL ? db_cell_i64(r, i, 7) : -1;
	p->description = DB_CELL(r, i, 8);
	p->arrival = DB_CELL(r, i, 9);
	p->archived = db_cell_i64(r, i, 10) != 0;
	return 0;
}

const struct store_xid_kind store_xid_properties = {
	ST_PROPERTY_BY_XID, ST_PROPERTY_BY_XID_LOCK, ST_PROPERTIES_AFTER,
	ST_PROPERTY_XID_DEL, sizeof(struct property_row), property_fill,
};
static size_t	property_add_params(int64_t tenant, const void *row,
		    struct db_param *p);
const struct store_xid_set store_set_properties = {
	&store_xid_properties, ST_PROPERTIES_BY_XIDS_LOCK, ST_PROPERTY_REFS,
	ST_PROPERTY_XID_PUT_SET, ST_PROPERTY_IDS, 9, property_add_params,
};

/* The parameters of ST_PROPERTY_XID_ADD (and of ST_PROPERTY_XID_PUT_SET, a row
 * of a set) for row (a struct property_row) into q; returns their number. */
static size_t
property_add_params(int64_t tenant, const void *row, struct db_param *q)
{
	const struct property_row *p = row;
	size_t n = 0;

	q[n++] = DP_I(tenant);
	q[n++] = DP_SN(p->xid);
	q[n++] = DP_I(p->customer_id);
	q[n++] = DP_S(p->name);
	q[n++] = DP_SN(p->address);
	q[n++] = DP_SN(p->city);
	q[n++] = p->bedrooms >= 0 ? DP_I(p->bedrooms) : DP_NUL;
	q[n++] = DP_SN(p->description);
	q[n++] = DP_SN(p->arrival);
	return n;
}

int
store_property_xid_add(struct arena *a, int64_t tenant, const struct property_row *p,
    int64_t *id)
{
	struct db_param q[9];

	return store_insert(a, ST_PROPERTY_XID_ADD, q, property_add_params(tenant, p, q),
	    id);
}

int
store_property_xid_update(struct arena *a, int64_t tenant, const struct property_row *p)
{
	struct db_param q[] = {
		DP_I(p->customer_id), DP_S(p->name), DP_SN(p->address), DP_SN(p->city),
		p->bedrooms >= 0 ? DP_I(p->bedrooms) : DP_NUL, DP_SN(p->description),
		DP_SN(p->arrival), DP_I(tenant), DP_I(p->id),
	};

	return store_change(a, ST_PROPERTY_XID_UPDATE, q, NELEM(q), NULL);
}

int
store_property_blockers(struct arena *a, int64_t tenant, int64_t id,
    struct property_blockers *b)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id),
	};
	struct db_res r;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = db_exec(ST_PROPERTY_BLOCKERS, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1) {
		b->bookings = db_cell_i64(&r, 0, 0);
		b->statements = db_cell_i64(&r, 0, 1);
		b->documents = db_cell_i64(&r, 0, 2);
	}
	return DB_OK;
}

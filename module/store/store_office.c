/* porch — SPDX-License-Identifier: MIT
 * Customers, contacts and properties as staff manage them (see store_office.h);
 * SQL text in store_sql.c. Rows are filled by the fills of the API's kinds
 * (store_customers.c, store_properties.c), so each row is read in one place.
 */
#include "config.h"

#include <string.h>

#include "store_office.h"

/* A customer with its created day and users, from row i of OFFICE_CUSTOMER_SELECT. */
static int
office_customer_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct office_customer *c = out;

	if (store_xid_customers.fill(r, i, ctx, &c->c) != 0)
		return -1;
	c->created = DB_CELL(r, i, 6);
	c->users = db_cell_i64(r, i, 7);
	return 0;
}

static int
office_user_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct office_user *u = out;

	u->id = db_cell_i64(r, i, 0);
	u->login = DB_CELL(r, i, 1);
	u->status = DB_CELL(r, i, 2);
	u->contact = DB_CELL(r, i, 3);
	u->mfa_required = db_cell_i64(r, i, 4) != 0;
	u->mfa_enrolled = db_cell_i64(r, i, 5) != 0;
	u->last_action = DB_CELL(r, i, 6);
	return 0;
}

/* q as a LIKE pattern that matches it anywhere: its % _ and \ taken literally. */
static char *
like_pattern(struct arena *a, const char *q)
{
	size_t n = strlen(q), j = 0;
	char *s = arena_alloc(a, 2 * n + 3);

	s[j++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			s[j++] = '\\';
		s[j++] = q[i];
	}
	s[j++] = '%';
	s[j] = '\0';
	return s;
}

/* A page of a list: statement by_name or by_created, one row more than a page to
 * tell whether another follows. */
static void *
office_page(struct arena *a, int64_t tenant, const struct office_query *q,
    enum stmt_id by_name, enum stmt_id by_created, size_t size, store_fill_fn fill,
    size_t *n, int *more, int *rc)
{
	const char *text = q->q != NULL ? q->q : "";
	char *pat = like_pattern(a, text);
	unsigned page = q->page >= 1 && q->page <= OFFICE_PAGE_MAX ? q->page : 1;
	struct db_param p[] = {
		DP_I(tenant), DP_I(q->archived ? 1 : 0), DP_S(text), DP_S(pat), DP_S(pat),
		DP_I(OFFICE_PAGE_ROWS + 1), DP_I((int64_t)(page - 1) * OFFICE_PAGE_ROWS),
	};
	void *rows;

	rows = store_rows(a, q->by_created ? by_created : by_name, p, NELEM(p), size,
	    fill, NULL, n, rc);
	*more = *rc == DB_OK && *n > OFFICE_PAGE_ROWS;
	if (*more)
		*n = OFFICE_PAGE_ROWS;
	return rows;
}

int
store_office_customers(struct arena *a, int64_t tenant, const struct office_query *q,
    struct office_customer **rows, size_t *n, int *more)
{
	int rc;

	*rows = office_page(a, tenant, q, ST_OFFICE_CUSTOMERS_BY_NAME,
	    ST_OFFICE_CUSTOMERS_BY_CREATED, sizeof(**rows), office_customer_fill, n,
	    more, &rc);
	return rc;
}

int
store_office_properties(struct arena *a, int64_t tenant, const struct office_query *q,
    struct property_row **rows, size_t *n, int *more)
{
	int rc;

	*rows = office_page(a, tenant, q, ST_OFFICE_PROPERTIES_BY_NAME,
	    ST_OFFICE_PROPERTIES_BY_CREATED, sizeof(**rows), store_xid_properties.fill,
	    n, more, &rc);
	return rc;
}

int
store_office_customer(struct arena *a, int64_t tenant, int64_t id,
    struct office_customer *c, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_OFFICE_CUSTOMER, p, NELEM(p), office_customer_fill, NULL,
	    c, found);
}

/* The rows of a customer's part of statement id, at most OFFICE_ROWS_MAX. */
static void *
office_of(struct arena *a, enum stmt_id id, int64_t tenant, int64_t customer,
    size_t size, store_fill_fn fill, size_t *n, int *rc)
{
	struct db_param p[] = { DP_I(tenant), DP_I(customer), DP_I(OFFICE_ROWS_MAX) };

	return store_rows(a, id, p, NELEM(p), size, fill, NULL, n, rc);
}

int
store_office_contacts(struct arena *a, int64_t tenant, int64_t customer,
    struct contact_row **rows, size_t *n)
{
	int rc;

	*rows = office_of(a, ST_OFFICE_CONTACTS, tenant, customer, sizeof(**rows),
	    store_xid_contacts.fill, n, &rc);
	return rc;
}

int
store_office_properties_of(struct arena *a, int64_t tenant, int64_t customer,
    struct property_row **rows, size_t *n)
{
	int rc;

	*rows = office_of(a, ST_OFFICE_PROPERTIES_OF, tenant, customer, sizeof(**rows),
	    store_xid_properties.fill, n, &rc);
	return rc;
}

int
store_office_users(struct arena *a, int64_t tenant, int64_t customer,
    struct office_user **rows, size_t *n)
{
	int rc;

	*rows = office_of(a, ST_OFFICE_USERS_OF, tenant, customer, sizeof(**rows),
	    office_user_fill, n, &rc);
	return rc;
}

/* Row id of the tenant by statement, filled by fill. */
static int
office_by_id(struct arena *a, enum stmt_id st, int64_t tenant, int64_t id,
    store_fill_fn fill, void *row, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, st, p, NELEM(p), fill, NULL, row, found);
}

int
store_customer_by_id(struct arena *a, int64_t tenant, int64_t id,
    struct customer_row *c, int *found)
{
	return office_by_id(a, ST_CUSTOMER_BY_ID_LOCK, tenant, id,
	    store_xid_customers.fill, c, found);
}

int
store_contact_by_id(struct arena *a, int64_t tenant, int64_t id, int lock,
    struct contact_row *k, int *found)
{
	return office_by_id(a, lock ? ST_CONTACT_BY_ID_LOCK : ST_CONTACT_BY_ID, tenant,
	    id, store_xid_contacts.fill, k, found);
}

int
store_property_by_id(struct arena *a, int64_t tenant, int64_t id, int lock,
    struct property_row *p, int *found)
{
	return office_by_id(a, lock ? ST_PROPERTY_BY_ID_LOCK : ST_PROPERTY_BY_ID, tenant,
	    id, store_xid_properties.fill, p, found);
}

int
store_office_archive(struct arena *a, enum office_kind kind, int64_t tenant,
    int64_t id, int on)
{
	static const enum stmt_id st[OFFICE_KIND__MAX] = {
		[OFFICE_CUSTOMER] = ST_CUSTOMER_ARCHIVE,
		[OFFICE_CONTACT] = ST_CONTACT_ARCHIVE,
		[OFFICE_PROPERTY] = ST_PROPERTY_ARCHIVE,
	};
	struct db_param p[] = { DP_I(on ? 1 : 0), DP_I(tenant), DP_I(id) };

	return store_change(a, st[kind], p, NELEM(p), NULL);
}

int
store_customer_sessions_del(struct arena *a, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(tenant), DP_I(id) };

	return store_change(a, ST_CUSTOMER_SESSIONS_DEL, p, NELEM(p), NULL);
}

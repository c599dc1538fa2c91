/* porch — SPDX-License-Identifier: MIT
 * Customers' token links in the database; SQL text in store_sql.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_tokenlink.h"

/* Row i of ST_TOKENLINK_GET. */
static int
tokenlink_fill(const struct db_res *r, size_t i, const void *ctx, void *link)
{
	struct tokenlink *out = link;

	memset(out, 0, sizeof(*out));
	out->customer_id = db_cell_i64(r, i, 0);
	out->name = DB_CELL(r, i, 1);
	out->enc = (unsigned char *)DB_CELL(r, i, 2);
	out->enc_len = out->enc != NULL ? DB_LEN(r, i, 2) : 0;
	out->created = DB_CELL(r, i, 3);
	out->expires = DB_CELL(r, i, 4);
	out->disabled = db_cell_i64(r, i, 5) != 0;
	out->expired = db_cell_i64(r, i, 6) != 0;
	out->has_users = db_cell_i64(r, i, 7) != 0;
	return 0;
}

int
store_tokenlink_get(struct arena *a, int64_t tenant, int64_t customer,
    struct tokenlink *out, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(customer) };

	return store_one(a, ST_TOKENLINK_GET, p, NELEM(p), tokenlink_fill, NULL, out,
	    found);
}

int
store_tokenlink_find(struct arena *a, int64_t tenant, const unsigned char hash[32],
    int64_t *customer, int *has_users)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant) };
	struct db_res r;
	int rc;

	*customer = 0;
	*has_users = 0;
	if ((rc = db_exec(ST_TOKENLINK_FIND, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1) {
		*customer = db_cell_i64(&r, 0, 0);
		*has_users = db_cell_i64(&r, 0, 1) != 0;
	}
	return rc;
}

int
store_tokenlink_set(struct arena *a, int64_t tenant, int64_t customer,
    const unsigned char hash[32], const unsigned char *enc, size_t enc_len,
    int replace, int *changed)
{
	struct db_param p[] = { DP_B(hash, 32), DP_B(enc, enc_len), DP_I(tenant),
		DP_I(customer) };

	return store_change_one(a, replace ? ST_TOKENLINK_ROTATE : ST_TOKENLINK_ISSUE, p,
	    NELEM(p), changed);
}

int
store_tokenlink_missing(struct arena *a, int64_t tenant, int64_t **ids, size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*ids = store_rows(a, ST_TOKENLINK_MISSING, p, NELEM(p), sizeof(**ids),
	    store_fill_id, NULL, n, &rc);
	return rc;
}

int
store_tokenlink_set_expiry(struct arena *a, int64_t tenant, int64_t customer,
    const char *date)
{
	struct db_param p[] = { date != NULL ? DP_S(date) : DP_NUL, DP_I(tenant),
		DP_I(customer) };

	return store_change(a, ST_TOKENLINK_SET_EXPIRY, p, NELEM(p), NULL);
}

int
store_tokenlink_set_disabled(struct arena *a, int64_t tenant, int64_t customer,
    int disabled)
{
	struct db_param p[] = { DP_I(disabled != 0), DP_I(tenant), DP_I(customer) };

	return store_change(a, ST_TOKENLINK_SET_DISABLED, p, NELEM(p), NULL);
}

int
store_token_sessions_del(struct arena *a, int64_t tenant, int64_t customer)
{
	struct db_param p[] = { DP_I(tenant), DP_I(customer) };

	return store_change(a, ST_TOKEN_SESSIONS_DEL, p, NELEM(p), NULL);
}

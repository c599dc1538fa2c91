/* porch — SPDX-License-Identifier: MIT
 * The tenant API's keys and their rate (see store_api.h); SQL text in store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_api.h"

/* A key from row i of API_KEY_SELECT. */
static int
key_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct api_key *k = out;

	k->id = db_cell_i64(r, i, 0);
	k->name = DB_CELL(r, i, 1);
	k->prefix = DB_CELL(r, i, 2);
	k->read_only = db_cell_i64(r, i, 3) != 0;
	k->created = DB_CELL(r, i, 4);
	k->last_used = DB_CELL(r, i, 5);
	k->revoked = DB_CELL(r, i, 6);
	memset(k->hash, 0, sizeof(k->hash));
	if (DB_LEN(r, i, 7) == sizeof(k->hash))
		memcpy(k->hash, DB_CELL(r, i, 7), sizeof(k->hash));
	k->touch_due = db_cell_i64(r, i, 8) != 0;
	return 0;
}

int
store_api_key_add(struct arena *a, int64_t tenant, const char *name,
    const char *prefix, const unsigned char hash[32], int read_only, int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_S(name), DP_S(prefix), DP_B(hash, 32),
		DP_I(read_only ? 1 : 0),
	};
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_API_KEY_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_api_key_find(struct arena *a, int64_t tenant, const unsigned char hash[32],
    struct api_key *k, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_B(hash, 32) };

	return store_one(a, ST_API_KEY_FIND, p, NELEM(p), key_fill, NULL, k,
	    found);
}

int
store_api_key_get(struct arena *a, int64_t tenant, int64_t id, struct api_key *k,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_API_KEY_GET, p, NELEM(p), key_fill, NULL, k,
	    found);
}

int
store_api_key_list(struct arena *a, int64_t tenant, struct api_key **keys, size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*keys = store_rows(a, ST_API_KEY_LIST, p, NELEM(p), sizeof(**keys), key_fill,
	    NULL, n, &rc);
	return rc;
}

int
store_api_key_revoke(struct arena *a, int64_t tenant, int64_t id, int *one)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change_one(a, ST_API_KEY_REVOKE, p, NELEM(p), one);
}

int
store_api_key_touch(struct arena *a, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, ST_API_KEY_TOUCH, p, NELEM(p), NULL);
}

int
store_api_rate_hit(struct arena *a, int64_t tenant, int64_t key, uint64_t *hits)
{
	struct db_param p[] = { DP_I(tenant), DP_I(key) };
	struct db_res r;
	int rc;

	*hits = 0;
	if ((rc = db_exec(ST_API_RATE_HIT, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	/* A new row (the key's first request ever) leaves no insert id: one hit. */
	*hits = r.insert_id != 0 ? r.insert_id : 1;
	return DB_OK;
}

/* porch — SPDX-License-Identifier: MIT
 * Typed access to the data model: each function runs one named statement and turns
 * its rows into C values.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "local.h"
#include "store.h"

static int
tenant_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct tenant *t = out;

	t->id = db_cell_i64(r, row, 0);
	t->slug = DB_CELL(r, row, 1);
	t->name = DB_CELL(r, row, 2);
	t->active = strcmp(DB_CELL(r, row, 3), "active") == 0;
	t->brand_color = DB_CELL(r, row, 4);
	t->logo_path = DB_CELL(r, row, 5);
	t->logo_width = (int)db_cell_i64(r, row, 6);
	t->logo_height = (int)db_cell_i64(r, row, 7);
	t->mail_from_name = DB_CELL(r, row, 8);
	t->time_zone = DB_CELL(r, row, 9);
	if (numfmt_parse(DB_CELL(r, row, 10), &t->number_format) < 0)
		t->number_format = NUMFMT_DEFAULT;
	return 0;
}

void *
store_rows(struct arena *a, enum stmt_id id, const struct db_param *p, size_t np,
    size_t size, store_fill_fn fill, const void *ctx, size_t *n, int *rc)
{
	struct db_res r;

	*n = 0;
	if ((*rc = db_exec(id, p, np, a, &r)) != DB_OK)
		return NULL;
	return store_res_rows(a, &r, size, fill, ctx, n, rc);
}

void *
store_res_rows(struct arena *a, const struct db_res *r, size_t size,
    store_fill_fn fill, const void *ctx, size_t *n, int *rc)
{
	char *out = arena_alloc(a, (r->nrows + 1) * size);
	int kept;

	*n = 0;
	*rc = DB_OK;
	for (size_t i = 0; i < r->nrows; i++) {
		if ((kept = fill(r, i, ctx, out + *n * size)) < 0) {
			*n = 0;
			*rc = DB_ERROR;
			return NULL;
		}
		if (kept == 0)
			(*n)++;
	}
	return out;
}

int
store_one(struct arena *a, enum stmt_id id, const struct db_param *p, size_t np,
    store_fill_fn fill, const void *ctx, void *out, int *found)
{
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(id, p, np, a, &r)) != DB_OK || r.nrows == 0)
		return rc;
	if ((rc = fill(&r, 0, ctx, out)) < 0)
		return DB_ERROR;
	*found = rc == 0;
	return DB_OK;
}

int
store_xid_get(struct arena *a, const struct store_xid_kind *k, int64_t tenant,
    const char *xid, int lock, void *row, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(xid) };

	return store_one(a, lock ? k->one_lock : k->one, p, NELEM(p), k->fill, a,
	    row, found);
}

/* The place (from 1) in column col of row i, as an index below n; n when it is not. */
static size_t
set_place(const struct db_res *r, size_t i, size_t col, size_t n)
{
	int64_t o = db_cell_i64(r, i, col);

	return o >= 1 && (uint64_t)o <= n ? (size_t)(o - 1) : n;
}

int
store_xid_get_set(struct arena *a, const struct store_xid_set *k, int64_t tenant,
    const char *xids, size_t n, void *rows, int *found)
{
	struct db_param p[] = { DP_S(xids), DP_I(tenant) };
	struct db_res r;
	size_t at;
	int rc;

	memset(found, 0, n * sizeof(*found));
	if ((rc = db_exec(k->by_xids_lock, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	for (size_t i = 0; i < r.nrows; i++) {
		if ((at = set_place(&r, i, r.ncols - 1, n)) == n ||
		    k->kind->fill(&r, i, NULL, (char *)rows + at * k->kind->size) != 0)
			return DB_ERROR;
		found[at] = 1;
	}
	return DB_OK;
}

/* Statement id's rows (place, id[, name]) for the list xids into refs, by place. */
static int
xid_refs(struct arena *a, enum stmt_id id, int64_t tenant, const char *xids,
    size_t n, struct store_ref *refs)
{
	struct db_param p[] = { DP_S(xids), DP_I(tenant) };
	struct db_res r;
	size_t at;
	int rc;

	memset(refs, 0, n * sizeof(*refs));
	if ((rc = db_exec(id, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	for (size_t i = 0; i < r.nrows; i++) {
		if ((at = set_place(&r, i, 0, n)) == n)
			return DB_ERROR;
		refs[at].id = db_cell_i64(&r, i, 1);
		refs[at].name = r.ncols > 2 ? DB_CELL(&r, i, 2) : NULL;
	}
	return DB_OK;
}

int
store_xid_refs(struct arena *a, const struct store_xid_set *k, int64_t tenant,
    const char *xids, size_t n, struct store_ref *refs)
{
	return xid_refs(a, k->refs, tenant, xids, n, refs);
}

int
store_xid_ids(struct arena *a, const struct store_xid_set *k, int64_t tenant,
    const char *xids, size_t n, struct store_ref *ids)
{
	return xid_refs(a, k->ids, tenant, xids, n, ids);
}

int
store_xid_put_set(struct arena *a, const struct store_xid_set *k, int64_t tenant,
    const void *rows, size_t n, uint64_t *counted)
{
	struct db_param *p = arena_alloc(a, n * k->nparams * sizeof(*p));
	struct db_res r;
	int rc;

	*counted = 0;
	for (size_t i = 0; i < n; i++)
		if (k->params(tenant, (const char *)rows + i * k->kind->size,
		    p + i * k->nparams) != k->nparams)
			return DB_ERROR;
	if ((rc = db_exec_rows(k->put_set, p, k->nparams, n, a, &r)) == DB_OK)
		*counted = r.affected;
	return rc;
}

int
store_xid_after(struct arena *a, const struct store_xid_kind *k, int64_t tenant,
    const char *after, size_t limit, void **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_S(after), DP_I((long long)limit) };
	int rc;

	*rows = store_rows(a, k->after, p, NELEM(p), k->size, k->fill, a, n, &rc);
	return rc;
}

int
store_xid_del(struct arena *a, const struct store_xid_kind *k, int64_t tenant,
    int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, k->del, p, NELEM(p), NULL);
}

int
store_insert(struct arena *a, enum stmt_id id, const struct db_param *p, size_t np,
    int64_t *row)
{
	struct db_res r;
	int rc;

	if ((rc = db_exec(id, p, np, a, &r)) == DB_OK)
		*row = (int64_t)r.insert_id;
	return rc;
}

int
store_fill_id(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	*(int64_t *)out = db_cell_i64(r, row, 0);
	return 0;
}

int
store_change(struct arena *a, enum stmt_id id, const struct db_param *p, size_t np,
    uint64_t *n)
{
	struct db_res r;
	int rc;

	rc = db_exec(id, p, np, a, &r);
	if (n != NULL)
		*n = rc == DB_OK ? r.affected : 0;
	return rc;
}

int
store_change_one(struct arena *a, enum stmt_id id, const struct db_param *p,
    size_t np, int *one)
{
	uint64_t n;
	int rc;

	rc = store_change(a, id, p, np, &n);
	*one = n == 1;
	return rc;
}

int
store_begin(void)
{
	return db_begin();
}

int
store_begin_bulk(void)
{
	return db_begin_bulk();
}

int
store_end(int rc)
{
	if (rc != DB_OK) {
		db_rollback();
		return rc;
	}
	return db_commit();	/* a failed commit is rolled back */
}

int
store_again(int *attempt, const int *rc)
{
	return db_again(attempt, *attempt == 0 ? DB_OK : *rc);
}

int
store_savepoint(void)
{
	return db_savepoint();
}

int
store_release(void)
{
	return db_release();
}

int
store_rollback_to(void)
{
	return db_rollback_to();
}

const char *
store_last_error(void)
{
	return db_last_error();
}

int
store_run_script(const char *sql, size_t len, char *err, size_t errlen)
{
	return db_run_script(sql, len, err, errlen);
}

int
store_ping(struct arena *a)
{
	return store_change(a, ST_PING, NULL, 0, NULL);
}

/* Runs a one-key tenant look-up; *found is 0 when no row matches. */
static int
tenant_lookup(enum stmt_id id, struct arena *a, const char *key, struct tenant *t,
    int *found)
{
	struct db_param p[] = { DP_S(key) };

	return store_one(a, id, p, NELEM(p), tenant_fill, NULL, t, found);
}

int
store_tenant_by_host(struct arena *a, const char *host, struct tenant *t, int *found)
{
	return tenant_lookup(ST_TENANT_BY_HOST, a, host, t, found);
}

int
store_migrations_applied(struct arena *a, int64_t **versions, size_t *n)
{
	struct db_res r;
	int rc;

	*versions = NULL;
	*n = 0;
	if ((rc = db_exec(ST_MIGRATIONS_TABLE, NULL, 0, a, &r)) != DB_OK)
		return rc;
	if (db_cell_i64(&r, 0, 0) == 0)
		return DB_OK;	/* a fresh database */
	*versions = store_rows(a, ST_MIGRATIONS_LIST, NULL, 0, sizeof(int64_t),
	    store_fill_id, NULL, n, &rc);
	return rc;
}

int
store_migration_record(struct arena *a, int64_t version, const char *name)
{
	struct db_param p[] = { DP_I(version), DP_S(name) };

	return store_change(a, ST_MIGRATION_ADD, p, NELEM(p), NULL);
}

int
store_tenant_add(struct arena *a, const char *slug, const char *name, int64_t *id)
{
	struct db_param p[] = { DP_S(slug), DP_S(name) };
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_TENANT_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_tenant_by_slug(struct arena *a, const char *slug, struct tenant *t, int *found)
{
	return tenant_lookup(ST_TENANT_BY_SLUG, a, slug, t, found);
}

int
store_tenant_list(struct arena *a, struct tenant **ts, size_t *n)
{
	int rc;

	*ts = store_rows(a, ST_TENANT_LIST, NULL, 0, sizeof(**ts), tenant_fill, NULL, n,
	    &rc);
	return rc;
}

int
store_tenant_brand_lock(struct arena *a, int64_t id, struct tenant *t, int *found)
{
	struct db_param p[] = { DP_I(id) };

	return store_one(a, ST_TENANT_BRAND_LOCK, p, NELEM(p), tenant_fill, NULL, t,
	    found);
}

int
store_tenant_brand_set(struct arena *a, const struct tenant *t)
{
	struct db_param p[] = {
		DP_SN(t->brand_color), DP_SN(t->logo_path),
		t->logo_path != NULL ? DP_I(t->logo_width) : DP_NUL,
		t->logo_path != NULL ? DP_I(t->logo_height) : DP_NUL,
		DP_SN(t->mail_from_name), DP_I(t->id),
	};

	return store_change(a, ST_TENANT_BRAND_SET, p, NELEM(p), NULL);
}

int
store_tenant_local_set(struct arena *a, int64_t id, const char *zone,
    const char *number_format)
{
	struct db_param p[] = { DP_S(zone), DP_S(number_format), DP_I(id) };

	return store_change(a, ST_TENANT_LOCAL_SET, p, NELEM(p), NULL);
}

/* Sets one setting (statement id, its value v) of the tenant slug, if there is one. */
static int
tenant_set(struct arena *a, const char *slug, enum stmt_id id, struct db_param v,
    int *found)
{
	struct db_param p[] = { v, DP_S(slug) };
	struct tenant t;
	int rc;

	if ((rc = store_tenant_by_slug(a, slug, &t, found)) != DB_OK || !*found)
		return rc;
	return store_change(a, id, p, NELEM(p), NULL);
}

int
store_tenant_set_active(struct arena *a, const char *slug, int active, int *found)
{
	return tenant_set(a, slug, ST_TENANT_SET_STATUS,
	    DP_S(active ? "active" : "disabled"), found);
}

int
store_tenant_set_staff_mfa(struct arena *a, const char *slug, int on, int *found)
{
	return tenant_set(a, slug, ST_TENANT_SET_STAFF_MFA, DP_I(on ? 1 : 0), found);
}

int
store_domain_add(struct arena *a, const char *host, int64_t tenant_id)
{
	struct db_param p[] = { DP_S(host), DP_I(tenant_id) };

	return store_change(a, ST_DOMAIN_ADD, p, NELEM(p), NULL);
}

int
store_staff_add(struct arena *a, int64_t tenant_id, const char *email,
    const char *name, int admin, const char *password_hash)
{
	struct db_param p[] = {
		DP_I(tenant_id), DP_S(email), DP_S(name), DP_S(admin ? "admin" : "staff"),
		DP_S(password_hash),
	};

	return store_change(a, ST_STAFF_ADD, p, NELEM(p), NULL);
}

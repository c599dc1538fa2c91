/* porch — SPDX-License-Identifier: MIT
 * Typed access to the data model: each function runs one named statement and turns
 * its rows into C values.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

static void
tenant_from_row(const struct db_res *r, size_t row, struct tenant *t)
{
	t->id = db_cell_i64(r, row, 0);
	t->slug = DB_CELL(r, row, 1);
	t->name = DB_CELL(r, row, 2);
	t->active = strcmp(DB_CELL(r, row, 3), "active") == 0;
}

void *
store_rows(struct arena *a, enum stmt_id id, struct db_param *p, size_t np,
    size_t size, store_fill_fn fill, size_t *n, int *rc)
{
	struct db_res r;
	char *out;

	*n = 0;
	if ((*rc = db_exec(id, p, np, a, &r)) != DB_OK || r.nrows == 0)
		return NULL;
	out = arena_alloc(a, r.nrows * size);
	for (size_t i = 0; i < r.nrows; i++)
		if (fill(&r, i, out + *n * size) == 0)
			(*n)++;
	return out;
}

int
store_one(struct arena *a, enum stmt_id id, const struct db_param *p, size_t np,
    void (*fill)(const struct db_res *r, size_t i, void *out), void *out, int *found)
{
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(id, p, np, a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1) {
		fill(&r, 0, out);
		*found = 1;
	}
	return DB_OK;
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
store_end(int rc)
{
	if (rc != DB_OK) {
		db_rollback();
		return rc;
	}
	if ((rc = db_commit()) != DB_OK)
		db_rollback();
	return rc;
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

void *
store_fill_rows(struct arena *a, const struct db_res *r, size_t size,
    void (*fill)(const struct db_res *r, size_t i, void *out), size_t *n)
{
	char *rows = arena_alloc(a, (r->nrows + 1) * size);

	for (size_t i = 0; i < r->nrows; i++)
		fill(r, i, rows + i * size);
	*n = r->nrows;
	return rows;
}

int
store_ping(struct arena *a)
{
	struct db_res r;

	return db_exec(ST_PING, NULL, 0, a, &r);
}

/* Runs a one-key tenant look-up; *found is 0 when no row matches. */
static int
tenant_lookup(enum stmt_id id, struct arena *a, const char *key, struct tenant *t,
    int *found)
{
	struct db_param p[] = { DP_S(key) };
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(id, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1) {
		tenant_from_row(&r, 0, t);
		*found = 1;
	}
	return DB_OK;
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
	if ((rc = db_exec(ST_MIGRATIONS_LIST, NULL, 0, a, &r)) != DB_OK)
		return rc;
	*versions = arena_alloc(a, (r.nrows + 1) * sizeof(int64_t));
	for (size_t i = 0; i < r.nrows; i++)
		(*versions)[i] = db_cell_i64(&r, i, 0);
	*n = r.nrows;
	return DB_OK;
}

int
store_migration_record(struct arena *a, int64_t version, const char *name)
{
	struct db_param p[] = { DP_I(version), DP_S(name) };
	struct db_res r;

	return db_exec(ST_MIGRATION_ADD, p, NELEM(p), a, &r);
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

static int
tenant_fill(const struct db_res *r, size_t row, void *out)
{
	tenant_from_row(r, row, out);
	return 0;
}

int
store_tenant_list(struct arena *a, struct tenant **ts, size_t *n)
{
	int rc;

	*ts = store_rows(a, ST_TENANT_LIST, NULL, 0, sizeof(**ts), tenant_fill, n, &rc);
	return rc;
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
	struct db_res r;

	return db_exec(ST_DOMAIN_ADD, p, NELEM(p), a, &r);
}

int
store_staff_add(struct arena *a, int64_t tenant_id, const char *email,
    const char *name, int admin, const char *password_hash)
{
	struct db_param p[] = {
		DP_I(tenant_id), DP_S(email), DP_S(name), DP_S(admin ? "admin" : "staff"),
		DP_S(password_hash),
	};
	struct db_res r;

	return db_exec(ST_STAFF_ADD, p, NELEM(p), a, &r);
}

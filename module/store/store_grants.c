/* porch — SPDX-License-Identifier: MIT
 * A portal user's grants, admin switch and financial override for staff; SQL text
 * in store_sql.c. Each struct is filled from its result columns by one fill_*()
 * function here; callers never see a result set.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_formulas.h"
#include "store_grants.h"

const char *
grant_scope_name(enum grant_scope s)
{
	switch (s) {
	case SCOPE_CUSTOMER:
		return "customer";
	case SCOPE_ALL:
		return "all";
	default:
		return "property";
	}
}

int
grant_scope_parse(const char *s, enum grant_scope *out)
{
	static const enum grant_scope all[] = { SCOPE_CUSTOMER, SCOPE_ALL,
	    SCOPE_PROPERTY };

	for (size_t i = 0; s != NULL && i < NELEM(all); i++)
		if (strcmp(s, grant_scope_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	return -1;
}

/* Row i of ST_GRANTS_USER_GET into u; -1 when its override is not one porch knows. */
static int
fill_grants_user(const struct db_res *r, size_t i, const void *ctx, void *user)
{
	struct grants_user *u = user;

	u->id = db_cell_i64(r, i, 0);
	u->login = DB_CELL(r, i, 1);
	u->status = DB_CELL(r, i, 2);
	u->customer_id = db_cell_i64(r, i, 3);
	u->customer = DB_CELL(r, i, 4);
	u->contact = DB_CELL(r, i, 5);
	u->is_admin = strcmp(DB_CELL(r, i, 6), "0") != 0;
	u->hide_reports = strcmp(DB_CELL(r, i, 7), "0") != 0;
	/* Read the way the portal reads it, so the page shows what applies. */
	return authz_fin_override_parse(DB_CELL(r, i, 8), DB_CELL(r, i, 9),
	    DB_CELL(r, i, 10), &u->has_fin_override, &u->fin_override) < 0 ||
	    store_id_list((struct arena *)ctx, DB_CELL(r, i, 11),
	    &u->fin_override.formulas, &u->fin_override.nformulas) < 0 ? -1 : 0;
}

int
store_grants_user_get(struct arena *a, int64_t tenant, int64_t id,
    struct grants_user *u, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	memset(u, 0, sizeof(*u));
	return store_one(a, ST_GRANTS_USER_GET, p, NELEM(p), fill_grants_user, a, u,
	    found);
}

/* A scope column: "all", "customer" or "property". */
static enum grant_scope
scope_parse(const char *s)
{
	enum grant_scope sc;

	return grant_scope_parse(s, &sc) == 0 ? sc : SCOPE_PROPERTY;
}

/* Row i of ST_GRANTS_LIST into g; -1 when its group names a right porch lacks. */
static int
fill_grant_row(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct grant_row *g = row;

	memset(g, 0, sizeof(*g));
	g->id = db_cell_i64(r, i, 0);
	g->group_id = db_cell_i64(r, i, 1);
	g->group = DB_CELL(r, i, 2);
	g->g.scope = scope_parse(DB_CELL(r, i, 3));
	g->g.customer_id = db_cell_i64(r, i, 4);
	g->customer = DB_CELL(r, i, 5);
	g->g.property_id = db_cell_i64(r, i, 6);
	g->property = DB_CELL(r, i, 7);
	g->owner = DB_CELL(r, i, 8);
	g->expires = DB_CELL(r, i, 9);
	g->g.expired = strcmp(DB_CELL(r, i, 10), "0") != 0;
	if (authz_perms_parse(DB_CELL(r, i, 11), &g->g.group.perms) < 0 ||
	    authz_fin_level_parse(DB_CELL(r, i, 12), &g->g.group.fin.level) < 0 ||
	    authz_fin_filter_parse(DB_CELL(r, i, 13), &g->g.group.fin.filter) < 0 ||
	    authz_fin_fields_parse(DB_CELL(r, i, 14), &g->g.group.fin.list) < 0)
		return -1;
	return 0;
}

int
store_grants_list(struct arena *a, int64_t tenant, int64_t user,
    struct grant_row **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user) };
	int rc;

	*rows = store_rows(a, ST_GRANTS_LIST, p, NELEM(p), sizeof(**rows),
	    fill_grant_row, NULL, n, &rc);
	return rc;
}

int
store_notify_lock(struct arena *a, int64_t tenant)
{
	struct db_param p[] = { DP_I(tenant) };

	return store_change(a, ST_NOTIFY_LOCK, p, NELEM(p), NULL);
}

/* The first row of ST_NOTIFY_CLASH into c. */
static void
fill_notify_clash(const struct db_res *r, struct notify_clash *c)
{
	c->holder = DB_CELL(r, 0, 0);
	c->other = DB_CELL(r, 0, 1);
	c->scope = scope_parse(DB_CELL(r, 0, 2));
	c->where = DB_CELL(r, 0, 3);
}

int
store_notify_check(struct arena *a, int64_t tenant, int64_t grant, int64_t group,
    struct notify_clash *c)
{
	struct db_param p[] = { DP_I(tenant), DP_I(grant), DP_I(group) };
	struct db_res r;
	int rc;

	if (c != NULL)
		memset(c, 0, sizeof(*c));
	/* A group change: the default group must not give it either. */
	if (grant == 0 && (rc = db_exec(ST_NOTIFY_DEFAULT, p, 1, a, &r)) != DB_OK)
		return rc;
	if (grant == 0 && r.nrows > 0) {
		if (c != NULL)
			c->default_group = DB_CELL(&r, 0, 0);
		return GRANT_NOTIFY_TAKEN;
	}
	if ((rc = db_exec(ST_NOTIFY_CLASH, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 0)
		return DB_OK;
	if (c != NULL)
		fill_notify_clash(&r, c);
	return GRANT_NOTIFY_TAKEN;
}

int
store_grant_add(struct arena *a, int64_t tenant, int64_t user, int64_t group,
    enum grant_scope scope, int64_t customer, int64_t property,
    const char *expires, int64_t *id, int *added, struct notify_clash *c)
{
	const char *sc = grant_scope_name(scope);
	struct db_param p[] = {
		DP_S(sc), expires != NULL ? DP_S(expires) : DP_NUL,
		DP_ID(scope == SCOPE_CUSTOMER ? customer : 0),
		DP_ID(scope == SCOPE_PROPERTY ? property : 0),
		DP_I(tenant), DP_I(user), DP_I(group), DP_S(sc), DP_S(sc),
	};
	struct db_res r;
	int rc;

	*added = 0;
	*id = 0;
	if ((rc = store_notify_lock(a, tenant)) != DB_OK ||
	    (rc = db_exec(ST_GRANT_ADD, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	*added = r.affected == 1;
	*id = (int64_t)r.insert_id;
	return *added ? store_notify_check(a, tenant, *id, 0, c) : DB_OK;
}

int
store_grant_edit(struct arena *a, int64_t tenant, int64_t user, int64_t id,
    const struct grant_put *g, int *changed, struct notify_clash *c)
{
	const char *sc = grant_scope_name(g->scope);
	struct db_param p[] = {
		DP_I(g->group), DP_ID(g->scope == SCOPE_CUSTOMER ? g->customer : 0),
		DP_ID(g->scope == SCOPE_PROPERTY ? g->property : 0), DP_S(sc),
		g->expires != NULL ? DP_S(g->expires) : DP_NUL, DP_I(tenant), DP_I(user),
		DP_I(id), DP_S(sc), DP_S(sc),
	};
	int rc;

	*changed = 0;
	if ((rc = store_notify_lock(a, tenant)) != DB_OK ||
	    (rc = store_change_one(a, ST_GRANT_EDIT, p, NELEM(p), changed)) != DB_OK)
		return rc;
	return *changed ? store_notify_check(a, tenant, id, 0, c) : DB_OK;
}

int
store_grant_del(struct arena *a, int64_t tenant, int64_t user, int64_t id,
    int *deleted)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user), DP_I(id) };

	return store_change_one(a, ST_GRANT_DEL, p, NELEM(p), deleted);
}

int
store_grants_set_admin(struct arena *a, int64_t tenant, int64_t user, int is_admin,
    int hide_reports)
{
	struct db_param p[] = {
		DP_I(is_admin != 0), DP_I(hide_reports != 0), DP_I(tenant), DP_I(user),
	};

	return store_change(a, ST_GRANTS_SET_ADMIN, p, NELEM(p), NULL);
}

int
store_grants_set_override(struct arena *a, int64_t tenant, int64_t user,
    const struct fin_policy *f)
{
	char fields[AUTHZ_SET_TEXT_MAX];
	struct db_param p[] = {
		DP_NUL, DP_NUL, DP_NUL, DP_I(tenant), DP_I(user),
	};
	int rc;

	if (f != NULL) {
		authz_fin_fields_format(f->list, fields, sizeof(fields));
		p[0] = DP_S(authz_fin_level_name(f->level));
		p[1] = DP_S(authz_fin_filter_name(f->filter));
		p[2] = DP_S(fields);
	}
	if ((rc = store_change(a, ST_GRANTS_SET_OVERRIDE, p, NELEM(p), NULL)) != DB_OK)
		return rc;
	return store_formulas_listed_set(a, tenant, 0, user, f != NULL ? f->formulas :
	    NULL, f != NULL ? f->nformulas : 0);
}

/* Row i of ST_GRANTS_CUSTOMERS into c. */
static int
fill_customer_name(const struct db_res *r, size_t i, const void *ctx, void *customer)
{
	struct customer_name *c = customer;

	c->id = db_cell_i64(r, i, 0);
	c->name = DB_CELL(r, i, 1);
	return 0;
}

int
store_grants_customers(struct arena *a, int64_t tenant, struct customer_name **rows,
    size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*rows = store_rows(a, ST_GRANTS_CUSTOMERS, p, NELEM(p), sizeof(**rows),
	    fill_customer_name, NULL, n, &rc);
	return rc;
}

int
store_grants_properties(struct arena *a, int64_t tenant, struct property **props,
    size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*props = store_rows(a, ST_GRANTS_PROPERTIES, p, NELEM(p), sizeof(**props),
	    store_fill_property, NULL, n, &rc);
	return rc;
}

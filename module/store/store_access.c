/* porch — SPDX-License-Identifier: MIT
 * A portal visitor's grants and the properties they reach; SQL text in store_sql.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_access.h"
#include "store_formulas.h"
#include "store_rights.h"

/*
 * Columns col to col + 3 of row i, permissions to field list, as a group's
 * rights, with its formulas and formula instead of the total from column fcol
 * (GROUP_FORMULA_COLUMNS).
 */
static int
group_cells(struct arena *a, const struct db_res *r, size_t i, size_t col,
    size_t fcol, struct authz_group *g)
{
	const char *instead = DB_CELL(r, i, fcol + 1);

	g->instead = instead != NULL ? strtoll(instead, NULL, 10) : 0;
	return authz_perms_parse(DB_CELL(r, i, col), &g->perms) < 0 ||
	    authz_fin_level_parse(DB_CELL(r, i, col + 1), &g->fin.level) < 0 ||
	    authz_fin_filter_parse(DB_CELL(r, i, col + 2), &g->fin.filter) < 0 ||
	    authz_fin_fields_parse(DB_CELL(r, i, col + 3), &g->fin.list) < 0 ||
	    store_id_list(a, DB_CELL(r, i, fcol), &g->fin.formulas,
	    &g->fin.nformulas) < 0 ? -1 : 0;
}

static int
grant_cmp(const void *x, const void *y)
{
	const struct authz_grant *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

void
store_reach_for(struct arena *a, const struct access *acc, perm_set need,
    struct reach *out)
{
	const struct authz_principal *w = &acc->who;
	size_t cap = 21 * (w->ngrants + 1) + 1, nc = 0, np = 0;
	char *cust = arena_alloc(a, cap), *prop = arena_alloc(a, cap);

	cust[0] = prop[0] = '\0';
	out->customers = cust;
	out->properties = prop;
	out->all = need == 0 ? acc->all : 0;
	if (w->kind == AUTHZ_PORTAL_ADMIN) {
		/* Every right on every property, but reports when they are hidden. */
		perm_set held = PERM_ALL & ~(w->hide_reports ?
		    PERM_BIT(PERM_REPORTS_VIEW) : 0);

		out->all = acc->all && (need == 0 || (held & need) != 0);
		return;
	}
	if (acc->kind == PRINCIPAL_TOKEN) {
		if (need == 0 || (w->system_group.perms & need) != 0)
			snprintf(cust, cap, "%" PRId64, acc->customer_id);
		return;
	}
	for (size_t i = 0; i < w->ngrants; i++) {
		const struct authz_grant *g = &w->grants[i];

		if (g->expired || (need != 0 && (g->group.perms & need) == 0))
			continue;
		if (g->scope == SCOPE_ALL)
			out->all = 1;
		else if (g->scope == SCOPE_CUSTOMER)
			nc += (size_t)snprintf(cust + nc, cap - nc, "%s%" PRId64,
			    nc ? "," : "", g->customer_id);
		else
			np += (size_t)snprintf(prop + np, cap - np, "%s%" PRId64,
			    np ? "," : "", g->property_id);
	}
}

/*
 * The reach lists of PROPERTY_REACHABLE: the customers and the properties the
 * live grants name, or the token visitor's customer.
 */
static void
reach_lists(struct arena *a, struct access *acc)
{
	struct reach re;

	store_reach_for(a, acc, 0, &re);
	acc->reach_customers = (char *)re.customers;
	acc->reach_properties = (char *)re.properties;
}

int
access_of_user(struct arena *a, const struct db_res *r, size_t col, int64_t user_id,
    struct access *acc, int *found)
{
	struct authz_grant *grants;
	size_t n = 0;

	memset(acc, 0, sizeof(*acc));
	*found = 0;
	acc->kind = PRINCIPAL_PORTAL;
	acc->user_id = user_id;
	acc->reach_customers = acc->reach_properties = "";
	if (r->nrows == 0 || DB_CELL(r, 0, col + 6) == NULL ||
	    strcmp(DB_CELL(r, 0, col + 6), "active") != 0)
		return DB_OK;
	acc->customer_id = db_cell_i64(r, 0, col + 5);
	acc->customer_name = DB_CELL(r, 0, col + 15);
	if (authz_fin_override_parse(DB_CELL(r, 0, col + 2), DB_CELL(r, 0, col + 3),
	    DB_CELL(r, 0, col + 4), &acc->who.has_fin_override,
	    &acc->who.fin_override) < 0 ||
	    store_id_list(a, DB_CELL(r, 0, col + 19), &acc->who.fin_override.formulas,
	    &acc->who.fin_override.nformulas) < 0)
		return DB_ERROR;
	acc->has_formulas = strcmp(DB_CELL(r, 0, col + 20), "0") != 0;
	if (strcmp(DB_CELL(r, 0, col), "0") != 0) {
		acc->who.kind = AUTHZ_PORTAL_ADMIN;
		acc->who.hide_reports = strcmp(DB_CELL(r, 0, col + 1), "0") != 0;
		acc->all = 1;
		acc->any = PERM_ALL;
		if (acc->who.hide_reports)
			acc->any &= ~PERM_BIT(PERM_REPORTS_VIEW);
		*found = 1;
		return DB_OK;
	}
	acc->who.kind = AUTHZ_PORTAL_USER;
	grants = arena_alloc(a, (r->nrows + 1) * sizeof(*grants));
	for (size_t i = 0; i < r->nrows; i++) {
		struct authz_grant *g = &grants[n];
		const char *scope = DB_CELL(r, i, col + 7);

		if (scope == NULL)		/* the user has no grant at all */
			continue;
		memset(g, 0, sizeof(*g));
		if (strcmp(scope, "all") == 0)
			g->scope = SCOPE_ALL;
		else if (strcmp(scope, "customer") == 0)
			g->scope = SCOPE_CUSTOMER;
		else
			g->scope = SCOPE_PROPERTY;
		g->customer_id = db_cell_i64(r, i, col + 8);
		g->property_id = db_cell_i64(r, i, col + 9);
		g->expired = strcmp(DB_CELL(r, i, col + 10), "0") != 0;
		g->id = db_cell_i64(r, i, col + 16);
		if (group_cells(a, r, i, col + 11, col + 17, &g->group) < 0)
			return DB_ERROR;
		if (!g->expired) {
			acc->any |= g->group.perms;
			if (g->scope == SCOPE_ALL)
				acc->all = 1;
		}
		n++;
	}
	qsort(grants, n, sizeof(*grants), grant_cmp);
	acc->who.grants = grants;
	acc->who.ngrants = n;
	reach_lists(a, acc);
	*found = 1;
	return DB_OK;
}

/* A token visitor's rights from ST_ACCESS_TOKEN's row r. */
static int
access_of_token(struct arena *a, const struct db_res *r, int64_t customer,
    struct access *acc, int *found)
{
	if (r->nrows != 1 || customer == 0)
		return DB_OK;
	/* The customer has an account now: the link alone no longer opens pages. */
	if (strcmp(DB_CELL(r, 0, 5), "0") != 0) {
		acc->link_closed = 1;
		return DB_OK;
	}
	acc->who.kind = AUTHZ_TOKEN_VISITOR;
	acc->who.customer_id = customer;
	acc->customer_id = customer;
	acc->customer_name = DB_CELL(r, 0, 4);
	if (group_cells(a, r, 0, 0, 6, &acc->who.system_group) < 0)
		return DB_ERROR;
	acc->has_formulas = strcmp(DB_CELL(r, 0, 8), "0") != 0;
	acc->any = acc->who.system_group.perms;
	reach_lists(a, acc);
	*found = 1;
	return DB_OK;
}

int
store_access_token(struct arena *a, int64_t tenant, int64_t customer,
    uint64_t version, struct access *acc, int *found)
{
	struct db_param p[] = { DP_I(customer), DP_I(tenant) };
	struct rights_key k = { tenant, PRINCIPAL_TOKEN, customer };
	struct db_res r;
	int rc;

	memset(acc, 0, sizeof(*acc));
	*found = 0;
	acc->kind = PRINCIPAL_TOKEN;
	acc->reach_customers = acc->reach_properties = "";
	/* Kept by this worker at the version the session read: no statement. */
	acc->rights_version = version;
	acc->versioned = 1;
	if (rights_get(&k, version, a, &r)) {
		rights_outcome("kept");
		return access_of_token(a, &r, customer, acc, found);
	}
	rights_outcome(rights_have(&k) ? "moved" : "read");
	if ((rc = db_exec(ST_ACCESS_TOKEN, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if ((rc = access_of_token(a, &r, customer, acc, found)) == DB_OK)
		rights_keep(&k, version, 0, &r, 0);
	return rc;
}

int
store_access_user(struct arena *a, int64_t tenant, int64_t user_id, struct access *acc,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user_id) };
	struct db_res r;
	int rc;

	memset(acc, 0, sizeof(*acc));
	*found = 0;
	if ((rc = db_exec(ST_ACCESS_USER, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	return access_of_user(a, &r, 0, user_id, acc, found);
}

int
store_access_formulas(struct arena *a, int64_t tenant, struct access *acc)
{
	struct formula *list;
	size_t n;
	int rc;

	if (!acc->has_formulas || acc->formulas != NULL)
		return DB_OK;
	if ((rc = acc->versioned ? store_formulas_kept(a, tenant, acc->rights_version,
	    &list, &n) : store_formulas_list(a, tenant, &list, &n)) != DB_OK)
		return rc;
	if (n > FORMULA_MAX)
		n = FORMULA_MAX;
	acc->formulas = list;
	acc->nformulas = n;
	acc->who.formulas = formula_catalog(a, list, n);
	acc->who.nformulas = n;
	return DB_OK;
}

void
access_rights(const struct access *acc, int64_t property, int64_t customer,
    struct authz_rights *out)
{
	struct authz_property prop = { .id = property, .customer_id = customer };

	authz_resolve(&acc->who, &prop, out);
}

int
access_may(const struct access *acc, int64_t property, int64_t customer, enum perm p)
{
	struct authz_rights rights;

	access_rights(acc, property, customer, &rights);
	return (rights.perms & PERM_BIT(p)) != 0;
}

int
store_reach_keep(const void *reach, int64_t property, int64_t customer,
    struct authz_rights *rights)
{
	const struct store_reach *re = reach;

	memset(rights, 0, sizeof(*rights));
	if (re == NULL || re->acc == NULL)
		return 0;
	access_rights(re->acc, property, customer, rights);
	return rights->perms != 0 && (rights->perms & re->need) == re->need ? 0 :
	    STORE_SKIP;
}

int
store_fill_property(const struct db_res *r, size_t i, const void *reach, void *property)
{
	struct property *out = property;

	memset(out, 0, sizeof(*out));
	out->id = db_cell_i64(r, i, 0);
	out->customer_id = db_cell_i64(r, i, 1);
	out->name = DB_CELL(r, i, 2);
	out->address = DB_CELL(r, i, 3);
	out->city = DB_CELL(r, i, 4);
	out->bedrooms = (int)db_cell_i64(r, i, 5);
	out->owner = DB_CELL(r, i, 6);
	return store_reach_keep(reach, out->id, out->customer_id, &out->rights);
}

int
store_properties_visible(struct arena *a, int64_t tenant, const struct access *acc,
    enum perm p, struct property **props, size_t *n)
{
	struct db_param params[] = {
		DP_I(tenant), ACCESS_REACH(acc),
	};
	struct store_reach reach = { acc, p != PERM__MAX ? PERM_BIT(p) : 0 };
	int rc;

	*n = 0;
	*props = NULL;
	if (acc->any == 0)
		return DB_OK;
	*props = store_rows(a, ST_PROPERTIES_VISIBLE, params, NELEM(params),
	    sizeof(**props), store_fill_property, &reach, n, &rc);
	return rc;
}

int
store_property_get(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t id, struct property *out, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct store_reach reach = { acc, 0 };

	return store_one(a, ST_PROPERTY_GET, p, NELEM(p), store_fill_property, &reach,
	    out, found);
}

void
access_staff(struct access *acc)
{
	memset(acc, 0, sizeof(*acc));
	acc->kind = PRINCIPAL_STAFF;
	acc->who.kind = AUTHZ_PORTAL_ADMIN;
	acc->all = 1;
	acc->any = PERM_ALL;
	acc->reach_customers = acc->reach_properties = "";
}

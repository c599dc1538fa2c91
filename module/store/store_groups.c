/* porch — SPDX-License-Identifier: MIT
 * Permission groups as staff manage them; SQL text in store_sql.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_formulas.h"
#include "store_grants.h"
#include "store_groups.h"

int
store_group_fill(const struct db_res *r, size_t i, const void *ctx, void *group)
{
	struct perm_group *g = group;

	g->id = strtoll(DB_CELL(r, i, 0), NULL, 10);
	g->name = DB_CELL(r, i, 1);
	if (authz_perms_parse(DB_CELL(r, i, 2), &g->rights.perms) < 0 ||
	    authz_fin_level_parse(DB_CELL(r, i, 3), &g->rights.fin.level) < 0 ||
	    authz_fin_filter_parse(DB_CELL(r, i, 4), &g->rights.fin.filter) < 0 ||
	    authz_fin_fields_parse(DB_CELL(r, i, 5), &g->rights.fin.list) < 0)
		return -1;
	g->is_default = strcmp(DB_CELL(r, i, 6), "0") != 0;
	g->is_system = strcmp(DB_CELL(r, i, 7), "0") != 0;
	g->grants = strtol(DB_CELL(r, i, 8), NULL, 10);
	g->rights.instead = DB_CELL(r, i, 10) != NULL ?
	    strtoll(DB_CELL(r, i, 10), NULL, 10) : 0;
	return store_id_list((struct arena *)ctx, DB_CELL(r, i, 9), &g->rights.fin.formulas,
	    &g->rights.fin.nformulas);
}

int
store_groups_list(struct arena *a, int64_t tenant, struct perm_group **groups,
    size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*groups = store_rows(a, ST_GROUPS_LIST, p, NELEM(p), sizeof(**groups),
	    store_group_fill, a, n, &rc);
	return rc;
}

int
store_group_get(struct arena *a, int64_t tenant, int64_t id, struct perm_group *g,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_GROUP_GET, p, NELEM(p), store_group_fill, a, g, found);
}

/* The SET and ENUM texts of a group's rights, for binding. */
struct rights_text {
	char	 perms[AUTHZ_SET_TEXT_MAX];
	char	 fields[AUTHZ_SET_TEXT_MAX];
};

static void
rights_text(const struct authz_group *g, struct rights_text *t)
{
	authz_perms_format(g->perms, t->perms, sizeof(t->perms));
	authz_fin_fields_format(g->fin.list, t->fields, sizeof(t->fields));
}

/* The formulas group id lists and the one it shows instead of the total. */
static int
group_formulas_write(struct arena *a, int64_t tenant, int64_t id,
    const struct authz_group *g)
{
	int rc;

	if ((rc = store_formulas_listed_set(a, tenant, id, 0, g->fin.formulas,
	    g->fin.nformulas)) != DB_OK)
		return rc;
	return store_group_instead_set(a, tenant, id, g->instead);
}

int
store_group_add(struct arena *a, int64_t tenant, const struct perm_group *g,
    const char *description, int64_t *id)
{
	struct rights_text t;
	struct db_res r;
	int rc;

	rights_text(&g->rights, &t);
	{
		struct db_param p[] = { DP_I(tenant), DP_S(g->name),
			description != NULL ? DP_S(description) : DP_NUL,
			DP_I(g->is_default != 0), DP_I(g->is_system != 0), DP_S(t.perms),
			DP_S(authz_fin_level_name(g->rights.fin.level)),
			DP_S(authz_fin_filter_name(g->rights.fin.filter)), DP_S(t.fields) };

		if ((rc = db_exec(ST_GROUP_ADD, p, NELEM(p), a, &r)) == DB_OK)
			*id = (int64_t)r.insert_id;
	}
	if (rc != DB_OK)
		return rc;
	return group_formulas_write(a, tenant, *id, &g->rights);
}

int
store_group_update(struct arena *a, int64_t tenant, const struct perm_group *g)
{
	struct rights_text t;
	struct db_res r;

	rights_text(&g->rights, &t);
	{
		struct db_param p[] = { DP_S(g->name), DP_S(t.perms),
			DP_S(authz_fin_level_name(g->rights.fin.level)),
			DP_S(authz_fin_filter_name(g->rights.fin.filter)), DP_S(t.fields),
			DP_I(tenant), DP_I(g->id) };

		int rc;

		if ((rc = store_notify_lock(a, tenant)) != DB_OK ||
		    (rc = db_exec(ST_GROUP_UPDATE, p, NELEM(p), a, &r)) != DB_OK ||
		    (rc = group_formulas_write(a, tenant, g->id, &g->rights)) != DB_OK)
			return rc;
		return store_notify_check(a, tenant, 0, g->id, NULL);
	}
}

int
store_group_set_default(struct arena *a, int64_t tenant, int64_t id, int *found)
{
	struct db_param clear[] = { DP_I(tenant) };
	struct db_param set[] = { DP_I(tenant), DP_I(id) };
	int rc;

	*found = 0;
	if ((rc = store_notify_lock(a, tenant)) != DB_OK ||
	    (rc = store_change(a, ST_GROUP_DEFAULT_CLEAR, clear, NELEM(clear), NULL)) !=
	    DB_OK ||
	    (rc = store_change_one(a, ST_GROUP_DEFAULT_SET, set, NELEM(set), found)) !=
	    DB_OK)
		return rc;
	return store_notify_check(a, tenant, 0, 0, NULL);
}

int
store_group_grants_move(struct arena *a, int64_t tenant, int64_t from, int64_t to,
    long *moved)
{
	struct db_param p[] = { DP_I(to), DP_I(tenant), DP_I(from) };
	uint64_t n;
	int rc;

	*moved = 0;
	if ((rc = store_notify_lock(a, tenant)) != DB_OK ||
	    (rc = store_change(a, ST_GROUP_GRANTS_MOVE, p, NELEM(p), &n)) != DB_OK)
		return rc;
	*moved = (long)n;
	return store_notify_check(a, tenant, 0, to, NULL);
}

int
store_group_del(struct arena *a, int64_t tenant, int64_t id, int *deleted)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id) };

	return store_change_one(a, ST_GROUP_DEL, p, NELEM(p), deleted);
}

int
store_groups_init(struct arena *a, int64_t tenant)
{
	/*
	 * Token-link visitors see the calendar and no money until staff decide
	 * otherwise; owners start with their calendar, statements and public
	 * documents, and their own revenue.
	 */
	static const struct perm_group system = {
		.name = GROUP_SYSTEM_NAME, .is_system = 1,
		.rights = { PERM_BIT(PERM_CALENDAR_VIEW),
		    { FIN_LEVEL_NONE, FIN_FILTER_ALL, 0 } },
	};
	static const struct perm_group owners = {
		.name = "Owners", .is_default = 1,
		.rights = { PERM_BIT(PERM_CALENDAR_VIEW) |
		    PERM_BIT(PERM_STATEMENTS_VIEW) | PERM_BIT(PERM_DOCUMENTS_PUBLIC),
		    { FIN_LEVEL_OWNER_REVENUE, FIN_FILTER_ALL, 0 } },
	};
	int64_t id;
	int rc;

	if ((rc = store_group_add(a, tenant, &system, "Visitors who open a token link "
	    "(no portal account)", &id)) != DB_OK)
		return rc;
	return store_group_add(a, tenant, &owners, "Given to new portal users", &id);
}

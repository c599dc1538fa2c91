/* porch — SPDX-License-Identifier: MIT
 * The tenant API's permission groups and portal users, by external id: their JSON
 * input tables, their JSON, and the change functions behind them (access_xid.c,
 * which makes each put of the changes the staff pages make). A user names its
 * customer, contact, and its grants' groups and properties by external ids.
 */
#include "config.h"

#include <string.h>

#include "api_resource.h"
#include "authz.h"
#include "handlers.h"
#include "store_grants.h"
#include "store_groups.h"
#include "store_users_xid.h"

#define GRANTS_MAX	100

/* --- groups --- */

/* Rules of the input table: a name without blanks around it; names of the
 * catalogs. */
static const char *
group_name_rule(const char *s)
{
	size_t n = strlen(s);

	return s[0] == ' ' || s[n - 1] == ' ' ? "name must not begin or end with a "
	    "blank." : NULL;
}

static const char *
perm_rule(const char *s)
{
	enum perm p;

	return authz_perm_parse(s, &p) < 0 ? "Each permission is a name of the "
	    "catalog (docs/API.md, \"groups\"), like calendar.view." : NULL;
}

static const char *
level_rule(const char *s)
{
	enum fin_level l;

	return authz_fin_level_parse(s, &l) < 0 ? "financial_level is none, "
	    "owner_revenue or all." : NULL;
}

static const char *
filter_rule(const char *s)
{
	enum fin_filter f;

	return authz_fin_filter_parse(s, &f) < 0 ? "financial_filter is all, except "
	    "or only." : NULL;
}

static const char *
fin_field_rule(const char *s)
{
	enum fin_field f;

	return authz_fin_field_parse(s, &f) < 0 ? "Each financial field is a name of "
	    "the catalog, like base_rate or payout." : NULL;
}

enum group_field { GF_NAME, GF_PERMS, GF_LEVEL, GF_FILTER, GF_FIELDS, GF_DEFAULT,
	GF__MAX };

static const struct api_field group_fields[GF__MAX] = {
	[GF_NAME] = { "name", AF_STRING, AF_REQUIRED, 1, GROUP_NAME_MAX,
	    group_name_rule },
	[GF_PERMS] = { "permissions", AF_WORDS, AF_NULLABLE, 0, PERM__MAX, perm_rule },
	[GF_LEVEL] = { "financial_level", AF_STRING, AF_NULLABLE, 1, 32, level_rule },
	[GF_FILTER] = { "financial_filter", AF_STRING, AF_NULLABLE, 1, 32,
	    filter_rule },
	[GF_FIELDS] = { "financial_fields", AF_WORDS, AF_NULLABLE, 0, FIN__MAX,
	    fin_field_rule },
	[GF_DEFAULT] = { "default", AF_BOOL, AF_NULLABLE, 0, 0, NULL },
};

static json_t *
group_json(const void *row)
{
	const struct group_xid *x = row;
	const struct perm_group *g = &x->g;
	json_t *perms = json_array(), *fields = json_array();

	for (int i = 0; i < PERM__MAX; i++)
		if (g->rights.perms & PERM_BIT(i))
			json_array_append_new(perms, json_string(authz_perm_name(i)));
	for (int i = 0; i < FIN__MAX; i++)
		if (g->rights.fin.list & FIN_BIT(i))
			json_array_append_new(fields, json_string(authz_fin_field_name(i)));
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:b}", "external_id", x->xid,
	    "name", g->name, "permissions", perms, "financial_level",
	    authz_fin_level_name(g->rights.fin.level), "financial_filter",
	    authz_fin_filter_name(g->rights.fin.filter), "financial_fields", fields,
	    "default", g->is_default);
}

static int
group_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct authz_group rights;
	struct group_put g = {
		.xid = xid, .name = in[GF_NAME].s, .rights = &rights,
		.is_default = in[GF_DEFAULT].set && in[GF_DEFAULT].i,
	};
	enum perm p;
	enum fin_field f;

	/* The rules of the table passed every name: these parse. */
	memset(&rights, 0, sizeof(rights));
	for (int64_t i = 0; in[GF_PERMS].set && i < in[GF_PERMS].i; i++)
		if (authz_perm_parse(in[GF_PERMS].items[i].s, &p) == 0)
			rights.perms |= PERM_BIT(p);
	for (int64_t i = 0; in[GF_FIELDS].set && i < in[GF_FIELDS].i; i++)
		if (authz_fin_field_parse(in[GF_FIELDS].items[i].s, &f) == 0)
			rights.fin.list |= FIN_BIT(f);
	if (in[GF_LEVEL].set)
		authz_fin_level_parse(in[GF_LEVEL].s, &rights.fin.level);
	if (in[GF_FILTER].set)
		authz_fin_filter_parse(in[GF_FILTER].s, &rights.fin.filter);
	return change_group_put(&c->who, &g, created, out);
}

static int
group_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_group_delete_xid(&c->who, xid, out);
}

const struct api_resource api_groups = {
	.name = "groups", .fields = group_fields, .nfields = GF__MAX,
	.rows = &store_xid_groups, .json = group_json, .put = group_put,
	.del = group_del,
};

int
handle_api_groups(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_groups);
}

/* --- users --- */

static const char *
status_rule(const char *s)
{
	return strcmp(s, "active") != 0 && strcmp(s, "invited") != 0 &&
	    strcmp(s, "disabled") != 0 ? "status is active or disabled (invited, as "
	    "porch shows a user who has not accepted yet, is the same as active)." :
	    NULL;
}

/* The staff form trims a login's leading blanks; here one is refused, so that the
 * login sent is the login kept and a repeat compares equal. */
static const char *
login_rule(const char *s)
{
	return s[0] == ' ' ? "login must not begin with a blank." : NULL;
}

static const char *
scope_rule(const char *s)
{
	enum grant_scope sc;

	return grant_scope_parse(s, &sc) != 0 ? "scope is customer, all or property." :
	    NULL;
}

enum grant_field { RF_GROUP, RF_SCOPE, RF_CUSTOMER, RF_PROPERTY, RF_EXPIRES,
	RF__MAX };

static const struct api_field grant_fields[RF__MAX] = {
	[RF_GROUP] = { "group", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[RF_SCOPE] = { "scope", AF_STRING, AF_REQUIRED, 1, 16, scope_rule },
	[RF_CUSTOMER] = { "customer", AF_XID, AF_NULLABLE, 0, 0, NULL },
	[RF_PROPERTY] = { "property", AF_XID, AF_NULLABLE, 0, 0, NULL },
	[RF_EXPIRES] = { "expires", AF_DATE, AF_NULLABLE, 0, 0, NULL },
};

static const struct api_list grant_list = { grant_fields, RF__MAX };

enum user_field { UF_CUSTOMER, UF_CONTACT, UF_LOGIN, UF_LOGIN_IS_EMAIL, UF_MFA,
	UF_STATUS, UF_ADMIN, UF_INVITE, UF_GRANTS, UF__MAX };

static const struct api_field user_fields[UF__MAX] = {
	[UF_CUSTOMER] = { "customer", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[UF_CONTACT] = { "contact", AF_XID, AF_NULLABLE, 0, 0, NULL },
	[UF_LOGIN] = { "login", AF_STRING, AF_NULLABLE, 1, USER_LOGIN_MAX,
	    login_rule },
	[UF_LOGIN_IS_EMAIL] = { "login_is_email", AF_BOOL, AF_NULLABLE, 0, 0, NULL },
	[UF_MFA] = { "mfa_required", AF_BOOL, AF_NULLABLE, 0, 0, NULL },
	[UF_STATUS] = { "status", AF_STRING, AF_NULLABLE, 1, 16, status_rule },
	[UF_ADMIN] = { "portal_admin", AF_BOOL, AF_NULLABLE, 0, 0, NULL },
	[UF_INVITE] = { "invite", AF_BOOL, AF_NULLABLE, 0, 0, NULL },
	[UF_GRANTS] = { "grants", AF_LIST, AF_NULLABLE, 0, GRANTS_MAX, NULL,
	    &grant_list },
};

/* User u with its grants as JSON (a new reference) in *out. */
static int
user_json(struct api_call *c, const struct user_xid *u, json_t **out)
{
	struct grant_xid *g;
	json_t *grants;
	size_t n;
	int rc;

	if ((rc = store_user_grants_xid(c->a, c->tenant, u->id, &g, &n)) != DB_OK)
		return rc;
	grants = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(grants, json_pack("{s:o, s:s, s:o, s:o, s:o}",
		    "group", api_json_str(g[i].group_xid), "scope", g[i].scope,
		    "customer", api_json_str(g[i].customer_xid),
		    "property", api_json_str(g[i].property_xid),
		    "expires", api_json_str(g[i].expires)));
	*out = json_pack("{s:s, s:o, s:o, s:s, s:b, s:s, s:b, s:b, s:o}",
	    "external_id", u->xid, "customer", api_json_str(u->customer_xid),
	    "contact", api_json_str(u->contact_xid), "login", u->login,
	    "login_is_email", u->login_is_email, "status", u->status,
	    "mfa_required", u->mfa_required, "portal_admin", u->is_admin,
	    "grants", grants);
	return DB_OK;
}

static int
user_get(struct api_call *c, const char *xid, json_t **out)
{
	struct user_xid u;
	int found, rc;

	*out = NULL;
	if ((rc = store_xid_get(c->a, &store_xid_users, c->tenant, xid, 0, &u,
	    &found)) != DB_OK || !found)
		return rc;
	return user_json(c, &u, out);
}

static int
user_list(struct api_call *c, const char *after, size_t limit, json_t *items)
{
	struct user_xid *rows;
	json_t *item;
	size_t n;
	int rc;

	if ((rc = store_xid_after(c->a, &store_xid_users, c->tenant, after, limit,
	    (void **)&rows, &n)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = user_json(c, &rows[i], &item)) != DB_OK)
			return rc;
		json_array_append_new(items, item);
	}
	return DB_OK;
}

static int
user_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct user_put u = {
		.xid = xid, .customer_xid = in[UF_CUSTOMER].s,
		.contact_xid = in[UF_CONTACT].s, .login = in[UF_LOGIN].s,
		.login_is_email = in[UF_LOGIN_IS_EMAIL].set ?
		    (int)in[UF_LOGIN_IS_EMAIL].i : -1,
		.mfa_required = in[UF_MFA].set && in[UF_MFA].i,
		.disabled = in[UF_STATUS].set && strcmp(in[UF_STATUS].s, "disabled") == 0,
		.portal_admin = in[UF_ADMIN].set && in[UF_ADMIN].i,
		.invite = !in[UF_INVITE].set || in[UF_INVITE].i,
		.has_grants = in[UF_GRANTS].set,
		.ngrants = in[UF_GRANTS].set ? (size_t)in[UF_GRANTS].i : 0,
	};
	struct user_grant_put *g;

	g = arena_alloc(c->a, (u.ngrants + 1) * sizeof(*g));
	for (size_t i = 0; i < u.ngrants; i++) {
		const struct api_value *v = &in[UF_GRANTS].items[i * RF__MAX];

		g[i].group_xid = v[RF_GROUP].s;
		g[i].scope = v[RF_SCOPE].s;
		g[i].customer_xid = v[RF_CUSTOMER].s;
		g[i].property_xid = v[RF_PROPERTY].s;
		g[i].expires = v[RF_EXPIRES].set ? (long)v[RF_EXPIRES].i : 0;
	}
	u.grants = g;
	return change_user_put(&c->who, &u, created, out);
}

static int
user_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_user_disable_xid(&c->who, xid, out);
}

const struct api_resource api_users = {
	.name = "users", .fields = user_fields, .nfields = UF__MAX,
	.put = user_put, .del = user_del, .get = user_get, .list = user_list,
};

int
handle_api_users(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_users);
}

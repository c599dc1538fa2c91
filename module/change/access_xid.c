/* porch — SPDX-License-Identifier: MIT
 * Permission groups and portal users as the tenant's system sends them, by
 * external id (see change.h). Each put is one transaction made of the changes the
 * staff pages make (change_group_save(), change_user_new(), change_grant_add()...),
 * each of which nests as a savepoint: there is no second way to write a group, a
 * user or a grant.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "authz.h"
#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_customers.h"
#include "store_grants.h"
#include "store_properties.h"
#include "store_users_xid.h"

/* ---- groups --------------------------------------------------------------- */

static int
rights_same(const struct authz_group *a, const struct authz_group *b)
{
	return a->perms == b->perms && a->fin.level == b->fin.level &&
	    a->fin.filter == b->fin.filter && a->fin.list == b->fin.list;
}

/* A refusal of change_group_save() about the name names the field. */
static int
group_saved(int rc, struct change_result *out)
{
	if (rc == CHANGE_INVALID || (rc == CHANGE_CONFLICT && out->title != NULL &&
	    strcmp(out->title, "Name taken") == 0))
		out->field = "/name";
	return rc;
}

/* The group put, inside the transaction. */
static int
group_put(const struct actor *who, const struct group_put *in, int *created,
    struct change_result *out)
{
	struct group_xid row;
	struct perm_group g;
	int found, rc, was_default = 0;

	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (rc = store_xid_get(who->a, &store_xid_groups, who->tenant, in->xid, 1, &row,
	    &found)) != DB_OK)
		return rc;
	if (found) {
		if (row.g.is_system)
			return change_refuse(out, CHANGE_CONFLICT, "Not changed", "The "
			    "Non-Portal Users group is the tenant's own; nothing was "
			    "changed.");
		was_default = row.g.is_default;
		if (strcmp(row.g.name, in->name) == 0 &&
		    rights_same(&row.g.rights, in->rights) &&
		    was_default == (in->is_default != 0))
			return change_unchanged(out);
		if (was_default && !in->is_default) {
			out->field = "/default";
			return change_refuse(out, CHANGE_CONFLICT, "Still the default",
			    "The tenant always has one default group: make another "
			    "group the default instead; nothing was changed.");
		}
		g = row.g;
		g.name = (char *)in->name;
		g.rights = *in->rights;
		/* Money formulas are kept by staff: the API leaves them as they are. */
		g.rights.fin.formulas = row.g.rights.fin.formulas;
		g.rights.fin.nformulas = row.g.rights.fin.nformulas;
		g.rights.instead = row.g.rights.instead;
		if ((strcmp(row.g.name, in->name) != 0 ||
		    !rights_same(&row.g.rights, in->rights)) &&
		    (rc = group_saved(change_group_save(who, &g, row.g.name, out),
		    out)) != CHANGE_OK)
			return rc;
	} else {
		memset(&g, 0, sizeof(g));
		g.name = (char *)in->name;
		g.rights = *in->rights;
		if ((rc = group_saved(change_group_save(who, &g, NULL, out), out)) !=
		    CHANGE_OK)
			return rc;
		g.id = out->id;
		if ((rc = store_group_set_xid(who->a, who->tenant, g.id, in->xid)) ==
		    DB_CONFLICT)
			return change_raced(out);
		if (rc != DB_OK)
			return rc;
		*created = 1;
	}
	if (in->is_default && !was_default &&
	    (rc = change_group_default(who, &g, out)) != CHANGE_OK) {
		if (out->field == NULL)
			out->field = "/default";
		return rc;
	}
	out->id = g.id;
	return CHANGE_OK;
}

int
change_group_put(const struct actor *who, const struct group_put *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	STORE_TXN(rc, (change_rerun(out, created), group_put(who, in, created, out)));
	return rc;
}

/* The group's delete, inside the transaction. */
static int
group_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct group_xid row;
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_groups, xid, NULL, "group", &row,
	    out)) != DB_OK)
		return rc;
	if (row.g.grants > 0)
		return change_refuse(out, CHANGE_CONFLICT, "Not deleted", "%ld grant%s of "
		    "portal users use%s this group: remove %s first (PUT those users "
		    "without it); nothing was deleted.", row.g.grants,
		    row.g.grants == 1 ? "" : "s", row.g.grants == 1 ? "s" : "",
		    row.g.grants == 1 ? "it" : "them");
	return change_group_delete(who, &row.g, NULL, out);
}

int
change_group_delete_xid(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, group_remove);
}

/* ---- users ---------------------------------------------------------------- */

/* A grant as wanted: the ids its external ids name. */
struct grant_want {
	int64_t		 group;
	int		 scope;		/* enum grant_scope */
	int64_t		 customer, property;
	char		 expires[DATE_LEN];	/* "" for none */
	long		 days;
	int		 have;		/* the user has it already */
};

/* The JSON pointer of field name of grant i, in who->a. */
static const char *
grant_field(const struct actor *who, size_t i, const char *name)
{
	char f[64];

	snprintf(f, sizeof(f), "/grants/%zu/%s", i, name);
	return arena_strdup(who->a, f);
}

/* What the put wants, resolved: the user's customer and contact, the grants. */
struct user_want {
	struct customer_row	 customer;
	struct contact_row	 contact;	/* id 0: none */
	struct grant_want	*grants;
};

/* The ids in's external ids name, into w; a refusal naming its field. */
static int
user_resolve(const struct actor *who, const struct user_put *in,
    struct user_want *w, struct change_result *out)
{
	enum grant_scope sc;
	int rc;

	memset(w, 0, sizeof(*w));
	if ((rc = change_xid_ref(who, &store_xid_customers, in->customer_xid,
	    "/customer", "customer", &w->customer, out)) != DB_OK)
		return rc;
	if (in->contact_xid != NULL) {
		if ((rc = change_xid_ref(who, &store_xid_contacts, in->contact_xid,
		    "/contact", "contact", &w->contact, out)) != DB_OK)
			return rc;
		if (w->contact.customer_id != w->customer.id) {
			out->field = "/contact";
			return change_refuse(out, CHANGE_INVALID, "Not found", "Contact "
			    "%s is not a contact of customer %s.", in->contact_xid,
			    in->customer_xid);
		}
	}
	w->grants = arena_alloc(who->a, (in->ngrants + 1) * sizeof(*w->grants));
	for (size_t i = 0; i < in->ngrants; i++) {
		const struct user_grant_put *g = &in->grants[i];
		struct grant_want *gw = &w->grants[i];
		struct group_xid grp;
		struct customer_row c;
		struct property_row p;

		memset(gw, 0, sizeof(*gw));
		if ((rc = change_xid_ref(who, &store_xid_groups, g->group_xid,
		    grant_field(who, i, "group"), "group", &grp, out)) != DB_OK)
			return rc;
		gw->group = grp.g.id;
		if (grant_scope_parse(g->scope, &sc) != 0) {
			out->field = grant_field(who, i, "scope");
			return change_refuse(out, CHANGE_INVALID, "Bad grant", "scope is "
			    "customer, all or property.");
		}
		gw->scope = (int)sc;
		if ((sc != SCOPE_CUSTOMER && g->customer_xid != NULL) ||
		    (sc != SCOPE_PROPERTY && g->property_xid != NULL)) {
			out->field = grant_field(who, i, g->customer_xid != NULL &&
			    sc != SCOPE_CUSTOMER ? "customer" : "property");
			return change_refuse(out, CHANGE_INVALID, "Bad grant", "Only a "
			    "grant of scope customer names a customer, and only one of "
			    "scope property a property.");
		}
		if (sc == SCOPE_CUSTOMER) {
			gw->customer = w->customer.id;
			if (g->customer_xid != NULL) {
				if ((rc = change_xid_ref(who, &store_xid_customers,
				    g->customer_xid, grant_field(who, i, "customer"),
				    "customer", &c, out)) != DB_OK)
					return rc;
				gw->customer = c.id;
			}
		} else if (sc == SCOPE_PROPERTY) {
			if (g->property_xid == NULL) {
				out->field = grant_field(who, i, "property");
				return change_refuse(out, CHANGE_INVALID, "Bad grant", "A "
				    "grant of scope property names the property.");
			}
			if ((rc = change_xid_ref(who, &store_xid_properties,
			    g->property_xid, grant_field(who, i, "property"), "property",
			    &p, out)) != DB_OK)
				return rc;
			gw->property = p.id;
		}
		gw->days = g->expires;
		if (g->expires != 0)
			date_format(g->expires, gw->expires);
	}
	return CHANGE_OK;
}

/* Does the user's grant have match the wanted one w? */
static int
grant_is(const struct grant_xid *have, const struct grant_want *w)
{
	enum grant_scope sc;

	return have->group_id == w->group && grant_scope_parse(have->scope, &sc) == 0 &&
	    (int)sc == w->scope && have->customer_id == w->customer &&
	    have->property_id == w->property &&
	    strcmp(have->expires != NULL ? have->expires : "", w->expires) == 0;
}

/*
 * Makes the grants of user the wanted ones w[0..n): those it has stay, the others
 * it has are removed, the missing are added. *changed counts the changes.
 */
static int
grants_sync(const struct actor *who, int64_t user, struct grant_want *w, size_t n,
    int *changed, struct change_result *out)
{
	struct grant_xid *have;
	size_t nhave, j;
	int rc;

	if ((rc = store_user_grants_xid(who->a, who->tenant, user, &have, &nhave)) !=
	    DB_OK)
		return rc;
	/* Each grant the user has stands for at most one wanted (a multiset). */
	for (size_t i = 0; i < nhave; i++) {
		for (j = 0; j < n && (w[j].have || !grant_is(&have[i], &w[j])); j++)
			;
		if (j < n) {
			w[j].have = 1;
			continue;
		}
		if ((rc = change_grant_remove(who, user, have[i].id, out)) != CHANGE_OK)
			return rc;
		(*changed)++;
	}
	for (j = 0; j < n; j++) {
		struct grant_new g = {
			.user = user, .group = w[j].group, .scope = w[j].scope,
			.customer = w[j].customer, .property = w[j].property,
			.expires = w[j].days,
		};

		if (w[j].have)
			continue;
		if ((rc = change_grant_add(who, &g, out)) != CHANGE_OK) {
			out->field = grant_field(who, j, "group");
			return rc;
		}
		(*changed)++;
	}
	return CHANGE_OK;
}

/* A new user of in: made by change_user_new(), given its external id. */
static int
user_create(const struct actor *who, const struct user_put *in,
    const struct user_want *w, struct user_xid *u, struct change_result *out)
{
	struct user_new un = {
		.customer = w->customer.id, .contact = w->contact.id, .login = in->login,
		.invite = in->invite,
	};
	int nogroup, invited, rc;

	if (in->disabled) {
		out->field = "/status";
		return change_refuse(out, CHANGE_INVALID, "Bad status", "A new portal "
		    "user starts invited: send status active, or none.");
	}
	if ((rc = change_user_new(who, &un, out, &nogroup, &invited)) != CHANGE_OK) {
		if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
			out->field = "/login";
		return rc;
	}
	memset(u, 0, sizeof(*u));
	u->id = out->id;
	u->status = "invited";
	if ((rc = store_user_set_xid(who->a, who->tenant, u->id, in->xid)) ==
	    DB_CONFLICT)
		return change_raced(out);
	return rc;
}

/* The refusal of a change to who an existing user u is, or CHANGE_OK. */
static int
user_fixed(const struct user_put *in, const struct user_want *w,
    const struct user_xid *u, struct change_result *out)
{
	if (u->customer_id != w->customer.id)
		out->field = "/customer";
	else if (u->contact_id != w->contact.id)
		out->field = "/contact";
	else if (in->login != NULL && strcmp(u->login, in->login) != 0)
		out->field = "/login";
	else
		return CHANGE_OK;
	return change_refuse(out, CHANGE_CONFLICT, "Not changed", "A portal user's "
	    "customer, contact and login are who the user is and do not change: "
	    "disable this user and put another; nothing was changed.");
}

/* The user put, inside the transaction. */
static int
user_put(const struct actor *who, const struct user_put *in, int *created,
    struct change_result *out)
{
	static const enum mfa_op mfa_ops[2] = { MFA_OP_UNREQUIRE, MFA_OP_REQUIRE };
	char onetime[USER_ONETIME_LEN];
	const char *login;
	struct user_want w;
	struct user_xid u;
	size_t n;
	int found, rc, changed = 0;

	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (rc = user_resolve(who, in, &w, out)) != CHANGE_OK)
		return rc;
	if (in->login != NULL && in->login_is_email >= 0 &&
	    (mail_addr_problem(in->login) == NULL) != (in->login_is_email != 0)) {
		out->field = "/login";
		return change_refuse(out, CHANGE_INVALID, "Bad login", in->login_is_email ?
		    "login_is_email is true, but the login is not an email address." :
		    "login_is_email is false, but the login is an email address.");
	}
	if ((rc = store_xid_get(who->a, &store_xid_users, who->tenant, in->xid, 1, &u,
	    &found)) != DB_OK)
		return rc;
	if (!found) {
		if ((rc = user_create(who, in, &w, &u, out)) != CHANGE_OK)
			return rc;
		*created = 1;
	} else if ((rc = user_fixed(in, &w, &u, out)) != CHANGE_OK)
		return rc;
	if (in->has_grants && (rc = grants_sync(who, u.id, w.grants, in->ngrants,
	    &changed, out)) != CHANGE_OK)
		return rc;
	if ((in->portal_admin != 0) != u.is_admin) {
		if ((rc = change_portal_admin(who, u.id, in->portal_admin,
		    u.hide_reports, out)) != CHANGE_OK)
			return rc;
		changed++;
	}
	if ((in->mfa_required != 0) != u.mfa_required) {
		struct mfa_change m = {
			.op = mfa_ops[in->mfa_required != 0], .scope = MFA_SELECTED,
			.users = &u.id, .n = 1,
		};

		if ((rc = change_users_mfa(who, &m, &n)) != CHANGE_OK)
			return rc;
		changed++;
	}
	if ((strcmp(u.status, "disabled") == 0) != (in->disabled != 0)) {
		if ((rc = change_user(who, in->disabled ? USER_DISABLE : USER_ENABLE, u.id,
		    out, onetime, &login)) != CHANGE_OK)
			return rc;
		changed++;
	}
	out->id = u.id;
	return *created || changed > 0 ? CHANGE_OK : change_unchanged(out);
}

int
change_user_put(const struct actor *who, const struct user_put *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	STORE_TXN(rc, (change_rerun(out, created), user_put(who, in, created, out)));
	return rc;
}

/* The user's disabling, inside the transaction. */
static int
user_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	char onetime[USER_ONETIME_LEN];
	const char *login;
	struct user_xid u;
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_users, xid, NULL, "portal user", &u,
	    out)) != DB_OK)
		return rc;
	if (strcmp(u.status, "disabled") == 0)
		return change_unchanged(out);
	return change_user(who, USER_DISABLE, u.id, out, onetime, &login);
}

int
change_user_disable_xid(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, user_remove);
}

/* porch — SPDX-License-Identifier: MIT
 * A portal user's access: grants added and removed, the portal-admin switch, the
 * user's own financial setting, and the one-holder rule of notify.bookings that
 * grants and groups share (see change.h). Every change applies from the user's
 * next request: the portal loads rights per request.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "change.h"
#include "date.h"
#include "store.h"
#include "store_grants.h"

/* The sentence of a notify.bookings refusal, in who->a. */
static const char *
notify_text(const struct actor *who, const struct notify_clash *c)
{
	struct buf text;
	char *out;

	buf_init(&text, 256);
	if (c->default_group != NULL) {
		buf_puts(&text, "Every new portal user gets the default group (");
		buf_puts(&text, c->default_group);
		buf_puts(&text, "), so it cannot give \xe2\x80\x9cReceive booking emails\xe2\x80\x9d, "
		    "which goes to one user per property. Nothing was changed.");
	} else {
		buf_puts(&text, "\xe2\x80\x9cReceive booking emails\xe2\x80\x9d goes to one portal "
		    "user per property, and ");
		buf_puts(&text, c->holder);
		buf_puts(&text, " holds it already for ");
		if (c->scope == SCOPE_ALL)
			buf_puts(&text, "every property");
		else {
			if (c->scope == SCOPE_CUSTOMER)
				buf_puts(&text, "the properties of ");
			buf_puts(&text, c->where);
		}
		buf_puts(&text, ", so ");
		buf_puts(&text, c->other);
		buf_puts(&text, " cannot have it there too. Remove that grant first. Nothing "
		    "was changed.");
	}
	out = arena_strdup(who->a, text.data);
	buf_free(&text);
	return out;
}

int
change_notify_refuse(const struct actor *who, const struct notify_clash *c,
    struct change_result *out)
{
	out->title = NOTIFY_TAKEN;
	out->text = notify_text(who, c);
	return CHANGE_CONFLICT;
}

/* What a grant gives, as its audit entries write it. */
static void
grant_gives(char *d, size_t len, int64_t group, enum grant_scope sc, int64_t customer,
    int64_t property, const char *expires)
{
	snprintf(d, len, "group=%" PRId64 " scope=%s customer=%" PRId64 " property=%"
	    PRId64 " expires=%s", group, grant_scope_name(sc), customer, property,
	    expires != NULL ? expires : "none");
}

/* The audit detail of a grant added or removed: the grant and what it gives. */
static void
grant_detail(char *d, size_t len, int64_t id, int64_t group, enum grant_scope sc,
    int64_t customer, int64_t property, const char *expires)
{
	char gives[160];

	grant_gives(gives, sizeof(gives), group, sc, customer, property, expires);
	snprintf(d, len, "grant=%" PRId64 " %s", id, gives);
}

/* The refusal of a grant's input, or CHANGE_OK. */
static int
grant_check(const struct grant_new *in, struct change_result *out)
{
	if (in->group == 0)
		return change_refuse(out, CHANGE_INVALID, "Bad grant",
		    "Choose the group the grant gives.");
	if (in->scope == SCOPE_CUSTOMER && in->customer == 0)
		return change_refuse(out, CHANGE_INVALID, "Bad grant", "Choose the "
		    "customer whose properties the grant covers.");
	if (in->scope == SCOPE_PROPERTY && in->property == 0)
		return change_refuse(out, CHANGE_INVALID, "Bad grant",
		    "Choose the property the grant covers.");
	if (in->scope != SCOPE_CUSTOMER && in->scope != SCOPE_ALL &&
	    in->scope != SCOPE_PROPERTY)
		return change_refuse(out, CHANGE_INVALID, "Bad grant", "Choose what the "
		    "grant covers: one customer, all properties or one property.");
	if (in->expires != 0 && (in->expires < date_days(DATE_YEAR_MIN, 1, 1) ||
	    in->expires > date_days(DATE_YEAR_MAX, 12, 31)))
		return change_refuse(out, CHANGE_INVALID, "Bad grant", "The last day must "
		    "be a date written YYYY-MM-DD (for example 2027-03-31), or empty for "
		    "no expiry; nothing was saved.");
	return CHANGE_OK;
}

/* The grant itself, inside the transaction. */
static int
grant_add(const struct actor *who, const struct grant_new *in, const char *expires,
    struct change_result *out)
{
	int64_t customer = in->scope == SCOPE_CUSTOMER ? in->customer : 0;
	int64_t property = in->scope == SCOPE_PROPERTY ? in->property : 0;
	struct notify_clash clash;
	char detail[200];
	int added, rc;

	rc = store_grant_add(who->a, who->tenant, in->user, in->group, in->scope,
	    customer, property, expires, &out->id, &added, &clash);
	if (rc == GRANT_NOTIFY_TAKEN)
		return change_notify_refuse(who, &clash, out);
	if (rc != DB_OK)
		return rc;
	if (!added)
		return CHANGE_NOT_FOUND;
	grant_detail(detail, sizeof(detail), out->id, in->group, in->scope, customer,
	    property, expires);
	return change_audit(who, "grant.add", "portal_user", in->user, detail);
}

int
change_grant_add(const struct actor *who, const struct grant_new *in,
    struct change_result *out)
{
	char day[DATE_LEN];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = grant_check(in, out)) != CHANGE_OK)
		return rc;
	if (in->expires != 0)
		date_format(in->expires, day);
	STORE_TXN(rc, (change_rerun(out, NULL), grant_add(who, in, in->expires != 0 ? day : NULL, out)));
	return rc;
}

/* The user's grant id in *g (in who->a): CHANGE_NOT_FOUND when it is not theirs. */
static int
grant_find(const struct actor *who, int64_t user, int64_t id, struct grant_row **g)
{
	struct grant_row *grants;
	size_t n;
	int rc;

	*g = NULL;
	if (id == 0)
		return CHANGE_NOT_FOUND;
	if ((rc = store_grants_list(who->a, who->tenant, user, &grants, &n)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (grants[i].id == id)
			*g = &grants[i];
	return *g != NULL ? CHANGE_OK : CHANGE_NOT_FOUND;
}

/* Does grant g give what p says already? */
static int
grant_same(const struct grant_row *g, const struct grant_put *p)
{
	return g->group_id == p->group && g->g.scope == p->scope &&
	    (p->scope != SCOPE_CUSTOMER || g->g.customer_id == p->customer) &&
	    (p->scope != SCOPE_PROPERTY || g->g.property_id == p->property) &&
	    change_same(g->expires, p->expires);
}

/* The audit entry of grant g edited to give p: what it gave and gives now. */
static int
grant_edit_audit(const struct actor *who, const struct grant_row *g,
    const struct grant_put *p, int64_t user)
{
	char before[160], after[160], detail[400];

	grant_gives(before, sizeof(before), g->group_id, g->g.scope, g->g.customer_id,
	    g->g.property_id, g->expires);
	grant_gives(after, sizeof(after), p->group, p->scope,
	    p->scope == SCOPE_CUSTOMER ? p->customer : 0,
	    p->scope == SCOPE_PROPERTY ? p->property : 0, p->expires);
	snprintf(detail, sizeof(detail), "grant=%" PRId64 " before: %s after: %s", g->id,
	    before, after);
	return change_audit(who, "grant.edit", "portal_user", user, detail);
}

/* Inside the transaction: grant g of user edited to give p, and its audit entry. */
static int
grant_edit_apply(const struct actor *who, int64_t user, int64_t grant,
    const struct grant_row *g, const struct grant_put *p, struct change_result *out)
{
	struct notify_clash clash;
	int changed, rc;

	rc = store_grant_edit(who->a, who->tenant, user, grant, p, &changed, &clash);
	if (rc == GRANT_NOTIFY_TAKEN)
		return change_notify_refuse(who, &clash, out);
	if (rc == DB_OK && !changed)
		return CHANGE_NOT_FOUND;
	if (rc == DB_OK)
		rc = grant_edit_audit(who, g, p, user);
	return rc;
}

/* Inside the transaction: grant g of user removed, and its audit entry. */
static int
grant_remove_apply(const struct actor *who, int64_t user, int64_t grant,
    const struct grant_row *g)
{
	char detail[200];
	int deleted, rc;

	rc = store_grant_del(who->a, who->tenant, user, grant, &deleted);
	if (rc == DB_OK && !deleted)
		rc = CHANGE_NOT_FOUND;
	if (rc == DB_OK) {
		grant_detail(detail, sizeof(detail), grant, g->group_id, g->g.scope,
		    g->g.customer_id, g->g.property_id, g->expires);
		rc = change_audit(who, "grant.remove", "portal_user", user, detail);
	}
	return rc;
}

int
change_grant_edit(const struct actor *who, int64_t grant, const struct grant_new *in,
    struct change_result *out)
{
	char day[DATE_LEN];
	struct grant_put p;
	struct grant_row *g;
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = grant;
	if ((rc = grant_find(who, in->user, grant, &g)) != CHANGE_OK ||
	    (rc = grant_check(in, out)) != CHANGE_OK)
		return rc;
	if (in->expires != 0)
		date_format(in->expires, day);
	p = (struct grant_put){ .group = in->group, .scope = in->scope,
	    .customer = in->customer, .property = in->property,
	    .expires = in->expires != 0 ? day : NULL };
	if (grant_same(g, &p))
		return change_unchanged(out);
	STORE_TXN(rc, grant_edit_apply(who, in->user, grant, g, &p, out));
	return rc;
}

int
change_grant_remove(const struct actor *who, int64_t user, int64_t grant,
    struct change_result *out)
{
	struct grant_row *g;
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = grant;
	if ((rc = grant_find(who, user, grant, &g)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, grant_remove_apply(who, user, grant, g));
	return rc;
}

/* Inside the transaction: the user's portal admin flags, and the audit entry. */
static int
admin_apply(const struct actor *who, int64_t user, int admin, int hide_reports)
{
	char detail[64];
	int rc;

	rc = store_grants_set_admin(who->a, who->tenant, user, admin, hide_reports);
	if (rc == DB_OK) {
		snprintf(detail, sizeof(detail), "admin=%d hide_reports=%d", admin != 0,
		    hide_reports != 0);
		rc = change_audit(who, "user.portal_admin", "portal_user", user, detail);
	}
	return rc;
}

int
change_portal_admin(const struct actor *who, int64_t user, int admin,
    int hide_reports, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = user;
	STORE_TXN(rc, admin_apply(who, user, admin, hide_reports));
	return rc;
}

/* Inside the transaction: the user's financial override, and the audit entry. */
static int
fin_override_apply(const struct actor *who, int64_t user, const struct fin_policy *f,
    struct change_result *out)
{
	char fields[AUTHZ_SET_TEXT_MAX], detail[400];
	struct grants_user u;
	int found, rc;

	/* A portal admin sees everything: there is nothing to narrow. */
	if ((rc = store_grants_user_get(who->a, who->tenant, user, &u, &found)) ==
	    DB_OK && found && u.is_admin)
		return change_refuse(out, CHANGE_CONFLICT, "Portal admin",
		    "A portal admin always sees every financial field and formula; "
		    "this setting cannot be changed.");
	if (rc == DB_OK)
		rc = store_grants_set_override(who->a, who->tenant, user, f);
	if (rc == DB_OK) {
		if (f != NULL) {
			authz_fin_fields_format(f->list, fields, sizeof(fields));
			snprintf(detail, sizeof(detail), "level=%s filter=%s fields=%s%s",
			    authz_fin_level_name(f->level),
			    authz_fin_filter_name(f->filter), fields,
			    change_formula_ids(who, f));
		} else
			snprintf(detail, sizeof(detail), "groups");
		rc = change_audit(who, "user.fin_override", "portal_user", user, detail);
	}
	return rc;
}

int
change_fin_override(const struct actor *who, int64_t user, const struct fin_policy *f,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = user;
	STORE_TXN(rc, fin_override_apply(who, user, f, out));
	return rc;
}

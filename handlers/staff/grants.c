/* porch — SPDX-License-Identifier: MIT
 * Staff pages for one portal user's access (/staff/portal-users/<id>): the grants
 * (group over a customer, all properties or one property, with an optional last
 * day), the portal-admin switch with "hide reports", the per-user financial
 * override, and the Explain page that says, per property, which grant and group
 * each permission and financial field comes from. Explain resolves rights with the
 * portal's own code (store_access_user, authz_resolve), so it shows what the portal
 * enforces. Every id is looked up in the staff member's tenant (another tenant's
 * is a 404, nothing written); every change is audited and applies from the user's
 * next request, as the portal loads rights per request. Only admins change access
 * (routes.c); other staff see the page and Explain read-only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "authz.h"
#include "handlers.h"
#include "html.h"
#include "session.h"
#include "store_access.h"
#include "store_grants.h"
#include "store_groups.h"
#include "tenant.h"

#define PU_PREFIX	"/staff/portal-users/"

static const char *const notices[][2] = {
	{ "added", "The grant was added. It applies from the user's next request." },
	{ "removed", "The grant was removed. It no longer applies from the user's "
	    "next request." },
	{ "admin", "The portal-admin setting was saved." },
	{ "finance", "The financial figures setting was saved." },
};

static const char *const check_mark = "\xe2\x9c\x93";	/* ✓ */
static const char *const dash = "\xe2\x80\x94";		/* — */

/* Is s a day "YYYY-MM-DD" of the calendar, years 2000-9999? */
static int
valid_day(const char *s)
{
	struct tm tm = { 0 };
	char back[16];
	time_t t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0') - 1900;
	tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	if (tm.tm_year < 100 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1)
		return 0;
	/* A day that does not exist (02-30) comes back normalised to another. */
	t = timegm(&tm);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(back, sizeof(back), "%Y-%m-%d", &tm) != 10)
		return 0;
	return strcmp(back, s) == 0;
}

/* "Customer: NAME", "All properties", "Property: NAME (OWNER)". */
static void
scope_text(struct buf *b, const struct grant_row *g)
{
	switch (g->g.scope) {
	case SCOPE_CUSTOMER:
		html_raw(b, "Customer: ");
		html_text(b, g->customer != NULL ? g->customer : "");
		break;
	case SCOPE_ALL:
		html_raw(b, "All properties");
		break;
	default:
		html_raw(b, "Property: ");
		html_text(b, g->property != NULL ? g->property : "");
		html_raw(b, " (");
		html_text(b, g->owner != NULL ? g->owner : "");
		html_raw(b, ")");
		break;
	}
}

/* A "<select>" of the tenant's customers or properties. */
static void
customer_select(struct buf *b, const struct db_res *customers)
{
	html_raw(b, "<label for=\"grant-customer\">Customer</label>\n"
	    "<select id=\"grant-customer\" name=\"customer\">\n");
	for (size_t i = 0; i < customers->nrows; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, DB_CELL(customers, i, 0));
		html_raw(b, "\">");
		html_text(b, DB_CELL(customers, i, 1));
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select>\n");
}

static void
property_select(struct buf *b, const struct property *props, size_t n)
{
	html_raw(b, "<label for=\"grant-property\">Property</label>\n"
	    "<select id=\"grant-property\" name=\"property\">\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<option value=\"%lld\">", (long long)props[i].id);
		html_text(b, props[i].name);
		html_raw(b, " (");
		html_text(b, props[i].owner);
		html_raw(b, ")</option>\n");
	}
	html_raw(b, "</select>\n");
}

/* A form start posting to PU_PREFIX<id>/<action>, with the CSRF field. */
static void
form_begin(struct buf *b, const struct session *s, int64_t id, const char *action,
    const char *cls)
{
	html_rawf(b, "<form method=\"post\" action=\"" PU_PREFIX "%lld/", (long long)id);
	html_attr(b, action);
	html_raw(b, "\" class=\"");
	html_attr(b, cls);
	html_raw(b, "\">\n");
	csrf_field(b, s->csrf_token);
}

/* May the request's session POST action (e.g. "grants/add") for user u? */
static int
may(struct req *r, const struct grants_user *u, const char *action)
{
	char path[96];

	snprintf(path, sizeof(path), PU_PREFIX "%lld/%s", (long long)u->id, action);
	return staff_may(r, path, METHOD_POST);
}

static void
grants_table(struct buf *b, const struct session *s, const struct grants_user *u,
    const struct grant_row *g, size_t n, int removable)
{
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">No grants: unless they are a portal "
		    "admin, this user sees nothing in the portal.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"grants\">\n<thead><tr><th>Group</th><th>Scope</th>"
	    "<th>Expires</th><th></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<tr data-grant=\"%lld\"", (long long)g[i].id);
		if (g[i].g.expired)
			html_raw(b, " class=\"expired\"");
		html_raw(b, "><td>");
		html_text(b, g[i].group);
		html_raw(b, "</td><td>");
		scope_text(b, &g[i]);
		html_raw(b, "</td><td>");
		if (g[i].expires != NULL) {
			html_raw(b, "through ");
			html_text(b, g[i].expires);
		} else
			html_raw(b, "no expiry");
		if (g[i].g.expired)
			html_raw(b, " <span class=\"marker expired\">expired</span>");
		html_raw(b, "</td><td>");
		if (removable) {
			form_begin(b, s, u->id, "grants/remove", "inline");
			html_rawf(b, "<input type=\"hidden\" name=\"grant\" "
			    "value=\"%lld\"><button type=\"submit\">Remove</button>"
			    "</form>", (long long)g[i].id);
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

static int
add_form(struct req *r, struct buf *b, const struct grants_user *u)
{
	struct perm_group *groups;
	struct property *props;
	struct db_res customers;
	size_t ngroups, nprops;
	int rc;

	if ((rc = store_groups_list(&r->arena, r->tenant->id, &groups, &ngroups)) !=
	    DB_OK ||
	    (rc = store_grants_customers(&r->arena, r->tenant->id, &customers)) !=
	    DB_OK ||
	    (rc = store_grants_properties(&r->arena, r->tenant->id, &props, &nprops)) !=
	    DB_OK)
		return rc;
	html_raw(b, "<h2>Add a grant</h2>\n");
	form_begin(b, r->session, u->id, "grants/add", "grant");
	html_raw(b, "<label for=\"grant-group\">Group</label>\n"
	    "<select id=\"grant-group\" name=\"group\" required>\n");
	for (size_t i = 0; i < ngroups; i++) {
		/* The system group is for token-link visitors, not for grants. */
		if (groups[i].is_system)
			continue;
		html_rawf(b, "<option value=\"%lld\"", (long long)groups[i].id);
		if (groups[i].is_default)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, groups[i].name);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select>\n<fieldset class=\"scope\"><legend>Over</legend>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"scope\" "
	    "value=\"customer\" checked> one customer: all that owner's properties"
	    "</label>\n");
	customer_select(b, &customers);
	html_raw(b, "<label class=\"check\"><input type=\"radio\" name=\"scope\" "
	    "value=\"all\"> all properties of ");
	html_text(b, r->tenant->name);
	html_raw(b, "</label>\n<label class=\"check\"><input type=\"radio\" "
	    "name=\"scope\" value=\"property\"> one property</label>\n");
	property_select(b, props, nprops);
	html_raw(b, "</fieldset>\n<label for=\"grant-expires\">Last day (optional)"
	    "</label>\n<input id=\"grant-expires\" name=\"expires\" type=\"date\">\n"
	    "<p class=\"hint\">The grant works through the "
	    "end of that day (UTC) and gives nothing from the next day on. Leave it "
	    "empty for no expiry.</p>\n"
	    "<p><button type=\"submit\">Add grant</button></p>\n</form>\n");
	return DB_OK;
}

static void
admin_form(struct buf *b, const struct session *s, const struct grants_user *u)
{
	html_raw(b, "<h2>Portal admin</h2>\n<p class=\"hint\">A portal admin sees "
	    "every property of the tenant with every permission, whatever the "
	    "grants say.</p>\n");
	form_begin(b, s, u->id, "admin", "admin");
	html_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"admin\" "
	    "value=\"1\"");
	if (u->is_admin)
		html_raw(b, " checked");
	html_raw(b, "> portal admin</label>\n<label class=\"check\"><input "
	    "type=\"checkbox\" name=\"hide_reports\" value=\"1\"");
	if (u->hide_reports)
		html_raw(b, " checked");
	html_raw(b, "> hide reports</label>\n<p><button type=\"submit\">Save</button>"
	    "</p>\n</form>\n");
}

/* The admin switch and the override as text, for staff who may not change them. */
static void
admin_finance_view(struct buf *b, const struct grants_user *u)
{
	html_raw(b, "<h2>Portal admin</h2>\n<p class=\"admin-view\">");
	html_text(b, !u->is_admin ? "Not a portal admin." : u->hide_reports ?
	    "Portal admin, with reports hidden." : "Portal admin.");
	html_raw(b, "</p>\n");
	html_raw(b, "<h2>Financial figures</h2>\n<p class=\"finance-view\">");
	if (u->has_fin_override) {
		html_raw(b, "This user's own setting: ");
		group_fin_summary(b, &u->fin_override);
		html_raw(b, ".");
	} else
		html_raw(b, "The groups' settings.");
	html_raw(b, "</p>\n");
}

static void
finance_form(struct buf *b, const struct session *s, const struct grants_user *u)
{
	static const struct fin_policy none = { 0 };

	html_raw(b, "<h2>Financial figures</h2>\n<p class=\"hint\">A setting for this "
	    "user replaces the financial settings of their groups on every property "
	    "they reach. It adds no permission.</p>\n");
	form_begin(b, s, u->id, "finance", "finance");
	html_raw(b, "<fieldset class=\"money\"><legend>Financial figures</legend>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"override\" "
	    "value=\"groups\"");
	if (!u->has_fin_override)
		html_raw(b, " checked");
	html_raw(b, "> use the groups' settings</label>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"override\" "
	    "value=\"user\"");
	if (u->has_fin_override)
		html_raw(b, " checked");
	html_raw(b, "> this user's own setting:</label>\n");
	group_fin_fields(b, u->has_fin_override ? &u->fin_override : &none);
	if (u->has_fin_override)
		group_fin_sealed(b, "This user's own setting", NULL,
		    authz_fin_visible(&u->fin_override));
	html_raw(b, "</fieldset>\n<p><button type=\"submit\">Save</button></p>\n"
	    "</form>\n");
}

/* Who the user is: login, customer (and contact), status. */
static void
user_facts(struct buf *b, const struct grants_user *u)
{
	html_raw(b, "<dl class=\"user\"><dt>Login</dt><dd class=\"login\">");
	html_text(b, u->login);
	html_raw(b, "</dd><dt>Customer</dt><dd class=\"customer\">");
	html_text(b, u->customer);
	if (u->contact != NULL) {
		html_raw(b, " (contact ");
		html_text(b, u->contact);
		html_raw(b, ")");
	}
	html_raw(b, "</dd><dt>Status</dt><dd class=\"status\">");
	html_text(b, u->status);
	html_raw(b, "</dd></dl>\n");
}

/* The user's page, with the notice of ?done= or an error; status 0 for 200. */
static int
user_page(struct req *r, struct resp *p, const struct grants_user *u, int status,
    const char *error)
{
	struct buf *b = &p->body;
	struct grant_row *grants;
	size_t n;
	int rc;

	if ((rc = store_grants_list(&r->arena, r->tenant->id, u->id, &grants, &n)) !=
	    DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Portal user access");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Access of ");
	html_text(b, u->login);
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		page_notice(p, notices, NELEM(notices), req_param(r, "done"));
	user_facts(b, u);
	html_rawf(b, "<p><a href=\"" PU_PREFIX "%lld/explain\">Explain: what this "
	    "user can see and why</a></p>\n", (long long)u->id);
	if (u->is_admin) {
		html_raw(b, "<p class=\"notice admin\">Portal admin: reaches every "
		    "property of the tenant");
		if (u->hide_reports)
			html_raw(b, " (reports hidden)");
		html_raw(b, ", whatever the grants below say.</p>\n");
	}
	html_raw(b, "<h2>Access grants</h2>\n");
	grants_table(b, r->session, u, grants, n, may(r, u, "grants/remove"));
	if (may(r, u, "grants/add") && (rc = add_form(r, b, u)) != DB_OK) {
		resp_reset(p);
		return status_for_db(rc);
	}
	if (may(r, u, "admin") && may(r, u, "finance")) {
		admin_form(b, r->session, u);
		finance_form(b, r->session, u);
	} else {
		admin_finance_view(b, u);
		staff_readonly_note(b);
	}
	html_raw(b, "<p><a href=\"/staff/customers\">Back to customers</a></p>\n");
	page_end(p);
	return 0;
}

const char *
notify_clash_text(struct req *r, const struct notify_clash *c)
{
	struct buf text;
	char *out;

	buf_init(&text, 256);
	if (c->default_group != NULL) {
		buf_puts(&text, "Every new portal user gets the default group (");
		buf_puts(&text, c->default_group);
		buf_puts(&text, "), so it cannot give notify.bookings, which goes to one user "
		    "per property. Nothing was changed.");
	} else {
		buf_puts(&text, "notify.bookings goes to one portal user per property, and ");
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
	out = arena_strdup(&r->arena, text.data);
	buf_free(&text);
	return out;
}

/* Commits when the change and its audit entry went well, else rolls back. */
static int
finish(struct req *r, struct resp *p, int rc, int64_t id, const char *done)
{
	char loc[96];

	if (rc == DB_OK && (rc = db_commit()) == DB_OK) {
		snprintf(loc, sizeof(loc), PU_PREFIX "%lld?done=%s", (long long)id, done);
		resp_redirect(p, 303, loc);
		return 0;
	}
	db_rollback();
	return rc > 0 ? rc : status_for_db(rc);
}

/* POST .../grants/add: group, scope (customer | all | property), expires. */
static int
grant_add(struct req *r, struct resp *p, const struct grants_user *u)
{
	int64_t group = req_form_id(r, "group"), customer = 0, property = 0, id;
	const char *scope = req_form(r, "scope"), *expires = req_form(r, "expires");
	struct notify_clash clash;
	enum grant_scope sc;
	char detail[200];
	int added, rc;

	if (group == 0)
		return user_page(r, p, u, 400, "Choose the group the grant gives.");
	if (scope != NULL && strcmp(scope, "customer") == 0) {
		sc = SCOPE_CUSTOMER;
		if ((customer = req_form_id(r, "customer")) == 0)
			return user_page(r, p, u, 400, "Choose the customer whose "
			    "properties the grant covers.");
	} else if (scope != NULL && strcmp(scope, "all") == 0)
		sc = SCOPE_ALL;
	else if (scope != NULL && strcmp(scope, "property") == 0) {
		sc = SCOPE_PROPERTY;
		if ((property = req_form_id(r, "property")) == 0)
			return user_page(r, p, u, 400, "Choose the property the grant "
			    "covers.");
	} else
		return user_page(r, p, u, 400, "Choose what the grant covers: one "
		    "customer, all properties or one property.");
	if (expires != NULL && expires[0] == '\0')
		expires = NULL;
	if (expires != NULL && !valid_day(expires))
		return user_page(r, p, u, 400, "The last day must be a date written "
		    "YYYY-MM-DD (for example 2027-03-31), or empty for no expiry; "
		    "nothing was added.");
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	rc = store_grant_add(&r->arena, r->tenant->id, u->id, group, sc, customer,
	    property, expires, &id, &added, &clash);
	if (rc == GRANT_NOTIFY_TAKEN) {
		db_rollback();
		return user_page(r, p, u, 409, notify_clash_text(r, &clash));
	}
	if (rc == DB_OK && !added)
		rc = 404;
	if (rc == DB_OK) {
		snprintf(detail, sizeof(detail), "grant=%lld group=%lld scope=%s "
		    "customer=%lld property=%lld expires=%s", (long long)id,
		    (long long)group, grant_scope_name(sc), (long long)customer,
		    (long long)property, expires != NULL ? expires : "none");
		rc = audit(r, "grant.add", "portal_user", u->id, detail);
	}
	return finish(r, p, rc, u->id, "added");
}

/* POST .../grants/remove: grant. */
static int
grant_remove(struct req *r, struct resp *p, const struct grants_user *u)
{
	int64_t id = req_form_id(r, "grant");
	struct grant_row *grants, *g = NULL;
	char detail[200];
	size_t n;
	int deleted, rc;

	if (id == 0)
		return 404;
	if ((rc = store_grants_list(&r->arena, r->tenant->id, u->id, &grants, &n)) !=
	    DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++)
		if (grants[i].id == id)
			g = &grants[i];
	if (g == NULL)
		return 404;
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	rc = store_grant_del(&r->arena, r->tenant->id, u->id, id, &deleted);
	if (rc == DB_OK && !deleted)
		rc = 404;
	if (rc == DB_OK) {
		snprintf(detail, sizeof(detail), "grant=%lld group=%lld scope=%s "
		    "customer=%lld property=%lld expires=%s", (long long)id,
		    (long long)g->group_id, grant_scope_name(g->g.scope),
		    (long long)g->g.customer_id, (long long)g->g.property_id,
		    g->expires != NULL ? g->expires : "none");
		rc = audit(r, "grant.remove", "portal_user", u->id, detail);
	}
	return finish(r, p, rc, u->id, "removed");
}

/* POST .../admin: admin and hide_reports checkboxes. */
static int
admin_set(struct req *r, struct resp *p, const struct grants_user *u)
{
	int admin = req_form(r, "admin") != NULL;
	int hide = req_form(r, "hide_reports") != NULL;
	char detail[64];
	int rc;

	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	rc = store_grants_set_admin(&r->arena, r->tenant->id, u->id, admin, hide);
	if (rc == DB_OK) {
		snprintf(detail, sizeof(detail), "admin=%d hide_reports=%d", admin, hide);
		rc = audit(r, "user.portal_admin", "portal_user", u->id, detail);
	}
	return finish(r, p, rc, u->id, "admin");
}

/* POST .../finance: override = groups | user (with level, filter, field). */
static int
finance_set(struct req *r, struct resp *p, const struct grants_user *u)
{
	const char *mode = req_form(r, "override"), *error;
	char fields[AUTHZ_SET_TEXT_MAX], detail[400];
	struct fin_policy f = { 0 };
	int own, rc;

	if (mode == NULL || (strcmp(mode, "groups") != 0 && strcmp(mode, "user") != 0))
		return user_page(r, p, u, 400, "Choose the groups' settings or a "
		    "setting for this user.");
	own = strcmp(mode, "user") == 0;
	if (own && (error = group_fin_read(r, &f)) != NULL)
		return user_page(r, p, u, 400, error);
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	rc = store_grants_set_override(&r->arena, r->tenant->id, u->id,
	    own ? &f : NULL);
	if (rc == DB_OK) {
		authz_fin_fields_format(f.list, fields, sizeof(fields));
		if (own)
			snprintf(detail, sizeof(detail), "level=%s filter=%s fields=%s",
			    authz_fin_level_name(f.level),
			    authz_fin_filter_name(f.filter), fields);
		else
			snprintf(detail, sizeof(detail), "groups");
		rc = audit(r, "user.fin_override", "portal_user", u->id, detail);
	}
	return finish(r, p, rc, u->id, "finance");
}

/* The sources of permission bit on prop: grants and groups, or "portal admin". */
static void
perm_sources(struct buf *b, const struct access *acc, const struct grant_row *g,
    size_t n, const struct authz_property *prop, enum perm pm)
{
	int first = 1;

	if (acc->who.kind == AUTHZ_PORTAL_ADMIN) {
		html_raw(b, "portal admin");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (g[i].g.expired || !authz_grant_covers(&g[i].g, prop) ||
		    !(g[i].g.group.perms & PERM_BIT(pm)))
			continue;
		if (!first)
			html_raw(b, "; ");
		first = 0;
		html_raw(b, "group <strong class=\"group\">");
		html_text(b, g[i].group);
		html_rawf(b, "</strong> by grant #%lld (", (long long)g[i].id);
		scope_text(b, &g[i]);
		html_raw(b, ")");
	}
	/* Rights and grants are two reads: a grant changed between them. */
	if (first)
		html_raw(b, "the grants changed while the page was made: reload it");
}

/* Where a property's financial fields come from. */
static void
fin_sources(struct buf *b, const struct access *acc, const struct grant_row *g,
    size_t n, const struct authz_property *prop)
{
	fin_set shown = 0;
	int first = 1;

	if (acc->who.has_fin_override) {
		html_raw(b, "<p class=\"fin-source override\">This user's own setting (");
		group_fin_summary(b, &acc->who.fin_override);
		html_raw(b, ") replaces the groups' settings.</p>\n");
		group_fin_sealed(b, "This user's own setting", NULL,
		    authz_fin_visible(&acc->who.fin_override));
		return;
	}
	if (acc->who.kind == AUTHZ_PORTAL_ADMIN) {
		html_raw(b, "<p class=\"fin-source admin\">Portal admin: every field."
		    "</p>\n");
		return;
	}
	html_raw(b, "<p class=\"fin-source groups\">From the groups' settings "
	    "(the union of what each shows): ");
	for (size_t i = 0; i < n; i++) {
		if (g[i].g.expired || !authz_grant_covers(&g[i].g, prop))
			continue;
		if (!first)
			html_raw(b, "; ");
		first = 0;
		html_text(b, g[i].group);
		html_raw(b, ": ");
		group_fin_summary(b, &g[i].g.group.fin);
		shown |= authz_fin_visible(&g[i].g.group.fin);
	}
	html_raw(b, ".</p>\n");
	group_fin_sealed(b, "That union", NULL, shown);
}

static void
explain_property(struct buf *b, const struct access *acc, const struct grant_row *g,
    size_t n, const struct property *pr, const struct authz_rights *rights)
{
	struct authz_property prop = { .id = pr->id, .customer_id = pr->customer_id };
	int any = 0;

	html_rawf(b, "<section class=\"property\" data-property=\"%lld\">\n<h3>",
	    (long long)pr->id);
	html_text(b, pr->name);
	html_raw(b, " <span class=\"owner\">(");
	html_text(b, pr->owner);
	html_raw(b, ")</span></h3>\n<table class=\"explain\">\n<thead><tr>"
	    "<th>Permission</th><th>Held</th><th>From</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < PERM__MAX; i++) {
		int held = (rights->perms & PERM_BIT(i)) != 0;

		html_raw(b, "<tr class=\"perm\" data-perm=\"");
		html_attr(b, authz_perm_name(i));
		html_raw(b, "\"><td>");
		html_text(b, authz_perm_name(i));
		html_raw(b, "</td><td class=\"");
		html_attr(b, held ? "yes" : "no");
		html_raw(b, "\">");
		html_text(b, held ? check_mark : dash);
		html_raw(b, "</td><td>");
		if (held)
			perm_sources(b, acc, g, n, &prop, i);
		else if (acc->who.kind == AUTHZ_PORTAL_ADMIN &&
		    i == PERM_REPORTS_VIEW)
			html_raw(b, "portal admin with reports hidden");
		else
			html_raw(b, "no covering grant's group has it");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n<p class=\"fin\">Financial fields shown: ");
	for (int i = 0; i < FIN__MAX; i++)
		if (rights->fin & FIN_BIT(i)) {
			if (any)
				html_raw(b, ", ");
			html_raw(b, "<span class=\"fin-");
			html_attr(b, authz_fin_field_name(i));
			html_raw(b, "\">");
			html_text(b, authz_fin_field_name(i));
			html_raw(b, "</span>");
			any = 1;
		}
	if (!any)
		html_raw(b, "<span class=\"fin-none\">none</span>");
	html_raw(b, "</p>\n");
	fin_sources(b, acc, g, n, &prop);
	html_raw(b, "</section>\n");
}

/* GET .../explain: per property the user reaches, each permission and its source. */
static int
explain_page(struct req *r, struct resp *p, const struct grants_user *u)
{
	struct buf *b = &p->body;
	struct grant_row *grants;
	struct property *props;
	struct access acc;
	size_t n, nprops, shown = 0, expired = 0;
	int found, rc;

	if ((rc = store_access_user(&r->arena, r->tenant->id, u->id, &acc, &found)) !=
	    DB_OK ||
	    (rc = store_grants_list(&r->arena, r->tenant->id, u->id, &grants, &n)) !=
	    DB_OK ||
	    (rc = store_grants_properties(&r->arena, r->tenant->id, &props, &nprops)) !=
	    DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Explain access");
	html_raw(b, "<h1>Explain: what ");
	html_text(b, u->login);
	html_raw(b, " can see</h1>\n");
	user_facts(b, u);
	html_rawf(b, "<p><a href=\"" PU_PREFIX "%lld\">Back to this user's access"
	    "</a></p>\n", (long long)u->id);
	if (!found) {
		html_raw(b, "<p class=\"empty inactive\">This user is not active: the "
		    "portal lets them see nothing until they are.</p>\n");
		page_end(p);
		return 0;
	}
	if (acc.who.kind == AUTHZ_PORTAL_ADMIN) {
		html_raw(b, "<p class=\"admin\">Portal admin: every permission on every "
		    "property of the tenant");
		if (acc.who.hide_reports)
			html_raw(b, ", except reports.view (reports hidden)");
		html_raw(b, "; grants do not matter.</p>\n");
	}
	if (acc.who.has_fin_override) {
		html_raw(b, "<p class=\"override\">Financial figures: this user's own "
		    "setting (");
		group_fin_summary(b, &acc.who.fin_override);
		html_raw(b, ") replaces the groups' settings wherever they have "
		    "access.</p>\n");
	} else
		html_raw(b, "<p class=\"override\">Financial figures: the groups' "
		    "settings (no setting for this user).</p>\n");
	for (size_t i = 0; i < n; i++)
		expired += grants[i].g.expired != 0;
	if (expired > 0) {
		html_raw(b, "<h2>Expired grants</h2>\n<p>These give nothing:</p>\n"
		    "<ul class=\"expired\">\n");
		for (size_t i = 0; i < n; i++) {
			if (!grants[i].g.expired)
				continue;
			html_rawf(b, "<li data-grant=\"%lld\">group ", (long long)grants[i].id);
			html_text(b, grants[i].group);
			html_raw(b, " over ");
			scope_text(b, &grants[i]);
			html_raw(b, ", expired after ");
			html_text(b, grants[i].expires != NULL ? grants[i].expires : "");
			html_raw(b, "</li>\n");
		}
		html_raw(b, "</ul>\n");
	}
	html_raw(b, "<h2>Properties</h2>\n");
	for (size_t i = 0; i < nprops; i++) {
		struct authz_rights rights;

		access_rights(&acc, props[i].id, props[i].customer_id, &rights);
		if (rights.perms == 0)
			continue;
		explain_property(b, &acc, grants, n, &props[i], &rights);
		shown++;
	}
	if (shown == 0)
		html_raw(b, "<p class=\"empty\">This user reaches no property: the "
		    "portal shows them nothing.</p>\n");
	html_rawf(b, "<p class=\"unlisted\">Listed: %zu of the tenant's %zu "
	    "properties. Properties not listed here give this user nothing: no "
	    "unexpired grant covers them.</p>\n", shown, nprops);
	page_end(p);
	return 0;
}

/*
 * GET  /staff/portal-users/<id>          the user's access
 * GET  /staff/portal-users/<id>/explain  Explain
 * POST /staff/portal-users/<id>/grants/add | grants/remove | admin | finance
 * A user of another tenant, an unknown id or path: 404.
 */
int
handle_staff_portal_user(struct req *r, struct resp *p)
{
	const char *rest = r->path + strlen(PU_PREFIX), *slash;
	struct grants_user u;
	char sid[24];
	long long id;
	int found, rc, post = r->method == METHOD_POST;

	if (page_need_staff(r, p) == NULL)
		return 0;
	slash = strchr(rest, '/');
	if (slash == NULL)
		slash = rest + strlen(rest);
	if ((size_t)(slash - rest) >= sizeof(sid))
		return 404;
	memcpy(sid, rest, (size_t)(slash - rest));
	sid[slash - rest] = '\0';
	if (parse_int(sid, 1, INT64_MAX, &id) < 0)
		return 404;
	if ((rc = store_grants_user_get(&r->arena, r->tenant->id, id, &u, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (*slash == '\0' && !post)
		return user_page(r, p, &u, 0, NULL);
	if (strcmp(slash, "/explain") == 0 && !post)
		return explain_page(r, p, &u);
	if (strcmp(slash, "/grants/add") == 0 && post)
		return grant_add(r, p, &u);
	if (strcmp(slash, "/grants/remove") == 0 && post)
		return grant_remove(r, p, &u);
	if (strcmp(slash, "/admin") == 0 && post)
		return admin_set(r, p, &u);
	if (strcmp(slash, "/finance") == 0 && post)
		return finance_set(r, p, &u);
	return 404;
}

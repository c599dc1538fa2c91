/* porch — SPDX-License-Identifier: MIT
 * Staff pages for one portal user's access (/staff/portal-users/<id>): the grants
 * (group over a customer, all properties or one property, with an optional last
 * day), the portal-admin switch with "hide reports", the per-user financial
 * override, and the Explain page that says, per property, which grant and group
 * each permission and financial field comes from. Explain resolves rights with the
 * portal's own code (store_access_user, authz_resolve), so it shows what the portal
 * enforces. Every id is looked up in the staff member's tenant (another tenant's
 * is a 404, nothing written). The pages read their input through grants_keys,
 * make each change with a function of module/change/grants.c (which checks it
 * again, runs the transaction and writes the audit entry; the change applies from
 * the user's next request) and show its outcome. Only admins change access
 * (routes.c); other staff see the page and Explain read-only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "authz.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_access.h"
#include "store_formulas.h"
#include "store_grants.h"
#include "store_groups.h"
#include "tenant.h"

#define PU_PREFIX	"/staff/portal-users/"

/* Every form and query key of a portal user's access pages. */
enum grants_key {
	PK_GROUP,	/* grants/add: the group, the scope and what it names */
	PK_SCOPE,
	PK_CUSTOMER,
	PK_PROPERTY,
	PK_EXPIRES,	/* grants/add: the last day, optional */
	PK_GRANT,	/* grants/remove, grants/edit */
	PK_ADMIN,	/* admin: the two check boxes */
	PK_HIDE_REPORTS,
	PK_OVERRIDE,	/* finance: "groups" or "user", with the financial controls */
	PK_LEVEL,
	PK_FILTER,
	PK_FIELD,
	PK_FORMULA,
	PK_DONE,	/* the notice after a change */
	PK__MAX
};

static const struct input_key grants_keys[PK__MAX] = {
	[PK_GROUP] = { "group", IN_ID, 0, 0, 0 },
	[PK_SCOPE] = { "scope", IN_LINE, 0, 0, 0 },	/* grant_scope_parse() */
	[PK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[PK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[PK_EXPIRES] = { "expires", IN_DATE, 0, 0, 0 },
	[PK_GRANT] = { "grant", IN_ID, 0, 0, 0 },
	[PK_ADMIN] = { "admin", IN_FLAG, 0, 0, 0 },
	[PK_HIDE_REPORTS] = { "hide_reports", IN_FLAG, 0, 0, 0 },
	[PK_OVERRIDE] = { "override", IN_LINE, 0, 0, 0 },
	[PK_LEVEL] = { "level", IN_LINE, 0, 0, 0 },	/* group_fin_read() */
	[PK_FILTER] = { "filter", IN_LINE, 0, 0, 0 },
	[PK_FIELD] = { "field", IN_LINE, IN_MULTI, 0, 0 },
	[PK_FORMULA] = { "formula", IN_ID, IN_MULTI, 0, 0 },
	[PK_DONE] = { "done", IN_LINE, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "added", "The grant was added. It applies from the user's next request." },
	{ "removed", "The grant was removed. It no longer applies from the user's "
	    "next request." },
	{ "edited", "The grant was changed. The change applies from the user's next "
	    "request." },
	{ "unchanged", "The grant already gave that: nothing was changed." },
	{ "admin", "The portal-admin setting was saved." },
	{ "finance", "The financial figures setting was saved." },
};

static const char *const check_mark = "\xe2\x9c\x93";	/* ✓ */
static const char *const dash = "\xe2\x80\x94";		/* — */

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

/* What the grant forms offer: the tenant's groups, customers and properties. */
struct grant_choices {
	struct perm_group	*groups;
	struct customer_name	*customers;
	struct property		*props;
	size_t			 ngroups, ncustomers, nprops;
};

static int
choices_load(struct req *r, struct grant_choices *c)
{
	int rc;

	if ((rc = store_groups_list(&r->arena, r->tenant->id, &c->groups,
	    &c->ngroups)) != DB_OK ||
	    (rc = store_grants_customers(&r->arena, r->tenant->id, &c->customers,
	    &c->ncustomers)) != DB_OK)
		return rc;
	return store_grants_properties(&r->arena, r->tenant->id, &c->props, &c->nprops);
}

/* One radio button of the scope fieldset, checked when on. */
static void
scope_radio(struct buf *b, const char *value, int on)
{
	html_raw(b, "<label class=\"check\"><input type=\"radio\" name=\"scope\" "
	    "value=\"");
	html_attr(b, value);
	html_raw(b, "\"");
	if (on)
		html_raw(b, " checked");
	html_raw(b, "> ");
}

/* A field's label and its element opened: <label for="IDP-NAME">LABEL</label><TAG
 * id="IDP-NAME" name="NAME" (the caller adds attributes and closes it). */
static void
field_open(struct buf *b, const char *idp, const char *name, const char *label,
    const char *tag)
{
	html_raw(b, "<label for=\"");
	html_attr(b, idp);
	html_raw(b, "-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label>\n<");
	html_attr(b, tag);
	html_raw(b, " id=\"");
	html_attr(b, idp);
	html_raw(b, "-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\"");
}

/*
 * The fields of a grant form, their ids starting with idp ("grant" for the new
 * grant's form, "grant-ID" for the edit of grant ID), showing what g gives (NULL:
 * the new grant's choices, the default group and one customer).
 */
static void
grant_fields(struct buf *b, const struct req *r, const struct grant_choices *c,
    const char *idp, const struct grant_row *g)
{
	enum grant_scope sc = g != NULL ? g->g.scope : SCOPE_CUSTOMER;

	field_open(b, idp, "group", "Group", "select");
	html_raw(b, " required>\n");
	for (size_t i = 0; i < c->ngroups; i++) {
		/* The system group is for token-link visitors, not for grants. */
		if (c->groups[i].is_system)
			continue;
		html_option(b, c->groups[i].id, g != NULL ? g->group_id ==
		    c->groups[i].id : c->groups[i].is_default, "%s", c->groups[i].name);
	}
	html_raw(b, "</select>\n<fieldset class=\"scope\"><legend>Over</legend>\n");
	scope_radio(b, "customer", sc == SCOPE_CUSTOMER);
	html_raw(b, "one customer: all that owner's properties</label>\n");
	field_open(b, idp, "customer", "Customer", "select");
	html_raw(b, ">\n");
	for (size_t i = 0; i < c->ncustomers; i++)
		html_option(b, c->customers[i].id, g != NULL && sc == SCOPE_CUSTOMER &&
		    g->g.customer_id == c->customers[i].id, "%s", c->customers[i].name);
	html_raw(b, "</select>\n");
	scope_radio(b, "all", sc == SCOPE_ALL);
	html_raw(b, "all properties of ");
	html_text(b, r->tenant->name);
	html_raw(b, "</label>\n");
	scope_radio(b, "property", sc == SCOPE_PROPERTY);
	html_raw(b, "one property</label>\n");
	field_open(b, idp, "property", "Property", "select");
	html_raw(b, ">\n");
	for (size_t i = 0; i < c->nprops; i++)
		html_option(b, c->props[i].id, g != NULL && sc == SCOPE_PROPERTY &&
		    g->g.property_id == c->props[i].id, "%s (%s)", c->props[i].name,
		    c->props[i].owner);
	html_raw(b, "</select>\n</fieldset>\n");
	field_open(b, idp, "expires", "Last day (optional)", "input");
	html_raw(b, " type=\"date\"");
	if (g != NULL && g->expires != NULL) {
		html_raw(b, " value=\"");
		html_attr(b, g->expires);
		html_raw(b, "\"");
	}
	html_raw(b, ">\n");
}

/* A form start posting to PU_PREFIX<id>/<action>, with the CSRF field. */
static void
form_begin(struct buf *b, const struct session *s, int64_t id, const char *action,
    const char *cls)
{
	page_form(b, s->csrf_token, cls, PU_PREFIX "%lld/%s", (long long)id, action);
}

/* May the request's session POST action (e.g. "grants/add") for user u? */
static int
may(struct req *r, const struct grants_user *u, const char *action)
{
	char path[96];

	snprintf(path, sizeof(path), PU_PREFIX "%lld/%s", (long long)u->id, action);
	return staff_may(r, path, METHOD_POST);
}

/* The edit form of grant g, folded away until opened. */
static void
edit_form(struct buf *b, const struct req *r, const struct grant_choices *c,
    const struct grants_user *u, const struct grant_row *g)
{
	char idp[40];

	snprintf(idp, sizeof(idp), "grant-%lld", (long long)g->id);
	html_raw(b, "<details class=\"edit\"><summary>Edit</summary>\n");
	form_begin(b, r->session, u->id, "grants/edit", "grant");
	html_hidden(b, "grant", "%lld", (long long)g->id);
	grant_fields(b, r, c, idp, g);
	html_raw(b, "<p><button type=\"submit\">Save grant</button></p>\n</form>\n"
	    "</details>");
}

/* The user's grants; with c (admins), each with its edit and remove forms. */
static void
grants_table(struct buf *b, const struct req *r, const struct grants_user *u,
    const struct grant_row *g, size_t n, const struct grant_choices *c)
{
	const struct session *s = r->session;

	if (n == 0) {
		html_raw(b, "<p class=\"empty\">No grants: unless they are a portal "
		    "admin, this user sees nothing in the portal.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"grants\">\n<thead><tr><th>Group</th><th>Scope</th>"
	    "<th>Expires</th><th><span class=\"vh\">Actions</span></th>"
	    "</tr></thead>\n<tbody>\n");
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
			html_day(b, g[i].expires);
		} else
			html_raw(b, "no expiry");
		if (g[i].g.expired)
			html_raw(b, " <span class=\"marker expired\">expired</span>");
		html_raw(b, "</td><td>");
		if (c != NULL) {
			edit_form(b, r, c, u, &g[i]);
			form_begin(b, s, u->id, "grants/remove", "inline");
			html_hidden(b, "grant", "%lld", (long long)g[i].id);
			html_raw(b, "<button type=\"submit\">Remove</button></form>");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

static void
add_form(struct req *r, struct buf *b, const struct grant_choices *c,
    const struct grants_user *u)
{
	html_raw(b, "<h2>Add a grant</h2>\n");
	form_begin(b, r->session, u->id, "grants/add", "grant");
	grant_fields(b, r, c, "grant", NULL);
	html_raw(b, "<p class=\"hint\">The grant works through the "
	    "end of that day (UTC) and gives nothing from the next day on. Leave it "
	    "empty for no expiry.</p>\n"
	    "<p><button type=\"submit\">Add grant</button></p>\n</form>\n");
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

/* Why a portal admin's financial setting has no controls. */
#define ADMIN_SEES_ALL	"A portal admin always sees every financial field and " \
	"formula; this setting cannot be changed."

/* The admin switch and the override as text, for staff who may not change them. */
static void
admin_finance_view(struct buf *b, const struct grants_user *u)
{
	html_raw(b, "<h2>Portal admin</h2>\n<p class=\"admin-view\">");
	html_text(b, !u->is_admin ? "Not a portal admin." : u->hide_reports ?
	    "Portal admin, with reports hidden." : "Portal admin.");
	html_raw(b, "</p>\n");
	html_raw(b, "<h2>Financial figures</h2>\n<p class=\"finance-view\">");
	if (u->is_admin)
		html_raw(b, ADMIN_SEES_ALL);
	else if (u->has_fin_override) {
		html_raw(b, "This user's own setting: ");
		group_fin_summary(b, &u->fin_override);
		html_raw(b, ".");
	} else
		html_raw(b, "The groups' settings.");
	html_raw(b, "</p>\n");
}

static void
finance_form(struct buf *b, const struct session *s, const struct grants_user *u,
    const struct formula *formulas, size_t nf)
{
	static const struct fin_policy none = { 0 };

	if (u->is_admin) {
		html_raw(b, "<h2>Financial figures</h2>\n<p class=\"finance-admin\">"
		    ADMIN_SEES_ALL "</p>\n");
		return;
	}
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
	group_fin_fields(b, u->has_fin_override ? &u->fin_override : &none, formulas,
	    nf);
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

/* The user's page, with the notice of done (?done=) or an error; status 0 for 200. */
static int
user_page(struct req *r, struct resp *p, const struct grants_user *u, int status,
    const char *error, const char *done)
{
	struct buf *b = &p->body;
	struct grant_choices choices, *c = NULL;
	struct grant_row *grants;
	size_t n;
	int rc;

	if ((rc = store_grants_list(&r->arena, r->tenant->id, u->id, &grants, &n)) !=
	    DB_OK)
		return status_for_db(rc);
	/* Admins get the forms: the edit, remove and add of grants go together. */
	if (may(r, u, "grants/add")) {
		if ((rc = choices_load(r, &choices)) != DB_OK)
			return status_for_db(rc);
		c = &choices;
	}
	page_begin(r, p, "Portal user access");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Access of ");
	html_text(b, u->login);
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		page_notice(p, notices, NELEM(notices), done);
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
	grants_table(b, r, u, grants, n, c);
	if (c != NULL)
		add_form(r, b, c, u);
	if (may(r, u, "admin") && may(r, u, "finance")) {
		struct formula *formulas;
		size_t nf;

		if ((rc = store_formulas_list(&r->arena, r->tenant->id, &formulas,
		    &nf)) != DB_OK) {
			resp_reset(p);
			return status_for_db(rc);
		}
		admin_form(b, r->session, u);
		finance_form(b, r->session, u, formulas, nf);
	} else {
		admin_finance_view(b, u);
		staff_readonly_note(b);
	}
	html_raw(b, "<p><a href=\"/staff/customers\">Back to customers</a></p>\n");
	page_end(p);
	return 0;
}

/*
 * The answer to a change's outcome rc: on CHANGE_OK back to the user's page with
 * the notice of done; a refusal on that page; any other outcome as its status.
 */
static int
answer(struct req *r, struct resp *p, const struct grants_user *u, int rc,
    const struct change_result *out, const char *done)
{
	char loc[96];

	if (rc == CHANGE_OK) {
		snprintf(loc, sizeof(loc), PU_PREFIX "%lld?done=%s", (long long)u->id,
		    done);
		resp_redirect(p, 303, loc);
		return 0;
	}
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return user_page(r, p, u, status_for_change(rc), change_sentence(out),
		    NULL);
	return status_for_change(rc);
}

/*
 * POST .../grants/add: group, scope (customer | all | property), expires;
 * POST .../grants/edit (edit set): grant, with the same fields.
 */
static int
grant_save(struct req *r, struct resp *p, const struct grants_user *u,
    const struct input_val *in, int edit)
{
	const struct input_val *expires = &in[PK_EXPIRES];
	struct grant_new g = {
		.user = u->id, .group = in_int(&in[PK_GROUP]), .scope = -1,
		.customer = in_int(&in[PK_CUSTOMER]), .property = in_int(&in[PK_PROPERTY]),
		/* A day sent that is not one is refused by the change. */
		.expires = expires->st == INPUT_BAD ? -1 : in_int(expires),
	};
	struct change_result out;
	enum grant_scope sc;
	struct actor who;
	int rc;

	if (grant_scope_parse(in_str(&in[PK_SCOPE]), &sc) == 0)
		g.scope = (int)sc;
	page_actor(r, &who);
	if (!edit)
		return answer(r, p, u, change_grant_add(&who, &g, &out), &out, "added");
	rc = change_grant_edit(&who, in_int(&in[PK_GRANT]), &g, &out);
	return answer(r, p, u, rc, &out, out.unchanged ? "unchanged" : "edited");
}

/* POST .../grants/remove: grant. */
static int
grant_remove(struct req *r, struct resp *p, const struct grants_user *u,
    const struct input_val *in)
{
	struct change_result out;
	struct actor who;

	page_actor(r, &who);
	return answer(r, p, u, change_grant_remove(&who, u->id, in_int(&in[PK_GRANT]),
	    &out), &out, "removed");
}

/* POST .../admin: admin and hide_reports checkboxes. */
static int
admin_set(struct req *r, struct resp *p, const struct grants_user *u,
    const struct input_val *in)
{
	struct change_result out;
	struct actor who;
	/* A box sent at all counts as ticked, whatever its value. */
	int admin = in[PK_ADMIN].s != NULL, hide = in[PK_HIDE_REPORTS].s != NULL;

	page_actor(r, &who);
	return answer(r, p, u, change_portal_admin(&who, u->id, admin, hide, &out), &out,
	    "admin");
}

/* POST .../finance: override = groups | user (with level, filter, field). */
static int
finance_set(struct req *r, struct resp *p, const struct grants_user *u,
    const struct input_val *in)
{
	const char *mode = in_str(&in[PK_OVERRIDE]), *error;
	struct fin_policy f = { 0 };
	struct change_result out;
	struct actor who;
	int own;

	if (mode == NULL || (strcmp(mode, "groups") != 0 && strcmp(mode, "user") != 0))
		return user_page(r, p, u, 400, "Choose the groups' settings or a "
		    "setting for this user.", NULL);
	own = strcmp(mode, "user") == 0;
	if (u->is_admin)
		return user_page(r, p, u, 409, ADMIN_SEES_ALL, NULL);
	if (own && (error = group_fin_read(&r->arena, &in[PK_LEVEL], &in[PK_FILTER],
	    &in[PK_FIELD], &in[PK_FORMULA], &f)) != NULL)
		return user_page(r, p, u, 400, error, NULL);
	page_actor(r, &who);
	return answer(r, p, u, change_fin_override(&who, u->id, own ? &f : NULL, &out),
	    &out, "finance");
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

/* The permission table of a property: each permission, held or not, and why. */
static void
explain_perms(struct buf *b, const struct access *acc, const struct grant_row *g,
    size_t n, const struct authz_property *prop, const struct authz_rights *rights)
{
	html_raw(b, "<table class=\"explain\" tabindex=\"0\" aria-label=\"Explanation\">"
	    "\n<thead><tr>"
	    "<th>Permission</th><th>Held</th><th>From</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < PERM__MAX; i++) {
		int held = (rights->perms & PERM_BIT(i)) != 0;

		html_raw(b, "<tr class=\"perm\" data-perm=\"");
		html_attr(b, authz_perm_name(i));
		html_raw(b, "\"><td>");
		html_text(b, authz_perm_label(i));
		html_raw(b, "</td><td class=\"");
		html_attr(b, held ? "yes" : "no");
		html_raw(b, "\">");
		html_text(b, held ? check_mark : dash);
		html_raw(b, "</td><td>");
		if (held)
			perm_sources(b, acc, g, n, prop, i);
		else if (acc->who.kind == AUTHZ_PORTAL_ADMIN &&
		    i == PERM_REPORTS_VIEW)
			html_raw(b, "portal admin with reports hidden");
		else
			html_raw(b, "no covering grant's group has it");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

/* The financial fields a property shows, by name. */
static void
explain_fin_fields(struct buf *b, fin_set fin)
{
	int any = 0;

	html_raw(b, "<p class=\"fin\">Financial fields shown: ");
	for (int i = 0; i < FIN__MAX; i++)
		if (fin & FIN_BIT(i)) {
			if (any)
				html_raw(b, ", ");
			html_raw(b, "<span class=\"fin-");
			html_attr(b, authz_fin_field_name(i));
			html_raw(b, "\">");
			html_text(b, authz_fin_field_label(i));
			html_raw(b, "</span>");
			any = 1;
		}
	if (!any)
		html_raw(b, "<span class=\"fin-none\">none</span>");
	html_raw(b, "</p>\n");
}

/* The formulas a property shows, by name; "(value only)" when an input is not
 * shown there, so the terms are not; and the one shown instead of the total. */
static void
explain_formulas(struct buf *b, const struct access *acc,
    const struct authz_rights *rights)
{
	fin_set shown = authz_price_fields(rights->fin);
	int any = 0;

	if (acc->nformulas == 0)
		return;
	html_raw(b, "<p class=\"formulas\">Formulas shown: ");
	for (size_t i = 0; i < acc->nformulas && i < FORMULA_MAX; i++) {
		if (!(rights->formulas & FORMULA_BIT(i)))
			continue;
		if (any)
			html_raw(b, ", ");
		html_rawf(b, "<span data-formula=\"%lld\">",
		    (long long)acc->formulas[i].id);
		html_text(b, acc->formulas[i].name);
		if (!authz_formula_open(shown, &acc->formulas[i].f))
			html_raw(b, " (value only: a field of it is hidden)");
		if (rights->instead == (int)i + 1)
			html_raw(b, " (instead of the total price)");
		html_raw(b, "</span>");
		any = 1;
	}
	if (!any)
		html_raw(b, "<span class=\"formula-none\">none</span>");
	html_raw(b, "</p>\n");
}

/* One property the user reaches: its permissions and financial fields, and why. */
static void
explain_property(struct buf *b, const struct access *acc, const struct grant_row *g,
    size_t n, const struct property *pr, const struct authz_rights *rights)
{
	struct authz_property prop = { .id = pr->id, .customer_id = pr->customer_id };

	html_rawf(b, "<section class=\"property\" data-property=\"%lld\">\n<h3>",
	    (long long)pr->id);
	html_text(b, pr->name);
	html_raw(b, " <span class=\"owner\">(");
	html_text(b, pr->owner);
	html_raw(b, ")</span></h3>\n");
	explain_perms(b, acc, g, n, &prop, rights);
	explain_fin_fields(b, rights->fin);
	explain_formulas(b, acc, rights);
	fin_sources(b, acc, g, n, &prop);
	html_raw(b, "</section>\n");
}

/* What holds for every property: portal admin, the user's own financial setting. */
static void
explain_overall(struct buf *b, const struct access *acc)
{
	if (acc->who.kind == AUTHZ_PORTAL_ADMIN) {
		html_raw(b, "<p class=\"admin\">Portal admin: every permission on every "
		    "property of the tenant");
		if (acc->who.hide_reports)
			html_raw(b, ", except \xe2\x80\x9cSee reports\xe2\x80\x9d (reports hidden)");
		html_raw(b, "; grants do not matter.</p>\n");
	}
	if (acc->who.has_fin_override) {
		html_raw(b, "<p class=\"override\">Financial figures: this user's own "
		    "setting (");
		group_fin_summary(b, &acc->who.fin_override);
		html_raw(b, ") replaces the groups' settings wherever they have "
		    "access.</p>\n");
	} else
		html_raw(b, "<p class=\"override\">Financial figures: the groups' "
		    "settings (no setting for this user).</p>\n");
}

/* The user's expired grants, which give nothing; nothing when there are none. */
static void
explain_expired(struct buf *b, const struct grant_row *g, size_t n)
{
	size_t expired = 0;

	for (size_t i = 0; i < n; i++)
		expired += g[i].g.expired != 0;
	if (expired == 0)
		return;
	html_raw(b, "<h2>Expired grants</h2>\n<p>These give nothing:</p>\n"
	    "<ul class=\"expired\">\n");
	for (size_t i = 0; i < n; i++) {
		if (!g[i].g.expired)
			continue;
		html_rawf(b, "<li data-grant=\"%lld\">group ", (long long)g[i].id);
		html_text(b, g[i].group);
		html_raw(b, " over ");
		scope_text(b, &g[i]);
		html_raw(b, ", expired after ");
		html_day(b, g[i].expires);
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ul>\n");
}

/* Each property of the tenant the user reaches, and how many that is. */
static void
explain_properties(struct buf *b, const struct access *acc, const struct grant_row *g,
    size_t n, const struct property *props, size_t nprops)
{
	size_t shown = 0;

	html_raw(b, "<h2>Properties</h2>\n");
	for (size_t i = 0; i < nprops; i++) {
		struct authz_rights rights;

		access_rights(acc, props[i].id, props[i].customer_id, &rights);
		if (rights.perms == 0)
			continue;
		explain_property(b, acc, g, n, &props[i], &rights);
		shown++;
	}
	if (shown == 0)
		html_raw(b, "<p class=\"empty\">This user reaches no property: the "
		    "portal shows them nothing.</p>\n");
	html_rawf(b, "<p class=\"unlisted\">Listed: %zu of the tenant's %zu "
	    "properties. Properties not listed here give this user nothing: no "
	    "unexpired grant covers them.</p>\n", shown, nprops);
}

/* GET .../explain: per property the user reaches, each permission and its source. */
static int
explain_page(struct req *r, struct resp *p, const struct grants_user *u)
{
	struct buf *b = &p->body;
	struct grant_row *grants;
	struct property *props;
	struct access acc;
	size_t n, nprops;
	int found, rc;

	if ((rc = store_access_user(&r->arena, r->tenant->id, u->id, &acc, &found)) !=
	    DB_OK ||
	    (rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK ||
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
	if (!found)
		html_raw(b, "<p class=\"empty inactive\">This user is not active: the "
		    "portal lets them see nothing until they are.</p>\n");
	else {
		explain_overall(b, &acc);
		explain_expired(b, grants, n);
		explain_properties(b, &acc, grants, n, props, nprops);
	}
	page_end(p);
	return 0;
}

/*
 * GET  /staff/portal-users/<id>          the user's access
 * GET  /staff/portal-users/<id>/explain  Explain
 * POST /staff/portal-users/<id>/grants/add | grants/edit | grants/remove | admin
 *      | finance
 * A user of another tenant, an unknown id or path: 404.
 */
int
handle_staff_portal_user(struct req *r, struct resp *p)
{
	struct input_val in[PK__MAX];
	struct grants_user u;
	const char *rest;
	int64_t id;
	int found, rc, post = r->method == METHOD_POST;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((id = input_path_id(r, PU_PREFIX, &rest)) == 0)
		return 404;
	if ((rc = store_grants_user_get(&r->arena, r->tenant->id, id, &u, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	input_read(r, post ? INPUT_FORM : INPUT_QUERY, grants_keys, PK__MAX, in);
	if (*rest == '\0' && !post)
		return user_page(r, p, &u, 0, NULL, in_str(&in[PK_DONE]));
	if (strcmp(rest, "/explain") == 0 && !post)
		return explain_page(r, p, &u);
	if (strcmp(rest, "/grants/add") == 0 && post)
		return grant_save(r, p, &u, in, 0);
	if (strcmp(rest, "/grants/edit") == 0 && post)
		return grant_save(r, p, &u, in, 1);
	if (strcmp(rest, "/grants/remove") == 0 && post)
		return grant_remove(r, p, &u, in);
	if (strcmp(rest, "/admin") == 0 && post)
		return admin_set(r, p, &u, in);
	if (strcmp(rest, "/finance") == 0 && post)
		return finance_set(r, p, &u, in);
	return 404;
}

/* porch — SPDX-License-Identifier: MIT
 * The back office's customers and contacts: the customers list (search by name
 * or email, sort by name or by when they were made, pages of OFFICE_PAGE_ROWS,
 * archived ones on request), a new customer, and the parts of a customer's page
 * (/staff/customers/ID, framed by tokenlink.c with the token link): details,
 * contacts, properties, portal users and the new-user form. Every change goes
 * through module/change (change_customer_put(), change_contact_put(),
 * change_property_put(), change_archive(), change_user_new()); the rows are the
 * staff member's tenant's, another's id is a 404.
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
#include "store_groups.h"
#include "store_office.h"
#include "tenant.h"

static const struct input_key office_keys[OK__MAX] = {
	[OK_Q] = { "q", IN_LINE, 0, 0, 200 },
	[OK_SORT] = { "sort", IN_LINE, 0, 0, 16 },
	[OK_PAGE] = { "page", IN_INT, 0, 1, OFFICE_PAGE_MAX },
	[OK_ARCHIVED] = { "archived", IN_FLAG, 0, 0, 0 },
	[OK_DONE] = { "done", IN_LINE, 0, 0, 32 },
	[OK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[OK_CONTACT] = { "contact", IN_ID, 0, 0, 0 },
	[OK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	/* Lengths are the change functions' to check, with their sentence. */
	[OK_NAME] = { "name", IN_LINE, 0, 0, 1000 },
	[OK_EMAIL] = { "email", IN_LINE, 0, 0, 1000 },
	[OK_PHONE] = { "phone", IN_LINE, 0, 0, 1000 },
	[OK_ROLE] = { "role", IN_LINE, 0, 0, 1000 },
	[OK_ADDRESS] = { "address", IN_LINE, 0, 0, 1000 },
	[OK_CITY] = { "city", IN_LINE, 0, 0, 1000 },
	[OK_BEDROOMS] = { "bedrooms", IN_INT, 0, 0, BEDROOMS_MAX },
	[OK_DESCRIPTION] = { "description", IN_TEXT, 0, 0, PROPERTY_TEXT_MAX },
	[OK_ARRIVAL] = { "arrival_instructions", IN_TEXT, 0, 0, PROPERTY_TEXT_MAX },
	[OK_DO] = { "do", IN_LINE, 0, 0, 16 },
	[OK_LOGIN] = { "login", IN_RAW, 0, 0, 1000 },
	[OK_GROUP] = { "group", IN_ID, 0, 0, 0 },
	[OK_SCOPE] = { "scope", IN_LINE, 0, 0, 16 },
	[OK_MFA] = { "mfa", IN_FLAG, 0, 0, 0 },
};

static const char *const office_notices[][2] = {
	{ "created", "The customer was created, with its token link." },
	{ "saved", "The changes were saved." },
	{ "unchanged", "Nothing was changed." },
	{ "archived", "Archived: it is left out of lists and the portal." },
	{ "restored", "Restored: it is in use again." },
	{ "contact", "The contact was saved." },
	{ "property", "The property was created." },
	{ "user", "The portal user was created." },
	{ "invited", "The portal user was created and an invitation was sent." },
	{ "nogroup", "The portal user was created without access: this tenant has no "
	    "default permission group yet." },
};

void
office_input(struct req *r, int src, struct input_val *in)
{
	input_read(r, (enum input_src)src, office_keys, OK__MAX, in);
}

const char *
office_bad(const struct input_val *in, const int *keys, size_t n)
{
	static char msg[160];

	for (size_t i = 0; i < n; i++) {
		const struct input_key *k = &office_keys[keys[i]];

		if (in[keys[i]].st != INPUT_BAD)
			continue;
		if (k->type == IN_INT)
			snprintf(msg, sizeof(msg), "%s must be a whole number from %lld to "
			    "%lld.", k->name, (long long)k->min, (long long)k->max);
		else if (k->type == IN_ID)
			snprintf(msg, sizeof(msg), "%s is not one of the choices.", k->name);
		else
			snprintf(msg, sizeof(msg), "%s must be text of at most %lld "
			    "characters%s.", k->name, (long long)k->max,
			    k->type == IN_LINE ? " on one line" : "");
		return msg;
	}
	return NULL;
}

void
office_field(struct buf *b, const char *form, const char *name, const char *label,
    const char *value, int rows)
{
	html_raw(b, "<label for=\"");
	html_attrf(b, "%s-%s", form, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label>\n");
	if (rows > 0)
		html_rawf(b, "<textarea rows=\"%d\" id=\"", rows);
	else
		html_raw(b, "<input id=\"");
	html_attrf(b, "%s-%s", form, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	if (rows > 0) {
		html_raw(b, "\">");
		html_text(b, value != NULL ? value : "");
		html_raw(b, "</textarea>\n");
		return;
	}
	if (strcmp(name, "email") == 0)
		html_raw(b, "\" type=\"email\" value=\"");
	else
		html_raw(b, "\" type=\"text\" value=\"");
	html_attr(b, value != NULL ? value : "");
	html_raw(b, "\">\n");
}

void
office_query_read(const struct input_val *in, struct office_query *q)
{
	const char *sort = in_str(&in[OK_SORT]);

	memset(q, 0, sizeof(*q));
	q->q = in_str(&in[OK_Q]);
	q->archived = in_int(&in[OK_ARCHIVED]) != 0;
	q->by_created = sort != NULL && strcmp(sort, "created") == 0;
	q->page = in[OK_PAGE].st == INPUT_OK ? (unsigned)in_int(&in[OK_PAGE]) : 1;
}

/* The link to path's list with q's search and archived filter, sort and page. */
static void
office_link(struct buf *b, const char *path, const struct office_query *q,
    int by_created, unsigned page)
{
	html_raw(b, "<a href=\"");
	html_attr(b, path);
	if (by_created)
		html_raw(b, "?sort=created");
	else
		html_raw(b, "?sort=name");
	html_rawf(b, "&amp;page=%u", page);
	if (q->archived)
		html_raw(b, "&amp;archived=1");
	if (q->q != NULL) {
		html_raw(b, "&amp;q=");
		html_url(b, q->q);
	}
	html_raw(b, "\">");
}

void
office_search(struct buf *b, const char *path, const struct office_query *q,
    const char *placeholder)
{
	html_raw(b, "<form method=\"get\" action=\"");
	html_attr(b, path);
	html_raw(b, "\" class=\"chooser\" role=\"search\">\n<label for=\"q\">Search"
	    "</label>\n<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"");
	html_attr(b, placeholder);
	html_raw(b, "\" value=\"");
	html_attr(b, q->q != NULL ? q->q : "");
	html_raw(b, "\">\n");
	html_hidden(b, "sort", "%s", q->by_created ? "created" : "name");
	html_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"archived\" "
	    "value=\"1\"");
	if (q->archived)
		html_raw(b, " checked");
	html_raw(b, "> Show archived</label>\n<button type=\"submit\">Search</button>\n"
	    "</form>\n<p>Sort by: ");
	office_link(b, path, q, 0, 1);
	if (q->by_created)
		html_raw(b, "name</a> | <strong>newest first</strong></p>\n");
	else {
		html_raw(b, "<strong>name</strong></a> | ");
		office_link(b, path, q, 1, 1);
		html_raw(b, "newest first</a></p>\n");
	}
}

void
office_pages(struct buf *b, const char *path, const struct office_query *q, int more)
{
	html_rawf(b, "<p class=\"pages\">Page %u", q->page);
	if (q->page > 1) {
		html_raw(b, " ");
		office_link(b, path, q, q->by_created, q->page - 1);
		html_raw(b, "\xe2\x86\x90 Previous</a>");
	}
	if (more && q->page < OFFICE_PAGE_MAX) {
		html_raw(b, " ");
		office_link(b, path, q, q->by_created, q->page + 1);
		html_raw(b, "Next \xe2\x86\x92</a>");
	}
	html_raw(b, "</p>\n");
}

/* The person fields of a form (name, email, phone; role for contacts). */
static void
person_fields(struct buf *b, const char *form, const char *name, const char *email,
    const char *phone, const char *const *role)
{
	office_field(b, form, "name", "Name", name, 0);
	office_field(b, form, "email", "Email", email, 0);
	office_field(b, form, "phone", "Phone", phone, 0);
	if (role != NULL)
		office_field(b, form, "role", "Role (co-owner, cleaner...)", *role, 0);
}

/* The customers list, with error (status) after a refused new customer. */
static int
customer_list(struct req *r, struct resp *p, int status, const char *error)
{
	struct input_val in[OK__MAX];
	struct office_customer *rows;
	struct office_query q;
	struct buf *b = &p->body;
	size_t n;
	int more, rc;

	office_input(r, INPUT_QUERY, in);
	office_query_read(in, &q);
	if ((rc = store_office_customers(&r->arena, r->tenant->id, &q, &rows, &n,
	    &more)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Customers");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Customers</h1>\n<p><a href=\"/staff/properties\">Properties"
	    "</a> | <a href=\"/staff/portal-users\">Portal users of every customer</a>"
	    "</p>\n");
	if (error != NULL)
		page_error_text(p, error);
	office_search(b, "/staff/customers", &q, "name or email");
	html_raw(b, "<table class=\"customers\">\n<thead><tr><th>Name</th><th>Email</th>"
	    "<th>Phone</th><th>Portal users</th><th>Created</th></tr></thead>\n"
	    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr>");
		html_rawf(b, "<td><a href=\"/staff/customers/%lld\">",
		    (long long)rows[i].c.id);
		html_text(b, rows[i].c.name);
		html_raw(b, "</a>");
		if (rows[i].c.archived)
			html_raw(b, " (archived)");
		html_raw(b, "</td>");
		html_cells(b, rows[i].c.email != NULL ? rows[i].c.email : "",
		    rows[i].c.phone != NULL ? rows[i].c.phone : "", NULL);
		html_rawf(b, "<td>%lld</td>", (long long)rows[i].users);
		html_day_cell(b, rows[i].created);
		html_raw(b, "</tr>\n");
	}
	if (n == 0)
		html_raw(b, "<tr><td colspan=\"5\">No customers found.</td></tr>\n");
	html_raw(b, "</tbody>\n</table>\n");
	office_pages(b, "/staff/customers", &q, more);
	html_raw(b, "<h2>New customer</h2>\n");
	page_form(b, r->session->csrf_token, NULL, "/staff/customers/new");
	person_fields(b, "new", NULL, NULL, NULL, NULL);
	html_raw(b, "<button type=\"submit\">Create customer</button>\n</form>\n");
	page_end(p);
	return 0;
}

int
handle_staff_customer_list(struct req *r, struct resp *p)
{
	if (page_need_staff(r, p) == NULL)
		return 0;
	return customer_list(r, p, 0, NULL);
}

/* The sentence of a refusal for the page, or NULL when the answer is a bare
 * status (404 and the store's errors). */
static const char *
refusal(int rc, const struct change_result *out)
{
	return rc == CHANGE_INVALID || rc == CHANGE_CONFLICT ? change_sentence(out) :
	    NULL;
}

/* Redirects to the customer's page with the notice done. */
static int
to_customer(struct resp *p, int64_t id, const char *done)
{
	char loc[96];

	snprintf(loc, sizeof(loc), "/staff/customers/%lld?done=%s", (long long)id, done);
	resp_redirect(p, 303, loc);
	return 0;
}

/* The form's person: kind's fields as read, or a sentence in *bad. */
static const char *
person_read(const struct input_val *in, struct person_in *pi)
{
	static const int keys[] = { OK_NAME, OK_EMAIL, OK_PHONE, OK_ROLE };

	memset(pi, 0, sizeof(*pi));
	pi->name = in_str(&in[OK_NAME]);
	pi->email = in_str(&in[OK_EMAIL]);
	pi->phone = in_str(&in[OK_PHONE]);
	pi->role = in_str(&in[OK_ROLE]);
	return office_bad(in, keys, NELEM(keys));
}

/* POST /staff/customers/new: name, email, phone. */
int
handle_staff_customer_new(struct req *r, struct resp *p)
{
	struct input_val in[OK__MAX];
	struct change_result out;
	struct person_in pi;
	struct actor who;
	const char *bad;
	int created, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	office_input(r, INPUT_FORM, in);
	if ((bad = person_read(in, &pi)) != NULL)
		return customer_list(r, p, 400, bad);
	pi.role = NULL;
	page_actor(r, &who);
	if ((rc = change_customer_put(&who, &pi, &created, &out)) != CHANGE_OK)
		return refusal(rc, &out) != NULL ? customer_list(r, p,
		    status_for_change(rc), refusal(rc, &out)) : status_for_change(rc);
	return to_customer(p, out.id, "created");
}

/* The outcome of a change on customer id's page: its notice or its refusal. */
static int
customer_outcome(struct req *r, struct resp *p, int64_t id, int rc,
    const struct change_result *out, const char *done)
{
	if (rc == CHANGE_OK)
		return to_customer(p, id, out->unchanged ? "unchanged" : done);
	if (refusal(rc, out) != NULL)
		return staff_customer_page(r, p, id, status_for_change(rc),
		    refusal(rc, out));
	return status_for_change(rc);
}

/*
 * POST /staff/customers/edit (customer, name, email, phone) and
 * /staff/contacts/save (customer, contact: none for a new one, name, email,
 * phone, role): the customer's or one of its contacts' fields.
 */
static int
person_save(struct req *r, struct resp *p, int is_contact)
{
	struct input_val in[OK__MAX];
	struct change_result out;
	struct person_in pi;
	struct actor who;
	const char *bad;
	int64_t id;
	int created, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	office_input(r, INPUT_FORM, in);
	if ((id = in_int(&in[OK_CUSTOMER])) == 0 ||
	    (is_contact && in[OK_CONTACT].st == INPUT_BAD))
		return 404;
	/* The customer's page with the sentence: a 404 for another tenant's. */
	if ((bad = person_read(in, &pi)) != NULL)
		return staff_customer_page(r, p, id, 400, bad);
	page_actor(r, &who);
	if (is_contact) {
		pi.id = in_int(&in[OK_CONTACT]);
		pi.customer_id = id;
		rc = change_contact_put(&who, &pi, &created, &out);
	} else {
		pi.role = NULL;
		pi.id = id;
		rc = change_customer_put(&who, &pi, &created, &out);
	}
	/* Another tenant's customer: the refusal names /customer; a 404 here. */
	if (rc == CHANGE_INVALID && out.field != NULL &&
	    strcmp(out.field, "/customer") == 0)
		return 404;
	return customer_outcome(r, p, id, rc, &out, is_contact ? "contact" : "saved");
}

int
handle_staff_customer_edit(struct req *r, struct resp *p)
{
	return person_save(r, p, 0);
}

int
handle_staff_contact_save(struct req *r, struct resp *p)
{
	return person_save(r, p, 1);
}

/*
 * POST /staff/customers/archive (customer) and /staff/contacts/archive
 * (customer, contact: one of the customer's), do = archive | restore.
 */
static int
archive_post(struct req *r, struct resp *p, int kind)
{
	struct input_val in[OK__MAX];
	struct change_result out;
	struct contact_row k;
	struct actor who;
	const char *act;
	int64_t id, row;
	int found, on, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	office_input(r, INPUT_FORM, in);
	row = id = in_int(&in[OK_CUSTOMER]);
	if (kind == OFFICE_CONTACT)
		row = in_int(&in[OK_CONTACT]);
	if (id == 0 || row == 0)
		return 404;
	act = in_str(&in[OK_DO]);
	if (act == NULL || (strcmp(act, "archive") != 0 && strcmp(act, "restore") != 0))
		return 400;
	on = strcmp(act, "archive") == 0;
	if (kind == OFFICE_CONTACT) {
		if ((rc = store_contact_by_id(&r->arena, r->tenant->id, row, 0, &k,
		    &found)) != DB_OK)
			return status_for_db(rc);
		if (!found || k.customer_id != id)
			return 404;
	}
	page_actor(r, &who);
	rc = change_archive(&who, kind, row, on, &out);
	return customer_outcome(r, p, id, rc, &out, on ? "archived" : "restored");
}

int
handle_staff_customer_archive(struct req *r, struct resp *p)
{
	return archive_post(r, p, OFFICE_CUSTOMER);
}

int
handle_staff_contact_archive(struct req *r, struct resp *p)
{
	return archive_post(r, p, OFFICE_CONTACT);
}

/* ---- the customer's page ------------------------------------------------- */

/* A row's archive or restore button posting to action. */
static void
archive_button(struct buf *b, const struct session *s, const char *action,
    const char *name, int64_t id, int64_t customer, int archived)
{
	page_form(b, s->csrf_token, "inline", "%s", action);
	html_hidden(b, "customer", "%lld", (long long)customer);
	if (name != NULL)
		html_hidden(b, name, "%lld", (long long)id);
	html_hidden(b, "do", "%s", archived ? "restore" : "archive");
	if (archived)
		html_raw(b, "<button type=\"submit\">Restore</button></form>\n");
	else
		html_raw(b, "<button type=\"submit\">Archive</button></form>\n");
}

static void
details_section(struct buf *b, const struct session *s, const struct office_customer *c)
{
	html_raw(b, "<section id=\"details\">\n<h2>Details</h2>\n");
	if (c->c.archived)
		html_raw(b, "<p class=\"warning\">This customer is archived: its portal "
		    "users cannot sign in and its token link does not work.</p>\n");
	page_form(b, s->csrf_token, NULL, "/staff/customers/edit");
	html_hidden(b, "customer", "%lld", (long long)c->c.id);
	person_fields(b, "customer", c->c.name, c->c.email, c->c.phone, NULL);
	html_raw(b, "<button type=\"submit\">Save</button>\n</form>\n");
	archive_button(b, s, "/staff/customers/archive", NULL, 0, c->c.id,
	    c->c.archived);
	html_raw(b, "</section>\n");
}

static void
contacts_section(struct buf *b, const struct session *s, int64_t customer,
    const struct contact_row *k, size_t n)
{
	char form[32];

	html_raw(b, "<section id=\"contacts\">\n<h2>Contacts</h2>\n<table class=\"contacts\">"
	    "\n<thead><tr><th>Name</th><th>Email</th><th>Phone</th><th>Role</th>"
	    "<th><span class=\"vh\">Actions</span></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr>");
		html_cells(b, k[i].name, k[i].email != NULL ? k[i].email : "",
		    k[i].phone != NULL ? k[i].phone : "", k[i].role != NULL ? k[i].role :
		    "", NULL);
		html_raw(b, "<td>");
		if (k[i].archived)
			html_raw(b, "archived ");
		archive_button(b, s, "/staff/contacts/archive", "contact", k[i].id,
		    customer, k[i].archived);
		html_raw(b, "</td></tr>\n");
	}
	if (n == 0)
		html_raw(b, "<tr><td colspan=\"5\">No contacts yet.</td></tr>\n");
	html_raw(b, "</tbody>\n</table>\n");
	for (size_t i = 0; i < n; i++) {
		snprintf(form, sizeof(form), "contact%lld", (long long)k[i].id);
		html_raw(b, "<details><summary>Edit ");
		html_text(b, k[i].name);
		html_raw(b, "</summary>\n");
		page_form(b, s->csrf_token, NULL, "/staff/contacts/save");
		html_hidden(b, "customer", "%lld", (long long)customer);
		html_hidden(b, "contact", "%lld", (long long)k[i].id);
		person_fields(b, form, k[i].name, k[i].email, k[i].phone,
		    (const char *const *)&k[i].role);
		html_raw(b, "<button type=\"submit\">Save contact</button>\n</form>\n"
		    "</details>\n");
	}
	html_raw(b, "<h3>Add a contact</h3>\n");
	page_form(b, s->csrf_token, NULL, "/staff/contacts/save");
	html_hidden(b, "customer", "%lld", (long long)customer);
	{
		const char *none = NULL;

		person_fields(b, "contact", NULL, NULL, NULL, &none);
	}
	html_raw(b, "<button type=\"submit\">Add contact</button>\n</form>\n</section>\n");
}

static void
properties_section(struct buf *b, const struct session *s, int64_t customer,
    const struct property_row *pr, size_t n)
{
	html_raw(b, "<section id=\"properties\">\n<h2>Properties</h2>\n"
	    "<ul class=\"properties\">\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<li><a href=\"/staff/properties/%lld\">", (long long)pr[i].id);
		html_text(b, pr[i].name);
		html_raw(b, "</a>");
		if (pr[i].city != NULL) {
			html_raw(b, " <span class=\"city\">");
			html_text(b, pr[i].city);
			html_raw(b, "</span>");
		}
		if (pr[i].archived)
			html_raw(b, " (archived)");
		html_raw(b, "</li>\n");
	}
	if (n == 0)
		html_raw(b, "<li>No properties yet.</li>\n");
	html_raw(b, "</ul>\n<h3>Add a property</h3>\n");
	page_form(b, s->csrf_token, NULL, "/staff/properties/new");
	html_hidden(b, "customer", "%lld", (long long)customer);
	office_property_fields(b, "property", NULL);
	html_raw(b, "<button type=\"submit\">Add property</button>\n</form>\n</section>\n");
}

/* The new-user form: name and email (a new contact) or a contact, a login, the
 * group (the default chosen), the scope, MFA. */
static void
user_form(struct buf *b, const struct session *s, int64_t customer,
    const struct contact_row *k, size_t nk, const struct property_row *pr,
    size_t np, const struct perm_group *g, size_t ng)
{
	html_raw(b, "<h3>New portal user</h3>\n");
	page_form(b, s->csrf_token, "new-user", "/staff/customers/user");
	html_hidden(b, "customer", "%lld", (long long)customer);
	html_raw(b, "<label for=\"user-contact\">For</label>\n<select id=\"user-contact\" "
	    "name=\"contact\">\n<option value=\"\">The customer itself, or a new contact "
	    "(name below)</option>\n");
	for (size_t i = 0; i < nk; i++)
		if (!k[i].archived)
			html_option(b, k[i].id, 0, "%s", k[i].name);
	html_raw(b, "</select>\n");
	office_field(b, "user", "name", "New contact's name (leave empty for the one "
	    "chosen above)", NULL, 0);
	office_field(b, "user", "email", "New contact's email", NULL, 0);
	html_raw(b, "<label for=\"user-login\">Login (empty: the email address; a "
	    "username for someone without email)</label>\n<input id=\"user-login\" "
	    "name=\"login\" type=\"text\" maxlength=\"254\">\n"
	    "<label for=\"user-group\">Permission group</label>\n<select id=\"user-group\" "
	    "name=\"group\">\n");
	for (size_t i = 0; i < ng; i++)
		if (!g[i].is_system)
			html_option(b, g[i].id, g[i].is_default, "%s%s", g[i].name,
			    g[i].is_default ? " (default)" : "");
	html_raw(b, "</select>\n<fieldset><legend>Scope</legend>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"scope\" value=\"customer\" "
	    "checked> All properties of this customer</label>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"scope\" value=\"all\"> "
	    "Every property of the tenant</label>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"scope\" value=\"property\"> "
	    "One property:</label>\n<label for=\"user-property\">Property</label>\n"
	    "<select id=\"user-property\" name=\"property\">\n<option value=\"\">"
	    "(choose)</option>\n");
	for (size_t i = 0; i < np; i++)
		if (!pr[i].archived)
			html_option(b, pr[i].id, 0, "%s", pr[i].name);
	html_raw(b, "</select>\n</fieldset>\n<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"mfa\" value=\"1\"> Require MFA for this user</label>\n"
	    "<button type=\"submit\">Save and send the invitation</button>\n</form>\n");
}

static void
users_section(struct buf *b, const struct office_user *u, size_t n)
{
	html_raw(b, "<section id=\"portal-users\">\n<h2>Portal users</h2>\n"
	    "<table class=\"users\">\n<thead><tr><th>Login</th><th>Contact</th>"
	    "<th>Status</th><th>MFA</th><th>Last action</th></tr></thead>\n"
	    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<tr><td><a href=\"/staff/portal-users/%lld\">",
		    (long long)u[i].id);
		html_text(b, u[i].login);
		html_raw(b, "</a></td>");
		html_cells(b, u[i].contact != NULL ? u[i].contact : "(the customer)",
		    u[i].status, NULL);
		html_raw(b, "<td>");
		html_textf(b, "%s, %s", u[i].mfa_required ? "required" : "not required",
		    u[i].mfa_enrolled ? "enrolled" : "not enrolled");
		html_raw(b, "</td>");
		if (u[i].last_action != NULL)
			html_time_cell(b, u[i].last_action);
		else
			html_cells(b, "never", (const char *)NULL);
		html_raw(b, "</tr>\n");
	}
	if (n == 0)
		html_raw(b, "<tr><td colspan=\"5\">No portal users: the token link "
		    "below opens this customer's portal.</td></tr>\n");
	html_raw(b, "</tbody>\n</table>\n");
}

int
office_customer_sections(struct req *r, struct resp *p, int64_t id, int notice)
{
	const struct session *s = r->session;
	struct input_val in[OK__MAX];
	struct buf *b = &p->body;
	struct office_customer c;
	struct contact_row *k;
	struct property_row *pr;
	struct office_user *u;
	struct perm_group *g;
	size_t nk, np, nu, ng;
	int found, rc;

	if ((rc = store_office_customer(&r->arena, r->tenant->id, id, &c, &found)) !=
	    DB_OK || !found ||
	    (rc = store_office_contacts(&r->arena, r->tenant->id, id, &k, &nk)) != DB_OK ||
	    (rc = store_office_properties_of(&r->arena, r->tenant->id, id, &pr, &np)) !=
	    DB_OK ||
	    (rc = store_office_users(&r->arena, r->tenant->id, id, &u, &nu)) != DB_OK ||
	    (rc = store_groups_list(&r->arena, r->tenant->id, &g, &ng)) != DB_OK)
		return rc;
	if (notice) {
		office_input(r, INPUT_QUERY, in);
		page_notice(p, office_notices, NELEM(office_notices), in_str(&in[OK_DONE]));
	}
	details_section(b, s, &c);
	contacts_section(b, s, id, k, nk);
	properties_section(b, s, id, pr, np);
	html_rawf(b, "<section id=\"documents\">\n<h2>Documents</h2>\n<p><a href=\""
	    "/staff/documents?customer=%lld\">This customer's documents</a>: list, "
	    "upload, replace, delete.</p>\n</section>\n", (long long)id);
	users_section(b, u, nu);
	if (!c.c.archived)
		user_form(b, s, id, k, nk, pr, np, g, ng);
	html_raw(b, "</section>\n");
	return DB_OK;
}

/* ---- a new portal user --------------------------------------------------- */

/* The scope as the form names it, or -1. */
static int
scope_read(const char *s)
{
	static const char *const names[] = {
		[SCOPE_CUSTOMER] = "customer", [SCOPE_ALL] = "all",
		[SCOPE_PROPERTY] = "property",
	};

	if (s == NULL)
		return SCOPE_CUSTOMER;
	for (size_t i = 0; i < NELEM(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * POST /staff/customers/user: customer, contact (none: the customer, or a new
 * contact from name and email), login, group, scope (customer | all | property,
 * with property), mfa. Creates the user, its grant and the invitation.
 */
int
handle_staff_customer_user(struct req *r, struct resp *p)
{
	static const int keys[] = { OK_NAME, OK_EMAIL, OK_LOGIN, OK_GROUP, OK_PROPERTY,
		OK_CONTACT };
	struct input_val in[OK__MAX];
	struct user_new un = { 0 };
	struct change_result out;
	struct person_in pi = { 0 };
	struct actor who;
	const char *bad;
	int nogroup, invited, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	office_input(r, INPUT_FORM, in);
	if ((un.customer = in_int(&in[OK_CUSTOMER])) == 0)
		return 404;
	if ((bad = office_bad(in, keys, NELEM(keys))) != NULL)
		return staff_customer_page(r, p, un.customer, 400, bad);
	if ((un.scope = scope_read(in_str(&in[OK_SCOPE]))) < 0)
		return staff_customer_page(r, p, un.customer, 400, "Choose the scope: this "
		    "customer, every property, or one property.");
	un.contact = in_int(&in[OK_CONTACT]);
	un.login = in_str(&in[OK_LOGIN]);
	un.group = in_int(&in[OK_GROUP]);
	un.property = un.scope == SCOPE_PROPERTY ? in_int(&in[OK_PROPERTY]) : 0;
	un.mfa_required = in_int(&in[OK_MFA]) != 0;
	un.invite = 1;
	page_actor(r, &who);
	pi.name = in_str(&in[OK_NAME]);
	pi.email = in_str(&in[OK_EMAIL]);
	if (pi.name != NULL || pi.email != NULL) {
		if (un.contact != 0)
			return staff_customer_page(r, p, un.customer, 400, "Either choose "
			    "a contact or type a new one's name, not both.");
		pi.customer_id = un.customer;
		rc = change_user_new_contact(&who, &pi, &un, &out, &nogroup, &invited);
	} else
		rc = change_user_new(&who, &un, &out, &nogroup, &invited);
	if (rc == CHANGE_INVALID && out.title == NULL)
		return 404;	/* no such customer: change_user_new()'s bare refusal */
	if (rc == CHANGE_INVALID && out.field != NULL &&
	    strcmp(out.field, "/customer") == 0)
		return 404;
	if (rc != CHANGE_OK)
		return customer_outcome(r, p, un.customer, rc, &out, NULL);
	return to_customer(p, un.customer, nogroup ? "nogroup" : invited ? "invited" :
	    "user");
}

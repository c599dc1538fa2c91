/* porch — SPDX-License-Identifier: MIT
 * The back office's properties: the list (search by name or city, sort by name
 * or by when they were made, pages, archived ones on request), a new property of
 * a customer, and a property's page (/staff/properties/ID) with its edit form and
 * archive button. Every change goes through change_property_put() and
 * change_archive(); another tenant's id is a 404.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_office.h"
#include "tenant.h"

#define PROPERTY_PREFIX	"/staff/properties/"

static const char *const property_notices[][2] = {
	{ "created", "The property was created." },
	{ "saved", "The changes were saved." },
	{ "unchanged", "Nothing was changed." },
	{ "archived", "Archived: no portal user sees this property any more." },
	{ "restored", "Restored: portal users with access see it again." },
};

void
office_property_fields(struct buf *b, const char *form, const struct property_row *pr)
{
	char beds[24] = "";

	if (pr != NULL && pr->bedrooms >= 0)
		snprintf(beds, sizeof(beds), "%lld", (long long)pr->bedrooms);
	office_field(b, form, "name", "Name", pr != NULL ? pr->name : NULL, 0);
	office_field(b, form, "address", "Address", pr != NULL ? pr->address : NULL, 0);
	office_field(b, form, "city", "City", pr != NULL ? pr->city : NULL, 0);
	office_field(b, form, "bedrooms", "Bedrooms", beds, 0);
	office_field(b, form, "description", "Description",
	    pr != NULL ? pr->description : NULL, 4);
	office_field(b, form, "arrival_instructions", "Arrival instructions",
	    pr != NULL ? pr->arrival : NULL, 4);
}

/* The form's property into pi, or the sentence for a field that is not of its
 * type. */
static const char *
property_read(const struct input_val *in, struct property_in *pi)
{
	static const int keys[] = { OK_NAME, OK_ADDRESS, OK_CITY, OK_BEDROOMS,
		OK_DESCRIPTION, OK_ARRIVAL };

	memset(pi, 0, sizeof(*pi));
	pi->name = in_str(&in[OK_NAME]);
	pi->address = in_str(&in[OK_ADDRESS]);
	pi->city = in_str(&in[OK_CITY]);
	pi->bedrooms = in[OK_BEDROOMS].st == INPUT_OK ? in_int(&in[OK_BEDROOMS]) : -1;
	pi->description = in_str(&in[OK_DESCRIPTION]);
	pi->arrival = in_str(&in[OK_ARRIVAL]);
	return office_bad(in, keys, NELEM(keys));
}

/* GET /staff/properties */
int
handle_staff_properties(struct req *r, struct resp *p)
{
	struct input_val in[OK__MAX];
	struct property_row *rows;
	struct office_query q;
	struct buf *b = &p->body;
	size_t n;
	int more, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	office_input(r, INPUT_QUERY, in);
	office_query_read(in, &q);
	if ((rc = store_office_properties(&r->arena, r->tenant->id, &q, &rows, &n,
	    &more)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Properties");
	html_raw(b, "<h1>Properties</h1>\n<p><a href=\"/staff/customers\">Customers</a>"
	    " (a new property is added on its owner's page)</p>\n");
	office_search(b, "/staff/properties", &q, "name or city");
	html_raw(b, "<table class=\"properties\">\n<thead><tr><th>Name</th><th>City</th>"
	    "<th>Bedrooms</th><th>Owner</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<tr><td><a href=\"" PROPERTY_PREFIX "%lld\">",
		    (long long)rows[i].id);
		html_text(b, rows[i].name);
		html_raw(b, "</a>");
		if (rows[i].archived)
			html_raw(b, " (archived)");
		html_raw(b, "</td>");
		html_cells(b, rows[i].city != NULL ? rows[i].city : "", NULL);
		if (rows[i].bedrooms >= 0)
			html_rawf(b, "<td>%lld</td>", (long long)rows[i].bedrooms);
		else
			html_raw(b, "<td></td>");
		html_rawf(b, "<td><a href=\"/staff/customers/%lld\">customer %lld</a></td>"
		    "</tr>\n", (long long)rows[i].customer_id,
		    (long long)rows[i].customer_id);
	}
	if (n == 0)
		html_raw(b, "<tr><td colspan=\"4\">No properties found.</td></tr>\n");
	html_raw(b, "</tbody>\n</table>\n");
	office_pages(b, "/staff/properties", &q, more);
	page_end(p);
	return 0;
}

/* A property's page, with a notice, or an error and its status. */
static int
property_page(struct req *r, struct resp *p, int64_t id, int status, const char *error)
{
	const struct session *s = r->session;
	struct input_val in[OK__MAX];
	struct buf *b = &p->body;
	struct property_row pr;
	char action[64];
	int found, rc;

	if ((rc = store_property_by_id(&r->arena, r->tenant->id, id, 0, &pr, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	snprintf(action, sizeof(action), PROPERTY_PREFIX "%lld", (long long)id);
	page_begin(r, p, pr.name);
	if (status != 0)
		p->status = status;
	html_rawf(b, "<p><a href=\"/staff/properties\">\xe2\x86\x90 Properties</a> | "
	    "<a href=\"/staff/customers/%lld\">Its owner</a></p>\n<h1>",
	    (long long)pr.customer_id);
	html_text(b, pr.name);
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else {
		office_input(r, INPUT_QUERY, in);
		page_notice(p, property_notices, NELEM(property_notices),
		    in_str(&in[OK_DONE]));
	}
	if (pr.archived)
		html_raw(b, "<p class=\"warning\">This property is archived: no portal "
		    "user sees it.</p>\n");
	page_form(b, s->csrf_token, NULL, "%s", action);
	html_hidden(b, "do", "save");
	office_property_fields(b, "property", &pr);
	html_raw(b, "<button type=\"submit\">Save</button>\n</form>\n");
	page_button(b, s, action, NULL, 0, pr.archived ? "restore" : "archive",
	    pr.archived ? "Restore" : "Archive");
	page_end(p);
	return 0;
}

/* Redirects to property id's page with the notice done. */
static int
to_property(struct resp *p, int64_t id, const char *done)
{
	char loc[96];

	snprintf(loc, sizeof(loc), PROPERTY_PREFIX "%lld?done=%s", (long long)id, done);
	resp_redirect(p, 303, loc);
	return 0;
}

/* POST /staff/properties/ID: do = save (the fields) | archive | restore. */
static int
property_post(struct req *r, struct resp *p, int64_t id)
{
	struct input_val in[OK__MAX];
	struct change_result out;
	struct property_in pi;
	struct property_row pr;
	struct actor who;
	const char *act, *bad;
	int created, found, on, rc;

	office_input(r, INPUT_FORM, in);
	act = in_str(&in[OK_DO]);
	page_actor(r, &who);
	if (act != NULL && (strcmp(act, "archive") == 0 || strcmp(act, "restore") == 0)) {
		on = strcmp(act, "archive") == 0;
		rc = change_archive(&who, OFFICE_PROPERTY, id, on, &out);
		if (rc != CHANGE_OK)
			return status_for_change(rc);
		return to_property(p, id, out.unchanged ? "unchanged" : on ? "archived" :
		    "restored");
	}
	if (act == NULL || strcmp(act, "save") != 0)
		return 400;
	if ((rc = store_property_by_id(&r->arena, r->tenant->id, id, 0, &pr, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if ((bad = property_read(in, &pi)) != NULL)
		return property_page(r, p, id, 400, bad);
	pi.id = id;
	pi.customer_id = pr.customer_id;
	rc = change_property_put(&who, &pi, &created, &out);
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return property_page(r, p, id, status_for_change(rc),
		    change_sentence(&out));
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	return to_property(p, id, out.unchanged ? "unchanged" : "saved");
}

/* GET|POST /staff/properties/ID */
int
handle_staff_property(struct req *r, struct resp *p)
{
	const char *rest;
	int64_t id;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((id = input_path_id(r, PROPERTY_PREFIX, &rest)) == 0 || rest[0] != '\0')
		return 404;
	if (r->method == METHOD_POST)
		return property_post(r, p, id);
	return property_page(r, p, id, 0, NULL);
}

/* POST /staff/properties/new: customer (the owner) and the fields. */
int
handle_staff_property_new(struct req *r, struct resp *p)
{
	struct input_val in[OK__MAX];
	struct change_result out;
	struct property_in pi;
	struct actor who;
	const char *bad;
	int64_t owner;
	int created, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	office_input(r, INPUT_FORM, in);
	if ((owner = in_int(&in[OK_CUSTOMER])) == 0)
		return 404;
	if ((bad = property_read(in, &pi)) != NULL)
		return staff_customer_page(r, p, owner, 400, bad);
	pi.customer_id = owner;
	page_actor(r, &who);
	rc = change_property_put(&who, &pi, &created, &out);
	if (rc == CHANGE_INVALID && out.field != NULL &&
	    strcmp(out.field, "/customer") == 0)
		return 404;
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return staff_customer_page(r, p, owner, status_for_change(rc),
		    change_sentence(&out));
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	return to_property(p, out.id, "created");
}

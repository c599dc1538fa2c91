/* porch — SPDX-License-Identifier: MIT
 * Customers and contacts as the tenant's own system sends them, by external id:
 * create or replace (the same data again changes nothing), delete when the data
 * model allows it (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_customers.h"
#include "store_office.h"
#include "store_tokenlink.h"
#include "tokenlink.h"

/* The fields every person shares, checked again: CHANGE_OK or CHANGE_INVALID. */
static int
person_check(const struct person_in *in, struct change_result *out)
{
	int rc;

	/* Staff name their rows by id: only the API's carry an external id. */
	if (in->xid != NULL && (rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK)
		return rc;
	if ((rc = change_line_check(in->name, PERSON_NAME_MAX, 1, "/name", out)) !=
	    CHANGE_OK)
		return rc;
	if (in->email != NULL && mail_addr_problem(in->email) != NULL) {
		out->field = "/email";
		return change_refuse(out, CHANGE_INVALID, "Not an address",
		    "email must be one plain address (%s).", mail_addr_problem(in->email));
	}
	if ((rc = change_line_check(in->phone, PHONE_MAX, 0, "/phone", out)) !=
	    CHANGE_OK)
		return rc;
	return change_line_check(in->role, ROLE_MAX, 0, "/role", out);
}

int
change_customer_event(const struct actor *who, const char *type,
    const struct customer_row *c, const char *changed)
{
	return change_row_event(who, type, "customer", c->id, 0, c->id,
	    json_pack("{s:I, s:s?, s:s, s:s?, s:s?}", "id", (json_int_t)c->id,
	    "external_id", c->xid, "name", c->name, "email", c->email, "phone",
	    c->phone), changed);
}

int
change_contact_event(const struct actor *who, const char *type,
    const struct contact_row *k, const char *changed)
{
	return change_row_event(who, type, "contact", k->id, 0, k->customer_id,
	    json_pack("{s:I, s:s?, s:I, s:s, s:s?, s:s?, s:s?}", "id", (json_int_t)k->id,
	    "external_id", k->xid, "customer_id", (json_int_t)k->customer_id, "name",
	    k->name, "email", k->email, "phone", k->phone, "role", k->role), changed);
}

/* Inside the transaction: the customer made or replaced and audited. */
static int
customer_apply(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	struct customer_row c, now = {
		.xid = (char *)in->xid, .name = (char *)in->name,
		.email = (char *)in->email, .phone = (char *)in->phone,
	};
	char changed[80] = "";
	int found, issued, rc;

	if (in->xid != NULL)
		rc = store_customer_by_xid(who->a, who->tenant, in->xid, 1, &c, &found);
	else if (in->id != 0)
		rc = store_customer_by_id(who->a, who->tenant, in->id, &c, &found);
	else
		rc = DB_OK, found = 0;
	if (rc != DB_OK)
		return rc;
	if (!found && in->id != 0)
		return CHANGE_NOT_FOUND;
	if (!found) {
		rc = store_customer_xid_add(who->a, who->tenant, &now, &out->id);
		/* Every customer has a token link, as those porch makes itself. */
		if (rc == DB_OK)
			rc = tokenlink_issue(who->a, who->cfg->secret_key, who->tenant,
			    out->id, 0, &issued);
		if ((rc = change_xid_created(who, rc, "customer.create", "customer",
		    out->id, in->xid, created, out)) != DB_OK)
			return rc;
		now.id = out->id;
		return change_customer_event(who, "customer.created", &now, NULL);
	}
	out->id = now.id = c.id;
	now.xid = c.xid;	/* an edit by id (staff) keeps it */
	change_differs(changed, sizeof(changed), "name", !change_same(c.name, in->name));
	change_differs(changed, sizeof(changed), "email", !change_same(c.email, in->email));
	change_differs(changed, sizeof(changed), "phone", !change_same(c.phone, in->phone));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_customer_xid_update(who->a, who->tenant, &now)) != DB_OK ||
	    (rc = change_audit(who, "customer.update", "customer", c.id, changed)) !=
	    DB_OK)
		return rc;
	return change_customer_event(who, "customer.updated", &now, changed);
}

int
change_customer_put(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	struct person_in only = *in;
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	only.customer_xid = only.role = NULL;
	if ((rc = person_check(&only, out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), customer_apply(who, &only, created, out)));
	return rc;
}

int
customer_ref(const struct actor *who, const char *xid, int64_t id,
    struct customer_row *c, struct change_result *out)
{
	int found, rc;

	if (xid != NULL)
		return change_xid_ref(who, &store_xid_customers, xid, "/customer",
		    "customer", c, out);
	if ((rc = store_customer_by_id(who->a, who->tenant, id, c, &found)) != DB_OK ||
	    found)
		return rc;
	out->field = "/customer";
	return change_refuse(out, CHANGE_INVALID, "Not found", "There is no such "
	    "customer.");
}

/* Inside the transaction: the contact made or replaced and audited. */
static int
contact_apply(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	struct contact_row k, now = {
		.xid = (char *)in->xid, .name = (char *)in->name,
		.email = (char *)in->email, .phone = (char *)in->phone,
		.role = (char *)in->role,
	};
	struct customer_row c;
	char changed[80] = "";
	int found, rc;

	/* The customer first, locked, so it cannot go while the contact is made. */
	if ((rc = customer_ref(who, in->customer_xid, in->customer_id, &c, out)) !=
	    DB_OK)
		return rc;
	now.customer_id = c.id;
	if (in->xid != NULL)
		rc = store_contact_by_xid(who->a, who->tenant, in->xid, 1, &k, &found);
	else if (in->id != 0)
		rc = store_contact_by_id(who->a, who->tenant, in->id, 1, &k, &found);
	else
		rc = DB_OK, found = 0;
	if (rc != DB_OK)
		return rc;
	/* Staff change a contact on its customer's page: none of another's. */
	if (in->id != 0 && (!found || k.customer_id != c.id))
		return CHANGE_NOT_FOUND;
	if (!found) {
		rc = store_contact_xid_add(who->a, who->tenant, &now, &out->id);
		if ((rc = change_xid_created(who, rc, "contact.create", "contact",
		    out->id, in->xid, created, out)) != DB_OK || in->event_later)
			return rc;
		now.id = out->id;
		return change_contact_event(who, "contact.created", &now, NULL);
	}
	out->id = now.id = k.id;
	now.xid = k.xid;
	change_differs(changed, sizeof(changed), "customer", k.customer_id != c.id);
	change_differs(changed, sizeof(changed), "name", !change_same(k.name, in->name));
	change_differs(changed, sizeof(changed), "email", !change_same(k.email, in->email));
	change_differs(changed, sizeof(changed), "phone", !change_same(k.phone, in->phone));
	change_differs(changed, sizeof(changed), "role", !change_same(k.role, in->role));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_contact_xid_update(who->a, who->tenant, &now)) != DB_OK ||
	    (rc = change_audit(who, "contact.update", "contact", k.id, changed)) != DB_OK)
		return rc;
	return change_contact_event(who, "contact.updated", &now, changed);
}

int
change_contact_put(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = person_check(in, out)) != CHANGE_OK)
		return rc;
	if (in->customer_id == 0 &&
	    (rc = change_xid_check(in->customer_xid, "/customer", out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), contact_apply(who, in, created, out)));
	return rc;
}

/* "2 properties, 1 portal user": the things in b, for the refusal's sentence. */
static void
blockers_text(const struct customer_blockers *b, char *out, size_t n)
{
	const struct { int64_t count; const char *one, *many; } what[] = {
		{ b->properties, "property", "properties" },
		{ b->portal_users, "portal user", "portal users" },
		{ b->statements, "statement", "statements" },
		{ b->documents, "document", "documents" },
	};
	size_t len;

	out[0] = '\0';
	for (size_t i = 0; i < NELEM(what); i++) {
		if (what[i].count == 0)
			continue;
		len = strlen(out);
		snprintf(out + len, n - len, "%s%lld %s", len > 0 ? ", " : "",
		    (long long)what[i].count, what[i].count == 1 ? what[i].one :
		    what[i].many);
	}
}

/* Inside the transaction: the customer deleted when nothing keeps it. */
static int
customer_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct customer_blockers b;
	struct customer_row c;
	char why[160];
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_customers, xid, NULL, "customer", &c,
	    out)) != DB_OK)
		return rc;
	out->id = c.id;
	if ((rc = store_customer_blockers(who->a, who->tenant, c.id, &b)) != DB_OK)
		return rc;
	blockers_text(&b, why, sizeof(why));
	if (why[0] != '\0')
		return change_refuse(out, CHANGE_CONFLICT, "Still in use",
		    "The customer still has %s; delete or move them first.", why);
	if ((rc = store_xid_del(who->a, &store_xid_customers, who->tenant, c.id)) != DB_OK)
		return rc;
	return change_audit(who, "customer.delete", "customer", c.id, xid);
}

int
change_customer_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, customer_remove);
}

/* Inside the transaction: the contact deleted unless a portal user is attached. */
static int
contact_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct contact_row k;
	int64_t users;
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_contacts, xid, NULL, "contact", &k,
	    out)) != DB_OK)
		return rc;
	out->id = k.id;
	if ((rc = store_contact_users(who->a, who->tenant, k.id, &users)) != DB_OK)
		return rc;
	if (users > 0)
		return change_refuse(out, CHANGE_CONFLICT, "Still in use",
		    "A portal user is attached to this contact; disable or move the "
		    "portal user first.");
	if ((rc = store_xid_del(who->a, &store_xid_contacts, who->tenant, k.id)) != DB_OK)
		return rc;
	return change_audit(who, "contact.delete", "contact", k.id, xid);
}

int
change_contact_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, contact_remove);
}

/* ---- archiving (staff) ---------------------------------------------------- */

/* Inside the transaction: row id of kind archived (on) or back, and audited. */
static int
archive_apply(const struct actor *who, int kind, int64_t id, int on,
    struct change_result *out)
{
	static const char *const what[OFFICE_KIND__MAX] = {
		[OFFICE_CUSTOMER] = "customer", [OFFICE_CONTACT] = "contact",
		[OFFICE_PROPERTY] = "property",
	};
	struct customer_row c;
	struct contact_row k;
	struct property_row p;
	char action[32];
	int64_t users;
	int found, was, rc;

	if (kind == OFFICE_CUSTOMER) {
		rc = store_customer_by_id(who->a, who->tenant, id, &c, &found);
		was = c.archived;
	} else if (kind == OFFICE_CONTACT) {
		rc = store_contact_by_id(who->a, who->tenant, id, 1, &k, &found);
		was = k.archived;
	} else {
		rc = store_property_by_id(who->a, who->tenant, id, 1, &p, &found);
		was = p.archived;
	}
	if (rc != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	out->id = id;
	if (was == on)
		return change_unchanged(out);
	if (kind == OFFICE_CONTACT && on) {
		if ((rc = store_contact_users_enabled(who->a, who->tenant, id, &users)) !=
		    DB_OK)
			return rc;
		if (users > 0)
			return change_refuse(out, CHANGE_CONFLICT, "Still in use", "A "
			    "portal user is attached to this contact; disable the portal "
			    "user first.");
	}
	if ((rc = store_office_archive(who->a, kind, who->tenant, id, on)) != DB_OK)
		return rc;
	/* An archived customer's users and link visitors are out at once. */
	if (kind == OFFICE_CUSTOMER && on &&
	    ((rc = store_customer_sessions_del(who->a, who->tenant, id)) != DB_OK ||
	    (rc = store_token_sessions_del(who->a, who->tenant, id)) != DB_OK))
		return rc;
	snprintf(action, sizeof(action), "%s.%s", what[kind], on ? "archive" :
	    "restore");
	if ((rc = change_audit(who, action, what[kind], id, NULL)) != DB_OK)
		return rc;
	snprintf(action, sizeof(action), "%s.%s", what[kind], on ? "archived" :
	    "restored");
	if (kind == OFFICE_CUSTOMER)
		return change_customer_event(who, action, &c, NULL);
	if (kind == OFFICE_CONTACT)
		return change_contact_event(who, action, &k, NULL);
	return change_property_event(who, action, &p, NULL);
}

int
change_archive(const struct actor *who, int kind, int64_t id, int on,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (kind < 0 || kind >= OFFICE_KIND__MAX)
		return CHANGE_INVALID;
	STORE_TXN(rc, (change_rerun(out, NULL), archive_apply(who, kind, id, on != 0, out)));
	return rc;
}

/* Inside the transaction: the contact made, then its user (two savepoints). */
static int
new_contact_apply(const struct actor *who, const struct person_in *contact,
    struct user_new *in, struct change_result *out, int *nogroup, int *invited)
{
	struct person_in c = *contact;
	struct contact_row k;
	int created, rc;

	*nogroup = *invited = 0;
	c.event_later = 1;
	if ((rc = change_contact_put(who, &c, &created, out)) != CHANGE_OK)
		return rc;
	in->contact = out->id;
	if ((rc = change_user_new(who, in, out, nogroup, invited)) != CHANGE_OK)
		return rc;
	/* The contact as contact_apply() wrote it (staff: by customer id). */
	k = (struct contact_row){ .id = in->contact, .xid = (char *)c.xid,
	    .customer_id = c.customer_id, .name = (char *)c.name,
	    .email = (char *)c.email, .phone = (char *)c.phone, .role = (char *)c.role };
	return change_contact_event(who, "contact.created", &k, NULL);
}

int
change_user_new_contact(const struct actor *who, const struct person_in *contact,
    struct user_new *in, struct change_result *out, int *nogroup, int *invited)
{
	int rc;

	STORE_TXN(rc, new_contact_apply(who, contact, in, out, nogroup, invited));
	if (rc != CHANGE_OK)
		*invited = 0;
	return rc;
}

/* porch — SPDX-License-Identifier: MIT
 * Customers and contacts as the tenant's own system sends them, by external id:
 * create or replace (the same data again changes nothing), delete when the data
 * model allows it (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_customers.h"
#include "tokenlink.h"

/* The fields every person shares, checked again: CHANGE_OK or CHANGE_INVALID. */
static int
person_check(const struct person_in *in, struct change_result *out)
{
	int rc;

	if ((rc = change_xid_check(in->xid, NULL, out)) != CHANGE_OK ||
	    (rc = change_line_check(in->name, PERSON_NAME_MAX, 1, "/name", out)) !=
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

	if ((rc = store_customer_by_xid(who->a, who->tenant, in->xid, 1, &c, &found)) !=
	    DB_OK)
		return rc;
	if (!found) {
		rc = store_customer_xid_add(who->a, who->tenant, &now, &out->id);
		/* Every customer has a token link, as those porch makes itself. */
		if (rc == DB_OK)
			rc = tokenlink_issue(who->a, who->cfg->secret_key, who->tenant,
			    out->id, 0, &issued);
		return change_xid_created(who, rc, "customer.create", "customer", out->id,
		    in->xid, created, out);
	}
	out->id = now.id = c.id;
	change_differs(changed, sizeof(changed), "name", !change_same(c.name, in->name));
	change_differs(changed, sizeof(changed), "email", !change_same(c.email, in->email));
	change_differs(changed, sizeof(changed), "phone", !change_same(c.phone, in->phone));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_customer_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "customer.update", "customer", c.id, changed);
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
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(customer_apply(who, &only, created, out));
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
	if ((rc = change_xid_ref(who, &store_xid_customers, in->customer_xid,
	    "/customer", "customer", &c, out)) != DB_OK)
		return rc;
	now.customer_id = c.id;
	if ((rc = store_contact_by_xid(who->a, who->tenant, in->xid, 1, &k, &found)) !=
	    DB_OK)
		return rc;
	if (!found) {
		rc = store_contact_xid_add(who->a, who->tenant, &now, &out->id);
		return change_xid_created(who, rc, "contact.create", "contact", out->id,
		    in->xid, created, out);
	}
	out->id = now.id = k.id;
	change_differs(changed, sizeof(changed), "customer", k.customer_id != c.id);
	change_differs(changed, sizeof(changed), "name", !change_same(k.name, in->name));
	change_differs(changed, sizeof(changed), "email", !change_same(k.email, in->email));
	change_differs(changed, sizeof(changed), "phone", !change_same(k.phone, in->phone));
	change_differs(changed, sizeof(changed), "role", !change_same(k.role, in->role));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_contact_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "contact.update", "contact", k.id, changed);
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
	if ((rc = change_xid_check(in->customer_xid, "/customer", out)) != CHANGE_OK)
		return rc;
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(contact_apply(who, in, created, out));
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
